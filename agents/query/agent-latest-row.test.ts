import { describe, expect, it } from 'vitest';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');

describe('"latest / newest / most recent <entity>" with no figure is the time of the last row', () => {
  it.each(['latest signup', 'the most recent order?', 'newest user'])('"%s" is a max of the time column', (question) => {
    expect(sql(question)).toMatch(/SELECT max\((signup_time|order_time)\)/);
    expect(sql(question)).toBe(sql(`when was the ${question.replace(/^the\s+|\?$/g, '')}`));
  });
});
