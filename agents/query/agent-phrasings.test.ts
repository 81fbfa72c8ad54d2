/**
 * Abbreviations declared in the model, announcing a question, day ranges inside a month, a quarter of a relative year,
 * a doing verb before a list of event values, two names of one figure, "repeat <entity> rate", another value compared.
 */
import { describe, expect, it } from 'vitest';
import { agent, now, thread, flat, sql } from '../../test/support/plan-kit.ts';
import type { ConversationState } from './semantic-query.ts';

const from = (d: string): string => `order_time >= toDateTime('${d} 00:00:00', 'UTC')`;
const before = (d: string): string => `order_time < toDateTime('${d} 00:00:00', 'UTC')`;

describe('words of the model and of asking', () => {
  it('"rev" is a synonym the model declares on revenue', () => {
    expect(sql('rev by country pls')).toBe(sql('revenue by country'));
    expect(sql('whats our total rev so far?')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed'");
  });
  it('announcing a quick question asks for nothing; "quick" inside a question is still not understood', () => {
    expect(sql('quick q - total revenue last week')).toBe(sql('total revenue last week'));
    expect(sql('a quick question: orders by device')).toBe(sql('orders by device'));
    expect(() => agent.plan('quick revenue by country', { now })).toThrow(/"quick"/);
  });
});

describe('periods written as ranges', () => {
  it('"from 1 to 15 June 2025" is those days, both ends included', () => {
    const s = sql('revenue per day from 1 to 15 June 2025');
    expect(s).toContain(from('2025-06-01'));
    expect(s).toContain(before('2025-06-16'));
    expect(s).toContain('GROUP BY day');
  });
  it('"june 3-5", "between june 3 and 5", "from the 3rd to the 5th of june" are the same days', () => {
    const want = sql('revenue between 2025-06-03 and 2025-06-05');
    for (const q of ['revenue june 3-5', 'revenue between june 3 and 5', 'revenue from the 3rd to the 5th of june']) expect(sql(q)).toBe(want);
  });
  it('an impossible day in a range is refused', () => {
    expect(() => agent.plan('revenue from 1 to 31 june 2025', { now })).toThrow();
  });
  it('"Q1 this year" is one quarter, not two periods; "q3 last year" and "the first quarter of last year" too', () => {
    const s = sql('desktop revenue from the US in Q1 this year');
    expect(s).toContain(from('2025-01-01'));
    expect(s).toContain(before('2025-04-01'));
    expect(sql('orders in q3 last year')).toContain(from('2024-07-01'));
    expect(sql('orders in the first quarter of last year')).toContain(before('2024-04-01'));
  });
});

describe('figures named by what was done', () => {
  it('"how many users did a page view, add to cart, checkout, purchase" counts the users of each event, by step in a funnel', () => {
    const s = sql('funnel for the last 7 days: how many users did a page view, add to cart, checkout, purchase');
    expect(s).toMatch(/^SELECT event_type, uniqExact\(user_id\) AS active_users FROM demo\.events WHERE event_type IN \('page_view', 'add_to_cart', 'checkout', 'purchase'\)/);
    expect(sql('how many users did a checkout yesterday')).toContain("event_type = 'checkout'");
  });
  it('"does a <noun>" is still "per <noun>" when the noun starts no longer phrase', () => {
    expect(sql('how many orders does a customer place on average')).toBe(sql('average number of orders per customer'));
  });
  it('two names of one figure are asked once ("users signed up")', () => {
    expect(sql('how many users signed up last month')).toMatch(/^SELECT count\(\) AS users FROM demo\.users WHERE/);
    expect(sql('how many users signed up but never placed an order')).toBe(sql('how many users never placed an order'));
    expect(sql('revenue and orders')).toContain('count() AS orders');
  });
  it('"repeat customer rate" is the share of customers with more than one order', () => {
    expect(sql('repeat customer rate')).toBe(sql('share of repeat customers'));
    expect(sql('repeat customer rate')).toContain('countIf(orders > 1) / count()');
    expect(() => agent.plan('repeat revenue rate', { now })).toThrow();
  });
});

describe('"compare with <value>" adds a value of the kept filter', () => {
  it('after one country, "compare with France" shows both, a row each, and a new breakdown keeps them apart', () => {
    const [, p, q] = thread('revenue in Germany last month', 'compare with France', 'by device');
    expect(flat(p)).toMatch(/^SELECT country, sum\(revenue\) AS total_revenue FROM demo\.orders WHERE status = 'completed' AND country IN \('DE', 'FR'\)/);
    expect(flat(q)).toMatch(/^SELECT country, device, sum\(revenue\)/);
    expect(flat(q)).toContain("country IN ('DE', 'FR')");
  });
  it('"vs desktop" after mobile compares both; "by day" then keeps them apart', () => {
    const [, p, q] = thread('orders from mobile last week', 'vs desktop', 'by day');
    expect(flat(p)).toMatch(/^SELECT device, count\(\) AS orders FROM demo\.orders WHERE status = 'completed' AND device IN \('mobile', 'desktop'\)/);
    expect(flat(q)).toMatch(/^SELECT toDate\(order_time\) AS day, device, count\(\)/);
  });
  it('a value compared with none kept is refused, not read as a new filter', () => {
    const [first] = thread('revenue by country');
    expect(() => agent.plan('vs mobile', { now, state: JSON.parse(JSON.stringify(first.state)) as ConversationState })).toThrow(/compare mobile only with a device the previous answer is filtered to/);
  });
  it('a value of another column is a filter as before, and "only France" still replaces the value', () => {
    const [, p] = thread('revenue in Germany last month', 'only France');
    expect(flat(p)).toContain("country = 'FR'");
    expect(flat(p)).not.toContain("'DE'");
  });
});

describe('a filter with no answer before it', () => {
  it('says there is nothing to filter and proposes the question with a figure', () => {
    expect(() => agent.plan('exclude books', { now })).toThrow(/no answer before it to filter; ask it with its figure, as in "revenue exclude books"/);
    expect(sql('revenue exclude books')).toContain("category != 'books'");
  });
});

describe('a year compared with another', () => {
  it('"2024 vs 2025" compares the two years, one row each', () => {
    expect(sql('revenue 2024 vs 2025')).toBe(sql('revenue in 2024 vs in 2025'));
    expect(sql('revenue 2024 vs 2025')).toContain('GROUP BY year');
  });
  it('"Q1 2025 vs Q1 2024" reads only those two quarters, one row each', () => {
    const s = sql('revenue in Q1 2025 vs Q1 2024');
    expect(s).toContain('GROUP BY quarter');
    expect(s).toContain("order_time >= toDateTime('2024-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-04-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-01-01 00:00:00', 'UTC')");
  });
  it('two months that are neither neighbours nor a year apart are both read, a row each', () => {
    expect(flat(agent.plan('revenue in February vs May', { now }))).toContain("order_time >= toDateTime('2025-02-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-03-01 00:00:00', 'UTC') OR order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')");
    // A year after the second is the first's too ("Q4 vs Q1 2025": the Q4 before).
    expect(flat(agent.plan('revenue Q1 vs Q2 2024', { now }))).toContain("order_time >= toDateTime('2024-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-07-01 00:00:00', 'UTC')");
    expect(flat(agent.plan('revenue Q4 vs Q1 2025', { now }))).toContain("order_time >= toDateTime('2024-10-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-04-01 00:00:00', 'UTC')");
    expect(flat(agent.plan('revenue first quarter vs third quarter 2024', { now }))).toContain("toDateTime('2024-01-01 00:00:00', 'UTC') AND order_time < toDateTime('2024-04-01 00:00:00', 'UTC') OR order_time >= toDateTime('2024-07-01 00:00:00', 'UTC')");
  });
});

describe('"how often do <rows> get <value>" is the rate of that value among all the rows', () => {
  it('is the model\'s rate figure over every row, never over the value\'s rows only', () => {
    expect(sql('how often do orders get refunded (on each device)?')).toBe("SELECT device, countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders GROUP BY device ORDER BY refund_rate DESC");
    expect(sql('how often do orders get refunded')).toBe("SELECT countIf(status = 'refunded') / count() AS refund_rate FROM demo.orders");
    expect(sql('how often are orders cancelled by country')).toContain("countIf(status = 'cancelled') / count() AS cancellation_rate FROM demo.orders GROUP BY country");
    expect(sql('how frequently do purchases get returned, by device')).toContain('AS refund_rate FROM demo.orders GROUP BY device');
  });
  it('with no rate of that value in the model, the ratio of its count to every row (the agent derives it) is the rate', () => {
    expect(sql('how often do orders get completed')).toBe("SELECT countIf(status = 'completed') / count() AS orders_per_all_orders FROM demo.orders");
  });
});
