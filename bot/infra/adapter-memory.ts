/** AdapterMemory in process memory (lru-cache with per-entry TTL): the CLI, the console and tests without a metadata store. */
import { LRUCache } from 'lru-cache';
import type { AdapterMemory } from '../contracts/chat.ts';

export function createProcessAdapterMemory(opts: { max?: number } = {}): AdapterMemory {
  const cache = new LRUCache<string, string>({ max: opts.max ?? 20_000 });
  return {
    async get(key) {
      return cache.get(key);
    },
    async set(key, value, ttlMs) {
      cache.set(key, value, { ttl: Math.max(1, ttlMs) });
    },
  };
}
