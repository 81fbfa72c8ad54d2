/**
 * The Telegram adapter on its own (real telegraf, fake Bot API): polling
 * and webhook start/stop, the webhook secret, what counts as a message in
 * private chats and groups, refinement threads, buttons, progress edits,
 * retries and fallbacks. Replies here are written by hand; the full app
 * runs in telegram.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../adapters/telegram/index.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { COMMANDS } from '../../bot/contracts/commands.ts';
import { PlatformError, type ChatAdapter, type ChatMessage, type Reply } from '../../bot/contracts/chat.ts';
import { createFakeBotApi, type FakeBotApi } from '../fakes/telegram/fake-bot-api.ts';
import { createTelegramHarness, GROUP_CHAT, PRIVATE_CHAT, WEBHOOK_URL, type TelegramHarness } from './telegram-harness.ts';

const logger = createLogger('silent');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const delivery = createDelivery({ logger, baseDelayMs: 10, maxDelayMs: 50 });

function answerReply(id: string, extra: Partial<Reply> = {}): Reply {
  return {
    text: 'Orders by device — 3 rows',
    table: { columns: [{ name: 'device', type: 'String' }, { name: 'orders', type: 'UInt64' }], rows: [['desktop', 5], ['mobile', 7], ['tablet', 1]], text: 'device  | orders\ndesktop | 5\nmobile  | 7\ntablet  | 1', moreRows: 0, truncated: false },
    code: { language: 'sql', text: 'SELECT device, count() AS orders FROM demo.orders GROUP BY device' },
    buttons: [
      { actionId: 'show_sql', label: 'Show SQL', value: id },
      { actionId: 'export_csv', label: 'Export CSV', value: id },
    ],
    footer: 'tables: demo.orders · 3 rows',
    ...extra,
  };
}

/** Answers like the core would: echoes the question as a table answer, buttons, SQL and CSV. */
async function echoHandler(adapter: ChatAdapter, m: ChatMessage): Promise<void> {
  let reply: Reply;
  if (m.kind === 'action' && m.action?.id === 'show_sql') reply = { text: 'SQL for Orders', code: { language: 'sql', text: 'SELECT device FROM demo.orders' } };
  else if (m.kind === 'action' && m.action?.id === 'export_csv') reply = { text: 'CSV export: 3 rows', file: { name: 'orders.csv', mimeType: 'text/csv', data: Buffer.from('device,orders\ndesktop,5\n') } };
  else if (m.kind === 'help') reply = { text: 'Send SQL with /sql SELECT …' };
  else reply = answerReply('ans-1', { text: `Answer to: ${m.text}` });
  await delivery.send(adapter, m.conversation, reply);
}

let h: TelegramHarness | undefined;
let extraFake: FakeBotApi | undefined;
afterEach(async () => {
  await h?.stop();
  await extraFake?.close();
  h = undefined;
  extraFake = undefined;
});

describe('telegram adapter: configuration and lifecycle', () => {
  it('trusts its validated config: a webhook URL Telegram refuses fails start in one line, without the token', async () => {
    extraFake = await createFakeBotApi();
    const adapter = createTelegramAdapter({ token: extraFake.token, apiRoot: extraFake.url, webhookUrl: 'http://bot.example.test/hook', memory: createProcessAdapterMemory(), logger });
    const err = await adapter.start(async () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).message).toMatch(/setWebhook failed: 400 .*HTTPS/);
    expect((err as PlatformError).message).not.toContain(extraFake.token.split(':')[1]);
  });

  it('fails to start on a token Telegram rejects, with a one-line error that hides the token', async () => {
    extraFake = await createFakeBotApi();
    const token = `${extraFake.bot.id}:WrongSecret_abcdef`;
    const adapter = createTelegramAdapter({ token, apiRoot: extraFake.url, memory: createProcessAdapterMemory(), logger });
    const err = await adapter.start(async () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).message).toMatch(/getMe.*401 Unauthorized/);
    expect((err as PlatformError).retryable).toBe(false);
    expect((err as PlatformError).message).not.toContain('WrongSecret');
    expect(extraFake.calls.map((c) => [c.method, c.status])).toEqual([['getMe', 401]]);
  });

  it('registers its commands, polls, and stops polling cleanly', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    // The menu is the contracts' command list, name and description.
    expect(h.fake.commands).toEqual(COMMANDS.map((c) => ({ command: c.name, description: c.description })));
    expect(h.fake.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
    const seen = await h.say('revenue by month');
    expect(seen.text).toContain('Answer to: revenue by month');
    const polls = h.fake.calls.filter((c) => c.method === 'getUpdates');
    expect(polls.every((c) => Array.isArray(c.params.allowed_updates))).toBe(true);
    await h.adapter.stop();
    // The held long poll was abandoned and the offset synced once, without a new long poll.
    expect(h.fake.polling).toBe(false);
    const last = h.fake.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
    expect(last.params.limit).toBe(1);
    expect(last.params.timeout ?? 0).toBe(0);
  });
});

describe('telegram adapter: which messages are questions', () => {
  it('answers any text in a private chat, quoting the question, each question its own thread', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    const first = await h.say('top 5 countries');
    const second = await h.say('/sql SELECT 1');
    expect(h.received.map((m) => m.kind)).toEqual(['question', 'sql']);
    expect(h.received[1].text).toBe('SELECT 1');
    expect(h.received[0].conversation).toEqual({ platform: 'telegram', workspaceKey: String(PRIVATE_CHAT.id), channelId: String(PRIVATE_CHAT.id), threadId: String(first.userMessageId), replyHandle: String(first.userMessageId) });
    expect(h.received[1].conversation.threadId).toBe(String(second.userMessageId));
    expect(first.mine[0].replyTo).toBe(first.userMessageId);
    expect(h.received[0].user).toEqual({ id: '4242', name: 'ada' });
    expect(h.received[0].id).toMatch(/^telegram:\d+:\d+$/);
  });

  it('in a group answers commands, mentions and replies to its answers, and nothing else', async () => {
    h = createTelegramHarness('polling', { chat: GROUP_CHAT });
    await h.startWith(echoHandler, logger);
    const chatter = await h.say('anyone up for lunch?');
    expect(chatter.messages).toBe(0);
    const otherBot = await h.say('/ask@weather_bot forecast');
    expect(otherBot.messages).toBe(0);
    const mention = await h.say('@datalabs_test_bot revenue by country');
    expect(mention.text).toContain('Answer to: revenue by country');
    const command = await h.say('/ask@datalabs_test_bot orders by device');
    expect(command.text).toContain('Answer to: orders by device');
    expect(h.received.map((m) => m.text)).toEqual(['revenue by country', 'orders by device']);
  });

  it('treats a reply to an answer as a refinement in that answer\'s thread', async () => {
    h = createTelegramHarness('polling', { chat: GROUP_CHAT });
    await h.startWith(echoHandler, logger);
    const q = await h.say('/ask revenue by month');
    const thread = String(q.userMessageId);
    const answerId = q.mine[0].messageId;
    const refine = await h.say('now by country', { replyTo: answerId });
    expect(refine.text).toContain('Answer to: now by country');
    expect(h.received[1]).toMatchObject({ kind: 'question', text: 'now by country', conversation: { threadId: thread } });
    // A reply to the refined answer stays in the same thread; a new question starts another.
    await h.say('only mobile', { replyTo: refine.mine[0].messageId });
    expect(h.received[2].conversation.threadId).toBe(thread);
    const other = await h.say('/ask refunds');
    expect(h.received[3].conversation.threadId).toBe(String(other.userMessageId));
    // A reply to someone else's message in a group is not for the bot.
    const ignored = await h.say('agreed', { replyTo: q.userMessageId });
    expect(ignored.messages).toBe(0);
  });
});

describe('telegram adapter: buttons, progress and delivery', () => {
  it('presses acknowledge the button and answer with the SQL and a CSV document', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    const answer = await h.say('orders by device');
    expect(answer.buttons).toEqual(['show_sql', 'export_csv']);
    const sql = await h.press!(answer, 'show_sql');
    expect(sql.text).toContain('SELECT device FROM demo.orders');
    expect(sql.mine[0].entities.some((e) => e.type === 'pre')).toBe(true);
    const action = h.received.at(-1)!;
    expect(action).toMatchObject({ kind: 'action', action: { id: 'show_sql', value: 'ans-1' }, conversation: { threadId: h.received[0].conversation.threadId } });
    const csv = await h.press!(answer, 'export_csv');
    expect(csv.files).toEqual(['orders.csv']);
    expect(csv.mine[0].replyTo).toBe(answer.mine[0].messageId);
    const acks = h.fake.calls.filter((c) => c.method === 'answerCallbackQuery');
    expect(acks.map((c) => c.status)).toEqual([200, 200]);
  });

  it('turns the progress message into the answer: edited in place, or replaced by the chart', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(async (adapter, m) => {
      const progress = await delivery.send(adapter, m.conversation, { text: 'Working on it…' });
      const reply = m.text === 'chart' ? answerReply('a1', { image: { png: PNG, alt: 'bar chart', width: 1, height: 1 } }) : answerReply('a2');
      await delivery.update(adapter, progress, reply);
    }, logger);
    const text = await h.say('table');
    expect(text.messages).toBe(1);
    expect(text.mine[0].edited).toBe(1);
    expect(text.text).toContain('mobile  | 7');
    expect(text.buttons).toEqual(['show_sql', 'export_csv']);
    const chart = await h.say('chart');
    expect(chart.messages).toBe(1);
    expect(chart.images).toBe(1);
    expect(chart.text).toContain('Orders by device');
    expect(h.fake.calls.filter((c) => c.method === 'deleteMessage').map((c) => c.status)).toEqual([200]);
    // A reply to the chart answer continues its thread.
    await h.say('only mobile', { replyTo: chart.mine[0].messageId });
    expect(h.received.at(-1)!.conversation.threadId).toBe(h.received[1].conversation.threadId);
  });

  it('sends the answer as a new message when the progress message was deleted meanwhile', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(async (adapter, m) => {
      const progress = await delivery.send(adapter, m.conversation, { text: 'Working on it…' });
      h!.fake.messages.find((x) => x.messageId === Number(progress.messageId) && x.chatId === PRIVATE_CHAT.id)!.deleted = true;
      await delivery.update(adapter, progress, answerReply('a3'));
    }, logger);
    const seen = await h.say('table');
    expect(seen.messages).toBe(1);
    expect(seen.text).toContain('tablet  | 1');
    expect(seen.mine[0].replyTo).toBe(seen.userMessageId);
  });

  it('reports 429 with retry_after as retryable and the delivery layer gets the answer through', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    await h.say('/help');
    const to = h.received[0].conversation;
    h.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfterSec: 1 });
    const err = await h.adapter.send(to, { text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toMatchObject({ retryable: true, retryAfterMs: 1000 });
    h.fake.failNext('sendMessage', { status: 502, description: 'Bad Gateway' });
    expect(await h.adapter.send(to, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ retryable: true });
    h.fake.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await h.adapter.send(to, { text: 'x' }).catch((e: unknown) => e)).toMatchObject({ retryable: false, message: expect.stringMatching(/403 Forbidden: bot was blocked/) });
    h.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfterSec: 1 });
    const seen = await h.say('after the rate limit');
    expect(seen.messages).toBe(1);
    expect(seen.text).toContain('Answer to: after the rate limit');
  });

  it('does not repeat the parts already sent when a long answer is retried', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    await h.say('/help');
    const rows = Array.from({ length: 300 }, (_, i) => [`row-${i}-${'z'.repeat(20)}`, i]);
    const big = answerReply('big', { table: { columns: [{ name: 'a', type: 'String' }, { name: 'b', type: 'UInt32' }], rows, text: rows.map((r) => r.join(' | ')).join('\n'), moreRows: 0, truncated: false } });
    // The first part goes out, the second hits a rate limit once.
    h.fake.failNext('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfterSec: 1, skip: 1 });
    const before = h.fake.messages.length;
    const err = await h.adapter.send(h.received[0].conversation, big).catch((e: unknown) => e);
    expect(err).toMatchObject({ retryable: true });
    await h.adapter.send(h.received[0].conversation, big);
    const parts = h.fake.messages.slice(before).filter((m) => m.from === 'bot');
    expect(parts.length).toBeGreaterThan(2);
    expect(h.fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 429)).toHaveLength(1);
    const texts = parts.map((m) => m.text ?? '');
    expect(new Set(texts).size).toBe(texts.length);
    expect(texts.join('\n')).toContain('row-299-');
    expect(parts.filter((m) => m.replyMarkup)).toHaveLength(1);
  });

  it('falls back to plain text when Telegram cannot parse the HTML', async () => {
    h = createTelegramHarness('polling');
    await h.startWith(echoHandler, logger);
    h.fake.failNext('sendMessage', { status: 400, description: 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 3' });
    const seen = await h.say('fallback please');
    expect(seen.messages).toBe(1);
    expect(seen.text).toContain('Answer to: fallback please');
    const sends = h.fake.calls.filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => [c.status, c.params.parse_mode])).toEqual([[400, 'HTML'], [200, undefined]]);
  });
});

describe('telegram adapter: webhook', () => {
  it('sets the webhook with its secret and answers verified deliveries', async () => {
    h = createTelegramHarness('webhook');
    await h.startWith(echoHandler, logger);
    expect(h.fake.webhook).toMatchObject({ url: WEBHOOK_URL, secretToken: 'test-secret_123', allowedUpdates: ['message', 'callback_query'] });
    expect(h.fake.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    const seen = await h.say('revenue by month');
    expect(h.fake.deliveries.at(-1)!.status).toBe(200);
    expect(seen.text).toContain('Answer to: revenue by month');
    const pressed = await h.press!(seen, 'export_csv');
    expect(pressed.files).toEqual(['orders.csv']);
  });

  it('refuses a wrong or missing secret with 401/403 and never reaches the handler', async () => {
    h = createTelegramHarness('webhook');
    await h.startWith(echoHandler, logger);
    const update = { update_id: 999, message: { message_id: 1, date: 0, chat: { id: 4242, type: 'private' }, from: { id: 1, is_bot: false, first_name: 'Eve' }, text: '/sql SELECT 1' } };
    const url = `${h.server!.url}/telegram/webhook`;
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) });
    expect((await post({})).status).toBe(401);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'wrong' })).status).toBe(403);
    expect((await post({ 'x-telegram-bot-api-secret-token': 'test-secret_1234' })).status).toBe(403);
    expect(h.received).toHaveLength(0);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'test-secret_123' }, body: '{not json' });
    expect(bad.status).toBe(400);
    // Telegram posts JSON; anything else is refused before it is read.
    const notJson = await fetch(url, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': 'test-secret_123' }, body: JSON.stringify(update) });
    expect(notJson.status).toBe(415);
    expect(h.received).toHaveLength(0);
  });

  it.each(['webhook', 'polling'] as const)('hands a redelivered update to the core with the same id (%s)', async (mode) => {
    h = createTelegramHarness(mode);
    await h.startWith(echoHandler, logger);
    let updateId = 0;
    await h.interact(PRIVATE_CHAT, () => {
      const sent = h!.fake.userSends(PRIVATE_CHAT, 'once');
      updateId = sent.updateId;
      return sent;
    });
    await h.interact(PRIVATE_CHAT, () => {
      h!.fake.redeliver(updateId);
      return { updateId };
    });
    expect(h.received).toHaveLength(2);
    expect(h.received[0].id).toBe(h.received[1].id);
  });
});
