/**
 * Mechanisms found with blind49 (test/eval/blind49-*.jsonl), tested with other wordings than the set's own.
 */
import { describe, expect, it } from 'vitest';
import { flat, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const last = (...qs: string[]) => flat(thread(...qs).at(-1)!);
const lastRefusal = (...qs: string[]): string => {
  try { thread(...qs); } catch (e) { return (e as Error).message; }
  return 'answered';
};

describe('blind49: a table as stored', () => {
  it('rows of no table named beside a column of one table count that table, and the column is over the same rows', () => {
    expect(sql('data check: the total number of rows and the number of distinct user_ids in orders')).toBe('SELECT count() AS all_orders, uniqExact(user_id) AS distinct_user_id FROM demo.orders');
    expect(sql('how many rows are in the orders table')).toBe('SELECT count() AS all_orders FROM demo.orders');
    expect(sql('count of all the rows in the orders table')).toBe('SELECT count() AS all_orders FROM demo.orders');
    // A count of completed orders beside a distinct count keeps both to completed orders.
    expect(sql('number of orders and distinct customers')).toContain("WHERE status = 'completed'");
  });

  it('"and in <table>" after a column figure asks it of that table', () => {
    expect(last('how many distinct user_ids are in demo.users', 'and in demo.orders, regardless of status')).toMatch(/^SELECT uniqExact\(user_id\) AS distinct_user_id FROM demo\.orders(?: WHERE status IN \('completed', 'refunded', 'cancelled'\))?$/);
    expect(last('how many distinct user_ids are in demo.orders', 'and in demo.events')).toBe('SELECT uniqExact(user_id) AS distinct_user_id FROM demo.events');
  });

  it('a follow-up of the latest time over every row keeps every row', () => {
    expect(last('latest order_time per country in orders', 'add the earliest order_time too')).not.toContain('<=');
    expect(sql('when was the most recent order')).toContain('<=');
  });
});

describe('blind49: words around a breakdown', () => {
  it('"across" the rows a figure is a column of is over them', () => {
    expect(sql('median price across our books products')).toBe(sql('median price of books products'));
    expect(sql('max price across all products')).toBe('SELECT max(price) AS max_price FROM demo.products');
    expect(sql('revenue across products')).toContain('GROUP BY product');
  });

  it('"<dimension> of the <entity>" is the dimension', () => {
    expect(last('signups in May 2025', 'split that by the plan of the user')).toBe(sql('signups in May 2025 by plan'));
    expect(sql('orders last week by the device of the customer')).toBe(sql('orders last week by device'));
  });

  it('"only the <values> <their column>" filters and keeps the breakdown', () => {
    expect(last('sessions by event_type and device last week', 'only the login and signup steps')).toBe(sql('sessions by event_type and device last week for login and signup'));
    expect(last('orders by country and plan', 'keep just the FR and DE countries')).toBe(sql('orders by country and plan in FR and DE'));
  });

  it('"the weekday" beside "day of the week", with its numbering in words, is the day of the week', () => {
    expect(sql('revenue for each day of the week, the weekday given as a number from 1 for Monday to 7 for Sunday')).toBe(sql('revenue by day of week'));
    expect(sql('orders by day of week on weekdays')).toContain('IN (1, 2, 3, 4, 5)');
  });
});

describe('blind49: periods', () => {
  it('"not counting today" after the last N days says what they are', () => {
    expect(sql('average quantity over the last 14 full days, not including today')).toBe(sql('average quantity over the last 14 days'));
    expect(sql('signups per day for the last 5 days (not today)')).toBe(sql('signups per day for the last 5 days'));
    expect(sql('distinct users with a login over the last 14 days (full days, excluding today)')).toBe(sql('distinct users with a login over the last 14 days'));
    expect(sql('distinct users with a login over the last 14 full days, excluding today')).toBe(sql('distinct users with a login over the last 14 days'));
  });

  it('a year so far after a quarter or month is that quarter or month so far', () => {
    expect(sql('orders in Q2 2025 so far')).not.toMatch(/2025-01-01/);
    expect(sql('units by category, 2025 year to date')).toBe(sql('units by category in 2025 so far'));
  });
});

describe('blind49: edits of an answer', () => {
  it('"please change the <column> to <value>" replaces the value, never a change over time', () => {
    expect(last('events by device on the /blog page last week', 'Please change the page to /pricing, keeping everything else exactly the same.')).toBe(sql('events by device on the /pricing page last week'));
    expect(last('revenue by month this year', 'change the period to last year')).toBe(sql('revenue by month last year'));
    expect(sql('how did revenue change this year to date')).toContain('_change');
  });

  it('what is kept, said as such, asks nothing more', () => {
    expect(last('orders by channel in May 2025', 'only mobile', 'now revenue instead of orders, keeping the mobile filter and the channel grouping')).toBe(sql('revenue by channel in May 2025 on mobile'));
  });

  it('"swap A for B", "leave X out", "as pie", "30d"', () => {
    expect(last('active users by channel last month', 'swap active users for sessions')).toBe(sql('sessions by channel last month'));
    expect(last('orders by country last week', 'leave GB out of it')).toBe(sql('orders by country last week excluding GB'));
    expect(last('orders by category this year', 'as pie')).toBe(last('orders by category this year', 'as a pie chart'));
    expect(last('revenue by device last 7 days', 'now 30d')).toBe(sql('revenue by device last 30 days'));
  });

  it('the SQL "that produced this result"', () => {
    expect(thread('orders by country', 'could you show me the SQL query that produced this table?').at(-1)!.showSql).toBe(true);
  });

  it('"only those who <did something another table records>" is refused, not read as that table\'s figure', () => {
    expect(lastRefusal('customers with more than 3 completed orders by country', 'only those who signed up last year')).toMatch(/narrow an answer only by its own columns/);
  });
});

describe('blind49: listings and words', () => {
  it('the rows of a catalogue (a table with no time column) are listed, by name or in the order asked', () => {
    expect(sql('list all our home products with their prices')).toBe("SELECT name, price FROM demo.products WHERE category = 'home' ORDER BY name ASC, product_id ASC LIMIT 10000");
    expect(sql('show me every product in beauty and its price, most expensive first')).toBe("SELECT name, price FROM demo.products WHERE category = 'beauty' ORDER BY price DESC, product_id DESC LIMIT 10000");
    expect(sql('list the books products sorted by price')).toContain('ORDER BY price ASC');
    expect(last('list all our apparel products with their prices', 'only the ones priced under $20')).toBe("SELECT name, price FROM demo.products WHERE category = 'apparel' AND price < 20 ORDER BY name ASC, product_id ASC LIMIT 10000");
    // "list them" after a count of a catalogue's rows: those rows.
    expect(last('how many products cost less than $30?', 'only in home', 'show me those with their prices, most expensive first')).toBe("SELECT name, price FROM demo.products WHERE price < 30 AND category = 'home' ORDER BY price DESC, product_id DESC LIMIT 10000");
    expect(lastRefusal('how many orders last week', 'list them')).not.toBe('answered');
    // A ranking of products by a figure of another table stays a ranking.
    expect(sql('list the top 3 products by revenue')).toContain('LIMIT 3');
    // The rows asked for and read as one aggregate row is still refused, not averaged.
    expect(refusal('list them with their prices')).not.toBe('answered');
  });

  it('a per-entity average restated as its total over the distinct entities is read once', () => {
    expect(sql('how many page views do we get per user on average? total page views / distinct users')).toBe(sql('how many page views do we get per user on average?'));
  });

  it('a correction opened with an apology replaces the value', () => {
    expect(last('orders per day last week', 'only desktop', 'oh no, very sorry, I meant tablet')).toBe(last('orders per day last week', 'only tablet'));
    expect(last('orders per day last week', 'only desktop', 'my bad, I meant mobile')).toBe(last('orders per day last week', 'only mobile'));
  });

  it('"filtered to <rows> on <value>" keeps those rows', () => {
    expect(sql('orders by country, filtered to orders from the paid channel, last week')).toBe(sql('orders by country from the paid channel last week'));
  });

  it('two values put in one table, a chart for the projector', () => {
    expect(last('refund rate in Japan', 'and in Brazil?', 'can you put both countries into one table so i can compare')).toBe(last('refund rate in Japan', 'and in Brazil?', 'both countries side by side'));
    expect(last('orders by channel', 'make it a pie chart for the big screen')).toBe(last('orders by channel', 'make it a pie chart'));
  });

  it('a lead-in naming a figure per week ("WAU") is context when the question asks it weekly', () => {
    expect(sql('rebuilding our WAU dashboard: weekly active users for the last 6 full weeks')).toBe(sql('weekly active users for the last 6 full weeks'));
  });

  it('a column in several tables is read from the table named as the source', () => {
    expect(sql('number of distinct user_ids and distinct session_ids in the events table last week')).toBe(sql('number of distinct user_ids and distinct session_ids in demo.events last week'));
    expect(sql('number of distinct user_ids and distinct session_ids in the events table last week')).not.toContain('demo.orders');
    expect(sql("for today's partition of events: distinct user_ids")).toBe(sql('distinct user_ids in demo.events today'));
  });

  it('a period said of the time column by its name', () => {
    expect(last('users per channel', 'only the ones whose signup_time is in May')).toBe(sql('users per channel who signed up in May'));
    expect(sql('min and max event_time in demo.events, I just want the bounds of the table')).toBe(sql('min and max event_time in demo.events'));
  });

  it('shorthand and remarks', () => {
    expect(sql('revenue by channel last month - this goes in the board deck')).toBe(sql('revenue by channel last month'));
    expect(sql('orders by device yesterday? thanks in advance :)')).toBe(sql('orders by device yesterday'));
    expect(sql('signups/week this year')).toBe(sql('signups per week this year'));
    expect(sql('top 2 cats by units last month')).toBe(sql('top 2 categories by units last month'));
    expect(sql('cheapest books product, name and price tag')).toBe(sql('cheapest books product, name and price'));
    expect(sql('how many cancellations did we process yesterday')).toBe(sql('how many cancellations yesterday'));
    expect(sql('how many orders have a product_id missing from demo.products? should be zero')).toBe(sql('how many orders have a product_id missing from demo.products?'));
    expect(sql('of the users who signed up in may, what share ever placed a completed order? as a 0-1 fraction')).toBe(sql('of the users who signed up in may, what share ever placed a completed order?'));
    expect(sql('events per day last 3 days, no filter on page')).toBe(sql('events per day last 3 days'));
    expect(sql('repeat buyers by plan — users with 3+ completed orders, counted by their plan')).toBe(sql('users with 3+ completed orders by plan'));
  });
});
