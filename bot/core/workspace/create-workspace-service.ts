/**
 * The workspace layer of the chat core. It answers three questions for every
 * message — which workspace is this chat bound to, who is this person there,
 * and may they do this — and owns the workspace commands: `/datalabs setup`,
 * `/datalabs admin …`, `/history`, `/rerun`, `/save`, `/saved`, `/unsave`, `/run`.
 *
 * How the core uses it (bot/core/conversation/create-chat-core.ts):
 *
 * ```ts
 * const reply = await workspaces.handleCommand(message, { run });   // undefined: not ours
 * if (reply) return reply;
 * const ctx = await workspaces.resolve(message.conversation, message.user);
 * if (!ctx) return workspaces.unboundReply();                          // one-line how-to
 * workspaces.authorize(ctx, message.kind === 'sql' ? 'sql' : 'ask');   // FORBIDDEN otherwise
 * const guard = createSqlGuard(reader, { ...limits, ...workspaces.guardPolicy(ctx.workspace) });
 * … answer …
 * await workspaces.recordQuery(ctx, { kind, question, sql, outcome, durationMs, rowCount });
 * ```
 *
 * `run` is how `/rerun`, `/run` and the Save-and-run paths execute a query:
 * the service has already checked the permission, the core answers
 * `request.text` (a question, or SQL when `request.kind === 'sql'`) through the
 * workspace's guard, records it with `origin: request.origin`, and returns the
 * Reply. Errors are thrown as DatalabsError (BAD_INPUT with the usage,
 * FORBIDDEN, NOT_FOUND) with one-line messages; the core renders them.
 *
 * Composed of: resolver.ts (binding, role, setup), query-log.ts (history,
 * audit of queries, saved queries), admin-commands.ts (`/datalabs admin …`),
 * chat-commands.ts (the other commands and /help lines).
 */
import { isDatalabsError, oneLine } from '../../contracts/errors.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import { createAdminCommands } from './admin-commands.ts';
import { createAdminOps } from './admin-ops.ts';
import { intersectWithCeiling } from './ceiling.ts';
import { createChatCommands } from './chat-commands.ts';
import { createQueryLog } from './query-log.ts';
import { createResolver } from './resolver.ts';
import { requirePermission } from './roles.ts';
import { templatesFor } from './templates.ts';
import type { SetupPolicy, WorkspaceService, WorkspaceServiceOptions } from './workspace-service-types.ts';

export * from './workspace-service-types.ts';

export function createWorkspaceService(opts: WorkspaceServiceOptions): WorkspaceService {
  const { store, logger } = opts;
  const now = opts.now ?? (() => new Date());
  const admin = createAdminOps(store, { ceiling: opts.ceiling });
  const policy: SetupPolicy = opts.setup ?? { mode: 'invite' };
  const historyRetentionDays = opts.historyRetentionDays ?? null;
  const templates = (ws: Workspace) => templatesFor(ws.semanticModel ?? opts.defaultSemanticModel ?? 'demo');
  const resolver = createResolver({ store, admin, logger, defaults: opts.defaults, policy });
  const log = createQueryLog({ store, historyRetentionDays });
  const adminCommands = createAdminCommands({ store, admin, historyRetentionDays });
  const commands = createChatCommands({ store, resolver, log, adminCommands, templates });

  return {
    resolve: resolver.resolve,
    resolveIn: resolver.resolveIn,
    unboundReply: resolver.unboundReply,
    authorize: (ctx, permission) => requirePermission(ctx.role, permission),
    guardPolicy: (ws) => intersectWithCeiling(ws, opts.ceiling),
    async handleCommand(message, o) {
      try {
        return await commands.handleCommand(message, o);
      } catch (err) {
        if (!isDatalabsError(err)) logger.error({ err, messageId: message.id }, 'workspace command failed');
        else logger.info({ code: err.code, messageId: message.id }, oneLine(err));
        throw err;
      }
    },
    recordQuery: log.recordQuery,
    recordAction: log.recordAction,
    saveLast: log.saveLast,
    setup: resolver.setup,
    async ensureWorkspace(conversation, user, name) {
      return (await resolver.resolve(conversation, user)) ?? resolver.setup(conversation, user, name);
    },
    helpLines: commands.helpLines,
    templates,
    purgeHistory: (at) => log.purgeHistory(at ?? now()),
    admin,
  };
}
