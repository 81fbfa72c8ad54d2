/**
 * The one small database interface the metadata store is written against.
 * Two implementations (create-metadata-store.ts): `pg` against a PostgreSQL
 * server and PGlite embedded in the process. Both speak the same PostgreSQL
 * dialect, so every repository and migration is written once.
 */

/** Rows come back as plain objects keyed by column name. */
export interface DbResult<T> {
  rows: T[];
  /** Rows returned or affected. */
  rowCount: number;
}

/** Something that runs statements: the database itself or an open transaction. */
export interface Queryable {
  /**
   * Runs ONE statement with `$1, $2 …` placeholders. Types that differ
   * between drivers are cast in SQL: counts and bigint ids as `::int` or
   * converted with `Number()`, lists travel as `jsonb` (`$1::jsonb` with
   * `JSON.stringify`).
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<DbResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type DbKind = 'postgres' | 'pglite';

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Human description: the server URL without credentials, or the PGlite directory. */
  readonly description: string;
  /** PGlite's directory on this machine (the store lives in this process and on its disk); absent: PostgreSQL, or PGlite in memory. */
  readonly localDir?: string;
  /**
   * The same database, ahead of everything else waiting for it: recording an
   * incoming message (the platform's ack waits on it) must not queue behind
   * answers' bookkeeping. PGlite runs one statement at a time, so its urgent
   * statements jump the line; PostgreSQL gives them a connection of their own.
   * Optional: a Db without it has no line to jump.
   */
  readonly urgent?: Queryable;
  /** Runs `fn` inside BEGIN … COMMIT (ROLLBACK when it throws) on one connection. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the pool or the embedded database; idempotent. */
  close(): Promise<void>;
}

/** PostgreSQL error code of a driver error (e.g. '23505' unique violation), if any. */
export function pgErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
