/**
 * Mechanisms found with blind36 (test/eval/blind36-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const MAY = "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('blind36: wrong answers mended', () => {
  it('"for every <dimension>" after one value of it is a row for each value; after several, each of those', () => {
    const [, every] = thread('refunds from Germany last month', 'now for every country');
    expect(flat(every)).toBe(`SELECT country, count() AS refunds FROM demo.orders WHERE status = 'refunded' AND ${MAY} GROUP BY country ORDER BY refunds DESC`);
    const [, , each] = thread('orders by day last month in DE', 'also FR, separately', 'just the month total for each country');
    expect(flat(each)).toContain("country IN ('DE', 'FR')");
    expect(flat(each)).toContain('GROUP BY month, country');
  });
  it('"counting every status" is one total over all of them, not a row per status', () => {
    expect(sql('units last month counting every status')).toBe(`SELECT sum(quantity) AS units FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled') AND ${MAY}`);
  });
  it('"…, and how many of those were <value>?" is the count and, beside it, the count of that value', () => {
    expect(sql('how many users joined last month and how many of them came via organic')).toContain("count() AS users, countIf(channel = 'organic') AS users_organic");
  });
  it('"how many of them placed an order" after a count of signups counts those users with such orders', () => {
    const [, them] = thread('how many people signed up in February?', 'and how many of those placed an order that same month?');
    expect(flat(them)).toBe(sql('how many users who signed up in February placed an order in February'));
    expect(flat(them)).toContain('uniqExact(o.user_id)');
  });
  it('an amount said of products is their price, never an order\'s revenue', () => {
    const q = sql('which over-$50 products sold the most units last month?');
    expect(q).toContain('p.price > 50');
    expect(q).not.toContain('o.revenue');
    expect(sql('$50+ products by category')).toContain('price >= 50');
    expect(sql('orders over $100 last month')).toContain('revenue > 100');
  });
  it('"the same statistic / total for <rows>" keeps the figure, over those rows', () => {
    const [, same] = thread('median duration_ms of page_view events last month', 'same statistic for login events');
    expect(flat(same)).toContain('quantileExactInclusive(0.5)(duration_ms)');
    expect(flat(same)).toContain("event_type = 'login'");
    const [, total] = thread('revenue from mobile orders in May', 'and the same total for desktop orders');
    expect(flat(total)).toBe(`SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'desktop' AND ${MAY}`);
  });
});

describe('blind36: words', () => {
  it('growth shorthand and pictographs', () => {
    expect(sql('signups l7d 🚀')).toBe(sql('signups last 7 days'));
    expect(sql('rev l90d')).toBe(sql('revenue last 90 days'));
  });
  it('a figure added "next to" the one shown, and "as well" after a breakdown, are not writes', () => {
    const [, , added] = thread('revenue by device last month', 'only desktop', 'add units sold next to revenue');
    expect(flat(added)).toContain('sum(revenue) AS total_revenue, sum(quantity) AS units');
    const [, more] = thread('refunds by country last month', 'add the revenue of each country as well');
    expect(flat(more)).toContain("sumIf(revenue, status = 'completed') AS total_revenue");
  });
  it('"separately" splits the values named', () => {
    const [, split] = thread('orders per week in May for the US', 'add GB, separately');
    expect(flat(split)).toContain('GROUP BY week, country');
  });
  it('units shipped, units that went out', () => {
    expect(sql('items shipped last week by device')).toBe(sql('units sold last week by device'));
    expect(sql('how many units went out last month')).toBe(sql('units sold last month'));
  });
  it('"the N-day total" after a series is the total of its period', () => {
    const [, total] = thread('orders per day over the last 14 days', 'the 14-day total');
    expect(flat(total)).toBe(sql('orders over the last 14 days'));
  });
  it('a count of a singular noun is its plural, and values listed after "which <noun>" are the rows it is chosen from', () => {
    expect(sql('the 5 category with most orders')).toBe(sql('the 5 categories with most orders'));
    expect(sql('which channel (paid, organic or referral) brought the most signups in May?')).toBe(sql('which channel brought the most signups in May among paid, organic and referral'));
  });
  it('"differ from" two named periods, and "just give me A minus B" after it', () => {
    expect(sql('By how much did orders in March 2025 differ from February 2025? Just give me March minus February.')).toMatch(/argMax\(orders, month\) - argMin\(orders, month\)/);
  });
  it('ISO week numbers, "(Monday start)", and days said with a weekday in brackets after them', () => {
    const week20 = "event_time >= toDateTime('2025-05-12 00:00:00', 'UTC') AND event_time < toDateTime('2025-05-19 00:00:00', 'UTC')";
    expect(sql('sessions in ISO week 2025-W20')).toContain(week20);
    expect(sql('sessions in week 20 of 2025 (Mon 12 May to Sun 18 May)')).toContain(week20);
    expect(sql('signups per ISO week (Monday start) in May')).toBe(sql('signups per week in May'));
  });
  it('"with at least one <row>" is "with a <row>"', () => {
    expect(sql('distinct users with at least one login event yesterday')).toBe(sql('distinct users with a login event yesterday'));
  });
  it('a date with how far it is from the one before, "arithmetic mean", "same daily series but for"', () => {
    const [, before] = thread('signups on June 20, 2025 by plan', 'same for June 13, one week earlier');
    expect(flat(before)).toContain("signup_time >= toDateTime('2025-06-13 00:00:00', 'UTC')");
    expect(sql('arithmetic mean of quantity last month')).toBe(sql('mean of quantity last month'));
    const [, , series] = thread('checkout events in June', 'per day', 'same daily series but for login events');
    expect(flat(series)).toContain("event_type = 'login'");
    expect(flat(series)).toContain('GROUP BY day');
  });
  it('an interval in square brackets, and "with <time column> in …"', () => {
    expect(sql('refunds with order_time in [2025-04-01 00:00:00, 2025-04-08 00:00:00)')).toBe(sql('refunds from 2025-04-01 to 2025-04-07'));
    expect(sql('refunds in the closed interval [2025-04-01, 2025-04-08]')).toBe(sql('refunds from 2025-04-01 to 2025-04-08'));
    expect(refusal('refunds in [2025-04-01 09:30:00, 2025-04-08 00:00:00)')).not.toBe('answered');
  });
  it('the words that are not read this way are still refused', () => {
    expect(refusal('signups l7x')).not.toBe('answered');
  });
});

describe('blind36: found on the way', () => {
  it('a figure of another table after a filtered one keeps the days and drops the filter its rows cannot have', () => {
    const [, , revenue] = thread('login events on June 3, 2025', 'and on June 4?', 'revenue on both of those days');
    expect(flat(revenue)).toBe("SELECT toDate(order_time) AS day, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-03 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-05 00:00:00', 'UTC') GROUP BY day ORDER BY day");
    // A filter the new figure's rows do have stays.
    const [, mobile] = thread('mobile checkout events last week', 'revenue instead');
    expect(flat(mobile)).toContain("device = 'mobile'");
    // "only …" narrows: the rows it names keep every filter, and one their table cannot have is still refused.
    const [, , narrowed] = thread('events per day last week', 'only logins', 'only users from the paid channel');
    expect(flat(narrowed)).toContain("event_type = 'login'");
    expect(() => thread('active users on the /pricing page this month', 'only refunded orders')).toThrow(/cannot be split or filtered by page/);
  });
});
