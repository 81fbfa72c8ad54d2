/**
 * "weekends vs weekdays": named groups of one dimension's values (the model's valueGroups), disjoint, side by side are
 * a breakdown by group, a row each; groups mixed with a single value of the dimension, or overlapping, stay refused.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('value groups side by side', () => {
  it('is a row per group', () => {
    const q = sql('revenue weekends vs weekdays last quarter');
    expect(q).toMatch(/^SELECT multiIf\(toDayOfWeek\(order_time\) IN \(6, 7\), 'weekends', toDayOfWeek\(order_time\) IN \(1, 2, 3, 4, 5\), 'weekdays', ''\) AS day_of_week, sum\(revenue\) AS total_revenue FROM demo\.orders/);
    expect(q).toContain('GROUP BY day_of_week');
    expect(sql('orders weekdays vs weekends by device')).toContain('GROUP BY device, day_of_week');
    expect(sql('signups working days vs weekend days')).toMatch(/multiIf\(toDayOfWeek\(signup_time\) IN \(1, 2, 3, 4, 5\), 'working days', toDayOfWeek\(signup_time\) IN \(6, 7\), 'weekend days', ''\)/);
  });

  it('keeps one group as a filter', () => {
    expect(sql('revenue on weekends')).toContain('toDayOfWeek(order_time) IN (6, 7)');
    expect(sql('revenue on weekends')).not.toContain('multiIf');
  });

  it('refuses groups mixed with a single value of the dimension', () => {
    expect(refusal('revenue weekends vs weekdays vs mondays')).toMatch(/side by side/);
  });

  it('carries through a follow-up filter', () => {
    const [, mobile] = thread('revenue weekends vs weekdays last quarter', 'only mobile');
    expect(flat(mobile)).toContain("device = 'mobile'");
    expect(flat(mobile)).toContain('multiIf(');
  });
});
