/**
 * "and" / "also" / "what about" mark a refinement only before a bare part of a query ("and by country", "and only
 * mobile", "and revenue?"); before a whole question of its own ("ok, and what's total revenue in the last 30 days?")
 * or a total of a figure ("what about total orders last week") the message asks afresh and keeps nothing.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => thread(...qs).at(-1)!;
const START = ['number of refunded orders by country in the last 30 days', 'only tablet'];

describe('"and" before a whole question', () => {
  it('asks afresh: no kept filter, no kept breakdown', () => {
    for (const q of ["ok, and what's total revenue in the last 30 days?", 'and what was the revenue over the last 30 days', 'and what is revenue in the last 30 days?', 'also, what is our revenue for the last 30 days']) {
      const p = last(...START, q);
      expect(flat(p), q).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= /);
      expect(flat(p), q).not.toMatch(/tablet|GROUP BY/);
      expect(p.kept, q).toEqual([]);
    }
  });

  it('reads "and how many … were there" with its own figure afresh', () => {
    const p = last('revenue by device yesterday', 'ok and how many refunds were there last week?');
    expect(flat(p)).toMatch(/^SELECT count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' AND order_time >= toDateTime\('2025-06-23/);
    expect(p.kept).toEqual([]);
  });

  it('reads "what about total <figure>" afresh', () => {
    const p = last('revenue by country last month', 'what about total orders last week');
    expect(flat(p)).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-23/);
    expect(flat(p)).not.toMatch(/GROUP BY/);
  });
});

describe('"and" before a bare part of a query', () => {
  it('still refines: a breakdown, a filter, a figure alone', () => {
    expect(flat(last(...START, 'and by device'))).toMatch(/GROUP BY country, device/);
    expect(flat(last(...START, 'and only the US'))).toMatch(/device = 'tablet' AND country = 'US'/);
    expect(flat(last('orders in DE yesterday', 'and revenue?'))).toMatch(/^SELECT sum\(revenue\) .* country = 'DE' AND order_time >= toDateTime\('2025-06-29/);
    expect(flat(last('orders by device', 'what about revenue'))).toMatch(/^SELECT device, sum\(revenue\)/);
  });

  it('still refines a whole question that points back at the previous answer', () => {
    expect(flat(last('orders by device last week', 'and what is the revenue for those?'))).toMatch(/^SELECT device, sum\(revenue\) .* order_time >= toDateTime\('2025-06-23/);
  });
});
