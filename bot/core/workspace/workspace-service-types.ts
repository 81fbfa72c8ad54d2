/**
 * The workspace service's contract (see create-workspace-service.ts for how
 * the core uses it): who is asking where with which role, what the core
 * records, and the service interface itself.
 */
import type { GuardPolicy } from '../../../agents/guard/index.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { ChatUser } from '../../infra/store/member-repo.ts';
import type { HistoryEntry, HistoryKind, HistoryOrigin, HistoryOutcome, Member, Role, SavedQuery, Workspace } from '../../contracts/workspace.ts';
import type { ChatMessage, ConversationRef, Reply } from '../../contracts/chat.ts';
import { isDatalabsError } from '../../contracts/errors.ts';
import type { AdminOps } from './admin-ops.ts';
import type { Permission } from './roles.ts';
import type { QueryTemplate } from './templates.ts';

/** Who is asking, where, and with which role. `role` null: a non-member of a members-only workspace. */
export interface WorkspaceContext {
  workspace: Workspace;
  member: Member | null;
  role: Role | null;
  user: ChatUser;
  conversation: ConversationRef;
}

/** A query the service asks the core to run (permission already checked). */
export interface RunRequest {
  kind: HistoryKind;
  /** The question, or the SQL when kind is 'sql'. */
  text: string;
  origin: Extract<HistoryOrigin, 'rerun' | 'saved' | 'template'>;
  /** `#12`, `saved revenue`, `template dau` — for the reply's headline or logs. */
  label: string;
}

export type RunQuery = (ctx: WorkspaceContext, request: RunRequest) => Promise<Reply>;

export interface CommandOptions {
  /** Runs a query through the answer pipeline; without it `/rerun` and `/run` are NOT_SUPPORTED. */
  run?: RunQuery;
}

/**
 * What happened to a statement, for the audit log: `ok`, `truncated` (ran, result cut
 * at the row limit), `failed` and `timeout` (reached the engine and failed), `rejected`
 * (refused by the guard: never reached the engine).
 */
export type AuditOutcome = 'ok' | 'failed' | 'timeout' | 'truncated' | 'rejected';

/** Who may create workspaces from chat (DATALABS_SETUP*). */
export interface SetupPolicy {
  /** invite: `/datalabs setup <code>` with a one-time code; open: anyone (demos). */
  mode: 'invite' | 'open';
  /** When set, setup is refused in every other Slack team / Discord guild / Telegram chat. */
  slackTeams?: readonly string[];
  discordGuilds?: readonly string[];
  telegramChats?: readonly string[];
}

/** One answered (or failed) question, as the core reports it. */
export interface QueryRecord {
  kind: HistoryKind;
  origin?: HistoryOrigin;
  /** The text as asked (for SQL: the SQL as sent). */
  question: string;
  /** The SQL that ran, when one was produced. */
  sql?: string | null;
  outcome: HistoryOutcome;
  errorCode?: string | null;
  errorMessage?: string | null;
  durationMs?: number | null;
  rowCount?: number | null;
  /**
   * Set when a statement was sent to the engine or refused by the guard: the audit
   * outcome, and `sql` is what was sent (or refused). Unset: nothing reached the
   * guard (not understood, forbidden) and only history records it.
   */
  audit?: AuditOutcome;
  /** A refusal after the guard had sent the text to the engine's parser (EXPLAIN AST). */
  explained?: boolean;
  /** Other statements the answer ran (freshness), audited with it. */
  alsoRan?: string[];
}

export interface WorkspaceServiceOptions {
  store: MetadataStore;
  logger: Logger;
  /** What a workspace created by `/datalabs setup` may read, and its model. */
  defaults?: { allowedDatabases?: string[]; allowedTables?: string[]; semanticModel?: string | null };
  /** Model assumed when a workspace names none (for templates). Default 'demo'. */
  defaultSemanticModel?: string;
  /** History kept for workspaces without their own setting; null/undefined keeps everything. */
  historyRetentionDays?: number | null;
  now?: () => Date;
  /** DATALABS_ALLOWED_DATABASES: the most any workspace can read (admins grant within it). */
  ceiling: readonly string[];
  /** Who may run /datalabs setup (default: invite only). The console is the operator and needs no code. */
  setup?: SetupPolicy;
}

export interface WorkspaceService {
  /** The workspace bound to this chat (channel binding first, then the team/chat/guild), or null when unbound. */
  resolve(conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null>;
  /**
   * This person in a given workspace (an answer's, not necessarily the chat's):
   * their member role there, else the workspace's default role when this chat is
   * bound to it, else no role. Null when the workspace is gone.
   */
  resolveIn(workspaceId: number, conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null>;
  /** The one-line how-to for a chat that is not bound to a workspace. */
  unboundReply(): Reply;
  /** Throws FORBIDDEN (one line) unless the context's role allows it. */
  authorize(ctx: WorkspaceContext, permission: Permission): void;
  /** The guard's allow-list for a workspace (cut down to the ceiling): spread into `createSqlGuard`'s policy. */
  guardPolicy(workspace: Workspace): Pick<GuardPolicy, 'allowedDatabases' | 'allowedTables'>;
  /** Handles a workspace command (and the Save button when its value is `h<history id>`); undefined: not ours. */
  handleCommand(message: ChatMessage, opts?: CommandOptions): Promise<Reply | undefined>;
  /** Appends one entry to the audit log (button presses, denials). */
  recordAction(workspaceId: number | null, actor: string, action: string, detail: Record<string, unknown>): Promise<void>;
  /** Appends to the query history and, for executed or refused SQL, to the audit log. */
  recordQuery(ctx: WorkspaceContext, record: QueryRecord): Promise<HistoryEntry>;
  /** Saves this user's latest successful query in this channel under `name`. */
  saveLast(ctx: WorkspaceContext, name: string, opts?: { replace?: boolean }): Promise<SavedQuery>;
  /** Creates a workspace bound to this chat with `user` as its admin (what `/datalabs setup` does). */
  setup(conversation: ConversationRef, user: ChatMessage['user'], name?: string, inviteCode?: string): Promise<WorkspaceContext>;
  /** resolve(), or setup() when unbound — for the console and the CLI. */
  ensureWorkspace(conversation: ConversationRef, user: ChatMessage['user'], name?: string): Promise<WorkspaceContext>;
  /** Lines to add to /help: the workspace, the role, commands the role may use, templates. */
  helpLines(ctx: WorkspaceContext | null): string[];
  templates(workspace: Workspace): readonly QueryTemplate[];
  /** Deletes history past retention; returns the number of entries removed. */
  purgeHistory(now?: Date): Promise<number>;
  readonly admin: AdminOps;
}

/** Maps a failure to a history outcome. */
export function outcomeOf(err: unknown): HistoryOutcome {
  if (isDatalabsError(err) && err.code === 'SQL_REJECTED') return 'rejected';
  if (isDatalabsError(err) && err.code === 'FORBIDDEN') return 'forbidden';
  return 'error';
}

/** Maps a failure that reached the guard or the engine to its audit outcome. */
export function auditOutcomeOf(err: unknown): AuditOutcome {
  if (isDatalabsError(err) && err.code === 'WAREHOUSE_TIMEOUT') return 'timeout';
  return 'failed';
}

