/**
 * The web console's logins and sessions in the metadata store (migration 12,
 * tables `web_logins` and `web_sessions`): the WebSessionStore of
 * bot/core/web/sessions.ts. Redeeming a login marks it used and creates the
 * session in one transaction, so a replayed link never starts a second one.
 */
import type { Db } from '../../infra/store/db.ts';
import type { StoredLogin, WebSession, WebSessionStore } from '../../core/web/index.ts';
import type { ConversationRef, Platform } from '../../contracts/chat.ts';
import type { Role } from '../../contracts/workspace.ts';

interface LoginRow {
  workspace_id: number;
  platform: Platform;
  user_id: string;
  user_name: string | null;
  conversation: ConversationRef | string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

interface SessionRow {
  workspace_id: number;
  platform: Platform;
  user_id: string;
  user_name: string | null;
  role: Role;
  conversation: ConversationRef | string;
  csrf_token: string;
  created_at: Date;
  expires_at: Date;
}

const parseJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** How long used and expired logins, and ended or expired sessions, stay before they are deleted. */
const KEEP_MS = 86_400_000;

export function createWebSessionRepo(db: Db): WebSessionStore {
  return {
    async addLogin(keyHash, l) {
      await db.query(
        `INSERT INTO web_logins (key_hash, workspace_id, platform, user_id, user_name, conversation, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
        [keyHash, l.workspaceId, l.user.platform, l.user.userId, l.user.name?.slice(0, 200) ?? null, JSON.stringify(l.conversation), l.createdAt, l.expiresAt],
      );
    },
    async getLogin(keyHash) {
      const r = await db.query<LoginRow>('SELECT workspace_id, platform, user_id, user_name, conversation, created_at, expires_at, used_at FROM web_logins WHERE key_hash = $1', [keyHash]);
      const row = r.rows[0];
      if (!row) return undefined;
      const login: StoredLogin = {
        workspaceId: Number(row.workspace_id),
        user: { platform: row.platform, userId: row.user_id, name: row.user_name },
        conversation: parseJson(row.conversation),
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
        usedAt: row.used_at ? new Date(row.used_at) : null,
      };
      return login;
    },
    async redeemLogin(keyHash, now, s) {
      return db.transaction(async (tx) => {
        const used = await tx.query('UPDATE web_logins SET used_at = $2 WHERE key_hash = $1 AND used_at IS NULL AND expires_at > $2', [keyHash, now]);
        if (used.rowCount !== 1) return false;
        await tx.query(
          `INSERT INTO web_sessions (token_hash, workspace_id, platform, user_id, user_name, role, conversation, csrf_token, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10)`,
          [s.tokenHash, s.workspaceId, s.user.platform, s.user.userId, s.user.name?.slice(0, 200) ?? null, s.role, JSON.stringify(s.conversation), s.csrfToken, s.createdAt, s.expiresAt],
        );
        // Housekeeping: what can no longer be used goes after a day.
        const before = new Date(now.getTime() - KEEP_MS);
        await tx.query('DELETE FROM web_logins WHERE expires_at < $1', [before]);
        await tx.query('DELETE FROM web_sessions WHERE expires_at < $1 OR ended_at < $1', [before]);
        return true;
      });
    },
    async getSession(tokenHash, now) {
      const r = await db.query<SessionRow>(
        `SELECT workspace_id, platform, user_id, user_name, role, conversation, csrf_token, created_at, expires_at FROM web_sessions
         WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2`,
        [tokenHash, now],
      );
      const row = r.rows[0];
      if (!row) return undefined;
      const session: WebSession = {
        workspaceId: Number(row.workspace_id),
        user: { platform: row.platform, userId: row.user_id, name: row.user_name },
        conversation: parseJson(row.conversation),
        role: row.role,
        csrfToken: row.csrf_token,
        createdAt: new Date(row.created_at),
        expiresAt: new Date(row.expires_at),
      };
      return session;
    },
    async endSession(tokenHash, now) {
      const r = await db.query('UPDATE web_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [tokenHash, now]);
      return r.rowCount > 0;
    },
  };
}
