/**
 * Spreadsheet and sheet words (spreadsheet-words.ts): Tableau's functions and shelves ("SUM(x)", "COUNTD(x)",
 * "MONTH(date) on columns", "X (measure)", "with Y as the dimension", "filtered to …"), Excel's pivots and formulas
 * ("Y in rows", "rows = …, columns = …, values = …", COUNTIF / SUMIF / AVERAGEIF), product analytics tools' chatter
 * ("in mixpanel I'd just …", "funnel-ish view:"), and the edits of a sheet ("swap X for Y in the rows", "add Y as
 * columns", "remove X from the view"), read through the agent by the model; a function or a condition whose column
 * names nothing is refused by name, and plain questions with "rows", "columns", "values", "view", "filter" read as before.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
const LAST_14 = "order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_30 = "order_time >= toDateTime('2025-05-31 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";

describe('Tableau: functions, shelves and the chatter around them', () => {
  it('reads SUM / AVG / MIN / MAX / COUNT / COUNTD of a column as that figure of it', () => {
    expect(sql('AVG(quantity) by country')).toMatch(/^SELECT country, avg\(quantity\) AS avg_quantity FROM demo\.orders WHERE status = 'completed' GROUP BY country /);
    expect(sql('MIN(price) by category')).toMatch(/^SELECT category, min\(price\) AS min_price FROM demo\.products GROUP BY category /);
    expect(sql('MAX(revenue) by device')).toMatch(/^SELECT device, max\(revenue\) AS max_revenue FROM demo\.orders /);
    // COUNT of a column counts the rows of its table; COUNT(*) the rows named.
    expect(sql('COUNT(order_id) by channel')).toMatch(/^SELECT channel, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' GROUP BY channel /);
    expect(sql('COUNT(*) of events by page')).toMatch(/^SELECT page, count\(\) AS events FROM demo\.events GROUP BY page /);
    expect(sql('COUNTD(session_id) by WEEK(event_time)')).toBe('SELECT toStartOfWeek(event_time, 1) AS week, uniqExact(session_id) AS distinct_session_id FROM demo.events GROUP BY week ORDER BY week');
    expect(sql('AVG([Quantity]) as the measure, device as the dimension')).toMatch(/^SELECT device, avg\(quantity\) AS avg_quantity FROM demo\.orders /);
  });

  it('reads YEAR / MONTH / WEEK / DAY / DATETRUNC of a date as that bucket of its rows', () => {
    expect(sql('SUM(revenue) by YEAR(order_time)')).toBe("SELECT toStartOfYear(order_time) AS year, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY year ORDER BY year");
    expect(sql('SUM(revenue) by MONTH([Order Date])')).toMatch(/^SELECT toStartOfMonth\(order_time\) AS month, sum\(revenue\) AS total_revenue FROM demo\.orders /);
    expect(sql("revenue by DATETRUNC('quarter', order_time)")).toMatch(/^SELECT toStartOfQuarter\(order_time\) AS quarter, sum\(revenue\) /);
    // Another table's date is that table's bucket: the signup cohort of the buyers.
    expect(sql('SUM(revenue) by MONTH(signup_time)')).toMatch(/^SELECT toStartOfMonth\(u\.signup_time\) AS signup_month, sum\(o\.revenue\) .* INNER JOIN demo\.users AS u /);
  });

  it('reads "X (measure)", "with Y as the dimension", "Y on columns / on color", "as the measure" as fields', () => {
    expect(sql('drag Orders (measure) onto a sheet with Channel as the dimension and filter to Germany, what bars do i get?'))
      .toMatch(/^SELECT channel, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND country = 'DE' GROUP BY channel /);
    expect(sql('sheet with WEEK(event_time) on columns and COUNTD(user_id) as the measure, whole history'))
      .toBe('SELECT toStartOfWeek(event_time, 1) AS week, uniqExact(user_id) AS distinct_user_id FROM demo.events GROUP BY week ORDER BY week');
    expect(sql('DAY(order_time) with SUM(revenue) as the measure, last 7 days')).toMatch(/^SELECT toDate\(order_time\) AS day, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-23/);
    expect(sql('Device on color and SUM(revenue) as the measure')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' GROUP BY device /);
    expect(sql("in tableau i'd drag AOV onto a sheet with plan as the dimension")).toMatch(/^SELECT u\.plan AS plan, sum\(o\.revenue\) \/ count\(\) AS aov /);
  });

  it('reads "filter(ed) to" a value or a period, a date "to month-to-date", and the sheet\'s chatter as nothing', () => {
    expect(sql('measure = revenue, dimension = device, filter order date to month-to-date. what would the view show'))
      .toBe("SELECT device, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY device ORDER BY total_revenue DESC");
    expect(sql("COUNTD(session_id) per device, filtered to the last 14 days - that's the view i'm trying to rebuild"))
      .toMatch(/^SELECT device, uniqExact\(session_id\) AS distinct_session_id FROM demo\.events WHERE event_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND event_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY device /);
    expect(sql('orders for the last 14 days filtered to paid')).toBe(`SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND channel = 'paid' AND ${LAST_14}`);
    expect(sql('top 3 categories by SUM(revenue), sorted descending - the usual top-N filter')).toBe("SELECT category, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY category ORDER BY total_revenue DESC LIMIT 3");
  });

  it('edits the sheet: a second dimension, a period, a dimension removed from the view with the filters kept', () => {
    const [first, split, dated, removed] = thread('AVG(revenue) as the measure with device as the dimension, filter to mobile and tablet', 'add channel as a second dimension',
      'filter to the last 30 days', 'remove device from the view but keep the filters').map(flat);
    expect(first).toMatch(/^SELECT device, avg\(revenue\) AS avg_revenue FROM demo\.orders WHERE status = 'completed' AND device IN \('mobile', 'tablet'\) GROUP BY device /);
    expect(split).toMatch(/^SELECT device, channel, avg\(revenue\) .* GROUP BY device, channel /);
    expect(dated).toContain(`device IN ('mobile', 'tablet') AND ${LAST_30} GROUP BY device, channel`);
    expect(removed).toBe(`SELECT channel, avg(revenue) AS avg_revenue FROM demo.orders WHERE status = 'completed' AND device IN ('mobile', 'tablet') AND ${LAST_30} GROUP BY channel ORDER BY avg_revenue DESC`);
    expect(last('orders by device and country', 'take country off the rows')).toMatch(/^SELECT device, count\(\) AS orders .* GROUP BY device /);
    expect(last('revenue by device', 'add channel to the view')).toMatch(/^SELECT device, channel, sum\(revenue\) .* GROUP BY device, channel /);
  });
});

describe('Excel: pivots and COUNTIF-like formulas', () => {
  it('reads "Y in rows", "rows = …, columns = …, values = …" as a breakdown, the pivot and a flat list as chatter', () => {
    expect(sql("in google sheets i'd do a pivot with device in rows and count of orders in values, refunded only"))
      .toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'refunded' GROUP BY device /);
    expect(sql('pivot: rows = plan, columns = channel, values = count of users. a flat table is fine'))
      .toMatch(/^SELECT plan, channel, count\(\) AS users FROM demo\.users GROUP BY plan, channel /);
    expect(sql('values = count of refunds, rows = category, columns = device'))
      .toMatch(/^SELECT category, device, count\(\) AS refunds FROM demo\.orders WHERE status = 'refunded' GROUP BY category, device /);
  });

  it('reads COUNTIF / SUMIF / AVERAGEIF in words as the figure with its conditions, "the events tab" as the table', () => {
    expect(sql('a COUNTIF on the events tab where event_type = "checkout" - how many rows does that give')).toBe("SELECT count() AS events FROM demo.events WHERE event_type = 'checkout'");
    expect(sql('countif device = tablet, grouped by country')).toMatch(/^SELECT country, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device = 'tablet' GROUP BY country /);
    expect(sql('sumif revenue where device = mobile')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
    expect(sql('averageif quantity where channel = paid')).toBe("SELECT avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'completed' AND channel = 'paid'");
    // Named beside a question already asked, the formula is a remark.
    expect(sql('how many users per country - basically a countif on the users tab')).toMatch(/^SELECT country, count\(\) AS users FROM demo\.users GROUP BY country /);
  });

  it('reads the formulas written out: ranges and criteria, numbers compared, a condition written whole', () => {
    expect(sql('SUMIFS(revenue, device, "mobile", country, "DE")')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile' AND country = 'DE'");
    expect(sql('COUNTIFS(status, "refunded", device, "mobile")')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'refunded' AND device = 'mobile'");
    expect(sql('SUMIF(device, "mobile", revenue)')).toBe(sql('sumif revenue where device = mobile'));
    expect(sql('AVERAGEIF(channel, "paid", quantity) by country')).toMatch(/^SELECT country, avg\(quantity\) AS avg_quantity FROM demo\.orders WHERE status = 'completed' AND channel = 'paid' GROUP BY country /);
    expect(sql('COUNTIF(quantity, ">3") by category')).toMatch(/^SELECT category, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND quantity > 3 GROUP BY category /);
    expect(sql("countif(status = 'cancelled') by device")).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'cancelled' GROUP BY device /);
  });

  it('edits the pivot: a dimension swapped in the rows, one added as columns, a figure added to the values', () => {
    expect(last('countif status = cancelled, grouped by channel', 'swap channel for device in the rows')).toBe("SELECT device, count() AS orders FROM demo.orders WHERE status = 'cancelled' GROUP BY device ORDER BY orders DESC");
    expect(last('pivot: rows = device, values = sum of revenue', 'put channel in the rows instead of device')).toMatch(/^SELECT channel, sum\(revenue\) .* GROUP BY channel /);
    expect(last('revenue by country', 'now add device as columns too, so country x device')).toBe("SELECT country, device, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY country, device ORDER BY total_revenue DESC");
    expect(last('pivot: rows = device, values = sum of revenue', 'add count of orders to the values')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue, count\(\) AS orders /);
  });
});

describe('product analytics tools', () => {
  it('reads "in <tool> I\'d just …" and "funnel-ish view:" as chatter', () => {
    expect(sql("in mixpanel i'd just check unique users who fired checkout in the last 30 days - what's that here?"))
      .toBe("SELECT uniqExact(user_id) AS active_users FROM demo.events WHERE event_type = 'checkout' AND event_time >= toDateTime('2025-05-31 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(sql('funnel-ish view: sessions by event type yesterday')).toMatch(/^SELECT event_type, uniqExact\(session_id\) AS sessions FROM demo\.events WHERE event_time >= toDateTime\('2025-06-29/);
  });
});

describe('words that name nothing of the model', () => {
  it('refuses a function, a condition or a labelled slot whose column names nothing, by name', () => {
    expect(refusal('SUM(happiness) by device')).toMatch(/could not read "SUM\(happiness\)": "happiness" names no column or figure/);
    expect(refusal('COUNTD(vibes) per category')).toMatch(/"vibes" names no column or figure/);
    expect(refusal('COUNTIF mood = sad')).toMatch(/could not read the condition "mood = sad" of COUNTIF: "mood" names no column/);
    expect(refusal('COUNTIF(mood, "sad")')).toMatch(/"mood" names no column/);
    expect(refusal('SUMIF(device, "mobile", happiness)')).toMatch(/"happiness" names no column I know to sum/);
    expect(refusal('countif country = mobile')).toMatch(/"mobile" is no value of country/);
    expect(refusal('pivot: rows = mood, values = revenue')).toMatch(/could not read the dimension "mood"/);
    expect(refusal('values = happiness, rows = device')).toMatch(/could not read the measure "happiness"/);
    expect(refusal('pivot with mood in rows and revenue in values')).toMatch(/did not understand "mood"/);
  });
});

describe('plain words with "rows", "columns", "values", "sheet", "filter", "view"', () => {
  it('reads them as before', () => {
    expect(refusal('revenue by device as columns')).toMatch(/columns of one row/);
    expect(sql('Signups by channel last month, columns: channel_name, signup_count')).toMatch(/^SELECT channel, count\(\) AS signups FROM demo\.users WHERE signup_time >= toDateTime\('2025-05-01/);
    expect(sql('users per plan, broken down by signup channel. Columns: plan, channel, users.')).toMatch(/^SELECT plan, channel AS signup_channel, count\(\) AS users FROM demo\.users GROUP BY plan, signup_channel /);
    expect(sql('how many rows in demo.events')).toBe('SELECT count() AS events FROM demo.events');
    expect(sql('orders by status (rows: completed, refunded, cancelled)')).toMatch(/^SELECT status, count\(\) AS orders FROM demo\.orders WHERE status IN \('completed', 'refunded', 'cancelled'\) GROUP BY status /);
    expect(sql('values: revenue and orders by device')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue, count\(\) AS orders FROM demo\.orders /);
    expect(sql('rows: device')).toBe(sql('revenue by device'));
    expect(sql('views by page last week')).toMatch(/^SELECT page, count\(\) AS page_views FROM demo\.events WHERE event_type = 'page_view' /);
    expect(sql('revenue by device, filter on country = DE')).toMatch(/WHERE status = 'completed' AND country = 'DE' GROUP BY device /);
    expect(sql('sessions where users fired page_view on /pricing')).toBe("SELECT uniqExact(session_id) AS sessions FROM demo.events WHERE event_type = 'page_view' AND page = '/pricing'");
    expect(refusal('next lecture is on AVG(): average event duration in ms per event type')).toBe('answered');
    expect(refusal('Average order value per plan (columns: plan, AOV) for this year')).not.toMatch(/could not read the dimension/);
  });
});
