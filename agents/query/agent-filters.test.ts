/** Filters read from the question's own words: numeric equalities, unread numbers refused, negative value filters. */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return ''; };

describe('a number column compared without a comparison word is an equality', () => {
  it('"a quantity of 5", "quantity is 3", "price = 20" filter the column', () => {
    expect(sql('how many orders had a quantity of 5?')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND quantity = 5");
    expect(sql('average revenue of orders where quantity is 3')).toMatch(/WHERE status = 'completed' AND quantity = 3$/);
    expect(sql('products with a price = 20')).toMatch(/FROM demo\.products WHERE price = 20$/);
  });
  it('"orders with 3 items" counts the items column; "priced at $20" compares the money column', () => {
    expect(sql('orders with 3 items last month')).toMatch(/AND quantity = 3 AND order_time/);
    expect(sql('how many products are priced at $20')).toBe('SELECT count() AS products FROM demo.products WHERE price = 20');
  });
  it('comparisons keep working', () => {
    expect(sql('how many orders had a quantity of 5 or more?')).toContain('quantity >= 5');
    expect(sql('orders with more than 2 items')).toContain('quantity > 2');
  });
});

describe('a number no stage reads is refused, never dropped', () => {
  it('names the number and suggests no wording without it', () => {
    const msg = refusal('how many orders had 5 of them');
    expect(msg).toMatch(/"5"/);
    expect(msg).not.toMatch(/Try:/);
    expect(refusal('revenue 42 by country')).toMatch(/"42"/);
  });
  it('a bracketed range of numbers is a legend, not a filter', () => {
    expect(sql('event count by hour of day (0-23)')).toMatch(/GROUP BY hour_of_day/);
  });
});

describe("a table's default filter applies to every aggregate of its rows", () => {
  it('distinct counts and averages over orders count completed orders', () => {
    expect(sql('how many distinct products did we sell last week?')).toMatch(/^SELECT uniqExact\(product_id\) AS \w+ FROM demo\.orders WHERE status = 'completed' AND order_time/);
    expect(sql('average quantity last month')).toMatch(/avg\(quantity\) .* WHERE status = 'completed' AND/);
  });
  it('a status named, filtered or grouped replaces it; the first / last order time reads every row', () => {
    expect(sql('how many distinct products were refunded last month')).toMatch(/^SELECT uniqExact\(product_id\) AS \w+ FROM demo\.orders WHERE status = 'refunded' AND order_time/);
    expect(sql('distinct products by status')).not.toContain("status = 'completed'");
    expect(sql('max order_time')).toBe('SELECT max(order_time) AS max_order_time FROM demo.orders');
  });
});
