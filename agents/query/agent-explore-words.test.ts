/**
 * Looker's and Metabase's words (explore-words.ts): an explore's fields ("measure …", "dimension …", "pivot on …",
 * "filter(s) …", "sort … ascending", "row limit N"), a look, a drill; a Metabase summary ("<Table> — Summarize: <metric>
 * by <column>: <bucket>. Filters: …") — each answered as the plain-English question it says; a field that names nothing
 * of the model is refused by name, and plain questions that only share a word with the tools read as before.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { emptyParsed, vocabularyOf, type ParseState } from './parse/state.ts';
import { opensToolLayout, withExploreWords } from './explore-words.ts';
import { flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const state = (): ParseState => ({ model, ...vocabularyOf(model), now, maxRows: 1000, s: '', out: emptyParsed(), tokens: [], raw: [], items: [] }) as unknown as ParseState;
/** The question as the parser is given it. */
const read = (q: string): string => withExploreWords(state(), q);
const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);

describe('Looker: an explore and its fields', () => {
  it('reads measures, dimensions, a pivot (a second breakdown) and the explore\'s date as a period', () => {
    expect(sql('Events explore: measure Events, dimension Event Type, pivot on Device, filter Country is DE, sort Events descending, row limit 3'))
      .toBe(sql('events by event type and device, only country = DE, sorted descending, limit 3'));
    expect(sql('Users explore → measure Count, dimension Plan, pivot on Channel, filter Signup Date is this year')).toBe(sql('users by plan and channel this year'));
    expect(sql('Orders explore: measure Units Sold, dimension Order Month, filter Order Date is in the past 6 months'))
      .toBe(sql('units sold by month in the past 6 months'));
  });

  it('reads a date said beside the fields as a period, never as a breakdown by day', () => {
    const perDevice = sql('Orders explore: Units Sold by Device, Order Date is last month');
    expect(perDevice).toBe(sql('units sold by device last month'));
    expect(perDevice).not.toContain('toDate(');
    expect(sql('Events explore, Active Users, dimension Page, Event Date is in the past 14 days')).toBe(sql('active users by page in the past 14 days'));
    // A date as the dimension is its days.
    expect(sql('Orders explore: measure Revenue, dimension Order Date, filter Order Date is in the past 14 days')).toBe(sql('revenue by day in the past 14 days'));
  });

  it('reads "Count" as the table\'s rows, a sort on the date as its order, and "(count)" after a measure as its type', () => {
    expect(sql('Users explore: measure Count, dimension Signup Week, filter Channel is paid, sort Signup Week ascending.'))
      .toBe("SELECT toStartOfWeek(signup_time, 1) AS signup_week, count() AS users FROM demo.users WHERE channel = 'paid' GROUP BY signup_week ORDER BY signup_week");
    expect(sql('Orders explore: measure Revenue, dimension Order Month, sort Order Month descending')).toBe(sql('revenue by month, newest first'));
    expect(sql('Orders explore joined to Users: dimension Plan, measure Customers (count distinct), sorted descending, row limit 2'))
      .toBe(sql('customers by plan, sorted descending, limit 2'));
    expect(sql('Orders explore joined to Products: dimension Product Name, measure Revenue, sort Revenue descending, row limit 3')).toBe(sql('top 3 products by revenue'));
  });

  it('reads filters: a list, a value list, an exclusion, a comparison', () => {
    expect(sql('Orders explore: measure Average Order Value, dimensions Country and Device, filters Channel is email and Order Date is last month.'))
      .toBe(sql('aov by country and device, only channel = email, last month'));
    expect(sql('Orders explore: measure Revenue, dimension Country, filter Country is DE, FR, GB')).toMatch(/WHERE status = 'completed' AND country IN \('DE', 'FR', 'GB'\) GROUP BY country /);
    expect(sql('Events explore, measure Count, dimension Page, filter Device is not desktop, sort Count descending, row limit 3'))
      .toBe("SELECT page, count() AS events FROM demo.events WHERE device != 'desktop' GROUP BY page ORDER BY events DESC LIMIT 3");
    expect(sql('Orders explore: measure Orders, filter Quantity >= 3, dimension Channel')).toBe(sql('orders with quantity >= 3 by channel'));
  });

  it('reads LookML field names, a pivot said after the breakdown, a range of a number', () => {
    expect(sql('Orders explore: measure orders.total_revenue, dimension orders.created_month, filter orders.created_date is in the past 3 months'))
      .toBe(sql('revenue by month in the past 3 months'));
    expect(sql('Orders explore: Revenue by Category pivoted by Channel, Order Date is last week')).toBe(sql('revenue by category and channel last week'));
    expect(sql('Orders explore: measure Orders, dimension Device, filter Revenue is between 20 and 80')).toBe(sql('orders with revenue >= 20 and revenue <= 80 by device'));
  });

  it('reads a look as chatter: one number when no dimension is said', () => {
    expect(sql('new look: Orders explore, Refunds, Order Date is this month')).toBe(sql('refunds this month'));
    expect(sql('another look — Users explore, Count, Signup Date is yesterday')).toBe(sql('how many users signed up yesterday'));
  });
});

describe('Metabase: a summary of a table', () => {
  it('reads "<Table> — Summarize: <metric> by <column>: <bucket>. Filters: …" as the plain question', () => {
    expect(read('Events — Summarize: Sum of Duration (ms) by Created At: Day. Filters: Page is /cart, Created At is in the previous 7 days.'))
      .toBe('sum of duration_ms by day, only page = /cart, in the previous 7 days');
    expect(read('Orders — Summarize: Average of Quantity by Device. Filters: Created At is in the previous 30 days.')).toBe('average quantity by device, in the previous 30 days');
    expect(read('Users: Count of rows by Plan. Filter: Signup Time is last month')).toBe('count of rows in users by plan, last month');
    // Through the agent (a table named with "table", or after the tool, is no figure's name and definition).
    expect(sql('Orders table — Summarize: Average of Quantity by Device. Filters: Created At is in the previous 30 days.')).toBe(sql('average quantity by device in the previous 30 days'));
    expect(sql('In Metabase, Events — Distinct values of User ID by Created At: Week. Filters: Event Type is purchase.'))
      .toBe("SELECT toStartOfWeek(event_time, 1) AS week, uniqExact(user_id) AS distinct_user_id FROM demo.events WHERE event_type = 'purchase' GROUP BY week ORDER BY week");
    expect(sql('Products table — Summarize: Max of Price by Category.')).toBe(sql('maximum price by category'));
  });

  it('reads "Count of rows" as every row of the table, and "Sum of Revenue" with "Status is completed" as revenue', () => {
    expect(sql('Orders table — Count of rows by Created At: Quarter. Filters: Channel is social.'))
      .toBe("SELECT toStartOfQuarter(order_time) AS quarter, count() AS all_orders FROM demo.orders WHERE channel = 'social' GROUP BY quarter ORDER BY quarter");
    expect(sql('Orders table — Summarize: Sum of Revenue by Created At: Week. Filters: Status is completed, Device is tablet.')).toBe(sql('revenue by week on tablet'));
    expect(sql('Orders table — Summarize: Sum of Quantity by Country. Filters: Status is refunded')).toMatch(/^SELECT country, sum\(quantity\) .* WHERE status = 'refunded' GROUP BY country /);
  });

  it('reads a summary without the table\'s name by what it names', () => {
    expect(sql('Summarize: Count of rows by Page. Filters: Device is tablet, Created At is in the previous 14 days.')).toBe(sql('events by page on tablet in the past 14 days'));
    expect(sql('Sum of Revenue by Created At: Quarter, Filters: Country is JP')).toBe(sql('revenue by quarter in Japan'));
  });

  it('tells the agent a table\'s name before a layout is no figure\'s name', () => {
    expect(opensToolLayout([model], 'Orders — Summarize: Sum of Revenue by Created At: Month.')).toBe(true);
    expect(opensToolLayout([model], 'Users: Count of rows by Channel')).toBe(true);
    expect(opensToolLayout([model], 'refund rate - share of orders that were refunded')).toBe(false);
    expect(opensToolLayout([model], 'AOV: revenue / orders')).toBe(false);
  });
});

describe('edits of an explore or a summary, after an answer', () => {
  it('reads a pivot as a second breakdown, a drill as that value, "summarize by" as the breakdown', () => {
    expect(last('revenue by channel this month', 'pivot on Country')).toBe(sql('revenue by channel and country this month'));
    expect(last('page views by page last week', 'drill into /cart by Device')).toBe(sql('page views on /cart by device last week'));
    expect(last('revenue by device last month', 'drill down into tablet')).toBe(sql('revenue by device on tablet last month'));
    expect(last('count of rows in orders by status, yesterday', 'summarize by Device instead')).toBe(sql('count of rows in orders by device, yesterday'));
  });

  it('reads a filter expression changed, and a date\'s period added', () => {
    expect(last('users by country, only plan = growth', 'change the filter expression to Plan = starter,free')).toMatch(/WHERE plan IN \('starter', 'free'\) GROUP BY country /);
    expect(last('users by plan', 'add Signup Date is last month')).toBe(sql('users by plan last month'));
    expect(last('orders by status', 'filter Created At is yesterday')).toBe(sql('orders by status yesterday'));
    expect(last('sessions by page', 'Filter: Created At is in the previous 3 days')).toBe(sql('sessions by page in the previous 3 days'));
  });
});

describe('what names nothing of the model', () => {
  it.each([
    ['Orders explore: measure Happiness, dimension Country', /measure "Happiness"/],
    ['Orders explore: measure Revenue, dimension Colour', /dimension "Colour"/],
    ['Orders explore: measure Revenue, filter Colour is red', /filter "Colour is red"/],
    ['Orders explore: measure Revenue, filter Country is mobile', /"mobile" is no value of country/],
    ['Users explore: measure Count, filter Order Date is last month', /date of orders with figures of users/],
    ['Orders explore joined to Warehouses: measure Revenue', /"Warehouses" names no table/],
    ['Orders table — Summarize: Sum of Happiness by Country.', /"happiness" names no column/],
    ['Orders table — Summarize: Sum of Revenue by Colour.', /breakdown "Colour"/],
    ['Orders table — Summarize: Sum of Revenue. Filters: Colour is red.', /filter "Colour is red"/],
  ])('refuses "%s", naming the words', (q, why) => {
    expect(refusal(q)).toMatch(why);
  });

  it.each([
    "let's explore revenue by device",
    'look at revenue by device last week',
    'sum of revenue by category',
    'month-over-month revenue for Feb and Mar 2025: month, revenue, previous month',
    'add mobile too',
    'filter to the last 30 days',
    'measure: revenue, dimension: device, filter on the last 7 days',
    'how many distinct values of status are there?',
  ])('leaves "%s" as said', (q) => {
    expect(read(q)).toBe(q);
  });
});
