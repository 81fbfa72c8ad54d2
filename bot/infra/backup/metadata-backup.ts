/**
 * Metadata store backup and restore through the one `Db` interface, the same
 * for PGlite and PostgreSQL (no pg_dump binary needed): each table of the
 * schema is written as `row_to_json` lines, read back with
 * `json_populate_recordset`, which turns every column's JSON text back into
 * its type (bytea, jsonb, timestamptz, arrays …). Restore needs an empty store:
 * it applies the migrations up to the backup's schema version, loads the rows
 * in foreign-key order (identity values kept, sequences moved past them), then
 * applies any newer migrations of this program.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Db, Queryable } from '../store/db.ts';
import { currentVersion, MIGRATIONS, runMigrations } from '../store/migrations.ts';
import { fileNameFor, type BackupManifest, type MetadataTableEntry, type TableSum } from './manifest.ts';

const BATCH_ROWS = 500;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Base tables of the current schema, parents before the tables that reference them. */
export async function metadataTables(db: Queryable): Promise<string[]> {
  const tables = (
    await db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
  ).rows.map((r) => r.name);
  const edges = (
    await db.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows;
  const parents = new Map(tables.map((t) => [t, new Set(edges.filter((e) => e.child === t && e.parent !== t).map((e) => e.parent))]));
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p) || !parents.has(p)));
    if (!next) throw new DatalabsError('INTERNAL', `metadata store: foreign keys form a cycle among ${tables.filter((t) => !placed.has(t)).join(', ')}`);
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/** Row count and md5 over the table's rows as sorted row_to_json lines (what backup writes and restore must give back). */
export async function metadataTableSum(db: Queryable, table: string): Promise<TableSum> {
  const r = await db.query<{ n: string; sum: string }>(
    `SELECT count(*)::text AS n, md5(coalesce(string_agg(j, E'\\n' ORDER BY j), '')) AS sum FROM (SELECT row_to_json(t)::text AS j FROM ${quote(table)} t) x`,
  );
  return { rows: Number(r.rows[0].n), checksum: r.rows[0].sum };
}

/** Output settings of every backup, restore and checksum transaction: JSON text that does not depend on the session. */
const STABLE_TEXT = "SET LOCAL TimeZone = 'UTC'; SET LOCAL IntervalStyle = 'postgres'; SET LOCAL extra_float_digits = 1";

/** Every table's row count and checksum, in one snapshot. */
export async function metadataSums(db: Db): Promise<Record<string, TableSum>> {
  return db.transaction(async (tx) => {
    await tx.exec(STABLE_TEXT);
    const out: Record<string, TableSum> = {};
    for (const t of await metadataTables(tx)) out[t] = await metadataTableSum(tx, t);
    return out;
  });
}

/** Writes every table of the store into `<dir>/metadata/`, in one transaction (one consistent snapshot on PostgreSQL). */
export async function backupMetadata(db: Db, dir: string): Promise<BackupManifest['metadata']> {
  const out = path.join(dir, 'metadata');
  fs.mkdirSync(out, { recursive: true });
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.exec(STABLE_TEXT);
    const schemaVersion = await currentVersion(tx as Db);
    const tables: MetadataTableEntry[] = [];
    for (const name of await metadataTables(tx)) {
      const file = path.join('metadata', fileNameFor(name, 'jsonl'));
      const rows = (await tx.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${quote(name)} t`)).rows;
      fs.writeFileSync(path.join(dir, file), rows.map((r) => r.j + '\n').join(''));
      const sum = await metadataTableSum(tx, name);
      if (sum.rows !== rows.length) throw new DatalabsError('INTERNAL', `metadata table ${name} changed while it was written`);
      tables.push({ name, file, ...sum });
    }
    return { kind: db.kind === 'postgres' ? 'postgres' : 'pglite', schemaVersion, tables };
  });
}

/** Refuses a store that holds anything: restore never merges into live metadata. */
export async function ensureEmptyStore(db: Db): Promise<void> {
  const version = await currentVersion(db);
  if (version > 0) throw new DatalabsError('BAD_INPUT', `metadata store ${db.description} is not empty (schema version ${version}): restore into a new data dir or an empty database`);
  const tables = await metadataTables(db);
  if (tables.length > 0) throw new DatalabsError('BAD_INPUT', `metadata store ${db.description} is not empty (tables ${tables.slice(0, 3).join(', ')}…): restore into a new data dir or an empty database`);
}

/** Loads a backup into an empty store and checks every table's count and checksum. */
export async function restoreMetadata(db: Db, dir: string, backup: BackupManifest['metadata']): Promise<void> {
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (backup.schemaVersion > known) {
    throw new DatalabsError('BAD_INPUT', `the backup's metadata is at schema version ${backup.schemaVersion}, newer than this program (${known}): restore it with a newer datalabs`);
  }
  await runMigrations(db, { migrations: MIGRATIONS.filter((m) => m.version <= backup.schemaVersion) });
  await db.transaction(async (tx) => {
    await tx.exec(STABLE_TEXT);
    const present = new Set(await metadataTables(tx));
    const byName = new Map(backup.tables.map((t) => [t.name, t]));
    for (const name of await metadataTables(tx)) {
      const entry = byName.get(name);
      if (!entry) continue;
      // Rows the migrations wrote (schema_migrations, the audit chain's head) are replaced by the backup's own.
      // Only then: the audit log refuses DELETE, and it starts empty.
      if (Number((await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quote(name)}`)).rows[0].n) > 0) await tx.query(`DELETE FROM ${quote(name)}`);
      await loadTable(tx, name, path.join(dir, entry.file));
    }
    const missing = backup.tables.filter((t) => !present.has(t.name));
    if (missing.length) throw new DatalabsError('BAD_INPUT', `the backup has tables this schema does not: ${missing.map((t) => t.name).join(', ')}`);
    for (const entry of backup.tables) {
      const got = await metadataTableSum(tx, entry.name);
      if (got.rows !== entry.rows || got.checksum !== entry.checksum) {
        throw new DatalabsError('INTERNAL', `metadata table ${entry.name}: restored ${got.rows} rows (checksum ${got.checksum}), the backup has ${entry.rows} (${entry.checksum})`);
      }
    }
  });
  // Migrations newer than the backup, on the restored rows.
  await runMigrations(db);
}

async function loadTable(tx: Queryable, table: string, file: string): Promise<void> {
  const columns = (
    await tx.query<{ name: string; identity: boolean }>(
      `SELECT attname AS name, attidentity <> '' AS identity FROM pg_attribute
        WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
      [quote(table)],
    )
  ).rows;
  const list = columns.map((c) => quote(c.name)).join(', ');
  const insert = `INSERT INTO ${quote(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`;
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length) await tx.query(insert, [`[${batch.join(',')}]`]);
    batch = [];
  };
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  // Identity columns continue after the restored values.
  for (const c of columns.filter((c) => c.identity)) {
    await tx.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(c.name)}) FROM ${quote(table)}), 1), (SELECT count(*) > 0 FROM ${quote(table)}))`,
      [quote(table), c.name],
    );
  }
}
