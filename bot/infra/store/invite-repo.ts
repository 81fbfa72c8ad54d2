/**
 * One-time setup codes (`DATALABS_SETUP=invite`). A code is shown once when
 * created (`datalabs workspace invite`); only its sha256 is stored. `consume`
 * marks it used in the caller's transaction, so a code sets up one workspace.
 */
import crypto from 'node:crypto';
import type { Queryable } from './db.ts';

export interface SetupInvite {
  id: number;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  usedBy: string | null;
  workspaceId: number | null;
}

interface InviteRow {
  id: number;
  created_by: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_by: string | null;
  workspace_id: number | null;
}

const toInvite = (r: InviteRow): SetupInvite => ({
  id: r.id,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  usedAt: r.used_at ? new Date(r.used_at) : null,
  usedBy: r.used_by,
  workspaceId: r.workspace_id,
});


export function newInviteCode(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = crypto.randomBytes(26);
  const chars = [...bytes].map((b) => alphabet[b & 31]).join('');
  return `dl-${chars.slice(0, 6)}-${chars.slice(6, 11)}-${chars.slice(11, 16)}-${chars.slice(16, 21)}-${chars.slice(21, 26)}`;
}

export const hashInviteCode = (code: string) => crypto.createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

export interface InviteRepo {
  /** Stores a new code's hash; returns the code (the only time it is seen). */
  create(createdBy: string, expiresAt: Date): Promise<{ code: string; invite: SetupInvite }>;
  /** Marks an unused, unexpired code used; undefined when it is unknown, used or expired. */
  consume(code: string, usedBy: string, now: Date): Promise<SetupInvite | undefined>;
  /** Records the workspace a consumed code created. */
  attachWorkspace(inviteId: number, workspaceId: number): Promise<void>;
  /** Why a code cannot be used: 'unknown' | 'used' | 'expired' (or 'ok'). */
  status(code: string, now: Date): Promise<'unknown' | 'used' | 'expired' | 'ok'>;
  list(): Promise<SetupInvite[]>;
}

const COLS = 'id, created_by, created_at, expires_at, used_at, used_by, workspace_id';

export function createInviteRepo(db: Queryable): InviteRepo {
  return {
    async create(createdBy, expiresAt) {
      const code = newInviteCode();
      const r = await db.query<InviteRow>(`INSERT INTO setup_invites (code_hash, created_by, expires_at) VALUES ($1, $2, $3) RETURNING ${COLS}`, [hashInviteCode(code), createdBy, expiresAt]);
      return { code, invite: toInvite(r.rows[0]) };
    },
    async consume(code, usedBy, now) {
      const r = await db.query<InviteRow>(
        `UPDATE setup_invites SET used_at = $3, used_by = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $3 RETURNING ${COLS}`,
        [hashInviteCode(code), usedBy, now],
      );
      return r.rows[0] ? toInvite(r.rows[0]) : undefined;
    },
    async attachWorkspace(inviteId, workspaceId) {
      await db.query('UPDATE setup_invites SET workspace_id = $2 WHERE id = $1', [inviteId, workspaceId]);
    },
    async status(code, now) {
      const r = await db.query<InviteRow>(`SELECT ${COLS} FROM setup_invites WHERE code_hash = $1`, [hashInviteCode(code)]);
      const row = r.rows[0];
      if (!row) return 'unknown';
      if (row.used_at) return 'used';
      if (new Date(row.expires_at) <= now) return 'expired';
      return 'ok';
    },
    async list() {
      const r = await db.query<InviteRow>(`SELECT ${COLS} FROM setup_invites ORDER BY id DESC LIMIT 100`);
      return r.rows.map(toInvite);
    },
  };
}
