/**
 * The metadata store: workspaces, members, identities, query history, saved
 * queries and the audit log, in PostgreSQL (`DATABASE_URL`) or, with none
 * set, PGlite in `$DATALABS_DATA_DIR/pg` — one query code path for both.
 */
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { createAuditRepo, type AuditRepo } from './audit-repo.ts';
import { createDb, type DbOptions } from './create-db.ts';
import type { Db, Queryable } from './db.ts';
import { createHistoryRepo, createSavedQueryRepo, type HistoryRepo, type SavedQueryRepo } from './history-repo.ts';
import { createMemberRepo, type MemberRepo } from './member-repo.ts';
import { runMigrations, type MigrationOutcome } from './migrations.ts';
import { createWorkspaceRepo, type WorkspaceRepo } from './workspace-repo.ts';

/** The repositories over one `Queryable` (the database or a transaction). */
export interface Repositories {
  workspaces: WorkspaceRepo;
  members: MemberRepo;
  history: HistoryRepo;
  saved: SavedQueryRepo;
  audit: AuditRepo;
}

export interface MetadataStore extends Repositories {
  readonly db: Db;
  /** Runs `fn` with repositories bound to one transaction. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface MetadataStoreOptions {
  /** PostgreSQL URL; unset → PGlite. */
  databaseUrl?: string;
  /** `$DATALABS_DATA_DIR`: PGlite lives in `<dataDir>/pg`. */
  dataDir?: string;
  /** Overrides the PGlite directory (`memory://` for tests). */
  pgliteDir?: string;
  /** Apply pending migrations on open (default true; `datalabs migrate` passes false and runs them itself). */
  migrate?: boolean;
  logger?: Logger;
  maxConnections?: number;
}

export function createRepositories(q: Queryable): Repositories {
  return {
    workspaces: createWorkspaceRepo(q),
    members: createMemberRepo(q),
    history: createHistoryRepo(q),
    saved: createSavedQueryRepo(q),
    audit: createAuditRepo(q),
  };
}

/** Wraps an open database in the repositories. */
export function createMetadataStore(db: Db): MetadataStore {
  return {
    db,
    ...createRepositories(db),
    transaction: (fn) => db.transaction((tx) => fn(createRepositories(tx))),
    close: () => db.close(),
  };
}

/** The options `createDb` gets for a store option set (PGlite dir = `<dataDir>/pg`). */
export function dbOptionsFor(opts: MetadataStoreOptions): DbOptions {
  return {
    databaseUrl: opts.databaseUrl,
    pgliteDir: opts.pgliteDir ?? (opts.dataDir ? path.join(opts.dataDir, 'pg') : undefined),
    maxConnections: opts.maxConnections,
    logger: opts.logger,
  };
}

/**
 * Opens the store and (by default) applies pending migrations under the
 * advisory lock. Close it with `close()`.
 */
export async function openMetadataStore(opts: MetadataStoreOptions): Promise<MetadataStore & { migration?: MigrationOutcome }> {
  const db = await createDb(dbOptionsFor(opts));
  try {
    const migration = opts.migrate === false ? undefined : await runMigrations(db, { logger: opts.logger });
    if (migration?.applied.length) opts.logger?.info({ applied: migration.applied, store: db.description }, 'metadata store migrated');
    return { ...createMetadataStore(db), migration };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
