/**
 * Malformed platform events that arrive without HTTP: Slack Socket Mode
 * envelopes, Telegram updates by long polling, Discord gateway events. Each
 * is dropped with a log line; nothing reaches the core, nothing escapes as
 * an unhandled rejection, and the adapter keeps answering the next real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import { eventEnvelope, slashCommandFields, blockActionPayload } from '../fakes/slack/slack-requests.ts';
import type { TestApp } from '../support/test-app.ts';
import { startSlackRig, type SlackRig } from './slack-rig.ts';
import { createTelegramHarness, PRIVATE_CHAT, type TelegramHarness } from './telegram-harness.ts';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const logLines: string[] = [];
const logger = pino({ level: 'warn', base: undefined }, { write: (line: string) => void logLines.push(line) });

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

const within = <T,>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

describe('Slack Socket Mode: malformed envelopes', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({ handle: async () => {}, logger, socketMode: true });
    await rig.fake.socketConnected();
  });
  afterAll(() => rig?.close());

  it('drops them with a log line and still answers a real command', async () => {
    const mark = logLines.length;
    const good = slashCommandFields({ command: '/ask', text: 'x', channelId: 'C0SOCK' });
    const action = blockActionPayload({ channelId: 'C0SOCK', messageTs: '1751000000.000100', actionId: 'show_sql', value: 'ans-1' });
    const bad: [Parameters<SlackRig['fake']['socketSend']>[0], unknown][] = [
      ['slash_commands', { ...good, command: { x: 1 } }],
      ['slash_commands', { ...good, text: ['a'] }],
      ['slash_commands', { ...good, channel_id: null }],
      ['interactive', { ...action, actions: null }],
      ['interactive', { ...action, actions: [{ action_id: 'show_sql', value: { sql: 'SELECT 1' } }] }],
      ['interactive', { ...action, user: 'U1' }],
      ['events_api', eventEnvelope({ type: 'message', channel_type: 'im', user: 'U0ALICE', text: { t: 1 }, ts: '1.1', channel: 'D0SOCK' })],
      ['events_api', eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: '<@U0BOT> hi', ts: 5, channel: 'C0SOCK' })],
      ['events_api', eventEnvelope({ type: 'message', channel_type: 'im', user: ['U0ALICE'], text: 'hi', ts: '1.2', channel: 'D0SOCK' })],
    ];
    for (const [type, payload] of bad) await within(rig.fake.socketSend(type, payload), 3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(rig.received).toEqual([]);
    expect(logLines.length - mark).toBeGreaterThanOrEqual(bad.length);
    await rig.fake.socketSend('slash_commands', good);
    await rig.settle(1);
    expect(rig.received.map((m) => m.text)).toEqual(['x']);
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe('Telegram long polling: malformed updates', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = createTelegramHarness('polling');
    await h.startWith(async () => {}, logger);
  });
  afterAll(() => h?.stop());

  it('drops them and still answers a real message', async () => {
    const bad: Record<string, unknown>[] = [
      { message: null },
      { message: 'x' },
      { message: { message_id: 1, chat: 'x', text: 'hi' } },
      { message: { message_id: 1, chat: { id: PRIVATE_CHAT.id, type: 'private' }, text: { bold: true } } },
      { message: { message_id: 1, chat: { id: PRIVATE_CHAT.id, type: 'private' }, from: null, text: 'hi' } },
      { message: { message_id: 1, chat: { id: PRIVATE_CHAT.id, type: 'private' }, text: 'hi', reply_to_message: 7 } },
      { callback_query: { id: 'q', from: null, data: 'show_sql:a' } },
      { callback_query: { id: 'q', from: { id: 1 }, data: ['show_sql:a'], message: { message_id: 1, chat: { id: PRIVATE_CHAT.id, type: 'private' } } } },
      { callback_query: { id: 'q', from: { id: 1 }, data: 'show_sql:SELECT 1', message: { message_id: 1, chat: { id: PRIVATE_CHAT.id, type: 'private' } } } },
    ];
    for (const fields of bad) {
      const { updateId } = h.fake.injectUpdate(fields);
      expect(await within(h.fake.processed(updateId), 5000)).not.toBe('timeout');
    }
    expect(h.received).toEqual([]);
    await h.say('still here?');
    expect(h.received.map((m) => m.text)).toEqual(['still here?']);
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe('Discord gateway: malformed events in an answer thread', () => {
  let h: DiscordHarness;
  const handled: ChatMessage[] = [];
  beforeAll(async () => {
    h = createDiscordHarness();
    const app = {
      core: {
        answer: async (adapter: ChatAdapter, m: ChatMessage) => {
          handled.push(m);
          if (m.kind === 'question') await adapter.send(m.conversation, { text: 'answer', table: { columns: [], rows: [[1], [2]], text: 'a\nb', moreRows: 0, truncated: false }, buttons: [{ actionId: 'show_sql', label: 'SQL', value: 'ans-1' }] });
        },
      },
    } as unknown as TestApp;
    await h.start(app);
  });
  afterAll(() => h?.stop());

  it('a message whose fields have the wrong types is dropped; the next real one is answered', async () => {
    await h.ask('revenue?');
    const thread = [...h.fake.channels.values()].find((c) => c.type === 11);
    expect(thread).toBeDefined();
    const before = handled.length;
    const author = { id: h.fake.defaultUser.id, username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };
    h.fake.gateway.dispatch('MESSAGE_CREATE', { id: '900000000000000001', channel_id: thread!.id, guild_id: h.fake.guildId, author, content: { not: 'text' }, embeds: [], attachments: [], components: [], timestamp: new Date().toISOString(), type: 0 });
    h.fake.gateway.dispatch('MESSAGE_CREATE', { id: '900000000000000002', channel_id: thread!.id, guild_id: h.fake.guildId, author, content: null, embeds: [], attachments: [], components: [], timestamp: new Date().toISOString(), type: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(handled.slice(before).map((m) => m.text)).toEqual([]);
    h.fake.postMessage(thread!.id, 'and by month?');
    const until = Date.now() + 5000;
    while (handled.length === before && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(handled.slice(before)).toMatchObject([{ kind: 'question', text: 'and by month?', guildId: h.fake.guildId, user: { id: h.fake.defaultUser.id } }]);
    expect(unhandled.map(String)).toEqual([]);
  });
});
