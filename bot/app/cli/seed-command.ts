/** `datalabs seed`: builds the demo dataset, with a progress bar on a TTY. */
import cliProgress from 'cli-progress';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { seedDemo } from '../../infra/seed/seed-demo.ts';
import type { WarehouseAdmin } from '../../contracts/warehouse.ts';

export interface SeedOptions {
  seed: number;
  endDate?: string;
  scale: number;
}

export async function runSeed(ctx: { config: Config; logger: Logger }, opts: SeedOptions): Promise<number> {
  const warehouse = createWarehouse(ctx.config.warehouse);
  try {
    const started = performance.now();
    const counts = await seedWithProgress(warehouse.admin, opts, process.stderr);
    const secs = ((performance.now() - started) / 1000).toFixed(1);
    for (const c of counts) process.stdout.write(`${c.table.padEnd(16)} ${c.rows.toLocaleString('en-US').padStart(12)} rows\n`);
    process.stdout.write(`seeded demo (seed ${opts.seed}, scale ${opts.scale}, end ${resolveEndDate(opts.endDate)}) in ${secs} s into ${warehouse.description}\n`);
    return 0;
  } finally {
    await warehouse.close();
  }
}

export function resolveEndDate(endDate?: string): string {
  return endDate ?? new Date().toISOString().slice(0, 10);
}

/** Seeds, drawing a progress bar when `tty` is a terminal. */
export async function seedWithProgress(admin: WarehouseAdmin, opts: SeedOptions, tty: NodeJS.WriteStream) {
  const bar = tty.isTTY ? new cliProgress.SingleBar({ format: 'seeding {step} [{bar}] {percentage}%', hideCursor: true, stream: tty }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(100, 0, { step: '' });
  try {
    return await seedDemo(admin, {
      seed: opts.seed,
      endDate: resolveEndDate(opts.endDate),
      scale: opts.scale,
      onProgress: (step, done, total) => bar?.update(Math.round((done / Math.max(total, 1)) * 100), { step: step.padEnd(10) }),
    });
  } finally {
    bar?.stop();
  }
}

/** True when the demo tables exist and hold orders. */
export async function demoIsSeeded(admin: WarehouseAdmin): Promise<boolean> {
  const r = await admin.query("SELECT count() FROM system.tables WHERE database = 'demo' AND name IN ('users', 'products', 'orders', 'events')");
  return Number(r.rows[0]?.[0]) === 4;
}
