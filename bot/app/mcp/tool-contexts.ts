/**
 * A workspace's context for the data tools (agents/tools): its ClickHouse
 * (the process default or its own server), a SQL guard over its allow-list
 * cut to the operator's ceiling, with the configured limits, and the semantic
 * models of the databases it may read. Built on first use and rebuilt when the
 * workspace's settings change, like its answer pipeline (pipelines.ts).
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { Warehouse } from '../../contracts/warehouse.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { loadModels } from '../../infra/semantic/load-models.ts';
import { intersectWithCeiling } from '../../core/workspace/ceiling.ts';
import { createWorkspaceGuard } from '../pipelines.ts';
import type { ToolContext, ToolScope } from '../../../agents/tools/index.ts';
import type { ChartRenderer } from '../../../renderers/index.ts';

/** A ToolContext without its per-conversation session. */
export type WorkspaceToolContext = Omit<ToolContext, 'session' | 'signal'>;

export interface ToolContexts {
  /** The context of a workspace (null: the process's own scope, `DATALABS_ALLOWED_DATABASES`). */
  forWorkspace(workspace: Workspace | null): Promise<WorkspaceToolContext>;
  close(): Promise<void>;
}

/** The guard, models and limits of one scope on one warehouse. */
export async function buildToolContext(deps: { config: Config; logger: Logger; warehouse: Warehouse; scope: ToolScope; modelSet?: string | null; tenant?: string; charts?: ChartRenderer }): Promise<WorkspaceToolContext> {
  const { config, warehouse, scope } = deps;
  const guard = createWorkspaceGuard(warehouse.reader, config, scope, deps.logger);
  const databases = [...new Set([...scope.allowedDatabases, ...scope.allowedTables.map((t) => t.split('.')[0])])];
  const models = await loadModels({ databases, modelsDir: config.modelsDir, modelSet: deps.modelSet, reader: warehouse.reader, logger: deps.logger });
  return {
    reader: warehouse.reader,
    guard,
    scope,
    models: models.map((m) => m.model),
    limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows },
    tenant: deps.tenant,
    charts: deps.charts,
  };
}

export function createToolContexts(deps: { config: Config; logger: Logger; defaultWarehouse: Warehouse; charts?: ChartRenderer }): ToolContexts {
  const { config, logger } = deps;
  const cache = new Map<number, { key: string; ctx: Promise<WorkspaceToolContext>; warehouse?: Warehouse }>();
  let own: Promise<WorkspaceToolContext> | undefined;

  return {
    forWorkspace(ws) {
      if (!ws) {
        own ??= buildToolContext({ config, logger, warehouse: deps.defaultWarehouse, scope: { allowedDatabases: [...config.allowedDatabases], allowedTables: [] }, charts: deps.charts });
        return own;
      }
      if (ws.clickhouse?.passwordError) return Promise.reject(new DatalabsError('CONFIG_INVALID', ws.clickhouse.passwordError));
      const key = JSON.stringify([ws.clickhouse, ws.allowedDatabases, ws.allowedTables, ws.semanticModel]);
      const hit = cache.get(ws.id);
      if (hit?.key === key) return hit.ctx;
      if (hit?.warehouse) void hit.warehouse.close();
      const warehouse = ws.clickhouse ? createWarehouse({ kind: 'server', url: ws.clickhouse.url, user: ws.clickhouse.user, password: ws.clickhouse.password, database: ws.clickhouse.database }) : undefined;
      // The operator's ceiling bounds every workspace, whatever its stored row says.
      const scope = intersectWithCeiling(ws, config.allowedDatabases);
      const ctx = buildToolContext({ config, logger, warehouse: warehouse ?? deps.defaultWarehouse, scope, modelSet: ws.semanticModel, tenant: `workspace:${ws.id}`, charts: deps.charts });
      ctx.catch(() => cache.delete(ws.id));
      cache.set(ws.id, { key, ctx, warehouse });
      return ctx;
    },
    async close() {
      await Promise.allSettled([...cache.values()].map((c) => c.warehouse?.close()));
      cache.clear();
    },
  };
}
