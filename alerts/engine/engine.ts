/**
 * The alert engine: a thin processor between the scheduler and the lifecycle.
 *
 *   tick(rule id, tickAt) → load the rule (catalog) → evaluateLatest through the
 *   workspace's answer pipeline (query agent / SQL guard / warehouse) "as of"
 *   tickAt → lifecycle.evaluate → (later) lifecycle.tick at nextWakeAt → outbox
 *   → receivers.
 *
 * Time is injected everywhere: the scheduler hands the tick's nominal time and
 * the time it started, the wake loop reads `now()`, and `runUntil` drives a
 * manual (in-process) scheduler and the lifecycle on a scripted clock.
 */
import { evaluateLatest, type SeriesSource } from '../backtest/index.ts';
import type { AlertLifecycle, EvaluationResult, LifecycleRule, Notification, TickReport } from '../lifecycle/index.ts';
import { reconcileSchedules, type MemoryScheduler, type ReconcileReport, type RuleScheduler, type Tick, type TickOutcome } from '../scheduler/index.ts';
import type { LoadedReport, LoadedRule, RuleCatalog } from './catalog.ts';
import { RECEIVER_CHAT, RECEIVER_EMAIL, RECEIVER_WEBHOOK } from './targets.ts';
import { breaches, type HealthCheckId, type HealthReading } from '../health/index.ts';
import { classifyError } from './classify.ts';
import { wallNow, zonedSource } from './zoned-source.ts';
import type { Logger } from '../../bot/contracts/logger.ts';

export interface EvaluationRecord {
  ruleId: string;
  tickAt: number;
  startedAt: number;
  finishedAt: number;
  outcome: 'ok' | 'error' | 'retry' | 'gone';
  breaching?: boolean;
}

export interface AlertEngineOptions {
  catalog: RuleCatalog;
  scheduler: RuleScheduler;
  lifecycle: AlertLifecycle;
  /** The answer pipeline of a workspace (null: the process's default one). */
  sourceFor(workspaceId: number | null): Promise<SeriesSource>;
  logger: Logger;
  now?: () => number;
  /** Attempts of one tick before a transient failure is given up as the rule's error (default 3). */
  attempts?: number;
  /** First retry delay (default 5 s), doubled per attempt. */
  retryBaseMs?: number;
  /** Evaluations at once in this process (default 4). */
  concurrency?: number;
  /** Told about every evaluation (metrics, bench). */
  onEvaluated?(r: EvaluationRecord): void;
  /** Told about every lifecycle tick that did something. */
  onTick?(r: TickReport, now: number): void;
  /** Reads a built-in ClickHouse health check on the platform's admin path (absent: health rules are errors). */
  health?(check: HealthCheckId): Promise<HealthReading>;
  /** Re-read the rules and reconcile schedules this often in real time (default 60 s). */
  reconcileEveryMs?: number;
}

export interface AlertEngine {
  /** Reads the rules, reconciles schedules, retires rules that went away. */
  reconcile(now?: number): Promise<ReconcileReport>;
  /** One tick of one rule (what the scheduler calls). */
  runTick(tick: Tick, startedAt: number): Promise<TickOutcome>;
  /** Flush due groups and deliver the outbox. */
  tickLifecycle(now: number): Promise<TickReport>;
  /** Starts the scheduler, the reconcile timer and the wake loop (real time). */
  start(): Promise<void>;
  /** Scripted clock (manual in-process scheduler): runs every evaluation and lifecycle tick due up to `until`, in time order. */
  runUntil(until: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A report's run as outbox notifications, one per receiver kind its receivers name. The id
 * is the run (`report-<id>-<tickAt>-<receiver>`): the same run recorded twice is sent once.
 */
export function reportNotifications(loaded: LoadedReport, tickAt: number): Notification[] {
  const kinds = [RECEIVER_CHAT, RECEIVER_EMAIL, RECEIVER_WEBHOOK].filter((k) => loaded.labels[`notify_${k}`] === 'true');
  const r = loaded.report;
  return kinds.map((receiver) => {
    const id = `report-${loaded.id}-${tickAt}-${receiver}`;
    return {
      id,
      kind: 'report',
      threadId: id,
      receiver,
      routeId: `report/${receiver}`,
      groupKey: `report:${loaded.id}`,
      groupLabels: { rule_id: loaded.id },
      commonLabels: { ...loaded.labels, rule_id: loaded.id, alertname: r.name },
      alerts: [],
      createdAt: tickAt,
      report: { ruleId: loaded.id, name: r.name, query: r.query, workspaceId: loaded.workspaceId, runAt: tickAt, timezone: r.timezone },
    };
  });
}

/** The evaluation's verdict as the lifecycle's input: one rule-level series. */
export function toEvaluationResult(
  loaded: LoadedRule,
  ev: { value: number | null; baseline?: number | null; state: string; anomaly?: { expected?: number; split?: string } },
): EvaluationResult {
  const c = loaded.rule.condition;
  const threshold = c.kind === 'threshold' || c.kind === 'crosses' ? c.value : c.kind === 'freshness' ? c.maxAgeMs / 1000 : undefined;
  // An anomaly: the detector's expected value is the baseline; split by a dimension, the value that fired is
  // the series (its own alert, resolved when it stops firing; the other values are not alerting).
  const baseline = typeof ev.baseline === 'number' ? ev.baseline : ev.anomaly?.expected;
  const labels = c.kind === 'anomaly' && c.splitBy && ev.anomaly?.split !== undefined && ev.state === 'firing' ? { [c.splitBy]: ev.anomaly.split } : {};
  return {
    outcome: 'ok',
    series: [{ labels, value: ev.value, breaching: ev.state === 'firing', ...(threshold !== undefined ? { threshold } : {}), ...(typeof baseline === 'number' ? { baseline } : {}) }],
  };
}

export function createAlertEngine(o: AlertEngineOptions): AlertEngine {
  const clock = o.now ?? Date.now;
  const log = o.logger;
  const attempts = o.attempts ?? 3;
  const base = o.retryBaseMs ?? 5_000;
  /** Rules this process has run: a rule gone from the store is retired once. */
  const known = new Map<string, LifecycleRule>();
  let timers: NodeJS.Timeout[] = [];
  let wake: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let closed = false;
  let ticking: Promise<TickReport> | undefined;

  async function tickLifecycle(now: number): Promise<TickReport> {
    // One lifecycle tick at a time per process (flushes are version-checked across processes).
    while (ticking) await ticking.catch(() => undefined);
    const t = o.lifecycle.tick(now);
    ticking = t;
    try {
      const r = await t;
      if (r.flushed.length || r.delivery.sent.length || r.delivery.retrying.length || r.delivery.failed.length) {
        o.onTick?.(r, now);
        if (r.delivery.failed.length) log.error({ failed: r.delivery.failed }, 'alert notifications failed for good');
      }
      return r;
    } finally {
      ticking = undefined;
    }
  }

  /** Real time: tick at nextWakeAt (re-armed after each evaluation). */
  async function arm(): Promise<void> {
    if (closed || !started) return;
    const next = (await o.lifecycle.nextWakeAt().catch(() => undefined)) ?? clock() + 30_000;
    if (wake && next >= wakeAt) return;
    if (wake) clearTimeout(wake);
    wakeAt = next;
    wake = setTimeout(() => {
      wake = undefined;
      wakeAt = Number.POSITIVE_INFINITY;
      void tickLifecycle(clock())
        .catch((err) => log.warn({ err }, 'alert lifecycle tick failed'))
        .finally(() => void arm());
    }, Math.max(0, Math.min(next - clock(), 30_000)));
    wake.unref?.();
  }
  let started = false;
  let manual = false;

  async function runTick(tick: Tick, startedAt: number): Promise<TickOutcome> {
    let loaded = o.catalog.get(tick.ruleId);
    let report = loaded ? undefined : o.catalog.getReport(tick.ruleId);
    if (!loaded && !report && !o.catalog.getHealth(tick.ruleId)) {
      await o.catalog.refresh();
      loaded = o.catalog.get(tick.ruleId);
      report = loaded ? undefined : o.catalog.getReport(tick.ruleId);
    }
    const health = loaded || report ? undefined : o.catalog.getHealth(tick.ruleId);
    if (health) {
      known.set(health.id, health.lifecycle);
      let result: EvaluationResult;
      try {
        if (!o.health) throw new Error('ClickHouse health checks are not wired in this process');
        const reading = await o.health(health.rule.check);
        // No value (no replicated tables, query logging off): no data, said once in the log.
        if (reading.note) log.info({ rule: health.rule.name, check: health.rule.check }, reading.note);
        result = { outcome: 'ok', series: reading.value === null ? [] : [{ labels: {}, value: reading.value, breaching: breaches(health.rule, reading.value), threshold: health.rule.threshold.value }] };
      } catch (err) {
        result = { outcome: 'error', error: classifyError(err).message };
      }
      await o.lifecycle.evaluate(health.lifecycle, result, Math.max(startedAt, tick.tickAt));
      o.onEvaluated?.({ ruleId: tick.ruleId, tickAt: tick.tickAt, startedAt, finishedAt: clock(), outcome: result.outcome === 'ok' ? 'ok' : 'error' });
      void arm();
      return { status: 'done' };
    }
    if (report) {
      // A scheduled report: its run is recorded in the outbox (once per run); the receivers answer and post it.
      for (const n of reportNotifications(report, tick.tickAt)) await o.lifecycle.enqueue(n, Math.max(startedAt, tick.tickAt));
      o.onEvaluated?.({ ruleId: tick.ruleId, tickAt: tick.tickAt, startedAt, finishedAt: clock(), outcome: 'ok' });
      void arm();
      return { status: 'done' };
    }
    const record = (outcome: EvaluationRecord['outcome'], breaching?: boolean) => o.onEvaluated?.({ ruleId: tick.ruleId, tickAt: tick.tickAt, startedAt, finishedAt: clock(), outcome, ...(breaching !== undefined ? { breaching } : {}) });
    if (!loaded) {
      // Paused or deleted since it was scheduled: the schedule goes, the next reconcile retires it.
      await o.scheduler.remove(tick.scheduleId).catch(() => undefined);
      record('gone');
      return { status: 'done' };
    }
    known.set(loaded.id, loaded.lifecycle);
    let result: EvaluationResult;
    try {
      const source = await o.sourceFor(loaded.workspaceId);
      // A question rule in a zone: evaluated on the zone's wall clock (its days are the zone's days).
      const ev = loaded.zone
        ? await evaluateLatest(loaded.rule, zonedSource(source, loaded.zone), wallNow(tick.tickAt, loaded.zone))
        : await evaluateLatest(loaded.rule, source, new Date(tick.tickAt));
      result = toEvaluationResult(loaded, ev);
    } catch (err) {
      const c = classifyError(err);
      if (c.retry && tick.attempt + 1 < attempts) {
        log.warn({ err, rule: loaded.rule.name, attempt: tick.attempt + 1 }, 'alert evaluation failed; retrying');
        record('retry');
        return { status: 'retry', afterMs: base * 2 ** tick.attempt, reason: c.message };
      }
      log.warn({ err, rule: loaded.rule.name }, 'alert evaluation failed');
      result = { outcome: 'error', error: c.message };
    }
    // Lifecycle time is when the evaluation happened; the data was read as of the tick.
    await o.lifecycle.evaluate(loaded.lifecycle, result, Math.max(startedAt, tick.tickAt));
    record(result.outcome === 'ok' ? 'ok' : 'error', result.outcome === 'ok' ? result.series.some((s) => s.breaching) : undefined);
    void arm();
    return { status: 'done' };
  }

  async function reconcile(now = clock()): Promise<ReconcileReport> {
    const { rules, reports, health, invalid } = await o.catalog.refresh();
    for (const bad of invalid) log.warn({ rule: bad.name, id: bad.id }, `alert rule skipped: ${bad.error}`);
    const report = await reconcileSchedules(o.scheduler, [...rules.map((r) => r.schedule), ...reports.map((r) => r.schedule), ...health.map((r) => r.schedule)]);
    const active = new Set([...rules.map((r) => r.id), ...reports.map((r) => r.id), ...health.map((r) => r.id)]);
    const gone = new Set([...known.keys()].filter((id) => !active.has(id)));
    for (const id of report.removed) gone.add(id.replace(/^rule-/, ''));
    for (const id of gone) {
      const rule = known.get(id) ?? { id, name: id, forMs: 0 };
      await o.lifecycle.retire(rule, now);
      known.delete(id);
    }
    for (const r of [...rules, ...health]) known.set(r.id, r.lifecycle);
    return report;
  }

  const engine: AlertEngine = {
    reconcile,
    runTick,
    tickLifecycle,
    async start() {
      started = true;
      await reconcile();
      o.scheduler.start(runTick, { concurrency: o.concurrency ?? 4 });
      const every = o.reconcileEveryMs ?? 60_000;
      const t = setInterval(() => void reconcile().catch((err) => log.warn({ err }, 'alert rules could not be reconciled')), every);
      t.unref?.();
      timers.push(t);
      await arm();
    },
    async runUntil(until) {
      const s = o.scheduler as MemoryScheduler;
      if (typeof s.runDue !== 'function') throw new Error('runUntil needs the in-process scheduler');
      if (!manual) {
        manual = true;
        s.start(runTick, { concurrency: o.concurrency ?? 4 });
      }
      for (let i = 0; i < 100_000; i++) {
        const a = s.nextDueAt();
        const b = await o.lifecycle.nextWakeAt();
        const t = Math.min(a ?? Number.POSITIVE_INFINITY, b ?? Number.POSITIVE_INFINITY);
        if (!Number.isFinite(t) || t > until) return;
        if (a !== undefined && a <= t) await s.runDue(t);
        // Evaluations may have made something due at t already.
        const w = await o.lifecycle.nextWakeAt();
        if (w !== undefined && w <= t) await tickLifecycle(t);
      }
    },
    async close() {
      closed = true;
      for (const t of timers) clearInterval(t);
      timers = [];
      if (wake) clearTimeout(wake);
      await o.scheduler.close();
      while (ticking) await ticking.catch(() => undefined);
    },
  };
  return engine;
}
