/**
 * The answer queue on Redis (BullMQ), when REDIS_URL is set: durable across
 * restarts, shared by every `serve` replica and `datalabs worker`. Job data is
 * the dedupe key only; the job id is derived from it, so a platform retry or
 * the sweep adding the same key again is a no-op while the job exists. A job
 * whose process died (kill -9) is found stalled and run again by another
 * process; RetryLaterError moves the job back to delayed without counting as
 * a failure of the message (the pipeline's store counts attempts).
 */
import crypto from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import { RetryLaterError, type AnswerQueue, type QueueLane } from '../../core/inbound/answer-queue.ts';

export interface BullQueueOptions {
  redisUrl: string;
  logger: Logger;
  /** Queue name (and Redis key prefix part); default `datalabs-answers`. */
  name?: string;
  /** How often a worker checks for jobs whose process stopped renewing their lock. Default 30 s. */
  stalledIntervalMs?: number;
  /** How long a job's lock lasts without renewal. Default 30 s. */
  lockDurationMs?: number;
}

/** BullMQ forbids ':' in custom job ids: the key, hashed (keys may be long too). */
export function jobIdOf(key: string): string {
  return `m-${crypto.createHash('sha256').update(key).digest('base64url')}`;
}

/**
 * One job per message: id from its key (a second add is a no-op while the job exists). BullMQ takes jobs without
 * a priority before any with one: interactive jobs have none, normal ones priority 2.
 */
const JOB_OPTIONS = (key: string, lane: QueueLane) => ({
  jobId: jobIdOf(key),
  ...(lane === 'normal' ? { priority: 2 } : {}),
  // Completed jobs go at once: the store says the message is answered, so a later add is harmless.
  removeOnComplete: true,
  removeOnFail: { age: 86_400 },
  attempts: 1,
});

function connect(url: string): Redis {
  // BullMQ's blocking commands need maxRetriesPerRequest: null.
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export function createBullQueue(opts: BullQueueOptions): AnswerQueue {
  const name = opts.name ?? 'datalabs-answers';
  const { logger } = opts;
  const queueConnection = connect(opts.redisUrl);
  queueConnection.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis (answer queue) connection error'));
  const queue = new Queue<{ key: string }>(name, { connection: queueConnection });
  queue.on('error', (err) => logger.warn({ err: { message: err.message } }, 'answer queue error'));
  let worker: Worker<{ key: string }> | undefined;

  async function addMany(keys: readonly string[], lane: QueueLane = 'normal'): Promise<void> {
    if (!keys.length) return;
    try {
      await queue.addBulk(keys.map((key) => ({ name: 'answer', data: { key }, opts: JOB_OPTIONS(key, lane) })));
    } catch (err) {
      throw new DatalabsError('QUEUE_UNAVAILABLE', 'the answer queue (Redis) is unavailable', { cause: err });
    }
  }
  return {
    kind: 'redis',
    add: (key, lane) => addMany([key], lane),
    addMany,
    process(run, { concurrency }) {
      const connection = connect(opts.redisUrl);
      connection.on('error', (err) => logger.warn({ err: { message: err.message } }, 'redis (answer worker) connection error'));
      worker = new Worker<{ key: string }>(
        name,
        async (job: Job<{ key: string }>, token?: string) => {
          try {
            await run(job.data.key);
          } catch (err) {
            if (err instanceof RetryLaterError && token) {
              await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
              throw new DelayedError();
            }
            throw err;
          }
        },
        {
          connection,
          concurrency: Math.max(1, concurrency),
          stalledInterval: opts.stalledIntervalMs ?? 30_000,
          lockDuration: opts.lockDurationMs ?? 30_000,
          maxStalledCount: 5,
          autorun: true,
        },
      );
      worker.on('failed', (job, err) => logger.error({ err, key: job?.data.key }, 'answer job failed'));
      worker.on('error', (err) => logger.warn({ err: { message: err.message } }, 'answer worker error'));
    },
    async depth() {
      const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      return Object.values(counts).reduce((a, b) => a + b, 0);
    },
    async close() {
      await worker?.close();
      await queue.close();
      queueConnection.disconnect();
    },
  };
}
