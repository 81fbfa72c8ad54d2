/**
 * The audit log: every executed SQL and every admin action. Append-only —
 * this module has no update or delete, and a trigger in the schema refuses
 * UPDATE, DELETE and TRUNCATE on the table.
 */
import type { Queryable } from './db.ts';
import type { AuditEntry } from './types.ts';

interface AuditRow {
  id: number | string;
  workspace_id: number | null;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  created_at: Date;
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

export interface AuditRepo {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first; `workspaceId` null lists entries of every workspace. */
  latest(workspaceId: number | null, opts?: { limit?: number; action?: string }): Promise<AuditEntry[]>;
}

export function createAuditRepo(db: Queryable): AuditRepo {
  return {
    async append(e) {
      const r = await db.query<AuditRow>(
        'INSERT INTO audit_log (workspace_id, actor, action, detail) VALUES ($1, $2, $3, $4::jsonb) RETURNING id, workspace_id, actor, action, detail, created_at',
        [e.workspaceId, e.actor, e.action, JSON.stringify(e.detail ?? {})],
      );
      return toAudit(r.rows[0]);
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
  };
}
