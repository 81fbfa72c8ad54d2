/**
 * A loopback Slack: the Web API (`/api/<method>`, form or JSON bodies,
 * Bearer or `token` auth), the external upload URL, and the Socket Mode
 * WebSocket. It records calls, keeps the channel history the bot produced,
 * and rejects what Slack rejects: bad or missing tokens, missing required
 * fields, text over 40 000 characters, invalid Block Kit, unknown threads,
 * the retired `files.upload`. Inbound (Slack → app) requests are in
 * slack-requests.ts.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateBlocks } from './validate-blocks.ts';

export interface FakeSlackOptions {
  botToken: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  /** Author: the bot's user id, or a user's id for messages registered with `userMessage`. */
  user: string;
  text: string;
  blocks?: unknown[];
  /** Ids of files shared with this message. */
  files: string[];
  edits: number;
}

/** A chat.postEphemeral message: seen by `user` only, never in the channel's history. */
export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
}

export interface FakeFile {
  id: string;
  name: string;
  title?: string;
  altText?: string;
  length: number;
  data?: Buffer;
  completed: boolean;
}

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  /** `ok` or the error Slack answered with (`http_429`, `invalid_blocks`, …). */
  result: string;
}

export type Failure = { status: 429; retryAfterSec: number } | { status: 500 | 502 | 503 } | { error: string };

export interface FakeSlack {
  readonly url: string;
  /** Web API base for `SLACK_API_URL` (ends with /api/). */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly calls: ApiCall[];
  readonly messages: FakeMessage[];
  readonly files: Map<string, FakeFile>;
  /** Messages posted to slash commands' response_url (`<url>/commands/…`). */
  readonly responses: { path: string; body: Record<string, unknown> }[];
  /** Messages posted with chat.postEphemeral (users `UNOTIN…` are never in the channel). */
  readonly ephemerals: FakeEphemeral[];
  /** The next call of `method` fails this way (queued, one per call). */
  failNext(method: string, failure: Failure): void;
  /** Registers a user's message (so a bot reply can thread under it). */
  userMessage(channel: string, user: string, text: string, threadTs?: string): FakeMessage;
  callsOf(method: string): ApiCall[];
  /** Socket Mode: delivers an envelope and resolves with the app's ack. */
  socketSend(type: 'events_api' | 'slash_commands' | 'interactive', payload: unknown, opts?: { retryAttempt?: number; envelopeId?: string }): Promise<{ envelope_id: string; payload?: unknown }>;
  /** Resolves when a Socket Mode client has connected and been greeted. */
  socketConnected(): Promise<void>;
  /** Socket Mode connections opened so far (each greeted with `hello`). */
  readonly socketConnections: number;
  /** Socket Mode connections open now. */
  readonly socketsOpen: number;
  /**
   * Drops the Socket Mode connection(s) the way Slack can: `close` closes the
   * WebSocket server-side (code 1001, as when Slack recycles a host);
   * `refresh` first sends `{"type":"disconnect","reason":"refresh_requested"}`
   * and leaves the closing to the client. Resolves once the old sockets are closed.
   */
  socketDrop(how: 'close' | 'refresh'): Promise<void>;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
class ApiError extends Error {
  constructor(readonly error: string, readonly extra: Record<string, unknown> = {}) {
    super(error);
  }
}

const MESSAGE_TEXT_MAX = 40_000;

export async function startFakeSlack(opts: FakeSlackOptions): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'T0FAKE';
  const botUserId = opts.botUserId ?? 'U0BOT';
  const botId = opts.botId ?? 'B0BOT';
  const calls: ApiCall[] = [];
  const messages: FakeMessage[] = [];
  const responses: { path: string; body: Record<string, unknown> }[] = [];
  const ephemerals: FakeEphemeral[] = [];
  const files = new Map<string, FakeFile>();
  const failures = new Map<string, Failure[]>();
  const clock = 1_751_000_000;
  let seq = 0;
  let url = '';
  const sockets = new Set<WebSocket>();
  const pendingAcks = new Map<string, (ack: { envelope_id: string; payload?: unknown }) => void>();
  let greeted: () => void = () => {};
  let connected = new Promise<void>((r) => (greeted = r));
  let socketConnections = 0;

  const nextTs = () => `${clock + Math.floor(++seq / 1000)}.${String(seq % 1000).padStart(3, '0')}100`;

  function findMessage(channel: string, ts: string): FakeMessage | undefined {
    return messages.find((m) => m.channel === channel && m.ts === ts);
  }

  function requireString(args: Args, name: string, error = 'invalid_arguments'): string {
    const v = args[name];
    if (typeof v !== 'string' || v === '') throw new ApiError(error, { response_metadata: { messages: [`[ERROR] missing required field: ${name}`] } });
    return v;
  }

  function parseJsonArg(args: Args, name: string, error: string): unknown {
    const v = args[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      throw new ApiError(error);
    }
  }

  function messageContent(args: Args, requireContent: boolean): { text: string; blocks?: unknown[] } {
    const text = typeof args.text === 'string' ? args.text : '';
    const blocks = parseJsonArg(args, 'blocks', 'invalid_blocks_format') as unknown[] | undefined;
    if (requireContent && !text && (!blocks || (Array.isArray(blocks) && blocks.length === 0))) throw new ApiError('no_text');
    if (text.length > MESSAGE_TEXT_MAX) throw new ApiError('msg_too_long');
    if (blocks !== undefined) {
      if (!Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
      const errors = validateBlocks(blocks);
      if (errors.length) throw new ApiError('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    }
    return { text, blocks };
  }

  function checkChannel(channel: string): void {
    if (!/^[CDG][A-Z0-9]{2,}$/.test(channel)) throw new ApiError('channel_not_found');
    // Channels whose id starts with CNOTIN are ones the bot was never invited to.
    if (channel.startsWith('CNOTIN')) throw new ApiError('not_in_channel');
  }

  function checkThread(channel: string, threadTs: unknown): string | undefined {
    if (threadTs === undefined || threadTs === '') return undefined;
    if (typeof threadTs !== 'string' || !findMessage(channel, threadTs)) throw new ApiError('thread_not_found');
    return threadTs;
  }

  const methods: Record<string, (args: Args, token: string) => Record<string, unknown>> = {
    'auth.test': () => ({ url: `https://fake.slack.com/`, team: 'Fake', user: 'datalabs', team_id: teamId, user_id: botUserId, bot_id: botId, is_enterprise_install: false }),
    'chat.postMessage': (args) => {
      const channel = requireString(args, 'channel', 'channel_not_found');
      checkChannel(channel);
      const threadTs = checkThread(channel, args.thread_ts);
      const { text, blocks } = messageContent(args, true);
      const msg: FakeMessage = { channel, ts: nextTs(), threadTs, user: botUserId, text, blocks, files: [], edits: 0 };
      messages.push(msg);
      return { channel, ts: msg.ts, message: { type: 'message', user: botUserId, bot_id: botId, text, ts: msg.ts, ...(threadTs ? { thread_ts: threadTs } : {}), blocks } };
    },
    // Only `user` sees it; it is not part of the channel's history (not in `messages`).
    'chat.postEphemeral': (args) => {
      const channel = requireString(args, 'channel', 'channel_not_found');
      checkChannel(channel);
      const user = requireString(args, 'user', 'user_not_found');
      if (!/^[UW][A-Z0-9]{2,}$/.test(user)) throw new ApiError('user_not_found');
      if (user.startsWith('UNOTIN')) throw new ApiError('user_not_in_channel');
      const threadTs = checkThread(channel, args.thread_ts);
      const { text, blocks } = messageContent(args, true);
      const messageTs = nextTs();
      ephemerals.push({ channel, user, ts: messageTs, threadTs, text, blocks });
      return { message_ts: messageTs };
    },
    'chat.update': (args) => {
      const channel = requireString(args, 'channel', 'channel_not_found');
      const ts = requireString(args, 'ts', 'message_not_found');
      const msg = findMessage(channel, ts);
      if (!msg) throw new ApiError('message_not_found');
      if (msg.user !== botUserId) throw new ApiError('cant_update_message');
      const { text, blocks } = messageContent(args, true);
      msg.text = text;
      msg.blocks = blocks;
      msg.edits += 1;
      return { channel, ts, text, message: { text, blocks } };
    },
    'files.upload': () => {
      throw new ApiError('method_deprecated');
    },
    'files.getUploadURLExternal': (args) => {
      const filename = requireString(args, 'filename');
      const length = Number(args.length);
      if (!Number.isInteger(length) || length <= 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
      const id = `F${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
      files.set(id, { id, name: filename, length, altText: typeof args.alt_text === 'string' ? args.alt_text : undefined, completed: false });
      return { upload_url: `${url}/upload/v1/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => {
      const list = parseJsonArg(args, 'files', 'invalid_arguments');
      if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
      const channel = typeof args.channel_id === 'string' && args.channel_id ? args.channel_id : undefined;
      if (args.thread_ts !== undefined && !channel) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] thread_ts requires channel_id'] } });
      if (channel) checkChannel(channel);
      const threadTs = channel ? checkThread(channel, args.thread_ts) : undefined;
      const done = list.map((f: { id?: string; title?: string }) => {
        const file = f?.id ? files.get(f.id) : undefined;
        if (!file || !file.data) throw new ApiError('file_not_found');
        if (file.data.length !== file.length) throw new ApiError('file_upload_size_mismatch');
        file.completed = true;
        if (f.title) file.title = f.title;
        return file;
      });
      const comment = typeof args.initial_comment === 'string' ? args.initial_comment : '';
      if (comment.length > MESSAGE_TEXT_MAX) throw new ApiError('msg_too_long');
      if (channel) messages.push({ channel, ts: nextTs(), threadTs, user: botUserId, text: comment, files: done.map((f) => f.id), edits: 0 });
      return { files: done.map((f) => ({ id: f.id, name: f.name, title: f.title ?? f.name, size: f.length })) };
    },
    'apps.connections.open': () => ({ url: `${url.replace(/^http/, 'ws')}/link/?ticket=${crypto.randomUUID()}` }),
  };

  async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  }

  async function handleApi(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const raw = (await readBody(req)).toString('utf8');
    const type = String(req.headers['content-type'] ?? '');
    const args: Args = type.startsWith('application/json') ? (raw ? JSON.parse(raw) : {}) : Object.fromEntries(new URLSearchParams(raw));
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const { token: _t, ...recorded } = args;
    const record = (result: string) => calls.push({ method, args: recorded, result });
    const failure = failures.get(method)?.shift();
    if (failure) {
      if ('status' in failure) {
        record(`http_${failure.status}`);
        if (failure.status === 429) return send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSec) });
        return send(res, failure.status, { ok: false, error: 'server_error' });
      }
      record(failure.error);
      return send(res, 200, { ok: false, error: failure.error });
    }
    const handler = methods[method];
    try {
      if (!handler) throw new ApiError('unknown_method');
      if (!token) throw new ApiError('not_authed');
      const isAppToken = method === 'apps.connections.open';
      const expected = isAppToken ? opts.appToken : opts.botToken;
      if (token !== expected) throw new ApiError(token.startsWith('xapp-') || (isAppToken && token.startsWith('xox')) ? 'not_allowed_token_type' : 'invalid_auth');
      const out = handler(args, token);
      record('ok');
      send(res, 200, { ok: true, ...out });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      record(err.error);
      send(res, 200, { ok: false, error: err.error, ...err.extra });
    }
  }

  async function handleUpload(id: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const file = files.get(id);
    const raw = await readBody(req);
    calls.push({ method: 'upload', args: { file_id: id, bytes: raw.length }, result: file ? 'ok' : 'not_found' });
    if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    const type = String(req.headers['content-type'] ?? '');
    if (type.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
      if (!part) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('no file part');
      file.data = Buffer.from(await part.arrayBuffer());
    } else {
      file.data = raw;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.data.length}`);
  }

  /** A slash command's response_url: JSON with text (and blocks); no token needed. */
  async function handleResponseUrl(pathname: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
    }
    if (typeof body.text !== 'string' || !body.text) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('no_text');
    if (body.text.length > 40_000) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('msg_too_long');
    if (body.blocks !== undefined && (!Array.isArray(body.blocks) || validateBlocks(body.blocks).length)) return void res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_blocks');
    responses.push({ path: pathname, body });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const api = /^\/api\/([\w.]+)$/.exec(pathname);
    const upload = /^\/upload\/v1\/(\w+)$/.exec(pathname);
    const hook = /^\/commands\/[\w/]+$/.test(pathname);
    const work =
      req.method === 'POST' && api
        ? handleApi(api[1], req, res)
        : req.method === 'POST' && upload
          ? handleUpload(upload[1], req, res)
          : req.method === 'POST' && hook
            ? handleResponseUrl(pathname, req, res)
            : Promise.resolve(void res.writeHead(404).end());
    work.catch((err) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: `fake_error: ${(err as Error).message}` });
    });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!new URL(req.url ?? '/', 'http://localhost').pathname.startsWith('/link')) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => {
        sockets.delete(ws);
        if (sockets.size === 0) connected = new Promise<void>((r) => (greeted = r));
      });
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) pendingAcks.get(msg.envelope_id)?.({ envelope_id: msg.envelope_id, payload: msg.payload });
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: sockets.size, debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: 'A0FAKE' } }));
      socketConnections += 1;
      greeted();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    botUserId,
    calls,
    messages,
    files,
    responses,
    ephemerals,
    failNext(method, failure) {
      failures.set(method, [...(failures.get(method) ?? []), failure]);
    },
    userMessage(channel, user, text, threadTs) {
      const msg: FakeMessage = { channel, ts: nextTs(), threadTs, user, text, files: [], edits: 0 };
      messages.push(msg);
      return msg;
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    socketConnected: () => connected,
    get socketConnections() {
      return socketConnections;
    },
    get socketsOpen() {
      return sockets.size;
    },
    async socketDrop(how) {
      const old = [...sockets];
      const closed = old.map((ws) => new Promise<void>((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r()))));
      for (const ws of old) {
        // Unacknowledged envelopes on a dropped socket are lost, as on Slack (which redelivers events later).
        if (how === 'refresh') ws.send(JSON.stringify({ type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake-slack' } }));
        else ws.close(1001, 'going away');
      }
      // A client that ignores the disconnect message is cut off after a while, as Slack does.
      const cutoff = setTimeout(() => old.forEach((ws) => ws.terminate()), 5_000);
      await Promise.all(closed);
      clearTimeout(cutoff);
    },
    socketSend(type, payload, o = {}) {
      const ws = [...sockets][0];
      if (!ws) return Promise.reject(new Error('no Socket Mode client connected'));
      const envelopeId = o.envelopeId ?? crypto.randomUUID();
      return new Promise((resolve) => {
        pendingAcks.set(envelopeId, (ack) => {
          pendingAcks.delete(envelopeId);
          resolve(ack);
        });
        ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: o.retryAttempt ?? 0, retry_reason: o.retryAttempt ? 'timeout' : '' }));
      });
    },
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
