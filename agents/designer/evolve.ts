/**
 * Schema evolution: "add a country column to events", "drop the referrer
 * column from users", "change amount in orders to Decimal(12, 2)", "rename
 * user to user_id in events" → one ALTER, its down-migration, validated by
 * ClickHouse (EXPLAIN AST, then the ALTER on a copy of the table's structure in
 * a scratch database), and — for destructive changes (a dropped column, a
 * narrowing type change) — what is lost, counted on the real table.
 */
import crypto from 'node:crypto';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseAdmin } from '../../bot/contracts/warehouse.ts';
import type { Design, DesignAlter } from './design.ts';
import { canonicalType, columnFor, MISSING_TYPES } from './conventions.ts';
import { ident } from './render-ddl.ts';
import { refusedLine, requireOneStatement } from './validate.ts';

const EVOLUTION = /^\s*(?:please\s+)?(add|drop|remove|delete|rename|change|modify|alter|make)\b.*\b(column|field)s?\b|^\s*(?:please\s+)?add\s+(?:an?\s+)?[\w ]+?\s+to\s+(?:the\s+)?[\w.]+\s*(?:table)?\s*$|^\s*rename\s+\w+\s+(?:in|of)\s+[\w.]+\s+to\s+\w+\s*$|^\s*(?:please\s+)?(?:change|modify|alter|make)\s+(?:the\s+)?\w+\s+(?:in|of|on)\s+(?:the\s+)?[\w.]+\s+(?:to|into)\s+/i;

/** True when the requirement changes an existing table rather than designing new ones. */
export function isEvolution(requirement: string): boolean {
  return EVOLUTION.test(requirement);
}

const snake = (s: string) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

interface Target {
  database: string;
  table: string;
  columns: Map<string, string>;
}

/** Finds `name` (`db.table` or `table`) among `databases` (exactly one match). */
async function findTable(admin: WarehouseAdmin, name: string, databases: readonly string[]): Promise<Target> {
  const [db, table] = name.includes('.') ? name.split('.') : [undefined, name];
  if (db && !databases.includes(db)) throw new DatalabsError('FORBIDDEN', `${db} is not on this workspace's allow-list: only its tables can be changed here`);
  const where = db ? `database = ${q(db)}` : `database IN (${databases.map(q).join(', ') || "''"})`;
  const r = await admin.query(`SELECT database, name FROM system.tables WHERE ${where} AND name = ${q(table)} AND NOT is_temporary AND engine NOT IN ('MaterializedView', 'View') ORDER BY database`);
  if (!r.rows.length) throw new DatalabsError('NOT_FOUND', `no table ${name} ${db ? '' : `in ${databases.length ? databases.join(', ') : 'the allowed databases'} `}to change: name it as database.table`.replace(/\s+:/, ':'));
  if (r.rows.length > 1) throw new DatalabsError('BAD_INPUT', `${table} exists in ${r.rows.map((x) => x[0]).join(' and ')}: name it as database.table`);
  const database = String(r.rows[0][0]);
  const cols = await admin.query(`SELECT name, type FROM system.columns WHERE database = ${q(database)} AND table = ${q(table)} ORDER BY position`);
  return { database, table, columns: new Map(cols.rows.map((x) => [String(x[0]), String(x[1])])) };
}

/** Bytes of an integer / float type, or undefined. */
function width(type: string): { kind: 'int' | 'uint' | 'float'; bytes: number } | undefined {
  const m = /^(U?)Int(8|16|32|64|128|256)$/.exec(type);
  if (m) return { kind: m[1] ? 'uint' : 'int', bytes: Number(m[2]) / 8 };
  const f = /^Float(32|64)$/.exec(type);
  return f ? { kind: 'float', bytes: Number(f[1]) / 8 } : undefined;
}

/** True when `to` may not hold every value of `from`. */
export function narrows(from: string, to: string): boolean {
  const strip = (t: string) => t.replace(/^LowCardinality\((.*)\)$/, '$1');
  const a = strip(from);
  const b = strip(to);
  if (a === b) return /^Nullable/.test(from) && !/^Nullable/.test(to);
  if (/^Nullable/.test(a) && !/^Nullable/.test(b)) return true;
  const wa = width(a.replace(/^Nullable\((.*)\)$/, '$1'));
  const wb = width(b.replace(/^Nullable\((.*)\)$/, '$1'));
  if (wa && wb) return wa.kind === 'float' ? wb.kind !== 'float' || wb.bytes < wa.bytes : wb.bytes < wa.bytes || (wa.kind === 'int' && wb.kind === 'uint') || (wa.kind === 'uint' && wb.kind === 'int' && wb.bytes <= wa.bytes);
  if (/^String/.test(a) || /^(DateTime64|Decimal)/.test(a)) return a !== b && !/^String/.test(b);
  return !/^String/.test(b);
}

/** Parses and checks an evolution requirement against the real table; the Design carries the ALTER. */
export async function designEvolution(requirement: string, deps: { admin: WarehouseAdmin; databases: readonly string[] }): Promise<Design> {
  const req = requirement.replace(/\s+/g, ' ').trim();
  let m: RegExpExecArray | null;
  let alter: Omit<DesignAlter, 'statement' | 'down'> & { statement?: string; down?: string };
  let target: Target;
  const asType = (word: string | undefined, col: string) => {
    if (!word) return undefined;
    const t = canonicalType(word);
    if (!t) throw new DatalabsError('BAD_INPUT', `ClickHouse has no column type "${word}" (asked for ${col}): use ${MISSING_TYPES[word.toLowerCase()] ?? 'String, UInt64, Float64, Decimal(18, 2), DateTime, Date, Bool or UUID'}.`);
    return t;
  };
  if ((m = /^(?:please\s+)?add\s+(?:an?\s+|the\s+)?(?:new\s+)?(optional\s+|nullable\s+)?([\w ]+?)\s*(?:column|field)?(?:\s+(?:of type|as)\s+([\w(), ]+?))?(?:\s+\((optional|nullable)\))?\s+to\s+(?:the\s+)?([\w.]+)(?:\s+table)?$/i.exec(req))) {
    const col = snake(m[2]);
    target = await findTable(deps.admin, m[5], deps.databases);
    if (target.columns.has(col)) throw new DatalabsError('BAD_INPUT', `${target.database}.${target.table} already has a column ${col} (${target.columns.get(col)})`);
    const explicit = asType(m[3]?.trim(), col);
    const c = columnFor(col, { nullable: Boolean(m[1] || m[4]), precision: 0, ...(explicit ? { explicitType: explicit } : {}) });
    alter = { table: target.table, kind: 'add', column: col, type: c.type };
  } else if ((m = /^(?:please\s+)?(?:drop|remove|delete)\s+(?:the\s+)?([\w]+)\s+(?:column|field)\s+(?:from|in|of)\s+(?:the\s+)?([\w.]+)(?:\s+table)?$/i.exec(req))) {
    target = await findTable(deps.admin, m[2], deps.databases);
    const col = m[1];
    const type = target.columns.get(col);
    if (!type) throw new DatalabsError('NOT_FOUND', `${target.database}.${target.table} has no column ${col}`);
    alter = { table: target.table, kind: 'drop', column: col, previousType: type };
  } else if ((m = /^(?:please\s+)?(?:change|modify|alter|make)\s+(?:the\s+)?(?:column\s+)?([\w]+)(?:\s+column)?\s+(?:in|of|on)\s+(?:the\s+)?([\w.]+)(?:\s+table)?\s+(?:to|into|a|an)\s+(?:type\s+)?([\w(), ]+)$/i.exec(req))) {
    target = await findTable(deps.admin, m[2], deps.databases);
    const col = m[1];
    const type = target.columns.get(col);
    if (!type) throw new DatalabsError('NOT_FOUND', `${target.database}.${target.table} has no column ${col}`);
    alter = { table: target.table, kind: 'modify', column: col, type: asType(m[3].trim(), col)!, previousType: type };
  } else if ((m = /^(?:please\s+)?rename\s+(?:the\s+)?(?:column\s+)?([\w]+)(?:\s+column)?\s+(?:in|of|on)\s+(?:the\s+)?([\w.]+)(?:\s+table)?\s+to\s+([\w]+)$/i.exec(req))) {
    target = await findTable(deps.admin, m[2], deps.databases);
    const col = m[1];
    if (!target.columns.has(col)) throw new DatalabsError('NOT_FOUND', `${target.database}.${target.table} has no column ${col}`);
    if (target.columns.has(m[3])) throw new DatalabsError('BAD_INPUT', `${target.database}.${target.table} already has a column ${m[3]}`);
    alter = { table: target.table, kind: 'rename', column: col, newName: m[3] };
  } else {
    throw new DatalabsError('NOT_UNDERSTOOD', 'say the change as: add a <column> column to <table> · drop the <column> column from <table> · change <column> in <table> to <type> · rename <column> in <table> to <new name>');
  }
  const db = target.database;
  if (alter.kind !== 'add') {
    const keys = await deps.admin.query(`SELECT sorting_key, partition_key, primary_key FROM system.tables WHERE database = ${q(db)} AND name = ${q(target.table)}`);
    const used = (keys.rows[0] ?? []).map(String).join(',');
    if (new RegExp(`(^|[^\\w])${alter.column}([^\\w]|$)`).test(used)) throw new DatalabsError('BAD_INPUT', `${alter.column} is part of the sorting or partition key of ${db}.${target.table} (ORDER BY ${String(keys.rows[0][0])}): ClickHouse cannot ${alter.kind} a key column; design a new table instead`);
  }
  const t = `${ident(db)}.${ident(target.table)}`;
  const col = ident(alter.column);
  let explanation: string;
  if (alter.kind === 'add') {
    alter.statement = `ALTER TABLE ${t} ADD COLUMN ${col} ${alter.type}`;
    alter.down = `ALTER TABLE ${t} DROP COLUMN ${col}`;
    explanation = `Adds ${alter.column} ${alter.type} to ${db}.${target.table}: existing rows read the type's default until rewritten; nothing is lost.`;
  } else if (alter.kind === 'drop') {
    alter.statement = `ALTER TABLE ${t} DROP COLUMN ${col}`;
    alter.down = `ALTER TABLE ${t} ADD COLUMN ${col} ${alter.previousType}`;
    const n = await deps.admin.query(`SELECT count() FROM ${t}`);
    alter.destructive = `drops column ${db}.${target.table}.${alter.column} (${alter.previousType}): its values in ${Number(n.rows[0][0]).toLocaleString('en-US')} rows are lost for good (the down-migration adds the column back empty)`;
    explanation = `Drops ${alter.column} from ${db}.${target.table}.`;
  } else if (alter.kind === 'modify') {
    alter.statement = `ALTER TABLE ${t} MODIFY COLUMN ${col} ${alter.type}`;
    alter.down = `ALTER TABLE ${t} MODIFY COLUMN ${col} ${alter.previousType}`;
    explanation = `Changes ${db}.${target.table}.${alter.column} from ${alter.previousType} to ${alter.type}.`;
    if (narrows(alter.previousType!, alter.type!)) {
      const r = await deps.admin.query(`SELECT count(), countIf(${col} IS NOT NULL AND (accurateCastOrNull(${col}, ${q(alter.type!.replace(/^Nullable\((.*)\)$/, '$1'))}) IS NULL OR toString(accurateCastOrNull(${col}, ${q(alter.type!.replace(/^Nullable\((.*)\)$/, '$1'))})) != toString(${col}))) FROM ${t}`);
      const [rows, changed] = r.rows[0].map(Number);
      alter.destructive = `narrows ${db}.${target.table}.${alter.column} from ${alter.previousType} to ${alter.type}: ${changed.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} values do not fit and would be cut or fail the ALTER; changing back does not restore them`;
    }
  } else {
    alter.statement = `ALTER TABLE ${t} RENAME COLUMN ${col} TO ${ident(alter.newName!)}`;
    alter.down = `ALTER TABLE ${t} RENAME COLUMN ${ident(alter.newName!)} TO ${col}`;
    explanation = `Renames ${db}.${target.table}.${alter.column} to ${alter.newName}; saved queries and models that name the old column must follow.`;
  }
  const full = alter as DesignAlter;
  await validateAlter(full, db, deps.admin);
  return { requirement: req, database: db, tables: [], views: [], alter: full, explanation: [explanation, 'ClickHouse parsed the ALTER and ran it on a copy of the table\'s structure in a scratch database.'], wantsSampleData: false };
}

/** EXPLAIN AST of the ALTER and its down, then the ALTER on an empty copy of the table in a scratch database. */
export async function validateAlter(alter: DesignAlter, db: string, admin: WarehouseAdmin): Promise<void> {
  for (const sql of [alter.statement, alter.down]) requireOneStatement(sql);
  try {
    await admin.query(`EXPLAIN AST ${alter.statement}`);
  } catch (err) {
    throw new DatalabsError('BAD_INPUT', refusedLine('the ALTER', err), { cause: err });
  }
  const scratch = `datalabs_scratch_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await admin.command(`CREATE DATABASE ${ident(scratch)}`);
    await admin.command(`CREATE TABLE ${ident(scratch)}.${ident(alter.table)} AS ${ident(db)}.${ident(alter.table)}`);
    const trial = alter.statement.replace(`${ident(db)}.${ident(alter.table)}`, `${ident(scratch)}.${ident(alter.table)}`);
    try {
      await admin.command(trial);
    } catch (err) {
      throw new DatalabsError('BAD_INPUT', refusedLine('the ALTER', err), { cause: err });
    }
  } finally {
    await admin.command(`DROP DATABASE IF EXISTS ${ident(scratch)} SYNC`).catch(() => undefined);
  }
}
