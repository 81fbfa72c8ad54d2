/**
 * Mechanisms found with blind55's misses (test/eval/blind55-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind55: yes/no questions about a figure', () => {
  it('"is <figure> above N?" shows the figure (never a filter of the rows by N); "are there orders above $N" still filters', () => {
    expect(sql('is the average order value over $45 this month?')).toBe(sql('average order value this month'));
    expect(sql('is the cancellation rate below 10% on mobile?')).toBe(sql('cancellation rate on mobile'));
    expect(last('is the median order value above 40 dollars this year?', 'and last year?')).toBe(sql('median order value last year'));
    expect(sql('are there orders above $500 yesterday?')).toContain('revenue > 500');
  });

  it('"ahead of", "behind", "beating": two values weighed, both shown', () => {
    expect(sql('Is Germany ahead of France on orders this month?')).toBe(sql('orders DE vs FR this month'));
    expect(sql('is tablet behind desktop on revenue?')).toBe(sql('revenue tablet vs desktop'));
  });
});

describe('blind55: words', () => {
  it('"hour-of-day", "day-of-week" hyphenated are the parts of a date (never an hourly series)', () => {
    expect(sql('signups per hour-of-day')).toBe(sql('signups per hour of day'));
    expect(sql('orders by day-of-week last month')).toBe(sql('orders by day of week last month'));
  });

  it('"CVR", "nr of" are the conversion rate and "number of"', () => {
    expect(sql('CVR by country last week')).toBe(sql('conversion rate by country last week'));
    expect(sql('nr of orders per device yesterday')).toBe(sql('number of orders per device yesterday'));
  });

  it('a guess at a cause asked after the question ("- was that the campaign?") asks nothing of the data', () => {
    expect(sql('orders by channel on June 3rd - was that the launch?')).toBe(sql('orders by channel on June 3rd'));
  });
});

describe('blind56 (found before its fixes): personal details of people are refused, never read as values', () => {
  it('"phone number" is no mobile device, "the email of the customer" no email channel, "names of customers" no product names', () => {
    expect(refusal("what's the customer's phone number on the biggest refund?")).toMatch(/personal details/);
    expect(refusal("what's the email of the customer with the biggest refund?")).toMatch(/personal details/);
    expect(refusal('show me the names of our top customers')).toMatch(/personal details/);
    expect(refusal('customer emails for the top 10 buyers')).toMatch(/personal details/);
    // The channel, the device and product names stay what they are.
    expect(sql('signups from email last month')).toContain("channel = 'email'");
    expect(sql('revenue on phones last week')).toContain("device = 'mobile'");
    expect(sql('product names by revenue')).toContain('p.name AS product');
  });
});
