/**
 * One interface for rule schedules: BullMQ job schedulers on Redis when
 * REDIS_URL is set (any number of workers; each tick is one job, run once), an
 * in-process scheduler (croner) otherwise. A schedule is one rule: its id is
 * deterministic (`rule-<rule id>`), its job data the rule id only.
 *
 * `tickAt` is the tick's nominal time (its slot plus the rule's jitter): the
 * engine evaluates "as of" it, so a late tick evaluates the same periods, and
 * lateness = start − tickAt.
 */

/** When a rule runs. Exactly one of `everyMs` / `pattern`. */
export interface ScheduleSpec {
  /** Deterministic per rule: `rule-<rule id>`. */
  id: string;
  ruleId: string;
  everyMs?: number;
  /** Cron with a seconds field (the jitter lives there), e.g. `17 0 * * * *`. */
  pattern?: string;
  timezone?: string;
  /** Jitter of an interval schedule: ticks at k·everyMs + offsetMs. */
  offsetMs?: number;
}

/** One due tick of one rule. */
export interface Tick {
  ruleId: string;
  scheduleId: string;
  /** Nominal time of the tick (epoch ms). */
  tickAt: number;
  /** How many times this tick has been attempted before (retries). */
  attempt: number;
}

/** What the runner says about a tick: done, or retry it later (transient failure). */
export type TickOutcome = { status: 'done' } | { status: 'retry'; afterMs: number; reason: string };

export type TickRunner = (tick: Tick, startedAt: number) => Promise<TickOutcome>;

export interface RuleScheduler {
  readonly kind: 'redis' | 'memory';
  /** Creates or replaces a schedule (same id: same schedule, never two). */
  upsert(spec: ScheduleSpec): Promise<void>;
  remove(id: string): Promise<void>;
  /** Schedules as stored (reconciliation compares them). */
  list(): Promise<ScheduleSpec[]>;
  /** Starts running due ticks with `run` (at most `concurrency` at once). */
  start(run: TickRunner, opts?: { concurrency?: number }): void;
  close(): Promise<void>;
}

/** Same schedule? (what reconciliation needs to skip an unchanged rule). */
export function sameSchedule(a: ScheduleSpec, b: ScheduleSpec): boolean {
  return a.id === b.id && a.ruleId === b.ruleId && (a.everyMs ?? 0) === (b.everyMs ?? 0) && (a.pattern ?? '') === (b.pattern ?? '') && (a.timezone ?? 'UTC') === (b.timezone ?? 'UTC') && (a.offsetMs ?? 0) === (b.offsetMs ?? 0);
}
