import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

describe('"how many users hit / reached each funnel step": distinct users per event type on the events table', () => {
  it.each(['how many users hit each funnel step', 'how many users reached each step', 'how many users hit every funnel stage', 'how many visitors hit each event type'])('"%s" is uniqExact(user_id) by event_type', (q) => {
    expect(sql(q)).toMatch(/^SELECT event_type, uniqExact\(user_id\) AS active_users FROM demo\.events .*GROUP BY event_type/);
    expect(sql(q)).toBe(sql(q.replace(/\b(hit|reached)\b/, 'did')));
  });
  it('a list of steps in parentheses is an IN filter, with the period', () => {
    const s = sql('how many users hit each funnel step (page_view, add_to_cart, checkout, purchase) in the last 30 days');
    expect(s).toContain("WHERE event_type IN ('page_view', 'add_to_cart', 'checkout', 'purchase') AND event_time >= toDateTime('2025-05-31 00:00:00', 'UTC')");
    expect(s).toContain('GROUP BY event_type');
  });
  it('a subject counted on another table is still refused', () => {
    expect(refusal('how many customers hit each funnel step')).toMatch(/customers cannot be split or filtered by event type/);
  });
});
