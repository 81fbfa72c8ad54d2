/**
 * A one-sentence description of a chart, for alt text and text fallbacks:
 * "Line chart of Revenue (USD) by Month, 13 points from 2024-07 to 2025-06;
 * max $1.2M in 2025-05, min $900K in 2024-07". It describes what is drawn
 * (after top-N folding), so it reads the same prepared data as the spec.
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import type { ChartChoice, ChartKind } from './chart-choice.ts';
import { OTHER, prepareChartData, type ChartData, type ChartPoint } from './chart-data.ts';
import { abbreviateNumber, compactFormatter, currencySymbol, formatValue, parseFormat } from './format.ts';

const KIND_NAMES: Record<ChartKind, string> = {
  line: 'Line chart',
  area: 'Area chart',
  bar: 'Bar chart',
  pie: 'Pie chart',
  donut: 'Donut chart',
  scatter: 'Scatter plot',
  'grouped-bar': 'Grouped bar chart',
  'stacked-bar': 'Stacked bar chart',
  heatmap: 'Heatmap',
  'big-number': 'Number',
};

export function describeChart(choice: ChartChoice, columns: Column[], rows: unknown[][], title: string, opts: { topN?: number } = {}): string {
  if (choice.kind === 'big-number') {
    const y = choice.y[0];
    return `${title}: ${formatValue(rows[0][y], columns[y].type)}`;
  }
  return describeData(prepareChartData(choice, columns, rows, opts));
}

/** Alt text for prepared chart data. */
export function describeData(data: ChartData): string {
  const by = data.seriesTitle && data.kind !== 'line' && data.kind !== 'area' ? `${data.xTitle} and ${data.seriesTitle}` : data.xTitle;
  const head = `${KIND_NAMES[data.kind]} of ${data.yTitle} by ${by}`;
  const xs = data.xMode === 'time' ? [...new Set(data.points.map((p) => p.x as number))].sort((a, b) => a - b).map(data.xLabel) : data.xOrder;
  const range = xs.length > 1 && (data.xMode === 'time' || data.granularity) ? ` from ${xs[0]} to ${xs[xs.length - 1]}` : '';
  const lbl = (p: ChartPoint) => (data.xMode === 'time' ? data.xLabel(p.x) : String(p.x));
  const named = data.points.filter((p) => p.x !== OTHER && p.s !== OTHER);
  const [max, min] = extremes(named.length ? named : data.points);
  // Each value in the measure's own format ("$2.3K", "13.0%"); a bare number abbreviated ("1.9K").
  const kind = parseFormat(data.yColumn.format)?.kind;
  const value = (n: number) =>
    kind === 'currency' ? `${n < 0 ? '-' : ''}${currencySymbol(data.yColumn.unit ?? 'USD')}${abbreviateNumber(Math.abs(n))}`
      : kind === 'percent' ? compactFormatter(data.yColumn, [n])(n)
        : abbreviateNumber(n);
  const parts: string[] = [];

  if (data.kind === 'scatter') {
    parts.push(`${KIND_NAMES.scatter} of ${data.yTitle} against ${data.xTitle}, ${data.points.length} point${data.points.length === 1 ? '' : 's'}`);
    if (data.note) parts.push(data.note);
    return parts.join('; ');
  }
  if (data.kind === 'pie' || data.kind === 'donut') {
    const total = data.points.reduce((n, p) => n + p.y, 0);
    const share = (p: ChartPoint) => (total > 0 ? `${Math.round((p.y / total) * 100)}%` : '');
    parts.push(`${head}, ${xs.length} slices`);
    parts.push(`largest ${max.x} ${share(max)}${xs.length > 1 ? `, smallest ${min.x} ${share(min)}` : ''}`);
    return parts.join('; ');
  }
  if (data.kind === 'line' || data.kind === 'area') {
    if (data.multi) {
      const names = data.seriesOrder.slice(0, 4).join(', ') + (data.seriesOrder.length > 4 ? ', …' : '');
      parts.push(`${head}, ${data.seriesOrder.length} ${data.seriesTitle ? `series of ${data.seriesTitle}` : 'series'} (${names}), ${xs.length} points each${range}`);
      parts.push(`highest ${max.s} ${value(max.y)} in ${lbl(max)}`);
    } else {
      parts.push(`${head}, ${xs.length} point${xs.length === 1 ? '' : 's'}${range}`);
      parts.push(`max ${value(max.y)} in ${lbl(max)}, min ${value(min.y)} in ${lbl(min)}`);
    }
  } else if (data.kind === 'bar' && !data.multi) {
    parts.push(`${head}, ${xs.length} bar${xs.length === 1 ? '' : 's'}${range}`);
    parts.push(`highest ${max.x} ${value(max.y)}${xs.length > 1 ? `, lowest ${min.x} ${value(min.y)}` : ''}`);
  } else {
    const unit = data.kind === 'heatmap' ? 'cells' : 'bars';
    parts.push(`${head}, ${xs.length} × ${data.seriesOrder.length} ${unit}${range}`);
    parts.push(`highest ${max.x} / ${max.s} ${value(max.y)}`);
  }
  if (data.note) parts.push(data.note);
  if (data.partialNote) parts.push(data.partialNote);
  return parts.join('; ');
}

function extremes(points: ChartPoint[]): [ChartPoint, ChartPoint] {
  let max = points[0];
  let min = points[0];
  for (const p of points) {
    if (p.y > max.y) max = p;
    if (p.y < min.y) min = p;
  }
  return [max, min];
}
