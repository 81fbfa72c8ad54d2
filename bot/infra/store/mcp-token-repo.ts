/**
 * MCP tokens (migration 9): each scopes an MCP client (Claude Desktop, any
 * MCP client) to one workspace. A token is `dlmcp_` + 32 random bytes
 * (base64url), shown once when created; only its sha256 is stored, so a
 * leaked table does not leak a usable token. Revoked tokens stay listed.
 */
import crypto from 'node:crypto';
import type { Queryable } from './db.ts';

export interface McpToken {
  id: number;
  workspaceId: number;
  name: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

interface TokenRow {
  id: number;
  workspace_id: number;
  name: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const toToken = (r: TokenRow): McpToken => ({
  id: Number(r.id),
  workspaceId: Number(r.workspace_id),
  name: r.name,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  lastUsedAt: r.last_used_at ? new Date(r.last_used_at) : null,
});

/** What every token starts with (so a scanner or a person can tell what it is). */
export const MCP_TOKEN_PREFIX = 'dlmcp_';
const TOKEN_SHAPE = /^dlmcp_[A-Za-z0-9_-]{43}$/;

/** A new token: 256 random bits. */
export function newMcpToken(): string {
  return `${MCP_TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

export const hashMcpToken = (token: string) => crypto.createHash('sha256').update(token.trim()).digest('hex');

export interface McpTokenRepo {
  /** Stores a new token's hash for a workspace; returns the token (the only time it is seen). */
  create(workspaceId: number, name: string, createdBy: string, now: Date): Promise<{ token: string; record: McpToken }>;
  /** The live token a presented secret is, marking its use; undefined when unknown, malformed or revoked. */
  verify(token: string, now: Date): Promise<McpToken | undefined>;
  /** Revokes a token of a workspace by id; false when there is no live one. */
  revoke(workspaceId: number, id: number, now: Date): Promise<boolean>;
  /** A workspace's tokens (live and revoked), newest first. */
  list(workspaceId: number): Promise<McpToken[]>;
}

const COLS = 'id, workspace_id, name, created_by, created_at, revoked_at, last_used_at';

export function createMcpTokenRepo(db: Queryable): McpTokenRepo {
  return {
    async create(workspaceId, name, createdBy, now) {
      const token = newMcpToken();
      const r = await db.query<TokenRow>(
        `INSERT INTO mcp_tokens (workspace_id, token_hash, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLS}`,
        [workspaceId, hashMcpToken(token), name, createdBy, now],
      );
      return { token, record: toToken(r.rows[0]) };
    },
    async verify(token, now) {
      if (typeof token !== 'string' || !TOKEN_SHAPE.test(token.trim())) return undefined;
      const r = await db.query<TokenRow>(`UPDATE mcp_tokens SET last_used_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING ${COLS}`, [hashMcpToken(token), now]);
      return r.rows[0] ? toToken(r.rows[0]) : undefined;
    },
    async revoke(workspaceId, id, now) {
      const r = await db.query('UPDATE mcp_tokens SET revoked_at = $3 WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL', [workspaceId, id, now]);
      return (r.rowCount ?? 0) > 0;
    },
    async list(workspaceId) {
      const r = await db.query<TokenRow>(`SELECT ${COLS} FROM mcp_tokens WHERE workspace_id = $1 ORDER BY id DESC`, [workspaceId]);
      return r.rows.map(toToken);
    },
  };
}
