/**
 * Evaluating a rule period by period, as the scheduler would have at the end
 * of each period: the condition on that period's value (against its baseline
 * for change rules), then `for` (the condition must have held since an
 * evaluation at least that long ago — Prometheus' pending → firing), then the
 * nodata policy for a period without a value. Pure: the series comes in.
 */
import type { AlertRule } from '../rules/rule.ts';
import { addPeriods } from '../rules/schedule.ts';

const WEEK = 7 * 86_400_000;

export type PeriodState = 'normal' | 'pending' | 'firing';

export interface PeriodEvaluation {
  /** Period start (ms). */
  start: number;
  /** Period end (ms): when it is evaluated. */
  end: number;
  /** The period's value (for freshness: the age in seconds at its end; for no data: 0); null without data. */
  value: number | null;
  /** The change rule's baseline value. */
  baseline?: number | null;
  /** The condition held (null: no data to decide). */
  holds: boolean | null;
  state: PeriodState;
}

export interface EvaluateInput {
  rule: AlertRule;
  /** Period starts to evaluate, in order (the earlier ones warm up `for` and change state). */
  periods: number[];
  /** Value per period start (absent: no data). */
  values: Map<number, number>;
  /** Period starts the anomaly detector flagged (anomaly rules). */
  anomalies?: Set<number>;
}

/** The baseline period of a change rule for the period starting at `start`. */
export function baselineStart(rule: AlertRule, start: number): number {
  if (rule.condition.kind === 'change' && rule.condition.baseline === 'last_week') return start - WEEK;
  return addPeriods(rule.granularity, start, -1);
}

/** Decides one period's condition: true / false, or null when there is no data to decide on. */
function check(input: EvaluateInput, start: number, end: number): { value: number | null; baseline?: number | null; holds: boolean | null } {
  const { rule, values } = input;
  const c = rule.condition;
  const v = values.get(start);
  switch (c.kind) {
    case 'nodata': {
      // No row in any period that starts within the lookback before this period's end.
      let seen = 0;
      for (const [s, x] of values) if (s < end && addPeriods(rule.granularity, s, 1) > end - c.forMs && Number.isFinite(x)) seen++;
      return { value: seen, holds: seen === 0 };
    }
    case 'freshness':
      if (v === undefined) return { value: null, holds: null };
      return { value: Number.isFinite(v) ? v : null, holds: v * 1000 > c.maxAgeMs };
    case 'threshold':
      return v === undefined ? { value: null, holds: null } : { value: v, holds: c.op === 'above' ? v > c.value : v < c.value };
    case 'outside':
      return v === undefined ? { value: null, holds: null } : { value: v, holds: v < c.low || v > c.high };
    case 'crosses': {
      if (v === undefined) return { value: null, holds: null };
      const prev = values.get(addPeriods(rule.granularity, start, -1));
      if (prev === undefined) return { value: v, holds: false };
      return { value: v, holds: (prev < c.value && v >= c.value) || (prev > c.value && v <= c.value) };
    }
    case 'change': {
      const base = values.get(baselineStart(rule, start));
      if (v === undefined) return { value: null, baseline: base ?? null, holds: null };
      if (base === undefined) return { value: v, baseline: null, holds: false };
      if (Math.max(Math.abs(v), Math.abs(base)) < rule.minVolume) return { value: v, baseline: base, holds: false };
      const diff = v - base;
      const change = c.percent ? (base === 0 ? (diff === 0 ? 0 : Math.sign(diff) * Infinity) : (diff / Math.abs(base)) * 100) : diff;
      const holds = c.direction === 'any' ? Math.abs(change) > c.amount : c.direction === 'up' ? change > c.amount : -change > c.amount;
      return { value: v, baseline: base, holds };
    }
    case 'anomaly':
      return v === undefined ? { value: null, holds: null } : { value: v, holds: input.anomalies?.has(start) ?? false };
  }
}

/** Evaluates every period in order; the state carries from one to the next. */
export function evaluatePeriods(input: EvaluateInput): PeriodEvaluation[] {
  const { rule } = input;
  const out: PeriodEvaluation[] = [];
  let activeSince: number | undefined;
  let state: PeriodState = 'normal';
  for (const start of input.periods) {
    const end = addPeriods(rule.granularity, start, 1);
    const r = check(input, start, end);
    let holds = r.holds;
    if (holds === null) {
      if (rule.nodata === 'keep') {
        out.push({ start, end, ...r, state });
        continue;
      }
      holds = rule.nodata === 'alert';
    }
    if (holds) {
      activeSince ??= end;
      state = end - activeSince >= rule.forMs ? 'firing' : 'pending';
    } else {
      activeSince = undefined;
      state = 'normal';
    }
    out.push({ start, end, ...r, state });
  }
  return out;
}
