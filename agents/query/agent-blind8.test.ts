/**
 * Mechanisms found with the blind8 set: the bottom of a ranking keeps groups with none of the counted rows, a value used
 * as the noun of a ranking names rows of its table, "only X and Y" restricts a breakdown instead of replacing it.
 */
import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type AgentPlan } from './index.ts';
import type { ConversationState } from './semantic-query.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const now = new Date('2025-06-30T18:00:00Z');

function thread(...questions: string[]): AgentPlan[] {
  let state: ConversationState | undefined;
  return questions.map((q) => {
    const p = agent.plan(q, { now, state });
    state = JSON.parse(JSON.stringify(p.state)) as ConversationState;
    return p;
  });
}
const flat = (p: AgentPlan): string => p.sql.replace(/\s+/g, ' ');
const sql = (q: string): string => flat(agent.plan(q, { now }));
const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return 'answered'; };

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
