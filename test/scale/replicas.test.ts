/**
 * Scale-out with real processes (issue 15): two `datalabs serve` replicas and
 * one `datalabs worker` on one PostgreSQL database, one Redis and one
 * ClickHouse endpoint — here the loopback ClickHouse HTTP endpoint over chDB
 * in its own process (test/support/clickhouse-http), standing in for a
 * ClickHouse server, which these machines lack. Slack in HTTP mode against the
 * fake Slack, Telegram in webhook mode against the fake Bot API.
 *
 * - Every platform event is delivered to BOTH replicas (a platform retry, or
 *   two receivers racing) and answered exactly once, counted on the fakes.
 * - A follow-up in an answer's thread, received by the other replica, is
 *   answered as a refinement of that answer; Show SQL pressed on an answer,
 *   received by the other replica, works.
 * - Kill -9 between ack and answer: `serve --no-answer` acks a command, a
 *   worker takes it and is killed while its first Slack call of the answer is
 *   held by a proxy; a new worker answers it, once.
 */
import { isDeepStrictEqual as equal } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROGRESS_TEXT } from '../../bot/contracts/chat.ts';
import { startFakeSlack, type FakeMessage as SlackMessage, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { blockActionPayload, eventEnvelope, interactionBody, postSigned, slashCommandBody, type InboundResult } from '../fakes/slack/slack-requests.ts';
import { createFakeBotApi, type FakeBotApi, type FakeChat, type FakeMessage as TelegramMessage } from '../fakes/telegram/fake-bot-api.ts';
import type { ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';
import { slackAnswers } from '../support/slack-answers.ts';
import { startCluster, startSeededClickhouse, type Cluster } from './cluster.ts';
import { startHoldingProxy, type HoldingProxy } from './holding-proxy.ts';
import { explained, killAll, startDatalabs, until, type DatalabsProcess } from './processes.ts';

const BOT_TOKEN = 'xoxb-1-fake-bot-token';
const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';
const TELEGRAM_WEBHOOK_URL = 'https://bot.example.test/telegram/webhook';
const TELEGRAM_SECRET = 'scale-test-secret_1';
const FORM = 'application/x-www-form-urlencoded';
const CHANNEL = 'C0SCALE';
const CHAT: FakeChat = { id: 4242, type: 'private' };
const WORKING = PROGRESS_TEXT;

let clickhouse: ChdbHttp | undefined;

beforeAll(async () => {
  clickhouse = await startSeededClickhouse();
}, 120_000);

afterAll(async () => {
  await killAll();
  await clickhouse?.stop();
});

// ---------------------------------------------------------------- Slack helpers

const slackText = (m: SlackMessage): string =>
  [m.text, ...((m.blocks ?? []) as Array<{ text?: { text?: string }; elements?: Array<{ text?: string | { text?: string } }> }>).flatMap((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')))])]
    .join('\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function buttonValue(m: SlackMessage, actionId: string): string | undefined {
  for (const b of (m.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>) {
    if (b.type !== 'actions') continue;
    const e = b.elements?.find((x) => x.action_id === actionId);
    if (e?.value) return e.value;
  }
  return undefined;
}


/** Each pattern matches exactly one of `lines`, and nothing else is there. */
function expectEach(lines: string[], patterns: RegExp[]): void {
  const listing = `\n${lines.join('\n')}`;
  for (const p of patterns) expect(lines.filter((l) => p.test(l)), `${p} once among:${listing}`).toHaveLength(1);
  expect(lines, `exactly ${patterns.length} answers:${listing}`).toHaveLength(patterns.length);
}

// ---------------------------------------------------------------- two replicas and a worker

describe('two serve replicas and a worker on one PostgreSQL, Redis and ClickHouse endpoint', () => {
  let cluster: Cluster;
  let slack: FakeSlack;
  let telegram: FakeBotApi;
  let a: DatalabsProcess;
  let b: DatalabsProcess;
  let worker: DatalabsProcess;
  /** Messages recorded in the inbound log so far (Slack and Telegram share the database). */
  let recorded = 0;

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    telegram = await createFakeBotApi();
    cluster = await startCluster({
      redisDb: 11,
      clickhouse: clickhouse!,
      platformEnv: {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_WEBHOOK_URL,
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
      },
    });
    [a, b, worker] = await Promise.all([
      startDatalabs('serve A', ['serve', '--port', '0'], cluster.env()),
      startDatalabs('serve B', ['serve', '--port', '0'], cluster.env()),
      startDatalabs('worker', ['worker'], cluster.env()),
    ]);
  }, 200_000);

  afterAll(async () => {
    await Promise.all([a, b, worker].map((p) => p?.stop()));
    await cluster?.close();
    await slack?.close();
    await telegram?.close();
  });

  /**
   * Waits until `more` further messages are recorded and every recorded one is answered, with the
   * queue drained: from then on no process holds anything it could still send.
   */
  async function quiet(more: number): Promise<void> {
    recorded += more;
    await until(`${recorded} messages answered and the answer queue drained`, async () => {
      const s = await cluster.states();
      return (s.answered ?? 0) >= recorded && !s.queued && !s.answering && (await cluster.queuedJobs()) === 0;
    });
    expect(await cluster.states(), 'the inbound log: every message recorded once, answered').toEqual({ answered: recorded });
  }

  it('Slack: 5 events, each delivered to both replicas, answered once each; a thread follow-up on the other replica refines; Show SQL works there', () =>
    explained(async () => {
      const post = (p: DatalabsProcess, body: string, type: string, retryNum?: number) => postSigned(`${p.url}/slack/events`, body, type, { signingSecret: SIGNING_SECRET, retryNum });
      const command = (name: string, text: string, triggerId: string) =>
        slashCommandBody({ command: name, text, channelId: CHANNEL, triggerId, responseUrl: `${slack.url}/commands/T0FAKE/1/${triggerId}` });
      const bot = () => slack.messages.filter((m) => m.channel === CHANNEL && m.user === slack.botUserId);
      const acks: number[] = [];
      const acked = (results: InboundResult[]) => {
        for (const r of results) {
          acks.push(r.status);
          expect(r.status, `HTTP ${r.status} ${r.body}`).toBe(200);
        }
      };

      // 1. Setup, received by both replicas at once (two receivers racing).
      const setup = command('/datalabs', 'setup Shop', '1001.1.setup');
      acked(await Promise.all([post(a, setup, FORM), post(b, setup, FORM)]));
      await quiet(1);
      expect(slackAnswers(slack)).toEqual([expect.stringMatching(/^Workspace "Shop"/)]);

      // 2. A question received by A, then Slack's retry of it received by B; 3. SQL received by both at once.
      const ask = command('/ask', 'sessions by month', '1002.2.ask');
      acked([await post(a, ask, FORM)]);
      acked([await post(b, ask, FORM, 1)]);
      const sql = command('/sql', 'SELECT count() AS orders FROM demo.orders', '1003.3.sql');
      acked(await Promise.all([post(a, sql, FORM), post(b, sql, FORM)]));
      await quiet(2);
      const askAnswer = bot().find((m) => !m.threadTs && slackText(m).startsWith('Sessions by month'));
      expect(askAnswer, `the question's answer among:\n${bot().map(slackText).join('\n---\n')}`).toBeDefined();
      expect(askAnswer!.edits, 'the progress message became the answer, once').toBe(1);

      // 4. A reply in the question's thread, received by B, then Slack's retry of it by A. No
      // parent_user_id: B learns the thread is the bot's from the shared adapter memory.
      const reply = slack.userMessage(CHANNEL, 'U0ALICE', 'now by country', askAnswer!.ts);
      const followUp = JSON.stringify(
        eventEnvelope({ type: 'message', channel: CHANNEL, channel_type: 'channel', user: 'U0ALICE', team: 'T0FAKE', text: reply.text, ts: reply.ts, thread_ts: askAnswer!.ts }, { eventId: 'Ev0FOLLOWUP1', botUserId: slack.botUserId }),
      );
      acked([await post(b, followUp, 'application/json')]);
      acked([await post(a, followUp, 'application/json', 1)]);
      await quiet(1);
      const refined = bot().find((m) => m.threadTs === askAnswer!.ts && m.files.length === 0);
      expect(refined, 'an answer in the thread').toBeDefined();
      // "now by country" alone has no measure: the headline carries the thread's "sessions" over.
      expect(slackText(refined!)).toMatch(/^Sessions by country — \d+ rows/);

      // 5. Show SQL on the refined answer, received by B and (racing) by A.
      const press = interactionBody(
        blockActionPayload({ channelId: CHANNEL, messageTs: refined!.ts, threadTs: askAnswer!.ts, actionId: 'show_sql', value: buttonValue(refined!, 'show_sql')!, blocks: refined!.blocks, triggerId: '1005.5.press' }),
      );
      acked(await Promise.all([post(b, press, FORM), post(a, press, FORM)]));
      await quiet(1);
      const shown = bot().filter((m) => m.threadTs === askAnswer!.ts && slackText(m).startsWith('SQL for'));
      expect(shown).toHaveLength(1);
      expect(slackText(shown[0])).toMatch(/^SELECT (?=[\s\S]*\bcountry\b)(?=[\s\S]*\bsession_id\b)[\s\S]*GROUP BY[\s\S]*country/m);

      // 10 deliveries of 5 events, all acknowledged; 5 answers, each once; 3 progress messages (the questions) and 3 charts.
      expect(acks).toEqual(Array(10).fill(200));
      expectEach(slackAnswers(slack), [/^Workspace "Shop"/, /^SQL result: [\d,]+$/, /^Sessions by month — \d+ rows$/, /^Sessions by country — \d+ rows$/, /^SQL for Sessions by country$/]);
      expect(slack.callsOf('chat.postMessage').filter((c) => c.args.text === WORKING)).toHaveLength(3);
      expect(slack.callsOf('chat.update')).toHaveLength(3);
      expect(slack.responses, 'nothing went to a response_url').toEqual([]);
      expect(slack.callsOf('files.completeUploadExternal').map((c) => c.args.thread_ts).sort()).toEqual(
        bot()
          .filter((m) => m.edits === 1)
          .map((m) => m.threadTs ?? m.ts)
          .sort(),
      );
    }));

  it('Telegram: 4 updates, each delivered by webhook to both replicas, answered once each; a reply to an answer refines it on the other replica; Show SQL works there', () =>
    explained(async () => {
      const statuses: number[] = [];
      /** One update delivered to `first`, then again (Telegram's retry) to `second`. */
      const twice = async (first: DatalabsProcess, second: DatalabsProcess, send: () => { updateId: number }) => {
        telegram.setWebhookTarget(first.url!);
        const { updateId } = send();
        statuses.push((await telegram.processed(updateId)).status ?? 0);
        telegram.setWebhookTarget(second.url!);
        telegram.redeliver(updateId);
        statuses.push((await telegram.processed(updateId)).status ?? 0);
      };
      const bot = () => telegram.chatMessages(CHAT.id).filter((m) => m.from === 'bot' && !m.deleted);
      const text = (m: TelegramMessage) => m.text ?? m.caption ?? '';
      const callbackData = (m: TelegramMessage, action: string) => m.replyMarkup?.inline_keyboard.flat().find((k) => String(k.callback_data).startsWith(`${action}:`))?.callback_data as string | undefined;

      await twice(a, b, () => telegram.userSends(CHAT, '/datalabs setup Shop TG'));
      await quiet(1);
      expect(bot().map(text)).toEqual([expect.stringMatching(/^Workspace "Shop TG"/)]);

      await twice(a, b, () => telegram.userSends(CHAT, 'sessions by month'));
      await quiet(1);
      const answer = bot().find((m) => text(m).startsWith('Sessions by month'));
      expect(answer, `the answer among:\n${bot().map(text).join('\n---\n')}`).toBeDefined();

      // A reply to the bot's answer, received by B, then again by A.
      await twice(b, a, () => telegram.userSends(CHAT, 'now by country', { replyTo: answer!.messageId }));
      await quiet(1);
      const refined = bot().find((m) => text(m).startsWith('Sessions by country'));
      expect(refined, `the refinement among:\n${bot().map(text).join('\n---\n')}`).toBeDefined();

      // Show SQL on the refined answer, pressed once, delivered to B, then again to A.
      await twice(b, a, () => telegram.userPresses(CHAT, refined!.messageId, callbackData(refined!, 'show_sql')!));
      await quiet(1);
      const shown = bot().filter((m) => text(m).startsWith('SQL for'));
      expect(shown).toHaveLength(1);
      expect(text(shown[0])).toMatch(/^SELECT (?=[\s\S]*\bcountry\b)(?=[\s\S]*\bsession_id\b)[\s\S]*GROUP BY[\s\S]*country/m);

      expect(statuses).toEqual(Array(8).fill(200));
      // 8 deliveries of 4 updates, all acknowledged; 4 answers, each once. A question's answer is a
      // photo with the table as caption, replacing its progress message (deleted).
      const ok = (method: string) => telegram.calls.filter((c) => c.method === method && c.status === 200);
      const answers = [...ok('sendMessage').filter((c) => c.params.text !== WORKING), ...ok('sendPhoto'), ...ok('editMessageText')].map((c) => String(c.params.text ?? c.params.caption).split('\n')[0]);
      expectEach(answers, [/^Workspace &quot;Shop TG&quot;/, /^<b>Sessions by month — \d+ rows/, /^<b>Sessions by country — \d+ rows/, /^SQL for Sessions by country$/]);
      expect(ok('sendMessage').filter((c) => c.params.text === WORKING)).toHaveLength(2);
      expect(ok('deleteMessage')).toHaveLength(2);
      // The press is acknowledged once (the second replica's answerCallbackQuery for the same query is refused: too late).
      expect(ok('answerCallbackQuery')).toHaveLength(1);
    }));
});

// ---------------------------------------------------------------- kill -9 between ack and answer

describe('kill -9 between ack and answer, with Redis', () => {
  let cluster: Cluster;
  let slack: FakeSlack;
  let proxy: HoldingProxy;
  let serve: DatalabsProcess;
  const workers: DatalabsProcess[] = [];
  /** Every process: a lapsed answer lease and BullMQ's stalled check within 2 s. */
  const LEASE = { DATALABS_ANSWER_LEASE_MS: '2000' };

  beforeAll(async () => {
    slack = await startFakeSlack({ botToken: BOT_TOKEN });
    // The processes reach the fake Slack through the proxy, which can hold one call.
    proxy = await startHoldingProxy(slack.url);
    cluster = await startCluster({
      redisDb: 12,
      clickhouse: clickhouse!,
      platformEnv: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `${proxy.url}/api/` },
    });
    serve = await startDatalabs('serve --no-answer', ['serve', '--port', '0', '--no-answer'], cluster.env(LEASE));
  }, 200_000);

  afterAll(async () => {
    await Promise.all([serve, ...workers].map((p) => p?.stop()));
    await cluster?.close();
    await proxy?.close();
    await slack?.close();
  });

  it('a worker killed mid-answer: after a new worker starts, the acknowledged question is answered exactly once', () =>
    explained(async () => {
      const post = (name: string, text: string, triggerId: string) =>
        postSigned(`${serve.url}/slack/events`, slashCommandBody({ command: name, text, channelId: CHANNEL, triggerId, responseUrl: `${slack.url}/commands/T0FAKE/1/${triggerId}` }), FORM, { signingSecret: SIGNING_SECRET });
      const states = () => cluster.states();

      // serve --no-answer acknowledges both commands; nothing answers them yet.
      expect((await post('/datalabs', 'setup Shop', '2001.1.setup')).status).toBe(200);
      expect((await post('/ask', 'revenue by month', '2002.2.ask')).status).toBe(200);
      // Acknowledged once the Redis journal has them; recorded in the store and queued in Redis just after (once
      // arrivals pause: acks go first).
      await until('both commands recorded and queued', async () => equal(await states(), { queued: 2 }) && (await cluster.queuedJobs()) === 2, 10_000);
      expect(slack.callsOf('chat.postMessage')).toHaveLength(0);

      // A worker (one job at a time, so setup is answered first) takes the question; its first
      // Web API call of that answer — the progress message — is held: the worker is mid-answer.
      const held = proxy.holdNext((req) => req.path === '/api/chat.postMessage' && requestText(req.body) === WORKING);
      const first = await startDatalabs('worker 1', ['worker'], cluster.env({ ...LEASE, DATALABS_ANSWER_CONCURRENCY: '1' }));
      workers.push(first);
      await held;
      expect(await states()).toEqual({ answered: 1, answering: 1 });
      await first.kill9();
      expect((await first.exited).signal).toBe('SIGKILL');
      proxy.dropHeld();
      expect(slackAnswers(slack)).toEqual([expect.stringMatching(/^Workspace "Shop"/)]);
      expect(slack.callsOf('chat.postMessage').filter((c) => c.args.text === WORKING), 'the held call never reached Slack').toHaveLength(0);

      // A new worker takes the question over once the dead one's lease and job lock lapse.
      const killedAt = Date.now();
      workers.push(await startDatalabs('worker 2', ['worker'], cluster.env(LEASE)));
      const readyAt = Date.now();
      await until('the question answered after the restart', async () => {
        const s = await states();
        return s.answered === 2 && !s.answering && !s.queued && (await cluster.queuedJobs()) === 0;
      }, 60_000);
      const tookMs = Date.now() - killedAt;
      if (process.env.DATALABS_SCALE_TIMINGS) console.log(`kill -9 → worker 2 ready ${readyAt - killedAt} ms → answered ${Date.now() - readyAt} ms`);

      expect(await states()).toEqual({ answered: 2 });
      const [{ attempts }] = await cluster.query<{ attempts: number }>(`SELECT max(attempts) AS attempts FROM message_claims`);
      expect(Number(attempts), 'the question was taken twice: by the killed worker, then by the new one').toBe(2);
      expectEach(slackAnswers(slack), [/^Workspace "Shop"/, /^Revenue by month — \d+ rows$/]);
      expect(slack.callsOf('chat.postMessage').filter((c) => c.args.text === WORKING), 'one progress message').toHaveLength(1);
      expect(slack.callsOf('chat.update'), 'one answer').toHaveLength(1);
      expect(slack.responses, 'nothing went to the response_url').toEqual([]);
      expect(tookMs, 'answered within a minute of the kill').toBeLessThan(60_000);
    }));
});

/** The `text` field of a Web API request body (form or JSON). */
function requestText(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { text?: unknown };
    return typeof parsed.text === 'string' ? parsed.text : undefined;
  } catch {
    return new URLSearchParams(body).get('text') ?? undefined;
  }
}
