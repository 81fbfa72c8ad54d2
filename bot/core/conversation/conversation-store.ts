/**
 * Where the chat core keeps what a later button press or follow-up needs: the
 * answers behind Show SQL / Export CSV, and each thread's refinement state —
 * and which inbound platform events it has already taken on (dedupe keys), so
 * a Slack retry or a duplicate update is answered once, across restarts and
 * replicas.
 *
 * Two implementations behind one contract:
 * - `createStoreConversations` — the metadata store (PostgreSQL or PGlite,
 *   tables `conversation_answers` / `conversation_threads`): survives restarts
 *   and is shared by replicas. What is kept expires with the query history:
 *   the workspace's retention, else HISTORY_RETENTION_DAYS, else never.
 *   Dedupe keys (`message_claims`) count for CLAIM_TTL_MS (a day).
 * - `createMemoryConversations` — process memory, bounded (least recently used
 *   go first), for the `ask` CLI and tests without a metadata store.
 */
import type { ConversationState } from '../../../agents/query/index.ts';
import type { ClaudePending } from '../../../agents/claude/types.ts';
import type { ConversationRef } from '../../contracts/chat.ts';
import type { Column } from '../../contracts/warehouse.ts';

/** What the buttons of one answer need, and who may press them. */
export interface AnswerRecord {
  /** The answer's workspace (its roles decide who may press); null without workspaces. */
  workspaceId: number | null;
  /** The query history entry it was recorded as (the Save button's `h<id>`); the history purge takes the answer with it. */
  historyId: number | null;
  /** Where it was asked. */
  conversation: ConversationRef;
  title: string;
  /** The SQL that ran, after the guard. */
  sql: string;
  columns: Column[];
  /** The rows shown; null when too large to keep — Export CSV then re-runs `sql` through the guard in the answer's workspace. */
  rows: unknown[][] | null;
  truncated: boolean;
  /** When it was answered (the core's `now`): expiry counts from here. */
  createdAt: Date;
  /** How its chart was drawn, so the answer page draws the same chart from the rows it reads again; absent in older records. */
  chart?: AnswerChartView;
}

/** The chart options of an answer beyond its columns and rows (renderers' `renderChart` options). */
export interface AnswerChartView {
  /** The kind drawn (a ChartKind), null when none was. */
  kind: string | null;
  /** A category axis kept the SQL's ORDER BY (else the renderer orders by value). */
  keepOrder: boolean;
  /** The question's period: partial-period marking and the provenance footer. */
  period?: { from: string; to: string; label: string };
}

/** A thread's refinement state: plain JSON. */
export interface ThreadRecord {
  /** The last semantic query of the thread (what "now by country" refines). */
  state?: ConversationState;
  /** The id of the thread's latest answer. */
  lastAnswerId?: string;
  /** The workspace the thread's answers belong to (retention); null without workspaces. */
  workspaceId: number | null;
  /** A clarifying question Claude asked here: the next question in the thread is its reply. */
  pending?: ClaudePending;
  updatedAt: Date;
}

/**
 * The contract. Ids are the core's 128-bit random answer ids; thread keys are
 * `threadKey(conversation)`. Every read takes `now` (the core's clock, which
 * `--now` may fix) and returns undefined for anything unknown OR past its
 * retention at `now`, whether or not a purge has removed it yet — so callers
 * have one case: "expired". Writes replace what is stored under the same key.
 * Nothing here checks who may see an answer: the core authorises every button
 * press in the record's `workspaceId`.
 */
export interface ConversationStore {
  saveAnswer(id: string, record: AnswerRecord): Promise<void>;
  getAnswer(id: string, now: Date): Promise<AnswerRecord | undefined>;
  saveThread(key: string, state: ThreadRecord): Promise<void>;
  getThread(key: string, now: Date): Promise<ThreadRecord | undefined>;
  /**
   * Deletes answers and threads created (threads: last updated) before
   * `cutoff`, whatever their retention; returns how many records went.
   * (The metadata store's regular expiry is the history purge, see above.)
   */
  purgeOlderThan(cutoff: Date): Promise<number>;
  /**
   * Claims an inbound event's dedupe key (`platform:message id`): true for the
   * first claimer, false for a duplicate — atomic across processes sharing the
   * store (exactly one of two concurrent claimers gets true). A claim counts
   * for CLAIM_TTL_MS from its `now`; after that the key may be claimed again.
   * `purgeOlderThan` removes claims made before its cutoff too.
   */
  claimMessage(key: string, now: Date): Promise<boolean>;
}

const DAY_MS = 86_400_000;

/** How long a dedupe key counts (platform retries come within minutes; a day is plenty). */
export const CLAIM_TTL_MS = DAY_MS;
/** The store's expired claims are purged at most this often, from `claimMessage` itself. */
export const CLAIM_PURGE_EVERY_MS = 3_600_000;

export interface MemoryConversationsOptions {
  /** Answers kept (least recently used go first). Default 500. */
  maxAnswers?: number;
  /** Threads kept (least recently used go first). Default 10,000. */
  maxThreads?: number;
  /** Days kept; null/undefined: until pushed out by the bounds. */
  retentionDays?: number | null;
  /** Dedupe keys kept (oldest go first). Default 10,000. */
  maxClaims?: number;
}

/** A Map used as an LRU: reads move an entry to the end, writes drop from the front. */
function boundedMap<V>(max: number) {
  const map = new Map<string, V>();
  return {
    map,
    get(key: string): V | undefined {
      const v = map.get(key);
      if (v !== undefined) {
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: string, value: V): void {
      map.delete(key);
      map.set(key, value);
      while (map.size > max) map.delete(map.keys().next().value!);
    },
  };
}

/** The in-process fallback: bounded, lost on restart, not shared between processes. */
export function createMemoryConversations(opts: MemoryConversationsOptions = {}): ConversationStore {
  const answers = boundedMap<AnswerRecord>(Math.max(1, opts.maxAnswers ?? 500));
  const threads = boundedMap<ThreadRecord>(Math.max(1, opts.maxThreads ?? 10_000));
  const claims = new Map<string, number>();
  const maxClaims = Math.max(1, opts.maxClaims ?? 10_000);
  const live = (at: Date, now: Date) => opts.retentionDays == null || at.getTime() >= now.getTime() - opts.retentionDays * DAY_MS;
  return {
    async saveAnswer(id, record) {
      answers.set(id, record);
    },
    async getAnswer(id, now) {
      const r = answers.get(id);
      return r && live(r.createdAt, now) ? r : undefined;
    },
    async saveThread(key, state) {
      threads.set(key, state);
    },
    async getThread(key, now) {
      const t = threads.get(key);
      return t && live(t.updatedAt, now) ? t : undefined;
    },
    async purgeOlderThan(cutoff) {
      let n = 0;
      for (const [k, v] of answers.map) if (v.createdAt < cutoff && answers.map.delete(k)) n++;
      for (const [k, v] of threads.map) if (v.updatedAt < cutoff && threads.map.delete(k)) n++;
      for (const [k, at] of claims) if (at < cutoff.getTime() && claims.delete(k)) n++;
      return n;
    },
    async claimMessage(key, now) {
      const at = claims.get(key);
      if (at !== undefined && at >= now.getTime() - CLAIM_TTL_MS) return false;
      // Insertion order is claim order: the oldest claims go first.
      claims.delete(key);
      claims.set(key, now.getTime());
      while (claims.size > maxClaims) claims.delete(claims.keys().next().value!);
      return true;
    },
  };
}

/** The metadata store's side of the contract (bot/infra/store/conversation-repo.ts). */
export interface ConversationRepoLike {
  saveAnswer(id: string, record: AnswerRecord): Promise<void>;
  getAnswer(id: string, opts: { now: Date; defaultRetentionDays: number | null }): Promise<AnswerRecord | undefined>;
  saveThread(key: string, state: ThreadRecord): Promise<void>;
  getThread(key: string, opts: { now: Date; defaultRetentionDays: number | null }): Promise<ThreadRecord | undefined>;
  purgeOlderThan(cutoff: Date): Promise<number>;
  /** Inserts the key unless a claim made at or after `expiredBefore` holds it; true when this call claimed it. */
  claimMessage(key: string, opts: { now: Date; expiredBefore: Date }): Promise<boolean>;
  /** Deletes claims made before `cutoff`; returns how many went. */
  purgeClaims(cutoff: Date): Promise<number>;
}

/**
 * The metadata store as a ConversationStore: reads honour each workspace's
 * history retention, else `defaultRetentionDays` (HISTORY_RETENTION_DAYS).
 */
export function createStoreConversations(repo: ConversationRepoLike, opts: { defaultRetentionDays?: number | null } = {}): ConversationStore {
  const defaultRetentionDays = opts.defaultRetentionDays ?? null;
  let lastClaimPurge = -Infinity;
  return {
    saveAnswer: (id, record) => repo.saveAnswer(id, record),
    getAnswer: (id, now) => repo.getAnswer(id, { now, defaultRetentionDays }),
    saveThread: (key, state) => repo.saveThread(key, state),
    getThread: (key, now) => repo.getThread(key, { now, defaultRetentionDays }),
    purgeOlderThan: (cutoff) => repo.purgeOlderThan(cutoff),
    async claimMessage(key, now) {
      const expiredBefore = new Date(now.getTime() - CLAIM_TTL_MS);
      const claimed = await repo.claimMessage(key, { now, expiredBefore });
      // Expired claims no longer count; remove them now and then (best effort, not awaited).
      if (Math.abs(now.getTime() - lastClaimPurge) >= CLAIM_PURGE_EVERY_MS) {
        lastClaimPurge = now.getTime();
        repo.purgeClaims(expiredBefore).catch(() => undefined);
      }
      return claimed;
    },
  };
}
