/**
 * `datalabs seed`: builds the demo dataset (demo-dataset.md) inside ClickHouse.
 *
 * Every table is generated into a staging copy (`demo.<table>__new`) with
 * `INSERT … SELECT` over `numbers()` and swapped into place at the end
 * (EXCHANGE TABLES, or RENAME the first time), so a re-run replaces the data
 * and a failed run leaves the previous data untouched.
 */
import { DatalabsError } from '../../contracts/errors.ts';
import type { WarehouseAdmin } from '../../contracts/warehouse.ts';
import { DEMO_DATABASE, DEMO_TABLES, demoRowCount, demoTableDdl, type DemoTable } from './demo-ddl.ts';
import {
  browseEventsSql,
  createPlan,
  dayEpoch,
  orderEventsSql,
  ordersSql,
  productsSql,
  signupEventsSql,
  usersSql,
} from './seed-sql.ts';

export const DEFAULT_SEED = 42;
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 10;

const STAGING_SUFFIX = '__new';

export interface SeedOptions {
  /** Non-negative integer; the same seed and end date give the same rows. */
  seed: number;
  /** Last day of the data, `YYYY-MM-DD` (UTC); the data covers the 365 days ending with it. */
  endDate: string;
  /** Multiplies the row counts of users, orders and events; 0.01 … 10. */
  scale: number;
  /**
   * Called when a step starts (`done` = steps finished so far) and once more
   * at the end with step `'done'` and `done === total`.
   */
  onProgress?: (step: string, done: number, total: number) => void;
}

/** Row count of one demo table after seeding. */
export interface SeededTable {
  /** Qualified name, e.g. `demo.orders`. */
  table: string;
  rows: number;
}

/** Throws DatalabsError('BAD_INPUT') with a one-line message when an option is out of range. */
export function validateSeedOptions(opts: Pick<SeedOptions, 'seed' | 'endDate' | 'scale'>): void {
  const { seed, endDate, scale } = opts;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new DatalabsError('BAD_INPUT', `seed must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${String(seed)}`);
  }
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < MIN_SCALE || scale > MAX_SCALE) {
    throw new DatalabsError('BAD_INPUT', `scale must be a number from ${MIN_SCALE} to ${MAX_SCALE}, got ${String(scale)}`);
  }
  if (typeof endDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(endDate)) {
    throw new DatalabsError('BAD_INPUT', `end date must look like YYYY-MM-DD, got ${JSON.stringify(endDate)}`);
  }
  const epoch = dayEpoch(endDate);
  if (!Number.isFinite(epoch) || new Date(epoch * 1000).toISOString().slice(0, 10) !== endDate) {
    throw new DatalabsError('BAD_INPUT', `end date ${endDate} is not a real calendar date`);
  }
  if (endDate < '1971-01-01' || endDate > '2105-12-31') {
    throw new DatalabsError('BAD_INPUT', `end date must be between 1971-01-01 and 2105-12-31 (ClickHouse DateTime range), got ${endDate}`);
  }
}

/**
 * Parses the CLI's raw option strings, applying the defaults (seed 42, end
 * date = today UTC, scale 1), and validates them.
 */
export function parseSeedArgs(raw: { seed?: string; endDate?: string; scale?: string }, now: Date = new Date()): Omit<SeedOptions, 'onProgress'> {
  const num = (value: string | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const trimmed = value.trim();
    const n = trimmed === '' ? NaN : Number(trimmed);
    if (!Number.isFinite(n)) throw new DatalabsError('BAD_INPUT', `${name} must be a number, got ${JSON.stringify(value)}`);
    return n;
  };
  const opts = {
    seed: num(raw.seed, 'seed', DEFAULT_SEED),
    endDate: raw.endDate?.trim() ?? now.toISOString().slice(0, 10),
    scale: num(raw.scale, 'scale', 1),
  };
  validateSeedOptions(opts);
  return opts;
}

/**
 * Builds (or rebuilds) database `demo` with tables products, users, orders and
 * events, and returns their row counts. Deterministic for (seed, endDate, scale).
 */
export async function seedDemo(admin: WarehouseAdmin, opts: SeedOptions): Promise<SeededTable[]> {
  validateSeedOptions(opts);
  const plan = createPlan(opts.seed, opts.endDate, STAGING_SUFFIX);
  const staging = (t: DemoTable) => `${DEMO_DATABASE}.${t}${STAGING_SUFFIX}`;
  const targetEvents = demoRowCount('events', opts.scale);

  const steps: { name: string; run: () => Promise<void> }[] = [
    {
      name: 'preparing',
      run: async () => {
        await admin.command(`CREATE DATABASE IF NOT EXISTS ${DEMO_DATABASE}`);
        for (const t of DEMO_TABLES) {
          await admin.command(`DROP TABLE IF EXISTS ${staging(t)} SYNC`);
          await admin.command(demoTableDdl(t, STAGING_SUFFIX));
        }
      },
    },
    { name: 'products', run: () => admin.command(productsSql(plan)) },
    { name: 'users', run: () => admin.command(usersSql(plan, demoRowCount('users', opts.scale))) },
    { name: 'orders', run: () => admin.command(ordersSql(plan, demoRowCount('orders', opts.scale))) },
    { name: 'events (signups)', run: () => admin.command(signupEventsSql(plan)) },
    { name: 'events (orders)', run: () => admin.command(orderEventsSql(plan)) },
    {
      name: 'events (browsing)',
      run: async () => {
        const sofar = await countRows(admin, staging('events'));
        const remaining = targetEvents - sofar;
        if (remaining > 0) await admin.command(browseEventsSql(plan, remaining));
        const total = await countRows(admin, staging('events'));
        if (total !== targetEvents) {
          throw new DatalabsError('INTERNAL', `demo seed generated ${total} events instead of ${targetEvents}`);
        }
      },
    },
    {
      name: 'swapping in',
      run: async () => {
        for (const t of DEMO_TABLES) {
          const live = `${DEMO_DATABASE}.${t}`;
          if (await tableExists(admin, live)) {
            try {
              await admin.command(`EXCHANGE TABLES ${staging(t)} AND ${live}`);
              await admin.command(`DROP TABLE ${staging(t)} SYNC`);
            } catch {
              // EXCHANGE needs an Atomic database; an Ordinary one can still rename.
              const old = `${live}__old`;
              await admin.command(`DROP TABLE IF EXISTS ${old} SYNC`);
              await admin.command(`RENAME TABLE ${live} TO ${old}, ${staging(t)} TO ${live}`);
              await admin.command(`DROP TABLE ${old} SYNC`);
            }
          } else {
            await admin.command(`RENAME TABLE ${staging(t)} TO ${live}`);
          }
        }
      },
    },
  ];

  for (const [i, step] of steps.entries()) {
    opts.onProgress?.(step.name, i, steps.length);
    await step.run();
  }
  opts.onProgress?.('done', steps.length, steps.length);

  const result: SeededTable[] = [];
  for (const t of DEMO_TABLES) {
    const name = `${DEMO_DATABASE}.${t}`;
    result.push({ table: name, rows: await countRows(admin, name) });
  }
  return result;
}

async function countRows(admin: WarehouseAdmin, table: string): Promise<number> {
  const res = await admin.query(`SELECT count() FROM ${table}`);
  return Number(res.rows[0]?.[0] ?? 0);
}

async function tableExists(admin: WarehouseAdmin, table: string): Promise<boolean> {
  const res = await admin.query(`EXISTS TABLE ${table}`);
  return Number(res.rows[0]?.[0] ?? 0) === 1;
}
