/**
 * Grouped evaluation: rules over the same table and time bucket, differing in
 * their filters and aggregates, are evaluated in one ClickHouse query with
 * -If combinators (through the guard, on the seeded chDB), and each rule sees
 * exactly what its own query returns — including "no row" for a bucket its
 * filter does not match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { combinedSql, groupingSource, shapeOf } from '../../alerts/engine/index.ts';
import { MIN, T0, startRig, type Rig } from './rig.ts';

const bounds = "order_time >= toDateTime('2025-07-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-07-01 00:10:00', 'UTC')";
const q = (agg: string, filter: string) => `SELECT toStartOfMinute(order_time) AS t, ${agg} AS v FROM demo.orders WHERE ${filter ? `${filter} AND ` : ''}${bounds} GROUP BY t ORDER BY t`;

describe('which queries join a group', () => {
  it('reads the shape and rewrites the aggregate over the filter', () => {
    expect(shapeOf(q('sum(revenue)', "device = 'mobile'"))?.member.aggregate).toBe("sumIf(revenue, (device = 'mobile'))");
    expect(shapeOf(q('count()', "status = 'refunded' AND quantity = 2"))?.member.aggregate).toBe("countIf((status = 'refunded') AND (quantity = 2))");
    expect(shapeOf(q("countIf(status = 'refunded')", ''))?.member.aggregate).toBe("countIf((status = 'refunded') AND (1))");
    expect(shapeOf(q('avgIf(revenue, quantity > 1)', "country = 'US'"))?.member.aggregate).toBe("avgIf(revenue, (quantity > 1) AND ((country = 'US')))");
    expect(shapeOf(q('sum(revenue)', "device = 'mobile'"))?.group).toBe('demo.orders|toStartOfMinute(order_time)|order_time');
    // Not joined: another aggregate, a subquery, a query without both bounds.
    expect(shapeOf(q('quantile(0.9)(revenue)', ''))).toBeUndefined();
    expect(shapeOf(q('sum(revenue)', 'user_id IN (SELECT user_id FROM demo.users)'))).toBeUndefined();
    expect(shapeOf("SELECT toStartOfMinute(order_time) AS t, count() AS v FROM demo.orders WHERE order_time >= toDateTime('2025-07-01 00:00:00', 'UTC') GROUP BY t")).toBeUndefined();
    const a = shapeOf(q('count()', 'quantity = 1'))!;
    const b = shapeOf(q('sum(revenue)', 'quantity = 2'))!;
    expect(a.key).toBe(b.key);
    expect(combinedSql(a, [a.member, b.member])).toBe(
      `SELECT toStartOfMinute(order_time) AS t, countIf((quantity = 1)) AS v0, countIf((quantity = 1)) AS n0, sumIf(revenue, (quantity = 2)) AS v1, countIf((quantity = 2)) AS n1 FROM demo.orders WHERE ${bounds} GROUP BY t ORDER BY t`,
    );
  });
});

describe('grouped evaluation on the demo data', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
    for (let m = 0; m < 10; m++) await rig.orders(m, m % 2 === 0 ? 5 : 0, 2);
  }, 120_000);
  afterAll(async () => rig?.close());

  it('answers each rule as its own query would, in one query', async () => {
    const base = rig.app.answerer;
    const grouped = groupingSource(base, { now: () => T0 });
    const texts = [q("countIf(status = 'refunded')", ''), q('count()', "status = 'completed'"), q('sum(revenue)', "status = 'refunded'"), q('count()', "country = 'ZZ'")];
    const now = new Date(T0 + 10 * MIN);
    const together = await Promise.all(texts.map((text) => grouped.ask({ text, now })));
    expect(grouped.stats).toEqual({ queries: 1, grouped: 4, passthrough: 0, compiled: 0 });
    for (const [i, text] of texts.entries()) {
      const alone = await base.ask({ text, now, chart: false });
      expect(together[i].rows.map(([t, v]) => [String(t), Number(v)]), text).toEqual(alone.rows.map(([t, v]) => [String(t), Number(v)]));
    }
    // A filter that matches nothing: no rows (no data), not zeros.
    expect(together[3].rows).toEqual([]);
    expect(together[0].rows.length).toBe(10);
    expect(together[2].rows.length).toBe(5);
  });

  it('the engine evaluates three rules over one table with one query per period', async () => {
    for (const [i, filter] of ["status = 'refunded'", "status = 'completed'", "device = 'mobile'"].entries()) {
      await rig.addRule({
        name: `grouped-${i}`,
        query: `SELECT toStartOfMinute(order_time) AS t, count() AS v FROM demo.orders WHERE ${filter} AND order_time >= {from} AND order_time < {to} GROUP BY t ORDER BY t`,
        condition: 'above 1000',
        every: '1m',
        receivers: ['webhook'],
      });
    }
    const before = rig.alerting.queryStats();
    await rig.advance(T0 + 5 * MIN);
    const after = rig.alerting.queryStats();
    const evaluations = after.grouped - before.grouped;
    expect(evaluations).toBeGreaterThanOrEqual(9); // 3 rules × ≥ 3 periods
    // One query per period for the three rules (the first period may run twice while the group is learned).
    expect(after.queries - before.queries).toBeLessThanOrEqual(evaluations / 3 + 2);
  }, 120_000);
});
