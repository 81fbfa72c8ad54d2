/**
 * Follow-ups found by blind18: "compare with the same day the week before" after a one-day answer compares that day
 * with the same day a week back (a row each); a figure per entity swapped in ("sessions per active user instead") is
 * rolled up over the kept filters and period, not dropped.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind18 follow-ups', () => {
  it('"the same day the week before" compares the previous answer\'s day with that one', () => {
    const [, both] = thread('orders yesterday', 'compare with the same day the week before');
    expect(flat(both)).toBe(sql('orders yesterday vs the same day last week'));
    expect(flat(both)).toContain("order_time >= toDateTime('2025-06-22 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-23 00:00:00', 'UTC') OR order_time >= toDateTime('2025-06-29 00:00:00', 'UTC')");
    const [, month] = thread('revenue last month', 'vs the same month last year');
    expect(flat(month)).toBe(sql('revenue last month vs the same month last year'));
  });

  it('refuses it after an answer that is not whole units of it, or with no answer before', () => {
    const [first] = thread('signups by channel last week');
    expect(first.sql).toBeTruthy();
    expect(() => thread('signups by channel last week', 'compare with the same day last week')).toThrow(/only an answer for whole days/);
    expect(refusal('compare with the same day last week')).toMatch(/as what\? Name the period/);
  });

  it('rolls up a figure per entity swapped in, over the kept filter and period', () => {
    const [, , per] = thread('sessions by country last 30 days', 'only organic', 'sessions per active user instead');
    expect(flat(per)).toContain('avg(sessions) AS avg_sessions_per_active_user');
    expect(flat(per)).toContain("channel = 'organic'");
    expect(flat(per)).toContain("event_time >= toDateTime('2025-05-31 00:00:00', 'UTC')");
    const [, avg] = thread('revenue by channel', 'now average daily revenue');
    expect(flat(avg)).toContain('avg(total_revenue) AS avg_daily_revenue');
  });
});

describe('"inclusive" after a range', () => {
  it('is read as the range (its end day is always included), not as "including"', () => {
    expect(sql('signups by channel from 2025-05-10 to 2025-05-20 inclusive')).toBe(sql('signups by channel from 2025-05-10 to 2025-05-20'));
    expect(sql('orders june 1-7 (both inclusive)')).toBe(sql('orders june 1-7'));
    expect(sql('revenue inclusive of refunds')).toContain("status IN ('completed', 'refunded')");
  });
});
