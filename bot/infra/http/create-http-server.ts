/**
 * The shared HTTP server of `datalabs serve`: adapters' webhook routes,
 * `/healthz` (alive), `/readyz` (its dependencies reachable) and `/metrics`
 * (Prometheus text format).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Logger } from '../../contracts/logger.ts';
import type { HttpRoute } from '../../contracts/chat.ts';

/** A request's pathname, a response's metric label. */
const TAG = Symbol('datalabs http tag');
type Tagged<T> = T & { [TAG]?: string };

/** A plain absolute path (`/slack/events`) is its own pathname; anything else goes through URL's parser (and may throw). */
const PLAIN_PATH = /^\/[A-Za-z0-9_\-/]*$/;
function pathOf(url: string | undefined): string {
  if (url !== undefined && PLAIN_PATH.test(url) && !url.includes('//')) return url;
  return new URL(url ?? '/', 'http://localhost').pathname;
}

export interface HttpServerOptions {
  port: number;
  host?: string;
  routes: HttpRoute[];
  logger: Logger;
  /** Checked by /healthz; a throw makes it answer 503. */
  health?: () => Promise<Record<string, unknown>>;
  /** Checked by /readyz: 200 when `ok`, else 503; the report is the body (bot/infra/metrics/readiness.ts). Absent: /readyz answers as /healthz. */
  ready?: () => Promise<{ ok: boolean }>;
  registry?: client.Registry;
  /** Bodies declared larger than this are refused with 413 before any route reads them (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface RunningHttpServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const registry = opts.registry ?? new client.Registry();
  if (!opts.registry) client.collectDefaultMetrics({ register: registry });
  // Requests are counted in plain numbers, one per route and status, and added to the counter when it is read (a
  // scrape): prom-client hashes a labels object on every inc, once per request of a webhook burst.
  const counted = new Map<string, { labels: { route: string; status: string }; n: number }>();
  new client.Counter({
    name: 'datalabs_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
    collect() {
      for (const c of counted.values()) if (c.n) { this.inc(c.labels, c.n); c.n = 0; }
    },
  });
  const count = (route: string, status: number): void => {
    const k = `${route} ${status}`;
    const c = counted.get(k);
    if (c) c.n++;
    else counted.set(k, { labels: { route, status: String(status) }, n: 1 });
  };
  const routes = new Map(opts.routes.filter((r) => !r.prefix).map((r) => [`${r.method} ${r.path}`, r]));
  // Prefix routes (the answer pages under /a/), longest prefix first.
  const prefixRoutes = opts.routes.filter((r) => r.prefix).sort((a, b) => b.path.length - a.path.length);
  const routeOf = (method: string | undefined, pathname: string) => routes.get(`${method} ${pathname}`) ?? prefixRoutes.find((r) => r.method === method && pathname.startsWith(r.path));
  const maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
  const own = new Set(['/healthz', '/readyz', '/metrics']);
  function onRequestError(this: Tagged<http.IncomingMessage>, err: Error): void {
    opts.logger.warn({ err: oneLine(err), path: this[TAG] }, 'HTTP request stream failed');
  }
  function onFinish(this: Tagged<http.ServerResponse>): void {
    count(this[TAG] ?? 'other', this.statusCode);
  }
  // Every request is behind this boundary: a throw or rejection anywhere in a route becomes
  // one log line and a 5xx, never an unhandled rejection that ends the process.
  const server = http.createServer((req, res) => {
    let pathname: string;
    try {
      pathname = pathOf(req.url);
    } catch {
      opts.logger.warn({ url: String(req.url).slice(0, 100) }, 'HTTP request with a malformed URL refused');
      req.resume();
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    const route = routeOf(req.method, pathname);
    const label = own.has(pathname) ? pathname : route ? route.path : 'other';
    // Listeners shared by every request (this server's), their context on the request: no closures per request.
    (req as Tagged<http.IncomingMessage>)[TAG] = pathname;
    (res as Tagged<http.ServerResponse>)[TAG] = label;
    req.on('error', onRequestError);
    res.on('finish', onFinish);
    // A route's handler runs in this turn (no promise in between for the webhooks that come in bursts).
    let pending: void | Promise<void>;
    try {
      pending = route && req.method === 'POST' ? routeRequest(route, pathname, req, res) : handle(req, res, pathname, route);
    } catch (err) {
      failed(err, pathname, res);
      return;
    }
    if (pending) pending.catch((err: unknown) => failed(err, pathname, res));
  });
  function failed(err: unknown, pathname: string, res: http.ServerResponse): void {
    opts.logger.error({ err, path: pathname }, 'HTTP handler failed');
    if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
  }
  function routeRequest(route: HttpRoute, pathname: string, req: http.IncomingMessage, res: http.ServerResponse): void | Promise<void> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      opts.logger.warn({ path: pathname, bytes: declared, limit: maxBodyBytes }, 'HTTP request body too large');
      req.resume();
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('request body too large');
      return;
    }
    return route.handler(req, res);
  }
  async function handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, route: HttpRoute | undefined): Promise<void> {
    if (req.method === 'GET' && (pathname === '/healthz' || (pathname === '/readyz' && !opts.ready))) {
      try {
        const detail = (await opts.health?.()) ?? {};
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...detail }));
      } catch (err) {
        res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: String((err as Error).message).split('\n')[0] }));
      }
      return;
    }
    if (req.method === 'GET' && pathname === '/readyz' && opts.ready) {
      const report = await opts.ready();
      res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
      return;
    }
    if (req.method === 'GET' && pathname === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
      return;
    }
    if (!route) {
      req.resume();
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    await routeRequest(route, pathname, req, res);
  }
  // Malformed HTTP (bad request line, oversized headers): a 400 and a log line.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    opts.logger.warn({ err: oneLine(err), code: err.code }, 'malformed HTTP request refused');
    if (socket.writable && !(err.code === 'ECONNRESET')) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  server.on('error', (err) => opts.logger.error({ err: oneLine(err) }, 'HTTP server error'));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An error as one loggable line (no stack, no body echoed). */
function oneLine(err: unknown): { message: string; code?: string } {
  const e = err as { message?: unknown; code?: unknown } | undefined;
  const message = String(e?.message ?? err).split('\n')[0].slice(0, 300);
  return typeof e?.code === 'string' ? { message, code: e.code } : { message };
}
