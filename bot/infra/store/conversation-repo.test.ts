/** Conversation state in the metadata store, on PostgreSQL (as the restricted app role) and PGlite. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord } from '../../core/conversation/conversation-store.ts';
import { createStoreConversations } from '../../core/conversation/conversation-store.ts';
import type { MetadataStore } from './create-metadata-store.ts';
import { openTestStore, TEST_BACKENDS } from './test-databases.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-11-01T12:00:00Z');
const later = (days: number) => new Date(T0.getTime() + days * DAY);

const record = (workspaceId: number | null, over: Partial<AnswerRecord> = {}): AnswerRecord => ({
  workspaceId,
  historyId: null,
  conversation: { platform: 'slack', workspaceKey: 'T1', channelId: 'C1', threadId: '1700000000.000100' },
  title: 'Revenue by country',
  sql: "SELECT country, sum(amount) FROM demo.orders WHERE note = 'it''s' GROUP BY country",
  columns: [
    { name: 'country', type: 'String' },
    { name: 'revenue', type: 'Float64' },
  ],
  rows: [
    ['DE', 12.5],
    ['FR', null],
    ['quote "x", comma', 3],
  ],
  truncated: false,
  createdAt: T0,
  ...over,
});

describe.each(TEST_BACKENDS)('conversation state on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
  });
  afterAll(async () => close?.());

  it('keeps an answer and a thread as written, and replaces on the same key', async () => {
    const ws = await store.workspaces.create({ name: 'conv-a' });
    const conv = createStoreConversations(store.conversations, { defaultRetentionDays: null });
    await conv.saveAnswer('a1', record(ws.id));
    expect(await conv.getAnswer('a1', later(1))).toEqual(record(ws.id));
    expect(await conv.getAnswer('nope', later(1))).toBeUndefined();
    await conv.saveAnswer('a2', record(null, { rows: null, truncated: true }));
    expect(await conv.getAnswer('a2', later(1))).toMatchObject({ workspaceId: null, rows: null, truncated: true });

    const state = { version: 1 as const, query: { model: 'demo', measures: [{ kind: 'measure' as const, name: 'revenue' }], dimensions: ['country'], filters: [] } };
    await conv.saveThread('slack:T1:C1:1', { state, lastAnswerId: 'a1', workspaceId: ws.id, updatedAt: T0 });
    expect(await conv.getThread('slack:T1:C1:1', T0)).toEqual({ state, lastAnswerId: 'a1', workspaceId: ws.id, updatedAt: T0 });
    await conv.saveThread('slack:T1:C1:1', { lastAnswerId: 'a2', workspaceId: ws.id, updatedAt: later(1) });
    expect(await conv.getThread('slack:T1:C1:1', later(1))).toEqual({ lastAnswerId: 'a2', workspaceId: ws.id, updatedAt: later(1) });
    expect(await conv.getThread('slack:T1:C1:2', T0)).toBeUndefined();
  });

  it("reads nothing past the workspace's retention, else the default", async () => {
    const short = await store.workspaces.create({ name: 'conv-short' });
    await store.workspaces.update(short.id, { historyRetentionDays: 2 });
    const plain = await store.workspaces.create({ name: 'conv-plain' });
    const conv = createStoreConversations(store.conversations, { defaultRetentionDays: 30 });
    await conv.saveAnswer('s1', record(short.id));
    await conv.saveAnswer('p1', record(plain.id));
    await conv.saveAnswer('n1', record(null));
    await conv.saveThread('t-short', { lastAnswerId: 's1', workspaceId: short.id, updatedAt: T0 });
    expect(await conv.getAnswer('s1', later(1.9))).toBeDefined();
    expect(await conv.getAnswer('s1', later(3))).toBeUndefined();
    expect(await conv.getThread('t-short', later(3))).toBeUndefined();
    expect(await conv.getAnswer('p1', later(29))).toBeDefined();
    expect(await conv.getAnswer('p1', later(31))).toBeUndefined();
    expect(await conv.getAnswer('n1', later(31))).toBeUndefined();
    // No retention anywhere: kept.
    const forever = createStoreConversations(store.conversations);
    expect(await forever.getAnswer('p1', later(3650))).toBeDefined();
  });

  it('goes with its history entry when the history purge removes it, and a thread with its answer', async () => {
    const ws = await store.workspaces.create({ name: 'conv-purge' });
    await store.workspaces.update(ws.id, { historyRetentionDays: 5 });
    const h = await store.history.add({
      workspaceId: ws.id,
      memberId: null,
      platform: 'slack',
      workspaceKey: 'T1',
      channelId: 'C1',
      threadId: null,
      userId: 'U1',
      userName: null,
      kind: 'question',
      origin: 'chat',
      question: 'revenue by country',
      sql: 'SELECT 1',
      outcome: 'ok',
      errorCode: null,
      errorMessage: null,
      durationMs: 1,
      rowCount: 3,
      createdAt: T0,
    });
    const conv = createStoreConversations(store.conversations);
    await conv.saveAnswer('h1', record(ws.id, { historyId: h.id }));
    await conv.saveThread('t-purge', { lastAnswerId: 'h1', workspaceId: ws.id, updatedAt: T0 });
    expect(await store.history.purge({ now: later(4) })).toBe(0);
    expect(await conv.getAnswer('h1', later(4))).toBeDefined();
    expect(await store.history.purge({ now: later(6) })).toBeGreaterThanOrEqual(1);
    const left = await store.db.query<{ n: number }>("SELECT (SELECT count(*) FROM conversation_answers WHERE id = 'h1')::int + (SELECT count(*) FROM conversation_threads WHERE thread_key = 't-purge')::int AS n");
    expect(left.rows[0].n).toBe(0);
  });

  it('purges by age, threads and answers alike', async () => {
    const conv = createStoreConversations(store.conversations);
    await conv.saveAnswer('old', record(null, { createdAt: new Date('2020-01-01T00:00:00Z') }));
    await conv.saveThread('t-old', { workspaceId: null, updatedAt: new Date('2020-01-01T00:00:00Z') });
    const n = await conv.purgeOlderThan(new Date('2021-01-01T00:00:00Z'));
    expect(n).toBe(2);
    expect(await conv.getAnswer('old', new Date('2020-01-02T00:00:00Z'))).toBeUndefined();
    expect(await conv.getAnswer('a1', later(1))).toBeDefined();
  });

  it('claims a dedupe key once, again after it expired, and purges old claims', async () => {
    // The repository itself (the store wrapper adds the day and a background purge).
    const repo = store.conversations;
    const claim = (key: string, days: number) => repo.claimMessage(key, { now: later(days), expiredBefore: later(days - 1) });
    expect(await claim('slack:msg:C1:1.1', 0)).toBe(true);
    expect(await claim('slack:msg:C1:1.1', 0.5)).toBe(false);
    expect(await claim('telegram:1.1', 0)).toBe(true);
    // Past a day the claim no longer counts (whether or not a purge removed it).
    expect(await claim('slack:msg:C1:1.1', 1.5)).toBe(true);
    expect(await claim('slack:msg:C1:1.1', 1.6)).toBe(false);
    expect(await repo.purgeClaims(later(1))).toBe(1);
    const keys = await store.db.query<{ message_key: string }>('SELECT message_key FROM message_claims');
    expect(keys.rows.map((r) => r.message_key)).toEqual(['slack:msg:C1:1.1']);
    await expect(claim('x'.repeat(301), 0)).rejects.toThrow();
    const conv = createStoreConversations(repo);
    expect(await conv.claimMessage('discord:42', T0)).toBe(true);
    expect(await conv.claimMessage('discord:42', T0)).toBe(false);
  });

  it('drops the state of a deleted workspace', async () => {
    const ws = await store.workspaces.create({ name: 'conv-gone' });
    const conv = createStoreConversations(store.conversations);
    await conv.saveAnswer('g1', record(ws.id));
    await store.db.query('DELETE FROM workspaces WHERE id = $1', [ws.id]);
    expect(await conv.getAnswer('g1', later(1))).toBeUndefined();
  });
});
