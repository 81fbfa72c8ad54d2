/** Workspaces and the chat bindings that point at them. */
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { pgErrorCode, type Queryable } from './db.ts';
import { decryptSecret, encryptSecret } from './secrets.ts';
import type { ChatBinding, ClickHouseConnectionSettings, Role, Workspace } from '../../contracts/workspace.ts';

/** How the `clickhouse` column stores settings: the password only ever encrypted (`passwordEnc`). */
interface StoredClickHouse {
  url: string;
  user?: string;
  database?: string;
  passwordEnc?: string;
  /** Clear text, written before encryption at rest; migrated on open when a key is set. */
  password?: string;
}

/** Settings → what is stored: the password sealed with the key (refused without one). */
export function sealClickhouse(c: ClickHouseConnectionSettings | null | undefined, key: Buffer | undefined): StoredClickHouse | null {
  if (!c) return null;
  const out: StoredClickHouse = { url: c.url };
  if (c.user !== undefined) out.user = c.user;
  if (c.database !== undefined) out.database = c.database;
  if (c.password !== undefined && c.password !== '') out.passwordEnc = encryptSecret(c.password, key);
  return out;
}

function openClickhouse(s: StoredClickHouse | null, key: Buffer | undefined, wsId: number): ClickHouseConnectionSettings | null {
  if (!s) return null;
  const out: ClickHouseConnectionSettings = { url: s.url };
  if (s.user !== undefined) out.user = s.user;
  if (s.database !== undefined) out.database = s.database;
  if (s.passwordEnc) {
    try {
      out.password = decryptSecret(s.passwordEnc, key);
    } catch (err) {
      out.passwordError = `workspace #${wsId}: ${(err as Error).message}`;
    }
  } else if (s.password !== undefined) {
    if (key) out.password = s.password;
    else out.passwordError = `workspace #${wsId} has a ClickHouse password stored in clear text from an older version: set DATALABS_SECRET_KEY and restart to encrypt it`;
  }
  return out;
}

interface WorkspaceRow {
  id: number;
  name: string;
  clickhouse: StoredClickHouse | null;
  allowed_databases: string[];
  allowed_tables: string[];
  semantic_model: string | null;
  default_role: Exclude<Role, 'admin'> | null;
  history_retention_days: number | null;
  timezone: string | null;
  created_at: Date;
}

const COLUMNS = 'id, name, clickhouse, allowed_databases, allowed_tables, semantic_model, default_role, history_retention_days, timezone, created_at';

function toWorkspaceWith(r: WorkspaceRow, key?: Buffer): Workspace {
  return {
    id: r.id,
    name: r.name,
    clickhouse: openClickhouse(r.clickhouse ?? null, key, r.id),
    allowedDatabases: r.allowed_databases ?? [],
    allowedTables: r.allowed_tables ?? [],
    semanticModel: r.semantic_model,
    defaultRole: r.default_role,
    historyRetentionDays: r.history_retention_days,
    timezone: r.timezone ?? null,
    createdAt: new Date(r.created_at),
  };
}

function toBinding(r: { platform: Platform; workspace_key: string; channel_id: string; workspace_id: number; created_at: Date }): ChatBinding {
  return { platform: r.platform, workspaceKey: r.workspace_key, channelId: r.channel_id, workspaceId: r.workspace_id, createdAt: new Date(r.created_at) };
}

export interface NewWorkspace {
  name: string;
  clickhouse?: ClickHouseConnectionSettings | null;
  allowedDatabases?: string[];
  allowedTables?: string[];
  semanticModel?: string | null;
  defaultRole?: Exclude<Role, 'admin'> | null;
  historyRetentionDays?: number | null;
  timezone?: string | null;
}

export type WorkspacePatch = Partial<Omit<NewWorkspace, 'name'>> & { name?: string };

export interface WorkspaceRepo {
  /** Creates a workspace; a taken name (case-insensitive) is BAD_INPUT. */
  create(input: NewWorkspace): Promise<Workspace>;
  get(id: number): Promise<Workspace | undefined>;
  /** By name (case-insensitive) or by `#id` / numeric id. */
  find(ref: string): Promise<Workspace | undefined>;
  list(): Promise<Workspace[]>;
  update(id: number, patch: WorkspacePatch): Promise<Workspace>;
  /** Binds a team/chat/guild (channelId '') or one channel; replaces an existing binding of the same key. */
  bind(binding: Omit<ChatBinding, 'createdAt'>): Promise<ChatBinding>;
  /** Removes one binding; false when there was none. */
  unbind(platform: Platform, workspaceKey: string, channelId: string): Promise<boolean>;
  /** The binding that applies: the channel's own, else the team's ('' channel). */
  lookupBinding(platform: Platform, workspaceKey: string, channelId: string): Promise<ChatBinding | undefined>;
  bindings(workspaceId: number): Promise<ChatBinding[]>;
  /** Encrypts clear-text ClickHouse passwords left by older versions; returns the workspace ids changed. */
  encryptLegacyPasswords(): Promise<number[]>;
}

export function createWorkspaceRepo(db: Queryable, opts: { secretKey?: Buffer } = {}): WorkspaceRepo {
  const key = opts.secretKey;
  const toWorkspace = (r: WorkspaceRow) => toWorkspaceWith(r, key);
  async function get(id: number) {
    const r = await db.query<WorkspaceRow>(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [id]);
    return r.rows[0] ? toWorkspace(r.rows[0]) : undefined;
  }

  function nameTaken(err: unknown, name: string): never {
    if (pgErrorCode(err) === '23505') throw new DatalabsError('BAD_INPUT', `a workspace named "${name}" already exists: pick another name`);
    throw err;
  }

  return {
    async create(input) {
      try {
        const r = await db.query<WorkspaceRow>(
          `INSERT INTO workspaces (name, clickhouse, allowed_databases, allowed_tables, semantic_model, default_role, history_retention_days, timezone)
           VALUES ($1, $2::jsonb, $3::jsonb, $4::jsonb, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
          [
            input.name,
            input.clickhouse ? JSON.stringify(sealClickhouse(input.clickhouse, key)) : null,
            JSON.stringify(input.allowedDatabases ?? []),
            JSON.stringify(input.allowedTables ?? []),
            input.semanticModel ?? null,
            input.defaultRole === undefined ? 'viewer' : input.defaultRole,
            input.historyRetentionDays ?? null,
            input.timezone ?? null,
          ],
        );
        return toWorkspace(r.rows[0]);
      } catch (err) {
        return nameTaken(err, input.name);
      }
    },
    get,
    async find(ref) {
      const id = /^#?(\d{1,9})$/.exec(ref.trim());
      if (id) return get(Number(id[1]));
      const r = await db.query<WorkspaceRow>(`SELECT ${COLUMNS} FROM workspaces WHERE lower(name) = lower($1)`, [ref.trim()]);
      return r.rows[0] ? toWorkspace(r.rows[0]) : undefined;
    },
    async list() {
      const r = await db.query<WorkspaceRow>(`SELECT ${COLUMNS} FROM workspaces ORDER BY id`);
      return r.rows.map(toWorkspace);
    },
    async update(id, patch) {
      const sets: string[] = [];
      const params: unknown[] = [];
      const set = (col: string, value: unknown, cast = '') => {
        params.push(value);
        sets.push(`${col} = $${params.length}${cast}`);
      };
      if (patch.name !== undefined) set('name', patch.name);
      if (patch.clickhouse !== undefined) set('clickhouse', patch.clickhouse ? JSON.stringify(sealClickhouse(patch.clickhouse, key)) : null, '::jsonb');
      if (patch.allowedDatabases !== undefined) set('allowed_databases', JSON.stringify(patch.allowedDatabases), '::jsonb');
      if (patch.allowedTables !== undefined) set('allowed_tables', JSON.stringify(patch.allowedTables), '::jsonb');
      if (patch.semanticModel !== undefined) set('semantic_model', patch.semanticModel);
      if (patch.defaultRole !== undefined) set('default_role', patch.defaultRole);
      if (patch.historyRetentionDays !== undefined) set('history_retention_days', patch.historyRetentionDays);
      if (patch.timezone !== undefined) set('timezone', patch.timezone);
      if (!sets.length) {
        const ws = await get(id);
        if (!ws) throw new DatalabsError('NOT_FOUND', `workspace #${id} does not exist`);
        return ws;
      }
      params.push(id);
      try {
        const r = await db.query<WorkspaceRow>(`UPDATE workspaces SET ${sets.join(', ')} WHERE id = $${params.length} RETURNING ${COLUMNS}`, params);
        if (!r.rows[0]) throw new DatalabsError('NOT_FOUND', `workspace #${id} does not exist`);
        return toWorkspace(r.rows[0]);
      } catch (err) {
        return nameTaken(err, patch.name ?? '');
      }
    },
    async bind(b) {
      const r = await db.query<Parameters<typeof toBinding>[0]>(
        `INSERT INTO chat_bindings (platform, workspace_key, channel_id, workspace_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (platform, workspace_key, channel_id) DO UPDATE SET workspace_id = EXCLUDED.workspace_id, created_at = now()
         RETURNING platform, workspace_key, channel_id, workspace_id, created_at`,
        [b.platform, b.workspaceKey, b.channelId, b.workspaceId],
      );
      return toBinding(r.rows[0]);
    },
    async unbind(platform, workspaceKey, channelId) {
      const r = await db.query('DELETE FROM chat_bindings WHERE platform = $1 AND workspace_key = $2 AND channel_id = $3', [platform, workspaceKey, channelId]);
      return r.rowCount > 0;
    },
    async lookupBinding(platform, workspaceKey, channelId) {
      const r = await db.query<Parameters<typeof toBinding>[0]>(
        `SELECT platform, workspace_key, channel_id, workspace_id, created_at FROM chat_bindings
         WHERE platform = $1 AND workspace_key = $2 AND channel_id IN ($3, '')
         ORDER BY channel_id DESC LIMIT 1`,
        [platform, workspaceKey, channelId],
      );
      return r.rows[0] ? toBinding(r.rows[0]) : undefined;
    },
    async encryptLegacyPasswords() {
      if (!key) return [];
      const r = await db.query<{ id: number; clickhouse: StoredClickHouse }>("SELECT id, clickhouse FROM workspaces WHERE clickhouse->>'password' IS NOT NULL ORDER BY id");
      const changed: number[] = [];
      for (const row of r.rows) {
        const { password, ...rest } = row.clickhouse;
        const sealed: StoredClickHouse = { ...rest, ...(password ? { passwordEnc: encryptSecret(password, key) } : {}) };
        await db.query('UPDATE workspaces SET clickhouse = $2::jsonb WHERE id = $1', [row.id, JSON.stringify(sealed)]);
        changed.push(row.id);
      }
      return changed;
    },
    async bindings(workspaceId) {
      const r = await db.query<Parameters<typeof toBinding>[0]>(
        'SELECT platform, workspace_key, channel_id, workspace_id, created_at FROM chat_bindings WHERE workspace_id = $1 ORDER BY platform, workspace_key, channel_id',
        [workspaceId],
      );
      return r.rows.map(toBinding);
    },
  };
}
