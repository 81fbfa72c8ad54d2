/**
 * `datalabs serve`: every chat adapter whose token is set, plus the HTTP
 * server (webhooks, /healthz, /metrics), in one process. Stops cleanly on
 * SIGINT/SIGTERM.
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { createApp, SERVE_APP_OPTIONS } from '../create-app.ts';
import { startHttpServer } from '../../infra/http/create-http-server.ts';
import { createConfiguredAdapters } from '../adapters.ts';

export async function runServe(ctx: { config: Config; logger: Logger }, opts: { port?: number } = {}): Promise<number> {
  const { config, logger } = ctx;
  // Last resort: every HTTP route and platform handler has its own error boundary; anything
  // that still escapes is logged as a bug instead of ending the process for every chat.
  const onUnhandled = (reason: unknown) => logger.error({ err: reason }, 'unhandled rejection (a handler lacks an error boundary)');
  process.on('unhandledRejection', onUnhandled);
  const app = await createApp(config, logger, { ...SERVE_APP_OPTIONS });
  const adapters = createConfiguredAdapters(config, logger);
  const http = await startHttpServer({
    port: opts.port ?? config.env.PORT,
    logger,
    routes: adapters.flatMap((a) => a.httpRoutes?.() ?? []),
    health: async () => {
      await app.warehouse.ping();
      return { warehouse: app.warehouse.kind, adapters: adapters.map((a) => a.platform) };
    },
  });
  try {
    for (const adapter of adapters) await adapter.start((message) => app.core.handle(adapter, message));
  } catch (err) {
    await Promise.allSettled(adapters.map((a) => a.stop()));
    await http.close();
    await app.close();
    process.off('unhandledRejection', onUnhandled);
    throw err;
  }
  // Query history retention: purge once at start and then daily.
  const purge = () => app.workspaces?.purgeHistory().then((n) => n && logger.info({ removed: n }, 'old query history purged'), (err) => logger.warn({ err }, 'history purge failed'));
  void purge();
  const purgeTimer = setInterval(purge, 24 * 3600_000);
  purgeTimer.unref();
  process.stderr.write(`datalabs serve: http on :${http.port}; adapters: ${adapters.map((a) => a.platform).join(', ') || 'none (set SLACK_BOT_TOKEN, TELEGRAM_BOT_TOKEN or DISCORD_TOKEN)'}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('shutting down');
  clearInterval(purgeTimer);
  await Promise.allSettled(adapters.map((a) => a.stop()));
  await http.close();
  await app.close();
  process.off('unhandledRejection', onUnhandled);
  return 0;
}
