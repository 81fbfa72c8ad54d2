/**
 * A scripted-clock driver for lifecycle acceptance tests, in the spirit of
 * Alertmanager's test/with_api_v2 acceptance framework (`at.Push(At(t), …)`,
 * `collector.Want(Between(a, b), …)`): rules are evaluated on their schedule
 * from scripts (functions of time), the clock jumps to the next evaluation,
 * group flush or outbox retry (`nextWakeAt`, as a real scheduler would), and
 * a recording receiver notes every notification with the time it went out.
 */
import {
  createAlertLifecycle,
  createMemoryAlertStore,
  type AlertLifecycle,
  type AlertLifecycleOptions,
  type AlertStateStore,
  type EvaluationResult,
  type LifecycleRule,
  type Notification,
  type Receiver,
  type SendOptions,
  type SeriesSample,
} from '../../alerts/lifecycle/index.ts';

export const SEC = 1_000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

/** What a rule's query "returns" at time t. */
export type Script = (t: number) => EvaluationResult;

/** One notification as a test asserts it: when (seconds), to whom, what kind, which alerts in which state. */
export interface Seen {
  at: number;
  receiver: string;
  kind: Notification['kind'];
  alerts: string[];
}

/** `alertname[instance] state` — the compact form tests compare. */
export function describeAlert(a: Notification['alerts'][number]): string {
  const inst = a.labels.instance;
  return `${a.labels.alertname}${inst !== undefined ? `[${inst}]` : ''} ${a.state}`;
}

/** A receiver that records what it is sent and the keys, at the scenario clock. */
export class RecordingReceiver implements Receiver {
  readonly sent: { at: number; notification: Notification; key: string }[] = [];
  constructor(
    readonly name: string,
    private readonly clock: () => number,
  ) {}
  async send(notification: Notification, options: SendOptions): Promise<void> {
    this.sent.push({ at: this.clock(), notification, key: options.idempotencyKey });
  }
}

/** Samples for a set of series: breaching while `on(t)` holds, value 100 vs threshold 10, else 1. */
export function series(spec: Record<string, (t: number) => boolean>): Script {
  return (t) => ({
    outcome: 'ok',
    series: Object.entries(spec).map(([instance, on]): SeriesSample => {
      const value = on(t) ? 100 : 1;
      return { labels: { instance }, value, breaching: value > 10, threshold: 10 };
    }),
  });
}

/** True from `from` (inclusive) until `to` (exclusive). */
export const between = (from: number, to = Infinity) => (t: number) => t >= from && t < to;
export const always = () => true;
export const never = () => false;

export interface ScenarioOptions extends Omit<AlertLifecycleOptions, 'store' | 'receivers'> {
  rules: { rule: LifecycleRule; everyMs: number; script: Script }[];
  receivers: string[];
  store?: AlertStateStore;
}

/** A scenario: a lifecycle, recording receivers and a clock that only moves forward through `runUntil`. */
export interface Scenario {
  lifecycle: AlertLifecycle;
  store: AlertStateStore;
  receivers: Map<string, RecordingReceiver>;
  now(): number;
  /** Runs something at time t (before that instant's evaluations and tick). */
  at(t: number, action: (lc: AlertLifecycle, t: number) => Promise<unknown> | unknown): void;
  /** Advances the clock to `until` (inclusive), handling every event on the way. */
  runUntil(until: number): Promise<void>;
  /** Every notification so far, in order, compactly. */
  seen(): Seen[];
}

export function createScenario(o: ScenarioOptions): Scenario {
  const store = o.store ?? createMemoryAlertStore();
  let clock = 0;
  let started = false;
  const receivers = new Map(o.receivers.map((n) => [n, new RecordingReceiver(n, () => clock)]));
  const lifecycle = createAlertLifecycle({ ...o, store, receivers });
  const actions: { t: number; run: (lc: AlertLifecycle, t: number) => Promise<unknown> | unknown }[] = [];
  const log: Seen[] = [];

  const nextEval = (after: number) => Math.min(...o.rules.map((r) => (Math.floor(after / r.everyMs) + 1) * r.everyMs));

  async function step(t: number) {
    clock = t;
    for (const a of actions.filter((x) => x.t === t)) await a.run(lifecycle, t);
    for (const r of o.rules) if (t % r.everyMs === 0) await lifecycle.evaluate(r.rule, r.script(t), t);
    const before = new Map([...receivers].map(([n, r]) => [n, r.sent.length]));
    await lifecycle.tick(t);
    for (const [n, r] of receivers) {
      for (const s of r.sent.slice(before.get(n))) log.push({ at: t / SEC, receiver: n, kind: s.notification.kind, alerts: s.notification.alerts.map(describeAlert) });
    }
  }

  return {
    lifecycle,
    store,
    receivers,
    now: () => clock,
    at(t, run) {
      actions.push({ t, run });
    },
    async runUntil(until) {
      if (!started) {
        started = true;
        await step(0);
      }
      for (;;) {
        const wake = await lifecycle.nextWakeAt();
        const candidates = [nextEval(clock), ...actions.map((a) => a.t).filter((t) => t > clock)];
        if (wake !== undefined) candidates.push(Math.max(wake, clock + 1));
        const t = Math.min(...candidates);
        if (t > until) break;
        await step(t);
      }
      clock = until;
    },
    seen: () => log.slice(),
  };
}

/** A rule with defaults for tests. */
export function rule(name: string, extra: Partial<LifecycleRule> = {}): LifecycleRule {
  return { id: name.toLowerCase(), name, forMs: 0, ...extra };
}
