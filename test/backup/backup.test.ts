/**
 * `datalabs backup` / `datalabs restore` through the CLI on real chDB and
 * PGlite: a seeded data dir with a workspace is backed up, restored into an
 * empty data dir, and both are compared table by table (row count and
 * checksum, computed here on each side independently of the manifest); the
 * restored audit chain still verifies. Refusals: a non-empty target, a
 * restore over data, and a data dir a running serve holds.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../bot/infra/store/create-db.ts';
import { metadataSums } from '../../bot/infra/backup/metadata-backup.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'datalabs.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-backup-'));
const source = path.join(tmp, 'source');
const restored = path.join(tmp, 'restored');
const backup = path.join(tmp, 'backup');

/** This process's environment without a PostgreSQL or ClickHouse server: PGlite and chDB in the data dir. */
function embeddedEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC' };
  delete env.DATABASE_URL;
  delete env.CLICKHOUSE_URL;
  return env;
}

function cli(dataDir: string, args: string[], databaseUrl?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    env: { ...embeddedEnv(dataDir), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Count and checksum of every user ClickHouse table, read with chDB itself (the CLI has exited, so the dir is free). */
function clickhouseSums(dataDir: string): Record<string, string> {
  const script = `
    const { Session } = require(${JSON.stringify(createRequire(import.meta.url).resolve('chdb'))});
    const s = new Session(${JSON.stringify(path.join(dataDir, 'clickhouse'))});
    const tables = JSON.parse(s.query("SELECT database, name FROM system.tables WHERE database NOT IN ('system','information_schema','INFORMATION_SCHEMA') AND NOT is_temporary ORDER BY database, name", 'JSONCompact')).data;
    const out = {};
    for (const [db, t] of tables) out[db + '.' + t] = JSON.parse(s.query('SELECT toString(count()), hex(groupBitXor(sipHash64(*))) FROM ' + db + '.' + t, 'JSONCompact')).data[0].join(' ');
    s.cleanup();
    process.stdout.write(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, string>;
}

/** Count and checksum of every metadata table (PGlite in the data dir, or the PostgreSQL database). */
async function metadataSumsOf(where: { dataDir?: string; databaseUrl?: string }): Promise<Record<string, string>> {
  const db = await createDb(where.databaseUrl ? { databaseUrl: where.databaseUrl } : { pgliteDir: path.join(where.dataDir!, 'pg') });
  try {
    return Object.fromEntries(Object.entries(await metadataSums(db)).map(([t, s]) => [t, `${s.rows} ${s.checksum}`]));
  } finally {
    await db.close();
  }
}

describe('datalabs backup / restore', () => {
  beforeAll(() => {
    expect(cli(source, ['seed', '--scale', '0.02', '--end-date', '2025-06-30']).status).toBe(0);
    for (const args of [
      ['workspace', 'create', 'Acme', '--admin', 'slack:U1', '--allow', 'demo'],
      ['workspace', 'bind', 'Acme', 'slack', 'T1', 'C1'],
      ['workspace', 'grant', 'Acme', 'telegram:42', 'analyst'],
      ['workspace', 'retention', 'Acme', '30'],
    ]) {
      const r = cli(source, args);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  }, 600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('restores into an empty data dir with the same rows in every table', { timeout: 900_000 }, async () => {
    const b = cli(source, ['backup', backup]);
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(b.stdout).toMatch(/^backup .*: metadata \(PGlite .*\): \d+ tables, \d+ rows; ClickHouse .*: 1 databases, 4 tables, \d+ rows in /);
    expect(fs.existsSync(path.join(backup, 'manifest.json'))).toBe(true);

    const r = cli(restored, ['restore', backup]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/every table's rows and checksum match/);

    const [chBefore, chAfter] = [clickhouseSums(source), clickhouseSums(restored)];
    expect(Object.keys(chBefore).sort()).toEqual(['demo.events', 'demo.orders', 'demo.products', 'demo.users']);
    expect(chAfter).toEqual(chBefore);
    expect(Number(chBefore['demo.orders'].split(' ')[0])).toBeGreaterThan(1000);

    const [metaBefore, metaAfter] = [await metadataSumsOf({ dataDir: source }), await metadataSumsOf({ dataDir: restored })];
    expect(metaAfter).toEqual(metaBefore);
    for (const table of ['workspaces', 'chat_bindings', 'members', 'audit_log']) expect(Number(metaBefore[table].split(' ')[0]), table).toBeGreaterThan(0);

    // The restored store is usable: the audit hash chain verifies, and new rows get fresh ids.
    const verify = cli(restored, ['audit', 'verify']);
    expect(verify.status).toBe(0);
    const created = cli(restored, ['workspace', 'create', 'Beta']);
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const list = cli(restored, ['workspace', 'list']);
    expect(list.stdout).toMatch(/Acme/);
    expect(list.stdout).toMatch(/Beta/);
    const answer = cli(restored, ['ask', '--json', '--no-chart', 'SELECT count() FROM demo.orders']);
    expect(JSON.parse(answer.stdout).rows[0].map(Number)).toEqual([Number(chBefore['demo.orders'].split(' ')[0])]);
  });

  it('refuses a non-empty target and a restore over data, in one line', { timeout: 300_000 }, () => {
    const again = cli(source, ['backup', backup]);
    expect(again.stderr).toMatch(/^datalabs: .*backup is not empty: back up into a new or empty directory\n$/);
    expect(again.status).toBe(1);
    const over = cli(source, ['restore', backup]);
    expect(over.stderr).toMatch(/^datalabs: ClickHouse .* is not empty \(demo\..*\): restore into a new data dir\n$/);
    expect(over.status).toBe(1);
    const none = cli(path.join(tmp, 'fresh'), ['restore', path.join(tmp, 'nowhere')]);
    expect(none.stderr).toMatch(/^datalabs: .*nowhere holds no finished backup \(no manifest\.json\)\n$/);
  });

it('carries the metadata from PGlite to PostgreSQL and back (no pg_dump needed)', { timeout: 900_000 }, async () => {
    let pgDb: TestDatabase | undefined;
    try {
      pgDb = await createTestDatabase('postgres');
      const intoPg = cli(path.join(tmp, 'pg-data'), ['restore', backup], pgDb.databaseUrl);
      expect(intoPg.stderr).toBe('');
      expect(intoPg.status).toBe(0);
      const source_ = await metadataSumsOf({ dataDir: source });
      const inPg = await metadataSumsOf({ databaseUrl: pgDb.databaseUrl });
      expect(inPg).toEqual(source_);
      const fromPg = path.join(tmp, 'backup-from-pg');
      const b = cli(path.join(tmp, 'pg-data'), ['backup', fromPg], pgDb.databaseUrl);
      expect(b.stderr).toBe('');
      expect(b.stdout).toMatch(/metadata \(postgres(ql)?:\/\/.*\)/i);
      const back = cli(path.join(tmp, 'pglite-again'), ['restore', fromPg]);
      expect(back.stderr).toBe('');
      expect(back.status).toBe(0);
      expect(await metadataSumsOf({ dataDir: path.join(tmp, 'pglite-again') })).toEqual(source_);
      const over = cli(path.join(tmp, 'pg-data-2'), ['restore', backup], pgDb.databaseUrl);
      expect(over.stderr).toMatch(/^datalabs: metadata store .* is not empty \(schema version \d+\): restore into a new data dir or an empty database\n$/);
    } finally {
      await pgDb?.cleanup();
    }
  });

    it('refuses while serve holds the data dir', { timeout: 300_000 }, async () => {
    const serve = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: tmp,
      env: embeddedEnv(source),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let err = '';
      serve.stderr.on('data', (d) => (err += d));
      for (let i = 0; i < 1200 && !/http on :\d+/.test(err); i++) await new Promise((r) => setTimeout(r, 100));
      expect(err).toMatch(/http on :\d+/);
      const target = path.join(tmp, 'while-serving');
      const r = cli(source, ['backup', target]);
      expect(r.stderr).toMatch(/^datalabs: .*in use by process \d+.*\n$/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(1);
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.on('close', r));
    }
  });
});
