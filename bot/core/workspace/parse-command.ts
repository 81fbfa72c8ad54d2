/**
 * Parses the workspace commands of chat: `/datalabs setup|whoami|admin …`,
 * `/history`, `/rerun`, `/save`, `/saved`, `/unsave`, `/run`. Malformed input
 * is a one-line BAD_INPUT error that carries the usage.
 */
import type { Platform } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { INVITE_CODE, SAVED_NAME } from '../../contracts/workspace.ts';
import { PLATFORMS, ROLES, type Role } from '../../contracts/workspace.ts';
import { parseTimezone } from './timezone.ts';

/** Someone named in a command: a chat user id (this or another platform), a member number, or a name. */
export type UserRef =
  | { kind: 'user'; platform?: Platform; userId: string }
  | { kind: 'member'; memberId: number }
  | { kind: 'name'; name: string };

export type AdminCommand =
  | { op: 'bind'; scope: 'chat' | 'channel'; workspace: string }
  | { op: 'unbind'; scope: 'chat' | 'channel' }
  | { op: 'grant'; user: UserRef; role: Role }
  | { op: 'revoke'; user: UserRef }
  | { op: 'allow'; target: string }
  | { op: 'disallow'; target: string }
  | { op: 'link'; platform: Platform; userId: string; member?: UserRef }
  | { op: 'members' }
  | { op: 'audit'; limit: number }
  | { op: 'retention'; days: number | null }
  | { op: 'default-role'; role: 'viewer' | 'analyst' | null }
  | { op: 'timezone'; timezone: string | null };

export type WorkspaceCommand =
  | { kind: 'usage' }
  | { kind: 'setup'; name?: string; code?: string }
  | { kind: 'whoami' }
  | { kind: 'admin'; command: AdminCommand }
  | { kind: 'history'; limit: number }
  | { kind: 'rerun'; id: number }
  | { kind: 'save'; name: string; replace: boolean }
  | { kind: 'saved' }
  | { kind: 'unsave'; name: string }
  | { kind: 'run'; name: string };

/** Slash commands this layer owns (lower case, without '/'). */
export const WORKSPACE_COMMANDS: ReadonlySet<string> = new Set(['datalabs', 'history', 'rerun', 'save', 'saved', 'unsave', 'run']);

export const USAGE = {
  datalabs: '/datalabs setup [code] [name] | whoami | admin <bind|unbind|grant|revoke|allow|disallow|link|members|audit|retention|default-role|timezone> …',
  setup: '/datalabs setup <one-time code> [workspace name]  (the code comes from the operator: datalabs workspace invite)',
  admin: '/datalabs admin bind [channel] <workspace> | unbind [channel] | grant <user> <admin|analyst|viewer> | revoke <user> | allow <db[.table]> | disallow <db[.table]> | link <platform> <user id> [<member>] | members | audit [n] | retention <days|off> | default-role <viewer|analyst|none> | timezone <IANA zone|utc>',
  bind: '/datalabs admin bind [channel] <workspace name or #id>',
  unbind: '/datalabs admin unbind [channel]',
  grant: '/datalabs admin grant <user> <admin|analyst|viewer>  (user: @mention, user id, platform:id or #member)',
  revoke: '/datalabs admin revoke <user>',
  allow: '/datalabs admin allow <database> | <database.table>',
  disallow: '/datalabs admin disallow <database> | <database.table>',
  link: '/datalabs admin link <slack|telegram|discord|console> <user id> [<member>]',
  audit: '/datalabs admin audit [1-50]',
  retention: '/datalabs admin retention <days|off>',
  'default-role': '/datalabs admin default-role <viewer|analyst|none>',
  timezone: '/datalabs admin timezone <IANA zone, e.g. Europe/Berlin | utc>  (scheduled reports run and are labelled in it)',
  history: '/history [1-50]',
  rerun: '/rerun <history id>',
  save: '/save <name> [replace]  (name: lower-case letters, digits, _ . -)',
  unsave: '/unsave <name>',
  run: '/run <saved query or template name>',
} as const;

function bad(what: string, usage: string): never {
  throw new DatalabsError('BAD_INPUT', `${what}; usage: ${usage}`);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SYSTEM_DBS = new Set(['system', 'information_schema']);

/** Splits on whitespace, keeping "double quoted" words together. */
export function splitWords(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * Reads a user reference: Slack `<@U123|name>`, Discord `<@123>`/`<@!123>`,
 * `platform:id`, `#12` (member number), `@name`, or a bare user id on the
 * current platform.
 */
export function parseUserRef(word: string | undefined, usage: string): UserRef {
  if (!word) bad('missing user', usage);
  const mention = /^<@!?([A-Za-z0-9_.-]{1,64})(?:\|[^>]*)?>$/.exec(word);
  if (mention) return { kind: 'user', userId: mention[1] };
  const member = /^#(\d{1,9})$/.exec(word);
  if (member) return { kind: 'member', memberId: Number(member[1]) };
  const qualified = /^([a-z]+):([A-Za-z0-9_.@-]{1,64})$/.exec(word);
  if (qualified) {
    if (!PLATFORMS.includes(qualified[1] as Platform)) bad(`unknown platform "${qualified[1]}" (one of ${PLATFORMS.join(', ')})`, usage);
    return { kind: 'user', platform: qualified[1] as Platform, userId: qualified[2] };
  }
  const named = /^@([\w.-]{1,64})$/.exec(word);
  if (named) return { kind: 'name', name: named[1] };
  if (/^[A-Za-z0-9_.-]{1,64}$/.test(word)) return { kind: 'user', userId: word };
  return bad(`"${word.slice(0, 40)}" is not a user (use an @mention, a user id, platform:id or #member)`, usage);
}

function parseTarget(word: string | undefined, usage: string): string {
  if (!word) bad('missing database or table', usage);
  const parts = word.split('.');
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) bad(`"${word.slice(0, 60)}" is not a database or database.table name`, usage);
  if (SYSTEM_DBS.has(parts[0].toLowerCase())) bad(`system databases cannot be allowed (${parts[0]})`, usage);
  return word;
}

function parseLimit(word: string | undefined, dflt: number, max: number, usage: string): number {
  if (word === undefined) return dflt;
  if (!/^\d{1,4}$/.test(word) || Number(word) < 1 || Number(word) > max) bad(`"${word.slice(0, 20)}" is not a number from 1 to ${max}`, usage);
  return Number(word);
}

function noMore(words: string[], usage: string): void {
  if (words.length) bad(`unexpected "${words.join(' ').slice(0, 40)}"`, usage);
}

function parseName(word: string | undefined, usage: string): string {
  if (!word) bad('missing name', usage);
  const name = word.toLowerCase();
  if (!SAVED_NAME.test(name)) bad(`bad name "${word.slice(0, 40)}"`, usage);
  return name;
}

function parseAdmin(words: string[]): AdminCommand {
  const [verb, ...rest] = words;
  const op = verb?.toLowerCase();
  switch (op) {
    case undefined:
    case 'help':
      return bad('missing admin command', USAGE.admin);
    case 'bind': {
      const scope = rest[0]?.toLowerCase() === 'channel' ? (rest.shift(), 'channel' as const) : ('chat' as const);
      const workspace = rest.join(' ').trim();
      if (!workspace) bad('missing workspace', USAGE.bind);
      if (workspace.length > 80) bad('workspace name too long', USAGE.bind);
      return { op, scope, workspace };
    }
    case 'unbind': {
      const scope = rest[0]?.toLowerCase() === 'channel' ? (rest.shift(), 'channel' as const) : ('chat' as const);
      noMore(rest, USAGE.unbind);
      return { op, scope };
    }
    case 'grant': {
      const user = parseUserRef(rest[0], USAGE.grant);
      const role = rest[1]?.toLowerCase();
      if (!role) bad('missing role', USAGE.grant);
      if (!ROLES.includes(role as Role)) bad(`unknown role "${rest[1].slice(0, 20)}"`, USAGE.grant);
      noMore(rest.slice(2), USAGE.grant);
      return { op, user, role: role as Role };
    }
    case 'revoke': {
      const user = parseUserRef(rest[0], USAGE.revoke);
      noMore(rest.slice(1), USAGE.revoke);
      return { op, user };
    }
    case 'allow':
    case 'disallow': {
      const target = parseTarget(rest[0], USAGE[op]);
      noMore(rest.slice(1), USAGE[op]);
      return { op, target };
    }
    case 'link': {
      const platform = rest[0]?.toLowerCase();
      if (!platform) bad('missing platform', USAGE.link);
      if (!PLATFORMS.includes(platform as Platform)) bad(`unknown platform "${rest[0].slice(0, 20)}"`, USAGE.link);
      const userId = rest[1];
      if (!userId || !/^[A-Za-z0-9_.@-]{1,64}$/.test(userId)) bad(userId ? `"${userId.slice(0, 40)}" is not a user id` : 'missing user id', USAGE.link);
      const member = rest[2] === undefined ? undefined : parseUserRef(rest[2], USAGE.link);
      noMore(rest.slice(3), USAGE.link);
      return { op, platform: platform as Platform, userId, member };
    }
    case 'members':
      noMore(rest, '/datalabs admin members');
      return { op };
    case 'audit': {
      const limit = parseLimit(rest[0], 10, 50, USAGE.audit);
      noMore(rest.slice(1), USAGE.audit);
      return { op, limit };
    }
    case 'retention': {
      const v = rest[0]?.toLowerCase();
      if (!v) bad('missing number of days', USAGE.retention);
      noMore(rest.slice(1), USAGE.retention);
      if (v === 'off' || v === 'none') return { op, days: null };
      return { op, days: parseLimit(v, 0, 3650, USAGE.retention) };
    }
    case 'default-role': {
      const v = rest[0]?.toLowerCase();
      noMore(rest.slice(1), USAGE['default-role']);
      if (v === 'none') return { op, role: null };
      if (v !== 'viewer' && v !== 'analyst') bad(v ? `"${rest[0].slice(0, 20)}" is not viewer, analyst or none` : 'missing role', USAGE['default-role']);
      return { op, role: v };
    }
    case 'timezone': {
      const v = rest[0];
      if (!v) bad('missing time zone', USAGE.timezone);
      noMore(rest.slice(1), USAGE.timezone);
      if (['utc', 'off', 'none', 'default'].includes(v.toLowerCase())) return { op, timezone: null };
      return { op, timezone: parseTimezone(v) };
    }
    default:
      return bad(`unknown admin command "${verb.slice(0, 30)}"`, USAGE.admin);
  }
}

/**
 * Parses one workspace command. `command` is the slash command without '/'
 * (as in `ChatMessage.command`), `text` what follows it. Returns undefined
 * when the command is not a workspace command.
 */
export function parseWorkspaceCommand(command: string, text: string): WorkspaceCommand | undefined {
  const name = command.toLowerCase().replace(/^\//, '');
  if (!WORKSPACE_COMMANDS.has(name)) return undefined;
  const words = splitWords(text.trim());
  switch (name) {
    case 'datalabs': {
      const [sub, ...rest] = words;
      switch (sub?.toLowerCase()) {
        case undefined:
        case 'help':
          return { kind: 'usage' };
        case 'setup': {
          const code = rest[0] && INVITE_CODE.test(rest[0]) ? rest.shift()!.toLowerCase() : undefined;
          const wsName = rest.join(' ').trim();
          if (wsName.length > 80) bad('workspace name too long (80 characters at most)', USAGE.setup);
          if (wsName && !/^[\p{L}\p{N}][\p{L}\p{N} _.'&-]*$/u.test(wsName)) bad(`"${wsName.slice(0, 40)}" is not a workspace name (letters, digits, spaces, _ . ' & -)`, USAGE.setup);
          return { kind: 'setup', ...(wsName ? { name: wsName } : {}), ...(code ? { code } : {}) };
        }
        case 'whoami':
        case 'status':
          noMore(rest, '/datalabs whoami');
          return { kind: 'whoami' };
        case 'admin':
          return { kind: 'admin', command: parseAdmin(rest) };
        default:
          return bad(`unknown subcommand "${sub.slice(0, 30)}"`, USAGE.datalabs);
      }
    }
    case 'history': {
      const limit = parseLimit(words[0], 10, 50, USAGE.history);
      noMore(words.slice(1), USAGE.history);
      return { kind: 'history', limit };
    }
    case 'rerun': {
      const id = /^#?(\d{1,15})$/.exec(words[0] ?? '');
      if (!id) bad(words[0] ? `"${words[0].slice(0, 20)}" is not a history id` : 'missing history id', USAGE.rerun);
      noMore(words.slice(1), USAGE.rerun);
      return { kind: 'rerun', id: Number(id[1]) };
    }
    case 'save': {
      const saveName = parseName(words[0], USAGE.save);
      const replace = words[1]?.toLowerCase() === 'replace';
      noMore(words.slice(replace ? 2 : 1), USAGE.save);
      return { kind: 'save', name: saveName, replace };
    }
    case 'saved':
      noMore(words, '/saved');
      return { kind: 'saved' };
    case 'unsave': {
      const n = parseName(words[0], USAGE.unsave);
      noMore(words.slice(1), USAGE.unsave);
      return { kind: 'unsave', name: n };
    }
    case 'run': {
      const n = parseName(words[0], USAGE.run);
      noMore(words.slice(1), USAGE.run);
      return { kind: 'run', name: n };
    }
  }
  return undefined;
}
