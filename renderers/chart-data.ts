/**
 * ChartChoice + rows → the points a chart draws: times parsed, categories
 * ordered (bars by value, descending; numeric buckets and times in order),
 * the tail folded into "Other" (only for additive measures) and series
 * limited to what a legend can show. The spec builder and the alt text both
 * read this, so the description matches the picture.
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import type { ChartChoice, ChartKind } from './chart-choice.ts';
import { isNumericType, isTimeType } from './column-kinds.ts';
import { columnTitle, formatValue, parseFormat, withUnit } from './format.ts';
import { findPartialPeriods, type PartialMark, type PartialOptions } from './periods.ts';
import { detectGranularity, isoLabel, parseTime, shortLabel, type TimeGranularity } from './time.ts';

export const OTHER = 'Other';

/** One drawn value: x is epoch ms on a time axis, else a category label. */
export interface ChartPoint {
  x: number | string;
  /** Series (colour) label; the measure name for single-series charts. */
  s: string;
  y: number;
  /** The x bucket is an incomplete period (drawn dashed or lighter). */
  partial?: PartialMark;
  /** Scatter: the label of the point (its category). */
  label?: string;
}

export interface ChartData {
  kind: ChartKind;
  /** 'time': a continuous UTC time axis (lines); 'category': a discrete axis. */
  xMode: 'time' | 'category';
  xTitle: string;
  yTitle: string;
  /** Legend title; null when the series are the measures themselves. */
  seriesTitle: string | null;
  /** True when the chart has more than one series (legend, colours). */
  multi: boolean;
  points: ChartPoint[];
  /** True when x has an order of its own (times, numeric buckets) rather than a ranking by value. */
  xOrdered: boolean;
  /** Category-axis labels in display order (category mode). */
  xOrder: string[];
  /** Series in legend order. */
  seriesOrder: string[];
  /** Time axis facts (the x column is a time). */
  granularity?: TimeGranularity;
  spanMs?: number;
  /** Distinct x values / series in the result, before any folding. */
  totalX: number;
  totalSeries: number;
  /** A short note on what was left out ("product: top 11 of 30, the rest as Other"), or null. */
  note: string | null;
  /** ISO-ish label of a time x value (for alt text); identity for categories. */
  xLabel: (x: number | string) => string;
  /** The measure column plotted on the value axis (its format and unit label the axis and the values). */
  yColumn: Column;
  /** Scatter: the measure column on the x axis. */
  xColumn?: Column;
  /** "Jun 2025 is to date (through Jun 15)" when a period is incomplete, else null. */
  partialNote: string | null;
}

export interface ChartDataOptions {
  /** Categories shown on a bar axis, "Other" included (default 12). */
  topN?: number;
  /** Keep the rows' order on a category axis and in the legend (a query with its own ORDER BY) instead of ranking by value. */
  keepOrder?: boolean;
  /** "Now" and the question's period, to mark an incomplete last period. */
  partial?: PartialOptions;
}

const MAX_LINE_SERIES = 8;
const MAX_GROUPED_SERIES = 6;
const MAX_STACKED_SERIES = 10;
const MAX_HEAT_X = 30;
const MAX_HEAT_Y = 20;
const MAX_TIME_BARS = 60;

/** Sums and counts can be folded into "Other"; averages, rates and extremes cannot. */
export function looksAdditive(measure: string, format?: string): boolean {
  if (parseFormat(format)?.kind === 'percent') return /share|percent|pct/i.test(measure);
  return !/(avg|average|mean|rate|ratio|share|pct|percent|median|quantile|percentile|min|max|aov|uniq|distinct|\/)/i.test(measure);
}

/** A cell as a number for plotting; NaN for null/empty. Throws on values no number can come from (symbols). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined || v === '') return NaN;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return Number(v);
}

interface RawPoint {
  key: number | string;
  s: string;
  y: number;
}

export function prepareChartData(choice: ChartChoice, columns: Column[], rows: unknown[][], opts: ChartDataOptions = {}): ChartData {
  if (choice.x === undefined) throw new Error(`a ${choice.kind} chart needs an x column`);
  const topN = Math.max(2, choice.kind === 'pie' || choice.kind === 'donut' ? Math.max(opts.topN ?? 8, 8) : opts.topN ?? 12);
  const xCol = columns[choice.x];
  const xIsTime = isTimeType(xCol.type);
  const xIsNumber = isNumericType(xCol.type);
  if (choice.kind === 'scatter') return scatterData(choice, columns, rows);
  const keepOrder = opts.keepOrder === true;
  const sCol = choice.series !== undefined ? columns[choice.series] : undefined;
  const yColumn = columns[choice.y[0]];
  const sharedUnit = choice.y.every((i) => columns[i].format === yColumn.format && columns[i].unit === yColumn.unit);
  const yTitle = choice.y.length === 1 || sCol ? columnTitle(yColumn, { axis: true }) : withUnit('Value', sharedUnit ? yColumn.unit : undefined);
  const measures = sCol ? [choice.y[0]] : choice.y;
  const multi = sCol !== undefined || measures.length > 1;
  const isLine = choice.kind === 'line' || choice.kind === 'area';
  const partial = opts.partial && xIsTime ? findPartialPeriods(columns, rows, opts.partial) : undefined;
  const partialHere = partial && partial.column === choice.x ? partial : undefined;

  const raw: RawPoint[] = [];
  for (const r of rows) {
    const key = xIsTime ? parseTime(r[choice.x]) : formatValue(r[choice.x], xCol.type);
    if (typeof key === 'number' && Number.isNaN(key)) continue;
    for (const yi of measures) {
      const y = toNumber(r[yi]);
      if (!Number.isFinite(y)) continue;
      raw.push({ key, s: sCol ? formatValue(r[choice.series!], sCol.type) : columns[yi].displayName ?? columns[yi].name, y });
    }
  }
  if (raw.length === 0) throw new Error('no plottable values');

  // Totals order categories and series by size.
  const xTotals = totals(raw, (p) => String(p.key));
  const sTotals = totals(raw, (p) => p.s);
  const notes: string[] = [];
  const additive = choice.y.every((i) => looksAdditive(columns[i].name, columns[i].format));

  // Series: legend order, folded to what colours can tell apart.
  let seriesOrder = [...sTotals.keys()];
  if (sCol && !keepOrder) seriesOrder = sortKeys(seriesOrder, sTotals, isNumericType(sCol.type));
  const totalSeries = seriesOrder.length;
  const maxSeries = isLine ? MAX_LINE_SERIES : choice.kind === 'grouped-bar' ? MAX_GROUPED_SERIES : choice.kind === 'heatmap' ? MAX_HEAT_Y : MAX_STACKED_SERIES;
  let points = raw;
  if (sCol && seriesOrder.length > maxSeries) {
    const foldOther = additive && choice.kind !== 'heatmap';
    const kept = new Set(seriesOrder.slice(0, foldOther ? maxSeries - 1 : maxSeries));
    points = fold(points, (p) => kept.has(p.s), (p) => ({ ...p, s: OTHER }), foldOther);
    seriesOrder = [...kept, ...(foldOther ? [OTHER] : [])];
    notes.push(`${columnTitle(sCol)}: ${keepOrder ? 'first' : 'top'} ${kept.size} of ${totalSeries}${foldOther ? ', the rest as Other' : ''}`);
  }

  // X: continuous time for lines; otherwise an ordered category axis.
  let granularity: TimeGranularity | undefined;
  let spanMs: number | undefined;
  let xLabel = (x: number | string) => String(x);
  const totalX = xTotals.size;
  if (xIsTime) {
    const ts = points.map((p) => p.key as number);
    granularity = detectGranularity(ts);
    const min = Math.min(...ts);
    spanMs = Math.max(...ts) - min;
    const g = granularity;
    xLabel = (x) => isoLabel(Number(x), g);
  }
  const markOf = (key: number | string) => (partialHere && typeof key === 'number' ? partialHere.marks.get(key) : undefined);
  const withMark = (p: RawPoint, x: number | string) => {
    const mark = markOf(p.key);
    return mark ? { x, s: p.s, y: p.y, partial: mark } : { x, s: p.s, y: p.y };
  };
  if (isLine && xIsTime) {
    points.sort((a, b) => (a.key as number) - (b.key as number));
    return finish({ xMode: 'time', points: points.map((p) => withMark(p, p.key)), xOrder: [] });
  }

  let keys = [...new Set(points.map((p) => p.key))];
  if (xIsTime) keys.sort((a, b) => (a as number) - (b as number));
  else if (!isLine && !keepOrder) keys = sortKeys(keys as string[], xTotals, xIsNumber);
  const ordered = xIsTime || ((xIsNumber || isLine) && !keepOrder);
  if (ordered) {
    const limit = choice.kind === 'heatmap' ? MAX_HEAT_X : MAX_TIME_BARS;
    if (keys.length > limit && !isLine) {
      keys = keys.slice(-limit);
      notes.push(`${columnTitle(xCol)}: last ${limit} of ${totalX}`);
      const kept = new Set(keys);
      points = points.filter((p) => kept.has(p.key));
    }
  } else {
    const limit = choice.kind === 'heatmap' ? MAX_HEAT_X : topN;
    if (keys.length > limit) {
      const foldOther = additive && choice.kind !== 'heatmap';
      const kept = new Set(keys.slice(0, foldOther ? limit - 1 : limit));
      points = fold(points, (p) => kept.has(p.key), (p) => ({ ...p, key: OTHER }), foldOther);
      keys = [...kept, ...(foldOther ? [OTHER] : [])];
      notes.unshift(`${columnTitle(xCol)}: ${keepOrder ? 'first' : 'top'} ${kept.size} of ${totalX}${foldOther ? ', the rest as Other' : ''}`);
    }
  }

  // Category labels: short, readable, and unique.
  let label = (k: number | string) => String(k);
  if (xIsTime) {
    const g = granularity!;
    const years = new Set(keys.map((k) => new Date(k as number).getUTCFullYear()));
    const short = (k: number | string) => shortLabel(k as number, g, spanMs!, years.size === 1);
    const plain = new Set(keys.map(short)).size === keys.length ? short : (k: number | string) => isoLabel(k as number, g);
    label = (k) => {
      const mark = markOf(k);
      return mark ? `${plain(k)} (${mark})` : plain(k);
    };
  }
  const xRank = new Map(keys.map((k, i) => [k, i]));
  const sRank = new Map(seriesOrder.map((s, i) => [s, i]));
  points.sort((a, b) => (xRank.get(a.key) ?? 0) - (xRank.get(b.key) ?? 0) || (sRank.get(a.s) ?? 0) - (sRank.get(b.s) ?? 0));
  return finish({ xMode: 'category', points: points.map((p) => withMark(p, label(p.key))), xOrder: keys.map(label) });

  function finish(part: Pick<ChartData, 'xMode' | 'points' | 'xOrder'>): ChartData {
    const note = notes.length ? notes.join('; ') : null;
    return {
      kind: choice.kind,
      ...part,
      xOrdered: xIsTime || ((xIsNumber || isLine) && !keepOrder),
      xTitle: columnTitle(xCol),
      yTitle,
      seriesTitle: sCol ? columnTitle(sCol) : null,
      multi,
      seriesOrder,
      granularity,
      spanMs,
      totalX,
      totalSeries,
      note,
      xLabel: part.xMode === 'time' ? xLabel : String,
      yColumn,
      partialNote: partialHere?.note ?? null,
    };
  }
}

/** Scatter: one point a row, x and y two measures, labelled by the row's category. */
function scatterData(choice: ChartChoice, columns: Column[], rows: unknown[][]): ChartData {
  const xCol = columns[choice.x!];
  const yCol = columns[choice.y[0]];
  const lCol = choice.series !== undefined ? columns[choice.series] : undefined;
  const points: ChartPoint[] = [];
  for (const r of rows) {
    const x = toNumber(r[choice.x!]);
    const y = toNumber(r[choice.y[0]]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    points.push({ x, y, s: yCol.displayName ?? yCol.name, ...(lCol ? { label: formatValue(r[choice.series!], lCol.type) } : {}) });
  }
  if (points.length === 0) throw new Error('no plottable values');
  return {
    kind: 'scatter',
    xMode: 'category',
    xTitle: columnTitle(xCol, { axis: true }),
    yTitle: columnTitle(yCol, { axis: true }),
    seriesTitle: lCol ? columnTitle(lCol) : null,
    multi: false,
    points,
    xOrdered: true,
    xOrder: [],
    seriesOrder: [yCol.displayName ?? yCol.name],
    totalX: points.length,
    totalSeries: 1,
    note: null,
    xLabel: String,
    yColumn: yCol,
    xColumn: xCol,
    partialNote: null,
  };
}

function totals(points: RawPoint[], key: (p: RawPoint) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of points) m.set(key(p), (m.get(key(p)) ?? 0) + p.y);
  return m;
}

/** By total, descending; numeric buckets (hour, year) ascending by value instead. */
function sortKeys(keys: string[], byTotal: Map<string, number>, numeric: boolean): string[] {
  if (numeric) return [...keys].sort((a, b) => num(a) - num(b));
  return [...keys].sort((a, b) => (byTotal.get(b) ?? 0) - (byTotal.get(a) ?? 0));
}

function num(label: string): number {
  const n = Number(label.replace(/,/g, ''));
  return Number.isNaN(n) ? Infinity : n;
}

/** Keeps points that pass; the rest are summed into one point per (x, series) after `toOther`, or dropped. */
function fold(points: RawPoint[], keep: (p: RawPoint) => boolean, toOther: (p: RawPoint) => RawPoint, sum: boolean): RawPoint[] {
  const out: RawPoint[] = [];
  const others = new Map<string, RawPoint>();
  for (const p of points) {
    if (keep(p)) out.push(p);
    else if (sum) {
      const o = toOther(p);
      const k = `${o.key}\u0000${o.s}`;
      const prev = others.get(k);
      if (prev) prev.y += o.y;
      else others.set(k, { ...o });
    }
  }
  return [...out, ...others.values()];
}
