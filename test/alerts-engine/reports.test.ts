/**
 * Scheduled reports on a scripted clock: "revenue by week every Monday 9:00"
 * (Europe/Berlin) written as `kind: report` in a rule file, applied with
 * `datalabs alerts apply`, listed by `alerts list`, then run by the engine:
 * on each Monday 9:00 the answer (headline, table, chart, Show SQL) reaches
 * the fake Slack through the real adapter and the SMTP receiver by email —
 * once per run, through the outbox, even when a run is evaluated twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeAlerts } from '../../bot/app/cli/alerts-command.ts';
import { parseReport, parseReportRequest, normaliseWhen } from '../../alerts/reports/index.ts';
import { CHANNEL, T0, startRig, type Rig } from './rig.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2025-07-07 09:00 in Berlin (CEST, UTC+2). */
const FIRST_RUN = Date.parse('2025-07-07T07:00:00Z');

let rig: Rig;
let clock = T0;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-reports-'));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await executeAlerts(args, { now: new Date(clock), actor: 'cli:test', cwd: dir, source: async () => rig.app.answerer, store: async () => rig.app.store! }, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

async function runTo(t: number): Promise<void> {
  clock = t;
  await rig.alerting.runUntil(t);
}

beforeAll(async () => {
  rig = await startRig({ now: () => clock });
}, 120_000);
afterAll(async () => {
  await rig?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the report grammar', () => {
  it('reads chat words for when a report runs', () => {
    expect(normaliseWhen('Monday 9:00')).toBe('0 9 * * 1');
    expect(normaliseWhen('mondays at 9am')).toBe('0 9 * * 1');
    expect(normaliseWhen('daily at 8:30')).toBe('30 8 * * *');
    expect(normaliseWhen('weekday 7pm')).toBe('0 19 * * 1-5');
    expect(normaliseWhen('week')).toBe('1w');
    expect(parseReportRequest('revenue by week every monday 9:00')).toEqual({ ok: true, query: 'revenue by week', every: '0 9 * * 1' });
    expect(parseReportRequest('revenue by week')).toMatchObject({ ok: false, error: expect.stringMatching(/^when\? end with every/) });
    expect(parseReport({ kind: 'report', name: 'x', query: 'revenue', every: '0 0 31 2 *' })).toEqual({ ok: false, error: 'every: the cron "0 0 31 2 *" never fires' });
    expect(parseReport({ kind: 'report', name: 'x', query: 'revenue', every: '1d', condition: 'above 1' })).toMatchObject({ ok: false, error: expect.stringMatching(/^condition: not a report key/) });
  });
});

describe('a weekly report from a rule file', () => {
  it('apply refuses a bad report in one line and saves nothing', async () => {
    const bad = path.join(dir, 'bad');
    fs.mkdirSync(bad);
    fs.writeFileSync(path.join(bad, 'r.yaml'), 'kind: report\nname: never\nquery: revenue by week\nevery: "0 0 31 2 *"\n');
    const r = await cli('apply', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^datalabs: bad\/r.yaml: every: the cron "0 0 31 2 \*" never fires\n/);
    expect(await rig.app.store!.alerts.list(null)).toEqual([]);
  });

  it('apply saves it and list shows it as a report', async () => {
    const good = path.join(dir, 'rules');
    fs.mkdirSync(good);
    fs.writeFileSync(
      path.join(good, 'weekly-revenue.yaml'),
      ['kind: report', 'name: weekly-revenue', 'query: revenue by week', 'every: "0 9 * * 1"', 'timezone: Europe/Berlin', `receivers: ["slack:T0FAKE/${CHANNEL}", email]`, ''].join('\n'),
    );
    const r = await cli('apply', good);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\+ weekly-revenue\s+rules\/weekly-revenue.yaml/);
    const list = await cli('list');
    expect(list.stdout).toMatch(/weekly-revenue\s+active\s+\(report\)\s+0 9 \* \* 1 \(Europe\/Berlin\)\s+revenue by week/);
    await rig.alerting.engine.reconcile(clock);
    // Seconds spread by hash jitter; Monday 9:00 in Berlin.
    const [spec] = await rig.alerting.scheduler.list();
    expect(spec).toMatchObject({ pattern: expect.stringMatching(/^\d{1,2} 0 9 \* \* 1$/), timezone: 'Europe/Berlin' });
  });

  const reports = () => rig.slack.messages.filter((m) => m.channel === CHANNEL && m.blocks && /^Report weekly-revenue/.test(m.text));

  it('posts nothing before Monday 9:00 Berlin time, then the answer with table, chart and Show SQL, by chat and email', async () => {
    await runTo(FIRST_RUN - 60_000);
    expect(reports()).toHaveLength(0);
    expect(rig.mails).toHaveLength(0);

    await runTo(FIRST_RUN + 5 * 60_000);
    const [first] = reports();
    expect(reports()).toHaveLength(1);
    expect(first.text).toMatch(/^Report weekly-revenue: .*revenue/i);
    const blocks = JSON.stringify(first.blocks);
    expect(blocks).toContain('alert_show_sql');
    expect(blocks).toMatch(/2025-06-/); // the table's weeks
    // Labelled in the report's zone: 9:00 in Berlin.
    expect(blocks).toContain('report weekly-revenue · 2025-07-07 09:00 Europe/Berlin');
    const chart = rig.slack.messages.find((m) => m.files.length && m.threadTs === first.ts);
    expect(rig.slack.files.get(chart!.files[0])!.data!.subarray(1, 4).toString()).toBe('PNG');

    expect(rig.mails).toHaveLength(1);
    expect(rig.mails[0].raw).toMatch(/Subject: .*REPORT/);
    expect(rig.mails[0].raw).toContain('cid:chart@datalabs');
    expect(rig.mails[0].to).toEqual(['oncall@example.test']);
  }, 120_000);

  it('sends each run once: the same run evaluated again (a second worker, a re-run after a crash) adds nothing', async () => {
    const [loaded] = rig.alerting.catalog.reports();
    const runAt = (await rig.alerting.stateStore.listOutbox())[0].notification.report!.runAt;
    expect(runAt - FIRST_RUN).toBeLessThan(60_000);
    await rig.alerting.engine.runTick({ ruleId: loaded.id, scheduleId: loaded.schedule.id, tickAt: runAt, attempt: 0 }, FIRST_RUN + 6 * 60_000);
    await runTo(FIRST_RUN + 10 * 60_000);
    expect(reports()).toHaveLength(1);
    expect(rig.mails).toHaveLength(1);
  }, 60_000);

  it('runs again the next Monday', async () => {
    await runTo(FIRST_RUN + 7 * DAY + 5 * 60_000);
    expect(reports()).toHaveLength(2);
    expect(JSON.stringify(reports()[1].blocks)).toContain('2025-07-14 09:00 Europe/Berlin');
    expect(rig.mails).toHaveLength(2);
    const outbox = await rig.alerting.stateStore.listOutbox();
    expect(outbox.map((r) => [r.notification.kind, r.notification.receiver, r.status])).toEqual([
      ['report', 'chat', 'sent'],
      ['report', 'email', 'sent'],
      ['report', 'chat', 'sent'],
      ['report', 'email', 'sent'],
    ]);
  }, 120_000);

  it('a paused report does not run', async () => {
    expect((await cli('pause', 'weekly-revenue')).code).toBe(0);
    await rig.alerting.engine.reconcile(clock);
    await runTo(FIRST_RUN + 14 * DAY + 5 * 60_000);
    expect(reports()).toHaveLength(2);
  }, 60_000);
});
