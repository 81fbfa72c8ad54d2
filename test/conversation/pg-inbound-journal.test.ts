/**
 * The PostgreSQL inbound journal (bot/infra/store/pg-inbound-journal.ts) of
 * `serve` on a PostgreSQL store without Redis, on the test run's PostgreSQL,
 * and the inbound pipeline with it: a batch is acknowledged once its one row
 * is written, before `message_claims` has it; the store records it after the
 * burst and the row goes; a process killed in between leaves its row, which
 * the next process on the database replays once it is older than a lease —
 * each message answered once, one the store already had not again, and a
 * live process's fresh batch never.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAdapter, ChatMessage, SealedEvent } from '../../bot/contracts/chat.ts';
import { dedupeKey } from '../../bot/core/conversation/index.ts';
import { createInbound, createMemoryQueue, type InboundStore } from '../../bot/core/inbound/index.ts';
import { messageFromJson, messageToJson } from '../../bot/core/inbound/inbound-store.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createPgInboundJournal } from '../../bot/infra/store/pg-inbound-journal.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { inboundMessage, stubSlackAdapter, until } from '../support/inbound-fixtures.ts';

const logger = createLogger('silent');
const message = (text?: string): ChatMessage => inboundMessage({ text });
const entry = (m: ChatMessage) => ({ key: dedupeKey(m), message: m });
/** Sealed events here are a message's JSON; the adapter's `decode` reads them back (a body that is no message throws). */
const adapter: ChatAdapter = { ...stubSlackAdapter, decode: (e: SealedEvent) => messageFromJson(e.body) };
const sealedOf = (m: ChatMessage): SealedEvent => ({ platform: 'slack', body: messageToJson(m), receivedAtMs: m.receivedAt.getTime() });

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

const rows = async () => (await metadata.db.query<{ process: string; seq: number; entries: string }>('SELECT process, seq, entries FROM inbound_journal ORDER BY appended_at, seq')).rows;
const recorded = async (keys: string[]) => {
  const pending = await metadata.inbound.pending(new Date(), new Date(Date.now() - 3_600_000), 1_000);
  return keys.filter((k) => pending.includes(k));
};

describe('the journal table', () => {
  it('holds a batch as one row until it is settled', async () => {
    const journal = createPgInboundJournal({ db: metadata.db, logger });
    const a = await journal.append([entry(message('one')), entry(message('two'))]);
    const b = await journal.append([{ sealed: sealedOf(message('three')) }]);
    const held = await rows();
    expect(held).toHaveLength(2);
    expect(held[0].entries.split('\n')).toHaveLength(2);
    await journal.settle(a);
    expect(await rows()).toHaveLength(1);
    await journal.settle(b);
    expect(await rows()).toEqual([]);
  });

  it("replays another process's batches once older than staleMs (sealed events as they came, Dates intact, oldest first), never its own, and forgets what it replayed", async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const now = () => clock;
    const dead = createPgInboundJournal({ db: metadata.db, logger, now });
    const ms = [message('one'), message('two'), message('three')];
    const sealed = sealedOf(message('sealed'));
    await dead.append([entry(ms[0]), { sealed }]);
    clock += 10;
    await dead.append([entry(ms[1]), entry(ms[2])]);
    const other = createPgInboundJournal({ db: metadata.db, logger, now, staleMs: 5_000 });
    const own = await other.append([entry(message('mine'))]);
    expect(await other.replay(), 'not stale yet: its process may be recording them').toEqual([]);
    clock += 6_000;
    const replayed = await other.replay();
    expect(replayed.map((e) => e.message?.text ?? 'sealed')).toEqual(['one', 'sealed', 'two', 'three']);
    expect(replayed[1]).toEqual({ sealed });
    for (const e of replayed.filter((x) => x.message)) {
      const original = ms.find((m) => m.text === e.message!.text)!;
      expect(e.key).toBe(dedupeKey(original));
      expect(e.message).toEqual(original);
      expect(e.message!.receivedAt).toBeInstanceOf(Date);
    }
    await other.forgetReplayed();
    expect((await rows()).map((r) => r.entries), 'only its own batch is left').toHaveLength(1);
    await other.settle(own);
    expect(await rows()).toEqual([]);
  });

  it('drops a line that does not read back with a log line, and replays the rest of its batch', async () => {
    const lines: string[] = [];
    const spy = { ...logger, warn: (o: unknown, msg?: string) => void lines.push(`${msg ?? ''} ${JSON.stringify(o)}`) } as typeof logger;
    await metadata.db.query("INSERT INTO inbound_journal (process, seq, appended_at, entries) VALUES ('dead', 1, now() - interval '1 hour', $1)", [`{"key":"k1","message":${messageToJson(message('kept'))}}\n{not json`]);
    const journal = createPgInboundJournal({ db: metadata.db, logger: spy, staleMs: 1_000 });
    const replayed = await journal.replay();
    expect(replayed.map((e) => e.message?.text)).toEqual(['kept']);
    expect(lines.join('\n')).toMatch(/do not read back/);
    await journal.forgetReplayed();
    expect(await rows()).toEqual([]);
  });
});

describe('the inbound pipeline with the PostgreSQL journal', () => {
  it('acknowledges once the row is written; the store records the batch after the burst, answers each once, and the row goes', async () => {
    const answered: ChatMessage[] = [];
    const inbound = createInbound({
      core: { answer: async (_a, m) => void answered.push(m) },
      store: metadata.inbound,
      journal: createPgInboundJournal({ db: metadata.db, logger }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      sweepEveryMs: 3_600_000,
      ingressQuietMs: 300,
    });
    inbound.startAnswering();
    const ms = [message('a'), message('b')];
    const sealedMessage = message('c');
    await Promise.all([...ms.map((m) => inbound.receive(m)), inbound.receive.sealed!(sealedOf(sealedMessage))]);
    // Acknowledged: in the journal, not yet in the store (the burst may not be over).
    expect((await rows()).length).toBeGreaterThan(0);
    expect(await recorded([...ms, sealedMessage].map(dedupeKey))).toEqual([]);
    await until(() => answered.length === 3);
    expect(answered.map((m) => m.text).sort()).toEqual(['a', 'b', 'c']);
    await until(async () => (await rows()).length === 0);
    // A platform retry of an answered message is acknowledged and dropped.
    await inbound.receive({ ...ms[0] });
    await until(async () => (await rows()).length === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toHaveLength(3);
    await inbound.close();
  });

  it('a process killed after the ack, before the store had the batch: the next one replays it once stale and answers each once', async () => {
    const frozen: InboundStore = { ...metadata.inbound, recordMany: () => new Promise(() => undefined) };
    const dead = createInbound({
      core: { answer: async () => undefined },
      store: frozen,
      journal: createPgInboundJournal({ db: metadata.db, logger }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      ingressQuietMs: 1,
    });
    const earlier = message('already answered before the crash');
    const fresh = [message('x'), message('y')];
    expect(await metadata.inbound.record(dedupeKey(earlier), earlier, new Date())).toBe(true);
    await metadata.inbound.finish(dedupeKey(earlier), 'answered');
    await Promise.all([...fresh, earlier].map((m) => dead.receive(m)));
    expect(await rows()).toHaveLength(1);
    expect(await recorded(fresh.map(dedupeKey))).toEqual([]);

    const answered: ChatMessage[] = [];
    const next = createInbound({
      core: { answer: async (_a, m) => void answered.push(m) },
      store: metadata.inbound,
      journal: createPgInboundJournal({ db: metadata.db, logger, staleMs: 400 }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      sweepEveryMs: 150,
    });
    next.startAnswering();
    await until(() => answered.length >= 2);
    await new Promise((r) => setTimeout(r, 400));
    expect(answered.map((m) => m.text).sort()).toEqual(['x', 'y']);
    expect(await rows()).toEqual([]);
    await next.close();
  });
});
