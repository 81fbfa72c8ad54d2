import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { extractTime } from './time-phrases.ts';
import { buildVocabulary, fuzzyWord } from './vocabulary.ts';
import { isWriteRequest } from './write-request.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const refusal = (question: string): string | undefined => {
  try { agent.plan(question, { now }); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};

describe('aggregation words are never dropped', () => {
  it('computes an exact median of the per-order value', () => {
    expect(sql('What is the median order value?')).toBe("SELECT quantileExactInclusive(0.5)(revenue) AS median_revenue FROM demo.orders WHERE status = 'completed'");
    expect(sql('median order value by month')).toContain('quantileExactInclusive(0.5)(revenue) AS median_revenue');
  });

  it('turns max / highest of a per-row value into max()', () => {
    expect(sql('max order value')).toBe("SELECT max(revenue) AS max_revenue FROM demo.orders WHERE status = 'completed'");
    expect(sql('what is the highest order value')).toBe("SELECT max(revenue) AS max_revenue FROM demo.orders WHERE status = 'completed'");
  });

  it.each([
    ['What is the median number of orders?', 'median'],
    ['average session duration', 'session'],
    ['median daily revenue', 'median'],
    ['how much did revenue grow', 'two periods'],
    ['orders yesterday vs mobile', 'comparison'],
    ['revenue in March and last week', 'two periods'],
  ])('refuses "%s" naming what it cannot do', (question, phrase) => {
    const r = refusal(question);
    expect(r).toMatch(/^NOT_UNDERSTOOD: /);
    expect(r).toContain(phrase);
  });

  it.each(['revenue by color', 'profit by country', 'churn rate last month', 'revenue per employee', 'NPS by plan', 'inventory by category'])(
    'refuses unknown content words: %s', (question) => {
      expect(refusal(question)).toMatch(/^NOT_UNDERSTOOD: I did not understand/);
    },
  );
});

describe('qualifiers that are not groupings', () => {
  it('averages product prices per category, not per product', () => {
    expect(sql('Average product price by category')).toBe('SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC');
    expect(sql('what is the average price of a product')).toBe('SELECT avg(price) AS avg_price FROM demo.products');
  });

  it('reads "products priced over $100" as a filter on the joined price', () => {
    expect(sql('revenue from products priced over $100')).toBe(
      "SELECT sum(o.revenue) AS total_revenue FROM demo.orders AS o INNER JOIN demo.products AS p ON o.product_id = p.product_id WHERE o.status = 'completed' AND p.price > 100",
    );
    expect(sql('how many products cost under $20')).toBe('SELECT count() AS products FROM demo.products WHERE price < 20');
  });

  it('reads "revenue from refunded orders" as a status filter', () => {
    expect(sql('revenue from refunded orders')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'refunded'");
    expect(sql('refunds and revenue by month')).toContain("countIf(status = 'refunded') AS refunds");
  });

  it('drops a later measure that only qualifies a value ("German customers")', () => {
    expect(sql('what is the average order value of german customers')).toBe(
      "SELECT sum(revenue) / count() AS aov FROM demo.orders WHERE status = 'completed' AND country = 'DE'",
    );
    expect(sql('german revenue and customers')).toContain('sum(revenue) AS total_revenue, uniqExact(user_id) AS customers');
  });

  it('keeps "per order" as the row unit of a per-order column', () => {
    expect(sql('average quantity per order')).toBe("SELECT avg(quantity) AS avg_quantity FROM demo.orders WHERE status = 'completed'");
  });

  it('counts "orders placed" as completed orders and "purchase events" as events', () => {
    expect(sql('orders placed on phones')).toBe("SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND device = 'mobile'");
    expect(sql('purchase events today')).toContain("FROM demo.events WHERE event_type = 'purchase'");
  });
});

describe('periods, typos and writes', () => {
  it('answers "this week vs last week" as one row per week over both', () => {
    expect(sql('revenue this week vs last week')).toBe(
      "SELECT toStartOfWeek(order_time, 1) AS week, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC') GROUP BY week ORDER BY week",
    );
    const t = extractTime(' signups today vs yesterday ', now);
    expect(t.grain).toBe('day');
    expect(t.period?.from.toISOString()).toBe('2025-06-29T00:00:00.000Z');
    expect(extractTime(' revenue this week vs last month ', now).secondPeriod).toMatch(/^(this week|last month)$/);
    expect(extractTime(' revenue in march ', now).secondPeriod).toBeUndefined();
  });

  it('corrects a plural typo against plural forms', () => {
    const vocab = buildVocabulary(model);
    expect(fuzzyWord(vocab, 'ordr', 'ordrs')).toBe('order');
    expect(fuzzyWord(vocab, 'colour', 'colours')).toBeUndefined();
    expect(sql('ordrs by country')).toContain('count() AS orders');
  });

  it('does not take "add to cart" for a write', () => {
    expect(isWriteRequest(' add to cart events per day ')).toBe(false);
    expect(isWriteRequest(' add a row to the orders table ')).toBe(true);
    expect(sql('add to cart events per day last week')).toContain("event_type = 'add_to_cart'");
  });
});
