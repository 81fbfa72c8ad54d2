/**
 * Conversation state in the metadata store (migration 3): the answers behind
 * buttons and each thread's refinement state, so both survive restarts and
 * are shared by replicas. Expiry follows the query history: an answer row
 * references its history entry ON DELETE CASCADE (the history purge removes
 * it, and a thread row goes with its last answer), and reads ignore rows past
 * the workspace's retention (else the default) even before a purge ran.
 * Inbound dedupe keys (migration 4, `message_claims`) are claimed with one
 * INSERT … ON CONFLICT: PostgreSQL's row lock makes exactly one of two
 * concurrent claimers (two replicas) see its row come back.
 */
import type { AnswerRecord, ConversationRepoLike, ThreadRecord } from '../../core/conversation/conversation-store.ts';
import type { Queryable } from './db.ts';

export type ConversationRepo = ConversationRepoLike;

interface AnswerRow {
  id: string;
  workspace_id: number | null;
  history_id: number | string | null;
  conversation: AnswerRecord['conversation'];
  title: string;
  sql: string;
  columns: AnswerRecord['columns'];
  rows: unknown[][] | null;
  truncated: boolean;
  created_at: Date;
  chart: AnswerRecord['chart'] | null;
}

interface ThreadRow {
  workspace_id: number | null;
  answer_id: string | null;
  state: ThreadRecord['state'] | null;
  pending?: ThreadRecord['pending'] | null;
  updated_at: Date;
}

/** Rows still within retention at $2 (days: the workspace's, else $3; none → kept). */
const LIVE = (alias: string, at: string) =>
  `(COALESCE(w.history_retention_days, $3::int) IS NULL OR ${alias}.${at} >= $2::timestamptz - make_interval(days => COALESCE(w.history_retention_days, $3::int)))`;

/** jsonb parameters travel as text; PGlite and pg both parse jsonb results. */
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export function createConversationRepo(db: Queryable): ConversationRepo {
  return {
    async saveAnswer(id, r) {
      await db.query(
        `INSERT INTO conversation_answers (id, workspace_id, history_id, conversation, title, sql, columns, rows, truncated, created_at, chart)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11::jsonb)
         ON CONFLICT (id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, history_id = EXCLUDED.history_id, conversation = EXCLUDED.conversation,
           title = EXCLUDED.title, sql = EXCLUDED.sql, columns = EXCLUDED.columns, rows = EXCLUDED.rows, truncated = EXCLUDED.truncated, created_at = EXCLUDED.created_at, chart = EXCLUDED.chart`,
        [id, r.workspaceId, r.historyId, json(r.conversation), r.title, r.sql, json(r.columns), r.rows === null ? null : json(r.rows), r.truncated, r.createdAt, json(r.chart)],
      );
    },
    async getAnswer(id, { now, defaultRetentionDays }) {
      const r = await db.query<AnswerRow>(
        `SELECT a.id, a.workspace_id, a.history_id, a.conversation, a.title, a.sql, a.columns, a.rows, a.truncated, a.created_at, a.chart
         FROM conversation_answers a LEFT JOIN workspaces w ON w.id = a.workspace_id
         WHERE a.id = $1 AND ${LIVE('a', 'created_at')}`,
        [id, now, defaultRetentionDays],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return {
        workspaceId: row.workspace_id,
        historyId: row.history_id === null ? null : Number(row.history_id),
        conversation: row.conversation,
        title: row.title,
        sql: row.sql,
        columns: row.columns,
        rows: row.rows,
        truncated: row.truncated,
        createdAt: new Date(row.created_at),
        ...(row.chart ? { chart: row.chart } : {}),
      };
    },
    async saveThread(key, t) {
      await db.query(
        `INSERT INTO conversation_threads (thread_key, workspace_id, answer_id, state, pending, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
         ON CONFLICT (thread_key) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, answer_id = EXCLUDED.answer_id, state = EXCLUDED.state, pending = EXCLUDED.pending, updated_at = EXCLUDED.updated_at`,
        [key, t.workspaceId, t.lastAnswerId ?? null, json(t.state), json(t.pending), t.updatedAt],
      );
    },
    async getThread(key, { now, defaultRetentionDays }) {
      const r = await db.query<ThreadRow>(
        `SELECT t.workspace_id, t.answer_id, t.state, t.pending, t.updated_at
         FROM conversation_threads t LEFT JOIN workspaces w ON w.id = t.workspace_id
         WHERE t.thread_key = $1 AND ${LIVE('t', 'updated_at')}`,
        [key, now, defaultRetentionDays],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      return { workspaceId: row.workspace_id, lastAnswerId: row.answer_id ?? undefined, state: row.state ?? undefined, ...(row.pending ? { pending: row.pending } : {}), updatedAt: new Date(row.updated_at) };
    },
    async purgeOlderThan(cutoff) {
      // Threads first: a thread older than the cutoff may point at a newer answer.
      const t = await db.query('DELETE FROM conversation_threads WHERE updated_at < $1::timestamptz', [cutoff]);
      const a = await db.query('DELETE FROM conversation_answers WHERE created_at < $1::timestamptz', [cutoff]);
      const c = await db.query('DELETE FROM message_claims WHERE created_at < $1::timestamptz', [cutoff]);
      return t.rowCount + a.rowCount + c.rowCount;
    },
    async claimMessage(key, { now, expiredBefore }) {
      // A new key is inserted; an existing one is taken over only when its claim has expired
      // (not yet purged). A concurrent claimer waits on the row and then finds it fresh: no row back.
      const r = await db.query(
        `INSERT INTO message_claims (message_key, created_at) VALUES ($1, $2::timestamptz)
         ON CONFLICT (message_key) DO UPDATE SET created_at = EXCLUDED.created_at WHERE message_claims.created_at < $3::timestamptz
         RETURNING 1`,
        [key, now, expiredBefore],
      );
      return r.rows.length === 1;
    },
    async purgeClaims(cutoff) {
      const r = await db.query('DELETE FROM message_claims WHERE created_at < $1::timestamptz', [cutoff]);
      return r.rowCount;
    },
  };
}
