/**
 * "the last N full / complete / whole weeks (months, days, hours)": N whole units ending where the current, partial one
 * starts (time-phrases.ts lastWhole), as "last N weeks" is; "for each of the last N units" is a row per unit.
 */
import { describe, expect, it } from 'vitest';
import { agent, sql } from '../../test/support/plan-kit.ts';

/** A Thursday, so the current ISO week (from Monday June 23) is partial. */
const thursday = new Date('2025-06-26T12:00:00Z');
const sqlAt = (q: string): string => agent.plan(q, { now: thursday }).sql.replace(/\s+/g, ' ');
const range = (col: string, from: string, to: string): string => `${col} >= toDateTime('${from} 00:00:00', 'UTC') AND ${col} < toDateTime('${to} 00:00:00', 'UTC')`;

describe('the last N full / complete / whole units', () => {
  it.each([
    ['WAU for each of the last 4 full weeks', 'toStartOfWeek(event_time, 1) AS week, uniqExact(user_id)', range('event_time', '2025-05-26', '2025-06-23')],
    ['refunded orders per week for the last 2 full weeks', "toStartOfWeek(order_time, 1) AS week, count() AS refunds FROM demo.orders WHERE status = 'refunded'", range('order_time', '2025-06-09', '2025-06-23')],
    ['signups per week over the last 6 full weeks', 'toStartOfWeek(signup_time, 1) AS week, count() AS signups', range('signup_time', '2025-05-12', '2025-06-23')],
    ['revenue by month for the past 3 complete months', 'toStartOfMonth(order_time) AS month', range('order_time', '2025-03-01', '2025-06-01')],
    ['orders in the last 5 whole days', 'count() AS orders', range('order_time', '2025-06-21', '2025-06-26')],
    ['revenue last full week', 'sum(revenue)', range('order_time', '2025-06-16', '2025-06-23')],
    ['sessions for the last complete month', 'uniqExact(session_id)', range('event_time', '2025-05-01', '2025-06-01')],
  ])('"%s" ends where the current unit starts', (q, what, where) => {
    const s = sqlAt(q);
    expect(s).toContain(what);
    expect(s).toContain(where);
  });

  it('reads full hours as whole hours before the current one', () => {
    expect(sqlAt('orders in the last 3 full hours')).toContain("order_time >= toDateTime('2025-06-26 09:00:00', 'UTC') AND order_time < toDateTime('2025-06-26 12:00:00', 'UTC')");
    expect(agent.plan('revenue in the last 2 full hours', { now: new Date('2025-06-26T12:30:00Z') }).sql).toContain("order_time < toDateTime('2025-06-26 12:00:00', 'UTC')");
  });

  it('is the same period as "last N units" (whole already)', () => {
    expect(sql('signups per week over the last 6 full weeks')).toBe(sql('signups per week over the last 6 weeks'));
    expect(sql('revenue for the last 2 whole months')).toBe(sql('revenue for the last 2 months'));
  });

  it('"for each of the last N units" is a row per unit', () => {
    expect(sqlAt('signups for each of the last 3 full months')).toMatch(/^SELECT toStartOfMonth\(signup_time\) AS month, count\(\) AS signups .* GROUP BY month ORDER BY month$/);
    expect(sqlAt('revenue for each of the past 7 days')).toContain('GROUP BY day');
    expect(sqlAt('orders in each of the last 2 full weeks by country')).toContain('GROUP BY week, country');
  });

  it('active users per day / week / month', () => {
    expect(sqlAt('weekly active users for the last 4 full weeks')).toContain('toStartOfWeek(event_time, 1) AS week, uniqExact(user_id)');
    expect(sqlAt('daily active users last 30 days')).toMatch(/toDate\(event_time\) AS day, uniqExact\(user_id\) .* GROUP BY day/);
    expect(sqlAt('MAU by month')).toContain('toStartOfMonth(event_time) AS month, uniqExact(user_id)');
  });
});
