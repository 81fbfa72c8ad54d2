/** Mechanisms found by blind23 (test/eval/blind23-score.txt), each with phrasings other than the set's. */
import { describe, expect, it } from 'vitest';
import { refusal, sql, thread, flat } from '../../test/support/plan-kit.ts';

const last = (...turns: string[]): string => flat(thread(...turns).at(-1)!);

describe('who did something: people, and the rows of another table', () => {
  it('"people" is the entity the model counts: an event verb after it counts distinct people, as after "users"', () => {
    expect(sql('how many people checked out last week')).toMatch(/^SELECT uniqExact\(user_id\) AS active_users FROM demo\.events WHERE event_type = 'checkout'/);
    expect(sql('people who visited the pricing page yesterday by country')).toMatch(/^SELECT country, uniqExact\(user_id\) AS active_users FROM demo\.events WHERE event_type = 'page_view' AND page = '\/pricing'/);
    expect(sql('how many members logged in yesterday')).toBe(sql('how many users logged in yesterday'));
  });
  it('"people by country" and "how many people in Japan" count users, no longer read as a figure of nothing', () => {
    expect(sql('people by country')).toBe('SELECT country, count() AS users FROM demo.users GROUP BY country ORDER BY users DESC');
    expect(sql('how many people in japan')).toContain("FROM demo.users WHERE country = 'JP'");
  });
  it('a verb made from the rows of a table that refers to users ("ordered", "placed an order") counts the users with such rows', () => {
    const buyers = /^SELECT uniqExact\(user_id\) AS customers FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-29 00:00:00', 'UTC'\)/;
    for (const q of ['how many users ordered yesterday', 'how many people placed an order yesterday', 'how many members have shopped yesterday', 'how many placed an order yesterday']) expect(sql(q), q).toMatch(buyers);
    expect(sql('users who ordered last month by country')).toMatch(/^SELECT country, uniqExact\(user_id\) AS customers FROM demo\.orders/);
  });
  it('rows still counted as rows: "how many completed orders", "how many placed orders", "users who never ordered"', () => {
    expect(sql('how many completed orders came from Brazil last week')).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders/);
    expect(sql('how many placed orders yesterday')).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders/);
    expect(sql('how many users never ordered')).toContain('NOT IN (SELECT user_id FROM demo.orders');
  });
});

describe('the share of one value of the breakdown', () => {
  it('"what share came from paid?" after signups by channel is one figure of the whole, not the paid row filtered to itself', () => {
    const s = last('signups last week', 'by channel', 'what percentage of them came from paid?');
    expect(s).toMatch(/^SELECT count\(\) AS signups, countIf\(channel = 'paid'\) \/ count\(\) AS share, 100 \* countIf\(channel = 'paid'\) \/ count\(\) AS percent FROM demo\.users WHERE signup_time/);
    expect(s).not.toContain('GROUP BY');
  });
  it('with a series kept, the share is per bucket', () => {
    expect(last('orders by device by month', 'what share is mobile')).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, count\(\) AS orders, countIf\(device = 'mobile'\) \/ count\(\) AS share FROM demo\.orders WHERE status = 'completed' GROUP BY month/);
  });
  it('a value of another column is the part of each row: "what share of it is mobile" after revenue by country', () => {
    const s = last('revenue by country', 'only US', 'what share of it is mobile');
    expect(s).toContain("sumIf(revenue, device = 'mobile') / sum(revenue) AS share");
    expect(s).toContain("country = 'US'");
    expect(s).not.toContain("AND device = 'mobile'");
  });
});

describe('the total of the answer for another period or value', () => {
  it('"just give me the total for last month" after a weekly series is one figure over last month, filters kept', () => {
    const s = last('refunds from the paid channel by week', 'only desktop', 'just give me the total for last month');
    expect(s).toMatch(/^SELECT count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' AND channel = 'paid' AND device = 'desktop' AND order_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-01 00:00:00', 'UTC'\)$/);
  });
  it('"the total for mobile" after a breakdown is one figure for mobile over the kept period', () => {
    expect(last('revenue by country last month', 'the total for mobile')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND device = 'mobile' AND order_time >= toDateTime\('2025-05-01/);
  });
});

describe('a figure added beside the answer', () => {
  it('"add the average revenue per buyer", "also show revenue", "add a column for orders" keep the first figure', () => {
    expect(last('buyers per month', 'only japan', 'add the average revenue per buyer')).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, uniqExact\(user_id\) AS customers, sum\(revenue\) \/ uniqExact\(user_id\) AS arpu FROM demo\.orders WHERE status = 'completed' AND country = 'JP'/);
    expect(last('orders by country', 'also show revenue')).toMatch(/^SELECT country, count\(\) AS orders, sum\(revenue\) AS total_revenue FROM/);
    expect(last('revenue by day last week', 'add a column for orders')).toMatch(/^SELECT toDate\(order_time\) AS day, sum\(revenue\) AS total_revenue, count\(\) AS orders FROM/);
  });
  it('"add to cart" is an event, and changing the data is still refused', () => {
    expect(sql('add to cart events by device yesterday')).toContain("event_type = 'add_to_cart'");
    expect(refusal('add a column to the orders table')).toMatch(/I only read data/);
  });
});

describe('a filter that only restated the figure', () => {
  it('"completed revenue" then checkout events in the same period: the status went with revenue, the period stays', () => {
    const s = last('completed revenue per day from June 5 to June 15', 'and the number of checkout events per day in the same period');
    expect(s).toMatch(/^SELECT toDate\(event_time\) AS day, count\(\) AS events FROM demo\.events WHERE event_type = 'checkout' AND event_time >= toDateTime\('2025-06-05 00:00:00', 'UTC'\) AND event_time < toDateTime\('2025-06-16 00:00:00', 'UTC'\)/);
  });
  it('a filter the user chose still follows, or the change is refused', () => {
    expect(last('revenue from mobile per day last week', 'and checkout events per day in the same period')).toContain("device = 'mobile'");
    expect(last('completed revenue by day last week', 'and orders')).toContain("status = 'completed'");
  });
});

describe('"now by month" after a split filtered to some of its values', () => {
  it('is one series of those values; a bare "by week" keeps them apart', () => {
    expect(last('orders by plan', 'only growth and enterprise', 'now by month')).toMatch(/GROUP BY month ORDER BY month$/);
    expect(last('orders by status last month', 'just refunded and cancelled', 'by week')).toContain('GROUP BY week, status');
  });
});
