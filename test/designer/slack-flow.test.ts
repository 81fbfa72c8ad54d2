/**
 * The designer end to end on Slack: the real Slack adapter (bolt) against the
 * fake Slack, signed slash commands and button presses, the real chat core,
 * chDB and PGlite on disk. /datalabs design proposes (nothing created), the
 * proposal survives a restart, a viewer's Apply is refused, the admin's Apply
 * with sample data creates the tables, audits the DDL with its down-migration,
 * allow-lists the database, writes the semantic model and the dashboard
 * (attached), and /ask answers about the new table at once. An unsafe
 * requirement gets one line; a database beyond the operator's ceiling is
 * named and not applied.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import type { ActionId } from '../../bot/contracts/chat.ts';
import { blockActionPayload, interactionBody } from '../fakes/slack/slack-requests.ts';
import { observe, startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import type { Observed } from '../adapters/contract.ts';
import type { FakeMessage } from '../fakes/slack/fake-slack.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
const CHANNEL = 'C0DATA';
let dataDir: string;
let dashboardsDir: string;
let app: App;
let rig: SlackRig;

async function open(): Promise<void> {
  const config = loadConfig(
    { DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open', DATALABS_ALLOWED_DATABASES: 'demo,analytics' },
    { readDotenv: false },
  );
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: NOW, metadata: true, pgliteDir: path.join(dataDir, 'pg'), dashboardsDir });
  rig = await startSlackRig({ app, logger: app.logger });
}

async function shut(): Promise<void> {
  await rig?.close();
  await app?.close();
}

/** Alice (the admin) sends `/datalabs <text>`. */
async function send(text: string): Promise<Observed> {
  const from = rig.fake.messages.length;
  const count = rig.received.length + 1;
  const res = await rig.command('/datalabs', text, { channelId: CHANNEL });
  expect(res.status).toBe(200);
  await rig.settle(count, 60_000);
  return observe(rig.fake, from);
}

/** Presses `actionId` with `value` as `userId` (a signed block_actions interaction on a message of the channel). */
async function pressAs(userId: string, actionId: ActionId, value: string, on?: FakeMessage): Promise<Observed> {
  const from = rig.fake.messages.length;
  const count = rig.received.length + 1;
  // The press is on a message the bot posted in the channel (Slack answers in its thread).
  const msg = on ?? rig.fake.messages.filter((m) => m.user === rig.fake.botUserId && m.channel === CHANNEL && !m.threadTs).at(-1);
  if (!msg) throw new Error('no bot message to press on');
  const body = interactionBody(blockActionPayload({ channelId: msg.channel, messageTs: msg.ts, threadTs: msg.threadTs, actionId, value, blocks: msg.blocks, userId }));
  const res = await rig.post(body, 'application/x-www-form-urlencoded');
  expect(res.status).toBe(200);
  await rig.settle(count, 60_000);
  return observe(rig.fake, from);
}

function buttonValue(o: Observed, id: ActionId): string {
  const msg = o.handle as FakeMessage;
  const el = ((msg?.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.action_id === id);
  if (!el) throw new Error(`no ${id} button`);
  return el.value;
}

const databases = async () => (await app.warehouse.admin.query("SELECT name FROM system.databases WHERE name IN ('analytics', 'shop') ORDER BY name")).rows.map((r) => r[0]);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-design-slack-'));
  dashboardsDir = path.join(dataDir, 'dashboards');
  await open();
  // Alice sets the workspace up (admin); Bob is a viewer.
  expect((await send('setup Shop')).text).toMatch(/Shop/);
  expect((await send('admin grant <@U0BOB> viewer')).text).not.toMatch(/error|only/i);
  // The workspace starts without the designer's database: Apply adds it.
  expect((await send('admin disallow analytics')).text).toMatch(/analytics/);
}, 120_000);
afterAll(async () => {
  await shut();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('/datalabs design on Slack', () => {
  let proposal: Observed;
  let id = '';
  const requirement = 'track parcel scans with tracking_url, courier_id, country, device, scanned_at; keep 30 days; a dashboard of daily scans per country';

  it('proposes a ClickHouse-checked design with Apply / Edit / Cancel, and creates nothing', async () => {
    proposal = await send(`design ${requirement}`);
    expect(proposal.text).toMatch(/Proposed design in database analytics: parcel_scans \(rollup parcel_scans_daily kept by a materialized view\)/);
    expect(proposal.text).toContain('CREATE TABLE analytics.parcel_scans');
    expect(proposal.text).toContain('TTL scanned_at + INTERVAL 30 DAY');
    expect(proposal.text).toMatch(/LowCardinality\(String\)/);
    expect(proposal.text).toMatch(/scratch database/);
    expect(proposal.buttons).toEqual(['design_apply', 'design_apply_sample', 'design_edit', 'design_cancel']);
    id = buttonValue(proposal, 'design_apply');
    expect(await databases()).toEqual([]);
  });

  it('keeps the proposal in the metadata store: after a restart the buttons still work', async () => {
    await shut();
    await open();
    // A fresh Slack fake: the bot posts something to press on (the design id is all the button carries).
    await send('whoami');
    const edit = await pressAs('U0ALICE', 'design_edit', id);
    expect(edit.text).toContain(`/datalabs design ${requirement}`);
  }, 120_000);

  it('refuses a viewer who presses Apply, in one line, and creates nothing', async () => {
    const r = await pressAs('U0BOB', 'design_apply', id);
    expect(r.text).toMatch(/only admins can apply designs here \(you are a viewer\); nothing was created/);
    expect(await databases()).toEqual([]);
    const denied = await app.store!.audit.latest(null, { action: 'design.denied' });
    expect(denied[0]?.actor).toBe('slack:U0BOB');
  });

  it("applies on the admin's click: tables, sample rows, audit with down-migration, allow-list, model, dashboard", async () => {
    const r = await pressAs('U0ALICE', 'design_apply_sample', id);
    expect(r.text).toMatch(/Applied by alice: created analytics\.parcel_scans, analytics\.parcel_scans_daily, analytics\.parcel_scans_daily_mv \(new database analytics\), with 5000 sample rows per table/);
    expect(r.text).toMatch(/analytics is now on the workspace's allow-list/);
    expect(r.text).toContain('DROP TABLE IF EXISTS analytics.parcel_scans');
    expect(r.files).toEqual(['datalabs-analytics-parcel_scans.json']);
    expect(await databases()).toEqual(['analytics']);
    const rows = await app.warehouse.admin.query('SELECT count() FROM analytics.parcel_scans');
    expect(rows.rows[0][0]).toBe(5000);
    const rollup = await app.warehouse.admin.query('SELECT sum(parcel_scans) FROM analytics.parcel_scans_daily');
    expect(Number(rollup.rows[0][0])).toBe(5000);

    const audit = await app.store!.audit.latest(null, { action: 'design.apply' });
    expect(audit[0].actor).toBe('slack:U0ALICE');
    expect(audit[0].detail.down).toEqual(['DROP VIEW IF EXISTS analytics.parcel_scans_daily_mv', 'DROP TABLE IF EXISTS analytics.parcel_scans_daily', 'DROP TABLE IF EXISTS analytics.parcel_scans', 'DROP DATABASE IF EXISTS analytics']);
    expect((audit[0].detail.ddl as string[]).some((s) => s.startsWith('CREATE TABLE analytics.parcel_scans\n'))).toBe(true);
    const ws = (await app.workspaces!.resolve({ platform: 'slack', workspaceKey: 'T0FAKE', channelId: CHANNEL }, { id: 'U0ALICE' }))!.workspace;
    expect(ws.allowedDatabases).toContain('analytics');

    const dash = JSON.parse(fs.readFileSync(path.join(dashboardsDir, 'datalabs-analytics-parcel_scans.json'), 'utf8'));
    expect(dash.panels.length).toBeGreaterThan(1);
    expect(fs.readFileSync(path.join(dataDir, 'models', 'analytics.yaml'), 'utf8')).toMatch(/^# Designed by datalabs design/);
  }, 120_000);

  it('answers a question about the new table at once', async () => {
    const from = rig.fake.messages.length;
    const count = rig.received.length + 1;
    await rig.command('/ask', 'number of parcel scans', { channelId: CHANNEL });
    await rig.settle(count, 60_000);
    const answer = observe(rig.fake, from);
    expect(answer.text).toMatch(/5,?000/);
  }, 60_000);

  it('never applies a design twice', async () => {
    const again = await pressAs('U0ALICE', 'design_apply', id);
    expect(again.text).toMatch(/That design was already applied by slack:U0ALICE/);
  });

  it('answers an unsafe requirement with one clear line', async () => {
    const r = await send('design drop the orders table');
    expect(r.text).toContain('Not designed: the designer only proposes new tables and additive changes; it never drops or empties a table or database (do that yourself, reviewed, outside the chat).');
    expect(r.buttons).toEqual([]);
  });

  it('names the operator ceiling plainly: a database beyond it is not applied; Cancel closes the proposal', async () => {
    const p = await send('design an orders table with order_id, amount, status, created_at in database shop');
    expect(p.text).toMatch(/Note: shop is beyond what this server allows \(demo, analytics\): the operator adds it to DATALABS_ALLOWED_DATABASES/);
    const shopId = buttonValue(p, 'design_apply');
    const r = await pressAs('U0ALICE', 'design_apply', shopId);
    expect(r.text).toMatch(/Not applied: shop is beyond what this server allows \(demo, analytics\)/);
    expect(await databases()).toEqual(['analytics']);
    const c = await pressAs('U0ALICE', 'design_cancel', shopId);
    expect(c.text).toContain('Design cancelled by alice: nothing was created.');
    expect((await pressAs('U0ALICE', 'design_apply', shopId)).text).toMatch(/That design was cancelled by slack:U0ALICE/);
  });

  it('takes apply / cancel as text too (platforms without buttons)', async () => {
    const p = await send('design a couriers table with courier_id, name, region, joined_at');
    const footerId = /apply\|cancel ([A-Za-z0-9_-]{22})/.exec(p.text)?.[1];
    expect(footerId).toBe(buttonValue(p, 'design_cancel'));
    expect((await send(`design cancel ${footerId}`)).text).toContain('Design cancelled by alice: nothing was created.');
  });

  it('previews a change to the new table and asks for confirmation before losing data', async () => {
    const add = await send('design add a browser column to parcel_scans');
    expect(add.text).toContain('ALTER TABLE analytics.parcel_scans ADD COLUMN browser LowCardinality(String)');
    const drop = await send('design drop the tracking_url column from parcel_scans');
    expect(drop.text).toMatch(/DESTRUCTIVE: it drops column analytics\.parcel_scans\.tracking_url \(String\): its values in 5,000 rows are lost for good/);
    const first = await pressAs('U0ALICE', 'design_apply', buttonValue(drop, 'design_apply'));
    expect(first.text).toMatch(/Press Confirm to apply it anyway/);
    expect(first.buttons).toEqual(['design_confirm', 'design_cancel']);
    const cols = async () => (await app.warehouse.admin.query("SELECT name FROM system.columns WHERE database = 'analytics' AND table = 'parcel_scans' ORDER BY position")).rows.map((r) => r[0]);
    expect(await cols()).toContain('tracking_url');
    const done = await pressAs('U0ALICE', 'design_confirm', buttonValue(first, 'design_confirm'));
    expect(done.text).toMatch(/Applied by alice: ALTER TABLE analytics\.parcel_scans DROP COLUMN tracking_url/);
    expect(await cols()).not.toContain('tracking_url');
    expect(done.text).toMatch(/Semantic model .*analytics\.yaml updated for the change/);
    const model = YAML.parse(fs.readFileSync(path.join(dataDir, 'models', 'analytics.yaml'), 'utf8'));
    const scans = model.tables.find((t: { name: string }) => t.name === 'parcel_scans');
    expect(scans.columns.map((c: { name: string }) => c.name)).toEqual(['courier_id', 'country', 'device', 'scanned_at']);
    const audit = await app.store!.audit.latest(null, { action: 'design.apply' });
    expect(audit[0].detail).toMatchObject({ confirmed: true, down: ['ALTER TABLE analytics.parcel_scans ADD COLUMN tracking_url String'] });
  }, 60_000);
});
