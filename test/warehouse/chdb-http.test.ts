/**
 * Our server warehouse (the real @clickhouse/client) against a loopback
 * ClickHouse HTTP endpoint over chDB in its own process (test/support/
 * clickhouse-http; a stand-in for a ClickHouse server, named as such). Several
 * processes share that one warehouse: this test, a `node -e` client, the CLI.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { startChdbHttp, type ChdbHttp } from '../support/clickhouse-http/start-chdb-http.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'pw-chdb-http';
const GUARDED = { readonly: 1, max_execution_time: 10, max_result_rows: 1000, max_memory_usage: 1_000_000_000 };

/** Raw HTTP to the endpoint, for what the warehouse does not show (status, headers, body). */
async function raw(url: string, sql: string, params = '', auth = `default:${PASSWORD}`) {
  const res = await fetch(`${url}/?${params}`, { method: 'POST', body: sql, headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('server warehouse over a loopback ClickHouse HTTP endpoint on chDB', () => {
  let dir: string;
  let ch: ChdbHttp;
  let wh: Warehouse;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chdb-http-test-'));
    ch = await startChdbHttp({ dataDir: path.join(dir, 'clickhouse'), password: PASSWORD });
    wh = createWarehouse({ kind: 'server', url: ch.url, user: 'default', password: PASSWORD, database: 'default' });
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS shop');
    await wh.admin.command('CREATE TABLE shop.sales (id UInt32, region String, amount Float64, big UInt64) ENGINE = MergeTree ORDER BY id');
    await wh.admin.command(
      "INSERT INTO shop.sales SELECT number, ['north', 'south', 'east', 'west'][number % 4 + 1], number / 10, 9007199254740993 + number FROM numbers(1000)",
    );
  });
  afterAll(async () => {
    await wh?.close();
    await ch?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers /ping and refuses a wrong password with 516', async () => {
    expect(await (await fetch(`${ch.url}/ping`)).text()).toBe('Ok.\n');
    const bad = await raw(ch.url, 'SELECT 1', '', 'default:wrong');
    expect(bad.status).toBe(403);
    expect(bad.headers.get('x-clickhouse-exception-code')).toBe('516');
    expect(bad.body).toMatch(/^Code: 516\. DB::Exception: .*\(AUTHENTICATION_FAILED\) \(version [\d.]+\)\n$/);
    const other = createWarehouse({ kind: 'server', url: ch.url, user: 'default', password: 'nope' });
    try {
      const err = await other.reader.query('SELECT 1').catch((e) => e);
      expect(err.clickhouseCode).toBe(516);
      expect(err.message).not.toMatch(/Authentication failed/);
    } finally {
      await other.close();
    }
  });

  it('reads columns, rows and real statistics with the guard limits set', async () => {
    const r = await wh.reader.query('SELECT region, count() AS n, round(sum(amount), 1) AS total, max(big) AS top FROM shop.sales GROUP BY region ORDER BY region', {
      settings: GUARDED,
      maxRows: 3,
    });
    expect(r.columns).toEqual([
      { name: 'region', type: 'String' },
      { name: 'n', type: 'UInt64' },
      { name: 'total', type: 'Float64' },
      { name: 'top', type: 'UInt64' },
    ]);
    expect(r.rows).toEqual([
      ['east', 250, 12500, Number('9007199254741991')],
      ['north', 250, 12450, Number('9007199254741989')],
      ['south', 250, 12475, Number('9007199254741990')],
    ]);
    expect(r.truncated).toBe(true);
    // rows read by the engine, not rows returned
    expect(r.stats.rowsRead).toBe(1000);
    expect(r.stats.bytesRead).toBeGreaterThan(1000);
    expect(r.stats.elapsedMs).toBeGreaterThan(0);
    const all = await wh.reader.query('SELECT id FROM shop.sales ORDER BY id LIMIT 10', { settings: GUARDED });
    expect(all.rows.map((x) => x[0])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(all.truncated).toBe(false);
    // 64-bit integers are copied out of the engine's text verbatim
    const text = await raw(ch.url, "SELECT max(big) AS top FROM shop.sales WHERE region = 'east'\nFORMAT JSONCompactEachRowWithNamesAndTypes", 'output_format_json_quote_64bit_integers=0');
    expect(text.body).toBe('["top"]\n["UInt64"]\n[9007199254741991]\n');
    expect(JSON.parse(text.headers.get('x-clickhouse-summary')!)).toMatchObject({ read_rows: '1000', result_rows: '1' });
  });

  it('binds {name:Type} parameters as the server does', async () => {
    const tricky = "it's a \\ back\tslash";
    const r = await wh.reader.query('SELECT {s:String} AS s, {n:UInt32} + 1 AS n, {a:Array(String)} AS a, count() AS c FROM shop.sales WHERE region = {r:String}', {
      settings: GUARDED,
      params: { s: tricky, n: 41, a: ["o'k", 'x\\y'], r: 'west' },
    });
    expect(r.rows).toEqual([[tricky, 42, ["o'k", 'x\\y'], 250]]);
  });

  it('streams rows', async () => {
    const s = wh.reader.stream('SELECT id FROM shop.sales ORDER BY id', { settings: GUARDED, maxRows: 25 });
    const got: unknown[][] = [];
    for await (const row of s) got.push(row);
    expect(got).toHaveLength(25);
    expect(await s.columns).toEqual([{ name: 'id', type: 'UInt32' }]);
    expect(await wh.reader.explainAst('SELECT 1')).toMatch(/SelectWithUnionQuery/);
    await wh.ping();
  });

  it('keeps a read-only request from leaking into admin commands', async () => {
    const denied = await wh.reader.query('INSERT INTO shop.sales (id) VALUES (5000)', { settings: GUARDED }).catch((e) => e);
    expect(denied.clickhouseCode).toBe(164);
    await wh.admin.command('CREATE TABLE IF NOT EXISTS shop.scratch (x UInt8) ENGINE = Memory');
    await wh.admin.command('INSERT INTO shop.scratch VALUES (1)');
    const r = await wh.admin.query('SELECT count() FROM shop.scratch');
    expect(r.rows).toEqual([[1]]);
    // and a setting of one request is not the next one's
    await wh.reader.query('SELECT 1', { settings: { ...GUARDED, max_result_rows: 7 } });
    const s = await wh.admin.query("SELECT getSetting('max_result_rows'), getSetting('readonly')");
    expect(s.rows).toEqual([[0, 0]]);
  });

  it('gives our fixed sentence for a bad query, and refuses a second statement', async () => {
    const err = await wh.reader.query('SELECT no_such_column FROM shop.sales', { settings: GUARDED }).catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_ERROR');
    expect(err.clickhouseCode).toBe(47);
    expect(err.message).toBe('ClickHouse error: unknown table, column or function');
    const syntax = await wh.reader.query('SELEC 1', { settings: GUARDED }).catch((e) => e);
    expect(syntax.message).toBe('ClickHouse could not parse the query (syntax error)');

    const multi = await wh.admin.command('SELECT 1; DROP TABLE shop.sales').catch((e) => e);
    expect(multi.clickhouseCode).toBe(62);
    const tricks = [
      "SELECT ';' ; DROP TABLE shop.sales", 'SELECT 1 /* ; /* nested */ ; */ ; DROP TABLE shop.sales', 'SELECT $x$;$x$; DROP TABLE shop.sales',
      'SELECT $a$ ; DROP TABLE shop.sales',
      'SELECT 1 AS $a, 2 AS b$ ; DROP TABLE shop.sales; SELECT $a b$',
      'INSERT INTO format VALUES (1); DROP TABLE shop.sales',
    ];
    for (const sql of tricks) {
      const e = await raw(ch.url, sql);
      expect(e.status, sql).toBe(400);
      expect(e.body).toMatch(/Multi-statements are not allowed/);
    }
    expect((await raw(ch.url, 'SELECT 1; -- trailing comment\n')).body).toBe('1\n');
    const tag = `$${'t'.repeat(300)}$`;
    expect((await raw(ch.url, `SELECT ${tag};${tag}`)).body).toBe(';\n');
    // the data after INSERT … FORMAT name is data, semicolons included
    await wh.admin.command('CREATE TABLE shop.notes (s String) ENGINE = Memory');
    expect((await raw(ch.url, 'INSERT INTO shop.notes FORMAT TSV\na;b\n; DROP TABLE shop.sales\n')).status).toBe(200);
    expect((await wh.admin.query('SELECT s FROM shop.notes ORDER BY s')).rows).toEqual([['; DROP TABLE shop.sales'], ['a;b']]);
    expect((await wh.admin.query('SELECT count() FROM shop.sales')).rows).toEqual([[1000]]);
  });

  it('abandons a slow query at its deadline and keeps serving', async () => {
    const t0 = performance.now();
    const err = await wh.reader.query('SELECT sleepEachRow(0.4) FROM numbers(5)', { settings: { ...GUARDED, max_block_size: 1 }, timeoutMs: 400 }).catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_TIMEOUT');
    expect(performance.now() - t0).toBeLessThan(1500);
    const r = await wh.reader.query('SELECT count() FROM shop.sales', { settings: GUARDED });
    expect(r.rows).toEqual([[1000]]);
    // KILL QUERY answers a still-waiting client at once (the engine finishes the query in the background)
    const slow = raw(ch.url, 'SELECT sleepEachRow(0.4) FROM numbers(5)', 'query_id=slow-1&max_block_size=1');
    await new Promise((done) => setTimeout(done, 150));
    const t1 = performance.now();
    expect((await raw(ch.url, 'KILL QUERY WHERE query_id = {id:String} ASYNC', 'param_id=slow-1')).status).toBe(200);
    const killed = await slow;
    expect(performance.now() - t1).toBeLessThan(1000);
    expect(killed.headers.get('x-clickhouse-exception-code')).toBe('394');
  });

  it('is one warehouse for several processes', async () => {
    const script = `
      import { createClient } from '@clickhouse/client';
      const c = createClient({ url: process.env.CH_URL, username: 'default', password: process.env.CH_PASSWORD, compression: { response: true, request: true } });
      await c.insert({ table: 'shop.sales', values: [{ id: 7001, region: 'child', amount: 1.5, big: 1 }], format: 'JSONEachRow' });
      const rs = await c.query({ query: 'SELECT count() AS n FROM shop.sales', format: 'JSONEachRow' });
      process.stdout.write(JSON.stringify(await rs.json()));
      await c.close();
    `;
    const child = run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, CH_URL: ch.url, CH_PASSWORD: PASSWORD } });
    // this process keeps reading while the other one writes
    const mine = await Promise.all([1, 2, 3].map(() => wh.reader.query('SELECT count() FROM shop.sales', { settings: GUARDED })));
    for (const r of mine) expect([1000, 1001]).toContain(r.rows[0][0]);
    const { stdout } = await child;
    expect(JSON.parse(stdout)).toEqual([{ n: 1001 }]);
    const seen = await wh.reader.query("SELECT id, amount FROM shop.sales WHERE region = 'child'", { settings: GUARDED });
    expect(seen.rows).toEqual([[7001, 1.5]]);
  });

  it('seeds the demo through the CLI and answers a question from it', async () => {
    const env = {
      ...process.env,
      CLICKHOUSE_URL: ch.url,
      CLICKHOUSE_USER: 'default',
      CLICKHOUSE_PASSWORD: PASSWORD,
      CLICKHOUSE_DATABASE: '',
      DATALABS_DATA_DIR: path.join(dir, 'datalabs'),
      DATALABS_NOW: '',
      ANTHROPIC_API_KEY: '',
      DATABASE_URL: '',
      REDIS_URL: '',
    };
    const cli = path.join(ROOT, 'bin/datalabs.js');
    const seeded = await run(process.execPath, [cli, 'seed', '--scale', '0.02', '--end-date', '2025-06-30'], { cwd: dir, env });
    expect(seeded.stdout).toMatch(/demo\.orders\s+[\d,]+ rows/);
    expect(seeded.stdout).toContain(ch.url);
    const asked = await run(process.execPath, [cli, 'ask', 'revenue by month', '--json', '--no-chart', '--now', '2025-06-30T00:00:00Z'], { cwd: dir, env });
    const answer = JSON.parse(asked.stdout.trim().split('\n').pop()!);
    expect(answer.columns.map((c: { name: string }) => c.name)).toEqual(['month', 'total_revenue']);
    expect(answer.rows.length).toBeGreaterThan(6);
    expect(answer.rowsRead).toBeGreaterThan(0);
  });
});
