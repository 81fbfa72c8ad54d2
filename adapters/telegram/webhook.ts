/**
 * The webhook endpoint: Telegram POSTs each update with the `secret_token`
 * in a header. The secret is checked before anything is read; the update is
 * handed on, and the request answered only after it was recorded: 200 then,
 * 500 when recording failed, so that Telegram delivers the update again.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../bot/contracts/logger.ts';
import { isWellFormedUpdate, type TgUpdate } from './inbound.ts';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** What the webhook handler needs from the adapter. */
export interface WebhookOptions {
  /** The `secret_token` given to setWebhook. */
  secret: string;
  /** The URL path (for log lines). */
  path: string;
  /** Largest body accepted. */
  maxBodyBytes: number;
  /** False before start() and after stop(): deliveries are answered 503. */
  isRunning(): boolean;
  /** Handles a well-formed update; resolves once it may be acknowledged, rejects when it must be delivered again. */
  receive(update: TgUpdate): Promise<void>;
  logger: Logger;
}

function sha256(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}

/** The webhook secret derived from the token, when none is configured. */
export function derivedWebhookSecret(token: string): string {
  return sha256(`datalabs-telegram-webhook:${token}`).toString('hex');
}

/** The body, or undefined when it is over the limit (the rest is drained so a 413 can still be answered). */
function readBody(req: IncomingMessage, maxBody: number): Promise<Buffer | undefined> {
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

/** The webhook request handler, behind an error boundary: whatever happens, one log line and an answer. */
export function createWebhookHandler(opts: WebhookOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const log = opts.logger;
  const expected = sha256(opts.secret);
  const text = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
  const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const got = req.headers[SECRET_HEADER];
    if (typeof got !== 'string' || got === '') {
      log.warn({ path: opts.path }, 'Telegram webhook without a secret token refused');
      req.resume();
      return void text(res, 401, 'unauthorized');
    }
    if (!crypto.timingSafeEqual(sha256(got), expected)) {
      log.warn({ path: opts.path }, 'Telegram webhook with a wrong secret token refused');
      req.resume();
      return void text(res, 403, 'forbidden');
    }
    if (!opts.isRunning()) {
      req.resume();
      return void text(res, 503, 'not running');
    }
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      log.warn({ contentType: type.slice(0, 60) }, 'Telegram webhook refused: not JSON');
      req.resume();
      return void text(res, 415, 'unsupported content type');
    }
    const declared = Number(req.headers['content-length']);
    const body = Number.isFinite(declared) && declared > opts.maxBodyBytes ? undefined : await readBody(req, opts.maxBodyBytes);
    if (!body) {
      log.warn({ limit: opts.maxBodyBytes }, 'Telegram webhook refused: body too large');
      req.resume();
      return void text(res, 413, 'too large', { connection: 'close' });
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      update = undefined;
    }
    if (typeof update !== 'object' || update === null || Array.isArray(update) || !Number.isSafeInteger((update as TgUpdate).update_id)) {
      log.warn({ bytes: body.length }, 'Telegram webhook refused: not an update');
      return void text(res, 400, 'bad update');
    }
    if (!isWellFormedUpdate(update)) {
      // Telegram redelivers anything not acknowledged: a malformed update is acknowledged and dropped.
      log.warn({ updateId: (update as TgUpdate).update_id }, 'Telegram update malformed; acknowledged and ignored');
      return void ok(res);
    }
    try {
      // Normalises and records the message (milliseconds): no answering happens inside.
      await opts.receive(update);
    } catch {
      // Not recorded (the store is down; `receive` logged why): Telegram delivers it again.
      return void text(res, 500, 'not recorded; deliver again');
    }
    ok(res);
  }

  return async (req, res) => {
    try {
      await handle(req, res);
    } catch (err) {
      log.error({ err: { message: String((err as Error)?.message ?? err).split('\n')[0] } }, 'Telegram webhook request failed');
      if (!res.headersSent) text(res, 500, 'internal error');
    }
  };
}
