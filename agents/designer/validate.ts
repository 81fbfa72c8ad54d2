/**
 * ClickHouse checks every design before anyone sees it: each statement is one
 * statement (the guard's ClickHouse-faithful lexer), `EXPLAIN AST` parses it,
 * and a dry run creates the whole design in a scratch database, inserts a few
 * sample rows, `EXPLAIN`s the rollups' reads and drops the scratch database
 * again. All of it on the admin connection (DDL is never run on the guarded
 * reader, whose settings are read-only).
 */
import crypto from 'node:crypto';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseAdmin } from '../../bot/contracts/warehouse.ts';
import { singleStatement } from '../guard/index.ts';
import type { Design } from './design.ts';
import { createdObjects, ident, renderDdl, type RenderedDdl } from './render-ddl.ts';
import { sampleDataSql } from './sample-data.ts';
import { validateAlter } from './evolve.ts';

export interface ValidationReport {
  ddl: RenderedDdl;
  /** Statements ClickHouse parsed (EXPLAIN AST). */
  explained: number;
  /** True when the design was created, filled and dropped in a scratch database. */
  dryRun: boolean;
  /** Why there was no dry run (connector designs: the remote system is not reachable from here). */
  dryRunSkipped?: string;
  /** Objects that already exist in the target database (the design cannot be applied as it is). */
  conflicts: string[];
}

/** ClickHouse error codes a person can act on, and what they mean here. */
const KNOWN: Record<number, string> = {
  50: 'a column type ClickHouse does not know',
  62: 'a syntax error',
  47: 'an unknown column in a key or expression',
  44: 'a column that cannot be in the sorting key',
  36: 'a bad argument (engine or TTL)',
  57: 'a table that already exists',
  43: 'a type that does not fit a function (TTL, partition or rollup)',
  169: 'a key of a type ClickHouse cannot sort by',
  669: 'a named collection that does not exist yet (the operator creates it with CREATE NAMED COLLECTION)',
  524: 'an ALTER ClickHouse forbids on this column (a key column, or one a materialized view reads)',
};

/** One line for a statement ClickHouse refused (the engine's code and what it means; never the raw message). */
export function refusedLine(what: string, err: unknown): string {
  const code = (err as { clickhouseCode?: number }).clickhouseCode ?? Number(/error (\d+)/.exec(String((err as Error)?.message))?.[1] ?? NaN);
  const meaning = Number.isFinite(code) ? (KNOWN[code] ?? `ClickHouse error ${code}`) : 'an error';
  return `ClickHouse refused ${what}: ${meaning}${Number.isFinite(code) ? ` (error ${code})` : ''}.`;
}

/** Throws unless `sql` is exactly one statement. */
export function requireOneStatement(sql: string): void {
  try {
    singleStatement(sql);
  } catch (err) {
    throw new DatalabsError('BAD_INPUT', `generated DDL is not one statement (${(err as Error).message}); nothing was run`);
  }
}

const label = (sql: string) => sql.split('\n')[0].replace(/\s*\($/, '').slice(0, 120);

/** Parses every statement with EXPLAIN AST, then dry-runs the design in a scratch database (dropped afterwards). */
export async function validateDesign(design: Design, admin: WarehouseAdmin, opts: { sampleRows?: number } = {}): Promise<ValidationReport> {
  const ddl = renderDdl(design);
  if (design.alter) {
    // A change to an existing table: tried on a copy of its structure, never on the table itself.
    await validateAlter(design.alter, design.database, admin);
    return { ddl, explained: 1, dryRun: true, conflicts: [] };
  }
  for (const sql of [...ddl.up, ...ddl.down]) requireOneStatement(sql);
  for (const sql of ddl.up) {
    try {
      await admin.query(`EXPLAIN AST ${sql}`);
    } catch (err) {
      throw new DatalabsError('BAD_INPUT', refusedLine(label(sql), err), { cause: err });
    }
  }
  const conflicts = await existingObjects(admin, design.database, createdObjects(design).map((o) => o.split('.')[1]));
  if (design.connector) {
    return { ddl, explained: ddl.up.length, dryRun: false, dryRunSkipped: `a ${design.connector.kind} table needs the named collection ${design.connector.secretName} and a reachable ${design.connector.kind}; it was parsed, not created`, conflicts };
  }
  const scratch = `datalabs_scratch_${crypto.randomBytes(6).toString('hex')}`;
  const trial = renderDdl(design, scratch);
  try {
    for (const sql of trial.up) {
      try {
        await admin.command(sql);
      } catch (err) {
        throw new DatalabsError('BAD_INPUT', refusedLine(label(sql).replace(scratch, design.database), err), { cause: err });
      }
    }
    for (const sql of sampleDataSql(design, { rows: opts.sampleRows ?? 50, database: scratch })) {
      try {
        await admin.command(sql);
      } catch (err) {
        throw new DatalabsError('BAD_INPUT', refusedLine(`sample rows for ${label(sql).replace(scratch, design.database)}`, err), { cause: err });
      }
    }
    for (const v of design.views) {
      await admin.query(`EXPLAIN SELECT * FROM ${ident(scratch)}.${ident(v.target)}`).catch((err) => {
        throw new DatalabsError('BAD_INPUT', refusedLine(`a read of ${v.target}`, err), { cause: err });
      });
    }
  } finally {
    await admin.command(`DROP DATABASE IF EXISTS ${ident(scratch)} SYNC`).catch(() => undefined);
  }
  return { ddl, explained: ddl.up.length, dryRun: true, conflicts };
}

/** Which of `names` already exist in `database`. */
export async function existingObjects(admin: WarehouseAdmin, database: string, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  const list = names.map((n) => `'${n.replace(/'/g, "\\'")}'`).join(', ');
  const r = await admin.query(`SELECT name FROM system.tables WHERE database = '${database.replace(/'/g, "\\'")}' AND name IN (${list}) ORDER BY name`);
  return r.rows.map((row) => `${database}.${String(row[0])}`);
}

/** True when `database` exists. */
export async function databaseExists(admin: WarehouseAdmin, database: string): Promise<boolean> {
  const r = await admin.query(`SELECT count() FROM system.databases WHERE name = '${database.replace(/'/g, "\\'")}'`);
  return Number(r.rows[0]?.[0]) > 0;
}
