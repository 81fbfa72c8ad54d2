/**
 * Mechanisms found with blind38 (test/eval/blind38-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind38: wrong answers mended', () => {
  it('"the revenue of those" / "their value" after a count of refunded orders is the revenue of the refunded ones', () => {
    const [, of] = thread('how many cancelled orders last month?', 'and the revenue of those?');
    expect(flat(of)).toContain("status = 'cancelled'");
    expect(flat(of)).toContain('sum(revenue)');
    const [, value, split] = thread('refunded orders last week', 'what was their combined value?', 'split it by device');
    expect(flat(value)).toContain("sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'refunded'");
    expect(flat(split)).toContain('GROUP BY device');
    expect(flat(split)).toContain("status = 'refunded'");
    // Orders counted with their default rows stay those rows.
    const [, plain] = thread('how many orders last week?', 'and their revenue');
    expect(flat(plain)).toContain("status = 'completed'");
  });
  it('a weekday said with a date ("Monday June 2") names the date, it filters nothing', () => {
    expect(sql('orders per day from Monday June 2 to Friday June 6, 2025')).not.toContain('toDayOfWeek');
  });
  it('"by week instead" after a split by channel and month replaces the month only', () => {
    const [, , weekly] = thread('orders by device and month in the last 90 days', 'only mobile and desktop', 'by week instead');
    expect(flat(weekly)).toContain('GROUP BY week, device');
  });
  it('"how many units of it" after a one-row ranking is of that row', () => {
    const [, it] = thread('which category sold the most units last month?', 'what revenue came from it?');
    expect(flat(it)).toMatch(/category IN \(SELECT category FROM \(SELECT .* LIMIT 1\)\)/);
  });
  it('"how many of them placed an order" after signups via a channel keeps that channel on the users', () => {
    const [, them] = thread('how many users came in through referral in April?', 'how many of them have placed an order?');
    expect(flat(them)).toContain("u.channel = 'referral'");
    expect(flat(them)).not.toContain('o.channel');
    // "have at least one completed order" (a count per user) is not read with that clause: refused, never the orders' period.
    expect(() => thread('how many users from the paid channel signed up in May?', 'how many of those users have at least one completed order?')).toThrow(/nothing was changed/);
  });
  it('"how many such products" are those of the previous answer', () => {
    const [, , such] = thread('average price by category', 'only products under $30', 'and how many such products per category?');
    expect(flat(such)).toContain('price < 30');
  });
});

describe('blind38: refusals that are now answers', () => {
  it('"it\'s my first week" is who asks', () => {
    expect(sql("hello, I'm new here - how many products are in the catalog?")).toBe('SELECT count() AS products FROM demo.products');
  });
  it('"I need three numbers for May 2025: …" names the figures after it, and "the May close" is May', () => {
    expect(sql('For the April close I need two numbers for April 2025: revenue and refunds.')).toContain("order_time >= toDateTime('2025-04-01 00:00:00', 'UTC')");
  });
  it('orders "worth more than $X" are orders with revenue over X; orders "we closed" are completed ones', () => {
    expect(sql('how many orders worth over $300 did we close last week?')).toContain('revenue > 300');
  });
});
