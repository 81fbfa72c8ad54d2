/**
 * The answer queue: inbound messages wait here, by their dedupe key only (the
 * message itself is in the InboundStore), until a process answers them.
 * BullMQ on Redis when REDIS_URL is set (bot/infra/queue/create-bull-queue.ts:
 * durable, shared by `serve` replicas and `datalabs worker`s, a stalled job
 * picked up by another process); otherwise an in-process queue
 * (`createMemoryQueue`) whose durability is the store's record plus the
 * pipeline's sweep. Processors are thin: `run(key)` does the work; it throws
 * `RetryLaterError` to be tried again later, anything else is a failure the
 * pipeline has already recorded.
 */
import PQueue from 'p-queue';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';

/**
 * Which line a job waits in: `interactive` (a button press — Show SQL, Export CSV, Save: quick, and the person
 * is watching) goes ahead of every `normal` one (questions, which may run for seconds), so a press never waits
 * behind a burst of questions.
 */
export type QueueLane = 'interactive' | 'normal';

export interface AnswerQueue {
  readonly kind: 'memory' | 'redis';
  /** Queues a key; a key already waiting or running is not queued twice. Rejects when the queue cannot take it (Redis down). */
  add(key: string, lane?: QueueLane): Promise<void>;
  /** `add` for many keys in one round trip (one lane for all; default `normal`). */
  addMany(keys: readonly string[], lane?: QueueLane): Promise<void>;
  /** Starts taking jobs in this process, `concurrency` at a time. */
  process(run: (key: string) => Promise<void>, opts: { concurrency: number }): void;
  /** Stops taking jobs and waits for those running. */
  close(): Promise<void>;
  /** Jobs not finished yet: waiting, delayed (retry later) and running (the queue-depth metric). */
  depth?(): Promise<number>;
}

/** Thrown by a processor when the job should run again after `retryAfterMs` (another process holds it, a platform is down). */
export class RetryLaterError extends DatalabsError {
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number, opts: { cause?: unknown } = {}) {
    super('RETRY_LATER', message, opts);
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }
}

/**
 * The in-process queue (p-queue): bounded concurrency, a key queued once at a
 * time, RetryLaterError re-queued after its delay. Lost on exit — the
 * pipeline's sweep re-queues what the store still holds as pending.
 */
export function createMemoryQueue(opts: { logger: Logger }): AnswerQueue {
  let runner: ((key: string) => Promise<void>) | undefined;
  let pq: PQueue | undefined;
  /** Key → its lane, from add until its run ends. */
  const known = new Map<string, QueueLane>();
  const backlog: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;

  function schedule(key: string): void {
    if (!pq || !runner) {
      backlog.push(key);
      return;
    }
    const run = runner;
    const priority = known.get(key) === 'interactive' ? 1 : 0;
    void pq.add(async () => {
      try {
        await run(key);
        known.delete(key);
      } catch (err) {
        if (err instanceof RetryLaterError && !closed) {
          const t = setTimeout(() => {
            timers.delete(t);
            schedule(key);
          }, err.retryAfterMs);
          t.unref();
          timers.add(t);
          return;
        }
        known.delete(key);
        opts.logger.error({ err, key }, 'answer job failed');
      }
    }, { priority });
  }

  const queue: AnswerQueue = {
    kind: 'memory',
    async add(key, lane = 'normal') {
      if (closed || known.has(key)) return;
      known.set(key, lane);
      schedule(key);
    },
    async addMany(keys, lane) {
      for (const key of keys) await queue.add(key, lane);
    },
    process(run, { concurrency }) {
      runner = run;
      pq = new PQueue({ concurrency: Math.max(1, concurrency) });
      for (const key of backlog.splice(0)) schedule(key);
    },
    async depth() {
      // Every key is known from add until its run ends (backlog, p-queue's waiting and running, retry timers).
      return known.size;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      pq?.clear();
      await pq?.onIdle();
    },
  };
  return queue;
}
