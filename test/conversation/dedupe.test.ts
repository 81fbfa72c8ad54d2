/**
 * Inbound dedupe keys live in the metadata store: a platform event (Slack
 * retry, duplicate event id, Telegram update, Discord interaction) handled by
 * one app is not answered again by a new app on the same store after a
 * restart, and two apps on one PostgreSQL database taking the same event at
 * once answer it exactly once. Real apps, real stores; `help` messages keep
 * it fast (no warehouse query).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../bot/core/answer/index.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createChatCore, createMemoryConversations, createStoreConversations, dedupeKey, CLAIM_TTL_MS } from '../../bot/core/conversation/index.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import type { ChatAdapter, ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { TEST_NOW } from '../support/test-app.ts';

const channel: ConversationRef = { platform: 'slack', workspaceKey: 'T-DEDUPE', channelId: 'C-1' };
const help = (id: string, platform: ConversationRef['platform'] = 'slack'): ChatMessage => ({
  id,
  kind: 'help',
  conversation: { ...channel, platform },
  user: { id: 'U-1' },
  text: '',
  receivedAt: new Date(),
});

function recording() {
  const sent: Reply[] = [];
  const adapter: ChatAdapter = {
    platform: 'slack',
    capabilities: { images: false, buttons: true, threads: true, editMessages: false, files: false },
    async start() {},
    async stop() {},
    async send(to, reply) {
      sent.push(reply);
      return { conversation: to, messageId: String(sent.length) };
    },
  };
  return { adapter, sent };
}

describe.each(TEST_BACKENDS)('inbound dedupe across a restart on %s', (backend) => {
  let database: TestDatabase;
  const open: App[] = [];

  async function start(now: Date): Promise<App> {
    const config = loadConfig(
      {
        DATALABS_DATA_DIR: database.dataDir,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      },
      { readDotenv: false },
    );
    const app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now, metadata: true, writeCharts: false });
    open.push(app);
    return app;
  }
  async function stop(app: App): Promise<void> {
    await app.close();
    open.splice(open.indexOf(app), 1);
  }

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  }, 120_000);
  afterAll(async () => {
    for (const app of [...open]) await app.close().catch(() => undefined);
    await database?.cleanup();
  });

  const id = `slack:msg:C-1:${Date.now()}.000100`;

  it('app A answers an event and closes; app B on the same store drops the same event, answers a new one', async () => {
    const a = await start(TEST_NOW);
    const first = recording();
    await a.core.handle(first.adapter, help(id));
    expect(first.sent).toHaveLength(1);
    // Within one app too: a retry is dropped.
    await a.core.handle(first.adapter, help(id));
    expect(first.sent).toHaveLength(1);
    await stop(a);

    const b = await start(new Date(TEST_NOW.getTime() + 60_000));
    const second = recording();
    await b.core.handle(second.adapter, help(id));
    expect(second.sent).toHaveLength(0);
    // The key is per platform: the same id from another platform is another event.
    await b.core.handle(second.adapter, help(id, 'telegram'));
    await b.core.handle(second.adapter, help(`${id}-other`));
    expect(second.sent).toHaveLength(2);
    const keys = await b.store!.db.query<{ message_key: string }>('SELECT message_key FROM message_claims ORDER BY message_key');
    expect(keys.rows.map((r) => r.message_key)).toEqual([dedupeKey(help(id)), dedupeKey(help(`${id}-other`)), dedupeKey(help(id, 'telegram'))].sort());
    await stop(b);
  });

  it('a day later the key is free again, and expired claims are purged', async () => {
    const c = await start(new Date(TEST_NOW.getTime() + CLAIM_TTL_MS + 120_000));
    const third = recording();
    await c.core.handle(third.adapter, help(id));
    expect(third.sent).toHaveLength(1);
    // The purge runs in the background of the first claim: wait for it.
    let left = -1;
    for (let i = 0; i < 50; i++) {
      left = (await c.store!.db.query<{ n: number }>('SELECT count(*)::int AS n FROM message_claims')).rows[0].n;
      if (left === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(left).toBe(1);
    await stop(c);
  });
});

describe('inbound dedupe with two apps on one PostgreSQL database', () => {
  let database: TestDatabase;
  const stores: MetadataStore[] = [];
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    // Two replicas: two independent stores (own pools) on one database.
    stores.push(await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir }));
    stores.push(await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir }));
  }, 120_000);
  afterAll(async () => {
    for (const s of stores) await s.close().catch(() => undefined);
    await database?.cleanup();
  });

  it('claims the same key concurrently: exactly one true', async () => {
    const [a, b] = stores.map((s) => createStoreConversations(s.conversations));
    for (let round = 0; round < 20; round++) {
      const key = `discord:interaction-${round}-${Date.now()}`;
      const results = await Promise.all([a.claimMessage(key, TEST_NOW), b.claimMessage(key, TEST_NOW), a.claimMessage(key, TEST_NOW), b.claimMessage(key, TEST_NOW)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });

  it('two chat cores handling the same event at once answer it once', async () => {
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const answerer: Answerer = {
      naturalLanguage: false,
      ask: async () => {
        throw new Error('not used by help');
      },
    };
    const cores = stores.map((s) => createChatCore({ answerer, logger, now: () => TEST_NOW, naturalLanguage: false, conversations: createStoreConversations(s.conversations) }));
    const { adapter, sent } = recording();
    const event = help(`slack:msg:C-1:${Date.now()}.000200`);
    await Promise.all([cores[0].handle(adapter, event), cores[1].handle(adapter, event), cores[0].handle(adapter, event), cores[1].handle(adapter, event)]);
    expect(sent).toHaveLength(1);
  });
});

describe('inbound dedupe without a metadata store', () => {
  it('keeps a bounded set of claims in memory, counted for a day', async () => {
    const s = createMemoryConversations({ maxClaims: 2 });
    expect(await s.claimMessage('k1', TEST_NOW)).toBe(true);
    expect(await s.claimMessage('k1', TEST_NOW)).toBe(false);
    expect(await s.claimMessage('k2', TEST_NOW)).toBe(true);
    expect(await s.claimMessage('k3', TEST_NOW)).toBe(true);
    // Bounded: the oldest claim went.
    expect(await s.claimMessage('k1', TEST_NOW)).toBe(true);
    expect(await s.claimMessage('k3', new Date(TEST_NOW.getTime() + CLAIM_TTL_MS))).toBe(false);
    expect(await s.claimMessage('k3', new Date(TEST_NOW.getTime() + CLAIM_TTL_MS + 1))).toBe(true);
    expect(await s.purgeOlderThan(new Date(TEST_NOW.getTime() + 1))).toBe(1);
  });

  it("claims the console's per-process ids in memory only: a later run's same id is answered", async () => {
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const answerer: Answerer = { naturalLanguage: false, ask: async () => Promise.reject(new Error('not used by help')) };
    const shared = createMemoryConversations();
    const runs = [0, 1].map(() => createChatCore({ answerer, logger, now: () => TEST_NOW, naturalLanguage: false, conversations: shared }));
    const { adapter, sent } = recording();
    const line = help('console-4242-1', 'console');
    await runs[0].handle(adapter, line);
    await runs[0].handle(adapter, line);
    await runs[1].handle(adapter, line);
    expect(sent).toHaveLength(2);
    expect(await shared.claimMessage(dedupeKey(line), TEST_NOW)).toBe(true);
  });

  it('hashes an id too long for the store key', () => {
    const key = dedupeKey(help('x'.repeat(500), 'discord'));
    expect(key).toMatch(/^discord:sha256:[A-Za-z0-9_-]{43}$/);
    expect(dedupeKey(help('123', 'telegram'))).toBe('telegram:123');
  });
});
