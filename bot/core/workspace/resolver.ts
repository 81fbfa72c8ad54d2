/**
 * Which workspace a chat is bound to, who the person is there and with which
 * role — and creating a workspace from chat (`/datalabs setup`) under the
 * operator's setup policy.
 */
import type { ChatMessage, ConversationRef, Reply } from '../../contracts/chat.ts';
import type { Role } from '../../contracts/workspace.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { ChatUser } from '../../infra/store/member-repo.ts';
import { identityLabel, type AdminOps } from './admin-ops.ts';
import type { SetupPolicy, WorkspaceContext, WorkspaceServiceOptions } from './workspace-service-types.ts';

const UNBOUND_TEXT =
  'This chat is not set up for datalabs yet: run /datalabs setup <code> [name] with a one-time code from the operator (datalabs workspace invite) to create a workspace (you become its admin), or have an admin run /datalabs admin bind <workspace> here.';

const UNBOUND_OPEN_TEXT =
  'This chat is not set up for datalabs yet: run /datalabs setup [name] to create a workspace (you become its admin), or have an admin run /datalabs admin bind <workspace> here.';

const NEEDS_CODE =
  'Setting up a workspace needs a one-time code: ask the operator to run `datalabs workspace invite`, then send /datalabs setup <code> [name].';

export interface Resolver {
  resolve(conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null>;
  resolveIn(workspaceId: number, conversation: ConversationRef, user: ChatMessage['user']): Promise<WorkspaceContext | null>;
  /** Throws FORBIDDEN (one line, audited) unless this chat may create a workspace under the setup policy. */
  checkSetupAllowed(conversation: ConversationRef, user: ChatUser, code: string | undefined): Promise<void>;
  setup(conversation: ConversationRef, user: ChatMessage['user'], name?: string, invite?: string): Promise<WorkspaceContext>;
  chatUser(conversation: ConversationRef, user: ChatMessage['user']): ChatUser;
  unboundText(): string;
  unboundReply(): Reply;
  readonly policy: SetupPolicy;
}

export function chatUserOf(conversation: ConversationRef, user: ChatMessage['user']): ChatUser {
  return { platform: conversation.platform, userId: user.id, displayName: user.name ?? null };
}

export const actorOf = (u: ChatUser): string => identityLabel(u);

export function createResolver(deps: { store: MetadataStore; admin: AdminOps; logger: Logger; defaults: WorkspaceServiceOptions['defaults']; policy: SetupPolicy }): Resolver {
  const { store, admin, logger, policy } = deps;
  const opts = { defaults: deps.defaults };
  const chatUser = chatUserOf;

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

  const unboundText = () => (policy.mode === 'open' ? UNBOUND_OPEN_TEXT : UNBOUND_TEXT);

  return { resolve, resolveIn, checkSetupAllowed, setup, chatUser, unboundText, unboundReply: () => ({ text: unboundText() }), policy };
}
