/**
 * The inbound journal on Redis (REDIS_URL with a shared PostgreSQL store): the
 * core's InboundJournal for `serve` replicas. An arriving batch is one HSET
 * (one round trip to the Redis that already holds the answer queue) and is
 * acknowledged; the store records it once the burst is over (`recordMany`,
 * which dedupes across replicas), and `settle` deletes the field. So an ack
 * waits for Redis, not for a PostgreSQL insert, and is exactly as durable as
 * the BullMQ queue the message then goes to.
 *
 * One hash per queue name; a field per batch, `<process>:<seq>`, holding when
 * it was appended and its entries. A batch is replayed — by any replica or
 * worker, at its start and at each sweep — once it is older than `staleMs`
 * and was appended by another process: its process died between the ack and
 * the store (a live process records its batches within a second or two).
 * Should that process be alive after all (a store outage longer than
 * `staleMs`), both record the batch and the store keeps one.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../../contracts/logger.ts';
import { journalEntryFrom, journalEntryJson, type InboundJournal } from '../../core/inbound/inbound-store.ts';

export interface RedisInboundJournalOptions {
  redisUrl: string;
  logger: Logger;
  /** The answer queue's name: the journal's key is `datalabs:<name>:inbound-journal`. Default `datalabs-answers`. */
  name?: string;
  /** Another process's batch this old is taken as left by a dead process and replayed. Default 60 s. */
  staleMs?: number;
  /** Wall-clock time (tests). */
  now?: () => number;
}

interface Stored {
  at: number;
  /** Each as `journalEntryJson` writes it. */
  entries: unknown[];
}

export function createRedisInboundJournal(opts: RedisInboundJournalOptions): InboundJournal {
  const key = `datalabs:${opts.name ?? 'datalabs-answers'}:inbound-journal`;
  const staleMs = opts.staleMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const processTag = crypto.randomUUID();
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', (err) => opts.logger.warn({ err: { message: err.message } }, 'redis (inbound journal) connection error'));
  let seq = 0;
  let replayedFields: string[] = [];
  const fieldOf = (segment: number) => `${processTag}:${segment}`;

  return {
    async append(entries) {
      const segment = ++seq;
      // A Stored as JSON, each message's own JSON (already serialised on the ack path) put in as it is.
      const value = `{"at":${now()},"entries":[${entries.map(journalEntryJson).join(',')}]}`;
      await redis.hset(key, fieldOf(segment), value);
      return { segment, count: entries.length };
    },
    async settle(mark) {
      await redis.hdel(key, fieldOf(mark.segment));
    },
    async replay() {
      const all = await redis.hgetall(key);
      const cutoff = now() - staleMs;
      const batches: Array<{ field: string; stored?: Stored }> = [];
      for (const [field, text] of Object.entries(all)) {
        if (field.startsWith(`${processTag}:`)) continue; // this process's own: it records them itself
        try {
          const stored = JSON.parse(text) as Stored;
          if (stored.at <= cutoff) batches.push({ field, stored });
        } catch {
          opts.logger.warn({ field }, 'inbound journal: a batch that does not parse dropped');
          batches.push({ field });
        }
      }
      batches.sort((a, b) => (a.stored?.at ?? 0) - (b.stored?.at ?? 0));
      replayedFields = batches.map((b) => b.field);
      // An entry that does not read back is one no process could record: dropped with its batch, as a batch that does not parse.
      return batches.flatMap((b) => (b.stored?.entries ?? []).flatMap((e) => {
        try {
          return [journalEntryFrom(e)];
        } catch {
          opts.logger.warn({ field: b.field }, 'inbound journal: an entry that does not read back dropped');
          return [];
        }
      }));
    },
    async forgetReplayed() {
      const fields = replayedFields.splice(0);
      if (fields.length) await redis.hdel(key, ...fields);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
