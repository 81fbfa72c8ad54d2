/**
 * Telegram adapter (telegraf). Long polling by default; a webhook when
 * `webhookUrl` is set, its `secret_token` checked on every request before
 * anything reaches the core. Answers are HTML: a photo with a caption, or a
 * `<pre>` table, split to Telegram's limits, with an inline keyboard
 * (Show SQL, Export CSV). Replying to one of the bot's answers refines it.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Telegraf } from 'telegraf';
import type { ChatAdapter, ConversationRef, HttpRoute, MessageHandler, Reply, SentRef } from '../../bot/contracts/chat.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { isWellFormedUpdate, normalizeUpdate, type BotIdentity, type TgUpdate } from './normalize-update.ts';
import { renderReply, safeFileName, type OutMessage } from './render-html.ts';
import { isTelegramError, toPlatformError } from './telegram-errors.ts';

/** The subset of a pino logger the adapter uses. */
export interface TelegramLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface TelegramAdapterOptions {
  /** TELEGRAM_BOT_TOKEN: `<bot id>:<secret>` from @BotFather. */
  token: string;
  /** TELEGRAM_API_ROOT: Bot API server (default https://api.telegram.org). */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL: public https URL of the webhook; unset = long polling. */
  webhookUrl?: string;
  /** TELEGRAM_WEBHOOK_SECRET: the `secret_token` ([A-Za-z0-9_-], 1–256); derived from the token when unset. */
  webhookSecret?: string;
  logger?: TelegramLogger;
  /** Register /ask, /sql, /help, /start with setMyCommands on start (default true). */
  registerCommands?: boolean;
  /** How long stop() waits for messages still being answered (default 10 s). */
  stopTimeoutMs?: number;
  /** Largest webhook body accepted (default 1 MiB). */
  maxWebhookBodyBytes?: number;
}

export interface TelegramAdapter extends ChatAdapter {
  readonly platform: 'telegram';
  /** `polling` or `webhook`, from the options. */
  readonly mode: 'polling' | 'webhook';
  /** The bot's identity, known after start(). */
  readonly me: BotIdentity | undefined;
}

export const TELEGRAM_COMMANDS = [
  { command: 'ask', description: 'Ask a question about the data' },
  { command: 'sql', description: 'Run a read-only SQL query' },
  { command: 'help', description: 'How to ask, with examples' },
  { command: 'start', description: 'Start and show help' },
  { command: 'datalabs', description: 'Workspace: setup, admin …, whoami' },
  { command: 'history', description: 'Latest questions; /rerun <id> runs one again' },
  { command: 'saved', description: 'Saved queries; /run <name> runs one' },
] as const;

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAP_LIMIT = 5000;

const silent: TelegramLogger = { debug() {}, info() {}, warn() {}, error() {} };

function setBounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > MAP_LIMIT) map.delete(map.keys().next().value as K);
}

function sha256(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}

function validate(opts: TelegramAdapterOptions): { webhook?: { url: URL; secret: string } } {
  if (!opts.token || !/^\d+:[A-Za-z0-9_-]+$/.test(opts.token)) {
    throw new DatalabsError('CONFIG_INVALID', 'TELEGRAM_BOT_TOKEN is missing or not a bot token (expected <bot id>:<secret> from @BotFather)');
  }
  if (opts.apiRoot !== undefined && !/^https?:\/\//.test(opts.apiRoot)) {
    throw new DatalabsError('CONFIG_INVALID', 'TELEGRAM_API_ROOT must be an http(s):// URL');
  }
  if (!opts.webhookUrl) return {};
  let url: URL;
  try {
    url = new URL(opts.webhookUrl);
  } catch {
    throw new DatalabsError('CONFIG_INVALID', 'TELEGRAM_WEBHOOK_URL is not a valid URL');
  }
  if (url.protocol !== 'https:') throw new DatalabsError('CONFIG_INVALID', 'TELEGRAM_WEBHOOK_URL must be an https:// URL (Telegram delivers webhooks over HTTPS only)');
  const secret = opts.webhookSecret ?? sha256(`datalabs-telegram-webhook:${opts.token}`).toString('hex');
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(secret)) {
    throw new DatalabsError('CONFIG_INVALID', 'TELEGRAM_WEBHOOK_SECRET must be 1–256 characters of A-Z, a-z, 0-9, _ and -');
  }
  return { webhook: { url, secret } };
}

export function createTelegramAdapter(opts: TelegramAdapterOptions): TelegramAdapter {
  const { webhook } = validate(opts);
  const token = opts.token;
  const log = opts.logger ?? silent;
  const stopTimeoutMs = opts.stopTimeoutMs ?? 10_000;
  const maxBody = opts.maxWebhookBodyBytes ?? 1024 * 1024;
  const bot = new Telegraf(token, { telegram: { apiRoot: opts.apiRoot ?? 'https://api.telegram.org', webhookReply: false }, handlerTimeout: 30_000 });
  let me: BotIdentity | undefined;
  let onMessage: MessageHandler | undefined;
  let polling: Promise<void> | undefined;
  let running = false;
  const inflight = new Set<Promise<void>>();
  /** `chat:botMessageId` → thread of the conversation that message answered. */
  const threadOfMessage = new Map<string, string>();
  /** `chat:thread` → the message a reply in that thread should quote. */
  const replyTargets = new Map<string, number>();
  /** Parts of a multi-message reply already sent, so a retried send does not repeat them. */
  const partial = new WeakMap<Reply, Map<string, number[]>>();

  const threadKey = (ref: ConversationRef) => `${ref.channelId}:${ref.threadId ?? ''}`;

  function dispatch(update: TgUpdate): void {
    if (!me || !onMessage) return;
    let n: ReturnType<typeof normalizeUpdate>;
    try {
      n = normalizeUpdate(update, { me, threadOf: (chat, id) => threadOfMessage.get(`${chat}:${id}`) });
    } catch (err) {
      log.warn({ err: { message: String((err as Error)?.message ?? err).split('\n')[0] }, updateId: update?.update_id }, 'telegram update could not be read; ignored');
      return;
    }
    if (!n) {
      log.debug({ updateId: update?.update_id }, 'telegram update ignored');
      return;
    }
    setBounded(replyTargets, threadKey(n.message.conversation), n.replyTo);
    // Never await the answer here: polling and the webhook are acknowledged at once.
    const handler = onMessage;
    const p = Promise.resolve()
      .then(() => handler(n.message))
      .catch((err) => log.error({ err, messageId: n.message.id }, 'telegram message handler failed'))
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }

  bot.on('message', (ctx) => dispatch(ctx.update as unknown as TgUpdate));
  bot.on('callback_query', async (ctx) => {
    const update = ctx.update as unknown as TgUpdate;
    // Stop the button's spinner first; the answer follows as a message.
    await ctx.answerCbQuery().catch((err) => log.warn({ err: toPlatformError(err, 'answerCallbackQuery', token) }, 'callback query not acknowledged'));
    dispatch(update);
  });
  bot.catch((err) => log.error({ err: toPlatformError(err, 'update', token) }, 'telegram update failed'));

  async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toPlatformError(err, method, token);
    }
  }

  function replyParameters(replyTo: number | undefined) {
    return replyTo === undefined ? undefined : { message_id: replyTo, allow_sending_without_reply: true };
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
          return (await bot.telegram.sendMessage(chatId, body, { ...common, ...fmt, link_preview_options: { is_disabled: true } })).message_id;
        case 'photo':
          return (await bot.telegram.sendPhoto(chatId, { source: m.png, filename: 'chart.png' }, { ...multipart, ...fmt, caption: body })).message_id;
        case 'document':
          return (await bot.telegram.sendDocument(chatId, { source: m.file.data, filename: safeFileName(m.file.name) }, { ...multipart, ...fmt, caption: body })).message_id;
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

  /** Sends `parts` in order, remembering progress so a retry resumes where it failed. */
  async function sendParts(to: ConversationRef, reply: Reply, parts: OutMessage[], memoKey: string, replyTo: number | undefined): Promise<number[]> {
    let byTarget = partial.get(reply);
    if (!byTarget) partial.set(reply, (byTarget = new Map()));
    const sent = byTarget.get(memoKey) ?? [];
    byTarget.set(memoKey, sent);
    for (let i = sent.length; i < parts.length; i++) {
      const id = await sendOne(to.channelId, parts[i], i === 0 ? replyTo : undefined);
      sent.push(id);
      if (to.threadId !== undefined) setBounded(threadOfMessage, `${to.channelId}:${id}`, to.threadId);
    }
    byTarget.delete(memoKey);
    return sent;
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    const ids = await sendParts(to, reply, renderReply(reply), `send:${threadKey(to)}`, replyTargets.get(threadKey(to)));
    return { conversation: to, messageId: String(ids[0]) };
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    const parts = renderReply(reply);
    const chatId = ref.conversation.channelId;
    const messageId = Number(ref.messageId);
    const first = parts[0];
    if (first.kind === 'text') {
      // Progress text → the answer's first part, edited in place; the rest follow.
      try {
        await bot.telegram.editMessageText(chatId, messageId, undefined, first.html, { parse_mode: 'HTML', reply_markup: first.keyboard, link_preview_options: { is_disabled: true } });
      } catch (err) {
        if (isTelegramError(err, 400, /can't parse entities/i)) {
          await call('editMessageText', () => bot.telegram.editMessageText(chatId, messageId, undefined, first.plain, { reply_markup: first.keyboard }));
        } else if (isTelegramError(err, 400, /message to edit not found|message can't be edited/i)) {
          // The progress message is gone (deleted by someone): the answer goes out as new messages.
          await sendParts(ref.conversation, reply, parts, `update:${chatId}:${messageId}`, replyTargets.get(threadKey(ref.conversation)));
          return;
        } else if (!isTelegramError(err, 400, /message is not modified/i)) {
          throw toPlatformError(err, 'editMessageText', token);
        }
      }
      if (ref.conversation.threadId !== undefined) setBounded(threadOfMessage, `${chatId}:${messageId}`, ref.conversation.threadId);
      // The follow-up parts quote nothing: with the edited message they read as one answer.
      if (parts.length > 1) await sendParts(ref.conversation, reply, parts.slice(1), `update:${chatId}:${messageId}`, undefined);
      return;
    }
    // A photo or file cannot replace a text message: send it, then remove the progress line.
    await sendParts(ref.conversation, reply, parts, `update:${chatId}:${messageId}`, replyTargets.get(threadKey(ref.conversation)));
    try {
      await bot.telegram.deleteMessage(chatId, messageId);
    } catch (err) {
      if (isTelegramError(err, 400, /message to delete not found/i)) return;
      log.warn({ err: toPlatformError(err, 'deleteMessage', token) }, 'progress message not deleted; marking it done');
      await bot.telegram.editMessageText(chatId, messageId, undefined, '✅ Answered below.').catch(() => undefined);
    }
  }

  async function start(handler: MessageHandler): Promise<void> {
    if (running) throw new DatalabsError('BAD_INPUT', 'the Telegram adapter is already running');
    onMessage = handler;
    const info = await call('getMe', () => bot.telegram.getMe());
    me = { id: info.id, username: info.username };
    bot.botInfo = info;
    if (opts.registerCommands !== false) {
      await call('setMyCommands', () => bot.telegram.setMyCommands([...TELEGRAM_COMMANDS])).catch((err) => log.warn({ err }, 'bot commands not registered'));
    }
    if (webhook) {
      await call('setWebhook', () => bot.telegram.setWebhook(webhook.url.href, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }));
      running = true;
      log.info({ bot: me.username, path: webhook.url.pathname }, 'Telegram webhook set');
      return;
    }
    // getUpdates fails while a webhook is set: remove it before polling starts.
    await call('deleteWebhook', () => bot.telegram.deleteWebhook());
    running = true;
    polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err) => {
      log.error({ err: toPlatformError(err, 'getUpdates', token) }, 'Telegram long polling stopped');
    });
    log.info({ bot: me.username }, 'Telegram long polling started');
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    if (polling) {
      try {
        bot.stop('adapter stop');
      } catch {
        /* polling already ended (e.g. a 401 or 409 from getUpdates) */
      }
      await polling;
      polling = undefined;
    }
    if (inflight.size) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, stopTimeoutMs)));
      await Promise.race([Promise.allSettled([...inflight]), timeout]);
      clearTimeout(timer);
    }
  }

  /** The body, or undefined when it is over the limit (the rest is drained so a 413 can still be answered). */
  function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        fn();
      };
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > maxBody) finish(() => resolve(undefined));
        else chunks.push(chunk);
      });
      req.on('end', () => finish(() => resolve(Buffer.concat(chunks))));
      req.on('error', (err) => finish(() => reject(err)));
      req.on('close', () => finish(() => reject(new Error('request aborted'))));
    });
  }


  /** The webhook behind an error boundary: whatever happens, one log line and an answer. */
  async function handleWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await handleWebhookRequest(req, res);
    } catch (err) {
      log.error({ err: { message: String((err as Error)?.message ?? err).split('\n')[0] } }, 'Telegram webhook request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    }
  }

  async function handleWebhookRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const got = req.headers[SECRET_HEADER];
    if (typeof got !== 'string' || got === '') {
      log.warn({ path: webhook!.url.pathname }, 'Telegram webhook without a secret token refused');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized');
      req.resume();
      return;
    }
    if (!crypto.timingSafeEqual(sha256(got), sha256(webhook!.secret))) {
      log.warn({ path: webhook!.url.pathname }, 'Telegram webhook with a wrong secret token refused');
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
      req.resume();
      return;
    }
    if (!running) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('not running');
      req.resume();
      return;
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      log.warn({ contentType: type.slice(0, 60) }, 'Telegram webhook refused: not JSON');
      req.resume();
      res.writeHead(415, { 'content-type': 'text/plain' }).end('unsupported content type');
      return;
    }
    const declared = Number(req.headers['content-length']);
    const body = Number.isFinite(declared) && declared > maxBody ? undefined : await readBody(req);
    if (!body) {
      log.warn({ limit: maxBody }, 'Telegram webhook refused: body too large');
      req.resume();
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('too large');
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      update = undefined;
    }
    if (typeof update !== 'object' || update === null || Array.isArray(update) || !Number.isSafeInteger((update as TgUpdate).update_id)) {
      log.warn({ bytes: body.length }, 'Telegram webhook refused: not an update');
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad update');
      return;
    }
    if (!isWellFormedUpdate(update)) {
      // Telegram redelivers anything not acknowledged: a malformed update is acknowledged and dropped.
      log.warn({ updateId: (update as TgUpdate).update_id }, 'Telegram update malformed; acknowledged and ignored');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    // Handling only normalises and queues the message (and acknowledges a button), so it is quick.
    try {
      await bot.handleUpdate(update as never);
    } catch (err) {
      log.warn({ err: toPlatformError(err, 'update', token), updateId: update.update_id }, 'Telegram update failed; acknowledged');
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }

  return {
    platform: 'telegram',
    mode: webhook ? 'webhook' : 'polling',
    get me() {
      return me;
    },
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true },
    start,
    stop,
    send,
    update,
    httpRoutes(): HttpRoute[] {
      return webhook ? [{ method: 'POST', path: webhook.url.pathname, handler: handleWebhook }] : [];
    },
  };
}


