/**
 * Small robust-statistics helpers shared by the anomaly detector and the
 * forecaster. Every function skips NaN (a missing point) and never mutates
 * its input.
 */

/** Median of the finite values of `values` (NaN when there are none). */
export function median(values: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) v.push(values[i]);
  return medianInPlace(v);
}

/** Median of a scratch array that may be reordered (finite values only). Quickselect: O(n), no full sort. */
export function medianInPlace(v: number[]): number {
  const n = v.length;
  if (n === 0) return NaN;
  const k = n >> 1;
  select(v, k);
  if (n % 2) return v[k];
  // v[0..k-1] now hold the k smallest values: the lower middle is their maximum.
  let lower = v[0];
  for (let i = 1; i < k; i++) if (v[i] > lower) lower = v[i];
  return (lower + v[k]) / 2;
}

/** Reorders `v` so that v[k] is the k-th smallest, smaller ones before it and larger ones after (Hoare's quickselect). */
function select(v: number[], k: number): void {
  let lo = 0;
  let hi = v.length - 1;
  while (hi > lo) {
    if (hi - lo < 16) {
      for (let i = lo + 1; i <= hi; i++) {
        const x = v[i];
        let j = i - 1;
        while (j >= lo && v[j] > x) v[j + 1] = v[j--];
        v[j + 1] = x;
      }
      return;
    }
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot.
    if (v[mid] < v[lo]) swap(v, mid, lo);
    if (v[hi] < v[lo]) swap(v, hi, lo);
    if (v[hi] < v[mid]) swap(v, hi, mid);
    const pivot = v[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (v[i] < pivot) i++;
      while (v[j] > pivot) j--;
      if (i <= j) swap(v, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(v: number[], a: number, b: number): void {
  const t = v[a];
  v[a] = v[b];
  v[b] = t;
}

/** Median absolute deviation around the median, scaled by 1.4826 so it estimates σ for Gaussian noise. */
export function madSigma(values: ArrayLike<number>): number {
  const m = median(values);
  if (!Number.isFinite(m)) return NaN;
  const dev: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) dev.push(Math.abs(values[i] - m));
  return 1.4826 * medianInPlace(dev);
}

/**
 * Centered rolling median with half-width `halfWindow` (window 2·h+1, cut at
 * the ends), over finite values only. A window with fewer than `minCount`
 * finite values gives NaN.
 */
export function rollingMedian(values: ArrayLike<number>, halfWindow: number, minCount = 1): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const scratch: number[] = [];
  for (let i = 0; i < n; i++) {
    scratch.length = 0;
    const lo = Math.max(0, i - halfWindow);
    const hi = Math.min(n - 1, i + halfWindow);
    for (let j = lo; j <= hi; j++) if (Number.isFinite(values[j])) scratch.push(values[j]);
    out[i] = scratch.length >= minCount ? medianInPlace(scratch) : NaN;
  }
  return out;
}

/** Median of the finite values in `values[from, to)` (bounds clipped). */
export function windowMedian(values: ArrayLike<number>, from: number, to: number, scratch: number[] = []): { median: number; count: number } {
  scratch.length = 0;
  for (let j = Math.max(0, from); j < Math.min(values.length, to); j++) if (Number.isFinite(values[j])) scratch.push(values[j]);
  return { median: medianInPlace(scratch), count: scratch.length };
}

/** Fills NaN gaps by linear interpolation between finite neighbours (constant beyond the ends). All-NaN stays NaN. */
export function fillGaps(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = Float64Array.from(values as ArrayLike<number>);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i])) continue;
    if (prev === -1) for (let j = 0; j < i; j++) out[j] = out[i];
    else for (let j = prev + 1; j < i; j++) out[j] = out[prev] + ((out[i] - out[prev]) * (j - prev)) / (i - prev);
    prev = i;
  }
  if (prev >= 0) for (let j = prev + 1; j < n; j++) out[j] = out[prev];
  return out;
}

/** Sample autocorrelation of the finite pairs at `lag` (0 when undefined). */
export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) continue;
    sum += values[i];
    count++;
  }
  if (count < 3) return 0;
  const mean = sum / count;
  let den = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) den += (values[i] - mean) ** 2;
  let num = 0;
  for (let i = 0; i + lag < n; i++) {
    const a = values[i];
    const b = values[i + lag];
    if (Number.isFinite(a) && Number.isFinite(b)) num += (a - mean) * (b - mean);
  }
  return den > 0 ? num / den : 0;
}

/** A seeded PRNG (mulberry32): same seed, same sequence. Returns numbers in [0, 1). */
export { createRandom } from '../../bot/contracts/random.ts';

/** A standard normal draw from a uniform source (Box–Muller). */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
