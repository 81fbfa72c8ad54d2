import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, parseQuestion, type ConversationState } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string, state?: ConversationState): string => agent.plan(question, { now, state }).sql.replace(/\s+/g, ' ');
const refusal = (question: string): string | undefined => {
  try { agent.plan(question, { now }); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};
const chain = (...qs: string[]): string => {
  let state: ConversationState | undefined;
  let last = '';
  for (const q of qs) { const p = agent.plan(q, { now, state }); state = p.state; last = p.sql.replace(/\s+/g, ' '); }
  return last;
};

describe('ranking stage: a count after which / before a ranked noun is the row count', () => {
  it.each(['Which 3 categories had the most orders?', 'what 3 categories had the most orders', 'the 3 categories with the most orders'])('%s', (q) => {
    expect(sql(q)).toMatch(/ORDER BY orders DESC LIMIT 3$/);
  });
});

describe('threshold stage: comparisons of a figure become HAVING, never a row filter', () => {
  it('a percentage compares the rate named before it', () => {
    expect(sql('countries whose cancellation rate is over 5%')).toContain('HAVING cancellation_rate > 0.05');
    expect(sql('channels with a conversion rate below 60 percent')).toContain('HAVING conversion_rate < 0.6');
  });
  it('a number before a figure compares that figure per group', () => {
    expect(sql('devices with more than 500 orders')).toContain('HAVING orders > 500');
    expect(sql('categories with average order value above $90')).toContain('HAVING aov > 90');
  });
  it('a threshold with nothing to compare across is refused', () => {
    expect(refusal('refund rate above 10%')).toMatch(/^NOT_UNDERSTOOD: .*compares a figure/);
  });
  it('row filters still read as before', () => {
    expect(sql('orders over $500')).toContain('revenue > 500');
  });
});

describe('roll-ups: per entity, repeat behaviour, per period', () => {
  it('counts entities by how many rows each has', () => {
    for (const q of ['customers who bought at least twice', 'how many buyers placed more than 3 orders', 'number of repeat customers']) {
      expect(sql(q)).toMatch(/SELECT count\(\) AS customers FROM \( SELECT user_id, count\(\) AS orders .* GROUP BY user_id HAVING orders (>|>=) \d \)/);
    }
  });
  it('averages a figure per entity', () => {
    expect(sql('mean number of orders for each customer')).toContain('avg(orders) AS avg_orders_per_customer');
    expect(sql('units sold per customer')).toContain('avg(units) AS avg_units_per_customer');
  });
  it('averages per-period totals', () => {
    expect(sql('average weekly signups this year')).toMatch(/avg\(signups\) AS avg_weekly_signups FROM \( SELECT toStartOfWeek\(signup_time, 1\) AS week/);
    expect(sql('mean daily number of orders')).toContain('avg(orders) AS avg_daily_orders');
  });
});

describe('words that change the meaning are applied', () => {
  it('including adds to the values a figure counts by default', () => {
    expect(sql('orders including cancelled ones')).toContain("status IN ('completed', 'cancelled')");
    expect(sql('revenue for completed and cancelled orders')).toBe("SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status IN ('completed', 'cancelled')");
  });
});

describe('refinement merge', () => {
  it('a filter refinement keeps the figure', () => {
    expect(chain('weekly active users', 'just users on mobile')).toContain("uniqExact(user_id) AS active_users FROM demo.events WHERE device = 'mobile'");
  });
  it('a new breakdown keeps a comparison of periods', () => {
    expect(chain('orders this week vs last week', 'now by device')).toMatch(/GROUP BY week, device/);
  });
});

describe('refusals that teach', () => {
  it('names the words and offers checked rewordings, the same each time', () => {
    const a = refusal('revenue by device zorblax');
    expect(a).toMatch(/I did not understand "zorblax"\. Try: "revenue by device"/);
    expect(refusal('revenue by device zorblax')).toBe(a);
  });
  it('ignores request phrasing before the subject', () => {
    expect(sql('kindly first crunch the revenue by channel')).toContain('GROUP BY channel');
  });
});

describe('formats from the model', () => {
  it('gives each column a display name and format', () => {
    const p = agent.plan('revenue and refund rate by country', { now });
    expect(p.columns).toEqual([
      { name: 'country', displayName: 'Country', format: 'text' },
      { name: 'total_revenue', displayName: 'Revenue', format: 'currency', unit: 'USD' },
      { name: 'refund_rate', displayName: 'Refund rate', format: 'percent' },
    ].filter((c) => p.columns.some((x) => x.name === c.name)));
    expect(p.state.columns).toEqual(p.columns);
  });
  it('reads the default aggregate of a column from the model', () => {
    expect(parseQuestion(model, 'price by category', now).measures[0]).toMatchObject({ agg: 'avg', column: 'price' });
  });
});
