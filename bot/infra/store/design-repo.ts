/**
 * Designer proposals in the metadata store (migration `designs`): the typed
 * design, its DDL and down-migration, where it was proposed and its state, so
 * an Apply / Cancel click works after a restart and on any replica. State
 * moves with a conditional UPDATE, so two clicks never apply a design twice.
 */
import type { Queryable } from './db.ts';
import type { DesignState, DesignStore, StoredDesign } from '../../core/design/design-store.ts';

interface Row {
  id: string;
  workspace_id: number;
  conversation: StoredDesign['conversation'] | string;
  design: StoredDesign['design'] | string;
  ddl: string[] | string;
  down: string[] | string;
  state: DesignState;
  created_by: string;
  created_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
}

const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

const toDesign = (r: Row): StoredDesign => ({
  id: r.id,
  workspaceId: Number(r.workspace_id),
  conversation: json(r.conversation),
  design: json(r.design),
  ddl: json(r.ddl),
  down: json(r.down),
  state: r.state,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  decidedBy: r.decided_by,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
});

export function createDesignRepo(q: Queryable): DesignStore {
  return {
    async insert(d) {
      await q.query(
        `INSERT INTO designs (id, workspace_id, conversation, design, ddl, down, state, created_by, created_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, 'proposed', $7, $8)`,
        [d.id, d.workspaceId, JSON.stringify(d.conversation), JSON.stringify(d.design), JSON.stringify(d.ddl), JSON.stringify(d.down), d.createdBy, d.createdAt],
      );
    },
    async get(id) {
      const r = await q.query<Row>('SELECT * FROM designs WHERE id = $1', [id]);
      return r.rows[0] ? toDesign(r.rows[0]) : undefined;
    },
    async transition(id, from, to, by, at) {
      const r = await q.query('UPDATE designs SET state = $3, decided_by = $4, decided_at = $5 WHERE id = $1 AND state = $2', [id, from, to, by, at]);
      return r.rowCount === 1;
    },
  };
}
