/**
 * Drives the Telegram adapter (real telegraf) against the fake Bot API,
 * wired to a real app's chat core, in polling or webhook mode, and reports
 * what a user would see in the chat.
 */
import { createTelegramAdapter, type TelegramAdapter, type TelegramAdapterOptions } from '../../adapters/telegram/index.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import type { ActionId, ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';
import { createFakeBotApi, type FakeBotApi, type FakeChat, type FakeMessage } from '../fakes/telegram/fake-bot-api.ts';
import type { AdapterHarness, Observed } from './contract.ts';
import type { TestApp } from '../support/test-app.ts';

export const PRIVATE_CHAT: FakeChat = { id: 4242, type: 'private' };
export const GROUP_CHAT: FakeChat = { id: -100777, type: 'supergroup', title: 'Analytics' };
export const WEBHOOK_URL = 'https://bot.example.test/telegram/webhook';

export interface TelegramHarness extends AdapterHarness {
  readonly adapter: TelegramAdapter;
  readonly fake: FakeBotApi;
  readonly server: RunningHttpServer | undefined;
  /** Every ChatMessage the adapter handed to the core, in order. */
  readonly received: ChatMessage[];
  /** A user writes in `chat`; resolves with what the bot showed in response. */
  say(text: string, opts?: { chat?: FakeChat; replyTo?: number }): Promise<Observed & { mine: FakeMessage[]; userMessageId: number }>;
  /** Runs a user action and waits until the bot has finished answering it. */
  interact(chat: FakeChat, action: () => { updateId: number }): Promise<Observed & { mine: FakeMessage[] }>;
  press(answer: Observed, actionId: ActionId): Promise<Observed & { mine: FakeMessage[] }>;
  ask(text: string): Promise<Observed & { mine: FakeMessage[] }>;
  sql(query: string): Promise<Observed & { mine: FakeMessage[] }>;
  help(): Promise<Observed & { mine: FakeMessage[] }>;
  /** Starts with a handler other than the app's core (adapter-level tests). */
  startWith(handle: (adapter: ChatAdapter, message: ChatMessage) => Promise<void>, logger: Logger): Promise<void>;
}

export function createTelegramHarness(mode: 'polling' | 'webhook', opts: { chat?: FakeChat; adapter?: Partial<TelegramAdapterOptions> } = {}): TelegramHarness {
  const defaultChat = opts.chat ?? PRIVATE_CHAT;
  let fake!: FakeBotApi;
  let adapter!: TelegramAdapter;
  let server: RunningHttpServer | undefined;
  const received: ChatMessage[] = [];
  const inflight = new Set<Promise<void>>();

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
    received,
    say,
    interact,
    start(app: TestApp) {
      return this.startWith((a, m) => app.core.handle(a, m), app.logger);
    },
    async startWith(handle, logger) {
      fake = await createFakeBotApi();
      adapter = createTelegramAdapter({
        token: fake.token,
        apiRoot: fake.url,
        webhookUrl: mode === 'webhook' ? WEBHOOK_URL : undefined,
        webhookSecret: mode === 'webhook' ? 'test-secret_123' : undefined,
        logger,
        ...opts.adapter,
      });
      if (mode === 'webhook') {
        server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: adapter.httpRoutes!(), logger });
        fake.setWebhookTarget(server.url);
      }
      await adapter.start(async (message) => {
        received.push(message);
        const p = handle(adapter, message);
        inflight.add(p);
        try {
          await p;
        } finally {
          inflight.delete(p);
        }
      });
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
      await server?.close();
      await fake?.close();
    },
  };
}
