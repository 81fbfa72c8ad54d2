/**
 * Questions about individual rows ("top 5 orders by revenue yesterday", "biggest completed order yesterday? need the
 * order id + revenue", "the 10 most recent orders", "show the last 5 signups") list those rows: id, time, the ranked
 * column and the columns asked for, over the table's default rows unless a status is named, ordered and cut at N.
 * The rows are checked against the real chDB engine (seeded demo data) with hand-written reference SQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/create-warehouse.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const yesterday = "order_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const upToNow = (c: string): string => `${c} <= toDateTime('2025-06-30 18:00:00', 'UTC')`;

describe('the SQL of a row listing', () => {
  it.each([
    ['top 5 orders by revenue yesterday', `SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND ${yesterday} ORDER BY revenue DESC, order_id DESC LIMIT 5`],
    ['biggest completed order yesterday? need the order id + revenue', `SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND ${yesterday} ORDER BY revenue DESC, order_id DESC LIMIT 1`],
    ['which order had the highest revenue yesterday', `SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND ${yesterday} ORDER BY revenue DESC, order_id DESC LIMIT 1`],
    ['the 10 most recent orders', `SELECT order_id, order_time FROM demo.orders WHERE status = 'completed' AND ${upToNow('order_time')} ORDER BY order_time DESC, order_id DESC LIMIT 10`],
    ['show the last 5 signups', `SELECT user_id, signup_time FROM demo.users WHERE ${upToNow('signup_time')} ORDER BY signup_time DESC, user_id DESC LIMIT 5`],
    ['smallest 3 orders in May by quantity', "SELECT order_id, order_time, quantity FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') ORDER BY quantity ASC, order_id ASC LIMIT 3"],
    ['most recent refund', `SELECT order_id, order_time FROM demo.orders WHERE status = 'refunded' AND ${upToNow('order_time')} ORDER BY order_time DESC, order_id DESC LIMIT 1`],
    ['top 5 orders by revenue with their country and device', "SELECT order_id, order_time, revenue, country, device FROM demo.orders WHERE status = 'completed' ORDER BY revenue DESC, order_id DESC LIMIT 5"],
    ['what were the 3 largest refunds from the US last month?', "SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'refunded' AND country = 'US' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC') ORDER BY revenue DESC, order_id DESC LIMIT 3"],
  ])('"%s"', (q, expected) => {
    expect(sql(q)).toBe(expected);
  });

  it('largest order last week is the biggest completed order of that ISO week', () => {
    expect(sql('largest order last week')).toMatch(/WHERE status = 'completed' AND order_time >= toDateTime\('2025-06-23 00:00:00', 'UTC'\) AND order_time < toDateTime\('2025-06-30 00:00:00', 'UTC'\) ORDER BY revenue DESC, order_id DESC LIMIT 1$/);
  });

  it('keeps the other meanings: groups ranked, the value and the time of one row, the biggest single order', () => {
    expect(sql('top 5 products by revenue')).toMatch(/GROUP BY product ORDER BY total_revenue DESC LIMIT 5$/);
    expect(sql('top 3 countries by orders')).toMatch(/GROUP BY country ORDER BY orders DESC LIMIT 3$/);
    expect(sql('top 5 orders by country')).toMatch(/GROUP BY country/);
    expect(sql('latest order revenue')).toMatch(/^SELECT argMax\(revenue, order_time\) AS last_revenue/);
    expect(sql('how much was the last cancellation')).toMatch(/^SELECT argMax\(revenue, order_time\) AS last_revenue/);
    expect(sql('when was the last order')).toMatch(/^SELECT max\(order_time\) AS max_order_time/);
    expect(sql('biggest single order this year')).toMatch(/^SELECT max\(revenue\) AS max_revenue/);
    expect(refusal('latest signup revenue')).toMatch(/the value of one signup/);
  });

  it('respects the row cap', () => {
    expect(refusal('top 20000 orders by revenue')).toMatch(/from 1 to 10,000/);
    const small = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)], maxRows: 50 });
    expect(() => small.plan('the 60 most recent orders', { now })).toThrow(/from 1 to 50/);
    expect(small.plan('the 50 most recent orders', { now }).sql).toMatch(/LIMIT 50$/);
  });

  it('a follow-up refines the listing: a filter, a row count, a period', () => {
    const [, mobile, ten, month] = thread('top 5 orders by revenue yesterday', 'only mobile', 'top 10 instead', 'for last month').map(flat);
    expect(mobile).toBe(`SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND device = 'mobile' AND ${yesterday} ORDER BY revenue DESC, order_id DESC LIMIT 5`);
    expect(ten).toBe(mobile.replace('LIMIT 5', 'LIMIT 10'));
    expect(month).toBe(ten.replace(yesterday, "order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-01 00:00:00', 'UTC')"));
    // Another question after a listing is asked afresh.
    expect(flat(thread('the 10 most recent orders', 'revenue by device').at(-1)!)).toMatch(/^SELECT device, sum\(revenue\)/);
  });
});

describe('the rows of a listing (real chDB)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-row-listing-'));
  let wh: Warehouse;
  beforeAll(async () => {
    wh = createWarehouse({ kind: 'embedded', dataDir: path.join(tmp, 'wh') });
    await seedDemo(wh.admin, { seed: 42, endDate: '2025-06-30', scale: 0.01 });
  }, 120_000);
  afterAll(async () => { await wh?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  const rows = async (q: string): Promise<unknown[][]> => (await wh.reader.query(q)).rows.map((r) => r.map((v) => (typeof v === 'number' || /^\d+(\.\d+)?$/.test(String(v)) ? Number(v) : String(v))));

  it.each([
    ['biggest completed order yesterday? need the order id + revenue', "SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND toDate(order_time) = toDate('2025-06-29') ORDER BY revenue DESC, order_id DESC LIMIT 1"],
    ['top 5 orders by revenue yesterday', "SELECT order_id, order_time, revenue FROM demo.orders WHERE status = 'completed' AND toDate(order_time) = toDate('2025-06-29') ORDER BY revenue DESC, order_id DESC LIMIT 5"],
    ['show the last 5 signups', "SELECT user_id, signup_time FROM demo.users WHERE signup_time <= toDateTime('2025-06-30 18:00:00') ORDER BY signup_time DESC, user_id DESC LIMIT 5"],
    ['smallest 3 orders in May by quantity', "SELECT order_id, order_time, quantity FROM demo.orders WHERE status = 'completed' AND toStartOfMonth(order_time) = toDate('2025-05-01') ORDER BY quantity, order_id LIMIT 3"],
    ['most recent refund', "SELECT order_id, order_time FROM demo.orders WHERE status = 'refunded' AND order_time <= toDateTime('2025-06-30 18:00:00') ORDER BY order_time DESC, order_id DESC LIMIT 1"],
  ])('"%s"', async (q, reference) => {
    const got = await rows(sql(q));
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(await rows(reference));
  });

  it('the biggest order yesterday is the first of the top 5, and no completed order that day is bigger', async () => {
    const [one] = await rows(sql('which order had the highest revenue yesterday'));
    const five = await rows(sql('top 5 orders by revenue yesterday'));
    expect(one).toEqual(five[0]);
    const [[max]] = await rows("SELECT max(revenue) FROM demo.orders WHERE status = 'completed' AND toDate(order_time) = toDate('2025-06-29')");
    expect(one[2]).toBe(max);
  });
});
