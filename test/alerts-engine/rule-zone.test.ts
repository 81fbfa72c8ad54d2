/**
 * A daily question rule in a time zone: its day is the zone's day. "revenue"
 * every day in Asia/Tokyo, evaluated just after midnight UTC on July 2 (09:00
 * in Tokyo), reads Tokyo's July 1 — the orders between Tokyo's midnights, as a
 * hand-written query on the same chDB sums them — not the UTC day. Orders are
 * placed where the two days differ. A SQL rule in the same zone keeps UTC
 * periods. Real chDB, guard, query agent, engine on a scripted clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRig, type Rig } from './rig.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  await rig.orders(-8 * 60, 0, 7); // 06-30 16:00Z: Tokyo's July 1 only
  await rig.orders(10 * 60, 0, 3); // 07-01 10:00Z: both
  await rig.orders(18 * 60, 0, 11); // 07-01 18:00Z: the UTC July 1 only
}, 120_000);
afterAll(async () => rig?.close());

const sumBetween = async (from: string, to: string, tz: string): Promise<number> =>
  Number((await rig.app.warehouse.admin.query(`SELECT sum(revenue) FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('${from}', '${tz}') AND order_time < toDateTime('${to}', '${tz}')`)).rows[0]?.[0]);

describe('a daily question rule in Asia/Tokyo', () => {
  it('evaluates the Tokyo day, to the row', async () => {
    const tokyo = await sumBetween('2025-07-01 00:00:00', '2025-07-02 00:00:00', 'Asia/Tokyo');
    const utc = await sumBetween('2025-07-01 00:00:00', '2025-07-02 00:00:00', 'UTC');
    expect(Math.abs(tokyo - utc)).toBeGreaterThan(1);
    // Fires just below the Tokyo day's revenue (above the UTC day's would not, or would for another value).
    const id = await rig.addRule({ name: 'tokyo-daily-revenue', query: 'revenue', condition: `above ${tokyo - 0.001}`, every: '1d', timezone: 'Asia/Tokyo', receivers: ['webhook'] });
    expect(rig.alerting.catalog.get(id)?.zone).toBe('Asia/Tokyo');
    await rig.advance(Date.parse('2025-07-02T00:10:00Z'));
    const [series] = await rig.alerting.stateStore.loadSeries(id);
    expect(series?.state).toBe('firing');
    expect(series?.value).toBeCloseTo(tokyo, 6);
    expect(series?.value).not.toBeCloseTo(utc, 2);
  }, 180_000);

  it('a SQL rule keeps UTC periods (its {from}/{to} are UTC)', async () => {
    const id = await rig.addRule({
      name: 'tokyo-sql',
      query: "SELECT toStartOfDay(order_time) AS t, sum(revenue) AS v FROM demo.orders WHERE status = 'completed' AND order_time >= {from} AND order_time < {to} GROUP BY t",
      condition: 'above 0',
      every: '1d',
      timezone: 'Asia/Tokyo',
      receivers: ['webhook'],
    });
    expect(rig.alerting.catalog.get(id)?.zone).toBeUndefined();
  });
});
