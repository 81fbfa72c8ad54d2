/**
 * Which chart, if any, helps for a result: time series → line; category +
 * measure → bar; two categories + measure → grouped bars or a heatmap; one
 * number → a big-number card; none where a chart would not help.
 */
import type { Column } from '../bot/types/warehouse.ts';
import { columnRole } from './column-kinds.ts';

export type ChartKind = 'line' | 'bar' | 'grouped-bar' | 'stacked-bar' | 'heatmap' | 'big-number';

export interface ChartChoice {
  kind: ChartKind;
  /** Column index of the x axis (time or category). */
  x?: number;
  /** Column indexes of the measures plotted. */
  y: number[];
  /** Column index of the series / colour dimension. */
  series?: number;
}

/** Above this many distinct series values a grouped bar becomes a heatmap. */
const MAX_GROUPS = 6;

export function chooseChart(columns: Column[], rows: unknown[][], hint?: { kind?: ChartKind }): ChartChoice | null {
  if (rows.length === 0 || columns.length === 0) return null;
  const roles = columns.map(columnRole);
  const idx = (role: string) => roles.flatMap((r, i) => (r === role ? [i] : []));
  const times = idx('time');
  const measures = idx('measure');
  const cats = idx('category');
  if (measures.length === 0) return null;

  if (rows.length === 1 && times.length + cats.length === 0 && measures.length === 1) return { kind: 'big-number', y: measures };
  if (times.length === 0 && cats.length === 0) return null;

  let choice: ChartChoice | null = null;
  if (times.length >= 1 && cats.length <= 1) {
    choice = { kind: 'line', x: times[0], y: cats.length ? [measures[0]] : measures.slice(0, 4), series: cats[0] };
    if (rows.length === 1) choice = { kind: 'bar', x: times[0], y: [measures[0]] };
  } else if (cats.length === 1 && times.length === 0) {
    choice = measures.length > 1 ? { kind: 'grouped-bar', x: cats[0], y: measures.slice(0, 4) } : { kind: 'bar', x: cats[0], y: [measures[0]] };
  } else if (cats.length >= 2 || (cats.length === 1 && times.length >= 1)) {
    const [a, b] = cats.length >= 2 ? [cats[0], cats[1]] : [times[0], cats[0]];
    const distinctB = new Set(rows.map((r) => String(r[b]))).size;
    const distinctA = new Set(rows.map((r) => String(r[a]))).size;
    choice = distinctB <= MAX_GROUPS || distinctA <= MAX_GROUPS
      ? distinctB <= distinctA
        ? { kind: 'grouped-bar', x: a, y: [measures[0]], series: b }
        : { kind: 'grouped-bar', x: b, y: [measures[0]], series: a }
      : { kind: 'heatmap', x: a, y: [measures[0]], series: b };
  }
  if (!choice) return null;
  return applyHint(choice, hint?.kind, times);
}

function applyHint(choice: ChartChoice, kind: ChartKind | undefined, times: number[]): ChartChoice {
  if (!kind || kind === choice.kind || choice.kind === 'big-number' || kind === 'big-number') return choice;
  if (kind === 'line' && choice.x !== undefined && (times.includes(choice.x) || choice.kind === 'bar')) return { ...choice, kind: 'line' };
  if (kind === 'bar' && choice.kind === 'line') return { ...choice, kind: choice.series !== undefined || choice.y.length > 1 ? 'grouped-bar' : 'bar' };
  if ((kind === 'stacked-bar' || kind === 'grouped-bar') && (choice.series !== undefined || choice.y.length > 1)) return { ...choice, kind };
  if (kind === 'heatmap' && choice.series !== undefined) return { ...choice, kind };
  if (kind === 'bar' || kind === 'grouped-bar' || kind === 'stacked-bar') return { ...choice, kind: choice.series !== undefined || choice.y.length > 1 ? kind === 'bar' ? 'grouped-bar' : kind : 'bar' };
  return choice;
}
