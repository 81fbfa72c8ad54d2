/**
 * Stage "state": one series' state machine (Grafana's alert instance states,
 * Prometheus' `for` and `keep_firing_for`), one step per evaluation.
 *
 *   normal ──condition──► pending ──held for `for`──► firing | nodata | error
 *     ▲                     │ clears before `for`          │ clears
 *     └─────────────────────┘ (never notified)             ▼
 *     └──── resolved (resolvedAt) ◄── hold elapsed ── recovering (keep_firing_for / flap hold)
 *
 * - `for` = 0 activates on the first breaching evaluation.
 * - An active series that switches cause (firing → error) changes state at
 *   once, keeping its startsAt; the change is a new announcement (dedup keys
 *   carry the state).
 * - Flap damping: each activation is remembered for `flap.windowMs`; with
 *   `flap.maxStarts` of them in the window the series is `flapping` and a clear
 *   must last `flap.windowMs` before it resolves, so a series that keeps
 *   bouncing stays one firing alert instead of a stream of fire/resolve pairs.
 */
import type { ActiveState, AlertState, LifecycleRule, SeriesSample, SeriesState } from './types.ts';

/** What one evaluation asks of a series: become/stay active, clear, or keep its state (keep_last). */
export type Desired = { kind: 'active'; target: ActiveState } | { kind: 'clear' } | { kind: 'keep' };

/** Whether a state is announced to receivers (firing, nodata, error; recovering still counts as firing). */
export function isActive(state: AlertState): boolean {
  return state === 'firing' || state === 'nodata' || state === 'error' || state === 'recovering';
}

/** The state a series is announced in while active (recovering announces its target). */
export function activeStateOf(s: SeriesState): ActiveState | undefined {
  if (s.state === 'recovering') return s.target;
  if (s.state === 'firing' || s.state === 'nodata' || s.state === 'error') return s.state;
  return undefined;
}

/** A fresh `normal` series state. */
export function newSeriesState(init: Pick<SeriesState, 'fingerprint' | 'ruleId' | 'seriesLabels' | 'labels'>, now: number): SeriesState {
  return { ...init, state: 'normal', lastEvaluatedAt: now, value: null, missingEvals: 0, activations: [], flapping: false };
}

function withinWindow(rule: LifecycleRule, activations: readonly number[], now: number): number[] {
  if (!rule.flap) return [];
  const from = now - rule.flap.windowMs;
  return activations.filter((t) => t > from);
}

function activate(rule: LifecycleRule, s: SeriesState, target: ActiveState, now: number): SeriesState {
  const activations = rule.flap ? [...withinWindow(rule, s.activations, now), now] : [];
  return {
    ...s,
    state: target,
    target: undefined,
    pendingSince: undefined,
    clearSince: undefined,
    resolvedAt: undefined,
    activeAt: now,
    activations,
    flapping: rule.flap ? activations.length >= rule.flap.maxStarts : false,
  };
}

/** How long a clear must last before an active series resolves. */
export function clearHoldMs(rule: LifecycleRule, s: SeriesState): number {
  return Math.max(rule.keepFiringForMs ?? 0, s.flapping && rule.flap ? rule.flap.windowMs : 0);
}

/**
 * One step of one series: the next state given what the evaluation asks.
 * Pure; `sample` (when given) refreshes value, threshold and baseline.
 */
export function stepSeries(rule: LifecycleRule, prev: SeriesState, desired: Desired, now: number, sample?: SeriesSample, error?: string): SeriesState {
  let s: SeriesState = { ...prev, lastEvaluatedAt: now };
  if (sample) s = { ...s, value: sample.value, threshold: sample.threshold, baseline: sample.baseline, missingEvals: 0 };
  s.error = error;
  if (rule.flap && !isActive(s.state)) {
    s.activations = withinWindow(rule, s.activations, now);
    if (s.activations.length < rule.flap.maxStarts) s.flapping = false;
  }
  if (desired.kind === 'keep') return s;

  const current = activeStateOf(s);
  if (desired.kind === 'active') {
    const { target } = desired;
    if (current !== undefined) {
      // Already announced: back from recovering, or a change of cause — no new pending period.
      return { ...s, state: target, target: undefined, clearSince: undefined };
    }
    if (s.state === 'pending' && s.target === target) {
      return now - (s.pendingSince ?? now) >= rule.forMs ? activate(rule, s, target, now) : s;
    }
    if (rule.forMs <= 0) return activate(rule, s, target, now);
    return { ...s, state: 'pending', target, pendingSince: now };
  }

  // desired.kind === 'clear'
  if (current !== undefined) {
    const since = s.state === 'recovering' ? (s.clearSince ?? now) : now;
    if (now - since >= clearHoldMs(rule, s)) {
      return { ...s, state: 'normal', target: undefined, clearSince: undefined, pendingSince: undefined, resolvedAt: now };
    }
    return { ...s, state: 'recovering', target: current, clearSince: since };
  }
  if (s.state === 'pending') return { ...s, state: 'normal', target: undefined, pendingSince: undefined };
  return s;
}
