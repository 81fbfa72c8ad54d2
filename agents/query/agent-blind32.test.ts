/**
 * blind32's mechanisms, each with wordings of its own (test/eval/blind32-score.txt lists the set's misses).
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind32: wrong answers that are now right', () => {
  it('"refunded amount (sum of revenue of refunded orders)": one value said twice is no comparison; the restated sum is said once', () => {
    expect(sql('Refunded amount (sum of revenue of refunded orders) by device over the last 30 days.')).toBe(sql('refunded amount by device over the last 30 days'));
    expect(sql('refunded revenue of refunded orders by device')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'refunded' GROUP BY device/);
    expect(sql('revenue on mobile and desktop last week')).toMatch(/^SELECT device, .* device IN \('mobile', 'desktop'\)/);
  });

  it('"all statuses included (completed, refunded and cancelled)": every value listed again is no breakdown', () => {
    expect(sql('Gross order value, all statuses included (completed, refunded and cancelled), all time?')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('revenue across all statuses (completed, refunded, cancelled) by device')).toMatch(/^SELECT device, sum\(revenue\)/);
  });

  it('"which day of the week … give the day number (1 = Monday … 7 = Sunday)": the weekday\'s number, not a day', () => {
    expect(sql('Which day of the week has the most orders? Give the day number (1 = Monday … 7 = Sunday) and the order count.')).toBe("SELECT toDayOfWeek(order_time) AS day_of_week, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY day_of_week ORDER BY orders DESC LIMIT 1");
  });

  it('"cancellation rate (cancelled ÷ all orders)": the division sign restates the rate, no filter', () => {
    expect(sql('Cancellation rate (cancelled ÷ all orders) by channel in the last 90 days')).toBe(sql('cancellation rate by channel in the last 90 days'));
    expect(sql('For each plan, the average number of orders per customer (orders ÷ customers), columns: plan, orders per customer.')).toBe(sql('for each plan, the average number of orders per customer'));
  });

  it('"completed orders per day" → "now all statuses": the filter that only restated the old figure goes', () => {
    expect(last('completed orders per day for 1–14 June 2025', 'now all statuses — one row per day and status')).toBe("SELECT toDate(order_time) AS day, status, count() AS all_orders FROM demo.orders WHERE order_time >= toDateTime('2025-06-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-15 00:00:00', 'UTC') GROUP BY day, status ORDER BY day, status");
    // A filter the user chose stays.
    expect(last('orders per day on mobile last week', 'now all statuses')).toContain("device = 'mobile'");
  });

  it('"those two categories", "from the top one", "that account": rows of the previous ranking, or refused — never another ranking', () => {
    expect(last('Revenue by category last month', 'only the top two categories, highest first', 'daily revenue for those two categories over the last 7 days, one row per day and category'))
      .toMatch(/^SELECT toDate\(order_time\) AS day, category, sum\(revenue\) .* AND category IN \(SELECT category FROM \(.* LIMIT 2\)\) GROUP BY day, category/);
    const [, customers, aov] = thread('top 3 categories by revenue in Brazil this year, highest first', 'how many customers bought from the top one?', 'and its AOV?');
    expect(flat(customers)).toMatch(/^SELECT uniqExact\(user_id\) AS customers FROM demo\.orders WHERE .* category IN \(SELECT category FROM \(.* LIMIT 1\)\)$/);
    expect(flat(aov)).toMatch(/^SELECT sum\(revenue\) \/ count\(\) AS aov FROM .* category IN \(SELECT category FROM \(.* LIMIT 1\)\)$/);
    expect(() => thread('Top 3 enterprise accounts by revenue this year', 'how many completed orders has that account placed this year?')).toThrow(/"that account" is one of the 3 rows of the previous answer/);
    expect(() => thread('Top 3 enterprise accounts by revenue this year', 'which country is the top account from?')).toThrow();
  });

  it('"just the total, no monthly split" collapses the series', () => {
    expect(last('Germany: signups by month in 2025 so far', 'only the paid channel', 'just the total, no monthly split')).toMatch(/^SELECT count\(\) AS signups FROM demo\.users WHERE country = 'DE' AND channel = 'paid' AND signup_time >= /);
    expect(last('revenue by month this year', 'the total without the breakdown')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= /);
  });

  it('"active enterprise users (enterprise-plan users with an event)": the restated definition is said once, never a count of events', () => {
    const active = sql('active enterprise users in the last 30 days');
    expect(sql('Active enterprise users in the last 30 days (enterprise-plan users with an event).')).toBe(active);
    expect(sql('Active enterprise users in the last 30 days (enterprise-plan users with any event).')).toBe(active);
  });

  it('a figure read from a word that is no list ("revenue by plan (orders joined to users)") is never put beside another table\'s', () => {
    expect(sql("Revenue by the customer's plan (orders joined to users) — columns plan and revenue, highest revenue first.")).toBe(sql('revenue by plan'));
    expect(refusal('how many users with an event last week')).toMatch(/come from different tables/);
    expect(sql('revenue as well as signups last week')).toMatch(/CROSS JOIN/);
    expect(sql('how many completed orders did enterprise users from the US place?')).toMatch(/^SELECT count\(\) AS orders FROM demo\.orders AS o INNER JOIN demo\.users AS u .* u\.plan = 'enterprise'/);
  });
});

describe('blind32: row counts of tables', () => {
  it('a table\'s row count is every row it holds; several tables\' counts side by side in one row', () => {
    expect(sql('row count of demo.orders')).toBe('SELECT count() AS all_orders FROM demo.orders');
    expect(sql('number of rows in the orders table')).toBe('SELECT count() AS all_orders FROM demo.orders');
    expect(sql('dashboard check — row counts of demo.users, demo.products, demo.orders and demo.events, as one row with four columns'))
      .toBe('SELECT users, products, all_orders, events FROM ( SELECT count() AS users FROM demo.users ) AS t1 CROSS JOIN ( SELECT count() AS products FROM demo.products ) AS t2 CROSS JOIN ( SELECT count() AS all_orders FROM demo.orders ) AS t3 CROSS JOIN ( SELECT count() AS events FROM demo.events ) AS t4');
    // Of the figure's rows ("orders" as the figure), not of a table: the default rows, as before.
    expect(sql('how many orders last week')).toContain("status = 'completed'");
  });
});

describe('blind32: refusals that are now answers', () => {
  it('lead-ins, examples of the answer\'s format, column lists and orders', () => {
    expect(sql('QBR slide 2 — revenue per calendar quarter across the whole dataset, one row per quarter, oldest quarter first.')).toBe("SELECT toStartOfQuarter(order_time) AS quarter, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY quarter ORDER BY quarter");
    expect(sql('By how many percent did revenue grow from Q4 2024 to Q1 2025? (e.g. 12.5 meaning +12.5 %)')).toBe(sql('By how many percent did revenue grow from Q4 2024 to Q1 2025?'));
    expect(sql('Validating a KPI tile: exact number of page views on 2025-06-15.')).toBe(sql('number of page views on 2025-06-15'));
    expect(sql('How many users are on each plan, broken down by signup channel? Columns: plan, channel, users.')).toBe('SELECT plan, channel AS signup_channel, count() AS users FROM demo.users GROUP BY plan, signup_channel ORDER BY users DESC');
    expect(sql('Units sold per category over the last 90 days, biggest category first.')).toMatch(/GROUP BY category ORDER BY units DESC$/);
  });

  it('"the 8 full ISO weeks before the current week", "Repeat-purchase rate: …", "two or more orders"', () => {
    expect(sql('Weekly active users for the 8 full ISO weeks before the current week (week starting Monday), oldest week first.')).toBe(sql('weekly active users for the last 8 full weeks, oldest week first'));
    expect(sql('Repeat-purchase rate: the percentage of customers with two or more orders.')).toBe(sql('the percentage of customers with 2 or more orders'));
    // A name whose values would filter the definition is not dropped.
    expect(refusal('Mobile repeat rate: the percentage of customers with two or more orders.')).not.toBe('answered');
  });

  it('"as a second column", "columns last week and the week before", "the average of those daily numbers"', () => {
    expect(last('Revenue by month for July–December 2024', 'add the number of orders as a second column')).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\) AS total_revenue, count\(\) AS orders FROM/);
    expect(last('revenue by device last week', 'compare with the week before: one row per device, columns last week and the week before')).toMatch(/^SELECT device, .*AS total_revenue_2025_06_16, .*AS total_revenue_2025_06_23 FROM/);
    expect(last('dau last 14 days', 'only users from social', 'whats the average of those daily numbers? one number')).toMatch(/^SELECT avg\(dau\) AS avg_daily_dau FROM \( SELECT toDate\(event_time\) AS day, uniqExact\(user_id\) AS dau FROM demo\.events WHERE channel = 'social'/);
    expect(last('revenue by day last month', 'the highest of those daily totals')).toMatch(/^SELECT max\(total_revenue\) AS max_daily_revenue FROM/);
    expect(() => thread('revenue by country', 'the average of those values')).toThrow(/rolls up a series/);
    expect(last('orders by day last week', 'render that as a stacked bar chart')).toMatch(/GROUP BY day ORDER BY day$/);
  });
});
