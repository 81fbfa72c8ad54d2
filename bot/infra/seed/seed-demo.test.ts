import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../warehouse/create-warehouse.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Warehouse } from '../../contracts/warehouse.ts';
import { DEMO_VALUES } from './demo-ddl.ts';
import { parseSeedArgs, seedDemo, validateSeedOptions, type SeededTable } from './seed-demo.ts';

const END = '2025-06-30';
const E = `toDate('${END}')`;
const SCALE = 0.05;

let dataDir: string;
let wh: Warehouse;
let seeded: SeededTable[];
const progress: [string, number, number][] = [];

async function value(sql: string): Promise<number> {
  const res = await wh.admin.query(sql);
  return Number(res.rows[0][0]);
}

async function rows(sql: string): Promise<unknown[][]> {
  return (await wh.admin.query(sql)).rows;
}

async function checksums(): Promise<string> {
  const parts: string[] = [];
  for (const t of ['products', 'users', 'orders', 'events']) {
    const r = await wh.admin.query(`SELECT count(), toString(sum(cityHash64(*))) FROM demo.${t}`);
    parts.push(`${t}:${r.rows[0][0]}:${r.rows[0][1]}`);
  }
  return parts.join(' ');
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-seed-test-'));
  wh = createWarehouse({ kind: 'embedded', dataDir });
  seeded = await seedDemo(wh.admin, { seed: 42, endDate: END, scale: SCALE, onProgress: (s, d, t) => progress.push([s, d, t]) });
});

afterAll(async () => {
  await wh?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('seedDemo: tables and row counts', () => {
  it('returns the row count of every table, scaled', async () => {
    expect(seeded).toEqual([
      { table: 'demo.products', rows: 200 },
      { table: 'demo.users', rows: 2_500 },
      { table: 'demo.orders', rows: 15_000 },
      { table: 'demo.events', rows: 150_000 },
    ]);
    for (const { table, rows: n } of seeded) expect(await value(`SELECT count() FROM ${table}`)).toBe(n);
  });

  it('creates exactly the four tables of the spec with its column types and sort keys', async () => {
    const tables = await rows(`SELECT name, engine, sorting_key FROM system.tables WHERE database = 'demo' ORDER BY name`);
    expect(tables).toEqual([
      ['events', 'MergeTree', 'event_time, user_id'],
      ['orders', 'MergeTree', 'order_time, order_id'],
      ['products', 'MergeTree', 'product_id'],
      ['users', 'MergeTree', 'user_id'],
    ]);
    const cols = await rows(`SELECT table, groupArray(concat(name, ' ', type)) FROM (SELECT table, name, type FROM system.columns WHERE database = 'demo' ORDER BY table, position) GROUP BY table ORDER BY table`);
    const lc = 'LowCardinality(String)';
    expect(Object.fromEntries(cols)).toEqual({
      users: ['user_id UInt64', 'signup_time DateTime', `country ${lc}`, `plan ${lc}`, `channel ${lc}`],
      products: ['product_id UInt32', 'name String', `category ${lc}`, 'price Float64'],
      orders: ['order_id UInt64', 'order_time DateTime', 'user_id UInt64', 'product_id UInt32', `category ${lc}`, `country ${lc}`, `channel ${lc}`, `device ${lc}`, 'quantity UInt16', 'revenue Float64', `status ${lc}`],
      events: ['event_time DateTime', 'user_id UInt64', 'session_id UInt64', `event_type ${lc}`, `page ${lc}`, `country ${lc}`, `device ${lc}`, `channel ${lc}`, 'duration_ms UInt32'],
    });
  });

  it('reports progress step by step, ending with done === total', () => {
    expect(progress.length).toBeGreaterThan(3);
    progress.forEach(([, done, total], i) => {
      expect(done).toBe(i);
      expect(total).toBe(progress.length - 1);
    });
    expect(progress.at(-1)?.[0]).toBe('done');
  });
});

describe('seedDemo: values and foreign keys', () => {
  it('uses only the value sets of the spec', async () => {
    const set = async (sql: string) => ((await rows(sql))[0][0] as string[]).sort();
    const sorted = (xs: readonly string[]) => [...xs].sort();
    expect(await set('SELECT groupUniqArray(country) FROM demo.users')).toEqual(sorted(DEMO_VALUES.country));
    expect(await set('SELECT groupUniqArray(plan) FROM demo.users')).toEqual(sorted(DEMO_VALUES.plan));
    expect(await set('SELECT groupUniqArray(channel) FROM demo.users')).toEqual(sorted(DEMO_VALUES.channel));
    expect(await set('SELECT groupUniqArray(category) FROM demo.products')).toEqual(sorted(DEMO_VALUES.category));
    expect(await set('SELECT groupUniqArray(device) FROM demo.orders')).toEqual(sorted(DEMO_VALUES.device));
    expect(await set('SELECT groupUniqArray(status) FROM demo.orders')).toEqual(sorted(DEMO_VALUES.status));
    expect(await set('SELECT groupUniqArray(event_type) FROM demo.events')).toEqual(sorted(DEMO_VALUES.eventType));
    expect(await set('SELECT groupUniqArray(page) FROM demo.events')).toEqual(sorted(DEMO_VALUES.page));
    expect(await value('SELECT uniqExact(name) FROM demo.products')).toBe(200);
    expect(await value('SELECT countIf(price <= 0 OR round(price, 2) != price) FROM demo.products')).toBe(0);
    expect(await value('SELECT countIf(quantity NOT BETWEEN 1 AND 5) FROM demo.orders')).toBe(0);
    expect(await value('SELECT uniqExact(user_id) = count() AND min(user_id) = 1 AND max(user_id) = count() FROM demo.users')).toBe(1);
    expect(await value('SELECT uniqExact(order_id) = count() FROM demo.orders')).toBe(1);
  });

  it('orders reference existing users who signed up before, and existing products; denormalised columns agree', async () => {
    const [r] = await rows(`
      SELECT countIf(u.user_id = 0), countIf(o.order_time <= u.signup_time), countIf(p.product_id = 0),
        countIf(o.country != u.country OR o.channel != u.channel), countIf(o.category != p.category),
        countIf(abs(o.revenue - o.quantity * p.price) > 0.005)
      FROM demo.orders AS o
      LEFT JOIN demo.users AS u ON u.user_id = o.user_id
      LEFT JOIN demo.products AS p ON p.product_id = o.product_id`);
    expect(r.map(Number)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('events belong to existing users, after their signup, with the user\'s country and channel', async () => {
    const [r] = await rows(`
      SELECT countIf(u.user_id = 0), countIf(e.event_time < u.signup_time), countIf(e.country != u.country OR e.channel != u.channel)
      FROM demo.events AS e LEFT JOIN demo.users AS u ON u.user_id = e.user_id`);
    expect(r.map(Number)).toEqual([0, 0, 0]);
    // one signup event per user, at the signup time
    expect(await value(`SELECT count() FROM demo.users AS u LEFT ANTI JOIN (SELECT user_id, event_time FROM demo.events WHERE event_type = 'signup') AS e ON e.user_id = u.user_id AND e.event_time = u.signup_time`)).toBe(0);
  });

  it('every order has a purchase event by its buyer at the order time, and purchases come from buyers only', async () => {
    expect(await value(`SELECT countIf(event_type = 'purchase') FROM demo.events`)).toBe(15_000);
    expect(await value(`SELECT count() FROM (SELECT user_id, event_time FROM demo.events WHERE event_type = 'purchase') AS e LEFT ANTI JOIN demo.orders AS o ON o.user_id = e.user_id AND o.order_time = e.event_time`)).toBe(0);
  });

  it('sessions hold several events of one user and device, in a plausible time span', async () => {
    const [r] = await rows(`
      SELECT avg(n), countIf(users > 1 OR devices > 1), quantile(0.99)(span_s), uniqExact(session_id)
      FROM (SELECT session_id, count() AS n, uniqExact(user_id) AS users, uniqExact(device) AS devices,
              dateDiff('second', min(event_time), max(event_time)) AS span_s
            FROM demo.events GROUP BY session_id)`);
    const [avg, mixed, p99Span, sessions] = r.map(Number);
    expect(avg).toBeGreaterThan(3);
    expect(avg).toBeLessThan(7);
    expect(mixed).toBe(0);
    expect(p99Span).toBeLessThan(3_600);
    expect(sessions).toBeGreaterThan(20_000);
    const [d] = await rows(`SELECT quantileIf(0.5)(duration_ms, event_type = 'page_view'), quantileIf(0.5)(duration_ms, event_type != 'page_view'), min(duration_ms), max(duration_ms) FROM demo.events`);
    const [pageMedian, actionMedian, min, max] = d.map(Number);
    expect(pageMedian).toBeGreaterThan(5_000);
    expect(pageMedian).toBeLessThan(60_000);
    expect(actionMedian).toBeLessThan(2_000);
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThanOrEqual(90_000);
  });

  it('has about 85 % completed, 10 % refunded and 5 % cancelled orders', async () => {
    const share = Object.fromEntries((await rows(`SELECT status, count() / (SELECT count() FROM demo.orders) FROM demo.orders GROUP BY status`)).map(([s, v]) => [s, Number(v)]));
    expect(share.completed).toBeCloseTo(0.85, 1);
    expect(share.refunded).toBeCloseTo(0.1, 1);
    expect(share.cancelled).toBeCloseTo(0.05, 1);
    expect(Math.abs(share.completed - 0.85)).toBeLessThan(0.02);
  });

  it('covers the 365 days ending with the end date, all day long on the end date, and nothing after', async () => {
    for (const [col, t] of [['order_time', 'orders'], ['event_time', 'events'], ['signup_time', 'users']]) {
      const [r] = await rows(`SELECT toString(min(${col})), toString(max(${col})), uniqExact(toDate(${col})) FROM demo.${t}`);
      expect(String(r[0]) >= '2024-07-01 00:00:00').toBe(true);
      expect(String(r[1]) <= '2025-06-30 23:59:59').toBe(true);
      expect(Number(r[2])).toBe(365);
    }
    // every 3-hour block of the end date has events (a single quiet night hour may be empty at small scale)
    expect(await value(`SELECT uniqExact(intDiv(toHour(event_time), 3)) FROM demo.events WHERE toDate(event_time) = ${E}`)).toBe(8);
    expect(await value(`SELECT count() FROM demo.orders WHERE order_time >= toDateTime('${END} 18:00:00')`)).toBeGreaterThan(5);
  });
});

describe('seedDemo: shapes and incidents', () => {
  it('growth: daily orders and events rise about 60 % from the first weeks to the last', async () => {
    for (const [col, t] of [['order_time', 'orders'], ['event_time', 'events']]) {
      const ratio = await value(`
        WITH daily AS (SELECT toDate(${col}) AS day, count() AS c FROM demo.${t} GROUP BY day)
        SELECT (SELECT avg(c) FROM daily WHERE day > ${E} - 28 AND day != ${E} - 20) / (SELECT avg(c) FROM daily WHERE day < ${E} - 336)`);
      expect(ratio).toBeGreaterThan(1.4);
      expect(ratio).toBeLessThan(1.8);
    }
  });

  it('weekly seasonality: Saturdays and Sundays have about 25 % fewer orders', async () => {
    const ratio = await value(`
      SELECT avgIf(c, wd >= 6) / avgIf(c, wd < 6)
      FROM (SELECT toDate(order_time) AS day, toDayOfWeek(day) AS wd, count() AS c FROM demo.orders WHERE day != ${E} - 20 GROUP BY day)`);
    expect(ratio).toBeGreaterThan(0.68);
    expect(ratio).toBeLessThan(0.82);
  });

  it('daily cycle: fewer events per hour between 00:00 and 06:00 UTC', async () => {
    const ratio = await value(`SELECT (countIf(toHour(event_time) < 6) / 6) / (countIf(toHour(event_time) >= 6) / 18) FROM demo.events`);
    expect(ratio).toBeLessThan(0.5);
  });

  it('incident A: on end-date − 20 days completed-order revenue falls about 60 %, and checkout events fall', async () => {
    // baseline: the same weekday one and two weeks before and after
    const baseline = (expr: string, t: string, col: string) => `
      SELECT sumIf(${expr}, toDate(${col}) = ${E} - 20) / (sumIf(${expr}, toDate(${col}) IN (${E} - 34, ${E} - 27, ${E} - 13, ${E} - 6)) / 4)
      FROM demo.${t}`;
    const revenue = await value(baseline(`if(status = 'completed', revenue, 0)`, 'orders', 'order_time'));
    const orders = await value(baseline(`status = 'completed'`, 'orders', 'order_time'));
    const checkouts = await value(baseline(`event_type = 'checkout'`, 'events', 'event_time'));
    expect(orders).toBeGreaterThan(0.3);
    expect(orders).toBeLessThan(0.5);
    expect(revenue).toBeGreaterThan(0.15);
    expect(revenue).toBeLessThan(0.6);
    expect(checkouts).toBeLessThan(0.6);
  });

  it('incident B: on end-date − 45 days signups are about 4× a normal day, mostly paid', async () => {
    const [r] = await rows(`
      SELECT countIf(toDate(signup_time) = ${E} - 45) / (countIf(toDate(signup_time) BETWEEN ${E} - 59 AND ${E} - 31 AND toDate(signup_time) != ${E} - 45) / 28),
        countIf(toDate(signup_time) = ${E} - 45 AND channel = 'paid') / countIf(toDate(signup_time) = ${E} - 45),
        countIf(channel = 'paid') / count()
      FROM demo.users`);
    const [ratio, paidThatDay, paidOverall] = r.map(Number);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5.5);
    expect(paidThatDay).toBeGreaterThan(0.6);
    expect(paidOverall).toBeLessThan(0.3);
    expect(await value(`SELECT countIf(event_type = 'signup' AND toDate(event_time) = ${E} - 45) FROM demo.events`)).toBe(
      await value(`SELECT countIf(toDate(signup_time) = ${E} - 45) FROM demo.users`),
    );
  });

  it('incident C: from end-date − 10 days the refunded share of mobile orders doubles (other devices do not)', async () => {
    const share = async (device: string, late: boolean) =>
      value(`SELECT countIf(status = 'refunded') / count() FROM demo.orders WHERE device = '${device}' AND ${late ? `toDate(order_time) >= ${E} - 10` : `toDate(order_time) BETWEEN ${E} - 100 AND ${E} - 11`}`);
    const mobile = (await share('mobile', true)) / (await share('mobile', false));
    const desktop = (await share('desktop', true)) / (await share('desktop', false));
    expect(mobile).toBeGreaterThan(1.6);
    expect(mobile).toBeLessThan(2.6);
    expect(desktop).toBeGreaterThan(0.6);
    expect(desktop).toBeLessThan(1.4);
  });
});

describe('seedDemo: determinism and re-runs', () => {
  it('re-running replaces the data (no duplicates), the same seed gives identical data, another seed different data', async () => {
    const first = await checksums();
    const again = await seedDemo(wh.admin, { seed: 42, endDate: END, scale: SCALE });
    expect(again).toEqual(seeded);
    expect(await checksums()).toBe(first);

    await seedDemo(wh.admin, { seed: 7, endDate: END, scale: SCALE });
    const other = await checksums();
    expect(other).not.toBe(first);
    expect(other.split(' ').map((p) => p.split(':')[1])).toEqual(first.split(' ').map((p) => p.split(':')[1]));
    for (const t of ['users', 'orders', 'events']) {
      const a = first.split(' ').find((p) => p.startsWith(t))!.split(':')[2];
      const b = other.split(' ').find((p) => p.startsWith(t))!.split(':')[2];
      expect(b).not.toBe(a);
    }
    expect(await value(`SELECT count() FROM system.tables WHERE database = 'demo'`)).toBe(4);
  });

  it('scales row counts and moves the window with the end date', async () => {
    const res = await seedDemo(wh.admin, { seed: 42, endDate: '2024-02-29', scale: 0.01 });
    expect(res.map((r) => r.rows)).toEqual([200, 500, 3_000, 30_000]);
    const [r] = await rows(`SELECT toString(min(event_time)), toString(max(event_time)) FROM demo.events`);
    // user 1 signs up at the first second of the window (365 days ending 2024-02-29)
    expect(r[0]).toBe('2023-03-02 00:00:00');
    expect(r[1]).toMatch(/^2024-02-29 /);
    expect(await value(`SELECT count() FROM system.tables WHERE database = 'demo'`)).toBe(4);
  });
});

describe('seedDemo: an Ordinary (non-Atomic) demo database', () => {
  it('re-seeds by renaming when EXCHANGE TABLES is not available', async () => {
    await wh.admin.command('DROP DATABASE IF EXISTS demo SYNC');
    await wh.admin.command('CREATE DATABASE demo ENGINE = Ordinary', { settings: { allow_deprecated_database_ordinary: 1 } });
    await seedDemo(wh.admin, { seed: 1, endDate: END, scale: 0.01 });
    const first = await checksums();
    const res = await seedDemo(wh.admin, { seed: 1, endDate: END, scale: 0.01 });
    expect(res.map((r) => r.rows)).toEqual([200, 500, 3_000, 30_000]);
    expect(await checksums()).toBe(first);
    expect(await rows(`SELECT name FROM system.tables WHERE database = 'demo' ORDER BY name`)).toEqual([['events'], ['orders'], ['products'], ['users']]);
    expect(await value(`SELECT engine = 'Ordinary' FROM system.databases WHERE name = 'demo'`)).toBe(1);
  });
});

describe('seed options', () => {
  const bad = (opts: { seed: number; endDate: string; scale: number }) => {
    try {
      validateSeedOptions(opts);
    } catch (err) {
      expect(err).toBeInstanceOf(DatalabsError);
      expect((err as DatalabsError).code).toBe('BAD_INPUT');
      expect((err as Error).message).not.toContain('\n');
      return (err as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(opts)}`);
  };

  it('rejects out-of-range scale, malformed or impossible dates, and bad seeds with one line', () => {
    const ok = { seed: 42, endDate: END, scale: 1 };
    expect(() => validateSeedOptions(ok)).not.toThrow();
    expect(() => validateSeedOptions({ ...ok, scale: 0.01 })).not.toThrow();
    expect(() => validateSeedOptions({ ...ok, scale: 10 })).not.toThrow();
    expect(bad({ ...ok, scale: 0.001 })).toMatch(/scale/);
    expect(bad({ ...ok, scale: 10.5 })).toMatch(/scale/);
    expect(bad({ ...ok, scale: Number.NaN })).toMatch(/scale/);
    expect(bad({ ...ok, endDate: '2025-6-30' })).toMatch(/YYYY-MM-DD/);
    expect(bad({ ...ok, endDate: '2025-02-30' })).toMatch(/not a real calendar date/);
    expect(bad({ ...ok, endDate: '1960-01-01' })).toMatch(/between/);
    expect(bad({ ...ok, seed: -1 })).toMatch(/seed/);
    expect(bad({ ...ok, seed: 1.5 })).toMatch(/seed/);
  });

  it('parses CLI strings with defaults: seed 42, end date today (UTC), scale 1', () => {
    expect(parseSeedArgs({}, new Date('2026-03-04T23:30:00Z'))).toEqual({ seed: 42, endDate: '2026-03-04', scale: 1 });
    expect(parseSeedArgs({ seed: '7', endDate: '2025-06-30', scale: '0.5' })).toEqual({ seed: 7, endDate: '2025-06-30', scale: 0.5 });
    expect(() => parseSeedArgs({ scale: 'big' })).toThrow(/scale must be a number/);
    expect(() => parseSeedArgs({ seed: '' })).toThrow(/seed must be a number/);
  });

  it('seedDemo refuses bad options before touching the warehouse', async () => {
    await expect(seedDemo(wh.admin, { seed: 42, endDate: 'yesterday', scale: 1 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
