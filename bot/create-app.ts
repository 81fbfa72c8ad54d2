/**
 * Wiring by hand: config → warehouse, guard, query agent, answerer, chat core.
 * Every entry point (CLI ask, console, serve) builds the app here.
 */
import path from 'node:path';
import type { Config } from './config/load-config.ts';
import type { Logger } from './logger.ts';
import { createWarehouse } from './warehouse/index.ts';
import { createAnswerer, type Answerer } from './answer/index.ts';
import { createChatCore, type ChatCore } from './conversation/index.ts';
import { createSqlGuard, type SqlGuard } from '../agents/guard/index.ts';
import type { Warehouse } from './types/warehouse.ts';
import { createChartPool, createInlineChartRenderer } from '../renderers/index.ts';
import { createQueryAgent, type QueryAgent } from '../agents/query/index.ts';
import { loadModels } from './semantic/load-models.ts';
import { openMetadataStore, type MetadataStore } from './store/index.ts';
import { createWorkspaceService, type WorkspaceService } from './workspace/index.ts';
import { createWorkspaceAnswerers } from './workspace-answerers.ts';

export interface App {
  config: Config;
  logger: Logger;
  warehouse: Warehouse;
  guard: SqlGuard;
  answerer: Answerer;
  core: ChatCore;
  /** Workspaces and metadata, when opened with `metadata: true`. */
  store?: MetadataStore;
  workspaces?: WorkspaceService;
  /** "Now" for relative dates: fixed by --now / DATALABS_NOW, else the clock. */
  now: () => Date;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  now?: Date;
  /** Write chart PNGs to disk (default true). */
  writeCharts?: boolean;
  /** Open the metadata store and answer chats per workspace (chat, serve). */
  metadata?: boolean;
  /** PGlite directory override (`memory://` in tests). */
  pgliteDir?: string;
  /** Render charts on worker threads (servers: keeps webhook acks fast). */
  chartWorkers?: boolean;
}

export async function createApp(config: Config, logger: Logger, opts: CreateAppOptions = {}): Promise<App> {
  const warehouse = createWarehouse(config.warehouse);
  const fixed = opts.now ?? config.fixedNow;
  const now = () => fixed ?? new Date();
  const guard = createSqlGuard(warehouse.reader, {
    allowedDatabases: config.allowedDatabases,
    limits: {
      maxExecutionTimeSec: Math.max(1, Math.ceil(config.limits.timeoutMs / 1000)),
      maxResultRows: config.limits.maxResultRows + 1,
      maxRowsToRead: config.limits.maxRowsToRead,
      maxMemoryBytes: config.limits.maxMemoryBytes,
    },
  });
  const models = await loadModels({ databases: config.allowedDatabases, modelsDir: config.modelsDir, reader: warehouse.reader, logger });
  const agent: QueryAgent | undefined = models.length ? createQueryAgent({ models: models.map((m) => m.model) }) : undefined;
  const charts = opts.chartWorkers ? createChartPool() : createInlineChartRenderer();
  const answerer = createAnswerer({
    warehouse,
    guard,
    agent,
    charts,
    chartsDir: opts.writeCharts === false ? null : path.join(config.dataDir, 'charts'),
    limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows },
    logger,
  });
  const chartsDir = opts.writeCharts === false ? null : path.join(config.dataDir, 'charts');
  let store: MetadataStore | undefined;
  let workspaces: WorkspaceService | undefined;
  let perWorkspace: ReturnType<typeof createWorkspaceAnswerers> | undefined;
  if (opts.metadata) {
    try {
      store = await openMetadataStore({ databaseUrl: config.env.DATABASE_URL, dataDir: config.dataDir, pgliteDir: opts.pgliteDir, logger });
    } catch (err) {
      await warehouse.close();
      throw err;
    }
    workspaces = createWorkspaceService({
      store,
      logger,
      defaults: { allowedDatabases: config.allowedDatabases },
      historyRetentionDays: config.env.HISTORY_RETENTION_DAYS ?? null,
      now,
    });
    perWorkspace = createWorkspaceAnswerers({ config, logger, defaultWarehouse: warehouse, chartsDir, charts });
  }
  const core = createChatCore({
    answerer,
    logger,
    now,
    naturalLanguage: Boolean(agent),
    workspaces: workspaces && perWorkspace ? { service: workspaces, answererFor: (ws) => perWorkspace!.forWorkspace(ws) } : undefined,
  });
  return {
    config,
    logger,
    warehouse,
    guard,
    answerer,
    core,
    store,
    workspaces,
    now,
    async close() {
      await perWorkspace?.close();
      await store?.close();
      await charts.close();
      await warehouse.close();
    },
  };
}
