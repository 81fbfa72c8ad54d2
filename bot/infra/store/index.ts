export type { Db, DbKind, DbResult, Queryable } from './db.ts';
export { createDb, redactUrl, type DbOptions } from './create-db.ts';
export { MIGRATIONS, MIGRATION_LOCK_KEY, runMigrations, currentVersion, type Migration, type MigrationOutcome } from './migrations.ts';
export {
  openMetadataStore,
  createMetadataStore,
  createRepositories,
  dbOptionsFor,
  type MetadataStore,
  type MetadataStoreOptions,
  type Repositories,
} from './create-metadata-store.ts';
export type { WorkspaceRepo, NewWorkspace, WorkspacePatch } from './workspace-repo.ts';
export type { MemberRepo, ChatUser } from './member-repo.ts';
export { type HistoryRepo, type SavedQueryRepo, type NewHistoryEntry, type NewSavedQuery, type HistoryFilter } from './history-repo.ts';
export type { AuditRepo, NewAuditEntry } from './audit-repo.ts';
export type { ConversationRepo } from './conversation-repo.ts';
export * from '../../contracts/workspace.ts';
