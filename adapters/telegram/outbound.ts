/**
 * Outbound: Reply → Bot API calls (sendMessage / sendPhoto / sendDocument,
 * editMessageText, deleteMessage). Works in any process, started or not: what
 * it needs comes with the call (`ConversationRef.replyHandle`, `SentRef.handle`)
 * or from the shared AdapterMemory, where every message sent in a thread is
 * recorded so that a user replying to it continues that thread.
 */
import type { Telegram } from 'telegraf';
import type { AdapterMemory, ConversationRef, Reply, SentRef } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { isTelegramError, toPlatformError } from './errors.ts';
import { renderReply, safeFileName, type OutMessage } from './format.ts';

/** How long a bot message's thread is remembered (a reply to an answer older than this starts a new thread). */
export const THREAD_MEMORY_TTL_MS = 30 * 24 * 3600 * 1000;

/** The AdapterMemory key of the thread a bot message belongs to. */
export function threadMemoryKey(chatId: string, messageId: number | string): string {
  return `telegram:thread:${chatId}:${messageId}`;
}

/** Which thread each bot message belongs to, in the shared AdapterMemory. */
export interface ThreadMemory {
  /** The thread of bot message `messageId` in `chatId`; undefined when unknown or the memory failed. */
  threadOf(chatId: string, messageId: number): Promise<string | undefined>;
  /** Records the thread of bot messages just sent (a failure is logged, not thrown: the messages are out). */
  remember(chatId: string, messageIds: number[], threadId: string | undefined): Promise<void>;
}

/** The thread memory over an AdapterMemory (keys `telegram:thread:<chat>:<message>`, 30 days). */
export function createThreadMemory(memory: AdapterMemory, log: Logger): ThreadMemory {
  return {
    async threadOf(chatId, messageId) {
      try {
        return await memory.get(threadMemoryKey(chatId, messageId));
      } catch (err) {
        log.warn({ err, chatId, messageId }, 'thread of a bot message not looked up; treated as unknown');
        return undefined;
      }
    },
    async remember(chatId, messageIds, threadId) {
      if (threadId === undefined || !messageIds.length) return;
      try {
        await Promise.all(messageIds.map((id) => memory.set(threadMemoryKey(chatId, id), threadId, THREAD_MEMORY_TTL_MS)));
      } catch (err) {
        log.warn({ err, chatId, threadId }, 'thread of a bot message not remembered; a reply to it starts a new thread');
      }
    },
  };
}

/** What `createOutbound` needs: the Bot API client (no polling, no webhook), the token (to redact it), the memory. */
export interface OutboundOptions {
  telegram: Telegram;
  token: string;
  threads: ThreadMemory;
  logger: Logger;
}

/** `send` and `update` of the ChatAdapter. */
export interface Outbound {
  send(to: ConversationRef, reply: Reply): Promise<SentRef>;
  update(ref: SentRef, reply: Reply): Promise<void>;
}

/** A Telegram message id from an opaque handle, or undefined. */
function messageIdOf(handle: string | undefined): number | undefined {
  return handle !== undefined && /^[1-9]\d{0,15}$/.test(handle) ? Number(handle) : undefined;
}

function replyParameters(replyTo: number | undefined) {
  return replyTo === undefined ? undefined : { message_id: replyTo, allow_sending_without_reply: true };
}

/** The Bot API refused to write to a user: they never started a private chat with the bot, blocked it, or are unknown to it. */
function cannotWriteTo(err: unknown): boolean {
  const cause = (err as { cause?: unknown })?.cause ?? err;
  return isTelegramError(cause, 403) || isTelegramError(cause, 400, /chat not found/i);
}

/** Sends and edits answers through the Bot API client. */
export function createOutbound(opts: OutboundOptions): Outbound {
  const { telegram, token, threads } = opts;
  const log = opts.logger;
  /**
   * Parts of one Reply already sent, keyed by the Reply object itself, so a
   * send retried by the delivery layer (same answer, same process) resumes
   * where it failed instead of repeating parts. It never spans messages: a
   * new answer is a new Reply object, and entries go with it.
   */
  const partial = new WeakMap<Reply, Map<string, number[]>>();

  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toPlatformError(err, method, token);
    }
  }

  /** Sends one planned message; falls back to plain text when Telegram refuses the HTML. */
  async function sendOne(chatId: string, m: OutMessage, replyTo: number | undefined): Promise<number> {
    const rp = replyParameters(replyTo);
    const common = { reply_markup: m.keyboard, reply_parameters: rp };
    // telegraf drops object fields other than reply_markup from multipart bodies; the Bot API takes them JSON-encoded.
    const multipart = { reply_markup: m.keyboard, reply_parameters: (rp ? JSON.stringify(rp) : undefined) as unknown as typeof rp };
    const attempt = async (html: boolean): Promise<number> => {
      const fmt = html ? { parse_mode: 'HTML' as const } : {};
      const body = html ? m.html : m.plain;
      switch (m.kind) {
        case 'text':
          return (await telegram.sendMessage(chatId, body, { ...common, ...fmt, link_preview_options: { is_disabled: true } })).message_id;
        case 'photo':
          return (await telegram.sendPhoto(chatId, { source: m.png, filename: 'chart.png' }, { ...multipart, ...fmt, caption: body })).message_id;
        case 'document':
          return (await telegram.sendDocument(chatId, { source: m.file.data, filename: safeFileName(m.file.name) }, { ...multipart, ...fmt, caption: body })).message_id;
      }
    };
    const method = m.kind === 'text' ? 'sendMessage' : m.kind === 'photo' ? 'sendPhoto' : 'sendDocument';
    try {
      return await attempt(true);
    } catch (err) {
      if (isTelegramError(err, 400, /can't parse entities/i)) {
        log.warn({ err: toPlatformError(err, method, token) }, 'Telegram refused the HTML; sending plain text');
        return call(method, () => attempt(false));
      }
      if (m.kind === 'photo' && isTelegramError(err, 400)) {
        // A chart Telegram will not take (size, dimensions): the answer still goes out as text.
        log.warn({ err: toPlatformError(err, method, token) }, 'Telegram refused the chart; sending the answer as text');
        return sendOne(chatId, { kind: 'text', html: m.html, plain: m.plain, keyboard: m.keyboard }, replyTo);
      }
      throw toPlatformError(err, method, token);
    }
  }

  /** Sends `parts` in order, remembering progress so a retry resumes where it failed; records each part's thread. */
  async function sendParts(to: ConversationRef, reply: Reply, parts: OutMessage[], memoKey: string, replyTo: number | undefined): Promise<number[]> {
    let byTarget = partial.get(reply);
    if (!byTarget) partial.set(reply, (byTarget = new Map()));
    const sent = byTarget.get(memoKey) ?? [];
    byTarget.set(memoKey, sent);
    for (let i = sent.length; i < parts.length; i++) {
      const id = await sendOne(to.channelId, parts[i], i === 0 ? replyTo : undefined);
      sent.push(id);
      await threads.remember(to.channelId, [id], to.threadId);
    }
    byTarget.delete(memoKey);
    return sent;
  }

  /**
   * A private reply (Reply.visibility): in the person's private chat it is the reply itself;
   * in a group it goes to the person's private chat (chat id = user id) and the group gets the
   * notice. When the bot may not write to them (403: they never started it, or blocked it) the
   * group gets the `unreachable` line instead — never the reply's content.
   */
  async function sendPrivate(to: ConversationRef, reply: Reply): Promise<SentRef> {
    const { visibility, ...content } = reply;
    const userId = visibility!.userId;
    if (to.channelId === userId) return send(to, content);
    const direct: ConversationRef = { platform: 'telegram', workspaceKey: userId, channelId: userId };
    try {
      const ids = await sendParts(direct, content, renderReply(content), `private:${userId}`, undefined);
      await send(to, { text: visibility!.notice }).catch((err: unknown) => log.warn({ err, chatId: to.channelId }, 'telegram: private reply sent; the notice in the group was not'));
      return { conversation: direct, messageId: String(ids[0]) };
    } catch (err) {
      if (!cannotWriteTo(err)) throw err;
      log.info({ chatId: to.channelId }, 'telegram: cannot write to the user privately; telling the group without the reply');
      return send(to, { text: visibility!.unreachable });
    }
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    if (reply.visibility) return sendPrivate(to, reply);
    const replyTo = messageIdOf(to.replyHandle);
    const ids = await sendParts(to, reply, renderReply(reply), `send:${to.channelId}:${to.threadId ?? ''}`, replyTo);
    const ref: SentRef = { conversation: to, messageId: String(ids[0]) };
    if (replyTo !== undefined) ref.handle = String(replyTo);
    return ref;
  }

  /** Edits the caption and keyboard of a photo or document message (plain text when Telegram refuses the HTML). */
  async function editCaption(chatId: string, messageId: number, m: OutMessage): Promise<void> {
    try {
      await telegram.editMessageCaption(chatId, messageId, undefined, m.html, { parse_mode: 'HTML', reply_markup: m.keyboard });
    } catch (err) {
      if (isTelegramError(err, 400, /message is not modified/i)) return;
      if (!isTelegramError(err, 400, /can't parse entities/i)) throw toPlatformError(err, 'editMessageCaption', token);
      await call('editMessageCaption', () => telegram.editMessageCaption(chatId, messageId, undefined, m.plain, { reply_markup: m.keyboard }));
    }
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    // A private reply is never edited into a message the group sees: it is sent privately.
    if (reply.visibility) {
      await sendPrivate({ ...ref.conversation, ...(ref.handle ? { replyHandle: ref.handle } : {}) }, reply);
      return;
    }
    const parts = renderReply(reply);
    const chatId = ref.conversation.channelId;
    const messageId = Number(ref.messageId);
    // The message the answer quotes when it must go out as new messages.
    const replyTo = messageIdOf(ref.handle) ?? messageIdOf(ref.conversation.replyHandle);
    const memoKey = `update:${chatId}:${messageId}`;
    const first = parts[0];
    if (first.kind === 'text') {
      // Progress text → the answer's first part, edited in place; the rest follow.
      try {
        await telegram.editMessageText(chatId, messageId, undefined, first.html, { parse_mode: 'HTML', reply_markup: first.keyboard, link_preview_options: { is_disabled: true } });
      } catch (err) {
        if (isTelegramError(err, 400, /can't parse entities/i)) {
          await call('editMessageText', () => telegram.editMessageText(chatId, messageId, undefined, first.plain, { reply_markup: first.keyboard }));
        } else if (isTelegramError(err, 400, /there is no text in the message to edit/i) && parts.length === 1) {
          // A chart (photo) message, e.g. an alert notice: its caption and buttons are edited, the chart stays.
          await editCaption(chatId, messageId, first);
        } else if (isTelegramError(err, 400, /message to edit not found|message can't be edited/i)) {
          // The progress message is gone (deleted by someone): the answer goes out as new messages.
          await sendParts(ref.conversation, reply, parts, memoKey, replyTo);
          return;
        } else if (!isTelegramError(err, 400, /message is not modified/i)) {
          throw toPlatformError(err, 'editMessageText', token);
        }
      }
      await threads.remember(chatId, [messageId], ref.conversation.threadId);
      // The follow-up parts quote nothing: with the edited message they read as one answer.
      if (parts.length > 1) await sendParts(ref.conversation, reply, parts.slice(1), memoKey, undefined);
      return;
    }
    // A photo or file cannot replace a text message: send it, then remove the progress line.
    await sendParts(ref.conversation, reply, parts, memoKey, replyTo);
    try {
      await telegram.deleteMessage(chatId, messageId);
    } catch (err) {
      if (isTelegramError(err, 400, /message to delete not found/i)) return;
      log.warn({ err: toPlatformError(err, 'deleteMessage', token) }, 'progress message not deleted; marking it done');
      await telegram.editMessageText(chatId, messageId, undefined, '✅ Answered below.').catch(() => undefined);
    }
  }

  return { send, update };
}
