import { describe, expect, it } from 'vitest';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const agent = createQueryAgent({ models: [model] });
const now = new Date('2025-06-30T18:00:00Z');
const sql = (question: string): string => agent.plan(question, { now }).sql.replace(/\s+/g, ' ');
const refusal = (question: string): string | undefined => {
  try { agent.plan(question, { now }); return undefined; } catch (e) { return `${(e as DatalabsError).code}: ${(e as Error).message}`; }
};

describe('a second event, negated or added, after one event verb', () => {
  it.each([
    "how many users added something to cart yesterday but didn't buy?",
    'how many users added to cart yesterday but did not purchase',
    'users who added to cart but never purchased',
    "users who viewed a page but didn't add to cart last week",
    'of the users who added to cart last week, what share also purchased',
    'users who logged in but never checked out',
  ])('is never dropped: "%s"', (question) => {
    const r = refusal(question);
    expect(r, r ?? sql(question)).toMatch(/^NOT_UNDERSTOOD: /);
  });

  it('keeps one event verb read as before', () => {
    expect(sql('how many users added to cart yesterday')).toContain("event_type = 'add_to_cart'");
    expect(sql('how many users purchased last week')).toContain("event_type = 'purchase'");
  });
});
