/**
 * How a follow-up to a Claude answer is read (bot/core/answer/claude-refine.ts):
 * applied offline to Claude's SQL when the result's columns allow it, sent to
 * Claude when the result cannot take it, or a new question.
 */
import { describe, expect, it } from 'vitest';
import { claudeBaseOf, claudeState, followUpClaude, sqlOf, type ClaudeBase } from '../../bot/core/answer/claude-refine.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from '../../agents/query/index.ts';
import { TEST_NOW } from '../support/test-app.ts';

const models = [loadSemanticModel(DEMO_MODEL_PATH)];
const BASE: ClaudeBase = {
  sql: 'SELECT device, country, uniqExact(user_id) AS buyers FROM demo.orders GROUP BY device, country;',
  title: 'Buyers by device and country',
  columns: [{ name: 'device', type: 'LowCardinality(String)' }, { name: 'country', type: 'String' }, { name: 'buyers', type: 'UInt64' }],
  filters: [],
};
const read = (text: string, base: ClaudeBase = BASE) => followUpClaude(base, text, models, TEST_NOW);

describe('a follow-up to a Claude answer', () => {
  it('is narrowed, re-ranked and redrawn offline when the result has the columns', () => {
    const mobile = read('only mobile');
    expect(mobile).toMatchObject({ kind: 'refined', title: 'Buyers by device and country — device = mobile' });
    if (mobile.kind !== 'refined') return;
    expect(mobile.sql).toBe("SELECT * FROM ( SELECT device, country, uniqExact(user_id) AS buyers FROM demo.orders GROUP BY device, country ) AS claude_answer WHERE `device` IN ('mobile')");
    const base = claudeBaseOf(mobile.state)!;
    // Another value replaces the filter; "too" adds to it; "all devices" lifts it; a ranking keeps it.
    expect(read('only tablet', base)).toMatchObject({ kind: 'refined', title: 'Buyers by device and country — device = tablet' });
    expect(read('and tablet too', base)).toMatchObject({ kind: 'refined', title: 'Buyers by device and country — device in mobile, tablet' });
    expect(read('all devices', base)).toMatchObject({ kind: 'refined', title: 'Buyers by device and country' });
    const top = read('top 3', base);
    expect(top.kind === 'refined' && top.sql).toMatch(/WHERE `device` IN \('mobile'\) ORDER BY `buyers` DESC LIMIT 3$/);
    expect(read('as a bar chart', base)).toMatchObject({ kind: 'refined', chart: 'bar' });
    expect(read('show me the sql', base)).toMatchObject({ kind: 'refined', showSql: true, sql: sqlOf(base) });
  });

  it('goes to Claude when the result cannot take it', () => {
    expect(read('by week').kind).toBe('claude');
    expect(read('last month only').kind).toBe('claude');
    // The result has no channel column; "all countries" would lift a filter inside Claude's SQL.
    expect(read('only email').kind).toBe('claude');
    expect(read('all countries').kind).toBe('claude');
    // Two numeric columns: which one a ranking means is Claude's to say.
    const two = { ...BASE, columns: [...BASE.columns, { name: 'orders', type: 'UInt64' }] };
    expect(read('top 3', two).kind).toBe('claude');
  });

  it('is a new question when it names its own figure, and the offline agent never refines the state', () => {
    expect(read('revenue by month').kind).toBe('new');
    expect(read('forget that. orders by channel').kind).toBe('new');
    const agent = createQueryAgent({ models });
    // Its state reads as no previous question: a bare refinement has nothing to refine, a question is answered as asked.
    expect(() => agent.plan('only mobile', { now: TEST_NOW, state: claudeState(BASE) })).toThrow(/there is no answer before it to filter/);
    const plan = agent.plan('revenue on mobile', { now: TEST_NOW, state: claudeState(BASE) });
    expect(plan.kept).toEqual([]);
    expect(plan.sql).toMatch(/^SELECT sum\(revenue\)/);
  });
});
