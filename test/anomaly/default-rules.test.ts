/**
 * The shipped example anomaly rules (alerts/rules/examples/*.yaml), backtested
 * with `datalabs alerts test FILE --json` over the 90 days before the demo's
 * end date on the seeded demo data (chDB, seed 42, default scale 1, ending
 * 2025-06-30): each finds its incident of /work/shared/demo-dataset.md and
 * fires on at most 2 other days. The values reported are checked against our
 * own SQL, run straight on the warehouse.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_END_DATE, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { executeAlerts } from '../../bot/app/cli/alerts-command.ts';
import { parseRule, parseRuleYaml } from '../../alerts/rules/index.ts';
import { backtestRule, evaluateLatest } from '../../alerts/backtest/index.ts';
import { toEvaluationResult, type LoadedRule } from '../../alerts/engine/index.ts';
import { applyEvaluation, type Notification } from '../../alerts/lifecycle/index.ts';
import { notificationReply } from '../../alerts/receivers/index.ts';

const EXAMPLES = path.join(import.meta.dirname, '../../alerts/rules/examples');
const DAY = 86_400_000;
const endMinus = (days: number) => new Date(Date.parse(`${TEST_END_DATE}T00:00:00Z`) - days * DAY).toISOString();
const INCIDENT_A = endMinus(20);
const INCIDENT_B = endMinus(45);
const INCIDENT_C = endMinus(10);

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ scale: 1 });
}, 120_000);
afterAll(async () => {
  await app?.dispose();
});

interface Firing { ts: string; value: number; expected: number; direction: string; split?: string }

async function backtest(file: string): Promise<{ periods: number; firings: Firing[] }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  // The 90 whole days before the end date: 2025-04-01 … 2025-06-29 (--to is inclusive).
  const code = await executeAlerts(['test', path.join(EXAMPLES, file), '--from', '2025-04-01', '--to', '2025-06-29', '--json'], {
    now: TEST_NOW,
    actor: 'test',
    source: async () => app.answerer,
    store: () => Promise.reject(new Error('no store in this test')),
  }, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout);
}

async function sql(text: string): Promise<unknown[][]> {
  return (await app.warehouse.admin.query(text)).rows;
}

describe('default anomaly rules on the demo data (90 days)', () => {
  it('every example file is one valid anomaly rule', () => {
    const files = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(['refund-rate-by-device.yaml', 'revenue-anomaly.yaml', 'signups-anomaly.yaml']);
    for (const f of files) {
      const docs = parseRuleYaml(fs.readFileSync(path.join(EXAMPLES, f), 'utf8'), f);
      expect(docs).toHaveLength(1);
      const r = docs[0].result;
      if (!r.ok) throw new Error(r.error);
      expect(r.rule.condition.kind).toBe('anomaly');
    }
  });

  it('revenue: incident A (end − 20 days) and at most 2 false alarms', async () => {
    const r = await backtest('revenue-anomaly.yaml');
    expect(r.periods).toBe(90);
    const hit = r.firings.find((f) => f.ts === INCIDENT_A);
    expect(hit).toBeDefined();
    const day = await sql(`SELECT sum(revenue) FROM demo.orders WHERE status = 'completed' AND toDate(order_time) = '${INCIDENT_A.slice(0, 10)}'`);
    expect(hit!.value).toBeCloseTo(Number(day[0][0]), 6);
    expect(hit!.direction).toBe('down');
    expect(hit!.value).toBeLessThan(0.6 * hit!.expected);
    expect(r.firings.filter((f) => f.ts !== INCIDENT_A).length).toBeLessThanOrEqual(2);
  });

  it('signups: incident B (end − 45 days) and at most 2 false alarms', async () => {
    const r = await backtest('signups-anomaly.yaml');
    const hit = r.firings.find((f) => f.ts === INCIDENT_B);
    expect(hit).toBeDefined();
    const day = await sql(`SELECT count() FROM demo.users WHERE toDate(signup_time) = '${INCIDENT_B.slice(0, 10)}'`);
    expect(hit!.value).toBe(Number(day[0][0]));
    expect(hit!.value).toBeGreaterThan(2.5 * hit!.expected);
    expect(r.firings.filter((f) => f.ts !== INCIDENT_B).length).toBeLessThanOrEqual(2);
  });

  it('refund rate by device: incident C on mobile (from end − 10 days) and at most 2 false alarms', async () => {
    const r = await backtest('refund-rate-by-device.yaml');
    // A level shift fires where it starts (a later mobile firing of the same shift is not a false alarm).
    const onC = (f: Firing) => f.split === 'mobile' && f.ts >= INCIDENT_C;
    const hit = r.firings.find((f) => f.ts === INCIDENT_C && f.split === 'mobile');
    expect(hit).toBeDefined();
    const day = await sql(`SELECT countIf(status = 'refunded') / count() FROM demo.orders WHERE device = 'mobile' AND toDate(order_time) = '${INCIDENT_C.slice(0, 10)}'`);
    expect(hit!.value).toBeCloseTo(Number(day[0][0]), 10);
    expect(hit!.value).toBeGreaterThan(1.6 * hit!.expected);
    expect(r.firings.filter((f) => !onC(f)).length).toBeLessThanOrEqual(2);
  });
});

describe('split and direction', () => {
  const rule = (spec: Record<string, unknown>) => {
    const r = parseRule({ name: 'r', every: '1d', ...spec });
    if (!r.ok) throw new Error(r.error);
    return r.rule;
  };
  const window = { now: TEST_NOW, from: new Date('2025-04-01T00:00:00Z'), to: new Date('2025-06-30T00:00:00Z') };

  it('SQL returning (time, key, value) rows splits like the question, and the values follow the series that fired', async () => {
    const bySql = await backtestRule(rule({
      query: "SELECT toDate(order_time) AS d, device, countIf(status = 'refunded') / count() AS r FROM demo.orders WHERE order_time >= {from} AND order_time < {to} GROUP BY d, device ORDER BY d, device",
      condition: 'anomaly up by device',
    }), app.answerer, window);
    const byQuestion = await backtestRule(rule({ query: 'refund rate', condition: 'anomaly up by device' }), app.answerer, window);
    expect(bySql.firings).toEqual(byQuestion.firings);
    expect(bySql.firings.map((f) => [f.ts, f.split])).toEqual([[INCIDENT_C, 'mobile']]);
    // Between firings the period's value is mobile's (the series that fired), by our own SQL.
    const later = bySql.evaluations.find((e) => new Date(e.start).toISOString() === endMinus(5))!;
    const mobile = await sql(`SELECT countIf(status = 'refunded') / count() FROM demo.orders WHERE device = 'mobile' AND toDate(order_time) = '${endMinus(5).slice(0, 10)}'`);
    expect(later.value).toBeCloseTo(Number(mobile[0][0]), 10);
  });

  it('direction: "anomaly down" ignores the rises of B and C, and catches the dip of A in orders', async () => {
    const signupsDown = await backtestRule(rule({ query: 'signups', condition: 'anomaly down' }), app.answerer, window);
    expect(signupsDown.firings.map((f) => f.ts)).not.toContain(INCIDENT_B);
    const refundsDown = await backtestRule(rule({ query: 'refund rate', condition: 'anomaly down by device' }), app.answerer, window);
    expect(refundsDown.firings.some((f) => f.ts >= INCIDENT_C && f.split === 'mobile')).toBe(false);
    const ordersDown = await backtestRule(rule({ query: 'orders', condition: 'anomaly down min volume 100' }), app.answerer, window);
    expect(ordersDown.firings.map((f) => f.ts)).toContain(INCIDENT_A);
    expect(ordersDown.firings.every((f) => f.direction === 'down')).toBe(true);
  });

  it('a firing split rule is an alert of its own dimension value, and the notice names it', async () => {
    const r = rule({ query: 'refund rate', condition: 'anomaly up by device' });
    // Evaluated live the day after incident C began: that day is the latest whole period.
    const ev = await evaluateLatest(r, app.answerer, new Date(Date.parse(INCIDENT_C) + DAY + 3_600_000));
    expect(ev.state).toBe('firing');
    expect(ev.anomaly?.split).toBe('mobile');
    const lifecycle = { id: 'rule-c', name: 'refund rate by device', forMs: 0 };
    const loaded = { id: 'rule-c', workspaceId: null, rule: r, lifecycle } as unknown as LoadedRule;
    const result = toEvaluationResult(loaded, ev);
    expect(result.outcome === 'ok' && result.series[0].labels).toEqual({ device: 'mobile' });
    const outcome = applyEvaluation(lifecycle, [], result, Date.parse(INCIDENT_C) + DAY);
    expect(outcome.alerts).toHaveLength(1);
    expect(outcome.alerts[0].seriesLabels).toEqual({ device: 'mobile' });
    const notice = { id: 'n1', kind: 'firing', threadId: 'n1', receiver: 'chat', routeId: 'root', groupKey: 'g', groupLabels: {}, commonLabels: outcome.alerts[0].labels, alerts: outcome.alerts, createdAt: Date.parse(INCIDENT_C) + DAY } as unknown as Notification;
    const text = notificationReply(notice).text;
    expect(text).toMatch(/^FIRING: refund rate by device \(device = mobile\) — value [\d.]+ vs baseline [\d.]+/);
    // The next evaluation without a firing value: the mobile series is missing, not a new label-less alert.
    const quiet = toEvaluationResult(loaded, { value: 0.05, state: 'normal' });
    expect(quiet.outcome === 'ok' && quiet.series[0].labels).toEqual({});
  });

  it('a split by a dimension the model does not know is one line', async () => {
    await expect(backtestRule(rule({ query: 'refund rate', condition: 'anomaly by flavour' }), app.answerer, window)).rejects.toThrow(/^query: I did not understand "flavour"/);
  });
});
