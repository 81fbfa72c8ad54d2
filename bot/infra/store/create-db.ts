/**
 * Opens the metadata database: a `pg` pool when DATABASE_URL is set, PGlite
 * in `$DATALABS_DATA_DIR/pg` otherwise. Both are wrapped in the same `Db`.
 */
import fs from 'node:fs';
import pg from 'pg';
import PQueue from 'p-queue';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Db, DbResult, Queryable } from './db.ts';
import { lockDir } from './dir-lock.ts';
import { startPgliteThread, type PgliteThread } from './pglite-thread.ts';

export interface DbOptions {
  /** `postgres://…`; when set, PostgreSQL through `pg`. */
  databaseUrl?: string;
  /** PGlite directory (used when `databaseUrl` is unset); `memory://` keeps it in memory. */
  pgliteDir?: string;
  /**
   * PostgreSQL: `SET ROLE <appRole>` on every new connection, so the app's
   * queries run with the restricted role's privileges (migrations.ts APP_ROLE).
   */
  appRole?: string;
  /** Pool size for `pg` (default 5). */
  maxConnections?: number;
  logger?: Logger;
}

/** Opens (and pings) the database. Connection failures are one-line CONFIG_INVALID errors. */
export async function createDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) return createPgDb(opts.databaseUrl, opts);
  if (!opts.pgliteDir) throw new DatalabsError('CONFIG_INVALID', 'metadata store: set DATABASE_URL or a data directory for PGlite');
  return createPgliteDb(opts.pgliteDir);
}

/** The URL without user info, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

async function createPgDb(url: string, opts: DbOptions): Promise<Db> {
  const description = redactUrl(url);
  if (opts.appRole && !/^[a-z_][a-z0-9_]*$/.test(opts.appRole)) throw new DatalabsError('CONFIG_INVALID', `metadata store: bad role name ${opts.appRole}`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 5,
    connectionTimeoutMillis: 10_000,
    // The role is a startup parameter: a connection that cannot take it fails
    // instead of running as the login role.
    ...(opts.appRole ? { options: `-c role=${opts.appRole}` } : {}),
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (err) => opts.logger?.warn({ err: err.message }, 'metadata store connection error'));
  try {
    await pool.query(opts.appRole ? 'SELECT current_user' : 'SELECT 1').then((r) => {
      if (opts.appRole && r.rows[0]?.current_user !== opts.appRole) throw new Error(`the connection runs as ${r.rows[0]?.current_user}, not ${opts.appRole}`);
    });
  } catch (err) {
    await pool.end().catch(() => undefined);
    const reason = (err as Error).message?.split('\n')[0] || String(err);
    throw new DatalabsError('CONFIG_INVALID', `DATABASE_URL: cannot connect to ${description} (${reason})`, { cause: err });
  }
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params: unknown[] = []): Promise<DbResult<T>> {
      const r = await client.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  // Connections of their own for urgent statements, opened at start and kept
  // open (a burst must not pay for connecting): a burst's batches are written
  // side by side, and PostgreSQL groups their commits.
  const URGENT_CONNECTIONS = 4;
  const urgentPool = new pg.Pool({ connectionString: url, max: URGENT_CONNECTIONS, idleTimeoutMillis: 0, connectionTimeoutMillis: 10_000, ...(opts.appRole ? { options: `-c role=${opts.appRole}` } : {}) });
  urgentPool.on('error', (err) => opts.logger?.warn({ err: err.message }, 'metadata store connection error'));
  // Warmed in the background; a failure here surfaces on first use.
  void Promise.all(Array.from({ length: URGENT_CONNECTIONS }, () => urgentPool.connect().then((c) => c, () => undefined))).then((clients) => clients.forEach((c) => c?.release()));
  let closed = false;
  return {
    kind: 'postgres',
    description,
    ...wrap(pool),
    urgent: wrap(urgentPool),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), urgentPool.end()]);
    },
  };
}

async function createPgliteDb(dir: string): Promise<Db> {
  const inMemory = dir.startsWith('memory://');
  let release = () => {};
  if (!inMemory) {
    fs.mkdirSync(dir, { recursive: true });
    release = lockDir(dir, 'metadata store', 'stop it, or set DATABASE_URL to share a PostgreSQL server');
  }
  let pglite: PgliteThread;
  try {
    pglite = await startPgliteThread(dir);
  } catch (err) {
    release();
    throw new DatalabsError('CONFIG_INVALID', `metadata store: cannot open PGlite in ${dir} (${(err as Error).message?.split('\n')[0]})`, { cause: err });
  }
  // PGlite runs one statement (or transaction) at a time; our own line in
  // front of it lets urgent statements go first instead of after every
  // statement already waiting.
  const line = new PQueue({ concurrency: 1 });
  const direct: Queryable = { query: (sql, params) => pglite.query(sql, params), exec: (sql) => pglite.exec(sql) };
  const inLine = (priority: number): Queryable => ({
    query: <T>(sql: string, params?: unknown[]) => line.add(() => direct.query<T>(sql, params), { priority }),
    exec: (sql: string) => line.add(() => direct.exec(sql), { priority }),
  });
  /** BEGIN … COMMIT holding the line: no other statement runs inside the transaction. */
  async function transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return line.add(async () => {
      await direct.exec('BEGIN');
      try {
        const out = await fn(direct);
        await direct.exec('COMMIT');
        return out;
      } catch (err) {
        await direct.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    }) as Promise<T>;
  }
  let closed = false;
  return {
    kind: 'pglite',
    description: inMemory ? 'PGlite (in memory)' : `PGlite ${dir}`,
    ...(inMemory ? {} : { localDir: dir }),
    ...inLine(0),
    urgent: inLine(1),
    transaction,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}
