/**
 * What the system prompt says about the server: its version and the functions
 * that really exist there (`system.functions`) AND that the guard allows, so the
 * model writes neither functions of another ClickHouse version nor ones the
 * guard would refuse. Read once per reader and kept.
 */
import type { WarehouseReader } from '../../bot/contracts/warehouse.ts';
import { functionAllowed } from '../guard/index.ts';

export interface ServerFacts {
  version: string;
  /** Allowed, non-internal function names (aliases dropped), sorted. */
  functions: string[];
}

const cache = new WeakMap<WarehouseReader, Promise<ServerFacts>>();

/** Reads (once per reader) the server version and its allowed functions. */
export function serverFacts(reader: WarehouseReader, opts: { timeoutMs: number }): Promise<ServerFacts> {
  let p = cache.get(reader);
  if (!p) {
    p = read(reader, opts.timeoutMs);
    p.catch(() => cache.delete(reader));
    cache.set(reader, p);
  }
  return p;
}

async function read(reader: WarehouseReader, timeoutMs: number): Promise<ServerFacts> {
  const v = await reader.query('SELECT version()', { timeoutMs });
  const f = await reader.query("SELECT name FROM system.functions WHERE alias_to = '' AND NOT startsWith(name, '_') ORDER BY name", { timeoutMs });
  const functions = f.rows.map((r) => String(r[0])).filter((n) => /^[A-Za-z][A-Za-z0-9_]*$/.test(n) && functionAllowed(n));
  return { version: String(v.rows[0]?.[0] ?? 'unknown'), functions };
}
