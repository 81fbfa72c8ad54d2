/**
 * Reply → Discord REST calls, in any process (a worker never logs in to the
 * gateway): `send` and `update` need only the bot token, the message's
 * `replyHandle` / `SentRef.handle` and the shared `AdapterMemory`.
 *
 * - An interaction's first message edits its deferred response
 *   (`PATCH /webhooks/{app}/{token}/messages/@original`); later ones are
 *   follow-ups (`POST /webhooks/{app}/{token}`). After 15 minutes the token is
 *   dead: the answer goes to the channel (or the answer thread) instead.
 * - An `/ask` answer opens a thread on itself
 *   (`POST /channels/{channel}/messages/{message}/threads`); the thread's
 *   parent is remembered as `discord:thread:<thread id>`.
 * - Everything else is a channel message (`POST /channels/{id}/messages`).
 * - A private reply (Reply.visibility) is an ephemeral interaction response or
 *   follow-up (flags 64), else a direct message to the person.
 */
import { DiscordAPIError, Routes, type REST, type RawFile, type RequestData } from 'discord.js';
import type { AdapterMemory, ConversationRef, Reply, SentRef } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { toPlatformError } from './errors.ts';
import { renderDiscordReply, threadName, type DiscordPayload } from './format.ts';
import { decodeReplyHandle, decodeSentHandle, encodeSentHandle, interactionAlive, INTERACTION_TOKEN_TTL_MS, type InteractionReplyHandle } from './handles.ts';

/** How long the adapter remembers a thread it opened (its parent channel). */
export const THREAD_MEMORY_TTL_MS = 30 * 24 * 3_600_000;

/** Memory key: thread id → parent channel id, for threads the bot opened. */
export const threadKey = (threadId: string): string => `discord:thread:${threadId}`;
/** Memory key: set once an interaction's deferred response has been written (later sends are follow-ups). */
const originalKey = (messageId: string): string => `discord:original:${messageId}`;

/** What the outbound needs: a REST client, the application, the shared memory. */
export interface DiscordOutboundOptions {
  /** A REST client with the bot token set (no gateway needed). */
  rest: REST;
  applicationId: string;
  memory: AdapterMemory;
  logger: Logger;
  /** Strings never to quote in an error (the bot token). */
  secrets: string[];
}

/** `send` / `update` for the adapter, plus the thread look-ups inbound uses. */
export interface DiscordOutbound {
  send(to: ConversationRef, reply: Reply): Promise<SentRef>;
  update(ref: SentRef, reply: Reply): Promise<void>;
  /** True when the bot opened this thread (known to the shared memory). */
  isOurThread(threadId: string): Promise<boolean>;
  /** The parent channel of a thread the bot opened, when known. */
  threadParent(threadId: string): Promise<string | undefined>;
}

interface CreatedMessage {
  id: string;
  channel_id: string;
}

/** Discord's answer to a dead interaction token (expired, or unknown to it): the channel is the way left. */
function isDeadToken(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === 50027 || err.code === 10015);
}

/** Discord's message flag EPHEMERAL: only the interaction's user sees the message. */
const EPHEMERAL = 1 << 6;

/** Discord refused a direct message: the user allows none from the bot (50007), or is unknown. */
function isDmRefused(err: unknown): boolean {
  return err instanceof DiscordAPIError && (err.code === 50007 || err.code === 50278);
}

/** A reply worth a thread: a real answer, not progress or an error. */
function isAnswer(reply: Reply): boolean {
  return !reply.error && Boolean(reply.table || reply.image || reply.buttons?.length);
}

/** The REST body (and uploads) of one complete message; `attachments` lists only the new files, so an edit replaces the old ones. */
export function toRequest(payload: DiscordPayload): Pick<RequestData, 'body' | 'files'> {
  const files: RawFile[] = payload.files.map((f, i) => ({ key: `files[${i}]`, name: f.name, data: f.attachment }));
  const body = {
    content: payload.content,
    embeds: payload.embeds,
    components: [...(payload.linkRows ?? []), ...payload.components].slice(0, 5),
    allowed_mentions: { parse: [] },
    attachments: payload.files.map((f, i) => ({ id: i, filename: f.name, ...(f.description ? { description: f.description } : {}) })),
  };
  return files.length ? { body, files } : { body };
}

/** The conversation as the core keeps it: without the per-message reply handle. */
function withoutHandle(ref: ConversationRef): ConversationRef {
  const { replyHandle: _once, ...rest } = ref;
  return rest;
}

/** Thrown inside the outbound when an interaction webhook refuses its token; caught there. */
class DeadTokenError extends Error {}

/** The outbound half of the adapter: works in any process, started or not. */
export function createDiscordOutbound(opts: DiscordOutboundOptions): DiscordOutbound {
  const { rest, applicationId, memory, logger } = opts;

  async function remembered(key: string): Promise<string | undefined> {
    // A memory failure is "unknown": answers still go out, to the channel.
    return memory.get(key).catch((err: unknown) => {
      logger.warn({ err, key }, 'discord: adapter memory unavailable');
      return undefined;
    });
  }

  async function remember(key: string, value: string, ttlMs: number): Promise<void> {
    await memory.set(key, value, ttlMs).catch((err: unknown) => logger.warn({ err, key }, 'discord: adapter memory could not be written'));
  }

  async function call<T>(what: string, secrets: string[], fn: () => Promise<unknown>): Promise<T> {
    try {
      return (await fn()) as T;
    } catch (err) {
      if (isDeadToken(err)) throw new DeadTokenError();
      throw toPlatformError(err, what, [...opts.secrets, ...secrets]);
    }
  }

  /** Where a message for this conversation goes without an interaction: its thread when the bot opened one, else `fallback`. */
  async function targetChannel(ref: ConversationRef, fallback = ref.channelId): Promise<string> {
    if (ref.threadId && (await remembered(threadKey(ref.threadId)))) return ref.threadId;
    return fallback;
  }

  async function openThread(channelId: string, messageId: string, question: string): Promise<void> {
    if (await remembered(threadKey(messageId))) return;
    try {
      const thread = await call<{ id: string }>('thread creation', [], () =>
        rest.post(Routes.threads(channelId, messageId), { body: { name: threadName(question), auto_archive_duration: 1440 } }),
      );
      await remember(threadKey(thread.id), channelId, THREAD_MEMORY_TTL_MS);
    } catch (err) {
      // The answer stands without its thread (e.g. missing Create Public Threads permission, a DM, a retried job).
      logger.warn({ err }, 'discord: could not open a thread on the answer');
    }
  }

  /**
   * A private reply (Reply.visibility). Through a live interaction: its response when that was
   * deferred ephemerally (`/datalabs web`), else an ephemeral follow-up (flags 64) with the
   * public response saying so. Without one: a direct message to the person (the channel gets
   * the notice), or — DMs closed (50007) — the `unreachable` line in the channel.
   */
  async function sendPrivate(to: ConversationRef, reply: Reply): Promise<SentRef> {
    const { visibility, ...content } = reply;
    const v = visibility!;
    const request = toRequest(renderDiscordReply(content));
    const conversation = withoutHandle(to);
    const handle = decodeReplyHandle(to.replyHandle);
    if (handle?.kind === 'interaction' && interactionAlive(handle.at)) {
      const { token, at, channelId, messageId } = handle;
      try {
        if (!(await remembered(originalKey(messageId)))) {
          if (handle.ephemeral) {
            await call('interaction reply', [token], () => rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { ...request, auth: false }));
            await remember(originalKey(messageId), '1', INTERACTION_TOKEN_TTL_MS + 60_000);
            return { conversation, messageId, handle: encodeSentHandle({ channelId, interaction: { token, at, original: true } }) };
          }
          // The deferred response is public: it gets the notice; the reply follows, ephemeral.
          await call('interaction reply', [token], () => rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { ...toRequest(renderDiscordReply({ text: v.notice })), auth: false }));
          await remember(originalKey(messageId), '1', INTERACTION_TOKEN_TTL_MS + 60_000);
        }
        const body = { ...(request.body as Record<string, unknown>), flags: EPHEMERAL };
        const created = await call<CreatedMessage>('interaction follow-up', [token], () =>
          rest.post(Routes.webhook(applicationId, token), { ...request, body, auth: false, query: new URLSearchParams({ wait: 'true' }) }),
        );
        return { conversation, messageId: created.id, handle: encodeSentHandle({ channelId: created.channel_id, interaction: { token, at, original: false } }) };
      } catch (err) {
        if (!(err instanceof DeadTokenError)) throw err;
        logger.info({ channelId }, 'discord: interaction token no longer valid; sending the private reply as a direct message');
      }
    }
    let created: CreatedMessage;
    let dmId: string;
    try {
      dmId = ((await rest.post(Routes.userChannels(), { body: { recipient_id: v.userId } })) as { id: string }).id;
      created = (await rest.post(Routes.channelMessages(dmId), request)) as CreatedMessage;
    } catch (err) {
      if (!isDmRefused(err)) throw toPlatformError(err, 'direct message', opts.secrets);
      logger.info({ channelId: to.channelId }, 'discord: the user takes no direct messages from the bot; telling the channel without the reply');
      return send({ ...to, replyHandle: undefined }, { text: v.unreachable });
    }
    const here = handle?.kind === 'channel' ? handle.channelId : (to.threadId ?? to.channelId);
    if (here !== dmId) await send({ ...to, replyHandle: undefined }, { text: v.notice }).catch((err: unknown) => logger.warn({ err }, 'discord: private reply sent; the notice in the channel was not'));
    return { conversation: { platform: 'discord', workspaceKey: conversation.workspaceKey, channelId: dmId }, messageId: created.id, handle: encodeSentHandle({ channelId: dmId }) };
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    if (reply.visibility) return sendPrivate(to, reply);
    const request = toRequest(renderDiscordReply(reply));
    const conversation = withoutHandle(to);
    const handle = decodeReplyHandle(to.replyHandle);
    if (handle?.kind === 'interaction' && interactionAlive(handle.at)) {
      try {
        return await sendThroughInteraction(handle, conversation, request, reply);
      } catch (err) {
        if (!(err instanceof DeadTokenError)) throw err;
        logger.info({ channelId: handle.channelId }, 'discord: interaction token no longer valid; answering in the channel');
      }
    }
    // No live interaction: a channel message (in the answer thread when the bot opened one).
    const channelId = handle?.kind === 'channel' ? handle.channelId : await targetChannel(to, handle?.channelId);
    const created = await call<CreatedMessage>('send', [], () => rest.post(Routes.channelMessages(channelId), request));
    return { conversation, messageId: created.id, handle: encodeSentHandle({ channelId: created.channel_id ?? channelId }) };
  }

  /** The interaction's deferred response when it is still unwritten, a follow-up after that. */
  async function sendThroughInteraction(handle: InteractionReplyHandle, conversation: ConversationRef, request: Pick<RequestData, 'body' | 'files'>, reply: Reply): Promise<SentRef> {
    const { token, at, channelId, messageId, question } = handle;
    if (!(await remembered(originalKey(messageId)))) {
      await call('interaction reply', [token], () => rest.patch(Routes.webhookMessage(applicationId, token, '@original'), { ...request, auth: false }));
      await remember(originalKey(messageId), '1', INTERACTION_TOKEN_TTL_MS + 60_000);
      if (question && isAnswer(reply)) await openThread(channelId, messageId, question);
      return { conversation, messageId, handle: encodeSentHandle({ channelId, interaction: { token, at, original: true, ...(question ? { question } : {}) } }) };
    }
    const created = await call<CreatedMessage>('interaction follow-up', [token], () =>
      rest.post(Routes.webhook(applicationId, token), { ...request, auth: false, query: new URLSearchParams({ wait: 'true' }) }),
    );
    return { conversation, messageId: created.id, handle: encodeSentHandle({ channelId: created.channel_id, interaction: { token, at, original: false } }) };
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    // A private reply is never edited into a message others may see: it is sent privately.
    if (reply.visibility) {
      await sendPrivate(ref.conversation, reply);
      return;
    }
    const request = toRequest(renderDiscordReply(reply));
    // An edit that brings no file keeps the message's attachments (an alert notice's chart when its status is edited in).
    if (!request.files) delete (request.body as { attachments?: unknown }).attachments;
    const handle = decodeSentHandle(ref.handle);
    const via = handle?.interaction;
    if (via && interactionAlive(via.at)) {
      try {
        await call('interaction edit', [via.token], () => rest.patch(Routes.webhookMessage(applicationId, via.token, via.original ? '@original' : ref.messageId), { ...request, auth: false }));
        if (via.original && via.question && isAnswer(reply)) await openThread(handle.channelId, ref.messageId, via.question);
        return;
      } catch (err) {
        if (!(err instanceof DeadTokenError)) throw err;
        logger.info({ channelId: handle.channelId }, 'discord: interaction token no longer valid; editing through the channel');
      }
    }
    const channelId = handle?.channelId ?? (await targetChannel(ref.conversation));
    await call('edit', [], () => rest.patch(Routes.channelMessage(channelId, ref.messageId), request));
  }

  return {
    send,
    update,
    async isOurThread(threadId) {
      return Boolean(await remembered(threadKey(threadId)));
    },
    threadParent: (threadId) => remembered(threadKey(threadId)),
  };
}
