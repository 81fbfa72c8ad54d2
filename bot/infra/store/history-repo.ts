/** Query history (with a retention purge) and saved queries. Everything is scoped by workspace. */
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { pgErrorCode, type Queryable } from './db.ts';
import { SAVED_NAME, type HistoryEntry, type HistoryKind, type HistoryOrigin, type HistoryOutcome, type SavedQuery } from '../../contracts/workspace.ts';

interface HistoryRow {
  id: number | string;
  workspace_id: number;
  member_id: number | null;
  platform: Platform;
  workspace_key: string;
  channel_id: string;
  thread_id: string | null;
  user_id: string;
  user_name: string | null;
  kind: HistoryKind;
  origin: HistoryOrigin;
  question: string;
  sql: string | null;
  outcome: HistoryOutcome;
  error_code: string | null;
  error_message: string | null;
  duration_ms: number | null;
  row_count: number | null;
  created_at: Date;
}

const HISTORY_COLUMNS =
  'id, workspace_id, member_id, platform, workspace_key, channel_id, thread_id, user_id, user_name, kind, origin, question, sql, outcome, error_code, error_message, duration_ms, row_count, created_at';

const toEntry = (r: HistoryRow): HistoryEntry => ({
  id: Number(r.id),
  workspaceId: r.workspace_id,
  memberId: r.member_id,
  platform: r.platform,
  workspaceKey: r.workspace_key,
  channelId: r.channel_id,
  threadId: r.thread_id,
  userId: r.user_id,
  userName: r.user_name,
  kind: r.kind,
  origin: r.origin,
  question: r.question,
  sql: r.sql,
  outcome: r.outcome,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  durationMs: r.duration_ms,
  rowCount: r.row_count,
  createdAt: new Date(r.created_at),
});

export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'createdAt'> & { createdAt?: Date };

export interface HistoryFilter {
  /** Only this chat user's entries. */
  userId?: string;
  platform?: Platform;
  channelId?: string;
  outcome?: HistoryOutcome;
  /** Only entries whose question or SQL contains this text (case-insensitive, taken literally). */
  contains?: string;
  /** Only entries older than this id (the next page of a newest-first listing). */
  beforeId?: number;
  limit?: number;
}

export interface HistoryRepo {
  add(entry: NewHistoryEntry): Promise<HistoryEntry>;
  get(workspaceId: number, id: number): Promise<HistoryEntry | undefined>;
  /** Newest first. */
  latest(workspaceId: number, filter?: HistoryFilter): Promise<HistoryEntry[]>;
  /**
   * Deletes entries older than their workspace's retention (or
   * `defaultRetentionDays` for workspaces without one; none when both are
   * unset). Returns the number deleted.
   */
  purge(opts: { now: Date; defaultRetentionDays?: number | null }): Promise<number>;
}

export function createHistoryRepo(db: Queryable): HistoryRepo {
  return {
    async add(e) {
      const r = await db.query<HistoryRow>(
        `INSERT INTO query_history (workspace_id, member_id, platform, workspace_key, channel_id, thread_id, user_id, user_name, kind, origin, question, sql,
           outcome, error_code, error_message, duration_ms, row_count, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, COALESCE($18::timestamptz, now())) RETURNING ${HISTORY_COLUMNS}`,
        [
          e.workspaceId,
          e.memberId,
          e.platform,
          e.workspaceKey,
          e.channelId,
          e.threadId,
          e.userId,
          e.userName,
          e.kind,
          e.origin,
          e.question,
          e.sql,
          e.outcome,
          e.errorCode,
          e.errorMessage?.slice(0, 500) ?? null,
          e.durationMs === null ? null : Math.round(e.durationMs),
          e.rowCount,
          e.createdAt ?? null,
        ],
      );
      return toEntry(r.rows[0]);
    },
    async get(workspaceId, id) {
      if (!Number.isSafeInteger(id) || id <= 0) return undefined;
      const r = await db.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM query_history WHERE workspace_id = $1 AND id = $2`, [workspaceId, id]);
      return r.rows[0] ? toEntry(r.rows[0]) : undefined;
    },
    async latest(workspaceId, f = {}) {
      const where = ['workspace_id = $1'];
      const params: unknown[] = [workspaceId];
      const add = (col: string, v: unknown) => {
        if (v === undefined) return;
        params.push(v);
        where.push(`${col} = $${params.length}`);
      };
      add('user_id', f.userId);
      add('platform', f.platform);
      add('channel_id', f.channelId);
      add('outcome', f.outcome);
      if (f.contains) {
        params.push(`%${f.contains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        where.push(`(question ILIKE $${params.length} OR sql ILIKE $${params.length})`);
      }
      if (f.beforeId !== undefined) {
        params.push(f.beforeId);
        where.push(`id < $${params.length}`);
      }
      params.push(Math.min(Math.max(f.limit ?? 10, 1), 500));
      const r = await db.query<HistoryRow>(`SELECT ${HISTORY_COLUMNS} FROM query_history WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`, params);
      return r.rows.map(toEntry);
    },
    async purge({ now, defaultRetentionDays }) {
      const r = await db.query(
        `DELETE FROM query_history h USING workspaces w
         WHERE h.workspace_id = w.id
           AND COALESCE(w.history_retention_days, $2::int) IS NOT NULL
           AND h.created_at < $1::timestamptz - make_interval(days => COALESCE(w.history_retention_days, $2::int))`,
        [now, defaultRetentionDays ?? null],
      );
      return r.rowCount;
    },
  };
}

interface SavedRow {
  id: number;
  workspace_id: number;
  name: string;
  kind: 'question' | 'sql';
  question: string;
  sql: string | null;
  created_by: number | null;
  created_by_user: string;
  created_at: Date;
  updated_at: Date;
}
const SAVED_COLUMNS = 'id, workspace_id, name, kind, question, sql, created_by, created_by_user, created_at, updated_at';
const toSaved = (r: SavedRow): SavedQuery => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  kind: r.kind,
  question: r.question,
  sql: r.sql,
  createdBy: r.created_by,
  createdByUser: r.created_by_user,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export type NewSavedQuery = Omit<SavedQuery, 'id' | 'createdAt' | 'updatedAt'>;


export interface SavedQueryRepo {
  /** Saves under `name`; `replace` overwrites an existing one, otherwise a taken name is BAD_INPUT. */
  save(q: NewSavedQuery, opts?: { replace?: boolean }): Promise<SavedQuery>;
  get(workspaceId: number, name: string): Promise<SavedQuery | undefined>;
  list(workspaceId: number): Promise<SavedQuery[]>;
  remove(workspaceId: number, name: string): Promise<boolean>;
}

export function createSavedQueryRepo(db: Queryable): SavedQueryRepo {
  return {
    async save(q, opts = {}) {
      if (!SAVED_NAME.test(q.name)) throw new DatalabsError('BAD_INPUT', `bad name "${q.name.slice(0, 40)}": use lower-case letters, digits, _ . - (up to 64)`);
      const conflict = opts.replace
        ? 'ON CONFLICT (workspace_id, name) DO UPDATE SET kind = EXCLUDED.kind, question = EXCLUDED.question, sql = EXCLUDED.sql, created_by = EXCLUDED.created_by, created_by_user = EXCLUDED.created_by_user, updated_at = now()'
        : '';
      try {
        const r = await db.query<SavedRow>(
          `INSERT INTO saved_queries (workspace_id, name, kind, question, sql, created_by, created_by_user) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ${conflict} RETURNING ${SAVED_COLUMNS}`,
          [q.workspaceId, q.name, q.kind, q.question, q.sql, q.createdBy, q.createdByUser],
        );
        return toSaved(r.rows[0]);
      } catch (err) {
        if (pgErrorCode(err) === '23505') throw new DatalabsError('BAD_INPUT', `a saved query named "${q.name}" exists: pick another name`);
        throw err;
      }
    },
    async get(workspaceId, name) {
      const r = await db.query<SavedRow>(`SELECT ${SAVED_COLUMNS} FROM saved_queries WHERE workspace_id = $1 AND name = $2`, [workspaceId, name.toLowerCase()]);
      return r.rows[0] ? toSaved(r.rows[0]) : undefined;
    },
    async list(workspaceId) {
      const r = await db.query<SavedRow>(`SELECT ${SAVED_COLUMNS} FROM saved_queries WHERE workspace_id = $1 ORDER BY name`, [workspaceId]);
      return r.rows.map(toSaved);
    },
    async remove(workspaceId, name) {
      const r = await db.query('DELETE FROM saved_queries WHERE workspace_id = $1 AND name = $2', [workspaceId, name.toLowerCase()]);
      return r.rowCount > 0;
    },
  };
}
