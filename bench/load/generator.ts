/**
 * The load generator of the load bench, in a process of its own (forked by
 * bench/load.ts with IPC; it forks the fakes process, fakes.ts, itself).
 *
 * Each simulated user lives in a closed loop: think (exponential, mean
 * `thinkS`; the first session starts uniformly within it, so arrivals are
 * spread), ask a question from the public question set — or the first turn of
 * a public conversation — wait for the answer, then maybe press Show SQL
 * and/or Export CSV and ask the conversation's follow-ups in the answer's
 * thread, with a short think time before each step. Nobody acts while waiting
 * for an answer, so the arrival rate is what the users' think times allow.
 *
 * Slack users each have a channel: questions are signed `/ask` slash commands,
 * follow-ups signed `message` events in the answer's thread, buttons signed
 * block_actions — sent over keep-alive node:http to the app, and each request's
 * twin at the same moment to the bare node:http floor server, so the two ack
 * times are measured under the same load. Telegram users each have a private
 * chat: they write, reply to answers and press inline buttons through the fake
 * Bot API, which the app polls.
 *
 * An action is answered by the first message the bot sends or edits in the
 * user's channel other than the progress message (a chart upload belongs to
 * its answer); an error reply (⚠️ …) answers it too and is counted by kind.
 * Anything else the bot sends there is a duplicate.
 */
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../../bot/contracts/random.ts';
import { blockActionPayload, eventEnvelope, interactionBody, sign, slashCommandBody } from '../../test/fakes/slack/slack-requests.ts';
import { ACTION_KINDS, type ActionKind, type BotMessage, type FakesOrder, type FakesReady, type LoadPlan, type LoadResult } from './protocol.ts';

const wallNow = () => performance.timeOrigin + performance.now();
const send = (msg: unknown) => {
  if (process.connected) process.send!(msg);
};

// ---------------------------------------------------------------- the fakes process

const fakes = fork(path.join(import.meta.dirname, 'fakes.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const pendingOrders = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
let orderSeq = 0;
let onBot: (m: BotMessage) => void = () => undefined;
const fakesReady = new Promise<FakesReady>((resolve, reject) => {
  fakes.on('message', (msg: any) => {
    if (msg?.t === 'ready') resolve(msg as FakesReady);
    else if (msg?.t === 'bot') onBot(msg.m as BotMessage);
    else if (typeof msg?.id === 'number') {
      const p = pendingOrders.get(msg.id);
      pendingOrders.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error));
      else p?.resolve(msg.result);
    }
  });
  fakes.once('exit', (code) => reject(new Error(`the fakes process exited (code ${code})`)));
});
type OrderBody = FakesOrder extends infer O ? (O extends { id: number } ? Omit<O, 'id'> : never) : never;
function order<T>(o: OrderBody): Promise<T> {
  const id = ++orderSeq;
  return new Promise<T>((resolve, reject) => {
    pendingOrders.set(id, { resolve, reject });
    fakes.send({ ...o, id });
  });
}
process.on('disconnect', () => {
  fakes.kill('SIGTERM');
  process.exit(0);
});

// ---------------------------------------------------------------- HTTP to the app and the floor

const agents = new Map<string, http.Agent>();
function post(url: string, body: string, contentType: string, secret: string): Promise<{ status: number; ms: number }> {
  const target = new URL(url);
  const key = target.host;
  let agent = agents.get(key);
  if (!agent) agents.set(key, (agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4000 })));
  const ts = String(Math.floor(Date.now() / 1000));
  const headers = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': ts,
    'x-slack-signature': sign(secret, Number(ts), body),
  };
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

// ---------------------------------------------------------------- the run


interface Waiting {
  kind: ActionKind;
  sentAt: number;
  done: (m: BotMessage | undefined) => void;
}

interface User {
  idx: number;
  platform: 'slack' | 'telegram';
  /** Slack channel id / Telegram chat id (as text). */
  channel: string;
  userId: string;
  waiting?: Waiting;
  /** When the user last got an answer (a late extra message right after is a duplicate all the same). */
  lastAnsweredAt?: number;
  /** Actions given up at the end of the drain: a message arriving later is their late answer, not a duplicate. */
  abandoned: number;
}

const counts = () => Object.fromEntries(ACTION_KINDS.map((k) => [k, 0])) as Record<ActionKind, number>;

async function runLoad(plan: LoadPlan, ready: FakesReady): Promise<LoadResult> {
  const slackUrl = ready.slackUrl;
  const random = createRandom(plan.seed);
  const result: LoadResult = {
    startedAt: wallNow(),
    endedAt: 0,
    appAckMs: [],
    floorAckMs: [],
    answerMs: Object.fromEntries(ACTION_KINDS.map((k) => [k, []])) as unknown as Record<ActionKind, number[]>,
    answeredAt: [],
    sent: counts(),
    answered: counts(),
    lost: counts(),
    duplicates: 0,
    late: 0,
    errors: {},
    perPlatform: { slack: { sent: 0, answered: 0, lost: 0 }, telegram: { sent: 0, answered: 0, lost: 0 } },
    samples: [],
  };
  const error = (kind: string) => (result.errors[kind] = (result.errors[kind] ?? 0) + 1);
  const sample = (s: string) => {
    if (result.samples.length < 12) result.samples.push(s);
  };

  const users: User[] = [];
  const byChannel = new Map<string, User>();
  const slackUsers = Math.round(plan.users * plan.slackShare);
  for (let i = 0; i < plan.users; i++) {
    const slack = i < slackUsers;
    const u: User = slack
      ? { idx: i, platform: 'slack', channel: `CL${i.toString(36).toUpperCase().padStart(5, '0')}`, userId: `UL${i.toString(36).toUpperCase().padStart(5, '0')}`, abandoned: 0 }
      : { idx: i, platform: 'telegram', channel: String(plan.telegramChatBase + i), userId: String(plan.telegramChatBase + i), abandoned: 0 };
    users.push(u);
    byChannel.set(`${u.platform}:${u.channel}`, u);
  }

  onBot = (m) => {
    if (m.kind === 'refused') {
      error(`platform refused a bot call: ${m.text.replace(/\d+/g, 'N').slice(0, 80)}`);
      return;
    }
    if (m.kind === 'progress' || m.kind === 'chart') return;
    const u = byChannel.get(`${m.platform}:${m.channel}`);
    if (!u) {
      error(`bot message in an unknown ${m.platform} channel`);
      return;
    }
    const w = u.waiting;
    if (!w && u.abandoned > 0) {
      u.abandoned--;
      result.late++;
      return;
    }
    if (!w) {
      result.duplicates++;
      sample(`unexpected ${m.platform} message in ${m.channel} (${((m.at - (u.lastAnsweredAt ?? m.at)) / 1000).toFixed(1)} s after its last answer): ${m.text.slice(0, 100)}`);
      return;
    }
    u.waiting = undefined;
    u.lastAnsweredAt = m.at;
    if (m.text.startsWith('⚠️') || m.text.startsWith(':warning:')) error(`error reply: ${m.text.replace(/^(⚠️|:warning:)\s*/, '').replace(/\d[\d,.]*/g, 'N').replace(/"[^"]*"|'[^']*'/g, '…').slice(0, 70)}`);
    result.answered[w.kind]++;
    result.perPlatform[u.platform].answered++;
    result.answerMs[w.kind].push(m.at - w.sentAt);
    result.answeredAt.push(m.at);
    w.done(m);
  };

  let stopping = false;
  const endAt = result.startedAt + plan.durationS * 1000;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, Math.min(ms, endAt - wallNow()))));
  const stepThink = () => sleep(1000 * (plan.stepThinkS[0] + random() * (plan.stepThinkS[1] - plan.stepThinkS[0])));
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

  async function slackPost(body: string, contentType: string): Promise<boolean> {
    const [app, floor] = await Promise.all([post(plan.appUrl, body, contentType, plan.slackSigningSecret), post(plan.floorUrl, body, contentType, plan.slackSigningSecret)]);
    result.appAckMs.push(app.ms);
    result.floorAckMs.push(floor.ms);
    if (app.status !== 200) error(app.status === 0 ? 'ack: connection error or timeout' : `ack: HTTP ${app.status}`);
    return app.status === 200;
  }

  /** Sends one action and resolves with its answer, or undefined when none came (lost at the end, or not sent). */
  async function act(u: User, kind: ActionKind, what: { text?: string; on?: BotMessage; root?: BotMessage }): Promise<BotMessage | undefined> {
    let done!: (m: BotMessage | undefined) => void;
    const answered = new Promise<BotMessage | undefined>((r) => (done = r));
    u.waiting = { kind, sentAt: wallNow(), done };
    result.sent[kind]++;
    result.perPlatform[u.platform].sent++;
    const trigger = `${Date.now()}.${u.channel}.${crypto.randomBytes(4).toString('hex')}`;
    try {
      if (u.platform === 'slack') {
        let ok: boolean;
        if (kind === 'question') {
          ok = await slackPost(slashCommandBody({ command: '/ask', text: what.text!, channelId: u.channel, userId: u.userId, teamId: plan.slackTeamId, triggerId: trigger, responseUrl: `${slackUrl}/commands/${plan.slackTeamId}/1/${trigger}` }), 'application/x-www-form-urlencoded');
        } else if (kind === 'follow-up') {
          const threadTs = what.root!.ts!;
          const { ts } = await order<{ ts: string }>({ op: 'slack-user-message', channel: u.channel, user: u.userId, text: what.text!, threadTs });
          const event = eventEnvelope({ type: 'message', channel: u.channel, channel_type: 'channel', user: u.userId, team: plan.slackTeamId, text: what.text!, ts, thread_ts: threadTs }, { teamId: plan.slackTeamId });
          ok = await slackPost(JSON.stringify(event), 'application/json');
        } else {
          const on = what.on!;
          const value = kind === 'show-sql' ? on.buttons!.showSql! : on.buttons!.exportCsv!;
          const payload = blockActionPayload({ channelId: u.channel, messageTs: on.ts!, threadTs: on.threadTs, actionId: kind === 'show-sql' ? 'show_sql' : 'export_csv', value, userId: u.userId, triggerId: trigger });
          ok = await slackPost(interactionBody(payload), 'application/x-www-form-urlencoded');
        }
        // A request the app did not acknowledge may still be answered (Slack would retry it); it is waited for all the same.
        void ok;
      } else {
        const chatId = Number(u.channel);
        if (kind === 'question') await order({ op: 'tg-send', chatId, text: what.text! });
        else if (kind === 'follow-up') await order({ op: 'tg-send', chatId, text: what.text!, replyTo: Number(what.on!.ts) });
        else await order({ op: 'tg-press', chatId, messageId: Number(what.on!.ts), data: kind === 'show-sql' ? what.on!.buttons!.showSql! : what.on!.buttons!.exportCsv! });
      }
    } catch (err) {
      error(`could not send: ${String((err as Error).message).replace(/\d+/g, 'N').slice(0, 80)}`);
    }
    const m = await answered;
    if (!m) {
      result.lost[kind]++;
      result.perPlatform[u.platform].lost++;
      sample(`lost: ${u.platform} ${u.channel} ${kind} ${what.text ?? ''} (sent ${((wallNow() - endAt) / 1000).toFixed(0)} s before the end of the drain)`);
    }
    return m;
  }

  const isError = (m: BotMessage) => m.text.startsWith('⚠️') || m.text.startsWith(':warning:');

  async function life(u: User): Promise<void> {
    await sleep(random() * plan.thinkS * 1000);
    while (!stopping && wallNow() < endAt) {
      const conversation = random() < plan.conversations.length / (plan.conversations.length + plan.questions.length) ? pick(plan.conversations) : [pick(plan.questions)];
      const answer = await act(u, 'question', { text: conversation[0] });
      if (answer && !isError(answer)) {
        if (answer.buttons?.showSql && random() < plan.showSqlP) {
          await stepThink();
          if (wallNow() < endAt) await act(u, 'show-sql', { on: answer });
        }
        if (answer.buttons?.exportCsv && random() < plan.exportCsvP) {
          await stepThink();
          if (wallNow() < endAt) await act(u, 'export-csv', { on: answer });
        }
        let last = answer;
        for (const turn of conversation.slice(1)) {
          await stepThink();
          if (wallNow() >= endAt) break;
          const next = await act(u, 'follow-up', { text: turn, on: last, root: answer });
          if (!next || isError(next)) break;
          last = next;
        }
      }
      // Exponential think time between sessions.
      await sleep(-Math.log(1 - random()) * plan.thinkS * 1000);
    }
  }

  const lives = Promise.all(users.map((u) => life(u)));
  // Progress, once every 10 s, on stderr (the bench's RSS samples go beside it).
  const ticker = setInterval(() => {
    const sent = ACTION_KINDS.reduce((s, k) => s + result.sent[k], 0);
    const answered = ACTION_KINDS.reduce((s, k) => s + result.answered[k], 0);
    send({ t: 'progress', sent, answered, waiting: users.filter((u) => u.waiting).length });
  }, 10_000);
  await new Promise((r) => setTimeout(r, plan.durationS * 1000));
  stopping = true;
  // The drain: outstanding actions may still be answered; then whatever waits is lost.
  const drainEnd = wallNow() + plan.drainS * 1000;
  while (wallNow() < drainEnd && users.some((u) => u.waiting)) await new Promise((r) => setTimeout(r, 200));
  for (const u of users) {
    const w = u.waiting;
    u.waiting = undefined;
    if (w) u.abandoned++;
    w?.done(undefined);
  }
  await lives;
  // Answers to given-up actions that arrive just after the drain are counted as late (not duplicates) for a moment.
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(ticker);
  result.endedAt = wallNow();
  return result;
}

const readyUrls = await fakesReady;
process.on('message', (msg: any) => {
  if (msg?.t !== 'start') return;
  runLoad(msg.plan as LoadPlan, readyUrls).then(
    (result) => send({ t: 'result', result }),
    (err) => send({ t: 'failed', error: String((err as Error)?.stack ?? err) }),
  );
});
send(readyUrls);
