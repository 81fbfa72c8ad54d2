/**
 * `datalabs worker`: answers queued chat messages (from Redis) in a process of
 * its own, beside any number of `serve` replicas. It builds the chat adapters
 * for sending only — it never receives platform events — and shares the
 * metadata store (PostgreSQL), the queue (Redis) and the ClickHouse server with
 * them. Embedded chDB and PGlite are one process each, so a worker needs the
 * servers. Stops cleanly on SIGINT/SIGTERM, finishing the answers under way.
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createApp, SERVE_APP_OPTIONS } from '../create-app.ts';
import { createConfiguredAdapters } from '../adapters.ts';
import { createAnswering } from '../create-answering.ts';
import { createAlerting } from '../create-alerting.ts';
import { startHttpServer, type RunningHttpServer } from '../../infra/http/create-http-server.ts';
import { createMetrics, dependencyReadiness } from '../../infra/metrics/index.ts';

/** One line naming what a worker lacks, or undefined. */
export function workerConfigProblem(config: Config): string | undefined {
  if (!config.queue.redisUrl) return 'REDIS_URL: datalabs worker takes answer jobs from Redis; set REDIS_URL (the same for serve and every worker)';
  if (config.warehouse.kind === 'embedded') return 'CLICKHOUSE_URL: datalabs worker needs a ClickHouse server; embedded chDB belongs to one process, where `datalabs serve` answers';
  if (!config.env.DATABASE_URL) return 'DATABASE_URL: datalabs worker shares the metadata store with serve; embedded PGlite belongs to one process';
  return undefined;
}

export async function runWorker(ctx: { config: Config; logger: Logger }): Promise<number> {
  const { config, logger } = ctx;
  const problem = workerConfigProblem(config);
  if (problem) throw new DatalabsError('CONFIG_INVALID', problem);
  const onUnhandled = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection (a handler lacks an error boundary)');
  process.on('unhandledRejection', onUnhandled);
  const metrics = createMetrics();
  const app = await createApp(config, logger, { ...SERVE_APP_OPTIONS, metrics });
  const adapters = createConfiguredAdapters(config, logger, app.store!.adapterMemory);
  const inbound = createAnswering(app, { adapters, answer: true });
  // Alert rules: BullMQ job schedulers on the same Redis; every worker takes ticks.
  const alerting = await createAlerting(app, { adapters });
  await alerting.start();
  // WORKER_PORT: /healthz, /readyz and /metrics for probes and Prometheus (answers are measured where they run: here).
  const readiness = dependencyReadiness({ warehouse: app.warehouse, db: app.store?.db, redisUrl: config.queue.redisUrl });
  let http: RunningHttpServer | undefined;
  if (config.env.WORKER_PORT !== undefined) {
    http = await startHttpServer({ port: config.env.WORKER_PORT, logger, routes: [], registry: metrics.registry, ready: () => readiness.check(), health: async () => ({ role: 'worker', answering: true }) });
    process.stderr.write(`datalabs worker: http on :${http.port} (/healthz, /readyz, /metrics)\n`);
  }
  process.stderr.write(`datalabs worker: answering for ${adapters.map((a) => a.platform).join(', ') || 'no platform (set SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN or DISCORD_TOKEN)'}; ${config.queue.concurrency} at a time\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  await alerting.close().catch((err) => logger.warn({ err }, 'alerting did not close cleanly'));
  await inbound.close().catch((err) => logger.warn({ err }, 'answer queue did not close cleanly'));
  await http?.close();
  await readiness.close();
  await app.close();
  process.off('unhandledRejection', onUnhandled);
  return 0;
}
