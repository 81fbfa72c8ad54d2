/**
 * Inbound: Telegram update → ChatMessage. In a private chat any text is a
 * question; in a group only our commands, @mentions of the bot and replies to
 * the bot's messages are, so the bot never answers conversation not meant for
 * it. The message's `replyHandle` is the Telegram message the answer quotes.
 */
import { ACTION_VALUE_PATTERN, isActionId, type ActionId, type ChatMessage, type MessageKind } from '../../bot/contracts/chat.ts';
import { CHAT_COMMAND_NAMES } from '../../bot/contracts/commands.ts';

/** The fields of a Telegram `User` the adapter reads. */
export interface TgUser {
  id: number;
  is_bot?: boolean;
  username?: string;
  first_name?: string;
}
/** The fields of a Telegram `Chat` the adapter reads. */
export interface TgChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
}
/** The fields of a Telegram `Message` the adapter reads. */
export interface TgMessage {
  message_id: number;
  date?: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  reply_to_message?: { message_id: number; from?: TgUser };
}
/** The fields of a Telegram `CallbackQuery` (a button press) the adapter reads. */
export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  data?: string;
  message?: { message_id: number; chat: TgChat };
}
/** A Telegram `Update`: only messages and button presses are asked for (`allowed_updates`). */
export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
}

/** Who the bot is (from getMe): to recognise replies to it and @mentions of it. */
export interface BotIdentity {
  id: number;
  username: string;
}

/** A message text read as a command, a question or SQL. */
export interface ParsedText {
  kind: MessageKind;
  text: string;
  command?: string;
}


function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads a message text: `/cmd[@bot] rest`, `@bot question`, or plain text.
 * Returns undefined when the text is not for this bot (a group message
 * without command, mention or reply; a command addressed to another bot).
 */
export function parseText(text: string, me: BotIdentity, opts: { privateChat: boolean; replyToBot: boolean }): ParsedText | undefined {
  const mention = new RegExp(`(^|[\\s(,;:])@${escapeRegExp(me.username)}(?![\\w])`, 'gi');
  const mentioned = mention.test(text);
  const body = text.replace(mention, '$1').trim();
  const addressed = opts.privateChat || opts.replyToBot || mentioned;
  const cmd = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/.exec(body);
  if (cmd) {
    const [, name, target, rest = ''] = cmd;
    if (target && target.toLowerCase() !== me.username.toLowerCase()) return undefined;
    const arg = rest.trim();
    switch (name.toLowerCase()) {
      case 'start':
      case 'help':
        return { kind: 'help', text: arg };
      case 'ask':
        return arg ? { kind: 'question', text: arg } : { kind: 'help', text: '' };
      case 'sql':
        return arg ? { kind: 'sql', text: arg } : { kind: 'help', text: '' };
      default:
        // In a group, `/foo` without @us is most likely another bot's command
        // (the commands we offer excepted).
        if (!addressed && !target && !CHAT_COMMAND_NAMES.has(name.toLowerCase())) return undefined;
        return { kind: 'command', command: name.toLowerCase(), text: arg };
    }
  }
  if (!addressed) return undefined;
  return body ? { kind: 'question', text: body } : { kind: 'help', text: '' };
}

/** `show_sql:abc123` → { id, value }; undefined for anything else (the value must be an opaque id). */
export function parseCallbackData(data: string | undefined): { id: ActionId; value: string } | undefined {
  const m = /^([a-z0-9_]+):(.+)$/s.exec(typeof data === 'string' ? data : '');
  if (!m || !isActionId(m[1])) return undefined;
  if (!ACTION_VALUE_PATTERN.test(m[2])) return undefined;
  return { id: m[1] as ActionId, value: m[2] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optString = (v: unknown) => v === undefined || typeof v === 'string';
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const CHAT_TYPES = new Set(['private', 'group', 'supergroup', 'channel']);

function isUser(v: unknown): boolean {
  return isObject(v) && isId(v.id) && optString(v.username) && optString(v.first_name) && (v.is_bot === undefined || typeof v.is_bot === 'boolean');
}

function isChat(v: unknown): boolean {
  return isObject(v) && isId(v.id) && typeof v.type === 'string' && CHAT_TYPES.has(v.type);
}

/**
 * Whether every field the adapter reads has the type the Bot API documents.
 * Updates come from Telegram (webhook secret or polling), but a malformed one
 * must be dropped, not thrown on.
 */
export function isWellFormedUpdate(u: unknown): u is TgUpdate {
  if (!isObject(u) || !isId(u.update_id)) return false;
  if (u.message !== undefined) {
    const m = u.message;
    if (!isObject(m) || !isId(m.message_id) || !isChat(m.chat) || !optString(m.text)) return false;
    if (m.from !== undefined && !isUser(m.from)) return false;
    if (m.date !== undefined && typeof m.date !== 'number') return false;
    const r = m.reply_to_message;
    if (r !== undefined && (!isObject(r) || !isId(r.message_id) || (r.from !== undefined && !isUser(r.from)))) return false;
  }
  if (u.callback_query !== undefined) {
    const q = u.callback_query;
    if (!isObject(q) || typeof q.id !== 'string' || !isUser(q.from) || !optString(q.data)) return false;
    if (q.message !== undefined && (!isObject(q.message) || !isId(q.message.message_id) || !isChat(q.message.chat))) return false;
  }
  return true;
}

/** What the normaliser needs besides the update. */
export interface NormalizeContext {
  me: BotIdentity;
  /**
   * The conversation (thread) an earlier bot message belongs to, when known:
   * looked up in the shared AdapterMemory, so a reply to an answer sent by any
   * process continues its thread. Undefined when unknown or on a failure.
   */
  threadOf(chatId: string, botMessageId: number): Promise<string | undefined>;
  now?: () => Date;
}

function userOf(u: TgUser | undefined): ChatMessage['user'] {
  if (!u) return { id: 'unknown' };
  const name = u.username ?? u.first_name;
  return name ? { id: String(u.id), name } : { id: String(u.id) };
}

/**
 * One update → one ChatMessage, or undefined when it is not for the bot.
 * The message id is `telegram:<bot id>:<update_id>`, so a redelivered
 * update is recognised as a duplicate by the core. The thread of a new
 * question is its own message id; a reply to one of the bot's answers
 * continues that answer's thread (refinement). `replyHandle` is the message
 * the answer quotes: the user's message, or the answer whose button was pressed.
 */
export async function normalizeUpdate(update: TgUpdate, ctx: NormalizeContext): Promise<ChatMessage | undefined> {
  if (!isWellFormedUpdate(update)) return undefined;
  const id = `telegram:${ctx.me.id}:${update.update_id}`;
  const receivedAt = ctx.now?.() ?? new Date();
  const msg = update.message;
  if (msg) {
    if (typeof msg.text !== 'string' || msg.chat.type === 'channel') return undefined;
    if (msg.from?.is_bot && msg.from.id === ctx.me.id) return undefined;
    const chatId = String(msg.chat.id);
    const repliedTo = msg.reply_to_message;
    const replyToBot = !!repliedTo && repliedTo.from?.id === ctx.me.id;
    const parsed = parseText(msg.text, ctx.me, { privateChat: msg.chat.type === 'private', replyToBot });
    if (!parsed) return undefined;
    const threadId = replyToBot ? ((await ctx.threadOf(chatId, repliedTo!.message_id)) ?? String(repliedTo!.message_id)) : String(msg.message_id);
    const message: ChatMessage = {
      id,
      kind: parsed.kind,
      conversation: { platform: 'telegram', workspaceKey: chatId, channelId: chatId, threadId, replyHandle: String(msg.message_id) },
      user: userOf(msg.from),
      chatId,
      text: parsed.text,
      receivedAt,
    };
    if (parsed.command) message.command = parsed.command;
    return message;
  }
  const cq = update.callback_query;
  if (cq?.message) {
    const action = parseCallbackData(cq.data);
    if (!action) return undefined;
    const chatId = String(cq.message.chat.id);
    const threadId = (await ctx.threadOf(chatId, cq.message.message_id)) ?? String(cq.message.message_id);
    return {
      id,
      kind: 'action',
      conversation: { platform: 'telegram', workspaceKey: chatId, channelId: chatId, threadId, replyHandle: String(cq.message.message_id) },
      user: userOf(cq.from),
      chatId,
      text: '',
      action,
      receivedAt,
    };
  }
  return undefined;
}
