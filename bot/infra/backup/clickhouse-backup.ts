/**
 * Backup and restore of the embedded ClickHouse (chDB) data. chDB has no
 * server config, so `BACKUP … TO File()/Disk()` is refused there ("the
 * 'backups.allowed_path' configuration parameter is not set"); instead each
 * table is exported in Native format with `SELECT … INTO OUTFILE` and read back
 * with `INSERT … FROM INFILE`, its CREATE statement kept in the manifest. The
 * caller holds the data dir's lock for the whole run, so nothing writes
 * meanwhile and the copy is consistent. Views and materialized views are
 * created after every table is loaded (an MV created first would insert
 * twice); a materialized view without `TO` keeps its rows in an inner table,
 * which is restored empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatalabsError } from '../../contracts/errors.ts';
import type { WarehouseAdmin } from '../../contracts/warehouse.ts';
import { fileNameFor, type ClickhouseDatabaseEntry, type ClickhouseTableEntry, type TableSum } from './manifest.ts';

const SYSTEM_DATABASES = ['system', 'information_schema', 'INFORMATION_SCHEMA'];
/** Long enough for a large table on a slow disk. */
const EXPORT_TIMEOUT_MS = 60 * 60_000;
const VIEW_ENGINES = new Set(['View', 'MaterializedView', 'LiveView', 'WindowView']);

const ident = (name: string) => '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
const literal = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Row count and hex of sum(cityHash64(*)) (order-free, wraps at 2^64). */
export async function clickhouseTableSum(admin: WarehouseAdmin, database: string, table: string): Promise<TableSum> {
  const r = await admin.query(`SELECT toString(count()) AS n, hex(sum(cityHash64(*))) AS sum FROM ${ident(database)}.${ident(table)}`, { timeoutMs: EXPORT_TIMEOUT_MS });
  return { rows: Number(r.rows[0][0]), checksum: String(r.rows[0][1]) };
}

/** Databases other than the system ones, and the ones with tables only for `default`. */
async function userDatabases(admin: WarehouseAdmin): Promise<Array<{ name: string; createSql: string }>> {
  const r = await admin.query(
    `SELECT name, (SELECT count() FROM system.tables t WHERE t.database = d.name) AS tables FROM system.databases d
      WHERE name NOT IN (${SYSTEM_DATABASES.map(literal).join(', ')}) AND NOT startsWith(name, '_') ORDER BY name`,
  );
  const out: Array<{ name: string; createSql: string }> = [];
  for (const [name, tables] of r.rows as Array<[string, number]>) {
    if (name === 'default' && Number(tables) === 0) continue;
    const create = await admin.query(`SHOW CREATE DATABASE ${ident(name)}`);
    out.push({ name, createSql: String(create.rows[0][0]) });
  }
  return out;
}

/** Exports every user database into `<dir>/clickhouse/`. */
export async function backupClickhouse(admin: WarehouseAdmin, dir: string): Promise<ClickhouseDatabaseEntry[]> {
  const databases: ClickhouseDatabaseEntry[] = [];
  for (const db of await userDatabases(admin)) {
    const tables = await admin.query(
      `SELECT name, engine, create_table_query FROM system.tables WHERE database = ${literal(db.name)} AND NOT is_temporary AND NOT startsWith(name, '.inner') ORDER BY name`,
    );
    const entries: ClickhouseTableEntry[] = [];
    for (const [name, engine, createSql] of tables.rows as Array<[string, string, string]>) {
      if (VIEW_ENGINES.has(engine)) {
        entries.push({ name, createSql, kind: 'view' });
        continue;
      }
      const file = path.join('clickhouse', fileNameFor(db.name), fileNameFor(name, 'native'));
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      await admin.command(`SELECT * FROM ${ident(db.name)}.${ident(name)} INTO OUTFILE ${literal(path.resolve(dir, file))} FORMAT Native`, { timeoutMs: EXPORT_TIMEOUT_MS });
      entries.push({ name, createSql, kind: 'table', file, ...(await clickhouseTableSum(admin, db.name, name)) });
    }
    databases.push({ ...db, tables: entries });
  }
  return databases;
}

/** Refuses a warehouse with any user table: restore never merges into live data. */
export async function ensureEmptyClickhouse(admin: WarehouseAdmin, description: string): Promise<void> {
  const r = await admin.query(
    `SELECT database, name FROM system.tables WHERE database NOT IN (${SYSTEM_DATABASES.map(literal).join(', ')}) AND NOT startsWith(database, '_') AND NOT is_temporary LIMIT 3`,
  );
  if (r.rows.length > 0) {
    throw new DatalabsError('BAD_INPUT', `ClickHouse ${description} is not empty (${r.rows.map((row) => `${row[0]}.${row[1]}`).join(', ')}…): restore into a new data dir`);
  }
}

/** Creates the databases and tables, loads the rows, checks each table's count and checksum, then creates the views. */
export async function restoreClickhouse(admin: WarehouseAdmin, dir: string, databases: ClickhouseDatabaseEntry[]): Promise<void> {
  for (const db of databases) await admin.command(db.createSql.replace(/^CREATE DATABASE /, 'CREATE DATABASE IF NOT EXISTS '));
  for (const db of databases) {
    for (const t of db.tables.filter((e) => e.kind === 'table')) {
      await admin.command(t.createSql);
      if (!t.file) continue;
      await admin.command(`INSERT INTO ${ident(db.name)}.${ident(t.name)} FROM INFILE ${literal(path.resolve(dir, t.file))} FORMAT Native`, { timeoutMs: EXPORT_TIMEOUT_MS });
      const got = await clickhouseTableSum(admin, db.name, t.name);
      if (got.rows !== t.rows || got.checksum !== t.checksum) {
        throw new DatalabsError('INTERNAL', `ClickHouse table ${db.name}.${t.name}: restored ${got.rows} rows (checksum ${got.checksum}), the backup has ${t.rows} (${t.checksum})`);
      }
    }
  }
  // Views may read tables of any database: all of them exist by now.
  for (const db of databases) for (const v of db.tables.filter((e) => e.kind === 'view')) await admin.command(v.createSql);
}
