/**
 * Mechanisms found with blind53's misses (test/eval/blind53-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('blind53: a newcomer’s courtesy and hedges', () => {
  it('apologies, "still learning", "correct me if I’m wrong", "would you be able to help with that" ask nothing', () => {
    expect(sql("Apologies in advance, I'm still getting used to the data. How many orders came from Germany last month?")).toBe(sql('How many orders came from Germany last month?'));
    expect(sql("What's the refund rate this year? Sorry if this is a strange question, I'm still learning the ropes.")).toBe(sql("What's the refund rate this year?"));
    expect(sql('I was asked to check how many sessions came from Brazil yesterday - could you help me with that?')).toBe(sql('how many sessions came from Brazil yesterday?'));
    expect(sql("I'm preparing a deck for the CFO and would like to know the revenue by category last quarter")).toBe(sql('the revenue by category last quarter'));
  });

  it('a belief about what a word means, after the question, is the model’s definition — not when it asks for a part', () => {
    expect(sql("How many buyers did we have in May? I believe buyers means people with a completed order, but please correct me if I'm wrong.")).toBe(sql('How many buyers did we have in May?'));
    expect(sql("how many signups this year? I think it's the users table, but I'm not completely sure")).toBe(sql('how many signups this year?'));
    expect(refusal('refunds last week. I think by device would be best')).not.toBe('answered');
  });

  it('"that’s perfect, thanks" before a refinement, "maybe just", "only look at"', () => {
    expect(last('revenue by channel', "That's perfect, thanks! Could you split it by device too?")).toBe(last('revenue by channel', 'split it by device too'));
    expect(last('orders by category', 'maybe just the top 2, if possible')).toBe(last('orders by category', 'just the top 2'));
    expect(last('signups by week this month', 'could we only look at the referral channel?')).toContain("channel = 'referral'");
  });

  it('a refinement after courtesy still needs an answer before it', () => {
    expect(refusal("That's great, thank you. Could you break it down by device?")).not.toBe('answered');
  });
});

describe('blind53: words', () => {
  it('"cheapest and most expensive price" is the lowest and the highest price, both', () => {
    expect(sql('the most expensive and the cheapest price per category')).toBe(sql('highest and lowest price per category'));
    expect(sql('cheapest and most expensive price in each category')).toMatch(/min\(price\).*max\(price\)/);
  });
});
