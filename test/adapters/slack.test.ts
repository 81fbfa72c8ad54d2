/**
 * Slack adapter: the contract suite, plus what only Slack has — signed
 * requests (401 for forgeries and stale or future timestamps, never reaching
 * the agent), retries and duplicate deliveries, threads, @mentions, DMs,
 * buttons, the external upload flow, Block Kit limits, Web API failures as
 * PlatformErrors, and Socket Mode. Real bolt against a loopback fake Slack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { WebClient } from '@slack/web-api';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { renderSlackMessage, SLACK_LIMITS } from '../../adapters/slack/format.ts';
import { slackSlashCommands } from '../../adapters/slack/index.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { PlatformError, type ChatAdapter, type ChatMessage, type Reply } from '../../bot/contracts/chat.ts';
import { validateBlocks } from '../fakes/slack/validate-blocks.ts';
import { blockActionPayload, eventEnvelope, interactionBody, slashCommandFields } from '../fakes/slack/slack-requests.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { runAdapterContract, type AdapterHarness, type Observed } from './contract.ts';
import { BOT_TOKEN, observe, press, SIGNING_SECRET, startSlackRig, type SlackRig } from './slack-rig.ts';

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** A handler that records messages and answers each with one line (no app needed). */
function echoHandler(seen: ChatMessage[]) {
  return async (adapter: ChatAdapter, message: ChatMessage) => {
    seen.push(message);
    await adapter.send(message.conversation, { text: `echo ${message.kind}: ${message.text}` });
  };
}

// ---------------------------------------------------------------- contract

function slackHarness(): AdapterHarness {
  let rig: SlackRig | undefined;
  const interact = async (command: string, text: string): Promise<Observed> => {
    const from = rig!.fake.messages.length;
    const count = rig!.received.length + 1;
    const res = await rig!.command(command, text);
    if (res.status !== 200) throw new Error(`slash command answered HTTP ${res.status}`);
    await rig!.settle(count);
    return observe(rig!.fake, from);
  };
  return {
    get adapter() {
      if (!rig) throw new Error('harness not started');
      return rig.adapter;
    },
    async start(app: TestApp) {
      rig = await startSlackRig({ app, logger: app.logger });
    },
    ask: (text) => interact('/ask', text),
    sql: (query) => interact('/sql', query),
    help: () => interact('/datalabs', 'help'),
    press: (answer, actionId) => press(rig!, answer, actionId),
    stop: async () => rig?.close(),
  };
}

runAdapterContract('slack', slackHarness);

// ---------------------------------------------------------------- inbound security, no app

describe('slack: signed requests', () => {
  const seen: ChatMessage[] = [];
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ handle: echoHandler(seen), logger });
  });
  afterAll(async () => rig?.close());
  afterEach(() => {
    seen.length = 0;
  });

  const body = () => new URLSearchParams(slashCommandFields({ command: '/sql', text: 'SELECT 1', channelId: 'C0SEC' })).toString();
  const now = () => Math.floor(Date.now() / 1000);

  it('answers a validly signed slash command with an empty 200 and hands it on', async () => {
    const res = await rig.post(body(), FORM);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await rig.settle(1);
    expect(seen.map((m) => [m.kind, m.text, m.conversation.channelId])).toEqual([['sql', 'SELECT 1', 'C0SEC']]);
  });

  it.each([
    ['a forged signature', { signature: 'v0=' + 'ab'.repeat(32) }],
    ['the wrong signing secret', { signingSecret: 'not-the-secret' }],
    ['a timestamp 6 minutes old', { timestampSec: now() - 360 }],
    ['a timestamp 6 minutes in the future', { timestampSec: now() + 360 }],
    ['no signature headers', { omitHeaders: true }],
    ['an unknown signature version', { signature: 'v1=' + 'ab'.repeat(32) }],
  ])('rejects %s with 401 before the agent sees it', async (_label, sign) => {
    const res = await rig.post(body(), FORM, sign);
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
    expect(rig.received).toHaveLength(1); // only the valid request of the first test
  });

  it('rejects a body altered after signing', async () => {
    const original = body();
    const ts = now();
    const { sign } = await import('../fakes/slack/slack-requests.ts');
    const res = await rig.post(original.replace('SELECT+1', 'SELECT+2'), FORM, { signature: sign(SIGNING_SECRET, ts, original), timestampSec: ts });
    expect(res.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('answers the Events API url_verification challenge', async () => {
    const res = await rig.post(JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' }), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('answers ssl_check without handing anything on', async () => {
    const res = await rig.post('ssl_check=1&token=x', FORM, { omitHeaders: true });
    expect(res.status).toBe(200);
    expect(seen).toEqual([]);
  });
});

// ---------------------------------------------------------------- normalising + duplicates, no app

describe('slack: events, duplicates and threads', () => {
  const seen: ChatMessage[] = [];
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ handle: echoHandler(seen), logger });
  });
  afterAll(async () => rig?.close());
  afterEach(() => {
    seen.length = 0;
  });
  const postEvent = (event: Record<string, unknown>, o: { eventId?: string; retryNum?: number } = {}) =>
    rig.post(JSON.stringify(eventEnvelope(event, { eventId: o.eventId, botUserId: rig.fake.botUserId })), JSON_TYPE, { retryNum: o.retryNum });

  it('maps /ask, /sql and /datalabs help|sql|ask|<workspace command> to kinds', async () => {
    const before = rig.received.length;
    for (const [c, t] of [['/ask', 'revenue by month'], ['/sql', 'SELECT 2'], ['/datalabs', 'help'], ['/datalabs', ''], ['/datalabs', 'sql SELECT 3'], ['/ask', ''], ['/other', 'x'], ['/datalabs', 'admin grant <@U2> analyst'], ['/datalabs', 'history 5'], ['/datalabs', 'revenue by month']]) {
      expect((await rig.command(c, t)).status).toBe(200);
    }
    await rig.settle(before + 10);
    // In the order received (answers run concurrently from the queue, in any order).
    expect(rig.received.slice(before).map((m) => [m.kind, m.text, m.command])).toEqual([
      ['question', 'revenue by month', undefined],
      ['sql', 'SELECT 2', undefined],
      ['help', '', undefined],
      ['help', '', undefined],
      ['sql', 'SELECT 3', undefined],
      ['help', '', undefined],
      ['command', 'x', 'other'],
      ['command', 'admin grant <@U2> analyst', 'datalabs'],
      ['command', 'history 5', 'datalabs'],
      ['question', 'revenue by month', undefined],
    ]);
    expect(seen).toHaveLength(10);
  });

  it('gives one answer to a slash command Slack retried (X-Slack-Retry-Num, same trigger_id)', async () => {
    const answers = rig.fake.callsOf('chat.postMessage').length;
    const count = rig.received.length + 2;
    const first = await rig.command('/sql', 'SELECT 4', { triggerId: 'trig-retry-1' });
    const retry = await rig.command('/sql', 'SELECT 4', { triggerId: 'trig-retry-1', retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await rig.settle(count);
    const ids = rig.received.slice(-2).map((m) => m.id);
    expect(ids[0]).toBe(ids[1]); // same id: the pipeline records the first and drops the second
    expect(rig.fake.callsOf('chat.postMessage').length - answers).toBe(1);
  });

  it('gives a repeated event and an @mention delivered twice the same id', async () => {
    const msg = rig.fake.userMessage('C0EV', 'U0ALICE', `<@${rig.fake.botUserId}> sql SELECT 5`);
    const event = { type: 'app_mention', user: 'U0ALICE', text: msg.text, ts: msg.ts, channel: 'C0EV' };
    await postEvent(event, { eventId: 'Ev1' });
    await postEvent(event, { eventId: 'Ev1', retryNum: 1 });
    await postEvent({ ...event, type: 'message', channel_type: 'channel' }, { eventId: 'Ev2' }); // ignored: app_mention covers it
    await rig.settle();
    const got = rig.received.filter((m) => m.conversation.channelId === 'C0EV');
    expect(got.length).toBe(2);
    expect(new Set(got.map((m) => m.id)).size).toBe(1);
    expect(seen.filter((m) => m.conversation.channelId === 'C0EV')).toHaveLength(1); // answered once
    expect(got[0]).toMatchObject({ kind: 'sql', text: 'SELECT 5', conversation: { channelId: 'C0EV', threadId: msg.ts, workspaceKey: 'T0FAKE' } });
  });

  it('answers an @mention in the thread of the mention', async () => {
    const msg = rig.fake.userMessage('C0MEN', 'U0ALICE', `<@${rig.fake.botUserId}> top countries`);
    await postEvent({ type: 'app_mention', user: 'U0ALICE', text: msg.text, ts: msg.ts, channel: 'C0MEN' });
    await rig.settle();
    const reply = rig.fake.messages.filter((m) => m.channel === 'C0MEN' && m.user === rig.fake.botUserId);
    expect(reply.map((m) => [m.threadTs, m.text])).toEqual([[msg.ts, 'echo question: top countries']]);
  });

  it('treats replies in the bot’s threads as follow-ups and ignores other threads and top-level chatter', async () => {
    const cmd = await rig.command('/ask', 'revenue by month', { channelId: 'C0THR' });
    expect(cmd.status).toBe(200);
    await rig.settle();
    const answer = rig.fake.messages.find((m) => m.channel === 'C0THR' && m.user === rig.fake.botUserId)!;
    expect(answer.threadTs).toBeUndefined(); // the answer goes to the channel and opens a thread
    seen.length = 0;
    const followUp = rig.fake.userMessage('C0THR', 'U0ALICE', 'now by country', answer.ts);
    await postEvent({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: followUp.text, ts: followUp.ts, thread_ts: answer.ts, parent_user_id: rig.fake.botUserId, channel: 'C0THR' });
    const other = rig.fake.userMessage('C0THR', 'U0BOB', 'lunch?');
    const otherReply = rig.fake.userMessage('C0THR', 'U0ALICE', 'sure', other.ts);
    await postEvent({ type: 'message', channel_type: 'channel', user: 'U0BOB', text: other.text, ts: other.ts, channel: 'C0THR' });
    await postEvent({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text: otherReply.text, ts: otherReply.ts, thread_ts: other.ts, parent_user_id: 'U0BOB', channel: 'C0THR' });
    await postEvent({ type: 'message', subtype: 'bot_message', bot_id: 'B0OTHER', text: 'beep', ts: '1.2', thread_ts: answer.ts, channel: 'C0THR' });
    await rig.settle();
    expect(seen.map((m) => [m.kind, m.text, m.conversation.threadId])).toEqual([['question', 'now by country', answer.ts]]);
    const inThread = rig.fake.messages.filter((m) => m.channel === 'C0THR' && m.user === rig.fake.botUserId && m.threadTs === answer.ts);
    expect(inThread.map((m) => m.text)).toEqual(['echo question: now by country']);
  });

  it('answers direct messages in the DM, top level', async () => {
    const dm = rig.fake.userMessage('D0DM', 'U0ALICE', 'sql SELECT 6');
    await postEvent({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: dm.text, ts: dm.ts, channel: 'D0DM' });
    await rig.settle();
    expect(seen.map((m) => [m.kind, m.text, m.conversation.threadId])).toEqual([['sql', 'SELECT 6', undefined]]);
    expect(rig.fake.messages.filter((m) => m.channel === 'D0DM' && m.user === rig.fake.botUserId).map((m) => [m.text, m.threadTs])).toEqual([['echo sql: SELECT 6', undefined]]);
  });

  it('turns a button press into an action in the answer’s thread, and ignores unknown action ids', async () => {
    const answer = rig.fake.userMessage('C0BTN', rig.fake.botUserId, 'answer');
    const res = await rig.post(interactionBody(blockActionPayload({ channelId: 'C0BTN', messageTs: answer.ts, actionId: 'export_csv', value: 'ans-1' })), FORM);
    const junk = await rig.post(interactionBody(blockActionPayload({ channelId: 'C0BTN', messageTs: answer.ts, actionId: 'launch_rockets', value: 'x' })), FORM);
    expect([res.status, junk.status]).toEqual([200, 200]);
    await rig.settle();
    expect(seen.map((m) => [m.kind, m.action, m.conversation.threadId])).toEqual([['action', { id: 'export_csv', value: 'ans-1' }, answer.ts]]);
  });
});

// ---------------------------------------------------------------- outbound, no app

describe('slack: sending', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ handle: async () => {}, logger });
  });
  afterAll(async () => rig?.close());
  const to = { platform: 'slack' as const, workspaceKey: 'T0FAKE', channelId: 'C0OUT' };

  it('keeps a huge reply inside Slack’s limits (3000 a section, 50 blocks) and Slack accepts it', async () => {
    const line = 'x'.repeat(120);
    const reply: Reply = {
      text: 'h'.repeat(5000),
      table: { columns: [{ name: 'a', type: 'String' }], rows: [['x'], ['y']], text: Array.from({ length: 3000 }, () => line).join('\n'), moreRows: 2980, truncated: true },
      code: { language: 'sql', text: 'SELECT ```' + 's'.repeat(200_000) },
      footer: 'f'.repeat(4000),
      buttons: [{ actionId: 'export_csv', label: 'Export CSV '.repeat(20), value: 'v'.repeat(64) }],
    };
    const msg = renderSlackMessage(reply);
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks.at(-2)).toMatchObject({ type: 'context' }); // the provenance footer survives
    const sent = await rig.adapter.send(to, reply);
    const stored = rig.fake.messages.find((m) => m.ts === sent.messageId)!;
    expect(stored.blocks).toHaveLength(msg.blocks.length);
    expect(JSON.stringify(stored.blocks)).toContain('more rows');
  });

  it('the fake rejects what Slack rejects: text over 40 000 characters, 51 blocks, a bad token', async () => {
    const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error' as never, setName() {} };
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: rig.fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    await expect(client.chat.postMessage({ channel: 'C0OUT', text: 'x'.repeat(40_001) })).rejects.toMatchObject({ data: { error: 'msg_too_long' } });
    await expect(client.chat.postMessage({ channel: 'C0OUT', text: 't', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(client.chat.postMessage({ channel: 'C0OUT', text: 't', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }] })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    await expect(client.apiCall('chat.postMessage', { channel: 'C0OUT' })).rejects.toMatchObject({ data: { error: 'no_text' } });
    await expect(new WebClient('xoxb-wrong', { slackApiUrl: rig.fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet }).auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    await expect(client.apiCall('files.upload', { channels: 'C0OUT', content: 'x' })).rejects.toMatchObject({ data: { error: 'method_deprecated' } });
  });

  it('uploads charts and CSVs with the external upload flow, never files.upload', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000', 'hex');
    const mark = rig.fake.calls.length;
    const sent = await rig.adapter.send(to, { text: 'chart', image: { png, alt: 'revenue by country', width: 10, height: 10 } });
    await rig.adapter.send({ ...to, threadId: sent.messageId }, { text: 'CSV export: 2 rows', file: { name: 'r.csv', mimeType: 'text/csv', data: Buffer.from('a,b\n1,2\n') } });
    const uploads = rig.fake.calls.slice(mark).filter((c) => c.method.startsWith('files.') || c.method === 'upload').map((c) => c.method);
    expect(uploads).toEqual(['files.getUploadURLExternal', 'upload', 'files.completeUploadExternal', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const shared = rig.fake.messages.filter((m) => m.files.length > 0 && m.threadTs === sent.messageId);
    expect(shared.map((m) => rig.fake.files.get(m.files[0])!.data!.equals(m === shared[0] ? png : Buffer.from('a,b\n1,2\n')))).toEqual([true, true]);
    expect(shared[1].text).toContain('CSV export');
  });

  it('reports Slack failures as PlatformErrors: 429 with Retry-After, 5xx retryable, refusals not', async () => {
    rig.fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 7 });
    const limited = await rig.adapter.send(to, { text: 'a' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(PlatformError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 7000, platform: 'slack' });
    rig.fake.failNext('chat.update', { status: 503 });
    const down = await rig.adapter.update!({ conversation: to, messageId: '1.1' }, { text: 'b' }).catch((e: unknown) => e);
    expect(down).toMatchObject({ retryable: true });
    rig.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const refused = (await rig.adapter.send(to, { text: 'c' }).catch((e: unknown) => e)) as PlatformError;
    expect(refused).toMatchObject({ retryable: false });
    expect(refused.message).toMatch(/channel_not_found/);
    expect(refused.message).not.toContain(BOT_TOKEN);
  });

  it('does not post twice when a send is retried after the chart upload failed', async () => {
    const posts = rig.fake.callsOf('chat.postMessage').length;
    const reply: Reply = { text: 'with chart', image: { png: Buffer.from('png!'), alt: 'c', width: 1, height: 1 } };
    rig.fake.failNext('files.completeUploadExternal', { error: 'internal_error' });
    await expect(rig.adapter.send(to, reply)).rejects.toMatchObject({ retryable: true });
    await rig.adapter.send(to, reply); // what the delivery layer does next
    expect(rig.fake.callsOf('chat.postMessage').length - posts).toBe(1);
    expect(rig.fake.callsOf('files.completeUploadExternal').at(-1)!.result).toBe('ok');
  });

  it('fails to start with a bad token, in one line', async () => {
    const adapter = createSlackAdapter({ botToken: 'xoxb-wrong', signingSecret: SIGNING_SECRET, apiUrl: rig.fake.apiUrl, memory: createProcessAdapterMemory() });
    const err = (await adapter.start(async () => {}).catch((e: unknown) => e)) as PlatformError;
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.message).toMatch(/invalid_auth/);
    expect(err.message).not.toContain('xoxb-wrong');
  });
});

// ---------------------------------------------------------------- socket mode, no app

describe('slack: Socket Mode', () => {
  const seen: ChatMessage[] = [];
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ handle: echoHandler(seen), logger, socketMode: true });
    await rig.fake.socketConnected();
  });
  afterAll(async () => rig?.close());

  it('serves no HTTP route and acknowledges envelopes over the WebSocket', async () => {
    expect(rig.adapter.httpRoutes?.()).toEqual([]);
    const ack = await rig.fake.socketSend('slash_commands', slashCommandFields({ command: '/sql', text: 'SELECT 7', channelId: 'C0SOCK' }));
    expect(ack.envelope_id).toBeTruthy();
    await rig.settle(1);
    expect(seen.map((m) => [m.kind, m.text])).toEqual([['sql', 'SELECT 7']]);
    expect(rig.fake.messages.filter((m) => m.channel === 'C0SOCK').map((m) => m.text)).toEqual(['echo sql: SELECT 7']);
  });

  it('gives a redelivered event (retry_attempt) the same id', async () => {
    const msg = rig.fake.userMessage('D0SOCK', 'U0ALICE', 'revenue');
    const env = eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'revenue', ts: msg.ts, channel: 'D0SOCK' }, { eventId: 'EvSock' });
    await rig.fake.socketSend('events_api', env);
    await rig.fake.socketSend('events_api', env, { retryAttempt: 1 });
    await rig.settle(3);
    const ids = rig.received.filter((m) => m.conversation.channelId === 'D0SOCK').map((m) => m.id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(seen.filter((m) => m.conversation.channelId === 'D0SOCK')).toHaveLength(1); // answered once
  });
});

// ---------------------------------------------------------------- the app manifest

describe('slack: deploy/slack-manifest.yaml', () => {
  const manifest = YAML.parse(fs.readFileSync(path.join(import.meta.dirname, '../../deploy/slack-manifest.yaml'), 'utf8'));

  it('creates the commands, scopes and event subscriptions the adapter handles, all on /slack/events', () => {
    const commands = manifest.features.slash_commands as Array<{ command: string; url: string }>;
    // The manifest declares exactly the slash commands of the contracts' list (slackSlashCommands).
    const declared = slackSlashCommands('https://datalabs.example.com/slack/events').map((c) => c.command);
    expect(declared).toEqual(['/ask', '/sql', '/help', '/datalabs']);
    expect(commands.map((c) => c.command).sort()).toEqual([...declared].sort());
    const urls = [...commands.map((c) => c.url), manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url];
    expect(urls.every((u: string) => new URL(u).pathname === '/slack/events')).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['commands', 'chat:write', 'files:write', 'app_mentions:read', 'im:history', 'channels:history']));
    expect(manifest.oauth_config.scopes.bot).not.toContain('files:read');
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_mention', 'message.im', 'message.channels']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

// ---------------------------------------------------------------- end to end with the app

describe('slack: end to end with the app', () => {
  let app: TestApp;
  let rig: SlackRig;
  beforeAll(async () => {
    app = await createTestApp({ scale: 0.01 });
    rig = await startSlackRig({ app, logger: app.logger });
  });
  afterAll(async () => {
    await rig?.close();
    await app?.dispose();
  });

  const SQL = "SELECT country, sum(revenue) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY revenue DESC";

  it('acks at once, posts one progress message, edits it into the answer and threads the chart under it', async () => {
    const calls = rig.fake.calls.length;
    const count = rig.received.length + 1;
    const res = await rig.command('/sql', SQL, { channelId: 'C0E2E' });
    expect(res.status).toBe(200);
    await rig.settle(count);
    const seq = rig.fake.calls.slice(calls).map((c) => c.method);
    expect(seq).toEqual(['chat.postMessage', 'chat.update', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    const [post, update, , , complete] = rig.fake.calls.slice(calls);
    expect(post.args.text).toBe('Working on it…');
    const answer = rig.fake.messages.find((m) => m.channel === 'C0E2E' && m.user === rig.fake.botUserId && m.files.length === 0)!;
    expect(update.args.ts).toBe(answer.ts);
    expect(answer.edits).toBe(1);
    expect(complete.args).toMatchObject({ channel_id: 'C0E2E', thread_ts: answer.ts });
    const seen = observe(rig.fake, 0);
    expect(seen.buttons).toEqual(['show_sql', 'export_csv']);
    expect(JSON.stringify(answer.blocks)).toMatch(/```[\s\S]*US/);
  });

  it('answers a retried slash command once', async () => {
    const posts = rig.fake.callsOf('chat.postMessage').length;
    const count = rig.received.length + 2;
    await rig.command('/sql', 'SELECT count() FROM demo.products', { channelId: 'C0E2E', triggerId: 'e2e-trigger' });
    await rig.command('/sql', 'SELECT count() FROM demo.products', { channelId: 'C0E2E', triggerId: 'e2e-trigger', retryNum: 1 });
    await rig.settle(count);
    expect(rig.received.slice(-2).map((m) => m.id)).toEqual([rig.received.at(-1)!.id, rig.received.at(-1)!.id]);
    expect(rig.fake.callsOf('chat.postMessage').length - posts).toBe(1);
  });

  it('rides out a 429 on the edit: still one message, edited once', async () => {
    rig.fake.failNext('chat.update', { status: 429, retryAfterSec: 1 });
    const from = rig.fake.messages.length;
    const count = rig.received.length + 1;
    await rig.command('/sql', 'SELECT count() AS products FROM demo.products', { channelId: 'C0E2E' });
    await rig.settle(count);
    const seen = observe(rig.fake, from);
    expect(seen.messages).toBe(1);
    expect(seen.text).toMatch(/SQL result: \d+/);
    expect(seen.text).not.toContain('Working on it');
    expect(rig.fake.callsOf('chat.update').slice(-2).map((c) => c.result)).toEqual(['http_429', 'ok']);
  });

  it('exports CSV into the answer’s thread', async () => {
    const from = rig.fake.messages.length;
    const count = rig.received.length + 1;
    await rig.command('/sql', 'SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device', { channelId: 'C0E2E' });
    await rig.settle(count);
    const answer = observe(rig.fake, from);
    const csv = await press(rig, answer, 'export_csv');
    expect(csv.files).toHaveLength(1);
    expect(csv.text).toContain('device,orders');
    const shared = rig.fake.messages.find((m) => m.files.some((id) => rig.fake.files.get(id)!.name === csv.files[0]))!;
    expect(shared.threadTs).toBe((answer.handle as { ts: string }).ts);
  });

  it('answers through the command’s response_url where the bot is not a member, replacing the progress message', async () => {
    const responses = rig.fake.responses.length;
    const count = rig.received.length + 1;
    await rig.command('/sql', 'SELECT count() AS products FROM demo.products', { channelId: 'CNOTIN1' });
    await rig.settle(count);
    const got = rig.fake.responses.slice(responses);
    expect(got.map((r) => [r.body.text, r.body.replace_original, r.body.response_type])).toEqual([
      ['Working on it…', false, 'ephemeral'],
      [expect.stringMatching(/SQL result: 200/), true, 'ephemeral'],
    ]);
    expect(rig.fake.messages.some((m) => m.channel === 'CNOTIN1')).toBe(false);
  });
});
