/**
 * Escaping on the way out, and who-did-it on the way in, through each real
 * SDK and its loopback fake. Questions, error messages and data values
 * carrying Slack mentions and links, Discord mentions and masked links, and
 * Telegram HTML must reach the platform as the text a person typed (nothing
 * pings, links or formats); every message and button press must carry the
 * actor and the team / guild / chat it came from; buttons carry an opaque id
 * and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCustomId, renderDiscordReply } from '../../adapters/discord/format.ts';
import { renderSlackMessage } from '../../adapters/slack/format.ts';
import { buildKeyboard, renderReply } from '../../adapters/telegram/format.ts';
import { parseCallbackData } from '../../adapters/telegram/inbound.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { ChatAdapter, ChatMessage, Reply } from '../../bot/contracts/chat.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import { blockActionPayload, eventEnvelope, interactionBody } from '../fakes/slack/slack-requests.ts';
import type { TestApp } from '../support/test-app.ts';
import { startSlackRig, type SlackRig } from './slack-rig.ts';
import { createTelegramHarness, PRIVATE_CHAT, type TelegramHarness } from './telegram-harness.ts';

const logger = createLogger('silent');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** What an attacker puts in a question or a row of data. */
const HOSTILE = '<!channel> <!here> <@U123> <#C123> <https://evil.example|x> @everyone @here <@123> <@!123> <@&123> [x](https://evil.example) <b>bold?</b> </pre> <a href="https://evil.example">y</a> & **z**';
const SLACK_RAW = ['<!channel>', '<!here>', '<@U123>', '<#C123>', '<https://evil.example|x>'];
const DISCORD_RAW = ['@everyone', '@here', '<@123>', '<@!123>', '<@&123>', '[x](https://evil.example)'];

/** The replies the core would send for a hostile question: an error echoing it, and an answer whose data carries it. */
function hostileReplies(question: string): Reply[] {
  return [
    { text: `Could not answer “${question}”: unknown column ${HOSTILE}`, error: { code: 'BAD_INPUT', message: `unknown column ${HOSTILE}` } },
    {
      text: `Revenue for ${question}`,
      table: { columns: [{ name: 'name', type: 'String' }, { name: 'n', type: 'UInt64' }], rows: [[HOSTILE, 1], ['ok', 2]], text: `name | n\n${HOSTILE} | 1\nok | 2`, moreRows: 0, truncated: false },
      code: { language: 'sql', text: `SELECT name FROM t WHERE name = '${HOSTILE}'` },
      image: { png: PNG, alt: `Chart of ${HOSTILE}`, width: 1, height: 1 },
      footer: `tables: ${HOSTILE}`,
      buttons: [
        { actionId: 'show_sql', label: 'Show SQL', value: 'ans-0123456789abcdef' },
        { actionId: 'export_csv', label: 'Export CSV', value: 'ans-0123456789abcdef' },
      ],
    },
    { text: `CSV export of ${HOSTILE}`, file: { name: `${HOSTILE}.csv`, mimeType: 'text/csv', data: Buffer.from(`name\n${HOSTILE}\n`) } },
  ];
}

describe('Slack: everything sent is escaped; actions carry the actor and team', () => {
  let rig: SlackRig;
  beforeAll(async () => {
    rig = await startSlackRig({
      logger,
      handle: async (adapter: ChatAdapter, m: ChatMessage) => {
        if (m.kind !== 'question') return;
        let ref = await adapter.send(m.conversation, { text: `Working on “${m.text}” …` });
        for (const reply of hostileReplies(m.text)) {
          await adapter.update!(ref, reply);
          ref = { ...ref };
        }
      },
    });
  });
  afterAll(() => rig?.close());

  it('question, error, table cells, SQL, footer, fallback text, file title, alt text and comment reach Slack escaped', async () => {
    const mark = rig.fake.calls.length;
    const res = await rig.command('/ask', HOSTILE, { channelId: 'C0ESC' });
    expect(res.status).toBe(200);
    await rig.settle(1);
    const calls = rig.fake.calls.slice(mark).filter((c) => /^(chat\.|files\.)/.test(c.method));
    expect(calls.map((c) => c.method)).toEqual(expect.arrayContaining(['chat.postMessage', 'chat.update', 'files.getUploadURLExternal', 'files.completeUploadExternal']));
    const sent = JSON.stringify(calls.map((c) => c.args));
    for (const raw of SLACK_RAW) expect(sent, raw).not.toContain(raw);
    expect(sent).toContain('&lt;!channel&gt;');
    expect(sent).toContain('&lt;https://evil.example|x&gt;');
    // The notification text (`text` beside the blocks) is escaped too.
    for (const c of calls.filter((x) => x.method === 'chat.postMessage' || x.method === 'chat.update')) {
      expect(String(c.args.text)).not.toMatch(/<[!@#h]/);
    }
    // The file name is made safe, the title and alt text escaped.
    const uploads = calls.filter((c) => c.method === 'files.getUploadURLExternal').map((c) => String(c.args.filename));
    for (const name of uploads) expect(name).toMatch(/^[^<>&|/\\]+$/);
  });

  it('answers through a response_url (bot not in the channel) are escaped the same way', async () => {
    const mark = rig.fake.responses.length;
    const count = rig.received.length + 1;
    await rig.command('/ask', HOSTILE, { channelId: 'CNOTIN9' });
    await rig.settle(count);
    const got = rig.fake.responses.slice(mark);
    expect(got.length).toBeGreaterThanOrEqual(3);
    const sent = JSON.stringify(got.map((r) => r.body));
    for (const raw of SLACK_RAW) expect(sent, raw).not.toContain(raw);
    expect(sent).toContain('&lt;!channel&gt;');
  });

  it('renders no button whose value is anything but an opaque id', () => {
    const msg = renderSlackMessage({ text: 'x', buttons: [{ actionId: 'show_sql', label: 'Show SQL', value: 'SELECT * FROM demo.orders' }, { actionId: 'export_csv', label: 'CSV', value: 'ans-1' }] });
    const values = JSON.stringify(msg.blocks);
    expect(values).not.toContain('SELECT');
    expect(values).toContain('"value":"ans-1"');
  });

  it('a button press carries the clicking user, their team and the workspace; a press carrying SQL is dropped', async () => {
    const before = rig.received.length;
    const ok = await rig.post(interactionBody(blockActionPayload({ channelId: 'C0ESC', messageTs: '1751000000.000100', actionId: 'show_sql', value: 'ans-0123456789abcdef', userId: 'U0BOB' })), 'application/x-www-form-urlencoded');
    expect(ok.status).toBe(200);
    const forged = await rig.post(interactionBody(blockActionPayload({ channelId: 'C0ESC', messageTs: '1751000000.000100', actionId: 'export_csv', value: 'SELECT * FROM demo.users', userId: 'U0BOB' })), 'application/x-www-form-urlencoded');
    expect(forged.status).toBe(200);
    await rig.settle(before + 1);
    await new Promise((r) => setTimeout(r, 50));
    const got = rig.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ kind: 'action', action: { id: 'show_sql', value: 'ans-0123456789abcdef' }, user: { id: 'U0BOB', teamId: 'T0FAKE' }, teamId: 'T0FAKE', conversation: { workspaceKey: 'T0FAKE', channelId: 'C0ESC' } });
  });

  it('slash commands and messages carry the team and the actor', async () => {
    const before = rig.received.length;
    await rig.command('/datalabs', 'whoami', { channelId: 'C0ESC' });
    const event = eventEnvelope({ type: 'app_mention', user: 'U0CAROL', text: '<@U0BOT> help', ts: '1751000100.000100', channel: 'C0ESC', user_team: 'T0OTHER' });
    expect((await rig.post(JSON.stringify(event), 'application/json')).status).toBe(200);
    await rig.settle(before + 2);
    const [cmd, mention] = rig.received.slice(before);
    expect(cmd).toMatchObject({ kind: 'command', teamId: 'T0FAKE', user: { id: 'U0ALICE' } });
    expect(mention).toMatchObject({ teamId: 'T0FAKE', user: { id: 'U0CAROL', teamId: 'T0OTHER' } });
  });
});

describe('Telegram: everything sent with parse_mode HTML is escaped; presses carry the actor and chat', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = createTelegramHarness('polling');
    await h.startWith(async (adapter, m) => {
      if (m.kind !== 'question') return;
      for (const reply of hostileReplies(m.text)) await adapter.send(m.conversation, reply);
    }, logger);
  });
  afterAll(() => h?.stop());

  it('question, error, table cells, SQL, footer and captions show as typed: no injected tags, links or formatting', async () => {
    const mark = h.fake.calls.length;
    const seen = await h.say(HOSTILE);
    expect(seen.messages).toBeGreaterThanOrEqual(3);
    const calls = h.fake.calls.slice(mark).filter((c) => /^(sendMessage|sendPhoto|sendDocument|editMessageText)$/.test(c.method));
    expect(calls.every((c) => c.status === 200)).toBe(true);
    for (const c of calls) {
      const html = String(c.params.text ?? c.params.caption ?? '');
      // Only the adapter's own tags remain; everything the user typed is entities-escaped.
      const tags = html.match(/<\/?[a-z][^>]*>/gi) ?? [];
      for (const t of tags) expect(t).toMatch(/^<\/?(b|i|pre|code( class="language-sql")?)>$/);
      expect(html).not.toContain('evil.example">');
    }
    // What the person sees: the literal text, and no link entities.
    expect(seen.text).toContain('<b>bold?</b>');
    expect(seen.text).toContain('</pre>');
    expect(seen.text).toContain('<a href="https://evil.example">y</a>');
    for (const m of seen.mine) expect(m.entities.filter((e) => e.type === 'text_link')).toEqual([]);
    const doc = seen.mine.find((m) => m.document);
    expect(doc?.document?.filename).toMatch(/^[^<>&|/\\]+$/);
  });

  it('messages and button presses carry the chat and the actor; a press carrying anything but an id is dropped', async () => {
    const before = h.received.length;
    await h.say('revenue?');
    const asked = h.received[before];
    expect(asked).toMatchObject({ kind: 'question', chatId: String(PRIVATE_CHAT.id), user: { id: expect.any(String) } });
    const botMsg = h.fake.messages.filter((m) => m.from === 'bot' && m.chatId === PRIVATE_CHAT.id && m.replyMarkup).at(-1)!;
    await h.interact(PRIVATE_CHAT, () => h.fake.userPresses(PRIVATE_CHAT, botMsg.messageId, 'show_sql:ans-0123456789abcdef', { user: { id: 99, is_bot: false, first_name: 'Bob', username: 'bob' } }));
    // A keyboard the adapter would never render (another client of the bot token, an old version): its press is dropped.
    const forged = (await (
      await fetch(`${h.fake.url}/bot${h.fake.token}/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: PRIVATE_CHAT.id, text: 'old', reply_markup: { inline_keyboard: [[{ text: 'CSV', callback_data: 'export_csv:SELECT * FROM t' }]] } }),
      })
    ).json()) as { result: { message_id: number } };
    await h.interact(PRIVATE_CHAT, () => h.fake.userPresses(PRIVATE_CHAT, forged.result.message_id, 'export_csv:SELECT * FROM t', { user: { id: 99, is_bot: false, first_name: 'Bob' } }));
    const presses = h.received.slice(before + 1);
    expect(presses).toHaveLength(1);
    expect(presses[0]).toMatchObject({ kind: 'action', action: { id: 'show_sql', value: 'ans-0123456789abcdef' }, chatId: String(PRIVATE_CHAT.id), user: { id: '99', name: 'bob' } });
  });

  it('renders no button whose value is anything but an opaque id', () => {
    expect(buildKeyboard([{ actionId: 'show_sql', label: 'Show SQL', value: "SELECT 'x'" }])).toBeUndefined();
    expect(parseCallbackData('show_sql:SELECT 1')).toBeUndefined();
    const out = renderReply({ text: 'x', buttons: [{ actionId: 'show_sql', label: 'SQL', value: 'ans-1' }] });
    expect(out[0].keyboard?.inline_keyboard[0][0].callback_data).toBe('show_sql:ans-1');
  });
});

describe('Discord: every send has allowedMentions parse [], mentions and links are defused; interactions carry the actor and guild', () => {
  let h: DiscordHarness;
  const handled: ChatMessage[] = [];
  beforeAll(async () => {
    h = createDiscordHarness();
    let adapterRef: ChatAdapter | undefined;
    const app = {
      core: {
        answer: async (adapter: ChatAdapter, m: ChatMessage) => {
          adapterRef = adapter;
          handled.push(m);
          if (m.kind !== 'question') return;
          const [error, answer, file] = hostileReplies(m.text);
          const ref = await adapterRef.send(m.conversation, error);
          await adapterRef.update!(ref, answer);
          await adapterRef.send({ ...m.conversation, threadId: undefined }, file);
          await adapterRef.send({ ...m.conversation, threadId: undefined }, { text: `Plain reply echoing ${HOSTILE}` });
        },
      },
    } as unknown as TestApp;
    await h.start(app);
  });
  afterAll(() => h?.stop());

  it('question, error, table cells, footer, alt text, thread name and plain replies reach Discord defused', async () => {
    const mark = h.fake.calls.length;
    const seen = await h.ask(HOSTILE);
    expect(seen.messages).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 100));
    const writes = h.fake.calls.slice(mark).filter((c) => (c.method === 'POST' || c.method === 'PATCH') && c.body && typeof c.body === 'object' && ('content' in (c.body as object) || 'embeds' in (c.body as object)));
    expect(writes.length).toBeGreaterThanOrEqual(3);
    for (const w of writes) {
      expect((w.body as { allowed_mentions?: unknown }).allowed_mentions, w.route).toEqual({ parse: [] });
      const b = w.body as { content?: string; embeds?: { title?: string; description?: string; footer?: { text: string }; fields?: { value: string }[] }[] };
      // Outside code blocks nothing the user typed may form a mention or a masked link.
      const texts = [b.content ?? '', ...(b.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].map((t) => t.replace(/```[\s\S]*?```/g, ''));
      for (const t of texts) for (const raw of DISCORD_RAW) expect(t, `${w.route}: ${raw}`).not.toContain(raw);
      // Footers render neither markdown nor links; mentions are defused there too.
      for (const e of b.embeds ?? []) for (const raw of DISCORD_RAW.slice(0, 5)) expect(e.footer?.text ?? '').not.toContain(raw);
    }
    // Table cells inside the description's code block are defused as well. The SQL field stays
    // copyable as written: a fenced block renders no mentions, and allowed_mentions pings nobody.
    const descriptions = writes.flatMap((w) => ((w.body as { embeds?: { description?: string }[] }).embeds ?? []).map((e) => e.description ?? '')).join('\n');
    expect(descriptions).toContain('@\u200beveryone');
    expect(descriptions).not.toMatch(/@everyone|<@&123>/);
    const thread = h.fake.calls.slice(mark).find((c) => /\/threads$/.test(c.route));
    // The answer opens its thread, named after the (hostile) question.
    expect(thread).toBeDefined();
    expect(JSON.stringify(thread!.body)).not.toContain('@everyone');
    for (const file of writes.flatMap((w) => w.files ?? [])) expect(file).toMatch(/^[^<>&|/\\@]+$/);
  });

  it('interactions and button clicks carry the actor and the guild', async () => {
    const before = handled.length;
    const seen = await h.help();
    expect(seen.messages).toBe(1);
    const m = handled[before];
    expect(m).toMatchObject({ kind: 'help', guildId: h.fake.guildId, user: { id: h.fake.defaultUser.id } });
    expect(m.conversation.workspaceKey).toBe(h.fake.guildId);
  });

  it('renders no button whose value is anything but an opaque id, and reads none back', () => {
    const payload = renderDiscordReply({ text: 'x', table: { columns: [], rows: [[1], [2]], text: 'a\nb', moreRows: 0, truncated: false }, buttons: [{ actionId: 'show_sql', label: 'SQL', value: 'SELECT * FROM t' }, { actionId: 'export_csv', label: 'CSV', value: 'ans-1' }] });
    expect(payload.components.flatMap((r) => r.components).map((c) => c.custom_id)).toEqual(['export_csv:ans-1']);
    expect(decodeCustomId('show_sql:SELECT * FROM t')).toBeUndefined();
    expect(decodeCustomId('show_sql:ans-1')).toEqual({ id: 'show_sql', value: 'ans-1' });
  });
});
