import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.ts';
import { createLogger } from '../../infra/create-logger.ts';
import { openMetadataStore } from '../../infra/store/create-metadata-store.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../infra/store/test-databases.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { runMigrate } from './migrate-command.ts';
import { MIGRATIONS } from '../../infra/store/migrations.ts';
import { runWorkspaceAdmin } from './workspace-command.ts';

function sink() {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, cb) => ((text += String(chunk)), cb()) });
  return { stream, read: () => text };
}

describe.each(TEST_BACKENDS)('datalabs migrate / workspace on %s', (backend) => {
  let database: TestDatabase;
  let ctx: { config: ReturnType<typeof loadConfig>; logger: ReturnType<typeof createLogger> };

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    const env: NodeJS.ProcessEnv = { DATALABS_DATA_DIR: database.dataDir, DATALABS_ALLOWED_DATABASES: 'demo,sales' };
    if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
    ctx = { config: loadConfig(env, { readDotenv: false }), logger: createLogger('silent') };
  });
  afterAll(async () => {
    await database?.cleanup();
  });

  it('migrates once, then reports it is up to date', async () => {
    const a = sink();
    expect(await runMigrate(ctx, a.stream)).toBe(0);
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    expect(latest).toBeGreaterThanOrEqual(4);
    expect(a.read()).toMatch(new RegExp(`: applied ${MIGRATIONS.length} migration\\(s\\) \\(0 → ${latest}\\)\\n$`));
    const b = sink();
    expect(await runMigrate(ctx, b.stream)).toBe(0);
    expect(b.read()).toMatch(new RegExp(`: up to date at version ${latest}\\n$`));
  });

  it('administers workspaces from the CLI, audited as cli:<user>', async () => {
    const run = async (...args: string[]) => {
      const out = sink();
      expect(await runWorkspaceAdmin(ctx, args, out.stream)).toBe(0);
      return out.read();
    };
    expect(await run('create', 'Ops', '--admin', 'slack:U1', '--allow', 'demo')).toMatch(/^Created workspace #\d+ "Ops" · reads demo\.\* · admin slack:U1/);
    expect(await run('bind', 'Ops', 'telegram', '-100')).toMatch(/^Bound telegram:-100 to "Ops"/);
    expect(await run('grant', 'ops', 'telegram:55', 'analyst')).toMatch(/analyst/);
    expect(await run('link', 'Ops', 'slack:U1', 'discord:9')).toMatch(/slack:U1, discord:9/);
    expect(await run('allow', 'Ops', 'sales.orders')).toMatch(/reads demo\.\*, sales\.orders/);
    expect(await run('list')).toMatch(/#\d+ Ops · reads demo\.\*, sales\.orders · bound to telegram:-100/);
    const audit = await run('audit', 'Ops');
    expect(audit).toMatch(/cli:\S+ allowlist\.add/);
    expect(audit).toMatch(/cli:\S+ member\.link/);
    const store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    try {
      const ws = (await store.workspaces.find('Ops'))!;
      expect((await store.members.byIdentity(ws.id, 'discord', '9'))?.role).toBe('admin');
      expect((await store.workspaces.lookupBinding('telegram', '-100', 'x'))?.workspaceId).toBe(ws.id);
    } finally {
      await store.close();
    }
  });

  it('refuses bad arguments with one line', async () => {
    for (const args of [['grant', 'Ops', 'U1', 'analyst'], ['grant', 'Ops', 'slack:U1', 'boss'], ['allow', 'Ops', 'system.tables'], ['frob'], ['clickhouse', 'Ops', 'http://u:p@h:8123']]) {
      const err = await runWorkspaceAdmin(ctx, args, sink().stream).catch((e) => e);
      expect(err, args.join(' ')).toBeInstanceOf(DatalabsError);
      expect(err.code, args.join(' ')).toBe('BAD_INPUT');
      expect(err.message).not.toContain('\n');
    }
    const missing = await runWorkspaceAdmin(ctx, ['members', 'Nope'], sink().stream).catch((e) => e);
    expect(missing.code).toBe('NOT_FOUND');
  });
});
