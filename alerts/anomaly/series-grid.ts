/**
 * Puts (timestamp, value) points on a regular grid: the step is the median
 * gap between timestamps, a missing point becomes NaN, and every grid slot
 * remembers which input point filled it. Also resolves the seasonal period
 * (given, named, or found by autocorrelation).
 */
import { fillGaps, madSigma, median, rollingMedian } from './robust-stats.ts';

/** One observation: epoch milliseconds and a value (non-finite = missing). */
export interface SeriesPoint {
  tsMs: number;
  value: number;
}

/** The grid: `values[i]` is at `startMs + i·stepMs`; `source[i]` is the input index (−1 when missing). */
export interface SeriesGrid {
  startMs: number;
  stepMs: number;
  values: Float64Array;
  source: Int32Array;
  /** Calendar months instead of a fixed step (the step is then a nominal 30.44 days). */
  monthly?: boolean;
}

/** The timestamp of grid slot `i` (also past the end, for forecasts). */
export function slotTimeMs(grid: SeriesGrid, i: number): number {
  if (!grid.monthly) return grid.startMs + i * grid.stepMs;
  const d = new Date(grid.startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

/** A period given by name (one hour, day or week of steps), as a number of steps, or found automatically. */
export type PeriodSpec = 'auto' | 'hour' | 'day' | 'week' | number;

/** Thrown for input a detector or forecaster cannot work with; the message is one line for a person. */
export class SeriesInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeriesInputError';
  }
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Builds the grid. Duplicated timestamps keep the last value given. */
export function toGrid(points: readonly SeriesPoint[], opts: { stepMs?: number } = {}): SeriesGrid {
  if (points.length === 0) throw new SeriesInputError('the series has no points');
  const order = points.map((_, i) => i).sort((a, b) => points[a].tsMs - points[b].tsMs || a - b);
  for (const i of order) if (!Number.isFinite(points[i].tsMs)) throw new SeriesInputError(`point ${i + 1} has no valid timestamp`);
  const startMs = points[order[0]].tsMs;
  let stepMs = opts.stepMs ?? 0;
  if (!stepMs) {
    const gaps: number[] = [];
    for (let k = 1; k < order.length; k++) {
      const gap = points[order[k]].tsMs - points[order[k - 1]].tsMs;
      if (gap > 0) gaps.push(gap);
    }
    stepMs = gaps.length ? median(gaps) : 1;
  }
  // Monthly data: months are 28–31 days, so a fixed step drifts over years; slot by calendar month instead.
  const monthly = !opts.stepMs && stepMs >= 27 * DAY_MS && stepMs <= 32 * DAY_MS;
  const first = new Date(startMs);
  const monthSlot = (ms: number) => {
    const d = new Date(ms);
    return (d.getUTCFullYear() - first.getUTCFullYear()) * 12 + d.getUTCMonth() - first.getUTCMonth();
  };
  if (monthly) stepMs = 30.436875 * DAY_MS;
  const span = points[order[order.length - 1]].tsMs - startMs;
  const n = (monthly ? monthSlot(points[order[order.length - 1]].tsMs) : Math.round(span / stepMs)) + 1;
  if (n > Math.max(16, 20 * points.length)) throw new SeriesInputError('timestamps are too irregular to find a step (most gaps are much shorter than the span suggests)');
  const values = new Float64Array(n).fill(NaN);
  const source = new Int32Array(n).fill(-1);
  for (const i of order) {
    const slot = monthly ? monthSlot(points[i].tsMs) : Math.round((points[i].tsMs - startMs) / stepMs);
    const v = points[i].value;
    values[slot] = Number.isFinite(v) ? v : NaN;
    source[slot] = i;
  }
  return { startMs, stepMs, values, source, ...(monthly ? { monthly } : {}) };
}

/** Candidate periods (in steps) worth testing for a grid step. */
export function candidatePeriods(stepMs: number): number[] {
  const perStep = (ms: number) => Math.round(ms / stepMs);
  const near = (ms: number) => Math.abs(ms / stepMs - perStep(ms)) < 0.05;
  const out: number[] = [];
  for (const ms of [HOUR_MS, DAY_MS, 7 * DAY_MS]) {
    const p = perStep(ms);
    if (p >= 2 && near(ms)) out.push(p);
  }
  // Monthly data: a yearly season.
  if (stepMs >= 27 * DAY_MS && stepMs <= 32 * DAY_MS) out.push(12);
  // Steps without a calendar meaning (an index, irregular units): the usual suspects.
  if (out.length === 0) out.push(7, 12, 24);
  return [...new Set(out)];
}

/**
 * Finds the seasonal period: the series loses its trend (a rolling median as
 * wide as the longest feasible candidate), then each candidate's seasonal
 * profile (per-phase median) predicts every point leave-one-out — the median
 * of the same phase in the *other* cycles — and the candidate whose
 * prediction errors have the smallest robust σ wins, if it beats no
 * seasonality (and any shorter winner) by `minGain`. Leave-one-out keeps a
 * long period with few cycles from winning by fitting the noise; a plain
 * autocorrelation at each lag picked the daily period for hourly series with
 * a weekly pattern too (see bench/anomaly.ts).
 */
export function detectPeriod(values: ArrayLike<number>, candidates: number[], opts: { minGain?: number; dayOfWeek?: Int8Array; dailyPeriod?: number } = {}): number {
  const minGain = opts.minGain ?? 0.05;
  const n = values.length;
  const feasible = [...new Set(candidates)].filter((p) => p >= 2 && n >= 2 * p + 1).sort((a, b) => a - b);
  if (feasible.length === 0) return 1;
  const trend = fillGaps(rollingMedian(values, Math.floor(feasible[feasible.length - 1] / 2)));
  const detrended = new Float64Array(n);
  for (let i = 0; i < n; i++) detrended[i] = values[i] - trend[i];
  let best = 1;
  let bestError = errorScale(detrended);
  if (!(bestError > 0)) return 1;
  for (const p of feasible) {
    // The daily period is judged with its day-of-week layer, as the detector will use it.
    const error = leaveOneOutSeasonalError(p === opts.dailyPeriod && opts.dayOfWeek ? withoutWeekdayOffsets(detrended, opts.dayOfWeek) : detrended, p);
    if (error < (1 - minGain) * bestError) {
      best = p;
      bestError = error;
    }
  }
  return best;
}

/**
 * The day-of-week index (0–6, UTC) of every grid slot, when a day is a whole
 * number (≥ 2) of steps and the grid spans at least two weeks; else undefined.
 */
export function dayOfWeekIndex(grid: SeriesGrid): Int8Array | undefined {
  const perDay = DAY_MS / grid.stepMs;
  const n = grid.values.length;
  if (perDay < 2 || Math.abs(perDay - Math.round(perDay)) > 1e-6 || n < 14 * perDay) return undefined;
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((grid.startMs + i * grid.stepMs) / DAY_MS) % 7;
  return out;
}

/** Subtracts per-weekday medians (centred) from a detrended series. */
export function withoutWeekdayOffsets(detrended: ArrayLike<number>, dayOfWeek: Int8Array): Float64Array {
  const byDay: number[][] = Array.from({ length: 7 }, () => []);
  for (let i = 0; i < detrended.length; i++) if (Number.isFinite(detrended[i])) byDay[dayOfWeek[i]].push(detrended[i]);
  const offsets = byDay.map((v) => (v.length ? median(v) : 0));
  const mid = median(offsets);
  return Float64Array.from(detrended as ArrayLike<number>, (v, i) => v - (offsets[dayOfWeek[i]] - mid));
}

/** Robust σ of the errors when each point is predicted by the median of its phase in the other cycles. */
export function leaveOneOutSeasonalError(detrended: ArrayLike<number>, period: number): number {
  const errors: number[] = [];
  const phase: number[] = [];
  for (let p = 0; p < period; p++) {
    phase.length = 0;
    for (let i = p; i < detrended.length; i += period) if (Number.isFinite(detrended[i])) phase.push(detrended[i]);
    const c = phase.length;
    if (c < 2) continue;
    phase.sort((a, b) => a - b);
    const m = c - 1; // size of the list without one element
    for (let k = 0; k < c; k++) {
      const at = (r: number) => phase[r < k ? r : r + 1];
      const loo = m % 2 ? at((m - 1) / 2) : (at(m / 2 - 1) + at(m / 2)) / 2;
      errors.push(phase[k] - loo);
    }
  }
  return errors.length ? errorScale(errors) : Infinity;
}

/**
 * The scale of prediction errors a period is judged by: the larger of the MAD σ and the σ implied by the mean
 * absolute error with the largest 5 % left out. The MAD alone misses a pattern that moves fewer than half the
 * points: five ordinary weekdays and two low weekend days left the MAD of "no seasonality" as small as the
 * weekly profile's, and the demo's desktop refunds by day (weekends −25 %) got no period, so every weekend was a dip.
 */
export function errorScale(values: ArrayLike<number>): number {
  const abs: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) abs.push(Math.abs(values[i]));
  if (!abs.length) return NaN;
  abs.sort((a, b) => a - b);
  const kept = abs.slice(0, Math.max(1, Math.ceil(abs.length * 0.95)));
  const meanAbs = kept.reduce((a, b) => a + b, 0) / kept.length;
  return Math.max(madSigma(values), 1.2533 * meanAbs);
}

/** Resolves a period spec to a number of steps (1 = no seasonality); 'auto' looks at `values` (default: the grid's). */
export function resolvePeriod(spec: PeriodSpec, grid: SeriesGrid, values: ArrayLike<number> = grid.values): number {
  if (typeof spec === 'number') {
    if (!Number.isInteger(spec) || spec < 1) throw new SeriesInputError(`the period must be a whole number of points ≥ 1, not ${spec}`);
    return spec;
  }
  if (spec === 'auto') return detectPeriod(values, candidatePeriods(grid.stepMs), { dayOfWeek: dayOfWeekIndex(grid), dailyPeriod: Math.round(DAY_MS / grid.stepMs) });
  const ms = spec === 'hour' ? HOUR_MS : spec === 'day' ? DAY_MS : 7 * DAY_MS;
  const p = Math.round(ms / grid.stepMs);
  if (p < 2) throw new SeriesInputError(`a ${spec} is not longer than the series' step, so it cannot be its period`);
  return p;
}
