/**
 * Test support: the two metadata backends every store test runs against —
 * the machine's PostgreSQL server (a fresh database per run, dropped after)
 * and PGlite (a fresh temp directory). Not used by the product.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openMetadataStore, type MetadataStore } from './create-metadata-store.ts';

export type TestBackend = 'postgres' | 'pglite';
export const TEST_BACKENDS: TestBackend[] = ['postgres', 'pglite'];

/** Server used for the PostgreSQL runs (override with DATALABS_TEST_PG_URL). */
export const TEST_PG_ADMIN_URL = process.env.DATALABS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  backend: TestBackend;
  /** DATABASE_URL for the fresh database (postgres) or undefined (pglite). */
  databaseUrl?: string;
  /** DATALABS_DATA_DIR (pglite lives in `<dataDir>/pg`). */
  dataDir: string;
  /** Drops the database / removes the directory. Close every store first. */
  cleanup(): Promise<void>;
}

/** Creates an empty database for one test file. */
export async function createTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-store-'));
  if (backend === 'pglite') {
    return { backend, dataDir, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `datalabs_test_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    backend,
    databaseUrl: url.toString(),
    dataDir,
    async cleanup() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A fresh database and a migrated store on it. */
export async function openTestStore(backend: TestBackend): Promise<{ store: MetadataStore; database: TestDatabase; close(): Promise<void> }> {
  const database = await createTestDatabase(backend);
  const store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  return {
    store,
    database,
    async close() {
      await store.close();
      await database.cleanup();
    },
  };
}
