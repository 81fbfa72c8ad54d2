/**
 * "compare that with the month before", "compare those to the previous week", "vs the month before", "against the
 * day before" after an answer for one whole unit: both units, one row each (as "this month vs last month" is read).
 */
import { describe, expect, it } from 'vitest';
import { thread, flat, now, agent } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
const APRIL_MAY = "order_time >= toDateTime('2025-04-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY month ORDER BY month";

describe('comparing the previous answer with the unit before it', () => {
  it('reads "compare that / it / this / the numbers with the month before" as both months', () => {
    for (const q of ['compare that with the month before, one row per month', 'compare it to the previous month', 'compare this with the month before', 'compare the numbers with the prior month', 'how does that compare with the previous month?']) {
      expect(last('revenue last month', q), q).toBe(`SELECT toStartOfMonth(order_time) AS month, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND ${APRIL_MAY}`);
    }
  });

  it('reads the same for weeks and days, and for other figures', () => {
    expect(last('orders last week', 'compare those with the previous week')).toMatch(/^SELECT toStartOfWeek\(order_time, 1\) AS week, count\(\) AS orders .* order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY week/);
    expect(last('signups yesterday', 'compare this against the day before')).toMatch(/^SELECT toDate\(signup_time\) AS day, count\(\) AS signups .* signup_time >= toDateTime\('2025-06-28 00:00:00', 'UTC'\) AND signup_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY day/);
  });

  it('reads "those numbers" / "these figures" as the previous answer too', () => {
    expect(last('orders last week', 'compare those numbers to the previous week')).toMatch(/GROUP BY week ORDER BY week$/);
    expect(last('orders last week', 'compare these figures with the week before')).toMatch(/order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY week/);
  });

  it('"compare that to the same month last year" is that month and the same month a year back, only those two (was every month of last year: a wrong number)', () => {
    const [first] = thread('revenue last month');
    const both = agent.plan('compare that to the same month last year', { now, state: first.state }).sql.replace(/\s+/g, ' ');
    expect(both).toContain("order_time >= toDateTime('2024-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-06-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });

  it('keeps "vs the month before" as it was', () => {
    expect(last('revenue last month', 'vs the month before')).toContain(APRIL_MAY);
  });
});
