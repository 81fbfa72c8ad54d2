/** A one-sentence description of a chart, for alt text and text fallbacks. */
import type { Column } from '../bot/types/warehouse.ts';
import type { ChartChoice } from './chart-choice.ts';
import { isTimeType } from './column-kinds.ts';
import { abbreviateNumber, formatValue } from './format.ts';

const KIND_NAMES: Record<ChartChoice['kind'], string> = {
  line: 'Line chart',
  bar: 'Bar chart',
  'grouped-bar': 'Grouped bar chart',
  'stacked-bar': 'Stacked bar chart',
  heatmap: 'Heatmap',
  'big-number': 'Number',
};

export function describeChart(choice: ChartChoice, columns: Column[], rows: unknown[][], title: string): string {
  const y = choice.y[0];
  const measure = columns[y].name;
  if (choice.kind === 'big-number') return `${title}: ${formatValue(rows[0][y], columns[y].type)}`;
  const x = choice.x!;
  const parts = [`${KIND_NAMES[choice.kind]} of ${measure} by ${columns[x].name}${choice.series !== undefined ? ` and ${columns[choice.series].name}` : ''}`];
  const xs = rows.map((r) => formatValue(r[x], columns[x].type));
  parts.push(`${rows.length} ${isTimeType(columns[x].type) ? 'points' : 'rows'}${isTimeType(columns[x].type) && rows.length > 1 ? ` from ${xs[0]} to ${xs[xs.length - 1]}` : ''}`);
  let best = -Infinity;
  let at = '';
  for (let i = 0; i < rows.length; i++) {
    const v = Number(rows[i][y]);
    if (Number.isFinite(v) && v > best) {
      best = v;
      at = xs[i];
    }
  }
  if (Number.isFinite(best)) parts.push(`highest ${abbreviateNumber(best)} at ${at}`);
  return parts.join('; ');
}
