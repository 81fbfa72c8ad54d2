/**
 * Phrasings of the blind27 set (written blind), each fixed by a mechanism: values pooled "together", a column's max per
 * group, row verbs after a qualifier or a relative clause, "bought again in", events a session had and had not, a
 * value replaced by "X, not Y", request lead-ins before "only", weekday numbering notes and ranges, half years, the
 * order of a time series, "drop" as a noun and a sign note.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

describe('blind27: wrong numbers that are now right', () => {
  it('"X and Y together", "…, in total": one figure over both values, not a row each', () => {
    expect(sql('How much revenue Vietnam and Singapore are making together in the last 90 days?')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND country IN \('VN', 'SG'\) AND /);
    expect(sql('How many orders were placed on Saturdays and Sundays last month, in total?')).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND toDayOfWeek\(order_time\) IN \(6, 7\) AND /);
    expect(sql('revenue of mobile and desktop last month')).toMatch(/^SELECT device, sum\(revenue\)/);
  });
  it('"the largest <column> for each <group>": the column\'s max per group', () => {
    expect(sql('What is the largest duration_ms recorded for each event type?')).toBe('SELECT event_type, max(duration_ms) AS max_duration_ms FROM demo.events GROUP BY event_type ORDER BY max_duration_ms DESC');
    expect(sql('which country has the largest order value')).toMatch(/LIMIT 1$/);
  });
  it('"users on the enterprise plan bought something", "users who signed up … have made a completed order": the buyers', () => {
    expect(sql('How many users on the enterprise plan bought something in the last 30 days?')).toMatch(/^SELECT uniqExact\(o\.user_id\) AS customers FROM demo\.orders AS o INNER JOIN demo\.users AS u ON o\.user_id = u\.user_id WHERE o\.status = 'completed' AND u\.plan = 'enterprise' AND o\.order_time >= /);
    expect(sql('How many users who signed up in the last 30 days have already made a completed order?')).toMatch(/^SELECT uniqExact\(o\.user_id\) AS customers .* WHERE o\.status = 'completed' AND u\.signup_time >= toDateTime\('2025-05-31 00:00:00', 'UTC'\) AND u\.signup_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\)$/);
    // Not a sort ("ordered from … to …"), not a negation ("had no orders").
    expect(sql('users on each plan, ordered from the biggest plan to the smallest')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC');
    expect(refusal('which users had no orders last week')).toMatch(/I do not drop the "no"/);
  });
  it('"customers who bought in April bought again in May": those with orders in each month', () => {
    expect(sql('How many of the customers who bought in April 2025 bought again in May 2025?')).toMatch(/^SELECT count\(\) AS customers FROM \( SELECT user_id, uniqExact\(toStartOfMonth\(order_time\)\) AS distinct_months .* HAVING distinct_months >= 2 \)$/);
  });
  it('"sessions that had an add_to_cart event but no purchase event": per session, never a contradictory filter', () => {
    expect(sql('How many sessions had an add_to_cart event but no purchase event?')).toBe("SELECT count() AS sessions FROM ( SELECT session_id FROM demo.events GROUP BY session_id HAVING countIf(event_type = 'add_to_cart') > 0 AND countIf(event_type = 'purchase') = 0 )");
    expect(sql('users with an add_to_cart event but no purchase event')).toContain('SELECT user_id FROM demo.events GROUP BY user_id HAVING');
  });
  it('"the refunded ones, not completed" replaces the status; "also make it only …" keeps the figure', () => {
    const [, , refunded] = thread('How many orders each device is having in this year?', 'Please only the home category.', 'Now I want the refunded ones, not completed.');
    expect(flat(refunded)).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE category = 'home' AND status = 'refunded' AND /);
    const [, email] = thread('Revenue of India for each month, please.', 'Also make it only the orders which come from email channel.');
    expect(flat(email)).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\) AS total_revenue .* country = 'IN' AND channel = 'email'/);
  });
});

describe('blind27: refusals that are now answers', () => {
  it('a weekday numbering note that is the one answers use, and "Monday to Friday", are read as said', () => {
    const byDay = sql('orders by weekday last month');
    expect(sql('Orders by weekday last month, Monday as 1 and Sunday as 7')).toBe(byDay);
    expect(sql('orders by weekday last month, with 1 = Monday up to 7 = Sunday')).toBe(byDay);
    expect(refusal('orders by weekday, Sunday as 0 and Saturday as 6')).toMatch(/I number weekdays 1 = Monday/);
    const [, weekdays] = thread('How many orders were placed on Saturdays and Sundays last month, in total?', 'and on weekdays, Monday to Friday?');
    expect(flat(weekdays)).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND toDayOfWeek\(order_time\) IN \(1, 2, 3, 4, 5\) AND /);
  });
  it('half years, and a period restated as a range', () => {
    const h2 = "order_time >= toDateTime('2024-07-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-01-01 00:00:00', 'UTC')";
    expect(sql('revenue in H2 2024')).toContain(h2);
    expect(sql('Total sales for the second half of 2024, July through December')).toContain(h2);
    expect(sql('orders in the first half of last year')).toContain("order_time >= toDateTime('2024-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-07-01 00:00:00', 'UTC')");
  });
  it('"oldest quarter first", "newest first", "in chronological order": the order of the periods, not a ranking', () => {
    expect(sql('Revenue per quarter, oldest quarter first please.')).toMatch(/GROUP BY quarter ORDER BY quarter$/);
    expect(sql('revenue per month, newest first')).toMatch(/GROUP BY month ORDER BY month DESC$/);
    expect(sql('revenue by month in chronological order')).toMatch(/GROUP BY month ORDER BY month$/);
    expect(flat(thread('revenue by month', 'newest first')[1])).toMatch(/ORDER BY month DESC$/);
    expect(sql('pages ranked by average event duration, longest first')).toMatch(/ORDER BY avg_duration_ms DESC$/);
  });
  it('"drop" as a noun is no write request; a note that drops come out negative is how every change is signed', () => {
    expect(sql('By what percentage did revenue change from April 2025 to May 2025? A drop should come out negative.')).toContain('total_revenue_change_in_percent');
    expect(refusal('drop the orders table')).toMatch(/only read data/);
    expect(refusal('please drop table users')).toMatch(/only read data/);
  });
  it('"biggest spenders" are the customers ranked by revenue', () => {
    expect(sql('Who are our 5 biggest spenders?')).toBe("SELECT user_id AS customer, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY customer ORDER BY total_revenue DESC LIMIT 5");
  });
  it('"what about page views?" after login events on mobile: the kept event type goes with the old figure, mobile stays', () => {
    const [, , views] = thread('login events by hour yesterday', 'mobile only', 'what about page views?');
    expect(flat(views)).toMatch(/^SELECT toStartOfHour\(event_time\) AS hour, count\(\) AS page_views FROM demo\.events WHERE event_type = 'page_view' AND device = 'mobile' AND /);
  });
  it('"the two countries side by side", "raw event count … instead, all event types" keep what the thread had', () => {
    const [, , both] = thread('How many customers did we have in Singapore last month?', 'and in Australia?', 'put the two countries side by side, one row each');
    expect(flat(both)).toMatch(/^SELECT country, uniqExact\(user_id\) AS customers FROM demo\.orders WHERE status = 'completed' AND country IN \('SG', 'AU'\) AND /);
    const [, , raw] = thread('number of distinct sessions per day for the last 7 days', 'only Japan', 'raw event count per day instead, all event types');
    expect(flat(raw)).toMatch(/^SELECT toDate\(event_time\) AS day, count\(\) AS events FROM demo\.events WHERE country = 'JP' AND event_time >= /);
  });
  it('"over all the data" is no period; "every combination of A and B" is by A and B', () => {
    expect(sql('page views by hour of day (0-23), over all the data')).toBe("SELECT toHour(event_time) AS hour_of_day, count() AS page_views FROM demo.events WHERE event_type = 'page_view' GROUP BY hour_of_day ORDER BY hour_of_day");
    expect(sql('Row count of orders for every combination of status and device')).toBe('SELECT status, device, count() AS all_orders FROM demo.orders GROUP BY status, device ORDER BY all_orders DESC');
  });
  it('"/pricing page views" are page views of /pricing: the figure over them, never over all its events', () => {
    const expected = "SELECT device, avg(duration_ms) / 1000 AS avg_duration_s FROM demo.events WHERE page = '/pricing' AND event_type = 'page_view' GROUP BY device ORDER BY avg_duration_s DESC";
    expect(sql('average duration of /pricing page views in seconds by device')).toBe(expected);
    expect(sql('How long do people spend on /pricing page views, on average, in seconds? Split it by device.')).toBe(expected);
  });
  it('"units went out", "sum the quantity over completed orders", "the revenue column": the figure named once', () => {
    const units = sql('units sold last week');
    expect(sql('How many units went out last week? Sum the quantity over completed orders only.')).toBe(units);
    expect(sql('sum of quantity over completed orders')).toBe("SELECT sum(quantity) AS total_quantity FROM demo.orders WHERE status = 'completed'");
    expect(sql('revenue last week? Revenue means the sum of the revenue column for completed orders.')).toBe(sql('revenue last week'));
  });
  it('"the maximum quantity of 5" is quantity 5; "more than one device type" is devices, never event types', () => {
    expect(sql('For each category, how many completed orders were for the maximum quantity of 5 units?')).toBe("SELECT category, count() AS orders FROM demo.orders WHERE status = 'completed' AND quantity = 5 GROUP BY category ORDER BY orders DESC");
    expect(sql('revenue by device type')).toBe(sql('revenue by device'));
    // Users have devices in orders and in events: which one is not guessed.
    expect(refusal('how many users show up on more than one device type?')).toMatch(/on more than 1 device/);
    expect(sql('how many active users used more than one device type')).toBe('SELECT count() AS active_users FROM ( SELECT user_id, uniqExact(device) AS distinct_device FROM demo.events GROUP BY user_id HAVING distinct_device > 1 )');
  });
});
