/**
 * The operator's ceiling (DATALABS_ALLOWED_DATABASES): the most any workspace
 * can ever read. Admins grant within it; the pipeline intersects a
 * workspace's stored allow-list with it, so an old row cannot widen it.
 */
import { DatalabsError } from '../../contracts/errors.ts';

/** Databases no workspace may ever read, whatever the ceiling says. */
export const NEVER_ALLOWED: ReadonlySet<string> = new Set(['system', 'information_schema']);

/** True when `target` (`db` or `db.table`) lies within the ceiling. */
export function withinCeiling(target: string, ceiling: readonly string[]): boolean {
  const db = target.split('.')[0];
  if (NEVER_ALLOWED.has(db.toLowerCase())) return false;
  return ceiling.includes(db);
}

/** Throws FORBIDDEN (one line) when `target` is beyond the ceiling or a system database. */
export function requireWithinCeiling(target: string, ceiling: readonly string[]): void {
  const db = target.split('.')[0];
  if (NEVER_ALLOWED.has(db.toLowerCase())) throw new DatalabsError('FORBIDDEN', `${db} can never be allowed: it describes the server, not your data`);
  if (!ceiling.includes(db)) {
    throw new DatalabsError(
      'FORBIDDEN',
      `${target} is beyond what this server allows (${ceiling.length ? ceiling.join(', ') : 'nothing'}): the operator sets DATALABS_ALLOWED_DATABASES`,
    );
  }
}

/** A stored allow-list cut down to the ceiling. */
export function intersectWithCeiling(list: { allowedDatabases: readonly string[]; allowedTables: readonly string[] }, ceiling: readonly string[]): { allowedDatabases: string[]; allowedTables: string[] } {
  return {
    allowedDatabases: list.allowedDatabases.filter((d) => withinCeiling(d, ceiling)),
    allowedTables: list.allowedTables.filter((t) => withinCeiling(t, ceiling)),
  };
}
