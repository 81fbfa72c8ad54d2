/**
 * `npm run bench alerts`: N rules (ALERT_BENCH_RULES, default 60,000) on a
 * one-minute schedule against a tiny table, in one process, on the real
 * path: in-process scheduler (hash jitter over half the minute) → engine →
 * evaluateLatest through the answer pipeline (guard + embedded chDB) →
 * lifecycle (in-memory store) → a receiver that records when it was called.
 * Grouped evaluation: rules sharing a query (60 distinct metrics, thresholds
 * differing) share one pipeline call per tick (coalesceSource), and the 60
 * metrics' queries — one table, one bucket, filters differing — run as ONE
 * ClickHouse query with -If combinators per period (groupingSource).
 *
 * Prints: rules evaluated in the measured minute, p99 lateness (start −
 * nominal tick), evaluation-to-notification p99, and the queries that ran.
 *
 * ALERT_BENCH_QUESTIONS=N runs rules written as questions instead: N hourly
 * rules over the seeded demo data (60 distinct questions — figures, ratios
 * among them, × filters — with different thresholds), on a scripted clock
 * over two hours: per hour, the warehouse data queries, the questions
 * compiled, and the wall time to evaluate them all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../bot/app/config/load-config.ts';
import { createApp } from '../bot/app/create-app.ts';
import { createLogger } from '../bot/infra/create-logger.ts';
import { createAlerting } from '../bot/app/create-alerting.ts';
import type { EvaluationRecord, StoredRuleLike } from '../alerts/engine/index.ts';
import type { Notification } from '../alerts/lifecycle/index.ts';
import { percentile, fmtMs } from './run.ts';
import { seedDemo } from '../bot/infra/seed/seed-demo.ts';

const FIGURES = ['revenue', 'orders', 'refund rate', 'average order value', 'refunds', 'cancellation rate'];
const FILTERS = ['on mobile', 'on desktop', 'in the US', 'in Germany', 'from books', 'from electronics', 'in Germany on mobile', 'in the US on desktop', 'in France', 'on tablet'];

async function runQuestions(n: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-alerts-q-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { readDotenv: false });
  const T0 = Date.parse('2025-06-30T00:00:00Z');
  const app = await createApp(config, createLogger('silent'), { now: new Date(T0) });
  try {
    await seedDemo(app.warehouse.admin, { seed: 42, endDate: '2025-06-30', scale: 0.01 });
    let data = 0;
    const reader = app.warehouse.reader;
    const query = reader.query.bind(reader);
    reader.query = ((sql: string, opts?: Parameters<typeof query>[1]) => {
      data++;
      return query(sql, opts);
    }) as typeof reader.query;
    const questions = FIGURES.flatMap((f) => FILTERS.map((w) => `${f} ${w}`));
    const rules: StoredRuleLike[] = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      workspaceId: null,
      name: `q-${i + 1}`,
      state: 'active',
      spec: { name: `q-${i + 1}`, query: questions[i % questions.length], condition: `above ${1_000_000 + i}`, every: '1h', receivers: ['webhook:bench'] },
    }));
    let clock = T0;
    let errors = 0;
    let evaluated = 0;
    const alerting = await createAlerting(app, {
      adapters: [],
      env: {},
      manual: true,
      now: () => clock,
      rules: { listActive: async () => rules },
      webhooks: { bench: { url: 'http://127.0.0.1:9/unused', secret: 'x' } },
      extraReceivers: { webhook: { async send() {} } },
      concurrency: 32,
      onEvaluated: (r) => {
        if (r.outcome === 'error') errors++;
        if (r.outcome === 'ok') evaluated++;
      },
    });
    await alerting.engine.reconcile(clock);
    const lines: string[] = [];
    for (let h = 0; h < 3; h++) {
      const d0 = data;
      const e0 = evaluated;
      const q0 = alerting.queryStats();
      const started = performance.now();
      const until = T0 + h * 3_600_000 + 360_000;
      while (clock < until) {
        clock = Math.min(until, clock + 5_000);
        await alerting.runUntil(clock);
      }
      const q1 = alerting.queryStats();
      lines.push(`hour ${h}${h === 0 ? ' (the groups are learned)' : ''}: ${evaluated - e0} rules evaluated (${q1.grouped - q0.grouped} asks answered from grouped queries, ${q1.shared - q0.shared} identical asks shared), ${data - d0} warehouse data queries, ${fmtMs(performance.now() - started)} wall time`);
      clock = T0 + (h + 1) * 3_600_000 - 5_000;
    }
    await alerting.close();
    process.stdout.write([`${n} hourly question rules on demo.orders (${questions.length} distinct questions, ${errors} evaluations failed):`, ...lines, `cores: ${os.availableParallelism()}`].join('\n') + '\n');
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const questionRules = Number(process.env.ALERT_BENCH_QUESTIONS ?? 0);
  if (questionRules > 0) return runQuestions(questionRules);
  const n = Number(process.env.ALERT_BENCH_RULES ?? 60_000);
  const windowMs = Number(process.env.ALERT_BENCH_SECONDS ?? 60) * 1000;
  const metrics = Number(process.env.ALERT_BENCH_METRICS ?? 60);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-alerts-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { readDotenv: false });
  const app = await createApp(config, createLogger('silent'), {});
  try {
    await app.warehouse.admin.command('CREATE DATABASE IF NOT EXISTS demo');
    await app.warehouse.admin.command('CREATE TABLE demo.alert_tiny (ts DateTime, k UInt16, v Float64) ENGINE = MergeTree ORDER BY (k, ts)');
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    // A value per metric per minute for the last 30 minutes and the next 5.
    await app.warehouse.admin.command(`INSERT INTO demo.alert_tiny SELECT toDateTime(${start / 1000} - 1800 + intDiv(number, ${metrics}) * 60 + 5, 'UTC'), number % ${metrics}, (number % ${metrics}) * 10 FROM numbers(${metrics * 35})`);
    const rules: StoredRuleLike[] = Array.from({ length: n }, (_, i) => ({
      id: i + 1,
      workspaceId: null,
      name: `bench-${i + 1}`,
      state: 'active',
      spec: {
        name: `bench-${i + 1}`,
        query: `SELECT toStartOfMinute(ts) AS t, sum(v) AS v FROM demo.alert_tiny WHERE k = ${i % metrics} AND ts >= {from} AND ts < {to} GROUP BY t ORDER BY t`,
        // About 1 % of the rules breach (metric value k·10 above a threshold only the last ones reach).
        condition: `above ${i % 100 === 0 ? 5 : 1_000_000}`,
        every: '1m',
        receivers: ['webhook:bench'],
      },
    }));
    const evals: EvaluationRecord[] = [];
    const notified: number[] = [];
    const receiver = {
      async send(nt: Notification) {
        const t = Date.now();
        for (const a of nt.alerts) notified.push(t - a.updatedAt);
      },
    };
    const alerting = await createAlerting(app, {
      adapters: [],
      env: {},
      rules: { listActive: async () => rules },
      webhooks: { bench: { url: 'http://127.0.0.1:9/unused', secret: 'x' } },
      extraReceivers: { webhook: receiver },
      timings: { groupWaitMs: 0, groupIntervalMs: 60_000, repeatIntervalMs: 3_600_000 },
      concurrency: 32,
      onEvaluated: (r) => evals.push(r),
    });
    const t0 = Date.now();
    await alerting.start();
    process.stdout.write(`${n} rules loaded and scheduled in ${((Date.now() - t0) / 1000).toFixed(1)} s; measuring ${windowMs / 1000} s…\n`);
    const from = Math.ceil(Date.now() / 60_000) * 60_000;
    await new Promise((r) => setTimeout(r, from - Date.now()));
    const q0 = alerting.queryStats();
    await new Promise((r) => setTimeout(r, from + windowMs - Date.now()));
    const q1 = alerting.queryStats();
    await new Promise((r) => setTimeout(r, from + windowMs + 30_000 - Date.now()));
    // Ticks due in the window (one per rule per minute, at its jitter offset).
    let due = 0;
    for (const r of alerting.catalog.all()) {
      const every = r.schedule.everyMs ?? 60_000;
      for (let t = Math.ceil((from - (r.schedule.offsetMs ?? 0)) / every) * every + (r.schedule.offsetMs ?? 0); t < from + windowMs; t += every) due++;
    }
    await alerting.close();
    const inWindow = evals.filter((e) => e.tickAt >= from && e.tickAt < from + windowMs);
    const done = inWindow.filter((e) => e.outcome === 'ok' || e.outcome === 'error');
    const late = done.map((e) => e.startedAt - e.tickAt);
    const errors = inWindow.filter((e) => e.outcome === 'error').length;
    const perMinute = Math.round(done.length * (60_000 / windowMs));
    const dueText = `${done.length} of ${due} ticks due in the ${windowMs / 1000} s window evaluated`;
    process.stdout.write(
      [
        `rules evaluated per minute: ${perMinute} of ${n} (${dueText}, ${((100 * done.length) / Math.max(1, due)).toFixed(1)} %)${errors ? `, ${errors} errors` : ''}`,
        `lateness (start − nominal tick): p50 ${fmtMs(percentile(late, 50))}, p99 ${fmtMs(percentile(late, 99))}, max ${fmtMs(Math.max(...late))}`,
        `evaluation → notification: ${notified.length} notices, p50 ${fmtMs(percentile(notified, 50))}, p99 ${fmtMs(percentile(notified, 99))}`,
        `ClickHouse queries in the window: ${q1.queries - q0.queries} (${metrics} distinct rule queries per minute without -If grouping; ${q1.grouped - q0.grouped} rule asks answered from grouped queries, ${q1.shared - q0.shared} identical asks shared)`,
        `cores: ${os.availableParallelism()}`,
      ].join('\n') + '\n',
    );
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
