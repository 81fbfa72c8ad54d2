/**
 * Built-in ClickHouse health checks switched on and off as a workspace does it:
 * from chat (`/alerts health`, `/alert health on|off <check>`, admins only,
 * audited) and from the CLI (`datalabs alerts health list|enable|disable`). A
 * check switched on in chat fires through the engine into this Slack channel
 * (real adapter, fake Slack, scripted clock), read on the platform's admin
 * path — while the workspace's own members still cannot query system.*.
 * Real chDB, PGlite, guard and chat core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationRef } from '../../bot/contracts/chat.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createProcessAdapterMemory } from '../../bot/infra/adapter-memory.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createSlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import { createAlerting, type Alerting } from '../../bot/app/create-alerting.ts';
import { executeAlerts } from '../../bot/app/cli/alerts-command.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { TEST_END_DATE } from '../support/test-app.ts';

const BOT_TOKEN = 'xoxb-1-health-switch-token';
const CHANNEL = 'C0HEALTH';
const MIN = 60_000;
const T0 = Date.parse('2025-07-01T00:00:00Z');

let app: App;
let dataDir: string;
let slack: FakeSlack;
let alerting: Alerting;
let clock = T0;
let n = 0;
let wsId = 0;
const chan: ConversationRef = { platform: 'slack', workspaceKey: 'T0FAKE', channelId: CHANNEL };

const say = (user: string, text: string) => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text)!;
  const m: ChatMessage = { id: `hs${++n}`, kind: 'command', command: cmd[1], text: cmd[2], conversation: chan, user: { id: user, name: user }, receivedAt: new Date(clock) };
  return app.core.reply(m);
};

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await executeAlerts(args, { now: new Date(clock), actor: 'cli:test', source: async () => app.answerer, store: async () => app.store! }, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

async function advance(t: number): Promise<void> {
  while (clock < t) {
    clock = Math.min(t, clock + 5_000);
    await alerting.runUntil(clock);
  }
}

const firing = () => slack.messages.filter((m) => m.channel === CHANNEL && m.blocks && /^FIRING: ch-/.test(m.text));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-health-switch-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open' }, { readDotenv: false });
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: new Date(T0), metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  slack = await startFakeSlack({ botToken: BOT_TOKEN });
  const memory = createProcessAdapterMemory();
  const adapter = createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: 'unused-signing-secret', apiUrl: slack.apiUrl, memory, logger: app.logger });
  alerting = await createAlerting(app, {
    adapters: [adapter],
    manual: true,
    now: () => clock,
    env: {},
    memory,
    email: null,
    webhooks: {},
    timings: { groupWaitMs: 30_000, groupIntervalMs: MIN, repeatIntervalMs: 60 * MIN },
    chatDelivery: createDelivery({ logger: app.logger, attempts: 1 }),
    outbox: { baseBackoffMs: 5_000, leaseMs: 60_000 },
  });
  expect((await say('U1', '/datalabs setup Shop')).error).toBeUndefined();
  expect((await say('U1', '/datalabs admin grant U2 analyst')).error).toBeUndefined();
  wsId = (await app.workspaces!.resolve(chan, { id: 'U1' }))!.workspace.id;
}, 120_000);

afterAll(async () => {
  await alerting?.close();
  await slack?.close();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('health checks from chat', () => {
  it('/alerts health lists every check, all off at first, for any member', async () => {
    const r = await say('U2', '/alerts health');
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^ClickHouse health checks in workspace "Shop" \(read by the platform from system\.\*, not by your queries\):/);
    for (const check of ['slow_queries', 'failed_inserts', 'parts_per_partition', 'disk_free', 'replication_lag']) expect(r.text).toMatch(new RegExp(`• ${check} — off — `));
    expect(r.text).toContain('• disk_free — off — free space on the fullest disk (fraction), fraction free (default: below 0.1)');
  });

  it('refuses a non-admin (audited) and an unknown check, in one line, saving nothing', async () => {
    const denied = await say('U2', '/alert health on parts_per_partition');
    expect(denied.error?.code).toBe('FORBIDDEN');
    expect(denied.text).toBe('only admins can switch ClickHouse health checks on (you are an analyst)');
    expect((await app.store!.audit.latest(wsId, { action: 'health.denied' }))[0]?.actor).toBe('slack:U2');

    const bad = await say('U1', '/alert health on cpu');
    expect(bad.error?.code).toBe('BAD_INPUT');
    expect(bad.text).toBe('"cpu" is not a ClickHouse health check: one of slow_queries, failed_inserts, parts_per_partition, disk_free, replication_lag');
    const nan = await say('U1', '/alert health on disk free below ten');
    expect(nan.text).toBe('below: "ten" is not a number');
    expect(await app.store!.alerts.list(wsId)).toEqual([]);
  });

  it('an admin switches one on: saved as a health rule for this channel, audited, listed', async () => {
    const r = await say('U1', '/datalabs alert health on parts per partition above 0 every 1m');
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('Switched parts_per_partition on as "ch-parts-per-partition": above 0, every 1m; notices come to this channel. /datalabs alert health off parts_per_partition switches it off.');
    const stored = await app.store!.alerts.get(wsId, 'ch-parts-per-partition');
    expect(stored?.spec).toEqual({ kind: 'health', name: 'ch-parts-per-partition', check: 'parts_per_partition', above: 0, every: '1m', receivers: [`slack:T0FAKE/${CHANNEL}`] });
    expect((await app.store!.audit.latest(wsId, { action: 'health.enable' }))[0]?.detail).toMatchObject({ check: 'parts_per_partition', name: 'ch-parts-per-partition', origin: 'chat', status: 'created' });
    expect((await say('U1', '/alert health on parts_per_partition')).text).toBe('parts_per_partition is already on (ch-parts-per-partition).');
    expect((await say('U2', '/alert health')).text).toContain('• parts_per_partition — on: ch-parts-per-partition above 0, every 1m — most active parts in one partition, parts');
  });

  it('fires into this channel through the engine (read on the admin path)', async () => {
    await alerting.engine.reconcile(clock);
    await advance(T0 + 3 * MIN);
    expect(firing()).toHaveLength(1);
    expect(firing()[0].text).toMatch(/^FIRING: ch-parts-per-partition — value \d+ vs threshold 0/);
  }, 120_000);

  it('members still cannot read system.* themselves', async () => {
    const r = await app.core.reply({ id: `hs${++n}`, kind: 'sql', text: 'SELECT count() FROM system.parts', conversation: chan, user: { id: 'U2', name: 'U2' }, receivedAt: new Date(clock) });
    expect(r.error?.code).toBe('SQL_REJECTED');
    await expect(app.answerer.ask({ text: 'SELECT max(absolute_delay) FROM system.replicas', now: new Date(clock) })).rejects.toMatchObject({ code: 'SQL_REJECTED' });
  });

  it('an admin switches it off: paused, audited, no more notices; on again resumes it', async () => {
    const r = await say('U1', '/alert health off parts_per_partition');
    expect(r.text).toBe('Switched parts_per_partition off: ch-parts-per-partition paused (/datalabs alert health on parts_per_partition brings it back).');
    expect((await app.store!.alerts.get(wsId, 'ch-parts-per-partition'))?.state).toBe('paused');
    expect((await app.store!.audit.latest(wsId, { action: 'health.disable' }))[0]?.detail).toMatchObject({ check: 'parts_per_partition', origin: 'chat' });
    await alerting.engine.reconcile(clock);
    expect(await alerting.scheduler.list()).toEqual([]);
    expect((await say('U1', '/alert health off parts_per_partition')).text).toBe('parts_per_partition is already off (ch-parts-per-partition paused).');
    expect((await say('U1', '/alert health off disk_free')).text).toBe('disk_free is not on in workspace "Shop": nothing to switch off.');

    expect((await say('U1', '/alert health on parts_per_partition')).text).toBe('Switched parts_per_partition on again: ch-parts-per-partition resumed with its threshold and receivers.');
    expect((await app.store!.alerts.get(wsId, 'ch-parts-per-partition'))?.state).toBe('active');
  }, 60_000);
});

describe('health checks from the CLI', () => {
  it('lists, enables and disables, audited as the CLI user', async () => {
    const list = await cli('health', 'list', '--workspace', 'Shop');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ClickHouse health checks in workspace Shop \(read by the platform from system\.\*\):\ncheck\s+state\s+rules\s+threshold\s+every\s+what\n/);
    expect(list.stdout).toMatch(/parts_per_partition\s+on\s+ch-parts-per-partition\s+above 0\s+1m\s+most active parts/);
    expect(list.stdout).toMatch(/disk_free\s+off\s+-\s+below 0\.1 \(default\)\s+-\s+free space/);

    const on = await cli('health', 'enable', 'disk_free', 'below', '0.2', '--workspace', 'Shop');
    expect(on).toMatchObject({ code: 0, stderr: '' });
    expect(on.stdout).toBe('Switched disk_free on in workspace Shop as ch-disk-free: below 0.2, every 5m; notices go to the default alert channel (ALERT_CHANNEL).\n');
    expect((await app.store!.alerts.get(wsId, 'ch-disk-free'))?.spec).toEqual({ kind: 'health', name: 'ch-disk-free', check: 'disk_free', below: 0.2, every: '5m' });
    expect((await app.store!.audit.latest(wsId, { action: 'health.enable' }))[0]).toMatchObject({ actor: 'cli:test', detail: { check: 'disk_free', origin: 'cli' } });

    const json = JSON.parse((await cli('health', 'list', '--workspace', 'Shop', '--json')).stdout) as { checks: Array<{ check: string; state: string }> };
    expect(json.checks.filter((c) => c.state === 'on').map((c) => c.check)).toEqual(['parts_per_partition', 'disk_free']);

    expect((await cli('health', 'disable', 'disk_free', '--workspace', 'Shop')).stdout).toBe('Switched disk_free off in workspace Shop: ch-disk-free paused.\n');
    expect((await app.store!.audit.latest(wsId, { action: 'health.disable' }))[0]).toMatchObject({ actor: 'cli:test', detail: { check: 'disk_free', origin: 'cli' } });
  });

  it('bad input: an unknown check is one line (exit 1), an unknown action is usage (exit 2)', async () => {
    const bad = await cli('health', 'enable', 'cpu', '--workspace', 'Shop');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('datalabs: "cpu" is not a ClickHouse health check: one of slow_queries, failed_inserts, parts_per_partition, disk_free, replication_lag\n');
    const usage = await cli('health', 'frob');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^datalabs: unknown health action "frob"; usage: /);
  });
});
