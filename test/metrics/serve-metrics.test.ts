/**
 * The bot's own metrics, probes and request ids, on real processes: `datalabs
 * serve` (Telegram long-polling the fake Bot API) and `datalabs worker` with
 * WORKER_PORT, on PostgreSQL, Redis and a ClickHouse HTTP endpoint. Questions
 * go in through the fake; /metrics of both processes is scraped and summed as
 * Prometheus would; /healthz and /readyz answer; every log line of one
 * message's handling carries its request id. The PromQL of the Grafana
 * dashboard and the alert rules in deploy/ is checked against the names the
 * live scrape exports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createFakeBotApi, type FakeBotApi, type FakeChat, type FakeMessage } from '../fakes/telegram/fake-bot-api.ts';
import { startCluster, startSeededClickhouse, type Cluster } from '../scale/cluster.ts';
import { allStderr, killAll, startDatalabs, until, type DatalabsProcess } from '../scale/processes.ts';
import type { ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';
import { parseExposition, sampleSum, exportedNames, promqlMetricNames, SCRAPE_NAMES } from './exposition.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHAT: FakeChat = { id: 5151, type: 'private' };

describe('metrics, probes and request ids on serve and worker', () => {
  let clickhouse: ChdbHttp;
  let telegram: FakeBotApi;
  let cluster: Cluster;
  let serve: DatalabsProcess;
  let worker: DatalabsProcess;
  let workerUrl: string;

  beforeAll(async () => {
    clickhouse = await startSeededClickhouse();
    telegram = await createFakeBotApi();
    cluster = await startCluster({ redisDb: 9, clickhouse, platformEnv: { TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.url } });
    // debug: the test reads the JSON log lines of one message's handling. Redis database 9 is this file's alone.
    serve = await startDatalabs('serve', ['serve', '--port', '0'], cluster.env({ LOG_LEVEL: 'debug' }));
    worker = await startDatalabs('worker', ['worker'], cluster.env({ WORKER_PORT: '0', LOG_LEVEL: 'debug' }));
    const port = /datalabs worker: http on :(\d+)/.exec(worker.stderr())?.[1];
    if (!port) throw new Error(`the worker did not report its HTTP port:\n${worker.stderr().slice(-2000)}`);
    workerUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await killAll();
    await telegram?.close();
    await cluster?.close();
    await clickhouse?.stop();
  });

  const bot = () => telegram.chatMessages(CHAT.id).filter((m) => m.from === 'bot' && !m.deleted);
  const text = (m: FakeMessage) => m.text ?? m.caption ?? '';
  const scrape = async () => {
    const [a, b] = await Promise.all([serve.url!, workerUrl].map(async (u) => parseExposition(await (await fetch(`${u}/metrics`)).text())));
    return [...a, ...b];
  };

  it('answers questions and exports question, ack, ClickHouse, chart, queue and HTTP metrics', async () => {
    telegram.userSends(CHAT, '/datalabs setup Metrics Shop');
    await until('the workspace set up', () => bot().some((m) => /^Workspace "Metrics Shop"/.test(text(m))), 60_000);
    telegram.userSends(CHAT, 'revenue by month');
    await until('the revenue answer', () => bot().some((m) => /^Revenue by month/i.test(text(m))), 60_000);
    telegram.userSends(CHAT, 'SELECT count() AS orders FROM demo.orders');
    await until('the SQL answer', () => bot().filter((m) => m.from === 'bot').length >= 3 && bot().some((m) => /orders/i.test(text(m)) && !/^Revenue/i.test(text(m))), 60_000);

    const samples = await until('the question metrics of both answers', async () => {
      const s = await scrape();
      return sampleSum(s, 'datalabs_question_duration_seconds_count', { outcome: 'ok', platform: 'telegram' }) >= 2 ? s : undefined;
    }, 30_000);
    // Both engines that answered: the offline parser for the question, sql for the SELECT.
    expect(sampleSum(samples, 'datalabs_question_duration_seconds_count', { engine: 'offline', platform: 'telegram', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(samples, 'datalabs_question_duration_seconds_count', { engine: 'sql', platform: 'telegram', outcome: 'ok' })).toBe(1);
    // The histogram has its +Inf bucket equal to its count (what histogram_quantile needs).
    expect(sampleSum(samples, 'datalabs_question_duration_seconds_bucket', { engine: 'sql', le: '+Inf' })).toBe(1);
    // Three messages acknowledged by serve (it receives; the worker never does).
    expect(sampleSum(samples, 'datalabs_ack_duration_seconds_count', { platform: 'telegram', outcome: 'ok' })).toBe(3);
    expect(sampleSum(samples, 'datalabs_queue_job_age_seconds_count', {})).toBeGreaterThanOrEqual(3);
    // ClickHouse: queries timed and rows read counted (the demo orders table has rows).
    expect(sampleSum(samples, 'datalabs_clickhouse_query_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(2);
    expect(sampleSum(samples, 'datalabs_clickhouse_rows_read_total', {})).toBeGreaterThan(0);
    expect(sampleSum(samples, 'datalabs_chart_render_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    // Queue depth read from Redis at scrape time, by both processes; it drains to zero once every job has finished.
    const depth = samples.filter((s) => s.name === 'datalabs_queue_depth');
    expect(depth).toHaveLength(2);
    expect(depth.every((s) => s.labels.queue === 'answers-redis')).toBe(true);
    await until('the queue depth back to 0 on both processes', async () => {
      const d = (await scrape()).filter((s) => s.name === 'datalabs_queue_depth');
      return d.length === 2 && d.every((s) => s.value === 0) && (await cluster.queuedJobs()) === 0;
    }, 30_000);
    // Alert outcome series exist at zero before any alert, so rules see 0 rather than nothing.
    expect(samples.some((s) => s.name === 'datalabs_alert_notifications_total' && s.labels.outcome === 'failed')).toBe(true);
    // Process metrics and the HTTP counter.
    expect(samples.some((s) => s.name === 'process_resident_memory_bytes' && s.value > 0)).toBe(true);
  });

  it('answers /healthz (alive) and /readyz (ClickHouse, PostgreSQL, Redis) on serve and worker', async () => {
    for (const url of [serve.url!, workerUrl]) {
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true });
      const ready = await fetch(`${url}/readyz`);
      const body = (await ready.json()) as { ok: boolean; checks: Record<string, { ok: boolean }> };
      expect(ready.status, JSON.stringify(body)).toBe(200);
      expect(body.ok).toBe(true);
      expect(Object.keys(body.checks).sort()).toEqual(['clickhouse', 'postgres', 'redis']);
      expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
    }
  });

  it('puts the message request id on the log lines of its handling: core (inbound, chat), warehouse and adapter', async () => {
    const before = bot().length;
    // Passes the guard, fails in ClickHouse while it runs: a warehouse error inside the request.
    telegram.userSends(CHAT, "SELECT toDate('not a date') AS d FROM demo.orders LIMIT 1");
    await until('the error reply', () => bot().length > before, 60_000);
    const logged = () => [serve.stderr(), worker.stderr()]
      .flatMap((s) => s.split('\n'))
      .filter((l) => l.includes('"clickhouse query failed"') || l.includes('"message answered"'));
    await until('the failed read and the end of its message logged', () => logged().some((l) => l.includes('query failed')) && logged().length >= 1, 30_000);
    // The JSON lines of both processes that carry a request id, grouped by it.
    const lines = [serve.stderr(), worker.stderr()]
      .flatMap((s) => s.split('\n'))
      .filter((l) => l.startsWith('{'))
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, unknown>;
        } catch {
          return undefined;
        }
      })
      .filter((l): l is Record<string, unknown> => Boolean(l?.requestId));
    expect(lines.length, allStderr().slice(-3000)).toBeGreaterThan(0);
    expect(lines.every((l) => typeof l.requestId === 'string' && /^telegram:\d+:\d+$/.test(l.requestId as string))).toBe(true);
    // The failed read is logged by the warehouse inside its request; the inbound pipeline's lines of that message carry the same id.
    const failed = lines.filter((l) => l.msg === 'clickhouse query failed' && /converted|not a date|parse/i.test(String(l.error)));
    expect(failed.length, JSON.stringify(lines.slice(-8))).toBe(1);
    const id = failed[0].requestId;
    const ofRequest = lines.filter((l) => l.requestId === id).map((l) => l.msg);
    await until('the message of the failed read answered', () => [serve.stderr(), worker.stderr()].join('\n').split('\n').some((l) => l.includes(`"requestId":"${String(id)}"`) && l.includes('"message answered"')), 30_000);
    const all = [serve.stderr(), worker.stderr()].join('\n').split('\n').filter((l) => l.includes(`"requestId":"${String(id)}"`)).map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect([...ofRequest, ...all]).toEqual(expect.arrayContaining(['answering message', 'clickhouse query failed', 'message answered']));
    // The adapter's lines too: Telegram refuses the next chart, the adapter logs it and sends the answer as text, inside the request.
    telegram.failNext('sendPhoto', { status: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    const beforeChart = bot().length;
    telegram.userSends(CHAT, 'orders by month');
    await until('the chart answer sent as text', () => bot().length > beforeChart && bot().some((m) => /^Orders by month/i.test(text(m))), 60_000);
    const refused = await until('the adapter warning logged', () =>
      [serve.stderr(), worker.stderr()].join('\n').split('\n').find((l) => l.includes('Telegram refused the chart')), 30_000);
    const refusedLine = JSON.parse(refused) as Record<string, unknown>;
    expect(refusedLine.requestId).toMatch(/^telegram:\d+:\d+$/);
    const sameRequest = [serve.stderr(), worker.stderr()].join('\n').split('\n').filter((l) => l.includes(`"requestId":"${String(refusedLine.requestId)}"`)).map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(sameRequest).toEqual(expect.arrayContaining(['answering message', 'clickhouse query', 'Telegram refused the chart; sending the answer as text']));
    // Each message has its own id: the earlier questions' lines carry others.
    expect(new Set(lines.map((l) => l.requestId)).size).toBeGreaterThanOrEqual(4);
  });

  it('exports every metric the Grafana dashboard and the Prometheus rules in deploy/ query', async () => {
    const names = exportedNames(await Promise.all([serve.url!, workerUrl].map(async (u) => (await fetch(`${u}/metrics`)).text())));
    const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy/grafana/dashboards/datalabs-bot.json'), 'utf8')) as { panels: Array<{ targets?: Array<{ expr?: string }> }> };
    const rules = YAML.parse(fs.readFileSync(path.join(ROOT, 'deploy/prometheus/datalabs-rules.yaml'), 'utf8')) as { groups: Array<{ rules: Array<{ expr: string }> }> };
    const exprs = [...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')), ...rules.groups.flatMap((g) => g.rules.map((r) => r.expr))].filter(Boolean);
    expect(exprs.length).toBeGreaterThan(8);
    // Grafana's variables replaced by what they stand for before Prometheus's grammar reads the expression.
    const promql = (e: string) => e.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*');
    const missing = [...new Set(exprs.flatMap((e) => promqlMetricNames(promql(e))))].filter((n) => !names.has(n) && !SCRAPE_NAMES.has(n));
    expect(missing, `queried but not exported: ${missing.join(', ')}`).toEqual([]);
  });
});
