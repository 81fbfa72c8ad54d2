/**
 * One answer pipeline per workspace: its ClickHouse (the process default or
 * its own server), a guard over its allow-list, and a query agent over the
 * semantic models of the databases it may read. Built on first use and
 * rebuilt when the workspace's settings change.
 */
import type { Config } from './config/load-config.ts';
import type { Logger } from '../contracts/logger.ts';
import type { Warehouse } from '../contracts/warehouse.ts';
import type { Workspace } from '../contracts/workspace.ts';
import { createAnswerer, type Answerer } from '../core/answer/index.ts';
import { createWarehouse } from '../infra/warehouse/index.ts';
import { loadModels } from '../infra/semantic/load-models.ts';
import { createSqlGuard, type SqlGuard } from '../../agents/guard/index.ts';
import { createQueryAgent } from '../../agents/query/index.ts';
import { createInsightResponder } from '../../agents/insight/index.ts';
import type { ChartRenderer } from '../../renderers/index.ts';
import { intersectWithCeiling } from '../core/workspace/ceiling.ts';
import { DatalabsError } from '../contracts/errors.ts';
import type { ClaudeEngine, UsageLedger } from '../../agents/claude/types.ts';
import type { Metrics } from '../contracts/metrics.ts';
import { instrumentWarehouse } from '../infra/metrics/instrument-warehouse.ts';

/** Claude for every pipeline of the process (ANTHROPIC_API_KEY), and where its usage goes. */
export interface PipelineClaude {
  engine: ClaudeEngine;
  ledger?: UsageLedger;
}

export interface WorkspaceAnswerers {
  forWorkspace(workspace: Workspace): Promise<Answerer>;
  close(): Promise<void>;
}

/**
 * One answer pipeline: a guard over the allow-list with the configured limits,
 * a query agent over the semantic models of the readable databases, charts.
 */
/**
 * The SQL guard of one scope (a workspace's allow-list) with the operator's
 * limits — the one every path that runs a user's or a model's SQL uses
 * (answers, Claude and MCP tools).
 */
export function createWorkspaceGuard(reader: Warehouse['reader'], config: Config, scope: { allowedDatabases: string[]; allowedTables: string[] }, logger: Logger): SqlGuard {
  // One readable database: a table written without one ("FROM orders") is read there, as ClickHouse's current
  // database would be; the guard qualifies it and checks it again. With several, the database must be named.
  const only = scope.allowedDatabases.length === 1 && scope.allowedTables.every((t) => t.startsWith(`${scope.allowedDatabases[0]}.`)) ? scope.allowedDatabases[0] : undefined;
  return createSqlGuard(reader, {
    allowedDatabases: scope.allowedDatabases,
    allowedTables: scope.allowedTables,
    ...(only ? { defaultDatabase: only } : {}),
    limits: {
      maxExecutionTimeSec: Math.max(1, Math.ceil(config.limits.timeoutMs / 1000)),
      maxResultRows: config.limits.maxResultRows + 1,
      maxRowsToRead: config.limits.maxRowsToRead,
      maxMemoryBytes: config.limits.maxMemoryBytes,
    },
  }, { logger });
}

export async function createPipeline(deps: {
  config: Config;
  logger: Logger;
  warehouse: Warehouse;
  allowedDatabases: string[];
  allowedTables?: string[];
  charts: ChartRenderer;
  chartsDir: string | null;
  /** Whose queries these are: the warehouse caps concurrent queries per tenant. */
  tenant?: string;
  /** The workspace's model set (`<modelsDir>/<set>/<database>.yaml` read first); null: the models directory. */
  modelSet?: string | null;
  /** Claude as the second engine; absent: offline only. */
  claude?: PipelineClaude;
  /** The workspace Claude's usage counts against; null/absent: the process's default. */
  workspaceId?: number | null;
  /** Question, ClickHouse and chart metrics (serve, worker); absent: nothing measured. */
  metrics?: Metrics;
}): Promise<Answerer> {
  const { config } = deps;
  const warehouse = deps.metrics ? instrumentWarehouse(deps.warehouse, deps.metrics, deps.logger.child({ part: 'warehouse' })) : deps.warehouse;
  const allowedTables = deps.allowedTables ?? [];
  const guard = createWorkspaceGuard(warehouse.reader, config, { allowedDatabases: deps.allowedDatabases, allowedTables }, deps.logger);
  const databases = [...new Set([...deps.allowedDatabases, ...allowedTables.map((t) => t.split('.')[0])])];
  const models = await loadModels({ databases, modelsDir: config.modelsDir, modelSet: deps.modelSet, reader: warehouse.reader, logger: deps.logger });
  const agent = models.length ? createQueryAgent({ models: models.map((m) => m.model), maxRows: config.limits.maxResultRows }) : undefined;
  return createAnswerer({
    warehouse,
    guard,
    agent,
    charts: deps.charts,
    chartsDir: deps.chartsDir,
    limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows },
    logger: deps.logger,
    tenant: deps.tenant,
    metrics: deps.metrics,
    // Anomaly and forecast questions, through the same guard, reader and limits.
    insight: agent ? createInsightResponder({ models: models.map((m) => m.model), agent, guard, reader: warehouse.reader, limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows }, tenant: deps.tenant }) : undefined,
    claude: deps.claude
      ? {
          engine: deps.claude.engine,
          ledger: deps.claude.ledger,
          workspaceId: deps.workspaceId ?? null,
          // The same reader, guard, allow-list and limits as the offline path: Claude sees only what the workspace may read.
          tools: {
            reader: warehouse.reader,
            guard,
            scope: { allowedDatabases: deps.allowedDatabases, allowedTables },
            models: models.map((m) => m.model),
            limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows },
            tenant: deps.tenant,
            charts: deps.charts,
          },
        }
      : undefined,
  });
}

export function createWorkspaceAnswerers(deps: { config: Config; logger: Logger; defaultWarehouse: Warehouse; chartsDir: string | null; charts: ChartRenderer; claude?: PipelineClaude; metrics?: Metrics }): WorkspaceAnswerers {
  const { config, logger } = deps;
  const cache = new Map<number, { key: string; answerer: Promise<Answerer>; warehouse?: Warehouse }>();

  async function build(ws: Workspace, own?: Warehouse): Promise<Answerer> {
    // The operator's ceiling bounds every workspace, whatever its stored row says.
    const allowed = intersectWithCeiling(ws, config.allowedDatabases);
    return createPipeline({
      config,
      logger,
      warehouse: own ?? deps.defaultWarehouse,
      allowedDatabases: allowed.allowedDatabases,
      allowedTables: allowed.allowedTables,
      charts: deps.charts,
      chartsDir: deps.chartsDir,
      tenant: `workspace:${ws.id}`,
      modelSet: ws.semanticModel,
      claude: deps.claude,
      workspaceId: ws.id,
      metrics: deps.metrics,
    });
  }

  return {
    forWorkspace(ws) {
      if (ws.clickhouse?.passwordError) return Promise.reject(new DatalabsError('CONFIG_INVALID', ws.clickhouse.passwordError));
      const key = JSON.stringify([ws.clickhouse, ws.allowedDatabases, ws.allowedTables, ws.semanticModel]);
      const hit = cache.get(ws.id);
      if (hit?.key === key) return hit.answerer;
      if (hit?.warehouse) void hit.warehouse.close();
      const warehouse = ws.clickhouse ? createWarehouse({ kind: 'server', url: ws.clickhouse.url, user: ws.clickhouse.user, password: ws.clickhouse.password, database: ws.clickhouse.database }) : undefined;
      const answerer = build(ws, warehouse);
      answerer.catch(() => cache.delete(ws.id));
      cache.set(ws.id, { key, answerer, warehouse });
      return answerer;
    },
    async close() {
      await Promise.allSettled([...cache.values()].map((c) => c.warehouse?.close()));
      cache.clear();
    },
  };
}
