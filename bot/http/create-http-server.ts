/**
 * The shared HTTP server of `datalabs serve`: adapters' webhook routes,
 * `/healthz` and `/metrics` (Prometheus text format).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Logger } from '../logger.ts';
import type { HttpRoute } from '../types/chat.ts';

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: HttpRoute[];
  logger: Logger;
  /** Checked by /healthz; a throw makes it answer 503. */
  health?: () => Promise<Record<string, unknown>>;
  registry?: client.Registry;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const registry = opts.registry ?? new client.Registry();
  if (!opts.registry) client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({ name: 'datalabs_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [registry] });
  const routes = new Map(opts.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    res.on('finish', () => requests.inc({ route: routes.has(`${req.method} ${pathname}`) || ['/healthz', '/metrics'].includes(pathname) ? pathname : 'other', status: String(res.statusCode) }));
    try {
      if (req.method === 'GET' && pathname === '/healthz') {
        try {
          const detail = (await opts.health?.()) ?? {};
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...detail }));
        } catch (err) {
          res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: String((err as Error).message).split('\n')[0] }));
        }
        return;
      }
      if (req.method === 'GET' && pathname === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
        return;
      }
      const route = routes.get(`${req.method} ${pathname}`);
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      await route.handler(req, res);
    } catch (err) {
      opts.logger.error({ err, path: pathname }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
