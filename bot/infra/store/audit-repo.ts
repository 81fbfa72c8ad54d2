/**
 * The audit log: every executed SQL and every admin action. Append-only and
 * hash-chained:
 *
 * - this module has no update or delete, and a trigger in the schema refuses
 *   UPDATE, DELETE and TRUNCATE;
 * - in PostgreSQL the application runs as `datalabs_app`, which may only
 *   SELECT and INSERT here (it does not own the table, so it cannot disable
 *   the trigger either) — see migrations.ts;
 * - every entry stores `seq` (its position), `prev_hash` (the previous entry's
 *   hash) and `hash` = sha256(prev_hash ‖ canonical content). Appends lock the
 *   one-row `audit_chain_head` (SELECT … FOR UPDATE), so the chain never forks.
 *   `verify()` walks the chain and names the first broken link: an edited
 *   entry (hash mismatch), a deleted one (seq gap / prev_hash mismatch, or the
 *   head ahead of the last entry) or an inserted one (seq or hash wrong).
 *
 * A chain without a secret proves integrity against everyone who cannot
 * rewrite the whole table and the head together (the app role in PostgreSQL
 * cannot touch either); keep the head hash `verify` prints somewhere else to
 * also catch a full rewrite by the database owner.
 */
import crypto from 'node:crypto';
import type { Queryable } from './db.ts';
import type { AuditEntry } from '../../contracts/workspace.ts';

interface AuditRow {
  id: number | string;
  workspace_id: number | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  created_at: Date;
  seq?: number | string | null;
  prev_hash?: string | null;
  hash?: string | null;
}

const toAudit = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  workspaceId: r.workspace_id,
  actor: r.actor,
  action: r.action,
  detail: r.detail ?? {},
  createdAt: new Date(r.created_at),
});

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'createdAt'>;

/** What `verify` found. */
export type AuditVerification =
  | { ok: true; count: number; legacy: number; headSeq: number; headHash: string }
  | { ok: false; count: number; legacy: number; brokenId: number | null; reason: string };

export interface AuditRepo {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `workspaceId` null lists entries of every workspace. */
  latest(workspaceId: number | null, opts?: { limit?: number; action?: string }): Promise<AuditEntry[]>;
  /** Walks the whole chain; the first broken link ends the walk. */
  verify(): Promise<AuditVerification>;
}

/** JSON with object keys sorted at every level (after a JSON round trip, as jsonb stores it). */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as object).sort()) out[k] = norm((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(norm(JSON.parse(JSON.stringify(value ?? {}))));
}

/** sha256 hex of the previous hash and the entry's canonical content. */
export function chainHash(prevHash: string, e: { seq: number; workspaceId: number | null; actor: string; action: string; detail: unknown; createdAt: Date }): string {
  const content = JSON.stringify([e.seq, e.workspaceId, e.actor, e.action, canonicalJson(e.detail), e.createdAt.toISOString()]);
  return crypto.createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

const COLUMNS = 'id, workspace_id, actor, action, detail, created_at, seq, prev_hash, hash';

type WithTransaction = Queryable & { transaction?: <T>(fn: (tx: Queryable) => Promise<T>) => Promise<T> };

export function createAuditRepo(db: WithTransaction): AuditRepo {
  /** Appends under the chain head's row lock; `q` must be inside a transaction. */
  async function appendIn(q: Queryable, e: NewAuditEntry): Promise<AuditEntry> {
    const head = await q.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE');
    const prevSeq = Number(head.rows[0]?.seq ?? 0);
    const prevHash = head.rows[0]?.hash ?? '';
    const seq = prevSeq + 1;
    const detail = JSON.parse(JSON.stringify(e.detail ?? {})) as Record<string, unknown>;
    const createdAt = new Date();
    const hash = chainHash(prevHash, { seq, workspaceId: e.workspaceId, actor: e.actor, action: e.action, detail, createdAt });
    const r = await q.query<AuditRow>(
      `INSERT INTO audit_log (workspace_id, actor, action, detail, created_at, seq, prev_hash, hash)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [e.workspaceId, e.actor, e.action, JSON.stringify(detail), createdAt, seq, prevHash, hash],
    );
    await q.query('UPDATE audit_chain_head SET seq = $1, hash = $2 WHERE id = 1', [seq, hash]);
    return toAudit(r.rows[0]);
  }

  return {
    async append(e) {
      // A bare database (not a transaction) gets its own, so the head's lock is held until the entry is committed.
      if (db.transaction) return db.transaction((tx) => appendIn(tx, e));
      return appendIn(db, e);
    },
    async latest(workspaceId, opts = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (workspaceId !== null) {
        params.push(workspaceId);
        where.push(`workspace_id = $${params.length}`);
      }
      if (opts.action) {
        params.push(opts.action);
        where.push(`action = $${params.length}`);
      }
      params.push(Math.min(Math.max(opts.limit ?? 20, 1), 1000));
      const r = await db.query<AuditRow>(
        `SELECT id, workspace_id, actor, action, detail, created_at FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      return r.rows.map(toAudit);
    },
    async verify() {
      let count = 0;
      let legacy = 0;
      let prevSeq = 0;
      let prevHash = '';
      let lastId: number | null = null;
      let after = -1;
      const broken = (id: number | null, reason: string): AuditVerification => ({ ok: false, count, legacy, brokenId: id, reason });
      for (;;) {
        const page = await db.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE id > $1 ORDER BY id LIMIT 1000`, [after]);
        if (!page.rows.length) break;
        for (const r of page.rows) {
          const id = Number(r.id);
          after = id;
          if (r.seq === null || r.seq === undefined) {
            if (prevSeq > 0) return broken(id, `entry #${id} has no hash although the chain had started (inserted or altered)`);
            if (r.hash !== null && r.hash !== undefined) return broken(id, `entry #${id} has a hash but no position`);
            legacy++;
            continue;
          }
          const seq = Number(r.seq);
          if (seq !== prevSeq + 1) {
            return broken(id, seq > prevSeq + 1 ? `entry #${id} is number ${seq} of the chain but ${prevSeq + 1} was expected: entries before it were deleted` : `entry #${id} repeats position ${seq}: inserted or reordered`);
          }
          if ((r.prev_hash ?? '') !== prevHash) return broken(id, `entry #${id} does not link to the entry before it (deleted, inserted or edited)`);
          const expect = chainHash(prevHash, { seq, workspaceId: r.workspace_id, actor: r.actor, action: r.action, detail: r.detail ?? {}, createdAt: new Date(r.created_at) });
          if (r.hash !== expect) return broken(id, `entry #${id} does not match its hash: it was edited`);
          prevSeq = seq;
          prevHash = expect;
          lastId = id;
          count++;
        }
      }
      const head = await db.query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_chain_head WHERE id = 1');
      const headSeq = Number(head.rows[0]?.seq ?? 0);
      const headHash = head.rows[0]?.hash ?? '';
      if (headSeq !== prevSeq || headHash !== prevHash) {
        return broken(lastId, headSeq > prevSeq ? `the chain ends at entry ${prevSeq}${lastId ? ` (#${lastId})` : ''} but ${headSeq} were written: the latest entries were deleted` : `the chain head (${headSeq}) does not match the last entry (${prevSeq}): it was altered`);
      }
      return { ok: true, count, legacy, headSeq, headHash };
    },
  };
}
