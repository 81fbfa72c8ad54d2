/**
 * Which chart, if any, helps for a result: time series → line (one line per
 * measure or per category); category + measure → bar; two categories +
 * measure → grouped bars, or a heatmap when both have many values; one
 * number → a big-number card; none where a chart would not help (no
 * measure, raw rows that repeat a key, more than two dimensions, a sparse grid).
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { toNumber } from './chart-data.ts';
import { columnRole } from './column-kinds.ts';

export type ChartKind = 'line' | 'bar' | 'grouped-bar' | 'stacked-bar' | 'heatmap' | 'big-number';

export interface ChartChoice {
  kind: ChartKind;
  /** Column index of the x axis (time or category); absent for big-number. */
  x?: number;
  /** Column indexes of the measures plotted (the first one alone when `series` is set). */
  y: number[];
  /** Column index of the series / colour dimension (heatmap: the y axis). */
  series?: number;
}

/** At most this many distinct values on the smaller dimension for grouped bars; more → heatmap. */
const MAX_GROUPS = 6;
/** Measures plotted together at most. */
const MAX_MEASURES = 4;
/** Measures whose largest values differ more than this share no axis. */
const MAX_SCALE_RATIO = 20;

/**
 * Picks a chart for a result, or null when a chart would not help. A hint
 * ("as a bar chart") is honoured when the data fits that kind.
 */
export function chooseChart(columns: Column[], rows: unknown[][], hint?: { kind?: ChartKind }): ChartChoice | null {
  if (rows.length === 0 || columns.length === 0) return null;
  const roles = columns.map(columnRole);
  const idx = (role: string) => roles.flatMap((r, i) => (r === role ? [i] : []));
  const times = idx('time');
  const cats = idx('category');
  const measures = comparableMeasures(idx('measure'), rows);
  if (measures.length === 0) return null;

  if (rows.length === 1 && measures.length === 1 && times.length + cats.length <= 2) return { kind: 'big-number', y: measures };
  if (times.length + cats.length === 0 || times.length + cats.length > 2) return null;

  let choice: ChartChoice | null;
  if (times.length === 1 && cats.length === 0) {
    choice = { kind: 'line', x: times[0], y: measures };
  } else if (times.length === 1 && cats.length === 1) {
    choice = { kind: 'line', x: times[0], y: [measures[0]], series: cats[0] };
  } else if (cats.length === 1 && times.length === 0) {
    choice = measures.length > 1 ? { kind: 'grouped-bar', x: cats[0], y: measures } : { kind: 'bar', x: cats[0], y: measures };
  } else {
    // Two dimensions (two categories, or two times): the smaller one is the series.
    const [a, b] = [...times, ...cats];
    const distinctA = distinct(rows, a);
    const distinctB = distinct(rows, b);
    const [x, series] = distinctB <= distinctA ? [a, b] : [b, a];
    const small = Math.min(distinctA, distinctB);
    const pairs = new Set(rows.map((r) => `${String(r[a])}\u0000${String(r[b])}`)).size;
    if (small <= MAX_GROUPS) choice = { kind: 'grouped-bar', x, y: [measures[0]], series };
    else if (pairs / (distinctA * distinctB) < 0.2) return null; // a sparse grid: the table says more
    else choice = { kind: 'heatmap', x, y: [measures[0]], series };
  }
  if (repeatsKey(rows, choice)) return null;
  if (rows.length === 1 && choice.kind === 'line') choice = { ...choice, kind: 'bar' };
  return applyHint(choice, hint?.kind, times, rows.length);
}

function applyHint(choice: ChartChoice, kind: ChartKind | undefined, times: number[], rowCount: number): ChartChoice {
  if (!kind || kind === choice.kind || choice.kind === 'big-number') return choice;
  const multi = choice.series !== undefined || choice.y.length > 1;
  switch (kind) {
    case 'big-number':
      return rowCount === 1 ? { kind, y: [choice.y[0]] } : choice;
    case 'line':
      return choice.x !== undefined && (times.includes(choice.x) || choice.kind !== 'heatmap') && rowCount > 1 ? { ...choice, kind } : choice;
    case 'bar':
      return { ...choice, kind: multi ? 'grouped-bar' : 'bar' };
    case 'grouped-bar':
    case 'stacked-bar':
      return { ...choice, kind: multi ? kind : 'bar' };
    case 'heatmap':
      return choice.series !== undefined ? { ...choice, kind } : choice;
  }
}

/** Measures that can share an axis with the first one (count and revenue cannot). */
function comparableMeasures(measures: number[], rows: unknown[][]): number[] {
  if (measures.length <= 1) return measures;
  const peak = (i: number) => rows.reduce((m: number, r) => Math.max(m, Math.abs(toNumber(r[i])) || 0), 0);
  const first = peak(measures[0]);
  return measures.slice(0, MAX_MEASURES).filter((m, k) => {
    if (k === 0) return true;
    const p = peak(m);
    return first > 0 && p > 0 && Math.max(first, p) / Math.min(first, p) <= MAX_SCALE_RATIO;
  });
}

function distinct(rows: unknown[][], i: number): number {
  return new Set(rows.map((r) => String(r[i]))).size;
}

/** Raw rows (the same x, or x and series, more than once) are not an aggregate a chart can show. */
function repeatsKey(rows: unknown[][], choice: ChartChoice): boolean {
  if (choice.x === undefined) return false;
  const seen = new Set<string>();
  for (const r of rows) {
    const key = choice.series === undefined ? String(r[choice.x]) : `${String(r[choice.x])}\u0000${String(r[choice.series])}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}
