/**
 * The fakes of the load bench, in a process of their own (forked by the
 * generator, IPC both ways): the loopback fake Slack Web API and the fake
 * Telegram Bot API of test/fakes, unchanged, plus what a user does on the
 * platform side (a Telegram user writes or presses a button; a Slack user's
 * thread reply is registered so the bot can answer under it).
 *
 * Every message the bot sends or edits is reported to the parent as a
 * `BotMessage` the moment the fake records it. The fakes keep their histories
 * (threads and replies need them); uploaded file bytes are dropped once an
 * upload completes, so a long run does not hold every chart in memory.
 *
 * Orders (parent → here): `{ id, op: 'tg-send' | 'tg-press' | 'slack-user-message', … }`,
 * each answered `{ id, result | error }`. Exits when the parent goes away.
 */
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { startFakeSlack } from '../../test/fakes/slack/fake-slack.ts';
import { createFakeBotApi, type ApiCall as TelegramCall, type FakeChat, type FakeMessage as TelegramMessage } from '../../test/fakes/telegram/fake-bot-api.ts';
import type { BotMessage, FakesOrder, FakesReady } from './protocol.ts';

const wallNow = () => performance.timeOrigin + performance.now();
const PROGRESS_TEXT = 'Working on it…';
const send = (msg: unknown) => {
  if (process.connected) process.send!(msg);
};

const slackBotToken = process.env.BENCH_LOAD_SLACK_TOKEN ?? 'xoxb-1-bench-bot-token';
const slack = await startFakeSlack({ botToken: slackBotToken, teamId: process.env.BENCH_LOAD_SLACK_TEAM ?? 'T0FAKE' });
const telegram = await createFakeBotApi();

// ---------------------------------------------------------------- Slack: every recorded call, as it is recorded

type SlackButtons = { showSql?: string; exportCsv?: string };
function slackButtons(blocks: unknown[] | undefined): SlackButtons {
  const out: SlackButtons = {};
  for (const b of (blocks ?? []) as Array<{ type?: string; elements?: Array<{ action_id?: string; value?: string }> }>) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? []) {
      if (e.action_id === 'show_sql') out.showSql = e.value;
      if (e.action_id === 'export_csv') out.exportCsv = e.value;
    }
  }
  return out;
}

const slackPush = slack.calls.push.bind(slack.calls);
slack.calls.push = (...items) => {
  const n = slackPush(...items);
  const at = wallNow();
  for (const c of items) {
    const args = c.args;
    const channel = String(args.channel ?? args.channel_id ?? '');
    if (c.result !== 'ok') {
      if (c.method !== 'upload') send({ t: 'bot', m: { platform: 'slack', at, channel, kind: 'refused', text: `${c.method}: ${c.result}` } satisfies BotMessage });
      continue;
    }
    if (c.method === 'chat.postMessage' || c.method === 'chat.update') {
      // The handler stored the message before the call was recorded: a post is the last message, an update is found by ts.
      const msg = c.method === 'chat.postMessage' ? slack.messages[slack.messages.length - 1] : slack.messages.findLast((m) => m.channel === channel && m.ts === args.ts);
      if (!msg) continue;
      const text = msg.text ?? '';
      const kind = c.method === 'chat.postMessage' && text === PROGRESS_TEXT ? 'progress' : 'text';
      send({ t: 'bot', m: { platform: 'slack', at, channel, ts: msg.ts, threadTs: msg.threadTs, kind, text: text.slice(0, 300), buttons: slackButtons(msg.blocks) } satisfies BotMessage });
    } else if (c.method === 'files.completeUploadExternal') {
      const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as Array<{ id: string }>;
      const names = list.map((f) => slack.files.get(f.id)?.name ?? '');
      for (const f of list) slack.files.delete(f.id);
      const msg = channel ? slack.messages[slack.messages.length - 1] : undefined;
      send({ t: 'bot', m: { platform: 'slack', at, channel, ts: msg?.ts, threadTs: msg?.threadTs, kind: names.some((n) => /\.csv$/i.test(n)) ? 'file' : 'chart', text: names.join(', ') } satisfies BotMessage });
    }
  }
  return n;
};

// A slash command's response_url (the generator makes it <fake>/commands/<team>/1/<ms>.<channel>.<hex>): an answer there counts too.
const responsesPush = slack.responses.push.bind(slack.responses);
slack.responses.push = (...items) => {
  for (const r of items) {
    const channel = /\/commands\/[^/]+\/1\/\d+\.([A-Z0-9]+)\./.exec(r.path)?.[1] ?? '';
    send({ t: 'bot', m: { platform: 'slack', at: wallNow(), channel, kind: 'text', text: String(r.body.text ?? '').slice(0, 300) } satisfies BotMessage });
  }
  return responsesPush(...items);
};

// ---------------------------------------------------------------- Telegram: the message each call made, once it is handled

let current: TelegramCall | undefined;
const made = new WeakMap<TelegramCall, TelegramMessage>();
const tgMessagesPush = telegram.messages.push.bind(telegram.messages);
telegram.messages.push = (...items) => {
  if (current && items.length === 1 && items[0].from === 'bot') made.set(current, items[0]);
  return tgMessagesPush(...items);
};
const tgCallsPush = telegram.calls.push.bind(telegram.calls);
telegram.calls.push = (...items) => {
  const n = tgCallsPush(...items);
  // The fake handles the call synchronously right after recording it; its status and message are known on the next turn.
  for (const c of items) {
    current = c;
    setImmediate(() => reportTelegram(c));
  }
  return n;
};
const tgButtons = (m: TelegramMessage) => {
  const datas = (m.replyMarkup?.inline_keyboard ?? []).flat().map((k) => String(k.callback_data ?? ''));
  return { showSql: datas.find((d) => d.startsWith('show_sql:')), exportCsv: datas.find((d) => d.startsWith('export_csv:')) };
};
function reportTelegram(c: TelegramCall): void {
  const at = wallNow();
  const chat = String(c.params.chat_id ?? '');
  if (!['sendMessage', 'sendPhoto', 'sendDocument', 'editMessageText', 'editMessageCaption'].includes(c.method)) {
    if (c.status !== 200 && c.method !== 'getUpdates') send({ t: 'bot', m: { platform: 'telegram', at, channel: chat, kind: 'refused', text: `${c.method}: ${c.status} ${c.description ?? ''}` } satisfies BotMessage });
    return;
  }
  if (c.status !== 200) {
    send({ t: 'bot', m: { platform: 'telegram', at, channel: chat, kind: 'refused', text: `${c.method}: ${c.status} ${c.description ?? ''}` } satisfies BotMessage });
    return;
  }
  const m = c.method.startsWith('edit') ? telegram.messages.findLast((x) => x.chatId === Number(chat) && x.messageId === Number(c.params.message_id)) : made.get(c);
  if (!m) return;
  const text = m.text ?? m.caption ?? '';
  const kind = c.method === 'sendMessage' && text === PROGRESS_TEXT ? 'progress' : c.method === 'sendDocument' ? 'file' : 'text';
  if (m.document) m.document.data = Buffer.alloc(0);
  send({ t: 'bot', m: { platform: 'telegram', at, channel: chat, ts: String(m.messageId), threadTs: m.replyTo === undefined ? undefined : String(m.replyTo), kind, text: text.slice(0, 300), buttons: tgButtons(m) } satisfies BotMessage });
}

// ---------------------------------------------------------------- orders from the generator

const privateChat = (chatId: number): FakeChat => ({ id: chatId, type: 'private' });
const userOf = (chatId: number) => ({ id: chatId, is_bot: false, first_name: `User${chatId}`, username: `user${chatId}` });

process.on('message', (o: FakesOrder) => {
  try {
    let result: unknown;
    if (o.op === 'tg-send') {
      const { updateId, message } = telegram.userSends(privateChat(o.chatId), o.text, { replyTo: o.replyTo, user: userOf(o.chatId) });
      result = { updateId, messageId: message.messageId, at: wallNow() };
    } else if (o.op === 'tg-press') {
      const { updateId } = telegram.userPresses(privateChat(o.chatId), o.messageId, o.data, { user: userOf(o.chatId) });
      result = { updateId, at: wallNow() };
    } else if (o.op === 'slack-user-message') {
      result = { ts: slack.userMessage(o.channel, o.user, o.text, o.threadTs).ts };
    } else if (o.op === 'stats') {
      result = { slackMessages: slack.messages.length, telegramMessages: telegram.messages.length, rssKb: Math.round(process.memoryUsage().rss / 1024) };
    }
    send({ id: o.id, result });
  } catch (err) {
    send({ id: o.id, error: String((err as Error)?.message ?? err) });
  }
});
process.on('disconnect', () => process.exit(0));
send({ t: 'ready', slackUrl: slack.url, slackApiUrl: slack.apiUrl, slackBotToken, telegramUrl: telegram.url, telegramToken: telegram.token } satisfies FakesReady);
