/**
 * The Discord adapter through real discord.js against the fake Discord
 * (REST + WebSocket gateway): the adapter contract, then what is Discord's
 * own — command registration, the gateway handshake, deferral before the
 * answer, answer threads and refinements in them, limits, errors, rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter, DISCORD_COMMANDS } from '../../adapters/discord/index.ts';
import { COMMANDS } from '../../bot/contracts/commands.ts';
import { PlatformError, type ChatAdapter, type ConversationRef } from '../../bot/contracts/chat.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import { INTENTS } from '../fakes/discord/fake-gateway.ts';
import { startFakeDiscord, type FakeMessage } from '../fakes/discord/fake-discord.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { runAdapterContract } from './contract.ts';

runAdapterContract('discord', () => createDiscordHarness());

describe('discord adapter on Discord', () => {
  let app: TestApp;
  let h: DiscordHarness;

  beforeAll(async () => {
    app = await createTestApp({ scale: 0.01 });
    h = createDiscordHarness();
    await h.start(app);
  });
  afterAll(async () => {
    await h?.stop();
    await app?.dispose();
  });

  it('registers /ask, /sql, /help and /datalabs at start', () => {
    expect([...h.fake.commands.keys()].sort()).toEqual(['ask', 'datalabs', 'help', 'sql']);
    expect(h.fake.commands.get('datalabs')!.options[0]).toMatchObject({ name: 'command', required: true, type: 3 });
    expect(h.fake.commands.get('ask')!.options[0]).toMatchObject({ name: 'question', required: true, type: 3 });
    expect(h.fake.calls.find((c) => c.method === 'PUT')).toMatchObject({ route: `/applications/${h.fake.applicationId}/commands`, status: 200 });
  });

  it('registers exactly the contracts\' slash commands, each with its text option', () => {
    const slash = COMMANDS.filter((c) => c.slash);
    expect(DISCORD_COMMANDS.map((c) => c.name)).toEqual(slash.map((c) => c.name));
    for (const spec of slash) {
      const stored = h.fake.commands.get(spec.name)!;
      expect(stored.description).toBe(spec.description);
      if (spec.text) expect(stored.options).toEqual([{ type: 3, name: spec.text.option, description: `e.g. ${spec.text.example}`, required: spec.text.required, max_length: spec.text.maxLength }]);
      else expect(stored.options).toBeUndefined();
    }
  });

  it('connects to the gateway from GET /gateway/bot with v10 JSON, no compression, and the intents it needs', () => {
    expect(h.fake.calls.some((c) => c.route === '/gateway/bot' && c.status === 200)).toBe(true);
    const [session] = [...h.fake.gateway.sessions];
    expect(session.identified).toBe(true);
    expect(session.query.get('v')).toBe('10');
    expect(session.query.get('encoding')).toBe('json');
    expect(session.query.has('compress')).toBe(false);
    for (const intent of [INTENTS.Guilds, INTENTS.GuildMessages, INTENTS.MessageContent]) expect(session.intents & intent).toBe(intent);
  });

  it('defers /sql first, then turns the deferred response into an embed with the chart attached and buttons', async () => {
    const start = h.fake.calls.length;
    const seen = await h.sql('SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device');
    const calls = h.fake.calls.slice(start);
    const callback = calls.findIndex((c) => c.route.endsWith('/callback'));
    const firstEdit = calls.findIndex((c) => c.method === 'PATCH');
    expect(callback).toBeGreaterThanOrEqual(0);
    // type 5 (deferred) asked with_response=true: Discord answers 200 with the response message's id.
    expect(calls[callback]).toMatchObject({ status: 200, body: { type: 5 } });
    expect(firstEdit).toBeGreaterThan(callback);
    const msg = seen.handle as FakeMessage;
    expect(seen.messages).toBe(1);
    expect(msg.flags & 128).toBe(0); // no longer "thinking"
    expect(msg.content).toBe('');
    expect(msg.embeds[0].image.url).toBe('attachment://chart.png');
    expect(msg.attachments.map((a) => [a.filename, a.content_type])).toEqual([['chart.png', 'image/png']]);
    expect(msg.attachments[0].data.subarray(1, 4).toString()).toBe('PNG');
    expect(msg.components[0].components.map((c) => c.custom_id.split(':')[0])).toEqual(['show_sql', 'export_csv']);
    expect(seen.text).toMatch(/desktop|mobile/);
    expect(h.fake.channels.has(msg.id)).toBe(false); // /sql opens no thread
  });

  it('opens a thread on each /ask answer, and a message in that thread is a refinement of the same conversation', async () => {
    const question = 'SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device';
    const marker = h.fake.messages.size;
    const ask = h.fake.slashCommand('ask', { question });
    const askMessage = await h.handled(ask.id);
    const answer = h.observe(ask.channelId, marker).handle as FakeMessage;
    expect(askMessage.kind).toBe('question');
    const thread = h.fake.channels.get(answer.id);
    expect(thread).toMatchObject({ type: 11, parent_id: h.fake.general.id, owner_id: h.fake.bot.id, name: question });

    const before = h.fake.messages.size;
    const refinement = h.fake.postMessage(thread!.id, "SELECT status, count() AS n FROM demo.orders GROUP BY status ORDER BY status");
    const refined = await h.handled(refinement.id);
    expect(refined.kind).toBe('question');
    const { replyHandle: _ask, ...askConversation } = askMessage.conversation;
    const { replyHandle: _refined, ...refinedConversation } = refined.conversation;
    expect(refinedConversation).toEqual<ConversationRef>({ ...askConversation, threadId: thread!.id });
    expect(askMessage.conversation.threadId).toBe(thread!.id);
    const replies = h.observe(thread!.id, before);
    expect(replies.messages).toBe(1);
    expect(replies.text).toMatch(/completed/);
    expect(replies.images).toBe(1);
    expect(replies.buttons).toEqual(['show_sql', 'export_csv']);
  });

  it('ignores messages outside its answer threads and its own messages', async () => {
    const marker = h.fake.messages.size;
    const ask = h.fake.slashCommand('ask', { question: 'SELECT 1 AS one' });
    await h.handled(ask.id);
    const threadId = (h.observe(ask.channelId, marker).handle as FakeMessage).id;
    const chatter = h.fake.postMessage(h.fake.general.id, 'hello everyone');
    const probe = h.fake.postMessage(threadId, 'SELECT 2 AS two');
    await h.handled(probe.id);
    expect(h.received.some((m) => m.id === chatter.id)).toBe(false);
    expect(h.received.some((m) => m.user.id === h.fake.bot.id)).toBe(false);
  });

  it('exports CSV as a file attachment', async () => {
    const answer = await h.sql('SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device');
    const csv = await h.press!(answer, 'export_csv');
    expect(csv.files).toHaveLength(1);
    expect(csv.files[0]).toMatch(/\.csv$/);
    const file = (csv.handle as FakeMessage).attachments[0];
    expect(file.data.toString('utf8').split(/\r?\n/)[0]).toBe('device,orders');
  });

  it('retries an answer edit refused with 429 after retry_after, and the answer still arrives once', async () => {
    h.fake.failNext(/^PATCH \/webhooks\/.*@original$/, 429, 0.05);
    const start = h.fake.calls.length;
    const seen = await h.sql('SELECT count() AS products FROM demo.products');
    const statuses = h.fake.calls.slice(start).filter((c) => c.method === 'PATCH').map((c) => c.status);
    expect(statuses[0]).toBe(429);
    expect(statuses.slice(1).every((s) => s === 200)).toBe(true);
    expect(seen.messages).toBe(1);
    expect(seen.text).toMatch(/SQL result: \d+/);
  });

  it('sends a reply too long for one message within Discord limits', async () => {
    const to: ConversationRef = { platform: 'discord', workspaceKey: h.fake.guildId, channelId: h.fake.general.id };
    const sent = await h.adapter.send(to, { text: 'x'.repeat(5000) });
    const msg = h.fake.messages.get(sent.messageId)!;
    expect(msg.embeds[0].description.length).toBeLessThanOrEqual(4096);
    expect(msg.attachments.map((a) => a.filename)).toEqual(['reply.txt']);
  });

  it('reports what Discord refuses as a one-line, non-retryable PlatformError', async () => {
    const to: ConversationRef = { platform: 'discord', workspaceKey: h.fake.guildId, channelId: h.fake.general.id };
    const err = await h.adapter.update!({ conversation: to, messageId: '123456789012345678' }, { text: 'edit' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).retryable).toBe(false);
    expect((err as PlatformError).message).toMatch(/404 Unknown Message \(code 10008\)/);
    expect((err as PlatformError).message).not.toContain('\n');
  });

  it('has a fake that answers like Discord: 401 without the token, 400 with error JSON for over-long content', async () => {
    const url = `${h.fake.apiUrl}/v10/channels/${h.fake.general.id}/messages`;
    const noAuth = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'hi' }) });
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    const long = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bot ${h.fake.token}` }, body: JSON.stringify({ content: 'x'.repeat(2001) }) });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({ message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } });
    const empty = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bot ${h.fake.token}` }, body: JSON.stringify({}) });
    expect(await empty.json()).toEqual({ message: 'Cannot send an empty message', code: 50006 });
  });

  it('refuses to start with a bad token, in one line that does not contain the token', async () => {
    const token = 'not-the-right-token.abcdefghijklmnopqrstuvwxyz';
    const bad = createDiscordAdapter({ token, applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, memory: createProcessAdapterMemory() });
    const err = await bad.start(async () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).message).toMatch(/401/);
    expect((err as PlatformError).message).not.toContain(token);
    await bad.stop();
  });

  it('fails start in one line when the gateway refuses the Message Content intent, and can run without it', async () => {
    const strict = await startFakeDiscord({ allowedPrivilegedIntents: 0 });
    try {
      const refused = createDiscordAdapter({ token: strict.token, applicationId: strict.applicationId, apiUrl: strict.apiUrl, memory: createProcessAdapterMemory() });
      const err = await refused.start(async () => {}).catch((e: unknown) => e);
      await refused.stop();
      expect(err).toBeInstanceOf(PlatformError);
      expect((err as PlatformError).message).toMatch(/4014.*Message Content/);
      const plain = createDiscordAdapter({ token: strict.token, applicationId: strict.applicationId, apiUrl: strict.apiUrl, memory: createProcessAdapterMemory(), threadRefinements: false });
      await plain.start(async () => {});
      const [session] = [...strict.gateway.sessions];
      expect(session.intents & INTENTS.MessageContent).toBe(0);
      await plain.stop();
    } finally {
      await strict.close();
    }
  });

  it('stop() closes its gateway connection', async () => {
    const extra: ChatAdapter = createDiscordAdapter({ token: h.fake.token, applicationId: h.fake.applicationId, apiUrl: h.fake.apiUrl, memory: createProcessAdapterMemory(), registerCommands: false });
    const before = h.fake.gateway.sessions.size;
    await extra.start(async () => {});
    expect(h.fake.gateway.sessions.size).toBe(before + 1);
    await extra.stop();
    for (let i = 0; i < 100 && h.fake.gateway.sessions.size > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.fake.gateway.sessions.size).toBe(before);
  });
});
