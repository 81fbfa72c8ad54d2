/**
 * A follow-up question naming only a figure ("what's the refund rate?", "what is the AOV there?") keeps the previous
 * answer's filters, period and breakdown and swaps the figure; with a period, filter or breakdown of its own it asks
 * afresh. A swapped-in rate that conditions on a column itself (refund rate: status; conversion rate: event type)
 * drops a kept filter or breakdown on that column, and the answer does not list it as kept.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => thread(...qs).at(-1)!;
const texts = (p: ReturnType<typeof last>): unknown[] => [...p.kept];

describe('a question naming only a figure', () => {
  it('swaps the figure, keeping filters, period and breakdown', () => {
    const p = last('cancelled orders by device this month', 'only FR', 'what is the cancellation rate?');
    expect(flat(p)).toMatch(/^SELECT device, countIf\(status = 'cancelled'\) \/ count\(\) AS cancellation_rate FROM demo\.orders WHERE country = 'FR' AND order_time >= toDateTime\('2025-06-01/);
    expect(flat(p)).not.toMatch(/status = 'cancelled' AND/);
    expect(texts(p)).toEqual(['country = FR', 'this month']);
  });

  it('reads "what was the average order value then" and "how much is revenue" of the same rows', () => {
    expect(flat(last('orders by channel last week', 'exclude mobile', 'what was the average order value?'))).toMatch(/^SELECT channel, sum\(revenue\) \/ count\(\) AS aov .* device != 'mobile' AND order_time >= toDateTime\('2025-06-23/);
    expect(flat(last('units sold by category yesterday', 'how much is revenue?'))).toMatch(/^SELECT category, sum\(revenue\) .* order_time >= toDateTime\('2025-06-29/);
  });

  it('asks afresh with its own period, filter or breakdown, for a total, or on another table', () => {
    expect(flat(last('refunds by country last month', 'what is the refund rate in the last 7 days?'))).toMatch(/^SELECT countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate FROM demo\.orders WHERE order_time >= toDateTime\('2025-06-23/);
    expect(flat(last('refunds by country last month', 'what is the refund rate by device?'))).toMatch(/^SELECT device, countIf.* GROUP BY device/);
    expect(flat(last('revenue by device last week', 'what is the total revenue?'))).not.toMatch(/GROUP BY|2025-06-23/);
    expect(flat(last('signups by channel last month', "what's the AOV?"))).not.toMatch(/GROUP BY|2025-05-01/);
  });
});

describe('a rate that conditions on a kept column', () => {
  it('drops the kept filter on it ("now the refund rate" after refunded orders)', () => {
    const p = last('how many refunded orders per device last week', 'now the refund rate');
    expect(flat(p)).toMatch(/^SELECT device, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate FROM demo\.orders WHERE order_time >= /);
    expect(texts(p)).toEqual(['last week']);
  });

  it('drops a kept event type filter under the conversion rate', () => {
    const p = last('users with a purchase event by device yesterday', 'now the conversion rate');
    expect(flat(p)).toMatch(/^SELECT device, uniqExactIf\(user_id, event_type = 'purchase'\) \/ uniqExact\(user_id\) AS conversion_rate FROM demo\.events WHERE event_time >= /);
    expect(texts(p)).not.toContain('event type = purchase');
  });

  it('drops a kept breakdown by that column', () => {
    const p = last('orders by status yesterday', 'only tablet', 'what is the cancellation rate?');
    expect(flat(p)).toMatch(/^SELECT countIf\(status = 'cancelled'\) \/ count\(\) AS cancellation_rate FROM demo\.orders WHERE device = 'tablet' AND order_time >= toDateTime\('2025-06-29/);
  });
});
