/**
 * Which chart, if any, helps for a result: time series → line (one line per
 * measure or per category); category + measure → bar; two categories +
 * measure → grouped bars, or a heatmap when both have many values; one
 * number → a big-number card; none where a chart would not help (no
 * measure, raw rows that repeat a key, more than two dimensions, a sparse grid).
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { looksAdditive, toNumber } from './chart-data.ts';
import { columnRole } from './column-kinds.ts';

export type ChartKind = 'line' | 'area' | 'bar' | 'grouped-bar' | 'stacked-bar' | 'heatmap' | 'big-number' | 'pie' | 'donut' | 'scatter';

/** Every kind, for checking a requested kind that arrives as a string. */
export const CHART_KINDS: readonly ChartKind[] = ['line', 'area', 'bar', 'grouped-bar', 'stacked-bar', 'heatmap', 'big-number', 'pie', 'donut', 'scatter'];

/** How a kind is named in a sentence ("a pie chart"). */
export const KIND_PHRASES: Record<ChartKind, string> = {
  line: 'a line chart',
  area: 'an area chart',
  bar: 'bars',
  'grouped-bar': 'grouped bars',
  'stacked-bar': 'stacked bars',
  heatmap: 'a heatmap',
  'big-number': 'a single number',
  pie: 'a pie chart',
  donut: 'a donut chart',
  scatter: 'a scatter plot',
};

/** A chart choice and, when a requested kind was not drawn, the one line that says why. */
export interface ChartPlan {
  choice: ChartChoice | null;
  note?: string;
}

/** Slices a pie or donut shows at most. */
export const MAX_PIE_SLICES = 8;

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
  return planChart(columns, rows, hint).choice;
}

/**
 * The chart for a result, honouring a requested kind when the data fits it;
 * otherwise the chart that fits, with a one-line note of why the requested
 * kind was not drawn (pie/donut: parts of one whole, at most 8 slices; area:
 * an ordered axis; scatter: two numeric columns).
 */
export function planChart(columns: Column[], rows: unknown[][], hint?: { kind?: ChartKind }): ChartPlan {
  const requested = hint?.kind && CHART_KINDS.includes(hint.kind) ? hint.kind : undefined;
  const auto = autoChoice(columns, rows, requested);
  if (!requested) return { choice: auto };
  const special = requested === 'pie' || requested === 'donut' ? pieChoice(columns, rows, requested, auto)
    : requested === 'scatter' ? scatterChoice(columns, rows)
    : requested === 'area' ? areaChoice(columns, auto)
    : undefined;
  if (special && 'choice' in special) return { choice: special.choice };
  const choice = auto;
  const why = special?.why;
  if (!choice) return { choice, note: `${cap(KIND_PHRASES[requested])} does not fit this result${why ? ` (${why})` : ''}, so the answer is the table alone.` };
  const drawn = choice.kind;
  const same = drawn === requested || (requested === 'bar' && drawn === 'grouped-bar') || ((requested === 'grouped-bar' || requested === 'stacked-bar') && drawn === 'bar');
  if (same) return { choice };
  return { choice, note: `${cap(KIND_PHRASES[requested])} does not fit this result${why ? ` (${why})` : ''}, so it is drawn as ${KIND_PHRASES[drawn]}.` };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function rolesOf(columns: Column[]) {
  const roles = columns.map(columnRole);
  const idx = (role: string) => roles.flatMap((r, i) => (r === role ? [i] : []));
  return { times: idx('time'), cats: idx('category'), measures: idx('measure') };
}

/** Pie / donut: one breakdown (not time) of one measure that adds up to a whole, at most 8 slices, none negative. */
function pieChoice(columns: Column[], rows: unknown[][], kind: 'pie' | 'donut', auto: ChartChoice | null): { choice: ChartChoice } | { why: string } {
  const { times, cats, measures } = rolesOf(columns);
  if (measures.length === 0) return { why: 'there is no figure to split' };
  if (cats.length === 0) return { why: times.length ? 'a pie shows parts of one whole, not a series over time' : 'there is no breakdown to split it by' };
  if (cats.length + times.length > 1) return { why: 'a pie shows one breakdown and this result has two' };
  const x = cats[0];
  const y = measures[0];
  const name = columns[y].displayName ?? columns[y].name;
  if (columns[y].format === 'percent' && !/share|percent|pct/i.test(columns[y].name)) return { why: `${name} is a rate, not a part of a whole` };
  if (!looksAdditive(columns[y].name) && !/share|percent|pct/i.test(columns[y].name)) return { why: `${name} does not add up to a whole` };
  const values = rows.map((r) => toNumber(r[y]));
  if (values.some((v) => v < 0)) return { why: `${name} has negative values` };
  if (new Set(rows.map((r) => String(r[x]))).size !== rows.length) return { why: 'the rows repeat a category' };
  if (rows.length > MAX_PIE_SLICES) return { why: `it has ${rows.length} slices and a pie reads well with at most ${MAX_PIE_SLICES}` };
  if (rows.length < 2) return { why: 'it has a single slice' };
  void auto;
  return { choice: { kind, x, y: [y] } };
}

/** Scatter: two numeric columns, one point a row (labelled by a category when there is one). */
function scatterChoice(columns: Column[], rows: unknown[][]): { choice: ChartChoice } | { why: string } {
  const { cats, measures } = rolesOf(columns);
  if (measures.length < 2) return { why: 'a scatter plot needs two numeric columns' };
  if (rows.length < 2) return { why: 'it has a single row' };
  return { choice: { kind: 'scatter', x: measures[0], y: [measures[1]], ...(cats.length ? { series: cats[0] } : {}) } };
}

/** Area: a line chart filled to zero; it needs an ordered axis (time). */
function areaChoice(columns: Column[], auto: ChartChoice | null): { choice: ChartChoice } | { why: string } {
  if (!auto || auto.x === undefined) return { why: 'an area chart needs an axis of time' };
  if (columnRole(columns[auto.x]) !== 'time') return { why: 'an area chart needs an axis of time' };
  return { choice: { ...auto, kind: 'area' } };
}

function autoChoice(columns: Column[], rows: unknown[][], requested: ChartKind | undefined): ChartChoice | null {
  const hint = requested === 'pie' || requested === 'donut' || requested === 'scatter' || requested === 'area' ? undefined : { kind: requested };
  if (rows.length === 0 || columns.length === 0) return null;
  const roles = columns.map(columnRole);
  const idx = (role: string) => roles.flatMap((r, i) => (r === role ? [i] : []));
  const times = idx('time');
  const cats = idx('category');
  const allMeasures = idx('measure');
  const measures = comparableMeasures(allMeasures, rows);
  if (measures.length === 0) return null;

  // One number is a tile; one row of several figures (a count and a sum) is not one tile: the table says it.
  if (rows.length === 1 && allMeasures.length === 1 && times.length + cats.length <= 2) return { kind: 'big-number', y: measures };
  if (rows.length === 1 && allMeasures.length > 1 && times.length + cats.length === 0) return null;
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
  if (kind === 'pie' || kind === 'donut' || kind === 'scatter' || kind === 'area') return choice;
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
