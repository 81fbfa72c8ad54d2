/**
 * Members of a workspace, their roles, and the chat identities linked to
 * them. Every query is scoped by workspace id: a member id from another
 * workspace is simply not found.
 */
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { pgErrorCode, type Queryable } from './db.ts';
import type { Identity, Member, Role } from '../../contracts/workspace.ts';

interface MemberRow {
  id: number;
  workspace_id: number;
  display_name: string | null;
  role: Role;
  created_at: Date;
}
interface IdentityRow {
  workspace_id: number;
  platform: Platform;
  user_id: string;
  member_id: number;
  display_name: string | null;
}

const toIdentity = (r: IdentityRow): Identity => ({
  workspaceId: r.workspace_id,
  platform: r.platform,
  userId: r.user_id,
  memberId: r.member_id,
  displayName: r.display_name,
});

export interface ChatUser {
  platform: Platform;
  userId: string;
  displayName?: string | null;
}

export interface MemberRepo {
  get(workspaceId: number, memberId: number): Promise<Member | undefined>;
  /** The member a chat user is in this workspace, if any. */
  byIdentity(workspaceId: number, platform: Platform, userId: string): Promise<Member | undefined>;
  /** Members whose name or an identity's name matches (case-insensitive). */
  byName(workspaceId: number, name: string): Promise<Member[]>;
  list(workspaceId: number): Promise<Member[]>;
  /** Creates a member with one identity (run it in a transaction). The identity must be new in this workspace. */
  create(workspaceId: number, user: ChatUser, role: Role): Promise<Member>;
  setRole(workspaceId: number, memberId: number, role: Role): Promise<Member>;
  /** Removes the member and its identities. */
  remove(workspaceId: number, memberId: number): Promise<boolean>;
  /** Links another identity to a member; BAD_INPUT when that identity already belongs to a member. */
  link(workspaceId: number, memberId: number, user: ChatUser): Promise<Identity>;
  /** Keeps a member's and identity's display name current (no-op without a name). */
  touchName(workspaceId: number, user: ChatUser): Promise<void>;
  countAdmins(workspaceId: number): Promise<number>;
}

export function createMemberRepo(db: Queryable): MemberRepo {
  async function load(rows: MemberRow[]): Promise<Member[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const idents = await db.query<IdentityRow>(
      `SELECT workspace_id, platform, user_id, member_id, display_name FROM identities
       WHERE member_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::int) ORDER BY created_at, platform, user_id`,
      [JSON.stringify(ids)],
    );
    return rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      displayName: r.display_name,
      role: r.role,
      createdAt: new Date(r.created_at),
      identities: idents.rows.filter((i) => i.member_id === r.id).map(toIdentity),
    }));
  }

  async function get(workspaceId: number, memberId: number) {
    const r = await db.query<MemberRow>('SELECT id, workspace_id, display_name, role, created_at FROM members WHERE workspace_id = $1 AND id = $2', [workspaceId, memberId]);
    return (await load(r.rows))[0];
  }

  async function insertIdentity(workspaceId: number, memberId: number, user: ChatUser): Promise<Identity> {
    try {
      const r = await db.query<IdentityRow>(
        `INSERT INTO identities (workspace_id, platform, user_id, member_id, display_name) VALUES ($1, $2, $3, $4, $5)
         RETURNING workspace_id, platform, user_id, member_id, display_name`,
        [workspaceId, user.platform, user.userId, memberId, user.displayName ?? null],
      );
      return toIdentity(r.rows[0]);
    } catch (err) {
      if (pgErrorCode(err) === '23505') throw new DatalabsError('BAD_INPUT', `${user.platform}:${user.userId} is already a member of this workspace`);
      throw err;
    }
  }

  return {
    get,
    async byIdentity(workspaceId, platform, userId) {
      const r = await db.query<MemberRow>(
        `SELECT m.id, m.workspace_id, m.display_name, m.role, m.created_at FROM identities i JOIN members m ON m.id = i.member_id
         WHERE i.workspace_id = $1 AND m.workspace_id = $1 AND i.platform = $2 AND i.user_id = $3`,
        [workspaceId, platform, userId],
      );
      return (await load(r.rows))[0];
    },
    async byName(workspaceId, name) {
      const r = await db.query<MemberRow>(
        `SELECT DISTINCT m.id, m.workspace_id, m.display_name, m.role, m.created_at FROM members m
         LEFT JOIN identities i ON i.member_id = m.id
         WHERE m.workspace_id = $1 AND (lower(m.display_name) = lower($2) OR lower(i.display_name) = lower($2)) ORDER BY m.id`,
        [workspaceId, name],
      );
      return load(r.rows);
    },
    async list(workspaceId) {
      const r = await db.query<MemberRow>('SELECT id, workspace_id, display_name, role, created_at FROM members WHERE workspace_id = $1 ORDER BY id', [workspaceId]);
      return load(r.rows);
    },
    async create(workspaceId, user, role) {
      const taken = await db.query('SELECT 1 FROM identities WHERE workspace_id = $1 AND platform = $2 AND user_id = $3', [workspaceId, user.platform, user.userId]);
      if (taken.rows.length) throw new DatalabsError('BAD_INPUT', `${user.platform}:${user.userId} is already a member of this workspace`);
      const r = await db.query<{ id: number }>('INSERT INTO members (workspace_id, display_name, role) VALUES ($1, $2, $3) RETURNING id', [
        workspaceId,
        user.displayName ?? null,
        role,
      ]);
      const id = r.rows[0].id;
      await insertIdentity(workspaceId, id, user);
      return (await get(workspaceId, id))!;
    },
    async setRole(workspaceId, memberId, role) {
      const r = await db.query('UPDATE members SET role = $3 WHERE workspace_id = $1 AND id = $2', [workspaceId, memberId, role]);
      if (!r.rowCount) throw new DatalabsError('NOT_FOUND', `member #${memberId} is not in this workspace`);
      return (await get(workspaceId, memberId))!;
    },
    async remove(workspaceId, memberId) {
      const r = await db.query('DELETE FROM members WHERE workspace_id = $1 AND id = $2', [workspaceId, memberId]);
      return r.rowCount > 0;
    },
    async link(workspaceId, memberId, user) {
      const member = await get(workspaceId, memberId);
      if (!member) throw new DatalabsError('NOT_FOUND', `member #${memberId} is not in this workspace`);
      const existing = await db.query<IdentityRow>(
        'SELECT workspace_id, platform, user_id, member_id, display_name FROM identities WHERE workspace_id = $1 AND platform = $2 AND user_id = $3',
        [workspaceId, user.platform, user.userId],
      );
      const other = existing.rows[0];
      if (other && other.member_id === memberId) return toIdentity(other);
      if (other) throw new DatalabsError('BAD_INPUT', `${user.platform}:${user.userId} already belongs to member #${other.member_id}: revoke it first`);
      return insertIdentity(workspaceId, memberId, user);
    },
    async touchName(workspaceId, user) {
      if (!user.displayName) return;
      await db.query(
        `UPDATE identities SET display_name = $4 WHERE workspace_id = $1 AND platform = $2 AND user_id = $3 AND display_name IS DISTINCT FROM $4`,
        [workspaceId, user.platform, user.userId, user.displayName],
      );
      await db.query(
        `UPDATE members SET display_name = $4 WHERE display_name IS NULL AND id =
           (SELECT member_id FROM identities WHERE workspace_id = $1 AND platform = $2 AND user_id = $3)`,
        [workspaceId, user.platform, user.userId, user.displayName],
      );
    },
    async countAdmins(workspaceId) {
      const r = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM members WHERE workspace_id = $1 AND role = 'admin'", [workspaceId]);
      return r.rows[0].n;
    },
  };
}
