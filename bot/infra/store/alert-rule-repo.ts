/**
 * Alert rules in the metadata store (migration 6, table `alert_rules`): one
 * row per rule and workspace (names unique per workspace, case-insensitive),
 * the rule as written (`spec`, validated by alerts/rules before it gets here),
 * active or paused, the file it came from. Callers commit every change in a
 * `store.transaction` together with its audit-log row.
 */
import type { Queryable } from './db.ts';

export type AlertRuleState = 'active' | 'paused';

export interface StoredAlertRule {
  id: number;
  /** null: the process's default workspace. */
  workspaceId: number | null;
  name: string;
  /** The rule as written (the keys of a rule file). */
  spec: Record<string, unknown>;
  state: AlertRuleState;
  /** The file `alerts apply` read it from; null when it was made elsewhere. */
  sourceFile: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: number;
  workspace_id: number | null;
  name: string;
  spec: Record<string, unknown> | string;
  state: AlertRuleState;
  source_file: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const toRule = (r: Row): StoredAlertRule => ({
  id: Number(r.id),
  workspaceId: r.workspace_id === null ? null : Number(r.workspace_id),
  name: r.name,
  spec: typeof r.spec === 'string' ? (JSON.parse(r.spec) as Record<string, unknown>) : r.spec,
  state: r.state,
  sourceFile: r.source_file,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export interface NewAlertRule {
  workspaceId: number | null;
  name: string;
  spec: Record<string, unknown>;
  sourceFile: string | null;
  createdBy: string;
  state?: AlertRuleState;
}

export interface AlertRuleRepo {
  /** The rules of one workspace (null: the default one), by name. */
  list(workspaceId: number | null): Promise<StoredAlertRule[]>;
  /** Every active rule of every workspace (what a scheduler runs). */
  listActive(): Promise<StoredAlertRule[]>;
  /** One rule by name (case-insensitive). */
  get(workspaceId: number | null, name: string): Promise<StoredAlertRule | undefined>;
  insert(rule: NewAlertRule): Promise<StoredAlertRule>;
  /** Replaces the rule as written (and its file); the state is kept. */
  update(id: number, change: { spec: Record<string, unknown>; sourceFile: string | null }): Promise<StoredAlertRule | undefined>;
  setState(id: number, state: AlertRuleState): Promise<StoredAlertRule | undefined>;
  delete(id: number): Promise<boolean>;
}

const COLS = 'id, workspace_id, name, spec, state, source_file, created_by, created_at, updated_at';
const WS = 'coalesce(workspace_id, 0) = coalesce($1::int, 0)';

export function createAlertRuleRepo(db: Queryable): AlertRuleRepo {
  return {
    async list(workspaceId) {
      const r = await db.query<Row>(`SELECT ${COLS} FROM alert_rules WHERE ${WS} ORDER BY lower(name)`, [workspaceId]);
      return r.rows.map(toRule);
    },
    async listActive() {
      const r = await db.query<Row>(`SELECT ${COLS} FROM alert_rules WHERE state = 'active' ORDER BY id`);
      return r.rows.map(toRule);
    },
    async get(workspaceId, name) {
      const r = await db.query<Row>(`SELECT ${COLS} FROM alert_rules WHERE ${WS} AND lower(name) = lower($2)`, [workspaceId, name]);
      return r.rows[0] ? toRule(r.rows[0]) : undefined;
    },
    async insert(rule) {
      const r = await db.query<Row>(
        `INSERT INTO alert_rules (workspace_id, name, spec, state, source_file, created_by) VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING ${COLS}`,
        [rule.workspaceId, rule.name, JSON.stringify(rule.spec), rule.state ?? 'active', rule.sourceFile, rule.createdBy],
      );
      return toRule(r.rows[0]);
    },
    async update(id, change) {
      const r = await db.query<Row>(`UPDATE alert_rules SET spec = $2::jsonb, source_file = $3, updated_at = now() WHERE id = $1 RETURNING ${COLS}`, [id, JSON.stringify(change.spec), change.sourceFile]);
      return r.rows[0] ? toRule(r.rows[0]) : undefined;
    },
    async setState(id, state) {
      const r = await db.query<Row>(`UPDATE alert_rules SET state = $2, updated_at = now() WHERE id = $1 RETURNING ${COLS}`, [id, state]);
      return r.rows[0] ? toRule(r.rows[0]) : undefined;
    },
    async delete(id) {
      const r = await db.query('DELETE FROM alert_rules WHERE id = $1', [id]);
      return r.rowCount > 0;
    },
  };
}
