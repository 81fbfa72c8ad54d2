/**
 * Values with none of the counted rows (parse/no-rows.ts, no-rows.ts): "which countries had no signups yesterday" is the
 * countries seen in users with no signup in that period (NOT IN subquery), "which products had no completed orders in
 * the last 14 days" the products no completed order of the period refers to — never the values that do have rows, and
 * never "status != completed". Other shapes are refused. The answers are checked on real chDB against the gold SQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/create-warehouse.ts';
import { demoTableDdl } from '../../bot/infra/seed/demo-ddl.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { createSqlGuard } from '../guard/index.ts';
import { agent, flat, now, refusal, sql, thread } from '../../test/support/plan-kit.ts';

const YESTERDAY = "signup_time >= toDateTime('2025-06-29 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_14 = "order_time >= toDateTime('2025-06-16 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const LAST_WEEK = "order_time >= toDateTime('2025-06-23 00:00:00', 'UTC') AND order_time < toDateTime('2025-06-30 00:00:00', 'UTC')";
const MAY = "signup_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND signup_time < toDateTime('2025-06-01 00:00:00', 'UTC')";

describe('which values had no rows: the SQL', () => {
  it.each([
    ['Which countries had no signups yesterday?', `SELECT DISTINCT country FROM demo.users WHERE country NOT IN (SELECT country FROM demo.users WHERE ${YESTERDAY}) ORDER BY country`],
    ['which country did not have any signups yesterday', `SELECT DISTINCT country FROM demo.users WHERE country NOT IN (SELECT country FROM demo.users WHERE ${YESTERDAY}) ORDER BY country`],
    ['which channels brought no signups in May', `SELECT DISTINCT channel FROM demo.users WHERE channel NOT IN (SELECT channel FROM demo.users WHERE ${MAY}) ORDER BY channel`],
    ['which countries had zero orders last week', `SELECT DISTINCT country FROM demo.orders WHERE country NOT IN (SELECT country FROM demo.orders WHERE status = 'completed' AND ${LAST_WEEK}) ORDER BY country`],
    ['which countries on mobile had no orders last week', `SELECT DISTINCT country FROM demo.orders WHERE country NOT IN (SELECT country FROM demo.orders WHERE status = 'completed' AND device = 'mobile' AND ${LAST_WEEK}) ORDER BY country`],
    ['Which products had no completed orders in the last 14 days?', `SELECT name AS product FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND ${LAST_14}) ORDER BY product`],
    ['show me the products that did not get a single order in the last 14 days', `SELECT name AS product FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND ${LAST_14}) ORDER BY product`],
    ['which products had no cancelled orders last week', `SELECT name AS product FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'cancelled' AND ${LAST_WEEK}) ORDER BY product`],
    ['products without any orders', "SELECT name AS product FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed') ORDER BY product"],
    ['which electronics products had no orders last week', `SELECT name AS product FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND ${LAST_WEEK}) AND category = 'electronics' ORDER BY product`],
  ])('"%s"', (q, expected) => {
    expect(sql(q)).toBe(expected);
  });

  it('"were not ordered" is "never ordered", not the products that were', () => {
    const never = sql('which products were never ordered last week');
    expect(never).toContain(`FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND ${LAST_WEEK})`);
    expect(sql('which products were not ordered last week')).toBe(never);
    expect(sql("which products weren't ordered last week")).toBe(never);
    expect(refusal('which products did not sell last week')).not.toBe('answered');
    expect(refusal('what percentage of products have never been ordered')).toMatch(/"never" with a share/);
  });

  it('"have had no … since", "in which … were there no"', () => {
    expect(sql('which countries have had no orders since May')).toBe(
      "SELECT DISTINCT country FROM demo.orders WHERE country NOT IN (SELECT country FROM demo.orders WHERE status = 'completed' AND order_time >= toDateTime('2025-05-01 00:00:00', 'UTC') AND order_time <= toDateTime('2025-06-30 18:00:00', 'UTC')) ORDER BY country");
    expect(sql('in which countries were there no signups yesterday')).toBe(sql('Which countries had no signups yesterday?'));
    expect(sql("which countries didn't have orders yesterday")).toBe(sql('which countries had zero orders yesterday'));
  });

  it('grouped by a column the figure gives way to, every value of it counts; one it fixes is refused', () => {
    expect(sql('what statuses had no orders last week')).toBe(`SELECT DISTINCT status FROM demo.orders WHERE status NOT IN (SELECT status FROM demo.orders WHERE ${LAST_WEEK}) ORDER BY status`);
    expect(refusal('which statuses had no refunds last week')).toMatch(/has none by definition/);
  });

  it('"how many" counts the values; the rows a breakdown names are counted as "never" counts them', () => {
    expect(sql('how many countries had no signups yesterday')).toBe(
      `SELECT count() AS distinct_country FROM ( SELECT DISTINCT country FROM demo.users WHERE country NOT IN (SELECT country FROM demo.users WHERE ${YESTERDAY}) )`);
    expect(sql('how many products had no orders last week')).toBe(
      `SELECT count() AS products FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND ${LAST_WEEK})`);
  });

  it('a follow-up changes the period or a filter of the rows counted', () => {
    const [, b, c] = thread('which countries had no signups yesterday', 'and in may?', 'only paid');
    expect(b.sql.replace(/\s+/g, ' ')).toBe(`SELECT DISTINCT country FROM demo.users WHERE country NOT IN (SELECT country FROM demo.users WHERE ${MAY}) ORDER BY country`);
    expect(c.sql.replace(/\s+/g, ' ')).toContain(`NOT IN (SELECT country FROM demo.users WHERE channel = 'paid' AND ${MAY})`);
  });

  it('refuses what it cannot build, never answering with the values that have rows', () => {
    expect(refusal('which countries had no revenue yesterday')).toMatch(/revenue is not a count of rows/);
    expect(refusal('which countries had no orders last week by device')).toMatch(/breakdown by device/);
    expect(refusal('which countries had no orders by month')).toMatch(/series by month/);
    expect(refusal('which signup channels had no orders last month')).toMatch(/not a column of orders/);
    expect(refusal('revenue by country for countries with no refunds')).toMatch(/values with none of those rows/);
    expect(refusal('what countries had no refunds and what was their revenue')).not.toBe('answered');
    // "what about refunds?": the kept status = completed named the previous figure's rows and goes with it.
    expect(flat(thread('which products had no completed orders in the last 14 days?', 'what about refunds?')[1])).toContain("product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'refunded' AND order_time >= ");
  });

  it('"no" before a figure is never dropped nor read as excluding a value when nothing is built', () => {
    expect(refusal('what is the number of users with no orders')).toMatch(/I do not drop the "no"/);
    expect(refusal('which users had no orders last week')).toMatch(/I do not drop the "no"/);
    expect(refusal('revenue without any refunds')).toMatch(/I do not drop the "no"/);
    expect(sql('how many users who signed up in may have no orders')).toBe(
      `SELECT count() AS users FROM demo.users WHERE ${MAY} AND user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')`);
  });

  it('other readings of "without any" / "no" stay as they were', () => {
    expect(sql('revenue without any mobile')).toContain("device != 'mobile'");
    expect(sql('how many users have no orders')).toBe("SELECT count() AS users FROM demo.users WHERE user_id NOT IN (SELECT user_id FROM demo.orders WHERE status = 'completed')");
  });
});

describe('which values had no rows: the answer rows on chDB', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-no-rows-'));
  let wh: Warehouse;
  beforeAll(async () => {
    wh = createWarehouse({ kind: 'embedded', dataDir: path.join(tmp, 'wh') });
    await wh.admin.command('CREATE DATABASE IF NOT EXISTS demo');
    for (const t of ['users', 'products', 'orders'] as const) await wh.admin.command(demoTableDdl(t));
    await wh.admin.command(`INSERT INTO demo.users (user_id, signup_time, country, plan, channel) VALUES
      (1, '2025-06-29 10:00:00', 'US', 'free', 'paid'), (2, '2025-06-29 12:00:00', 'DE', 'starter', 'organic'),
      (3, '2025-06-10 08:00:00', 'GB', 'free', 'email'), (4, '2025-05-15 09:00:00', 'FR', 'growth', 'referral'),
      (5, '2025-06-30 09:00:00', 'JP', 'free', 'social')`);
    await wh.admin.command(`INSERT INTO demo.products (product_id, name, category, price) VALUES
      (1, 'Aurora Headphones', 'electronics', 99), (2, 'Nimbus Hoodie', 'apparel', 45), (3, 'Vertex Lamp', 'home', 30), (4, 'Summit Novel', 'books', 12)`);
    await wh.admin.command(`INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES
      (1, '2025-06-20 10:00:00', 1, 1, 'electronics', 'US', 'paid', 'mobile', 1, 100, 'completed'),
      (2, '2025-06-25 10:00:00', 2, 2, 'apparel', 'DE', 'organic', 'desktop', 1, 50, 'refunded'),
      (3, '2025-06-01 10:00:00', 3, 3, 'home', 'GB', 'email', 'desktop', 1, 30, 'completed'),
      (4, '2025-06-24 10:00:00', 1, 2, 'apparel', 'US', 'paid', 'tablet', 2, 40, 'cancelled'),
      (5, '2025-06-29 10:00:00', 3, 1, 'electronics', 'GB', 'email', 'desktop', 1, 10, 'completed')`);
  }, 120_000);
  afterAll(async () => { await wh?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

  const rows = async (s: string): Promise<string[]> => (await wh.reader.query(s)).rows.map((r) => String(r[0])).sort();
  const T = "toDate('2025-06-30')";

  it.each([
    ['Which countries had no signups yesterday?', `SELECT DISTINCT country FROM demo.users WHERE country NOT IN (SELECT country FROM demo.users WHERE toDate(signup_time) = ${T} - 1)`, ['FR', 'GB', 'JP']],
    ['Which products had no completed orders in the last 14 days?', `SELECT name FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'completed' AND toDate(order_time) >= ${T} - 14 AND toDate(order_time) < ${T})`, ['Nimbus Hoodie', 'Summit Novel', 'Vertex Lamp']],
    ['which countries had zero orders last week', "SELECT DISTINCT country FROM demo.orders WHERE country NOT IN (SELECT country FROM demo.orders WHERE status = 'completed' AND toDate(order_time) >= '2025-06-23' AND toDate(order_time) < '2025-06-30')", ['DE', 'US']],
    ['which channels brought no signups in May', "SELECT DISTINCT channel FROM demo.users WHERE channel NOT IN (SELECT channel FROM demo.users WHERE toYYYYMM(signup_time) = 202505)", ['email', 'organic', 'paid', 'social']],
    ['products with no refunds this month', "SELECT name FROM demo.products WHERE product_id NOT IN (SELECT product_id FROM demo.orders WHERE status = 'refunded' AND toYYYYMM(order_time) = 202506)", ['Aurora Headphones', 'Summit Novel', 'Vertex Lamp']],
  ])('"%s" answers as the gold SQL does, through the guard', async (q, gold, expected) => {
    const plan = agent.plan(q, { now });
    const guarded = await createSqlGuard(wh.reader, { allowedDatabases: ['demo'] }).check(plan.sql);
    expect(await rows(guarded.sql)).toEqual(expected);
    expect(await rows(gold)).toEqual(expected);
  });
});
