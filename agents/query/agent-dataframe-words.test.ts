/**
 * pandas and tidyverse code (dataframe-words.ts), read through the agent as the same question in plain words: masks and
 * filter(), groupby / group_by, aggregations, date parts, resample, sorting and head; the chatter around the code; a
 * frame, column, value, method or verb naming nothing of the model refused by name; questions without code unchanged.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { emptyParsed, vocabularyOf, type ParseState } from './parse/state.ts';
import { withDataframeWords } from './dataframe-words.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const { vocab, known } = vocabularyOf(model);
const read = (q: string): string => withDataframeWords({ model, vocab, known, now: new Date('2025-06-30T18:00:00Z'), maxRows: 1000, s: '', out: emptyParsed(), tokens: [], raw: [], items: [] } as ParseState, q);
/** The code answers exactly as the plain words do (and is answered). */
const same = (code: string, plain: string): void => { expect(sql(code)).toBe(sql(plain)); };

describe('pandas: masks', () => {
  it('reads ==, !=, & and | of one column, ~ and .isin as the filters said in words', () => {
    same("df[df.device == 'tablet'].groupby('channel')['revenue'].sum()", 'revenue by channel on tablet');
    expect(sql("df[df.device == 'tablet'].groupby('channel')['revenue'].sum()")).toMatch(/^SELECT channel, sum\(revenue\) .* WHERE status = 'completed' AND device = 'tablet' GROUP BY channel/);
    same("orders[(orders.country == 'FR') & (orders.status == 'refunded')].shape[0]", 'how many orders in France with status refunded');
    same("orders[(orders.channel == 'email') | (orders.channel == 'social')].quantity.mean()", 'average quantity of orders, only channel = email, social combined');
    same("orders[orders.channel.isin(['email', 'social'])].quantity.mean()", 'average quantity of orders, only channel = email, social combined');
    same("events[events.country != 'IN'].groupby('page').session_id.nunique()", 'distinct session_id of events by page excluding IN');
    same("events[~events.page.isin(['/blog', '/'])].shape[0]", 'number of events excluding page = /blog or /');
  });

  it('reads comparisons, .between, .query and .loc; `len(…)` and `.shape[0]` count the rows', () => {
    same("orders[orders.quantity >= 4].groupby('category').size()", 'orders with quantity >= 4 by category');
    same("orders[orders.revenue.between(50, 100)].order_id.count()", 'count of orders with revenue >= 50, with revenue <= 100');
    same(`orders.query("device == 'desktop' and country == 'GB'").revenue.median()`, 'median revenue of orders on desktop in GB');
    same("orders.loc[orders.category == 'books', 'quantity'].sum()", 'sum of quantity of books orders');
    same("len(users[users.plan == 'enterprise'])", 'how many enterprise users');
    same("products[products.price < 20].shape[0]", 'number of products with price < 20');
  });

  it('writes a value that is also a figure\'s word as the value alone ("purchase" of event_type, not the orders)', () => {
    expect(read("df[df.event_type == 'purchase'].user_id.nunique()")).toBe('count of distinct user_id in events, only event_type = purchase event');
    expect(sql("df[df.event_type == 'purchase'].user_id.nunique()")).toMatch(/^SELECT uniqExact\(user_id\) .* FROM demo\.events WHERE event_type = 'purchase'$/);
  });
});

describe('pandas: groups and aggregations', () => {
  it('reads .groupby of one or more columns and every aggregation', () => {
    same("users.groupby(['plan', 'country']).size()", 'users by plan and country');
    same("events.groupby('channel').duration_ms.median()", 'median duration_ms of events by channel');
    same("products.groupby('category').price.min()", 'minimum price by category');
    same("orders.groupby('device').revenue.max()", 'maximum revenue by device');
    same("orders.groupby('channel').user_id.nunique()", 'distinct user_id of orders by channel');
    same("events.page.value_counts()", 'events by page');
    same("users.groupby('channel').agg({'user_id': 'count'})", 'users by channel');
    same("orders.groupby('category').agg(units=('quantity', 'sum'), buyers=('user_id', 'nunique'))", 'sum of quantity and distinct user_id of orders by category');
    same("orders.groupby('device').quantity.agg(['mean', 'max'])", 'average quantity and maximum quantity by device');
  });

  it('reads value_counts(normalize=True) as the share; a column alone names its table ("orders.revenue.sum()" is revenue)', () => {
    same('events.device.value_counts(normalize=True)', 'share of events by device');
    same('orders.revenue.sum()', 'revenue');
    same('orders_df.groupby("country").revenue.mean()', 'average revenue by country');
  });

  it('reads the mean of a column that is also a figure as the column\'s, by a time bucket too', () => {
    expect(sql("orders.set_index('order_time').resample('W').revenue.mean()")).toMatch(/^SELECT toStartOfWeek\(order_time, 1\) AS week, avg\(revenue\) /);
    same("orders.set_index('order_time').resample('W').revenue.mean()", 'average order amount by week');
  });
});

describe('pandas: dates', () => {
  it('reads .dt parts in a mask as a month, a year, days of the week, a run of hours, a day or a range of days', () => {
    same("orders[orders.order_time.dt.month == 3].revenue.sum()", 'revenue in March');
    same("orders[(orders.order_time.dt.year == 2025) & (orders.order_time.dt.month == 2)].shape[0]", 'orders in February 2025');
    same("events[events.event_time.dt.dayofweek < 5].shape[0]", 'events on weekdays');
    same("events[events.event_time.dt.dayofweek == 6].groupby('device').size()", 'events by device on sundays');
    same("orders[(orders.order_time.dt.hour >= 18) & (orders.order_time.dt.hour < 22)].revenue.sum()", 'revenue between 6pm and 10pm');
    same("events[events.event_time.dt.date == '2025-06-10'].shape[0]", 'events on 2025-06-10');
    same("orders[(orders.order_time >= '2025-04-01') & (orders.order_time < '2025-05-01')].revenue.sum()", 'revenue between 2025-04-01 and 2025-04-30');
    same("users[users.signup_time < '2025-01-01'].shape[0]", 'users before 2025-01-01');
  });

  it('reads .groupby of a date part, pd.Grouper and .resample as that bucket of the table\'s date', () => {
    same('orders.groupby(orders.order_time.dt.hour).size()', 'orders by hour of day');
    same('events.groupby(events.event_time.dt.day_name()).session_id.nunique()', 'distinct session_id by day of week');
    same("orders.groupby(orders.order_time.dt.to_period('Q')).revenue.sum()", 'revenue by quarter');
    same("orders.groupby(pd.Grouper(key='order_time', freq='D')).quantity.sum()", 'sum of quantity by day');
    same("users.resample('MS', on='signup_time').size()", 'users by month');
    same("events.set_index('event_time').resample('H').size()", 'events by hour');
    same("users.set_index('signup_time').resample('Y').size()", 'users by year');
  });
});

describe('pandas: order and head', () => {
  it('reads sort_values(…).head(n), nlargest and nsmallest as the top / bottom n, sort_index(ascending=False) as latest first', () => {
    same("orders.groupby('country').quantity.sum().sort_values(ascending=False).head(4)", 'top 4 countries by sum of quantity');
    same("events.groupby('page').size().nlargest(2)", 'top 2 pages by events');
    same("orders.groupby('channel').revenue.sum().nsmallest(2)", 'bottom 2 channels by revenue');
    same("users.channel.value_counts().head(3)", 'top 3 channels by users');
    same("orders.groupby('category').revenue.sum().sort_values()", 'revenue by category, lowest first');
    same("orders.resample('M', on='order_time').size().sort_index(ascending=False)", 'orders by month, latest first');
  });
});

describe('tidyverse pipelines', () => {
  it('reads filter, group_by, summarise with n(), n_distinct() and the aggregations, count and tally', () => {
    same('events %>% filter(page == "/cart") %>% group_by(device) %>% summarise(visits = n_distinct(session_id))', 'distinct session_id of events by device on page /cart');
    same('orders |> filter(status == "refunded", country %in% c("US", "GB")) |> tally()', 'number of orders with status refunded in the US and GB combined');
    same('users %>% filter(plan != "free") %>% count(channel, country)', 'users by channel and country excluding the free plan');
    same('orders %>% group_by(category) %>% summarise(q = median(quantity), top = max(revenue))', 'median quantity and maximum revenue by category');
    same('orders %>% filter(status == "completed") %>% count(wt = quantity)', 'sum of quantity');
    same('events %>% filter(event_type == "login") %>% distinct(user_id) %>% nrow()', 'distinct user_id of events, only event_type = login');
    same('filter(orders, device == "tablet") %>% count(category)', 'orders on tablet by category');
  });

  it('reads mutate(x = hour / wday / month / floor_date(…)) grouped by x, and those parts in filter()', () => {
    same('events %>% mutate(h = hour(event_time)) %>% count(h)', 'events by hour of day');
    same('orders %>% mutate(d = wday(order_time)) %>% group_by(d) %>% summarise(n = n())', 'orders by day of week');
    same('users %>% mutate(mo = floor_date(signup_time, "month")) %>% count(mo)', 'users by month');
    same('users %>% count(m = month(signup_time))', 'users by month of year');
    same('orders %>% group_by(day = as.Date(order_time)) %>% summarise(rev = sum(revenue))', 'revenue by day');
    same('orders %>% filter(month(order_time) == 4) %>% summarise(n = n())', 'orders in April');
    same('orders %>% filter(wday(order_time) %in% c(1, 7)) %>% tally()', 'orders on weekends');
    same('orders %>% filter(wday(order_time, week_start = 1) == 1) %>% tally()', 'orders on mondays');
    same('events %>% filter(hour(event_time) >= 9, hour(event_time) < 12) %>% count(device)', 'events by device between 9am and 12pm');
  });

  it('reads arrange, slice_max / slice_min, count(sort = TRUE) and head, and placeholders as their words', () => {
    same('orders %>% group_by(country) %>% summarise(rev = sum(revenue)) %>% arrange(desc(rev)) %>% head(3)', 'top 3 countries by revenue');
    same('events %>% count(page) %>% slice_min(n, n = 2)', 'bottom 2 pages by events');
    same('users %>% count(country, sort = TRUE) %>% head(4)', 'top 4 countries by users');
    same('orders %>% mutate(h = hour(order_time)) %>% group_by(h) %>% summarise(n = n()) %>% arrange(h)', 'orders by hour of day');
    same('events %>% filter(event_type == "checkout", <last 14 days>) %>% summarise(n = n())', 'checkout events in the last 14 days');
  });
});

describe('the chatter around the code', () => {
  it('reads periods and remarks said around the code as said of it', () => {
    same("orders[orders.device == 'mobile'].groupby('category').size() — only for last month. What does the resulting frame look like?", 'mobile orders by category last month');
    same('users.plan.value_counts() limited to the last 90 days', 'users by plan in the last 90 days');
    same("in pandas: events.groupby('country').user_id.nunique()", 'distinct user_id of events by country');
    same("what would len(orders[orders.status == 'cancelled']) return for this year?", 'number of orders with status cancelled this year');
    same('for Q1 only: orders %>% count(channel)', 'orders by channel in Q1');
  });

  it('keeps a follow-up in plain words on the question the code asked', () => {
    const [code, plain] = [thread("orders.groupby('country').revenue.sum()", 'only on mobile'), thread('revenue by country', 'only on mobile')].map((t) => flat(t.at(-1)!));
    expect(code).toBe(plain);
    expect(code).toContain("device = 'mobile'");
  });
});

describe('refusals and questions without code', () => {
  it('refuses a frame, a column, a value, a method or a verb that names nothing of the model, naming it', () => {
    expect(refusal("visits.groupby('device').size()")).toMatch(/frame "visits" names no table/);
    expect(refusal("orders.groupby('coupon').size()")).toMatch(/column "coupon"/);
    expect(refusal("orders[orders.status == 'shipped'].shape[0]")).toMatch(/"shipped" is no value of status/);
    expect(refusal("orders.revenue.describe()")).toMatch(/\.describe\(…\)/);
    expect(refusal('orders %>% left_join(users) %>% count(plan)')).toMatch(/"left_join\(\)"/);
    expect(refusal("users.groupby('device').size()")).toMatch(/"device" is no column of users/);
  });

  it('refuses what the code does not say: a frame several tables could be, an unsorted head, another table\'s date', () => {
    expect(refusal("df.groupby('device').size()")).toMatch(/"df" could be orders or events/);
    expect(refusal("orders.groupby('country').size().head(3)")).toMatch(/sort by the figure first/);
    expect(refusal("orders.set_index('signup_time').resample('W').size()")).toMatch(/"signup_time" is no column of orders/);
    expect(refusal("orders[(orders.device == 'mobile') | (orders.country == 'US')].shape[0]")).toMatch(/"\|" only between values of one column/);
  });

  it('leaves questions without dataframe code as they are', () => {
    for (const q of ['revenue by country last month', 'COUNTD(users[user_id]) by plan', 'SUM(revenue) by MONTH(order_time)', 'orders.status by device',
      'CALCULATE(SUM(orders[revenue]), orders[device] = "tablet")', 'e.g. revenue by country, i.e. the total', 'what is node.js', 'users (excluding the free plan) by country']) {
      expect(read(q)).toBe(q);
    }
  });
});
