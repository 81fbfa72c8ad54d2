/**
 * `datalabs backup <dir>` / `datalabs restore <dir>`: the metadata store
 * (PGlite or PostgreSQL, table by table as JSON lines) and the embedded
 * ClickHouse data (table by table in Native format) with a manifest of row
 * counts and checksums; restore loads a backup into an empty data dir (and an
 * empty DATABASE_URL database) and checks every table against the manifest.
 * Both hold the data dir's locks throughout, so they refuse (one line) while a
 * `serve` or `chat` has it open. A ClickHouse server (CLICKHOUSE_URL) is not
 * copied: back it up on the server with its own BACKUP.
 */
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Warehouse } from '../../contracts/warehouse.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { createDb } from '../../infra/store/create-db.ts';
import { dbOptionsFor } from '../../infra/store/create-metadata-store.ts';
import type { Db } from '../../infra/store/db.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, ensureEmptyDir, readManifest, writeManifest, type BackupManifest } from '../../infra/backup/manifest.ts';
import { backupMetadata, ensureEmptyStore, restoreMetadata } from '../../infra/backup/metadata-backup.ts';
import { backupClickhouse, ensureEmptyClickhouse, restoreClickhouse } from '../../infra/backup/clickhouse-backup.ts';

type Ctx = { config: Config; logger: Logger };

export async function runBackup(ctx: Ctx, dirArg: string, version: string, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dir = path.resolve(dirArg);
  if (isInside(dir, ctx.config.dataDir)) throw new DatalabsError('BAD_INPUT', `${dir} is inside the data dir ${ctx.config.dataDir}: back up somewhere else`);
  ensureEmptyDir(dir, { create: false });
  const started = performance.now();
  return withStores(ctx, async (warehouse, db) => {
    ensureEmptyDir(dir, { create: true });
    const metadata = await backupMetadata(db, dir);
    const databases = warehouse.kind === 'embedded' ? await backupClickhouse(warehouse.admin, dir) : undefined;
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      datalabsVersion: version,
      metadata,
      ...(databases ? { clickhouse: { databases } } : {}),
    };
    writeManifest(dir, manifest);
    out.write(`backup ${dir}: ${summary(manifest, db.description, warehouse)} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  });
}

export async function runRestore(ctx: Ctx, dirArg: string, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const dir = path.resolve(dirArg);
  const manifest = readManifest(dir);
  const started = performance.now();
  return withStores(ctx, async (warehouse, db) => {
    if (manifest.clickhouse && warehouse.kind !== 'embedded') {
      throw new DatalabsError('BAD_INPUT', `the backup holds embedded ClickHouse data, but CLICKHOUSE_URL points at a server: unset it to restore into ${ctx.config.dataDir}`);
    }
    if (manifest.clickhouse) await ensureEmptyClickhouse(warehouse.admin, warehouse.description);
    await ensureEmptyStore(db);
    if (manifest.clickhouse) await restoreClickhouse(warehouse.admin, dir, manifest.clickhouse.databases);
    await restoreMetadata(db, dir, manifest.metadata);
    out.write(`restored ${dir} (${manifest.createdAt}): ${summary(manifest, db.description, warehouse)}; every table's rows and checksum match, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  });
}

/** Opens the warehouse first (it refuses a data dir a running serve holds), then the metadata store as its owner. */
async function withStores(ctx: Ctx, fn: (warehouse: Warehouse, db: Db) => Promise<number>): Promise<number> {
  const warehouse = createWarehouse(ctx.config.warehouse);
  let db: Db | undefined;
  try {
    if (warehouse.kind === 'embedded') await warehouse.ping();
    db = await createDb(dbOptionsFor({ databaseUrl: ctx.config.databaseOwnerUrl ?? ctx.config.env.DATABASE_URL, dataDir: ctx.config.dataDir, logger: ctx.logger }));
    return await fn(warehouse, db);
  } finally {
    await db?.close();
    await warehouse.close();
  }
}

function summary(m: BackupManifest, dbDescription: string, warehouse: Warehouse): string {
  const metaRows = m.metadata.tables.reduce((n, t) => n + t.rows, 0);
  const parts = [`metadata (${dbDescription}, schema ${m.metadata.schemaVersion}): ${m.metadata.tables.length} tables, ${metaRows} rows`];
  if (m.clickhouse) {
    const tables = m.clickhouse.databases.flatMap((d) => d.tables);
    const rows = tables.reduce((n, t) => n + (t.rows ?? 0), 0);
    parts.push(`ClickHouse (${warehouse.description}): ${m.clickhouse.databases.length} databases, ${tables.length} tables, ${rows} rows`);
  } else {
    parts.push(`ClickHouse server ${warehouse.description} not included (back it up on the server)`);
  }
  return parts.join('; ');
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(path.resolve(parent), child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
