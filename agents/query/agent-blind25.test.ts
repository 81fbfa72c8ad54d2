/** Mechanisms found by blind25 (test/eval/blind25-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);
const lastPlan = (...turns: string[]) => thread(...turns).at(-1)!;
const refusalIn = (...turns: string[]): string => { try { thread(...turns); } catch (e) { return (e as Error).message; } return 'answered'; };

describe('a value of one column before the noun of another', () => {
  it('"a paid plan (starter, growth or enterprise)" is the plans listed, never channel = paid', () => {
    const s = sql('which signup channel has the highest share of users on a paid plan (starter, growth or enterprise)?');
    expect(s).toContain("countIf(plan IN ('starter', 'growth', 'enterprise')) / count()");
    expect(s).not.toContain("channel = 'paid'");
    expect(sql('how many users are on a paid plan (starter or growth)?')).toBe(sql('how many users are on the starter or growth plan?'));
  });
  it('with no values listed it is refused, naming the words; a value before its own column or a figure is read as before', () => {
    expect(refusal('what share of users are on a paid plan?')).toMatch(/paid plan \(which plan values\?\)/);
    expect(sql('signups from the paid channel by plan')).toContain("WHERE channel = 'paid' GROUP BY plan");
    expect(sql('mobile revenue by category')).toContain("device = 'mobile'");
  });
});

describe('"never" restated', () => {
  it('"never bought anything (no completed orders)" counts users with no completed order, not with no other order', () => {
    const s = sql('how many users have never bought anything (no completed orders)?');
    expect(s).toBe("SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')");
    expect(sql('users who never placed an order (no refunded orders) by plan')).toContain("NOT IN (SELECT user_id FROM demo.orders WHERE status = 'refunded')");
  });
  it('a double negation written as one stays one: "never had an order that was not cancelled"', () => {
    expect(sql('how many users never had an order that was not cancelled?')).toContain("WHERE status != 'cancelled'");
  });
  it('"never logged in", "never checked out": a verb the model declares for a value of a table that refers to users', () => {
    expect(sql('how many users signed up but never logged in?')).toBe("SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.events WHERE event_type = 'login')");
    expect(sql('users who never checked out, by plan')).toContain("NOT IN (SELECT user_id FROM demo.events WHERE event_type = 'checkout') GROUP BY plan");
    expect(sql('how many users never signed in?')).toBe(sql('how many users signed up but never logged in?'));
    // A verb of another table's rows is that table's ("never purchased": orders), and a second event stays one.
    expect(sql('how many users never purchased')).toContain('FROM demo.orders');
    expect(sql('users who logged in but never checked out')).toContain("HAVING countIf(event_type = 'login') > 0 AND countIf(event_type = 'checkout') = 0");
  });
});

describe('pointing at the previous answer', () => {
  it('"there" keeps the place and period of the previous answer for a new figure', () => {
    const s = last('revenue in germany last month', 'top 5 products there');
    expect(s).toContain("o.country = 'DE'");
    expect(s).toContain("o.order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
    // Not "there" as in "were there": a question of its own keeps nothing.
    expect(last('revenue in germany last month', 'how many orders were there last week?')).not.toContain("'DE'");
    expect(lastPlan('orders by device', 'hi there, revenue by country').kept).toEqual([]);
  });
  it('"in that category" after an answer filtered to one keeps the filter, without splitting by it', () => {
    const s = last('revenue for books last month', 'top 3 products in that category');
    expect(s).toContain("o.category = 'books'");
    expect(s).not.toContain('GROUP BY product, category');
  });
  it('"in that category" after a ranking of categories is the rows of that ranking, run again as a subquery', () => {
    const p = lastPlan('which category sold the most units this year?', 'top 3 products in that category by units');
    expect(flat(p)).toContain("o.category IN (SELECT category FROM (SELECT category, sum(quantity) AS units FROM demo.orders WHERE status = 'completed'");
    expect(flat(p)).toMatch(/GROUP BY category ORDER BY units DESC LIMIT 1\)\) GROUP BY product ORDER BY units DESC LIMIT 3$/);
    expect(p.title).toContain('the top category by units sold');
    // Kept on a refinement, and said; a value of that column named next replaces it.
    const next = lastPlan('which category sold the most units this year?', 'top 3 products in that category by units', 'only in the US');
    expect(flat(next)).toContain("o.category IN (SELECT category FROM");
    expect(next.kept).toContain('the top category by units sold');
    expect(last('which country had the most orders last month?', 'revenue by device in that country', 'only germany')).not.toContain('IN (SELECT country');
  });
  it('"that category" when the previous answer is a series or split two ways is refused, asking for the value', () => {
    expect(refusalIn('revenue by category and device', 'top products in that category')).toMatch(/is a row of the previous answer.*name the category/);
  });
});

describe('periods', () => {
  it('"a week earlier" moves the previous period back, its length kept; "the week before" is still the week before it', () => {
    expect(last('how much revenue did we make on June 10?', 'and a week earlier?')).toContain("order_time >= toDateTime('2025-06-03 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-04 00:00:00', 'UTC')");
    expect(last('orders last month by device', 'and 2 months earlier')).toContain("order_time >= toDateTime('2025-03-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-04-01 00:00:00', 'UTC')");
    expect(last('how much revenue did we make on June 10?', 'and the week before?')).toContain("order_time >= toDateTime('2025-06-03 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-10 00:00:00', 'UTC')");
    expect(refusal('revenue a week earlier')).toMatch(/"week earlier" than what\?/);
  });
  it('three or more days of a month listed one after another are the range; days apart are not read', () => {
    expect(sql('daily revenue for june 9, 10 and 11')).toBe(sql('daily revenue from june 9 to june 11'));
    expect(sql('orders on may 3, may 4, may 5 by device')).toBe(sql('orders from may 3 to may 5 by device'));
    expect(refusal('revenue on june 9, 12 and 15')).toMatch(/did not understand "12", "15"/);
  });
  it('words not understood right before a dash and a period name that period', () => {
    expect(sql('checkout events per day around the outage — june 5 to june 15 inclusive')).toBe(sql('checkout events per day from june 5 to june 15'));
    expect(sql('signups by day during our launch - may 10 to may 20')).toBe(sql('signups by day from may 10 to may 20'));
    // A dash before something other than a period leaves the words to be refused.
    expect(refusal('orders by day around the outage — by device')).toMatch(/did not understand "outage"/);
  });
});

describe('words', () => {
  it('a ratio written out again as its parts is the ratio; parts of another figure are still refused', () => {
    expect(sql('cancellation rate by device (cancelled / all orders)')).toBe(sql('cancellation rate by device'));
    expect(sql('refund rate by country, refunds divided by all orders')).toBe(sql('refund rate by country'));
    expect(refusal('refund rate by country (refunded orders / completed orders)')).toMatch(/one figure divided by another/);
  });
  it('"which page do people spend the longest on" ranks by the average time spent; "the most time" alone is left as written', () => {
    expect(sql('which page do people spend the longest on on average? just the top one')).toBe('SELECT page, avg(duration_ms) AS avg_duration_ms FROM demo.events GROUP BY page ORDER BY avg_duration_ms DESC LIMIT 1');
    expect(sql('which device do users spend the shortest time on?')).toMatch(/GROUP BY device ORDER BY avg_duration_ms ASC LIMIT 1$/);
  });
  it('"ppl" is people; "gross order value" is order value; chart kinds in the plural', () => {
    expect(sql('how many ppl signed up in september?')).toBe(sql('how many people signed up in september?'));
    expect(sql('gross order value in Q1 including refunded and cancelled orders')).toContain("status IN ('completed', 'refunded', 'cancelled')");
    expect(lastPlan('revenue by country last 30 days', 'chart it as bars').state.query.chart).toBe('bar');
    expect(lastPlan('revenue by month', 'as lines please').state.query.chart).toBe('line');
  });
});
