/**
 * Anomalies and forecasts in chat, through the real answer pipeline (the
 * insight module before the query agent, SQL guard, chDB) over the seeded
 * demo data (seed 42, scale 1, ending 2025-06-30; now = 2025-06-30T18:00Z).
 * Incident days and values are checked against our own SQL on the warehouse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_END_DATE, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { answerToJson } from '../../bot/app/cli/ask-command.ts';
import { buildAnswerReply } from '../../bot/core/conversation/build-reply.ts';
import { backtestForecast } from '../../alerts/anomaly/forecast.ts';

const DAY = 86_400_000;
const endMinus = (days: number) => new Date(Date.parse(`${TEST_END_DATE}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);
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

const ask = (text: string, chart = true) => app.answerer.ask({ text, now: TEST_NOW, chart });
async function sql(text: string): Promise<unknown[][]> {
  return (await app.warehouse.admin.query(text)).rows;
}
const isPng = (b: Buffer | undefined) => !!b && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe('anomalies in chat', () => {
  it('"anything unusual in revenue in the last 30 days" finds incident A\'s day, with a band chart', async () => {
    const a = await ask('anything unusual in revenue in the last 30 days?');
    expect(a.title).toBe('Anomalies in revenue, last 30 days');
    expect(a.columns.map((c) => c.name)).toEqual(['day', 'total_revenue', 'expected', 'change', 'kind', 'score']);
    const days = a.rows.map((r) => r[0]);
    expect(days).toContain(INCIDENT_A);
    const row = a.rows.find((r) => r[0] === INCIDENT_A)!;
    const actual = await sql(`SELECT sum(revenue) FROM demo.orders WHERE status = 'completed' AND toDate(order_time) = '${INCIDENT_A}'`);
    expect(row[1]).toBeCloseTo(Number(actual[0][0]), 6);
    expect(row[4]).toBe('dip');
    expect(Number(row[3])).toBeLessThan(-0.45);
    expect(a.rows.length).toBeLessThanOrEqual(3);
    expect(a.insights?.[0]).toMatch(/^\d unusual days? in revenue, last 30 days:$/);
    expect(a.insights?.join('\n')).toMatch(new RegExp(`• ${INCIDENT_A}: \\$[\\d.]+K vs \\$[\\d.]+K expected \\(−\\d+ %\\), dip`));
    expect(isPng(a.chart?.png)).toBe(true);
    expect(a.chart?.alt).toContain(`anomalies marked on ${INCIDENT_A}`);
    expect(a.sql).toMatch(/^SELECT toDate\(order_time\) AS day, sum\(revenue\)/);
  });

  it('"why did refunds jump on mobile" names mobile as the driver of incident C', async () => {
    const a = await ask('why did refunds jump on mobile?');
    expect(a.rows[0][0]).toBe(INCIDENT_C);
    expect(a.rows[0][4]).toBe('level_shift');
    const lines = a.insights!.join('\n');
    expect(lines).toMatch(/What drove it: device = mobile — mobile refunds \+\d+ %, \d+ % of the rise over the \d+ days from 2025-06-20 \(usually \d+ % of refunds\)\./);
    // The share of the rise is mobile's part of the change in all refunds, by our own SQL: the 10 days from C against the same weekdays 1–4 weeks before.
    const share = Number(/(\d+) % of the rise/.exec(lines)![1]);
    expect(share).toBeGreaterThanOrEqual(80);
    const pct = Number(/mobile refunds \+(\d+) %/.exec(lines)![1]);
    expect(pct).toBeGreaterThan(70);
    expect(pct).toBeLessThan(150);
  });

  it('"anything unusual in the refund rate" finds the shift of incident C, driven by mobile', async () => {
    const a = await ask('anything unusual in the refund rate?');
    const c = a.rows.find((r) => r[0] === INCIDENT_C);
    expect(c?.[4]).toBe('level_shift');
    const rate = await sql(`SELECT countIf(status = 'refunded') / count() FROM demo.orders WHERE toDate(order_time) = '${INCIDENT_C}'`);
    expect(c?.[1]).toBeCloseTo(Number(rate[0][0]), 10);
    expect(a.insights!.join('\n')).toMatch(/What drove it: device = mobile — mobile refunds \+\d+ %/);
  });

  it('"signups last 60 days anomalies" finds incident B with paid as the driver', async () => {
    const a = await ask('signups last 60 days anomalies');
    expect(a.rows.map((r) => r[0])).toContain(INCIDENT_B);
    const campaign = await sql(`SELECT count(), countIf(channel = 'paid') FROM demo.users WHERE toDate(signup_time) = '${INCIDENT_B}'`);
    expect(a.rows.find((r) => r[0] === INCIDENT_B)![1]).toBe(Number(campaign[0][0]));
    expect(a.insights!.join('\n')).toMatch(/What drove it: channel = paid — paid signups \+\d+ %, \d+ % of the rise on 2025-05-16/);
  });

  it('"any anomalies in signups by channel" watches one series per channel: paid on incident B', async () => {
    const a = await ask('any anomalies in signups by channel in the last 60 days?');
    expect(a.columns.map((c) => c.name)).toEqual(['day', 'channel', 'signups', 'expected', 'change', 'kind', 'score']);
    expect(a.rows.filter((r) => r[0] === INCIDENT_B).map((r) => r[1])).toContain('paid');
    expect(a.rows.length).toBeLessThanOrEqual(4);
  });

  it('a reply and ask --json carry the lines; other questions still go to the query agent', async () => {
    const a = await ask('anything unusual in revenue in the last 30 days?', false);
    const reply = buildAnswerReply(a, 'x');
    expect(reply.text.split('\n').slice(1, 3)).toEqual(a.insights!.slice(0, 2));
    expect(answerToJson(a).insights).toEqual(a.insights);
    expect(a.chart).toBeNull();
    const plain = await ask('revenue by month', false);
    expect(plain.insights).toBeUndefined();
  });

  it('a question it recognises but cannot read is the agent\'s one-line refusal', async () => {
    await expect(ask('anything unusual in blorps?')).rejects.toThrow(/^I did not understand "blorps"\./);
  });
});

describe('forecasts in chat', () => {
  it('"forecast revenue for the next 30 days": 30 days with a band, the backtest MAPE stated, a chart', async () => {
    const a = await ask('forecast revenue for the next 30 days');
    expect(a.title).toBe('Forecast of revenue, next 30 days');
    expect(a.rows).toHaveLength(30);
    expect(a.rows[0][0]).toBe('2025-06-30');
    expect(a.rows[29][0]).toBe('2025-07-29');
    for (const r of a.rows) {
      expect(Number(r[2])).toBeLessThan(Number(r[1]));
      expect(Number(r[3])).toBeGreaterThan(Number(r[1]));
    }
    const mape = Number(/Backtest: MAPE ([\d.]+) %/.exec(a.insights!.join('\n'))![1]);
    // The same backtest over the daily revenue our own SQL reads (the 180 days before today).
    const series = await sql("SELECT toDate(order_time) AS d, sum(revenue) FROM demo.orders WHERE status = 'completed' AND order_time >= '2025-01-01' AND order_time < '2025-06-30' GROUP BY d ORDER BY d");
    const points = series.map((r) => ({ tsMs: Date.parse(`${String(r[0])}T00:00:00Z`), value: Number(r[1]) }));
    expect(points).toHaveLength(180);
    expect(mape).toBeCloseTo(backtestForecast(points, { horizon: 30, folds: 3 }).mapePct, 1);
    expect(mape).toBeLessThan(15);
    // The level stays near the recent one (growth is ~60 % a year).
    const recent = points.slice(-28).reduce((s, p) => s + p.value, 0) / 28;
    const mean = a.rows.reduce((s, r) => s + Number(r[1]), 0) / 30;
    expect(mean / recent).toBeGreaterThan(0.95);
    expect(mean / recent).toBeLessThan(1.15);
    expect(isPng(a.chart?.png)).toBe(true);
    expect(a.chart?.alt).toMatch(/forecast to 2025-07-29 with a shaded 90 % band/);
  });
});
