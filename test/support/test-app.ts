/**
 * A real app (embedded chDB, guard, answerer, chat core) on a freshly seeded
 * temp data dir, for integration tests. chDB locks a data dir to one
 * process, so each test file gets its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';

export const TEST_NOW = new Date('2025-06-30T18:00:00Z');
export const TEST_END_DATE = '2025-06-30';

export interface TestApp extends App {
  dataDir: string;
  /** Closes the app and removes the data dir. */
  dispose(): Promise<void>;
}

export async function createTestApp(opts: { scale?: number; env?: Record<string, string>; seed?: boolean; metadata?: boolean; chartWorkers?: boolean } = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-test-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...opts.env }, { readDotenv: false });
  const logger = createLogger(config.env.LOG_LEVEL);
  const app = await createApp(config, logger, { now: TEST_NOW, metadata: opts.metadata, chartWorkers: opts.chartWorkers, pgliteDir: opts.metadata && !opts.env?.DATABASE_URL ? 'memory://' : undefined });
  if (opts.seed !== false) await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: opts.scale ?? 0.01 });
  return Object.assign(app, {
    dataDir,
    async dispose() {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
