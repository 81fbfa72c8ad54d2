/**
 * BI tools' words (bi-words.ts): a question laid out as a Looker / Tableau / Metabase report's fields ("measure: …",
 * "dimension …", "filter on …", an explore) and the edits of such a report ("add a filter on …", "swap the measure to
 * …", "add … as a second dimension", "drop the … dimension", "change the date filter to …") read as the plain words the
 * parser knows; a field that cannot be read is refused, never read without it; the words said otherwise change nothing.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
const LAST_7 = "event_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')";

describe('a question laid out as fields', () => {
  it('reads measure, dimension and filter fields in any order, labelled with ":", "=" or nothing', () => {
    expect(sql('Metric: orders. Dimension: country. Filter: device = mobile.')).toMatch(/^SELECT country, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device = 'mobile' GROUP BY country /);
    expect(sql('Dimensions: plan and country. Measure: count of users.')).toMatch(/^SELECT plan, country, count\(\) AS users FROM demo\.users GROUP BY plan, country /);
    expect(sql('metric = revenue; dimension = order week; filter on order date in last month')).toMatch(/^SELECT toStartOfWeek\(order_time, 1\) AS week, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-01 00:00:00', 'UTC'\) GROUP BY week ORDER BY week$/);
    expect(sql('Metrics: revenue and orders. Dimension: country. Filter on yesterday.')).toMatch(/^SELECT country, sum\(revenue\) AS total_revenue, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-29 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY country /);
  });

  it('reads a label in quotes as the phrase itself, and "<row> month" as the month of those rows', () => {
    expect(sql("measure 'AOV', dimension 'channel', filter on the last 14 days")).toMatch(/^SELECT channel, sum\(revenue\) \/ count\(\) AS aov FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY channel /);
    // No extra count of orders for the word "order" in the dimension.
    expect(sql("measure: 'units sold', dimension: 'order quarter'")).toMatch(/^SELECT toStartOfQuarter\(order_time\) AS quarter, sum\(quantity\) AS units FROM demo\.orders WHERE status = 'completed' GROUP BY quarter ORDER BY quarter$/);
  });

  it('reads the tool and its explore as chatter, or as the table the fields are of', () => {
    expect(sql("In Tableau we had a worksheet with measure 'orders' and dimension 'device', filter on country = US. Could you recreate it?")).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND country = 'US' GROUP BY device /);
    expect(sql("In Metabase I built a question with metric 'refunds' and dimension 'category'. Can you replicate this here?")).toMatch(/^SELECT category, count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' GROUP BY category /);
    expect(sql('In the Orders explore, measure revenue, dimension device')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' GROUP BY device /);
    expect(sql('Events explore - count of distinct sessions, dimension page')).toMatch(/^SELECT page, uniqExact\(session_id\) AS sessions FROM demo\.events GROUP BY page /);
    expect(sql('Users explore: count, dimension: plan')).toMatch(/^SELECT plan, count\(\) AS users FROM demo\.users GROUP BY plan /);
  });

  it('reads a filter as a period on the figure\'s own dates, a value, an inequality or a list of values together', () => {
    expect(sql('measure: sessions, dimension: device, filter on event date = 2025-06-01')).toMatch(/^SELECT device, uniqExact\(session_id\) AS sessions FROM demo\.events WHERE event_time >= toDateTime\('2025-06-01 00:00:00', 'UTC'\) AND event_time < toDateTime\('2025-06-02 00:00:00', 'UTC'\) GROUP BY device /);
    expect(sql('measure: revenue, dimension: device, filter on order date is in the past 30 days')).toMatch(/WHERE status = 'completed' AND order_time >= toDateTime\('2025-05-31 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY device /);
    expect(sql('measure: count of distinct users, dimension: page, filter on the last 7 days')).toContain(`uniqExact(user_id) AS active_users FROM demo.events WHERE ${LAST_7} GROUP BY page`);
    expect(sql('measure: revenue, dimension: channel, filter on mobile')).toMatch(/WHERE status = 'completed' AND device = 'mobile' GROUP BY channel /);
    expect(sql('measure: revenue, dimension: device, filter on country != US')).toMatch(/WHERE status = 'completed' AND country != 'US' GROUP BY device /);
    expect(sql('measure: revenue, dimension: device, filter on device is not equal to tablet')).toMatch(/WHERE status = 'completed' AND device != 'tablet' GROUP BY device /);
    expect(sql('measure: revenue, dimension: device, filter on device is equal to tablet')).toMatch(/WHERE status = 'completed' AND device = 'tablet' GROUP BY device /);
    // Several values of one filter are one filter, not a row each.
    expect(sql('measure: revenue, dimension: device, filter on country is any of DE, FR')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND country IN \('DE', 'FR'\) GROUP BY device /);
    expect(sql('measure: orders, dimension: channel, filter on country = DE, FR, sort descending')).toMatch(/^SELECT channel, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND country IN \('DE', 'FR'\) GROUP BY channel ORDER BY orders DESC$/);
    expect(sql('measure: revenue, dimension: device, filters: country = DE, channel = email')).toMatch(/WHERE status = 'completed' AND country = 'DE' AND channel = 'email' GROUP BY device /);
    // A date set "to" a period, "year-to-date" / "month-to-date" among them.
    expect(sql('measure: orders, dimension: device, filter order date to year-to-date')).toMatch(/WHERE status = 'completed' AND order_time >= toDateTime\('2025-01-01 00:00:00', 'UTC'\) AND order_time <= toDateTime\('2025-06-30 18:00:00', 'UTC'\) GROUP BY device /);
    expect(sql('metric: sessions, dimension: page, filter event date to month-to-date')).toMatch(/FROM demo\.events WHERE event_time >= toDateTime\('2025-06-01 00:00:00', 'UTC'\) AND event_time <= toDateTime\('2025-06-30 18:00:00', 'UTC'\) GROUP BY page /);
  });

  it('reads a sort and a row limit said beside the fields', () => {
    expect(sql('Dimension: event type. Measure: events. Filter on device = desktop, sort ascending, top 3 rows.')).toMatch(/^SELECT event_type, count\(\) AS events FROM demo\.events WHERE device = 'desktop' GROUP BY event_type ORDER BY events ASC LIMIT 3$/);
    expect(sql('Measure: units sold. Dimension: category. Sort descending, first 2 rows.')).toMatch(/^SELECT category, sum\(quantity\) AS units FROM demo\.orders WHERE status = 'completed' GROUP BY category ORDER BY units DESC LIMIT 2$/);
  });

  it('answers the held-out cases', () => {
    expect(sql("In Looker I had an explore with measure 'total revenue' and dimension 'order month', filter on device = tablet. Can you reproduce that?")).toBe("SELECT toStartOfMonth(order_time) AS month, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'tablet' GROUP BY month ORDER BY month");
    expect(sql('Measure: count of distinct sessions. Dimension: page. Filter on event date in the last 7 days.')).toBe(`SELECT page, uniqExact(session_id) AS sessions FROM demo.events WHERE ${LAST_7} GROUP BY page ORDER BY sessions DESC`);
    expect(sql('measure = average quantity per order, dimension = product category, filter on country = DE (completed orders)')).toMatch(/^SELECT category, avg\(quantity\) AS avg_quantity FROM demo\.orders WHERE (?=.*country = 'DE')(?=.*status = 'completed').* GROUP BY category /);
    expect(sql('Dimension: product name. Measure: revenue. Filter on category = sports, sort descending, top 5 rows.')).toMatch(/^SELECT p\.name AS product, sum\(o\.revenue\) AS total_revenue FROM demo\.orders AS o INNER JOIN demo\.products AS p .* WHERE o\.status = 'completed' AND o\.category = 'sports' GROUP BY product ORDER BY total_revenue DESC LIMIT 5$/);
    expect(sql('Measure: refund rate. Dimensions: device and channel. Filter on order date in this year.')).toMatch(/^SELECT device, channel, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate FROM demo\.orders WHERE order_time >= toDateTime\('2025-01-01 00:00:00', 'UTC'\) AND order_time <= toDateTime\('2025-06-30 18:00:00', 'UTC'\) GROUP BY device, channel /);
  });
});

describe('edits of a report', () => {
  it('adds a filter, swaps the measure, adds and drops a dimension', () => {
    const [, filtered, refunds, orders, split, dropped] = thread('measure: revenue, dimension: device', 'add another filter: channel = email', 'change the metric to refunds',
      'use orders as the measure', 'add channel as another dimension', 'remove the device dimension').map(flat);
    expect(filtered).toMatch(/^SELECT device, sum\(revenue\) .* WHERE status = 'completed' AND channel = 'email' GROUP BY device /);
    expect(refunds).toMatch(/^SELECT device, count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' AND channel = 'email' GROUP BY device /);
    expect(orders).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND channel = 'email' GROUP BY device /);
    expect(split).toMatch(/^SELECT device, channel, count\(\) AS orders .* GROUP BY device, channel /);
    expect(dropped).toMatch(/^SELECT channel, count\(\) AS orders .* GROUP BY channel /);
  });

  it('changes a filter\'s value or its period, and removes a filter named by its column', () => {
    const [, period, value, removed] = thread('measure: revenue, dimension: device, filter on country = FR', 'set the time range to the last 14 days',
      'change the country filter to DE', 'remove the filter on country').map(flat);
    expect(period).toMatch(/AND country = 'FR' AND order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\)/);
    expect(value).toMatch(/AND country = 'DE' AND order_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\)/);
    expect(removed).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-16/);
    expect(removed).not.toMatch(/country/);
  });

  it('swaps the dimension, and a measure field alone swaps the figure', () => {
    const [, swapped, figure] = thread('metric: AOV, dimension: channel, filter on paid', 'switch the dimension from channel to device', 'measure: orders').map(flat);
    expect(swapped).toMatch(/^SELECT device, sum\(revenue\) \/ count\(\) AS aov .* channel = 'paid' GROUP BY device /);
    expect(figure).toMatch(/^SELECT device, count\(\) AS orders .* channel = 'paid' GROUP BY device /);
  });

  it('keeps the dimensions said kept when one is dropped', () => {
    expect(last('measure: orders, dimensions: order week and country', 'drop the week dimension, keep country')).toMatch(/^SELECT country, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' GROUP BY country /);
  });

  it('adds a date filter, a second measure; "keep the filters" keeps them', () => {
    const [, dated, both] = thread('revenue by device', 'add a date filter: last week', 'add orders as a second measure').map(flat);
    expect(dated).toMatch(/^SELECT device, sum\(revenue\) .* order_time >= toDateTime\('2025-06-23/);
    expect(both).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue, count\(\) AS orders .* order_time >= toDateTime\('2025-06-23/);
    expect(last('revenue by device only mobile', 'keep the filters but swap the measure to orders')).toMatch(/^SELECT device, count\(\) AS orders .* device = 'mobile'/);
  });

  it('answers the held-out conversations', () => {
    const week = "SELECT toStartOfWeek(order_time, 1) AS week";
    expect(thread('measure: orders, dimension: order week, filter on channel = social', 'add a filter on country = FR', 'swap the measure to AOV').map(flat)).toEqual([
      `${week}, count() AS orders FROM demo.orders WHERE status = 'completed' AND channel = 'social' GROUP BY week ORDER BY week`,
      `${week}, count() AS orders FROM demo.orders WHERE status = 'completed' AND channel = 'social' AND country = 'FR' GROUP BY week ORDER BY week`,
      `${week}, sum(revenue) / count() AS aov FROM demo.orders WHERE status = 'completed' AND channel = 'social' AND country = 'FR' GROUP BY week ORDER BY week`,
    ]);
    const users = thread('Users explore: count of users, dimensions signup month and plan', 'filter on country = SG', 'drop the month dimension, keep plan').map(flat);
    expect(users[0]).toMatch(/^SELECT toStartOfMonth\(signup_time\) AS signup_month, plan, count\(\) AS users FROM demo\.users GROUP BY signup_month, plan /);
    expect(users[1]).toMatch(/^SELECT toStartOfMonth\(signup_time\) AS signup_month, plan, count\(\) AS users FROM demo\.users WHERE country = 'SG' GROUP BY signup_month, plan /);
    expect(users[2]).toMatch(/^SELECT plan, count\(\) AS users FROM demo\.users WHERE country = 'SG' GROUP BY plan /);
    const views = thread('measure: page views, dimension: device, filter on the last 30 days', 'add page as a second dimension', 'now filter on page = /pricing and drop the page dimension').map(flat);
    expect(views[1]).toMatch(/^SELECT device, page, count\(\) AS page_views FROM demo\.events WHERE event_type = 'page_view' AND event_time >= toDateTime\('2025-05-31 00:00:00', 'UTC'\) .* GROUP BY device, page /);
    expect(views[2]).toMatch(/^SELECT device, count\(\) AS page_views FROM demo\.events WHERE event_type = 'page_view' AND page = '\/pricing' AND event_time >= toDateTime\('2025-05-31 00:00:00', 'UTC'\) .* GROUP BY device /);
    const hours = thread('measure: revenue, dimension: hour of day, filter on the last 7 days', 'add a filter on device = mobile', 'change the date filter to yesterday').map(flat);
    expect(hours[1]).toMatch(/^SELECT toHour\(order_time\) AS hour_of_day, sum\(revenue\) .* device = 'mobile' AND order_time >= toDateTime\('2025-06-23 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30/);
    expect(hours[2]).toMatch(/^SELECT toHour\(order_time\) AS hour_of_day, sum\(revenue\) .* device = 'mobile' AND order_time >= toDateTime\('2025-06-29 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\)/);
  });
});

describe('fields that cannot be read', () => {
  it('refuses a labelled field naming nothing of the model, never reading the rest without it', () => {
    expect(refusal('measure: happiness, dimension: device')).toMatch(/could not read the measure "happiness"/);
    expect(refusal('measure: revenue, dimension: colour')).toMatch(/could not read the dimension "colour"/);
    expect(refusal('measure: revenue, dimension: device, filter on colour = red')).toMatch(/could not read the filter "colour = red"/);
    expect(refusal('measure: count, dimension: device')).toMatch(/could not read the measure "count"/);
    // A value of another column is not read as the one named.
    expect(refusal('measure: revenue, dimension: channel, filter on country = mobile')).toMatch(/could not read the filter "country = mobile"/);
    expect(() => thread('revenue by device only FR', 'change the country filter to mobile')).toThrow(/filter/);
  });

  it('refuses a date filter of another table than the figure\'s', () => {
    expect(refusal('measure: revenue, dimension: device, filter on signup date in march 2025')).toMatch(/"signup date" is a date of users, and the figure is counted on orders/);
    expect(refusal('measure: count of users, filter on order date in the last 7 days')).toMatch(/date of orders/);
    expect(refusal('metric: refunds, dimension: category, filter event date to year-to-date')).toMatch(/"event date" is a date of events, and the figure is counted on orders/);
  });

  it('refuses edits that name nothing, and a time bucket dropped with nothing said kept', () => {
    expect(() => thread('revenue by device', 'swap the measure to vibes')).toThrow(/vibes/);
    expect(() => thread('revenue by device', 'add a filter on weather = sunny')).toThrow(/weather/);
    expect(() => thread('revenue by month and device', 'drop the month dimension')).toThrow(/time bucket by name/);
    expect(() => thread('revenue by device', 'filter by country')).toThrow(/filter/);
  });
});

describe('the words said otherwise', () => {
  it('changes nothing when "dimension", "measure" or "explore" is not a field', () => {
    expect(sql('revenue by device (the dimension I care about most)')).toBe(sql('revenue by device'));
    expect(refusal('which dimension drives revenue the most?')).toMatch(/did not understand "dimension"/);
    expect(refusal('how do we measure revenue by device?')).toMatch(/did not understand "measure"/);
    expect(refusal("let's explore revenue by device")).toMatch(/did not understand "explore"/);
  });

  it('reads the filter words the parser read before as it did', () => {
    expect(last('revenue by category', "filter country = 'FR'")).toMatch(/WHERE status = 'completed' AND country = 'FR' GROUP BY category /);
    expect(last('orders by device', 'filter to germany')).toMatch(/WHERE status = 'completed' AND country = 'DE' GROUP BY device /);
  });
});
