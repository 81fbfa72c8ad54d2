/** "show the SQL" as a follow-up: the SQL comes back guarded, but nothing runs in the warehouse and no chart is drawn. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let n = 0;
const msg = (text: string, threadId: string): ChatMessage => ({
  id: `s${++n}`,
  kind: 'question',
  conversation: { platform: 'console', workspaceKey: 'w', channelId: 'c', threadId },
  user: { id: 'u1' },
  text,
  receivedAt: new Date(),
});

let app: TestApp;
/** Statements the warehouse was asked to run, counted by wrapping the real reader's `query`. */
const ran: string[] = [];
beforeAll(async () => {
  app = await createTestApp({ scale: 0.01 });
  const reader = app.warehouse.reader;
  const query = reader.query.bind(reader);
  reader.query = ((sql: string, ...rest: unknown[]) => {
    ran.push(sql);
    return (query as (...a: unknown[]) => ReturnType<typeof reader.query>)(sql, ...rest);
  }) as typeof reader.query;
});
afterAll(async () => app?.dispose());

describe('show the SQL', () => {
  it('returns the guarded SQL of the previous answer without running it or drawing a chart', async () => {
    const first = await app.core.reply(msg('revenue by month', 't1'));
    expect(first.error).toBeUndefined();
    expect(first.image).toBeDefined();
    const firstSql = first.code?.text;
    expect(firstSql).toMatch(/toStartOfMonth/);
    expect(ran.length).toBeGreaterThan(0);

    ran.length = 0;
    const shown = await app.core.reply(msg('show the SQL', 't1'));
    expect(shown.error).toBeUndefined();
    expect(shown.code?.language).toBe('sql');
    expect(shown.code?.text).toBe(firstSql);
    expect(shown.image).toBeUndefined();
    expect(shown.table).toBeUndefined();
    expect(ran).toEqual([]);
  });

  it('a refinement after it still builds on the same question', async () => {
    await app.core.reply(msg('revenue by month', 't2'));
    await app.core.reply(msg('show the SQL', 't2'));
    const refined = await app.core.reply(msg('now by country', 't2'));
    expect(refined.error).toBeUndefined();
    expect(refined.code?.text).toMatch(/country/);
    expect(refined.code?.text).toMatch(/sum\(revenue\)/);
  });

  it('with no previous answer says so and runs nothing', async () => {
    ran.length = 0;
    const r = await app.core.reply(msg('show the SQL', 't3'));
    expect(r.error).toBeDefined();
    expect(ran).toEqual([]);
  });
});

describe('show the SQL in a workspace', () => {
  let wsApp: TestApp;
  beforeAll(async () => {
    wsApp = await createTestApp({ scale: 0.01, metadata: true, env: { DATALABS_SETUP: 'open' } });
  });
  afterAll(async () => wsApp?.dispose());

  it('is kept in the history but not audited as an executed statement (nothing ran)', async () => {
    const say = (text: string, kind: 'question' | 'command' = 'question') =>
      wsApp.core.reply({
        ...msg(text, 'ws1'),
        conversation: { platform: 'slack', workspaceKey: 'TSHOW', channelId: 'C1', threadId: 'ws1' },
        ...(kind === 'command' ? { kind: 'command' as const, command: 'datalabs', text: text.replace(/^\/datalabs\s*/, '') } : {}),
      });
    expect((await say('/datalabs setup Show', 'command')).error).toBeUndefined();
    expect((await say('revenue by month')).error).toBeUndefined();
    const executed = async () => (await wsApp.store!.audit.latest(null, { limit: 50, action: 'sql.execute' })).length;
    const before = await executed();
    expect(before).toBeGreaterThan(0);
    const shown = await say('show the SQL');
    expect(shown.code?.text).toMatch(/toStartOfMonth/);
    expect(await executed()).toBe(before);
  });
});
