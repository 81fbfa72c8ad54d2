/**
 * Phrasings of the blind29 set (written blind), each fixed by a mechanism, tested here with other wordings: a weekday
 * numbering note after "weekday as"; month abbreviations in ranges and lists; day ranges with an en dash; weeks named
 * by a day; a closing clause on the answer's layout (checked against the question: "4 columns", "one row", "24 rows");
 * "number of customers" beside another figure; a bracket restating the question.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

const between = (from: string, to: string): string => `>= toDateTime('${from} 00:00:00', 'UTC') AND order_time < toDateTime('${to} 00:00:00', 'UTC')`;

describe('blind29: wrong answers that are now right (or refused)', () => {
  it('"weekday as a number 1=Mon … 7=Sun" is a numbering note, never a filter to Monday–Friday', () => {
    const all = sql('orders by weekday for Q1 2025');
    expect(all).not.toContain('IN (1, 2, 3, 4, 5)');
    expect(sql('orders by weekday for Q1 2025, weekday as a number 1=Mon … 7=Sun')).toBe(all);
    expect(sql('orders by weekday for Q1 2025 (weekday as 1=Mon … 7=Sun)')).toBe(all);
    expect(sql('orders by day of week for Q1 2025, days of week numbered 1=Monday to 7=Sunday')).toBe(sql('orders by day of week for Q1 2025'));
    expect(refusal('orders by weekday for Q1 2025, weekday as 0=Sun … 6=Sat')).toMatch(/1 = Monday to 7 = Sunday/);
  });
  it('"jul 2024 through may 2025" is one range of months, not the two months compared', () => {
    const range = sql('signups by month from july 2024 to may 2025');
    expect(range).not.toContain(' OR ');
    expect(sql('signups by month, jul 2024 through may 2025')).toBe(range);
    expect(sql('signups by month, Jul 2024 - May 2025')).toBe(range);
  });
  it('"revenue and number of customers by channel" keeps both figures (it dropped the customers)', () => {
    expect(sql('revenue and number of customers by channel')).toMatch(/^SELECT channel, sum\(revenue\) AS total_revenue, uniqExact\(user_id\) AS customers FROM/);
    expect(sql('total revenue and the number of orders by country')).toMatch(/sum\(revenue\) AS total_revenue, count\(\) AS orders/);
    expect(sql('revenue of customers in the US')).toBe(sql('revenue in the US'));
  });
  it('a bracket restating the question is not read as more values ("refunded" and the revenue\'s "completed")', () => {
    const q = sql('total value of refunded orders by category for May 2025');
    expect(q).toContain("WHERE status = 'refunded'");
    expect(sql('total value of refunded orders (sum of revenue on orders with status refunded) by category for May 2025')).toBe(q);
    expect(sql('revenue of refunded orders (revenue where status = refunded) by device last month')).toBe(sql('revenue of refunded orders by device last month'));
  });
  it('a layout clause that does not fit the answer is not dropped: "one row" over a breakdown, "5 columns" of three', () => {
    expect(refusal('sessions by event type for April 2025 — one row, four columns in that order')).not.toBe('answered');
    expect(refusal('revenue and orders by country last month — 5 columns')).not.toBe('answered');
    expect(refusal('page views by page — 24 rows')).not.toBe('answered');
  });
});

describe('blind29: refusals that are now answers', () => {
  it('month abbreviations listed or in a range', () => {
    const q1 = sql('monthly revenue from january to march 2025');
    expect(sql('monthly revenue for Jan, Feb and Mar 2025')).toBe(q1);
    expect(sql('monthly revenue for jan–mar 2025')).toBe(q1);
    expect(refusal('monthly revenue for Jan, Mar and May 2025')).not.toBe('answered');
  });
  it('a range of days with an en dash ("June 1–19 2025")', () => {
    expect(sql('refund rate by device for June 1–19 2025')).toContain(`order_time ${between('2025-06-01', '2025-06-20')}`);
    expect(sql('revenue for May 10–16 2025')).toContain(between('2025-05-10', '2025-05-17'));
  });
  it('weeks named by a day: "the week starting Monday 2025-06-02", "the week of June 4", lists of week starts', () => {
    expect(sql('how many orders were cancelled in the week starting Monday 2025-06-09?')).toContain(between('2025-06-09', '2025-06-16'));
    expect(sql('orders in the week of 2025-06-11')).toContain(between('2025-06-09', '2025-06-16'));
    expect(sql('revenue by device for the week Mon 2025-06-09 to Sun 2025-06-15')).toContain(between('2025-06-09', '2025-06-16'));
    expect(sql('weekly revenue for the weeks starting June 2, 9, 16 and 23 2025')).toContain(between('2025-06-02', '2025-06-30'));
    expect(sql('weekly orders for the ISO weeks starting 2025-04-07, 04-14 and 04-21')).toContain(between('2025-04-07', '2025-04-28'));
    expect(sql('weekly orders for the weeks starting mon 2025-05-05 through mon 2025-05-26 (4 weeks)')).toContain(between('2025-05-05', '2025-06-02'));
    // Not whole weeks apart: left as said (and not understood).
    expect(refusal('weekly orders for the weeks starting 2025-05-05, 2025-05-09 and 2025-05-19')).not.toBe('answered');
  });
  it('a closing clause on the layout that names only the question\'s own parts', () => {
    expect(sql('refund rate by month, January through May 2025 — month and rate')).toBe(sql('refund rate by month, January through May 2025'));
    expect(sql('which country had the highest refund rate in Q1 2025? country and rate, only the top one')).toBe(sql('which country had the highest refund rate in Q1 2025'));
    expect(sql('which page has the highest average duration_ms? page and the average, just the top one')).toBe(sql('which page has the highest average duration_ms?'));
    expect(sql('number of events by hour of day over all the data, 24 rows')).toBe(sql('number of events by hour of day over all the data'));
    expect(sql('total revenue from users on the enterprise plan in Q1 2025, single number')).toBe(sql('total revenue from users on the enterprise plan in Q1 2025'));
    expect(sql('last month by channel: revenue, number of customers and revenue per customer — 4 columns, one row per channel'))
      .toBe(sql('last month by channel: revenue, number of customers and revenue per customer'));
  });
  it('"orders instead, same period" and "totals per channel for the whole period" keep the answer\'s period (it was dropped)', () => {
    expect(last('revenue by month jan-may 2025', 'orders instead, same period'))
      .toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-01-01 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-01/);
    expect(last('MAU jan–may 2025', 'weekly active users instead, by ISO week, same date range')).toContain("event_time < toDateTime('2025-06-01 00:00:00', 'UTC') GROUP BY week");
    expect(last('revenue by month and channel, Jan–May 2025', 'just the totals per channel for the whole period'))
      .toMatch(/^SELECT channel, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-01-01/);
    // A first question has no period to keep: all the data, as without the words.
    expect(sql('revenue by channel for the whole period')).toBe(sql('revenue by channel'));
  });
});

describe('blind29: half-SQL', () => {
  it('"select …" reads as the request it makes; time bounds written as SQL are the days they bound', () => {
    expect(sql("select count from orders where status = 'refunded' and device = 'mobile'")).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'refunded' AND device = 'mobile'");
    expect(sql("select count(distinct user_id) from events where event_type = 'login' and event_time >= '2025-04-01' and event_time < '2025-05-01'"))
      .toBe(sql('count(distinct user_id) from events where event_type = login in April 2025'));
    expect(sql('sum revenue from orders where category = books and order_time between 2025-01-01 and 2025-03-31 group by month'))
      .toBe(sql('revenue from books by month in Q1 2025'));
  });
});

describe('blind29: periods and words', () => {
  it('"from Q3 2024 to Q1 2025" is the range of quarters, never only the two ends (a wrong answer before)', () => {
    const range = sql('revenue by quarter from Q3 2024 to Q1 2025');
    expect(range).toContain("order_time >= toDateTime('2024-07-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-04-01 00:00:00', 'UTC') GROUP BY quarter");
    expect(range).not.toContain(' OR ');
    expect(sql('revenue by quarter, Q3 2024 through Q1 2025')).toBe(range);
    expect(sql('revenue by quater for Q3 2024, Q4 2024 and Q1 2025')).toBe(range);
    // Adjacent units stay a change between the two.
    expect(sql('page views from the week before last to last week')).toContain('GROUP BY week');
  });
  it('a year alone after the figure is the period; after a row\'s noun it may be a key and is not read', () => {
    expect(sql('revenue 2024?')).toBe(sql('revenue in 2024'));
    expect(sql('signups 2025, by month')).toBe(sql('signups in 2025 by month'));
    expect(refusal('order 2024')).toMatch(/"2024"/);
    expect(sql('top 5 products by revenue in 2024')).toContain("'2024-01-01 00:00:00'");
  });
  it('the question\'s period named again ("share of April\'s total") is read once; named again to compare, refused', () => {
    expect(sql("April 2025 revenue by category, with each category's share of April's total revenue")).toBe(sql('April 2025 revenue by category, with each category\'s share of the total revenue'));
    expect(refusal('revenue in May compared with May')).toMatch(/two periods/);
  });
  it('the books\' close, "become customers", "in one row" of one row', () => {
    expect(sql('May 2025 close numbers: revenue, number of orders and AOV in one row')).toBe(sql('revenue, number of orders and AOV in May 2025'));
    expect(sql('of the users who signed up in Jan 2025, how many have become customers?')).toBe(sql('of the users who signed up in Jan 2025, how many are customers?'));
  });
  it('all values of a column and only one of them for one figure named twice is refused, not one of the two', () => {
    expect(refusal('the sum of revenue over ALL orders regardless of status, and the revenue (completed only) for May 2025')).toMatch(/all status values and only completed/);
    expect(sql('gross order value for May incl. refunded and cancelled orders (all statuses)')).toContain("status IN ('refunded', 'cancelled', 'completed')");
  });
});

describe('blind29: a ratio written out again', () => {
  it('is read once when the question said all its words; one with a word of its own is not', () => {
    expect(sql('avg number of events per session, by device (events / sessions)')).toBe(sql('avg number of events per session, by device'));
    expect(sql('share of sessions that include a purchase event, by device, in Q1 2025 (sessions with a purchase / all sessions)'))
      .toBe(sql('share of sessions that include a purchase event, by device, in Q1 2025'));
    expect(sql('what share of April 2025 revenue came from the paid channel? one number, paid revenue divided by total revenue'))
      .toBe(sql('what share of April 2025 revenue came from the paid channel?'));
    expect(refusal('revenue per customer by country (revenue / orders)')).not.toBe('answered');
  });
});

