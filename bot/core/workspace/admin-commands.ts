/**
 * `/datalabs admin …` in chat: bind / unbind, grant / revoke / link members,
 * allow / disallow, members, audit, retention, default role, timezone. Every change is
 * made through AdminOps (committed with its audit entry); a non-admin's try is
 * audited and refused in one line.
 */
import type { ConversationRef, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { ChatUser } from '../../infra/store/member-repo.ts';
import { identityLabel, type AdminOps, type BindingKey } from './admin-ops.ts';
import { describeAllowList, formatAudit, formatMember } from './format.ts';
import { USAGE, type AdminCommand, type UserRef } from './parse-command.ts';
import { actorOf } from './resolver.ts';
import { can, requirePermission } from './roles.ts';
import type { WorkspaceContext } from './workspace-service-types.ts';

export interface AdminCommands {
  bindCommand(ctx: WorkspaceContext | null, conversation: ConversationRef, user: ChatUser, cmd: Extract<AdminCommand, { op: 'bind' }>): Promise<Reply>;
  adminCommand(ctx: WorkspaceContext, cmd: AdminCommand): Promise<Reply>;
}

export function createAdminCommands(deps: { store: MetadataStore; admin: AdminOps; historyRetentionDays: number | null }): AdminCommands {
  const { store, admin } = deps;
  const opts = { historyRetentionDays: deps.historyRetentionDays };

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
      case 'timezone': {
        await admin.setTimezone(ws, cmd.timezone, actor);
        return { text: `Time zone of "${ws.name}": ${cmd.timezone ?? 'UTC (the default)'}. Scheduled reports run and are labelled in it (a report file's own timezone: still wins).` };
      }
      case 'default-role': {
        await admin.setDefaultRole(ws, cmd.role, actor);
        return { text: cmd.role ? `People in bound chats who are not members act as ${cmd.role}s.` : `Only members may use "${ws.name}" now.` };
      }
    }
  }

  return { bindCommand, adminCommand };
}
