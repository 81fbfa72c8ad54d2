/**
 * Slack through @slack/bolt. HTTP mode (`POST /slack/events` on the shared
 * server: slash commands, events and interactions, signature checked with a
 * 5-minute window) or Socket Mode when an app token is given. Everything is
 * acknowledged at once and handed to the core without waiting for the
 * answer. Answers are Block Kit messages; the chart goes into the answer's
 * thread through the external upload flow (files.getUploadURLExternal →
 * upload → files.completeUploadExternal).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { AdapterCapabilities, ChatAdapter, ChatMessage, ConversationRef, HttpRoute, MessageHandler, Reply, ReplyImage, SentRef } from '../../bot/contracts/chat.ts';
import { PlatformError } from '../../bot/contracts/chat.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { fromBlockAction, fromMessageEvent, fromSlashCommand, type BlockActionBody, type SlackMessageEvent, type SlashCommandBody } from './normalise.ts';
import { escapeAndClip, fallbackText, renderSlackMessage, safeFileName } from './render-blocks.ts';
import { toPlatformError } from './slack-errors.ts';
import { verifySlackSignature } from './verify-signature.ts';
import { checkBlockActions, checkSlackBody, messageEventProblem, parsedBodyProblem, slashCommandProblem } from './validate-request.ts';

/** pino-compatible: `(obj, msg)` or `(msg)`. */
export interface SlackAdapterLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

export interface SlackAdapterOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET; required in HTTP mode. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…); when set the adapter uses Socket Mode and serves no HTTP route. */
  appToken?: string;
  /** SLACK_API_URL: Web API base (default https://slack.com/api/); a trailing slash is added. */
  apiUrl?: string;
  /** HTTP path for commands, events and interactions (default /slack/events). */
  eventsPath?: string;
  logger?: SlackAdapterLogger;
  /** Timeout of one Web API call (default 15 000 ms). */
  requestTimeoutMs?: number;
  /** Answers worked on at once; later messages wait their turn (default 4). Acks never wait. */
  maxConcurrent?: number;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface SlackAdapter extends ChatAdapter {
  readonly mode: 'http' | 'socket';
}

const THREADS_REMEMBERED = 20_000;
const silentLogger: SlackAdapterLogger = { debug() {}, info() {}, warn() {}, error() {} };

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  if (!options.botToken) throw new DatalabsError('CONFIG_INVALID', 'SLACK_BOT_TOKEN is required for the Slack adapter');
  const mode: 'http' | 'socket' = options.appToken ? 'socket' : 'http';
  if (mode === 'http' && !options.signingSecret) throw new DatalabsError('CONFIG_INVALID', 'SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  const log = options.logger ?? silentLogger;
  const eventsPath = options.eventsPath ?? '/slack/events';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const maxConcurrent = Math.max(1, options.maxConcurrent ?? 4);
  const slackApiUrl = normaliseApiUrl(options.apiUrl);
  const boltLogger = createBoltLogger(log);
  const clientOptions = {
    slackApiUrl,
    timeout: options.requestTimeoutMs ?? 15_000,
    // Retries and 429 waits belong to the delivery layer (PlatformError.retryAfterMs).
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };

  const receiver =
    mode === 'http'
      ? new HTTPReceiver({ signingSecret: options.signingSecret!, endpoints: [eventsPath], processBeforeResponse: false, logger: boltLogger, unhandledRequestTimeoutMillis: 2500 })
      : undefined;
  const app = new App({
    token: options.botToken,
    ...(mode === 'socket' ? { appToken: options.appToken, socketMode: true } : { receiver }),
    clientOptions,
    logger: boltLogger,
    deferInitialization: true,
    convoStore: false,
  });
  const client = app.client;

  let onMessage: MessageHandler | undefined;
  let running = false;
  /** Threads our answers opened or live in (`channel:ts`): replies there are follow-ups. */
  const threads = new Set<string>();
  /** Replies already posted, so a retried send/update does not post twice. */
  const posted = new WeakMap<Reply, string>();
  const imagesDone = new WeakSet<Reply>();
  const updated = new WeakSet<Reply>();
  /** The latest slash command's response_url per channel: the way to answer where the bot is not a member. */
  const responseUrls = new Map<string, { url: string; at: number }>();
  const RESPONSE_URL_TTL_MS = 29 * 60_000;
  const trustedHookHosts = new Set(['hooks.slack.com', new URL(slackApiUrl).hostname]);

  function rememberThread(channel: string, ts: string): void {
    threads.add(`${channel}:${ts}`);
    if (threads.size > THREADS_REMEMBERED) threads.delete(threads.values().next().value!);
  }

  /**
   * Hands a message to the core without waiting for the answer. At most
   * `maxConcurrent` answers are worked on at once (the rest wait in order),
   * so a burst of slow questions never starves the acks of the next requests.
   */
  const waiting: ChatMessage[] = [];
  let active = 0;
  function dispatch(message: ChatMessage): void {
    if (!onMessage || !running) return;
    log.debug({ messageId: message.id, kind: message.kind, channel: message.conversation.channelId }, 'slack message received');
    waiting.push(message);
    setImmediate(pump);
  }
  function pump(): void {
    while (active < maxConcurrent && waiting.length && onMessage) {
      const message = waiting.shift()!;
      const handler = onMessage;
      active++;
      void Promise.resolve()
        .then(() => handler(message))
        .catch((err) => log.error({ err, messageId: message.id }, 'slack message handling failed'))
        .finally(() => {
          active--;
          setImmediate(pump);
        });
    }
  }

  // The same shape checks as the HTTP route, for Socket Mode (and anything bolt lets through):
  // a malformed body is acknowledged (so Slack does not redeliver it) and dropped with a log line.
  app.use(async ({ body, next, ...rest }) => {
    const problem = parsedBodyProblem(body);
    if (!problem) return next();
    log.warn({ reason: problem }, 'slack payload malformed; acknowledged and ignored');
    const ack = (rest as { ack?: () => Promise<void> }).ack;
    if (ack) await ack().catch(() => undefined);
  });

  app.command(/^\/.+/, async ({ command, ack }) => {
    await ack();
    const problem = slashCommandProblem(command);
    if (problem) return void log.warn({ reason: problem }, 'slack command malformed; ignored');
    const body = command as SlashCommandBody;
    rememberResponseUrl(body.channel_id, body.response_url);
    dispatch(fromSlashCommand(body, new Date()));
  });

  app.action({ type: 'block_actions' }, async ({ body, ack }) => {
    await ack();
    const verdict = checkBlockActions(body as unknown as Record<string, unknown>);
    if (verdict.action !== 'dispatch') return void log.warn({ reason: verdict.action === 'refuse' ? verdict.reason : 'ignored' }, 'slack block_actions malformed; ignored');
    const message = fromBlockAction(body as unknown as BlockActionBody, new Date());
    if (message) dispatch(message);
  });

  app.event('app_mention', async ({ event, context, body }) => {
    const problem = messageEventProblem(event);
    if (problem) return void log.warn({ reason: problem }, 'slack app_mention malformed; ignored');
    const ev = event as unknown as SlackMessageEvent;
    if (ev.bot_id) return;
    const message = fromMessageEvent(ev, { teamId: stringOrUndefined((body as { team_id?: unknown }).team_id), botUserId: context.botUserId, mention: true, receivedAt: new Date() });
    if (message.conversation.threadId) rememberThread(message.conversation.channelId, message.conversation.threadId);
    dispatch(message);
  });

  app.event('message', async ({ event, context, body }) => {
    const problem = messageEventProblem(event);
    if (problem) return void log.warn({ reason: problem }, 'slack message event malformed; ignored');
    const ev = event as unknown as SlackMessageEvent;
    if (ev.bot_id || !ev.user || !ev.text) return;
    if (ev.subtype && ev.subtype !== 'file_share' && ev.subtype !== 'thread_broadcast') return;
    const isDm = ev.channel_type === 'im';
    const bot = context.botUserId;
    if (!isDm) {
      // Channel mentions arrive as app_mention too; only plain replies in our threads are handled here.
      if (bot && ev.text.includes(`<@${bot}`)) return;
      if (!ev.thread_ts || ev.thread_ts === ev.ts) return;
      const ours = threads.has(`${ev.channel}:${ev.thread_ts}`) || (bot !== undefined && ev.parent_user_id === bot);
      if (!ours) return;
    }
    dispatch(fromMessageEvent(ev, { teamId: stringOrUndefined((body as { team_id?: unknown }).team_id), botUserId: bot, mention: false, receivedAt: new Date() }));
  });

  app.error(async (err) => {
    log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'slack listener error');
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!running || !receiver) {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('slack adapter not running');
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, maxBodyBytes);
    } catch (err) {
      const tooLarge = (err as Error).message === 'body too large';
      log.warn({ reason: tooLarge ? `body over ${maxBodyBytes} bytes` : String((err as Error).message).split('\n')[0] }, 'slack request rejected');
      if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400, { 'content-type': 'text/plain', connection: 'close' }).end(tooLarge ? 'request body too large' : 'bad request');
      return;
    }
    if (isSslCheck(req, raw)) {
      res.writeHead(200).end();
      return;
    }
    const verdict = verifySlackSignature(req.headers, raw, options.signingSecret!, Date.now());
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason, retryNum: req.headers['x-slack-retry-num'] }, 'slack request rejected');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid signature');
      return;
    }
    // Signed is not well-formed: check every field bolt and the adapter read before bolt parses it.
    const shape = checkSlackBody(req.headers['content-type'], raw);
    if (shape.action === 'refuse') {
      log.warn({ reason: shape.reason, status: shape.status }, 'slack request refused: malformed body');
      res.writeHead(shape.status, { 'content-type': 'text/plain' }).end(shape.status === 415 ? 'unsupported content type' : 'malformed request');
      return;
    }
    if (shape.action === 'ignore') {
      log.info({ reason: shape.reason }, 'slack request acknowledged and ignored');
      res.writeHead(200).end();
      return;
    }
    // Bolt compares the content type exactly and reuses a buffered body (checking the signature once more).
    req.headers['content-type'] = shape.contentType;
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    try {
      receiver.requestListener(req, res);
    } catch (err) {
      log.error({ err: { message: String((err as Error)?.message ?? err).split('\n')[0] } }, 'slack request failed in bolt');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    }
  }

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toPlatformError(what, err);
    }
  }

  async function upload(channel: string, threadTs: string | undefined, file: { data: Buffer; name: string; title: string; alt?: string; comment?: string }): Promise<string> {
    const res = await call('files upload', () =>
      client.filesUploadV2({
        channel_id: channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        file: file.data,
        filename: safeFileName(file.name),
        // Every text goes through the one Slack escaping (render-blocks.ts); `comment` arrives escaped.
        title: escapeAndClip(file.title, 250),
        ...(file.alt ? { alt_text: escapeAndClip(file.alt, 1000) } : {}),
        ...(file.comment ? { initial_comment: file.comment } : {}),
      } as Parameters<typeof client.filesUploadV2>[0]),
    );
    const first = (res as { files?: Array<{ files?: Array<{ id?: string }> }> }).files?.[0]?.files?.[0]?.id;
    return first ?? 'unknown';
  }

  async function uploadChart(reply: Reply, channel: string, threadTs: string, image: ReplyImage): Promise<void> {
    if (imagesDone.has(reply)) return;
    await upload(channel, threadTs, { data: image.png, name: 'chart.png', title: image.alt || reply.text, alt: image.alt });
    imagesDone.add(reply);
  }

  function rememberResponseUrl(channel: string, url: string | undefined): void {
    if (!url) return;
    try {
      const u = new URL(url);
      if (!trustedHookHosts.has(u.hostname)) return;
    } catch {
      return;
    }
    responseUrls.delete(channel);
    responseUrls.set(channel, { url, at: Date.now() });
    if (responseUrls.size > 10_000) responseUrls.delete(responseUrls.keys().next().value!);
  }

  function responseUrlFor(channel: string): string | undefined {
    const hit = responseUrls.get(channel);
    return hit && Date.now() - hit.at < RESPONSE_URL_TTL_MS ? hit.url : undefined;
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
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new PlatformError('slack', `response_url: Slack could not be reached (${String((err as Error).message).split('\n')[0]})`, { retryable: true, cause: err });
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 100);
      throw new PlatformError('slack', `response_url: Slack answered HTTP ${res.status} ${text}`.trim(), { retryable: res.status >= 500 || res.status === 429 });
    }
  }

  /** The bot is not in the channel (or cannot post there). */
  function cannotPostThere(err: unknown): boolean {
    const code = ((err as PlatformError)?.cause as { data?: { error?: string } } | undefined)?.data?.error;
    return code === 'not_in_channel' || code === 'channel_not_found' || code === 'is_archived' || code === 'restricted_action';
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    try {
      return await sendToChannel(to, reply);
    } catch (err) {
      const hook = !to.threadId && cannotPostThere(err) ? responseUrlFor(to.channelId) : undefined;
      if (!hook) throw err;
      log.info({ channel: to.channelId }, 'slack: bot cannot post in this channel; answering through the command response_url');
      await respond(hook, reply, false);
      return { conversation: to, messageId: `response:${to.channelId}` };
    }
  }

  async function sendToChannel(to: ConversationRef, reply: Reply): Promise<SentRef> {
    if (reply.file) {
      const id = await upload(to.channelId, to.threadId, {
        data: reply.file.data,
        name: reply.file.name,
        title: reply.file.name,
        comment: fallbackText(reply),
      });
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
      rememberThread(to.channelId, to.threadId ?? ts);
    }
    if (reply.image) await uploadChart(reply, to.channelId, to.threadId ?? ts, reply.image);
    // A top-level answer opens a thread: the SentRef says so (follow-ups there carry threadId = ts).
    return { conversation: { ...to, threadId: to.threadId ?? ts }, messageId: ts };
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    const channel = ref.conversation.channelId;
    if (ref.messageId.startsWith('response:')) {
      const hook = responseUrlFor(channel);
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
    if (reply.file && !imagesDone.has(reply)) {
      await upload(channel, threadTs, { data: reply.file.data, name: reply.file.name, title: reply.file.name });
      imagesDone.add(reply);
    }
  }

  async function start(handler: MessageHandler): Promise<void> {
    onMessage = handler;
    try {
      await app.init(); // auth.test: a bad token fails here, in one line
    } catch (err) {
      throw toPlatformError('Slack auth.test', err);
    }
    if (mode === 'socket') {
      try {
        await app.start();
      } catch (err) {
        throw toPlatformError('Slack Socket Mode connection', err);
      }
    }
    running = true;
    log.info({ mode }, 'slack adapter started');
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    if (mode === 'socket') await app.stop().catch((err: unknown) => log.warn({ err }, 'slack socket mode stop failed'));
  }

  const capabilities: AdapterCapabilities = { images: true, buttons: true, threads: true, editMessages: true, files: true };

  return {
    platform: 'slack',
    capabilities,
    mode,
    start,
    stop,
    send,
    update,
    httpRoutes: () => (mode === 'http' ? [{ method: 'POST', path: eventsPath, handler: handleHttp } satisfies HttpRoute] : []),
  };
}

function normaliseApiUrl(url: string | undefined): string {
  if (!url) return 'https://slack.com/api/';
  if (!/^https?:\/\//.test(url)) throw new DatalabsError('CONFIG_INVALID', `SLACK_API_URL must be an http(s) URL ending in /api/, got ${url}`);
  return url.endsWith('/') ? url : `${url}/`;
}

function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  const type = String(req.headers['content-type'] ?? '');
  return type.startsWith('application/x-www-form-urlencoded') && new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new Error('body too large'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.resume();
        reject(new Error('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
    req.on('close', () => {
      if (done) return;
      done = true;
      reject(new Error('request aborted'));
    });
  });
}

/** Bolt's logger interface on top of a pino-style logger (bolt never sees tokens in our logs). */
function createBoltLogger(log: SlackAdapterLogger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m))).join(' ').replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/gi, '[token]');
  return {
    debug: (...msg: unknown[]) => log.debug({ component: 'bolt' }, text(msg)),
    info: (...msg: unknown[]) => log.info({ component: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => log.warn({ component: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => log.error({ component: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
