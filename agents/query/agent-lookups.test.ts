import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const code = (question: string): string | undefined => {
  try { agent.plan(question, { now }); return undefined; } catch (e) { return (e as DatalabsError).code; }
};

describe('numeric comparisons written after the number or implied by a word', () => {
  it.each([
    ['orders of 4 or more units last month', 'quantity >= 4'],
    ['orders of $250 or more', 'revenue >= 250'],
    ['orders with 3 or fewer items', 'quantity <= 3'],
    ['orders with 3+ items', 'quantity >= 3'],
    ['products cheaper than 15 dollars', 'price < 15'],
    ['page views lasting over 5 seconds by page', 'duration_ms > 5000'],
  ])('%s', (question, condition) => {
    expect(sql(question)).toContain(condition);
  });

  it('reads a unit after both bounds of a between', () => {
    expect(sql('revenue from orders between $100 and $200')).toContain('revenue >= 100 AND revenue <= 200');
  });
});

describe('the orders a rate is over', () => {
  it('does not restrict a refund rate to completed orders when it names "orders"', () => {
    const s = sql('refund rate for orders over $300');
    expect(s).toContain("countIf(status = 'refunded') / count()");
    expect(s).not.toContain("status = 'completed'");
  });

  it('still reads a status-filtered count as a filter ("revenue from refunded orders")', () => {
    expect(sql('revenue from refunded orders')).toContain("WHERE status = 'refunded'");
  });
});

describe('rows of a lookup table by a column of a table that refers to it', () => {
  it('counts users on a device as distinct users in the events of the period', () => {
    expect(sql('ipad users this week')).toBe("SELECT uniqExact(user_id) AS active_users FROM demo.events WHERE device = 'tablet' AND event_time >= toDateTime('2025-06-30 00:00:00', 'UTC') AND event_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });

  it('counts users who bought a category as customers', () => {
    expect(sql('how many users bought electronics')).toBe("SELECT uniqExact(user_id) AS customers FROM demo.orders WHERE status = 'completed' AND category = 'electronics'");
  });

  it('never counts joined rows for a named measure of the lookup table', () => {
    expect(code('signups by device')).toBe('NOT_UNDERSTOOD');
  });

  it('keeps counting the lookup table when it has the column', () => {
    expect(sql('users by plan')).toBe('SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC');
  });
});

describe('entity nouns and superlatives', () => {
  it('counts the rows of a plural entity noun leading a breakdown', () => {
    expect(sql('products by category')).toBe('SELECT category, count() AS products FROM demo.products GROUP BY category ORDER BY products DESC');
    expect(sql('products cheaper than 15 dollars by category')).toContain('FROM demo.products WHERE price < 15 GROUP BY category');
  });

  it('names the product for "the most expensive <category value>"', () => {
    expect(sql('most expensive book')).toBe("SELECT name AS product, avg(price) AS avg_price FROM demo.products WHERE category = 'books' GROUP BY product ORDER BY avg_price DESC LIMIT 1");
    expect(sql('3 cheapest electronics')).toContain('ORDER BY avg_price ASC LIMIT 3');
  });

  it('a share of one filtered figure is that part of the whole; with two, the one after "from" is the part', () => {
    expect(sql('share of mobile orders')).toContain("countIf(device = 'mobile') / count() AS share");
    expect(sql('share of mobile orders from the US')).toContain("countIf(country = 'US') / count() AS share FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
    expect(code('share of mobile orders and US orders')).toBe('NOT_UNDERSTOOD');
    expect(sql('share of revenue by country')).toContain('OVER () AS share');
  });
});

describe('a value of a column followed by its table noun', () => {
  it('reads "beauty products" after a figure as a filter, not a breakdown by product', () => {
    expect(sql('how many buyers ordered beauty products this year?')).toBe("SELECT uniqExact(user_id) AS customers FROM demo.orders WHERE status = 'completed' AND category = 'beauty' AND order_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('revenue from electronics products by month')).toBe("SELECT toStartOfMonth(order_time) AS month, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND category = 'electronics' GROUP BY month ORDER BY month");
  });

  it('still groups by product when the products are ranked or lead the question', () => {
    expect(sql('top 5 beauty products by revenue')).toContain('GROUP BY product ORDER BY total_revenue DESC LIMIT 5');
    expect(sql('beauty products by revenue')).toContain('GROUP BY product');
  });
});

describe('a singular row count right before a column of its table', () => {
  it('reads "page view duration" as the duration of page-view events', () => {
    expect(sql('average page view duration by device')).toBe("SELECT device, avg(duration_ms) AS avg_duration_ms FROM demo.events WHERE event_type = 'page_view' GROUP BY device ORDER BY avg_duration_ms DESC");
  });

  it('reads "order quantity" as the quantity of (completed) orders', () => {
    expect(sql('average order quantity by channel')).toBe("SELECT channel, avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'completed' GROUP BY channel ORDER BY avg_quantity DESC");
  });

  it('still refuses a compound over a distinct count ("session duration")', () => {
    expect(code('average session duration')).toBe('NOT_UNDERSTOOD');
  });
});
