/**
 * Wires the inbound pipeline for `serve` and `worker`: the inbound message log
 * (the metadata store's, else process memory; behind a journal: a file in the
 * data directory with embedded PGlite, a Redis hash with a shared PostgreSQL
 * and REDIS_URL, a table of the store with PostgreSQL alone), the answer queue (BullMQ on REDIS_URL,
 * else in-process) and the chat core's `answer`.
 */
import path from 'node:path';
import type { ChatAdapter } from '../contracts/chat.ts';
import { CLAIM_TTL_MS } from '../core/conversation/conversation-store.ts';
import { createInbound, createLayeredJournal, createMemoryInbound, createMemoryQueue, type AnswerQueue, type Inbound, type InboundJournal } from '../core/inbound/index.ts';
import { createBullQueue } from '../infra/queue/create-bull-queue.ts';
import { createRedisInboundJournal } from '../infra/queue/redis-inbound-journal.ts';
import { createInboundJournal } from '../infra/store/inbound-journal.ts';
import type { Queryable } from '../infra/store/db.ts';
import { tryLockDir } from '../infra/store/dir-lock.ts';
import { createPgInboundJournal } from '../infra/store/pg-inbound-journal.ts';
import type { App } from './create-app.ts';

export interface AnsweringOptions {
  /** The adapters answers go out through (started or not). */
  adapters: readonly ChatAdapter[];
  /** Take answer jobs in this process (serve and worker: yes). */
  answer: boolean;
  /** A queue to use instead of the configured one (tests). */
  queue?: AnswerQueue;
  sweepEveryMs?: number;
}

export function createAnswering(app: App, opts: AnsweringOptions): Inbound {
  const { config, logger } = app;
  const queue =
    opts.queue ??
    (config.queue.redisUrl
      ? // A job whose process died is found stalled within one lease, like the store's own lease.
        createBullQueue({ redisUrl: config.queue.redisUrl, logger, stalledIntervalMs: config.queue.leaseMs, lockDurationMs: config.queue.leaseMs })
      : createMemoryQueue({ logger }));
  // Acks wait for a journal's one write per batch, and the store records the batch after the burst: the embedded
  // store runs in this process (a file in the data directory); replicas on a shared PostgreSQL journal to the
  // Redis that holds the answer queue, where any replica or worker replays what a stopped process left.
  // A PostgreSQL store without Redis: a file in the data directory (acks wait for no round trip) and, written
  // alongside, one small row per batch in the store's own database (found by any process, whatever the disk).
  const localDir = app.store?.db.localDir;
  const db = app.store?.db;
  const journal = localDir
    ? createInboundJournal({ dir: path.join(path.dirname(localDir), 'inbound'), logger })
    : config.queue.redisUrl && app.store && !opts.queue
      ? createRedisInboundJournal({ redisUrl: config.queue.redisUrl, logger, staleMs: config.queue.leaseMs })
      : db?.kind === 'postgres'
        ? postgresJournal(app, db.urgent ?? db)
        : undefined;
  const inbound = createInbound({
    journal,
    core: app.core,
    store: app.store?.inbound ?? createMemoryInbound({ claimTtlMs: CLAIM_TTL_MS }),
    queue,
    adapters: opts.adapters,
    logger,
    // Leases and dedupe windows are wall-clock time, whatever DATALABS_NOW fixes for answers.
    now: () => new Date(),
    leaseMs: config.queue.leaseMs,
    sweepEveryMs: opts.sweepEveryMs,
    concurrency: config.queue.concurrency,
    ingressQuietMs: config.queue.ingressQuietMs,
    // Under a steady stream of arrivals, answers still start: at most a second after they were due, or twice the quiet time.
    ingressMaxWaitMs: Math.max(1_000, 2 * config.queue.ingressQuietMs),
    metrics: app.metrics,
  });
  if (app.metrics && queue.depth) {
    const depth = queue.depth.bind(queue);
    app.metrics.trackQueueDepth(queue.kind === 'redis' ? 'answers-redis' : 'answers', depth);
  }
  if (opts.answer) inbound.startAnswering();
  return inbound;
}

/**
 * `serve` on PostgreSQL without Redis: the file journal in `<dataDir>/inbound` layered over the store's
 * `inbound_journal` table. A second process on the same data directory (the first holds its lock) journals to
 * the table alone.
 */
function postgresJournal(app: App, db: Queryable): InboundJournal {
  const { config, logger } = app;
  const shared = createPgInboundJournal({ db, logger, staleMs: config.queue.leaseMs });
  const dir = path.join(config.dataDir, 'inbound');
  const release = tryLockDir(dir);
  if (!release) {
    logger.info({ dir }, 'inbound journal: the data directory is in use by another process; journaling to the store alone');
    return shared;
  }
  return createLayeredJournal({ local: createInboundJournal({ dir, logger }), shared, logger, onClose: release });
}
