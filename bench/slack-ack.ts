/**
 * Slack ack latency with the app answering, as a ratio to a bare node:http
 * floor measured in the same run, and the answer rate (issue 15, point 4).
 *
 * Every part runs in a process of its own: the app (`node bin/datalabs.js
 * serve`, Slack HTTP mode, embedded chDB seeded with the demo data at scale
 * 0.01 in a temp DATALABS_DATA_DIR, DATALABS_NOW fixed), the floor (a bare
 * node:http server answering 200 at once) and the load generator (plain
 * node:http with keep-alive, requests signed like Slack's). This process runs
 * the loopback fake Slack the app answers through, and counts answers per
 * trigger id there (each command has a channel of its own).
 *
 * Per setup: 500 concurrent signed requests at the floor, then 500 concurrent
 * signed `/sql` commands at the app (after the same socket warm-up), each ack
 * timed to its HTTP 200; answers/s = answers seen by the fake Slack / time from
 * the first command to the last answer.
 *
 * Setups (BENCH_SLACK_ACK_SETUPS=embedded,workers,postgres picks and orders;
 * default all the machine can run, within BENCH_SLACK_ACK_BUDGET_S): the
 * embedded defaults (PGlite, in-process queue, one process); `serve
 * --no-answer` + `datalabs worker`s (BENCH_SLACK_ACK_WORKERS, default 1) on
 * PostgreSQL, Redis and a loopback ClickHouse HTTP endpoint over chDB (a
 * stand-in for a ClickHouse server, test/support/clickhouse-http);
 * PostgreSQL with the in-process queue, one process. PostgreSQL and Redis are
 * the machine's (127.0.0.1:5432 trust auth, a temp database; 127.0.0.1:6379
 * db 13) when they run; BENCH_PG_URL / BENCH_REDIS_URL point elsewhere. BENCH_SLACK_ACK_PROFILE=1 runs serve
 * with --cpu-prof and prints where its CPU time went during the ack burst;
 * serve and workers run with the image's node flags (deploy/Dockerfile); BENCH_SLACK_ACK_NODE_ARGS replaces them for
 * serve alone. Each setup also
 * prints the CPU time serve spent on the burst (main thread, other threads)
 * next to the floor's: a figure that holds on a busy machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { runWorkspaceAdmin } from '../bot/app/cli/workspace-command.ts';
import { loadConfig } from '../bot/app/config/load-config.ts';
import { createLogger } from '../bot/infra/create-logger.ts';
import { startFakeSlack } from '../test/fakes/slack/fake-slack.ts';
import { slashCommandBody } from '../test/fakes/slack/slack-requests.ts';
import { startChdbHttp, type ChdbHttp } from '../test/support/clickhouse-http/start-chdb-http.ts';
import { fmtMs, percentile } from './run.ts';
import { trackAnswers } from './slack-ack/answers.ts';
import { runDatalabs, startDatalabs, startFloor, startLoadGenerator, type BurstResult, type Child, type LoadGenerator } from './slack-ack/children.ts';
import { cpuSample, cpuSpent, type CpuSample } from './slack-ack/cpu-time.ts';
import { summariseProfile, summariseTiming } from './slack-ack/profile.ts';
import { benchRedis, createTempDatabase, type BenchRedis, type TempDatabase } from './slack-ack/services.ts';

const CONCURRENT = Number(process.env.BENCH_SLACK_ACK_N ?? 500);
/** The node flags deploy/Dockerfile starts every datalabs process with (a large young generation from the start, no memory reducer). */
const IMAGE_NODE_ARGS = ['--max-semi-space-size=64', '--min-semi-space-size=32', '--no-memory-reducer'];
const WARM_COMMANDS = 24;
/**
 * Bursts per setup, floor and app in turns; each side's figure is the median
 * p99 of its bursts (one burst is at the mercy of the machine's other work).
 */
const BURSTS = Number(process.env.BENCH_SLACK_ACK_BURSTS ?? 3);
const TARGET_RATIO = 1.5;
const NOW = '2025-06-30T18:00:00Z';
const SCALE = '0.01';
const TEAM_ID = 'T0FAKE';
const BOT_TOKEN = 'xoxb-1-bench-bot-token';
const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
/** Setups after the first are skipped once this much of the run is spent (each takes about SETUP_ESTIMATE_S). */
const BUDGET_S = Number(process.env.BENCH_SLACK_ACK_BUDGET_S ?? 180);
const SETUP_ESTIMATE_S = 75;
const ANSWER_TIMEOUT_MS = Number(process.env.BENCH_SLACK_ACK_ANSWER_TIMEOUT_MS ?? 90_000);
const WORKERS = Number(process.env.BENCH_SLACK_ACK_WORKERS ?? 1);
const SQL = [
  "SELECT country, sum(revenue) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY revenue DESC",
  'SELECT count() AS orders FROM demo.orders',
  'SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device',
];

type SetupName = 'embedded' | 'postgres' | 'workers';

interface Setup {
  name: SetupName;
  describe: string;
  db?: TempDatabase;
  redis?: BenchRedis;
}

interface Latency {
  n: number;
  bad: number;
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
}

/** One burst of commands at the app, answered in full before the next. */
interface BurstRun {
  app: Latency;
  /** First command sent → last ack received (wall clock, ms). */
  window: { from: number; to: number };
  answered: number;
  lost: number;
  duplicated: number;
  charts: number;
  /** First command sent → last answer, seconds. */
  seconds: number;
  serveCpu?: CpuSample;
}

interface Outcome {
  setup: Setup;
  /** The median (by p99) of the floor bursts. */
  floor: Latency;
  floorRuns: Latency[];
  /** 1-minute load average when the setup started (other work on the machine skews both figures). */
  loadAvg: number;
  /** The app burst with the median p99. */
  app: Latency;
  /** Every app burst, in order. */
  runs: BurstRun[];
  /** Totals over the bursts. */
  answered: number;
  lost: number;
  duplicated: number;
  charts: number;
  /** First command sent → last answer, seconds. */
  seconds: number;
  answersPerSec: number;
  profile?: string;
  /** CPU the floor server spent on one burst (median), and serve on the burst (main thread / other threads): the app's cost per burst, whatever the machine's load. */
  floorCpuMs?: number;
  serveCpu?: CpuSample;
}

const wallNow = () => performance.timeOrigin + performance.now();

function latency(results: BurstResult[]): Latency {
  const ms = results.map((r) => r.ms);
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { n: ms.length, bad: results.filter((r) => r.status !== 200).length, statuses, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) };
}

function line(l: Latency): string {
  const bad = Object.entries(l.statuses).filter(([s]) => s !== '200');
  return `p50 ${fmtMs(l.p50)}  p99 ${fmtMs(l.p99)}  max ${fmtMs(l.max)}${l.bad ? `  (${l.bad} of ${l.n} not HTTP 200: ${bad.map(([s, n]) => `${n}× ${s === '0' ? 'connection error' : `HTTP ${s}`}`).join(', ')})` : ''}`;
}

/** 500 Slack health checks (acknowledged before any work): opens the keep-alive sockets and warms the HTTP path. */
function warmSockets(gen: LoadGenerator, url: string): Promise<BurstResult[]> {
  return gen.burst(url, Array.from({ length: CONCURRENT }, () => 'ssl_check=1&token=bench'));
}

/** A workspace bound to the fake team (the CLI's `workspace create` + `bind`, in this process): commands are answered, not refused. */
async function createWorkspace(env: Record<string, string>): Promise<void> {
  const config = loadConfig(env, { readDotenv: false });
  const ctx = { config, logger: createLogger('silent') };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  for (const args of [['create', 'bench', '--admin', 'slack:U0ALICE'], ['bind', 'bench', 'slack', TEAM_ID]]) {
    if ((await runWorkspaceAdmin(ctx, args, sink)) !== 0) throw new Error(`datalabs workspace ${args.join(' ')} failed`);
  }
}

function commands(tag: string, n: number): { channels: string[]; bodies: string[] } {
  const channels = Array.from({ length: n }, (_, i) => `C${tag}${String(i).padStart(4, '0')}`);
  const bodies = channels.map((channelId, i) => slashCommandBody({ command: '/sql', text: SQL[i % SQL.length], channelId, teamId: TEAM_ID, triggerId: `${process.pid}.${tag}.${i}` }));
  return { channels, bodies };
}

async function measure(setup: Setup, template: string, gen: LoadGenerator): Promise<Outcome> {
  const stack: Array<() => Promise<void>> = [];
  const loadAvg = os.loadavg()[0];
  const profileDir = process.env.BENCH_SLACK_ACK_PROFILE ? fs.mkdtempSync(path.join(os.tmpdir(), 'slack-ack-prof-')) : undefined;
  try {
    // The floor runs beside the app for the whole setup: same generator, same warm-up, same burst, taken in turns.
    const floor = await startFloor();
    stack.push(() => floor.child.stop());

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `slack-ack-${setup.name}-`));
    stack.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    // The seeded chDB data and the PGlite store (with the workspace) of the template.
    fs.cpSync(template, dataDir, { recursive: true });

    const fake = await startFakeSlack({ botToken: BOT_TOKEN, teamId: TEAM_ID });
    stack.push(() => fake.close());
    const tracker = trackAnswers(fake);

    const env: Record<string, string> = {
      DATALABS_DATA_DIR: dataDir,
      DATALABS_NOW: NOW,
      LOG_LEVEL: 'warn',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    };
    if (setup.db) {
      env.DATABASE_URL = setup.db.url;
      await createWorkspace(env);
    }
    if (setup.redis) env.REDIS_URL = setup.redis.url;
    let chdb: ChdbHttp | undefined;
    if (setup.name === 'workers') {
      chdb = await startChdbHttp({ dataDir: path.join(dataDir, 'clickhouse') });
      stack.push(() => chdb!.stop());
      env.CLICKHOUSE_URL = chdb.url;
    }

    // serve runs with the node flags of the image (deploy/Dockerfile's ENTRYPOINT); BENCH_SLACK_ACK_NODE_ARGS replaces
    // them for serve alone ('' for none: an A/B of a flag without touching the generator or the floor).
    const extraArgs = (process.env.BENCH_SLACK_ACK_NODE_ARGS ?? IMAGE_NODE_ARGS.join(' ')).split(/\s+/).filter(Boolean);
    const nodeArgs = [...extraArgs, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir, '--import', path.join(import.meta.dirname, 'slack-ack', 'ack-timing.mjs')] : [])];
    const timingFile = profileDir ? path.join(profileDir, 'ack-timing.json') : undefined;
    if (timingFile) env.BENCH_ACK_TIMING_FILE = timingFile;
    const serve = await startDatalabs(`datalabs serve (${setup.name})`, ['serve', '--port', '0', ...(setup.name === 'workers' ? ['--no-answer'] : [])], env, /http on :(\d+)/, { nodeArgs });
    stack.push(() => serve.child.stop());
    const workers: Child[] = [];
    if (setup.name === 'workers') {
      for (let i = 0; i < WORKERS; i++) {
        const w = await startDatalabs(`datalabs worker ${i + 1}`, ['worker'], env, /datalabs worker: answering/, { nodeArgs: IMAGE_NODE_ARGS });
        workers.push(w.child);
        stack.push(() => w.child.stop());
      }
    }
    const url = `http://127.0.0.1:${serve.match}/slack/events`;

    // Warm the answer path (queue, store, chDB, chart workers).
    const warm = commands('W', WARM_COMMANDS);
    const warmAcks = await gen.burst(url, warm.bodies, { secret: SIGNING_SECRET });
    if (warmAcks.some((r) => r.status !== 200)) throw new Error(`warm-up commands not acknowledged: ${JSON.stringify(warmAcks.find((r) => r.status !== 200))}; ${serve.child.tail()}`);
    if (!(await tracker.waitAll(warm.channels, Date.now() + 60_000))) throw new Error(`warm-up commands not answered within 60 s; ${serve.child.tail()}`);
    // Then one full burst, not measured: a server that has been up a while has its ack path compiled (V8's
    // optimising compiler, PGlite's WebAssembly tier-up run on background threads of serve the first time).
    const warmBurst = commands('X', CONCURRENT);
    await warmSockets(gen, url);
    await gen.burst(url, warmBurst.bodies, { secret: SIGNING_SECRET });
    if (!(await tracker.waitAll(warmBurst.channels, Date.now() + ANSWER_TIMEOUT_MS))) throw new Error(`the warm-up burst was not answered within ${ANSWER_TIMEOUT_MS} ms; ${serve.child.tail()}`);

    // Bursts in turns — floor, then app — so a change in the machine's load hits both alike. Each app burst
    // is answered in full before the next pair.
    const floorRuns: Latency[] = [];
    const floorCpu: number[] = [];
    const runs: BurstRun[] = [];
    for (let k = 0; k < BURSTS; k++) {
      await warmSockets(gen, floor.url);
      const floorBefore = cpuSample(floor.child.proc.pid);
      floorRuns.push(latency(await gen.burst(floor.url, commands(`F${k}`, CONCURRENT).bodies, { secret: SIGNING_SECRET })));
      const floorSpent = cpuSpent(floorBefore, cpuSample(floor.child.proc.pid));
      if (floorSpent) floorCpu.push(floorSpent.mainMs + floorSpent.otherThreadsMs);

      await warmSockets(gen, url);
      const burst = commands(`B${k}`, CONCURRENT);
      const cpuBefore = cpuSample(serve.child.proc.pid);
      const acks = await gen.burst(url, burst.bodies, { secret: SIGNING_SECRET });
      // Read as the last ack arrives: answering starts only once messages stop coming (ingressQuietMs).
      const serveCpu = cpuSpent(cpuBefore, cpuSample(serve.child.proc.pid));
      const firstSent = Math.min(...acks.map((r) => r.sentAt));
      const ackDone = Math.max(...acks.map((r) => r.sentAt + r.ms));
      await tracker.waitAll(burst.channels, Date.now() + ANSWER_TIMEOUT_MS);
      const counts = burst.channels.map((ch) => tracker.answers(ch).length);
      const answered = counts.filter((c) => c >= 1).length;
      const lastAnswer = Math.max(...burst.channels.flatMap((ch) => tracker.answers(ch).map((a) => a.at)), firstSent);
      const seconds = ((answered === CONCURRENT ? lastAnswer : wallNow()) - firstSent) / 1000;
      const burstSet = new Set(burst.channels);
      runs.push({
        app: latency(acks),
        window: { from: firstSent, to: ackDone },
        answered,
        lost: counts.filter((c) => c === 0).length,
        duplicated: counts.filter((c) => c > 1).length,
        charts: tracker.calls.filter((c) => c.method === 'files.completeUploadExternal' && c.result === 'ok' && burstSet.has(c.channel)).length,
        seconds,
        serveCpu,
      });
      if (process.env.BENCH_SLACK_ACK_DEBUG) {
        for (const ch of burst.channels.slice(0, 3)) console.log(`  debug ${ch}: ${JSON.stringify(tracker.answers(ch).map((a) => a.text.slice(0, 300)))}`);
        const methods = new Map<string, number>();
        for (const c of tracker.calls) methods.set(`${c.method} ${c.result}`, (methods.get(`${c.method} ${c.result}`) ?? 0) + 1);
        console.log(`  debug calls: ${JSON.stringify([...methods])}`);
      }
      if (answered < CONCURRENT) break; // the app gave up: no further burst on top of it
    }

    // Stop the app (a CPU profile is written on a clean exit), then read the profile for the last burst's ack window.
    for (const w of workers) await w.stop();
    await serve.child.stop(20_000);
    const last = runs[runs.length - 1];
    let profile: string | undefined;
    if (profileDir) profile = `${summariseTiming(timingFile!, last.window)}\n${summariseProfile(profileDir, last.window)}`;

    const median = <T>(xs: T[], by: (x: T) => number): T => [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)];
    const typical = median(runs, (r) => r.app.p99);
    const answered = runs.reduce((n, r) => n + r.answered, 0);
    const seconds = runs.reduce((n, r) => n + r.seconds, 0);
    return {
      setup,
      floor: median(floorRuns, (l) => l.p99),
      floorRuns,
      loadAvg,
      app: typical.app,
      runs,
      answered,
      lost: runs.reduce((n, r) => n + r.lost, 0),
      duplicated: runs.reduce((n, r) => n + r.duplicated, 0),
      charts: runs.reduce((n, r) => n + r.charts, 0),
      seconds,
      answersPerSec: answered / seconds,
      profile,
      floorCpuMs: floorCpu.length ? median(floorCpu, (x) => x) : undefined,
      serveCpu: typical.serveCpu,
    };
  } finally {
    for (const undo of stack.reverse()) await undo().catch((err: unknown) => console.log(`  cleanup: ${String((err as Error)?.message ?? err)}`));
  }
}

function printOutcome(o: Outcome): void {
  const ratio = o.app.p99 / o.floor.p99;
  const sent = o.runs.length * CONCURRENT;
  console.log(`\n[${o.setup.name}] ${o.setup.describe}`);
  console.log(`  load average ${o.loadAvg.toFixed(1)} at the start (${os.cpus().length} CPUs)`);
  console.log(`  floor: bare node:http 200 (own process), ${CONCURRENT} concurrent    ${line(o.floor)}  (median of ${o.floorRuns.length} bursts' p99: ${o.floorRuns.map((l) => fmtMs(l.p99)).join(', ')})`);
  console.log(`  app:   serve acks, ${CONCURRENT} concurrent /sql, app answering  ${line(o.app)}  (median of ${o.runs.length} bursts' p99: ${o.runs.map((r) => fmtMs(r.app.p99)).join(', ')})`);
  if (o.app.statuses['404']) console.log(`  note: the HTTP 404s are bolt's unhandled-request timeout (unhandledRequestTimeoutMillis 2500 in adapters/slack) answering before the ack; those commands were recorded and queued all the same, so Slack shows the user an error and then the answer arrives`);
  console.log(`  ratio: app p99 / floor p99 (medians) = ${ratio.toFixed(2)}×; burst by burst ${o.runs.map((r, k) => `${(r.app.p99 / o.floorRuns[k].p99).toFixed(2)}×`).join(', ')}  (target ≤ ${TARGET_RATIO}×: ${ratio <= TARGET_RATIO ? 'met' : 'MISSED'}; Slack's limit 3000 ms)`);
  console.log(
    `  answers: ${o.answered}/${sent} answered (${o.lost} lost, ${o.duplicated} answered more than once; ${o.charts} charts), ` +
      `${o.answered === sent ? 'all answered' : 'gave up'}, each burst in ${o.runs.map((r) => `${r.seconds.toFixed(1)} s`).join(', ')} from its first command = ${o.answersPerSec.toFixed(1)} answers/s`,
  );
  if (o.serveCpu && o.floorCpuMs !== undefined) {
    const total = o.serveCpu.mainMs + o.serveCpu.otherThreadsMs;
    const each = o.runs.map((r) => (r.serveCpu ? `${(r.serveCpu.mainMs + r.serveCpu.otherThreadsMs).toFixed(0)} (${r.serveCpu.mainMs.toFixed(0)} + ${r.serveCpu.otherThreadsMs.toFixed(0)})` : '?')).join(', ');
    console.log(
      `  CPU per ${CONCURRENT}-command burst (schedstat, whatever the machine's load): floor ${o.floorCpuMs.toFixed(0)} ms; ` +
        `serve ${total.toFixed(0)} ms = main thread ${o.serveCpu.mainMs.toFixed(0)} ms + other threads ${o.serveCpu.otherThreadsMs.toFixed(0)} ms (${(total / Math.max(1, o.floorCpuMs)).toFixed(2)}× the floor); burst by burst ${each} ms`,
    );
    const names = Object.entries(o.serveCpu.byName).sort((a, b) => b[1] - a[1]).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ');
    if (names) console.log(`  serve's other threads in that burst, by name: ${names}`);
  }
  if (o.profile) console.log(o.profile);
}

export async function run(): Promise<void> {
  const started = performance.now();
  const wanted = (process.env.BENCH_SLACK_ACK_SETUPS ?? 'embedded,workers,postgres').split(',').map((s) => s.trim()) as SetupName[];
  const concurrency = process.env.DATALABS_ANSWER_CONCURRENCY ?? '8';
  const setups: Setup[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const notes: string[] = [];
  const template = fs.mkdtempSync(path.join(os.tmpdir(), 'slack-ack-seed-'));
  cleanups.push(async () => fs.rmSync(template, { recursive: true, force: true }));
  let gen: LoadGenerator | undefined;
  try {
    if (wanted.includes('embedded')) setups.push({ name: 'embedded', describe: `embedded defaults: PGlite store, in-process queue, embedded chDB; 1 process (serve receives and answers, ${concurrency} at a time)` });
    const needsPg = wanted.filter((n) => n === 'postgres' || n === 'workers');
    const redis = wanted.includes('workers') ? await benchRedis() : undefined;
    if (redis) cleanups.push(() => redis.clean());
    for (const name of needsPg) {
      const db = await createTempDatabase(name);
      if (!db) {
        notes.push(`${name}: skipped, no PostgreSQL on 127.0.0.1:5432 (BENCH_PG_URL)`);
        continue;
      }
      cleanups.push(() => db.drop());
      if (name === 'postgres') setups.push({ name, db, describe: `PostgreSQL store (machine's server, temp database), in-process queue, embedded chDB; 1 process (serve receives and answers, ${concurrency} at a time)` });
      else if (!redis) notes.push('workers: skipped, no Redis on 127.0.0.1:6379 (BENCH_REDIS_URL)');
      else
        setups.push({
          name,
          db,
          redis,
          describe: `PostgreSQL store, Redis queue (BullMQ, db ${new URL(redis.url).pathname.slice(1) || '0'}), loopback ClickHouse HTTP endpoint over chDB (stand-in server); serve --no-answer + ${WORKERS} datalabs worker (${concurrency} at a time each)`,
        });
    }
    console.log(`${os.cpus().length} CPUs; app in its own process (node bin/datalabs.js serve), load generator and floor in processes of their own, fake Slack in the bench process`);
    for (const n of notes) console.log(`  ${n}`);

    await runDatalabs(['seed', '--scale', SCALE, '--end-date', NOW.slice(0, 10)], { DATALABS_DATA_DIR: template, LOG_LEVEL: 'warn' });
    await createWorkspace({ DATALABS_DATA_DIR: template, LOG_LEVEL: 'silent' });
    gen = await startLoadGenerator();
    const outcomes: Outcome[] = [];
    for (const setup of setups) {
      const elapsed = (performance.now() - started) / 1000;
      if (outcomes.length && elapsed > BUDGET_S - SETUP_ESTIMATE_S) {
        console.log(`\n[${setup.name}] skipped: ${elapsed.toFixed(0)} s spent of the ${BUDGET_S} s budget (BENCH_SLACK_ACK_BUDGET_S); run it alone with BENCH_SLACK_ACK_SETUPS=${setup.name}`);
        continue;
      }
      const o = await measure(setup, template, gen);
      printOutcome(o);
      outcomes.push(o);
    }
    console.log(`\nsummary (${CONCURRENT} concurrent signed /sql commands; ratio = app ack p99 / bare node:http p99 in the same run, target ≤ ${TARGET_RATIO}×):`);
    for (const o of outcomes) {
      console.log(
        `  ${o.setup.name.padEnd(9)} floor p99 ${fmtMs(o.floor.p99).padStart(9)}  app p99 ${fmtMs(o.app.p99).padStart(10)}  ratio ${(o.app.p99 / o.floor.p99).toFixed(2).padStart(6)}×  ` +
          `${o.answersPerSec.toFixed(1).padStart(5)} answers/s  (${o.answered}/${o.runs.length * CONCURRENT} in ${o.seconds.toFixed(1)} s, ${o.lost} lost, ${o.duplicated} dup)`,
      );
    }
  } finally {
    await gen?.stop();
    for (const undo of cleanups.reverse()) await undo().catch((err: unknown) => console.log(`  cleanup: ${String((err as Error)?.message ?? err)}`));
  }
}
