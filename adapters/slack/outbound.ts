/**
 * Slack outbound: `Reply` → Web API calls. Answers are Block Kit messages
 * (chat.postMessage, edited with chat.update); the chart and files go into
 * the answer's thread through the external upload flow
 * (files.getUploadURLExternal → upload → files.completeUploadExternal).
 * Where the bot cannot post (not a member of the channel), the answer goes
 * to the command's response_url, carried by the message's `replyHandle` and
 * then by the `SentRef.handle`. A private reply (Reply.visibility) is an
 * ephemeral message: through the response_url when there is one, else
 * chat.postEphemeral. Nothing here depends on the receiving
 * process: `send` and `update` work from the refs alone plus the shared
 * AdapterMemory (which threads are the bot's), in a process that never
 * started receiving.
 */
import type { webApi } from '@slack/bolt';
import { PlatformError, type AdapterMemory, type ConversationRef, type Reply, type ReplyImage, type SentRef } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { toPlatformError } from './errors.ts';
import { escapeAndClip, fallbackText, renderSlackMessage, safeFileName } from './format.ts';
import { decodeReplyHandle, THREAD_TTL_MS, threadKey } from './inbound.ts';

/** The Web API client and the shared memory outbound works from. */
export interface SlackOutboundOptions {
  client: webApi.WebClient;
  memory: AdapterMemory;
  log: Logger;
  /** Hosts a response_url may point at (hooks.slack.com, the Web API's host). */
  trustedHookHosts: ReadonlySet<string>;
  /** Timeout of one response_url POST (default 15 000 ms). */
  requestTimeoutMs?: number;
  now?: () => number;
}

/** The adapter's `send` and `update`. */
export interface SlackOutbound {
  send(to: ConversationRef, reply: Reply): Promise<SentRef>;
  update(ref: SentRef, reply: Reply): Promise<void>;
}

/** `SentRef.messageId` of an answer that went to a response_url (there is no message ts to edit). */
const RESPONSE_PREFIX = 'response:';
/** `SentRef.messageId` of a private reply sent with chat.postEphemeral (Slack cannot edit those). */
const EPHEMERAL_PREFIX = 'ephemeral:';

/** Creates `send` / `update`; they need no started adapter. */
export function createSlackOutbound(o: SlackOutboundOptions): SlackOutbound {
  const { client, log } = o;
  const now = o.now ?? Date.now;
  // Per-Reply bookkeeping within one delivery (the core retries a failed send with the same Reply):
  // never spans messages, so it is no conversation state.
  const posted = new WeakMap<Reply, string>();
  const filesDone = new WeakSet<Reply>();
  const updated = new WeakSet<Reply>();

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toPlatformError(what, err);
    }
  }

  /** Marks a thread as the bot's in the shared memory, so replies there are follow-ups on any replica. */
  async function rememberThread(channel: string, threadTs: string): Promise<void> {
    await o.memory.set(threadKey(channel, threadTs), '1', THREAD_TTL_MS).catch((err: unknown) => log.warn({ err, channel }, 'slack: could not remember the answer thread'));
  }

  async function upload(channel: string, threadTs: string | undefined, file: { data: Buffer; name: string; title: string; alt?: string; comment?: string }): Promise<string> {
    const res = await call('files upload', () =>
      client.filesUploadV2({
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file: file.data,
        filename: safeFileName(file.name),
        // Every text goes through the one Slack escaping (format.ts); `comment` arrives escaped.
        title: escapeAndClip(file.title, 250),
        ...(file.alt ? { alt_text: escapeAndClip(file.alt, 1000) } : {}),
        ...(file.comment ? { initial_comment: file.comment } : {}),
      } as Parameters<typeof client.filesUploadV2>[0]),
    );
    const first = (res as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
    return first ?? 'unknown';
  }

  async function uploadChart(reply: Reply, channel: string, threadTs: string, image: ReplyImage): Promise<void> {
    if (filesDone.has(reply)) return;
    await upload(channel, threadTs, { data: image.png, name: 'chart.png', title: image.alt || reply.text, alt: image.alt });
    filesDone.add(reply);
  }

  /** Posts to a response_url: visible to the person who asked, where the bot cannot post. */
  async function respond(url: string, reply: Reply, replaceOriginal: boolean): Promise<void> {
    const msg = renderSlackMessage(reply);
    const note = reply.image || reply.file ? '\n_Invite the bot to this channel to get charts and files here._' : '';
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: replaceOriginal, text: msg.text + note, blocks: msg.blocks }),
        signal: AbortSignal.timeout(o.requestTimeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new PlatformError('slack', `response_url: Slack could not be reached (${String((err as Error).message).split('\n')[0]})`, { retryable: true, cause: err });
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 100);
      throw new PlatformError('slack', `response_url: Slack answered HTTP ${res.status} ${text}`.trim(), { retryable: res.status >= 500 || res.status === 429 });
    }
  }

  async function sendToChannel(to: ConversationRef, reply: Reply): Promise<SentRef> {
    if (reply.file) {
      const id = await upload(to.channelId, to.threadId, { data: reply.file.data, name: reply.file.name, title: reply.file.name, comment: fallbackText(reply) });
      return { conversation: to, messageId: `file:${id}` };
    }
    let ts = posted.get(reply);
    if (!ts) {
      const msg = renderSlackMessage(reply);
      const res = await call('chat.postMessage', () =>
        client.chat.postMessage({ channel: to.channelId, ...(to.threadId ? { thread_ts: to.threadId } : {}), text: msg.text, blocks: msg.blocks as never, unfurl_links: false, unfurl_media: false }),
      );
      ts = String(res.ts);
      posted.set(reply, ts);
      await rememberThread(to.channelId, to.threadId ?? ts);
    }
    if (reply.image) await uploadChart(reply, to.channelId, to.threadId ?? ts, reply.image);
    // A top-level answer opens a thread: the SentRef says so (follow-ups there carry threadId = ts).
    return { conversation: { ...to, threadId: to.threadId ?? ts }, messageId: ts };
  }

  /**
   * A private reply (Reply.visibility): to the slash command's response_url as an ephemeral
   * message when the message carries one, else chat.postEphemeral to the person in the
   * conversation (its thread). Never chat.postMessage: nobody else sees it.
   */
  async function sendPrivate(to: ConversationRef, reply: Reply, handle: string | undefined): Promise<SentRef> {
    const { visibility, ...content } = reply;
    const hook = decodeReplyHandle(handle, o.trustedHookHosts, now());
    if (hook) {
      await respond(hook, content, false);
      return { conversation: to, messageId: `${RESPONSE_PREFIX}${to.channelId}`, handle };
    }
    const msg = renderSlackMessage(content);
    const res = await call('chat.postEphemeral', () =>
      client.chat.postEphemeral({ channel: to.channelId, user: visibility!.userId, ...(to.threadId ? { thread_ts: to.threadId } : {}), text: msg.text, blocks: msg.blocks as never }),
    );
    return { conversation: to, messageId: `${EPHEMERAL_PREFIX}${String(res.message_ts ?? '')}` };
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    if (reply.visibility) return sendPrivate(to, reply, to.replyHandle);
    try {
      return await sendToChannel(to, reply);
    } catch (err) {
      const hook = cannotPostThere(err) ? decodeReplyHandle(to.replyHandle, o.trustedHookHosts, now()) : undefined;
      if (!hook) throw err;
      log.info({ channel: to.channelId }, 'slack: bot cannot post in this channel; answering through the response_url');
      await respond(hook, reply, false);
      return { conversation: to, messageId: `${RESPONSE_PREFIX}${to.channelId}`, handle: to.replyHandle };
    }
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    const channel = ref.conversation.channelId;
    // A private reply is never edited into a message others may see: it is sent privately.
    if (reply.visibility) {
      await sendPrivate(ref.conversation, reply, ref.handle ?? ref.conversation.replyHandle);
      return;
    }
    if (ref.messageId.startsWith(EPHEMERAL_PREFIX)) throw new PlatformError('slack', 'an ephemeral message cannot be edited', { retryable: false });
    if (ref.messageId.startsWith(RESPONSE_PREFIX)) {
      const hook = decodeReplyHandle(ref.handle ?? ref.conversation.replyHandle, o.trustedHookHosts, now());
      if (!hook) throw new PlatformError('slack', 'response_url expired: the answer could not be delivered', { retryable: false });
      await respond(hook, reply, true);
      return;
    }
    if (ref.messageId.startsWith('file:')) {
      await send(ref.conversation, reply);
      return;
    }
    if (!updated.has(reply)) {
      const msg = renderSlackMessage(reply);
      await call('chat.update', () => client.chat.update({ channel, ts: ref.messageId, text: msg.text, blocks: msg.blocks as never }));
      updated.add(reply);
    }
    const threadTs = ref.conversation.threadId ?? ref.messageId;
    if (reply.image) await uploadChart(reply, channel, threadTs, reply.image);
    if (reply.file && !filesDone.has(reply)) {
      await upload(channel, threadTs, { data: reply.file.data, name: reply.file.name, title: reply.file.name });
      filesDone.add(reply);
    }
  }

  return { send, update };
}

/** The bot is not in the channel (or cannot post there). */
function cannotPostThere(err: unknown): boolean {
  const code = ((err as PlatformError)?.cause as { data?: { error?: string } } | undefined)?.data?.error;
  return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived' || code === 'restricted_action';
}
