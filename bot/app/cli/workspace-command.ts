/**
 * `datalabs workspace <action> …`: the chat admin commands from a terminal,
 * through the same operations (and the same audit log, actor `cli:<os user>`).
 */
import os from 'node:os';
import path from 'node:path';
import { MODEL_SET_NAME, modelSetDatabases } from '../../infra/semantic/load-models.ts';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import { PLATFORMS, ROLES, type Role, type Workspace } from '../../contracts/workspace.ts';
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createAdminOps } from '../../core/workspace/admin-ops.ts';
import { describeAllowList, formatAudit, formatHistory, formatMember } from '../../core/workspace/format.ts';
import { splitWords } from '../../core/workspace/parse-command.ts';
import { openCliStore } from './open-store.ts';

export const WORKSPACE_USAGE = [
  'datalabs workspace list',
  'datalabs workspace invite [--expires 7d]  (a one-time code for /datalabs setup <code> [name]; shown once)',
  'datalabs workspace invites',
  'datalabs workspace create <name> [--admin <platform:user id>] [--allow <db[,db.table…]>]',
  'datalabs workspace show <workspace>',
  'datalabs workspace bind <workspace> <platform> <team/chat/guild id> [channel id]',
  'datalabs workspace unbind <workspace> <platform> <team/chat/guild id> [channel id]',
  'datalabs workspace grant <workspace> <platform:user id | #member> <admin|analyst|viewer>',
  'datalabs workspace revoke <workspace> <platform:user id | #member>',
  'datalabs workspace link <workspace> <platform:user id | #member> <platform:user id>',
  'datalabs workspace allow|disallow <workspace> <db[.table]>',
  'datalabs workspace members|audit|history <workspace> [n]',
  'datalabs workspace retention <workspace> <days|off>',
  'datalabs workspace model <workspace> <model set|default>',
  'datalabs workspace clickhouse <workspace> <http(s) URL|default>  (user/password from CLICKHOUSE_USER / CLICKHOUSE_PASSWORD; the password is stored encrypted with DATALABS_SECRET_KEY)',
];

function bad(msg: string, usage: string): never {
  throw new DatalabsError('BAD_INPUT', `${msg}; usage: ${usage}`);
}

function chatUserOf(word: string | undefined, usage: string): { platform: Platform; userId: string } {
  const m = /^([a-z]+):([A-Za-z0-9_.@-]{1,64})$/.exec(word ?? '');
  if (!m || !PLATFORMS.includes(m[1] as Platform)) bad(`"${word ?? ''}" is not platform:user id (platform: ${PLATFORMS.join(', ')})`, usage);
  return { platform: m[1] as Platform, userId: m[2] };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * Runs one `workspace` action; `args` are the words after `workspace`.
 * Prints to `out`; errors are one-line DatalabsErrors (BAD_INPUT with usage,
 * NOT_FOUND). Returns the exit code.
 */
export async function runWorkspaceAdmin(ctx: { config: Config; logger: Logger }, args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [action, ...rest] = args.length === 1 ? splitWords(args[0]) : args;
  if (!action || action === 'help') {
    out.write(WORKSPACE_USAGE.join('\n') + '\n');
    return action ? 0 : 2;
  }
  const store = await openCliStore(ctx);
  try {
    const text = await execute(store, ctx.config, action, rest);
    out.write(text + '\n');
    return 0;
  } finally {
    await store.close();
  }
}

async function execute(store: MetadataStore, config: Config, action: string, rest: string[]): Promise<string> {
  const ops = createAdminOps(store, { ceiling: config.allowedDatabases });
  const actor = `cli:${safeUser()}`;
  const usage = WORKSPACE_USAGE.find((u) => u.split(' ')[2]?.split('|').includes(action)) ?? WORKSPACE_USAGE.join(' | ');
  const workspace = async (ref: string | undefined): Promise<Workspace> => {
    if (!ref) bad('missing workspace', usage);
    const ws = await store.workspaces.find(ref);
    if (!ws) throw new DatalabsError('NOT_FOUND', `no workspace "${ref}" (see datalabs workspace list)`);
    return ws;
  };
  const memberId = async (ws: Workspace, word: string | undefined): Promise<number> => {
    const num = /^#(\d{1,9})$/.exec(word ?? '');
    if (num) return Number(num[1]);
    const u = chatUserOf(word, usage);
    const m = await store.members.byIdentity(ws.id, u.platform, u.userId);
    if (!m) throw new DatalabsError('NOT_FOUND', `${u.platform}:${u.userId} is not a member of "${ws.name}"`);
    return m.id;
  };
  const limit = (word: string | undefined) => {
    if (word === undefined) return 20;
    if (!/^\d{1,4}$/.test(word) || Number(word) < 1) bad(`"${word}" is not a positive number`, usage);
    return Number(word);
  };

  switch (action) {
    case 'list': {
      const all = await store.workspaces.list();
      if (!all.length) return 'No workspaces yet: datalabs workspace create <name>, or /datalabs setup in a chat.';
      const lines = [];
      for (const ws of all) {
        const b = await store.workspaces.bindings(ws.id);
        lines.push(`#${ws.id} ${ws.name} · reads ${describeAllowList(ws)} · bound to ${b.length ? b.map((x) => `${x.platform}:${x.workspaceKey}${x.channelId ? `/${x.channelId}` : ''}`).join(', ') : 'no chat'}`);
      }
      return lines.join('\n');
    }
    case 'invite': {
      const words = [...rest];
      let days = 7;
      const i = words.indexOf('--expires');
      if (i >= 0) {
        const v = words.splice(i, 2)[1];
        const m = /^(\d{1,4})(d|h)$/.exec(v ?? '');
        if (!m || Number(m[1]) < 1) bad(`--expires needs a duration such as 7d or 12h, got "${v ?? ''}"`, usage);
        days = m[2] === 'd' ? Number(m[1]) : Number(m[1]) / 24;
        if (days > 365) bad('--expires: at most 365d', usage);
      }
      if (words.length) bad(`unexpected "${words.join(' ')}"`, usage);
      const expiresAt = new Date(Date.now() + days * 86_400_000);
      const { code, invite } = await store.transaction(async (repos) => {
        const made = await repos.invites.create(actor, expiresAt);
        await repos.audit.append({ workspaceId: null, actor, action: 'invite.create', detail: { invite: made.invite.id, expiresAt: expiresAt.toISOString() } });
        return made;
      });
      const mode = config.setup.mode === 'open' ? ' (note: DATALABS_SETUP=open, so setup does not need it now)' : '';
      return `Invite #${invite.id}: ${code}\nValid once, until ${expiresAt.toISOString()}${mode}. In the chat to set up, send: /datalabs setup ${code} [workspace name]`;
    }
    case 'invites': {
      const list = await store.invites.list();
      if (!list.length) return 'No invites yet: datalabs workspace invite';
      const now = Date.now();
      return list
        .map((i) => `#${i.id} by ${i.createdBy} · ${i.usedAt ? `used ${i.usedAt.toISOString()} by ${i.usedBy}${i.workspaceId ? ` → workspace #${i.workspaceId}` : ''}` : i.expiresAt.getTime() <= now ? `expired ${i.expiresAt.toISOString()}` : `open until ${i.expiresAt.toISOString()}`}`)
        .join('\n');
    }
    case 'create': {
      const words = [...rest];
      let adminUser: { platform: Platform; userId: string } | undefined;
      let allow: string[] | undefined;
      for (let i = 0; i < words.length; i++) {
        if (words[i] === '--admin') {
          adminUser = chatUserOf(words.splice(i, 2)[1], usage);
          i--;
        } else if (words[i] === '--allow') {
          allow = (words.splice(i, 2)[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
          i--;
          if (!allow.length || !allow.every((a) => IDENT.test(a))) bad('--allow needs database or database.table names', usage);
        }
      }
      const name = words.join(' ').trim();
      if (!name) bad('missing name', usage);
      const list = allow ?? config.allowedDatabases;
      const { workspace } = await ops.createWorkspace(
        { name, allowedDatabases: list.filter((x) => !x.includes('.')), allowedTables: list.filter((x) => x.includes('.')), admin: adminUser },
        actor,
      );
      return `Created workspace #${workspace.id} "${workspace.name}" · reads ${describeAllowList(workspace)}${adminUser ? ` · admin ${adminUser.platform}:${adminUser.userId}` : ''}`;
    }
    case 'show': {
      const ws = await workspace(rest[0]);
      const b = await store.workspaces.bindings(ws.id);
      return [
        `#${ws.id} ${ws.name}`,
        `reads: ${describeAllowList(ws)}`,
        `clickhouse: ${ws.clickhouse ? `${ws.clickhouse.url}${ws.clickhouse.passwordError ? ` (password unusable: ${ws.clickhouse.passwordError})` : ws.clickhouse.password ? ' (password stored encrypted)' : ''}` : 'default'} · semantic model: ${ws.semanticModel ?? 'default'} · non-members: ${ws.defaultRole ?? 'no access'} · history kept: ${ws.historyRetentionDays ? `${ws.historyRetentionDays} days` : 'default'}`,
        `bindings: ${b.length ? b.map((x) => `${x.platform}:${x.workspaceKey}${x.channelId ? `/${x.channelId}` : ''}`).join(', ') : 'none'}`,
      ].join('\n');
    }
    case 'bind':
    case 'unbind': {
      const ws = await workspace(rest[0]);
      const platform = rest[1] as Platform;
      if (!PLATFORMS.includes(platform)) bad(`"${rest[1] ?? ''}" is not a platform (${PLATFORMS.join(', ')})`, usage);
      const key = rest[2];
      if (!key) bad('missing team/chat/guild id', usage);
      const binding = { platform, workspaceKey: key, channelId: rest[3] ?? '' };
      if (action === 'bind') {
        await ops.bind(ws, binding, actor);
        return `Bound ${platform}:${key}${binding.channelId ? `/${binding.channelId}` : ''} to "${ws.name}".`;
      }
      if (!(await ops.unbind(ws, binding, actor))) throw new DatalabsError('NOT_FOUND', `${platform}:${key}${binding.channelId ? `/${binding.channelId}` : ''} is not bound to "${ws.name}"`);
      return `Unbound ${platform}:${key}${binding.channelId ? `/${binding.channelId}` : ''} from "${ws.name}".`;
    }
    case 'grant': {
      const ws = await workspace(rest[0]);
      const role = rest[2] as Role;
      if (!ROLES.includes(role)) bad(`"${rest[2] ?? ''}" is not a role (admin, analyst, viewer)`, usage);
      const target = /^#\d+$/.test(rest[1] ?? '') ? { memberId: Number(rest[1].slice(1)) } : chatUserOf(rest[1], usage);
      const { member } = await ops.grant(ws, target, role, actor);
      return formatMember(member);
    }
    case 'revoke': {
      const ws = await workspace(rest[0]);
      const m = await ops.revoke(ws, await memberId(ws, rest[1]), actor);
      return `Removed member #${m.id} (${m.role}) from "${ws.name}".`;
    }
    case 'link': {
      const ws = await workspace(rest[0]);
      const id = await memberId(ws, rest[1]);
      return `Linked: ${formatMember(await ops.link(ws, id, chatUserOf(rest[2], usage), actor))}`;
    }
    case 'allow':
    case 'disallow': {
      const ws = await workspace(rest[0]);
      const target = rest[1];
      if (!target || !IDENT.test(target)) bad(`"${target ?? ''}" is not a database or database.table`, usage);
      if (/^(system|information_schema)(\.|$)/i.test(target)) bad('system databases cannot be allowed', usage);
      const changed = action === 'allow' ? await ops.allow(ws, target, actor) : await ops.disallow(ws, target, actor);
      return `${target}: ${changed ? (action === 'allow' ? 'now allowed' : 'no longer allowed') : 'unchanged'} · "${ws.name}" reads ${describeAllowList((await store.workspaces.get(ws.id))!)}`;
    }
    case 'members': {
      const ws = await workspace(rest[0]);
      return (await store.members.list(ws.id)).map(formatMember).join('\n') || 'No members.';
    }
    case 'audit': {
      const ws = await workspace(rest[0]);
      return formatAudit(await store.audit.latest(ws.id, { limit: limit(rest[1]) }));
    }
    case 'history': {
      const ws = await workspace(rest[0]);
      return formatHistory(await store.history.latest(ws.id, { limit: limit(rest[1]) }));
    }
    case 'retention': {
      const ws = await workspace(rest[0]);
      const v = rest[1];
      if (v !== 'off' && !/^\d{1,4}$/.test(v ?? '')) bad(`"${v ?? ''}" is not a number of days or off`, usage);
      const days = v === 'off' ? null : Number(v);
      if (days === 0) bad('retention must be at least 1 day', usage);
      await ops.setRetention(ws, days, actor);
      return `History of "${ws.name}": ${days ? `kept ${days} days` : 'server default'}.`;
    }
    case 'model': {
      const ws = await workspace(rest[0]);
      const v = rest[1];
      if (!v) bad('missing model set name', usage);
      if (v === 'default') {
        await ops.setSemanticModel(ws, null, actor);
        return `Semantic model of "${ws.name}": default (${config.modelsDir}, then the shipped models, then inferred).`;
      }
      if (!MODEL_SET_NAME.test(v)) bad(`"${v.slice(0, 40)}" is not a model set name: lower-case letters, digits, _ and -`, usage);
      const databases = modelSetDatabases(config.modelsDir, v);
      if (!databases.length) bad(`no model set "${v}": put <database>.yaml files in ${path.join(config.modelsDir, v)} first (datalabs model infer <database> --out …)`, usage);
      await ops.setSemanticModel(ws, v, actor);
      return `Semantic model of "${ws.name}": ${v} (${databases.join(', ')} from ${path.join(config.modelsDir, v)}; other databases as by default).`;
    }
    case 'clickhouse': {
      const ws = await workspace(rest[0]);
      const v = rest[1];
      if (v === 'default') {
        await ops.setClickhouse(ws, null, actor);
        return `"${ws.name}" uses the default ClickHouse.`;
      }
      let url: URL;
      try {
        url = new URL(v ?? '');
      } catch {
        return bad(`"${v ?? ''}" is not a URL`, usage);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') bad('the ClickHouse URL must start with http:// or https://', usage);
      if (url.username || url.password) bad('put credentials in CLICKHOUSE_USER / CLICKHOUSE_PASSWORD, not in the URL', usage);
      await ops.setClickhouse(ws, { url: url.toString(), user: config.env.CLICKHOUSE_USER, password: config.env.CLICKHOUSE_PASSWORD }, actor);
      return `"${ws.name}" uses ClickHouse at ${url.toString()}.`;
    }
    default:
      return bad(`unknown action "${action}"`, WORKSPACE_USAGE.map((u) => u.replace('datalabs workspace ', '')).join(' | '));
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
