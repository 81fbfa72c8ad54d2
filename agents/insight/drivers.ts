/**
 * Which dimension values drove an anomaly: for every dimension of the
 * measure's table (from the semantic model), the measure per time slot per
 * value over the anomaly's slots and a same-phase baseline before it; each
 * value's change is its share of the total change. The driver is the value
 * whose share of the change exceeds its usual share of the measure the most
 * ("mobile refunds +110 %, 80 % of the rise" while mobile is 40 % of refunds
 * normally). A ratio measure (refund rate) is explained by its numerator
 * (refunds), which adds up over values.
 */
import { dimensionValues, type SemanticModel } from '../query/semantic-model.ts';
import type { FilterSpec, MeasureSpec, SemanticQuery } from '../query/semantic-query.ts';
import { measureByName } from '../query/compiler.ts';
import { baseTableOf } from '../query/resolve.ts';

export interface DriverValue {
  dimension: string;
  value: string;
  /** Change of the value's measure over the anomaly's slots, against its baseline. */
  delta: number;
  /** Relative change of the value (−0.6 = −60 %); Infinity when its baseline was 0. */
  changePct: number;
  /** Its part of the total change (0.8 = 80 % of the rise). */
  shareOfChange: number;
  /** Its usual part of the measure (in the baseline). */
  usualShare: number;
}

export interface DriverSearch {
  /** The measure the change is counted in (the numerator of a ratio). */
  measure: MeasureSpec;
  /** Total change over the anomaly's slots. */
  totalDelta: number;
  /** The best value of each dimension searched, best first. */
  byDimension: DriverValue[];
  /** The value that stands out (share of the change at least 20 points above its usual share), if any. */
  driver?: DriverValue;
  /** Dimensions searched. */
  searched: string[];
}

/** Runs a semantic query (compiled, guarded, executed by the caller); rows as the compiler orders them. */
export type RunQuery = (q: SemanticQuery) => Promise<unknown[][]>;

/** Dimensions worth searching: of the measure's table, listed values (2–50), not what the measure filters on. */
export function driverDimensions(model: SemanticModel, measure: MeasureSpec): string[] {
  const table = baseTableOf(model, measure);
  const filtered = new Set<string>();
  if (measure.kind === 'measure') {
    let m = measureByName(model, measure.name);
    while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
    for (const k of Object.keys(m.filter ?? {})) filtered.add(k);
    for (const k of m.overridableBy ?? []) filtered.add(k);
  }
  return model.dimensions
    .filter((d) => !d.expr && !d.rowsOf)
    .filter((d) => (d.columns ?? []).some((c) => c.startsWith(`${table}.`) && !filtered.has(c.slice(table.length + 1))))
    .filter((d) => {
      const n = dimensionValues(d).length;
      return n >= 2 && n <= 50;
    })
    .map((d) => d.name);
}

/** The measure a change is counted in: a ratio's numerator, else the measure itself. */
export function additiveMeasure(model: SemanticModel, measure: MeasureSpec): MeasureSpec {
  if (measure.kind !== 'measure') return measure;
  let m = measureByName(model, measure.name);
  while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
  return { kind: 'measure', name: m.name };
}

/**
 * Searches the dimensions. `slots` are the anomaly's slot starts (ms);
 * `baselineOf` gives the same-phase slots before the anomaly a slot is
 * compared with; `period` bounds the queries; `filters` are the question's
 * (a filter on the dimension searched is dropped, so "refunds on mobile"
 * compares mobile with the other devices).
 */
export async function searchDrivers(input: {
  model: SemanticModel;
  base: SemanticQuery;
  slots: number[];
  baselineOf: (slot: number) => number[];
  period: { from: string; to: string };
  grain: 'hour' | 'day' | 'week';
  run: RunQuery;
  parseTime: (v: unknown) => number;
}): Promise<DriverSearch> {
  const { model, base } = input;
  const measure = additiveMeasure(model, base.measures[0]);
  const dims = driverDimensions(model, base.measures[0]);
  const byDimension: DriverValue[] = [];
  let totalDelta = 0;
  for (const dim of dims) {
    const filters: FilterSpec[] = base.filters.filter((f) => !(f.kind === 'dimension' && f.dimension === dim));
    const rows = await input.run({ model: base.model, measures: [measure], dimensions: [dim], filters, grain: input.grain, period: { ...input.period, toInclusive: false, label: 'driver search' } });
    const byValue = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const t = input.parseTime(r[0]);
      const v = Number(r[2]);
      if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
      const key = String(r[1]);
      let m = byValue.get(key);
      if (!m) byValue.set(key, (m = new Map()));
      m.set(t, v);
    }
    const stats: Array<{ value: string; actual: number; baseline: number }> = [];
    for (const [value, series] of byValue) {
      let actual = 0;
      let baseline = 0;
      for (const slot of input.slots) {
        actual += series.get(slot) ?? 0;
        const b = input.baselineOf(slot).map((s) => series.get(s) ?? 0).sort((x, y) => x - y);
        baseline += b.length ? (b.length % 2 ? b[(b.length - 1) / 2] : (b[b.length / 2 - 1] + b[b.length / 2]) / 2) : 0;
      }
      stats.push({ value, actual, baseline });
    }
    const delta = stats.reduce((a, s) => a + s.actual - s.baseline, 0);
    const usual = stats.reduce((a, s) => a + s.baseline, 0);
    if (!delta || !usual) continue;
    if (Math.abs(delta) > Math.abs(totalDelta)) totalDelta = delta;
    let best: DriverValue | undefined;
    for (const s of stats) {
      const d: DriverValue = {
        dimension: dim,
        value: s.value,
        delta: s.actual - s.baseline,
        changePct: s.baseline ? s.actual / s.baseline - 1 : Infinity,
        shareOfChange: (s.actual - s.baseline) / delta,
        usualShare: s.baseline / usual,
      };
      if (!best || d.shareOfChange - d.usualShare > best.shareOfChange - best.usualShare) best = d;
    }
    if (best) byDimension.push(best);
  }
  byDimension.sort((a, b) => b.shareOfChange - b.usualShare - (a.shareOfChange - a.usualShare));
  const top = byDimension[0];
  return { measure, totalDelta, byDimension, searched: dims, ...(top && top.shareOfChange - top.usualShare >= 0.2 ? { driver: top } : {}) };
}
