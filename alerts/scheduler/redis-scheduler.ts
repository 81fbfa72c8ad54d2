/**
 * Rule schedules on Redis: one BullMQ job scheduler per rule
 * (`upsertJobScheduler('rule-<id>', { every, offset } | { pattern, tz })`,
 * job data `{ ruleId }`). BullMQ makes one job per slot, so each tick is
 * evaluated once by whichever worker takes it, however many workers there are;
 * a worker that dies mid-evaluation leaves a stalled job another one reruns.
 * A transient failure is retried by BullMQ (attempts, exponential backoff).
 */
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { RuleScheduler, ScheduleSpec, TickRunner } from './types.ts';

export interface RedisSchedulerOptions {
  redisUrl: string;
  /** Queue name (default `datalabs-alerts`). */
  name?: string;
  /** Key prefix (default BullMQ's `bull`). */
  prefix?: string;
  /** Attempts per tick, the first included (default 3). */
  attempts?: number;
  /** First retry delay (default 5 s), doubled per attempt. */
  backoffMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  onError?: (err: unknown, what: string) => void;
  /** The clock the runner is told a tick started at (default Date.now). */
  now?: () => number;
}

export interface RuleJobData {
  ruleId: string;
}

function connect(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** A job's nominal tick time: its slot (`prevMillis`) plus the scheduler's offset. */
export function tickAtOf(job: Job): number {
  const o = job.opts as { prevMillis?: number; repeat?: { offset?: number | null } };
  if (typeof o.prevMillis === 'number') return o.prevMillis + (o.repeat?.offset ?? 0);
  const m = /:(\d+)$/.exec(job.id ?? '');
  return m ? Number(m[1]) : job.timestamp + (job.delay ?? 0);
}

export function createRedisScheduler(o: RedisSchedulerOptions): RuleScheduler & { queue: Queue<RuleJobData> } {
  const name = o.name ?? 'datalabs-alerts';
  const prefix = o.prefix ? { prefix: o.prefix } : {};
  const clock = o.now ?? Date.now;
  const report = (err: unknown, what: string) => o.onError?.(err, what);
  const connection = connect(o.redisUrl);
  connection.on('error', (err) => report(err, 'redis (alert scheduler) connection'));
  const queue = new Queue<RuleJobData>(name, { connection, ...prefix });
  queue.on('error', (err) => report(err, 'alert queue'));
  let worker: Worker<RuleJobData> | undefined;
  let workerConnection: Redis | undefined;

  return {
    kind: 'redis',
    queue,
    async upsert(spec) {
      // BullMQ takes offset 0 for "none" and picks its own (now % every): a whole period stands for 0 (same phase).
      const repeat = spec.everyMs ? { every: spec.everyMs, offset: spec.offsetMs || spec.everyMs } : { pattern: spec.pattern!, tz: spec.timezone ?? 'UTC' };
      await queue.upsertJobScheduler(spec.id, repeat, {
        name: 'evaluate',
        data: { ruleId: spec.ruleId },
        opts: { attempts: o.attempts ?? 3, backoff: { type: 'exponential', delay: o.backoffMs ?? 5_000 }, removeOnComplete: true, removeOnFail: { age: 86_400, count: 1_000 } },
      });
    },
    async remove(id) {
      await queue.removeJobScheduler(id);
    },
    async list() {
      const all: ScheduleSpec[] = [];
      const page = 1_000;
      for (let start = 0; ; start += page) {
        const got = await queue.getJobSchedulers(start, start + page - 1, true);
        for (const s of got) {
          const id = s.id ?? s.key;
          const ruleId = (s.template?.data as RuleJobData | undefined)?.ruleId ?? id.replace(/^rule-/, '');
          all.push(s.every ? { id, ruleId, everyMs: Number(s.every), ...(s.offset && Number(s.offset) !== Number(s.every) ? { offsetMs: Number(s.offset) } : {}) } : { id, ruleId, pattern: s.pattern ?? '', timezone: s.tz ?? 'UTC' });
        }
        if (got.length < page) break;
      }
      return all;
    },
    start(run: TickRunner, opts = {}) {
      workerConnection = connect(o.redisUrl);
      workerConnection.on('error', (err) => report(err, 'redis (alert worker) connection'));
      worker = new Worker<RuleJobData>(
        name,
        async (job) => {
          const outcome = await run({ ruleId: job.data.ruleId, scheduleId: job.repeatJobKey ?? `rule-${job.data.ruleId}`, tickAt: tickAtOf(job), attempt: job.attemptsMade }, clock());
          // BullMQ retries a thrown job with its backoff while attempts remain.
          if (outcome.status === 'retry') throw new Error(`retry: ${outcome.reason}`);
        },
        {
          connection: workerConnection,
          concurrency: Math.max(1, opts.concurrency ?? 4),
          lockDuration: o.lockDurationMs ?? 60_000,
          stalledInterval: o.stalledIntervalMs ?? 30_000,
          maxStalledCount: 2,
          ...prefix,
        },
      );
      worker.on('error', (err) => report(err, 'alert worker'));
    },
    async close() {
      await worker?.close();
      await queue.close();
      workerConnection?.disconnect();
      connection.disconnect();
    },
  };
}
