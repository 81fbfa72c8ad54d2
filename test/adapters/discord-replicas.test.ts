/**
 * The Discord adapter answers from any process: adapter A (started, on the
 * gateway) receives; adapter B — a second instance on the same fake Discord
 * and the same AdapterMemory, never started, as in `datalabs worker` or
 * another replica — answers with `send` then `update`, and the answer lands
 * where A would have put it: the interaction's deferred response, the answer
 * thread, the DM. Also: the token's end (channel fallback), DM slash
 * commands, and what happens when `onMessage` rejects (the store is down).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';
import type { AdapterMemory, ChatAdapter, ChatMessage, Reply } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { startFakeDiscord, type FakeDiscord, type FakeUser } from '../fakes/discord/fake-discord.ts';

const PROGRESS: Reply = { text: 'Working on it…' };
const ANSWER: Reply = {
  text: 'Orders by device',
  table: { columns: [{ name: 'device', type: 'String' }], rows: [['desktop'], ['mobile']], text: 'device\ndesktop\nmobile', moreRows: 0, truncated: false },
  buttons: [{ actionId: 'show_sql', label: 'Show SQL', value: 'ans-1' }],
};
const grace: FakeUser = { id: '300000000000000002', username: 'grace', global_name: 'Grace', discriminator: '0' };

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('discord: a never-started adapter answers what a started one received', () => {
  let fake: FakeDiscord;
  let memory: AdapterMemory;
  let a: ChatAdapter;
  let b: ChatAdapter;
  const received: ChatMessage[] = [];
  const receivedFor = (id: string) => until(`message ${id}`, () => received.find((m) => m.id === id));
  const routesSince = (mark: number) => fake.calls.slice(mark).map((c) => `${c.method} ${c.route}`);

  beforeAll(async () => {
    fake = await startFakeDiscord();
    memory = createProcessAdapterMemory();
    const options = { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, memory };
    a = createDiscordAdapter(options);
    b = createDiscordAdapter({ ...options, registerCommands: false });
    await a.start(async (m) => {
      received.push(m);
    });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.close();
  });

  let threadId = '';

  it('/ask: B edits the deferred response (progress, then the answer) and opens the answer thread on it, through REST only', async () => {
    const i = fake.slashCommand('ask', { question: 'orders by device' });
    const m = await receivedFor(i.id);
    expect(m.conversation.replyHandle).toBeTruthy();
    const mark = fake.calls.length;
    const sent = await b.send(m.conversation, PROGRESS);
    expect(sent.messageId).toBe(i.originalMessageId);
    expect(sent.conversation.replyHandle).toBeUndefined();
    expect(fake.messages.get(sent.messageId)!.content).toBe('Working on it…');
    await b.update!(sent, ANSWER);
    const msg = fake.messages.get(sent.messageId)!;
    expect(msg.channel_id).toBe(fake.general.id);
    expect(msg.flags & 128).toBe(0);
    expect(msg.content).toBe('');
    expect(msg.embeds[0].title).toBe('Orders by device');
    expect(msg.components[0].components.map((c) => c.custom_id)).toEqual(['show_sql:ans-1']);
    // The thread A would have opened: on the answer, named after the question, remembered for every process.
    expect(fake.channels.get(msg.id)).toMatchObject({ type: 11, parent_id: fake.general.id, name: 'orders by device', owner_id: fake.bot.id });
    expect(await memory.get(`discord:thread:${msg.id}`)).toBe(fake.general.id);
    expect(m.conversation.threadId).toBe(msg.id);
    const app = fake.applicationId;
    expect(routesSince(mark)).toEqual([
      `PATCH /webhooks/${app}/:token/messages/@original`,
      `PATCH /webhooks/${app}/:token/messages/@original`,
      `POST /channels/${fake.general.id}/messages/${msg.id}/threads`,
    ]);
    // No gateway session was opened for B: A's is the only one.
    expect(fake.gateway.sessions.size).toBe(1);
    threadId = msg.id;

    // A second message for the same interaction is a follow-up, and B can edit it.
    const more = await b.send(m.conversation, { text: 'one more thing' });
    expect(routesSince(mark).at(-1)).toBe(`POST /webhooks/${app}/:token`);
    expect(fake.messages.get(more.messageId)).toMatchObject({ channel_id: fake.general.id, content: 'one more thing' });
    expect(fake.messages.get(threadId)!.embeds[0].title).toBe('Orders by device');
    await b.update!(more, { text: 'one more thing, edited' });
    expect(routesSince(mark).at(-1)).toBe(`PATCH /webhooks/${app}/:token/messages/${more.messageId}`);
    expect(fake.messages.get(more.messageId)!.content).toBe('one more thing, edited');
  });

  it('a refinement in the answer thread: B answers in that thread, and so does a send without a reply handle', async () => {
    expect(threadId).not.toBe('');
    const post = fake.postMessage(threadId, 'and by country?');
    const m = await receivedFor(post.id);
    expect(m.conversation).toMatchObject({ channelId: fake.general.id, threadId, workspaceKey: fake.guildId });
    const sent = await b.send(m.conversation, PROGRESS);
    expect(fake.messages.get(sent.messageId)!.channel_id).toBe(threadId);
    await b.update!(sent, ANSWER);
    expect(fake.messages.get(sent.messageId)!.embeds[0].title).toBe('Orders by device');
    // A notice to the conversation with no handle (the alert notifier's way) finds the thread in the shared memory.
    const notice = await b.send({ platform: 'discord', workspaceKey: fake.guildId, channelId: fake.general.id, threadId }, { text: 'notice' });
    expect(fake.messages.get(notice.messageId)!.channel_id).toBe(threadId);
  });

  it('a slash command in a DM (no guild, `user` instead of `member`) is received as dm:<user id> and answered in that DM', async () => {
    const dm = fake.openDm(grace);
    const i = fake.slashCommand('ask', { question: 'revenue by month' }, { channelId: dm.id, user: grace });
    expect(i.payload).not.toHaveProperty('guild_id');
    expect(i.payload).not.toHaveProperty('member');
    expect(i.payload).toMatchObject({ user: { id: grace.id }, channel: { type: 1 } });
    const m = await receivedFor(i.id);
    expect(m.conversation).toMatchObject({ platform: 'discord', workspaceKey: `dm:${grace.id}`, channelId: dm.id });
    expect(m.conversation.threadId).toBeUndefined();
    expect(m.guildId).toBeUndefined();
    expect(m.user.id).toBe(grace.id);
    const mark = fake.calls.length;
    const sent = await b.send(m.conversation, PROGRESS);
    await b.update!(sent, ANSWER);
    expect(sent.messageId).toBe(i.originalMessageId);
    expect(fake.messages.get(sent.messageId)).toMatchObject({ channel_id: dm.id, embeds: [{ title: 'Orders by device' }] });
    // No thread in a DM.
    expect(routesSince(mark).some((r) => r.endsWith('/threads'))).toBe(false);
    expect(fake.channels.has(sent.messageId)).toBe(false);
  });

  it('after the token has expired, B answers in the channel, or in the answer thread when there is one', async () => {
    // The handle says the token is too old: B does not try it.
    const i = fake.slashCommand('sql', { query: 'SELECT 1' });
    const m = await receivedFor(i.id);
    const handle = JSON.parse(m.conversation.replyHandle!) as { at: number };
    const aged = { ...m.conversation, replyHandle: JSON.stringify({ ...handle, at: Date.now() - 20 * 60_000 }) };
    const mark = fake.calls.length;
    const late = await b.send(aged, { text: 'late answer' });
    expect(fake.messages.get(late.messageId)).toMatchObject({ channel_id: fake.general.id, content: 'late answer' });
    await b.update!(late, { text: 'late answer, edited' });
    expect(routesSince(mark)).toEqual([`POST /channels/${fake.general.id}/messages`, `PATCH /channels/${fake.general.id}/messages/${late.messageId}`]);
    expect(fake.messages.get(late.messageId)!.content).toBe('late answer, edited');

    // Discord refuses a token the handle still thinks alive (401 Invalid Webhook Token): the answer goes to the thread.
    const ask = fake.slashCommand('ask', { question: 'slow question' });
    const asked = await receivedFor(ask.id);
    const first = await b.send(asked.conversation, ANSWER);
    expect(fake.channels.get(first.messageId)).toMatchObject({ type: 11 });
    fake.expireToken(ask.id);
    const after = await b.send(asked.conversation, { text: 'after expiry' });
    expect(fake.calls.some((c) => c.status === 401 && c.route.startsWith('/webhooks/'))).toBe(true);
    expect(fake.messages.get(after.messageId)).toMatchObject({ channel_id: first.messageId, content: 'after expiry' });
  });

  it('a malformed reply handle is no handle: the answer goes to the conversation\'s channel', async () => {
    const to = { platform: 'discord' as const, workspaceKey: fake.guildId, channelId: fake.general.id };
    for (const replyHandle of ['not json', '{"kind":"interaction","token":"t","at":"soon","channelId":"1","messageId":"2"}', '{"kind":"channel","channelId":"../../x"}']) {
      const sent = await b.send({ ...to, replyHandle }, { text: 'fallback' });
      expect(fake.messages.get(sent.messageId)!.channel_id).toBe(fake.general.id);
    }
  });
});

describe('discord: onMessage rejects (the store is down)', () => {
  let fake: FakeDiscord;
  let adapter: ChatAdapter;
  const errors: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (obj: object | string, msg?: string) => void errors.push(typeof obj === 'string' ? obj : (msg ?? '')),
    child: () => logger,
  };
  let calls = 0;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    adapter = createDiscordAdapter({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, memory: createProcessAdapterMemory(), logger });
    await adapter.start(async () => {
      calls++;
      throw new Error('store unavailable');
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it('logs it and tells the user in the deferred response that the request was not taken', async () => {
    const i = fake.slashCommand('ask', { question: 'revenue by month' });
    const msg = await until('the not-taken notice', () => {
      const m = i.originalMessageId ? fake.messages.get(i.originalMessageId) : undefined;
      return m && m.embeds.length > 0 ? m : undefined;
    });
    expect(msg.embeds[0].description).toMatch(/could not be taken/);
    expect(calls).toBe(1);
    expect(errors).toContain('discord: message could not be taken');
  });

  it('logs a rejected DM message and posts nothing', async () => {
    const dm = fake.openDm();
    const before = errors.length;
    fake.postMessage(dm.id, 'revenue by month');
    await until('the error log line', () => (errors.length > before ? true : undefined));
    expect(errors.at(-1)).toBe('discord: message could not be taken');
    expect(fake.channelMessages(dm.id).filter((m) => m.author.id === fake.bot.id)).toEqual([]);
  });
});
