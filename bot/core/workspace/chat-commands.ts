/**
 * The workspace commands in chat: `/datalabs setup`, `whoami`, `/history`,
 * `/rerun`, `/save`, `/saved`, `/unsave`, `/run`, the Save button, and the
 * workspace lines of `/help`. Admin commands are handed to AdminCommands.
 */
import type { ChatMessage, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { AdminCommands } from './admin-commands.ts';
import { describeAllowList, formatHistory, formatMember, formatSaved, slugName } from './format.ts';
import { parseWorkspaceCommand, USAGE } from './parse-command.ts';
import type { QueryLog } from './query-log.ts';
import { actorOf, type Resolver } from './resolver.ts';
import { can, requirePermission, type Permission } from './roles.ts';
import type { QueryTemplate } from './templates.ts';
import type { CommandOptions, RunRequest, WorkspaceContext } from './workspace-service-types.ts';

export interface ChatCommands {
  handleCommand(message: ChatMessage, opts?: CommandOptions): Promise<Reply | undefined>;
  helpLines(ctx: WorkspaceContext | null): string[];
}

export function createChatCommands(deps: { store: MetadataStore; resolver: Resolver; log: QueryLog; adminCommands: AdminCommands; templates: (ws: Workspace) => readonly QueryTemplate[] }): ChatCommands {
  const { store, resolver, log, adminCommands, templates } = deps;
  const { resolve, checkSetupAllowed, setup, chatUser, unboundText, unboundReply, policy } = resolver;
  const { saveEntry, uniqueSavedName, saveLast } = log;
  const { bindCommand, adminCommand } = adminCommands;
  const authorize = (ctx: WorkspaceContext, permission: Permission) => requirePermission(ctx.role, permission);

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
        return { text: `Workspace "${ctx.workspace.name}" (#${ctx.workspace.id}) · you are ${who} · reads ${describeAllowList(ctx.workspace)}${ctx.workspace.timezone ? ` · time zone ${ctx.workspace.timezone}` : ''}` };
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

  return { handleCommand, helpLines };
}
