/**
 * `npm run bench load`: simulated users over the fake Slack and the fake
 * Telegram against `datalabs serve` (not timed in CI; the figures are printed).
 *
 * Processes: the app (`node bin/datalabs.js serve`, embedded defaults — chDB,
 * PGlite, the in-process queue — on the demo data seeded in a temp
 * DATALABS_DATA_DIR, DATALABS_NOW fixed; or with --workers N: `serve
 * --no-answer` + N `datalabs worker`s on the machine's PostgreSQL and Redis
 * and a loopback ClickHouse HTTP endpoint over chDB, as in bench slack-ack);
 * the load generator (bench/load/generator.ts: the users, their think times,
 * every Slack request also sent to the floor); the fakes (bench/load/fakes.ts:
 * test/fakes' Slack Web API and Telegram Bot API, which the app polls); the
 * bare node:http floor (bench/slack-ack/floor-server.mjs). This process seeds,
 * starts and stops them, samples the app's RSS every 10 s and prints:
 * answers/s, Slack ack p99 against the floor's p99 in the same run, answer
 * p50/p95 by action, errors by kind, lost (asked, never answered by the end of
 * the drain), duplicates, RSS over time and its growth (first vs last quarter
 * of the samples); then one `load-summary {json}` line.
 *
 * Options (flags after `npm run bench load --`, or BENCH_LOAD_* variables):
 * --users (10000), --duration-s (600), --drain-s (120), --think-s (mean think
 * time between a user's sessions, 1800: each user starts a session — a
 * question, maybe a button or two and follow-ups — about every half hour, a
 * busy hour for a team that uses the bot all day), --slack-share (0.5),
 * --workers (0: embedded), --scale (demo data scale, 1), --seed (1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { fmtMs, percentile } from './run.ts';
import { runDatalabs, startDatalabs, startFloor, type Child } from './slack-ack/children.ts';
import { benchRedis, createTempDatabase } from './slack-ack/services.ts';
import { descendants, rssKb } from './startup.ts';
import { startChdbHttp } from '../test/support/clickhouse-http/start-chdb-http.ts';
import { createLoadWorkspace } from './load/workspace.ts';
import { ACTION_KINDS, type FakesReady, type LoadPlan, type LoadResult } from './load/protocol.ts';

const NOW = '2025-06-30T18:00:00Z';
const TEAM_ID = 'T0FAKE';
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const TELEGRAM_CHAT_BASE = 500_000_000;
const RSS_EVERY_MS = 10_000;
const TARGET_ACK_RATIO = 1.5;
const QUESTIONS = process.env.BENCH_LOAD_QUESTIONS ?? '/work/shared/eval/questions.public.jsonl';
const CONVERSATIONS = process.env.BENCH_LOAD_CONVERSATIONS ?? path.join(path.dirname(QUESTIONS), 'conversations.public.jsonl');

export interface LoadOptions {
  users: number;
  durationS: number;
  drainS: number;
  thinkS: number;
  slackShare: number;
  workers: number;
  scale: number;
  seed: number;
}

const OPTIONS: Record<keyof LoadOptions, { flag: string; env: string; def: number; min: number; max: number }> = {
  users: { flag: 'users', env: 'BENCH_LOAD_USERS', def: 10_000, min: 1, max: 100_000 },
  durationS: { flag: 'duration-s', env: 'BENCH_LOAD_DURATION_S', def: 600, min: 1, max: 86_400 },
  drainS: { flag: 'drain-s', env: 'BENCH_LOAD_DRAIN_S', def: 120, min: 0, max: 3600 },
  thinkS: { flag: 'think-s', env: 'BENCH_LOAD_THINK_S', def: 1800, min: 0.1, max: 86_400 },
  slackShare: { flag: 'slack-share', env: 'BENCH_LOAD_SLACK_SHARE', def: 0.5, min: 0, max: 1 },
  workers: { flag: 'workers', env: 'BENCH_LOAD_WORKERS', def: 0, min: 0, max: 16 },
  scale: { flag: 'scale', env: 'BENCH_LOAD_SCALE', def: 1, min: 0.01, max: 10 },
  seed: { flag: 'seed', env: 'BENCH_LOAD_SEED', def: 1, min: 0, max: 2 ** 31 },
};

/** Flags (argv) over BENCH_LOAD_* over defaults; a bad value is a one-line error naming it. */
export function loadOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadOptions {
  const { values } = parseArgs({ args: argv, strict: false, allowPositionals: true, options: Object.fromEntries(Object.values(OPTIONS).map((o) => [o.flag, { type: 'string' as const }])) });
  const out = {} as LoadOptions;
  for (const [key, o] of Object.entries(OPTIONS) as Array<[keyof LoadOptions, (typeof OPTIONS)[keyof LoadOptions]]>) {
    const raw = values[o.flag] ?? env[o.env];
    const n = raw === undefined ? o.def : Number(raw);
    if (typeof raw === 'boolean' || !Number.isFinite(n) || n < o.min || n > o.max) throw new Error(`bench load: --${o.flag} (${o.env}) must be a number from ${o.min} to ${o.max}, got ${JSON.stringify(raw)}`);
    out[key] = key === 'users' || key === 'workers' ? Math.round(n) : n;
  }
  return out;
}

function readJsonl<T>(file: string): T[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`bench load: cannot read ${file} (BENCH_LOAD_QUESTIONS / BENCH_LOAD_CONVERSATIONS point elsewhere)`);
  }
  return text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

interface RssSample {
  atS: number;
  appKb: number;
  /** The app's processes with their children (the chDB engine host, workers). */
  treeKb: number;
}

interface Generator {
  ready: FakesReady;
  run(plan: LoadPlan, onProgress: (p: { sent: number; answered: number; waiting: number }) => void): Promise<LoadResult>;
  stop(): void;
}

async function startGenerator(): Promise<Generator> {
  const proc = fork(path.join(import.meta.dirname, 'load', 'generator.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<FakesReady>((resolve, reject) => {
    proc.once('message', (m) => resolve(m as FakesReady));
    proc.once('exit', (code) => reject(new Error(`the load generator exited before it was ready (code ${code})`)));
  });
  return {
    ready,
    run: (plan, onProgress) =>
      new Promise((resolve, reject) => {
        proc.on('message', (m: any) => {
          if (m?.t === 'progress') onProgress(m);
          else if (m?.t === 'result') resolve(m.result as LoadResult);
          else if (m?.t === 'failed') reject(new Error(`load generator: ${m.error}`));
        });
        proc.once('exit', (code) => reject(new Error(`the load generator exited (code ${code})`)));
        proc.send({ t: 'start', plan });
      }),
    stop: () => {
      if (proc.exitCode === null) proc.kill('SIGTERM');
    },
  };
}

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The figures of one run (also the `load-summary` JSON). */
export function summarise(o: LoadOptions, r: LoadResult, rss: RssSample[], setup: string) {
  const answeredInWindow = r.answeredAt.filter((t) => t <= r.startedAt + o.durationS * 1000).length;
  const allAnswer = ACTION_KINDS.flatMap((k) => r.answerMs[k]);
  const q = (xs: number[], p: number) => (xs.length ? Math.round(percentile(xs, p)) : null);
  const quarter = Math.max(1, Math.floor(rss.length / 4));
  const mean = (xs: RssSample[]) => (xs.length ? sum(xs.map((s) => s.treeKb)) / xs.length : 0);
  const firstQ = mean(rss.slice(0, quarter));
  const lastQ = mean(rss.slice(-quarter));
  const appP99 = q(r.appAckMs, 99);
  const floorP99 = q(r.floorAckMs, 99);
  return {
    setup,
    users: o.users,
    durationS: o.durationS,
    drainS: o.drainS,
    thinkS: o.thinkS,
    sent: sum(ACTION_KINDS.map((k) => r.sent[k])),
    answered: sum(ACTION_KINDS.map((k) => r.answered[k])),
    lost: sum(ACTION_KINDS.map((k) => r.lost[k])),
    duplicates: r.duplicates,
    lateAfterDrain: r.late,
    answersPerSec: Math.round((answeredInWindow / o.durationS) * 100) / 100,
    ack: { requests: r.appAckMs.length, appP50Ms: q(r.appAckMs, 50), appP99Ms: appP99, floorP50Ms: q(r.floorAckMs, 50), floorP99Ms: floorP99, ratioP99: appP99 !== null && floorP99 ? Math.round((appP99 / floorP99) * 100) / 100 : null },
    answerMs: { p50: q(allAnswer, 50), p95: q(allAnswer, 95), byKind: Object.fromEntries(ACTION_KINDS.map((k) => [k, { n: r.answerMs[k].length, p50: q(r.answerMs[k], 50), p95: q(r.answerMs[k], 95) }])) },
    byKind: Object.fromEntries(ACTION_KINDS.map((k) => [k, { sent: r.sent[k], answered: r.answered[k], lost: r.lost[k] }])),
    perPlatform: r.perPlatform,
    errors: r.errors,
    rss: { everyS: RSS_EVERY_MS / 1000, treeMiB: rss.map((s) => Math.round(s.treeKb / 1024)), appMiB: rss.map((s) => Math.round(s.appKb / 1024)), firstQuarterMiB: Math.round(firstQ / 1024), lastQuarterMiB: Math.round(lastQ / 1024), growthPct: firstQ ? Math.round(((lastQ - firstQ) / firstQ) * 1000) / 10 : null },
  };
}

function print(s: ReturnType<typeof summarise>, r: LoadResult): void {
  console.log(`\n${s.setup}`);
  console.log(`users ${s.users} (${r.perPlatform.slack.sent ? 'Slack' : ''}${r.perPlatform.slack.sent && r.perPlatform.telegram.sent ? ' + ' : ''}${r.perPlatform.telegram.sent ? 'Telegram' : ''}), ${s.durationS} s of load + up to ${s.drainS} s drain, mean think time ${s.thinkS} s between sessions (offered ≈ ${(s.users / s.thinkS).toFixed(1)} sessions/s)`);
  console.log(`actions: ${s.sent} sent, ${s.answered} answered, ${s.lost} lost (never answered by the end of the drain; ${s.lateAfterDrain} of them answered in the second after it), ${s.duplicates} duplicates`);
  for (const k of ACTION_KINDS) {
    const b = s.byKind[k];
    const a = s.answerMs.byKind[k];
    console.log(`  ${k.padEnd(11)} sent ${String(b.sent).padStart(6)}  answered ${String(b.answered).padStart(6)}  lost ${String(b.lost).padStart(5)}  answer p50 ${a.p50 === null ? '-' : fmtMs(a.p50)}  p95 ${a.p95 === null ? '-' : fmtMs(a.p95)}`);
  }
  for (const p of ['slack', 'telegram'] as const) console.log(`  ${p.padEnd(11)} sent ${String(r.perPlatform[p].sent).padStart(6)}  answered ${String(r.perPlatform[p].answered).padStart(6)}  lost ${String(r.perPlatform[p].lost).padStart(5)}`);
  console.log(`answers/s: ${s.answersPerSec} (answered within the ${s.durationS} s load window / ${s.durationS} s)`);
  console.log(`answer latency (all actions): p50 ${s.answerMs.p50 === null ? '-' : fmtMs(s.answerMs.p50)}, p95 ${s.answerMs.p95 === null ? '-' : fmtMs(s.answerMs.p95)}`);
  const ack = s.ack;
  console.log(
    `Slack ack (${ack.requests} requests, each also sent to the bare node:http floor at the same moment): app p50 ${ack.appP50Ms ?? '-'} ms p99 ${ack.appP99Ms ?? '-'} ms; floor p50 ${ack.floorP50Ms ?? '-'} ms p99 ${ack.floorP99Ms ?? '-'} ms; ratio p99 ${ack.ratioP99 ?? '-'}× (target ≤ ${TARGET_ACK_RATIO}×; Slack's limit 3000 ms)`,
  );
  const errs = Object.entries(s.errors).sort((a, b) => b[1] - a[1]);
  console.log(`errors: ${errs.length ? '' : 'none'}`);
  for (const [k, n] of errs) console.log(`  ${String(n).padStart(6)}× ${k}`);
  console.log(`RSS of the app (process tree, every ${s.rss.everyS} s, MiB): ${s.rss.treeMiB.join(' ')}`);
  console.log(`RSS growth, mean of the last quarter of samples vs the first: ${s.rss.firstQuarterMiB} → ${s.rss.lastQuarterMiB} MiB (${s.rss.growthPct === null ? '-' : `${s.rss.growthPct > 0 ? '+' : ''}${s.rss.growthPct} %`})`);
  if (r.samples.length) console.log(`examples:\n${r.samples.map((x) => `  ${x}`).join('\n')}`);
  console.log(`load-summary ${JSON.stringify(s)}`);
}

export async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const o = loadOptions(argv);
  const questions = readJsonl<{ question: string }>(QUESTIONS).map((x) => x.question);
  const conversations = readJsonl<{ turns: { question: string }[] }>(CONVERSATIONS).map((c) => c.turns.map((t) => t.question));
  const slackUsers = Math.round(o.users * o.slackShare);
  const telegramChats = Array.from({ length: o.users - slackUsers }, (_, i) => String(TELEGRAM_CHAT_BASE + slackUsers + i));
  const cleanups: Array<() => Promise<void> | void> = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  try {
    console.log(`${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}; seeding the demo data (scale ${o.scale}) and a workspace bound to the Slack team and ${telegramChats.length} Telegram chats`);
    await runDatalabs(['seed', '--scale', String(o.scale), '--end-date', NOW.slice(0, 10)], { DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    const env: Record<string, string> = { DATALABS_DATA_DIR: dataDir, DATALABS_NOW: NOW, LOG_LEVEL: 'warn' };
    let setup = `embedded defaults: datalabs serve alone (PGlite, in-process queue, embedded chDB)`;
    if (o.workers > 0) {
      const db = await createTempDatabase('load');
      const redis = await benchRedis();
      if (!db || !redis) throw new Error('bench load: --workers needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (BENCH_PG_URL, BENCH_REDIS_URL)');
      cleanups.push(() => db.drop(), () => redis.clean());
      const chdb = await startChdbHttp({ dataDir: path.join(dataDir, 'clickhouse') });
      cleanups.push(() => chdb.stop());
      Object.assign(env, { DATABASE_URL: db.url, REDIS_URL: redis.url, CLICKHOUSE_URL: chdb.url });
      setup = `serve --no-answer + ${o.workers} datalabs worker(s): PostgreSQL, Redis (BullMQ), loopback ClickHouse HTTP endpoint over chDB (stand-in server)`;
    }
    const started = performance.now();
    await createLoadWorkspace({ ...env, LOG_LEVEL: 'silent' }, { slackTeamId: TEAM_ID, telegramChats });
    console.log(`workspace bound in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const gen = await startGenerator();
    cleanups.push(() => gen.stop());
    const floor = await startFloor();
    cleanups.push(() => floor.child.stop());
    Object.assign(env, {
      SLACK_BOT_TOKEN: gen.ready.slackBotToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: gen.ready.slackApiUrl,
      TELEGRAM_BOT_TOKEN: gen.ready.telegramToken,
      TELEGRAM_API_ROOT: gen.ready.telegramUrl,
    });
    const apps: Child[] = [];
    const serve = await startDatalabs('datalabs serve', ['serve', '--port', '0', ...(o.workers ? ['--no-answer'] : [])], env, /http on :(\d+)/, { timeoutMs: 120_000 });
    apps.push(serve.child);
    cleanups.push(() => serve.child.stop(20_000));
    for (let i = 0; i < o.workers; i++) {
      const w = await startDatalabs(`datalabs worker ${i + 1}`, ['worker'], env, /datalabs worker: answering/, { timeoutMs: 120_000 });
      apps.push(w.child);
      cleanups.push(() => w.child.stop(20_000));
    }

    const rss: RssSample[] = [];
    const t0 = performance.now();
    const sampleRss = () => {
      const pids = apps.map((a) => a.proc.pid!).filter(Boolean);
      rss.push({ atS: (performance.now() - t0) / 1000, appKb: sum(pids.map(rssKb)), treeKb: sum(pids.flatMap((p) => [p, ...descendants(p)]).map(rssKb)) });
    };
    sampleRss();
    const loadEndsAt = t0 + o.durationS * 1000;
    const sampler = setInterval(() => {
      // Samples of the load window only: the drain is quieter and would flatter the growth figure.
      if (performance.now() <= loadEndsAt + 1000) sampleRss();
    }, RSS_EVERY_MS);
    cleanups.push(() => clearInterval(sampler));
    console.log(`app ready (${setup}); ${o.users} users for ${o.durationS} s`);
    const result = await gen.run(
      {
        users: o.users,
        slackShare: o.slackShare,
        durationS: o.durationS,
        drainS: o.drainS,
        thinkS: o.thinkS,
        stepThinkS: [3, 15],
        showSqlP: 0.3,
        exportCsvP: 0.15,
        appUrl: `http://127.0.0.1:${serve.match}/slack/events`,
        floorUrl: floor.url,
        slackSigningSecret: SIGNING_SECRET,
        slackTeamId: TEAM_ID,
        telegramChatBase: TELEGRAM_CHAT_BASE,
        questions,
        conversations,
        seed: o.seed,
      },
      (p) => {
        const last = rss[rss.length - 1];
        console.log(`  ${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s: ${p.sent} sent, ${p.answered} answered, ${p.waiting} waiting; app RSS ${last ? mib(last.treeKb) : '-'}`);
      },
    );
    for (const a of apps) if (a.proc.exitCode !== null) result.errors[`${a.name} exited (code ${a.proc.exitCode}) during the run: ${a.tail().split('\n').pop()}`] = 1;
    print(summarise(o, result, rss, setup), result);
  } finally {
    for (const undo of cleanups.reverse()) await Promise.resolve(undo()).catch((err: unknown) => console.log(`  cleanup: ${String((err as Error)?.message ?? err)}`));
  }
}
