/**
 * Backtests on the real demo data (chDB, seeded, scale 0.1, ending 2025-06-30;
 * now = 2025-06-30T18:00Z) through the real answer pipeline (query agent, SQL
 * guard, warehouse). Every expected firing list is computed here with our own
 * SQL straight on the warehouse, independent of the agent and the evaluator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { parseRule, type AlertRule } from '../../alerts/rules/index.ts';
import { backtestRule, checkRuleQuery } from '../../alerts/backtest/index.ts';
import { executeAlerts } from '../../bot/app/cli/alerts-command.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ scale: 0.1 });
}, 60_000);
afterAll(async () => {
  await app?.dispose();
});

function rule(spec: Record<string, unknown>): AlertRule {
  const r = parseRule({ name: 'test-rule', ...spec });
  if (!r.ok) throw new Error(r.error);
  return r.rule;
}

/** Our own SQL, run directly (not through the agent or the guard). */
async function sql(text: string): Promise<unknown[][]> {
  return (await app.warehouse.admin.query(text)).rows;
}

const iso = (v: unknown) => new Date(`${String(v).replace(' ', 'T')}${String(v).length === 10 ? 'T00:00:00' : ''}Z`).toISOString();

describe('backtest on the demo data', () => {
  it('threshold: refund rate on mobile above 0.1, daily — the days our SQL finds (incident C from June 20 on)', async () => {
    const result = await backtestRule(rule({ query: 'refund rate on mobile', condition: 'above 0.1', every: '1d' }), app.answerer, { now: TEST_NOW });
    // The 30 whole days before now: 2025-05-31 … 2025-06-29.
    expect(result.window).toEqual({ from: '2025-05-31T00:00:00.000Z', to: '2025-06-30T00:00:00.000Z' });
    expect(result.periods).toBe(30);
    const expected = await sql(`SELECT toDate(order_time) AS d, countIf(status = 'refunded') / count() AS r FROM demo.orders
      WHERE device = 'mobile' AND order_time >= '2025-05-31 00:00:00' AND order_time < '2025-06-30 00:00:00' GROUP BY d HAVING r > 0.1 ORDER BY d`);
    expect(expected.length).toBeGreaterThan(5);
    expect(result.firings.map((f) => f.ts)).toEqual(expected.map((r) => iso(r[0])));
    result.firings.forEach((f, i) => expect(f.value).toBeCloseTo(Number(expected[i][1]), 10));
    // Incident C: every day from end-date − 10 on is above 10 %.
    for (let d = 20; d <= 29; d++) expect(result.firings.map((f) => f.ts)).toContain(`2025-06-${d}T00:00:00.000Z`);
    expect(result.sql[0]).toMatch(/toDate\(order_time\)/);
  });

  it('threshold with `for: 1d`: only the second and later days of a run', async () => {
    const plain = await backtestRule(rule({ query: 'refund rate on mobile', condition: 'above 0.1', every: '1d' }), app.answerer, { now: TEST_NOW });
    const held = await backtestRule(rule({ query: 'refund rate on mobile', condition: 'above 0.1', every: '1d', for: '1d' }), app.answerer, { now: TEST_NOW });
    const days = new Set(plain.firings.map((f) => Date.parse(f.ts)));
    // The first window day also needs the day before (the backtest fetched it): our SQL says whether 05-30 was above too.
    const before = await sql(`SELECT countIf(status = 'refunded') / count() FROM demo.orders WHERE device = 'mobile' AND toDate(order_time) = '2025-05-30'`);
    if (Number(before[0][0]) > 0.1) days.add(Date.parse('2025-05-30T00:00:00Z'));
    const expected = plain.firings.filter((f) => days.has(Date.parse(f.ts) - 86_400_000)).map((f) => f.ts);
    expect(held.firings.map((f) => f.ts)).toEqual(expected);
    expect(held.firings.length).toBeLessThan(plain.firings.length);
    expect(held.firings.length).toBeGreaterThan(0);
  });

  it('change: revenue moved more than 40 % vs the same day last week (min volume 100) — incident A on June 10', async () => {
    const result = await backtestRule(rule({ query: 'revenue', condition: 'change > 40% vs same period last week', every: '1d', min_volume: 100 }), app.answerer, { now: TEST_NOW });
    const expected = await sql(`WITH daily AS (SELECT toDate(order_time) AS d, sum(revenue) AS r FROM demo.orders WHERE status = 'completed' GROUP BY d)
      SELECT a.d, a.r, b.r FROM daily AS a INNER JOIN daily AS b ON b.d = a.d - 7
      WHERE a.d >= '2025-05-31' AND a.d <= '2025-06-29' AND greatest(abs(a.r), abs(b.r)) >= 100 AND abs(a.r - b.r) / abs(b.r) > 0.4 ORDER BY a.d`);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.firings.map((f) => f.ts)).toEqual(expected.map((r) => iso(r[0])));
    result.firings.forEach((f, i) => {
      expect(f.value).toBeCloseTo(Number(expected[i][1]), 6);
      expect(f.baseline).toBeCloseTo(Number(expected[i][2]), 6);
    });
    expect(result.firings.map((f) => f.ts)).toContain('2025-06-10T00:00:00.000Z');
  });

  it('no data: hours in which mobile orders stopped for 3 hours', async () => {
    const result = await backtestRule(rule({ query: 'orders on mobile', condition: 'no data for 3h', every: '1h' }), app.answerer, { now: TEST_NOW });
    expect(result.periods).toBe(720);
    // Our SQL: every hour h of the window such that h, h − 1h and h − 2h had no completed mobile order.
    const expected = await sql(`WITH hours AS (SELECT DISTINCT toStartOfHour(order_time) AS h FROM demo.orders WHERE status = 'completed' AND device = 'mobile')
      SELECT h FROM (SELECT toDateTime('2025-05-31 18:00:00', 'UTC') + number * 3600 AS h FROM numbers(720))
      WHERE h NOT IN (SELECT h FROM hours) AND h - 3600 NOT IN (SELECT h FROM hours) AND h - 7200 NOT IN (SELECT h FROM hours) ORDER BY h`);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.firings.map((f) => f.ts)).toEqual(expected.map((r) => iso(r[0])));
    expect(result.firings.every((f) => f.value === 0)).toBe(true);
  });

  it('SQL (time, value) rows with {from}/{to}, and one-value SQL run per period, agree', async () => {
    const series = await backtestRule(rule({ query: "SELECT toDate(order_time) AS d, count() AS v FROM demo.orders WHERE status = 'cancelled' AND order_time >= {from} AND order_time < {to} GROUP BY d ORDER BY d", condition: 'above 3', every: '1d' }), app.answerer, { now: TEST_NOW });
    const single = await backtestRule(rule({ query: "SELECT count() FROM demo.orders WHERE status = 'cancelled' AND order_time >= {from} AND order_time < {to}", condition: 'above 3', every: '1d' }), app.answerer, { now: TEST_NOW });
    const expected = await sql(`SELECT toDate(order_time) AS d, count() AS v FROM demo.orders WHERE status = 'cancelled' AND order_time >= '2025-05-31' AND order_time < '2025-06-30' GROUP BY d HAVING v > 3 ORDER BY d`);
    expect(series.firings.map((f) => [f.ts, f.value])).toEqual(expected.map((r) => [iso(r[0]), Number(r[1])]));
    expect(single.firings).toEqual(series.firings);
  });

  it('freshness: the age of the newest event at each hour end, as our SQL computes it', async () => {
    const result = await backtestRule(rule({ condition: 'freshness of demo.events > 1h', every: '1h' }), app.answerer, { now: TEST_NOW, from: new Date('2025-06-20T00:00:00Z') });
    const expected = await sql(`SELECT h, dateDiff('second', (SELECT max(event_time) FROM demo.events WHERE event_time < h + 3600), h + 3600) AS age
      FROM (SELECT toDateTime('2025-06-20 00:00:00', 'UTC') + number * 3600 AS h FROM numbers(258)) WHERE age > 3600 ORDER BY h`);
    expect(expected.length).toBeGreaterThan(0);
    expect(result.firings.map((f) => [f.ts, f.value])).toEqual(expected.map((r) => [iso(r[0]), Number(r[1])]));
  });

  it('anomaly: the detector over the daily series finds incident B (signups, end − 45 days) and incident A (orders, end − 20 days)', async () => {
    const signups = await backtestRule(rule({ query: 'signups', condition: 'anomaly', every: '1d' }), app.answerer, { now: TEST_NOW, from: new Date('2025-05-01T00:00:00Z') });
    expect(signups.periods).toBe(60);
    expect(signups.firings.map((f) => f.ts)).toContain('2025-05-16T00:00:00.000Z');
    const campaign = await sql("SELECT count() FROM demo.users WHERE toDate(signup_time) = '2025-05-16'");
    expect(signups.firings.find((f) => f.ts.startsWith('2025-05-16'))?.value).toBe(Number(campaign[0][0]));
    expect(signups.firings.length).toBeLessThanOrEqual(3);
    const orders = await backtestRule(rule({ query: 'orders', condition: 'anomaly (high)', every: '1d' }), app.answerer, { now: TEST_NOW, from: new Date('2025-05-01T00:00:00Z') });
    expect(orders.firings.map((f) => f.ts)).toContain('2025-06-10T00:00:00.000Z');
  });

  it('--from / --to bound the window', async () => {
    const result = await backtestRule(rule({ query: 'refund rate on mobile', condition: 'above 0.1', every: '1d' }), app.answerer, { now: TEST_NOW, from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-08T00:00:00Z') });
    expect(result.periods).toBe(7);
    expect(result.firings.every((f) => f.ts >= '2025-06-01' && f.ts < '2025-06-08')).toBe(true);
    expect(result.sql[0]).toMatch(/order_time < toDateTime\('2025-06-08 00:00:00', 'UTC'\)/);
  });
});

describe('bad rules against the warehouse: one line each', () => {
  it.each([
    ['an unknown measure', { query: 'number of blorps', condition: 'above 1', every: '1d' }, /^query: I did not understand "blorps"\. [^\n]+$/],
    ['SQL the guard refuses', { query: 'SELECT toStartOfHour(now()) AS t, count() AS v FROM system.tables', condition: 'above 1', every: '1h' }, /^query: SQL rejected: system tables are not allowed \(system\.tables\)$/],
    ['a table function', { query: "SELECT count() FROM file('/etc/passwd')", condition: 'above 1', every: '1h' }, /^query: SQL rejected: [^\n]+$/],
    ['a question grouped by something else', { query: 'revenue by device', condition: 'above 1', every: '1d' }, /^query: the question gives one series per device per day; [^\n]+$/],
    ['a question with its own period', { query: 'revenue last 7 days', condition: 'above 1', every: '1d' }, /^query: [^\n]+$/],
    ['SQL of the wrong shape', { query: 'SELECT country, count() FROM demo.orders GROUP BY country', condition: 'above 1', every: '1d' }, /^query: the SQL returns 2 column\(s\) [^\n]+$/],
    ['a freshness table that is not allowed', { condition: 'freshness of secret.things > 1h', every: '1h' }, /^query: [^\n]+$/],
  ])('%s', async (_what, spec, line) => {
    await expect(checkRuleQuery(rule(spec), app.answerer, TEST_NOW)).rejects.toThrow(line);
  });

  it('one-value SQL without {from}/{to} is fine live but cannot be backtested', async () => {
    const r = rule({ query: "SELECT count() FROM demo.orders WHERE order_time > now() - INTERVAL 1 HOUR", condition: 'above 1', every: '1h' });
    await expect(checkRuleQuery(r, app.answerer, TEST_NOW)).resolves.toBeUndefined();
    await expect(backtestRule(r, app.answerer, { now: TEST_NOW })).rejects.toThrow(/^query: the SQL returns one value, so it cannot be evaluated over past periods/);
  });
});

describe('datalabs alerts test', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-alert-files-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = async (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
    const code = await executeAlerts(args, { now: TEST_NOW, actor: 'test', source: async () => app.answerer, store: () => Promise.reject(new Error('no store in this test')) }, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
    return { code, stdout, stderr };
  };
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('--json prints the firings of the smallest rule file (daily)', async () => {
    const file = write('mobile.yaml', 'name: mobile-refund-rate\nquery: refund rate on mobile          # a question in plain words, or SQL\ncondition: above 0.1\nevery: 1d\n');
    const { code, stdout } = await run(['test', file, '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    const expected = await sql(`SELECT toDate(order_time) AS d FROM demo.orders WHERE device = 'mobile' AND order_time >= '2025-05-31' AND order_time < '2025-06-30' GROUP BY d HAVING countIf(status = 'refunded') / count() > 0.1 ORDER BY d`);
    expect(out.firings.map((f: { ts: string }) => f.ts)).toEqual(expected.map((r) => iso(r[0])));
    expect(out.firings.every((f: { value: unknown }) => typeof f.value === 'number')).toBe(true);
  });

  it('text: "would have fired N times in the last 30 days: …"', async () => {
    const file = write('mobile-text.yaml', 'name: mobile-refund-rate\nquery: refund rate on mobile\ncondition: above 0.1\nevery: 1d\n');
    const { code, stdout } = await run(['test', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^mobile-refund-rate: would have fired \d+ times in the last 30 days \(\d+ episodes?, 30 day periods evaluated\): 2025-\d\d-\d\d \([\d.]+\)/);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--from/--to as days (--to inclusive)', async () => {
    const file = write('hourly.yaml', 'name: h\nquery: orders\ncondition: below 1\nevery: 1h\n');
    const { code, stdout } = await run(['test', file, '--from', '2025-06-01', '--to', '2025-06-02', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.window).toEqual({ from: '2025-06-01T00:00:00.000Z', to: '2025-06-03T00:00:00.000Z' });
    expect(out.periods).toBe(48);
  });

  it('a question rule with its own timezone: is backtested on that zone\'s days (Tokyo), not UTC days', async () => {
    const file = write('tokyo.yaml', 'name: tokyo-orders\nquery: orders\ncondition: above 0\nevery: 1d\ntimezone: Asia/Tokyo\n');
    const { code, stdout, stderr } = await run(['test', file, '--from', '2025-06-20', '--to', '2025-06-26', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.timezone).toBe('Asia/Tokyo');
    // Our own SQL: completed orders per Tokyo calendar day.
    const tokyo = await sql(`SELECT toDate(order_time, 'Asia/Tokyo') AS d, count() FROM demo.orders WHERE status = 'completed' AND toDate(order_time, 'Asia/Tokyo') BETWEEN '2025-06-20' AND '2025-06-26' GROUP BY d ORDER BY d`);
    const utc = await sql(`SELECT toDate(order_time) AS d, count() FROM demo.orders WHERE status = 'completed' AND toDate(order_time) BETWEEN '2025-06-20' AND '2025-06-26' GROUP BY d ORDER BY d`);
    expect(tokyo.map((r) => Number(r[1]))).not.toEqual(utc.map((r) => Number(r[1])));
    expect(out.firings.map((f: { ts: string; value: number }) => [f.ts, f.value])).toEqual(tokyo.map((r) => [iso(r[0]), Number(r[1])]));
  });

  it('a bad rule is one line and a non-zero exit, as text and as JSON', async () => {
    const file = write('bad.yaml', 'name: bad\nquery: revenue\ncondition: above ten\nevery: 1d\n');
    const text = await run(['test', file]);
    expect(text.code).toBe(1);
    expect(text.stderr).toBe(`datalabs: ${file}: condition: the threshold "ten" is not a number\n`);
    const json = await run(['test', file, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: 'BAD_INPUT', message: `${file}: condition: the threshold "ten" is not a number` } });
    const refused = await run(['test', write('refused.yaml', 'name: r\nquery: SELECT toStartOfHour(now()) AS t, 1 AS v FROM system.tables\ncondition: above 0\nevery: 1h\n'), '--json']);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({ error: { code: 'SQL_REJECTED', message: 'query: SQL rejected: system tables are not allowed (system.tables)' } });
    const usage = await run(['test']);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('evaluating the latest period (what a scheduler does)', () => {
  it('gives the last whole period with its state, and runs one-value SQL live', async () => {
    const { evaluateLatest } = await import('../../alerts/backtest/index.ts');
    const e = await evaluateLatest(rule({ query: 'refund rate on mobile', condition: 'above 0.1', every: '1d', for: '1d' }), app.answerer, TEST_NOW);
    const expected = await sql(`SELECT toDate(order_time) AS d, countIf(status = 'refunded') / count() FROM demo.orders WHERE device = 'mobile' AND toDate(order_time) IN ('2025-06-28', '2025-06-29') GROUP BY d ORDER BY d`);
    expect(new Date(e.start).toISOString()).toBe('2025-06-29T00:00:00.000Z');
    expect(e.value).toBeCloseTo(Number(expected[1][1]), 10);
    expect(e.state).toBe(Number(expected[0][1]) > 0.1 && Number(expected[1][1]) > 0.1 ? 'firing' : Number(expected[1][1]) > 0.1 ? 'pending' : 'normal');
    const live = await evaluateLatest(rule({ query: "SELECT count() FROM demo.orders WHERE order_time >= toDateTime('2025-06-30 17:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 18:00:00', 'UTC')", condition: 'below 1000', every: '1h' }), app.answerer, TEST_NOW);
    const count = await sql("SELECT count() FROM demo.orders WHERE order_time >= '2025-06-30 17:00:00' AND order_time < '2025-06-30 18:00:00'");
    expect(new Date(live.start).toISOString()).toBe('2025-06-30T17:00:00.000Z');
    expect(live.value).toBe(Number(count[0][0]));
    expect(live.state).toBe('firing');
  });
});
