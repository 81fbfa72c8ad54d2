/** ChartChoice + rows → a vega-lite spec readable at chat-thumbnail size. */
import type { TopLevelSpec } from 'vega-lite';
import type { Column } from '../bot/types/warehouse.ts';
import type { ChartChoice } from './chart-choice.ts';
import { isDateOnlyType, isTimeType } from './column-kinds.ts';
import { abbreviateNumber, formatTime, formatValue } from './format.ts';

export interface SpecOptions {
  title: string;
  width: number;
  height: number;
  /** Bars beyond this many are folded into "Other". */
  topN?: number;
}

const FONT = 'DejaVu Sans';
const OTHER = 'Other';

export function buildChartSpec(choice: ChartChoice, columns: Column[], rows: unknown[][], opts: SpecOptions): TopLevelSpec {
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: clipTitle(opts.title), fontSize: 30, font: FONT, anchor: 'start' as const, offset: 16 },
    width: opts.width,
    height: opts.height,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    padding: 24,
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFontSize: 20, titleFontSize: 20, labelColor: '#333', titleColor: '#333', gridColor: '#e5e5e5', labelLimit: 260 },
      legend: { labelFontSize: 20, titleFontSize: 20, labelLimit: 260 },
      view: { stroke: null },
      range: { category: ['#4C78A8', '#F58518', '#54A24B', '#E45756', '#72B7B2', '#B279A2', '#FF9DA6', '#9D755D', '#BAB0AC', '#EECA3B'] },
    },
  };
  const num = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  const name = (i: number) => columns[i].name;

  if (choice.kind === 'big-number') {
    const value = rows[0][choice.y[0]];
    return {
      ...base,
      data: { values: [{ label: abbreviateBig(num(value)), caption: name(choice.y[0]) }] },
      layer: [
        { mark: { type: 'text', fontSize: 140, fontWeight: 'bold', color: '#4C78A8', baseline: 'middle' }, encoding: { text: { field: 'label' } } },
        { mark: { type: 'text', fontSize: 32, color: '#666', dy: 110 }, encoding: { text: { field: 'caption' } } },
      ],
    } as TopLevelSpec;
  }

  const x = choice.x!;
  const xIsTime = isTimeType(columns[x].type);
  const xDateOnly = isDateOnlyType(columns[x].type) || rows.every((r) => typeof r[x] !== 'string' || formatTime(String(r[x])).length === 10);
  const xField = 'x';
  const yField = 'y';
  const sField = 'series';
  const yTitle = choice.y.length === 1 ? name(choice.y[0]) : 'value';

  // Long format: one datum per (x, series, y).
  let values: Record<string, unknown>[] = [];
  for (const r of rows) {
    const xv = xIsTime ? toIso(String(r[x])) : formatValue(r[x], columns[x].type);
    if (choice.series !== undefined) values.push({ [xField]: xv, [sField]: formatValue(r[choice.series], columns[choice.series].type), [yField]: num(r[choice.y[0]]) });
    else for (const yi of choice.y) values.push({ [xField]: xv, [sField]: name(yi), [yField]: num(r[yi]) });
  }
  const multi = choice.series !== undefined || choice.y.length > 1;
  const yAxis = { title: yTitle, labelExpr: ABBREVIATE_EXPR, grid: true };

  if (choice.kind === 'line') {
    const timeUnit = xIsTime ? (xDateOnly ? 'utcyearmonthdate' : 'utcyearmonthdatehoursminutes') : undefined;
    return {
      ...base,
      data: { values },
      mark: { type: 'line', strokeWidth: 4, point: values.length <= 40 ? { size: 80, filled: true } : false },
      encoding: {
        x: xIsTime
          ? { field: xField, type: 'temporal', timeUnit, title: name(x), axis: { format: timeFormat(rows.map((r) => String(r[x])), xDateOnly), labelOverlap: true, tickCount: 8 } }
          : { field: xField, type: 'ordinal', title: name(x), sort: null },
        y: { field: yField, type: 'quantitative', axis: yAxis },
        ...(multi ? { color: { field: sField, type: 'nominal', title: choice.series !== undefined ? name(choice.series) : null, legend: { orient: 'top' } } } : {}),
      },
    } as TopLevelSpec;
  }

  if (choice.kind === 'heatmap') {
    return {
      ...base,
      data: { values },
      mark: { type: 'rect' },
      encoding: {
        x: { field: xField, type: xIsTime ? 'ordinal' : 'nominal', title: name(x), timeUnit: xIsTime ? 'utcyearmonthdate' : undefined },
        y: { field: sField, type: 'nominal', title: name(choice.series!) },
        color: { field: yField, type: 'quantitative', title: yTitle, legend: { labelExpr: ABBREVIATE_EXPR } },
      },
    } as TopLevelSpec;
  }

  // Bars: sort by value, fold the tail into "Other" (only for additive single-series bars).
  const topN = opts.topN ?? 12;
  if (!multi) {
    if (!xIsTime) values.sort((a, b) => Number(b[yField] ?? 0) - Number(a[yField] ?? 0));
    if (!xIsTime && values.length > topN && looksAdditive(yTitle)) {
      const rest = values.slice(topN - 1).reduce((s, v) => s + Number(v[yField] ?? 0), 0);
      values = [...values.slice(0, topN - 1), { [xField]: OTHER, [sField]: yTitle, [yField]: rest }];
    } else if (values.length > topN * 3) values = values.slice(0, topN * 3);
  }
  const xLabels = xIsTime ? values.map((v) => formatTime(String(v[xField]).replace('T', ' ').replace(/Z$/, ''), xDateOnly)) : undefined;
  if (xLabels) values.forEach((v, i) => (v[xField] = xLabels[i]));
  const horizontal = !xIsTime && !multi;
  const order = values.map((v) => String(v[xField]));
  const catAxis = { field: xField, type: 'nominal', title: name(x), sort: xIsTime ? null : horizontal ? order : null, axis: { labelAngle: horizontal ? 0 : -30, labelLimit: 260 } };
  const valAxis = { field: yField, type: 'quantitative', axis: yAxis, ...(choice.kind === 'stacked-bar' ? { stack: 'zero' } : { stack: null }) };
  return {
    ...base,
    data: { values },
    mark: { type: 'bar', cornerRadiusEnd: 3 },
    encoding: {
      ...(horizontal ? { y: catAxis, x: valAxis } : { x: catAxis, y: valAxis }),
      ...(multi
        ? {
            color: { field: sField, type: 'nominal', title: choice.series !== undefined ? name(choice.series) : null, legend: { orient: 'top' } },
            ...(choice.kind === 'grouped-bar' ? { xOffset: { field: sField } } : {}),
          }
        : { color: { value: '#4C78A8' } }),
    },
  } as TopLevelSpec;
}

/** Axis date format from the data's granularity: months as "Jan 2025", days as "Jan 05", hours with the time. */
function timeFormat(values: string[], dateOnly: boolean): string {
  if (!dateOnly) return '%b %d %H:%M';
  if (values.every((v) => /^\d{4}-01-01/.test(v))) return '%Y';
  if (values.every((v) => /^\d{4}-\d{2}-01/.test(v))) return '%b %Y';
  const years = new Set(values.map((v) => v.slice(0, 4)));
  return years.size > 1 ? '%b %d, %Y' : '%b %d';
}

/** Vega expression: axis labels as 1.2K / 3.4M / 5B. */
const ABBREVIATE_EXPR =
  "abs(datum.value) >= 1e12 ? format(datum.value / 1e12, '.3~') + 'T' : abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '.3~') + 'B' : abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '.3~') + 'M' : abs(datum.value) >= 1e3 ? format(datum.value / 1e3, '.3~') + 'K' : format(datum.value, '.3~')";

function abbreviateBig(n: number | null): string {
  return n === null ? '∅' : abbreviateNumber(n);
}

function toIso(v: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? '' : 'Z');
}

function clipTitle(t: string): string {
  return t.length > 80 ? t.slice(0, 79) + '…' : t;
}

/** Sums and counts can be folded into "Other"; averages and rates cannot. */
function looksAdditive(measure: string): boolean {
  return !/(avg|average|mean|rate|ratio|share|pct|percent|median|quantile|min|max|aov|\/)/i.test(measure);
}
