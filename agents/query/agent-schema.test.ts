/** Schema names as vocabulary: columns typed as the schema spells them, and min / max / distinct of key and time columns. */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return ''; };

describe('a column by its schema name is the dimension or measure the model maps to it', () => {
  it('dimension and measure columns with underscores', () => {
    expect(sql('sessions by event_type last week')).toMatch(/GROUP BY event_type/);
    expect(sql('median duration_ms by device')).toContain('quantileExactInclusive(0.5)(duration_ms)');
  });
  it('key columns are counted distinct, in the table the question names', () => {
    expect(sql('count distinct session_ids yesterday')).toMatch(/uniqExact\(session_id\).* FROM demo\.events/);
    // Over the table's business rows (completed orders), like every aggregate of orders.
    expect(sql('number of unique product_ids in orders')).toMatch(/uniqExact\(product_id\).* FROM demo\.orders WHERE status = 'completed'$/);
    expect(sql('distinct user_ids that turned up in events last week')).toMatch(/SELECT uniqExact\(user_id\) AS \w+ FROM demo\.events WHERE event_time/);
  });
  it('time columns have a first and a last, read over every row of the table', () => {
    const s = sql('min and max signup_time');
    expect(s).toBe("SELECT min(signup_time) AS min_signup_time, max(signup_time) AS max_signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
    expect(sql('max order_time')).toBe("SELECT max(order_time) AS max_order_time FROM demo.orders WHERE order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
  it('a time column is not summed or averaged, and a key not summed: refused', () => {
    expect(refusal('average event_time')).toMatch(/event_time/);
    expect(refusal('total order_id')).not.toBe('');
  });
});

describe('two aggregates named together apply to the column that follows', () => {
  it('"min and max" and "avg and max" give both', () => {
    expect(sql('min and max duration of events')).toContain('min(duration_ms) AS min_duration_ms, max(duration_ms) AS max_duration_ms');
    expect(sql('average and maximum price')).toMatch(/avg\(price\).*max\(price\)/);
  });
});

describe('the value of rows is the value column the model names for their table', () => {
  it('"combined worth of cancelled orders" sums the value column over those orders, not a count', () => {
    expect(sql('combined value of cancelled orders in May 2025')).toMatch(/^SELECT sum\(revenue\) AS \w+ FROM demo\.orders WHERE status = 'cancelled' AND/);
    expect(sql('how much were the refunded orders from mobile worth?')).toMatch(/sum\(revenue\).*status = 'refunded'/);
  });
  it('"average order value" is untouched', () => {
    expect(sql('average order value by channel')).toContain('sum(revenue) / count()');
  });
});

describe('a superlative of a column with nothing to rank is its max / min', () => {
  it('"highest price" is the maximum, not the average; "lowest and highest" gives both ends in order', () => {
    expect(sql('what is the highest product price')).toBe('SELECT max(price) AS max_price FROM demo.products');
    expect(sql('smallest and biggest order quantity')).toContain('min(quantity) AS min_quantity, max(quantity) AS max_quantity');
  });
  it('an aggregate asked keeps its meaning', () => {
    expect(sql('highest average price')).toContain('avg(price)');
  });
});

describe('a count right after its every-status version', () => {
  it('"orders (all statuses)" counts every order; "never … any order (any status)" anti-joins all orders', () => {
    expect(sql('orders (all statuses) per week this month')).toMatch(/^SELECT toStartOfWeek\(order_time, 1\) AS week, count\(\) AS all_orders FROM demo\.orders WHERE order_time/);
    expect(sql('how many users have never placed an order (any status)')).toBe('SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders)');
  });
});
