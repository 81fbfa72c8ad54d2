/**
 * A real embedded warehouse in a fresh temp directory holding the demo tables
 * (DDL from bot/infra/seed/demo-ddl.ts), with a few rows each, plus a table outside
 * the allow-list (`default.x`, `secret.keys`) so escapes would be visible.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import { DEMO_TABLES, demoTableDdl } from '../../bot/infra/seed/demo-ddl.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';

export interface DemoWarehouse {
  warehouse: Warehouse;
  dir: string;
  close(): Promise<void>;
}

export async function openDemoWarehouse(opts: { eventsRows?: number } = {}): Promise<DemoWarehouse> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-guard-'));
  const warehouse = createWarehouse({ kind: 'embedded', dataDir: dir });
  const run = (sql: string) => warehouse.admin.command(sql);
  await run('CREATE DATABASE IF NOT EXISTS demo');
  for (const t of DEMO_TABLES) await run(demoTableDdl(t));
  const events = opts.eventsRows ?? 200;
  await run(`INSERT INTO demo.users SELECT number, toDateTime('2024-01-01') + number * 3600, ['US','GB','DE'][number % 3 + 1], 'free', 'paid' FROM numbers(50)`);
  await run(`INSERT INTO demo.products SELECT number, concat('p', toString(number)), ['books','home'][number % 2 + 1], 9.99 FROM numbers(20)`);
  await run(`INSERT INTO demo.orders SELECT number, toDateTime('2024-01-01') + number * 600, number % 50, number % 20, 'books', 'US', 'paid', ['desktop','mobile'][number % 2 + 1], 1, 9.99, ['completed','refunded'][number % 2 + 1] FROM numbers(100)`);
  await run(`INSERT INTO demo.events SELECT toDateTime('2024-01-01') + number * 60, number % 50, number % 30, ['page_view','purchase'][number % 2 + 1], '/', 'US', 'mobile', 'paid', 100 FROM numbers(${events})`);
  // Outside the allow-list: the guard must never let these be read.
  await run(`CREATE TABLE default.x (v String) ENGINE = Memory`);
  await run(`INSERT INTO default.x VALUES ('REAL')`);
  await run(`CREATE DATABASE IF NOT EXISTS secret`);
  await run(`CREATE TABLE secret.keys (k String) ENGINE = Memory`);
  await run(`INSERT INTO secret.keys VALUES ('s3cr3t')`);
  return {
    warehouse,
    dir,
    async close() {
      await warehouse.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
