import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type AgentPlan } from './index.ts';
import type { ConversationState } from './semantic-query.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');
const plan = (question: string, state?: ConversationState): AgentPlan => agent.plan(question, { now, state });
const sql = (question: string): string => plan(question).sql.replace(/\s+/g, ' ');
const code = (question: string): string | undefined => { try { plan(question); return undefined; } catch (e) { return (e as DatalabsError).code; } };

describe('parser → SQL', () => {
  it.each([
    ['whats the total sales', "SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed'"],
    ['revenu by contry', "SELECT country, sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY total_revenue DESC"],
    ['Orders by status', 'SELECT status, count() AS orders FROM demo.orders GROUP BY status ORDER BY orders DESC'],
    ['Which plan has the most users?', 'SELECT plan, count() AS users FROM demo.users GROUP BY plan ORDER BY users DESC LIMIT 1'],
    ['How many orders over $500?', "SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND revenue > 500"],
    ['orders with more than 2 items', "SELECT count() AS orders FROM demo.orders WHERE status = 'completed' AND quantity > 2"],
    ['Conversion rate', "SELECT uniqExactIf(user_id, event_type = 'purchase') / uniqExact(user_id) AS conversion_rate FROM demo.events"],
    ['Average price by category', 'SELECT category, avg(price) AS avg_price FROM demo.products GROUP BY category ORDER BY avg_price DESC'],
    ['Revenue excluding mobile', "SELECT sum(revenue) AS total_revenue FROM demo.orders WHERE status = 'completed' AND device != 'mobile'"],
  ])('%s', (question, expected) => {
    expect(sql(question)).toBe(expected);
  });

  it('maps country names and codes to values', () => {
    expect(sql('Revenue in Germany')).toContain("country = 'DE'");
    expect(sql('revenue from the UK')).toContain("country = 'GB'");
    expect(sql('orders from Vietnam')).toContain("country = 'VN'");
    expect(sql('Revenue in the US and Japan')).toContain("country IN ('US', 'JP')");
    expect(sql('show us revenue')).not.toContain("'US'");
  });

  it('groups when comparing values of one dimension', () => {
    expect(sql('Compare mobile and desktop revenue this year')).toMatch(/SELECT device, .* device IN \('mobile', 'desktop'\) .* GROUP BY device/);
  });

  it('joins through the model', () => {
    expect(sql('Revenue by plan')).toContain('INNER JOIN demo.users AS u ON o.user_id = u.user_id');
    expect(sql('Top 10 products by revenue')).toMatch(/p\.name AS product.*ORDER BY total_revenue DESC LIMIT 10/);
    expect(sql('Active users by plan')).toContain('FROM demo.events AS e INNER JOIN demo.users AS u');
  });

  it('implies granularity from DAU / WAU / MAU', () => {
    expect(sql('Monthly active users')).toContain('toStartOfMonth(event_time) AS month');
    expect(sql('WAU')).toContain('toStartOfWeek(event_time, 1) AS week');
  });

  it('reports provenance', () => {
    const p = plan('Revenue by month in the last 30 days');
    expect(p.tables).toEqual(['demo.orders']);
    expect(p.timeColumn).toBe('demo.orders.order_time');
    expect(p.period).toEqual({ from: '2025-05-31', to: '2025-06-29', label: 'last 30 days' });
    expect(p.title).toBe('Revenue by month, last 30 days');
    expect(p.chartHint).toBe('line');
  });

  it('refuses what it cannot map', () => {
    expect(code("What's the weather in Paris tomorrow?")).toBe('NOT_UNDERSTOOD');
    expect(code('revenue by color')).toBe('NOT_UNDERSTOOD');
    expect(code('What is our profit margin?')).toBe('NOT_UNDERSTOOD');
    expect(code('')).toBe('NOT_UNDERSTOOD');
    expect(code('tell me a joke')).toBe('NOT_UNDERSTOOD');
    expect(code('sessions by category')).toBe('NOT_UNDERSTOOD');
    expect(code('delete all orders')).toBe('NOT_SUPPORTED');
    expect(code('drop table demo.users')).toBe('NOT_SUPPORTED');
    expect(code('Update the price of product 5 to 10')).toBe('NOT_SUPPORTED');
    expect(code('refund rate for mobile orders')).toBeUndefined();
  });

  it('says what it did not understand and what it can answer', () => {
    try { plan('revenue by color'); expect.unreachable(); } catch (e) {
      expect((e as Error).message).toMatch(/"color"/);
      expect((e as Error).message).toMatch(/broken down by .*country/);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

describe('multi-turn refinement', () => {
  it('edits the previous semantic query step by step', () => {
    const steps: Array<[string, (p: AgentPlan) => void]> = [
      ['Revenue by month', (p) => expect(p.sql).toContain('toStartOfMonth')],
      ['now by country', (p) => { expect(p.sql).toContain('GROUP BY country'); expect(p.sql).not.toContain('toStartOfMonth'); }],
      ['only mobile', (p) => expect(p.sql).toContain("device = 'mobile'")],
      ['last 90 days instead', (p) => { expect(p.sql).toContain("toDateTime('2025-04-01 00:00:00', 'UTC')"); expect(p.sql).toContain("device = 'mobile'"); }],
      ['as a bar chart', (p) => expect(p.chartHint).toBe('bar')],
      ['top 3', (p) => expect(p.sql).toMatch(/ORDER BY total_revenue DESC\nLIMIT 3$/)],
      ['show the SQL', (p) => { expect(p.showSql).toBe(true); expect(p.sql).toMatch(/LIMIT 3$/); }],
      ['what about Germany?', (p) => { expect(p.sql).toContain("country = 'DE'"); expect(p.sql).toContain("device = 'mobile'"); }],
      ['remove the filters', (p) => { expect(p.sql).not.toContain("'DE'"); expect(p.sql).not.toContain("'mobile'"); }],
      ['and orders?', (p) => expect(p.sql).toContain('count() AS orders')],
    ];
    let state: ConversationState | undefined;
    for (const [question, check] of steps) {
      const p = plan(question, state);
      check(p);
      state = JSON.parse(JSON.stringify(p.state)) as ConversationState; // plain JSON round trip
    }
  });

  it('treats a full question as a new one', () => {
    const first = plan('Revenue by month only mobile');
    const next = plan('Sessions by device last week', first.state);
    expect(next.sql).not.toContain("'mobile'");
    expect(next.sql).toContain('uniqExact(session_id)');
  });

  it('refuses "show the SQL" without a previous answer', () => {
    expect(code('show the SQL')).toBe('NOT_UNDERSTOOD');
  });
});

describe('typos of the model words', () => {
  it.each([
    ['ordr by contry', 'GROUP BY country', 'count() AS orders'],
    ['reveune by device', 'GROUP BY device', 'sum(revenue)'],
    ['sesions by contry', 'GROUP BY country', 'uniqExact(session_id)'],
    ['how many ordrs last week', 'order_time', 'count() AS orders'],
    ['revenue by devce', 'GROUP BY device', 'sum(revenue)'],
    ['signups by chanel', 'GROUP BY channel', 'FROM demo.users'],
    ['users by plna', 'GROUP BY plan', 'FROM demo.users'],
  ])('%s', (q, a, b) => {
    expect(sql(q)).toContain(a);
    expect(sql(q)).toContain(b);
  });
  it.each(['revenue last lead', 'orders by acount', 'refunde by country'])('a word too short to correct safely, or equally near two words, is named: %s', (q) => {
    expect(code(q)).toBe('NOT_UNDERSTOOD');
  });
  it('filler words are never corrected ("last" is not "list")', () => {
    expect(sql('revenue last week')).toContain("order_time >= toDateTime('2025-06-23 00:00:00', 'UTC')");
  });
});

