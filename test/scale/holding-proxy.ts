/**
 * A loopback HTTP proxy in front of a platform fake that can hold a request:
 * `holdNext(match)` arms it, and the next matching request is neither
 * forwarded nor answered — the caller hangs exactly there, mid-answer — until
 * `dropHeld()` closes its connection. Everything else is forwarded unchanged.
 * Used to kill a worker at a known point (its first Slack Web API call of an
 * answer) without a timing guess.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldRequest {
  method: string;
  path: string;
  body: string;
}

export interface HoldingProxy {
  readonly url: string;
  /** Requests forwarded (method + path), in order. */
  readonly forwarded: string[];
  /** Holds the next request for which `match` is true; resolves when it arrives. */
  holdNext(match: (req: HeldRequest) => boolean): Promise<HeldRequest>;
  /** Closes the connections of held requests (their callers see a reset). */
  dropHeld(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const forwarded: string[] = [];
  const held: http.ServerResponse[] = [];
  let armed: { match: (req: HeldRequest) => boolean; resolve: (req: HeldRequest) => void } | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const seen: HeldRequest = { method: req.method ?? 'GET', path: req.url ?? '/', body: body.toString('utf8') };
      if (armed?.match(seen)) {
        const { resolve } = armed;
        armed = undefined;
        held.push(res);
        resolve(seen);
        return;
      }
      forwarded.push(`${seen.method} ${seen.path}`);
      const headers = { ...req.headers };
      delete headers.host;
      const out = http.request(new URL(seen.path, target), { method: seen.method, headers }, (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      out.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${err.message}`);
        else res.destroy();
      });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    forwarded,
    holdNext(match) {
      return new Promise((resolve) => {
        armed = { match, resolve };
      });
    },
    dropHeld() {
      for (const res of held.splice(0)) res.destroy();
    },
    async close() {
      armed = undefined;
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
