/**
 * The composed lifecycle: what a driver (scheduler + store + chat notifier)
 * calls. It holds no clock and no timer — every call takes `now`:
 *
 * - `evaluate(rule, result, now)` after each rule evaluation: state machine,
 *   routing, grouping; one `commitEvaluation`.
 * - `flush(now)`: every due group is planned (inhibit ► silence ► dedup) and
 *   committed with its outbox record (one `commitFlush` each).
 * - `deliver(now)`: sends the outbox (see outbox.ts).
 * - `tick(now)` = flush then deliver; `nextWakeAt()` says when to tick next.
 */
import { applyEvaluation, retireRule, type EvaluationOutcome } from './evaluate.ts';
import { planFlush, type FlushPlan } from './flush.ts';
import { planGroupUpserts } from './group.ts';
import { createInhibitor, type InhibitRule } from './inhibit.ts';
import { deliverOutbox, type DeliveryOptions, type DeliveryReport, type Receiver } from './outbox.ts';
import { createRouteTree, type RouteConfig } from './route.ts';
import { createSilence, expireSilence, type SilenceInput } from './silence.ts';
import type { AlertStateStore } from './store.ts';
import type { EvaluationResult, LifecycleRule, Notification, Silence } from './types.ts';

/** What a lifecycle is built from. */
export interface AlertLifecycleOptions {
  store: AlertStateStore;
  /** The routing tree's root (needs a receiver). */
  route: RouteConfig;
  inhibitRules?: readonly InhibitRule[];
  /** Receivers by name, as the routes name them. */
  receivers: ReadonlyMap<string, Receiver> | Readonly<Record<string, Receiver>>;
  delivery?: DeliveryOptions;
  /** Groups flushed per `flush` call (default 1000). */
  flushBatch?: number;
}

/** The outcome of one tick. */
export interface TickReport {
  flushed: FlushPlan[];
  delivery: DeliveryReport;
}

/** The lifecycle facade. */
export interface AlertLifecycle {
  evaluate(rule: LifecycleRule, result: EvaluationResult, now: number): Promise<EvaluationOutcome>;
  /** A rule deleted or paused: its active alerts resolve now (announced at their groups' next flush) and its series are forgotten. */
  retire(rule: LifecycleRule, now: number): Promise<EvaluationOutcome>;
  flush(now: number): Promise<FlushPlan[]>;
  deliver(now: number): Promise<DeliveryReport>;
  /** Records a notification no group makes (a scheduled report's run), once per id; delivered by the next `deliver`. */
  enqueue(notification: Notification, now: number): Promise<boolean>;
  tick(now: number): Promise<TickReport>;
  nextWakeAt(): Promise<number | undefined>;
  addSilence(input: SilenceInput, now: number): Promise<Silence>;
  /** Ends a silence now; false when there is no such silence. */
  expireSilence(id: string, now: number): Promise<boolean>;
}

/** Builds a lifecycle over a store. Throws on an invalid route tree. */
export function createAlertLifecycle(o: AlertLifecycleOptions): AlertLifecycle {
  const tree = createRouteTree(o.route);
  const receivers = o.receivers instanceof Map ? o.receivers : new Map(Object.entries(o.receivers));
  const { store } = o;

  const lifecycle: AlertLifecycle = {
    async evaluate(rule, result, now) {
      const outcome = applyEvaluation(rule, await store.loadSeries(rule.id), result, now);
      await store.commitEvaluation({ ruleId: rule.id, now, states: outcome.states, removed: outcome.removed, groupUpserts: planGroupUpserts(tree, outcome.alerts) });
      return outcome;
    },
    async retire(rule, now) {
      const outcome = retireRule(rule, await store.loadSeries(rule.id), now);
      await store.commitEvaluation({ ruleId: rule.id, now, states: [], removed: outcome.removed, groupUpserts: planGroupUpserts(tree, outcome.alerts) });
      return outcome;
    },
    async flush(now) {
      const due = await store.dueGroups(now, o.flushBatch ?? 1000);
      if (due.length === 0) return [];
      const inhibitor = createInhibitor(o.inhibitRules ?? [], await store.activeAlerts());
      const silences = await store.listSilences();
      const plans: FlushPlan[] = [];
      for (const g of due) {
        const plan = planFlush(g, { now, inhibitor, silences, logEntry: await store.getLogEntry(g.key, g.receiver) });
        if (await store.commitFlush(plan, now)) plans.push(plan);
      }
      return plans;
    },
    deliver(now) {
      return deliverOutbox(store, receivers, now, o.delivery);
    },
    enqueue(notification, now) {
      return store.enqueueOutbox(notification, now);
    },
    async tick(now) {
      const flushed = await lifecycle.flush(now);
      return { flushed, delivery: await lifecycle.deliver(now) };
    },
    nextWakeAt() {
      return store.nextWakeAt();
    },
    async addSilence(input, now) {
      const s = createSilence(input, now);
      await store.putSilence(s);
      return s;
    },
    async expireSilence(id, now) {
      const s = (await store.listSilences()).find((x) => x.id === id);
      if (!s) return false;
      await store.putSilence(expireSilence(s, now));
      return true;
    },
  };
  return lifecycle;
}
