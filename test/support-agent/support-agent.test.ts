/**
 * The support agent over the real passages: this README, the chat commands,
 * the workspace usage lines, the /help text and the shipped demo semantic
 * model. Real retrieval, no mocks; Claude's phrasing against a loopback fake
 * of the Messages API (test/fakes/anthropic) driven by the real @anthropic-ai/sdk.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClaudePhraser, createSupportAgent, SUPPORT_SYSTEM_PROMPT, supportKind, type SupportScope } from '../../agents/support/index.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from '../../agents/query/index.ts';
import { supportDocs } from '../../bot/app/support-chat.ts';
import { say, startFakeMessagesApi, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';

const model = loadSemanticModel(DEMO_MODEL_PATH);
const docs = supportDocs({ alerts: true });
const agent = createSupportAgent({ docs });
const all: SupportScope = { tables: ['demo.events', 'demo.orders', 'demo.products', 'demo.users'], models: [model], workspaceName: 'Shop' };
const ordersOnly: SupportScope = { tables: ['demo.orders'], models: [model], workspaceName: 'Orders team' };

describe('support agent, offline', () => {
  it('reads the README, the commands and the usage lines', () => {
    expect(docs.filter((d) => d.source === 'readme').length).toBeGreaterThan(50);
    expect(docs.some((d) => d.id === 'command:alert')).toBe(true);
    expect(docs.some((d) => d.id === 'help:grant')).toBe(true);
  });

  it('answers "how do I set up alerts?" with the /alert command', async () => {
    const a = await agent.answer('how do I set up alerts?', all);
    expect(a.kind).toBe('how-to');
    expect(a.engine).toBe('offline');
    expect(a.command).toMatch(/^\/alert /);
    expect(a.text).toMatch(/\/alert refund rate on mobile above 10% every 1h/);
    expect(a.sources.join(' ')).toMatch(/README/);
  });

  it('answers "how do I invite someone?" with the grant command', async () => {
    const a = await agent.answer('how do I invite someone?', all);
    expect(a.command).toBe('/datalabs admin grant <user> analyst');
    expect(a.text).toMatch(/datalabs workspace invite/);
  });

  it.each([
    ['how can I export a CSV?', /Export CSV button/],
    ['how do I mute an alert?', /\/alert pause <name>/],
    ['how do I connect my own ClickHouse?', /CLICKHOUSE_URL|datalabs workspace clickhouse/],
    ['how do I give a workspace access to another database?', /\/datalabs admin allow/],
    ['how do I save a query?', /\/save <name>/],
  ])('answers %j from the README', async (q, expected) => {
    const a = await agent.answer(q, all);
    expect(a.text).toMatch(expected);
  });

  it('defines a measure from the semantic model, spelling out a ratio', async () => {
    const a = await agent.answer('what does refund rate mean?', all);
    expect(a.kind).toBe('definition');
    expect(a.text).toMatch(/^Refund rate = Refunds ÷ All orders/);
    expect(a.text).toContain("status = 'refunded'");
    expect(a.text).toMatch(/percentage/);
    expect(a.command).toBe('/ask refund rate by month');
  });

  it('finds a measure by a synonym', async () => {
    const a = await agent.answer('What does AOV stand for?', all);
    expect(a.text).toMatch(/^Average order value = Revenue ÷ Orders/);
    const b = await agent.answer('how is conversion rate calculated?', all);
    expect(b.text).toMatch(/^Conversion rate = /);
  });

  it('reads a bare measure name (/help refund rate) as a definition question', async () => {
    const a = await agent.answer('refund rate', all);
    expect(a.kind).toBe('definition');
    expect(a.text).toMatch(/^Refund rate = /);
    const topic = await agent.answer('alerts', all);
    expect(topic.kind).toBe('how-to');
    expect(topic.command).toMatch(/^\/alert /);
  });

  it('does not define a measure over a table the workspace cannot read', async () => {
    const a = await agent.answer('what does conversion rate mean?', ordersOnly);
    expect(a.text).not.toMatch(/demo\.events/);
    expect(a.text).not.toMatch(/^Conversion rate = /);
  });

  it('lists the readable tables and the measures over them', async () => {
    const a = await agent.answer('which tables are there?', all);
    expect(a.kind).toBe('catalog');
    expect(a.text).toMatch(/Workspace "Shop" can read 4 tables: demo\.events, demo\.orders, demo\.products, demo\.users/);
    expect(a.text).toMatch(/Refund rate/);
    const only = await agent.answer('which tables are there?', ordersOnly);
    expect(only.text).toMatch(/can read 1 table: demo\.orders\./);
    expect(only.text).not.toMatch(/demo\.(users|events|products)|Active users|Signups/);
  });

  it('lists measures, dimensions and a table\'s columns', async () => {
    const m = await agent.answer('what metrics are there?', ordersOnly);
    expect(m.text).toMatch(/Measures you can ask about: Revenue, Orders/);
    expect(m.text).not.toMatch(/Sessions|Signups/);
    const c = await agent.answer('what columns does orders have?', all);
    expect(c.text).toMatch(/demo\.orders has the columns order_id, order_time, user_id/);
  });

  it('says when a workspace reads nothing, and when the person may not see it', async () => {
    const none = await agent.answer('which tables are there?', { tables: [], models: [] });
    expect(none.text).toMatch(/cannot read any table yet.*\/datalabs admin allow/);
    const denied = await agent.answer('which tables are there?', { ...all, mayRead: false });
    expect(denied.text).toMatch(/no role/);
    expect(denied.text).not.toMatch(/demo\./);
    // How-to answers are documentation: anyone gets them.
    const howTo = await agent.answer('how do I set up alerts?', { ...all, mayRead: false });
    expect(howTo.command).toMatch(/^\/alert /);
  });

  it('says what it does not know instead of guessing', async () => {
    const a = await agent.answer('what does churn probability mean?', all);
    expect(a.text).toMatch(/not defined in this workspace's semantic model|could not find/);
    const b = await agent.answer('how do I bake bread?', all);
    expect(b.text).toMatch(/could not find that in the documentation/);
  });
});

let api: FakeMessagesApi;
beforeAll(async () => {
  api = await startFakeMessagesApi();
});
afterAll(async () => api?.close());

describe('support agent, phrased by Claude (fake Messages API)', () => {
  it('sends one call with the passages and uses the reply, keeping the command', async () => {
    const before = api.requests.length;
    api.enqueue(say('Alerts are set up from chat: an alert is a question, a condition and a schedule.'));
    const claude = createSupportAgent({ docs, phraser: createClaudePhraser({ apiKey: 'sk-test', baseURL: api.url, model: 'claude-test', maxRetries: 0 }) });
    const a = await claude.answer('how do I set up alerts?', all);
    expect(a.engine).toBe('claude');
    expect(a.text).toMatch(/^Alerts are set up from chat/);
    // The model did not name the command: the answer still links it.
    expect(a.text).toMatch(/Command: \/alert refund rate on mobile above 10% every 1h/);
    const requests = api.requests.slice(before);
    expect(requests).toHaveLength(1);
    const sent = requests[0];
    expect(sent.path).toBe('/v1/messages');
    // This SDK sends the key as a bearer token (older ones as x-api-key).
    expect(sent.headers['x-api-key'] ?? sent.headers.authorization).toMatch(/^(Bearer )?sk-test$/);
    expect(sent.body.model).toBe('claude-test');
    expect(sent.body.system).toBe(SUPPORT_SYSTEM_PROMPT);
    expect(sent.body.messages).toHaveLength(1);
    expect(String(sent.body.messages[0].content)).toMatch(/<question>\nhow do I set up alerts\?\n<\/question>/);
    expect(String(sent.body.messages[0].content)).toMatch(/<passage index="1"[^>]*>[\s\S]*\/alert/);
  });

  it('shows the model only the workspace\'s tables', async () => {
    const before = api.requests.length;
    api.enqueue(say('This workspace reads demo.orders.'));
    const claude = createSupportAgent({ docs, phraser: createClaudePhraser({ apiKey: 'sk-test', baseURL: api.url, model: 'claude-test', maxRetries: 0 }) });
    const a = await claude.answer('which tables are there?', ordersOnly);
    expect(a.engine).toBe('claude');
    const content = String(api.requests[before].body.messages[0].content);
    expect(content).toContain('demo.orders');
    expect(content).not.toMatch(/demo\.(users|events|products)/);
  });

  it('answers offline when the API fails', async () => {
    const before = api.requests.length;
    api.enqueue({ status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const claude = createSupportAgent({ docs, phraser: createClaudePhraser({ apiKey: 'sk-test', baseURL: api.url, model: 'claude-test', maxRetries: 0 }) });
    const a = await claude.answer('how do I invite someone?', all);
    expect(api.requests.length - before).toBe(1);
    expect(api.pending()).toBe(0);
    expect(a.engine).toBe('offline');
    expect(a.command).toBe('/datalabs admin grant <user> analyst');
  });
});

describe('support agent on a labelled question set', () => {
  it('answers at least 90 % of test/support-agent/support-questions.jsonl with the right command or definition', async () => {
    const rows = fs
      .readFileSync(path.join(import.meta.dirname, 'support-questions.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { question: string; expect: string });
    const misses: string[] = [];
    for (const row of rows) {
      expect(supportKind(row.question), row.question).toBeDefined();
      const a = await agent.answer(row.question, all);
      if (!new RegExp(row.expect).test(a.text)) misses.push(`${row.question} → ${a.text.split('\n')[0].slice(0, 120)}`);
    }
    const score = (rows.length - misses.length) / rows.length;
    console.log(`support questions: ${rows.length - misses.length}/${rows.length}${misses.length ? `\nmisses:\n${misses.join('\n')}` : ''}`);
    expect(score).toBeGreaterThanOrEqual(0.9);
  });
});
