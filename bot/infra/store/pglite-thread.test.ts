/**
 * The embedded store on its own thread (pglite-thread.ts): the main thread
 * stays free while a statement runs, driver errors keep their PostgreSQL
 * fields, transactions hold the line and roll back, and a process that forgot
 * to close the store still exits (the thread does not keep it alive when idle).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './create-db.ts';
import { pgErrorCode, type Db } from './db.ts';

describe('PGlite on a thread of its own', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-thread-'));
    db = await createDb({ pgliteDir: path.join(dir, 'pg') });
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, note text, body bytea, at timestamptz)');
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the main thread free while a statement runs', async () => {
    let turns = 0;
    let running = true;
    const spin = () => {
      turns++;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    // CPU-bound inside Postgres: on the main thread no setImmediate would run until it ends.
    const r = await db.query<{ n: string }>('SELECT sum(g)::text AS n FROM generate_series(1, 3000000) g');
    running = false;
    expect(r.rows[0].n).toBe('4500001500000');
    expect(turns).toBeGreaterThan(20);
  });

  it('returns rows with their types and counts affected rows', async () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const ins = await db.query('INSERT INTO t VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)', [1, 'one', new Uint8Array([1, 2, 3]), at, 2, 'two', null, at]);
    expect(ins.rowCount).toBe(2);
    const r = await db.query<{ id: number; note: string; body: Uint8Array | null; at: Date }>('SELECT * FROM t ORDER BY id');
    expect(r.rows.map((x) => x.id)).toEqual([1, 2]);
    expect([...(r.rows[0].body ?? [])]).toEqual([1, 2, 3]);
    expect(r.rows[0].at).toBeInstanceOf(Date);
    expect(r.rows[0].at.toISOString()).toBe(at.toISOString());
  });

  it('keeps the PostgreSQL error fields a caller tests (unique violation 23505)', async () => {
    const err = await db.query('INSERT INTO t (id) VALUES (1)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(pgErrorCode(err)).toBe('23505');
    expect((err as Error).message).toMatch(/duplicate key/);
    expect((err as { constraint?: string }).constraint).toBe('t_pkey');
  });

  it('runs a transaction alone and rolls it back when it throws', async () => {
    const outside: string[] = [];
    const tx = db.transaction(async (q) => {
      await q.query("INSERT INTO t (id, note) VALUES (10, 'in tx')");
      // Issued while the transaction is open: must not run inside it, nor before it ends.
      void db.query('SELECT count(*)::int AS n FROM t WHERE id = 10').then((r) => outside.push(`seen ${(r.rows[0] as { n: number }).n}`));
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('changed my mind');
    });
    await expect(tx).rejects.toThrow('changed my mind');
    await db.query('SELECT 1');
    expect(outside).toEqual(['seen 0']);
    const committed = await db.transaction(async (q) => {
      await q.query("INSERT INTO t (id, note) VALUES (11, 'kept')");
      return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0].n;
    });
    expect(committed).toBe(3);
    expect((await db.query<{ note: string }>('SELECT note FROM t WHERE id = 11')).rows[0].note).toBe('kept');
  });

  it('lets a process that never closes the store exit once idle, with its writes kept', async () => {
    const pgDir = path.join(dir, 'forgotten');
    const script = `
      const { createDb } = await import(${JSON.stringify(new URL('./create-db.ts', import.meta.url).href)});
      const db = await createDb({ pgliteDir: ${JSON.stringify(pgDir)} });
      await db.exec('CREATE TABLE kept (x int)');
      await db.query('INSERT INTO kept VALUES (42)');
      console.log('wrote');
    `;
    const file = path.join(dir, 'forgets-to-close.mjs');
    fs.writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 120_000 });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toContain('wrote');
    expect(r.status).toBe(0);
    const again = await createDb({ pgliteDir: pgDir });
    try {
      expect((await again.query<{ x: number }>('SELECT x FROM kept')).rows).toEqual([{ x: 42 }]);
    } finally {
      await again.close();
    }
  });
});
