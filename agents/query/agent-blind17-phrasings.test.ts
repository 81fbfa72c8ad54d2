/**
 * Phrasings found by blind17, each by mechanism: a fortnight is 14 days; values inside a two-word name ("new
 * enterprise users"); "by how many dollars did … differ from …" is a change; "as a share of all <rows> in each
 * <group>" is the rate of the figure's condition in each group; a share with two figures is refused.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind17 phrasings', () => {
  it('a fortnight is 14 days', () => {
    expect(sql('How many new users signed up in the past fortnight?')).toBe(sql('how many signups in the last 14 days'));
    expect(sql('revenue by device over the past fortnight')).toBe(sql('revenue by device in the last 14 days'));
    expect(sql('orders in the last 2 fortnights')).toBe(sql('orders in the last 28 days'));
  });

  it('values written inside a two-word name filter it', () => {
    expect(sql('how many new enterprise users have we had this year?')).toBe(sql('how many new users on the enterprise plan this year'));
    expect(sql('new organic enterprise customers in may')).toBe(sql('signups in may with channel organic and plan enterprise'));
    expect(refusal('new mobile orders')).toMatch(/new/);
  });

  it('"by how many dollars did … differ from …" is the change between the two periods', () => {
    const q = sql('By how many dollars did revenue last month differ from the month before (last month minus the month before)?');
    expect(q).toContain('argMax(total_revenue, month) - argMin(total_revenue, month)');
    expect(sql('how much did orders last week differ from the week before')).toBe(sql('how much did orders last week change from the week before'));
    expect(refusal('how do mobile and desktop differ in aov')).toMatch(/differ/);
  });

  it('"as a share of all <rows> in each <group>" is the rate of the figure\'s condition per group', () => {
    const [, share, mobile] = thread('cancelled orders by category since the start of May', 'as a share of all orders in each category', 'only mobile');
    expect(flat(share)).toMatch(/^SELECT category, countIf\(status = 'cancelled'\) \/ count\(\) AS cancellation_rate FROM demo\.orders WHERE order_time >= /);
    expect(flat(mobile)).toContain("device = 'mobile'");
    expect(flat(mobile)).toContain("countIf(status = 'cancelled') / count()");
    expect(sql('refunds as a percentage of total orders per device last month')).toMatch(/^SELECT device, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate/);
  });

  it('refuses a share when two figures are asked, rather than the share of the first', () => {
    expect(refusal('cancelled orders by category as a share of all orders')).toMatch(/A share of cancellations or of all orders\?/);
    expect(sql('share of revenue by device')).toContain('sum(revenue) / sum(sum(revenue)) OVER () AS share');
  });
});
