/**
 * The workspace's time zone for scheduled reports, as a user sets it: an admin
 * says `/datalabs admin timezone Europe/Berlin` in chat (a bad zone is one line,
 * a non-admin is refused and audited), an analyst schedules `/report … every
 * day at 9:00`, and the engine on a scripted clock posts it at 9:00 Berlin time
 * — 08:00 UTC in winter — labelled in Berlin time, through the real Slack
 * adapter to the fake Slack. Set back to UTC, the next run moves to 09:00 UTC.
 * Real chDB, PGlite, guard and chat core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack.ts';
import { TEST_END_DATE } from '../support/test-app.ts';

const BOT_TOKEN = 'xoxb-1-report-tz-token';
const CHANNEL = 'C0REPORTS';
const MIN = 60_000;
/** Monday 2025-12-01 12:00 UTC: winter, Berlin is UTC+1. */
const T0 = Date.parse('2025-12-01T12:00:00Z');
/** Tuesday 09:00 in Berlin. */
const BERLIN_9 = Date.parse('2025-12-02T08:00:00Z');

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
  const m: ChatMessage = { id: `tz${++n}`, kind: 'command', command: cmd[1], text: cmd[2], conversation: chan, user: { id: user, name: user }, receivedAt: new Date(clock) };
  return app.core.reply(m);
};
const reports = () => slack.messages.filter((m) => m.channel === CHANNEL && m.blocks && /^Report /.test(m.text));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-report-tz-'));
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

describe('the workspace time zone from chat', () => {
  it('refuses a non-admin (audited) and a zone Intl does not know, in one line', async () => {
    const denied = await say('U2', '/datalabs admin timezone Europe/Berlin');
    expect(denied.error?.code).toBe('FORBIDDEN');
    expect((await app.store!.audit.latest(wsId, { action: 'admin.denied' }))[0]?.detail).toMatchObject({ command: 'timezone' });

    const bad = await say('U1', '/datalabs admin timezone Mars/Olympus');
    expect(bad.error?.code).toBe('BAD_INPUT');
    expect(bad.text).toMatch(/^"Mars\/Olympus" is not a time zone: use an IANA name such as Europe\/Berlin/);
    expect(bad.text).not.toContain('\n');
    expect((await app.store!.workspaces.get(wsId))!.timezone).toBeNull();
  });

  it('an admin sets it (spelling made canonical, audited, shown by whoami)', async () => {
    const r = await say('U1', '/datalabs admin timezone europe/berlin');
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^Time zone of "Shop": Europe\/Berlin\. Scheduled reports run and are labelled in it/);
    expect((await app.store!.workspaces.get(wsId))!.timezone).toBe('Europe/Berlin');
    expect((await app.store!.audit.latest(wsId, { action: 'workspace.timezone' }))[0]?.detail).toEqual({ timezone: 'Europe/Berlin', previous: null });
    expect((await say('U2', '/datalabs whoami')).text).toMatch(/time zone Europe\/Berlin$/);
  });
});

describe('a daily 09:00 report in Europe/Berlin', () => {
  it('is scheduled from chat in the workspace zone', async () => {
    const r = await say('U2', '/report revenue by month every day at 9:00');
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/^Report "revenue-by-month-report" scheduled: revenue by month, every 0 9 \* \* \* \(Europe\/Berlin\); posts to this channel, next on 2025-12-02 09:00 Europe\/Berlin\./);
    // The spec keeps no zone of its own: it follows the workspace.
    expect((await app.store!.alerts.get(wsId, 'revenue-by-month-report'))!.spec).not.toHaveProperty('timezone');
    expect((await say('U2', '/alerts')).text).toMatch(/• revenue-by-month-report — report · active · next 2025-12-02 09:00 Europe\/Berlin/);

    await alerting.engine.reconcile(clock);
    const [spec] = await alerting.scheduler.list();
    expect(spec).toMatchObject({ pattern: expect.stringMatching(/^\d{1,2} 0 9 \* \* \*$/), timezone: 'Europe/Berlin' });
  });

  it('fires at 08:00 UTC (9:00 in Berlin, winter), labelled in Berlin time', async () => {
    clock = BERLIN_9 - MIN;
    await alerting.runUntil(clock);
    expect(reports()).toHaveLength(0);

    clock = BERLIN_9 + 5 * MIN;
    await alerting.runUntil(clock);
    expect(reports()).toHaveLength(1);
    expect(reports()[0].text).toMatch(/^Report revenue-by-month-report: /);
    expect(JSON.stringify(reports()[0].blocks)).toContain('report revenue-by-month-report · 2025-12-02 09:00 Europe/Berlin');
    const [record] = await alerting.stateStore.listOutbox();
    const runAt = record.notification.report!.runAt;
    // The run's nominal time: 08:00 UTC plus the schedule's jitter seconds.
    expect(runAt).toBeGreaterThanOrEqual(BERLIN_9);
    expect(runAt).toBeLessThan(BERLIN_9 + MIN);
    expect(record.notification.report!.timezone).toBe('Europe/Berlin');
  }, 120_000);

  it('follows the workspace back to UTC: the next run is at 09:00 UTC', async () => {
    clock = BERLIN_9 + 2 * 60 * MIN; // Tuesday 10:00 UTC, after both 9:00s of the day
    await alerting.runUntil(clock);
    expect((await say('U1', '/datalabs admin timezone utc')).text).toMatch(/^Time zone of "Shop": UTC \(the default\)/);
    await alerting.engine.reconcile(clock);
    expect((await alerting.scheduler.list())[0].timezone).toBe('UTC');
    clock = BERLIN_9 + 24 * 60 * MIN + 5 * MIN; // Wednesday 08:05 UTC: not yet
    await alerting.runUntil(clock);
    expect(reports()).toHaveLength(1);
    clock = BERLIN_9 + 25 * 60 * MIN + 5 * MIN; // Wednesday 09:05 UTC
    await alerting.runUntil(clock);
    expect(reports()).toHaveLength(2);
    expect(JSON.stringify(reports()[1].blocks)).toContain('2025-12-03 09:00 UTC');
  }, 120_000);
});
