import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../../infra/create-logger.ts';
import { openMetadataStore } from '../../infra/store/create-metadata-store.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../infra/store/test-databases.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { runAudit } from './audit-command.ts';
import { runWorkspaceAdmin } from './workspace-command.ts';

function sink() {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, cb) => ((text += String(chunk)), cb()) });
  return { stream, read: () => text };
}

describe.each(TEST_BACKENDS)('datalabs audit verify / workspace invite on %s', (backend) => {
  let database: TestDatabase;
  let ctx: { config: ReturnType<typeof loadConfig>; logger: ReturnType<typeof createLogger> };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const env: NodeJS.ProcessEnv = { DATALABS_DATA_DIR: database.dataDir, DATALABS_ALLOWED_DATABASES: 'demo' };
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    ctx = { config: loadConfig(env, { readDotenv: false }), logger: createLogger('silent') };
  });
  afterAll(async () => database?.cleanup());

  const run = async (...args: string[]) => {
    const out = sink();
    const code = await runWorkspaceAdmin(ctx, args, out.stream);
    return { code, text: out.read() };
  };

  it('creates single-use invite codes, shown once, audited', async () => {
    const r = await run('invite', '--expires', '2d');
    expect(r.code).toBe(0);
    const code = /(dl-[a-z2-7-]+)/.exec(r.text)?.[1];
    expect(code).toMatch(/^dl-[a-z2-7]{6}(-[a-z2-7]{5}){4}$/);
    expect(r.text).toMatch(/\/datalabs setup dl-/);
    const list = await run('invites');
    expect(list.text).toMatch(/^#1 by cli:\S+ · open until/);
    expect(list.text).not.toContain(code!);
    const bad = await runWorkspaceAdmin(ctx, ['invite', '--expires', 'soon'], sink().stream).catch((e) => e);
    expect(bad).toBeInstanceOf(DatalabsError);
    expect(bad.code).toBe('BAD_INPUT');
  });

  it('refuses allow beyond the ceiling and storing a ClickHouse password without a key, in one line', async () => {
    expect((await run('create', 'Ops')).code).toBe(0);
    for (const target of ['secret', 'secret.keys']) {
      const err = await runWorkspaceAdmin(ctx, ['allow', 'Ops', target], sink().stream).catch((e) => e);
      expect(err.code).toBe('FORBIDDEN');
      expect(err.message).toMatch(/beyond what this server allows \(demo\)/);
      expect(err.message).not.toContain('\n');
    }
    const create = await runWorkspaceAdmin(ctx, ['create', 'Wide', '--allow', 'demo,secret'], sink().stream).catch((e) => e);
    expect(create.code).toBe('FORBIDDEN');
    const withPassword = { ...ctx, config: loadConfig({ ...ctx.config.env, DATALABS_ALLOWED_DATABASES: 'demo', CLICKHOUSE_USER: 'u', CLICKHOUSE_PASSWORD: 'hunter2-secret' } as never, { readDotenv: false }) };
    const err = await runWorkspaceAdmin(withPassword, ['clickhouse', 'Ops', 'http://ch.example:8123'], sink().stream).catch((e) => e);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/DATALABS_SECRET_KEY is not set/);
    expect(err.message).not.toContain('hunter2');
    const key = Buffer.alloc(32, 7).toString('base64');
    const keyed = { ...ctx, config: loadConfig({ ...ctx.config.env, DATALABS_SECRET_KEY: key, CLICKHOUSE_PASSWORD: 'hunter2-secret' } as never, { readDotenv: false }) };
    const out = sink();
    expect(await runWorkspaceAdmin(keyed, ['clickhouse', 'Ops', 'http://ch.example:8123'], out.stream)).toBe(0);
    expect(out.read()).not.toContain('hunter2');
  });

  it('prints OK with the count, then names the first broken link and exits 1', async () => {
    const ok = sink();
    expect(await runAudit(ctx, ['verify'], ok.stream)).toBe(0);
    expect(ok.read()).toMatch(/^OK: \d+ audit entries chained; head [0-9a-f]{64}\n$/);
    const json = sink();
    expect(await runAudit(ctx, ['verify', '--json'], json.stream)).toBe(0);
    const parsed = JSON.parse(json.read());
    expect(parsed).toMatchObject({ ok: true, count: expect.any(Number) });
    // Tamper as the owner: edit the third entry.
    const store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    const third = Number((await store.db.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id OFFSET 2 LIMIT 1')).rows[0].id);
    const tamper = `ALTER TABLE audit_log DISABLE TRIGGER USER; UPDATE audit_log SET actor = 'cli:nobody' WHERE id = ${third}; ALTER TABLE audit_log ENABLE TRIGGER USER`;
    if (backend === 'pglite') await store.db.exec(tamper);
    await store.close();
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: database.databaseUrl });
      await c.connect();
      await c.query(tamper);
      await c.end();
    }
    const broken = sink();
    expect(await runAudit(ctx, ['verify'], broken.stream)).toBe(1);
    expect(broken.read()).toMatch(new RegExp(`^BROKEN at entry #${third}: entry #${third} does not match its hash: it was edited \\(2 entries verified before it\\)\\n$`));
    const bj = sink();
    expect(await runAudit(ctx, ['verify', '--json'], bj.stream)).toBe(1);
    expect(JSON.parse(bj.read())).toMatchObject({ ok: false, brokenId: third });
    const usage = await runAudit(ctx, ['frob'], sink().stream).catch((e) => e);
    expect(usage.code).toBe('BAD_INPUT');
  });
});
