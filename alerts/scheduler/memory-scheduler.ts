/**
 * The in-process scheduler (no Redis): the same interface as the BullMQ one.
 * Interval schedules tick at k·every + offset (BullMQ's slots); cron
 * schedules at croner's next run in their time zone. A tick missed while the
 * process was busy or asleep is coalesced into the latest slot (as a job
 * scheduler does: one job per scheduler at a time). A rule's tick never runs
 * twice at once.
 *
 * Time is injected: `runDue(now)` runs every tick due at `now` and is what a
 * scripted-clock test calls; `start()` without `manual` also arms a timer that
 * calls it with the real clock.
 */
import { Cron } from 'croner';
import { nextIntervalTick } from './jitter.ts';
import type { RuleScheduler, ScheduleSpec, Tick, TickRunner } from './types.ts';

interface Entry {
  spec: ScheduleSpec;
  cron?: Cron;
  nextAt: number;
  /** A retry of a failed tick pending. */
  retry?: { at: number; tickAt: number; attempt: number };
  running: boolean;
}

export interface MemoryScheduler extends RuleScheduler {
  readonly kind: 'memory';
  /** Runs every tick due at `now` (retries included); resolves when they finished. Returns how many ran. */
  runDue(now: number): Promise<number>;
  /** The earliest time anything is due (undefined: no schedules). */
  nextDueAt(): number | undefined;
}

export interface MemorySchedulerOptions {
  /** The clock for new schedules' first slot and for the timer (default Date.now). */
  now?: () => number;
  /** No timer: the owner calls `runDue` (scripted clock). */
  manual?: boolean;
  onError?: (err: unknown, tick: Tick) => void;
}

function nextSlot(e: Pick<Entry, 'spec' | 'cron'>, after: number): number {
  if (e.spec.everyMs) return nextIntervalTick(e.spec.everyMs, e.spec.offsetMs ?? 0, after);
  const next = e.cron!.nextRun(new Date(after));
  return next ? next.getTime() : Number.POSITIVE_INFINITY;
}

/** The latest slot ≤ now, given that `due` ≤ now is a slot. */
function latestSlot(e: Entry, due: number, now: number): number {
  if (e.spec.everyMs) return nextIntervalTick(e.spec.everyMs, e.spec.offsetMs ?? 0, now - e.spec.everyMs);
  let slot = due;
  for (let i = 0; i < 10_000; i++) {
    const n = nextSlot(e, slot);
    if (n > now) break;
    slot = n;
  }
  return slot;
}

export function createMemoryScheduler(o: MemorySchedulerOptions = {}): MemoryScheduler {
  const clock = o.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let runner: TickRunner | undefined;
  let concurrency = 4;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<number> | undefined;

  function arm() {
    if (o.manual || !runner || closed) return;
    if (timer) clearTimeout(timer);
    const at = scheduler.nextDueAt();
    if (at === undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void scheduler.runDue(clock()).finally(arm);
    }, Math.max(0, Math.min(at - clock(), 2 ** 31 - 1)));
    timer.unref?.();
  }

  async function runOne(e: Entry, tick: Tick, now: number): Promise<void> {
    e.running = true;
    try {
      const outcome = await runner!(tick, now);
      if (outcome.status === 'retry') {
        const at = now + outcome.afterMs;
        // A retry that would run into the next slot gives way to it.
        e.retry = at < e.nextAt ? { at, tickAt: tick.tickAt, attempt: tick.attempt + 1 } : undefined;
      }
    } catch (err) {
      o.onError?.(err, tick);
    } finally {
      e.running = false;
    }
  }

  const scheduler: MemoryScheduler = {
    kind: 'memory',
    async upsert(spec) {
      const old = entries.get(spec.id);
      const cron = spec.pattern ? new Cron(spec.pattern, { timezone: spec.timezone ?? 'UTC', paused: true }) : undefined;
      const e: Entry = { spec, cron, nextAt: 0, running: old?.running ?? false };
      e.nextAt = nextSlot(e, clock());
      entries.set(spec.id, e);
      arm();
    },
    async remove(id) {
      entries.get(id)?.cron?.stop();
      entries.delete(id);
      arm();
    },
    async list() {
      return [...entries.values()].map((e) => e.spec);
    },
    start(run, opts = {}) {
      runner = run;
      concurrency = Math.max(1, opts.concurrency ?? 4);
      arm();
    },
    nextDueAt() {
      let min: number | undefined;
      for (const e of entries.values()) {
        const at = Math.min(e.nextAt, e.retry?.at ?? Number.POSITIVE_INFINITY);
        if (Number.isFinite(at) && (min === undefined || at < min)) min = at;
      }
      return min;
    },
    async runDue(now) {
      if (!runner) return 0;
      // One pass at a time: a second caller waits for the first (ticks never overlap).
      while (running) await running;
      const pass = (async () => {
        const due: Array<{ e: Entry; tick: Tick }> = [];
        for (const e of entries.values()) {
          if (e.running) continue;
          if (e.nextAt <= now) {
            const tickAt = latestSlot(e, e.nextAt, now);
            e.nextAt = nextSlot(e, now);
            e.retry = undefined;
            due.push({ e, tick: { ruleId: e.spec.ruleId, scheduleId: e.spec.id, tickAt, attempt: 0 } });
          } else if (e.retry && e.retry.at <= now) {
            const r = e.retry;
            e.retry = undefined;
            due.push({ e, tick: { ruleId: e.spec.ruleId, scheduleId: e.spec.id, tickAt: r.tickAt, attempt: r.attempt } });
          }
        }
        due.sort((a, b) => a.tick.tickAt - b.tick.tickAt);
        let next = 0;
        const workers = Array.from({ length: Math.min(concurrency, due.length) }, async () => {
          while (next < due.length) {
            const d = due[next++];
            // Scripted clock: the pass's time; real time: when this tick really started (lateness).
            await runOne(d.e, d.tick, o.manual ? now : Math.max(now, clock()));
          }
        });
        await Promise.all(workers);
        return due.length;
      })();
      running = pass;
      try {
        return await pass;
      } finally {
        running = undefined;
      }
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      while (running) await running;
      for (const e of entries.values()) e.cron?.stop();
      entries.clear();
    },
  };
  return scheduler;
}
