/**
 * Reader sessions are read-only from their creation (the first query of a
 * fresh process included), and errors carry fixed sentences, never the
 * engine's text (which can hold table data). Real chDB, nothing mocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';

const tmpDirs: string[] = [];
const tmp = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

async function exists(wh: Warehouse, db: string, table: string): Promise<boolean> {
  const r = await wh.admin.query(`SELECT count() FROM system.tables WHERE database = '${db}' AND name = '${table}'`);
  return r.rows[0][0] === 1;
}

describe('reader sessions are read-only from creation', () => {
  it('the very first reader query of a fresh warehouse cannot create or drop anything, even multi-statement', async () => {
    const wh = createWarehouse({ kind: 'embedded', dataDir: tmp('dl-ro-') });
    try {
      // First call of all: nothing ran before it on any reader session.
      await expect(wh.reader.query('CREATE TABLE default.made_by_reader (x UInt8) ENGINE = Memory')).rejects.toMatchObject({ code: 'WAREHOUSE_ERROR' });
      await expect(wh.reader.query('SELECT 1; CREATE TABLE default.made_by_multi (x UInt8) ENGINE = Memory')).rejects.toBeTruthy();
      await expect(wh.reader.query('CREATE TABLE default.made_loose (x UInt8) ENGINE = Memory', { settings: { readonly: 0 } })).rejects.toBeTruthy();
      await expect(wh.reader.explainAst('SELECT 1; CREATE TABLE default.made_by_explain (x UInt8) ENGINE = Memory')).rejects.toBeTruthy();
      await expect(wh.reader.query("INSERT INTO FUNCTION file('out.csv', 'CSV', 'x UInt8') SELECT 1")).rejects.toBeTruthy();
      for (const t of ['made_by_reader', 'made_by_multi', 'made_loose', 'made_by_explain']) expect(await exists(wh, 'default', t)).toBe(false);
      await wh.admin.command('CREATE TABLE default.keep (x UInt8) ENGINE = Memory');
      await expect(wh.reader.query('DROP TABLE default.keep')).rejects.toBeTruthy();
      await expect(wh.reader.query('SELECT 1; DROP TABLE default.keep')).rejects.toBeTruthy();
      expect(await exists(wh, 'default', 'keep')).toBe(true);
      // Reads still work, with the caller's limits.
      expect((await wh.reader.query('SELECT 1 AS one', { settings: { readonly: 2, max_result_rows: 10, result_overflow_mode: 'break' } })).rows).toEqual([[1]]);
      await expect(wh.reader.query('SELECT count() FROM numbers(100000)', { settings: { max_rows_to_read: 1000, read_overflow_mode: 'throw' } })).rejects.toMatchObject({ clickhouseCode: 158 });
      // EXPLAIN AST runs on a reader session.
      expect(await wh.reader.explainAst('SELECT 1')).toMatch(/SelectWithUnionQuery/);
    } finally {
      await wh.close();
    }
  }, 60_000);
});

describe('errors carry no data', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = createWarehouse({ kind: 'embedded', dataDir: tmp('dl-err-') });
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS secret');
    await wh.admin.command('CREATE TABLE secret.t (k String) ENGINE = MergeTree ORDER BY k');
    await wh.admin.command("INSERT INTO secret.t VALUES ('SECRET-TOKEN-123')");
  });
  afterAll(() => wh.close());

  it('a conversion error says a value could not be converted, not which', async () => {
    const err = await wh.reader.query("SELECT toInt32('SECRET-XYZ')").catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_ERROR');
    expect(err.clickhouseCode).toBe(6);
    expect(err.message).toMatch(/a value could not be converted/);
    expect(err.message).not.toContain('SECRET-XYZ');
    // The raw text stays on the cause for a debug log.
    expect(String(err.cause?.message)).toContain('SECRET-XYZ');
    const fromTable = await wh.reader.query('SELECT toInt64(k) FROM secret.t').catch((e) => e);
    expect(fromTable.message).not.toContain('SECRET-TOKEN-123');
    const streamed = await (async () => {
      for await (const _ of wh.reader.stream('SELECT toUInt8(k) FROM secret.t')) void _;
    })().catch((e) => e);
    expect(streamed.message).not.toContain('SECRET-TOKEN-123');
  });

  it('every error class has its own fixed sentence', async () => {
    const msg = async (sql: string, opts = {}) => (await wh.reader.query(sql, opts).catch((e) => e)).message as string;
    expect(await msg('SELEC 1')).toMatch(/syntax error/);
    expect(await msg('SELECT * FROM demo.orders')).toBe('ClickHouse error: unknown table or column (run `datalabs seed` if the demo data is missing)');
    expect(await msg("SELECT nope FROM secret.t WHERE k = 'SECRET-TOKEN-123'")).not.toContain('SECRET');
    expect(await msg('SELECT count() FROM numbers(100000)', { settings: { max_rows_to_read: 10 } })).toMatch(/more rows than allowed/);
    expect(await msg('SELECT groupArray(repeat(toString(number), 100)) FROM numbers(1000000)', { settings: { max_memory_usage: 10_000_000 } })).toMatch(/more memory than allowed/);
    expect(await msg("SELECT throwIf(k = 'SECRET-TOKEN-123', k) FROM secret.t")).not.toContain('SECRET');
    for (const m of [await msg('SELEC 1'), await msg('SELECT * FROM demo.orders')]) expect(m).not.toContain('\n');
  });

  it('the error a guard-less caller sees for a table function does not echo the file', async () => {
    const err = await wh.reader.query("SELECT * FROM file('/etc/hostname', 'CSV')").catch((e) => e);
    expect(err.code).toBe('WAREHOUSE_ERROR');
    expect(err.message).not.toMatch(/etc|hostname/);
  });
});

describe('one-line start errors', () => {
  it('an unusable DATALABS_DATA_DIR is named in one line', () => {
    const file = path.join(tmp('dl-file-'), 'not-a-dir');
    fs.writeFileSync(file, 'x');
    let err: any;
    try {
      createWarehouse({ kind: 'embedded', dataDir: file });
    } catch (e) {
      err = e;
    }
    expect(err?.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/^DATALABS_DATA_DIR: .*not-a-dir is not a directory/);
    expect(err.message).not.toContain('\n');
  });

  it('an engine that cannot open its directory fails queries with one line', async () => {
    const dir = tmp('dl-bad-');
    // ClickHouse's status file replaced by a directory: the engine cannot start there.
    fs.mkdirSync(path.join(dir, 'clickhouse', 'status'), { recursive: true });
    const wh = createWarehouse({ kind: 'embedded', dataDir: dir });
    const err = await wh.reader.query('SELECT 1', { timeoutMs: 30_000 }).catch((e) => e);
    await wh.close();
    expect(err.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(err.message).toMatch(/embedded ClickHouse engine/);
    expect(err.message).not.toContain('\n');
  }, 40_000);
});

describe('server mode', () => {
  afterEach(() => vi.restoreAllMocks());
  it('an unreachable server is one quiet line naming host and port, no credentials', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    const wh = createWarehouse({ kind: 'server', url: 'http://u:secret-pw@127.0.0.1:1', password: 'secret-pw' });
    const err = await wh.reader.query('SELECT 1', { timeoutMs: 5000 }).catch((e) => e);
    const adminErr = await wh.admin.command('CREATE DATABASE x', { timeoutMs: 5000 }).catch((e) => e);
    await wh.close();
    expect(err.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(err.message).toBe('ClickHouse at http://127.0.0.1:1 is unreachable (ECONNREFUSED)');
    expect(adminErr.message).toBe('ClickHouse at http://127.0.0.1:1 is unreachable (ECONNREFUSED)');
    expect(wh.description).not.toContain('secret-pw');
    for (const s of spies) expect(s).not.toHaveBeenCalled();
  });
});
