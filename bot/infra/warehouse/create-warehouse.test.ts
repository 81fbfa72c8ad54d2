import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from './create-warehouse.ts';
import { ENGINE_NICE } from './engine-supervisor.ts';
import type { Warehouse } from '../../contracts/warehouse.ts';

describe('embedded warehouse (chDB in its own engine process)', () => {
  let dir: string;
  let wh: Warehouse;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-wh-'));
    wh = createWarehouse({ kind: 'embedded', dataDir: dir });
  });
  afterAll(async () => {
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its data under <dataDir>/clickhouse', async () => {
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS t');
    await wh.admin.command('CREATE TABLE IF NOT EXISTS t.kv (k String, v UInt64) ENGINE = MergeTree ORDER BY k');
    await wh.admin.command("INSERT INTO t.kv VALUES ('a', 1), ('b', 2), ('c', 3)");
    expect(fs.existsSync(path.join(dir, 'clickhouse', 'status'))).toBe(true);
    expect(wh.kind).toBe('embedded');
  });

  it('reports the rows the engine read, not the rows it returned', async () => {
    const r = await wh.reader.query('SELECT count() FROM t.kv WHERE v > 1');
    expect(r.rows).toEqual([[2]]);
    expect(r.stats.rowsRead).toBe(3);
    expect(r.stats.bytesRead).toBeGreaterThan(0);
    const cut = await wh.reader.query('SELECT number FROM numbers(100)', { maxRows: 10 });
    expect(cut.rows).toHaveLength(10);
    expect(cut.truncated).toBe(true);
    expect(cut.stats.rowsRead).toBe(100);
    const none = await wh.reader.query('SELECT k FROM t.kv WHERE v > 100');
    expect(none.rows).toEqual([]);
    expect(none.columns).toEqual([{ name: 'k', type: 'String' }]);
  });

  it('returns typed columns, numbers as numbers, and engine statistics', async () => {
    const r = await wh.reader.query("SELECT k, v, toDate('2025-01-02') AS d, v / 2 AS half FROM t.kv ORDER BY k");
    expect(r.columns).toEqual([
      { name: 'k', type: 'String' },
      { name: 'v', type: 'UInt64' },
      { name: 'd', type: 'Date' },
      { name: 'half', type: 'Float64' },
    ]);
    expect(r.rows).toEqual([
      ['a', 1, '2025-01-02', 0.5],
      ['b', 2, '2025-01-02', 1],
      ['c', 3, '2025-01-02', 1.5],
    ]);
    expect(r.truncated).toBe(false);
    expect(r.stats.rowsRead).toBe(3);
  });

  it('caps rows itself and says the result was cut', async () => {
    const r = await wh.reader.query('SELECT number FROM numbers(1000)', { maxRows: 5 });
    expect(r.rows).toHaveLength(5);
    expect(r.truncated).toBe(true);
  });

  it('streams rows and lets the caller stop early', async () => {
    const s = wh.reader.stream('SELECT number FROM numbers(100000)');
    let n = 0;
    for await (const row of s) {
      expect(row).toEqual([n]);
      if (++n === 3) break;
    }
    expect(await s.columns).toEqual([{ name: 'number', type: 'UInt64' }]);
  });

  it('carries ClickHouse error codes in typed errors', async () => {
    await expect(wh.reader.query('SELECT * FROM t.missing')).rejects.toMatchObject({ code: 'WAREHOUSE_ERROR', clickhouseCode: 60 });
    await expect(wh.reader.query('SELEC 1')).rejects.toMatchObject({ code: 'WAREHOUSE_ERROR', clickhouseCode: 62 });
  });

  it('leaves no output of a failed query in the next result on the same connection', async () => {
    await expect(wh.reader.query('SELECT number, throwIf(number = 70000) FROM numbers(100000)')).rejects.toMatchObject({ clickhouseCode: 395 });
    expect((await wh.reader.query('SELECT 42 AS x')).rows).toEqual([[42]]);
    await expect(wh.reader.explainAst('SELECT throwIf(1) FROM nowhere.at_all WHERE')).rejects.toBeTruthy();
    expect((await wh.reader.query('SELECT 43 AS x')).rows).toEqual([[43]]);
    await expect(wh.admin.query('SELECT throwIf(1)')).rejects.toBeTruthy();
    expect((await wh.admin.query('SELECT 44 AS x')).rows).toEqual([[44]]);
  });

  it('runs the engine, and the threads it starts, at a lower CPU priority than this process', async () => {
    expect((await wh.reader.query('SELECT count() FROM numbers(1000000)')).rows).toEqual([[1000000]]);
    const pid = (wh as unknown as { engine: { stats: { pid?: number } } }).engine.stats.pid!;
    expect(os.getPriority(pid)).toBeGreaterThanOrEqual(ENGINE_NICE);
    // Linux keeps a nice value per thread: ClickHouse's query threads must have inherited it.
    const tasks = fs.readdirSync(`/proc/${pid}/task`);
    const niced = tasks.filter((tid) => os.getPriority(Number(tid)) >= ENGINE_NICE);
    expect(niced.length).toBeGreaterThan(Math.floor(tasks.length / 2));
    expect(os.getPriority(0)).toBeLessThan(ENGINE_NICE);
  });

  it('cancels a query at its client deadline', async () => {
    const err = await wh.reader.query('SELECT sleepEachRow(0.5) FROM numbers(5)', { timeoutMs: 200 }).catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_TIMEOUT');
    expect(err.message).toMatch(/200 ms/);
    // The engine could not stop that query: it is killed after a short grace and started again.
    const engine = (wh as unknown as { engine: { stats: { kills: number } } }).engine;
    for (let i = 0; i < 100 && engine.stats.kills === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(engine.stats.kills).toBe(1);
    expect((await wh.reader.query('SELECT 7 AS x')).rows).toEqual([[7]]);
  });

  it('maps ClickHouse limit errors to one-line messages', async () => {
    const err = await wh.reader.query('SELECT count() FROM numbers(100000)', { settings: { max_rows_to_read: 1000 } }).catch((e) => e);
    expect(err.clickhouseCode).toBe(158);
    expect(err.message).not.toContain('\n');
  });

  it('keeps reader settings away from the admin connection', async () => {
    await wh.reader.query('SELECT 1', { settings: { readonly: 2 } });
    await expect(wh.reader.query('SELECT 1', { settings: { readonly: 2 } })).resolves.toBeTruthy();
    await wh.admin.command('CREATE TABLE t.after_readonly (x UInt8) ENGINE = Memory');
    const r = await wh.admin.query("SELECT count() FROM system.tables WHERE database = 't' AND name = 'after_readonly'");
    expect(r.rows[0][0]).toBe(1);
  });

  it('tells a second process which process holds the data dir', async () => {
    const script = `
      import { createWarehouse } from ${JSON.stringify(path.resolve(import.meta.dirname, 'create-warehouse.ts'))};
      try { createWarehouse({ kind: 'embedded', dataDir: ${JSON.stringify(dir)} }); console.log('opened'); }
      catch (e) { console.log(e.code + ' ' + e.message); }
    `;
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '../../..') });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => resolve(text.trim()));
    });
    expect(out).toMatch(new RegExp(`^DATA_DIR_LOCKED .*in use by process ${process.pid}`));
    expect(out).toMatch(/CLICKHOUSE_URL/);
  });
});

describe('server warehouse', () => {
  it('reports an unreachable server as WAREHOUSE_UNAVAILABLE without leaking credentials', async () => {
    const wh = createWarehouse({ kind: 'server', url: 'http://127.0.0.1:1', user: 'u', password: 'secret-pw' });
    expect(wh.description).not.toContain('secret-pw');
    const err = await wh.reader.query('SELECT 1', { timeoutMs: 5000 }).catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(err.message).not.toContain('secret-pw');
    await wh.close();
  });
});
