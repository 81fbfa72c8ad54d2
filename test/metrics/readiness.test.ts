/**
 * /readyz names the dependency that is down, with real clients: PGlite (up),
 * the test Redis (up) or a closed port (down), ClickHouse over HTTP on a
 * closed port (down) and on a port that accepts and never answers (a hang,
 * cut at the check's deadline). /healthz stays 200 throughout: alive is not
 * ready. And the Metrics implementation counts what the other parts record
 * through the contract, LLM usage through the app's usage ledger.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createDb } from '../../bot/infra/store/create-db.ts';
import type { Db } from '../../bot/infra/store/db.ts';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { createMetrics, dependencyReadiness, type Readiness } from '../../bot/infra/metrics/index.ts';
import { createUsageLedger } from '../../bot/app/claude-usage.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { parseExposition, sampleSum } from './exposition.ts';

const logger = createLogger('silent');

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('/readyz with dependencies down', () => {
  let db: Db;
  let hang: net.Server;
  let hangPort: number;
  const sockets = new Set<net.Socket>();
  const opened: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    db = await createDb({ pgliteDir: 'memory://' });
    hang = net.createServer((s) => {
      sockets.add(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
    hangPort = (hang.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const o of opened) await o.close().catch(() => undefined);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => hang.close(() => r()));
    await db.close();
  });

  async function serve(deps: { warehouse: Warehouse; redisUrl?: string; timeoutMs?: number }): Promise<{ http: RunningHttpServer; readiness: Readiness }> {
    const readiness = dependencyReadiness({ warehouse: deps.warehouse, db, redisUrl: deps.redisUrl, timeoutMs: deps.timeoutMs });
    const http = await startHttpServer({ port: 0, host: '127.0.0.1', logger, routes: [], ready: () => readiness.check() });
    opened.push(http, readiness, deps.warehouse);
    return { http, readiness };
  }

  it('answers 503 naming ClickHouse and Redis when they are down, PGlite ok, while /healthz stays 200', async () => {
    const warehouse = createWarehouse({ kind: 'server', url: `http://127.0.0.1:${await closedPort()}` });
    const { http } = await serve({ warehouse, redisUrl: `redis://127.0.0.1:${await closedPort()}/0` });
    const res = await fetch(`${http.url}/readyz`);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean; error?: string }> };
    expect(res.status).toBe(503);
    expect(body.ok).toBe(false);
    expect(body.checks.pglite).toMatchObject({ ok: true });
    expect(body.checks.clickhouse.ok).toBe(false);
    expect(body.checks.clickhouse.error).toBeTruthy();
    expect(body.checks.redis.ok).toBe(false);
    expect(body.checks.redis.error).toMatch(/ECONNREFUSED|connect|closed|Connection/i);
    expect((await fetch(`${http.url}/healthz`)).status).toBe(200);
  });

  it('cuts a dependency that never answers at the deadline and names it; with Redis up only ClickHouse fails', async () => {
    const redisUrl = process.env.DATALABS_TEST_REDIS_URL;
    expect(redisUrl, 'vitest globalSetup starts Redis').toBeTruthy();
    const warehouse = createWarehouse({ kind: 'server', url: `http://127.0.0.1:${hangPort}` });
    const { http } = await serve({ warehouse, redisUrl, timeoutMs: 500 });
    const res = await fetch(`${http.url}/readyz`);
    const body = (await res.json()) as { ok: boolean; checks: Record<string, { ok: boolean; error?: string }> };
    expect(res.status).toBe(503);
    expect(body.checks.redis).toMatchObject({ ok: true });
    expect(body.checks.pglite).toMatchObject({ ok: true });
    expect(body.checks.clickhouse).toMatchObject({ ok: false, error: 'no answer within 500 ms' });
  });
});

describe('the prom-client Metrics', () => {
  it('counts what is recorded through the contract, LLM usage through the usage ledger', async () => {
    const metrics = createMetrics({ defaults: false, labels: { role: 'test' } });
    metrics.observeQuestion({ engine: 'claude', platform: 'slack', outcome: 'ok', durationMs: 2_500 });
    metrics.observeAck({ platform: 'slack', outcome: 'error', durationMs: 4 });
    metrics.observeWarehouseQuery({ outcome: 'ok', durationMs: 30, rowsRead: 12_345 });
    metrics.observeWarehouseQuery({ outcome: 'ok', durationMs: 30 });
    metrics.observeAlertEvaluation({ lagMs: 1_500, outcome: 'ok' });
    metrics.observeAlertEvaluation({ lagMs: 0, outcome: 'gone' });
    metrics.countNotifications({ outcome: 'failed', count: 2 });
    let depth = 7;
    metrics.trackQueueDepth('answers', async () => depth);
    const ledger = createUsageLedger(loadConfig({ DATALABS_DATA_DIR: '/tmp/unused' }, { readDotenv: false }), metrics);
    await ledger.record({ workspaceId: null, userKey: 'slack:U1', outcome: 'answer', at: new Date(), usage: { model: 'claude-x', calls: 2, inputTokens: 1_000, outputTokens: 200, cacheCreationTokens: 0, cacheReadTokens: 300, costUsd: 0.0125 } });
    const s = parseExposition(await metrics.registry.metrics());
    expect(sampleSum(s, 'datalabs_question_duration_seconds_sum', { engine: 'claude', platform: 'slack', role: 'test' })).toBe(2.5);
    expect(sampleSum(s, 'datalabs_question_duration_seconds_bucket', { engine: 'claude', le: '2' })).toBe(0);
    expect(sampleSum(s, 'datalabs_question_duration_seconds_bucket', { engine: 'claude', le: '3' })).toBe(1);
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_count', { outcome: 'error' })).toBe(1);
    // Rows read only where the engine reported them.
    expect(sampleSum(s, 'datalabs_clickhouse_query_duration_seconds_count', { outcome: 'ok' })).toBe(2);
    expect(sampleSum(s, 'datalabs_clickhouse_rows_read_count', {})).toBe(1);
    expect(sampleSum(s, 'datalabs_clickhouse_rows_read_total', {})).toBe(12_345);
    // A rule gone is counted but has no lag.
    expect(sampleSum(s, 'datalabs_alert_evaluations_total', { outcome: 'gone' })).toBe(1);
    expect(sampleSum(s, 'datalabs_alert_evaluation_lag_seconds_count', {})).toBe(1);
    expect(sampleSum(s, 'datalabs_alert_notifications_total', { outcome: 'failed' })).toBe(2);
    expect(sampleSum(s, 'datalabs_queue_depth', { queue: 'answers' })).toBe(7);
    expect(sampleSum(s, 'datalabs_llm_tokens_total', { model: 'claude-x', kind: 'input' })).toBe(1_000);
    expect(sampleSum(s, 'datalabs_llm_tokens_total', { model: 'claude-x', kind: 'cache_read' })).toBe(300);
    expect(sampleSum(s, 'datalabs_llm_cost_usd_total', { model: 'claude-x' })).toBeCloseTo(0.0125, 6);
    // The depth is read at each scrape.
    depth = 0;
    expect(sampleSum(parseExposition(await metrics.registry.metrics()), 'datalabs_queue_depth', { queue: 'answers' })).toBe(0);
  });
  it('acks observed in a burst are all in the histogram at the next scrape, whatever their number, and only once', async () => {
    const metrics = createMetrics({ defaults: false });
    // More than are held back before being observed (ACK_BATCH), so both ways in are taken.
    for (let i = 0; i < 5_000; i++) metrics.observeAck({ platform: 'slack', outcome: 'ok', durationMs: i % 2 ? 2 : 40 });
    metrics.observeAck({ platform: 'discord', outcome: 'error', durationMs: 7 });
    let s = parseExposition(await metrics.registry.metrics());
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_count', { platform: 'slack', outcome: 'ok' })).toBe(5_000);
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_bucket', { platform: 'slack', outcome: 'ok', le: '0.0025' })).toBe(2_500);
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_sum', { platform: 'slack', outcome: 'ok' })).toBeCloseTo(2_500 * 0.042, 6);
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_count', { platform: 'discord', outcome: 'error' })).toBe(1);
    // A second scrape counts nothing twice.
    metrics.observeAck({ platform: 'slack', outcome: 'ok', durationMs: 1 });
    s = parseExposition(await metrics.registry.metrics());
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_count', { platform: 'slack', outcome: 'ok' })).toBe(5_001);
    expect(sampleSum(s, 'datalabs_ack_duration_seconds_count', { platform: 'discord', outcome: 'error' })).toBe(1);
  });
});
