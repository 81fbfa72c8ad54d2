/**
 * `Db.urgent`: a statement the platform's ack waits for (recording an incoming
 * message) does not queue behind statements already waiting for the database.
 * PGlite runs one statement at a time: urgent ones jump the line. PostgreSQL:
 * they have a connection of their own, so a pool busy with slow statements
 * does not hold them up.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from './create-db.ts';
import type { Db } from './db.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from './test-databases.ts';

describe.each(TEST_BACKENDS)('urgent statements on %s', (backend) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await createDb({ databaseUrl: database.databaseUrl, pgliteDir: path.join(database.dataDir, 'pg'), maxConnections: 3 });
  });
  afterAll(async () => {
    await db?.close();
    await database?.cleanup();
  });

  it('finish ahead of the statements already waiting', async () => {
    expect(db.urgent).toBeDefined();
    const finished: string[] = [];
    // PostgreSQL: longer than opening the urgent connection takes; PGlite blocks the thread while it sleeps.
    const sleep = backend === 'pglite' ? 'SELECT pg_sleep(0.05)' : 'SELECT pg_sleep(0.5)';
    const slow = Array.from({ length: 12 }, (_, k) => db.query(sleep).then(() => finished.push(`slow${k}`)));
    // Issued after all of them (the first already running or sent).
    await db.urgent!.query('SELECT 1').then(() => finished.push('urgent'));
    await Promise.all(slow);
    // At most what was already running when it arrived (PGlite: one statement;
    // PostgreSQL: none, it has its own connection) finished before it.
    expect(finished.indexOf('urgent')).toBeLessThanOrEqual(backend === 'pglite' ? 1 : 0);
    expect(finished).toHaveLength(13);
  });

  it('keep transactions whole: an urgent statement waits for a running transaction, not inside it', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS lane_t (v int)');
    const tx = db.transaction(async (t) => {
      await t.query('INSERT INTO lane_t VALUES (1)');
      await t.query('SELECT pg_sleep(0.05)');
      await t.query('INSERT INTO lane_t VALUES (2)');
    });
    await Promise.resolve();
    const seen = await db.urgent!.query<{ n: number }>('SELECT count(*)::int AS n FROM lane_t');
    await tx;
    // Never half a transaction: before it (0) or after it (2).
    expect([0, 2]).toContain(seen.rows[0].n);
  });
});
