/**
 * The inbound message log: every platform event the core has taken on, under
 * its dedupe key (`dedupeKey(message)`), with the message itself and where its
 * answer stands. It is what makes the answer queue durable and exactly-once:
 *
 * - `record` is the dedupe: one of two concurrent recorders of a key (two
 *   replicas, a platform retry) wins; the loser drops the event.
 * - `take` hands the message to one answering process at a time, under a
 *   lease; a process that dies mid-answer lets its lease lapse and the message
 *   is taken again (by a stalled-job retry, or the sweep that re-queues
 *   `pending` keys). `finish` closes it.
 *
 * Implementations: the metadata store (`message_claims`, migration 5; shared by
 * every process) and process memory (`createMemoryInbound`, tests and the CLI).
 * Keys count for CLAIM_TTL_MS (a day) as in `ConversationStore.claimMessage`,
 * with which they share the table.
 */
import type { ChatMessage, Platform, SealedEvent } from '../../contracts/chat.ts';

/** Where an inbound message stands: queued → answering → answered | failed. */
export type InboundState = 'queued' | 'answering' | 'answered' | 'failed';

export type TakeResult =
  /** This process answers it, until `leaseUntil`; `attempts` counts this take. */
  | { status: 'taken'; message: ChatMessage; attempts: number }
  /** Another process holds a live lease: try again after it lapses. */
  | { status: 'busy'; leaseUntil: Date }
  /** Answered, given up on, or unknown: nothing to do. */
  | { status: 'done' };

export interface InboundStore {
  /** Records a new message as queued; false when the key was recorded within CLAIM_TTL_MS (a duplicate). Atomic across processes. */
  record(key: string, message: ChatMessage, now: Date): Promise<boolean>;
  /**
   * `record` for many messages in one write (the ack path batches what arrives
   * together): returns the keys this call recorded. A key twice in `items`
   * counts once (the first).
   */
  recordMany(items: ReadonlyArray<{ key: string; message: ChatMessage; json?: string }>, now: Date): Promise<Set<string>>;
  /** Takes a queued message (or one whose lease lapsed) for answering until `leaseUntil`. Atomic across processes. */
  take(key: string, now: Date, leaseUntil: Date): Promise<TakeResult>;
  /** Extends the lease of a message this process is answering (a heartbeat); false when it is no longer held. */
  renew(key: string, leaseUntil: Date): Promise<boolean>;
  /** Hands a taken message back to the queue (a retryable failure): queued again, lease dropped. */
  release(key: string): Promise<void>;
  finish(key: string, state: 'answered' | 'failed'): Promise<void>;
  /** Keys of messages recorded after `since` that are queued or whose lease lapsed by `now`, oldest first. */
  pending(now: Date, since: Date, limit: number): Promise<string[]>;
}

/** A message on its way into the store, under its dedupe key. */
export interface MessageEntry {
  key: string;
  message: ChatMessage;
  /**
   * The message as `messageToJson` writes it, when the caller has it already: the ack path serialises each
   * message once, for the journal's write and again for the store's (which then only concatenates).
   */
  json?: string;
  sealed?: undefined;
}

/** An event journaled as it came (`SealedEvent`): its adapter decodes it, and it gets its key, when it is recorded. */
export interface SealedEntry {
  sealed: SealedEvent;
  /** The event as JSON, when the caller has it already. */
  json?: string;
  key?: undefined;
  message?: undefined;
}

/** What the journal holds: a normalised message, or an event its adapter decodes when it is recorded. */
export type JournalEntry = MessageEntry | SealedEntry;

const PLATFORMS: ReadonlySet<Platform> = new Set(['slack', 'telegram', 'discord', 'console']);

/** One journal entry as JSON (the journals write these, one per line or in one array): messages reuse their `json`. */
export function journalEntryJson(e: JournalEntry): string {
  if (e.sealed) return `{"sealed":${e.json ?? JSON.stringify(e.sealed)}}`;
  return `{"key":${JSON.stringify(e.key)},"message":${e.json ?? messageToJson(e.message)}}`;
}

/** A journal entry read back (`journalEntryJson`'s output, parsed); throws on anything else. */
export function journalEntryFrom(raw: unknown): JournalEntry {
  const r = raw as { key?: unknown; message?: unknown; sealed?: { platform?: unknown; body?: unknown; receivedAtMs?: unknown } };
  if (r && typeof r === 'object' && r.sealed && typeof r.sealed === 'object') {
    const { platform, body, receivedAtMs } = r.sealed;
    if (typeof platform !== 'string' || !PLATFORMS.has(platform as Platform) || typeof body !== 'string' || typeof receivedAtMs !== 'number') throw new Error('not a sealed event');
    return { sealed: { platform: platform as Platform, body, receivedAtMs } };
  }
  if (!r || typeof r.key !== 'string' || !r.message) throw new Error('not an entry');
  return { key: r.key, message: messageFromJson(r.message) };
}

/** Where an appended batch is in the journal: what `settle` drops. */
export interface JournalMark {
  segment: number;
  count: number;
}

/**
 * A write-ahead journal in front of the inbound store, so that an ack waits for
 * one cheap write instead of the store: a batch appended here is safe to
 * acknowledge, and the store records it after the burst (`recordMany`, which
 * dedupes), then `settle` drops it. Implementations: a file in the data
 * directory for the embedded store (PGlite runs in the answering process and
 * would compete with the burst), and a Redis hash for `serve` replicas on a
 * shared PostgreSQL with REDIS_URL (the Redis the answer queue lives in).
 */
export interface InboundJournal {
  /** Appends the batch in one write; resolves once written (then the ack may go). */
  append(entries: readonly JournalEntry[]): Promise<JournalMark>;
  /** The batch is in the store: it need not be replayed. */
  settle(mark: JournalMark): Promise<void>;
  /**
   * Entries no live process will record, oldest first: appended by a process that stopped before settling them
   * (the file: what a previous process left at start; Redis: another process's batches older than a lease).
   * Called at start and at each sweep.
   */
  replay(): Promise<JournalEntry[]>;
  /** The entries of the last `replay` are in the store now: the journal drops them. */
  forgetReplayed(): Promise<void>;
  close(): Promise<void>;
}

/** A ChatMessage as JSON (the store's payload) and back: `receivedAt` is the one Date. */
export function messageToJson(message: ChatMessage): string {
  return JSON.stringify(message);
}

export function messageFromJson(value: unknown): ChatMessage {
  const raw = (typeof value === 'string' ? JSON.parse(value) : value) as ChatMessage & { receivedAt: string | Date };
  return { ...raw, receivedAt: new Date(raw.receivedAt) };
}

/** The in-process log: one process, lost on restart; for tests and the CLI. */
export function createMemoryInbound(opts: { claimTtlMs: number; max?: number }): InboundStore {
  const rows = new Map<string, { message: ChatMessage; state: InboundState; leaseUntil: number; attempts: number; at: number }>();
  const max = opts.max ?? 10_000;
  const store: InboundStore = {
    async recordMany(items, now) {
      const out = new Set<string>();
      for (const { key, message } of items) if (await store.record(key, message, now)) out.add(key);
      return out;
    },
    async record(key, message, now) {
      const old = rows.get(key);
      if (old && old.at >= now.getTime() - opts.claimTtlMs) return false;
      rows.delete(key);
      rows.set(key, { message, state: 'queued', leaseUntil: 0, attempts: 0, at: now.getTime() });
      while (rows.size > max) rows.delete(rows.keys().next().value!);
      return true;
    },
    async take(key, now, leaseUntil) {
      const r = rows.get(key);
      if (!r || r.state === 'answered' || r.state === 'failed') return { status: 'done' };
      if (r.state === 'answering' && r.leaseUntil > now.getTime()) return { status: 'busy', leaseUntil: new Date(r.leaseUntil) };
      r.state = 'answering';
      r.leaseUntil = leaseUntil.getTime();
      r.attempts += 1;
      return { status: 'taken', message: r.message, attempts: r.attempts };
    },
    async renew(key, leaseUntil) {
      const r = rows.get(key);
      if (r?.state !== 'answering') return false;
      r.leaseUntil = leaseUntil.getTime();
      return true;
    },
    async release(key) {
      const r = rows.get(key);
      if (r?.state === 'answering') Object.assign(r, { state: 'queued', leaseUntil: 0 });
    },
    async finish(key, state) {
      const r = rows.get(key);
      if (r) Object.assign(r, { state, leaseUntil: 0 });
    },
    async pending(now, since, limit) {
      const out: string[] = [];
      for (const [key, r] of rows) {
        if (r.at < since.getTime()) continue;
        if (r.state === 'queued' || (r.state === 'answering' && r.leaseUntil <= now.getTime())) out.push(key);
        if (out.length >= limit) break;
      }
      return out;
    },
  };
  return store;
}
