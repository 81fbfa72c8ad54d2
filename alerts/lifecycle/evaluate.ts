/**
 * Stage "evaluate-result → state": applies one rule's evaluation result to all
 * of its series, and derives the alerts to hand to grouping.
 *
 * - Each sample is a series (fingerprint = rule id + sorted series labels):
 *   breaching → active `firing`, else clear.
 * - No data (`ok` with no series): the rule-level series (no series labels)
 *   follows `noDataState` (default `nodata`); known series count as missing.
 * - Error: the rule-level series follows `errorState` (default `error`, with the
 *   error text); other series keep their state (an error says nothing of them).
 * - A series absent from `missingSeriesEvalsToResolve` (default 2) consecutive
 *   successful evaluations clears (Grafana's stale-series resolution). When
 *   data is back, the rule-level series (absent from a non-empty result, so
 *   created by the no-data or error policy) clears at once.
 * - Series back to `normal` with no flap history are dropped from the result
 *   (`removed`): the store keeps only series that are doing something.
 */
import { fingerprint, type Labels } from './labels.ts';
import { activeStateOf, newSeriesState, stepSeries, type Desired } from './state.ts';
import type { Alert, EvaluationResult, LifecycleRule, SeriesSample, SeriesState, Transition } from './types.ts';

/** The outcome of applying one evaluation to one rule's series. */
export interface EvaluationOutcome {
  /** Every series that remains tracked, in its new state. */
  states: SeriesState[];
  /** Fingerprints of series no longer tracked (back to normal, nothing to remember). */
  removed: string[];
  transitions: Transition[];
  /** Alerts to upsert into groups: every active series, and series that resolved at this step. */
  alerts: Alert[];
}

/** Full alert labels of a series: series labels, the rule's labels, `alertname` and `rule_id`. */
export function alertLabels(rule: LifecycleRule, seriesLabels: Labels): Labels {
  return { ...seriesLabels, ...(rule.labels ?? {}), alertname: rule.name, rule_id: rule.id };
}

/** The alert a series announces at `now`, or undefined (pending, normal, or resolved earlier). */
export function alertOf(rule: LifecycleRule, s: SeriesState, now: number): Alert | undefined {
  const active = activeStateOf(s);
  const resolvedNow = s.state === 'normal' && s.resolvedAt === now;
  if (!active && !resolvedNow) return undefined;
  return {
    fingerprint: s.fingerprint,
    ruleId: s.ruleId,
    labels: s.labels,
    ...(Object.keys(s.seriesLabels ?? {}).length ? { seriesLabels: s.seriesLabels } : {}),
    annotations: rule.annotations ?? {},
    state: active ?? 'resolved',
    startsAt: s.activeAt ?? now,
    endsAt: resolvedNow ? now : undefined,
    value: s.value,
    threshold: s.threshold,
    baseline: s.baseline,
    error: s.error,
    flapping: s.flapping,
    updatedAt: now,
  };
}

/** Applies `result` at `now` to the rule's previous series states. Pure. */
export function applyEvaluation(rule: LifecycleRule, previous: readonly SeriesState[], result: EvaluationResult, now: number): EvaluationOutcome {
  const prev = new Map(previous.map((s) => [s.fingerprint, s]));
  const next = new Map<string, SeriesState>();
  const ruleLevelFp = fingerprint(rule.id, {});
  const missingLimit = rule.missingSeriesEvalsToResolve ?? 2;

  const step = (fp: string, seriesLabels: Labels, desired: Desired, sample?: SeriesSample, error?: string) => {
    const before = next.get(fp) ?? prev.get(fp) ?? newSeriesState({ fingerprint: fp, ruleId: rule.id, seriesLabels, labels: alertLabels(rule, seriesLabels) }, now);
    // Rule labels may have been edited since the state was written.
    const base = { ...before, labels: alertLabels(rule, before.seriesLabels) };
    next.set(fp, stepSeries(rule, base, desired, now, sample, error));
  };
  const ruleLevel = (desired: Desired, error?: string) => step(ruleLevelFp, {}, desired, undefined, error);

  if (result.outcome === 'error') {
    const policy = rule.errorState ?? 'error';
    if (policy === 'error') ruleLevel({ kind: 'active', target: 'error' }, result.error);
    else if (policy === 'firing') ruleLevel({ kind: 'active', target: 'firing' }, result.error);
    else if (policy === 'normal') ruleLevel({ kind: 'clear' });
    for (const [fp, s] of prev) if (!next.has(fp)) next.set(fp, { ...s, lastEvaluatedAt: now });
  } else {
    for (const sample of result.series) {
      const fp = fingerprint(rule.id, sample.labels);
      step(fp, sample.labels, sample.breaching ? { kind: 'active', target: 'firing' } : { kind: 'clear' }, sample);
    }
    const noData = result.series.length === 0;
    if (noData) {
      const policy = rule.noDataState ?? 'nodata';
      if (policy === 'nodata') ruleLevel({ kind: 'active', target: 'nodata' });
      else if (policy === 'firing') ruleLevel({ kind: 'active', target: 'firing' });
      else if (policy === 'normal') ruleLevel({ kind: 'clear' });
    }
    const keepAll = noData && rule.noDataState === 'keep_last';
    for (const [fp, s] of prev) {
      if (next.has(fp)) continue;
      if (keepAll) {
        next.set(fp, { ...s, lastEvaluatedAt: now });
      } else if (!noData && fp === ruleLevelFp) {
        // Only the no-data / error policies create the label-less series of a rule whose
        // results have labels: data is back, so that condition is over.
        step(fp, s.seriesLabels, { kind: 'clear' });
      } else {
        const missing = { ...s, missingEvals: s.missingEvals + 1 };
        next.set(fp, missing.missingEvals >= missingLimit ? stepSeries(rule, missing, { kind: 'clear' }, now) : { ...missing, lastEvaluatedAt: now });
      }
    }
  }

  const states: SeriesState[] = [];
  const removed: string[] = [];
  const transitions: Transition[] = [];
  const alerts: Alert[] = [];
  for (const [fp, s] of next) {
    const before = prev.get(fp)?.state ?? 'normal';
    if (before !== s.state) transitions.push({ fingerprint: fp, from: before, to: s.state, at: now });
    const alert = alertOf(rule, s, now);
    if (alert) alerts.push(alert);
    const idle = s.state === 'normal' && s.activations.length === 0;
    if (idle) {
      if (prev.has(fp)) removed.push(fp);
    } else {
      states.push(s);
    }
  }
  return { states, removed, transitions, alerts };
}

/**
 * Retires a rule (deleted or paused): every tracked series clears at once
 * (no keep_firing_for hold), active ones as resolved alerts, and all are removed.
 */
export function retireRule(rule: LifecycleRule, previous: readonly SeriesState[], now: number): EvaluationOutcome {
  const transitions: Transition[] = [];
  const alerts: Alert[] = [];
  for (const s of previous) {
    const cleared = stepSeries({ ...rule, keepFiringForMs: 0, flap: undefined }, { ...s, flapping: false }, { kind: 'clear' }, now);
    if (cleared.state !== s.state) transitions.push({ fingerprint: s.fingerprint, from: s.state, to: cleared.state, at: now });
    const alert = alertOf(rule, cleared, now);
    if (alert) alerts.push(alert);
  }
  return { states: [], removed: previous.map((s) => s.fingerprint), transitions, alerts };
}
