/**
 * Drives the Telegram adapter (real telegraf) against the fake Bot API in
 * polling or webhook mode, wired as `serve` wires it: the adapter's
 * `onMessage` is the inbound pipeline's `receive` (record → queue), and the
 * answer runs afterwards through the app's chat core (or a test's handler).
 * Reports what a user would see in the chat.
 */
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/index.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import type { App } from '../../bot/app/create-app.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import type { ActionId, AdapterMemory, ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';
import { createFakeBotApi, type FakeBotApi, type FakeChat, type FakeMessage } from '../fakes/telegram/fake-bot-api.ts';
import { createInboundRig, type InboundRig } from '../support/inbound-rig.ts';
import type { AdapterHarness, Observed } from './contract.ts';
import type { TestApp } from '../support/test-app.ts';

export const PRIVATE_CHAT: FakeChat = { id: 4242, type: 'private' };
export const GROUP_CHAT: FakeChat = { id: -100777, type: 'supergroup', title: 'Analytics' };
export const WEBHOOK_URL = 'https://bot.example.test/telegram/webhook';

export interface TelegramHarness extends AdapterHarness {
  readonly adapter: TelegramAdapter;
  readonly fake: FakeBotApi;
  readonly server: RunningHttpServer | undefined;
  /** The inbound pipeline the adapter hands its messages to. */
  readonly rig: InboundRig;
  /** The AdapterMemory the adapter was given (pass it to a second adapter to share it). */
  readonly memory: AdapterMemory;
  /** Every ChatMessage the adapter handed to the pipeline, in order (duplicates and refused ones included). */
  readonly received: ChatMessage[];
  /** The next `n` messages are refused by the pipeline, as when the store is down (`onMessage` rejects). */
  refuseNext(n: number): void;
  /** A user writes in `chat`; resolves with what the bot showed in response. */
  say(text: string, opts?: { chat?: FakeChat; replyTo?: number }): Promise<Observed & { mine: FakeMessage[]; userMessageId: number }>;
  /** Runs a user action and waits until the bot has finished answering it. */
  interact(chat: FakeChat, action: () => { updateId: number }): Promise<Observed & { mine: FakeMessage[] }>;
  press(answer: Observed, actionId: ActionId): Promise<Observed & { mine: FakeMessage[] }>;
  ask(text: string): Promise<Observed & { mine: FakeMessage[] }>;
  sql(query: string): Promise<Observed & { mine: FakeMessage[] }>;
  help(): Promise<Observed & { mine: FakeMessage[] }>;
  /** Starts with an answer handler other than the app's core (adapter-level tests); it runs behind the same pipeline. */
  startWith(handle: (adapter: ChatAdapter, message: ChatMessage) => Promise<void>, logger: Logger): Promise<void>;
}

export function createTelegramHarness(mode: 'polling' | 'webhook', opts: { chat?: FakeChat; adapter?: Partial<TelegramAdapterOptions>; memory?: AdapterMemory } = {}): TelegramHarness {
  const defaultChat = opts.chat ?? PRIVATE_CHAT;
  const memory = opts.memory ?? createProcessAdapterMemory();
  let fake!: FakeBotApi;
  let adapter!: TelegramAdapter;
  let server: RunningHttpServer | undefined;
  let rig!: InboundRig;
  let refuse = 0;
  const received: ChatMessage[] = [];
  const recorded = new Set<string>();
  /** Answers of the messages received, until they are done. */
  const inflight = new Set<Promise<void>>();

  /** The adapter's onMessage: the pipeline's receive; a newly recorded message is then awaited until answered. */
  async function receive(message: ChatMessage): Promise<void> {
    received.push(message);
    if (refuse > 0) {
      refuse--;
      throw new Error('metadata store unavailable (simulated)');
    }
    // A message recorded before is dropped by the pipeline as a duplicate: no answer to wait for.
    const answered = recorded.has(message.id) ? undefined : rig.answered(message.id);
    await rig.receive(message);
    recorded.add(message.id);
    if (answered) {
      const p = answered.finally(() => inflight.delete(p));
      inflight.add(p);
    }
  }

  async function settle(): Promise<void> {
    while (inflight.size) await Promise.allSettled([...inflight]);
  }

  function observe(mine: FakeMessage[]): Observed & { mine: FakeMessage[] } {
    const keyboardMessage = [...mine].reverse().find((m) => m.replyMarkup);
    const buttons = mine.flatMap((m) => (m.replyMarkup?.inline_keyboard.flat() ?? []).map((b) => String(b.callback_data).split(':')[0] as ActionId));
    return {
      text: mine.map((m) => [m.text ?? m.caption ?? '', m.document ? m.document.data.toString('utf8') : ''].filter(Boolean).join('\n')).join('\n'),
      images: mine.filter((m) => m.photo).length,
      buttons,
      files: mine.flatMap((m) => (m.document ? [m.document.filename] : [])),
      messages: mine.length,
      handle: keyboardMessage ? { chatId: keyboardMessage.chatId, messageId: keyboardMessage.messageId, keyboard: keyboardMessage.replyMarkup } : undefined,
      mine,
    };
  }

  async function interact(chat: FakeChat, action: () => { updateId: number }) {
    const mark = fake.messages.length;
    const { updateId } = action();
    await fake.processed(updateId);
    await settle();
    return observe(fake.messages.slice(mark).filter((m) => m.from === 'bot' && !m.deleted && m.chatId === chat.id));
  }

  async function say(text: string, o: { chat?: FakeChat; replyTo?: number } = {}) {
    const chat = o.chat ?? defaultChat;
    let userMessageId = 0;
    const seen = await interact(chat, () => {
      const sent = fake.userSends(chat, text, { replyTo: o.replyTo });
      userMessageId = sent.message.messageId;
      return sent;
    });
    return { ...seen, userMessageId };
  }

  async function launch(app: App, logger: Logger): Promise<void> {
    fake = await createFakeBotApi();
    adapter = createTelegramAdapter({
      token: fake.token,
      apiRoot: fake.url,
      webhookUrl: mode === 'webhook' ? WEBHOOK_URL : undefined,
      webhookSecret: mode === 'webhook' ? 'test-secret_123' : undefined,
      memory,
      logger,
      pollRetryMs: 50,
      ...opts.adapter,
    });
    rig = createInboundRig(app, [adapter]);
    if (mode === 'webhook') {
      server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: adapter.httpRoutes!(), logger });
      fake.setWebhookTarget(server.url);
    }
    await adapter.start(receive);
  }

  return {
    get adapter() {
      return adapter;
    },
    get fake() {
      return fake;
    },
    get server() {
      return server;
    },
    get rig() {
      return rig;
    },
    memory,
    received,
    refuseNext(n) {
      refuse = n;
    },
    say,
    interact,
    async start(app: TestApp) {
      await launch(app, app.logger);
    },
    async startWith(handle, logger) {
      // The pipeline needs only the core's answer and a logger (no metadata store: an in-memory inbound store).
      await launch({ core: { answer: handle }, logger } as unknown as App, logger);
    },
    ask: (text) => say(text),
    sql: (query) => say(`/sql ${query}`),
    help: () => say('/help'),
    async press(answer: Observed, actionId: ActionId) {
      const h = answer.handle as { chatId: number; messageId: number; keyboard: { inline_keyboard: { callback_data?: string }[][] } } | undefined;
      if (!h) throw new Error('this answer has no buttons');
      const data = h.keyboard.inline_keyboard.flat().find((b) => b.callback_data?.startsWith(`${actionId}:`))?.callback_data;
      if (!data) throw new Error(`no ${actionId} button on this answer`);
      const chat = h.chatId === defaultChat.id ? defaultChat : { id: h.chatId, type: 'supergroup' as const };
      return interact(chat, () => fake.userPresses(chat, h.messageId, data));
    },
    async stop() {
      await adapter?.stop();
      await rig?.close();
      await server?.close();
      await fake?.close();
    },
  };
}
