import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type AgentPlan } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const error = (question: string): DatalabsError | undefined => { try { agent.plan(question, { now }); return undefined; } catch (e) { return e as DatalabsError; } };

function last(...questions: string[]): AgentPlan {
  let state: AgentPlan['state'] | undefined;
  let plan: AgentPlan | undefined;
  for (const q of questions) {
    plan = agent.plan(q, { now, state });
    state = plan.state;
  }
  return { ...plan!, sql: plan!.sql.replace(/\s+/g, ' ') };
}

describe('a count with nothing named to count', () => {
  it('"count by page" counts the rows of the one table the breakdown is a column of', () => {
    expect(sql('count by page')).toMatch(/^SELECT page, count\(\) AS events FROM demo\.events GROUP BY page/);
  });

  it('"count by channel" / "how many by country" is refused naming the tables to choose from, never answered as the number of channels or as revenue', () => {
    for (const q of ['count by channel', 'how many by country']) {
      const e = error(q);
      expect(e?.code).toBe('NOT_UNDERSTOOD');
      expect(e?.message).toMatch(/count of what\? .* "orders by (channel|country)" or "events by (channel|country)" or "users by (channel|country)"/);
    }
  });

  it('a count of the values themselves stays one ("number of channels", "how many countries")', () => {
    expect(sql('number of channels')).toMatch(/uniqExact\(channel\)/);
    expect(sql('how many countries')).toMatch(/uniqExact\(country\)/);
  });
});

describe('a message that is only a row count', () => {
  it('"make it 10" after a top 5 shows 10 rows of the same ranking', () => {
    expect(last('top 5 countries by revenue', 'make it 10').sql).toMatch(/ORDER BY total_revenue DESC LIMIT 10$/);
  });

  it('keeps the direction of a bottom-N ranking', () => {
    expect(last('bottom 5 countries by revenue', 'make it 10').sql).toMatch(/ASC LIMIT 10$/);
    expect(last('bottom 5 countries by revenue', 'just 3 please').sql).toMatch(/ASC LIMIT 3$/);
  });

  it('a breakdown without a limit is ranked from the top; a bad count is one clear error', () => {
    expect(last('revenue by country', 'show me 3').sql).toMatch(/DESC LIMIT 3$/);
    expect(() => last('top 5 countries by revenue', 'make it 0')).toThrow(/number of rows must be a whole number/);
  });

  it('with no answer before it, a row count alone is not a question', () => {
    expect(error('make it 10')?.code).toBe('NOT_UNDERSTOOD');
  });
});
