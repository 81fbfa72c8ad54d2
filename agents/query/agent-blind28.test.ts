/**
 * Phrasings of the blind28 set (written blind), each fixed by a mechanism: what we spend is not in the data; lead-ins
 * naming what the answer is for; a named list of codes; codes that are also words ("IN") kept out of time phrases;
 * "came from" as a share's part; the order of a series by its unit; numbering notes; listings with a column list and
 * their follow-ups; "add X to the group by"; "had both an X and a Y event"; a figure added "too"; "one total for the
 * two … together"; "instead of the count"; a note restating the answer's shape.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind28: wrong answers that are now right (or refused)', () => {
  it('what we spend is not in the data: refused, never the revenue of a channel', () => {
    expect(refusal('How much did we spend on paid advertising last month?')).toMatch(/what we spend/);
    expect(refusal('ad spend by channel last month')).not.toBe('answered');
    expect(refusal('how much did we spend on the paid channel last month')).toMatch(/what we spend/);
  });
  it('"For this week\'s newsletter: …" names what the answer is for, not a channel or a period', () => {
    expect(sql("For this week's newsletter: how many new users signed up last week?")).toBe(sql('how many new users signed up last week?'));
  });
  it('"order by month asc" orders the periods; a weekday numbering note with "number the days" is read as said', () => {
    expect(sql("sum(revenue) where category = 'books' group by toStartOfMonth(order_time) order by month asc")).toMatch(/GROUP BY month ORDER BY month$/);
    expect(sql('Which day of the week has the most events? Number the days 1 = Monday through 7 = Sunday and give the event count.'))
      .toBe('SELECT toDayOfWeek(event_time) AS day_of_week, count() AS events FROM demo.events GROUP BY day_of_week ORDER BY events DESC LIMIT 1');
  });
  it('"APAC (JP, VN, SG, AU, IN)": the listed values, IN included; "what share … came from" them is their part of the whole', () => {
    expect(sql('What share of global revenue came from APAC (JP, VN, SG, AU, IN) last month? As a percentage.'))
      .toMatch(/^SELECT sum\(revenue\) AS total_revenue, sumIf\(revenue, country IN \('JP', 'VN', 'SG', 'AU', 'IN'\)\) \/ sum\(revenue\) AS share, 100 \* .* FROM demo\.orders WHERE status = 'completed' AND order_time >= /);
    expect(sql('revenue from IN last month')).toContain("country = 'IN' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
    expect(last('average order value by country for January through March 2025', 'only APAC: JP, VN, SG, AU and IN')).toContain("country IN ('JP', 'VN', 'SG', 'AU', 'IN')");
  });
  it('a listing follow-up "only US orders" filters the listed rows, never counts orders', () => {
    expect(last('the 5 refunded orders with the highest revenue last month: order id and revenue', 'only US orders'))
      .toMatch(/^SELECT order_id, order_time, revenue FROM demo\.orders WHERE status = 'refunded' AND country = 'US' AND .* ORDER BY revenue DESC, order_id DESC LIMIT 5$/);
  });
  it('"add device to the group by", "min(revenue) too", "one total for the two countries together", "instead of the count"', () => {
    expect(last("count(*) from orders group by status where country = 'BR'", 'add device to the group by')).toMatch(/GROUP BY status, device/);
    expect(last("max(revenue) from orders where status = 'completed' group by category", 'min(revenue) too')).toMatch(/^SELECT category, max\(revenue\) AS max_revenue, min\(revenue\) AS min_revenue /);
    expect(last('revenue in Japan by month this year', 'add Vietnam as well, one row per month and country', 'just one total for the two countries together, this year'))
      .toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND country IN \('JP', 'VN'\) AND /);
    expect(last('page views by page last week', 'only on desktop', 'now the average duration_ms of those page views by page instead of the count'))
      .toMatch(/^SELECT page, avg\(duration_ms\) AS avg_duration_ms FROM demo\.events WHERE device = 'desktop' AND event_type = 'page_view' AND /);
  });
  it('"users who had both an add_to_cart and a purchase event": per user, both', () => {
    expect(sql('how many users had both an add_to_cart and a purchase event yesterday?')).toContain("HAVING countIf(event_type = 'add_to_cart') > 0 AND countIf(event_type = 'purchase') > 0 )");
  });
});

describe('blind28: refusals that are now answers', () => {
  it('"calendar quarter", "hours numbered 0 to 23", "one row per month", "up to and including that month"', () => {
    expect(sql('Revenue by calendar quarter')).toBe(sql('Revenue by quarter'));
    expect(sql('events by hour of day over the last 7 days, hours numbered 0 to 23')).toBe(sql('events by hour of day over the last 7 days'));
    expect(sql('I need a running total of revenue by month from July 2024 through May 2025: one row per month with the cumulative revenue up to and including that month.'))
      .toMatch(/^SELECT month, sum\(total_revenue\) OVER \(ORDER BY month\) AS running_total_revenue/);
  });
  it('"… ? Give the country and the rate." restates the answer\'s shape; "the rate" of a figure that is none stays refused', () => {
    expect(sql('Which country has the highest cancellation rate (cancelled orders divided by all orders)? Give the country and the rate.')).toMatch(/ORDER BY cancellation_rate DESC LIMIT 1$/);
    expect(refusal('which country has the highest revenue? Give the country and the rate.')).toMatch(/"rate"/);
  });
  it('"Repeat customers: … 2 or more completed orders" agrees with its name; "contained both"; "filter country = …"', () => {
    expect(sql('Repeat customers: how many customers have placed 2 or more completed orders?')).toMatch(/HAVING orders > 1 \)$/);
    expect(sql('How many sessions last month contained both an add_to_cart event and a checkout event?')).toContain("HAVING countIf(event_type = 'add_to_cart') > 0 AND countIf(event_type = 'checkout') > 0");
    expect(last("max(revenue) from orders where status = 'completed' group by category", 'min(revenue) too', "filter country = 'FR'")).toContain("WHERE status = 'completed' AND country = 'FR' GROUP BY category");
    expect(last('revenue by country last month', 'only mobile', 'orders instead, same filters')).toMatch(/^SELECT country, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device = 'mobile' AND order_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\)/);
  });
  it('"of the users who came in through referral, what percentage are on a paid plan", "what fraction of its events are page views"', () => {
    expect(sql('Of the users who came in through referral, what percentage are on a paid plan (starter, growth or enterprise)?'))
      .toBe("SELECT count() AS users, countIf(plan IN ('starter', 'growth', 'enterprise')) / count() AS share, 100 * countIf(plan IN ('starter', 'growth', 'enterprise')) / count() AS percent FROM demo.users WHERE channel = 'referral'");
    expect(sql('For each page, what fraction of its events are page views?')).toBe("SELECT page, count() AS events, countIf(event_type = 'page_view') / count() AS share FROM demo.events GROUP BY page ORDER BY share DESC");
  });
  it('"of the users who signed up through paid, what percentage have made a completed order" is the share of those users with one, never the completed share of buyers', () => {
    expect(sql('Of all the users who signed up through the paid channel, what percentage have ever made a completed order?')).toBe("SELECT countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'completed')) / count() AS share, 100 * countIf(user_id IN (SELECT user_id FROM demo.orders WHERE status = 'completed')) / count() AS percent FROM demo.users WHERE channel = 'paid'");
  });
});
