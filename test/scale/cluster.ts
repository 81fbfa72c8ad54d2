/**
 * What a multi-process test shares: a fresh PostgreSQL database (migrated
 * once), its own Redis logical database (flushed; the answer queue's name is
 * fixed, so isolation is by database number), the loopback ClickHouse HTTP
 * endpoint over chDB in its own process standing in for a ClickHouse server
 * (seeded with the demo data), and the environment every datalabs process of
 * the test gets (the processes migrate the database themselves, under the
 * store's advisory lock). Plus the two places a test reads where answers stand: the
 * inbound message log (`message_claims`) and the BullMQ queue.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { startChdbHttp, type ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';
import { baseEnv, runDatalabs } from './processes.ts';

export const NOW = '2025-06-30T18:00:00Z';
/** The answer queue's name (fixed in bot/app/create-answering.ts). */
const QUEUE_NAME = 'datalabs-answers';

export interface Cluster {
  clickhouse: ChdbHttp;
  database: TestDatabase;
  redisUrl: string;
  /** Environment for a datalabs process (each gets its own DATALABS_DATA_DIR). */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Rows of the inbound log by state. */
  states(): Promise<Record<string, number>>;
  /** A query on the metadata database (tests read `message_claims`). */
  query<R extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Jobs waiting, active or delayed in the answer queue. */
  queuedJobs(): Promise<number>;
  close(): Promise<void>;
}

/** `clickhouse` may be shared between clusters (it is the slow part to start and seed). */
export async function startCluster(opts: { redisDb: number; clickhouse: ChdbHttp; platformEnv: Record<string, string> }): Promise<Cluster> {
  const redisBase = process.env.DATALABS_TEST_REDIS_URL;
  if (!redisBase) throw new Error('DATALABS_TEST_REDIS_URL is not set: run through vitest.config.ts (its globalSetup starts Redis)');
  const u = new URL(redisBase);
  u.pathname = `/${opts.redisDb}`;
  const redisUrl = u.toString();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  await redis.flushdb();
  const database = await createTestDatabase('postgres');
  const dirs: string[] = [];
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-scale-'));
    dirs.push(dataDir);
    return {
      ...baseEnv(),
      DATALABS_DATA_DIR: dataDir,
      CLICKHOUSE_URL: opts.clickhouse.url,
      DATABASE_URL: database.databaseUrl!,
      REDIS_URL: redisUrl,
      DATALABS_NOW: NOW,
      DATALABS_SETUP: 'open',
      DATALABS_ALLOWED_DATABASES: 'demo',
      LOG_LEVEL: 'warn',
      ...opts.platformEnv,
      ...extra,
    };
  };
  const sql = new pg.Client({ connectionString: database.databaseUrl });
  await sql.connect();
  const queue = new Queue(QUEUE_NAME, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }) });
  return {
    clickhouse: opts.clickhouse,
    database,
    redisUrl,
    env,
    async states() {
      const r = await sql.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM message_claims GROUP BY state`);
      return Object.fromEntries(r.rows.map((row) => [row.state, Number(row.n)]));
    },
    async query<R extends Record<string, unknown>>(text: string, params: unknown[] = []) {
      return (await sql.query<R>(text, params)).rows;
    },
    async queuedJobs() {
      const c = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      return Object.values(c).reduce((a, b) => a + b, 0);
    },
    async close() {
      await queue.close().catch(() => undefined);
      await sql.end().catch(() => undefined);
      await redis.flushdb().catch(() => undefined);
      redis.disconnect();
      await database.cleanup();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Starts the loopback ClickHouse HTTP endpoint over chDB and seeds the demo data into it through the CLI. */
export async function startSeededClickhouse(): Promise<ChdbHttp> {
  const clickhouse = await startChdbHttp();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-seed-'));
  try {
    await runDatalabs(['seed', '--scale', '0.02', '--end-date', '2025-06-30'], { ...baseEnv(), CLICKHOUSE_URL: clickhouse.url, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, 90_000);
  } catch (err) {
    await clickhouse.stop();
    throw err;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return clickhouse;
}
