/**
 * Figures of different tables in one answer ("signups and orders in May 2025"), and a later figure with a value of
 * its own ("revenue and mobile orders"): each figure is answered as asked, or the question is refused with the reason —
 * never one figure dropped, nor one figure's value applied to the others.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const MAY = "toDateTime('2025-05-01 00:00:00', 'UTC')";

describe('figures of two tables side by side', () => {
  it('one row of two totals, each over its own table and time column', () => {
    expect(sql('signups and orders in May 2025')).toBe(`SELECT signups, orders FROM ( SELECT count() AS signups FROM demo.users WHERE signup_time >= ${MAY} AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC') ) AS t1 CROSS JOIN ( SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND order_time >= ${MAY} AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') ) AS t2`);
    // "one row with two numbers:", "three figures:": the shape of that answer, not a number to read.
    expect(sql('For May 2025, give me one row with two numbers: the count of signups and the count of completed orders.')).toBe(sql('signups and orders in May 2025'));
    expect(sql('three figures: revenue, signups and sessions last week')).toMatch(/^SELECT total_revenue, signups, sessions FROM .* AS t1 CROSS JOIN .* AS t2 CROSS JOIN .* AS t3$/);
  });

  it('a row per time bucket (or value) any table has, in time order; a ranking ranks by the first figure', () => {
    const s = sql('revenue and signups by month this year');
    expect(s).toMatch(/^SELECT month, max\(total_revenue\) AS total_revenue, max\(signups\) AS signups FROM \( SELECT month, total_revenue, NULL AS signups FROM \( SELECT toStartOfMonth\(order_time\) AS month/);
    expect(s).toMatch(/UNION ALL SELECT month, NULL AS total_revenue, signups FROM \( SELECT toStartOfMonth\(signup_time\) AS month/);
    expect(s).toMatch(/GROUP BY month ORDER BY month$/);
    expect(sql('top 5 countries by revenue and signups in 2025')).toMatch(/GROUP BY country ORDER BY total_revenue DESC LIMIT 5$/);
  });

  it('a filter or breakdown applies to every figure, or the question is refused saying which cannot take it', () => {
    expect(sql('revenue and signups from Germany last month')).toMatch(/FROM demo\.orders WHERE status = 'completed' AND country = 'DE' .* FROM demo\.users WHERE country = 'DE'/);
    expect(refusal('revenue and signups on mobile last week')).toMatch(/signups cannot be split or filtered by a column of orders/);
    expect(refusal('revenue and sessions by category')).toMatch(/sessions cannot be split or filtered by category/);
  });

  it('refinements apply to both tables; the thread keeps the side-by-side answer', () => {
    const [, byWeek, de] = thread('revenue and signups last month', 'now by week', 'only Germany');
    expect(flat(byWeek)).toMatch(/toStartOfWeek\(order_time, 1\) AS week.*toStartOfWeek\(signup_time, 1\) AS week/);
    expect(flat(de)).toMatch(/country = 'DE' AND order_time .*country = 'DE' AND signup_time/);
  });
});

describe('a later figure with a value of its own', () => {
  it('"revenue and mobile orders": the orders are the mobile ones, the revenue all of it', () => {
    expect(sql('revenue and mobile orders last week')).toBe("SELECT sumIf(revenue, status = 'completed') AS total_revenue, countIf(status = 'completed' AND device = 'mobile') AS orders_mobile FROM demo.orders WHERE order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(sql('orders and mobile orders last week')).toMatch(/^SELECT countIf\(status = 'completed'\) AS orders, countIf\(status = 'completed' AND device = 'mobile'\) AS orders_mobile FROM/);
    expect(sql('revenue and US revenue last month')).toMatch(/sumIf\(revenue, status = 'completed'\) AS total_revenue, sumIf\(revenue, status = 'completed' AND country = 'US'\) AS total_revenue_us/);
    // Over another table: the value goes with its figure's table only.
    expect(sql('revenue and mobile sessions last week')).toMatch(/SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time .* SELECT uniqExact\(session_id\) AS sessions_mobile FROM demo\.events WHERE device = 'mobile' AND/);
  });

  it('a value the figure counts anyway adds nothing; a value before the first figure is the whole question\'s', () => {
    expect(sql('signups and completed orders last week')).toMatch(/^SELECT signups, orders FROM /);
    expect(sql('mobile revenue and orders last week')).toMatch(/^SELECT sum\(revenue\) AS total_revenue, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device = 'mobile'/);
    // A value joined to another value of its column lists the rows' values: no figure of its own.
    expect(sql('AOV enterprise vs free users?')).toMatch(/u\.plan IN \('enterprise', 'free'\) GROUP BY plan/);
    // After a preposition it still says whose rows the figure is over.
    expect(sql('revenue from tablet users')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'tablet'");
  });

  it('refused with the reason when the value is not of the figure\'s table, or the answer cannot carry it', () => {
    expect(refusal('revenue and mobile signups last week')).toMatch(/mobile signups: users has no device of its own/);
    expect(refusal('share of mobile orders and US orders')).toMatch(/"US orders" beside "orders"/);
    expect(refusal('mobile revenue and US users')).toMatch(/"US users" beside "revenue"/);
  });
});
