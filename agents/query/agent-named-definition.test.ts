/**
 * "<figure name> - <its definition>" (or a colon, or "="): the definition is answered when it agrees with the name; a
 * name the model knows is answered as itself when the definition names only what it counts; a name and a definition
 * that disagree are refused, never one of them picked.
 */
import { describe, expect, it } from 'vitest';
import { refusal, sql } from '../../test/support/plan-kit.ts';

const repeatShare = /^SELECT countIf\(orders (?:>= 2|> 1)\) \/ count\(\) AS share_customers FROM \( SELECT user_id, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' GROUP BY user_id \)$/;

describe('a name and its definition', () => {
  it.each([
    'repeat purchase rate - share of buyers w/ 2+ orders',
    'repeat purchase rate: share of customers with at least 2 orders',
    'returning customer share \u2014 share of buyers with 2+ orders',
  ])('"%s" is the definition, which the name agrees with', (q) => {
    expect(sql(q)).toMatch(repeatShare);
  });

  it('a name the model knows, with a definition of the same figure, is that figure', () => {
    expect(sql('refund rate - share of orders that were refunded')).toBe(sql('refund rate'));
    expect(sql('AOV: revenue / orders')).toBe(sql('aov'));
    expect(sql('cancellation rate = cancelled / all orders')).toBe(sql('cancellation rate'));
    expect(sql('conversion rate - users with a purchase / users with any event')).toBe(sql('conversion rate'));
    expect(sql('mobile refund rate - share of mobile orders that were refunded')).toBe(sql('refund rate on mobile'));
  });

  it.each([
    ['refund rate - share of orders that were cancelled', /disagree/],
    ['AOV - revenue per customer', /disagree/],
    ['AOV - revenue / users', /definition names "users"/],
    ['repeat purchase rate - number of buyers with 2+ orders', /"repeat"|"rate"/],
    ['repeat purchase rate - share of buyers with 1+ orders', /"repeat"/],
    ['signup rate - share of buyers w/ 2+ orders', /"signup"/],
  ])('"%s" is refused: the name and the definition disagree', (q, why) => {
    expect(refusal(q)).toMatch(why);
  });

  it('a dash after a greeting, a period or a breakdown is read as before', () => {
    expect(sql('quick q - total value of refunded orders in the last 30 days')).toMatch(/^SELECT sum\(revenue\) .*status = 'refunded'/);
    expect(sql('wow revenue growth rate: last week vs the week before')).toMatch(/argMax\(total_revenue, week\)/);
    expect(sql('funnel for last month: unique users at each step (page_view, add_to_cart, checkout, purchase)')).toMatch(/^SELECT event_type, uniqExact\(user_id\)/);
  });
});
