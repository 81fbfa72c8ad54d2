/**
 * The workspace layer of the chat core. It answers three questions for every
 * message — which workspace is this chat bound to, who is this person there,
 * and may they do this — and owns the workspace commands: `/datalabs setup`,
 * `/datalabs admin …`, `/history`, `/rerun`, `/save`, `/saved`, `/unsave`, `/run`.
 *
 * How the core uses it (bot/core/conversation/create-chat-core.ts):
 *
 * ```ts
 * const reply = await workspaces.handleCommand(message, { run });   // undefined: not ours
 * if (reply) return reply;
 * const ctx = await workspaces.resolve(message.conversation, message.user);
 * if (!ctx) return workspaces.unboundReply();                          // one-line how-to
 * workspaces.authorize(ctx, message.kind === 'sql' ? 'sql' : 'ask');   // FORBIDDEN otherwise
 * const guard = createSqlGuard(reader, { ...limits, ...workspaces.guardPolicy(ctx.workspace) });
 * … answer …
 * await workspaces.recordQuery(ctx, { kind, question, sql, outcome, durationMs, rowCount });
 * ```
 *
 * `run` is how `/rerun`, `/run` and the Save-and-run paths execute a query:
 * the service has already checked the permission, the core answers
 * `request.text` (a question, or SQL when `request.kind === 'sql'`) through the
 * workspace's guard, records it with `origin: request.origin`, and returns the
 * Reply. Errors are thrown as DatalabsError (BAD_INPUT with the usage,
 * FORBIDDEN, NOT_FOUND) with one-line messages; the core renders them.
 */
import type { GuardPolicy } from '../../../agents/guard/index.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { ChatUser } from '../../infra/store/member-repo.ts';
import type { HistoryEntry, HistoryKind, HistoryOrigin, HistoryOutcome, Member, Role, SavedQuery, Workspace } from '../../contracts/workspace.ts';
import type { ChatMessage, ConversationRef, Reply } from '../../contracts/chat.ts';
import { DatalabsError, isDatalabsError, oneLine } from '../../contracts/errors.ts';
import { createAdminOps, identityLabel, type AdminOps, type BindingKey } from './admin-ops.ts';
import { intersectWithCeiling } from './ceiling.ts';
import { describeAllowList, formatAudit, formatHistory, formatMember, formatSaved, slugName } from './format.ts';
import { parseWorkspaceCommand, USAGE, type AdminCommand, type UserRef } from './parse-command.ts';
import { can, requirePermission, type Permission } from './roles.ts';
import { templatesFor, type QueryTemplate } from './templates.ts';

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

const UNBOUND_TEXT =
  'This chat is not set up for datalabs yet: run /datalabs setup <code> [name] with a one-time code from the operator (datalabs workspace invite) to create a workspace (you become its admin), or have an admin run /datalabs admin bind <workspace> here.';

const UNBOUND_OPEN_TEXT =
  'This chat is not set up for datalabs yet: run /datalabs setup [name] to create a workspace (you become its admin), or have an admin run /datalabs admin bind <workspace> here.';

const NEEDS_CODE =
  'Setting up a workspace needs a one-time code: ask the operator to run `datalabs workspace invite`, then send /datalabs setup <code> [name].';

/** Maps a failure that reached the guard or the engine to its audit outcome. */
export function auditOutcomeOf(err: unknown): AuditOutcome {
  if (isDatalabsError(err) && err.code === 'WAREHOUSE_TIMEOUT') return 'timeout';
  return 'failed';
}

export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const { store, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const admin = createAdminOps(store, { ceiling: opts.ceiling });
  const policy: SetupPolicy = opts.setup ?? { mode: 'invite' };
  const chatUser = (conversation: ConversationRef, user: ChatMessage['user']): ChatUser => ({ platform: conversation.platform, userId: user.id, displayName: user.name ?? null });
  const actorOf = (u: ChatUser) => identityLabel(u);

  async function resolve(conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null> {
    const binding = await store.workspaces.lookupBinding(conversation.platform, conversation.workspaceKey, conversation.channelId);
    if (!binding) return null;
    const workspace = await store.workspaces.get(binding.workspaceId);
    if (!workspace) return null;
    const u = chatUser(conversation, user);
    const member = (await store.members.byIdentity(workspace.id, u.platform, u.userId)) ?? null;
    if (member && u.displayName) await store.members.touchName(workspace.id, u);
    return { workspace, member, role: member?.role ?? workspace.defaultRole, user: u, conversation };
  }

  async function resolveIn(workspaceId: number, conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null> {
    const workspace = await store.workspaces.get(workspaceId);
    if (!workspace) return null;
    const u = chatUser(conversation, user);
    const member = (await store.members.byIdentity(workspace.id, u.platform, u.userId)) ?? null;
    let role: Role | null = member?.role ?? null;
    if (!member) {
      const binding = await store.workspaces.lookupBinding(conversation.platform, conversation.workspaceKey, conversation.channelId);
      role = binding?.workspaceId === workspace.id ? workspace.defaultRole : null;
    }
    return { workspace, member, role, user: u, conversation };
  }

  /** Throws FORBIDDEN (one line, audited) unless this chat may create a workspace under the setup policy. */
  async function checkSetupAllowed(conversation: ConversationRef, user: ChatUser, code: string | undefined): Promise<void> {
    const deny = async (reason: string, text: string): Promise<never> => {
      await store.audit.append({ workspaceId: null, actor: actorOf(user), action: 'setup.denied', detail: { reason, platform: conversation.platform, workspaceKey: conversation.workspaceKey } });
      throw new DatalabsError('FORBIDDEN', text);
    };
    if (conversation.platform === 'console') return; // the local operator's terminal
    const lists: Record<string, [readonly string[] | undefined, string, string]> = {
      slack: [policy.slackTeams, 'Slack team', 'DATALABS_SETUP_SLACK_TEAMS'],
      discord: [policy.discordGuilds, 'Discord server', 'DATALABS_SETUP_DISCORD_GUILDS'],
      telegram: [policy.telegramChats, 'Telegram chat', 'DATALABS_SETUP_TELEGRAM_CHATS'],
    };
    const [list, what, variable] = lists[conversation.platform] ?? [undefined, 'chat', ''];
    if (list && !list.includes(conversation.workspaceKey)) {
      await deny('not-listed', `This ${what} may not create workspaces on this server (${variable}): ask the operator to add it, or to bind this chat to a workspace.`);
    }
    // Discord DMs (one shared key) and events without a team id cannot own a workspace.
    if ((conversation.platform === 'discord' && conversation.workspaceKey === 'dm') || conversation.workspaceKey === 'unknown' || !conversation.workspaceKey) {
      await deny('no-team', 'Workspaces are set up in a server, team or group chat, not here: run /datalabs setup there.');
    }
    if (policy.mode === 'open') return;
    if (!code) await deny('no-code', NEEDS_CODE);
    // Codes expire on the wall clock (never the fixed "now" used for relative dates in answers).
    const status = await store.invites.status(code!, new Date());
    if (status !== 'ok') {
      await deny(`code-${status}`, `That setup code is ${status === 'unknown' ? 'not valid' : status === 'used' ? 'already used' : 'expired'}: ask the operator for a new one (datalabs workspace invite), then send /datalabs setup <code> [name].`);
    }
  }

  async function setup(conversation: ConversationRef, user: ChatMessage['user'], name?: string, invite?: string): Promise<WorkspaceContext> {
    const existing = await store.workspaces.lookupBinding(conversation.platform, conversation.workspaceKey, conversation.channelId);
    if (existing) {
      const ws = await store.workspaces.get(existing.workspaceId);
      throw new DatalabsError('BAD_INPUT', `this chat already belongs to workspace "${ws?.name}" (#${existing.workspaceId}); an admin can move it with /datalabs admin bind <workspace>`);
    }
    const u = chatUser(conversation, user);
    let wsName = name ?? `${conversation.platform} ${conversation.workspaceKey}`.slice(0, 70);
    if (!name) for (let i = 2; await store.workspaces.find(wsName); i++) wsName = `${conversation.platform} ${conversation.workspaceKey}`.slice(0, 70) + ` ${i}`;
    await admin.createWorkspace(
      {
        name: wsName,
        allowedDatabases: opts.defaults?.allowedDatabases ?? [],
        allowedTables: opts.defaults?.allowedTables ?? [],
        semanticModel: opts.defaults?.semanticModel ?? null,
        admin: u,
        binding: { platform: conversation.platform, workspaceKey: conversation.workspaceKey, channelId: '' },
        ...(invite ? { invite: { code: invite, now: new Date() } } : {}),
      },
      actorOf(u),
    );
    logger.info({ workspace: wsName, by: actorOf(u) }, 'workspace set up');
    return (await resolve(conversation, user))!;
  }

  function authorize(ctx: WorkspaceContext, permission: Permission): void {
    requirePermission(ctx.role, permission);
  }

  async function recordQuery(ctx: WorkspaceContext, r: QueryRecord): Promise<HistoryEntry> {
    return store.transaction(async (repos) => {
      const entry = await repos.history.add({
        workspaceId: ctx.workspace.id,
        memberId: ctx.member?.id ?? null,
        platform: ctx.conversation.platform,
        workspaceKey: ctx.conversation.workspaceKey,
        channelId: ctx.conversation.channelId,
        threadId: ctx.conversation.threadId ?? null,
        userId: ctx.user.userId,
        userName: ctx.user.displayName ?? null,
        kind: r.kind,
        origin: r.origin ?? 'chat',
        question: r.question,
        sql: r.sql ?? null,
        outcome: r.outcome,
        errorCode: r.errorCode ?? null,
        errorMessage: r.errorMessage ?? null,
        durationMs: r.durationMs ?? null,
        rowCount: r.rowCount ?? null,
      });
      if (r.audit) {
        await repos.audit.append({
          workspaceId: ctx.workspace.id,
          actor: actorOf(ctx.user),
          action: r.audit === 'rejected' ? 'sql.rejected' : 'sql.execute',
          detail: {
            history: entry.id,
            sql: r.sql ?? r.question,
            outcome: r.audit,
            origin: r.origin ?? 'chat',
            user: actorOf(ctx.user),
            ...(r.errorCode ? { errorCode: r.errorCode } : {}),
            ...(r.rowCount != null ? { rows: r.rowCount } : {}),
            ...(r.durationMs != null ? { ms: r.durationMs } : {}),
            ...(r.explained ? { explained: true } : {}),
            ...(r.alsoRan?.length ? { alsoRan: r.alsoRan } : {}),
          },
        });
      }
      return entry;
    });
  }

  async function uniqueSavedName(ws: Workspace, base: string): Promise<string> {
    for (let i = 1; i < 100; i++) {
      const name = i === 1 ? base : `${base.slice(0, 40)}-${i}`;
      if (!(await store.saved.get(ws.id, name))) return name;
    }
    throw new DatalabsError('BAD_INPUT', `too many saved queries named ${base}-…: pick a name with /save <name>`);
  }

  async function saveEntry(ctx: WorkspaceContext, entry: HistoryEntry, name: string, replace: boolean): Promise<SavedQuery> {
    return store.transaction(async (repos) => {
      const saved = await repos.saved.save(
        {
          workspaceId: ctx.workspace.id,
          name,
          kind: entry.kind,
          question: entry.question,
          sql: entry.sql,
          createdBy: ctx.member?.id ?? null,
          createdByUser: actorOf(ctx.user),
        },
        { replace },
      );
      await repos.audit.append({ workspaceId: ctx.workspace.id, actor: actorOf(ctx.user), action: 'saved.create', detail: { name, history: entry.id, replace } });
      return saved;
    });
  }

  async function saveLast(ctx: WorkspaceContext, name: string, o: { replace?: boolean } = {}): Promise<SavedQuery> {
    authorize(ctx, 'save');
    const [last] = await store.history.latest(ctx.workspace.id, { userId: ctx.user.userId, platform: ctx.user.platform, channelId: ctx.conversation.channelId, outcome: 'ok', limit: 1 });
    if (!last) throw new DatalabsError('NOT_FOUND', 'nothing to save yet: ask a question here first, then /save <name>');
    return saveEntry(ctx, last, name, o.replace ?? false);
  }

  function templates(ws: Workspace) {
    return templatesFor(ws.semanticModel ?? opts.defaultSemanticModel ?? 'demo');
  }

  /** The member a reference names; `forGrant` returns a new chat user when unknown. */
  async function memberTarget(ctx: WorkspaceContext, ref: UserRef, forGrant: boolean): Promise<ChatUser | { memberId: number }> {
    if (ref.kind === 'member') return { memberId: ref.memberId };
    if (ref.kind === 'name') {
      const found = await store.members.byName(ctx.workspace.id, ref.name);
      if (found.length === 1) return { memberId: found[0].id };
      if (found.length > 1) throw new DatalabsError('BAD_INPUT', `@${ref.name} matches members ${found.map((m) => `#${m.id}`).join(', ')}: use the #number`);
      throw new DatalabsError('NOT_FOUND', `no member called @${ref.name} here: use their user id, an @mention or platform:id`);
    }
    const user: ChatUser = { platform: ref.platform ?? ctx.conversation.platform, userId: ref.userId };
    if (forGrant) return user;
    const m = await store.members.byIdentity(ctx.workspace.id, user.platform, user.userId);
    if (!m) throw new DatalabsError('NOT_FOUND', `${identityLabel(user)} is not a member of this workspace`);
    return { memberId: m.id };
  }

  async function requireAdmin(ctx: WorkspaceContext, what: string): Promise<void> {
    if (can(ctx.role, 'admin')) return;
    await store.audit.append({ workspaceId: ctx.workspace.id, actor: actorOf(ctx.user), action: 'admin.denied', detail: { command: what, role: ctx.role } });
    requirePermission(ctx.role, 'admin');
  }

  async function bindCommand(ctx: WorkspaceContext | null, conversation: ConversationRef, user: ChatUser, cmd: Extract<AdminCommand, { op: 'bind' }>): Promise<Reply> {
    const target = await store.workspaces.find(cmd.workspace);
    if (!target) throw new DatalabsError('NOT_FOUND', `no workspace "${cmd.workspace.slice(0, 40)}"`);
    if (ctx) await requireAdmin(ctx, 'bind');
    const asMember = await store.members.byIdentity(target.id, user.platform, user.userId);
    if (asMember?.role !== 'admin') {
      if (ctx) await store.audit.append({ workspaceId: target.id, actor: actorOf(user), action: 'admin.denied', detail: { command: 'bind' } });
      throw new DatalabsError('FORBIDDEN', `only admins of workspace "${target.name}" can bind chats to it`);
    }
    // Discord DMs share one key ('dm') and events without a team id say 'unknown': binding those would hand
    // the workspace to every such chat, so only a channel of them may be bound.
    if (cmd.scope === 'chat' && ((conversation.platform === 'discord' && conversation.workspaceKey === 'dm') || conversation.workspaceKey === 'unknown' || !conversation.workspaceKey)) {
      throw new DatalabsError('BAD_INPUT', 'this chat has no team of its own: bind just this channel with /datalabs admin bind channel <workspace>');
    }
    const key: BindingKey = { platform: conversation.platform, workspaceKey: conversation.workspaceKey, channelId: cmd.scope === 'channel' ? conversation.channelId : '' };
    await admin.bind(target, key, actorOf(user));
    return { text: `${cmd.scope === 'channel' ? 'This channel' : 'This chat'} is now bound to workspace "${target.name}" (#${target.id}); it reads ${describeAllowList(target)}.` };
  }

  async function adminCommand(ctx: WorkspaceContext, cmd: AdminCommand): Promise<Reply> {
    await requireAdmin(ctx, cmd.op);
    const ws = ctx.workspace;
    const actor = actorOf(ctx.user);
    switch (cmd.op) {
      case 'bind':
        throw new DatalabsError('INTERNAL', 'bind is handled before');
      case 'unbind': {
        const key: BindingKey = { platform: ctx.conversation.platform, workspaceKey: ctx.conversation.workspaceKey, channelId: cmd.scope === 'channel' ? ctx.conversation.channelId : '' };
        if (!(await admin.unbind(ws, key, actor))) throw new DatalabsError('NOT_FOUND', `this ${cmd.scope} has no binding of its own to "${ws.name}"${cmd.scope === 'chat' ? ' (try /datalabs admin unbind channel)' : ''}`);
        return { text: `Unbound this ${cmd.scope} from workspace "${ws.name}".` };
      }
      case 'grant': {
        const target = await memberTarget(ctx, cmd.user, true);
        const { member, created, previous } = await admin.grant(ws, target, cmd.role, actor);
        return { text: created ? `Added ${formatMember(member)}.` : previous === cmd.role ? `${formatMember(member)}: unchanged.` : `${formatMember(member)} (was ${previous}).` };
      }
      case 'revoke': {
        const target = (await memberTarget(ctx, cmd.user, false)) as { memberId: number };
        const m = await admin.revoke(ws, target.memberId, actor);
        return { text: `Removed member #${m.id} (${m.role}) from "${ws.name}".` };
      }
      case 'allow':
      case 'disallow': {
        const changed = cmd.op === 'allow' ? await admin.allow(ws, cmd.target, actor) : await admin.disallow(ws, cmd.target, actor);
        const fresh = (await store.workspaces.get(ws.id))!;
        const state = cmd.op === 'allow' ? (changed ? 'now allowed' : 'already allowed') : changed ? 'no longer allowed' : 'was not on the list';
        return { text: `${cmd.target}: ${state}. "${ws.name}" reads ${describeAllowList(fresh)}.` };
      }
      case 'link': {
        let memberId: number;
        if (cmd.member) memberId = ((await memberTarget(ctx, cmd.member, false)) as { memberId: number }).memberId;
        else if (ctx.member) memberId = ctx.member.id;
        else throw new DatalabsError('BAD_INPUT', `you are not a member yourself: name one; usage: ${USAGE.link}`);
        const m = await admin.link(ws, memberId, { platform: cmd.platform, userId: cmd.userId }, actor);
        return { text: `Linked ${cmd.platform}:${cmd.userId} to ${formatMember(m)}.` };
      }
      case 'members': {
        const members = await store.members.list(ws.id);
        const dflt = ws.defaultRole ? `others in bound chats: ${ws.defaultRole}` : 'members only';
        return { text: `Members of "${ws.name}" (${dflt}):\n${members.map(formatMember).join('\n')}` };
      }
      case 'audit':
        return { text: formatAudit(await store.audit.latest(ws.id, { limit: cmd.limit })) };
      case 'retention': {
        await admin.setRetention(ws, cmd.days, actor);
        return { text: cmd.days === null ? `History of "${ws.name}" now follows the server default${opts.historyRetentionDays ? ` (${opts.historyRetentionDays} days)` : ' (kept)'}.` : `History of "${ws.name}" is kept for ${cmd.days} days.` };
      }
      case 'default-role': {
        await admin.setDefaultRole(ws, cmd.role, actor);
        return { text: cmd.role ? `People in bound chats who are not members act as ${cmd.role}s.` : `Only members may use "${ws.name}" now.` };
      }
    }
  }

  async function run(ctx: WorkspaceContext, o: CommandOptions, request: RunRequest): Promise<Reply> {
    if (!o.run) throw new DatalabsError('NOT_SUPPORTED', 'running queries from commands is not available here');
    return o.run(ctx, request);
  }

  async function handleCommand(message: ChatMessage, o: CommandOptions = {}): Promise<Reply | undefined> {
    if (message.kind === 'action') {
      const m = message.action?.id === 'save' ? /^h(\d{1,15})$/.exec(message.action.value) : null;
      if (!m) return undefined;
      const ctx = await resolve(message.conversation, message.user);
      if (!ctx) return unboundReply();
      authorize(ctx, 'save');
      const entry = await store.history.get(ctx.workspace.id, Number(m[1]));
      if (!entry) throw new DatalabsError('NOT_FOUND', 'that answer is not in this workspace\'s history any more');
      const saved = await saveEntry(ctx, entry, await uniqueSavedName(ctx.workspace, slugName(entry.question)), false);
      return { text: `Saved as "${saved.name}": run it with /run ${saved.name}.` };
    }
    if (message.kind !== 'command' || !message.command) return undefined;
    const cmd = parseWorkspaceCommand(message.command, message.text);
    if (!cmd) return undefined;
    const conversation = message.conversation;
    const ctx = await resolve(conversation, message.user);
    if (cmd.kind === 'usage') return { text: [`Usage: ${USAGE.datalabs}`, ...helpLines(ctx)].join('\n') };
    if (cmd.kind === 'setup') {
      const who = chatUser(conversation, message.user);
      const existing = await store.workspaces.lookupBinding(conversation.platform, conversation.workspaceKey, conversation.channelId);
      if (!existing) await checkSetupAllowed(conversation, who, cmd.code);
      const made = await setup(conversation, message.user, cmd.name, policy.mode === 'invite' && conversation.platform !== 'console' ? cmd.code : undefined);
      const ws = made.workspace;
      return { text: `Workspace "${ws.name}" (#${ws.id}) is set up for this chat and you are its admin. It reads ${describeAllowList(ws)}. Invite people with /datalabs admin grant <user> analyst.` };
    }
    if (cmd.kind === 'admin' && cmd.command.op === 'bind') return bindCommand(ctx, conversation, chatUser(conversation, message.user), cmd.command);
    if (!ctx) return unboundReply();
    switch (cmd.kind) {
      case 'admin':
        return adminCommand(ctx, cmd.command);
      case 'whoami': {
        const who = ctx.member ? `${ctx.role} (${formatMember(ctx.member)})` : ctx.role ? `${ctx.role} (not a member: the workspace default)` : 'not a member';
        return { text: `Workspace "${ctx.workspace.name}" (#${ctx.workspace.id}) · you are ${who} · reads ${describeAllowList(ctx.workspace)}` };
      }
      case 'history': {
        authorize(ctx, 'history');
        const all = can(ctx.role, 'history.all');
        const entries = await store.history.latest(ctx.workspace.id, { limit: cmd.limit, ...(all ? {} : { userId: ctx.user.userId, platform: ctx.user.platform }) });
        return { text: `${all ? 'Latest queries' : 'Your latest queries'} in "${ctx.workspace.name}" (re-run with /rerun <id>):\n${formatHistory(entries)}` };
      }
      case 'rerun': {
        authorize(ctx, 'rerun');
        const entry = await store.history.get(ctx.workspace.id, cmd.id);
        const visible = entry && (can(ctx.role, 'history.all') || (entry.userId === ctx.user.userId && entry.platform === ctx.user.platform));
        if (!entry || !visible) throw new DatalabsError('NOT_FOUND', `no history entry #${cmd.id} in this workspace: see /history`);
        if (entry.kind === 'sql' && entry.origin !== 'saved') authorize(ctx, 'sql');
        return run(ctx, o, { kind: entry.kind, text: entry.question, origin: 'rerun', label: `#${entry.id}` });
      }
      case 'save': {
        const saved = await saveLast(ctx, cmd.name, { replace: cmd.replace });
        return { text: `Saved as "${saved.name}": run it with /run ${saved.name}.` };
      }
      case 'saved':
        authorize(ctx, 'run');
        return { text: formatSaved(await store.saved.list(ctx.workspace.id), templates(ctx.workspace)) };
      case 'unsave': {
        authorize(ctx, 'save');
        const removed = await store.transaction(async (repos) => {
          const ok = await repos.saved.remove(ctx.workspace.id, cmd.name);
          if (ok) await repos.audit.append({ workspaceId: ctx.workspace.id, actor: actorOf(ctx.user), action: 'saved.remove', detail: { name: cmd.name } });
          return ok;
        });
        if (!removed) throw new DatalabsError('NOT_FOUND', `no saved query named "${cmd.name}": see /saved`);
        return { text: `Deleted saved query "${cmd.name}".` };
      }
      case 'run': {
        authorize(ctx, 'run');
        const saved = await store.saved.get(ctx.workspace.id, cmd.name);
        if (saved) return run(ctx, o, { kind: saved.kind, text: saved.kind === 'sql' ? (saved.sql ?? saved.question) : saved.question, origin: 'saved', label: `saved ${saved.name}` });
        const template = templates(ctx.workspace).find((t) => t.name === cmd.name);
        if (template) return run(ctx, o, { kind: 'question', text: template.question, origin: 'template', label: `template ${template.name}` });
        throw new DatalabsError('NOT_FOUND', `no saved query or template named "${cmd.name}": see /saved`);
      }
    }
  }

  const unboundText = () => (policy.mode === 'open' ? UNBOUND_OPEN_TEXT : UNBOUND_TEXT);

  function unboundReply(): Reply {
    return { text: unboundText() };
  }

  function helpLines(ctx: WorkspaceContext | null): string[] {
    if (!ctx) return [unboundText()];
    const lines = [`Workspace "${ctx.workspace.name}" · you are ${ctx.role ?? 'not a member'} · reads ${describeAllowList(ctx.workspace)}.`];
    const t = templates(ctx.workspace);
    if (t.length && can(ctx.role, 'run')) lines.push(`Ready-made: ${t.map((x) => `/run ${x.name} (${x.title})`).join(', ')}.`);
    if (can(ctx.role, 'run')) lines.push('Your saved queries: /saved, /run <name> · your history: /history, /rerun <id>.');
    if (can(ctx.role, 'save')) lines.push('Save the last answer with /save <name>.');
    if (can(ctx.role, 'admin')) lines.push(`Admin: ${USAGE.admin}`);
    return lines;
  }

  return {
    resolve,
    unboundReply,
    authorize,
    guardPolicy: (ws) => intersectWithCeiling(ws, opts.ceiling),
    resolveIn,
    async handleCommand(message, o) {
      try {
        return await handleCommand(message, o);
      } catch (err) {
        if (!isDatalabsError(err)) logger.error({ err, messageId: message.id }, 'workspace command failed');
        else logger.info({ code: err.code, messageId: message.id }, oneLine(err));
        throw err;
      }
    },
    recordQuery,
    async recordAction(workspaceId, actor, action, detail) {
      await store.audit.append({ workspaceId, actor, action, detail });
    },
    saveLast,
    setup,
    async ensureWorkspace(conversation, user, name) {
      return (await resolve(conversation, user)) ?? setup(conversation, user, name);
    },
    helpLines,
    templates,
    purgeHistory: (at) => store.history.purge({ now: at ?? now(), defaultRetentionDays: opts.historyRetentionDays ?? null }),
    admin,
  };
}
