/**
 * /design with ANTHROPIC_API_KEY set, wired as `serve` wires it: createApp
 * with the key and ANTHROPIC_BASE_URL pointing at the fake Messages API, the
 * real Telegram adapter against the fake Bot API, chDB and PGlite. Claude's
 * design is proposed (the explanation names Claude), recorded in ai_usage
 * against the workspace and the person who asked, and applied like any other
 * on the admin's press; a design with a bad type gives the offline one with a
 * one-line note.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { TestApp } from '../support/test-app.ts';
import type { FakeChat } from '../fakes/telegram/fake-bot-api.ts';
import { createTelegramHarness, type TelegramHarness } from '../adapters/telegram-harness.ts';
import { startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';
import { designOffline, isRefusal, SUBMIT_DESIGN_TOOL, type Design } from '../../agents/designer/index.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
const GROUP: FakeChat = { id: -100556, type: 'supergroup', title: 'Warehouse' };
const REQUIREMENT = 'a deliveries table with delivery_id, courier, status, delivered_at';
let dataDir: string;
let app: App;
let h: TelegramHarness;
let fake: FakeMessagesApi;

/** The offline design of `requirement` as a submit_design input, changed by `edit`. */
function body(requirement: string, edit: (d: Design) => void) {
  const r = designOffline(requirement);
  if (isRefusal(r)) throw new Error(r.refused);
  const d = structuredClone(r.design);
  edit(d);
  return { tables: d.tables, views: d.views, explanation: d.explanation, wantsSampleData: d.wantsSampleData };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-design-claude-chat-'));
  fake = await startFakeMessagesApi();
  const config = loadConfig(
    {
      DATALABS_DATA_DIR: dataDir,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      DATALABS_SETUP: 'open',
      DATALABS_ALLOWED_DATABASES: 'demo,analytics',
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      ANTHROPIC_BASE_URL: fake.url,
    },
    { readDotenv: false },
  );
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: NOW, metadata: true, pgliteDir: path.join(dataDir, 'pg'), dashboardsDir: path.join(dataDir, 'dashboards') });
  h = createTelegramHarness('polling', { chat: GROUP, memory: app.store!.adapterMemory });
  await h.start(app as TestApp);
  expect((await h.say('/datalabs setup Warehouse')).text).toMatch(/Warehouse/);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await app?.close();
  await fake?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const usage = async () => (await app.store!.db.query<{ workspace_id: number; user_key: string; outcome: string; output_tokens: number }>('SELECT workspace_id, user_key, outcome, output_tokens FROM ai_usage ORDER BY id')).rows;

describe('/design improved by Claude', () => {
  it("proposes Claude's design, names Claude, records the tokens, and applies it on the admin's press", async () => {
    fake.enqueue(
      toolUse([
        [
          SUBMIT_DESIGN_TOOL,
          body(REQUIREMENT, (d) => {
            d.tables[0].columns.push({ name: 'eta_minutes', type: 'UInt16', role: 'duration', why: 'minutes fit in 16 bits' });
            d.explanation.push('eta_minutes is kept to chart late deliveries.');
          }),
        ],
      ]),
    );
    const p = await h.say(`/datalabs design ${REQUIREMENT}`);
    expect(p.text).toMatch(/Designed by Claude \(claude-sonnet-5-5\), improving the offline draft/);
    expect(p.text).toContain('eta_minutes UInt16');
    expect(p.buttons).toEqual(['design_apply', 'design_apply_sample', 'design_edit', 'design_cancel']);
    expect(fake.requests.at(-1)!.body.tools?.[0].name).toBe(SUBMIT_DESIGN_TOOL);

    const ws = (await app.store!.workspaces.list())[0];
    expect(await usage()).toMatchObject([{ workspace_id: ws.id, user_key: 'telegram:4242', outcome: 'answer' }]);
    const propose = await app.store!.audit.latest(null, { action: 'design.propose' });
    expect(propose[0].detail.engine).toBe('claude');

    const k = p.handle as { messageId: number; keyboard: { inline_keyboard: Array<Array<{ callback_data?: string }>> } };
    const data = k.keyboard.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('design_apply:'))!.callback_data!;
    const applied = await h.interact(GROUP, () => h.fake.userPresses(GROUP, k.messageId, data));
    expect(applied.text).toMatch(/Applied by \S+: created analytics\.deliveries/);
    const cols = await app.warehouse.admin.query("SELECT name FROM system.columns WHERE database = 'analytics' AND table = 'deliveries' ORDER BY position");
    expect(cols.rows.map((r) => r[0])).toContain('eta_minutes');
  }, 60_000);

  it('proposes the offline design with one line when Claude sends a bad type', async () => {
    const requirement = 'a couriers table with courier_id, name, region';
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, body(requirement, (d) => (d.tables[0].columns[1].type = 'Text'))]]));
    const p = await h.say(`/datalabs design ${requirement}`);
    expect(p.text).toMatch(/Designed offline: Claude's design is invalid \(couriers\.name: type "Text" names Text, not a ClickHouse type\)\./);
    expect(p.text).toContain('name String');
    expect((await usage()).at(-1)).toMatchObject({ outcome: 'failed', user_key: 'telegram:4242' });
  }, 60_000);
});
