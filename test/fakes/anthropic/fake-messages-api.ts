/**
 * A fake Anthropic Messages API on 127.0.0.1 for @anthropic-ai/sdk (`baseURL`).
 * It replays scripted steps — a reply (text / tool_use blocks), an HTTP error
 * (429, 529, 500 with `retry-after-ms` so the SDK's backoff stays short), or a
 * dropped connection — and records every request (body and headers) so tests
 * can assert what the SDK sent. Usage is computed like the API does, roughly:
 * ~4 characters a token, and with `cache_control` the prefix up to the last
 * marked block is written to a cache once and read from it afterwards.
 * A request with `stream: true` is answered as the API streams: server-sent
 * events (message_start with the input usage, content_block_start / _delta /
 * _stop per block — tool input as input_json_delta — message_delta with the
 * stop reason and output usage, message_stop); a reply with `cut` stops after
 * the first block starts, by dropping the connection or with an error event.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Block = { type: string; [k: string]: unknown };

/** One request as the fake received it. */
export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    max_tokens: number;
    system?: Array<{ type: string; text: string; cache_control?: unknown }> | string;
    tools?: Array<{ name: string; description?: string; input_schema?: unknown; cache_control?: unknown }>;
    messages: Array<{ role: string; content: string | Block[] }>;
    stream?: boolean;
  };
}

/** What the fake does for one request. */
export type FakeStep =
  /** `cut` (streaming only): the stream stops after message_start and the first block's start — the connection dropped, or an `error` event (overloaded). */
  | { reply: { content: Block[]; stop_reason?: string }; cut?: 'drop' | 'error' }
  | { status: number; type?: string; message?: string; retryAfterMs?: number }
  | { drop: true }
  /** Never answers (the request stays open until the client gives up or the fake closes). */
  | { hang: true }
  | ((req: RecordedRequest) => FakeStep);

export interface FakeMessagesApi {
  /** Base URL for the SDK (`http://127.0.0.1:<port>`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Steps to replay, in order, one per request. */
  enqueue(...steps: FakeStep[]): void;
  /** Steps not used yet. */
  pending(): number;
  /** Drops the steps not used yet. */
  clear(): void;
  /** Forget the prompt cache (a new cache lifetime). */
  resetCache(): void;
  close(): Promise<void>;
}

let nextId = 0;

/** A reply calling tools: `toolUse(['run_sql', { sql }], …)`; text first when given. */
export function toolUse(calls: Array<[string, unknown]>, text?: string): FakeStep {
  const content: Block[] = [];
  if (text) content.push({ type: 'text', text });
  for (const [name, input] of calls) content.push({ type: 'tool_use', id: `toolu_${++nextId}`, name, input });
  return { reply: { content, stop_reason: 'tool_use' } };
}

/** A plain text reply (end of turn). */
export function say(text: string): FakeStep {
  return { reply: { content: [{ type: 'text', text }], stop_reason: 'end_turn' } };
}

/** The last message's tool results, parsed (for scripted steps that react to them). */
export function lastToolResults(req: RecordedRequest): Array<{ tool_use_id: string; is_error?: boolean; output: any }> {
  const last = req.body.messages[req.body.messages.length - 1];
  if (!last || typeof last.content === 'string') return [];
  return last.content.filter((b) => b.type === 'tool_result').map((b) => ({ tool_use_id: String(b.tool_use_id), is_error: b.is_error as boolean | undefined, output: JSON.parse(String(b.content)) }));
}

const tokens = (s: string) => Math.ceil(s.length / 4);

export async function startFakeMessagesApi(): Promise<FakeMessagesApi> {
  const steps: FakeStep[] = [];
  const requests: RecordedRequest[] = [];
  const cached = new Set<string>();
  const sockets = new Set<import('node:net').Socket>();

  function usageOf(body: RecordedRequest['body']) {
    // The prompt in the API's order: tools, system, messages; the cached prefix ends at the last cache_control.
    const parts: Array<{ text: string; mark: boolean }> = [
      ...(body.tools ?? []).map((t) => ({ text: JSON.stringify(t), mark: Boolean(t.cache_control) })),
      ...(Array.isArray(body.system) ? body.system.map((b) => ({ text: b.text, mark: Boolean(b.cache_control) })) : [{ text: body.system ?? '', mark: false }]),
      ...body.messages.map((m) => ({ text: JSON.stringify(m.content), mark: Array.isArray(m.content) && m.content.some((b) => b.cache_control) })),
    ];
    const lastMark = parts.map((p) => p.mark).lastIndexOf(true);
    const all = tokens(parts.map((p) => p.text).join(''));
    if (lastMark < 0) return { input_tokens: all, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const prefixText = parts.slice(0, lastMark + 1).map((p) => p.text).join('');
    const prefix = tokens(prefixText);
    const hit = cached.has(prefixText);
    cached.add(prefixText);
    return { input_tokens: all - prefix, cache_creation_input_tokens: hit ? 0 : prefix, cache_read_input_tokens: hit ? prefix : 0 };
  }

  /** The reply as the API streams it (server-sent events). */
  function stream(res: http.ServerResponse, body: RecordedRequest['body'], reply: { content: Block[]; stop_reason?: string }, cut: 'drop' | 'error' | undefined, n: number) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_fake_${n}` });
    const send = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    const input = usageOf(body);
    send('message_start', { message: { id: `msg_fake_${n}`, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { ...input, output_tokens: 1 } } });
    send('ping', {});
    reply.content.forEach((b, index) => {
      if (cut && index > 0) return;
      const start = b.type === 'tool_use' ? { ...b, input: {} } : b.type === 'text' ? { ...b, text: '' } : b;
      send('content_block_start', { index, content_block: start });
      if (cut) return;
      if (b.type === 'text') send('content_block_delta', { index, delta: { type: 'text_delta', text: String(b.text ?? '') } });
      if (b.type === 'tool_use') {
        // The input arrives in pieces, as the API sends it.
        const json = JSON.stringify(b.input ?? {});
        for (let i = 0; i < json.length; i += 40) send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: json.slice(i, i + 40) } });
      }
      send('content_block_stop', { index });
    });
    if (cut === 'drop') {
      // Once what was sent has left (the client has read the start), the connection breaks.
      res.write(': cut\n\n', () => setImmediate(() => res.socket?.destroy()));
      return;
    }
    if (cut === 'error') {
      res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
      return;
    }
    const stopReason = reply.stop_reason ?? (reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
    send('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: tokens(JSON.stringify(reply.content)) } });
    send('message_stop', {});
    res.end();
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'bad JSON' } }));
        return;
      }
      const recorded: RecordedRequest = { path: req.url ?? '', headers: req.headers, body };
      requests.push(recorded);
      if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'fake: only POST /v1/messages' } }));
        return;
      }
      let step = steps.shift();
      while (typeof step === 'function') step = step(recorded);
      if (!step) {
        res.writeHead(500, { 'content-type': 'application/json', 'x-should-retry': 'false' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'fake: no scripted step left' } }));
        return;
      }
      if ('hang' in step) return;
      if ('drop' in step) {
        req.socket.destroy();
        return;
      }
      if ('status' in step) {
        const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}` };
        if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
        const type = step.type ?? (step.status === 429 ? 'rate_limit_error' : step.status === 529 ? 'overloaded_error' : 'api_error');
        res.writeHead(step.status, headers).end(JSON.stringify({ type: 'error', error: { type, message: step.message ?? type } }));
        return;
      }
      const content = step.reply.content;
      if (body.stream) {
        stream(res, body, step.reply, step.cut, requests.length);
        return;
      }
      const out = {
        id: `msg_fake_${requests.length}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: step.reply.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
        stop_sequence: null,
        usage: { ...usageOf(body), output_tokens: tokens(JSON.stringify(content)) },
      };
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}` }).end(JSON.stringify(out));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...s) => void steps.push(...s),
    pending: () => steps.length,
    clear: () => void steps.splice(0),
    resetCache: () => cached.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
