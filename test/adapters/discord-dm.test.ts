/**
 * Direct messages with the bot through real discord.js against the fake Discord: a plain message in a DM is a
 * question, answered in that DM, and so is a slash command there; each DM is its own conversation and space (`dm:<user id>`); the bot's own
 * messages and guild chatter outside its threads are not questions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../bot/contracts/chat.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import type { FakeUser } from '../fakes/discord/fake-discord.ts';
import { INTENTS } from '../fakes/discord/fake-gateway.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('discord direct messages', () => {
  let app: TestApp;
  let h: DiscordHarness;
  const grace: FakeUser = { id: '300000000000000002', username: 'grace', global_name: 'Grace', discriminator: '0' };

  beforeAll(async () => {
    app = await createTestApp({ scale: 0.01 });
    h = createDiscordHarness();
    await h.start(app);
  });
  afterAll(async () => {
    await h?.stop();
    await app?.dispose();
  });

  it('asks the gateway for direct messages', () => {
    const [session] = [...h.fake.gateway.sessions];
    expect(session.intents & INTENTS.DirectMessages).toBe(INTENTS.DirectMessages);
  });

  it('answers "revenue by month" sent in a DM, in that DM, with the chart', async () => {
    const dm = h.fake.openDm();
    const marker = h.fake.messages.size;
    const question = h.fake.postMessage(dm.id, 'revenue by month');
    const received = await h.handled(question.id);
    expect(received.kind).toBe('question');
    expect(received.text).toBe('revenue by month');
    expect(received.conversation).toEqual<ConversationRef>({ platform: 'discord', workspaceKey: `dm:${h.fake.defaultUser.id}`, channelId: dm.id });
    expect(received.guildId).toBeUndefined();
    const seen = h.observe(dm.id, marker);
    expect(seen.images).toBe(1);
    expect(seen.text).toMatch(/revenue/i);
    expect(seen.buttons).toEqual(['show_sql', 'export_csv']);
    // Nothing went anywhere else.
    expect(h.observe(h.fake.general.id, marker).messages).toBe(0);
  });

  it('keeps one conversation per DM: a follow-up refines it, "show the SQL" shows its SQL', async () => {
    const dm = h.fake.openDm();
    const marker = h.fake.messages.size;
    const follow = h.fake.postMessage(dm.id, 'show the SQL');
    await h.handled(follow.id);
    const seen = h.observe(dm.id, marker);
    expect(seen.messages).toBe(1);
    expect(seen.images).toBe(0);
    expect(seen.text).toMatch(/SQL for/);
  });

  it('answers a slash command sent in a DM (no guild, no member) in that DM, in the space dm:<user id>', async () => {
    const dm = h.fake.openDm();
    const marker = h.fake.messages.size;
    const ask = h.fake.slashCommand('ask', { question: 'revenue by month' }, { channelId: dm.id });
    expect(ask.payload).not.toHaveProperty('guild_id');
    expect(ask.payload).toMatchObject({ user: { id: h.fake.defaultUser.id }, channel: { type: 1 } });
    const received = await h.handled(ask.id);
    expect(received.kind).toBe('question');
    expect(received.conversation).toMatchObject({ platform: 'discord', workspaceKey: `dm:${h.fake.defaultUser.id}`, channelId: dm.id });
    expect(received.guildId).toBeUndefined();
    const seen = h.observe(dm.id, marker);
    // One message: the deferred response, now the answer with its chart; no thread in a DM.
    expect(seen.messages).toBe(1);
    expect((seen.handle as { id: string }).id).toBe(ask.originalMessageId);
    expect(seen.images).toBe(1);
    expect(seen.buttons).toEqual(['show_sql', 'export_csv']);
    expect(h.fake.channels.has(ask.originalMessageId!)).toBe(false);
    expect(h.observe(h.fake.general.id, marker).messages).toBe(0);
  });

  it('gives each person\'s DM its own space', async () => {
    const dm = h.fake.openDm(grace);
    const question = h.fake.postMessage(dm.id, 'SELECT 1 AS one', grace);
    const received = await h.handled(question.id);
    expect(received.conversation.workspaceKey).toBe(`dm:${grace.id}`);
    expect(received.user.id).toBe(grace.id);
    expect(h.observe(dm.id, 0).text).toMatch(/SQL result: 1/);
  });

  it('ignores its own messages in a DM and chatter in guild channels', async () => {
    const dm = h.fake.openDm();
    const before = h.received.length;
    const own = await h.adapter.send({ platform: 'discord', workspaceKey: `dm:${h.fake.defaultUser.id}`, channelId: dm.id }, { text: 'SELECT 42 AS own' });
    const chatter = h.fake.postMessage(h.fake.general.id, 'revenue by month');
    // A later DM is handled, so anything dispatched before it has been seen.
    const probe = h.fake.postMessage(dm.id, '/help');
    const help = await h.handled(probe.id);
    expect(help.kind).toBe('help');
    const seen = h.received.slice(before).map((m) => m.id);
    expect(seen).toEqual([probe.id]);
    expect(seen).not.toContain(own.messageId);
    expect(seen).not.toContain(chatter.id);
  });
});
