/**
 * The embedded engine runs in its own killable process: a query that the
 * engine cannot stop does not stall the bot, other tenants keep being served,
 * huge results are cut before they reach this process, and the engine never
 * sees this process's environment. Real chDB, nothing mocked.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';

interface EngineView {
  engine: { stats: { kills: number; starts: number; lastStartMs: number; pid: number | undefined } };
}
const engineOf = (wh: Warehouse) => (wh as unknown as EngineView).engine;

/** Largest gap between ticks of a 20 ms interval while `run` is pending. */
async function maxLoopGap<T>(run: () => Promise<T>): Promise<{ gap: number; value: T }> {
  let last = performance.now();
  let gap = 0;
  const iv = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 20);
  try {
    const value = await run();
    return { gap, value };
  } finally {
    clearInterval(iv);
  }
}

const HEAVY = "SELECT editDistance(repeat('a', 60000), repeat(toString(number), 30000)) FROM numbers(30)";
const GUARD_LIKE = {
  readonly: 2,
  max_execution_time: 30,
  timeout_overflow_mode: 'throw',
  max_result_rows: 10000,
  result_overflow_mode: 'break',
  max_memory_usage: 2_000_000_000,
  max_rows_to_read: 100_000_000,
  read_overflow_mode: 'throw',
};

describe('embedded engine process', () => {
  const CANARY = `CANARY-${process.pid}-${Date.now()}`;
  let dir: string;
  let wh: Warehouse;

  beforeAll(async () => {
    process.env.DATALABS_TEST_CANARY = CANARY;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-wh-iso-'));
    wh = createWarehouse({ kind: 'embedded', dataDir: dir, readerSlots: 3, tenantConcurrency: 2, killGraceMs: 1000 });
    await wh.ping();
  });
  afterAll(async () => {
    delete process.env.DATALABS_TEST_CANARY;
    await wh.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a heavy query past its deadline times out promptly while another tenant is answered and the event loop keeps ticking', async () => {
    const kills = engineOf(wh).stats.kills;
    const t0 = performance.now();
    const { gap, value } = await maxLoopGap(async () => {
      const heavy = wh.reader.query(HEAVY, { timeoutMs: 2000, tenant: 'heavy', settings: GUARD_LIKE }).then(
        () => ({ err: undefined as any, ms: performance.now() - t0 }),
        (err) => ({ err, ms: performance.now() - t0 }),
      );
      await new Promise((r) => setTimeout(r, 300));
      const q0 = performance.now();
      const other = await wh.reader.query('SELECT count() FROM numbers(1000)', { tenant: 'other', timeoutMs: 10_000, settings: GUARD_LIKE });
      const otherMs = performance.now() - q0;
      return { heavy: await heavy, other, otherMs };
    });
    expect(value.other.rows).toEqual([[1000]]);
    expect(value.otherMs).toBeLessThan(1500);
    expect(value.heavy.err?.code).toBe('WAREHOUSE_TIMEOUT');
    expect(value.heavy.ms).toBeLessThan(2000 + 1500);
    expect(gap).toBeLessThan(500);
    // The engine could not stop it: it was killed and started again, and answers.
    for (let i = 0; i < 100 && engineOf(wh).stats.kills === kills; i++) await new Promise((r) => setTimeout(r, 50));
    expect(engineOf(wh).stats.kills).toBe(kills + 1);
    expect((await wh.reader.query('SELECT 1 + 1 AS two')).rows).toEqual([[2]]);
  }, 30_000);

  it('reads in flight when the engine is killed are retried once; admin work is not', async () => {
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS iso');
    await wh.admin.command('CREATE TABLE IF NOT EXISTS iso.t (x UInt32) ENGINE = MergeTree ORDER BY x');
    await wh.admin.command('INSERT INTO iso.t SELECT number FROM numbers(10)');
    const kills = engineOf(wh).stats.kills;
    const heavy = wh.reader.query(HEAVY, { timeoutMs: 1000, tenant: 'heavy' }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    // Still running (about 2.5 s) when the engine is killed at ~2 s.
    const read = wh.reader.query('SELECT sum(x) AS s, sum(sleepEachRow(0.25)) AS z FROM iso.t', { tenant: 'other', timeoutMs: 20_000 });
    const adminRun = wh.admin.query('SELECT sum(sleepEachRow(0.25)) FROM numbers(10)', { timeoutMs: 20_000 }).catch((e) => e);
    expect((await heavy).code).toBe('WAREHOUSE_TIMEOUT');
    const r = await read;
    expect(r.rows).toEqual([[45, 0]]);
    const adminErr = await adminRun;
    expect(adminErr.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(adminErr.message).toMatch(/not retried/);
    expect(adminErr.message).not.toContain('\n');
    expect(engineOf(wh).stats.kills).toBe(kills + 1);
  }, 30_000);

  it('a 60-million-row result is cut at the row cap in the engine process, not parsed here', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const { gap, value } = await maxLoopGap(() =>
      wh.reader.query('SELECT 0 FROM (SELECT arrayJoin(range(60000000)))', { settings: GUARD_LIKE, maxRows: 10000, timeoutMs: 60_000 }),
    );
    const ms = performance.now() - t0;
    expect(value.rows.length).toBeLessThanOrEqual(10000);
    expect(value.rows.length).toBeGreaterThan(0);
    expect(value.truncated).toBe(true);
    expect(ms).toBeLessThan(30_000);
    expect(gap).toBeLessThan(500);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  }, 90_000);

  it('cuts results at the byte cap too and says so', async () => {
    const r = await wh.reader.query("SELECT repeat('x', 1000) AS s FROM numbers(100000)", { maxBytes: 100_000 });
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.rows.length).toBeLessThan(100);
    expect(r.truncated).toBe(true);
    const s = wh.reader.stream("SELECT repeat('y', 1000) AS s FROM numbers(1000000)", { maxBytes: 50_000 });
    let n = 0;
    for await (const _row of s) n++;
    expect(n).toBeLessThan(60);
  });

  it('runs reads of separate slots at the same time and caps each tenant at two', async () => {
    const sleep1 = 'SELECT sleep(1) AS z';
    let t0 = performance.now();
    await Promise.all(['a', 'b', 'c'].map((tenant) => wh.reader.query(sleep1, { tenant, timeoutMs: 10_000 })));
    const threeTenants = performance.now() - t0;
    expect(threeTenants).toBeLessThan(1900);
    t0 = performance.now();
    const finished: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map(() => wh.reader.query(sleep1, { tenant: 'same', timeoutMs: 10_000 }).then(() => finished.push(performance.now() - t0))),
    );
    finished.sort((a, b) => a - b);
    // Two at a time: two finish after ~1 s, the other two after ~2 s.
    expect(finished[1]).toBeLessThan(1900);
    expect(finished[2]).toBeGreaterThan(1900);
  }, 30_000);

  it('the engine process does not see this process environment', async () => {
    expect(process.env.DATALABS_TEST_CANARY).toBe(CANARY);
    // The admin session may read files; the environment it finds is the scrubbed one.
    const r = await wh.admin.query("SELECT * FROM file('/proc/self/environ', 'RawBLOB')");
    const text = JSON.stringify(r.rows);
    expect(text).toContain('PATH=');
    expect(text).not.toContain(CANARY);
    expect(text).not.toMatch(/TOKEN|SECRET|PASSWORD|API_KEY/);
    // Reader sessions cannot read files at all.
    await expect(wh.reader.query("SELECT * FROM file('/proc/self/environ', 'RawBLOB')")).rejects.toMatchObject({ code: 'WAREHOUSE_ERROR' });
    const pid = engineOf(wh).stats.pid!;
    expect(pid).not.toBe(process.pid);
    expect(fs.readFileSync(`/proc/${pid}/environ`, 'utf8')).not.toContain(CANARY);
  });

  it('an engine that dies under a read is started again and the read retried; a stream already handed out fails in one line', async () => {
    const starts = engineOf(wh).stats.starts;
    const read = wh.reader.query('SELECT sum(sleepEachRow(0.1)) AS z, 42 AS answer FROM numbers(10)', { timeoutMs: 20_000 });
    const s = wh.reader.stream('SELECT number, sleepEachRow(0.05) FROM numbers(200)', { timeoutMs: 20_000, settings: { max_block_size: 10 } });
    const it = s[Symbol.asyncIterator]();
    expect((await it.next()).value).toEqual([0, 0]);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(engineOf(wh).stats.pid!, 'SIGKILL');
    expect((await read).rows).toEqual([[0, 42]]);
    const err = await (async () => {
      for (;;) if ((await it.next()).done) return undefined;
    })().catch((e) => e);
    expect(err?.code).toBe('WAREHOUSE_UNAVAILABLE');
    expect(err.message).not.toContain('\n');
    expect(engineOf(wh).stats.starts).toBe(starts + 1);
  }, 30_000);

  it('close() stops the engine process', async () => {
    const other = createWarehouse({ kind: 'embedded', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'dl-wh-close-')) });
    await other.ping();
    const pid = engineOf(other).stats.pid!;
    expect(() => process.kill(pid, 0)).not.toThrow();
    await other.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
