/**
 * Mechanisms found with the blind8 set: the bottom of a ranking keeps groups with none of the counted rows, a value used
 * as the noun of a ranking names rows of its table, "only X and Y" restricts a breakdown instead of replacing it.
 */
import { describe, expect, it } from 'vitest';
import { agent, now, thread, flat, sql, refusal } from '../../test/support/plan-kit.ts';


describe('rankings from the bottom', () => {
  it('the least viewed pages count every page of the period, 0 included (the filter moves into the aggregate)', () => {
    expect(sql('5 least viewed pages last month (page views)')).toMatch(/^SELECT page, countIf\(event_type = 'page_view'\) AS page_views FROM demo\.events WHERE event_time >= .* GROUP BY page ORDER BY page_views ASC LIMIT 5$/);
    expect(sql('bottom 3 countries by revenue')).toContain("sumIf(revenue, status = 'completed')");
  });
  it('the top of a ranking keeps the filter in WHERE', () => {
    expect(sql('top 5 pages by page views last month')).toContain("WHERE event_type = 'page_view'");
  });
});

describe('a value as the noun of a ranking', () => {
  it('"top 5 books by revenue" ranks the products of that category, not the category total', () => {
    expect(sql('top 5 books by revenue last 30 days')).toMatch(/SELECT p\.name AS product, sum\(o\.revenue\) AS total_revenue FROM demo\.orders AS o INNER JOIN demo\.products AS p .* AND o\.category = 'books' .* GROUP BY product ORDER BY total_revenue DESC LIMIT 5$/);
    expect(sql('top 3 electronics by units sold')).toMatch(/o\.category = 'electronics' GROUP BY product ORDER BY units DESC LIMIT 3$/);
  });
  it('"same for beauty" keeps the ranking of products and swaps the category', () => {
    const [, b] = thread('top 5 books by revenue last 30 days', 'same for beauty');
    expect(flat(b)).toMatch(/o\.category = 'beauty' .* GROUP BY product ORDER BY total_revenue DESC LIMIT 5$/);
  });
  it('a row count with nothing to rank is refused, not answered as one total', () => {
    expect(refusal('top 5 mobile by revenue')).toMatch(/nothing to rank 5 of/);
  });
});

describe('a filter refinement keeps the breakdown', () => {
  it('"only tablet and mobile" after "revenue by country" restricts the rows, a row per country still', () => {
    const [, b, c] = thread('revenue by country this year', 'only tablet and mobile', 'exclude US');
    expect(flat(b)).toMatch(/^SELECT country, sum\(revenue\) .* device IN \('tablet', 'mobile'\) .* GROUP BY country/);
    expect(flat(c)).toMatch(/device IN \('tablet', 'mobile'\) AND country != 'US' .* GROUP BY country/);
  });
  it('"compare mobile and desktop" still gives a row each', () => {
    expect(sql('compare revenue on mobile and desktop')).toMatch(/GROUP BY device/);
  });
});

describe('ordinary phrasings that were refused', () => {
  it('"real quick - …" announces a question and asks for nothing', () => {
    expect(sql('real quick - revenue so far this week?')).toBe(sql('revenue so far this week'));
    expect(sql('really quick — orders yesterday')).toBe(sql('orders yesterday'));
  });
  it('"drop the mobile filter" removes the kept filter on that dimension; one not kept is refused naming what there is', () => {
    const [, , c] = thread('orders by country last 7 days', 'only mobile', 'ok drop the mobile filter');
    expect(flat(c)).toMatch(/^SELECT country, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND order_time >= .* GROUP BY country/);
    expect(c.kept).toEqual(['last 7 days']);
    expect(() => thread('orders by country', 'remove the plan filter')).toThrow(/no plan filter to drop \(it has no filters\)/);
  });
  it('"drop the device split" removes that dimension of the breakdown and keeps the filter; "drop the events table" is still refused', () => {
    const [, , c] = thread('revenue by channel and device last month', 'only GB', 'drop the device split');
    expect(flat(c)).toMatch(/^SELECT channel, sum\(revenue\) .* country = 'GB' .* GROUP BY channel /);
    expect(() => thread('revenue by channel', 'lose the country breakdown')).toThrow(/not split by country \(it is split by channel\)/);
    expect(() => agent.plan('drop the events table', { now })).toThrow(/only read data/);
  });
  it('"% revenue growth" is the change in percent of the figure named between, not a share', () => {
    expect(sql('% revenue growth last month vs the month before')).toContain('100 * (argMax(total_revenue, month) / argMin(total_revenue, month) - 1)');
  });
  it('verbs of one dimension listed after the first read share its subject ("added to cart, checked out, and purchased")', () => {
    expect(sql('how many users added to cart, checked out, and purchased last 30 days')).toMatch(/event_type IN \('add_to_cart', 'checkout', 'purchase'\) .* GROUP BY event_type/);
  });
  it('"the biggest single order" is the largest value; "the smallest order (in usd)", "the biggest order" list that row (agent-row-listing.test.ts)', () => {
    expect(sql('biggest single order this year ($)')).toMatch(/^SELECT max\(revenue\) AS max_revenue FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-01-01/);
    expect(sql('smallest order in usd')).toMatch(/^SELECT order_id, order_time, revenue FROM demo\.orders .*ORDER BY revenue ASC, order_id ASC LIMIT 1$/);
    expect(sql('what was the biggest order')).toMatch(/^SELECT order_id, order_time, revenue FROM demo\.orders .*ORDER BY revenue DESC, order_id DESC LIMIT 1$/);
  });
  it('"when did the first user sign up" is the min of the users table time column; "the most recent order" its max', () => {
    expect(sql('when did the first user sign up?')).toBe("SELECT min(signup_time) AS min_signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('when did the first user from the US sign up')).toBe("SELECT min(signup_time) AS min_signup_time FROM demo.users WHERE country = 'US' AND signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('when was the most recent order')).toMatch(/^SELECT max\(order_time\)/);
  });
  it('"mobile revenue from US users": the later figure after a preposition and a value says whose rows; through a declared join when only users have the column', () => {
    expect(sql('mobile revenue from US users in the paid channel, last 30 days')).toMatch(/^SELECT sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND device = 'mobile' AND country = 'US' AND channel = 'paid' AND/);
    expect(sql('mobile revenue from enterprise users')).toMatch(/INNER JOIN demo\.users AS u ON o\.user_id = u\.user_id .* u\.plan = 'enterprise'/);
    expect(refusal('mobile revenue and US users')).toMatch(/"US users" beside "revenue"/);
  });
  it('"sessions with a purchase": after "with a", a value of the figure\'s own table is a condition, not a second figure', () => {
    expect(sql('number of sessions with a purchase yesterday')).toMatch(/^SELECT uniqExact\(session_id\) AS sessions FROM demo\.events WHERE event_type = 'purchase' AND/);
    expect(sql('sessions with a page view yesterday')).toMatch(/^SELECT uniqExact\(session_id\) AS sessions FROM demo\.events WHERE event_type = 'page_view' AND/);
    expect(sql('how many sessions had a purchase yesterday')).toBe(sql('number of sessions with a purchase yesterday'));
    expect(sql('sessions that had a checkout by device')).toMatch(/WHERE event_type = 'checkout' GROUP BY device/);
  });
});

describe('no silent zero or dropped word', () => {
  it('a filter on a value a figure\'s own filter excludes is refused, not answered 0', () => {
    expect(refusal('page views with a checkout')).toMatch(/page views counts only rows with event_type = page_view, so a filter event_type = checkout would leave none/);
    expect(refusal('refunds of completed orders')).toMatch(/only rows with status = refunded/);
    expect(sql('refunds by status')).toContain("WHERE status = 'refunded'");
  });
  it('a second event verb after one was read (a sequence of two events) is refused, not read as filler', () => {
    expect(refusal('users who viewed the pricing page and purchased')).toMatch(/purchased after another event/);
    expect(sql('how many users viewed the pricing page')).toContain("event_type = 'page_view' AND page = '/pricing'");
  });
  it('"drop the US filter" on US and GB drops only that value; "drop the country filter" all of it', () => {
    const [, , c, d] = thread('revenue by country', 'only US and GB', 'drop the US filter', 'drop the country filter');
    expect(flat(c)).toContain("country = 'GB' GROUP BY country");
    expect(flat(d)).not.toContain('country =');
  });
});

describe('a negated grouping leaves the breakdown; "no <value>" excludes it', () => {
  it('"not split by device", "don\'t group by device", "without device", "no device split" drop device from the breakdown', () => {
    for (const q of ['not split by device', "don't group by device", 'without device', 'remove device', 'no device split', 'no split by device']) {
      const [, b] = thread('revenue by country and device', q);
      expect(flat(b), q).toMatch(/GROUP BY country ORDER BY/);
    }
  });
  it('"without mobile" / "no mobile" exclude the value (a value is never a breakdown dropped)', () => {
    for (const q of ['without mobile', 'no mobile']) {
      const [, b] = thread('revenue by country and device', q);
      expect(flat(b), q).toMatch(/device != 'mobile' GROUP BY country, device/);
    }
  });
});
