import { describe, expect, it } from 'vitest';
import { refusalWithCode, sql } from '../../test/support/plan-kit.ts';

const products = (figure: string, category: string, order: 'DESC' | 'ASC', limit: number): string => {
  const [expr, alias] = figure === 'orders' ? ['count()', 'orders'] : figure === 'units' ? ['sum(o.quantity)', 'units'] : ['sum(o.revenue)', 'total_revenue'];
  return `SELECT p.name AS product, ${expr} AS ${alias} FROM demo.orders AS o INNER JOIN demo.products AS p ON o.product_id = p.product_id WHERE o.status = 'completed' AND o.category = '${category}' GROUP BY product ORDER BY ${alias} ${order} LIMIT ${limit}`;
};

describe('a category value as the noun of a ranking is the products of that category, ranked', () => {
  it.each([
    ['best selling book by revenue?', products('revenue', 'books', 'DESC', 1)],
    ['best selling book', products('revenue', 'books', 'DESC', 1)],
    ['top 3 apparel by orders', products('orders', 'apparel', 'DESC', 3)],
    ['which electronics product sold the most', products('revenue', 'electronics', 'DESC', 1)],
    ['which apparel sold the most', products('revenue', 'apparel', 'DESC', 1)],
    ['top 3 sports by units sold', products('units', 'sports', 'DESC', 3)],
    ['the 3 best-selling beauty', products('revenue', 'beauty', 'DESC', 3)],
  ])('"%s"', (question, expected) => {
    expect(sql(question)).toBe(expected);
  });

  it('reads the singular or mass noun as the plural and as "<value> products"', () => {
    expect(sql('top 3 apparel by orders')).toBe(sql('top 3 apparel products by orders'));
    expect(sql('best selling book by revenue')).toBe(sql('the best selling product in books by revenue'));
    expect(sql('top 3 apparel by orders last month')).toContain("o.category = 'apparel' AND o.order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });

  it.each([
    'top 3 mobile by revenue',
    'top 3 not apparel by orders',
    'highest revenue on mobile',
  ])('refuses "%s": the value names no rows to rank', (question) => {
    const r = refusalWithCode(question);
    expect(r, r ?? sql(question)).toMatch(/^NOT_UNDERSTOOD: /);
  });
});
