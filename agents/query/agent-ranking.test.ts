import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { dimensionValues, validateSemanticModel } from './semantic-model.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const refusal = (question: string): string | undefined => { try { agent.plan(question, { now }); return undefined; } catch (e) { return (e as DatalabsError).code; } };

describe('values built from parts (product names)', () => {
  it('expands every combination of the parts after the listed values', () => {
    const raw = { ...model, dimensions: [{ name: 'sku', columns: ['products.name'], values: ['Gift Card'], valueParts: [['Red', 'Blue'], ['Mug', 'Wall Clock']] }] };
    const d = validateSemanticModel(raw).dimensions[0];
    expect(dimensionValues(d)).toEqual(['Gift Card', 'Red Mug', 'Red Wall Clock', 'Blue Mug', 'Blue Wall Clock']);
    expect(() => validateSemanticModel({ ...raw, dimensions: [{ name: 'sku', columns: ['products.name'], valueParts: [[]] }] })).toThrow(/valueParts/);
  });

  it('filters by a product named in the question, through the join', () => {
    expect(sql('Revenue from Willow Earbuds')).toMatch(/INNER JOIN demo\.products AS p .* p\.name = 'Willow Earbuds'/);
    expect(sql('units sold of nova yoga mat by month')).toMatch(/toStartOfMonth\(o\.order_time\) AS month, sum\(o\.quantity\) AS units .* p\.name = 'Nova Yoga Mat'/);
    expect(sql('orders of Vertex T-Shirt last week')).toContain("p.name = 'Vertex T-Shirt'");
    expect(sql('What is the price of the Cobalt Tablet?')).toBe("SELECT avg(price) AS avg_price FROM demo.products WHERE name = 'Cobalt Tablet'");
  });

  it('keeps a part that is also another value for the longer phrase only', () => {
    expect(sql('revenue from cobalt tablets')).toContain("p.name = 'Cobalt Tablet'");
    expect(sql('revenue from tablet users')).toContain("device = 'tablet'");
    expect(sql('Revenue from Falcon Webcam vs Juniper Smartwatch')).toMatch(/p\.name AS product, .* p\.name IN \('Falcon Webcam', 'Juniper Smartwatch'\) GROUP BY product/);
  });
});

describe('superlatives of a column (cheapest, most expensive, longest)', () => {
  it('ranks the grouped rows by the column', () => {
    expect(sql('5 most expensive products')).toBe('SELECT name AS product, avg(price) AS avg_price FROM demo.products GROUP BY product ORDER BY avg_price DESC LIMIT 5');
    expect(sql('What is the cheapest product?')).toMatch(/ORDER BY avg_price ASC LIMIT 1$/);
    expect(sql('top 3 cheapest products in electronics')).toMatch(/WHERE category = 'electronics' .* ORDER BY avg_price ASC LIMIT 3$/);
    expect(sql('Which page has the longest average duration?')).toBe('SELECT page, avg(duration_ms) AS avg_duration_ms FROM demo.events GROUP BY page ORDER BY avg_duration_ms DESC LIMIT 1');
  });

  it('is the max / min with nothing to rank', () => {
    expect(sql('price of the cheapest book')).toBe("SELECT min(price) AS min_price FROM demo.products WHERE category = 'books'");
  });

  it('refuses to rank another figure by it', () => {
    expect(refusal('Which country has the longest sessions?')).toBe('NOT_UNDERSTOOD');
    expect(refusal('Revenue of the 5 most expensive products')).toBe('NOT_UNDERSTOOD');
    expect(refusal('How many expensive products?')).toBe('NOT_UNDERSTOOD');
  });
});

describe('top N within each group (LIMIT n BY)', () => {
  it('limits per group when a later dimension is introduced by by / per / each', () => {
    expect(sql('the top 3 products per category')).toMatch(/GROUP BY product, category ORDER BY total_revenue DESC LIMIT 3 BY category$/);
    expect(sql('best selling product by category')).toMatch(/ORDER BY total_revenue DESC LIMIT 1 BY category$/);
    expect(sql('top 3 categories by revenue each month')).toMatch(/GROUP BY month, category ORDER BY total_revenue DESC LIMIT 3 BY month$/);
    expect(agent.plan('the top 3 products per category', { now }).title).toBe('Top 3 product per category by revenue');
  });

  it('keeps one overall limit otherwise', () => {
    expect(sql('which country and device has the most revenue')).toMatch(/GROUP BY country, device ORDER BY total_revenue DESC LIMIT 1$/);
    expect(sql('Top 5 countries by revenue')).toMatch(/LIMIT 5$/);
    expect(sql('Top 10 days by revenue')).toMatch(/GROUP BY day ORDER BY total_revenue DESC LIMIT 10$/);
  });
});

describe('a value used as the counted noun', () => {
  it('counts the rows of the one table the value belongs to', () => {
    expect(sql('How many checkouts yesterday?')).toMatch(/^SELECT count\(\) AS events FROM demo\.events WHERE event_type = 'checkout' AND event_time >= toDateTime\('2025-06-29 00:00:00', 'UTC'\)/);
    expect(sql('logins by device')).toBe("SELECT device, count() AS events FROM demo.events WHERE event_type = 'login' GROUP BY device ORDER BY events DESC");
    expect(sql('which country has the most logins')).toMatch(/event_type = 'login' GROUP BY country ORDER BY events DESC LIMIT 1$/);
  });

  it('does not guess for a value of a dimension several tables share', () => {
    expect(refusal('mobile yesterday')).toBe('NOT_UNDERSTOOD');
  });
});

describe('"least popular"', () => {
  it('ranks ascending: "popular" after "least" does not turn the order around', () => {
    expect(sql('least popular page')).toContain('ORDER BY events ASC LIMIT 1');
    expect(sql('most popular page')).toContain('ORDER BY events DESC LIMIT 1');
  });
});
