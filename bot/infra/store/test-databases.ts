/**
 * Test support: the two metadata backends every store test runs against —
 * a PostgreSQL server (a fresh database per test file, dropped after) and
 * PGlite (a fresh temp directory). The server is the test run's private one,
 * or the one DATALABS_TEST_PG_URL names (test/global-setup.ts). Not used by
 * the product.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openMetadataStore, type MetadataStore } from './create-metadata-store.ts';

export type TestBackend = 'postgres' | 'pglite';
export const TEST_BACKENDS: TestBackend[] = ['postgres', 'pglite'];

/**
 * Superuser URL of the server used for the PostgreSQL runs. test/global-setup.ts
 * sets DATALABS_TEST_PG_URL (to the run's private server unless it was already
 * set) before the test workers start; there is deliberately no fallback to a
 * server the machine may happen to run.
 */
export const TEST_PG_ADMIN_URL = process.env.DATALABS_TEST_PG_URL ?? '';

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
  if (!TEST_PG_ADMIN_URL) {
    throw new Error('DATALABS_TEST_PG_URL is not set: run the tests through vitest.config.ts (its globalSetup starts PostgreSQL) or set it to a superuser URL');
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
