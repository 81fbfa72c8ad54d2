/**
 * The metadata store: workspaces, members, identities, query history, saved
 * queries, setup invites and the audit log, in PostgreSQL (`DATABASE_URL`) or,
 * with none set, PGlite in `$DATALABS_DATA_DIR/pg` — one query code path for both.
 *
 * Roles in PostgreSQL (the audit log must be out of the app's reach):
 * - Migrations, and the creation and grants of the restricted role
 *   `datalabs_app` (migrations.ts APP_ROLE_SQL), run as the OWNER:
 *   `DATABASE_OWNER_URL` when set, else `DATABASE_URL`'s user.
 * - The app's own pool always runs as `datalabs_app` (a startup parameter
 *   `-c role=datalabs_app`, so a connection that cannot take it fails):
 *   SELECT/INSERT on audit_log only — no UPDATE, DELETE, TRUNCATE, and not the
 *   owner, so no ALTER TABLE / DISABLE TRIGGER.
 * - Recommended in production: `DATABASE_OWNER_URL` = the owner, `DATABASE_URL`
 *   = a separate login role with nothing of its own (it is granted
 *   `datalabs_app` on start). With one URL only, the session user is the owner:
 *   RESET ROLE keeps datalabs_app (it is the session default) but `SET ROLE NONE`
 *   would return to the owner, so that mode protects against the app's code
 *   paths, not against someone able to run arbitrary SQL on its connections.
 * - PGlite is one embedded superuser: there the hash chain is the protection.
 *
 * Secrets: with `secretKey` (DATALABS_SECRET_KEY) workspace ClickHouse
 * passwords are stored AES-256-GCM encrypted, and clear-text ones left by older
 * versions are encrypted when the store opens.
 */
import path from 'node:path';
import type { Logger } from '../../contracts/logger.ts';
import { createAlertRuleRepo, type AlertRuleRepo } from './alert-rule-repo.ts';
import { createAlertStateRepo, type AlertStateRepo } from './alert-state-repo.ts';
import { createAuditRepo, type AuditRepo } from './audit-repo.ts';
import { createConversationRepo, type ConversationRepo } from './conversation-repo.ts';
import { createInboundRepo } from './inbound-repo.ts';
import { createAdapterMemoryRepo } from './adapter-memory-repo.ts';
import type { InboundStore } from '../../core/inbound/inbound-store.ts';
import { CLAIM_TTL_MS } from '../../core/conversation/conversation-store.ts';
import type { AdapterMemory } from '../../contracts/chat.ts';
import { createDb, type DbOptions } from './create-db.ts';
import type { Db, Queryable } from './db.ts';
import { createHistoryRepo, createSavedQueryRepo, type HistoryRepo, type SavedQueryRepo } from './history-repo.ts';
import { createMemberRepo, type MemberRepo } from './member-repo.ts';
import { createInviteRepo, type InviteRepo } from './invite-repo.ts';
import { APP_ROLE, runMigrations, type MigrationOutcome } from './migrations.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createWorkspaceRepo, type WorkspaceRepo } from './workspace-repo.ts';

/** The repositories over one `Queryable` (the database or a transaction). */
export interface Repositories {
  workspaces: WorkspaceRepo;
  members: MemberRepo;
  history: HistoryRepo;
  saved: SavedQueryRepo;
  audit: AuditRepo;
  invites: InviteRepo;
  /** Answers behind buttons and thread refinement state (the chat core's ConversationStore). */
  conversations: ConversationRepo;
  /** Inbound messages by dedupe key, and where their answers stand (the answer queue's durable side). */
  inbound: InboundStore;
  /** What adapters remember between messages, shared by every process. */
  adapterMemory: AdapterMemory;
  /** Alert rules per workspace (alerts as code, `datalabs alerts …`). */
  alerts: AlertRuleRepo;
  /** The alert lifecycle's state (alerts/lifecycle AlertStateStore): series, groups, notification log, outbox, silences. */
  alertState: AlertStateRepo;
}

export interface MetadataStore extends Repositories {
  readonly db: Db;
  /** Runs `fn` with repositories bound to one transaction. */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface MetadataStoreOptions {
  /** PostgreSQL URL the app connects with (its queries run as the restricted `datalabs_app` role); unset → PGlite. */
  databaseUrl?: string;
  /**
   * PostgreSQL URL of the owner role that runs migrations and grants
   * (DATABASE_OWNER_URL); default: `databaseUrl`. When its user differs from
   * `databaseUrl`'s, that user is granted membership of `datalabs_app`.
   */
  ownerUrl?: string;
  /** DATALABS_SECRET_KEY: encrypts workspace ClickHouse passwords. */
  secretKey?: Buffer;
  /** `$DATALABS_DATA_DIR`: PGlite lives in `<dataDir>/pg`. */
  dataDir?: string;
  /** Overrides the PGlite directory (`memory://` for tests). */
  pgliteDir?: string;
  /** Apply pending migrations on open (default true; `datalabs migrate` passes false and runs them itself). */
  migrate?: boolean;
  logger?: Logger;
  maxConnections?: number;
}

export function createRepositories(q: Queryable | Db, opts: { secretKey?: Buffer } = {}): Repositories {
  return {
    workspaces: createWorkspaceRepo(q, opts),
    members: createMemberRepo(q),
    history: createHistoryRepo(q),
    saved: createSavedQueryRepo(q),
    audit: createAuditRepo(q),
    invites: createInviteRepo(q),
    conversations: createConversationRepo(q),
    inbound: createInboundRepo(q, { claimTtlMs: CLAIM_TTL_MS, urgent: 'urgent' in q ? q.urgent : undefined }),
    adapterMemory: createAdapterMemoryRepo(q),
    alerts: createAlertRuleRepo(q),
    alertState: createAlertStateRepo(q),
  };
}

/** Wraps an open database in the repositories. */
export function createMetadataStore(db: Db, opts: { secretKey?: Buffer } = {}): MetadataStore {
  return {
    db,
    ...createRepositories(db, opts),
    transaction: (fn) => db.transaction((tx) => fn(createRepositories(tx, opts))),
    close: () => db.close(),
  };
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * PostgreSQL: migrations (and the app role's grants) as the owner, then the
 * app's pool as `datalabs_app`. Returns the app database.
 */
async function openPostgres(opts: MetadataStoreOptions): Promise<{ db: Db; migration?: MigrationOutcome }> {
  const appUrl = opts.databaseUrl!;
  const ownerUrl = opts.ownerUrl ?? appUrl;
  let migration: MigrationOutcome | undefined;
  const owner = await createDb({ ...dbOptionsFor(opts), databaseUrl: ownerUrl, maxConnections: 1 });
  try {
    if (opts.migrate !== false) migration = await runMigrations(owner, { logger: opts.logger });
    if (opts.ownerUrl && opts.ownerUrl !== appUrl) {
      const appUser = decodeURIComponent(new URL(appUrl).username || '');
      const ownerUser = (await owner.query<{ u: string }>('SELECT current_user AS u')).rows[0]?.u;
      if (appUser && appUser !== ownerUser && appUser !== APP_ROLE) {
        const member = await owner.query<{ m: boolean }>("SELECT pg_has_role($1, $2, 'MEMBER') AS m", [appUser, APP_ROLE]).catch(() => ({ rows: [{ m: false }] }));
        if (!member.rows[0]?.m) {
          await owner.exec(`GRANT ${APP_ROLE} TO ${quoteIdent(appUser)}`).catch((err: Error) => {
            throw new DatalabsError('CONFIG_INVALID', `DATABASE_OWNER_URL: cannot grant ${APP_ROLE} to ${appUser} (${err.message.split('\n')[0]})`);
          });
        }
      }
    }
  } finally {
    await owner.close();
  }
  const db = await createDb({ ...dbOptionsFor(opts), appRole: APP_ROLE });
  return { db, migration };
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
  let db: Db;
  let migration: MigrationOutcome | undefined;
  if (opts.databaseUrl) ({ db, migration } = await openPostgres(opts));
  else {
    db = await createDb(dbOptionsFor(opts));
    try {
      migration = opts.migrate === false ? undefined : await runMigrations(db, { logger: opts.logger });
    } catch (err) {
      await db.close().catch(() => undefined);
      throw err;
    }
  }
  try {
    if (migration?.applied.length) opts.logger?.info({ applied: migration.applied, store: db.description }, 'metadata store migrated');
    const store = createMetadataStore(db, { secretKey: opts.secretKey });
    if (opts.secretKey) {
      const changed = await store.transaction(async (repos) => {
        const ids = await repos.workspaces.encryptLegacyPasswords();
        for (const id of ids) await repos.audit.append({ workspaceId: id, actor: 'system', action: 'workspace.secret_encrypted', detail: {} });
        return ids;
      });
      if (changed.length) opts.logger?.info({ workspaces: changed }, 'encrypted clear-text ClickHouse passwords');
    }
    return { ...store, migration };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
