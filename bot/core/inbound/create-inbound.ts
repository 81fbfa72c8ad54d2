/**
 * The one inbound path for every platform: the adapter verifies and
 * normalises, then hands the message to `receive`, which records it under its
 * dedupe key (a duplicate stops here) — and then the adapter acknowledges,
 * while the key is queued (the record is what makes the ack safe). Answer jobs (`run`) take the message from the store
 * under a lease, answer it through the chat core with bounded concurrency and
 * mark it answered, in whichever process picks the job up (`serve` replicas,
 * `datalabs worker`). A sweep re-queues what the store still holds as pending
 * (a crash between ack and answer, a queue that was down): an acknowledged
 * question is answered once, never lost.
 *
 *   adapter ─► receive: record (dedupe) ─► ack, and queue.add(key)
 *   queue ─► run(key): take (lease) ─► core.answer ─► finish
 *
 * With a journal (a file for the embedded store, which runs in this process;
 * a Redis hash for replicas on a shared PostgreSQL): receive appends the batch
 * to the journal ─► ack; after the burst the store records it (dedupe) ─►
 * queue.add ─► the journal drops it. What a killed process journaled is
 * replayed into the store (and queued) at start, before anything else is
 * recorded, and at each sweep. With a journal, an adapter may hand over an
 * event as it came (`receive.sealed`: a Slack slash command's checked form):
 * it is journaled as such, and its adapter's `decode` builds the message when
 * the store records it — after the burst, off the ack path.
 */
import type { ChatAdapter, ChatMessage, MessageHandler, Platform, SealedEvent } from '../../contracts/chat.ts';
import { PlatformError } from '../../contracts/chat.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { ChatCore } from '../conversation/create-chat-core.ts';
import { dedupeKey } from '../conversation/create-chat-core.ts';
import { CLAIM_TTL_MS } from '../conversation/conversation-store.ts';
import { RetryLaterError, type AnswerQueue } from './answer-queue.ts';
import { messageToJson, type InboundJournal, type InboundStore, type JournalEntry, type JournalMark, type MessageEntry } from './inbound-store.ts';
import type { Metrics } from '../../contracts/metrics.ts';
import { requestIdOf, runInRequest } from './request-context.ts';

export interface InboundOptions {
  core: Pick<ChatCore, 'answer'>;
  store: InboundStore;
  queue: AnswerQueue;
  /** The adapter that answers each platform (in a worker: outbound only, never started). */
  adapters: readonly ChatAdapter[];
  logger: Logger;
  now?: () => Date;
  /**
   * The lease on a message being answered: renewed every third of it while the
   * answer runs, so a process that dies (kill -9) lets go within one lease and
   * another takes the message. Default 60 s.
   */
  leaseMs?: number;
  /** Attempts per message when delivery fails because the platform is down. Default 5. */
  maxAttempts?: number;
  /** Delay before attempt `n + 1` after a platform outage; default `outageBackoffMs`. */
  retryDelayMs?: (attempt: number) => number;
  /** How often the sweep re-queues pending messages. Default 30 s. */
  sweepEveryMs?: number;
  /** Answer jobs run at once in this process. Default 8. */
  concurrency?: number;
  /**
   * Acks first: an answer job waits while messages are still arriving (none for
   * this long), at most `ingressMaxWaitMs`, so a burst is acknowledged before
   * answering competes with it for the event loop. Default 20 ms (0: off).
   */
  ingressQuietMs?: number;
  /** The most an answer job waits for a quiet moment. Default 1 s. */
  ingressMaxWaitMs?: number;
  /**
   * A write-ahead journal (embedded PGlite: a file; replicas with Redis: a hash): acks wait for its one write per
   * batch, and the store records the batch after the burst. Absent: acks wait for the store.
   */
  journal?: InboundJournal;
  /** Ack latency (receive → recorded and queued) and job age; absent: nothing measured. */
  metrics?: Metrics;
}

/** A message (or a sealed event) on the ack path: recorded (or journaled) with its batch, then its `receive` settles. */
interface Pending {
  key?: string;
  message?: ChatMessage;
  sealed?: SealedEvent;
  started: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface Inbound {
  /**
   * The adapters' `onMessage`: resolves once the message is recorded (or dropped as a duplicate); it is queued right
   * after. With a journal it also takes sealed events (`receive.sealed`), decoded by their adapter when recorded.
   */
  receive: MessageHandler;
  /** Starts answering queued messages in this process (serve, worker), and the sweep. */
  startAnswering(): void;
  /** Re-queues pending messages now; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** Delay before a retry after a platform outage: 5 s, 10 s, 20 s … capped at 5 minutes. */
export function outageBackoffMs(attempt: number): number {
  return Math.min(300_000, 5_000 * 2 ** Math.max(0, attempt - 1));
}

export function createInbound(opts: InboundOptions): Inbound {
  const { store, queue, logger, journal } = opts;
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? 60_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const byPlatform = new Map<Platform, ChatAdapter>(opts.adapters.map((a) => [a.platform, a]));
  let sweeper: NodeJS.Timeout | undefined;
  let closed = false;

  /**
   * Messages that arrive together are recorded in one store write and queued
   * in one round trip (group commit): under a burst the ack path costs one
   * statement per batch, not one per message. A batch closes at the end of the
   * current event-loop turn or at MAX_BATCH messages.
   */
  const batch: Pending[] = [];
  const MAX_BATCH = 200;
  const flushBatch = (): void => {
    if (batch.length) void flush(batch.splice(0));
  };

  async function flush(pending: typeof batch): Promise<void> {
    if (journal) return flushJournaled(pending);
    // No journal: messages only (`receive.sealed` exists only where a journal takes sealed events).
    const items = pending.map((item) => ({ ...item, key: item.key!, message: item.message! }));
    let recorded: Set<string>;
    try {
      recorded = await store.recordMany(items, now());
    } catch (err) {
      // Not recorded: every adapter in the batch refuses its ack, and the platforms send the events again.
      for (const item of items) settle(item, err);
      return;
    }
    for (const item of items) if (!recorded.has(item.key)) logger.debug({ messageId: item.message.id }, 'duplicate message dropped');
    // Recorded is durable (state 'queued'): the ack goes now, and does not wait for the queue's round trip.
    // Should this process die before the add, the sweep (here or in any replica) queues them.
    for (const item of items) settle(item);
    // Queueing costs CPU here too (a Redis round trip and a script per job): under a burst it waits
    // until messages stop arriving (at most ingressMaxWaitMs), so it never delays the next acks.
    // Batches are queued in the order they were recorded (one chain), so arrival order holds.
    await afterIngress(() => queueFresh(items.filter((i) => recorded.has(i.key))));
  }

  /** Runs `step` once messages stop arriving, after every step scheduled before it. */
  function afterIngress(step: () => Promise<void>): Promise<void> {
    const next = queueing.then(async () => {
      await ingressQuiet();
      await step();
    });
    queueing = next.catch(() => undefined);
    return queueing;
  }
  let queueing: Promise<void> = Promise.resolve();

  async function queueFresh(fresh: ReadonlyArray<{ key: string; message: ChatMessage }>): Promise<void> {
    try {
      // Button presses go ahead of questions (QueueLane).
      await queue.addMany(fresh.filter((i) => i.message.kind === 'action').map((i) => i.key), 'interactive');
      await queue.addMany(fresh.filter((i) => i.message.kind !== 'action').map((i) => i.key));
    } catch (err) {
      logger.warn({ err, count: fresh.length }, 'answer queue unavailable; the sweep will queue the messages');
    }
  }

  /**
   * With a journal (the embedded store): the batch is appended in one write and acknowledged; the store records
   * it (and drops duplicates) once the burst is over, and only then is it queued and dropped from the journal.
   */
  const journaled: Array<{ items: JournalEntry[]; mark: JournalMark }> = [];
  async function flushJournaled(items: typeof batch): Promise<void> {
    let mark: JournalMark;
    // Each message is serialised once, here: the journal writes this text, and the store's write reuses it.
    let entries: JournalEntry[];
    try {
      entries = items.map((i): JournalEntry => (i.sealed ? { sealed: i.sealed } : { key: i.key!, message: i.message!, json: messageToJson(i.message!) }));
      mark = await journal!.append(entries);
    } catch (err) {
      // Not written: not acknowledged, and the platforms send the events again.
      for (const item of items) settle(item, err);
      return;
    }
    for (const item of items) settle(item);
    journaled.push({ items: entries, mark });
    await afterIngress(recordJournaled);
  }

  /** Records every journaled batch in one store write, queues what was new, and settles the batches in the journal. */
  async function recordJournaled(): Promise<void> {
    if (!(await recovered())) return;
    if (!journaled.length) return;
    const batches = journaled.splice(0);
    const entries = toRecord(batches.flatMap((b) => b.items));
    let recorded: Set<string>;
    try {
      recorded = await store.recordMany(entries, now());
    } catch (err) {
      journaled.unshift(...batches);
      logger.warn({ err, count: entries.length }, 'inbound store unavailable; the acknowledged messages stay in the journal and are recorded at the next sweep');
      return;
    }
    const fresh = entries.filter((e) => recorded.delete(e.key));
    if (fresh.length < entries.length) logger.debug({ duplicates: entries.length - fresh.length }, 'duplicate messages dropped');
    await queueFresh(fresh);
    for (const b of batches) await journal!.settle(b.mark).catch((err) => logger.warn({ err }, 'inbound journal: a recorded batch could not be dropped (it is recorded again, as a duplicate, after a restart)'));
  }

  /**
   * Hands the store what a process that died journaled and never recorded (it was killed after acknowledging):
   * the store drops what it already had, and what is new is queued here. The first call comes before anything
   * else is recorded; later ones (each sweep) find what a shared journal's dead processes left since. True once done.
   */
  let replaying: Promise<boolean> | undefined;
  let replayedOnce = false;
  function replayJournal(): Promise<boolean> {
    if (!journal) return Promise.resolve(true);
    replaying ??= (async () => {
      try {
        const entries = toRecord(await journal.replay());
        const fresh: MessageEntry[] = [];
        for (let i = 0; i < entries.length; i += 500) {
          const slice = entries.slice(i, i + 500);
          const recorded = await store.recordMany(slice, now());
          fresh.push(...slice.filter((e) => recorded.delete(e.key)));
        }
        await journal.forgetReplayed();
        if (entries.length) logger.info({ count: entries.length, fresh: fresh.length }, 'inbound journal replayed: messages acknowledged by a process that stopped are recorded');
        await queueFresh(fresh);
        replayedOnce = true;
        return true;
      } catch (err) {
        logger.warn({ err }, 'inbound journal could not be replayed yet; trying again at the next sweep');
        return false;
      } finally {
        replaying = undefined;
      }
    })();
    return replaying;
  }
  const recovered = (): Promise<boolean> => (replayedOnce ? Promise.resolve(true) : replayJournal());

  let lastReceiveAt = 0;
  const quietMs = opts.ingressQuietMs ?? 20;
  const maxWaitMs = opts.ingressMaxWaitMs ?? 1_000;

  /**
   * Resolves once no message arrived for `quietMs` (or after `maxWaitMs`): acknowledgements go first.
   *
   * Quiet is judged after the event loop has polled its sockets: a timer fires before the poll, so after a
   * stretch of work of this process's own (a batch of acks written, a collection) the clock alone would call it
   * quiet while requests sit unread in the sockets. One `setImmediate` lets that poll run first; a message it
   * brings in means not quiet yet.
   */
  async function ingressQuiet(): Promise<void> {
    if (quietMs <= 0) return;
    const started = performance.now();
    for (;;) {
      let t = performance.now();
      while (!closed && t - lastReceiveAt < quietMs && t - started < maxWaitMs) {
        await new Promise((r) => setTimeout(r, Math.max(1, quietMs - (t - lastReceiveAt))));
        t = performance.now();
      }
      if (closed || t - started >= maxWaitMs) return;
      const seen = lastReceiveAt;
      await new Promise((r) => setImmediate(r));
      if (lastReceiveAt === seen) return;
    }
  }

  /**
   * A sealed event as the message its adapter decodes it into, under its dedupe key; undefined (logged) when no
   * adapter here decodes it or the body is no event: it was journaled (and acknowledged), and nothing can answer it.
   */
  function decoded(event: SealedEvent): MessageEntry | undefined {
    const adapter = byPlatform.get(event.platform);
    try {
      if (!adapter?.decode) throw new Error(`no ${event.platform} adapter here decodes its events`);
      const message = adapter.decode(event);
      return { key: dedupeKey(message), message };
    } catch (err) {
      logger.error({ err, platform: event.platform }, 'an acknowledged event could not be decoded: dropped');
      return undefined;
    }
  }

  /** Journal entries as the store records them: sealed events decoded (what does not decode is dropped, logged). */
  function toRecord(entries: readonly JournalEntry[]): MessageEntry[] {
    const out: MessageEntry[] = [];
    for (const e of entries) {
      const entry = e.sealed ? decoded(e.sealed) : e;
      if (entry) out.push(entry);
    }
    return out;
  }

  /** A message's ack resolves (recorded or journaled) or rejects (neither): its ack latency is observed here. */
  function settle(item: Pending, err?: unknown): void {
    opts.metrics?.observeAck({ platform: item.sealed?.platform ?? item.message!.conversation.platform, outcome: err === undefined ? 'ok' : 'error', durationMs: performance.now() - item.started });
    if (err === undefined) item.resolve();
    else item.reject(err);
  }

  function enter(item: Omit<Pending, 'started' | 'resolve' | 'reject'>): Promise<void> {
    const started = performance.now();
    lastReceiveAt = started;
    // No closure per message beyond the executor: `settle` reads what it needs from the batch entry.
    return new Promise<void>((resolve, reject) => {
      batch.push({ ...item, started, resolve, reject });
      if (batch.length === 1) setImmediate(flushBatch);
      else if (batch.length >= MAX_BATCH) void flush(batch.splice(0));
    });
  }
  const receive: MessageHandler = (message) => enter({ key: dedupeKey(message), message });
  // Sealed events only where a journal takes them as they come (without one they would be decoded on the ack path anyway).
  if (journal) receive.sealed = (event) => enter({ sealed: event });

  async function run(key: string): Promise<void> {
    await ingressQuiet();
    const at = now();
    const took = await store.take(key, at, new Date(at.getTime() + leaseMs));
    if (took.status === 'done') return;
    if (took.status === 'busy') throw new RetryLaterError('another process is answering this message', took.leaseUntil.getTime() - at.getTime() + 1_000);
    const { message, attempts } = took;
    // Everything logged while this message is answered (core, warehouse, adapter) carries its request id.
    return runInRequest({ requestId: requestIdOf(message), platform: message.conversation.platform }, () => answerTaken(key, message, attempts));
  }

  async function answerTaken(key: string, message: ChatMessage, attempts: number): Promise<void> {
    const ageMs = now().getTime() - message.receivedAt.getTime();
    if (attempts <= 1) opts.metrics?.observeJobAge({ ageMs });
    logger.debug({ platform: message.conversation.platform, kind: message.kind, attempts, ageMs }, 'answering message');
    const adapter = byPlatform.get(message.conversation.platform);
    if (!adapter) {
      logger.error({ key, platform: message.conversation.platform }, 'no adapter for this platform in this process: message given up');
      await store.finish(key, 'failed');
      return;
    }
    const heartbeat = setInterval(() => {
      store.renew(key, new Date(now().getTime() + leaseMs)).catch((err) => logger.warn({ err, key }, 'lease could not be renewed'));
    }, Math.max(100, Math.floor(leaseMs / 3)));
    heartbeat.unref();
    try {
      await opts.core.answer(adapter, message);
    } catch (err) {
      clearInterval(heartbeat);
      const outage = err instanceof PlatformError && err.retryable;
      if (outage && attempts < maxAttempts && !closed) {
        await store.release(key);
        throw new RetryLaterError(`delivery failed (attempt ${attempts} of ${maxAttempts}); trying again`, (opts.retryDelayMs ?? outageBackoffMs)(attempts), { cause: err });
      }
      logger.error({ err, key, attempts }, 'message could not be answered: given up');
      await store.finish(key, 'failed');
      return;
    }
    clearInterval(heartbeat);
    await store.finish(key, 'answered');
    logger.debug({ platform: message.conversation.platform }, 'message answered');
  }

  async function sweep(): Promise<number> {
    // What a stopped process journaled, journaled batches the store could not take before (it was down),
    // then what the store holds as pending.
    if (journal) await afterIngress(async () => {
      await replayJournal();
      await recordJournaled();
    });
    const at = now();
    const keys = await store.pending(at, new Date(at.getTime() - CLAIM_TTL_MS), 500);
    await queue.addMany(keys);
    if (keys.length) logger.info({ count: keys.length }, 'pending messages queued again');
    return keys.length;
  }

  return {
    receive,
    sweep,
    startAnswering() {
      queue.process(run, { concurrency: opts.concurrency ?? 8 });
      const tick = () => void sweep().catch((err) => logger.warn({ err }, 'inbound sweep failed'));
      tick();
      sweeper = setInterval(tick, opts.sweepEveryMs ?? 30_000);
      sweeper.unref();
    },
    async close() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      await queue.close();
      await journal?.close();
    },
  };
}
