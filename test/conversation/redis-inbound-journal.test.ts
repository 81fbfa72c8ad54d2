/**
 * The Redis inbound journal (bot/infra/queue/redis-inbound-journal.ts), on the
 * test Redis, and the inbound pipeline with it in front of a real PostgreSQL
 * store: a batch is acknowledged once Redis has it, before the store does;
 * the store records it after the burst and the field goes; a process killed
 * in between leaves its batch, which another process (a replica, a worker)
 * replays once it is older than a lease — each message answered once, one the
 * store already had not again, and a live process's fresh batch never.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { dedupeKey } from '../../bot/core/conversation/index.ts';
import { createInbound, createMemoryQueue, type InboundStore } from '../../bot/core/inbound/index.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { createRedisInboundJournal } from '../../bot/infra/queue/redis-inbound-journal.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { inboundMessage, stubSlackAdapter as adapter, until } from '../support/inbound-fixtures.ts';

const logger = createLogger('silent');
const REDIS_URL = process.env.DATALABS_TEST_REDIS_URL ?? '';
const message = (text?: string): ChatMessage => inboundMessage({ text });
const entry = (m: ChatMessage) => ({ key: dedupeKey(m), message: m });
let seq = 0;
/** A queue name of its own per test: the journal's hash is `datalabs:<name>:inbound-journal`. */
const freshName = () => `journal-test-${process.pid}-${Date.now()}-${seq++}`;
const hashOf = (name: string) => `datalabs:${name}:inbound-journal`;

let redis: Redis;
beforeAll(() => {
  expect(REDIS_URL, 'test/global-setup.ts sets DATALABS_TEST_REDIS_URL').toMatch(/^redis:/);
  redis = new Redis(REDIS_URL);
});
afterAll(async () => {
  await redis?.quit();
});

describe('the journal hash', () => {
  it('holds sealed events as they came, beside messages, and gives them back to another process', async () => {
    const name = freshName();
    let clock = 1_000_000;
    const now = () => clock;
    const dead = createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name, now });
    const sealed = { platform: 'slack' as const, body: 'command=%2Fask&text=revenue&channel_id=C1&user_id=U1', receivedAtMs: 1_750_000_000_000 };
    await dead.append([{ sealed }, entry(message('plain'))]);
    const other = createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name, now, staleMs: 5_000 });
    clock += 6_000;
    const replayed = await other.replay();
    expect(replayed[0]).toEqual({ sealed });
    expect(replayed[1].message?.text).toBe('plain');
    await other.forgetReplayed();
    await Promise.all([dead.close(), other.close()]);
  });

  it('holds a batch until it is settled', async () => {
    const name = freshName();
    const journal = createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name });
    const a = await journal.append([entry(message()), entry(message())]);
    const b = await journal.append([entry(message())]);
    expect(await redis.hlen(hashOf(name))).toBe(2);
    await journal.settle(a);
    expect(await redis.hlen(hashOf(name))).toBe(1);
    await journal.settle(b);
    expect(await redis.exists(hashOf(name))).toBe(0);
    await journal.close();
  });

  it("replays another process's batches once older than staleMs (Dates intact, oldest first), never its own, and forgets what it replayed", async () => {
    const name = freshName();
    let clock = 1_000_000;
    const now = () => clock;
    const dead = createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name, now });
    const ms = [message('one'), message('two'), message('three')];
    await dead.append([entry(ms[0]), entry(ms[1])]);
    clock += 10;
    await dead.append([entry(ms[2])]);
    const other = createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name, now, staleMs: 5_000 });
    const own = await other.append([entry(message('mine'))]);
    expect(await other.replay(), 'not stale yet: its process may be recording them').toEqual([]);
    clock += 6_000;
    const replayed = await other.replay();
    expect(replayed.map((e) => e.message!.text)).toEqual(['one', 'two', 'three']);
    for (const e of replayed) {
      const original = ms.find((m) => m.text === e.message!.text)!;
      expect(e.key).toBe(dedupeKey(original));
      expect(e.message).toEqual(original);
      expect(e.message!.receivedAt).toBeInstanceOf(Date);
    }
    await other.forgetReplayed();
    expect(await redis.hkeys(hashOf(name)), 'only its own batch is left').toHaveLength(1);
    await other.settle(own);
    expect(await redis.exists(hashOf(name))).toBe(0);
    await Promise.all([dead.close(), other.close()]);
  });
});

describe('the inbound pipeline with the Redis journal, on PostgreSQL', () => {
  let metadata: MetadataStore;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    metadata = await openMetadataStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, logger });
  });
  afterAll(async () => {
    await metadata?.close();
    await db?.cleanup();
  });

  const recorded = async (keys: string[]) => {
    const pending = await metadata.inbound.pending(new Date(), new Date(Date.now() - 3_600_000), 1_000);
    return keys.filter((k) => pending.includes(k));
  };

  it('acknowledges once Redis has the batch; the store records it after the burst, it is answered, and the field goes', async () => {
    const name = freshName();
    const answered: ChatMessage[] = [];
    const inbound = createInbound({
      core: { answer: async (_a, m) => void answered.push(m) },
      store: metadata.inbound,
      journal: createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      sweepEveryMs: 3_600_000,
      ingressQuietMs: 300,
    });
    inbound.startAnswering();
    const ms = [message(), message(), message()];
    await Promise.all(ms.map((m) => inbound.receive(m)));
    // Acknowledged: in Redis, not yet in the store (the burst may not be over).
    expect(await redis.hlen(hashOf(name))).toBe(1);
    expect(await recorded(ms.map(dedupeKey))).toEqual([]);
    await until(() => answered.length === 3);
    expect(answered.map((m) => m.id).sort()).toEqual(ms.map((m) => m.id).sort());
    await until(async () => (await redis.exists(hashOf(name))) === 0);
    // A platform retry of an answered message is acknowledged and dropped.
    await inbound.receive({ ...ms[0] });
    await until(async () => (await redis.exists(hashOf(name))) === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toHaveLength(3);
    await inbound.close();
  });

  it('a replica killed after the ack, before the store had the batch: another process replays it once stale and answers each once', async () => {
    const name = freshName();
    // Replica 1 journals and acknowledges; its store never answers (it is frozen, then killed).
    const frozen: InboundStore = { ...metadata.inbound, recordMany: () => new Promise(() => undefined) };
    const dead = createInbound({
      core: { answer: async () => undefined },
      store: frozen,
      journal: createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      ingressQuietMs: 1,
    });
    const earlier = message('already answered before the crash');
    const fresh = [message('a'), message('b')];
    // `earlier` was recorded and answered by the store before (a platform retry was journaled too).
    expect(await metadata.inbound.record(dedupeKey(earlier), earlier, new Date())).toBe(true);
    await metadata.inbound.finish(dedupeKey(earlier), 'answered');
    await Promise.all([...fresh, earlier].map((m) => dead.receive(m)));
    expect(await redis.hlen(hashOf(name))).toBe(1);
    expect(await recorded(fresh.map(dedupeKey))).toEqual([]);

    // A worker on the same Redis and store: at start the batch is not stale yet; its sweep finds it once it is.
    const answered: ChatMessage[] = [];
    const worker = createInbound({
      core: { answer: async (_a, m) => void answered.push(m) },
      store: metadata.inbound,
      journal: createRedisInboundJournal({ redisUrl: REDIS_URL, logger, name, staleMs: 400 }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      sweepEveryMs: 150,
    });
    worker.startAnswering();
    await until(() => answered.length >= 2);
    await new Promise((r) => setTimeout(r, 400));
    expect(answered.map((m) => m.text).sort()).toEqual(['a', 'b']);
    expect(await redis.exists(hashOf(name))).toBe(0);
    await worker.close();
  });
});
