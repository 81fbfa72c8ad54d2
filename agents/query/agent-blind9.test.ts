/**
 * Mechanisms found with the blind9 set: values between a superlative and a row noun, short forms ("nvm", "w/",
 * "quick:"), a message that is only a chart kind, "<period> over the <period> before" as a comparison.
 */
import { describe, expect, it } from 'vitest';
import { thread, flat, sql, refusal } from '../../test/support/plan-kit.ts';


describe('a single row ranked by its value column, with values before the noun', () => {
  it('"biggest single completed order" is max(revenue) over those orders (was refused; without "single", total revenue)', () => {
    expect(sql('biggest single completed order by revenue?')).toBe("SELECT max(revenue) AS max_revenue FROM demo.orders WHERE status = 'completed'");
    // Without "single", the row itself is listed (agent-row-listing.test.ts): its revenue is that max.
    expect(sql('biggest completed order by revenue')).toMatch(/ORDER BY revenue DESC, order_id DESC LIMIT 1$/);
    expect(sql('largest mobile order by revenue')).toBe("SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile' ORDER BY revenue DESC, order_id DESC LIMIT 1");
    expect(sql('biggest single refunded order')).toBe("SELECT max(revenue) AS max_revenue FROM demo.orders WHERE status = 'refunded'");
  });
  it('words that are not values of the table stay unread', () => {
    expect(refusal('biggest shiny order by revenue')).toMatch(/shiny/);
  });
});

describe('short forms', () => {
  it('"nvm" starts a new question', () => {
    const [, b] = thread('revenue by device', 'ok nvm. refunds by country');
    expect(flat(b)).toBe("SELECT country, count() AS refunds FROM demo.orders WHERE status = 'refunded' GROUP BY country ORDER BY refunds DESC");
  });
  it('"w/" is with, "quick:" announces a question, "hmm" asks for nothing', () => {
    expect(sql('share of buyers w/ 2+ orders')).toBe(sql('share of buyers with 2+ orders'));
    expect(sql('quick: revenue by country')).toBe(sql('revenue by country'));
    const [, b] = thread('DAU by device yesterday', 'hmm show me the query');
    expect(b.sql).toBe(thread('DAU by device yesterday')[0].sql);
  });
});

describe('a message that is only a chart kind', () => {
  it('"stacked bar please" keeps the SQL and asks for the chart', () => {
    const [a, b] = thread('revenue by month and category this year', 'stacked bar please');
    expect(b.sql).toBe(a.sql);
    expect(b.chartHint).toBe('stacked-bar');
  });
  it('a chart word inside a question is not a chart request', () => {
    expect(refusal('stacked bar of unicorns')).toMatch(/unicorns/);
  });
});

describe('a period over the one before', () => {
  it('"growth last month over the month before" compares the two months', () => {
    expect(sql('revenue growth rate last month over the month before?')).toBe(sql('revenue growth rate last month vs the month before?'));
    expect(sql('revenue growth rate last month over the month before?')).toContain('total_revenue_change_percent');
  });
});

describe('a figure that names a filter value of the previous answer', () => {
  it('"purchases instead" after checkout events swaps the event type (orders are another table)', () => {
    const [, b, c] = thread('checkout events per day, last 30 days', 'purchases instead', 'only from vietnam');
    expect(flat(b)).toContain("WHERE event_type = 'purchase' AND event_time >=");
    expect(flat(b)).toContain('GROUP BY day ORDER BY day');
    expect(flat(c)).toContain("event_type = 'purchase' AND country = 'VN'");
  });
  it('"purchases" after revenue by device is a new figure (no event type kept)', () => {
    const [, b] = thread('revenue by device', 'purchases');
    expect(flat(b)).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed'");
  });
  it('"for refunded orders" filters the previous answer by that status and keeps its breakdown', () => {
    const [, b] = thread('avg quantity per order by device', 'for refunded orders');
    expect(flat(b)).toBe("SELECT device, avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'refunded' GROUP BY device ORDER BY avg_quantity DESC");
  });
  it('"for refunded orders" with no previous answer is the count of refunds', () => {
    expect(sql('for refunded orders')).toBe("SELECT count() AS refunds FROM demo.orders WHERE status = 'refunded'");
  });
});

describe('an exclusion keeps a figure\'s own filter unless the model says otherwise (liftedByExclusion)', () => {
  it('"revenue excluding refunds" stays completed-only revenue', () => {
    expect(sql('revenue excluding refunds')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND status != 'refunded'");
    expect(sql('aov excluding refunds')).toContain("WHERE status = 'completed' AND status != 'refunded'");
  });
  it('"orders excluding refunds" counts the other statuses, as the demo defines orders', () => {
    expect(sql('orders excluding refunds')).toBe("SELECT count() AS orders FROM demo.orders WHERE status != 'refunded'");
  });
  it('excluding the value the figure keeps replaces its filter (no silent zero)', () => {
    expect(sql('revenue excluding completed orders')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status != 'completed'");
  });
});

describe('"add <value>" joins the kept filter', () => {
  it('"add apparel, split by category" keeps books and the months, a row per category', () => {
    const [, , c] = thread('books revenue this year', 'monthly', 'add apparel, split by category');
    expect(flat(c)).toContain("category IN ('books', 'apparel')");
    expect(flat(c)).toContain('GROUP BY month, category');
  });
  it('"add france" after Germany keeps both', () => {
    const [, b] = thread('revenue in germany', 'add france');
    expect(flat(b)).toContain("country IN ('DE', 'FR')");
  });
  it('"add" before a word that is neither a value, a dimension nor a figure is refused, naming the word ("add device" joins the breakdown: agent-blind10)', () => {
    expect(() => thread('revenue by country', 'add widgets')).toThrow(/"widgets"/);
  });
});

describe('a duration shown in another time unit (the model declares duration_ms in ms)', () => {
  it('"in seconds" divides the average by 1000 and is kept by the next refinement', () => {
    const [, b, c] = thread('avg event duration by page', 'in seconds pls', 'only /checkout, split by device');
    expect(flat(b)).toBe('SELECT page, avg(duration_ms) / 1000 AS avg_duration_s FROM demo.events GROUP BY page ORDER BY avg_duration_s DESC');
    expect(b.columns.find((x) => x.name === 'avg_duration_s')?.displayName).toMatch(/\(s\)$/);
    expect(flat(c)).toBe("SELECT device, avg(duration_ms) / 1000 AS avg_duration_s FROM demo.events WHERE page = '/checkout' GROUP BY device ORDER BY avg_duration_s DESC");
  });
  it('"in minutes" divides by 60000; "in ms" is the unit it has', () => {
    expect(sql('avg duration in minutes')).toBe('SELECT avg(duration_ms) / 60000 AS avg_duration_min FROM demo.events');
    expect(sql('avg event duration in ms')).toBe('SELECT avg(duration_ms) AS avg_duration_ms FROM demo.events');
  });
  it('a figure with no time unit is refused, not answered in its own unit', () => {
    expect(refusal('revenue in seconds')).toMatch(/only when the semantic model gives it a time unit.*revenue has none/);
  });
});

describe('rows of a table reached through a join, ranked', () => {
  it('"which 10 users have spent the most" ranks the orders\' users (customer = orders.user_id)', () => {
    const want = "SELECT user_id AS customer, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY customer ORDER BY total_revenue DESC LIMIT 10";
    expect(sql('which 10 users have spent the most with us?')).toBe(want);
    expect(sql('top 10 users by revenue')).toBe(want);
  });
  it('no dimension names users by the events key: still refused', () => {
    expect(refusal('top 5 users by page views')).toMatch(/nothing to rank/);
  });
});

describe('both periods after "the <unit> before"', () => {
  it('"show both weeks side by side" compares the week and the week before, a row each', () => {
    const [, , c] = thread('conversion rate last week', 'and the week before?', 'show both weeks side by side');
    expect(flat(c)).toMatch(/^SELECT toStartOfWeek\(event_time, 1\) AS week, .* WHERE event_time >= toDateTime\('2025-06-16 00:00:00', 'UTC'\) AND event_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY week ORDER BY week$/);
  });
  it('"compare the two days by device" keeps both days apart, by device', () => {
    const [, , c] = thread('how many orders yesterday', 'what about the day before', 'compare the two days by device');
    expect(flat(c)).toContain("order_time >= toDateTime('2025-06-28 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC') GROUP BY day, device");
  });
  it('"show both" with no replaced period is not read as a comparison (the period stays)', () => {
    const [, b] = thread('orders yesterday', 'show both weeks');
    expect(flat(b)).toContain("order_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')");
  });
});

describe('a superlative with nothing to rank', () => {
  it('"biggest revenue of completed orders" is refused, not answered as the total', () => {
    expect(refusal('biggest revenue of completed orders')).toMatch(/needs rows to rank/);
    expect(refusal('most orders')).toMatch(/needs rows to rank/);
  });
  it('with rows, a day bucket, or one row it is answered', () => {
    expect(sql('which country has the most revenue')).toMatch(/GROUP BY country ORDER BY total_revenue DESC LIMIT 1$/);
    expect(sql('what was our highest revenue day')).toMatch(/GROUP BY day ORDER BY total_revenue DESC LIMIT 1$/);
    expect(sql('largest order by revenue')).toMatch(/^SELECT order_id, order_time, revenue .* LIMIT 1$/);
  });
});
