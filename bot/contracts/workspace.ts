/** Records of the metadata store, as the repositories return them. */
import type { Platform } from './chat.ts';

export type Role = 'admin' | 'analyst' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'viewer'];
export const PLATFORMS: readonly Platform[] = ['console', 'slack', 'telegram', 'discord'];

/** A workspace's own ClickHouse; null in `Workspace.clickhouse` means the process default. */
export interface ClickHouseConnectionSettings {
  url: string;
  user?: string;
  password?: string;
  database?: string;
  /**
   * Set when a stored password cannot be used (encrypted but DATALABS_SECRET_KEY
   * unset or wrong, or a clear-text password from before encryption with no key
   * to encrypt it): the one-line reason. The pipeline refuses to connect.
   */
  passwordError?: string;
}

export interface Workspace {
  id: number;
  name: string;
  clickhouse: ClickHouseConnectionSettings | null;
  /** Databases read in full. */
  allowedDatabases: string[];
  /** Single tables, `database.table`. */
  allowedTables: string[];
  /** Semantic model name; null = the default model. */
  semanticModel: string | null;
  /** Role of non-members in a bound chat; null = members only. */
  defaultRole: Exclude<Role, 'admin'> | null;
  /** Days of query history kept; null = the process default. */
  historyRetentionDays: number | null;
  /** IANA time zone of scheduled reports without their own (`Europe/Berlin`); null = UTC. */
  timezone: string | null;
  createdAt: Date;
}

export interface ChatBinding {
  platform: Platform;
  workspaceKey: string;
  /** '' = every channel of the team / chat / guild. */
  channelId: string;
  workspaceId: number;
  createdAt: Date;
}

export interface Identity {
  workspaceId: number;
  platform: Platform;
  userId: string;
  memberId: number;
  displayName: string | null;
}

export interface Member {
  id: number;
  workspaceId: number;
  displayName: string | null;
  role: Role;
  identities: Identity[];
  createdAt: Date;
}

export type HistoryKind = 'question' | 'sql';
export type HistoryOrigin = 'chat' | 'rerun' | 'saved' | 'template' | 'alert';
export type HistoryOutcome = 'ok' | 'error' | 'rejected' | 'forbidden';

export interface HistoryEntry {
  id: number;
  workspaceId: number;
  memberId: number | null;
  platform: Platform;
  workspaceKey: string;
  channelId: string;
  threadId: string | null;
  userId: string;
  userName: string | null;
  /** A question in words, or SQL. */
  kind: HistoryKind;
  origin: HistoryOrigin;
  /** The question as asked (or the SQL text for `/sql`). */
  question: string;
  /** The SQL that ran (after the guard), when one was produced. */
  sql: string | null;
  outcome: HistoryOutcome;
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number | null;
  rowCount: number | null;
  createdAt: Date;
}

export interface SavedQuery {
  id: number;
  workspaceId: number;
  name: string;
  /** 'question' re-asks `question` (fresh dates); 'sql' runs `sql` through the guard. */
  kind: 'question' | 'sql';
  question: string;
  sql: string | null;
  createdBy: number | null;
  createdByUser: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface AuditEntry {
  id: number;
  workspaceId: number | null;
  /** `platform:userId`, `cli:<os user>` or `system`. */
  actor: string;
  /** Dotted verb: `sql.execute`, `workspace.create`, `member.grant` … */
  action: string;
  detail: Record<string, unknown>;
  createdAt: Date;
}

/** Saved-query names: lower case letters, digits, `_ . -`, up to 64 characters. */
export const SAVED_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** Invite codes: `dl-` and 26 base32 characters (130 bits), grouped for reading aloud. */
export const INVITE_CODE = /^dl-[a-z2-7]{6}(-[a-z2-7]{5}){4}$/i;
