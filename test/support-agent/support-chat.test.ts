/**
 * Product questions through the chat core of a real app (chDB with the demo
 * data, PGlite, the guard): the support agent answers them within the
 * workspace's allow-list, and data questions still reach the query agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { threadKey } from '../../bot/core/conversation/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let plain: TestApp;
let n = 0;
const slack: ConversationRef = { platform: 'slack', workspaceKey: 'TS', channelId: 'C1' };
const unbound: ConversationRef = { platform: 'slack', workspaceKey: 'TU', channelId: 'C7' };
const say = (target: TestApp, conversation: ConversationRef, user: string, text: string): Promise<Reply> => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `s${++n}`, conversation, user: { id: user, name: user }, receivedAt: new Date() };
  const m: ChatMessage = cmd ? { ...base, kind: 'command', command: cmd[1], text: cmd[2] } : { ...base, kind: 'question', text };
  return target.core.reply(m);
};

beforeAll(async () => {
  app = await createTestApp({ scale: 0.01, metadata: true, env: { DATALABS_SETUP: 'open' } });
  plain = await createTestApp({ scale: 0.01 });
});
afterAll(async () => {
  await app?.dispose();
  await plain?.dispose();
});

describe('support questions in chat', () => {
  it('answers a how-to in a chat not set up yet, from the documentation alone', async () => {
    const r = await say(app, unbound, 'U9', 'how do I set up alerts?');
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/\/alert refund rate on mobile above 10% every (1h|hour)/);
    const tables = await say(app, unbound, 'U9', 'which tables are there?');
    expect(tables.text).toMatch(/no role/);
    expect(tables.text).not.toMatch(/demo\./);
  });

  it('lists the workspace\'s tables, then only what its allow-list keeps', async () => {
    expect((await say(app, slack, 'U1', '/datalabs setup Shop')).text).toMatch(/Workspace "Shop"/);
    const all = await say(app, slack, 'U1', 'which tables are there?');
    expect(all.text).toMatch(/Workspace "Shop" can read 4 tables: demo\.events, demo\.orders, demo\.products, demo\.users\./);
    expect(all.table).toBeUndefined();
    expect((await say(app, slack, 'U1', '/datalabs admin disallow demo')).error).toBeUndefined();
    expect((await say(app, slack, 'U1', '/datalabs admin allow demo.orders')).error).toBeUndefined();
    const one = await say(app, slack, 'U1', 'which tables are there?');
    expect(one.text).toMatch(/can read 1 table: demo\.orders\./);
    expect(one.text).not.toMatch(/demo\.(users|events|products)/);
    const conv = await say(app, slack, 'U1', 'what does conversion rate mean?');
    expect(conv.text).not.toMatch(/demo\.events/);
    expect((await say(app, slack, 'U1', '/datalabs admin allow demo')).error).toBeUndefined();
  });

  it('defines a measure and links the command', async () => {
    const r = await say(app, slack, 'U1', 'what does refund rate mean?');
    expect(r.text).toMatch(/^Refund rate = Refunds ÷ All orders/);
    expect(r.text).toMatch(/Try: \/ask refund rate by month/);
  });

  it('answers "how do I invite someone?" with the grant command', async () => {
    const r = await say(app, slack, 'U1', 'how do I invite someone?');
    expect(r.text).toMatch(/\/datalabs admin grant <user> analyst/);
  });

  it('still sends data questions to the query agent', async () => {
    const total = await say(app, slack, 'U1', 'What is the total revenue?');
    expect(total.error).toBeUndefined();
    expect(total.table?.rows).toHaveLength(1);
    const plan = await say(app, slack, 'U1', 'Which plan has the most users?');
    expect(plan.error).toBeUndefined();
    expect(plan.table?.rows.length).toBeGreaterThan(0);
  });

  it('leaves a reply to Claude\'s clarifying question to the answer pipeline, even when it reads like a support question', async () => {
    const thread: ConversationRef = { ...slack, threadId: 'T-clarify' };
    const ws = (await app.store!.workspaces.find('Shop'))!;
    await app.store!.conversations.saveThread(threadKey(thread), { workspaceId: ws.id, pending: { engine: 'claude', question: 'active users last week', asked: 'Active as in logged in, or ordered?' }, updatedAt: new Date() });
    const reply = await say(app, thread, 'U1', 'what does refund rate mean?');
    expect(reply.text).not.toMatch(/^Refund rate = /);
    // Elsewhere the same text is a support question.
    expect((await say(app, slack, 'U1', 'what does refund rate mean?')).text).toMatch(/^Refund rate = /);
  });

  it('answers "/help <topic>" with the support agent, plain /help with the help text', async () => {
    const base = { id: `s${++n}`, conversation: slack, user: { id: 'U1', name: 'U1' }, receivedAt: new Date() };
    const topic = await app.core.reply({ ...base, kind: 'help', text: 'alerts' });
    expect(topic.text).toMatch(/\/alert /);
    expect(topic.text).not.toMatch(/I answer questions about your ClickHouse data/);
    const plainHelp = await app.core.reply({ ...base, id: `s${++n}`, kind: 'help', text: '' });
    expect(plainHelp.text).toMatch(/I answer questions about your ClickHouse data/);
  });

  it('answers from the process\'s own scope without workspaces (console, CLI)', async () => {
    const r = await say(plain, { platform: 'console', workspaceKey: 'local', channelId: 'console' }, 'me', 'which tables are there?');
    expect(r.text).toMatch(/This workspace can read 4 tables: demo\.events, demo\.orders, demo\.products, demo\.users\./);
    const data = await say(plain, { platform: 'console', workspaceKey: 'local', channelId: 'console' }, 'me', 'revenue by month');
    expect(data.table?.rows.length).toBeGreaterThan(10);
  });
});
