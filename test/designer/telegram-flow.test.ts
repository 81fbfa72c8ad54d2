/**
 * The designer end to end on Telegram: the real Telegram adapter (telegraf)
 * polling the fake Bot API in a group, the inbound pipeline and the real chat
 * core, chDB and PGlite. /design@bot (and /datalabs design) proposes with Apply / Apply with sample data /
 * Edit / Cancel buttons (nothing created); a viewer's Apply press is refused
 * and creates nothing; the admin's press creates the tables, audits them and
 * sends the Grafana dashboard as a document; Cancel closes a proposal for good.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { ActionId } from '../../bot/contracts/chat.ts';
import type { TestApp } from '../support/test-app.ts';
import type { FakeChat, FakeUser } from '../fakes/telegram/fake-bot-api.ts';
import { createTelegramHarness, type TelegramHarness } from '../adapters/telegram-harness.ts';
import type { Observed } from '../adapters/contract.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
const GROUP: FakeChat = { id: -100555, type: 'supergroup', title: 'Warehouse' };
const BOB: FakeUser = { id: 777, is_bot: false, first_name: 'Bob', username: 'bob' };
let dataDir: string;
let dashboardsDir: string;
let app: App;
let h: TelegramHarness;

type Keyboard = { chatId: number; messageId: number; keyboard: { inline_keyboard: Array<Array<{ callback_data?: string }>> } };
/** Presses `actionId` on `on` as `user` (default: Ada, the harness's user). */
function pressAs(on: Observed, actionId: ActionId, user?: FakeUser) {
  const k = on.handle as Keyboard | undefined;
  if (!k) throw new Error('no buttons on this reply');
  const data = k.keyboard.inline_keyboard.flat().find((b) => b.callback_data?.startsWith(`${actionId}:`))?.callback_data;
  if (!data) throw new Error(`no ${actionId} button`);
  return h.interact(GROUP, () => h.fake.userPresses(GROUP, k.messageId, data, user ? { user } : {}));
}

const tablesIn = async (db: string) => (await app.warehouse.admin.query(`SELECT name FROM system.tables WHERE database = '${db}' ORDER BY name`)).rows.map((r) => String(r[0]));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-design-telegram-'));
  dashboardsDir = path.join(dataDir, 'dashboards');
  const config = loadConfig(
    { DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open', DATALABS_ALLOWED_DATABASES: 'demo,analytics' },
    { readDotenv: false },
  );
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: NOW, metadata: true, pgliteDir: path.join(dataDir, 'pg'), dashboardsDir });
  h = createTelegramHarness('polling', { chat: GROUP, memory: app.store!.adapterMemory });
  await h.start(app as TestApp);
  // Ada sets the workspace up (admin); Bob, never granted a role, is a viewer by default.
  expect((await h.say('/datalabs setup Warehouse')).text).toMatch(/Warehouse/);
  expect((await h.say('/datalabs admin disallow analytics')).text).toMatch(/analytics/);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('/design on Telegram', () => {
  let proposal: Observed;

  it('proposes a checked design with the four buttons and creates nothing', async () => {
    // In a group, Telegram's command menu sends /design@<bot> (a bare /design could be another bot's).
    proposal = await h.say('/design@datalabs_test_bot a shipments table with shipment_id, carrier, status, weight_kg, shipped_at; keep 60 days');
    expect(proposal.text).toMatch(/Proposed design in database analytics: shipments\. Nothing is created until an admin presses Apply\./);
    expect(proposal.text).toMatch(/Designed by the offline designer/);
    expect(proposal.text).toContain('CREATE TABLE analytics.shipments');
    expect(proposal.text).toContain('TTL shipped_at + INTERVAL 60 DAY');
    expect(proposal.buttons).toEqual(['design_apply', 'design_apply_sample', 'design_edit', 'design_cancel']);
    expect(await tablesIn('analytics')).toEqual([]);
  }, 60_000);

  it("refuses a viewer's Apply press in one line and creates nothing", async () => {
    const r = await pressAs(proposal, 'design_apply', BOB);
    expect(r.text).toMatch(/only admins can apply designs here \(you are a viewer\); nothing was created/);
    expect(await tablesIn('analytics')).toEqual([]);
    const denied = await app.store!.audit.latest(null, { action: 'design.denied' });
    expect(denied[0]?.actor).toBe(`telegram:${BOB.id}`);
  }, 60_000);

  it("creates the tables on the admin's Apply, audits them and sends the dashboard", async () => {
    const r = await pressAs(proposal, 'design_apply');
    expect(r.text).toMatch(/Applied by \S+: created analytics\.shipments \(new database analytics\)\./);
    expect(r.text).toMatch(/analytics is now on the workspace's allow-list/);
    expect(await tablesIn('analytics')).toEqual(['shipments']);
    const cols = await app.warehouse.admin.query("SELECT name, type FROM system.columns WHERE database = 'analytics' AND table = 'shipments' ORDER BY position");
    expect(cols.rows).toContainEqual(['carrier', 'LowCardinality(String)']);
    expect(r.files).toEqual(['datalabs-analytics-shipments.json']);
    const audit = await app.store!.audit.latest(null, { action: 'design.apply' });
    expect(audit[0].actor).toBe('telegram:4242');
    expect(audit[0].detail.down).toEqual(['DROP TABLE IF EXISTS analytics.shipments', 'DROP DATABASE IF EXISTS analytics']);
    expect((await pressAs(proposal, 'design_apply')).text).toMatch(/That design was already applied by telegram:4242/);
  }, 60_000);

  it('closes a proposal on Cancel: nothing created, and Apply afterwards says so', async () => {
    const p = await h.say('/datalabs design a carriers table with carrier_id, name, region');
    expect(p.buttons).toContain('design_cancel');
    const c = await pressAs(p, 'design_cancel');
    expect(c.text).toMatch(/Design cancelled by \S+: nothing was created\./);
    expect((await pressAs(p, 'design_apply')).text).toMatch(/That design was cancelled by telegram:4242/);
    expect(await tablesIn('analytics')).toEqual(['shipments']);
  }, 60_000);
});
