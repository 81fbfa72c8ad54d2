/**
 * Alert delivery through faults, with real `datalabs worker` processes:
 * five rules fire (BullMQ job schedulers on a private Redis, the ClickHouse
 * HTTP stand-in over chDB, a fresh PostgreSQL database for rules, lifecycle
 * state and the outbox). The first worker is SIGKILLed while a rule's tick is
 * being evaluated (its BullMQ job active); two workers take over; Redis is
 * killed and restarted (append-only file kept) while notices are under way;
 * Slack answers 429 and 500 and the SMTP server 421 for a while. Counted on
 * the fake Slack and a local SMTP receiver: every rule's notice arrives once —
 * 0 lost, 0 duplicated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { freePort, onPath } from '../support/services/common.ts';
import type { ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';
import { startSeededClickhouse } from '../scale/cluster.ts';
import { allStderr, killAll, runDatalabs, startDatalabs, type DatalabsProcess } from '../scale/processes.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';

const BOT_TOKEN = 'xoxb-1-faults-bot-token';
const CHANNEL = 'C0FAULTS';
const RULES = 5;
const MIN = 60_000;
const PRODUCT_VARS = /^(DATALABS_|CLICKHOUSE_|DATABASE_|REDIS_URL$|SLACK_|TELEGRAM_|DISCORD_|ANTHROPIC_|QUERY_|HISTORY_|PORT$|LOG_LEVEL$|SMTP_|ALERT_)/;

/** A redis-server we can kill and start again on the same port and directory (append-only file, fsync always). */
function redisAt(port: number, dir: string): { start(): Promise<void>; kill9(): Promise<void> } {
  const bin = onPath('redis-server') ?? '/usr/bin/redis-server';
  let child: ChildProcess | undefined;
  return {
    async start() {
      child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--loglevel', 'warning'], { stdio: 'ignore' });
      const c = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => undefined);
      for (let i = 0; i < 200; i++) {
        try {
          await c.connect();
          await c.ping();
          c.disconnect();
          return;
        } catch {
          c.disconnect();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw new Error('redis-server did not start');
    },
    async kill9() {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGKILL');
      await exited;
    },
  };
}

let clickhouse: ChdbHttp;
let database: TestDatabase;
let redis: ReturnType<typeof redisAt>;
let redisUrl = '';
let redisDir = '';
let slack: FakeSlack;
let smtp: SMTPServer;
let ch: ClickHouseClient;
let sql: pg.Client;
const mails: string[] = [];
const smtpFailures: number[] = [];
const dirs: string[] = [];

function env(): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!PRODUCT_VARS.test(k) || k.startsWith('DATALABS_TEST_')) out[k] = v;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-faults-'));
  dirs.push(dataDir);
  return {
    ...out,
    DATALABS_DATA_DIR: dataDir,
    CLICKHOUSE_URL: clickhouse.url,
    DATABASE_URL: database.databaseUrl!,
    REDIS_URL: redisUrl,
    DATALABS_ALLOWED_DATABASES: 'demo',
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: 'faults-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}/?ignoreTLS=true`,
    ALERT_EMAIL_FROM: 'alerts@datalabs.test',
    ALERT_EMAIL_TO: 'oncall@example.test',
  };
}

/** `count` refunds in each minute from `fromMin` to `toMin` (minutes relative to now), for rule `i`'s quantity. */
async function refunds(fromMin: number, toMin: number, count: number): Promise<void> {
  const rows: string[] = [];
  let id = 950_000_000;
  const base = Math.floor(Date.now() / MIN) * MIN;
  for (let m = fromMin; m <= toMin; m++) {
    const at = new Date(base + m * MIN + 5_000).toISOString().slice(0, 19).replace('T', ' ');
    for (let i = 1; i <= RULES; i++) for (let k = 0; k < count; k++) rows.push(`(${id++}, '${at}', 1, 1, 'books', 'US', 'organic', 'mobile', ${770 + i}, 10, 'refunded')`);
  }
  await ch.command({ query: `INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES ${rows.join(', ')}` });
}

beforeAll(async () => {
  clickhouse = await startSeededClickhouse();
  ch = createClient({ url: clickhouse.url });
  database = await createTestDatabase('postgres');
  redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-faults-redis-'));
  const port = await freePort();
  redis = redisAt(port, redisDir);
  await redis.start();
  redisUrl = `redis://127.0.0.1:${port}`;
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const code = smtpFailures.shift();
        if (code) return cb(Object.assign(new Error('try again later'), { responseCode: code }));
        mails.push(Buffer.concat(chunks).toString('utf8'));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));

  const rulesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-faults-rules-'));
  dirs.push(rulesDir);
  for (let i = 1; i <= RULES; i++) {
    fs.writeFileSync(
      path.join(rulesDir, `refunds-${i}.yaml`),
      [
        `name: refunds-${i}`,
        `query: "SELECT toStartOfMinute(order_time) AS t, countIf(status = 'refunded') AS v FROM demo.orders WHERE order_time >= {from} AND order_time < {to} AND quantity = ${770 + i} GROUP BY t ORDER BY t"`,
        'condition: above 3',
        'every: 1m',
        `receivers: ["slack:T0FAKE/${CHANNEL}", email]`,
        '',
      ].join('\n'),
    );
  }
  // Migrates the fresh database and saves the rules (the real CLI path).
  await runDatalabs(['alerts', 'apply', rulesDir], env(), 120_000);
  // Refunds in the 3 minutes before now and the 15 after: every rule fires at its first ticks and stays firing.
  await refunds(-3, 15, 5);
  sql = new pg.Client({ connectionString: database.databaseUrl });
  await sql.connect();
}, 300_000);

afterAll(async () => {
  await killAll();
  await sql?.end().catch(() => undefined);
  await ch?.close();
  await redis?.kill9();
  await slack?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await database?.cleanup();
  await clickhouse?.stop();
  for (const d of [...dirs, redisDir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const notices = () => slack.messages.filter((m) => m.channel === CHANNEL && m.blocks && /FIRING|RESOLVED/.test(m.text));

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${allStderr()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe('alert workers killed, Redis restarted, platforms failing', () => {
  it('every rule notifies Slack and email exactly once: 0 lost, 0 duplicated', async () => {
    const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined); // refused while Redis is down
    const queue = new Queue('datalabs-alerts', { connection });
    queue.on('error', () => undefined);
    const workers: DatalabsProcess[] = [];
    try {
      // Slack rate-limits and fails, SMTP defers, for a while.
      slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
      slack.failNext('chat.postMessage', { status: 500 });
      slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 2 });
      smtpFailures.push(421, 451, 421);

      // 1. One worker; SIGKILL while one of its ticks is being evaluated (its BullMQ job active).
      const first = await startDatalabs('worker-1', ['worker'], env());
      workers.push(first);
      await until('a tick being evaluated by worker-1', async () => (await queue.getActiveCount()) > 0, 3 * MIN, 2);
      await first.kill9();
      const inFlight = await queue.getActiveCount();
      expect(inFlight, 'a tick was in flight when the worker died').toBeGreaterThan(0);

      // 2. Two workers take over (the dead worker's job is recovered when its lock runs out).
      workers.push(await startDatalabs('worker-2', ['worker'], env()), await startDatalabs('worker-3', ['worker'], env()));

      // 3. Redis dies and comes back (same port, append-only file) once some notices went out.
      await until('the first notice', () => notices().length >= 1, 4 * MIN, 500);
      await redis.kill9();
      await new Promise((r) => setTimeout(r, 3_000));
      await redis.start();
      // The job schedulers (one per rule) survived the restart.
      await until('the alert queue to answer again', () => queue.getJobSchedulersCount().then((n) => n === RULES, () => false), MIN, 500);

      // 4. Every rule's notice arrives, on Slack and by email.
      await until(`${RULES} notices on Slack and by email`, () => notices().length >= RULES && mails.length >= RULES, 5 * MIN, 500);
      // Leases (60 s) and repeats of a crash would show up by now: wait them out before counting.
      await until('the outbox to be drained', async () => {
        const r = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert_outbox WHERE status <> 'sent'`).catch(() => ({ rows: [{ n: '1' }] }));
        return Number(r.rows[0].n) === 0;
      }, 2 * MIN, 1_000);
      await new Promise((r) => setTimeout(r, 70_000));

      const firing = notices();
      const names = firing.map((m) => /FIRING: (refunds-\d+)/.exec(m.text)?.[1]);
      expect(names.sort()).toEqual(Array.from({ length: RULES }, (_, i) => `refunds-${i + 1}`));
      expect(firing.every((m) => !m.threadTs)).toBe(true);
      expect(slack.callsOf('chat.postMessage').filter((c) => c.result === 'ok' && c.args.channel === CHANNEL && /FIRING/.test(String(c.args.text)))).toHaveLength(RULES);
      const subjects = mails.map((raw) => /Subject: .*?(refunds-\d+)/s.exec(raw.replace(/=\r?\n/g, ''))?.[1]);
      expect(subjects.sort()).toEqual(Array.from({ length: RULES }, (_, i) => `refunds-${i + 1}`));
      // The faults did happen: Slack and SMTP were retried.
      const outbox = await sql.query<{ attempts: number; status: string }>(`SELECT attempts, status FROM alert_outbox`);
      expect(outbox.rows.length).toBe(2 * RULES);
      expect(outbox.rows.every((r) => r.status === 'sent')).toBe(true);
      expect(outbox.rows.some((r) => r.attempts > 1)).toBe(true);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }, 20 * MIN);
});
