/**
 * AdapterMemory in the metadata store (`adapter_memory`, migration 5): shared
 * by every process, expired rows ignored on read and deleted now and then.
 */
import type { AdapterMemory } from '../../contracts/chat.ts';
import type { Queryable } from './db.ts';

const PURGE_EVERY_MS = 3_600_000;

export function createAdapterMemoryRepo(db: Queryable, opts: { now?: () => Date } = {}): AdapterMemory {
  const now = opts.now ?? (() => new Date());
  let lastPurge = 0;
  return {
    async get(key) {
      const r = await db.query<{ value: string }>('SELECT value FROM adapter_memory WHERE key = $1 AND expires_at > $2::timestamptz', [key, now()]);
      return r.rows[0]?.value;
    },
    async set(key, value, ttlMs) {
      const at = now();
      await db.query(
        `INSERT INTO adapter_memory (key, value, expires_at) VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [key, value, new Date(at.getTime() + ttlMs)],
      );
      if (at.getTime() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = at.getTime();
        db.query('DELETE FROM adapter_memory WHERE expires_at <= $1::timestamptz', [at]).catch(() => undefined);
      }
    },
  };
}
