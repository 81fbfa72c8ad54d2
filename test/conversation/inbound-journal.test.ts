/**
 * The embedded store's inbound journal (bot/infra/store/inbound-journal.ts)
 * and the inbound pipeline in front of real PGlite on disk: a batch is
 * acknowledged once it is in the journal, before the store has it; the store
 * records it after the burst and the journal file goes; a process that died
 * in between (here: its store never answered) leaves the journal, which the
 * next process replays — each message answered once, a message the store
 * already had (answered) not again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAdapter, ChatMessage, SealedEvent } from '../../bot/contracts/chat.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { dedupeKey } from '../../bot/core/conversation/index.ts';
import { createInbound, createMemoryQueue, messageFromJson, messageToJson, type InboundOptions, type InboundStore } from '../../bot/core/inbound/index.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createInboundJournal } from '../../bot/infra/store/inbound-journal.ts';
import { inboundMessage, stubSlackAdapter as adapter, until } from '../support/inbound-fixtures.ts';

const logger = createLogger('silent');
const message = (text?: string): ChatMessage => inboundMessage({ text });
const entry = (m: ChatMessage) => ({ key: dedupeKey(m), message: m });
/** A platform whose sealed events are a message's JSON (decoding is the adapter's own; a body that is no message throws). */
const decoding: ChatAdapter = {
  ...adapter,
  decode(event: SealedEvent) {
    if (!event.body.startsWith('{')) throw new DatalabsError('BAD_INPUT', 'not an event');
    return messageFromJson(event.body);
  },
};
const sealedOf = (m: ChatMessage): SealedEvent => ({ platform: 'slack', body: messageToJson(m), receivedAtMs: m.receivedAt.getTime() });
/** A logger keeping each line's message (and its error's), to look for what was dropped. */
function keepingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: object | string, msg?: string) => void lines.push(`${level} ${typeof obj === 'string' ? obj : `${msg ?? ''} ${JSON.stringify(obj)}`}`);
  const l: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => l };
  return l;
}
const files = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
const lines = (dir: string) => files(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'inbound-journal-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the journal file', () => {
  it('keeps a batch until it is settled, and deletes a segment with nothing pending', async () => {
    const dir = path.join(root, 'settle');
    const journal = createInboundJournal({ dir, logger });
    const a = await journal.append([entry(message()), entry(message())]);
    const b = await journal.append([entry(message())]);
    expect(lines(dir)).toHaveLength(3);
    await journal.settle(a);
    expect(lines(dir), 'one batch still pending: the segment stays').toHaveLength(3);
    await journal.settle(b);
    expect(files(dir)).toEqual([]);
    // The next append opens a new segment.
    const c = await journal.append([entry(message())]);
    expect(files(dir)).toHaveLength(1);
    await journal.settle(c);
    expect(files(dir)).toEqual([]);
    await journal.close();
  });

  it('gives back, after a crash, every unsettled entry as it was written (Dates too), skipping a torn line', async () => {
    const dir = path.join(root, 'replay');
    const first = createInboundJournal({ dir, logger, maxSegmentBytes: 600 });
    const ms = [message('one'), message('two'), message('three'), message('four')];
    const marks = [];
    for (const m of ms) marks.push(await first.append([entry(m)]));
    expect(files(dir).length, 'small segments: more than one file').toBeGreaterThan(1);
    await first.settle(marks[0]);
    // The process dies here (no close). Its last write was cut short.
    fs.appendFileSync(path.join(dir, files(dir).at(-1)!), '{"key":"slack:cut');

    const second = createInboundJournal({ dir, logger });
    const replayed = await second.replay();
    // Entry one's segment may still hold it when two shared a segment: a replayed duplicate is dropped by the store's dedupe.
    const texts = replayed.map((e) => e.message!.text);
    expect(texts.slice(-3)).toEqual(['two', 'three', 'four']);
    for (const e of replayed) {
      const original = ms.find((m) => m.text === e.message!.text)!;
      expect(e.key).toBe(dedupeKey(original));
      expect(e.message).toEqual(original);
      expect(e.message!.receivedAt).toBeInstanceOf(Date);
    }
    await second.forgetReplayed();
    expect(files(dir)).toEqual([]);
    await second.close();
  });
});

describe('sealed events in the journal file', () => {
  it('are written as they came and given back after a crash, beside messages', async () => {
    const dir = path.join(root, 'sealed-file');
    const first = createInboundJournal({ dir, logger });
    const m = message('sealed one');
    await first.append([{ sealed: sealedOf(m) }, entry(message('plain one'))]);
    const replayed = await createInboundJournal({ dir, logger }).replay();
    expect(replayed).toHaveLength(2);
    expect(replayed[0]).toEqual({ sealed: sealedOf(m) });
    expect(replayed[1].message?.text).toBe('plain one');
    await first.close();
  });
});

describe('the inbound pipeline with a journal, on PGlite on disk', () => {
  let metadata: MetadataStore;
  beforeAll(async () => {
    metadata = await openMetadataStore({ dataDir: path.join(root, 'data'), logger });
  });
  afterAll(async () => {
    await metadata?.close();
  });

  /** A process answering from the real store through a journal in `dir`; `answered` lists what it answered. */
  const answering = (dir: string, extra: Partial<InboundOptions> = {}) => {
    const answered: ChatMessage[] = [];
    const inbound = createInbound({
      core: { answer: async (_a, m) => void answered.push(m) },
      store: metadata.inbound,
      journal: createInboundJournal({ dir, logger }),
      queue: createMemoryQueue({ logger }),
      adapters: [adapter],
      logger,
      sweepEveryMs: 3_600_000,
      ...extra,
    });
    return { inbound, answered };
  };

  const queued = async (keys: string[]) => {
    const pending = await metadata.inbound.pending(new Date(), new Date(Date.now() - 3_600_000), 1_000);
    return keys.filter((k) => pending.includes(k));
  };

  it('acknowledges once the journal has the batch; the store records it after the burst and the file goes', async () => {
    const dir = path.join(root, 'pipeline');
    const { inbound, answered } = answering(dir, { ingressQuietMs: 300 });
    inbound.startAnswering();
    const ms = [message(), message(), message()];
    await Promise.all(ms.map((m) => inbound.receive(m)));
    // Acknowledged: in the journal, not yet in the store (the burst may not be over).
    expect(lines(dir)).toHaveLength(3);
    expect(await queued(ms.map(dedupeKey))).toEqual([]);
    await until(() => answered.length === 3);
    expect(answered.map((m) => m.id).sort()).toEqual(ms.map((m) => m.id).sort());
    await until(() => files(dir).length === 0);
    // A platform retry of an answered message is acknowledged and dropped.
    await inbound.receive({ ...ms[0] });
    await until(() => files(dir).length === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toHaveLength(3);
    await inbound.close();
  });

  it('a process that died after the ack, before the store had the batch: the next one replays the journal and answers each once', async () => {
    const dir = path.join(root, 'crash');
    // Process 1 journals and acknowledges; its store never answers (it is frozen, then killed).
    const frozen: InboundStore = { ...metadata.inbound, recordMany: () => new Promise(() => undefined) };
    const dead = createInbound({ core: { answer: async () => undefined }, store: frozen, journal: createInboundJournal({ dir, logger }), queue: createMemoryQueue({ logger }), adapters: [adapter], logger, ingressQuietMs: 1 });
    const earlier = message('already answered before the crash');
    const fresh = [message('a'), message('b')];
    // `earlier` was recorded and answered by the store before (e.g. a platform retry was journaled too).
    expect(await metadata.inbound.record(dedupeKey(earlier), earlier, new Date())).toBe(true);
    await metadata.inbound.finish(dedupeKey(earlier), 'answered');
    await Promise.all([...fresh, earlier].map((m) => dead.receive(m)));
    expect(lines(dir)).toHaveLength(3);
    expect(await queued(fresh.map(dedupeKey))).toEqual([]);

    // Process 2 starts on the same data directory.
    const { inbound: next, answered } = answering(dir);
    next.startAnswering();
    await until(() => answered.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answered.map((m) => m.text).sort()).toEqual(['a', 'b']);
    expect(files(dir)).toEqual([]);
    await next.close();
  });
  it('sealed events: acknowledged once journaled, decoded by their adapter when recorded, each answered once; one that does not decode is dropped with a log line', async () => {
    const dir = path.join(root, 'sealed-pipeline');
    const logged: string[] = [];
    const { inbound, answered } = answering(dir, { ingressQuietMs: 300, adapters: [decoding], logger: keepingLogger(logged) });
    expect(inbound.receive.sealed, 'a journal takes sealed events').toBeTypeOf('function');
    inbound.startAnswering();
    const ms = [message('s1'), message('s2')];
    await Promise.all([...ms.map((m) => inbound.receive.sealed!(sealedOf(m))), inbound.receive.sealed!({ platform: 'slack', body: 'command=%2Fask', receivedAtMs: Date.now() })]);
    // Acknowledged: the bodies as they came are in the journal, not yet decoded or recorded.
    expect(lines(dir).map((l) => JSON.parse(l) as { sealed?: SealedEvent }).every((l) => l.sealed)).toBe(true);
    expect(await queued(ms.map(dedupeKey))).toEqual([]);
    await until(() => answered.length === 2);
    expect(answered.map((m) => m.text).sort()).toEqual(['s1', 's2']);
    expect(answered[0].receivedAt).toBeInstanceOf(Date);
    expect(logged.some((l) => /^error an acknowledged event could not be decoded: dropped/.test(l))).toBe(true);
    await until(() => files(dir).length === 0);
    // The platform sends one again (a retry): decoded to the same key, dropped as a duplicate.
    await inbound.receive.sealed!(sealedOf(ms[0]));
    await until(() => files(dir).length === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toHaveLength(2);
    await inbound.close();
  });

  it('sealed events a process journaled before it died are decoded and answered once by the next', async () => {
    const dir = path.join(root, 'sealed-crash');
    const frozen: InboundStore = { ...metadata.inbound, recordMany: () => new Promise(() => undefined) };
    const dead = createInbound({ core: { answer: async () => undefined }, store: frozen, journal: createInboundJournal({ dir, logger }), queue: createMemoryQueue({ logger }), adapters: [decoding], logger, ingressQuietMs: 1 });
    const fresh = [message('after crash a'), message('after crash b')];
    await Promise.all(fresh.map((m) => dead.receive.sealed!(sealedOf(m))));
    expect(lines(dir)).toHaveLength(2);
    const { inbound: next, answered } = answering(dir, { adapters: [decoding] });
    next.startAnswering();
    await until(() => answered.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(answered.map((m) => m.text).sort()).toEqual(['after crash a', 'after crash b']);
    await next.close();
  });
});
