/**
 * Power BI, dbt and GA4 words (bi-tool-words.ts, read first by spreadsheet-words.ts): DAX's DISTINCTCOUNT / COUNTROWS /
 * CALCULATE, slicers, the filter pane and the filter context, visuals and cards, the chatter around them; dbt models'
 * names with a layer prefix, a model named for a figure, tests and grains as labels, "table.column", "every A x B
 * combination"; GA4's remarks and audiences. Read through the agent by the model: a function, a condition, a slicer, a
 * model or an audience that names nothing of it is refused, and plain questions with "card", "visual", "model", "test",
 * "grain" read as before.
 */
import { describe, expect, it } from 'vitest';
import { agent, flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
const YESTERDAY_EVENTS = "event_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_WEEK_ORDERS = "order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const THIS_YEAR_ORDERS = "order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')";

describe('Power BI: DAX functions', () => {
  it('reads DISTINCTCOUNT of a column (of the table written with it) or of a figure as the distinct count', () => {
    expect(sql('DISTINCTCOUNT(orders[user_id]) by device')).toMatch(/^SELECT device, uniqExact\(user_id\) AS distinct_user_id FROM demo\.orders WHERE status = 'completed' GROUP BY device /);
    expect(sql('DISTINCTCOUNT(users[user_id]) by plan')).toBe('SELECT plan, uniqExact(user_id) AS distinct_user_id FROM demo.users GROUP BY plan ORDER BY distinct_user_id DESC');
    expect(sql('distinctcount of buyers by country last month')).toBe(sql('buyers by country last month'));
    expect(sql('SUM(orders[quantity]) per category')).toMatch(/^SELECT category, sum\(quantity\) AS total_quantity FROM demo\.orders WHERE status = 'completed' GROUP BY category /);
  });

  it('reads COUNTROWS as the row count of its table (every status), filtered by FILTER, or a distinct count of VALUES', () => {
    expect(sql('COUNTROWS(events) yesterday')).toBe(`SELECT count() AS events FROM demo.events WHERE ${YESTERDAY_EVENTS}`);
    expect(sql('COUNTROWS(orders) by status')).toBe('SELECT status, count() AS all_orders FROM demo.orders GROUP BY status ORDER BY all_orders DESC');
    expect(sql('COUNTROWS(FILTER(orders, orders[status] = "cancelled")) per device')).toBe("SELECT device, count() AS all_orders FROM demo.orders WHERE status = 'cancelled' GROUP BY device ORDER BY all_orders DESC");
    expect(sql('COUNTROWS(VALUES(users[user_id])) by plan')).toBe(sql('DISTINCTCOUNT(users[user_id]) by plan'));
  });

  it('reads CALCULATE as its figure filtered by its conditions, a measure\'s name before its formula as a label', () => {
    expect(sql('CALCULATE(SUM(orders[revenue]), orders[channel] = "email") by week last month')).toBe(sql('email revenue by week last month'));
    expect(sql('CALCULATE(AVERAGE(orders[quantity]), orders[country] IN {"DE", "FR"})')).toBe("SELECT avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'completed' AND country IN ('DE', 'FR')");
    expect(sql('CALCULATE([Average Order Value], KEEPFILTERS(orders[device] = "desktop")) this year')).toBe(sql('average order value on desktop this year'));
    expect(sql('CALCULATE(SUM(orders[revenue]), orders[quantity] >= 3) by device')).toMatch(/^SELECT device, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND quantity >= 3 GROUP BY device /);
    expect(sql('CALCULATE(COUNTROWS(FILTER(orders, orders[status] = "refunded")), orders[device] = "tablet") by month'))
      .toBe("SELECT toStartOfMonth(order_time) AS month, count() AS all_orders FROM demo.orders WHERE status = 'refunded' AND device = 'tablet' GROUP BY month ORDER BY month");
    expect(sql('Mobile Refunds := CALCULATE(COUNTROWS(orders), orders[device] = "mobile", orders[status] = "refunded") by channel'))
      .toBe("SELECT channel, count() AS all_orders FROM demo.orders WHERE device = 'mobile' AND status = 'refunded' GROUP BY channel ORDER BY all_orders DESC");
  });

  it('reads a sentence holding a formula that the next one asks again in plain words once', () => {
    expect(sql('writing a dax measure like CALCULATE(SUM(orders[quantity]), orders[category] = "books") on a bar visual by country. what are books units sold per country?'))
      .toBe(sql('books units sold per country'));
    // Asked by the formula alone, its period and breakdown are read with it.
    expect(sql('i need a measure that is CALCULATE(SUM(orders[revenue]), orders[device] = "mobile") by month this year'))
      .toBe(`SELECT toStartOfMonth(order_time) AS month, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile' AND ${THIS_YEAR_ORDERS} GROUP BY month ORDER BY month`);
  });
});

describe('Power BI: slicers, the filter pane, the filter context', () => {
  it('reads a slicer set to values as a filter, a condition in the filter pane as said, "no slicers" as nothing more', () => {
    expect(sql("what's the refund rate by category with the device slicer set to tablet")).toBe(sql('refund rate by category on tablet'));
    expect(sql('signups this month, plan slicer = growth')).toBe(sql('growth signups this month'));
    expect(sql('sessions last week with the country slicer on DE and FR')).toMatch(/^SELECT uniqExact\(session_id\) AS sessions FROM demo\.events WHERE country IN \('DE', 'FR'\) AND event_time >= /);
    expect(sql('revenue by device with a slicer for country set to US')).toBe(sql('revenue by device, only country = US'));
    expect(sql('orders by channel, date slicer set to last week')).toBe(sql('orders by channel last week'));
    expect(sql('COUNTD(session_id) with device = desktop in the filter pane, no slicers')).toBe("SELECT uniqExact(session_id) AS distinct_session_id FROM demo.events WHERE device = 'desktop'");
  });

  it('edits a report by its slicers and filter context: set, kept, swapped rows, cleared', () => {
    const [first, ctx, swapped, cleared] = thread('units sold by category this year', 'filter context: mobile only', 'swap the measure to revenue, keep the filter context', 'clear the device slicer').map(flat);
    expect(first).toMatch(/^SELECT category, sum\(quantity\) AS units FROM demo\.orders WHERE status = 'completed' AND order_time >= /);
    expect(ctx).toContain("WHERE status = 'completed' AND device = 'mobile' AND order_time >= ");
    expect(swapped).toBe(`SELECT category, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile' AND ${THIS_YEAR_ORDERS} GROUP BY category ORDER BY total_revenue DESC`);
    expect(cleared).toBe(`SELECT category, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND ${THIS_YEAR_ORDERS} GROUP BY category ORDER BY total_revenue DESC`);
    const plans = thread('orders by country last week', 'add a channel slicer set to paid', 'swap the rows from country to device, keeping the slicer', 'make it a stacked bar visual');
    const want = `SELECT device, count() AS orders FROM demo.orders WHERE status = 'completed' AND channel = 'paid' AND ${LAST_WEEK_ORDERS} GROUP BY device ORDER BY orders DESC`;
    expect(flat(plans[1])).toContain("AND channel = 'paid' AND");
    expect(flat(plans[2])).toBe(want);
    expect(flat(plans[3])).toBe(want);
    expect(plans[3].chartHint).toBe('stacked-bar');
    expect(last('sessions by page this week', 'filter context is country = DE', 'no slicers')).toBe(sql('sessions by page this week'));
  });
});

describe('Power BI: visuals, cards and the chatter around them', () => {
  it('reads a visual as the chart it draws, a card as one number', () => {
    expect(agent.plan('revenue per day last 7 days on an area visual', { now }).chartHint).toBe('area');
    expect(agent.plan('line chart visual of signups by week this year', { now }).chartHint).toBe('line');
    expect(sql('line chart visual of signups by week this year')).toBe(sql('signups by week this year'));
    expect(last('refunds by week this year', 'show that as a KPI card')).toBe("SELECT count() AS refunds FROM demo.orders WHERE status = 'refunded' AND order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('my kpi card computes SUM(orders[revenue]) with country = GB, what value should the card show?')).toBe(sql('revenue with country = GB'));
    expect(sql('table visual in power bi: refunds by status last month')).toBe(sql('refunds by status last month'));
  });

  it('reads remarks about a visual and reconciling it as nothing', () => {
    expect(sql('the matrix looks kinda off - orders by device yesterday?')).toBe(sql('orders by device yesterday'));
    expect(sql('trying to tie out my report: AOV by channel last month')).toBe(sql('AOV by channel last month'));
    expect(sql('sessions by device yesterday? my dashboard is showing something weird')).toBe(sql('sessions by device yesterday'));
    expect(sql('so what number would the card show for COUNTROWS(users) this year')).toBe(sql('row count of users this year'));
  });
});

describe('dbt: models, tests and grains', () => {
  it('reads a model named with a layer prefix as its table, and one named for a figure asked as chatter', () => {
    expect(sql('row count of stg_events by page')).toBe(sql('row count of events by page'));
    expect(sql('SUM(revenue) from fct_order by channel')).toBe(sql('SUM(revenue) by channel'));
    expect(sql('how many products in dim_product per category')).toBe(sql('how many products per category'));
    expect(sql('COUNTROWS(fct_orders) by device')).toBe(sql('COUNTROWS(orders) by device'));
    expect(sql('orders by fct_orders.status (all statuses)')).toBe(sql('orders by status (all statuses)'));
    expect(sql('for the mart_weekly_sessions model: sessions per week over the last 4 weeks')).toBe(sql('sessions per week over the last 4 weeks'));
  });

  it('reads a test or a grain named on the model as a label, a row-count test alone as the row count', () => {
    expect(sql('freshness test on stg_users is red; most recent signup_time in users?')).toBe(sql('most recent signup_time in users?'));
    expect(sql('unique test on orders.order_id fails, how many orders were refunded last month')).toBe(sql('how many orders were refunded last month'));
    expect(sql('the grain is 1 row per session_id - how many events yesterday')).toBe(sql('how many events yesterday'));
    expect(sql('add a row-count test for dim_products')).toBe('SELECT count() AS products FROM demo.products');
    expect(last('row count of fct_events by event_type', 'restrict to yesterday')).toBe(`SELECT event_type, count() AS events FROM demo.events WHERE ${YESTERDAY_EVENTS} GROUP BY event_type ORDER BY events DESC`);
  });

  it('reads "table.column" as the column and "every A x B combination" as by both', () => {
    expect(sql('user count by users.plan')).toBe(sql('user count by plan'));
    expect(sql('refunds for each category/device combo this month')).toBe(sql('refunds by category and device this month'));
    expect(sql('revenue per channel x plan')).toBe(sql('revenue by channel and plan'));
  });
});

describe('GA4 words', () => {
  it('reads a remark naming GA4 as nothing, an audience of values as those rows, GA4\'s names of columns', () => {
    expect(sql('active users by device this week (matches ga4 roughly?)')).toBe(sql('active users by device this week'));
    expect(sql('page views on /pricing yesterday - ga4 default range')).toBe(sql('page views on /pricing yesterday'));
    expect(sql('signups from the BR audience this year')).toBe(sql('BR signups this year'));
    expect(last('sessions by channel last 30 days', 'just the mobile audience')).toMatch(/^SELECT channel, uniqExact\(session_id\) AS sessions FROM demo\.events WHERE device = 'mobile' AND /);
    expect(sql('sessions by default channel group yesterday')).toBe(sql('sessions by channel yesterday'));
    expect(sql('events by event name last week')).toBe(sql('events by event type last week'));
  });
});

describe('words that name nothing of the model', () => {
  it('refuses a DAX function, a condition, a slicer or a filter context naming nothing, by name', () => {
    expect(refusal('DISTINCTCOUNT(mood) by device')).toMatch(/could not read "DISTINCTCOUNT\(mood\)": "mood" names no column or figure/);
    expect(refusal('CALCULATE(SUM(revenue), mood = "sad")')).toMatch(/could not read the condition "mood = sad" of CALCULATE: "mood" names no column/);
    expect(refusal('CALCULATE(SUM(revenue), device = "fridge")')).toMatch(/"fridge" is no value of device/);
    expect(refusal('COUNTROWS(invoices)')).toMatch(/"invoices" names no table/);
    expect(refusal('revenue by device, slicer set to VIP')).toMatch(/could not read the slicer "slicer set to VIP": "VIP" is no value/);
    expect(refusal('orders by channel with the plan slicer set to VIP')).toMatch(/"VIP" is no value I know of plan/);
    expect(refusal('revenue by device with the mood slicer set to happy')).toMatch(/"mood" names no column/);
    expect(refusal('filter context: VIP only')).toMatch(/could not read the filter context "VIP only"/);
  });

  it('leaves a model, a test or an audience naming nothing as said, refused', () => {
    expect(refusal('row count of fct_invoices')).toMatch(/did not understand "fct_invoices"/);
    expect(refusal('unique test on fct_invoices, how many orders?')).toMatch(/did not understand .*"fct_invoices"/);
    expect(refusal('for the fct_daily_revenue model i need orders per day')).toMatch(/did not understand "fct_daily_revenue"/);
    expect(refusal('revenue by device, only the VIP audience')).toMatch(/did not understand "vip", "audience"/);
    expect(refusal('sessions by source/medium last 14 days')).toMatch(/did not understand "source\/medium"/);
  });
});

describe('plain words with "card", "visual", "model", "test", "grain"', () => {
  it('reads them as before', () => {
    expect(refusal('how many orders were paid by card')).toMatch(/did not understand "card"/);
    expect(refusal('revenue by device on a card')).toMatch(/did not understand "card"/);
    expect(refusal('which device model had the most orders')).toMatch(/did not understand "model"/);
    expect(refusal('revenue per model')).toMatch(/did not understand "model"/);
    expect(refusal('orders in the test period last week')).toMatch(/did not understand "test"/);
    expect(refusal('revenue for the test group')).toMatch(/did not understand "test"/);
    expect(refusal("what's the grain of the orders table")).toMatch(/did not understand "grain"/);
    expect(sql('revenue by device as a chart')).toBe(sql('revenue by device'));
    expect(sql('visualise revenue by month this year')).toBe(sql('revenue by month this year'));
    expect(sql('test: orders by device yesterday')).toBe(sql('orders by device yesterday'));
  });
});
