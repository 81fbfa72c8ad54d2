/**
 * Outbound delivery for every adapter: one queue per channel paced below the
 * platform's rate limit, platform 429s honoured (`retryAfterMs`), transient
 * failures retried with backoff. A send that finally fails is reported to
 * the user in one line (best effort) and to the log in full — never dropped
 * silently.
 */
import PQueue from 'p-queue';
import pRetry, { AbortError } from 'p-retry';
import type { Logger } from '../../contracts/logger.ts';
import { PlatformError, type ChatAdapter, type ConversationRef, type Delivery, type Platform, type Reply, type SentRef } from '../../contracts/chat.ts';

/** At most `cap` sends per `intervalMs` to one channel (bursts up to `cap`). */
export interface ChannelRate {
  cap: number;
  intervalMs: number;
}

/**
 * Per-channel pacing below each platform's documented limit: Slack ~1
 * message/s per channel, Telegram ~1/s per chat, Discord 5 per 5 s per channel.
 */
export const DEFAULT_CHANNEL_RATES: Record<Platform, ChannelRate | null> = {
  slack: { cap: 4, intervalMs: 4_000 },
  telegram: { cap: 4, intervalMs: 4_000 },
  discord: { cap: 5, intervalMs: 5_000 },
  console: null,
};

export interface DeliveryOptions {
  logger: Logger;
  /** Pacing per channel, by platform (default DEFAULT_CHANNEL_RATES). */
  rates?: Partial<Record<Platform, ChannelRate | null>>;
  /** Attempts per send, the first included. */
  attempts?: number;
  /** First backoff delay; doubles each retry. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type { Delivery };

export function createDelivery(opts: DeliveryOptions): Delivery {
  const { logger } = opts;
  const attempts = opts.attempts ?? 5;
  const queues = new Map<string, PQueue>();

  function queueFor(to: ConversationRef): PQueue {
    const key = `${to.platform}:${to.workspaceKey}:${to.channelId}`;
    let q = queues.get(key);
    if (!q) {
      const rate = { ...DEFAULT_CHANNEL_RATES, ...opts.rates }[to.platform];
      q = new PQueue({ concurrency: 1, ...(rate ? { intervalCap: rate.cap, interval: rate.intervalMs } : {}) });
      q.on('idle', () => {
        if (q!.size === 0 && q!.pending === 0) queues.delete(key);
      });
      queues.set(key, q);
    }
    return q;
  }

  async function withRetries<T>(what: string, to: ConversationRef, fn: () => Promise<T>): Promise<T> {
    return pRetry(
      async () => {
        try {
          return await fn();
        } catch (err) {
          if (err instanceof PlatformError && err.retryable) {
            if (err.retryAfterMs !== undefined) await new Promise((r) => setTimeout(r, err.retryAfterMs));
            throw err;
          }
          throw new AbortError(err as Error);
        }
      },
      {
        retries: attempts - 1,
        factor: 2,
        minTimeout: opts.baseDelayMs ?? 500,
        maxTimeout: opts.maxDelayMs ?? 30_000,
        randomize: true,
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          logger.warn({ err: error, platform: to.platform, channel: to.channelId, attemptNumber, retriesLeft }, `${what} failed`);
        },
      },
    );
  }

  async function send(adapter: ChatAdapter, to: ConversationRef, reply: Reply): Promise<SentRef> {
    const q = queueFor(to);
    try {
      return (await q.add(() => withRetries('send', to, () => adapter.send(to, reply)))) as SentRef;
    } catch (err) {
      logger.error({ err, platform: to.platform, channel: to.channelId }, 'reply could not be delivered');
      if (!reply.error) {
        // Tell the user in one line; if even that fails, the log has it.
        const notice: Reply = { text: 'Your answer could not be delivered to this chat; the operator has the details in the log.', error: { code: 'PLATFORM_ERROR', message: 'delivery failed' } };
        await q.add(() => adapter.send(to, notice)).catch((e) => logger.error({ err: e }, 'failure notice could not be delivered either'));
      }
      throw err;
    }
  }

  async function update(adapter: ChatAdapter, ref: SentRef, reply: Reply): Promise<void> {
    if (!adapter.update) {
      await send(adapter, ref.conversation, reply);
      return;
    }
    const q = queueFor(ref.conversation);
    await q.add(() => withRetries('update', ref.conversation, () => adapter.update!(ref, reply)));
  }

  async function idle(): Promise<void> {
    await Promise.all([...queues.values()].map((q) => q.onIdle()));
  }

  return { send, update, idle };
}
