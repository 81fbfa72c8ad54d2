/**
 * What receivers remember between sends: idempotency keys already delivered
 * and the message each episode's first notice became (its thread). Any
 * `AdapterMemory` (the metadata store's in serve and worker, so every process
 * shares it); process memory when none is given.
 */
import type { AdapterMemory } from '../../bot/contracts/chat.ts';

export const DELIVERED_TTL_MS = 30 * 86_400_000;

export function processMemory(now: () => number = Date.now): AdapterMemory {
  const m = new Map<string, { v: string; until: number }>();
  return {
    async get(key) {
      const e = m.get(key);
      if (!e) return undefined;
      if (e.until <= now()) {
        m.delete(key);
        return undefined;
      }
      return e.v;
    },
    async set(key, value, ttlMs) {
      m.set(key, { v: value, until: now() + ttlMs });
    },
  };
}

/** A small bounded map (insertion order) for per-process caches. */
export function boundedMap<K, V>(max: number): Map<K, V> {
  const m = new Map<K, V>();
  const set = m.set.bind(m);
  m.set = (k: K, v: V) => {
    set(k, v);
    while (m.size > max) m.delete(m.keys().next().value as K);
    return m;
  };
  return m;
}
