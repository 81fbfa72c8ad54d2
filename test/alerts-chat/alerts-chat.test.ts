/**
 * Alerts in chat (issue 9, points 1 and 4) through the real chat core: /alert with
 * its backtest, a bad condition, a viewer refused, /alerts, pause/resume/delete,
 * the Alert me button, and every notice button (silences in the store's alert
 * state, audit rows, the notice edited through the adapter's update).
 * Real chDB, real PGlite (in memory), real guard; a recording platform fake.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionId, ChatAdapter, ChatMessage, ConversationRef, Reply, SentRef } from '../../bot/contracts/chat.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { parseAlertRequest, rememberingNotices, measureOf, roundNice } from '../../bot/core/alerting/index.ts';
import { silenceState } from '../../alerts/lifecycle/index.ts';
import { TEST_END_DATE, TEST_NOW } from '../support/test-app.ts';

let app: App;
let dataDir: string;
let wsId: number;
let n = 0;
const chan: ConversationRef = { platform: 'slack', workspaceKey: 'TA', channelId: 'C1' };

/** A platform fake that records what it is asked to post and edit. */
function fakeAdapter() {
  const sent: Array<{ to: ConversationRef; reply: Reply; ref: SentRef }> = [];
  const updated: Array<{ ref: SentRef; reply: Reply }> = [];
  const adapter: ChatAdapter = {
    platform: 'slack',
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true },
    start: async () => undefined,
    stop: async () => undefined,
    async send(to, reply) {
      const ref = { conversation: to, messageId: `m${sent.length + 1}` };
      sent.push({ to, reply, ref });
      return ref;
    },
    async update(ref, reply) {
      updated.push({ ref, reply });
    },
  };
  return { adapter, sent, updated };
}

const message = (user: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `a${++n}`, conversation: chan, user: { id: user, name: user }, receivedAt: new Date() };
  if (!cmd) return { ...base, kind: 'question', text, ...extra };
  return { ...base, kind: 'command', command: cmd[1], text: cmd[2], ...extra };
};
const say = (user: string, text: string, extra: Partial<ChatMessage> = {}) => app.core.reply(message(user, text, extra));
const press = (user: string, id: ActionId, value: string) => say(user, '', { kind: 'action', action: { id, value } });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-alerts-chat-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open' }, { readDotenv: false });
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: TEST_NOW, metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  await say('U1', '/datalabs setup Shop');
  expect((await say('U1', '/datalabs admin grant U2 analyst')).error).toBeUndefined();
  wsId = (await app.workspaces!.resolve(chan, { id: 'U1' }))!.workspace.id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the /alert grammar', () => {
  it('splits question, condition and interval', () => {
    expect(parseAlertRequest('refund rate on mobile above 10% every hour')).toEqual({ ok: true, request: { query: 'refund rate on mobile', condition: 'above 10%', every: '1h' } });
    expect(parseAlertRequest('revenue change > 30% vs previous period')).toEqual({ ok: true, request: { query: 'revenue', condition: 'change > 30% vs previous period', every: '1d' } });
    const bad = parseAlertRequest('revenue above ten');
    expect(bad.ok).toBe(false);
    expect(measureOf('revenue by day over the last 30 days')).toBe('revenue');
    expect(roundNice(1234.5)).toBe(1200);
  });
});

describe('alerts in chat', () => {
  let ruleName = '';

  it('creates a rule with /alert: backtest text, dates, chart, saved with this channel and audited', async () => {
    const r = await say('U1', '/alert refund rate on mobile above 10% every 1d');
    expect(r.error).toBeUndefined();
    ruleName = /Alert "([^"]+)" saved/.exec(r.text)?.[1] ?? '';
    expect(ruleName).toBe('refund-rate-on-mobile-above-10pct');
    expect(r.text).toMatch(/Would have fired \d+ times? in the last 30 days/);
    expect(r.image?.png.length).toBeGreaterThan(1000);
    const stored = await app.store!.alerts.get(wsId, ruleName);
    expect(stored?.spec).toMatchObject({ query: 'refund rate on mobile', condition: 'above 10%', every: '1d', receivers: ['slack:TA/C1'] });
    expect(stored?.createdBy).toBe('slack:U1');
    const audit = await app.store!.audit.latest(wsId, { action: 'alert.create' });
    expect(audit[0]?.detail).toMatchObject({ name: ruleName, origin: 'chat' });
  });

  it('answers a bad condition with one line and saves nothing', async () => {
    const before = (await app.store!.alerts.list(wsId)).length;
    const r = await say('U1', '/alert revenue above ten every 1d');
    expect(r.error?.code).toBe('BAD_INPUT');
    expect(r.text).toMatch(/^condition: .*"ten" is not a number/);
    expect(r.text).not.toContain('\n');
    expect((await app.store!.alerts.list(wsId)).length).toBe(before);
  });

  it('refuses a viewer in one line', async () => {
    const r = await say('U3', '/alert revenue above 100 every 1d');
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.text).toMatch(/only analysts and admins can create alerts/);
    expect(r.text).not.toContain('\n');
  });

  it('works as /datalabs alert … too, and lists rules with their state in /alerts', async () => {
    const r = await say('U2', '/datalabs alert revenue below 1 every 1d');
    expect(r.text).toMatch(/Alert "revenue-below-1" saved/);
    const list = await say('U3', '/alerts');
    expect(list.text).toMatch(/Alert rules in workspace "Shop" \(2\)/);
    expect(list.text).toMatch(new RegExp(`• ${ruleName} — active · normal`));
    expect(list.text).toMatch(/• revenue-below-1 — active/);
  });

  it('pauses, resumes and deletes (admins and the creator only)', async () => {
    const denied = await say('U2', `/alert pause ${ruleName}`);
    expect(denied.error?.code).toBe('FORBIDDEN');
    expect((await say('U2', '/alert pause revenue-below-1')).text).toBe('Paused alert "revenue-below-1".');
    expect((await say('U3', '/alerts')).text).toMatch(/• revenue-below-1 — paused/);
    expect((await say('U1', '/alert resume revenue-below-1')).text).toBe('Resumed alert "revenue-below-1".');
    expect((await say('U1', '/alert delete revenue-below-1')).text).toBe('Deleted alert "revenue-below-1".');
    expect(await app.store!.alerts.get(wsId, 'revenue-below-1')).toBeUndefined();
    const actions = (await app.store!.audit.latest(wsId, { limit: 20 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['alert.pause', 'alert.resume', 'alert.delete', 'alert.denied']));
  });

  it('puts Alert me under answers; it suggests the /alert command and backtests it', async () => {
    const answer = await say('U2', 'revenue by day');
    const button = answer.buttons?.find((b) => b.actionId === 'alert');
    expect(button?.label).toBe('Alert me');
    const r = await press('U2', 'alert', button!.value);
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/\/datalabs alert revenue above [\d.]+ every 1d/);
    expect(r.text).toMatch(/Would have fired \d+ times? in the last 30 days/);
    expect(r.image).toBeDefined();
  });

  describe('notice buttons', () => {
    const rig = fakeAdapter();
    let value = '';

    beforeAll(async () => {
      const rule = (await app.store!.alerts.get(wsId, ruleName))!;
      value = `${rule.id}:fp-test`;
      // A notice as the chat receiver posts it, through the remembering delivery create-alerting wires.
      const delivery = rememberingNotices(createDelivery({ logger: app.logger }), app.store!.adapterMemory);
      const buttons = (['alert_ack', 'alert_snooze_1h', 'alert_snooze_1d', 'alert_mute', 'alert_resolve', 'alert_show_sql'] as const).map((actionId) => ({ actionId, label: actionId, value }));
      await delivery.send(rig.adapter, chan, { text: `FIRING: ${ruleName} — value 0.12 vs threshold 0.1`, buttons, footer: 'rule' });
    });
    const act = (user: string, id: ActionId) => app.core.answer(rig.adapter, message(user, '', { kind: 'action', action: { id, value } }));
    const lastReply = () => rig.sent[rig.sent.length - 1].reply;
    const lastEdit = () => rig.updated[rig.updated.length - 1];

    it('Acknowledge records who and edits the original notice', async () => {
      await act('U2', 'alert_ack');
      expect(lastReply().text).toMatch(/^Acknowledged by U2 at 2025-06-30 18:00 UTC/);
      expect(lastEdit().ref.messageId).toBe('m1');
      expect(lastEdit().reply.text).toMatch(/FIRING: .*\nAcknowledged by U2 at 2025-06-30 18:00 UTC/);
      expect(lastEdit().reply.buttons?.length).toBe(6);
      expect((await app.store!.audit.latest(wsId, { action: 'alert.ack' }))[0]?.actor).toBe('slack:U2');
    });

    it('Snooze 1h / 1d and Mute create silences on the series until then', async () => {
      await act('U2', 'alert_snooze_1h');
      expect(lastReply().text).toMatch(/^Snoozed 1h by U2 until 2025-06-30 19:00 UTC/);
      await act('U1', 'alert_snooze_1d');
      expect(lastEdit().reply.text).toMatch(/Snoozed 1d by U1 until 2025-07-01 18:00 UTC/);
      await act('U1', 'alert_mute');
      expect(lastReply().text).toMatch(/until 2025-07-30 18:00 UTC/);
      const silences = await app.store!.alertState.listSilences();
      expect(silences).toHaveLength(3);
      const rule = (await app.store!.alerts.get(wsId, ruleName))!;
      expect(silences.every((s) => s.matchers.some((m) => m.name === 'rule_id' && m.value === String(rule.id)))).toBe(true);
      expect(silences.map((s) => s.endsAt - TEST_NOW.getTime()).sort((a, b) => a - b)).toEqual([3600_000, 86_400_000, 30 * 86_400_000]);
      expect((await app.store!.audit.latest(wsId, { action: 'alert.snooze' })).length).toBe(2);
      expect((await app.store!.audit.latest(wsId, { action: 'alert.mute' })).length).toBe(1);
      expect((await say('U3', '/alerts')).text).not.toMatch(/silenced until/); // no tracked series yet: the list shows state only
    });

    it('Resolve expires the silences and is audited', async () => {
      await act('U1', 'alert_resolve');
      expect(lastReply().text).toMatch(/^Resolved by U1 at .*3 silences ended.*next evaluation decides/);
      const now = TEST_NOW.getTime();
      expect((await app.store!.alertState.listSilences()).every((s) => silenceState(s, now) === 'expired')).toBe(true);
      expect((await app.store!.audit.latest(wsId, { action: 'alert.resolve' }))[0]?.detail).toMatchObject({ silencesEnded: 3 });
      expect(lastEdit().reply.text).toMatch(/Resolved by U1/);
    });

    it('Show SQL works for a viewer; acting does not', async () => {
      await act('U3', 'alert_show_sql');
      expect(lastReply().code?.text).toMatch(/SELECT/i);
      await act('U3', 'alert_snooze_1h');
      expect(lastReply().error?.code).toBe('FORBIDDEN');
      expect((await app.store!.audit.latest(wsId, { action: 'alert.denied' }))[0]?.actor).toBe('slack:U3');
    });

    it('says so in one line when the rule was deleted', async () => {
      await say('U1', `/alert delete ${ruleName}`);
      await act('U1', 'alert_ack');
      expect(lastReply().text).toBe('That alert rule has been deleted: nothing to do (see /alerts).');
    });
  });
});

describe('scheduled reports in chat', () => {
  it('/report <question> every monday 9:00 schedules it for this channel, /alerts lists it, Show SQL and pause work', async () => {
    const r = await say('U2', '/report revenue by week every monday 9:00');
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('Report "revenue-by-week-report" scheduled: revenue by week, every 0 9 * * 1 (UTC); posts to this channel, next on 2025-07-07 09:00 UTC. /datalabs alert pause|resume|delete revenue-by-week-report');
    const stored = await app.store!.alerts.get(wsId, 'revenue-by-week-report');
    expect(stored?.spec).toEqual({ kind: 'report', name: 'revenue-by-week-report', query: 'revenue by week', every: '0 9 * * 1', receivers: ['slack:TA/C1'] });
    expect((await app.store!.audit.latest(wsId, { action: 'report.create' }))[0]?.actor).toBe('slack:U2');

    expect((await say('U3', '/alerts')).text).toMatch(/• revenue-by-week-report — report · active · next 2025-07-07 09:00 UTC — revenue by week, every 0 9 \* \* 1/);
    const sql = await press('U3', 'alert_show_sql', `${stored!.id}:report`);
    expect(sql.text).toBe('SQL of report "revenue-by-week-report" (revenue by week)');
    expect(sql.code?.text).toMatch(/^SELECT[\s\S]*toStartOfWeek/i);

    expect((await say('U2', '/alert pause revenue-by-week-report')).text).toBe('Paused alert "revenue-by-week-report".');
    expect((await say('U3', '/alerts')).text).toMatch(/• revenue-by-week-report — report · paused — revenue by week/);
  });

  it('refuses a report without a schedule, a viewer, and a question the pipeline cannot answer, in one line each, saving nothing', async () => {
    const before = (await app.store!.alerts.list(wsId)).length;
    const noWhen = await say('U2', '/report revenue by week');
    expect(noWhen.text).toMatch(/^when\? end with every <interval or cron>/);
    const viewer = await say('U3', '/report revenue by week every day');
    expect(viewer.error?.code).toBe('FORBIDDEN');
    const never = await say('U2', '/report revenue by week every 0 0 31 2 *');
    expect(never.text).toBe('every: the cron "0 0 31 2 *" never fires');
    const refused = await say('U2', '/report SELECT * FROM system.users every day');
    expect(refused.text).toMatch(/^not saved: /);
    for (const x of [noWhen, viewer, never, refused]) expect(x.text).not.toContain('\n');
    expect((await app.store!.alerts.list(wsId)).length).toBe(before);
  });
});
