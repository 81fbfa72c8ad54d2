import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type ConversationState } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const flat = (s: string): string => s.replace(/\s+/g, ' ');
const chain = (...qs: string[]): string => {
  let state: ConversationState | undefined;
  let last = '';
  for (const q of qs) { const p = agent.plan(q, { now, state }); state = p.state; last = flat(p.sql); }
  return last;
};
const sql = (q: string): string => chain(q);
const refused = (...qs: string[]): string | undefined => {
  try { chain(...qs); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};

describe('shares of a whole: the one value filtered on over the figure without it', () => {
  it.each([
    ['what fraction of orders were refunded last month', "countIf(status = 'refunded') / count() AS share"],
    ['percentage of sessions on mobile', "uniqExactIf(session_id, device = 'mobile') / uniqExact(session_id) AS share"],
    ['how much of our revenue came from electronics, in percent', "sumIf(revenue, category = 'electronics') / sum(revenue) AS share, 100 * sumIf(revenue, category = 'electronics') / sum(revenue) AS percent"],
  ])('%s', (q, part) => { expect(sql(q)).toContain(part); });
  it('two values filtered on: the one after "came from" is the part, the one of the whole its rows (parse/share-part.ts)', () => {
    expect(sql('what percent of mobile orders came from the US')).toContain("countIf(country = 'US') / count() AS share, 100 * countIf(country = 'US') / count() AS percent FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
  });
  it('the share of entities passing a threshold', () => {
    expect(sql('what percentage of buyers ordered at least 3 times')).toContain('countIf(orders >= 3) / count() AS share_customers');
    expect(sql('revenue growth last month')).toMatch(/argMax\(total_revenue, month\) \/ argMin\(total_revenue, month\) - 1, NULL\) AS total_revenue_change_percent FROM/);
    expect(sql('share of customers who bought more than once')).toMatch(/countIf\(orders > 1\) \/ count\(\) AS share_customers FROM \( SELECT user_id, count\(\) AS orders .* GROUP BY user_id \)$/);
  });
});

describe('percent-like outputs are fractions shown as percents', () => {
  const cols = (q: string) => agent.plan(q, { now }).columns;
  it.each([
    'by what percentage did revenue grow last month',
    'percentage growth in signups last week vs the week before',
    'what percent of orders were refunded, in percent',
    'share of revenue by device in percent',
    'refund rate by country',
  ])('%s', (q) => {
    // The fraction with format percent always; a number of percent (×100) only follows it when asked "in percent".
    expect(cols(q).some((c) => c.format === 'percent')).toBe(true);
    const i = cols(q).findIndex((c) => c.format === 'percent');
    expect(cols(q).findIndex((c) => c.format === 'decimal(1)')).not.toBe(0);
    expect(cols(q).slice(0, i).some((c) => c.format === 'decimal(1)')).toBe(false);
  });
});

describe('days of the week and hours of the day as filters', () => {
  it.each([
    ['signups at the weekend', 'toDayOfWeek(signup_time) IN (6, 7)'],
    ['revenue on working days by category', 'toDayOfWeek(order_time) IN (1, 2, 3, 4, 5)'],
    ['sessions on fridays', 'toDayOfWeek(event_time) = 5'],
    ['orders placed after 10pm', 'toHour(order_time) IN (22, 23)'],
    ['page views from 9am to noon', 'toHour(event_time) IN (9, 10, 11)'],
    ['events between 11pm and 1am', 'toHour(event_time) IN (23, 0)'],
  ])('%s', (q, part) => { expect(sql(q)).toContain(part); });
  it('"by weekday" still groups', () => { expect(sql('orders by weekday')).toContain('GROUP BY day_of_week'); });
  it('groups of days side by side are a row per group, not merged (agent-value-groups.test.ts)', () => {
    expect(sql('signups on weekdays versus weekends')).toMatch(/multiIf\(toDayOfWeek\(signup_time\) IN \(1, 2, 3, 4, 5\), 'weekdays', toDayOfWeek\(signup_time\) IN \(6, 7\), 'weekends', ''\) AS day_of_week/);
  });
  it('as a refinement the filter is added', () => {
    expect(chain('orders by hour of day', 'just weekends')).toMatch(/toDayOfWeek\(order_time\) IN \(6, 7\) GROUP BY hour_of_day/);
  });
});

describe('refinements that keep the question', () => {
  it('"only cancelled orders" on a figure that may count any status filters the status, keeping the figure', () => {
    expect(chain('revenue by channel last month', 'just the refunded orders')).toMatch(/SELECT channel, sum\(revenue\) .* WHERE status = 'refunded'/);
    expect(chain('average order quantity by device', 'only cancelled orders')).toContain("avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'cancelled'");
  });
  it('a filter the figure\'s table lacks is refused, the figure is not swapped for another', () => {
    expect(refused('how many products per category', 'only on tablet')).toMatch(/nothing was changed/);
    expect(refused('signups by plan', 'only desktop')).toMatch(/nothing was changed/);
  });
  it('"and split it by …" adds to the time bucket', () => {
    expect(chain('signups per week', 'and split it by channel')).toMatch(/GROUP BY week, channel/);
  });
  it('"as a table" / "in a list" changes nothing', () => {
    const before = chain('refunds by country last month');
    expect(chain('refunds by country last month', 'in a table')).toBe(before);
    expect(chain('refunds by country last month', 'show that as a list')).toBe(before);
  });
});

describe('unknown words before the subject are named unless a request opens the message', () => {
  it('refuses an unknown verb', () => {
    expect(refused('zarble the orders by country')).toMatch(/"zarble"/);
  });
  it('skips request phrasing', () => {
    expect(sql('please quickly tally up the orders by country')).toContain('GROUP BY country');
  });
});

it.each(['what was the revenue growth rate last month', 'growth rate of orders in May', 'signups growth in May'])('a growth rate is the fraction alone: %s', (q) => {
  const cols = agent.plan(q, { now }).columns;
  expect(cols.map((c) => c.format)).toContain('percent');
  expect(cols.some((c) => c.name.endsWith('_change_percent') && c.format === 'percent')).toBe(true);
  expect(cols.some((c) => c.format === 'decimal(1)')).toBe(false);
});

describe('averages of a figure counted per period (DAU / WAU / MAU)', () => {
  it.each([
    ['average DAU last week', 'toDate(event_time) AS day', 'avg(active_users)'],
    ['average daily active users in May', 'toDate(event_time) AS day', 'avg(active_users)'],
    ['avg WAU in May', 'toStartOfWeek(event_time, 1) AS week', 'avg(active_users)'],
    ['mean MAU', 'toStartOfMonth(event_time) AS month', 'avg(active_users)'],
    ['max dau last month', 'toDate(event_time) AS day', 'max(active_users)'],
    ['mean weekly signups', 'toStartOfWeek(signup_time, 1) AS week', 'avg(signups)'],
  ])('%s', (q, inner, outer) => {
    const s = sql(q);
    expect(s).toContain(inner);
    expect(s).toMatch(new RegExp(`^SELECT ${outer.replace(/[()]/g, '\\$&')} AS `));
  });
});

describe('figures of the events per user (an entity of another table, reached by its key)', () => {
  it.each([
    ['avg number of sessions per user by country', 'SELECT country, avg(sessions)', 'GROUP BY country, user_id'],
    ['sessions per user', 'SELECT avg(sessions)', 'GROUP BY user_id'],
    ['events per user by device', 'SELECT device, avg(events)', 'GROUP BY device, user_id'],
    ['average number of events per user last week', 'SELECT avg(events)', 'GROUP BY user_id'],
  ])('%s', (q, outer, inner) => {
    const s = sql(q);
    expect(s).toContain(outer);
    expect(s).toContain(inner);
    expect(s).toContain('FROM demo.events');
  });
  it('a filtered figure per user counts every active user, those without one as 0', () => {
    expect(sql('page views per user')).toBe("SELECT avg(page_views) AS avg_page_views_per_active_user FROM ( SELECT user_id, countIf(event_type = 'page_view') AS page_views, uniqExact(user_id) AS active_users FROM demo.events GROUP BY user_id )");
    expect(sql('average page views per user by device')).toContain('GROUP BY device, user_id');
  });
  it('orders per customer are unchanged; orders per user (no key count of all users on orders) is refused', () => {
    expect(sql('orders per customer')).toContain("WHERE status = 'completed' GROUP BY user_id");
    expect(refused('orders per user')).toMatch(/NOT_UNDERSTOOD/);
  });
});
