/**
 * The backup directory's layout and its manifest.json:
 *
 *   manifest.json                      what is in it, with a row count and checksum per table
 *   metadata/<table>.jsonl             the metadata store, one row_to_json line per row
 *   clickhouse/<database>/<table>.native   each ClickHouse table in Native format
 *
 * The metadata rows are plain JSON, so a backup of PGlite restores into
 * PostgreSQL and the other way round.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatalabsError } from '../../contracts/errors.ts';

export const BACKUP_FORMAT = 'datalabs-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Row count and checksum of one table, as both sides compute them. */
export interface TableSum {
  rows: number;
  /** Metadata store: md5 of the sorted row_to_json lines; ClickHouse: hex of sum(cityHash64(*)) over the rows. */
  checksum: string;
}

export interface MetadataTableEntry extends TableSum {
  name: string;
  file: string;
}

export interface ClickhouseTableEntry extends Partial<TableSum> {
  name: string;
  /** `CREATE …` as system.tables gives it. */
  createSql: string;
  /** Views and materialized views hold no data here: they are created after every table is loaded. */
  kind: 'table' | 'view';
  file?: string;
}

export interface ClickhouseDatabaseEntry {
  name: string;
  createSql: string;
  tables: ClickhouseTableEntry[];
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  datalabsVersion: string;
  metadata: { kind: 'pglite' | 'postgres'; schemaVersion: number; tables: MetadataTableEntry[] };
  /** Absent when the warehouse is a ClickHouse server (back that up on the server). */
  clickhouse?: { databases: ClickhouseDatabaseEntry[] };
}

/** Refuses a target that exists and holds anything (a backup never mixes with other files); with `create`, makes it. */
export function ensureEmptyDir(dir: string, opts: { create: boolean }): void {
  const st = fs.statSync(dir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new DatalabsError('BAD_INPUT', `${dir} is not a directory`);
  if (st && fs.readdirSync(dir).length > 0) throw new DatalabsError('BAD_INPUT', `${dir} is not empty: back up into a new or empty directory`);
  if (opts.create) fs.mkdirSync(dir, { recursive: true });
}

export function writeManifest(dir: string, manifest: BackupManifest): void {
  // Written last and renamed into place: a directory without manifest.json is an unfinished backup.
  const tmp = path.join(dir, 'manifest.json.partial');
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  fs.renameSync(tmp, path.join(dir, 'manifest.json'));
}

export function readManifest(dir: string): BackupManifest {
  const file = path.join(dir, 'manifest.json');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatalabsError('BAD_INPUT', `${dir} holds no finished backup (${code === 'ENOENT' ? 'no manifest.json' : `manifest.json: ${(err as Error).message}`})`);
  }
  if (manifest?.format !== BACKUP_FORMAT) throw new DatalabsError('BAD_INPUT', `${file} is not a datalabs backup manifest`);
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) throw new DatalabsError('BAD_INPUT', `${file} is format ${manifest.formatVersion}, newer than this program reads (${BACKUP_FORMAT_VERSION}): upgrade datalabs`);
  return manifest;
}

/** A file (or, without `ext`, directory) name for a database or table: anything but [A-Za-z0-9_.-] is escaped, so it cannot leave the directory. */
export function fileNameFor(name: string, ext?: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/^\./, '%2e');
  return ext ? `${safe}.${ext}` : safe;
}
