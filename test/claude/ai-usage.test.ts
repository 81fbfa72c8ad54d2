/**
 * Claude usage in the metadata store on PostgreSQL and PGlite: entries per
 * workspace and user, month totals, budgets (the process default and a
 * workspace's own), a thread's pending clarifying question, and
 * `datalabs usage` reading and setting them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAiUsageRepo, monthStart } from '../../bot/infra/store/ai-usage-repo.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/index.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { runUsage } from '../../bot/app/cli/usage-command.ts';
import type { ClaudeUsage } from '../../agents/claude/index.ts';

const JUNE = new Date('2025-06-20T10:00:00Z');
const usage = (costUsd: number): ClaudeUsage => ({ model: 'claude-sonnet-5-5', calls: 2, inputTokens: 300, outputTokens: 100, cacheCreationTokens: 0, cacheReadTokens: 20_000, costUsd });

describe.each(TEST_BACKENDS)('Claude usage on %s', (backend) => {
  let database: TestDatabase;
  let store: MetadataStore;
  let wsId: number;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    wsId = (await store.workspaces.create({ name: 'Shop', allowedDatabases: ['demo'] })).id;
  });
  afterAll(async () => {
    await store?.close();
    await database?.cleanup();
  });

  it('records answers per workspace and user and sums a month', async () => {
    const repo = createAiUsageRepo(store.db, { defaultBudgetUsd: 5 });
    await repo.record({ workspaceId: wsId, userKey: 'slack:U1', usage: usage(0.01), outcome: 'answer', at: JUNE });
    await repo.record({ workspaceId: wsId, userKey: 'slack:U2', usage: usage(0.03), outcome: 'clarify', at: JUNE });
    await repo.record({ workspaceId: wsId, userKey: 'slack:U1', usage: usage(0.5), outcome: 'answer', at: new Date('2025-05-31T23:59:00Z') });
    await repo.record({ workspaceId: null, userKey: 'cli', usage: usage(1), outcome: 'failed', at: JUNE });
    expect(await repo.spentUsd(wsId, monthStart(JUNE))).toBeCloseTo(0.04, 6);
    expect(await repo.spentUsd(null, monthStart(JUNE))).toBeCloseTo(1, 6);
    const { users, total } = await repo.summary(wsId, monthStart(JUNE));
    expect(users.map((u) => [u.userKey, u.answers])).toEqual([['slack:U2', 1], ['slack:U1', 1]]);
    expect(total).toMatchObject({ userKey: '*', answers: 2, inputTokens: 600, cacheReadTokens: 40_000 });
  });

  it('has the default budget until a workspace sets its own, and back', async () => {
    const repo = createAiUsageRepo(store.db, { defaultBudgetUsd: 5 });
    expect(await repo.budgetUsd(wsId)).toBe(5);
    await repo.setBudget(wsId, 12.5);
    expect(await repo.budgetUsd(wsId)).toBe(12.5);
    expect(await repo.budgetUsd(null)).toBe(5);
    await repo.setBudget(wsId, null);
    expect(await repo.budgetUsd(wsId)).toBe(5);
    expect(await createAiUsageRepo(store.db).budgetUsd(wsId)).toBeNull();
  });

  it("keeps a thread's pending clarifying question", async () => {
    const pending = { engine: 'claude' as const, question: 'active customers?', asked: 'Ordered or logged in?' };
    await store.conversations.saveThread('slack:T:C:1', { workspaceId: wsId, pending, updatedAt: JUNE });
    expect((await store.conversations.getThread('slack:T:C:1', { now: JUNE, defaultRetentionDays: null }))?.pending).toEqual(pending);
    await store.conversations.saveThread('slack:T:C:1', { workspaceId: wsId, updatedAt: JUNE });
    expect((await store.conversations.getThread('slack:T:C:1', { now: JUNE, defaultRetentionDays: null }))?.pending).toBeUndefined();
  });

  it('datalabs usage prints the month per user and sets budgets', async () => {
    await store.close();
    const config = loadConfig({ DATALABS_DATA_DIR: database.dataDir, LOG_LEVEL: 'silent', ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}) }, { readDotenv: false });
    const ctx = { config, logger: createLogger('silent') };
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await runUsage(ctx, { workspace: 'Shop', json: true }, JUNE)).toBe(0);
      const json = JSON.parse(out.pop()!);
      expect(json).toMatchObject({ workspace: wsId, month: '2025-06', budgetUsd: null, total: { answers: 2 } });
      expect(await runUsage(ctx, { workspace: 'Shop', month: '2025-05', json: true }, JUNE)).toBe(0);
      expect(JSON.parse(out.pop()!).users).toMatchObject([{ userKey: 'slack:U1', answers: 1, costUsd: 0.5 }]);
      expect(await runUsage(ctx, { workspace: 'Shop', budget: '25' }, JUNE)).toBe(0);
      expect(out.pop()).toBe('Claude budget of workspace Shop (#' + wsId + '): $25.00 a month\n');
      expect(await runUsage(ctx, { workspace: 'Shop' }, JUNE)).toBe(0);
      expect(out.pop()).toMatch(/^Claude usage of workspace Shop \(#\d+\) in 2025-06: 2 answers, 40,800 tokens \(40,000 from the prompt cache\), \$0\.0400 estimated\nbudget: \$25\.00 a month\n {2}slack:U2: 1 answers/);
      await expect(runUsage(ctx, { budget: 'lots' }, JUNE)).rejects.toMatchObject({ code: 'BAD_INPUT' });
      await expect(runUsage(ctx, { workspace: 'Nope' }, JUNE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      spy.mockRestore();
      store = await openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    }
  });
});
