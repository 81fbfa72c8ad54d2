/**
 * The Slack adapter wired for tests and the benchmark as `datalabs serve`
 * wires it: a fake Slack, the real adapter (bolt pointed at the fake), the
 * shared HTTP server, and the inbound pipeline (`createInboundRig`: record →
 * in-process queue → answer) with the app's chat core answering — or a
 * test's own answer step in its place.
 */
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { blocksText } from '../../adapters/slack/format.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import type { App } from '../../bot/app/create-app.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import type { ActionId, AdapterMemory, ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';
import type { Observed } from './contract.ts';
import { createInboundRig, type InboundRig } from '../support/inbound-rig.ts';
import { startFakeSlack, type FakeMessage, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { blockActionPayload, interactionBody, postSigned, slashCommandBody, type InboundResult, type SignOptions } from '../fakes/slack/slack-requests.ts';

export const BOT_TOKEN = 'xoxb-1-fake-bot-token';
export const APP_TOKEN = 'xapp-1-fake-app-token';
export const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';

export interface SlackRig {
  fake: FakeSlack;
  adapter: SlackAdapter;
  /** The AdapterMemory the adapter was given (share it with a second adapter to act as another process). */
  memory: AdapterMemory;
  /** The inbound pipeline the adapter's `onMessage` feeds. */
  inbound: InboundRig;
  /** `http://127.0.0.1:<port>/slack/events` (HTTP mode). */
  eventsUrl: string;
  /** Every message the adapter handed to the pipeline, in order (duplicates included). */
  received: ChatMessage[];
  /** POSTs a signed body (form or JSON) to the events URL. */
  post(body: string, contentType: string, sign?: Partial<SignOptions>): Promise<InboundResult>;
  command(command: string, text: string, o?: { channelId?: string; triggerId?: string } & Partial<SignOptions>): Promise<InboundResult>;
  /** Resolves when `count` messages have been received and every one of them is answered. */
  settle(count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The app whose chat core answers, through the inbound pipeline. */
  app?: App;
  /** A test's own answer step instead of the app (stands in for `core.answer` behind the same pipeline). */
  handle?: (adapter: ChatAdapter, message: ChatMessage) => Promise<void>;
  logger: Logger;
  socketMode?: boolean;
  /** Default: the app's metadata store's, else process memory. */
  memory?: AdapterMemory;
  /** Requests' response_url base (default: the fake's `/commands/…`). */
  responseUrlBase?: string;
}

export async function startSlackRig(o: RigOptions): Promise<SlackRig> {
  if (!o.app && !o.handle) throw new Error('startSlackRig needs an app or a handle');
  const fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  const memory = o.memory ?? o.app?.store?.adapterMemory ?? createProcessAdapterMemory();
  const adapter = createSlackAdapter({
    botToken: BOT_TOKEN,
    signingSecret: o.socketMode ? undefined : SIGNING_SECRET,
    appToken: o.socketMode ? APP_TOKEN : undefined,
    apiUrl: fake.apiUrl,
    memory,
    logger: o.logger,
  });
  const handle = o.handle;
  // Without an app, the test's handler takes the chat core's place behind the same pipeline.
  const answering: App = o.app ?? ({ core: { answer: (a: ChatAdapter, m: ChatMessage) => handle!(a, m) }, logger: o.logger } as unknown as App);
  const inbound = createInboundRig(answering, [adapter]);
  await adapter.start(inbound.receive);
  let server: RunningHttpServer | undefined;
  if (!o.socketMode) server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: adapter.httpRoutes?.() ?? [], logger: o.logger });
  const eventsUrl = server ? `${server.url}/slack/events` : '';
  const post = (body: string, contentType: string, sign: Partial<SignOptions> = {}) => postSigned(eventsUrl, body, contentType, { signingSecret: SIGNING_SECRET, ...sign });
  const received = inbound.received;

  return {
    fake,
    adapter,
    memory,
    inbound,
    eventsUrl,
    received,
    post,
    command: (command, text, c = {}) => post(slashCommandBody({ command, text, channelId: c.channelId ?? 'C0DATA', triggerId: c.triggerId, responseUrl: `${o.responseUrlBase ?? `${fake.url}/commands`}/T0FAKE/1/abc` }), 'application/x-www-form-urlencoded', c),
    async settle(count = received.length, timeoutMs = 5000) {
      // The ack comes once the message is queued: wait for it, then for the answers.
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      if (received.length < count) throw new Error(`expected ${count} messages handed to the pipeline, got ${received.length}`);
      await Promise.all(received.map((m) => inbound.answered(m.id)));
    },
    async close() {
      await adapter.stop();
      await inbound.close();
      await server?.close();
      await fake.close();
    },
  };
}

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** What a user sees of the bot's messages from index `from` on. */
export function observe(fake: FakeSlack, from: number): Observed {
  const mine = fake.messages.slice(from).filter((m) => m.user === fake.botUserId);
  const isChart = (m: FakeMessage) => m.files.length > 0 && m.files.every((id) => fake.files.get(id)?.name.endsWith('.png'));
  const texts = mine.map((m) => decode(m.blocks ? blocksText(m.blocks) : m.text)).filter(Boolean);
  const buttons: ActionId[] = [];
  let handle: FakeMessage | undefined;
  for (const m of mine) {
    for (const b of (m.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string }> }>) {
      if (b.type !== 'actions') continue;
      handle = m;
      for (const e of b.elements ?? []) if (e.action_id) buttons.push(e.action_id as ActionId);
    }
  }
  const files = mine.flatMap((m) => m.files.map((id) => fake.files.get(id)!)).filter((f) => !f.name.endsWith('.png'));
  return {
    text: [...texts, ...files.map((f) => f.data?.toString('utf8') ?? '')].join('\n'),
    images: mine.filter(isChart).length,
    buttons,
    files: files.map((f) => f.name),
    // The chart is a file reply in the answer's thread, counted in `images`, not as a message.
    messages: mine.filter((m) => !isChart(m)).length,
    handle,
  };
}

/** Presses a button of an observed answer (a signed block_actions interaction). */
export async function press(rig: SlackRig, answer: Observed, actionId: ActionId): Promise<Observed> {
  const msg = answer.handle as FakeMessage | undefined;
  if (!msg) throw new Error('that answer has no buttons');
  const button = ((msg.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button on that answer`);
  const from = rig.fake.messages.length;
  const count = rig.received.length + 1;
  const res = await rig.post(interactionBody(blockActionPayload({ channelId: msg.channel, messageTs: msg.ts, threadTs: msg.threadTs, actionId, value: button.value, blocks: msg.blocks })), 'application/x-www-form-urlencoded');
  if (res.status !== 200) throw new Error(`interaction answered HTTP ${res.status}`);
  await rig.settle(count);
  return observe(rig.fake, from);
}
