/**
 * Slack across processes: adapter A (started, receiving) takes a message in;
 * adapter B — a second instance on the same fake Slack and the same
 * AdapterMemory that NEVER called `start()`, as in `datalabs worker` or
 * another replica — answers it from the message alone (after the store's
 * JSON round trip) with `send` and then `update`. The fake Slack shows the
 * answer where A would have put it: the channel (opening a thread), the
 * mention's thread, the button's answer thread, or the command's response_url
 * where the bot is not a member. A then treats replies in a thread B opened as
 * follow-ups (the shared memory, not A's process, knows the thread).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { messageFromJson, messageToJson } from '../../bot/core/inbound/index.ts';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { blockActionPayload, eventEnvelope, interactionBody } from '../fakes/slack/slack-requests.ts';
import { BOT_TOKEN, SIGNING_SECRET, startSlackRig, type SlackRig } from './slack-rig.ts';

const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
const FORM = 'application/x-www-form-urlencoded';

describe('slack: a process that never started answers what another received', () => {
  let a: SlackRig;
  let b: SlackAdapter;
  beforeAll(async () => {
    // A only receives (the pipeline records and queues; nobody answers in A).
    a = await startSlackRig({ handle: async () => {}, logger });
    b = createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: a.fake.apiUrl, memory: a.memory, logger });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  /** The message as another process reads it from the store. */
  async function receivedByA(count: number): Promise<ChatMessage> {
    await a.settle(count);
    return messageFromJson(messageToJson(a.received[count - 1]));
  }
  const bot = (channel: string) => a.fake.messages.filter((m) => m.channel === channel && m.user === a.fake.botUserId);
  const followUp = (channel: string, threadTs: string, text: string) => {
    const msg = a.fake.userMessage(channel, 'U0ALICE', text, threadTs);
    // No parent_user_id: only the shared memory can tell A that the thread is the bot's.
    return a.post(JSON.stringify(eventEnvelope({ type: 'message', channel_type: 'channel', user: 'U0ALICE', text, ts: msg.ts, thread_ts: threadTs, channel }, { botUserId: a.fake.botUserId })), 'application/json');
  };

  it('a slash command: B posts in the channel, edits that message, and A takes replies in its thread as follow-ups', async () => {
    expect((await a.command('/sql', 'SELECT 1', { channelId: 'C0REP' })).status).toBe(200);
    const message = await receivedByA(1);
    expect(message.conversation.replyHandle).toBeTruthy();
    const sent = await b.send(message.conversation, { text: 'Working on it…' });
    await b.update!(JSON.parse(JSON.stringify(sent)), { text: 'SQL result: 1' });
    const posted = bot('C0REP');
    expect(posted.map((m) => [m.text, m.threadTs, m.edits])).toEqual([['SQL result: 1', undefined, 1]]);
    expect(sent).toMatchObject({ messageId: posted[0].ts, conversation: { channelId: 'C0REP', threadId: posted[0].ts } });

    expect((await followUp('C0REP', posted[0].ts, 'now by country')).status).toBe(200);
    const next = await receivedByA(2);
    expect(next).toMatchObject({ kind: 'question', text: 'now by country', conversation: { channelId: 'C0REP', threadId: posted[0].ts } });
  });

  it('an @mention in a person’s thread: B answers in that thread, and later replies there reach A as follow-ups', async () => {
    const root = a.fake.userMessage('C0REP2', 'U0ALICE', 'our numbers look odd');
    const mention = a.fake.userMessage('C0REP2', 'U0ALICE', `<@${a.fake.botUserId}> revenue by month`, root.ts);
    const count = a.received.length + 1;
    const res = await a.post(JSON.stringify(eventEnvelope({ type: 'app_mention', user: 'U0ALICE', text: mention.text, ts: mention.ts, thread_ts: root.ts, channel: 'C0REP2' }, { botUserId: a.fake.botUserId })), 'application/json');
    expect(res.status).toBe(200);
    const message = await receivedByA(count);
    const sent = await b.send(message.conversation, { text: 'Working on it…' });
    await b.update!(sent, { text: 'Revenue by month' });
    expect(bot('C0REP2').map((m) => [m.text, m.threadTs])).toEqual([['Revenue by month', root.ts]]);

    // The thread was started by a person (parent_user_id is not the bot): A knows it from B's answer.
    expect((await followUp('C0REP2', root.ts, 'and by country?')).status).toBe(200);
    const next = await receivedByA(count + 1);
    expect(next).toMatchObject({ text: 'and by country?', conversation: { threadId: root.ts } });
  });

  it('a button press: B answers in the pressed answer’s thread', async () => {
    const answer = a.fake.userMessage('C0REP3', a.fake.botUserId, 'answer');
    const count = a.received.length + 1;
    const res = await a.post(interactionBody(blockActionPayload({ channelId: 'C0REP3', messageTs: answer.ts, actionId: 'show_sql', value: 'ans-1' })), FORM);
    expect(res.status).toBe(200);
    const message = await receivedByA(count);
    const sent = await b.send(message.conversation, { text: 'Working…' });
    await b.update!(sent, { text: 'SELECT 1' });
    expect(bot('C0REP3').filter((m) => m.ts !== answer.ts).map((m) => [m.text, m.threadTs, m.edits])).toEqual([['SELECT 1', answer.ts, 1]]);
  });

  it('a channel the bot is not in: B answers through the command’s response_url and replaces that answer', async () => {
    const responses = a.fake.responses.length;
    const count = a.received.length + 1;
    expect((await a.command('/sql', 'SELECT 2', { channelId: 'CNOTIN7' })).status).toBe(200);
    const message = await receivedByA(count);
    const sent = await b.send(message.conversation, { text: 'Working on it…' });
    expect(sent.handle).toBeTruthy();
    // Only what the SentRef carries (as a queued job would), not the message.
    await b.update!({ conversation: { platform: 'slack', workspaceKey: sent.conversation.workspaceKey, channelId: sent.conversation.channelId }, messageId: sent.messageId, handle: sent.handle }, { text: 'SQL result: 2' });
    const got = a.fake.responses.slice(responses);
    expect(got.map((r) => [r.path, r.body.text, r.body.replace_original, r.body.response_type])).toEqual([
      ['/commands/T0FAKE/1/abc', 'Working on it…', false, 'ephemeral'],
      ['/commands/T0FAKE/1/abc', expect.stringContaining('SQL result: 2'), true, 'ephemeral'],
    ]);
    expect(bot('CNOTIN7')).toEqual([]);
  });

  it('keeps no response_url from a host that is not Slack’s', async () => {
    const evil = await startSlackRig({ handle: async () => {}, logger, responseUrlBase: 'https://evil.example/commands' });
    try {
      await evil.command('/sql', 'SELECT 3', { channelId: 'CNOTIN8' });
      await evil.settle(1);
      expect(evil.received[0].conversation.replyHandle).toBeUndefined();
      await expect(evil.adapter.send(evil.received[0].conversation, { text: 'x' })).rejects.toMatchObject({ platform: 'slack' });
    } finally {
      await evil.close();
    }
  });
});
