/**
 * Grouped evaluation of rules written as questions: each question is compiled
 * by the query agent (not run), and questions over the same table and bucket —
 * different filters, different figures, ratios such as refund rate among them —
 * are evaluated in ONE ClickHouse query per period, counted on the real chDB
 * warehouse, each rule getting exactly the rows, SQL and period its own
 * question gives when asked alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupingSource, shapeOf } from '../../alerts/engine/index.ts';
import type { SeriesSource } from '../../alerts/backtest/index.ts';
import { MIN, T0, startRig, type Rig } from './rig.ts';

const HOUR = 60 * MIN;
const QUESTIONS = [
  'refund rate on mobile',
  'refund rate in the US',
  'revenue on mobile',
  'orders in the US',
  'average order value',
  'refunds',
  'cancellation rate in the US',
  'revenue from books',
];

let rig: Rig;
/** Data queries the warehouse ran (the guard's EXPLAIN AST parses, it reads no rows). */
let dataQueries: string[] = [];

beforeAll(async () => {
  rig = await startRig();
  for (let h = 0; h < 4; h++) for (let m = 0; m < 6; m++) await rig.orders(h * 60 + m * 7, (h + m) % 3, 2 + ((h * m) % 4));
  const reader = rig.app.warehouse.reader;
  const query = reader.query.bind(reader);
  reader.query = ((sql: string, opts?: Parameters<typeof query>[1]) => {
    dataQueries.push(sql);
    return query(sql, opts);
  }) as typeof reader.query;
}, 120_000);
afterAll(async () => rig?.close());

const rowsOf = (a: { rows: unknown[][] }) => a.rows.map(([t, v]) => [String(t), Number(v)]);

describe('questions join a group', () => {
  it('the compiled SQL of a ratio question is a member: each aggregate takes the filter', async () => {
    const base: SeriesSource = rig.app.answerer;
    const compiled = await base.ask({ text: 'refund rate on mobile by hour between 2025-06-29 and 2025-06-29', now: new Date(T0), chart: false, sqlOnly: true });
    expect(compiled.showSql).toBe(true);
    const shape = shapeOf(compiled.sql)!;
    expect(shape.member.aggregate).toBe("countIf((status = 'refunded') AND ((device = 'mobile'))) / countIf((device = 'mobile'))");
    expect(shape.group).toBe('demo.orders|toStartOfHour(order_time)|order_time');
  });

  it(`${QUESTIONS.length} questions over demo.orders by hour: one warehouse query, each value as asked alone`, async () => {
    const base: SeriesSource = rig.app.answerer;
    const grouped = groupingSource(base, { now: () => T0 });
    const now = new Date(T0 + 10 * HOUR);
    const texts = QUESTIONS.map((q) => `${q} by hour between 2025-06-28 and 2025-06-29`);
    dataQueries = [];
    const together = await Promise.all(texts.map((text) => grouped.ask({ text, now })));
    expect(dataQueries).toHaveLength(1);
    expect(dataQueries[0]).toMatch(/^SELECT toStartOfHour\(order_time\) AS t, .*countIf\(\(status = 'refunded'\) AND \(\(device = 'mobile'\)\)\) \/ countIf\(\(device = 'mobile'\)\) AS v0/);
    expect(grouped.stats).toEqual({ queries: 1, grouped: QUESTIONS.length, passthrough: 0, compiled: QUESTIONS.length });
    for (const [i, text] of texts.entries()) {
      const alone = await base.ask({ text, now, chart: false });
      expect(rowsOf(together[i]), text).toEqual(rowsOf(alone));
      expect(together[i].rows.length, text).toBeGreaterThan(0);
      expect(together[i].sql).toBe(alone.sql);
      expect(together[i].period).toEqual(alone.period);
      expect(together[i].columns.map((c) => c.name)).toEqual(alone.columns.map((c) => c.name));
    }
  }, 120_000);

  it('a question of another shape (a breakdown, a join) is run as asked', async () => {
    const grouped = groupingSource(rig.app.answerer, { now: () => T0 });
    const now = new Date(T0 + 10 * HOUR);
    const a = await grouped.ask({ text: 'revenue by device between 2025-06-28 and 2025-06-29', now });
    expect(a.rows.length).toBeGreaterThan(1);
    expect(grouped.stats).toMatchObject({ queries: 1, grouped: 0, passthrough: 1, compiled: 1 });
  });
});

describe('the engine evaluates hourly question rules together', () => {
  it(`${QUESTIONS.length} rules, one warehouse query per hour, values equal to each rule alone`, async () => {
    // What each question gives alone for 03:00–04:00; each rule fires just below it, so its series keeps the value it saw.
    const now = new Date(T0 + 4 * HOUR + 10 * MIN);
    const expected: number[] = [];
    for (const q of QUESTIONS) {
      const alone = await rig.app.answerer.ask({ text: `${q} by hour between 2025-07-01 and 2025-07-01`, now, chart: false });
      const row = alone.rows.find(([t]) => String(t) === '2025-07-01 03:00:00');
      expect(row, q).toBeDefined();
      expected.push(Number(row![1]));
    }
    const ids: string[] = [];
    for (const [i, q] of QUESTIONS.entries()) {
      ids.push(await rig.addRule({ name: `question-${i}`, query: q, condition: `above ${expected[i] - Math.abs(expected[i]) / 1000 - 1e-9}`, every: '1h', receivers: ['webhook'] }));
    }
    // The first period (evaluated at 00:00 plus each rule's jitter): the group is learned as the rules come, so it
    // may take up to one query per rule.
    dataQueries = [];
    await rig.advance(T0 + 10 * MIN);
    expect(dataQueries.length).toBeGreaterThanOrEqual(1);
    expect(dataQueries.length).toBeLessThanOrEqual(QUESTIONS.length);
    // Then one query per hour for all of them: periods 00–01, 01–02, 02–03, 03–04.
    dataQueries = [];
    const before = rig.alerting.queryStats();
    await rig.advance(now.getTime());
    const after = rig.alerting.queryStats();
    expect(after.grouped - before.grouped).toBe(4 * QUESTIONS.length);
    expect(dataQueries).toHaveLength(4);
    for (const sql of dataQueries) expect(sql).toMatch(new RegExp(`^SELECT toStartOfHour\\(order_time\\) AS t, .* AS v${QUESTIONS.length - 1}, countIf\\(.*\\) AS n${QUESTIONS.length - 1} FROM demo\\.orders WHERE`));
    // Each rule evaluated 03:00–04:00 to exactly what its question gives alone.
    for (const [i, q] of QUESTIONS.entries()) {
      const [series] = await rig.alerting.stateStore.loadSeries(ids[i]);
      expect(series?.state, q).toBe('firing');
      expect(series?.value, q).toBe(expected[i]);
    }
  }, 180_000);
});
