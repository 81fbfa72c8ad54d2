/**
 * What the workspace keeps of each query: the history entry and, for SQL that
 * reached the guard or the engine, the audit entry (committed together);
 * saved queries; and the history purge.
 */
import type { HistoryEntry, SavedQuery, Workspace } from '../../contracts/workspace.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import { requirePermission } from './roles.ts';
import { actorOf } from './resolver.ts';
import type { QueryRecord, WorkspaceContext } from './workspace-service-types.ts';

export interface QueryLog {
  recordQuery(ctx: WorkspaceContext, record: QueryRecord): Promise<HistoryEntry>;
  recordAction(workspaceId: number | null, actor: string, action: string, detail: Record<string, unknown>): Promise<void>;
  uniqueSavedName(ws: Workspace, base: string): Promise<string>;
  saveEntry(ctx: WorkspaceContext, entry: HistoryEntry, name: string, replace: boolean): Promise<SavedQuery>;
  saveLast(ctx: WorkspaceContext, name: string, opts?: { replace?: boolean }): Promise<SavedQuery>;
  purgeHistory(now: Date): Promise<number>;
}

export function createQueryLog(deps: { store: MetadataStore; historyRetentionDays: number | null }): QueryLog {
  const { store } = deps;
  const authorize = (ctx: WorkspaceContext, permission: Parameters<typeof requirePermission>[1]) => requirePermission(ctx.role, permission);

  async function recordQuery(ctx: WorkspaceContext, r: QueryRecord): Promise<HistoryEntry> {
    return store.transaction(async (repos) => {
      const entry = await repos.history.add({
        workspaceId: ctx.workspace.id,
        memberId: ctx.member?.id ?? null,
        platform: ctx.conversation.platform,
        workspaceKey: ctx.conversation.workspaceKey,
        channelId: ctx.conversation.channelId,
        threadId: ctx.conversation.threadId ?? null,
        userId: ctx.user.userId,
        userName: ctx.user.displayName ?? null,
        kind: r.kind,
        origin: r.origin ?? 'chat',
        question: r.question,
        sql: r.sql ?? null,
        outcome: r.outcome,
        errorCode: r.errorCode ?? null,
        errorMessage: r.errorMessage ?? null,
        durationMs: r.durationMs ?? null,
        rowCount: r.rowCount ?? null,
      });
      if (r.audit) {
        await repos.audit.append({
          workspaceId: ctx.workspace.id,
          actor: actorOf(ctx.user),
          action: r.audit === 'rejected' ? 'sql.rejected' : 'sql.execute',
          detail: {
            history: entry.id,
            sql: r.sql ?? r.question,
            outcome: r.audit,
            origin: r.origin ?? 'chat',
            user: actorOf(ctx.user),
            ...(r.errorCode ? { errorCode: r.errorCode } : {}),
            ...(r.rowCount != null ? { rows: r.rowCount } : {}),
            ...(r.durationMs != null ? { ms: r.durationMs } : {}),
            ...(r.explained ? { explained: true } : {}),
            ...(r.alsoRan?.length ? { alsoRan: r.alsoRan } : {}),
          },
        });
      }
      return entry;
    });
  }

  async function uniqueSavedName(ws: Workspace, base: string): Promise<string> {
    for (let i = 1; i < 100; i++) {
      const name = i === 1 ? base : `${base.slice(0, 40)}-${i}`;
      if (!(await store.saved.get(ws.id, name))) return name;
    }
    throw new DatalabsError('BAD_INPUT', `too many saved queries named ${base}-…: pick a name with /save <name>`);
  }

  async function saveEntry(ctx: WorkspaceContext, entry: HistoryEntry, name: string, replace: boolean): Promise<SavedQuery> {
    return store.transaction(async (repos) => {
      const saved = await repos.saved.save(
        {
          workspaceId: ctx.workspace.id,
          name,
          kind: entry.kind,
          question: entry.question,
          sql: entry.sql,
          createdBy: ctx.member?.id ?? null,
          createdByUser: actorOf(ctx.user),
        },
        { replace },
      );
      await repos.audit.append({ workspaceId: ctx.workspace.id, actor: actorOf(ctx.user), action: 'saved.create', detail: { name, history: entry.id, replace } });
      return saved;
    });
  }

  async function saveLast(ctx: WorkspaceContext, name: string, o: { replace?: boolean } = {}): Promise<SavedQuery> {
    authorize(ctx, 'save');
    const [last] = await store.history.latest(ctx.workspace.id, { userId: ctx.user.userId, platform: ctx.user.platform, channelId: ctx.conversation.channelId, outcome: 'ok', limit: 1 });
    if (!last) throw new DatalabsError('NOT_FOUND', 'nothing to save yet: ask a question here first, then /save <name>');
    return saveEntry(ctx, last, name, o.replace ?? false);
  }

  return {
    recordQuery,
    async recordAction(workspaceId, actor, action, detail) {
      await store.audit.append({ workspaceId, actor, action, detail });
    },
    uniqueSavedName,
    saveEntry,
    saveLast,
    purgeHistory: (at) => store.history.purge({ now: at, defaultRetentionDays: deps.historyRetentionDays }),
  };
}
