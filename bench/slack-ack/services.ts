/**
 * The machine's PostgreSQL and Redis for the slack-ack bench, when they run:
 * a temporary database of the bench's own on 127.0.0.1:5432 (dropped
 * afterwards), and a Redis database index the tests do not use (the bench's
 * queue keys removed afterwards). Without them the bench measures the
 * embedded defaults only and says so.
 */
import net from 'node:net';
import pg from 'pg';
import { Redis } from 'ioredis';

const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/13';

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export interface TempDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the machine's PostgreSQL, or undefined when there is none (or it refuses). */
export async function createTempDatabase(tag: string): Promise<TempDatabase | undefined> {
  const admin = new URL(PG_ADMIN_URL);
  if (!(await reachable(admin.hostname, Number(admin.port || 5432)))) return undefined;
  const name = `bench_slack_ack_${process.pid}_${tag}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  } catch {
    await client.end().catch(() => undefined);
    return undefined;
  }
  await client.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface BenchRedis {
  url: string;
  /** Removes the answer queue's keys from the bench's Redis database. */
  clean(): Promise<void>;
}

export async function benchRedis(): Promise<BenchRedis | undefined> {
  const u = new URL(REDIS_URL);
  if (!(await reachable(u.hostname, Number(u.port || 6379)))) return undefined;
  const clean = async () => {
    const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await r.connect();
      const keys = await r.keys('bull:datalabs-answers:*');
      if (keys.length) await r.del(...keys);
    } finally {
      r.disconnect();
    }
  };
  try {
    await clean();
  } catch {
    return undefined;
  }
  return { url: REDIS_URL, clean };
}
