import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatalabsError } from '../../contracts/errors.ts';
import { createDb } from './create-db.ts';
import { dbOptionsFor, openMetadataStore } from './create-metadata-store.ts';
import type { Db } from './db.ts';
import { currentVersion, MIGRATION_LOCK_KEY, MIGRATIONS, runMigrations } from './migrations.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from './test-databases.ts';

const latest = Math.max(...MIGRATIONS.map((m) => m.version));

describe.each(TEST_BACKENDS)('migrations on %s', (backend) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await createDb(dbOptionsFor({ databaseUrl: database.databaseUrl, dataDir: database.dataDir }));
  });
  afterAll(async () => {
    await db?.close();
    await database?.cleanup();
  });

  it('starts empty, applies every migration once, then has nothing to do', async () => {
    expect(await currentVersion(db)).toBe(0);
    const first = await runMigrations(db);
    expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.version).toBe(latest);
    const second = await runMigrations(db);
    expect(second).toEqual({ applied: [], version: latest });
    const tables = await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      ['adapter_memory', 'ai_budgets', 'ai_usage', 'alert_group_alerts', 'alert_groups', 'alert_notification_log', 'alert_outbox', 'alert_rules', 'alert_series', 'alert_silences', 'audit_chain_head', 'audit_log', 'chat_bindings', 'conversation_answers', 'conversation_threads', 'designs', 'identities', 'inbound_journal', 'mcp_tokens', 'members', 'message_claims', 'query_history', 'saved_queries', 'schema_migrations', 'setup_invites', 'web_logins', 'web_sessions', 'workspaces'].sort(),
    );
  });

  it('rolls back every pending migration when one fails', async () => {
    const broken = [...MIGRATIONS, { version: latest + 1, name: 'ok part', sql: 'CREATE TABLE half_done (x int)' }, { version: latest + 2, name: 'broken', sql: 'SELECT 1/0' }];
    await expect(runMigrations(db, { migrations: broken })).rejects.toThrow(/division by zero/);
    expect(await currentVersion(db)).toBe(latest);
    const r = await db.query<{ t: string | null }>("SELECT to_regclass('half_done')::text AS t");
    expect(r.rows[0].t).toBeNull();
  });

  it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await db.query("INSERT INTO audit_log (actor, action) VALUES ('system', 'test.append')");
    await expect(db.query("UPDATE audit_log SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
    expect(n.rows[0].n).toBe(1);
  });

  it('serialises concurrent runners: exactly one applies the migrations', async () => {
    const fresh = await createTestDatabase(backend);
    // Two replicas = two independent connections (PGlite is one process: the same instance twice).
    const a = await createDb(dbOptionsFor({ databaseUrl: fresh.databaseUrl, dataDir: fresh.dataDir }));
    const b = backend === 'postgres' ? await createDb({ databaseUrl: fresh.databaseUrl }) : a;
    try {
      const results = await Promise.all([runMigrations(a), runMigrations(b), runMigrations(a)]);
      const appliedBy = results.filter((r) => r.applied.length > 0);
      expect(appliedBy).toHaveLength(1);
      expect(results.every((r) => r.version === latest)).toBe(true);
      const rows = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows.rows[0].n).toBe(MIGRATIONS.length);
    } finally {
      if (b !== a) await b.close();
      await a.close();
      await fresh.cleanup();
    }
  });
});

describe('migration lock on postgres', () => {
  it('waits for a replica holding the advisory lock, then finishes', async () => {
    const fresh = await createTestDatabase('postgres');
    const holder = new pg.Client({ connectionString: fresh.databaseUrl });
    await holder.connect();
    const db = await createDb({ databaseUrl: fresh.databaseUrl });
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      let finished = false;
      const running = runMigrations(db).then((r) => ((finished = true), r));
      // Wait until the runner is blocked on the lock (visible in pg_locks).
      for (;;) {
        const w = await holder.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (w.rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(finished).toBe(false);
      expect(await currentVersion(db)).toBe(0);
      await holder.query('COMMIT');
      const outcome = await running;
      expect(outcome.applied.length).toBe(MIGRATIONS.length);
    } finally {
      await holder.end();
      await db.close();
      await fresh.cleanup();
    }
  });

  it('reports an unreachable server as one CONFIG_INVALID line naming DATABASE_URL', async () => {
    const err = await createDb({ databaseUrl: 'postgres://someone:secret@127.0.0.1:1/nowhere' }).catch((e) => e);
    expect(err).toBeInstanceOf(DatalabsError);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/127\.0\.0\.1:1\/nowhere/);
    expect(err.message).not.toContain('secret');
    expect(err.message).not.toContain('\n');
  });
});

describe('PGlite directory', () => {
  it('is opened by one owner at a time; a stale lock is taken over', async () => {
    const database = await createTestDatabase('pglite');
    const store = await openMetadataStore({ dataDir: database.dataDir });
    try {
      const err = await openMetadataStore({ dataDir: database.dataDir }).catch((e) => e);
      expect(err).toBeInstanceOf(DatalabsError);
      expect(err.code).toBe('DATA_DIR_LOCKED');
      await store.workspaces.create({ name: 'kept' });
    } finally {
      await store.close();
    }
    // A lock left by a process that no longer exists does not block.
    fs.writeFileSync(path.join(database.dataDir, 'pg.lock'), '2147483646');
    const again = await openMetadataStore({ dataDir: database.dataDir });
    try {
      expect((await again.workspaces.list()).map((w) => w.name)).toEqual(['kept']);
      expect(again.migration?.applied).toEqual([]);
    } finally {
      await again.close();
      await database.cleanup();
    }
  });
});
