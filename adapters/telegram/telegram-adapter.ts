/**
 * Telegram adapter: the composition of inbound (update → ChatMessage),
 * outbound (Reply → Bot API calls) and the transport, through telegraf's Bot
 * API client. Long polling by default; a webhook when `webhookUrl` is set,
 * its `secret_token` checked on every request before anything reaches the core.
 *
 * Each update is acknowledged only after `onMessage` resolved (the core has
 * recorded and queued the message, which takes milliseconds): the webhook
 * request is answered then (500 when `onMessage` rejected, so Telegram
 * delivers it again), and long polling moves its offset — the `offset` of the
 * next getUpdates, which is how Telegram learns what was received — past an
 * update only then; a rejected one is fetched again after a pause. The adapter
 * runs no queue of its own, and keeps no conversation state in memory: `send`
 * and `update` work in a process that never called `start()`.
 */
import { Telegram } from 'telegraf';
import type { AdapterMemory, ChatAdapter, HttpRoute, MessageHandler } from '../../bot/contracts/chat.ts';
import { COMMANDS } from '../../bot/contracts/commands.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { isTelegramError, toPlatformError } from './errors.ts';
import { isWellFormedUpdate, normalizeUpdate, type BotIdentity, type TgUpdate } from './inbound.ts';
import { createOutbound, createThreadMemory } from './outbound.ts';
import { createWebhookHandler, derivedWebhookSecret } from './webhook.ts';

/** The adapter's settings: `config.telegram` (validated at start by the config loader) plus what the app passes. */
export interface TelegramAdapterOptions {
  /** TELEGRAM_BOT_TOKEN: `<bot id>:<secret>` from @BotFather. */
  token: string;
  /** TELEGRAM_API_ROOT: Bot API server (default https://api.telegram.org). */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL: public https URL of the webhook; unset = long polling. */
  webhookUrl?: string;
  /** TELEGRAM_WEBHOOK_SECRET: the `secret_token`; derived from the token when unset. */
  webhookSecret?: string;
  /** Shared memory of which thread each bot message belongs to (`telegram:thread:<chat>:<message>`). */
  memory: AdapterMemory;
  logger?: Logger;
  /** Register the command menu (from the contracts' COMMANDS) with setMyCommands on start (default true). */
  registerCommands?: boolean;
  /** Largest webhook body accepted (default 1 MiB). */
  maxWebhookBodyBytes?: number;
  /** First pause before an update whose `onMessage` rejected is fetched again by long polling (default 1 s, doubling to 30 s). */
  pollRetryMs?: number;
}

/** The Telegram ChatAdapter, with its mode and (once started) the bot's identity. */
export interface TelegramAdapter extends ChatAdapter {
  readonly platform: 'telegram';
  /** `polling` or `webhook`, from the options. */
  readonly mode: 'polling' | 'webhook';
  /** The bot's identity, known after start(). */
  readonly me: BotIdentity | undefined;
}

/** The command menu for setMyCommands, built from the contracts' command list. */
export const TELEGRAM_COMMANDS: readonly { command: string; description: string }[] = COMMANDS.map((c) => ({ command: c.name, description: c.description }));

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const POLL_TIMEOUT_SEC = 50;
const MAX_POLL_RETRY_MS = 30_000;
/** telegraf types the signal with the abort-controller polyfill's AbortSignal; Node's is the same at run time. */
type CallApiSignal = NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Builds the adapter; nothing is called on Telegram until `start` (or a `send`). */
export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const token = opts.token;
  const log = opts.logger ?? silent;
  const webhook = opts.webhookUrl ? { url: new URL(opts.webhookUrl), secret: opts.webhookSecret ?? derivedWebhookSecret(token) } : undefined;
  const pollRetryMs = opts.pollRetryMs ?? 1_000;
  const telegram = new Telegram(token, { apiRoot: opts.apiRoot ?? 'https://api.telegram.org', webhookReply: false });
  const threads = createThreadMemory(opts.memory, log);
  const outbound = createOutbound({ telegram, token, threads, logger: log });
  let me: BotIdentity | undefined;
  let onMessage: MessageHandler | undefined;
  let running = false;
  let polling: { abort: AbortController; done: Promise<void> } | undefined;

  /**
   * One update: normalised and handed to `onMessage`. Resolves when the update
   * may be acknowledged (recorded, a duplicate, or not for the bot); rejects
   * when `onMessage` rejected (the store is down), so it must not be.
   */
  async function receive(update: TgUpdate): Promise<void> {
    if (!me || !onMessage) throw new DatalabsError('BAD_INPUT', 'the Telegram adapter is not started');
    let message;
    try {
      message = await normalizeUpdate(update, { me, threadOf: threads.threadOf });
    } catch (err) {
      log.warn({ err: { message: String((err as Error)?.message ?? err).split('\n')[0] }, updateId: update?.update_id }, 'telegram update could not be read; ignored');
      return;
    }
    if (message) {
      try {
        await onMessage(message);
      } catch (err) {
        log.error({ err, messageId: message.id }, 'telegram message not recorded; not acknowledged, Telegram delivers it again');
        throw err;
      }
    } else {
      log.debug({ updateId: update?.update_id }, 'telegram update ignored');
    }
    // Stop the pressed button's spinner; the answer follows as a message.
    const query = isWellFormedUpdate(update) ? update.callback_query : undefined;
    if (query) await telegram.answerCbQuery(query.id).catch((err) => log.warn({ err: toPlatformError(err, 'answerCallbackQuery', token) }, 'callback query not acknowledged'));
  }

  /**
   * Long polling with telegraf's client. The offset sent with each getUpdates
   * acknowledges every update below it, so it moves past an update only once
   * `receive` resolved for it; after a rejection the loop pauses and fetches
   * from that update again. On stop, one short getUpdates confirms the offset.
   */
  async function poll(abort: AbortController): Promise<void> {
    let offset = 0;
    let retryMs = pollRetryMs;
    let confirm = true;
    try {
      while (!abort.signal.aborted) {
        let updates: TgUpdate[];
        try {
          updates = (await telegram.callApi('getUpdates', { timeout: POLL_TIMEOUT_SEC, offset, allowed_updates: [...ALLOWED_UPDATES] }, { signal: abort.signal as unknown as CallApiSignal })) as unknown as TgUpdate[];
        } catch (err) {
          if (abort.signal.aborted || (err as Error)?.name === 'AbortError') break;
          if (isTelegramError(err, 401) || isTelegramError(err, 409)) {
            // A revoked token, or another instance polling with it: nothing to confirm.
            confirm = false;
            throw err;
          }
          const retryAfter = isTelegramError(err) ? err.parameters?.retry_after : undefined;
          log.warn({ err: toPlatformError(err, 'getUpdates', token) }, 'Telegram getUpdates failed; polling again shortly');
          await pause((retryAfter ?? 5) * 1000, abort.signal);
          continue;
        }
        for (const update of updates) {
          if (abort.signal.aborted) break;
          try {
            await receive(update);
          } catch {
            // Not recorded: the offset stays here and Telegram hands this update out again.
            await pause(retryMs, abort.signal);
            retryMs = Math.min(MAX_POLL_RETRY_MS, retryMs * 2);
            break;
          }
          retryMs = pollRetryMs;
          if (Number.isSafeInteger(update?.update_id)) offset = Math.max(offset, update.update_id + 1);
        }
      }
    } finally {
      if (confirm && offset > 0) await telegram.callApi('getUpdates', { offset, limit: 1, timeout: 0 }).catch(() => undefined);
    }
  }

  async function start(handler: MessageHandler): Promise<void> {
    if (running) throw new DatalabsError('BAD_INPUT', 'the Telegram adapter is already running');
    const call = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (err) {
        throw toPlatformError(err, method, token);
      }
    };
    const info = await call('getMe', () => telegram.getMe());
    me = { id: info.id, username: info.username };
    onMessage = handler;
    if (opts.registerCommands !== false) {
      await call('setMyCommands', () => telegram.setMyCommands([...TELEGRAM_COMMANDS])).catch((err) => log.warn({ err }, 'bot commands not registered'));
    }
    if (webhook) {
      await call('setWebhook', () => telegram.setWebhook(webhook.url.href, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }));
      running = true;
      log.info({ bot: me.username, path: webhook.url.pathname }, 'Telegram webhook set');
      return;
    }
    // getUpdates fails while a webhook is set: remove it before polling starts.
    await call('deleteWebhook', () => telegram.deleteWebhook());
    running = true;
    const abort = new AbortController();
    const done = poll(abort).catch((err) => log.error({ err: toPlatformError(err, 'getUpdates', token) }, 'Telegram long polling stopped'));
    polling = { abort, done };
    log.info({ bot: me.username }, 'Telegram long polling started');
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    if (polling) {
      polling.abort.abort();
      await polling.done;
      polling = undefined;
    }
  }

  const handleWebhook = webhook
    ? createWebhookHandler({ secret: webhook.secret, path: webhook.url.pathname, maxBodyBytes: opts.maxWebhookBodyBytes ?? 1024 * 1024, isRunning: () => running, receive, logger: log })
    : undefined;

  return {
    platform: 'telegram',
    mode: webhook ? 'webhook' : 'polling',
    get me() {
      return me;
    },
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true, privateReplies: 'direct' },
    start,
    stop,
    send: outbound.send,
    update: outbound.update,
    httpRoutes(): HttpRoute[] {
      return webhook && handleWebhook ? [{ method: 'POST', path: webhook.url.pathname, handler: handleWebhook }] : [];
    },
  };
}
