/**
 * `datalabs serve`: every chat adapter whose token is set, plus the HTTP
 * server (webhooks, /healthz, /metrics), in one process. Adapters hand each
 * message to the inbound pipeline (record → queue → ack); this process answers
 * queued messages too unless `--no-answer` (then `datalabs worker`s do, on
 * Redis). Stops cleanly on SIGINT/SIGTERM.
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createApp, SERVE_APP_OPTIONS } from '../create-app.ts';
import { startHttpServer } from '../../infra/http/create-http-server.ts';
import { createConfiguredAdapters } from '../adapters.ts';
import { createAnswering } from '../create-answering.ts';
import { createAlerting, type Alerting } from '../create-alerting.ts';
import { createMcpHttp } from '../mcp/mcp-http.ts';
import { createMcpAccess } from '../mcp/mcp-access.ts';
import { datalabsVersion } from './mcp-command.ts';
import { createMetrics, dependencyReadiness } from '../../infra/metrics/index.ts';
import { createWebRoutes } from '../web/web-routes.ts';

export async function runServe(ctx: { config: Config; logger: Logger }, opts: { port?: number; answer?: boolean } = {}): Promise<number> {
  const { config, logger } = ctx;
  const answer = opts.answer !== false;
  if (!answer && !config.queue.redisUrl) throw new DatalabsError('CONFIG_INVALID', 'REDIS_URL: serve --no-answer leaves answers to `datalabs worker`s, which take them from Redis');
  // Last resort: every HTTP route and platform handler has its own error boundary; anything
  // that still escapes is logged as a bug instead of ending the process for every chat.
  const onUnhandled = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection (a handler lacks an error boundary)');
  process.on('unhandledRejection', onUnhandled);
  // One registry for the process: question, ack, ClickHouse, chart, queue, alert and LLM metrics at /metrics.
  const metrics = createMetrics();
  const app = await createApp(config, logger, { ...SERVE_APP_OPTIONS, metrics });
  const readiness = dependencyReadiness({ warehouse: app.warehouse, db: app.store?.db, redisUrl: config.queue.redisUrl });
  const adapters = createConfiguredAdapters(config, logger, app.store!.adapterMemory);
  const inbound = createAnswering(app, { adapters, answer });
  // MCP over streamable HTTP at /mcp (a workspace token per client: datalabs mcp token create).
  const mcp = createMcpHttp({ access: createMcpAccess({ store: app.store!, now: () => new Date() }), contexts: app.tools, store: app.store!, logger: logger.child({ part: 'mcp' }), version: datalabsVersion() });
  const http = await startHttpServer({
    port: opts.port ?? config.env.PORT,
    logger,
    // Answer pages at /a/<id>, sign-in at /login and the console at /w/<id> (PUBLIC_URL set).
    routes: [...adapters.flatMap((a) => a.httpRoutes?.() ?? []), ...mcp.routes, ...(app.web ? createWebRoutes({ web: app.web, logger: logger.child({ part: 'web' }) }) : [])],
    registry: metrics.registry,
    // Alive: the process answers HTTP. Whether ClickHouse, the store and Redis answer is /readyz's question.
    ready: () => readiness.check(),
    health: async () => {
      return { warehouse: app.warehouse.kind, adapters: adapters.map((a) => a.platform), queue: config.queue.redisUrl ? 'redis' : 'memory', answering: answer };
    },
  });
  let alerting: Alerting | undefined;
  const shutdown = async () => {
    await alerting?.close().catch((err) => logger.warn({ err }, 'alerting did not close cleanly'));
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await mcp.close();
    await http.close();
    await readiness.close();
    await inbound.close().catch((err) => logger.warn({ err }, 'answer queue did not close cleanly'));
    await app.close();
    process.off('unhandledRejection', onUnhandled);
  };
  try {
    for (const adapter of adapters) await adapter.start(inbound.receive);
    // Alert rules: in-process scheduler, or BullMQ job schedulers when REDIS_URL is set (shared with workers).
    alerting = await createAlerting(app, { adapters });
    await alerting.start();
  } catch (err) {
    await shutdown();
    throw err;
  }
  // Query history retention: purge once at start and then daily.
  const purge = () => app.workspaces?.purgeHistory().then((n) => n && logger.info({ removed: n }, 'old query history purged'), (err) => logger.warn({ err }, 'history purge failed'));
  void purge();
  const purgeTimer = setInterval(purge, 24 * 3600_000);
  purgeTimer.unref();
  process.stderr.write(
    `datalabs serve: http on :${http.port} (MCP at /mcp${app.web ? `; answer pages at ${config.web!.publicUrl}/a/…, console at /w/<id>` : ''}); adapters: ${adapters.map((a) => a.platform).join(', ') || 'none (set SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN or DISCORD_TOKEN)'}; queue: ${config.queue.redisUrl ? 'redis' : 'in-process'}${answer ? '' : ' (answers left to workers)'}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  clearInterval(purgeTimer);
  await shutdown();
  return 0;
}
