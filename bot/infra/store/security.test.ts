/**
 * The metadata store's security properties, on the machine's PostgreSQL and
 * on PGlite: the audit log's hash chain catches edited, deleted and inserted
 * entries (tampering done as the database owner); in PostgreSQL the app runs
 * as `datalabs_app`, which cannot update, delete, truncate or un-trigger the
 * audit log; ClickHouse passwords are encrypted at rest.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore, type MetadataStore } from './create-metadata-store.ts';
import { createTestDatabase, TEST_BACKENDS, TEST_PG_ADMIN_URL, type TestDatabase } from './test-databases.ts';
import { DatalabsError } from '../../contracts/errors.ts';

const KEY = crypto.randomBytes(32);

/** Runs SQL as the database owner: a superuser connection (postgres) or PGlite's one user. */
async function asOwner(database: TestDatabase, store: MetadataStore, sql: string): Promise<void> {
  if (database.backend === 'pglite') return store.db.exec(sql);
  const c = new pg.Client({ connectionString: database.databaseUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function expectPgError(p: Promise<unknown>, code: string): Promise<void> {
  const err = (await p.then(
    () => undefined,
    (e) => e,
  )) as { code?: string } | undefined;
  expect(err, `expected SQLSTATE ${code}`).toBeDefined();
  expect(err!.code).toBe(code);
}

describe.each(TEST_BACKENDS)('audit chain on %s', (backend) => {
  let database: TestDatabase;
  let store: MetadataStore;
  const ids: number[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, secretKey: KEY });
    for (let i = 0; i < 6; i++) ids.push((await store.audit.append({ workspaceId: 1, actor: 'slack:U1', action: 'sql.execute', detail: { sql: `SELECT ${i}`, outcome: 'ok', nested: { b: 1, a: [1, 'x'] } } })).id);
  });
  afterAll(async () => {
    await store?.close();
    await database?.cleanup();
  });

  it('verifies an untouched chain, also with concurrent appends', async () => {
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.audit.append({ workspaceId: null, actor: 'system', action: 'test.concurrent', detail: { i } })));
    const r = await store.audit.verify();
    expect(r).toMatchObject({ ok: true, count: 14, legacy: 0, headSeq: 14 });
  });

  it('names an edited entry', async () => {
    await asOwner(database, store, `ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET detail = jsonb_set(detail, '{sql}', '"SELECT 42"') WHERE id = ${ids[2]}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    const r = await store.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenId: ids[2], count: 2 });
    if (!r.ok) expect(r.reason).toMatch(/edited/);
    // Put it back: the chain is whole again.
    await asOwner(database, store, `ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET detail = jsonb_set(detail, '{sql}', '"SELECT 2"') WHERE id = ${ids[2]}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('names the link after a deleted entry, and a deleted tail', async () => {
    const snapshot = `CREATE TABLE audit_copy AS SELECT * FROM audit_log`;
    await asOwner(database, store, `${snapshot}; ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE id = ${ids[3]}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    const r = await store.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenId: ids[4] });
    if (!r.ok) expect(r.reason).toMatch(/deleted/);
    const last = (await store.audit.latest(null, { limit: 1 }))[0].id;
    await asOwner(database, store, `ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log; INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_copy WHERE id <> ${last}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    const tail = await store.audit.verify();
    expect(tail.ok).toBe(false);
    if (!tail.ok) expect(tail.reason).toMatch(/latest entries were deleted/);
    await asOwner(database, store, `ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log; INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_copy; ALTER TABLE audit_log ENABLE TRIGGER USER; DROP TABLE audit_copy`);
    expect((await store.audit.verify()).ok).toBe(true);
  });

  it('names an inserted entry', async () => {
    const [last] = await store.audit.latest(null, { limit: 1 });
    const row = (await store.db.query<{ seq: string; hash: string }>(`SELECT seq::text AS seq, hash FROM audit_log WHERE id = ${last.id}`)).rows[0];
    // A forged entry appended by hand, linked to the real last one, with a made-up hash.
    const forged = last.id + 100;
    await asOwner(
      database,
      store,
      `INSERT INTO audit_log (id, workspace_id, actor, action, detail, seq, prev_hash, hash) OVERRIDING SYSTEM VALUE
       VALUES (${forged}, 1, 'slack:U1', 'sql.execute', '{"sql":"SELECT forged"}', ${Number(row.seq) + 1}, '${row.hash}', '${'0'.repeat(64)}')`,
    );
    const r = await store.audit.verify();
    expect(r).toMatchObject({ ok: false, brokenId: forged });
    await asOwner(database, store, `ALTER TABLE audit_log DISABLE TRIGGER USER; DELETE FROM audit_log WHERE id = ${forged}; ALTER TABLE audit_log ENABLE TRIGGER USER`);
    expect((await store.audit.verify()).ok).toBe(true);
    // One without a hash (as an older version wrote them) after the chain started.
    await asOwner(database, store, `INSERT INTO audit_log (workspace_id, actor, action, detail) VALUES (1, 'x', 'forged', '{}')`);
    const r2 = await store.audit.verify();
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.reason).toMatch(/no hash/);
    // And one placed at a position already taken is refused by the schema itself.
    await expect(asOwner(database, store, `INSERT INTO audit_log (workspace_id, actor, action, detail, seq, prev_hash, hash) VALUES (1, 'x', 'forged', '{}', 2, '', '')`)).rejects.toThrow(/unique|duplicate/i);
  });
});

describe.each(TEST_BACKENDS)('ClickHouse passwords at rest on %s', (backend) => {
  let database: TestDatabase;
  afterAll(async () => database?.cleanup());

  it('stores only ciphertext, refuses to store without a key, and reports a missing key in one line', async () => {
    database = await createTestDatabase(backend);
    let store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, secretKey: KEY });
    const secret = 'pa55-Very-Secret-word';
    let wsId: number;
    try {
      const ws = await store.workspaces.create({ name: 'enc', clickhouse: { url: 'http://ch.example:8123', user: 'reader', password: secret } });
      wsId = ws.id;
      expect(ws.clickhouse).toEqual({ url: 'http://ch.example:8123', user: 'reader', password: secret });
      const raw = (await store.db.query<{ c: string }>('SELECT clickhouse::text AS c FROM workspaces WHERE id = $1', [ws.id])).rows[0].c;
      expect(raw).not.toContain(secret);
      expect(raw).not.toContain(Buffer.from(secret).toString('base64'));
      expect(JSON.parse(raw)).toMatchObject({ url: 'http://ch.example:8123', user: 'reader', passwordEnc: expect.stringMatching(/^v1\./) });
      expect(JSON.parse(raw).password).toBeUndefined();
      // An old clear-text row is encrypted when the store opens with a key.
      await store.db.query(`INSERT INTO workspaces (name, clickhouse) VALUES ('legacy', '{"url":"http://old:8123","password":"legacy-secret"}'::jsonb)`);
    } finally {
      await store.close();
    }
    // Without the key: storing a password is refused; reading one is a one-line reason, not the secret.
    store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    try {
      const refused = await store.workspaces.create({ name: 'nokey', clickhouse: { url: 'http://x:8123', password: 'p' } }).catch((e) => e);
      expect(refused).toBeInstanceOf(DatalabsError);
      expect(refused.code).toBe('CONFIG_INVALID');
      expect(refused.message).toMatch(/^DATALABS_SECRET_KEY is not set/);
      expect(refused.message).not.toContain('\n');
      const ws = (await store.workspaces.get(wsId!))!;
      expect(ws.clickhouse?.password).toBeUndefined();
      expect(ws.clickhouse?.passwordError).toMatch(/DATALABS_SECRET_KEY is not set/);
      const legacy = (await store.workspaces.find('legacy'))!;
      expect(legacy.clickhouse?.password).toBeUndefined();
      expect(legacy.clickhouse?.passwordError).toMatch(/clear text.*DATALABS_SECRET_KEY/);
    } finally {
      await store.close();
    }
    store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, secretKey: KEY });
    try {
      const raw = (await store.db.query<{ c: string }>("SELECT clickhouse::text AS c FROM workspaces WHERE name = 'legacy'")).rows[0].c;
      expect(raw).not.toContain('legacy-secret');
      expect((await store.workspaces.find('legacy'))?.clickhouse?.password).toBe('legacy-secret');
      expect((await store.audit.latest(null, { action: 'workspace.secret_encrypted' })).length).toBe(1);
      // A wrong key does not decrypt (and says so in one line).
      await store.close();
      store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir, secretKey: crypto.randomBytes(32) });
      expect((await store.workspaces.get(wsId!))?.clickhouse?.passwordError).toMatch(/does not decrypt/);
    } finally {
      await store.close();
    }
  });
});

describe('the app role in PostgreSQL', () => {
  let database: TestDatabase;
  let store: MetadataStore;
  const login = `dl_login_${crypto.randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    await store.audit.append({ workspaceId: null, actor: 'system', action: 'test', detail: {} });
  });
  afterAll(async () => {
    await store?.close();
    await database?.cleanup();
    const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await admin.end();
  });

  it('runs the app as datalabs_app, which cannot update, delete, truncate or un-trigger the audit log', async () => {
    expect((await store.db.query<{ u: string }>('SELECT current_user AS u')).rows[0].u).toBe('datalabs_app');
    await expectPgError(store.db.query("UPDATE audit_log SET actor = 'me'"), '42501');
    await expectPgError(store.db.query('DELETE FROM audit_log'), '42501');
    await expectPgError(store.db.query('TRUNCATE audit_log'), '42501');
    await expectPgError(store.db.query('ALTER TABLE audit_log DISABLE TRIGGER USER'), '42501');
    await expectPgError(store.db.query('ALTER TABLE audit_log DISABLE TRIGGER ALL'), '42501');
    await expectPgError(store.db.query('DROP TABLE audit_log'), '42501');
    await expectPgError(store.db.query('DROP TRIGGER audit_log_no_update_delete ON audit_log'), '42501');
    await expectPgError(store.db.query('INSERT INTO audit_chain_head (id, seq, hash) VALUES (2, 0, \'\')'), '42501');
    // The role is the connection's startup default: RESET ROLE keeps it. (SET ROLE NONE would go back to the
    // login user — here the owner — which is why production sets DATABASE_OWNER_URL and a separate login role.)
    await store.db.transaction(async (tx) => {
      await tx.query('RESET ROLE');
      expect((await tx.query<{ u: string }>('SELECT current_user AS u')).rows[0].u).toBe('datalabs_app');
    });
    // What it needs still works, and the chain is intact.
    await store.audit.append({ workspaceId: null, actor: 'system', action: 'test', detail: { after: true } });
    expect(await store.audit.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it('with DATABASE_OWNER_URL, runs as a separate login role that cannot escalate by resetting its role', async () => {
    const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE ROLE ${login} LOGIN`);
    await admin.end();
    const appUrl = new URL(database.databaseUrl!);
    appUrl.username = login;
    const app = await openMetadataStore({ databaseUrl: appUrl.toString(), ownerUrl: database.databaseUrl, dataDir: database.dataDir });
    try {
      await app.audit.append({ workspaceId: null, actor: 'system', action: 'test', detail: { login: true } });
      await expectPgError(app.db.query("UPDATE audit_log SET actor = 'me'"), '42501');
      // One connection: drop the role back to the login user, and try again.
      await app.db.transaction(async (tx) => {
        await tx.query('SET LOCAL ROLE NONE');
        expect((await tx.query<{ u: string }>('SELECT current_user AS u')).rows[0].u).toBe(login);
        await expectPgError(tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER'), '42501');
      });
      await app.db.transaction(async (tx) => {
        await tx.query('RESET ROLE');
        await expectPgError(tx.query('DELETE FROM audit_log'), '42501');
      });
      expect(await app.audit.verify()).toMatchObject({ ok: true, count: 3 });
    } finally {
      await app.close();
    }
  });

  it('as the owner, tampering succeeds and verify detects it', async () => {
    await asOwner(database, store, "ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1; ALTER TABLE audit_log ENABLE TRIGGER USER");
    const r = await store.audit.verify();
    expect(r.ok).toBe(false);
  });
});
