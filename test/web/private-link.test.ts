/**
 * The sign-in link is private: `/datalabs web` (Telegram: `/web`) through the
 * real adapters (Bolt, telegraf, discord.js) against the fake platforms, as
 * `serve` wires them. Only the person who asked sees the link — Slack: an
 * ephemeral response (response_url, else chat.postEphemeral); Discord: an
 * ephemeral interaction response (flags 64), else a direct message; Telegram:
 * a direct message, and in a group only a notice — and when the bot cannot
 * write to them privately, the group is told so without the link. Every test
 * checks that no text of the link reaches what the group sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import { createTelegramHarness, GROUP_CHAT, PRIVATE_CHAT, type TelegramHarness } from '../adapters/telegram-harness.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import { slashCommandBody } from '../fakes/slack/slack-requests.ts';
import type { ChatAdapter, ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { PassThrough } from 'node:stream';

const PUBLIC_URL = 'http://127.0.0.1:9';
const LOGIN = /http:\/\/127\.0\.0\.1:9\/login\?id=[A-Za-z0-9_-]{22}&w=\d+&exp=\d+&sig=[A-Za-z0-9_-]{43}/;

let app: TestApp;
let rig: SlackRig;
let tg: TelegramHarness;
let dc: DiscordHarness;

beforeAll(async () => {
  app = await createTestApp({ metadata: true, env: { DATALABS_SETUP: 'open', PUBLIC_URL, DATALABS_WEB_SECRET: 'private-link-web-secret-0123456789abcdef' } });
  rig = await startSlackRig({ app, logger: app.logger });
  tg = createTelegramHarness('polling', { chat: GROUP_CHAT });
  await tg.start(app);
  dc = createDiscordHarness();
  await dc.start(app);
}, 120_000);

afterAll(async () => {
  await rig?.close();
  await tg?.stop();
  await dc?.stop();
  await app?.dispose();
});

/** A `/datalabs …` slash command in Slack's #data as `userId`, answered. */
async function slackCommand(text: string, userId = 'U0ALICE'): Promise<void> {
  const count = rig.received.length + 1;
  const res = await rig.post(slashCommandBody({ command: '/datalabs', text, channelId: 'C0DATA', userId, responseUrl: `${rig.fake.url}/commands/T0FAKE/1/abc` }), 'application/x-www-form-urlencoded');
  expect(res.status).toBe(200);
  await rig.settle(count, 60_000);
}

/** `/datalabs web` as a message the adapter has no response handle for (an expired response_url, a forwarded job). */
function webMessage(conversation: ConversationRef, userId: string): ChatMessage {
  return { id: `web-${Math.random().toString(36).slice(2)}`, kind: 'command', command: 'datalabs', text: 'web', conversation, user: { id: userId, name: 'Ann' }, receivedAt: TEST_NOW };
}

describe('Slack', () => {
  beforeAll(async () => slackCommand('setup Shop'), 60_000);

  it('answers /datalabs web through the response_url as an ephemeral message; the channel gets nothing', async () => {
    const posted = rig.fake.messages.length;
    const responses = rig.fake.responses.length;
    await slackCommand('web');
    const mine = rig.fake.responses.slice(responses);
    expect(mine).toHaveLength(1);
    expect(mine[0].body.response_type).toBe('ephemeral');
    expect(JSON.stringify(mine[0].body)).toMatch(LOGIN);
    expect(rig.fake.messages.slice(posted)).toEqual([]);
    expect(JSON.stringify(rig.fake.calls)).not.toContain('/login?');
  }, 60_000);

  it('without a response_url: chat.postEphemeral to the person, never chat.postMessage; a person not in the channel gets an error, not a post', async () => {
    const posted = rig.fake.messages.length;
    const conversation: ConversationRef = { platform: 'slack', workspaceKey: 'T0FAKE', channelId: 'C0DATA' };
    await app.core.answer(rig.adapter, webMessage(conversation, 'U0ALICE'));
    const eph = rig.fake.ephemerals.at(-1)!;
    expect(eph).toMatchObject({ channel: 'C0DATA', user: 'U0ALICE' });
    expect(JSON.stringify(eph.blocks)).toMatch(LOGIN);
    expect(rig.fake.messages.slice(posted).map((m) => m.text).join('\n')).not.toContain('/login?');
    // The adapter refuses rather than posting where others read (the failure notice carries no link).
    const reply = await app.core.reply(webMessage(conversation, 'U0ALICE'));
    await expect(rig.adapter.send(conversation, { ...reply, visibility: { ...reply.visibility!, userId: 'UNOTIN1' } })).rejects.toThrow(/user_not_in_channel/);
    expect(JSON.stringify(rig.fake.messages)).not.toContain('/login?');
    expect(rig.fake.callsOf('chat.postMessage').map((c) => JSON.stringify(c.args)).join('\n')).not.toContain('/login?');
  }, 60_000);
});

describe('Telegram', () => {
  beforeAll(async () => {
    expect((await tg.say('/datalabs setup Tele')).text).toMatch(/Tele/);
  }, 60_000);

  const privateMessages = () => tg.fake.chatMessages(PRIVATE_CHAT.id).filter((m) => m.from === 'bot');

  it('in a group, to someone who never started the bot: the group is told to open a private chat, without the link', async () => {
    const seen = await tg.say('/web');
    expect(seen.text).toMatch(/open a private chat with me and send \/web/);
    expect(JSON.stringify(seen.mine)).not.toContain('/login');
    expect(privateMessages()).toEqual([]);
    // Telegram refused the direct message (403): that is how the adapter knew.
    expect(tg.fake.calls.some((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === PRIVATE_CHAT.id && c.status === 403)).toBe(true);
  }, 60_000);

  it('once they have a private chat with the bot: the link goes there, the group gets a notice only', async () => {
    await tg.say('/start', { chat: PRIVATE_CHAT });
    const before = privateMessages().length;
    const seen = await tg.say('/web');
    expect(seen.text).toMatch(/sent you the sign-in link privately/);
    expect(JSON.stringify(seen.mine)).not.toContain('/login');
    const dm = privateMessages().slice(before);
    expect(dm).toHaveLength(1);
    const buttons = dm[0].replyMarkup?.inline_keyboard.flat() as Array<{ text: string; url?: string }>;
    expect(buttons.find((b) => b.text === 'Sign in')?.url).toMatch(LOGIN);
    expect(JSON.stringify(tg.fake.chatMessages(GROUP_CHAT.id))).not.toContain('/login');
  }, 60_000);
});

describe('Discord', () => {
  beforeAll(async () => {
    await dc.handled(dc.fake.slashCommand('datalabs', { command: 'setup Guild' }).id);
  }, 60_000);

  const publicInGeneral = () => dc.fake.channelMessages(dc.fake.general.id).filter((m) => !(m.flags & 64));

  it('defers /datalabs web ephemerally and answers in that ephemeral response', async () => {
    const interaction = dc.fake.slashCommand('datalabs', { command: 'web' });
    await dc.handled(interaction.id);
    const callback = dc.fake.calls.find((c) => c.method === 'POST' && c.route.startsWith(`/interactions/${interaction.id}/`));
    expect((callback?.body as { data?: { flags?: number } })?.data?.flags).toBe(64);
    const original = dc.fake.messages.get(dc.fake.interactions.get(interaction.id)!.originalMessageId!)!;
    expect(original.flags & 64).toBe(64);
    expect(JSON.stringify(original.components)).toMatch(LOGIN);
    expect(JSON.stringify(publicInGeneral())).not.toContain('/login');
  }, 60_000);

  it('through an interaction already answered in public: an ephemeral follow-up (flags 64)', async () => {
    const interaction = dc.fake.slashCommand('datalabs', { command: 'history' });
    const asked = await dc.handled(interaction.id);
    const reply = await app.core.reply(webMessage(asked.conversation, dc.fake.defaultUser.id));
    await dc.adapter.send(asked.conversation, reply);
    const followUp = dc.fake.messages.get(dc.fake.interactions.get(interaction.id)!.followUps.at(-1)!)!;
    expect(followUp.flags & 64).toBe(64);
    expect(JSON.stringify(followUp.components)).toMatch(LOGIN);
    expect(JSON.stringify(publicInGeneral())).not.toContain('/login');
  }, 60_000);

  it('without a live interaction: a direct message, and the channel gets a notice; DMs closed: the channel is told, without the link', async () => {
    const conversation: ConversationRef = { platform: 'discord', workspaceKey: dc.fake.guildId, channelId: dc.fake.general.id };
    const user = dc.fake.defaultUser.id;
    await app.core.answer(dc.adapter, webMessage(conversation, user));
    const dm = dc.fake.openDm();
    expect(JSON.stringify(dc.fake.channelMessages(dm.id))).toMatch(LOGIN);
    expect(publicInGeneral().at(-1)?.content).toMatch(/sent you the sign-in link privately/);
    dc.fake.closeDms(user);
    const inDm = dc.fake.channelMessages(dm.id).length;
    await app.core.answer(dc.adapter, webMessage(conversation, user));
    expect(publicInGeneral().at(-1)?.content).toMatch(/open a private chat with me and send \/datalabs web/);
    expect(dc.fake.channelMessages(dm.id)).toHaveLength(inDm);
    expect(JSON.stringify(publicInGeneral())).not.toContain('/login');
  }, 60_000);
});

describe('console', () => {
  it('prints the link: the terminal has one reader', async () => {
    const output = new PassThrough();
    let printed = '';
    output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    const adapter = createConsoleAdapter({ input: new PassThrough(), output, interactive: false });
    expect(adapter.capabilities.privateReplies).toBe('local');
    await app.core.reply({ id: 'c-setup', kind: 'command', command: 'datalabs', text: 'setup Desk', conversation: { platform: 'console', workspaceKey: 'console', channelId: 'desk' }, user: { id: 'me' }, receivedAt: TEST_NOW });
    await app.core.answer(adapter, webMessage({ platform: 'console', workspaceKey: 'console', channelId: 'desk' }, 'me'));
    expect(printed).toMatch(LOGIN);
  }, 60_000);
});

describe('a platform without private replies', () => {
  it('never gets the link: the core answers that it cannot show a message to one person', async () => {
    const sent: Reply[] = [];
    const adapter: ChatAdapter = {
      platform: 'slack',
      capabilities: { images: false, buttons: false, threads: false, editMessages: false, files: false },
      start: async () => undefined,
      stop: async () => undefined,
      send: async (to, reply) => {
        sent.push(reply);
        return { conversation: to, messageId: String(sent.length) };
      },
    };
    await app.core.answer(adapter, webMessage({ platform: 'slack', workspaceKey: 'T0FAKE', channelId: 'C0DATA' }, 'U0ALICE'));
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toMatch(/cannot show a message to one person/);
    expect(JSON.stringify(sent)).not.toContain('/login');
  });
});
