/**
 * The tool loop streams every call (server-sent events from the fake Messages
 * API) and keeps the tokens of a question that fails part-way: an outage on
 * turn 3, a stream cut off mid-answer, the workspace budget reached between
 * calls — what was spent is on the error (`spentOf`) for the usage ledger.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClaudeEngine, spentOf, type AgentStage, type ClaudeOutcome } from '../../agents/claude/index.ts';
import { isDatalabsError } from '../../bot/contracts/errors.ts';
import { toolUse } from '../fakes/anthropic/fake-messages-api.ts';
import { TEST_NOW } from '../support/test-app.ts';
import { createClaudeRig, type ClaudeRig } from './claude-rig.ts';

let rig: ClaudeRig;
beforeAll(async () => {
  rig = await createClaudeRig();
}, 120_000);
afterAll(async () => rig?.dispose());
beforeEach(() => {
  rig.api.requests.length = 0;
  rig.api.clear();
});

const engine = () => createClaudeEngine({ apiKey: 'sk-ant-test', baseURL: rig.api.url, model: 'claude-sonnet-5-5', maxRetries: 1 });
const SQL = "SELECT category, round(sum(revenue), 2) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY category ORDER BY revenue DESC";

/** The error `answer` threw (fails the test when it answered). */
async function failure(p: Promise<ClaudeOutcome>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the question to fail');
}

describe('Claude streaming and tokens spent before a failure', () => {
  it('streams every call: the tool input arrives in pieces and the stage moves as the model starts writing SQL', async () => {
    rig.api.enqueue(
      toolUse([['describe_table', { table: 'demo.orders' }]]),
      toolUse([['run_sql', { sql: SQL, purpose: 'revenue per category' }]], 'Running the query.'),
      toolUse([['answer', { result_id: 'r1', title: 'Revenue by category' }]]),
    );
    const stages: AgentStage[] = [];
    const out = await engine().answer({ question: 'which categories bring the most money?', now: TEST_NOW, tools: rig.tools, onStage: (s) => stages.push(s) });
    expect(out.kind).toBe('answer');
    expect((out as Extract<ClaudeOutcome, { kind: 'answer' }>).result.sql).toContain('GROUP BY category');
    expect(rig.api.requests.map((r) => r.body.stream)).toEqual([true, true, true]);
    // 'writing' is heard from the stream (content_block_start of run_sql), before the statement runs.
    expect(stages.indexOf('writing')).toBeGreaterThan(-1);
    expect(stages.indexOf('writing')).toBeLessThan(stages.indexOf('querying'));
    expect(out.usage.calls).toBe(3);
    expect(out.usage.inputTokens + out.usage.cacheReadTokens + out.usage.cacheCreationTokens).toBeGreaterThan(0);
    expect(out.usage.outputTokens).toBeGreaterThan(0);
  });

  it('an outage on turn 3 keeps the tokens of turns 1 and 2 on the error', async () => {
    rig.api.enqueue(
      toolUse([['describe_table', { table: 'demo.orders' }]]),
      toolUse([['run_sql', { sql: SQL }]]),
      { status: 529, retryAfterMs: 5 },
      { status: 529, retryAfterMs: 5 },
    );
    const err = await failure(engine().answer({ question: 'which categories bring the most money?', now: TEST_NOW, tools: rig.tools }));
    expect(isDatalabsError(err) && err.code).toBe('AI_UNAVAILABLE');
    const spent = spentOf(err)!;
    expect(spent.calls).toBe(2);
    expect(spent.outputTokens).toBeGreaterThan(0);
    expect(spent.costUsd).toBeGreaterThan(0);
  });

  it('a stream cut off mid-answer (an error event, a dropped connection) still counts its input tokens', async () => {
    rig.api.enqueue(
      toolUse([['describe_table', { table: 'demo.orders' }]]),
      { ...(toolUse([['run_sql', { sql: SQL }]]) as { reply: { content: never[] } }), cut: 'error' },
    );
    const err = await failure(engine().answer({ question: 'which categories bring the most money?', now: TEST_NOW, tools: rig.tools }));
    expect(isDatalabsError(err) && err.code).toBe('AI_UNAVAILABLE');
    const spent = spentOf(err)!;
    expect(spent.calls).toBe(2);
    const firstOnly = rig.api.requests.length;
    expect(firstOnly).toBe(2);

    rig.api.enqueue({ ...(toolUse([['run_sql', { sql: SQL }]]) as { reply: { content: never[] } }), cut: 'drop' });
    const dropped = await failure(engine().answer({ question: 'which categories bring the most money?', now: TEST_NOW, tools: rig.tools }));
    expect(isDatalabsError(dropped) && dropped.code).toBe('AI_UNAVAILABLE');
    expect(spentOf(dropped)!.calls).toBe(1);
    expect(spentOf(dropped)!.inputTokens + spentOf(dropped)!.cacheReadTokens + spentOf(dropped)!.cacheCreationTokens).toBeGreaterThan(0);
  });

  it('stops before the next call once the budget left is spent, with what it spent on the error', async () => {
    rig.api.enqueue(toolUse([['describe_table', { table: 'demo.orders' }]]), toolUse([['run_sql', { sql: SQL }]]));
    const err = await failure(engine().answer({ question: 'which categories bring the most money?', now: TEST_NOW, tools: rig.tools, maxCostUsd: 0.000001 }));
    expect(isDatalabsError(err) && err.code).toBe('BUDGET_EXCEEDED');
    expect(rig.api.requests).toHaveLength(1);
    expect(spentOf(err)!.calls).toBe(1);
    expect(spentOf(err)!.costUsd).toBeGreaterThan(0.000001);
  });
});
