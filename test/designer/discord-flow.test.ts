/**
 * The designer end to end on Discord: the real Discord adapter (discord.js)
 * against the fake Discord REST API and gateway, the inbound pipeline and the
 * real chat core, chDB and PGlite. `/datalabs design` proposes with Apply /
 * Apply with sample data / Edit / Cancel buttons (nothing created); another
 * member's Apply click is refused and creates nothing; the admin's click
 * creates the tables (with sample rows), audits them and attaches the Grafana
 * dashboard; Cancel closes a proposal for good.
 */
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { ActionId } from '../../bot/contracts/chat.ts';
import type { TestApp } from '../support/test-app.ts';
import type { FakeUser } from '../fakes/discord/fake-objects.ts';
import type { FakeMessage } from '../fakes/discord/fake-discord.ts';
import type { Observed } from '../adapters/contract.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
const BOB: FakeUser = { id: '300000000000000077', username: 'bob', global_name: 'Bob', discriminator: '0' };
let dataDir: string;
let dashboardsDir: string;
let app: App;
let h: DiscordHarness;

/** Runs `/datalabs <command>` as Ada (the fake's default user). */
async function datalabs(command: string): Promise<Observed> {
  const marker = h.fake.messages.size;
  const i = h.fake.slashCommand('datalabs', { command });
  await h.handled(i.id);
  return h.observe(i.channelId, marker);
}

/** Clicks `actionId` on the message of `on` as `user` (default: Ada). */
async function clickAs(on: Observed, actionId: ActionId, user?: FakeUser): Promise<Observed> {
  const msg = on.handle as FakeMessage;
  const button = msg.components.flatMap((r) => r.components).find((c) => String(c.custom_id).startsWith(`${actionId}:`));
  if (!button) throw new Error(`no ${actionId} button on message ${msg.id}`);
  const marker = h.fake.messages.size;
  const i = h.fake.clickButton(msg.id, String(button.custom_id), user ? { user } : {});
  await h.handled(i.id);
  return h.observe(i.channelId, marker);
}

/** The text without Discord's markdown escapes (`tickets\\_daily` → `tickets_daily`). */
const plain = (o: Observed) => o.text.replace(/\\([_*~`|\\])/g, '$1');

const tablesIn = async (db: string) => (await app.warehouse.admin.query(`SELECT name FROM system.tables WHERE database = '${db}' ORDER BY name`)).rows.map((r) => String(r[0]));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-design-discord-'));
  dashboardsDir = path.join(dataDir, 'dashboards');
  const config = loadConfig(
    { DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open', DATALABS_ALLOWED_DATABASES: 'demo,analytics' },
    { readDotenv: false },
  );
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: NOW, metadata: true, pgliteDir: path.join(dataDir, 'pg'), dashboardsDir });
  h = createDiscordHarness();
  await h.start(app as TestApp);
  // Ada sets the workspace up (admin); Bob, never granted a role, is a viewer by default.
  expect((await datalabs('setup Guild')).text).toMatch(/Guild/);
  expect((await datalabs('admin disallow analytics')).text).toMatch(/analytics/);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('/datalabs design on Discord', () => {
  let proposal: Observed;

  it('proposes a checked design with the four buttons and creates nothing', async () => {
    proposal = await datalabs('design a tickets table with ticket_id, priority, queue, opened_at; a dashboard of daily tickets per priority');
    expect(plain(proposal)).toMatch(/Proposed design in database analytics: tickets \(rollup tickets_daily kept by a materialized view\)/);
    expect(proposal.text).toMatch(/Designed by the offline designer/);
    expect(plain(proposal)).toContain('CREATE MATERIALIZED VIEW analytics.tickets_daily_mv TO analytics.tickets_daily');
    expect(proposal.buttons).toEqual(['design_apply', 'design_apply_sample', 'design_edit', 'design_cancel']);
    expect(await tablesIn('analytics')).toEqual([]);
  }, 60_000);

  it("refuses another member's Apply click in one line and creates nothing", async () => {
    const r = await clickAs(proposal, 'design_apply', BOB);
    expect(r.text).toMatch(/only admins can apply designs here \(you are a viewer\); nothing was created/);
    expect(await tablesIn('analytics')).toEqual([]);
    const denied = await app.store!.audit.latest(null, { action: 'design.denied' });
    expect(denied[0]?.actor).toBe(`discord:${BOB.id}`);
  }, 60_000);

  it("creates the tables with sample rows on the admin's click, audits them and attaches the dashboard", async () => {
    const r = await clickAs(proposal, 'design_apply_sample');
    expect(plain(r)).toMatch(/Applied by Ada: created analytics\.tickets, analytics\.tickets_daily, analytics\.tickets_daily_mv \(new database analytics\), with 5000 sample rows per table\./);
    expect(await tablesIn('analytics')).toEqual(['tickets', 'tickets_daily', 'tickets_daily_mv']);
    const rollup = await app.warehouse.admin.query('SELECT sum(tickets) FROM analytics.tickets_daily');
    expect(Number(rollup.rows[0][0])).toBe(5000);
    expect(r.files).toEqual(['datalabs-analytics-tickets.json']);
    const audit = await app.store!.audit.latest(null, { action: 'design.apply' });
    expect(audit[0].actor).toBe(`discord:${h.fake.defaultUser.id}`);
    expect(audit[0].detail.down).toEqual(['DROP VIEW IF EXISTS analytics.tickets_daily_mv', 'DROP TABLE IF EXISTS analytics.tickets_daily', 'DROP TABLE IF EXISTS analytics.tickets', 'DROP DATABASE IF EXISTS analytics']);
  }, 60_000);

  it('closes a proposal on Cancel: nothing created, and Apply afterwards says so', async () => {
    const p = await datalabs('design a queues table with queue_id, name, team');
    const c = await clickAs(p, 'design_cancel');
    expect(c.text).toMatch(/Design cancelled by Ada: nothing was created\./);
    expect((await clickAs(p, 'design_apply')).text).toMatch(/That design was cancelled by discord:/);
    expect(await tablesIn('analytics')).toEqual(['tickets', 'tickets_daily', 'tickets_daily_mv']);
  }, 60_000);
});
