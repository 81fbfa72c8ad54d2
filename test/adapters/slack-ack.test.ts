/**
 * When the Slack adapter acknowledges: only after `onMessage` resolved (the
 * core recorded and queued the message), never when it rejected (the store
 * was down) — over HTTP (the response is the ack: a 5xx makes Slack redeliver
 * events) and over Socket Mode (no envelope ack: Slack redelivers). And
 * Socket Mode reconnecting through the real @slack/socket-mode client when
 * Slack closes the WebSocket or asks for a refresh: a new
 * apps.connections.open, a new socket, and a command over it answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import type { ChatMessage, MessageHandler, SealedEvent } from '../../bot/contracts/chat.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { eventEnvelope, postSigned, slashCommandBody, slashCommandFields } from '../fakes/slack/slack-requests.ts';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, startSlackRig, type SlackRig } from './slack-rig.ts';

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const within = <T,>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/** An adapter whose `onMessage` fails while `down` is set (the store is down), recording what it was given. */
function flakyHandler() {
  const state = { down: false, slowMs: 0, calls: [] as ChatMessage[], recorded: [] as ChatMessage[] };
  const handler = async (m: ChatMessage) => {
    state.calls.push(m);
    await new Promise((r) => setTimeout(r, 30 + state.slowMs)); // the ack must wait for this
    if (state.down) throw new Error('metadata store unreachable');
    state.recorded.push(m);
  };
  return { state, handler };
}

/**
 * The Slack adapter over HTTP on the shared server, against the fake Slack, started with `handler` for the tests of
 * one describe; `post` signs a request as Slack does.
 */
function httpAdapter(handler: MessageHandler) {
  const rig = {} as { fake: FakeSlack; adapter: SlackAdapter; server: RunningHttpServer };
  beforeAll(async () => {
    rig.fake = await startFakeSlack({ botToken: BOT_TOKEN });
    rig.adapter = createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: rig.fake.apiUrl, memory: createProcessAdapterMemory(), logger });
    await rig.adapter.start(handler);
    rig.server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: rig.adapter.httpRoutes!(), logger });
  });
  afterAll(async () => {
    await rig.adapter?.stop();
    await rig.server?.close();
    await rig.fake?.close();
  });
  const post = (body: string, type: string, retryNum?: number) => postSigned(`${rig.server.url}/slack/events`, body, type, { signingSecret: SIGNING_SECRET, retryNum });
  return { rig, post };
}

describe('slack over HTTP: the ack follows onMessage', () => {
  const { state, handler } = flakyHandler();
  const { post } = httpAdapter(handler);

  it('answers 200 only once the message was recorded', async () => {
    state.down = false;
    const cmd = await post(slashCommandBody({ command: '/sql', text: 'SELECT 1', channelId: 'C0ACK' }), 'application/x-www-form-urlencoded');
    const ev = await post(JSON.stringify(eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'hi', ts: '1751000000.000200', channel: 'D0ACK' })), 'application/json');
    expect([cmd.status, ev.status]).toEqual([200, 200]);
    // The response came after onMessage resolved (it waits 30 ms), not before.
    expect(state.recorded.map((m) => m.text)).toEqual(['SELECT 1', 'hi']);
    expect(Math.min(cmd.elapsedMs, ev.elapsedMs)).toBeGreaterThanOrEqual(25);
  });

  it('does not acknowledge an event it could not record (503: Slack redelivers), and takes the redelivery', async () => {
    state.down = true;
    const event = JSON.stringify(eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'lost?', ts: '1751000000.000300', channel: 'D0ACK' }, { eventId: 'EvDown' }));
    const refused = await post(event, 'application/json');
    expect(refused.status).toBe(503);
    const cmd = await post(slashCommandBody({ command: '/ask', text: 'revenue', channelId: 'C0ACK' }), 'application/x-www-form-urlencoded');
    expect(cmd.status).toBe(503);
    state.down = false;
    const redelivered = await post(event, 'application/json', 1);
    expect(redelivered.status).toBe(200);
    expect(state.recorded.map((m) => m.text)).toEqual(['SELECT 1', 'hi', 'lost?']);
  });

  it('acknowledges a command at the 2.5 s deadline when recording is slower than Slack waits, and still records it', async () => {
    state.slowMs = 4_000;
    try {
      const cmd = await post(slashCommandBody({ command: '/sql', text: 'SELECT 2', channelId: 'C0ACK' }), 'application/x-www-form-urlencoded');
      expect(cmd.status).toBe(200);
      expect(cmd.elapsedMs).toBeGreaterThanOrEqual(2_400);
      expect(state.recorded.map((m) => m.text)).not.toContain('SELECT 2'); // acked before the recording finished
      await new Promise((r) => setTimeout(r, 2_000));
      expect(state.recorded.map((m) => m.text)).toContain('SELECT 2');
    } finally {
      state.slowMs = 0;
    }
  });
});

describe('slack over HTTP to a core that takes sealed events: a command is acknowledged as it came, and decoded after', () => {
  const messages: ChatMessage[] = [];
  const sealed: SealedEvent[] = [];
  let down = false;
  const handler: MessageHandler = async (m) => void messages.push(m);
  handler.sealed = async (e) => {
    await new Promise((r) => setTimeout(r, 30)); // the ack must wait for this
    if (down) throw new Error('journal unwritable');
    sealed.push(e);
  };
  const { rig, post } = httpAdapter(handler);

  it('hands over the checked body, acks after it is taken, and decodes it into the message the normalised path gives', async () => {
    const body = slashCommandBody({ command: '/ask', text: 'revenue by country', channelId: 'C0SEAL' });
    const before = Date.now();
    const res = await post(body, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.elapsedMs).toBeGreaterThanOrEqual(25);
    expect(messages, 'no message built on the ack path').toEqual([]);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]).toMatchObject({ platform: 'slack', body });
    expect(sealed[0].receivedAtMs).toBeGreaterThanOrEqual(before);
    const m = rig.adapter.decode!(sealed[0]);
    expect(m).toMatchObject({ kind: 'question', text: 'revenue by country', conversation: { platform: 'slack', channelId: 'C0SEAL' } });
    expect(m.receivedAt.getTime()).toBe(sealed[0].receivedAtMs);
    // Events and malformed commands take their usual paths: an event is normalised, a bad command refused before anything.
    const ev = await post(JSON.stringify(eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'hi', ts: '1751000000.000900', channel: 'D0SEAL' })), 'application/json');
    expect(ev.status).toBe(200);
    expect(messages.map((x) => x.text)).toEqual(['hi']);
    const bad = await post('command=%2Fask&text=x', 'application/x-www-form-urlencoded');
    expect(bad.status).toBe(400);
    expect(sealed).toHaveLength(1);
  });

  it('does not acknowledge a command it could not hand over (503), and decode refuses a body that is no command', async () => {
    down = true;
    try {
      const res = await post(slashCommandBody({ command: '/sql', text: 'SELECT 1', channelId: 'C0SEAL' }), 'application/x-www-form-urlencoded');
      expect(res.status).toBe(503);
    } finally {
      down = false;
    }
    expect(() => rig.adapter.decode!({ platform: 'slack', body: 'command=%2Fask&text=x', receivedAtMs: Date.now() })).toThrow(/malformed channel_id\/user_id/);
    expect(() => rig.adapter.decode!({ platform: 'slack', body: 'command=%2Fask&command=%2Fsql&channel_id=C&user_id=U', receivedAtMs: Date.now() })).toThrow(/more than once/);
  });
});

describe('slack Socket Mode: the ack follows onMessage', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const { state, handler } = flakyHandler();
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    adapter = createSlackAdapter({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: fake.apiUrl, memory: createProcessAdapterMemory(), logger });
    await adapter.start(handler);
    await fake.socketConnected();
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('acks an event and a command after recording them, and sends no ack for what it could not record', async () => {
    state.down = false;
    const env = eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'hello', ts: '1751000000.000400', channel: 'D0SACK' });
    const acked = await within(fake.socketSend('events_api', env), 3000);
    expect(acked).not.toBe('timeout');
    expect(state.recorded.map((m) => m.text)).toEqual(['hello']);

    state.down = true;
    const lost = eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: 'store down', ts: '1751000000.000500', channel: 'D0SACK' });
    expect(await within(fake.socketSend('events_api', lost), 500)).toBe('timeout');
    expect(await within(fake.socketSend('slash_commands', slashCommandFields({ command: '/sql', text: 'SELECT 9', channelId: 'C0SACK' })), 500)).toBe('timeout');
    expect(state.calls.length).toBe(3);

    state.down = false;
    expect(await within(fake.socketSend('events_api', lost, { retryAttempt: 1 }), 3000)).not.toBe('timeout');
    expect(state.recorded.map((m) => m.text)).toEqual(['hello', 'store down']);
  });
});

describe('slack Socket Mode: reconnecting (issue 15)', () => {
  const seen: ChatMessage[] = [];
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({
      logger,
      socketMode: true,
      handle: async (adapter, m) => {
        seen.push(m);
        await adapter.send(m.conversation, { text: `echo ${m.text}` });
      },
    });
    await rig.fake.socketConnected();
  });
  afterAll(async () => rig?.close());

  async function reconnected(opensBefore: number, connectionsBefore: number): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (rig.fake.callsOf('apps.connections.open').length > opensBefore && rig.fake.socketConnections > connectionsBefore && rig.fake.socketsOpen === 1) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no reconnect: ${rig.fake.callsOf('apps.connections.open').length - opensBefore} apps.connections.open, ${rig.fake.socketConnections - connectionsBefore} new sockets, ${rig.fake.socketsOpen} open`);
  }

  it.each([
    ['Slack closes the WebSocket', 'close' as const, 'C0RECON1'],
    ['Slack sends a refresh_requested disconnect', 'refresh' as const, 'C0RECON2'],
  ])('reconnects after %s and answers a command over the new socket exactly once', async (_label, how, channel) => {
    const opens = rig.fake.callsOf('apps.connections.open').length;
    const connections = rig.fake.socketConnections;
    await rig.fake.socketDrop(how);
    await reconnected(opens, connections);
    expect(rig.fake.callsOf('apps.connections.open').at(-1)!.result).toBe('ok');

    const count = rig.received.length + 1;
    const ack = await within(rig.fake.socketSend('slash_commands', slashCommandFields({ command: '/sql', text: `SELECT ${how}`, channelId: channel })), 5000);
    expect(ack).not.toBe('timeout');
    await rig.settle(count);
    await new Promise((r) => setTimeout(r, 100)); // room for a duplicate, were there one
    expect(seen.filter((m) => m.conversation.channelId === channel).map((m) => m.text)).toEqual([`SELECT ${how}`]);
    expect(rig.fake.messages.filter((m) => m.channel === channel).map((m) => m.text)).toEqual([`echo SELECT ${how}`]);
  });
});
