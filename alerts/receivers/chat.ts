/**
 * The chat receiver: a notification becomes a `Reply` (render.ts) and goes
 * through the chat adapters' delivery layer (`createDelivery`: per-channel
 * pacing, platform 429 waits). Where: the rule's channel (`channel` label from
 * its `receivers:` entry `slack:T123/C456`, `telegram:<chat id>`,
 * `discord:<channel id>`) or the configured default. The first notice of an
 * episode is posted to the channel; repeats and the resolved notice go into
 * its thread.
 *
 * Exactly once for the reader: a key already delivered is dropped (shared
 * memory), and the same `Reply` object is reused for every attempt of a key in
 * this process, so an adapter that posted the message but failed on the chart
 * upload does not post it again when the outbox retries. Failures become
 * `DeliveryError`s with the platform's retry advice; the outbox retries them.
 */
import { PlatformError, type AdapterMemory, type ChatAdapter, type ConversationRef, type Platform, type Reply, type SentRef } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import type { Delivery } from '../../bot/contracts/chat.ts';
import { DeliveryError, type Notification, type Receiver } from '../lifecycle/index.ts';
import { boundedMap, DELIVERED_TTL_MS, processMemory } from './memory.ts';
import { notificationReply, renderAlertChart, type WindowProvider } from './render.ts';

/** A scheduled report's run → the answer to post (throws to retry later). */
export type ReportProvider = (n: Notification) => Promise<Reply>;

export interface ChatReceiverOptions {
  adapters: readonly ChatAdapter[];
  delivery: Delivery;
  memory?: AdapterMemory;
  /** The recent window for the chart (absent: notices without a chart). */
  window?: WindowProvider;
  /** Where a rule without a channel posts (`slack:T/C`, …). */
  defaultChannel?: string;
  /** A scheduled report's answer (kind `report`): table, chart, Show SQL. Without it reports are refused. */
  report?: ReportProvider;
  logger?: Logger;
}

/** The conversation → its receivers entry (`slack:T123/C456`, `telegram:<chat>`, `discord:<channel>`); undefined for the console. The inverse of `parseChannel`. */
export function channelAddress(c: ConversationRef): string | undefined {
  if (c.platform === 'slack') return `slack:${c.workspaceKey}/${c.channelId}`;
  if (c.platform === 'telegram' || c.platform === 'discord') return `${c.platform}:${c.channelId}`;
  return undefined;
}

/** `slack:T123/C456` → the conversation; undefined when malformed. */
export function parseChannel(text: string | undefined): ConversationRef | undefined {
  const m = /^(slack|telegram|discord):(.+)$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  const platform = m[1] as Platform;
  if (platform === 'slack') {
    const [team, channel] = m[2].split('/');
    if (!team || !channel) return undefined;
    return { platform, workspaceKey: team, channelId: channel };
  }
  return { platform, workspaceKey: m[2], channelId: m[2] };
}

const sentKey = (k: string) => `alerts:sent:${k}`;
const threadKeyOf = (id: string) => `alerts:thread:${id}`;

export function createChatReceiver(o: ChatReceiverOptions): Receiver {
  const memory = o.memory ?? processMemory();
  const replies = boundedMap<string, Reply>(1_000);
  const byPlatform = new Map(o.adapters.map((a) => [a.platform, a]));

  async function buildReply(n: Notification): Promise<Reply> {
    if (n.kind === 'report') {
      if (!o.report) throw new DeliveryError('scheduled reports are not wired to this chat receiver', { retryable: false });
      return o.report(n);
    }
    let chart;
    let sql: string | undefined;
    try {
      const w = await o.window?.(n);
      if (w) {
        chart = await renderAlertChart(w);
        sql = w.sql;
      }
    } catch (err) {
      o.logger?.warn({ err, rule: n.alerts[0]?.ruleId }, 'alert chart could not be drawn; the notice goes without it');
    }
    return notificationReply(n, { chart, sql });
  }

  return {
    async send(n, { idempotencyKey }) {
      if (await memory.get(sentKey(idempotencyKey))) return; // delivered before (a re-send after a crash): dropped
      const target = parseChannel(n.commonLabels.channel ?? n.alerts[0]?.labels.channel ?? o.defaultChannel);
      if (!target) throw new DeliveryError(`no chat channel for this alert (set receivers: [slack:T/C] on the rule or a default channel)`, { retryable: false });
      const adapter = byPlatform.get(target.platform);
      if (!adapter) throw new DeliveryError(`no ${target.platform} adapter is configured`, { retryable: false });
      let to: ConversationRef = target;
      if (n.threadId !== n.id) {
        const thread = await memory.get(threadKeyOf(n.threadId));
        if (thread) to = { ...target, threadId: thread };
      }
      let reply = replies.get(idempotencyKey);
      if (!reply) {
        reply = await buildReply(n);
        replies.set(idempotencyKey, reply);
      }
      const ours = reply;
      // The delivery layer tells a person when their answer could not be delivered; for an alert the
      // outbox retries instead, so only this notice itself reaches the platform.
      const proxy: ChatAdapter = Object.assign(Object.create(adapter) as ChatAdapter, {
        send: (t: ConversationRef, r: Reply): Promise<SentRef> => (r === ours ? adapter.send(t, r) : Promise.resolve({ conversation: t, messageId: 'skipped' })),
      });
      let sent: SentRef;
      try {
        sent = await o.delivery.send(proxy, to, reply);
      } catch (err) {
        if (err instanceof PlatformError) throw new DeliveryError(`${err.platform}: ${err.message}`, { retryable: err.retryable, retryAfterMs: err.retryAfterMs });
        throw err;
      }
      replies.delete(idempotencyKey);
      await memory.set(sentKey(idempotencyKey), sent.messageId, DELIVERED_TTL_MS);
      if (n.threadId === n.id) await memory.set(threadKeyOf(n.id), sent.conversation.threadId ?? sent.messageId, DELIVERED_TTL_MS);
    },
  };
}
