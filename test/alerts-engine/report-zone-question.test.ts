/**
 * A scheduled report's question is read in the report's zone: "revenue
 * yesterday" posted at 9:00 in Tokyo sums exactly the orders between Tokyo's
 * last two midnights (15:00 UTC to 15:00 UTC) — checked against a hand-written
 * query on the same chDB — not those of the UTC day. Orders are placed in the
 * hours where the two days differ, so reading the UTC day would post another
 * figure. Real chDB, guard, query agent, Slack adapter on the fake Slack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MIN, startRig, type Rig } from './rig.ts';

/** 2025-07-02 09:00 in Tokyo (UTC+9): the first run. */
const RUN = Date.parse('2025-07-02T00:00:00Z');

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
  // Tokyo's 2025-07-01 is [06-30 15:00Z, 07-01 15:00Z); the UTC day is [07-01 00:00Z, 07-02 00:00Z).
  await rig.orders(-9 * 60 + 60, 0, 7); // 06-30 16:00Z: Tokyo's yesterday only
  await rig.orders(10 * 60, 0, 3); // 07-01 10:00Z: both
  await rig.orders(18 * 60, 0, 11); // 07-01 18:00Z: the UTC day only
  await rig.addRule({ kind: 'report', name: 'tokyo-revenue', query: 'revenue yesterday', every: '0 9 * * *', timezone: 'Asia/Tokyo', receivers: [`slack:T0FAKE/${CHANNEL}`] });
}, 120_000);
afterAll(async () => rig?.close());

const sumBetween = async (from: string, to: string, tz: string): Promise<number> => {
  const rows = await rig.app.warehouse.admin.query(
    `SELECT sum(revenue) AS v FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('${from}', '${tz}') AND order_time < toDateTime('${to}', '${tz}')`,
  );
  return Number(rows.rows[0]?.[0]);
};

const money = (v: number): string => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('a report question in the report zone', () => {
  it('"revenue yesterday" at 9:00 Tokyo time is the Tokyo day, to the row', async () => {
    const tokyo = await sumBetween('2025-07-01 00:00:00', '2025-07-02 00:00:00', 'Asia/Tokyo');
    const utc = await sumBetween('2025-07-01 00:00:00', '2025-07-02 00:00:00', 'UTC');
    const tokyoBefore = await sumBetween('2025-06-30 00:00:00', '2025-07-01 00:00:00', 'Asia/Tokyo');
    expect(money(tokyo)).not.toBe(money(utc));
    await rig.advance(RUN + 2 * MIN);
    const posted = rig.slack.messages.filter((m) => m.channel === CHANNEL && /^Report tokyo-revenue/.test(m.text));
    // 9:00 in Tokyo on July 1 (00:00 UTC, the rig's start) and on July 2.
    expect(posted.map((m) => m.text)).toEqual([`Report tokyo-revenue: Revenue, yesterday: ${money(tokyoBefore)}`, `Report tokyo-revenue: Revenue, yesterday: ${money(tokyo)}`]);
    const blocks = JSON.stringify(posted[1].blocks);
    expect(blocks).toContain("toDateTime('2025-06-30 15:00:00', 'UTC') AND order_time &lt; toDateTime('2025-07-01 15:00:00', 'UTC')");
    expect(blocks).toContain('report tokyo-revenue · 2025-07-02 09:00 Asia/Tokyo');
    expect(blocks).toContain('period: 2025-07-01 → 2025-07-01');
  }, 120_000);
});
