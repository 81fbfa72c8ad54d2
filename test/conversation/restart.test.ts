/**
 * Conversation state survives a restart: a Slack-shaped conversation is
 * answered by one app, the app is closed, and a new app on the same metadata
 * store (a PGlite directory, or a fresh database on the PostgreSQL test
 * server) and the same data dir answers the earlier answer's buttons (Show
 * SQL, Export CSV, Save) and a follow-up in its thread. Expiry follows the
 * history retention: three days later it all works, past retention the
 * buttons say "expired" in one line, and the history purge removes the rows.
 * Real chDB, real guard, real stores.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createChatCore, createStoreConversations } from '../../bot/core/conversation/index.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createTestDatabase, TEST_BACKENDS, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import type { ActionId, ChatAdapter, ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { TEST_END_DATE, TEST_NOW } from '../support/test-app.ts';
import { createWorkspaceAnswerers } from '../../bot/app/pipelines.ts';
import { createInlineChartRenderer } from '../../renderers/index.ts';

const DAY = 86_400_000;
const RETENTION_DAYS = 30;
const channel: ConversationRef = { platform: 'slack', workspaceKey: 'T-RESTART', channelId: 'C-DATA' };
/** Slack: the answer to a channel message starts a thread under its ts. */
const ANSWER_TS = '1751306400.000200';

let n = 0;
const message = (conversation: ConversationRef, text: string): ChatMessage => ({
  id: `r${++n}-${Date.now()}`,
  kind: 'question',
  conversation,
  user: { id: 'U-ANN', name: 'ann', teamId: 'T-RESTART' },
  teamId: 'T-RESTART',
  text,
  receivedAt: new Date(),
});
const press = (id: ActionId, value: string): ChatMessage => ({ ...message(channel, ''), kind: 'action', action: { id, value } });

/** A Slack-shaped adapter without the SDK: a reply to a channel message lands as the parent of a new thread. */
function slackLike() {
  const sent: Reply[] = [];
  const adapter: ChatAdapter = {
    platform: 'slack',
    capabilities: { images: true, buttons: true, threads: true, editMessages: false, files: true },
    async start() {},
    async stop() {},
    async send(to, reply) {
      sent.push(reply);
      return { conversation: { ...to, threadId: to.threadId ?? ANSWER_TS }, messageId: ANSWER_TS };
    },
  };
  return { adapter, sent };
}

describe.each(TEST_BACKENDS)('conversation state across a restart on %s', (backend) => {
  let database: TestDatabase;
  const open: App[] = [];

  async function start(now: Date): Promise<App> {
    // One app at a time on the data dir (a failed test may have left one open).
    for (const app of [...open]) await stop(app);
    const config = loadConfig(
      {
        DATALABS_DATA_DIR: database.dataDir,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATALABS_ALLOWED_DATABASES: 'demo',
        HISTORY_RETENTION_DAYS: String(RETENTION_DAYS),
        ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
      },
      { readDotenv: false },
    );
    const app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now, metadata: true, writeCharts: false });
    open.push(app);
    return app;
  }
  async function stop(app: App): Promise<void> {
    await app.close();
    open.splice(open.indexOf(app), 1);
  }

  let answerId = '';
  let saveValue = '';
  let firstSql = '';
  let firstCsv = '';

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    // PGlite on a directory (not memory://): `<dataDir>/pg`.
    expect(fs.existsSync(path.join(database.dataDir, 'pg'))).toBe(false);
  }, 120_000);
  afterAll(async () => {
    for (const app of [...open]) await app.close().catch(() => undefined);
    await database?.cleanup();
  });

  it('answers in a Slack channel, then closes', async () => {
    const app = await start(TEST_NOW);
    await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
    const ws = await app.store!.workspaces.create({ name: 'Restart', allowedDatabases: ['demo'] });
    await app.store!.workspaces.bind({ platform: 'slack', workspaceKey: 'T-RESTART', channelId: '', workspaceId: ws.id });
    await app.workspaces!.admin.grant(ws, { platform: 'slack', userId: 'U-ANN' }, 'analyst', 'test');

    const { adapter, sent } = slackLike();
    await app.core.handle(adapter, message(channel, 'sessions by month'));
    const answer = sent.at(-1)!;
    expect(answer.error).toBeUndefined();
    firstSql = answer.code!.text;
    expect(firstSql).toMatch(/toStartOfMonth/);
    answerId = answer.buttons!.find((b) => b.actionId === 'show_sql')!.value;
    saveValue = answer.buttons!.find((b) => b.actionId === 'save')!.value;
    expect(answerId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(saveValue).toMatch(/^h\d+$/);
    firstCsv = (await app.core.reply(press('export_csv', answerId))).file!.data.toString('utf8');
    expect(firstCsv.split('\n').length).toBeGreaterThan(2);
    await stop(app);
    if (backend === 'pglite') expect(fs.existsSync(path.join(database.dataDir, 'pg'))).toBe(true);
  });

  it('three days later, a new app presses Show SQL, Export CSV and Save on that answer and refines in its thread', async () => {
    const app = await start(new Date(TEST_NOW.getTime() + 3 * DAY));
    const sql = await app.core.reply(press('show_sql', answerId));
    expect(sql.error).toBeUndefined();
    expect(sql.code?.text).toBe(firstSql);
    const csv = await app.core.reply(press('export_csv', answerId));
    expect(csv.error).toBeUndefined();
    expect(csv.file?.data.toString('utf8')).toBe(firstCsv);
    const saved = await app.core.reply(press('save', saveValue));
    expect(saved.error).toBeUndefined();
    expect(saved.text).toMatch(/^Saved as "/);

    const { adapter, sent } = slackLike();
    await app.core.handle(adapter, message({ ...channel, threadId: ANSWER_TS }, 'now by country'));
    const refined = sent.at(-1)!;
    expect(refined.error).toBeUndefined();
    expect(refined.code?.text).toMatch(/country/);
    expect(refined.code?.text).toMatch(/session_id/);
    // A thread that never had an answer does not inherit it.
    await app.core.handle(adapter, message({ ...channel, threadId: '1751306400.999999' }, 'now by country'));
    expect(sent.at(-1)!.code?.text ?? '').not.toMatch(/session_id/);
    await stop(app);
  });

  it('refuses the buttons to someone without a role in the answer\'s workspace after the restart', async () => {
    const app = await start(new Date(TEST_NOW.getTime() + 3 * DAY));
    const stranger = await app.core.reply({ ...press('show_sql', answerId), conversation: { platform: 'slack', workspaceKey: 'T-ELSE', channelId: 'C-X' }, user: { id: 'U-EVE' } });
    expect(stranger.error?.code).toBe('FORBIDDEN');
    expect(stranger.code).toBeUndefined();
    await stop(app);
  });

  it('past the retention the buttons say expired in one line, and the history purge removes the rows', async () => {
    // Past the retention of the answer (day 0) and of the thread's refinement (day 3).
    const app = await start(new Date(TEST_NOW.getTime() + (RETENTION_DAYS + 4) * DAY));
    for (const id of ['show_sql', 'export_csv'] as const) {
      const r = await app.core.reply(press(id, answerId));
      expect(r.error?.code).toBe('NOT_FOUND');
      expect(r.text).toMatch(/expired/);
      expect(r.text).not.toContain('\n');
    }
    // The thread's state expired with it: the follow-up starts fresh.
    const { adapter, sent } = slackLike();
    await app.core.handle(adapter, message({ ...channel, threadId: ANSWER_TS }, 'now by country'));
    expect(sent.at(-1)!.code?.text ?? '').not.toMatch(/session_id/);

    const count = async () =>
      (await app.store!.db.query<{ n: number }>('SELECT (SELECT count(*) FROM conversation_answers)::int + (SELECT count(*) FROM conversation_threads)::int AS n')).rows[0].n;
    expect(await count()).toBeGreaterThan(0);
    // History rows carry the database clock: purge as of well past it.
    await app.workspaces!.purgeHistory(new Date(Date.now() + (RETENTION_DAYS + 1) * DAY));
    expect(await count()).toBe(0);
    await stop(app);
  });

  it('re-runs the SQL through the guard for Export CSV when the result was too large to keep', async () => {
    const app = await start(TEST_NOW);
    const core = createChatCore({
      answerer: app.answerer,
      logger: app.logger,
      now: app.now,
      naturalLanguage: app.answerer.naturalLanguage,
      conversations: createStoreConversations(app.store!.conversations),
      keptRowsBytes: 10,
    });
    const answer = await core.reply(message({ platform: 'console', workspaceKey: 'console', channelId: 'console' }, 'sessions by month'));
    expect(answer.error, answer.text).toBeUndefined();
    const id = answer.buttons!.find((b) => b.actionId === 'export_csv')!.value;
    const stored = await app.store!.db.query<{ rows: unknown }>('SELECT rows FROM conversation_answers WHERE id = $1', [id]);
    expect(stored.rows[0].rows).toBeNull();
    const csv = await core.reply({ ...press('export_csv', id), conversation: { platform: 'console', workspaceKey: 'console', channelId: 'console' } });
    expect(csv.error).toBeUndefined();
    expect(csv.file?.data.toString('utf8')).toBe(firstCsv);
    await stop(app);
  });

  it("re-runs an oversize answer in the answer's workspace: recorded as a rerun, refused to someone without a role there", async () => {
    const app = await start(TEST_NOW);
    const charts = createInlineChartRenderer();
    const pipelines = createWorkspaceAnswerers({ config: app.config, logger: app.logger, defaultWarehouse: app.warehouse, chartsDir: null, charts });
    try {
      const core = createChatCore({
        answerer: app.answerer,
        logger: app.logger,
        now: app.now,
        naturalLanguage: app.answerer.naturalLanguage,
        workspaces: { service: app.workspaces!, answererFor: (w) => pipelines.forWorkspace(w) },
        conversations: createStoreConversations(app.store!.conversations, { defaultRetentionDays: RETENTION_DAYS }),
        keptRowsBytes: 10,
      });
      const ws = (await app.store!.workspaces.find('Restart'))!;
      const answer = await core.reply(message(channel, 'sessions by month'));
      expect(answer.error, answer.text).toBeUndefined();
      const id = answer.buttons!.find((b) => b.actionId === 'export_csv')!.value;
      const stranger = await core.reply({ ...press('export_csv', id), conversation: { platform: 'slack', workspaceKey: 'T-ELSE', channelId: 'C-X' }, user: { id: 'U-EVE' } });
      expect(stranger.error?.code).toBe('FORBIDDEN');
      expect((await app.store!.history.latest(ws.id, { limit: 1 }))[0].origin).toBe('chat');
      const csv = await core.reply(press('export_csv', id));
      expect(csv.error).toBeUndefined();
      expect(csv.file?.data.toString('utf8')).toBe(firstCsv);
      const last = (await app.store!.history.latest(ws.id, { limit: 1 }))[0];
      expect(last).toMatchObject({ origin: 'rerun', kind: 'sql', outcome: 'ok', userId: 'U-ANN' });
    } finally {
      await pipelines.close();
      await charts.close();
      await stop(app);
    }
  });
});
