/**
 * Slack payloads → ChatMessage. Ids are stable across Slack's retries: a
 * hash of trigger_id for commands and button presses, channel + ts for
 * messages (so an @mention delivered as both `app_mention` and `message`,
 * or retried with the same event, is one message).
 */
import crypto from 'node:crypto';
import { ACTION_VALUE_PATTERN, type ActionId, type ChatMessage, type ConversationRef, type MessageKind } from '../../bot/contracts/chat.ts';

export const ACTION_IDS: readonly ActionId[] = ['show_sql', 'export_csv', 'save', 'refine', 'alert'];

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

export interface BlockActionBody {
  type: 'block_actions';
  user: { id: string; username?: string; name?: string; team_id?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string };
  trigger_id?: string;
  actions: Array<{ action_id: string; value?: string; action_ts?: string }>;
}

function hash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 24);
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

/** `/datalabs setup|admin|whoami|history|…`: workspace commands the core handles. */
const WORKSPACE_WORDS = /^(setup|admin|whoami|status|history|rerun|save|saved|unsave|run)\b/i;

/** `/ask …`, `/sql …`, `/datalabs help|sql …|ask …|<question>`, `/datalabs <workspace command>`; any other command is `command`. */
export function fromSlashCommand(body: SlashCommandBody, receivedAt: Date): ChatMessage {
  const name = body.command.replace(/^\//, '').toLowerCase();
  const text = (body.text ?? '').trim();
  const conversation: ConversationRef = { platform: 'slack', workspaceKey: body.team_id ?? body.enterprise_id ?? 'unknown', channelId: body.channel_id };
  const base = {
    id: `slack:cmd:${hash(body.trigger_id ?? `${body.team_id}:${body.channel_id}:${body.user_id}:${body.command}:${text}`)}`,
    conversation,
    user: { id: body.user_id, ...(body.user_name ? { name: body.user_name } : {}) },
    ...(body.team_id ? { teamId: body.team_id } : {}),
    receivedAt,
  };
  if (name === 'ask') return { ...base, ...(text ? { kind: 'question', text } : { kind: 'help', text: '' }) };
  if (name === 'sql') return { ...base, ...(text ? { kind: 'sql', text } : { kind: 'help', text: '' }) };
  if (name === 'datalabs' && WORKSPACE_WORDS.test(text)) return { ...base, kind: 'command', command: 'datalabs', text };
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
export function fromBlockAction(body: BlockActionBody, receivedAt: Date): ChatMessage | undefined {
  const action = body.actions?.[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (!action || !channelId || !messageTs) return undefined;
  if (!(ACTION_IDS as readonly string[]).includes(action.action_id)) return undefined;
  // A button carries an answer id and nothing else.
  if (!ACTION_VALUE_PATTERN.test(action.value ?? '')) return undefined;
  const teamId = body.team?.id ?? body.user.team_id;
  const conversation: ConversationRef = {
    platform: 'slack',
    workspaceKey: teamId ?? 'unknown',
    channelId,
    threadId: body.message?.thread_ts ?? body.container?.thread_ts ?? messageTs,
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
