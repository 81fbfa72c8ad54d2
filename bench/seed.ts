/**
 * Benchmark: `datalabs seed` at scale 1 (50 000 users, 300 000 orders,
 * 3 000 000 events) into a fresh embedded data directory. Prints the total
 * seconds, the seconds of each step and the row counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWarehouse } from '../bot/infra/warehouse/create-warehouse.ts';
import { seedDemo } from '../bot/infra/seed/seed-demo.ts';

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-bench-seed-'));
  const wh = createWarehouse({ kind: 'embedded', dataDir });
  try {
    const steps: string[] = [];
    let current = '';
    let stepStart = performance.now();
    const started = performance.now();
    const tables = await seedDemo(wh.admin, {
      seed: 42,
      endDate: '2025-06-30',
      scale: 1,
      onProgress: (step) => {
        const now = performance.now();
        if (current) steps.push(`${current} ${((now - stepStart) / 1000).toFixed(2)}s`);
        current = step;
        stepStart = now;
      },
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`seed (scale 1, seed 42, end 2025-06-30): ${seconds.toFixed(2)} s  (target: seconds, not minutes — under 30 s)`);
    console.log(`  steps: ${steps.join(', ')}`);
    for (const t of tables) console.log(`  ${t.table}: ${t.rows.toLocaleString('en-US')} rows`);
  } finally {
    await wh.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
