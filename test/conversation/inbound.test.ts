/**
 * The inbound pipeline (record → queue → take under a lease → answer →
 * finish) on both metadata backends and both queues: a duplicate is answered
 * once, two processes taking one message answer it once, a lapsed lease is
 * taken over, a platform outage is retried and then answered, and a message
 * recorded by a process that died before answering is picked up by the sweep.
 * `core.answer` here is a scripted stand-in (this tests the pipeline; the
 * adapter suites drive it with the real core and platform fakes).
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlatformError, type ChatAdapter, type ChatMessage, type Reply } from '../../bot/contracts/chat.ts';
import { CLAIM_TTL_MS, dedupeKey } from '../../bot/core/conversation/index.ts';
import { createInbound, createMemoryInbound, createMemoryQueue, type AnswerQueue, type InboundStore } from '../../bot/core/inbound/index.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { inboundMessage, stubSlackAdapter, until } from '../support/inbound-fixtures.ts';
import { createBullQueue } from '../../bot/infra/queue/create-bull-queue.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../bot/infra/store/test-databases.ts';

const logger = createLogger('silent');
const REDIS_URL = process.env.DATALABS_TEST_REDIS_URL ?? '';
const message = (id?: string): ChatMessage => inboundMessage({ id });
const adapter = stubSlackAdapter;

/** A stand-in for core.answer that records what it answered and can be scripted to fail. */
function scriptedCore(script: (message: ChatMessage, call: number) => Promise<void> = async () => undefined) {
  const answered: ChatMessage[] = [];
  let calls = 0;
  return {
    answered,
    core: {
      async answer(_adapter: ChatAdapter, m: ChatMessage) {
        calls += 1;
        await script(m, calls);
        answered.push(m);
      },
    },
  };
}

const backends: Array<{ name: string; open(): Promise<{ store: InboundStore; close(): Promise<void>; metadata?: MetadataStore; db?: TestDatabase }> }> = [
  { name: 'memory', open: async () => ({ store: createMemoryInbound({ claimTtlMs: CLAIM_TTL_MS }), close: async () => undefined }) },
  ...TEST_BACKENDS.map((backend) => ({
    name: backend,
    async open() {
      const db = await createTestDatabase(backend);
      const metadata = await openMetadataStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, logger });
      return { store: metadata.inbound, metadata, db, close: async () => (await metadata.close(), await db.cleanup()) };
    },
  })),
];

describe.each(backends)('inbound log on $name', (backend) => {
  let opened: Awaited<ReturnType<(typeof backends)[number]['open']>>;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened.close();
  });

  it('records a key once, even when two recorders race', async () => {
    const m = message();
    const wins = await Promise.all([0, 1, 2, 3].map(() => opened.store.record(dedupeKey(m), m, new Date())));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('lets one of two takers answer, takes a lapsed lease over, and forgets a finished message', async () => {
    const m = message();
    const key = dedupeKey(m);
    const t0 = new Date();
    await opened.store.record(key, m, t0);
    const takes = await Promise.all([0, 1].map(() => opened.store.take(key, t0, new Date(t0.getTime() + 1_000))));
    expect(takes.map((t) => t.status).sort()).toEqual(['busy', 'taken']);
    const taken = takes.find((t) => t.status === 'taken')!;
    expect(taken.status === 'taken' && taken.message).toMatchObject({ id: m.id, text: m.text, conversation: m.conversation });
    expect(taken.status === 'taken' && taken.message.receivedAt).toEqual(m.receivedAt);
    // The holder died: a second later its lease has lapsed, so the sweep lists it and another process takes it.
    const later = new Date(t0.getTime() + 1_500);
    expect(await opened.store.pending(later, new Date(t0.getTime() - 60_000), 100)).toContain(key);
    const again = await opened.store.take(key, later, new Date(later.getTime() + 1_000));
    expect(again).toMatchObject({ status: 'taken', attempts: 2 });
    await opened.store.finish(key, 'answered');
    expect(await opened.store.take(key, later, new Date(later.getTime() + 1_000))).toEqual({ status: 'done' });
    expect(await opened.store.pending(later, new Date(t0.getTime() - 60_000), 100)).not.toContain(key);
    expect(await opened.store.record(key, m, later)).toBe(false);
  });

  it('answers each message once through the pipeline; a duplicate is dropped', async () => {
    const { core, answered } = scriptedCore();
    const inbound = createInbound({ core, store: opened.store, queue: createMemoryQueue({ logger }), adapters: [adapter], logger, sweepEveryMs: 3_600_000 });
    inbound.startAnswering();
    const a = message();
    const b = message();
    await inbound.receive(a);
    await inbound.receive(b);
    await inbound.receive({ ...a });
    const ours = () => answered.filter((m) => m.id === a.id || m.id === b.id);
    await until(() => ours().length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    // (The sweep at start also answers the message an earlier test recorded and left queued.)
    expect(ours().map((m) => m.id).sort()).toEqual([a.id, b.id].sort());
    await inbound.close();
  });

  it('retries a delivery that failed with a retryable platform error, then answers once', async () => {
    const { core, answered } = scriptedCore(async (_m, call) => {
      if (call === 1) throw new PlatformError('slack', 'slack is down (503)', { retryable: true });
    });
    const inbound = createInbound({ core, store: opened.store, queue: createMemoryQueue({ logger }), adapters: [adapter], logger, sweepEveryMs: 3_600_000, retryDelayMs: () => 50 });
    inbound.startAnswering();
    const m = message();
    await inbound.receive(m);
    await until(() => answered.some((x) => x.id === m.id));
    expect(answered.filter((x) => x.id === m.id)).toHaveLength(1);
    await inbound.close();
  });

  it('gives up after the last attempt and does not answer again', async () => {
    let calls = 0;
    const { core, answered } = scriptedCore(async () => {
      calls += 1;
      throw new PlatformError('slack', 'slack is down (503)', { retryable: true });
    });
    const inbound = createInbound({ core, store: opened.store, queue: createMemoryQueue({ logger }), adapters: [adapter], logger, sweepEveryMs: 3_600_000, retryDelayMs: () => 20, maxAttempts: 3 });
    inbound.startAnswering();
    const m = message();
    await inbound.receive(m);
    await until(() => calls >= 3);
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(3);
    expect(answered).toHaveLength(0);
    expect(await inbound.sweep()).toBe(0);
    await inbound.close();
  });

  it('answers, after a restart, a message recorded by a process that died before answering', async () => {
    // "Process 1" recorded and acknowledged, then died before its queue ran the job.
    const m = message();
    expect(await opened.store.record(dedupeKey(m), m, new Date())).toBe(true);
    const { core, answered } = scriptedCore();
    const inbound = createInbound({ core, store: opened.store, queue: createMemoryQueue({ logger }), adapters: [adapter], logger, sweepEveryMs: 3_600_000 });
    inbound.startAnswering();
    await until(() => answered.some((x) => x.id === m.id));
    expect(answered.filter((x) => x.id === m.id)).toHaveLength(1);
    await inbound.close();
  });
});

describe('answer queue on Redis (BullMQ)', () => {
  let db: TestDatabase;
  let metadata: MetadataStore;
  const queues: AnswerQueue[] = [];
  const bull = (name: string, leaseMs = 30_000) => {
    const q = createBullQueue({ redisUrl: REDIS_URL, logger, name, stalledIntervalMs: leaseMs, lockDurationMs: leaseMs });
    queues.push(q);
    return q;
  };
  beforeAll(async () => {
    expect(REDIS_URL, 'test/global-setup.ts sets DATALABS_TEST_REDIS_URL').toMatch(/^redis:/);
    db = await createTestDatabase('postgres');
    metadata = await openMetadataStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir, logger });
  });
  afterAll(async () => {
    await Promise.allSettled(queues.map((q) => q.close()));
    await metadata?.close();
    await db?.cleanup();
  });

  it('two processes on one queue answer every message exactly once', async () => {
    const name = `answers-${Date.now()}`;
    const { core, answered } = scriptedCore(async () => new Promise((r) => setTimeout(r, 5)));
    const one = createInbound({ core, store: metadata.inbound, queue: bull(name), adapters: [adapter], logger, sweepEveryMs: 3_600_000 });
    const two = createInbound({ core, store: metadata.inbound, queue: bull(name), adapters: [adapter], logger, sweepEveryMs: 3_600_000 });
    one.startAnswering();
    two.startAnswering();
    const messages = Array.from({ length: 40 }, () => message());
    // Every message arrives twice, at both "replicas" (a platform retry, two receivers).
    await Promise.all(messages.flatMap((m) => [one.receive(m), two.receive({ ...m })]));
    await until(() => answered.length >= messages.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(answered.map((m) => m.id).sort()).toEqual(messages.map((m) => m.id).sort());
  });

  it('kill -9 between ack and answer: after a restart the answer arrives once', async () => {
    const name = `answers-kill-${Date.now()}`;
    const m = message();
    // A child process records and queues the message (the ack), starts answering it, and is killed -9 mid-answer.
    const script = `
      import { createInbound } from ${JSON.stringify(new URL('../../bot/core/inbound/index.ts', import.meta.url).pathname)};
      import { createBullQueue } from ${JSON.stringify(new URL('../../bot/infra/queue/create-bull-queue.ts', import.meta.url).pathname)};
      import { openMetadataStore } from ${JSON.stringify(new URL('../../bot/infra/store/create-metadata-store.ts', import.meta.url).pathname)};
      const silent = { debug() {}, info() {}, warn() {}, error() {}, child() { return silent; } };
      const store = await openMetadataStore({ databaseUrl: process.env.DB, dataDir: process.env.DIR, logger: silent });
      const queue = createBullQueue({ redisUrl: process.env.REDIS, logger: silent, name: process.env.QUEUE, stalledIntervalMs: 1000, lockDurationMs: 1000 });
      const adapter = { platform: 'slack', capabilities: {}, async start() {}, async stop() {}, async send(to) { return { conversation: to, messageId: '1' }; } };
      const core = { async answer() { process.stdout.write('answering\\n'); await new Promise(() => {}); } };
      const inbound = createInbound({ core, store: store.inbound, queue, adapters: [adapter], logger: silent, leaseMs: 1000, sweepEveryMs: 3600000 });
      inbound.startAnswering();
      const m = JSON.parse(process.env.MESSAGE);
      await inbound.receive({ ...m, receivedAt: new Date(m.receivedAt) });
      process.stdout.write('acked\\n');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, DB: db.databaseUrl, DIR: db.dataDir, REDIS: REDIS_URL, QUEUE: name, MESSAGE: JSON.stringify(m) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    await until(() => out.includes('acked') && out.includes('answering'), 30_000).catch((e) => {
      throw new Error(`${e.message}: child said ${out} ${err.slice(0, 500)}`);
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The restarted process: same queue, same store. The job is stalled in Redis and its lease lapses.
    const { core, answered } = scriptedCore();
    const restarted = createInbound({ core, store: metadata.inbound, queue: bull(name, 1_000), adapters: [adapter], logger, leaseMs: 1_000, sweepEveryMs: 3_600_000 });
    restarted.startAnswering();
    await until(() => answered.length >= 1, 30_000);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(answered.map((x) => x.id)).toEqual([m.id]);
    expect(await metadata.inbound.take(dedupeKey(m), new Date(), new Date(Date.now() + 1000))).toEqual({ status: 'done' });
  }, 60_000);
});

void ({} as Reply);

describe('queue lanes: a button press goes ahead of waiting questions', () => {
  /** Runs one job at a time; the first is held until released. Returns the order jobs ran in. */
  async function order(queue: AnswerQueue, before: () => Promise<void>, after: () => Promise<void>, total: number): Promise<string[]> {
    const ran: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await before();
    queue.process(
      async (key) => {
        ran.push(key);
        if (ran.length === 1) await held;
      },
      { concurrency: 1 },
    );
    await until(() => ran.length >= 1);
    await after();
    release();
    await until(() => ran.length >= total);
    return ran;
  }

  it('in process (p-queue)', async () => {
    const q = createMemoryQueue({ logger });
    try {
      const ran = await order(
        q,
        () => q.addMany(['q1', 'q2', 'q3']),
        () => q.add('press', 'interactive'),
        4,
      );
      expect(ran).toEqual(['q1', 'press', 'q2', 'q3']);
    } finally {
      await q.close();
    }
  });

  it('on Redis (BullMQ priorities)', async () => {
    expect(REDIS_URL, 'test/global-setup.ts sets DATALABS_TEST_REDIS_URL').toMatch(/^redis:/);
    const q = createBullQueue({ redisUrl: REDIS_URL, logger, name: `lanes-${Date.now()}` });
    try {
      const ran = await order(
        q,
        () => q.addMany(['q1', 'q2', 'q3']),
        async () => {
          await q.addMany(['q4']);
          await q.addMany(['press'], 'interactive');
        },
        5,
      );
      expect(ran).toEqual(['q1', 'press', 'q2', 'q3', 'q4']);
    } finally {
      await q.close();
    }
  });
});
