/**
 * Slack through @slack/bolt: the composition of inbound.ts (payloads →
 * ChatMessage, listeners), outbound.ts (Reply → Web API) and the transport.
 * HTTP mode (`POST /slack/events` on the shared server: slash commands,
 * events and interactions, signature checked with a 5-minute window) or
 * Socket Mode when an app token is given. Every event is handed to
 * `onMessage` (the core records and queues it: milliseconds) and only then
 * acknowledged; when `onMessage` rejects the event is not acknowledged, so
 * Slack delivers it again. Slash commands over HTTP skip bolt (`acceptCommand`:
 * they come in bursts, and bolt would only wrap the same steps); events and
 * interactions go through bolt. No queue or concurrency limit of its own, and no
 * conversation state in process memory: `send` and `update` work in a
 * process that never called `start()` (a worker, another replica).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger as BoltLogger } from '@slack/bolt';
import type { AdapterCapabilities, AdapterMemory, ChatAdapter, ChatMessage, HttpRoute, MessageHandler, SealedEvent } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { toPlatformError } from './errors.ts';
import { encodeReplyHandle, fromSlashCommand, isNotRecorded, NotRecordedError, registerInboundListeners, type SlashCommandBody } from './inbound.ts';
import { createSlackOutbound } from './outbound.ts';
import { verifySlackSignature } from './verify-signature.ts';
import { checkSlackBody, slashCommandForm } from './validate-request.ts';

/** `config.slack` (validated once in load-config.ts; trusted here) plus what every adapter gets. */
/** Slack drops a request not answered within 3 s; acknowledge before that whatever is still running. */
const ACK_DEADLINE_MS = 2_500;
/** How often responses waiting for their recording are checked against that deadline. */
const ACK_SWEEP_MS = 100;

export interface SlackAdapterOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_SIGNING_SECRET: HTTP mode. */
  signingSecret?: string;
  /** SLACK_APP_TOKEN (xapp-…); when set the adapter uses Socket Mode and serves no HTTP route. */
  appToken?: string;
  /** SLACK_API_URL: Web API base (default https://slack.com/api/); a trailing slash is added. */
  apiUrl?: string;
  /** What the adapter remembers between messages (which threads are the bot's), shared by every process. */
  memory: AdapterMemory;
  logger?: Logger;
  /** HTTP path for commands, events and interactions (default /slack/events). */
  eventsPath?: string;
  /** Timeout of one Web API call (default 15 000 ms). */
  requestTimeoutMs?: number;
  /** Largest request body accepted (default 1 MiB). */
  maxBodyBytes?: number;
}

/** The Slack ChatAdapter, and which transport it receives on. */
export interface SlackAdapter extends ChatAdapter {
  readonly mode: 'http' | 'socket';
}

const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

/** Creates the Slack adapter; `send` / `update` work at once, `start` begins receiving. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const mode: 'http' | 'socket' = options.appToken ? 'socket' : 'http';
  const log = options.logger ?? silentLogger;
  const eventsPath = options.eventsPath ?? '/slack/events';
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const slackApiUrl = normaliseApiUrl(options.apiUrl);
  const boltLogger = createBoltLogger(log);
  const trustedHookHosts: ReadonlySet<string> = new Set(['hooks.slack.com', new URL(slackApiUrl).hostname]);
  const clientOptions = {
    slackApiUrl,
    timeout: options.requestTimeoutMs ?? 15_000,
    // Retries and 429 waits belong to the delivery layer (PlatformError.retryAfterMs).
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  };

  // HTTP: the response (the ack) is written after the listeners ran, i.e. after `onMessage` resolved.
  const httpReceiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: options.signingSecret ?? '',
          endpoints: [eventsPath],
          processBeforeResponse: true,
          // The route below has verified the signature already (and refused what fails it): not twice.
          signatureVerification: false,
          logger: boltLogger,
          unhandledRequestTimeoutMillis: ACK_DEADLINE_MS,
          // Recording is taking longer than Slack waits (an overloaded store): acknowledge anyway, so the person
          // sees no "operation timed out" for a message that is still being recorded and then answered.
          unhandledRequestHandler: ({ response }) => {
            log.warn({ deadlineMs: ACK_DEADLINE_MS }, 'slack request acknowledged at the deadline, before its recording finished');
            if (!response.headersSent) response.writeHead(200).end();
          },
          processEventErrorHandler: async ({ error, response }) => {
            if (!response.headersSent) {
              // Not recorded: a 5xx makes Slack redeliver events (commands show the user an error).
              const notRecorded = isNotRecorded(error);
              if (!notRecorded) log.error({ err: { message: oneLine(error) } }, 'slack request failed in bolt');
              response.writeHead(notRecorded ? 503 : 500, { 'content-type': 'text/plain' }).end(notRecorded ? 'try again' : 'internal error');
            }
            return false;
          },
        })
      : undefined;
  const socketReceiver = mode === 'socket' ? new SocketModeReceiver({ appToken: options.appToken!, logger: boltLogger, installerOptions: { clientOptions } }) : undefined;
  const app = new App({
    token: options.botToken,
    receiver: httpReceiver ?? socketReceiver,
    clientOptions,
    logger: boltLogger,
    deferInitialization: true,
    convoStore: false,
  });
  if (socketReceiver) deferSocketEventAcks(app, socketReceiver, log);

  let onMessage: MessageHandler | undefined;
  let running = false;

  /**
   * Hands a message to the core; `done` is called once it is recorded (no argument) or could not be (the error,
   * logged here). No promise of its own: the command path runs once per request of a burst.
   */
  function deliverThen(message: ChatMessage, done: (err?: NotRecordedError) => void): void {
    handThen((handler) => handler(message), { messageId: message.id, kind: message.kind, channel: message.conversation.channelId }, done);
  }

  /** `deliverThen` for the core's `run` of the handler: a message, or a sealed event the core decodes after the ack. */
  function handThen(run: (handler: MessageHandler) => Promise<void>, fields: Record<string, unknown>, done: (err?: NotRecordedError) => void): void {
    const handler = onMessage;
    if (!handler || !running) {
      done(new NotRecordedError(new Error('slack adapter not running')));
      return;
    }
    log.debug(fields, 'slack message received');
    let recorded: Promise<void>;
    try {
      recorded = run(handler);
    } catch (err) {
      notRecorded(fields, err, done);
      return;
    }
    recorded.then(
      () => done(),
      (err: unknown) => notRecorded(fields, err, done),
    );
  }

  function notRecorded(fields: Record<string, unknown>, err: unknown, done: (err?: NotRecordedError) => void): void {
    log.error({ err, ...fields }, 'slack message could not be recorded; not acknowledged (Slack sends it again)');
    done(new NotRecordedError(err));
  }

  /** A slash command's checked form body as its message (`ChatAdapter.decode`, after the ack of a sealed command). */
  function decode(event: SealedEvent): ChatMessage {
    const form = slashCommandForm(event.body);
    const receivedAt = new Date(event.receivedAtMs);
    return fromSlashCommand(form, receivedAt, encodeReplyHandle(form.response_url, receivedAt, trustedHookHosts));
  }

  function deliver(message: ChatMessage): Promise<void> {
    return new Promise((resolve, reject) => deliverThen(message, (err) => (err ? reject(err) : resolve())));
  }

  registerInboundListeners(app, { deliver, memory: options.memory, log, trustedHookHosts });
  app.error(async (err) => {
    // Rethrown so the transport does not acknowledge the event.
    if (isNotRecorded(err)) throw err;
    log.error({ err: { message: err.message, code: (err as { code?: string }).code } }, 'slack listener error');
  });

  const outbound = createSlackOutbound({ client: app.client, memory: options.memory, log, trustedHookHosts, requestTimeoutMs: options.requestTimeoutMs });

  /**
   * `POST /slack/events`. Runs on callbacks, not promises: slash commands come in bursts of hundreds, and each
   * promise on this path is an allocation and (with the request context's async hooks on) a hook call per request.
   */
  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    if (!running || !httpReceiver) {
      req.resume();
      res.writeHead(503, { 'content-type': 'text/plain' }).end('slack adapter not running');
      return;
    }
    readBody(req, maxBodyBytes, (err, raw) => {
      if (err) {
        const tooLarge = err.message === 'body too large';
        log.warn({ reason: tooLarge ? `body over ${maxBodyBytes} bytes` : String(err.message).split('\n')[0] }, 'slack request rejected');
        if (!res.headersSent) res.writeHead(tooLarge ? 413 : 400, { 'content-type': 'text/plain', connection: 'close' }).end(tooLarge ? 'request body too large' : 'bad request');
        return;
      }
      // Called from the request's 'end' event: nothing may throw out of here.
      try {
        dispatchHttp(req, res, raw!);
      } catch (e) {
        log.error({ err: { message: oneLine(e) } }, 'slack request failed');
        if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      }
    });
  }

  function dispatchHttp(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    if (isSslCheck(req, raw)) {
      res.writeHead(200).end();
      return;
    }
    const verdict = verifySlackSignature(req.headers, raw, options.signingSecret ?? '', Date.now());
    if (!options.signingSecret || !verdict.ok) {
      log.warn({ reason: verdict.ok ? 'no signing secret' : verdict.reason, retryNum: req.headers['x-slack-retry-num'] }, 'slack request rejected');
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
    if (shape.form) {
      acceptCommand(shape.form as unknown as SlashCommandBody, raw, res);
      return;
    }
    // Bolt compares the content type exactly and reuses a buffered body (checking the signature once more).
    req.headers['content-type'] = shape.contentType;
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    httpReceiver!.requestListener(req, res);
  }

  /**
   * Responses still waiting for their recording, oldest first (one deadline for all, so insertion order is due
   * order): one timer for all of them, not one per request.
   */
  const awaitingAck = new Set<{ res: ServerResponse; due: number }>();
  let ackTimer: NodeJS.Timeout | undefined;
  function ackOverdue(): void {
    const now = performance.now();
    for (const w of awaitingAck) {
      if (w.due > now) break;
      awaitingAck.delete(w);
      if (w.res.headersSent) continue;
      log.warn({ deadlineMs: ACK_DEADLINE_MS }, 'slack request acknowledged at the deadline, before its recording finished');
      w.res.writeHead(200).end();
    }
    if (!awaitingAck.size) {
      clearInterval(ackTimer);
      ackTimer = undefined;
    }
  }

  /**
   * A slash command over HTTP, without bolt (it is the burst-prone path, and
   * bolt's middleware would only wrap the same three steps): the checked form →
   * ChatMessage → recorded by the core → 200; where the core journals sealed
   * events, the checked body itself → journaled → 200, and `decode` builds the
   * message after the burst. A recording slower than Slack
   * waits is acknowledged at the deadline (it is still recorded and answered);
   * one that failed gets a 503 and Slack shows the person an error to retry.
   */
  function acceptCommand(form: SlashCommandBody, raw: Buffer, res: ServerResponse): void {
    const waiting = { res, due: performance.now() + ACK_DEADLINE_MS };
    awaitingAck.add(waiting);
    ackTimer ??= setInterval(ackOverdue, ACK_SWEEP_MS).unref();
    const done = (err?: NotRecordedError): void => {
      awaitingAck.delete(waiting);
      if (res.headersSent) return;
      // Not recorded (handThen logged why): not acknowledged.
      if (err) res.writeHead(503, { 'content-type': 'text/plain' }).end('try again');
      else res.writeHead(200).end();
    };
    const sealed = onMessage?.sealed;
    if (sealed) {
      const event: SealedEvent = { platform: 'slack', body: raw.toString('utf8'), receivedAtMs: Date.now() };
      handThen(() => sealed(event), { kind: 'command', channel: form.channel_id }, done);
      return;
    }
    const receivedAt = new Date();
    deliverThen(fromSlashCommand(form, receivedAt, encodeReplyHandle(form.response_url, receivedAt, trustedHookHosts)), done);
  }

  async function start(handler: MessageHandler): Promise<void> {
    onMessage = handler;
    try {
      await app.init(); // auth.test: a bad token fails here, in one line
    } catch (err) {
      throw toPlatformError('Slack auth.test', err);
    }
    running = true;
    if (mode === 'socket') {
      try {
        await app.start();
      } catch (err) {
        running = false;
        throw toPlatformError('Slack Socket Mode connection', err);
      }
    }
    log.info({ mode }, 'slack adapter started');
  }

  async function stop(): Promise<void> {
    if (!running) return;
    running = false;
    if (mode === 'socket') await app.stop().catch((err: unknown) => log.warn({ err }, 'slack socket mode stop failed'));
  }

  const capabilities: AdapterCapabilities = { images: true, buttons: true, threads: true, editMessages: true, files: true, privateReplies: 'ephemeral' };

  return {
    platform: 'slack',
    capabilities,
    mode,
    start,
    stop,
    send: outbound.send,
    update: outbound.update,
    decode,
    httpRoutes: () => (mode === 'http' ? [{ method: 'POST', path: eventsPath, handler: handleHttp } satisfies HttpRoute] : []),
  };
}

/**
 * Socket Mode: bolt acknowledges Events API envelopes before its listeners
 * run. This replaces the receiver's envelope handler with one that holds an
 * event's ack until the listeners (and so `onMessage`) finished, and sends no
 * ack when the message could not be recorded (Slack then redelivers it).
 * Commands and interactions are acknowledged by their listeners, after
 * `onMessage`; an envelope bolt itself fails on is acknowledged and dropped.
 * The SocketModeClient (and its reconnects) stays bolt's.
 */
function deferSocketEventAcks(app: App, receiver: SocketModeReceiver, log: Logger): void {
  type Envelope = { ack: (response?: Record<string, unknown>) => Promise<void>; body: Record<string, unknown>; retry_num?: number; retry_reason?: string };
  receiver.client.removeAllListeners('slack_event');
  receiver.client.on('slack_event', async ({ ack, body, retry_num, retry_reason }: Envelope) => {
    const isEvent = body?.type === 'event_callback';
    let acked = false;
    let sent = false;
    const send = async (response?: unknown): Promise<void> => {
      if (sent) return;
      sent = true;
      await ack(response as Record<string, unknown> | undefined);
    };
    const boltAck = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      if (!isEvent) await send(response);
    };
    try {
      await app.processEvent({ body, ack: boltAck, retryNum: retry_num, retryReason: retry_reason, customProperties: {} });
      if (isEvent && acked) await send();
    } catch (err) {
      if (isNotRecorded(err)) return; // no ack: Slack delivers it again
      // Anything else failed on this payload itself (bolt could not parse it): a redelivery fails the same way.
      log.error({ err: { message: oneLine(err) } }, 'slack socket mode envelope failed; acknowledged and dropped');
      await send().catch(() => undefined);
    }
  });
}

function normaliseApiUrl(url: string | undefined): string {
  if (!url) return 'https://slack.com/api/';
  return url.endsWith('/') ? url : `${url}/`;
}

function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded') || !raw.includes('ssl_check=')) return false;
  return new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1';
}

/** A body being read: the state of one request's `readBody`, kept on the request (module-level listeners, no closures). */
interface BodyRead {
  limit: number;
  done: (err: Error | undefined, body?: Buffer) => void;
  first?: Buffer;
  chunks?: Buffer[];
  size: number;
  finished: boolean;
}
const BODY = Symbol('slack body read');
type ReadingRequest = IncomingMessage & { [BODY]?: BodyRead };

function finishBody(r: BodyRead, err: Error | undefined, body?: Buffer): void {
  if (r.finished) return;
  r.finished = true;
  r.done(err, body);
}
function onBodyData(this: ReadingRequest, chunk: Buffer): void {
  const r = this[BODY]!;
  if (r.finished) return;
  r.size += chunk.length;
  if (r.size > r.limit) {
    this.resume();
    finishBody(r, new Error('body too large'));
    return;
  }
  // A webhook body is one chunk: no array, no concat.
  if (!r.first) r.first = chunk;
  else (r.chunks ??= [r.first]).push(chunk);
}
function onBodyEnd(this: ReadingRequest): void {
  const r = this[BODY]!;
  if (!r.finished) finishBody(r, undefined, r.chunks ? Buffer.concat(r.chunks) : (r.first ?? Buffer.alloc(0)));
}
function onBodyError(this: ReadingRequest, err: Error): void {
  finishBody(this[BODY]!, err);
}
function onBodyClose(this: ReadingRequest): void {
  const r = this[BODY]!;
  if (!r.finished) finishBody(r, new Error('request aborted'));
}

/** Reads a request body (at most `limit` bytes); `done` is called once, with the body or why there is none. */
function readBody(req: IncomingMessage, limit: number, done: (err: Error | undefined, body?: Buffer) => void): void {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    done(new Error('body too large'));
    return;
  }
  (req as ReadingRequest)[BODY] = { limit, done, first: undefined, chunks: undefined, size: 0, finished: false };
  req.on('data', onBodyData);
  req.on('end', onBodyEnd);
  req.on('error', onBodyError);
  req.on('close', onBodyClose);
}

/** Bolt's logger interface on top of a pino-style logger (bolt never sees tokens in our logs). */
function createBoltLogger(log: Logger): BoltLogger {
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

function oneLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0].replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/gi, '[token]').slice(0, 300);
}
