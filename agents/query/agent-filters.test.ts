/** Filters read from the question's own words: numeric equalities, unread numbers refused, negative value filters. */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (q: string): string => agent.plan(q, { now }).sql.replace(/\s+/g, ' ');
const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return ''; };

describe('a number column compared without a comparison word is an equality', () => {
  it('"a quantity of 5", "quantity is 3", "price = 20" filter the column', () => {
    expect(sql('how many orders had a quantity of 5?')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND quantity = 5");
    expect(sql('average revenue of orders where quantity is 3')).toMatch(/WHERE status = 'completed' AND quantity = 3$/);
    expect(sql('products with a price = 20')).toMatch(/FROM demo\.products WHERE price = 20$/);
  });
  it('"orders with 3 items" counts the items column; "priced at $20" compares the money column', () => {
    expect(sql('orders with 3 items last month')).toMatch(/AND quantity = 3 AND order_time/);
    expect(sql('how many products are priced at $20')).toBe('SELECT count() AS products FROM demo.products WHERE price = 20');
  });
  it('comparisons keep working', () => {
    expect(sql('how many orders had a quantity of 5 or more?')).toContain('quantity >= 5');
    expect(sql('orders with more than 2 items')).toContain('quantity > 2');
  });
});

describe('a number no stage reads is refused, never dropped', () => {
  it('names the number and suggests no wording without it', () => {
    const msg = refusal('how many orders had 5 of them');
    expect(msg).toMatch(/"5"/);
    expect(msg).not.toMatch(/Try:/);
    expect(refusal('revenue 42 by country')).toMatch(/"42"/);
  });
  it('a bracketed range of numbers is a legend, not a filter', () => {
    expect(sql('event count by hour of day (0-23)')).toMatch(/GROUP BY hour_of_day/);
  });
});

describe("a table's default filter applies to every aggregate of its rows", () => {
  it('distinct counts and averages over orders count completed orders', () => {
    expect(sql('how many distinct products did we sell last week?')).toMatch(/^SELECT uniqExact\(product_id\) AS \w+ FROM demo\.orders WHERE status = 'completed' AND order_time/);
    expect(sql('average quantity last month')).toMatch(/avg\(quantity\) .* WHERE status = 'completed' AND/);
  });
  it('a status named, filtered or grouped replaces it; the first / last order time reads every row', () => {
    expect(sql('how many distinct products were refunded last month')).toMatch(/^SELECT uniqExact\(product_id\) AS \w+ FROM demo\.orders WHERE status = 'refunded' AND order_time/);
    expect(sql('distinct products by status')).not.toContain("status = 'completed'");
    expect(sql('max order_time')).toBe("SELECT max(order_time) AS max_order_time FROM demo.orders WHERE order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
});

describe('a negation before a figure that counts one value excludes that value', () => {
  const convo = (...qs: string[]): string => {
    let state; let last = '';
    for (const q of qs) { const p = agent.plan(q, { now, state }); state = p.state; last = p.sql.replace(/\s+/g, ' '); }
    return last;
  };
  it('"exclude cancelled orders" after a rate keeps the rate, with status != cancelled, and later turns keep it', () => {
    expect(convo('refund rate by category this year', 'exclude cancelled orders')).toMatch(/^SELECT category, countIf\(status = 'refunded'\) \/ count\(\) AS refund_rate FROM demo\.orders WHERE status != 'cancelled' AND order_time/);
    expect(convo('refund rate by category this year', 'exclude cancelled orders', 'now by month')).toMatch(/GROUP BY month/);
    expect(convo('refund rate by category this year', 'exclude cancelled orders', 'now by month')).toContain("status != 'cancelled'");
  });
  it('in one question, and alone as the rows counted', () => {
    expect(sql('refund rate by device excluding cancelled orders')).toMatch(/refund_rate FROM demo\.orders WHERE status != 'cancelled' GROUP BY device/);
    expect(sql('not cancelled orders by category')).toMatch(/^SELECT category, count\(\) AS \w+ FROM demo\.orders WHERE status != 'cancelled' GROUP BY category/);
  });
});

describe('a plural entity noun right after a value names the rows, not a breakdown', () => {
  it('"the average price of our electronics products" is one figure over electronics products', () => {
    expect(sql('whats the avergae price of our electronics products')).toBe("SELECT avg(price) AS avg_price FROM demo.products WHERE category = 'electronics'");
    expect(sql('max price of beauty products')).toBe("SELECT max(price) AS max_price FROM demo.products WHERE category = 'beauty'");
  });
  it('a breakdown or a ranking asked still groups', () => {
    expect(sql('average price of electronics products by product')).toMatch(/GROUP BY product/);
    expect(sql('which electronics products have the highest price')).toMatch(/GROUP BY product/);
  });
});

describe('request framing at the start asks for what follows', () => {
  it.each([
    'can someone pull revenue by country for last week?',
    'could anybody get me revenue by country last week',
    'would someone mind pulling revenue by country for last week',
    'pls grab revenue by country last week',
    'i need someone to send revenue by country for last week',
  ])('%s', (q) => {
    expect(sql(q)).toMatch(/^SELECT country, sum\(revenue\) AS \w+ FROM demo\.orders WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-23 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) GROUP BY country/);
  });
  it('"share" as a request verb is not a share of a whole', () => {
    expect(sql('hey team, can anyone share the refund rate by device?')).not.toContain('OVER ()');
  });
});

describe('"X vs Y" with both values of one dimension compares them, one row each', () => {
  it('"add to carts vs purchases yesterday" counts the two event types side by side', () => {
    expect(sql('add to carts vs purchases yesterday')).toMatch(/^SELECT event_type, count\(\) AS events FROM demo\.events WHERE event_type IN \('add_to_cart', 'purchase'\) AND event_time >= .* GROUP BY event_type/);
  });
});

describe('a period in a clause about related rows limits them by their own time column', () => {
  it('"revenue from users who signed up this year" joins users and limits signup_time, not order_time', () => {
    expect(sql('how much revenue did we get from users who signed up this year?')).toBe("SELECT sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' AND u.signup_time >= toDateTime('2025-01-01 00:00:00', 'UTC') AND u.signup_time <= toDateTime('2025-06-30 18:00:00', 'UTC')");
  });
  it('on the table itself it is the period; a refinement keeps it and says so', () => {
    expect(sql('how many users who signed up last month')).toMatch(/FROM demo\.users WHERE signup_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\) AND signup_time < toDateTime\('2025-06-01/);
    const first = agent.plan('revenue from users who signed up this year', { now });
    const next = agent.plan('by country', { now, state: first.state });
    expect(next.sql).toContain('u.signup_time >=');
    expect(next.kept).toEqual(['users who signed up this year']);
  });
});

describe('more equality spellings', () => {
  it.each([
    ['orders with quantity 5', 'quantity = 5'],
    ['orders of 5 units', 'quantity = 5'],
    ['count orders with qty=3', 'quantity = 3'],
    ['revenue where price == 20', 'p.price = 20'],
  ])('%s', (q, cond) => { expect(sql(q)).toContain(cond); });
});

describe('the refusal of an unread number says how a number is read', () => {
  it('names a column of the model to compare', () => {
    expect(refusal('how many orders had 5 of them')).toMatch(/I did not understand "5"\. I read a number only as a period, a row count or a comparison, as in "a quantity of N"/);
  });
});

describe('the clause takes only the period right after it', () => {
  it("the figure's own period stays its own; a counted noun stays the figure", () => {
    expect(sql('how many orders did users who signed up this year place last month')).toMatch(/u\.signup_time >= toDateTime\('2025-01-01 00:00:00', 'UTC'\) .* AND o\.order_time >= toDateTime\('2025-05-01 00:00:00', 'UTC'\)/);
    // The clause's period is the signups'; "placed an order" asks for those of them with orders (customers), in any period.
    expect(sql('how many users who signed up last month placed an order')).toBe("SELECT uniqExact(o.user_id) AS customers FROM demo.orders AS o INNER JOIN demo.users AS u ON o.user_id = u.user_id WHERE o.status = 'completed' AND u.signup_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND u.signup_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
  });
});

describe('"with <status value(s)>" after a figure over the default rows includes them', () => {
  it('"revenue with refunds", "with refunded orders", "with cancellations": beside completed, never the only rows', () => {
    expect(sql('revenue with refunds')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded')");
    expect(sql('revenue with refunded orders')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded')");
    expect(sql('orders with cancellations')).toBe("SELECT count() AS orders FROM demo.orders WHERE status IN ('completed', 'cancelled')");
    expect(sql('orders with cancellations included')).toBe("SELECT count() AS orders FROM demo.orders WHERE status IN ('completed', 'cancelled')");
    expect(sql('revenue with refunded and cancelled')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'refunded', 'cancelled')");
    expect(sql('average order value with refunds')).toBe("SELECT sum(revenue) / count() AS aov FROM demo.orders WHERE status IN ('completed', 'refunded')");
    expect(sql('revenue by month with refunds')).toContain("WHERE status IN ('completed', 'refunded') GROUP BY month");
  });
  it('a value of another column after the widened one is still a filter', () => {
    expect(sql('revenue with refunds on mobile')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE device = 'mobile' AND status IN ('completed', 'refunded')");
    expect(sql('revenue including refunded on mobile')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE device = 'mobile' AND status IN ('completed', 'refunded')");
  });
  it('after a count of entities "with" says whose rows; a ratio over entities is refused', () => {
    expect(sql('customers with refunds')).toBe("SELECT uniqExact(user_id) AS customers FROM demo.orders WHERE status = 'refunded'");
    expect(sql('sessions with a purchase')).toContain("WHERE event_type = 'purchase'");
    expect(refusal('revenue per customer with refunds')).toMatch(/including those rows, or only the ones that have one/);
  });
});
