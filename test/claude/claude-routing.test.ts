/**
 * Offline vs Claude, as a user meets it in a chat thread (real app: chDB,
 * guard, PGlite metadata store, chat core; the fake Messages API behind
 * ANTHROPIC_BASE_URL):
 * - a question the offline parser reads but is unsure of (a figure it had to
 *   guess, words it left out) goes to Claude; when Claude is down the offline
 *   reading answers, saying so;
 * - a Claude answer is narrowed, re-ranked and redrawn by the offline engine
 *   in the thread without a call; a follow-up it cannot apply ("by week") goes
 *   to Claude with the previous SQL; an offline answer refined by a question
 *   only Claude can handle goes to Claude with that answer's SQL;
 * - tokens spent before a failure (an outage on turn 3, the budget reached
 *   mid-answer) are recorded and count against the budget.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import type { Workspace } from '../../bot/contracts/workspace.ts';
import { startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';

let api: FakeMessagesApi;
let app: TestApp;
let ws: Workspace;
const MONTH = new Date(Date.UTC(TEST_NOW.getUTCFullYear(), TEST_NOW.getUTCMonth(), 1));

const REFUSED = 'which customers bought twice within their first week?';
const BY_DEVICE_SQL =
  'SELECT device, uniqExact(user_id) AS repeat_customers FROM demo.orders WHERE user_id IN (SELECT user_id FROM demo.orders GROUP BY user_id HAVING count() >= 2) GROUP BY device ORDER BY repeat_customers DESC';

beforeAll(async () => {
  api = await startFakeMessagesApi();
  app = await createTestApp({ metadata: true, env: { ANTHROPIC_API_KEY: 'sk-ant-routing-test', ANTHROPIC_BASE_URL: api.url } });
  ws = await app.store!.workspaces.create({ name: 'Routing', allowedDatabases: [], allowedTables: ['demo.orders', 'demo.products'] });
  await app.store!.workspaces.bind({ platform: 'slack', workspaceKey: 'T-ROUTE', channelId: '', workspaceId: ws.id });
  await app.workspaces!.admin.grant(ws, { platform: 'slack', userId: 'U-BO' }, 'analyst', 'test');
}, 120_000);

afterAll(async () => {
  await app?.dispose();
  await api?.close();
});

beforeEach(() => {
  api.requests.length = 0;
  api.clear();
});

let n = 0;
const message = (text: string, threadId = `th-${++n}`): ChatMessage => ({
  id: `m${++n}`,
  kind: 'question',
  conversation: { platform: 'slack', workspaceKey: 'T-ROUTE', channelId: 'C-DATA', threadId },
  user: { id: 'U-BO', name: 'bo', teamId: 'T-ROUTE' },
  teamId: 'T-ROUTE',
  text,
  receivedAt: new Date(),
});

const firstMessage = (i: number) => api.requests[i].body.messages[0].content as string;

describe('routing: unsure offline readings go to Claude', () => {
  it('a figure the parser had to guess ("top 5 countries": by what?) is answered by Claude', async () => {
    api.enqueue(
      toolUse([['run_sql', { sql: 'SELECT country, count() AS orders FROM demo.orders GROUP BY country ORDER BY orders DESC LIMIT 5' }]]),
      toolUse([['answer', { result_id: 'r1', title: 'Top 5 countries by orders', summary: 'Ranked by number of orders.' }]]),
    );
    const reply = await app.core.reply(message('top 5 countries'));
    expect(reply.error).toBeUndefined();
    expect(reply.text).toMatch(/^Top 5 countries by orders — 5 rows/);
    expect(reply.footer).toMatch(/answered by Claude/);
    expect(firstMessage(0)).toContain('<question>top 5 countries</question>');
  });

  it('when Claude is down, the offline reading answers and says what it left out', async () => {
    api.enqueue(...Array.from({ length: 4 }, () => ({ status: 529, retryAfterMs: 5 })));
    const reply = await app.core.reply(message('revenue by month (for the zebra)'));
    expect(reply.error).toBeUndefined();
    expect(reply.text).toMatch(/^Revenue by month/);
    expect(reply.text).toContain(`Claude could not answer (Claude is overloaded right now; try again in a few minutes); this is the offline engine's reading (left out: "zebra").`);
    expect(reply.footer).not.toMatch(/Claude/);
    expect(api.requests.length).toBeGreaterThan(0);
  });

  it('a confident reading stays offline', async () => {
    const reply = await app.core.reply(message('revenue by month last year'));
    expect(reply.error).toBeUndefined();
    expect(api.requests).toHaveLength(0);
  });
});

describe('refinements across engines in one thread', () => {
  it('offline → Claude (with the offline SQL) → narrowed offline → Claude again for a new bucket', async () => {
    const thread = 'th-both-ways';
    const first = await app.core.reply(message('revenue by month', thread));
    expect(first.footer).not.toMatch(/Claude/);
    expect(api.requests).toHaveLength(0);

    // Offline answer refined by a question only Claude can handle: Claude gets the offline answer's SQL.
    api.enqueue(toolUse([['run_sql', { sql: BY_DEVICE_SQL }]]), toolUse([['answer', { result_id: 'r1', title: 'Repeat customers by device' }]]));
    const claude = await app.core.reply(message(`of those, ${REFUSED}`, thread));
    expect(claude.footer).toMatch(/answered by Claude/);
    expect(firstMessage(0)).toMatch(/^<previous_answer title="Revenue by month[^"]*">SELECT /);
    expect(firstMessage(0)).toContain('sum(');
    const devices = claude.table!.rows.map((r) => r[0]);
    expect(devices.length).toBeGreaterThan(1);
    api.requests.length = 0;

    // Narrowed by the offline engine: Claude's SQL as a subquery, no call.
    const mobile = await app.core.reply(message('only mobile', thread));
    expect(mobile.error).toBeUndefined();
    expect(api.requests).toHaveLength(0);
    expect(mobile.code!.text).toContain(BY_DEVICE_SQL);
    expect(mobile.code!.text).toMatch(/WHERE `device` IN \('mobile'\)/);
    expect(mobile.table!.rows.map((r) => r[0])).toEqual(['mobile']);
    expect(mobile.text).toMatch(/^Repeat customers by device — device = mobile — 1 row/);
    expect(mobile.text).toContain("Claude's query, narrowed by the offline engine (no tokens spent).");
    expect(mobile.footer).not.toMatch(/Claude/);

    // The next refinement builds on the state: another value replaces the filter, then a ranking.
    const others = await app.core.reply(message('excluding mobile', thread));
    expect(others.code!.text).toMatch(/WHERE `device` NOT IN \('mobile'\)/);
    expect(others.table!.rows.map((r) => r[0])).not.toContain('mobile');
    const top = await app.core.reply(message('top 1', thread));
    expect(top.code!.text).toMatch(/\) AS claude_answer WHERE `device` NOT IN \('mobile'\) ORDER BY `repeat_customers` DESC LIMIT 1$/);
    expect(top.table!.rows).toHaveLength(1);
    const bar = await app.core.reply(message('as a bar chart', thread));
    expect(bar.image).toBeDefined();
    const sql = await app.core.reply(message('show me the sql', thread));
    expect(sql.code!.text).toMatch(/claude_answer/);
    expect(api.requests).toHaveLength(0);

    // A new time bucket is beyond the result's columns: Claude, with the refined SQL as the previous answer.
    api.enqueue(
      toolUse([['run_sql', { sql: "SELECT toStartOfWeek(order_time) AS week, uniqExact(user_id) AS repeat_customers FROM demo.orders WHERE device != 'mobile' GROUP BY week ORDER BY week" }]]),
      toolUse([['answer', { result_id: 'r1', title: 'Repeat customers by week, not mobile' }]]),
    );
    const weekly = await app.core.reply(message('by week', thread));
    expect(weekly.footer).toMatch(/answered by Claude/);
    expect(firstMessage(0)).toMatch(/^<previous_answer title="Repeat customers by device — device ≠ mobile, top 1">SELECT \* FROM \(/);
    expect(firstMessage(0)).toContain('<question>by week</question>');
    api.requests.length = 0;

    // A message naming its own figure is a new question: offline, confident.
    const fresh = await app.core.reply(message('orders by channel', thread));
    expect(fresh.footer).not.toMatch(/Claude/);
    expect(fresh.text).toMatch(/^Orders by channel/);
    expect(api.requests).toHaveLength(0);
  });
});

describe('a conversation outside a chat (ask --conversation: only the state goes from turn to turn)', () => {
  it("gives Claude the offline answer the state holds, and narrows Claude's answer offline", async () => {
    const first = await app.answerer.ask({ text: 'revenue by month', now: TEST_NOW, chart: false });
    expect(first.engine).toBe('offline');
    api.enqueue(toolUse([['run_sql', { sql: BY_DEVICE_SQL }]]), toolUse([['answer', { result_id: 'r1', title: 'Repeat customers by device' }]]));
    const claude = await app.answerer.ask({ text: REFUSED, now: TEST_NOW, state: first.state, chart: false });
    expect(claude.engine).toBe('claude');
    expect(firstMessage(0)).toMatch(/^<previous_answer title="Revenue by month/);
    expect(firstMessage(0)).toContain(first.sql.slice(0, 40));
    const mobile = await app.answerer.ask({ text: 'only mobile', now: TEST_NOW, state: claude.state, chart: false });
    expect(mobile.engine).toBe('offline');
    expect(mobile.rows.map((r) => r[0])).toEqual(['mobile']);
    expect(api.requests).toHaveLength(2);
  });
});

describe('tokens spent before a failure are recorded', () => {
  it('an outage on turn 3 records the tokens of turns 1 and 2 against the workspace', async () => {
    const before = (await app.usage!.summary(ws.id, MONTH)).total;
    api.enqueue(
      toolUse([['describe_table', { table: 'demo.orders' }]]),
      toolUse([['run_sql', { sql: BY_DEVICE_SQL }]]),
      ...Array.from({ length: 4 }, () => ({ status: 529, retryAfterMs: 5 })),
    );
    const reply = await app.core.reply(message(REFUSED));
    expect(reply.error?.code).toBe('AI_UNAVAILABLE');
    const after = (await app.usage!.summary(ws.id, MONTH)).total;
    expect(after.answers).toBe(before.answers + 1);
    expect(after.outputTokens).toBeGreaterThan(before.outputTokens);
    expect(after.costUsd).toBeGreaterThan(before.costUsd);
  });

  it('attempts that ran out (three failing queries) record their tokens too', async () => {
    const before = (await app.usage!.summary(ws.id, MONTH)).total;
    api.enqueue(...Array.from({ length: 3 }, (_, i) => toolUse([['run_sql', { sql: `SELECT no_such_column_${i} FROM demo.orders` }]])));
    const reply = await app.core.reply(message(REFUSED));
    expect(reply.error?.code).toBe('NOT_UNDERSTOOD');
    expect(reply.text).toMatch(/^Claude could not write a query that runs for this question \(3 attempts\)/);
    const after = (await app.usage!.summary(ws.id, MONTH)).total;
    expect(after.answers).toBe(before.answers + 1);
    expect(after.costUsd).toBeGreaterThan(before.costUsd);
  });

  it('the budget reached mid-answer stops the loop, records what it spent, and refuses the next question', async () => {
    // Budgets are in cents: spend up to a millionth of a dollar below one, so the first call of the next answer reaches it.
    const before = await app.usage!.spentUsd(ws.id, MONTH);
    const budget = Math.ceil((before + 0.01) * 100) / 100;
    const filler = Math.round((budget - before - 0.000001) * 1e6) / 1e6;
    const usage = { model: 'claude-sonnet-5-5', calls: 1, inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: filler };
    await app.usage!.record({ workspaceId: ws.id, userKey: 'slack:U-BO', usage, outcome: 'answer', at: TEST_NOW });
    const spent = await app.usage!.spentUsd(ws.id, MONTH);
    expect(budget - spent).toBeCloseTo(0.000001, 9);
    await app.usage!.setBudget(ws.id, budget);
    try {
      api.enqueue(toolUse([['describe_table', { table: 'demo.orders' }]]), toolUse([['run_sql', { sql: BY_DEVICE_SQL }]]));
      const reply = await app.core.reply(message(REFUSED));
      expect(reply.error?.code).toBe('BUDGET_EXCEEDED');
      expect(reply.text).toMatch(/^This workspace's Claude budget for June 2025 \(\$[\d.]+\) is spent/);
      expect(api.requests).toHaveLength(1);
      api.clear();
      const total = (await app.usage!.summary(ws.id, MONTH)).total.costUsd;
      expect(total).toBeGreaterThan(spent + 0.000001);
      api.requests.length = 0;
      const next = await app.core.reply(message(REFUSED));
      expect(next.error?.code).toBe('BUDGET_EXCEEDED');
      expect(api.requests).toHaveLength(0);
    } finally {
      await app.usage!.setBudget(ws.id, null);
    }
  });
});
