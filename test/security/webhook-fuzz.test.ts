/**
 * Fuzzed webhook bodies against the HTTP stack of `datalabs serve`: the
 * shared HTTP server with the Slack (HTTP mode, real bolt) and Telegram
 * (webhook mode, real telegraf) adapters mounted, each talking to its
 * loopback fake. Signed and unsigned, JSON of every shape, mutated real
 * payloads (every field Slack and Telegram read, replaced by a wrong type),
 * forms, multipart, empty, invalid UTF-8, oversized, wrong content types.
 * Every request must get a 4xx (or a 200 where the platform needs an ack
 * and the payload is dropped), every refusal a log line, the server must
 * keep answering /healthz, and the process must see no unhandled rejection.
 * The seed is fixed so a failure replays.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createTelegramAdapter, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { blockActionPayload, eventEnvelope, slashCommandFields } from '../fakes/slack/slack-requests.ts';
import { createFakeBotApi, type FakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { createRandom } from '../../bot/contracts/random.ts';

const SEED = 0x5eed_2026;
const CASES = 600;
const SIGNING_SECRET = 'fuzz-signing-secret-0123456789abcdef';
const TG_SECRET = 'fuzz-secret_123';
const TG_PATH = '/telegram/webhook';
const MB = 1024 * 1024;

/** The shared seeded generator, with helpers. */
function prng(seed: number) {
  const next = createRandom(seed);
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

function deep(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const WEIRD_VALUES: unknown[] = [null, [], {}, 0, -1, 1.5, 1e308, true, false, '', 'x', '<!channel>', ' '.repeat(3), { a: { b: [] } }, [null], ['x', 'y'], 'é'.repeat(20_000), { type: 'message' }, '/ask', -Number.MAX_SAFE_INTEGER * 4];

const JSON_PRIMITIVES = ['null', '[]', '1', '"x"', '{}', 'true', '-0', '1e400', '"\\ud800"', '{"type":null}', '{"type":1}', '{"type":{}}', '{"type":[]}', '{"__proto__":{"type":"event_callback"}}', '{"type":"event_callback"}', '{"type":"event_callback","event":null}', '{"type":"event_callback","event":"x"}', '{"type":"event_callback","event":[]}', '{"type":"url_verification"}', '{"type":"url_verification","challenge":{}}', '{"type":"block_actions"}', '{"type":"block_actions","actions":null}', '{"update_id":1}', '{"update_id":"1"}', '{"update_id":1,"message":null}', '{"update_id":1,"callback_query":[]}'];

/** All paths (key lists) of a JSON value, objects and arrays alike. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

/** Replaces (or deletes) 1–3 random fields of a copy of `template`. */
function mutate(rng: Rng, template: Record<string, unknown>): unknown {
  let root: unknown = structuredClone(template);
  const times = 1 + rng.int(3);
  for (let i = 0; i < times; i++) {
    const all = paths(root);
    const path = rng.pick(all);
    const value = rng.pick(WEIRD_VALUES);
    if (path.length === 0) {
      root = value;
      continue;
    }
    let parent = root as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (rng.chance(0.2) && !Array.isArray(parent)) delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return root;
}

interface Sent {
  status: number;
  body: string;
}

/** A raw HTTP request (bodies need not be valid UTF-8; headers are sent as given). */
function request(url: string, o: { method?: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(o.body, 'utf8');
    const headers: Record<string, string | number> = { ...o.headers };
    if (body && !o.chunked) headers['content-length'] = body.length;
    const req = http.request(url, { method: o.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${url} in 15 s`)));
    // The server may answer (413) and close before the whole body is written: the answer counts.
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
    if (body) {
      if (o.chunked) {
        for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
      } else req.write(body);
    }
    req.end();
  });
}

type Signing = 'signed' | 'unsigned' | 'forged' | 'stale';

function slackHeaders(signing: Signing, body: Buffer, contentType: string | undefined): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
  if (signing === 'unsigned') return headers;
  const ts = signing === 'stale' ? now - 3600 : now;
  headers['x-slack-request-timestamp'] = String(ts);
  headers['x-slack-signature'] = signing === 'forged' ? `v0=${'0'.repeat(64)}` : `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:`).update(body).digest('hex')}`;
  return headers;
}

interface Case {
  target: 'slack' | 'telegram';
  name: string;
  body: Buffer;
  contentType?: string;
  signing: Signing;
  chunked?: boolean;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const CONTENT_TYPES = [JSON_TYPE, FORM, 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/xml', 'multipart/form-data; boundary=xyz', 'application/x-www-form-urlencoded; charset=utf-8', '', undefined] as const;

function slackTemplates(): { name: string; form?: Record<string, string>; payload?: Record<string, unknown>; json?: Record<string, unknown> }[] {
  return [
    { name: 'slash command', form: slashCommandFields({ command: '/ask', text: 'revenue by month', channelId: 'C0FUZZ' }) },
    { name: 'block_actions', payload: blockActionPayload({ channelId: 'C0FUZZ', messageTs: '1751000000.000100', actionId: 'show_sql', value: 'ans-1' }) },
    { name: 'message event', json: eventEnvelope({ type: 'message', user: 'U0ALICE', text: 'revenue?', ts: '1751000001.000100', thread_ts: '1751000000.000100', channel: 'C0FUZZ', channel_type: 'channel' }) },
    { name: 'app_mention', json: eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> revenue?', ts: '1751000002.000100', channel: 'C0FUZZ' }) },
    { name: 'url_verification', json: { type: 'url_verification', challenge: 'abc', token: 'x' } },
  ];
}

function telegramTemplates(): { name: string; update: Record<string, unknown> }[] {
  return [
    { name: 'private message', update: { update_id: 1, message: { message_id: 10, date: 1, chat: { id: 4242, type: 'private' }, from: { id: 1, is_bot: false, first_name: 'Eve', username: 'eve' }, text: 'revenue by month' } } },
    { name: 'group reply', update: { update_id: 2, message: { message_id: 11, date: 1, chat: { id: -100777, type: 'supergroup' }, from: { id: 1, is_bot: false, first_name: 'Eve' }, text: '/ask@datalabs_test_bot revenue', reply_to_message: { message_id: 5, from: { id: 7000001, is_bot: true, first_name: 'Datalabs' } } } } },
    { name: 'callback_query', update: { update_id: 3, callback_query: { id: 'cq1', from: { id: 1, is_bot: false, first_name: 'Eve' }, data: 'show_sql:ans-1', chat_instance: '1', message: { message_id: 12, date: 1, chat: { id: 4242, type: 'private' } } } } },
  ];
}

function makeCases(rng: Rng, count: number): Case[] {
  const cases: Case[] = [];
  let updateId = 10_000;
  const slack = slackTemplates();
  const tg = telegramTemplates();
  const signing = (): Signing => (rng.chance(0.75) ? 'signed' : rng.pick(['unsigned', 'forged', 'stale'] as const));
  const generic = (): { name: string; body: Buffer; contentType?: string; chunked?: boolean } => {
    switch (rng.int(9)) {
      case 0:
        return { name: 'json primitive', body: Buffer.from(rng.pick(JSON_PRIMITIVES)), contentType: JSON_TYPE };
      case 1:
        return { name: 'deep nesting', body: Buffer.from(deep(1000 + rng.int(100_000), rng.pick(['array', 'object'] as const))), contentType: JSON_TYPE };
      case 2:
        return { name: 'huge string', body: Buffer.from(JSON.stringify({ type: 'event_callback', update_id: 5, event: { type: 'message', text: 'x'.repeat(900_000) } })), contentType: JSON_TYPE };
      case 3:
        return { name: 'oversized', body: Buffer.alloc(MB + 1 + rng.int(MB), 0x61), contentType: rng.pick([JSON_TYPE, FORM]), chunked: rng.chance(0.5) };
      case 4:
        return { name: 'empty', body: Buffer.alloc(0), contentType: rng.pick(CONTENT_TYPES) };
      case 5:
        return { name: 'invalid utf-8', body: Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d, 0xed, 0xa0, 0x80]), contentType: rng.pick([JSON_TYPE, FORM]) };
      case 6:
        return {
          name: 'multipart',
          body: Buffer.from('--xyz\r\ncontent-disposition: form-data; name="payload"\r\n\r\n{"type":"block_actions"}\r\n--xyz--\r\n'),
          contentType: 'multipart/form-data; boundary=xyz',
        };
      case 7:
        return { name: 'form junk', body: Buffer.from(rng.pick(['payload=null', 'payload=%7B', 'payload=1', 'payload=%5B%5D', 'command=%2Fask&command=%2Fsql&channel_id=C&user_id=U', 'command=ask', 'a=b', 'ssl_check=1&payload=%7B%7D', '=&&==', 'payload=%7B%22type%22%3A%22block_actions%22%7D', '%ZZ=%', 'text=x&channel_id=C&user_id=U'])), contentType: FORM };
      default:
        return { name: 'random bytes', body: crypto.createHash('sha512').update(String(rng.next())).digest(), contentType: rng.pick(CONTENT_TYPES) };
    }
  };
  for (let i = 0; i < count; i++) {
    if (rng.chance(0.55)) {
      // Slack
      if (rng.chance(0.6)) {
        const t = rng.pick(slack);
        let body: Buffer;
        let contentType: string = JSON_TYPE;
        if (t.form) {
          const form = new URLSearchParams(t.form);
          const keys = Object.keys(t.form);
          for (let n = 1 + rng.int(2); n > 0; n--) {
            const k = rng.pick(keys);
            const r = rng.int(4);
            if (r === 0) form.delete(k);
            else if (r === 1) form.append(k, 'second');
            else form.set(k, String(rng.pick(WEIRD_VALUES)));
          }
          body = Buffer.from(form.toString());
          contentType = FORM;
        } else if (t.payload) {
          const mutated = mutate(rng, t.payload);
          body = Buffer.from(new URLSearchParams({ payload: rng.chance(0.1) ? JSON.stringify(mutated).slice(0, -1) : JSON.stringify(mutated) }).toString());
          contentType = FORM;
        } else {
          body = Buffer.from(JSON.stringify(mutate(rng, t.json!)));
        }
        if (rng.chance(0.1)) contentType = rng.pick(CONTENT_TYPES) ?? '';
        cases.push({ target: 'slack', name: `mutated ${t.name}`, body, contentType, signing: signing() });
      } else {
        cases.push({ target: 'slack', ...generic(), signing: signing() });
      }
    } else if (rng.chance(0.6)) {
      const t = rng.pick(tg);
      const update = mutate(rng, { ...t.update, update_id: updateId++ });
      cases.push({ target: 'telegram', name: `mutated ${t.name}`, body: Buffer.from(JSON.stringify(update)), contentType: rng.chance(0.9) ? JSON_TYPE : (rng.pick(CONTENT_TYPES) ?? ''), signing: signing() });
    } else {
      cases.push({ target: 'telegram', ...generic(), signing: signing() });
    }
  }
  return cases;
}

describe('webhook fuzzing (fixed seed)', () => {
  let fakeSlack: FakeSlack;
  let fakeTelegram: FakeBotApi;
  let slack: SlackAdapter;
  let telegram: TelegramAdapter;
  let server: RunningHttpServer;
  const received: ChatMessage[] = [];
  const logLines: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const onUncaught = (err: unknown) => unhandled.push(err);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUncaught);
    const logger = pino({ level: 'info', base: undefined }, { write: (line: string) => void logLines.push(line) });
    fakeSlack = await startFakeSlack({ botToken: 'xoxb-1-fuzz-bot-token' });
    fakeTelegram = await createFakeBotApi();
    slack = createSlackAdapter({ botToken: 'xoxb-1-fuzz-bot-token', signingSecret: SIGNING_SECRET, apiUrl: fakeSlack.apiUrl, memory: createProcessAdapterMemory(), logger: logger.child({ adapter: 'slack' }) });
    telegram = createTelegramAdapter({ token: fakeTelegram.token, apiRoot: fakeTelegram.url, webhookUrl: `https://bot.example.test${TG_PATH}`, webhookSecret: TG_SECRET, memory: createProcessAdapterMemory(), logger: logger.child({ adapter: 'telegram' }) });
    // What `datalabs serve` does: every adapter's routes on the one server, /healthz beside them.
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      logger,
      routes: [slack, telegram].flatMap((a) => a.httpRoutes?.() ?? []),
      health: async () => ({ adapters: ['slack', 'telegram'] }),
    });
    const handle = async (message: ChatMessage) => {
      received.push(message);
    };
    fakeTelegram.setWebhookTarget(server.url);
    await slack.start(handle);
    await telegram.start(handle);
  }, 30_000);

  afterAll(async () => {
    await slack?.stop();
    await telegram?.stop();
    await server?.close();
    await fakeSlack?.close();
    await fakeTelegram?.close();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUncaught);
  });

  const healthz = async () => {
    const res = await request(`${server.url}/healthz`, { method: 'GET' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true });
  };

  it(`answers ${CASES} fuzzed webhook requests with 4xx or an ignoring 200, logs every refusal, and keeps serving`, async () => {
    const cases = makeCases(prng(SEED), CASES);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const url = c.target === 'slack' ? `${server.url}/slack/events` : `${server.url}${TG_PATH}`;
      const headers: Record<string, string> =
        c.target === 'slack'
          ? slackHeaders(c.signing, c.body, c.contentType)
          : {
              ...(c.contentType === undefined ? {} : { 'content-type': c.contentType }),
              ...(c.signing === 'signed' || c.signing === 'stale' ? { 'x-telegram-bot-api-secret-token': TG_SECRET } : c.signing === 'forged' ? { 'x-telegram-bot-api-secret-token': 'wrong' } : {}),
            };
      const logsBefore = logLines.length;
      const res = await request(url, { headers, body: c.body, chunked: c.chunked });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const ok = res.status === 200 || (res.status >= 400 && res.status < 500);
      if (!ok) failures.push(`#${i} ${c.target} ${c.name} (${c.signing}, ${c.contentType}): HTTP ${res.status} ${res.body.slice(0, 80)}`);
      if (res.status >= 400 && logLines.length === logsBefore) failures.push(`#${i} ${c.target} ${c.name}: HTTP ${res.status} without a log line`);
      // Too large is refused whatever else is wrong with it (unsigned, not JSON for Telegram may be said first).
      if (c.name === 'oversized' && ![401, 403, 413, 415].includes(res.status)) failures.push(`#${i} oversized answered ${res.status}`);
      if (i % 50 === 49) await healthz();
    }
    expect(failures).toEqual([]);
    // The mix really exercised refusals and acceptances.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(20);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(10);
    expect(statuses.get(413) ?? 0).toBeGreaterThan(5);
    await healthz();
    // Answers handed to the core are still well-formed messages.
    for (const m of received) {
      expect(typeof m.id).toBe('string');
      expect(typeof m.text).toBe('string');
      expect(typeof m.user.id).toBe('string');
      expect(typeof m.conversation.channelId).toBe('string');
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(unhandled.map(String)).toEqual([]);
  }, 240_000);

  it('still hands a correct request to the core afterwards', async () => {
    const before = received.length;
    const body = Buffer.from(new URLSearchParams(slashCommandFields({ command: '/ask', text: 'still alive?', channelId: 'C0AFTER' })).toString());
    const res = await request(`${server.url}/slack/events`, { headers: slackHeaders('signed', body, FORM), body });
    expect(res.status).toBe(200);
    const sent = fakeTelegram.userSends({ id: 4242, type: 'private' }, 'and telegram?');
    await fakeTelegram.processed(sent.updateId);
    const until = Date.now() + 5000;
    while (received.length < before + 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(received.slice(before).map((m) => m.text).sort()).toEqual(['and telegram?', 'still alive?']);
    await healthz();
    expect(unhandled.map(String)).toEqual([]);
  });

  it('a signed JSON null, the original crash, is refused with 400 and a log line', async () => {
    const body = Buffer.from('null');
    const mark = logLines.length;
    const res = await request(`${server.url}/slack/events`, { headers: slackHeaders('signed', body, JSON_TYPE), body });
    expect(res.status).toBe(400);
    expect(logLines.slice(mark).join('\n')).toMatch(/malformed body/);
    await healthz();
    expect(unhandled.map(String)).toEqual([]);
  });

  it('a malformed request line gets a 400 and the server keeps answering', async () => {
    const net = await import('node:net');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.write('POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-length: nope\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await healthz();
  });
});
