/**
 * Phrasings of the blind30 set (written blind), each fixed by a mechanism, tested here with other wordings: a value
 * said of how a user signed up ("signed up via social", "acquired through paid", "signup channel is social") is the
 * user's own column; the scale a share is written in ("one number between 0 and 1") is no filter; a table named as
 * the source ("from the product catalog", "demo.orders") is no breakdown; "including every status"; "at least one
 * order" after "how many users"; lead-ins and audiences ("sanity check:", "for the board"); weeks named again in a
 * range; "… then" keeping the thread's period.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);

describe('blind30: wrong answers that are now right', () => {
  it('a value of how a user signed up filters the user\'s column, never the order\'s', () => {
    const cohort = sql('how many users who signed up via social in 2024 placed an order');
    expect(cohort).toContain("u.channel = 'social'");
    expect(cohort).toContain('uniqExact(o.user_id)');
    expect(cohort).toContain("u.signup_time >= toDateTime('2024-01-01 00:00:00', 'UTC')");
    expect(cohort).not.toContain('o.channel');
    expect(sql('How many users who signed up through social during 2024 have placed at least one completed order (ever)?')).toBe(cohort);
    expect(sql('revenue where signup channel is social')).toBe("SELECT sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' AND u.channel = 'social'");
    expect(sql('revenue by device, signup channel = paid')).toContain("u.channel = 'paid' GROUP BY device");
    // Over the users' own rows the channel is their column already.
    expect(sql('how many users signed up via social during 2024')).toMatch(/^SELECT count\(\) AS users FROM demo\.users WHERE channel = 'social'/);
    expect(sql('Of the users who came in through referral, what percentage are on a paid plan (starter, growth or enterprise)?')).toContain("FROM demo.users WHERE channel = 'referral'");
  });
  it('"only users acquired through the paid channel" after an order figure keeps it and filters the users', () => {
    const q = last('AOV by plan in Q1 2025', 'only users acquired through the paid channel', 'by device instead of plan');
    expect(q).toContain("u.channel = 'paid'");
    expect(q).toContain('GROUP BY device');
    expect(q).not.toContain('o.channel');
  });
  it('"one number between 0 and 1" is the scale of the share, never a revenue filter', () => {
    const share = sql('What fraction of completed orders in March 2025 were placed on mobile?');
    expect(sql('What fraction of completed orders in March 2025 were placed on mobile? One number between 0 and 1.')).toBe(share);
    expect(sql('refund rate in May 2025 as a decimal between 0 and 1')).toBe(sql('refund rate in May 2025'));
    expect(sql('orders with revenue between 0 and 100')).toContain('revenue >= 0 AND revenue <= 100');
  });
  it('the table named as the source is no breakdown by its rows', () => {
    const avg = sql('average list price of products per category');
    expect(avg).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC');
    expect(sql('Average list price of products per category (from the product catalog).')).toBe(avg);
    expect(sql('average price of products per category (from the products table)')).toBe(avg);
    // A table named nowhere else stays named: it says which rows are meant.
    expect(sql('How many distinct user_ids show up in the events table overall?')).toContain('FROM demo.events');
    expect(sql('how many events reference a user_id that does not exist in the users table?')).toContain('NOT IN (SELECT user_id FROM demo.users)');
    expect(sql('how many rows in demo.events')).toBe('SELECT count() AS events FROM demo.events');
  });
  it('"including every status", "all statuses included" count every status, with no split by it', () => {
    const all = sql('total row count of orders regardless of status');
    expect(all).not.toContain('GROUP BY');
    for (const q of ['sanity check: total row count of demo.orders, every status included', 'total row count of orders including every status', 'total row count of orders, all status included']) expect(sql(q), q).toBe(all);
    expect(sql('revenue including all refunded orders')).toBe(sql('revenue including refunded orders'));
    expect(sql('revenue including all refunded orders')).toContain("status IN ('completed', 'refunded')");
  });
});

describe('blind30: refusals that are now answers', () => {
  it('lead-ins naming the kind of request, and whom the answer is for', () => {
    expect(sql('Data check for March 2025: number of orders per status')).toBe(sql('number of orders per status in March 2025'));
    expect(sql('Product catalog check: how many products are in each category?')).toBe(sql('how many products are in each category?'));
    expect(sql('Total revenue in 2024 — one number for the board.')).toBe(sql('Total revenue in 2024'));
    expect(sql('For the investor update I need revenue per quarter, all data')).toBe(sql('revenue per quarter, all data'));
    expect(refusal('revenue per country for the garden')).toMatch(/"garden"/);
  });
  it('a period\'s row named by its first day, weeks starting Monday, a unit said as what it is not', () => {
    const quarters = sql('revenue by quarter, all time');
    expect(sql("Revenue by quarter, labelled with each quarter's first day (e.g. 2024-07-01), covering all the data.")).toBe(quarters);
    expect(sql('Weekly revenue (weeks start Monday) from 2025-03-03 through 2025-03-30')).toBe(sql('Weekly revenue from 2025-03-03 through 2025-03-30'));
    expect(sql('Average checkout-event duration in seconds (not ms), by device.')).toBe(sql('Average checkout-event duration in seconds, by device.'));
  });
  it('a range of weeks whose last week is named again ("… through the week starting 2025-04-28")', () => {
    const weeks = sql('WAU for the weeks starting 2025-04-07 through 2025-04-28');
    expect(weeks).toContain("event_time < toDateTime('2025-05-05 00:00:00', 'UTC')");
    expect(sql('WAU for the ISO weeks starting Monday 2025-04-07 through the week starting 2025-04-28')).toBe(weeks);
  });
  it('"(tablet excluded)", "#orders", "shw sql"', () => {
    expect(sql('refund rate by device (tablet excluded) in May 2025')).toBe(sql('refund rate by device excluding tablet in May 2025'));
    expect(sql('#orders yday')).toBe(sql('# orders yesterday'));
    expect(thread('orders by country', 'shw sql')[1].showSql).toBe(true);
  });
  it('"how many users … placed at least one order" counts the users who placed one', () => {
    expect(sql('how many users placed at least one order in May 2025')).toBe(sql('how many users placed an order in May 2025'));
    expect(sql('how many users placed at least 2 orders in May 2025')).toContain('HAVING orders >= 2');
  });
  it('"… then" asks the figure of what the thread has so far (its period kept)', () => {
    expect(last('total number of sessions in May 2025', 'and page views?', 'page views per session then — one number')).toContain("event_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });
});

describe('blind30: orders, columns and restated parts', () => {
  it('"most sessions first", "cheapest first", "priciest first": the order of the rows (the model\'s rank words)', () => {
    expect(sql('top 3 pages by sessions, most sessions first')).toBe(sql('top 3 pages by sessions'));
    expect(sql('The 4 cheapest electronics products, cheapest first')).toMatch(/ORDER BY avg_price ASC LIMIT 4$/);
    expect(sql('the 3 most expensive apparel products — name and price, priciest first')).toMatch(/ORDER BY avg_price DESC LIMIT 3$/);
  });
  it('"prods", "ctry", "name": the model\'s synonyms of product and country', () => {
    expect(sql('top 5 prods by units sold (sum of qty), all time')).toBe(sql('top 5 products by units sold, all time'));
    expect(last('#orders yday', 'by ctry', 'rev by ctry instead', 'top 3')).toBe(sql('top 3 countries by revenue yesterday'));
  });
  it('"(sessions divided by active users)" after "sessions per active user" restates it', () => {
    expect(sql('Average number of sessions per active user in March 2025 (sessions divided by active users) — one number.')).toBe(sql('Average number of sessions per active user in March 2025'));
    expect(sql('Average number of orders per customer in 2024 (orders / customers)')).toBe(sql('Average number of orders per customer in 2024'));
    // Other words than the question's own stay refused.
    expect(refusal('revenue per customer (orders / customers)')).toMatch(/orders \/ customers/);
  });
  it('"which plan\'s users have the highest refund rate": the users\' plan; "return the top 3" asks, it is no refund', () => {
    expect(sql("Which plan's users have the highest refund rate (refunded orders / all their orders)? Return just the top plan and its rate.")).toBe(sql('which plan has the highest refund rate'));
    expect(sql('revenue by country, return the top 3')).toBe(sql('top 3 countries by revenue'));
    expect(sql('returns by country')).toContain("status = 'refunded'");
  });
  it('"the same weekday a week earlier (2025-06-03)" is the day in brackets when it is that day', () => {
    expect(sql('Compare revenue on 2025-06-10 with the same weekday a week earlier (2025-06-03)')).toBe(sql('Compare revenue on 2025-06-10 with 2025-06-03'));
    expect(refusal('Compare revenue on 2025-06-10 with the same weekday a week earlier (2025-06-04)')).toMatch(/earlier/);
  });
  it('"put Singapore next to it" adds the value beside the answer\'s own', () => {
    expect(last('revenue in Vietnam by month', 'put Singapore next to it — one row per country and month')).toContain("country IN ('VN', 'SG')");
  });
});

describe('blind30: a follow-up naming a cohort', () => {
  it('"only users who signed up …" refines the answer (its figure and breakdown kept), never asks afresh', () => {
    expect(last('how many users per channel?', 'only users who signed up between 2025-01-01 and 2025-05-31')).toBe(sql('users per channel who signed up between 2025-01-01 and 2025-05-31'));
    const orders = last('orders per channel', 'only users who signed up in May 2025');
    expect(orders).toMatch(/^SELECT o\.channel AS channel, count\(\) AS orders FROM demo\.orders AS o INNER JOIN demo\.users AS u/);
    expect(orders).toContain("u.signup_time >= toDateTime('2025-05-01 00:00:00', 'UTC')");
  });
});


describe('blind29 misses mended on the way', () => {
  it('"orders on both of those days" after two one-day answers covers both days (it answered the last one alone)', () => {
    const both = last('revenue yesterday?', 'day before?', 'orders on both of those days, one row per day');
    expect(both).toContain("order_time >= toDateTime('2025-06-28 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
    expect(both).toBe(last('revenue yesterday?', 'day before?', 'orders on both days, one row per day'));
    const apart = last('revenue on 2025-06-10', 'and on 2025-06-03?', 'orders on both of those days, one row per day');
    expect(apart).toContain("order_time >= toDateTime('2025-06-03 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-04 00:00:00', 'UTC') OR order_time >= toDateTime('2025-06-10 00:00:00', 'UTC')");
    // "those days" with one period before it is that period.
    expect(last('revenue yesterday', 'refunds on those days')).toContain("order_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
  });
});

describe('blind29 misses mended on the way: a period compared with one apart', () => {
  it('"compare with 2025-06-03" after an answer for 2025-06-10: both days, a row each (it was refused)', () => {
    const two = last('events by type on 2025-06-10', 'compare with 2025-06-03 — one row per day and event type');
    expect(two).toMatch(/^SELECT toDate\(event_time\) AS day, event_type, count\(\) AS events FROM demo\.events WHERE/);
    expect(two).toContain("event_time >= toDateTime('2025-06-03 00:00:00', 'UTC') AND event_time < toDateTime('2025-06-04 00:00:00', 'UTC') OR event_time >= toDateTime('2025-06-10 00:00:00', 'UTC')");
    expect(last('revenue in May 2025', 'compare with March 2025')).toContain('GROUP BY month');
    expect(() => thread('revenue in May 2025', 'compare with the last 7 days')).toThrow(/same length/);
  });
});

describe('found on the way: both ends of a column or of a ranking', () => {
  it('"the lowest and the highest price" is min and max (it answered the highest alone, or a top-1 of the average)', () => {
    const both = sql('min and max price by category');
    expect(both).toContain('min(price) AS min_price, max(price) AS max_price');
    expect(sql('lowest and highest price by category')).toBe(both);
    expect(sql('For each category, give me the lowest and the highest product list price.')).toBe(both);
    expect(sql('the lowest and the highest revenue per order by country')).toContain('min(revenue) AS min_revenue, max(revenue) AS max_revenue');
  });
  it('both ends of a ranking at once are refused (the last end named was answered alone)', () => {
    for (const q of ['which country has the highest and lowest revenue', 'top 3 and bottom 3 countries by revenue', 'the best and worst country by revenue']) {
      expect(refusal(q), q).toMatch(/both ends of a ranking/);
    }
    expect(last('top 3 countries by revenue', 'and the bottom 3?')).toMatch(/ORDER BY total_revenue ASC LIMIT 3$/);
  });
});

describe('found on the way: earlier sets\' refusals', () => {
  it('"by what percent did … change …? One number, as a percent" is the change in percent', () => {
    expect(sql('Week-over-week: by what percent did the number of orders last week change compared with the week before? One number, as a percent.'))
      .toBe(sql('by what percent did the number of orders last week change compared with the week before?'));
  });
  it('"top 3 user_id by lifetime revenue": the key as the ranked rows is its entity where the model\'s rows are that key', () => {
    expect(sql('top 3 user_id by lifetime revenue')).toBe(sql('top 3 customers by lifetime revenue'));
    expect(sql('top 3 user ids by revenue')).toBe(sql('top 3 customers by revenue'));
    expect(refusal('top 5 product ids by orders')).toMatch(/product ids/);
  });
});

describe('"bought" read by its context', () => {
  it('people who bought something are the buyers (completed orders); with another event named it is the purchase event', () => {
    const buyers = sql('how many customers bought something on 2025-06-10');
    expect(buyers).toMatch(/^SELECT uniqExact\(user_id\) AS customers FROM demo\.orders WHERE status = 'completed'/);
    expect(sql('gimme the # of ppl who bought smth on 2025-06-10')).toBe(buyers);
    expect(sql('how many users bought something on 2025-06-10')).toBe(buyers);
    // "purchased" is the event's own verb; "bought" beside another event stays an event.
    expect(sql('how many users purchased on 2025-06-10')).toContain("event_type = 'purchase'");
    expect(sql("how many users added something to cart yesterday but didn't buy?")).toContain('FROM demo.events');
  });
});
