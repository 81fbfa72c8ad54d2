/**
 * The Telegram adapter in the inbound pipeline (real telegraf, fake Bot API):
 * an update is acknowledged only after `onMessage` resolved — the webhook
 * answers 500 and long polling keeps its offset when recording fails — and
 * an adapter that never started (a worker, another replica) answers a message
 * another one received, where that one would have put the answer, from the
 * queued message and the shared AdapterMemory alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, threadMemoryKey, type TelegramAdapter } from '../../adapters/telegram/index.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { messageFromJson, messageToJson } from '../../bot/core/inbound/index.ts';
import type { ChatAdapter, ChatMessage, Reply, SentRef } from '../../bot/contracts/chat.ts';
import { startHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createFakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { createTelegramHarness, GROUP_CHAT, PRIVATE_CHAT, WEBHOOK_URL, type TelegramHarness } from './telegram-harness.ts';

const logger = createLogger('silent');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const delivery = createDelivery({ logger, baseDelayMs: 10, maxDelayMs: 50 });

function answer(id: string, extra: Partial<Reply> = {}): Reply {
  return {
    text: `Answer ${id}`,
    table: { columns: [{ name: 'n', type: 'UInt8' }], rows: [[1]], text: 'n\n1', moreRows: 0, truncated: false },
    buttons: [
      { actionId: 'show_sql', label: 'Show SQL', value: id },
      { actionId: 'export_csv', label: 'Export CSV', value: id },
    ],
    ...extra,
  };
}

async function echo(adapter: ChatAdapter, m: ChatMessage): Promise<void> {
  await delivery.send(adapter, m.conversation, { text: `Answer to: ${m.text || m.action?.id}` });
}

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('telegram adapter: acknowledged only once recorded', () => {
  it('webhook: a delivery whose onMessage rejected is answered 500, and its redelivery is answered once', async () => {
    h = createTelegramHarness('webhook');
    await h.startWith(echo, logger);
    h.refuseNext(1);
    const sent = h.fake.userSends(PRIVATE_CHAT, 'revenue by month');
    expect(await h.fake.processed(sent.updateId)).toEqual({ status: 500 });
    expect(h.received).toHaveLength(1);
    expect(h.fake.messages.filter((m) => m.from === 'bot')).toHaveLength(0);
    // Telegram delivers it again; this time the store is up.
    const seen = await h.interact(PRIVATE_CHAT, () => {
      h!.fake.redeliver(sent.updateId);
      return sent;
    });
    expect(h.fake.deliveries.map((d) => d.status)).toEqual([500, 200]);
    expect(seen.messages).toBe(1);
    expect(seen.text).toBe('Answer to: revenue by month');
    expect(h.received.map((m) => m.id)).toEqual([h.received[0].id, h.received[0].id]);
  });

  it('long polling: the offset does not move past an update until onMessage resolved; it is fetched again and answered once', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echo, logger);
    h.refuseNext(2);
    const mark = h.fake.calls.length;
    const seen = await h.interact(PRIVATE_CHAT, () => h!.fake.userSends(PRIVATE_CHAT, 'orders by device'));
    const updateId = Number(h.received[0].id.split(':')[2]);
    expect(h.received.map((m) => m.id)).toEqual(Array(3).fill(h.received[0].id));
    expect(seen.messages).toBe(1);
    expect(seen.text).toBe('Answer to: orders by device');
    // Each refusal fetched from an offset at or below the update again; only then did the offset pass it.
    const offsets = h.fake.calls.slice(mark).filter((c) => c.method === 'getUpdates').map((c) => Number(c.params.offset ?? 0));
    const firstPast = offsets.findIndex((o) => o > updateId);
    expect(firstPast).toBeGreaterThanOrEqual(2);
    expect(offsets.slice(0, firstPast).every((o) => o <= updateId)).toBe(true);
  });

  it.each(['webhook', 'polling'] as const)('%s: the update is acknowledged only after onMessage resolved', async (mode) => {
    const fake = await createFakeBotApi();
    const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.url, webhookUrl: mode === 'webhook' ? WEBHOOK_URL : undefined, webhookSecret: 'test-secret_123', memory: createProcessAdapterMemory(), logger });
    const server = mode === 'webhook' ? await startHttpServer({ port: 0, host: '127.0.0.1', routes: adapter.httpRoutes!(), logger }) : undefined;
    if (server) fake.setWebhookTarget(server.url);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const got: ChatMessage[] = [];
    try {
      await adapter.start(async (m) => {
        got.push(m);
        await gate;
      });
      const sent = fake.userSends(PRIVATE_CHAT, 'slow store');
      while (!got.length) await new Promise((r) => setTimeout(r, 10));
      expect(await settlesWithin(fake.processed(sent.updateId), 300)).toBe(false);
      open();
      expect(await fake.processed(sent.updateId)).toEqual(mode === 'webhook' ? { status: 200 } : { status: undefined });
      expect(got.map((m) => m.text)).toEqual(['slow store']);
    } finally {
      open();
      await adapter.stop();
      await server?.close();
      await fake.close();
    }
  });

  it('long polling: stopped while the store is down, it leaves the update unconfirmed for the next start', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echo, logger);
    h.refuseNext(1_000);
    const sent = h.fake.userSends(PRIVATE_CHAT, 'lost?');
    while (h.received.length < 2) await new Promise((r) => setTimeout(r, 20));
    await h.adapter.stop();
    const last = h.fake.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
    expect(Number(last.params.offset ?? 0)).toBeLessThanOrEqual(sent.updateId);
    expect(await settlesWithin(h.fake.processed(sent.updateId), 300)).toBe(false);
    expect(h.fake.messages.filter((m) => m.from === 'bot')).toHaveLength(0);
    // The next start (the store is back) gets the update again.
    const next = createTelegramAdapter({ token: h.fake.token, apiRoot: h.fake.url, memory: h.memory, logger });
    const got: ChatMessage[] = [];
    await next.start(async (m) => void got.push(m));
    await h.fake.processed(sent.updateId);
    await next.stop();
    expect(got.map((m) => [m.id, m.text])).toEqual([[h.received[0].id, 'lost?']]);
  });
});

describe('telegram adapter: send and update in a process that never started', () => {
  it('adapter B (never started, same memory) answers what A received: quoting the question, editing in place, and the thread continues', async () => {
    h = createTelegramHarness('polling', { chat: GROUP_CHAT });
    const queued: ChatMessage[] = [];
    // A records and queues only; B does the answering, as a worker would.
    await h.startWith(async (_adapter, m) => void queued.push(m), logger);
    const b: TelegramAdapter = createTelegramAdapter({ token: h.fake.token, apiRoot: h.fake.url, memory: h.memory, logger });
    // What a worker gets: the message as the queue stored it.
    const fromQueue = (m: ChatMessage) => messageFromJson(messageToJson(m));
    const roundTrip = (ref: SentRef): SentRef => JSON.parse(JSON.stringify(ref));

    // 1. A text answer: progress message, then edited into the answer.
    const q = await h.say('/ask revenue by month');
    expect(queued).toHaveLength(1);
    const m1 = fromQueue(queued[0]);
    expect(m1.conversation.replyHandle).toBe(String(q.userMessageId));
    const progress = roundTrip(await b.send(m1.conversation, { text: 'Working on it…' }));
    await b.update!(progress, answer('ans-1'));
    expect(b.me).toBeUndefined();
    const bot1 = h.fake.chatMessages(GROUP_CHAT.id).filter((m) => m.from === 'bot' && !m.deleted);
    expect(bot1).toHaveLength(1);
    expect(bot1[0]).toMatchObject({ replyTo: q.userMessageId, edited: 1, text: expect.stringContaining('Answer ans-1') });
    expect(bot1[0].replyMarkup?.inline_keyboard.flat().map((k) => k.callback_data)).toEqual(['show_sql:ans-1', 'export_csv:ans-1']);
    expect(await h.memory.get(threadMemoryKey(String(GROUP_CHAT.id), bot1[0].messageId))).toBe(m1.conversation.threadId);

    // A user's reply to B's answer reaches A in the question's thread (B remembered it in the shared memory).
    await h.say('now by country', { replyTo: bot1[0].messageId });
    expect(queued[1]).toMatchObject({ kind: 'question', text: 'now by country', conversation: { threadId: String(q.userMessageId), replyHandle: expect.any(String) } });

    // 2. A chart answer replaces the progress line: sent as new messages quoting the refinement, progress deleted.
    const m2 = fromQueue(queued[1]);
    const progress2 = roundTrip(await b.send(m2.conversation, { text: 'Working on it…' }));
    await b.update!(progress2, answer('ans-2', { image: { png: PNG, alt: 'chart', width: 1, height: 1 } }));
    const chart = h.fake.chatMessages(GROUP_CHAT.id).filter((m) => m.from === 'bot' && !m.deleted && m.photo);
    expect(chart).toHaveLength(1);
    expect(chart[0].replyTo).toBe(Number(m2.conversation.replyHandle));
    expect(h.fake.messages.find((m) => m.messageId === Number(progress2.messageId) && m.chatId === GROUP_CHAT.id)?.deleted).toBe(true);

    // 3. A press on B's chart answer: A receives it in the same thread; B answers it quoting the pressed answer.
    await h.interact(GROUP_CHAT, () => h!.fake.userPresses(GROUP_CHAT, chart[0].messageId, 'show_sql:ans-2'));
    const press = fromQueue(queued[2]);
    expect(press).toMatchObject({ kind: 'action', action: { id: 'show_sql', value: 'ans-2' }, conversation: { threadId: String(q.userMessageId), replyHandle: String(chart[0].messageId) } });
    const sqlRef = await b.send(press.conversation, { text: 'SQL', code: { language: 'sql', text: 'SELECT 1' } });
    expect(h.fake.messages.find((m) => m.messageId === Number(sqlRef.messageId) && m.chatId === GROUP_CHAT.id)?.replyTo).toBe(chart[0].messageId);
    // B made no call that needs start(): no getMe, no polling.
    const bCalls = h.fake.calls.filter((c) => c.method === 'getMe');
    expect(bCalls).toHaveLength(1);
    await b.stop();
  });

  it('a reply to an answer sent by a process with another memory starts a new thread (the memory is what links them)', async () => {
    h = createTelegramHarness('polling', { chat: GROUP_CHAT });
    await h.startWith(async () => {}, logger);
    const other = createTelegramAdapter({ token: h.fake.token, apiRoot: h.fake.url, memory: createProcessAdapterMemory(), logger });
    const q = await h.say('/ask refunds');
    const sent = await other.send(h.received[0].conversation, { text: 'Answer' });
    await h.say('by week', { replyTo: Number(sent.messageId) });
    expect(h.received[1].conversation.threadId).toBe(sent.messageId);
    expect(h.received[1].conversation.threadId).not.toBe(String(q.userMessageId));
  });
});
