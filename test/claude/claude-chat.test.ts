/**
 * Claude in the chat, end to end: a real app (chDB, guard, metadata store on
 * PGlite, chat core) with ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL pointing at
 * the fake Messages API. A confident offline answer never reaches Claude; a
 * refused question does, edits the progress message as it moves, says who
 * answered and records its cost; a clarifying question is answered in the
 * thread; the workspace budget stops spending; an outage is one clear line.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter, ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import type { Workspace } from '../../bot/contracts/workspace.ts';
import { startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { FORBIDDEN, wire } from './claude-rig.ts';

let api: FakeMessagesApi;
let app: TestApp;
let ws: Workspace;

const REFUSED = 'which customers bought twice within their first week?';
const TWICE_SQL = 'SELECT count() AS customers FROM (SELECT user_id FROM demo.orders GROUP BY user_id HAVING count() >= 2)';

beforeAll(async () => {
  api = await startFakeMessagesApi();
  app = await createTestApp({ metadata: true, env: { ANTHROPIC_API_KEY: 'sk-ant-chat-test', ANTHROPIC_BASE_URL: api.url } });
  ws = await app.store!.workspaces.create({ name: 'Shop', allowedDatabases: [], allowedTables: ['demo.orders', 'demo.products'] });
  await app.store!.workspaces.bind({ platform: 'slack', workspaceKey: 'T-CLAUDE', channelId: '', workspaceId: ws.id });
  await app.workspaces!.admin.grant(ws, { platform: 'slack', userId: 'U-ANN' }, 'analyst', 'test');
}, 120_000);

afterAll(async () => {
  await app?.dispose();
  await api?.close();
});

beforeEach(() => {
  api.requests.length = 0;
  expect(api.pending()).toBe(0);
});

let n = 0;
const message = (text: string, threadId = `th-${++n}`, kind: ChatMessage['kind'] = 'question', command?: string): ChatMessage => ({
  id: `m${++n}`,
  kind,
  ...(command ? { command } : {}),
  conversation: { platform: 'slack', workspaceKey: 'T-CLAUDE', channelId: 'C-DATA', threadId },
  user: { id: 'U-ANN', name: 'ann', teamId: 'T-CLAUDE' },
  teamId: 'T-CLAUDE',
  text,
  receivedAt: new Date(),
});

/** A Slack-shaped adapter that edits messages: records sends and edits in order. */
function editingAdapter() {
  const log: Array<{ op: 'send' | 'update'; reply: Reply }> = [];
  let id = 0;
  const adapter: ChatAdapter = {
    platform: 'slack',
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true },
    async start() {},
    async stop() {},
    async send(to: ConversationRef, reply: Reply) {
      log.push({ op: 'send', reply });
      return { conversation: to, messageId: `msg-${++id}` };
    },
    async update(_ref, reply) {
      log.push({ op: 'update', reply });
    },
  };
  return { adapter, log };
}

describe('Claude in chat', () => {
  it('keeps a confident offline answer offline: nothing goes to Claude', async () => {
    const reply = await app.core.reply(message('revenue by month'));
    expect(reply.error).toBeUndefined();
    expect(reply.footer).not.toMatch(/Claude/);
    expect(api.requests).toHaveLength(0);
  });

  it('sends a refused question to Claude, edits progress as it moves, names the engine and records the cost', async () => {
    api.enqueue(toolUse([['run_sql', { sql: TWICE_SQL }]]), toolUse([['render_chart', {}]]), toolUse([['answer', { result_id: 'r1', title: 'Customers with two or more orders', summary: 'Counted over all orders.' }]]));
    const { adapter, log } = editingAdapter();
    await app.core.handle(adapter, message(REFUSED));
    expect(log[0]).toMatchObject({ op: 'send', reply: { text: 'Working on it…' } });
    const edits = log.slice(1).map((e) => e.reply.text);
    expect(edits).toEqual(expect.arrayContaining(['Working on it… looking at the tables', 'Working on it… running SQL']));
    const final = log.at(-1)!.reply;
    expect(final.error).toBeUndefined();
    expect(final.text).toMatch(/^Customers with two or more orders: \d+/);
    expect(final.text).toContain('Counted over all orders.');
    expect(final.footer).toMatch(/answered by Claude \([\d,]+ tokens, ~\$\d+\.\d{4}\)/);
    expect(final.code?.text).toMatch(/^SELECT count\(\) AS customers FROM \(SELECT user_id FROM demo\.orders/);
    // The workspace's allow-list is what Claude saw: orders and products, never users or events.
    for (const req of api.requests) expect(wire(req)).not.toMatch(FORBIDDEN);
    const month = new Date(Date.UTC(TEST_NOW.getUTCFullYear(), TEST_NOW.getUTCMonth(), 1));
    const { users, total } = await app.usage!.summary(ws.id, month);
    expect(total.answers).toBe(1);
    expect(total.costUsd).toBeGreaterThan(0);
    expect(users.map((u) => u.userKey)).toEqual(['slack:U-ANN']);
    const usage = await app.core.reply(message('', undefined, 'command', 'usage'));
    expect(usage.text).toMatch(/^Claude usage in June 2025: 1 answer, [\d,]+ tokens/);
    expect(usage.text).toMatch(/You: 1 answers/);
  });

  it('posts a clarifying question, and the reply in the thread continues the conversation', async () => {
    api.enqueue(toolUse([['ask_user', { question: 'Do you mean customers with two completed orders, or any two orders?' }]]));
    const asked = await app.core.reply(message(REFUSED, 'th-clarify'));
    expect(asked.text).toBe('Do you mean customers with two completed orders, or any two orders?');
    expect(asked.error).toBeUndefined();
    api.enqueue(toolUse([['run_sql', { sql: TWICE_SQL }]]), toolUse([['answer', { result_id: 'r1', title: 'Customers with two or more orders' }]]));
    const answered = await app.core.reply(message('any two orders', 'th-clarify'));
    expect(answered.text).toMatch(/^Customers with two or more orders/);
    const first = api.requests.at(-2)!.body.messages[0].content as string;
    expect(first).toContain(`<question>${REFUSED}</question>`);
    expect(first).toContain('<reply>any two orders</reply>');
    // The thread has moved on: the next question there is a new one again (offline, confident).
    const next = await app.core.reply(message('revenue by month', 'th-clarify'));
    expect(next.footer).not.toMatch(/Claude/);
  });

  it("gives Claude the thread's previous answer for a follow-up the offline agent cannot refine", async () => {
    api.enqueue(toolUse([['run_sql', { sql: TWICE_SQL }]]), toolUse([['answer', { result_id: 'r1', title: 'Customers with two or more orders' }]]));
    await app.core.reply(message(REFUSED, 'th-follow'));
    api.enqueue(toolUse([['run_sql', { sql: "SELECT count() AS customers FROM (SELECT user_id FROM demo.orders WHERE device = 'mobile' GROUP BY user_id HAVING count() >= 2)" }]]), toolUse([['answer', { result_id: 'r1', title: 'Mobile customers with two or more orders' }]]));
    const follow = await app.core.reply(message('and of those, only the ones who came back on mobile?', 'th-follow'));
    expect(follow.text).toMatch(/^Mobile customers with two or more orders/);
    const first = api.requests.at(-2)!.body.messages[0].content as string;
    expect(first).toMatch(/^<previous_answer title="Customers with two or more orders">SELECT count\(\) AS customers FROM \(SELECT user_id FROM demo\.orders/);
    expect(first).toContain('<question>and of those, only the ones who came back on mobile?</question>');
  });

  it('stops spending when the workspace budget is reached: one clear line, nothing sent to Claude', async () => {
    await app.usage!.setBudget(ws.id, 0.000001);
    try {
      const reply = await app.core.reply(message(REFUSED));
      expect(reply.error?.code).toBe('BUDGET_EXCEEDED');
      expect(reply.text).toMatch(/^This workspace's Claude budget for June 2025 \(\$0\.00\) is spent/);
      expect(api.requests).toHaveLength(0);
      // Offline answers go on.
      expect((await app.core.reply(message('revenue by month'))).error).toBeUndefined();
    } finally {
      await app.usage!.setBudget(ws.id, null);
    }
  });

  it('says in one line that Claude is down, with what the offline engine could say', async () => {
    api.enqueue(...Array.from({ length: 4 }, () => ({ status: 529, retryAfterMs: 5 })));
    const reply = await app.core.reply(message(REFUSED));
    expect(reply.error?.code).toBe('AI_UNAVAILABLE');
    expect(reply.text).toMatch(/^Claude is overloaded right now; try again in a few minutes\. Without it: /);
    expect(reply.text.split('\n')).toHaveLength(1);
  });
});
