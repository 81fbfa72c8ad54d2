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
import { createQueryAgent, type QueryAgent } from '../agents/query/index.ts';
import { loadModels } from './semantic/load-models.ts';

export interface App {
  config: Config;
  logger: Logger;
  warehouse: Warehouse;
  guard: SqlGuard;
  answerer: Answerer;
  core: ChatCore;
  /** "Now" for relative dates: fixed by --now / DATALABS_NOW, else the clock. */
  now: () => Date;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  now?: Date;
  /** Write chart PNGs to disk (default true). */
  writeCharts?: boolean;
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
  const answerer = createAnswerer({
    warehouse,
    guard,
    agent,
    chartsDir: opts.writeCharts === false ? null : path.join(config.dataDir, 'charts'),
    limits: { timeoutMs: config.limits.timeoutMs, maxResultRows: config.limits.maxResultRows },
    logger,
  });
  const core = createChatCore({ answerer, logger, now, naturalLanguage: Boolean(agent) });
  return {
    config,
    logger,
    warehouse,
    guard,
    answerer,
    core,
    now,
    close: () => warehouse.close(),
  };
}
