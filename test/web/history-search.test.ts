/**
 * The console's history search runs in the store, on both backends
 * (PostgreSQL as the restricted app role, and PGlite): the text is matched in
 * the question or the SQL, case-insensitively and literally (`%`, `_` and `\`
 * are no wildcards), over the whole history, a page at a time by id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { openTestStore, TEST_BACKENDS } from '../../bot/infra/store/test-databases.ts';

describe.each(TEST_BACKENDS)('history search on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  let wsId: number;
  const entry = (question: string, sql: string | null, userId = 'U1') => ({
    workspaceId: wsId, memberId: null, platform: 'slack' as const, workspaceKey: 'T1', channelId: 'C1', threadId: null, userId, userName: null,
    kind: (sql ? 'sql' : 'question') as 'sql' | 'question', origin: 'chat' as const, question, sql, outcome: 'ok' as const, errorCode: null, errorMessage: null, durationMs: 1, rowCount: 1,
  });

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
    wsId = (await store.workspaces.create({ name: 'Search', allowedDatabases: ['demo'], allowedTables: [] })).id;
    const other = (await store.workspaces.create({ name: 'Other', allowedDatabases: ['demo'], allowedTables: [] })).id;
    await store.history.add(entry('Refund rate by device', null));
    await store.history.add(entry('growth 100% or more', null));
    await store.history.add(entry('revenue', "SELECT sum(revenue) FROM demo.orders WHERE status = 'refunded'"));
    await store.history.add(entry('path a\\b', null, 'U2'));
    for (let i = 0; i < 30; i++) await store.history.add(entry(`page ${i}`, null));
    await store.history.add({ ...entry('refund in another workspace', null), workspaceId: other });
  });
  afterAll(async () => close?.());

  it('matches the question or the SQL, ignoring case, in this workspace only', async () => {
    const found = await store.history.latest(wsId, { contains: 'REFUND', limit: 50 });
    expect(found.map((e) => e.question)).toEqual(['revenue', 'Refund rate by device']);
    expect((await store.history.latest(wsId, { contains: 'refund', userId: 'U2', limit: 50 })).length).toBe(0);
  });

  it('takes % _ and \\ literally', async () => {
    expect((await store.history.latest(wsId, { contains: '100%', limit: 50 })).map((e) => e.question)).toEqual(['growth 100% or more']);
    expect(await store.history.latest(wsId, { contains: 'growth%more', limit: 50 })).toEqual([]);
    expect(await store.history.latest(wsId, { contains: 'page_1', limit: 50 })).toEqual([]);
    expect((await store.history.latest(wsId, { contains: 'a\\b', limit: 50 })).map((e) => e.question)).toEqual(['path a\\b']);
  });

  it('pages by id, newest first, without gaps or repeats', async () => {
    const seen: string[] = [];
    let before: number | undefined;
    for (;;) {
      const page = await store.history.latest(wsId, { contains: 'page', limit: 7, ...(before ? { beforeId: before } : {}) });
      seen.push(...page.map((e) => e.question));
      if (page.length < 7) break;
      before = page.at(-1)!.id;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `page ${29 - i}`));
  });
});
