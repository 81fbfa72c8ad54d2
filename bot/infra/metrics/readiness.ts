/**
 * `/readyz`: is every service this process needs reachable right now?
 * ClickHouse (`ping`), the metadata store (`SELECT 1` on PostgreSQL or
 * PGlite) and Redis (`PING`, when REDIS_URL is set). Each check has its own
 * deadline; the answer names each dependency with ok / its one-line error, and
 * is not ready when any failed. `/healthz` stays "the process is alive".
 */
import { Redis } from 'ioredis';

export type ReadinessCheck = () => Promise<unknown>;

export interface DependencyStatus {
  ok: boolean;
  /** How long the check took. */
  ms: number;
  /** One line, when it failed. */
  error?: string;
}

export interface ReadinessReport {
  ok: boolean;
  checks: Record<string, DependencyStatus>;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  close(): Promise<void>;
}

/** Runs every check at once, each bounded by `timeoutMs` (default 2 s). */
export function createReadiness(checks: Record<string, ReadinessCheck>, opts: { timeoutMs?: number; close?: () => Promise<void> } = {}): Readiness {
  const timeoutMs = opts.timeoutMs ?? 2_000;
  async function one(check: ReadinessCheck): Promise<DependencyStatus> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { ok: true, ms: Math.round(performance.now() - started) };
    } catch (err) {
      return { ok: false, ms: Math.round(performance.now() - started), error: String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200) || 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    async check() {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((n) => one(checks[n])));
      const out: Record<string, DependencyStatus> = {};
      names.forEach((n, i) => (out[n] = results[i]));
      return { ok: results.every((r) => r.ok), checks: out };
    },
    close: opts.close ?? (async () => undefined),
  };
}

/**
 * A Redis PING check over a connection of its own (no offline queue: a Redis
 * that is down fails the check at once instead of queueing the PING).
 */
export function redisPing(url: string): { check: ReadinessCheck; close(): Promise<void> } {
  let redis: Redis | undefined;
  return {
    async check() {
      redis ??= new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1_500, retryStrategy: (n) => Math.min(n * 200, 2_000) });
      // An error event with no listener would be thrown; the check reports it instead.
      if (redis.listenerCount('error') === 0) redis.on('error', () => undefined);
      if (redis.status === 'wait') await redis.connect();
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`redis answered ${pong}`);
    },
    async close() {
      redis?.disconnect();
      redis = undefined;
    },
  };
}

/**
 * The readiness of a serve or worker process: ClickHouse, the metadata store
 * (PostgreSQL or PGlite) when it has one, Redis when REDIS_URL is set.
 */
export function dependencyReadiness(deps: { warehouse: { ping(): Promise<void> }; db?: { kind?: string; query(sql: string): Promise<unknown> }; redisUrl?: string; timeoutMs?: number }): Readiness {
  const checks: Record<string, ReadinessCheck> = { clickhouse: () => deps.warehouse.ping() };
  const db = deps.db;
  if (db) checks[db.kind === 'pglite' ? 'pglite' : 'postgres'] = () => db.query('SELECT 1');
  const redis = deps.redisUrl ? redisPing(deps.redisUrl) : undefined;
  if (redis) checks.redis = redis.check;
  return createReadiness(checks, { timeoutMs: deps.timeoutMs, close: async () => redis?.close() });
}
