/**
 * Slack inbound: payloads → ChatMessage, and the bolt listeners that hand
 * each message to the core (`onMessage`) before acknowledging it. Ids are
 * stable across Slack's retries: a hash of trigger_id for commands and button
 * presses, channel + ts for messages (so an @mention delivered as both
 * `app_mention` and `message`, or retried with the same event, is one
 * message). Slash commands and button presses carry their `response_url` in
 * `replyHandle`, so whichever process answers can answer where the bot cannot
 * post. Signature and shape checks of HTTP requests are in verify-signature.ts
 * and validate-request.ts.
 */
import crypto from 'node:crypto';
import type { App } from '@slack/bolt';
import { ACTION_VALUE_PATTERN, isActionId, type ActionId, type AdapterMemory, type ChatMessage, type ConversationRef, type MessageKind } from '../../bot/contracts/chat.ts';
import { COMMANDS, DATALABS_SUBCOMMANDS } from '../../bot/contracts/commands.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { checkBlockActions, messageEventProblem, parsedBodyProblem, slashCommandProblem } from './validate-request.ts';

/** True for an action id the core knows (a button press with any other id is dropped). */
export { isActionId };

/** A slash command as Slack posts it (form fields). */
export interface SlashCommandBody {
  team_id?: string;
  enterprise_id?: string;
  channel_id: string;
  user_id: string;
  user_name?: string;
  command: string;
  text?: string;
  trigger_id?: string;
  /** Where delayed responses may be posted (30 minutes, 5 times), even where the bot is not a member. */
  response_url?: string;
}

/** A `message` / `app_mention` event (the fields the adapter reads). */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  channel: string;
  channel_type?: string;
  team?: string;
  /** The sender's own team (Slack Connect: may differ from the channel's). */
  user_team?: string;
}

/** A `block_actions` interaction payload (a button press). */
export interface BlockActionBody {
  type: 'block_actions';
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string };
  trigger_id?: string;
  actions: Array<{ action_id: string; value?: string; action_ts?: string }>;
  /** Where the press may be answered (30 minutes, 5 times). */
  response_url?: string;
}

/** crypto.hash (one call, no Hash object) where this Node has it (20.12+). */
const oneShotHash = typeof crypto.hash === 'function' ? crypto.hash : undefined;

function hash(text: string): string {
  return (oneShotHash ? oneShotHash('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex')).slice(0, 24);
}

/** Splits free text into kind + text: "sql …" / "/sql …" is SQL, "help" or nothing is help. */
export function classifyText(raw: string): { kind: MessageKind; text: string } {
  const text = raw.trim();
  if (!text || /^\/?(help|start)$/i.test(text)) return { kind: 'help', text: '' };
  const sql = /^\/?sql\s+([\s\S]+)$/i.exec(text);
  if (sql) return { kind: 'sql', text: sql[1].trim() };
  const ask = /^\/?ask\s+([\s\S]+)$/i.exec(text);
  if (ask) return { kind: 'question', text: ask[1].trim() };
  return { kind: 'question', text };
}

/**
 * `/datalabs <word> …` is a workspace command when the word is one of the
 * sub-commands declared in the contracts (history, rerun, save …) or one of
 * `/datalabs`'s own (setup, admin, whoami, status: parsed by the core's
 * workspace commands); anything else after `/datalabs` is a question.
 */
const DATALABS_OWN_WORDS: ReadonlySet<string> = new Set(['setup', 'admin', 'whoami', 'status']);

function isWorkspaceCommand(text: string): boolean {
  const first = text.split(/\s+/, 1)[0].toLowerCase();
  return DATALABS_SUBCOMMANDS.has(first) || DATALABS_OWN_WORDS.has(first);
}

/**
 * The slash commands a Slack app declares (its manifest's `slash_commands`),
 * built from the command list in the contracts: name, description, usage hint.
 */
export function slackSlashCommands(requestUrl: string): Array<{ command: string; url: string; description: string; usage_hint?: string; should_escape: false }> {
  return COMMANDS.filter((c) => c.slash).map((c) => ({
    command: `/${c.name}`,
    url: requestUrl,
    description: c.description,
    ...(c.text ? { usage_hint: c.text.example } : {}),
    should_escape: false as const,
  }));
}

/** Slack accepts a response_url for 30 minutes; a little less leaves room for the answer. */
export const RESPONSE_URL_TTL_MS = 29 * 60_000;

/**
 * The `replyHandle` of a slash command or button press: its response_url and
 * when it was received (the URL is good for 30 minutes, 5 uses). Only URLs on
 * `trustedHosts` (hooks.slack.com, the Web API's host) are kept.
 */
export function encodeReplyHandle(responseUrl: string | undefined, receivedAt: Date, trustedHosts: ReadonlySet<string>): string | undefined {
  if (!responseUrl || !isTrustedHookUrl(responseUrl, trustedHosts)) return undefined;
  return JSON.stringify({ responseUrl, at: receivedAt.getTime() });
}

/** The response_url of a `replyHandle` while it is still good, else undefined (expired, foreign host, malformed). */
export function decodeReplyHandle(handle: string | undefined, trustedHosts: ReadonlySet<string>, nowMs: number): string | undefined {
  if (!handle) return undefined;
  try {
    const parsed = JSON.parse(handle) as { responseUrl?: unknown; at?: unknown };
    if (typeof parsed.responseUrl !== 'string' || typeof parsed.at !== 'number') return undefined;
    if (nowMs - parsed.at > RESPONSE_URL_TTL_MS || !isTrustedHookUrl(parsed.responseUrl, trustedHosts)) return undefined;
    return parsed.responseUrl;
  } catch {
    return undefined;
  }
}

/**
 * `http(s)://<host>[:port]/…` with a host of letters, digits, dots and hyphens only: the host as written, which is
 * what URL's parser makes of it too (or, for a numeric shorthand such as 127.1, something it would widen — never a
 * trusted host it would not find). Anything else goes through URL.
 */
const SIMPLE_URL = /^https?:\/\/([a-z0-9.-]+)(?::(\d{1,5}))?\//;

function isTrustedHookUrl(url: string, trustedHosts: ReadonlySet<string>): boolean {
  const simple = SIMPLE_URL.exec(url);
  if (simple && (simple[2] === undefined || Number(simple[2]) <= 65535)) return trustedHosts.has(simple[1]);
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && trustedHosts.has(u.hostname);
  } catch {
    return false;
  }
}

/** `/ask …`, `/sql …`, `/datalabs help|sql …|ask …|<question>`, `/datalabs <workspace command>`; any other command is `command`. */
export function fromSlashCommand(body: SlashCommandBody, receivedAt: Date, replyHandle?: string): ChatMessage {
  const name = body.command.replace(/^\//, '').toLowerCase();
  const text = (body.text ?? '').trim();
  const conversation: ConversationRef = { platform: 'slack', workspaceKey: body.team_id ?? body.enterprise_id ?? 'unknown', channelId: body.channel_id };
  if (replyHandle) conversation.replyHandle = replyHandle;
  const base = {
    id: `slack:cmd:${hash(body.trigger_id ?? `${body.team_id}:${body.channel_id}:${body.user_id}:${body.command}:${text}`)}`,
    conversation,
    user: { id: body.user_id, ...(body.user_name ? { name: body.user_name } : {}) },
    ...(body.team_id ? { teamId: body.team_id } : {}),
    receivedAt,
  };
  if (name === 'ask') return { ...base, ...(text ? { kind: 'question', text } : { kind: 'help', text: '' }) };
  if (name === 'sql') return { ...base, ...(text ? { kind: 'sql', text } : { kind: 'help', text: '' }) };
  if (name === 'datalabs' && isWorkspaceCommand(text)) return { ...base, kind: 'command', command: 'datalabs', text };
  if (name === 'datalabs' || name === 'help') return { ...base, ...classifyText(text) };
  return { ...base, kind: 'command', command: name, text };
}

/** Removes `<@U…>` mentions of the bot (and leading punctuation left behind). */
export function stripMention(text: string, botUserId: string | undefined): string {
  const re = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return text.replace(re, '').replace(/^[\s,:]+/, '').trim();
}

/**
 * A channel message or @mention → ChatMessage. `threadId` is where the
 * answer goes: the mention's own thread for channel mentions, the thread
 * for thread replies, none for top-level DMs.
 */
export function fromMessageEvent(event: SlackMessageEvent, opts: { teamId?: string; botUserId?: string; mention: boolean; receivedAt: Date }): ChatMessage {
  const { kind, text } = classifyText(stripMention(event.text ?? '', opts.botUserId));
  const isDm = event.channel_type === 'im' || event.channel.startsWith('D');
  const threadId = event.thread_ts ?? (opts.mention && !isDm ? event.ts : undefined);
  const conversation: ConversationRef = { platform: 'slack', workspaceKey: opts.teamId ?? event.team ?? 'unknown', channelId: event.channel };
  if (threadId) conversation.threadId = threadId;
  const teamId = opts.teamId ?? event.team;
  const userTeam = event.user_team ?? event.team;
  return {
    id: `slack:msg:${event.channel}:${event.ts}`,
    kind,
    text,
    conversation,
    user: { id: event.user ?? 'unknown', ...(userTeam ? { teamId: userTeam } : {}) },
    ...(teamId ? { teamId } : {}),
    receivedAt: opts.receivedAt,
  };
}

/** A Show SQL / Export CSV press → ChatMessage (answered in the answer's thread). */
export function fromBlockAction(body: BlockActionBody, receivedAt: Date, replyHandle?: string): ChatMessage | undefined {
  const action = body.actions?.[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (!action || !channelId || !messageTs) return undefined;
  if (!isActionId(action.action_id)) return undefined;
  // A button carries an answer id and nothing else.
  if (!ACTION_VALUE_PATTERN.test(action.value ?? '')) return undefined;
  const teamId = body.team?.id ?? body.user.team_id;
  const conversation: ConversationRef = {
    platform: 'slack',
    workspaceKey: teamId ?? 'unknown',
    channelId,
    threadId: body.message?.thread_ts ?? body.container?.thread_ts ?? messageTs,
    ...(replyHandle ? { replyHandle } : {}),
  };
  return {
    id: `slack:act:${hash(body.trigger_id ?? `${channelId}:${messageTs}:${action.action_id}:${action.action_ts ?? ''}`)}`,
    kind: 'action',
    text: '',
    action: { id: action.action_id as ActionId, value: action.value! },
    conversation,
    user: { id: body.user.id, ...(body.user.username ?? body.user.name ? { name: body.user.username ?? body.user.name } : {}), ...(body.user.team_id ? { teamId: body.user.team_id } : {}) },
    ...(teamId ? { teamId } : {}),
    receivedAt,
  };
}

/** Thrown by a listener when `onMessage` rejected (the store was down): the event is not acknowledged, so Slack sends it again. */
export class NotRecordedError extends Error {
  /** Bolt keeps errors that carry a code as they are (and wraps the others). */
  readonly code = 'slack_message_not_recorded';
  constructor(cause: unknown) {
    super('the message could not be recorded', { cause });
  }
}

/** True for a NotRecordedError, also when bolt wrapped it. */
export function isNotRecorded(err: unknown): boolean {
  return err instanceof NotRecordedError || (err as { original?: unknown } | undefined)?.original instanceof NotRecordedError;
}

/** Threads the bot's answers opened or live in: replies there are follow-ups. Kept as long as thread state is useful. */
export const THREAD_TTL_MS = 30 * 24 * 3_600_000;

/** The AdapterMemory key marking a thread as the bot's (shared by every process). */
export function threadKey(channel: string, threadTs: string): string {
  return `slack:thread:${channel}:${threadTs}`;
}

/** What the listeners need from the adapter. */
export interface SlackInboundDeps {
  /** Hands a message to the core (`onMessage`); rejects with NotRecordedError when it could not be recorded. */
  deliver(message: ChatMessage): Promise<void>;
  memory: AdapterMemory;
  log: Logger;
  /** Hosts a response_url may point at. */
  trustedHookHosts: ReadonlySet<string>;
}

/**
 * Registers the bolt listeners. Commands and button presses are acknowledged
 * after `deliver` resolved (the core recorded and queued the message: fast);
 * events are acknowledged by the transport after the listeners ran (HTTP:
 * `processBeforeResponse`; Socket Mode: slack-adapter.ts). A malformed payload
 * is acknowledged (so Slack does not redeliver it) and dropped with a log line.
 */
export function registerInboundListeners(app: App, deps: SlackInboundDeps): void {
  const { deliver, log } = deps;

  // The same shape checks as the HTTP route, for Socket Mode (and anything bolt lets through).
  app.use(async ({ body, next, ...rest }) => {
    const problem = parsedBodyProblem(body);
    if (!problem) return next();
    log.warn({ reason: problem }, 'slack payload malformed; acknowledged and ignored');
    const ack = (rest as { ack?: () => Promise<void> }).ack;
    if (ack) await ack().catch(() => undefined);
  });

  app.command(/^\/.+/, async ({ command, ack }) => {
    const problem = slashCommandProblem(command);
    if (problem) {
      log.warn({ reason: problem }, 'slack command malformed; ignored');
      return void (await ack());
    }
    const body = command as SlashCommandBody;
    const receivedAt = new Date();
    await deliver(fromSlashCommand(body, receivedAt, encodeReplyHandle(body.response_url, receivedAt, deps.trustedHookHosts)));
    await ack();
  });

  app.action({ type: 'block_actions' }, async ({ body, ack }) => {
    const verdict = checkBlockActions(body as unknown as Record<string, unknown>);
    if (verdict.action !== 'dispatch') {
      log.warn({ reason: verdict.action === 'refuse' ? verdict.reason : 'ignored' }, 'slack block_actions malformed; ignored');
      return void (await ack());
    }
    const payload = body as unknown as BlockActionBody;
    const receivedAt = new Date();
    const message = fromBlockAction(payload, receivedAt, encodeReplyHandle(payload.response_url, receivedAt, deps.trustedHookHosts));
    if (message) await deliver(message);
    await ack();
  });

  app.event('app_mention', async ({ event, context, body }) => {
    const problem = messageEventProblem(event);
    if (problem) return void log.warn({ reason: problem }, 'slack app_mention malformed; ignored');
    const ev = event as unknown as SlackMessageEvent;
    if (ev.bot_id) return;
    await deliver(fromMessageEvent(ev, { teamId: stringOrUndefined((body as { team_id?: unknown }).team_id), botUserId: context.botUserId, mention: true, receivedAt: new Date() }));
  });

  app.event('message', async ({ event, context, body }) => {
    const problem = messageEventProblem(event);
    if (problem) return void log.warn({ reason: problem }, 'slack message event malformed; ignored');
    const ev = event as unknown as SlackMessageEvent;
    if (ev.bot_id || !ev.user || !ev.text) return;
    if (ev.subtype && ev.subtype !== 'file_share' && ev.subtype !== 'thread_broadcast') return;
    const bot = context.botUserId;
    if (ev.channel_type !== 'im') {
      // Channel mentions arrive as app_mention too; only plain replies in our threads are handled here.
      if (bot && ev.text.includes(`<@${bot}`)) return;
      if (!ev.thread_ts || ev.thread_ts === ev.ts) return;
      if (!(bot !== undefined && ev.parent_user_id === bot) && !(await isOurThread(deps, ev.channel, ev.thread_ts))) return;
    }
    await deliver(fromMessageEvent(ev, { teamId: stringOrUndefined((body as { team_id?: unknown }).team_id), botUserId: bot, mention: false, receivedAt: new Date() }));
  });
}

/** True when the bot answered in this thread (in any process); a memory failure counts as "no". */
async function isOurThread(deps: SlackInboundDeps, channel: string, threadTs: string): Promise<boolean> {
  try {
    return (await deps.memory.get(threadKey(channel, threadTs))) !== undefined;
  } catch (err) {
    deps.log.warn({ err, channel }, 'slack: adapter memory unavailable; thread reply treated as not ours');
    return false;
  }
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
