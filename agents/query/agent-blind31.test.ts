/**
 * blind31's mechanisms, each with wordings of its own (test/eval/blind31-score.txt lists the set's misses).
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind31: wrong answers that are now right', () => {
  it('"average list price per category (from the product catalog)": a column of the table names it, so the table is the source', () => {
    expect(sql('Average list price per category, from the product catalog (not from orders).')).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC');
    expect(sql('average price by category in the products table')).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC');
    // A column every table has ("user id") names none of them: the table named stays where the figure is read.
    expect(sql('How many distinct user_ids show up in the events table overall?')).toContain('FROM demo.events');
  });

  it('"by hour of day … one row per hour": a grain that a breakdown is also named by restates it', () => {
    expect(sql('Checkout events by hour of day (0–23, UTC) over the whole dataset — one row per hour.')).toBe("SELECT toHour(event_time) AS hour_of_day, count() AS events FROM demo.events WHERE event_type = 'checkout' GROUP BY hour_of_day ORDER BY hour_of_day");
    expect(sql('sessions by hour yesterday')).toMatch(/^SELECT toStartOfHour\(event_time\) AS hour,/);
  });

  it('"one row, three columns" over listed values of one breakdown: a figure per value, side by side', () => {
    expect(sql('Funnel for last week: number of distinct users with an add_to_cart event, with a checkout event, and with a purchase event. One row, three columns.'))
      .toMatch(/^SELECT uniqExactIf\(user_id, event_type = 'add_to_cart'\) AS active_users_add_to_cart, uniqExactIf\(user_id, event_type = 'checkout'\) AS active_users_checkout, uniqExactIf\(user_id, event_type = 'purchase'\) AS active_users_purchase FROM demo\.events WHERE event_time >= /);
    expect(sql('orders from mobile and tablet last week in one row')).toMatch(/^SELECT countIf\(status = 'completed' AND device = 'mobile'\) AS orders_mobile, countIf\(status = 'completed' AND device = 'tablet'\) AS orders_tablet FROM/);
    expect(refusal('revenue by country in one row')).toMatch(/columns of one row/);
  });

  it('"only orders from June 20 to June 29" after a rate of orders: the rows the figure is over, the figure stays', () => {
    expect(last('refund rate by category, all time', 'only orders from June 20 to June 29, 2025'))
      .toBe("SELECT category, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders WHERE order_time >= toDateTime('2025-06-20 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY category ORDER BY refund_rate DESC");
    expect(last('AOV by device last month', 'only orders from the US')).toMatch(/^SELECT device, sum\(revenue\) \/ count\(\) AS aov FROM demo\.orders WHERE status = 'completed' AND country = 'US'/);
  });

  it('"Orders today?" → "Revenue?": a figure alone asked as a question keeps the thread\'s period', () => {
    expect(last('Orders today?', 'Revenue?')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-30 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(last('sessions on mobile last week', 'page views?')).toMatch(/WHERE event_type = 'page_view' AND device = 'mobile' AND event_time >= toDateTime\('2025-06-23/);
    // Said as a statement, a figure alone asks afresh.
    expect(last('Orders today?', 'revenue')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed'");
  });

  it('"for the top one, revenue by month": the first value of the previous ranking, read from its query', () => {
    const s = last('total revenue by country in Q4 2024', 'top 3 only, highest first', 'for the top one, revenue by month in that quarter');
    expect(s).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2024-10-01 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-01-01 00:00:00', 'UTC'\) AND country IN \(SELECT country FROM \(SELECT country, sum\(revenue\) AS total_revenue .* ORDER BY total_revenue DESC LIMIT 1\)\) GROUP BY month ORDER BY month$/);
    expect(last('revenue by category last month', 'orders by day for the bottom 2')).toMatch(/category IN \(SELECT category FROM \(.* ORDER BY total_revenue ASC LIMIT 2\)\) GROUP BY day ORDER BY day$/);
    // After a series there is no ranking of one breakdown to read the top value from: refused, never a top 1 of another ranking.
    expect(() => thread('revenue by month', 'for the top one, orders by device')).toThrow(/"for the top one" is a row of the previous answer/);
  });

  it('"units sold instead (sum of quantity)": a figure written out as its aggregate again is said once', () => {
    expect(last('monthly revenue for the product Ember Webcam', 'units sold instead (sum of quantity)')).toMatch(/^SELECT toStartOfMonth\(o\.order_time\) AS month, sum\(o\.quantity\) AS units FROM demo\.orders AS o INNER JOIN demo\.products AS p .* p\.name = 'Ember Webcam' GROUP BY month ORDER BY month$/);
    expect(sql('units sold by device last week (sum of quantity)')).toBe(sql('units sold by device last week'));
  });

  it('"and by plan?" asked as a question is "what about by plan?"; "and by channel" adds', () => {
    expect(last('signups by channel on 2025-05-16', 'and by plan?')).toMatch(/^SELECT plan, count\(\) AS signups FROM demo\.users .* GROUP BY plan/);
    expect(last('revenue by device last week', 'and by channel')).toMatch(/^SELECT device, channel,/);
    expect(last('revenue by device last week', 'and by channel too?')).toMatch(/^SELECT device, channel,/);
  });
});

describe('blind31: refusals that are now answers', () => {
  it('lead-ins of a close or an audit; the close pack\'s period; "i.e." and "(positive = growth)"', () => {
    expect(sql('Month-end close: what was completed revenue for May 2025, in dollars? Just the number.')).toBe(sql('revenue in May 2025'));
    expect(sql('For the May 2025 close pack I need revenue, the number of refunded orders and the number of cancelled orders. One row, three columns.'))
      .toMatch(/^SELECT sumIf\(revenue, status = 'completed'\) AS total_revenue, countIf\(status = 'refunded'\) AS refunds, countIf\(status = 'cancelled'\) AS cancellations FROM demo\.orders WHERE order_time >= toDateTime\('2025-05-01/);
    expect(sql('Total dollar value of refunded orders (the sum of their revenue) in Q1 2025, i.e. Jan 1 to Mar 31 2025?')).toMatch(/status = 'refunded' AND order_time >= toDateTime\('2025-01-01 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-04-01 00:00:00', 'UTC'\)$/);
    expect(sql('By what percentage did revenue change from April 2025 to May 2025? (positive = growth)')).toBe(sql('By what percentage did revenue change from April 2025 to May 2025?'));
    expect(sql('revenue in the month of April of 2025')).toBe(sql('revenue in April 2025'));
  });

  it('a restated ratio with the question\'s own value; a restated breakdown\'s list of values; the ends of a time column', () => {
    expect(sql('Refund rate for mobile orders over the last 10 days (refunded / all mobile orders), as a fraction.')).toBe(sql('Refund rate for mobile orders over the last 10 days, as a fraction.'));
    expect(refusal('refund rate by device (refunded / all mobile orders)')).not.toBe('answered');
    expect(sql('conversion rate for referral traffic last month (users with a purchase event divided by users with any event)')).toBe(sql('conversion rate for referral traffic last month'));
    expect(sql('Revenue by customer plan (free / starter / growth / enterprise).')).toBe(sql('revenue by customer plan'));
    expect(sql('Earliest and latest order_time in the orders table, across all statuses. One row, two columns.')).toBe("SELECT min(order_time) AS min_order_time, max(order_time) AS max_order_time FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
    // Not of the table itself: the time of the last row is of the rows up to now.
    expect(sql('the latest signup_time')).toMatch(/max\(signup_time\) AS max_signup_time FROM demo\.users WHERE signup_time <= /);
  });

  it('"the four ISO weeks starting …, … and …", "the 4 weeks starting …"; a count the list contradicts is refused', () => {
    const four = "order_time >= toDateTime('2025-06-02 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY week";
    expect(sql('weekly revenue for the four ISO weeks starting 2025-06-02, 06-09, 06-16 and 06-23 — one row per week')).toContain(four);
    expect(sql('weekly revenue for the 4 weeks starting 2025-06-02')).toContain(four);
    expect(refusal('weekly revenue for the three weeks starting 2025-06-02, 06-09, 06-16 and 06-23')).not.toBe('answered');
  });

  it('"and for the type signup?": a value after its dimension\'s name is that value, whatever else the word means; shorthand', () => {
    expect(last('How much events of type login there were in every month?', 'And for the type signup?')).toBe("SELECT toStartOfMonth(event_time) AS month, count() AS events FROM demo.events WHERE event_type = 'signup' GROUP BY month ORDER BY month");
    expect(sql('sessions with event type = purchase yesterday')).toMatch(/WHERE event_type = 'purchase' AND/);
    expect(sql('hw many sesions on mobile yday?')).toBe(sql('how many sessions on mobile yesterday'));
    expect(sql('how many ppl signed up yesterday lol')).toBe(sql('how many people signed up yesterday'));
    expect(sql('avg order val by countrey')).toBe(sql('average order value by country'));
    expect(last('avg order val by country', 'jsut DE and FR', 'by mnth for those two')).toMatch(/country IN \('DE', 'FR'\)/);
  });
});
