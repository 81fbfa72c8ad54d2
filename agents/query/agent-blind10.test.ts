/**
 * Mechanisms found with the blind10 set: a time bucket after a split whose values were picked keeps the split; "drop
 * <value>" / "add <dimension>" as refinements; "only <value>" of the previous figure's table; "this year so far" names
 * the running period only; "more than one <dimension>" refused; "cheapest price in each category" is a min per group.
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
const last = (...qs: string[]): string => flat(thread(...qs).at(-1)!);
const sql = (q: string): string => flat(agent.plan(q, { now }));
const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return 'answered'; };

describe('a time bucket after a split', () => {
  it('keeps the split whose own values were picked (two or more)', () => {
    expect(last('orders by status last month', 'just refunded and cancelled', 'by week')).toContain('GROUP BY week, status');
    expect(last('revenue by device', 'only mobile and tablet', 'monthly')).toContain('GROUP BY month, device');
  });
  it('replaces any other split, and "instead" always replaces', () => {
    expect(last('refunds by category this year', 'exclude electronics', 'now by month')).toContain('GROUP BY month ORDER BY');
    expect(last('orders by status last month', 'just refunded and cancelled', 'by week instead')).toContain('GROUP BY week ORDER BY');
    expect(last('refund rate by device', 'by week')).toContain('GROUP BY week ORDER BY');
  });
});

describe('"drop <value>" and "add <dimension>" refine the answer', () => {
  it('"drop paid" excludes the value (not a change of data)', () => {
    expect(last('revenue by channel', 'drop paid')).toContain("channel != 'paid'");
    expect(last('orders by device', 'remove mobile and tablet')).toMatch(/device NOT IN \('mobile', 'tablet'\)|device != 'mobile' AND device != 'tablet'/);
  });
  it('"drop paid" after "only paid" drops the kept filter', () => {
    const s = last('signups by month', 'only paid', 'drop paid');
    expect(s).not.toContain('paid');
  });
  it('"add device" joins the breakdown', () => {
    expect(last('sessions by channel last week', 'add device')).toMatch(/GROUP BY channel, device/);
  });
  it('data changes are still refused', () => {
    expect(refusal('drop the orders table')).toMatch(/only read data/);
    expect(refusal('drop table users')).toMatch(/only read data/);
  });
});

describe('"only <value>" of a column of the previous figure\'s table', () => {
  it('"only purchases" after "events per hour today" filters the events (was the count of completed orders)', () => {
    const s = last('events per hour today', 'only purchases');
    expect(s).toContain("FROM demo.events WHERE event_type = 'purchase'");
    expect(s).toContain('toStartOfHour(event_time)');
  });
});

describe('"this year so far" names the running period only', () => {
  it('"last year vs this year so far" keeps last year whole', () => {
    expect(sql('revenue last year vs this year so far')).not.toContain('dateDiff');
  });
  it('"to date" after the comparison still compares like with like', () => {
    expect(sql('revenue this month vs last month to date')).toContain('dateDiff');
    expect(sql('ytd revenue vs last year')).toContain('dateDiff');
  });
});

describe('a count of different values per entity is refused, never read as an amount', () => {
  it.each(['how many buyers have purchased from more than one category?', 'users who ordered in more than 2 countries'])('%s', (q) => {
    expect(refusal(q)).toMatch(/a count of different/);
  });
});

describe('a superlative naming the column, per group', () => {
  it('"cheapest price in each category" is the min price per category (was the cheapest category on average)', () => {
    expect(sql('cheapest price in each category')).toMatch(/^SELECT category, min\(price\) AS min_price FROM demo.products GROUP BY category/);
    expect(sql('most expensive price per category')).toMatch(/max\(price\)/);
    expect(sql('most expensive price per category')).not.toContain('LIMIT');
  });
  it('ranking rows or asking which group stays a ranking', () => {
    expect(sql('which category has the highest price')).toContain('LIMIT 1');
    expect(sql('5 cheapest products')).toContain('LIMIT 5');
  });
});
