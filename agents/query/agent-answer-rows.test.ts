/**
 * A threshold said of the previous answer's rows ("which of those are over $60?", "which days were above 3000?")
 * compares the answer's figure per row (HAVING), never the table's rows underneath (WHERE), which would change the
 * figures instead of picking rows; a threshold on another figure of the same rows keeps the answer and adds it.
 */
import { describe, expect, it } from 'vitest';
import { agent, flat, now, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
const refusedLast = (...qs: string[]): string => {
  const plans = thread(...qs.slice(0, -1));
  try { agent.plan(qs.at(-1)!, { now, state: plans.at(-1)!.state }); } catch (e) { return (e as Error).message; }
  return 'answered';
};

describe('a threshold on the rows of the answer shown', () => {
  it('"which of those are over $60?" after average price by category keeps the averages and picks the categories', () => {
    expect(last('number of products per category', 'average price instead', 'which of those are over $60?')).toBe(
      'SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category HAVING avg_price > 60 ORDER BY avg_price DESC');
  });
  it('"which of those are over 10000?" and "which countries had revenue over 10000" after revenue by country: HAVING, no WHERE revenue', () => {
    for (const q of ['which of those are over 10000?', 'which countries had revenue over 10000']) {
      const s = last('revenue by country', q);
      expect(s).toContain('GROUP BY country HAVING total_revenue > 10000');
      expect(s).not.toContain('revenue > 10000 GROUP BY');
    }
  });
  it('"which days were above 3000" after a daily series keeps the period and picks the days', () => {
    const s = last('daily revenue last 14 days', 'which days were above 3000');
    expect(s).toContain("order_time >= toDateTime('2025-06-16 00:00:00', 'UTC')");
    expect(s).toContain('GROUP BY day HAVING total_revenue > 3000 ORDER BY day');
  });
  it('a rate compared with a number above 1 reads it in percent', () => {
    expect(last('refund rate by country', 'which of those are above 5')).toContain('HAVING refund_rate > 0.05');
  });
  it('"which of those had more than 100 orders" adds the orders beside the revenue and keeps the breakdown', () => {
    expect(last('revenue by country', 'which of those had more than 100 orders')).toBe(
      "SELECT country, sum(revenue) AS total_revenue, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY country HAVING orders > 100 ORDER BY total_revenue DESC");
  });
  it('an amount of money said of a count is refused, and the answer stands', () => {
    expect(refusedLast('orders by country', 'which of those are over $50')).toMatch(/amount of money, and orders is not one.*previous answer stands/);
  });
  it('"only orders over $100" names the rows of the table: still a filter on each order', () => {
    expect(last('revenue by country', 'only orders over $100')).toContain("WHERE status = 'completed' AND revenue > 100 GROUP BY country");
  });
  it('a bare number after an answer with one threshold replaces it, never filters the rows by a guessed column', () => {
    expect(last('how many customers have ordered more than 5 times', 'only in brazil', 'what about more than 8')).toBe(
      "SELECT count() AS customers FROM ( SELECT user_id, count() AS orders FROM demo.orders WHERE status = 'completed' AND country = 'BR' GROUP BY user_id HAVING orders > 8 )");
    expect(last('users with at least 3 orders', 'and at least 10?')).toContain('HAVING orders >= 10 )');
    expect(last('refund rate by country', 'which of those are above 5', 'what about above 8')).toContain('GROUP BY country HAVING refund_rate > 0.08 ORDER BY');
    expect(last('revenue by country', 'which of those are over 10000?', 'what about over 20000')).not.toContain('total_revenue > 10000');
  });
});
