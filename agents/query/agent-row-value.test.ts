/**
 * The value of one row a superlative of time names ("latest order revenue", "amount of the most recent order", "what
 * did the last order from Japan cost") is that row's number column: argMax / argMin by the table's time column over
 * every row up to now, as "when was the latest order" reads them; whose rows and a period narrow it, a breakdown gives
 * the latest row of each group. A row whose value no word names ("latest signup revenue") stays refused.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const upToNow = "order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')";

describe('the value of the latest / first row', () => {
  it.each([
    ['latest order revenue', 'argMax(revenue, order_time) AS last_revenue', ''],
    ['amount of the most recent order', 'argMax(revenue, order_time) AS last_revenue', ''],
    ['what did the last order from Japan cost', 'argMax(revenue, order_time) AS last_revenue', "country = 'JP' AND "],
    ['how much was the last cancellation', 'argMax(revenue, order_time) AS last_revenue', "status = 'cancelled' AND "],
    ['latest refund amount', 'argMax(revenue, order_time) AS last_revenue', "status = 'refunded' AND "],
    ['latest mobile order revenue', 'argMax(revenue, order_time) AS last_revenue', "device = 'mobile' AND "],
    ["the first order's total", 'argMin(revenue, order_time) AS first_revenue', ''],
    ['quantity of the first order', 'argMin(quantity, order_time) AS first_quantity', ''],
    ["what's the value of the latest order", 'argMax(revenue, order_time) AS last_revenue', ''],
  ])('"%s"', (q, expr, where) => {
    expect(sql(q)).toBe(`SELECT ${expr} FROM demo.orders WHERE ${where}${upToNow}`);
  });

  it('a period bounds the rows, a breakdown gives the latest row of each group', () => {
    expect(sql("the last order's amount in May")).toBe("SELECT argMax(revenue, order_time) AS last_revenue FROM demo.orders WHERE order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    expect(sql('first order value by device')).toMatch(/^SELECT device, argMin\(revenue, order_time\) AS first_revenue FROM demo\.orders WHERE .* GROUP BY device/);
  });

  it('a follow-up filter narrows whose latest row', () => {
    expect(flat(thread('latest order revenue', 'only mobile').at(-1)!)).toBe(`SELECT argMax(revenue, order_time) AS last_revenue FROM demo.orders WHERE device = 'mobile' AND ${upToNow}`);
  });

  it('stays refused when no word names the value, and the time of the last row is unchanged', () => {
    expect(refusal('latest signup revenue')).toMatch(/the value of one signup/);
    expect(refusal('latest user plan')).toMatch(/the value of one user/);
    expect(sql('when was the latest order')).toBe(`SELECT max(order_time) AS max_order_time FROM demo.orders WHERE ${upToNow}`);
    expect(sql('latest order')).toBe(`SELECT order_id, order_time FROM demo.orders WHERE status = 'completed' AND ${upToNow} ORDER BY order_time DESC, order_id DESC LIMIT 1`);
  });
});
