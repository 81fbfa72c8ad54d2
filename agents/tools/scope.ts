/**
 * The allow-list as the tools apply it: which `database.table` names are
 * readable, and the SQL literal helpers for the tools' own metadata reads.
 */
import type { ToolScope } from './types.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when the workspace may read `database.table`. Names are compared case-sensitively, as ClickHouse does. */
export function isReadable(scope: ToolScope, database: string, table: string): boolean {
  if (database === 'system' || database === 'information_schema' || database === 'INFORMATION_SCHEMA') return false;
  return scope.allowedDatabases.includes(database) || scope.allowedTables.includes(`${database}.${table}`);
}

/** Every database with something readable. */
export function scopeDatabases(scope: ToolScope): string[] {
  return [...new Set([...scope.allowedDatabases, ...scope.allowedTables.map((t) => t.split('.')[0])])];
}

/**
 * `db.table` or a bare `table` (resolved when exactly one readable database
 * is in scope) → its parts; undefined when the name is malformed.
 */
export function splitTableName(scope: ToolScope, name: string): { database: string; table: string } | undefined {
  const parts = name.trim().replace(/`/g, '').split('.');
  if (parts.length === 2 && parts.every((p) => IDENT.test(p))) return { database: parts[0], table: parts[1] };
  if (parts.length === 1 && IDENT.test(parts[0])) {
    const dbs = scopeDatabases(scope);
    if (dbs.length === 1) return { database: dbs[0], table: parts[0] };
  }
  return undefined;
}

/** A ClickHouse string literal. */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A backquoted identifier (only called with names that passed IDENT or came from system.columns). */
export function sqlIdent(s: string): string {
  return IDENT.test(s) ? s : `\`${s.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
}

/** A value as the model sees it: long strings cut, binary-ish values as text. */
export function shownValue(v: unknown, maxChars = 120): unknown {
  if (typeof v === 'string') return v.length > maxChars ? `${v.slice(0, maxChars)}…` : v;
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.slice(0, 10).map((x) => shownValue(x, maxChars));
  if (v && typeof v === 'object') {
    const s = JSON.stringify(v);
    return s.length > maxChars ? `${s.slice(0, maxChars)}…` : v;
  }
  return v;
}
