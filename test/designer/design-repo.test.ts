/**
 * Designer proposals in the metadata store on PostgreSQL (as the restricted
 * app role) and PGlite: stored whole, read back after the store is reopened,
 * and moved forward only once (a second Apply click finds it taken).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/index.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { createDesignRepo } from '../../bot/infra/store/design-repo.ts';
import { designOffline, isRefusal, renderDdl } from '../../agents/designer/index.ts';

describe.each(TEST_BACKENDS)('designs on %s', (backend) => {
  let database: TestDatabase;
  let store: MetadataStore;
  const open = () => openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
    await database?.cleanup();
  });

  it('keeps a proposal across a reopen and applies it once', async () => {
    const r = designOffline('an events table with timestamp, user_id, event_type; keep 90 days');
    if (isRefusal(r)) throw new Error(r.refused);
    const ws = await store.workspaces.create({ name: 'Shop' });
    const ddl = renderDdl(r.design);
    const at = new Date('2025-06-30T18:00:00Z');
    await createDesignRepo(store.db).insert({ id: 'd1', workspaceId: ws.id, conversation: { platform: 'slack', workspaceKey: 'T1', channelId: 'C1' }, design: r.design, ddl: ddl.up, down: ddl.down, createdBy: 'slack:U1', createdAt: at });
    await store.close();
    store = await open();
    const repo = createDesignRepo(store.db);
    const got = await repo.get('d1');
    expect(got).toMatchObject({ id: 'd1', workspaceId: ws.id, state: 'proposed', createdBy: 'slack:U1', ddl: ddl.up, down: ddl.down, decidedBy: null });
    expect(got!.design).toEqual(r.design);
    expect(got!.createdAt.toISOString()).toBe(at.toISOString());
    expect(await repo.transition('d1', 'proposed', 'applying', 'slack:U1', at)).toBe(true);
    expect(await repo.transition('d1', 'proposed', 'applying', 'slack:U2', at)).toBe(false);
    expect(await repo.transition('d1', 'applying', 'applied', 'slack:U1', at)).toBe(true);
    expect(await repo.get('d1')).toMatchObject({ state: 'applied', decidedBy: 'slack:U1' });
    expect(await repo.get('nope')).toBeUndefined();
  });
});
