/**
 * Server mode against a loopback fake ClickHouse HTTP endpoint (named as such:
 * it speaks only what these tests need). The real @clickhouse/client talks to
 * it: results are read only up to the caps, a deadline aborts the request and
 * sends KILL QUERY for its query_id, errors carry fixed sentences.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';

describe('server warehouse against a loopback fake ClickHouse', () => {
  let server: http.Server;
  let wh: Warehouse;
  const kills: string[] = [];
  let rowsWritten = 0;
  let streamClosed = false;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const sql = `${url.searchParams.get('query') ?? ''}${body}`;
        if (/KILL QUERY/.test(sql)) {
          kills.push(url.searchParams.get('param_id') ?? '');
          res.end();
          return;
        }
        if (/endless/.test(sql)) {
          res.writeHead(200, { 'Content-Type': 'text/plain', 'X-ClickHouse-Summary': JSON.stringify({ read_rows: '123', read_bytes: '456', elapsed_ns: '7000000' }) });
          res.write('["n"]\n["UInt64"]\n');
          let i = 0;
          const pump = () => {
            while (!res.destroyed && i < 50_000_000) {
              let chunk = '';
              for (let k = 0; k < 1000; k++) chunk += `[${i++}]\n`;
              rowsWritten = i;
              if (!res.write(chunk)) {
                res.once('drain', pump);
                return;
              }
            }
            res.end();
          };
          res.on('close', () => (streamClosed = true));
          pump();
          return;
        }
        if (/slow/.test(sql)) return; // never answers
        if (/secret/.test(sql)) {
          res.writeHead(500, { 'X-ClickHouse-Exception-Code': '6' });
          res.end("Code: 6. DB::Exception: Cannot parse string 'SECRET-TOKEN-123' as Int32: syntax error. (CANNOT_PARSE_TEXT) (version 25.1)\n");
          return;
        }
        res.writeHead(200, { 'X-ClickHouse-Summary': JSON.stringify({ read_rows: '1', read_bytes: '1', elapsed_ns: '1000' }) });
        res.end('["x"]\n["UInt8"]\n[1]\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    wh = createWarehouse({ kind: 'server', url: `http://127.0.0.1:${port}`, user: 'u', password: 'pw' });
  });
  afterAll(async () => {
    await wh.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('reads rows and statistics', async () => {
    const r = await wh.reader.query('SELECT 1 AS x');
    expect(r.columns).toEqual([{ name: 'x', type: 'UInt8' }]);
    expect(r.rows).toEqual([[1]]);
    expect(r.stats.rowsRead).toBe(1);
  });

  it('stops reading an endless result at the row cap', async () => {
    const t0 = performance.now();
    const r = await wh.reader.query('SELECT endless', { maxRows: 1000, timeoutMs: 20_000 });
    expect(r.rows).toHaveLength(1000);
    expect(r.truncated).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
    await vi.waitFor(() => expect(streamClosed).toBe(true), { timeout: 5000 });
    expect(rowsWritten).toBeLessThan(50_000_000);
  });

  it('streams rows and stops the server query when the caller stops', async () => {
    streamClosed = false;
    const s = wh.reader.stream('SELECT endless', { timeoutMs: 20_000 });
    let n = 0;
    for await (const row of s) {
      expect(row).toEqual([n]);
      if (++n === 5000) break;
    }
    expect(await s.columns).toEqual([{ name: 'n', type: 'UInt64' }]);
    await vi.waitFor(() => expect(streamClosed).toBe(true), { timeout: 5000 });
    const capped = wh.reader.stream('SELECT endless', { maxRows: 10, timeoutMs: 20_000 });
    const got: unknown[] = [];
    for await (const row of capped) got.push(row);
    expect(got).toHaveLength(10);
  });

  it('abandons a query at its deadline and kills it on the server', async () => {
    const before = kills.length;
    const t0 = performance.now();
    const err = await wh.reader.query('SELECT slow', { timeoutMs: 500 }).catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(2000);
    await vi.waitFor(() => expect(kills.length).toBe(before + 1), { timeout: 5000 });
    expect(kills.at(-1)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the server message (and the data in it) out of the error', async () => {
    const err = await wh.reader.query("SELECT toInt32(secret)").catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_ERROR');
    expect(err.clickhouseCode).toBe(6);
    expect(err.message).toBe('ClickHouse error: a value could not be converted');
  });
});
