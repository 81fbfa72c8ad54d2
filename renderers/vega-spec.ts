/**
 * ChartChoice + rows → a vega-lite spec readable at chat-thumbnail size:
 * large DejaVu Sans text, numbers abbreviated on axes (1.2M), dates formatted
 * by the series' granularity, bars sorted with the tail as "Other", a title
 * from the question and a subtitle saying what was left out.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Column } from '../bot/contracts/warehouse.ts';
import type { ChartChoice } from './chart-choice.ts';
import { OTHER, prepareChartData, toNumber, type ChartData } from './chart-data.ts';
import { abbreviateNumber, columnTitle, compactFormatter, currencySymbol, formatCell, parseFormat } from './format.ts';
import { axisTickCount, axisTimeFormat } from './time.ts';

export interface SpecOptions {
  /** Chart title (usually the question); clipped to 80 characters. */
  title: string;
  /** Total size in pixels, title and legend included. */
  width: number;
  height: number;
  /** Categories on a bar axis, "Other" included (default 12). */
  topN?: number;
}

export const CHART_FONT = 'DejaVu Sans';
const PALETTE = ['#4C78A8', '#F58518', '#54A24B', '#E45756', '#72B7B2', '#B279A2', '#EECA3B', '#9D755D', '#FF9DA6', '#2F4B7C'];
const OTHER_COLOR = '#BAB0AC';
const TEXT = '#333333';

/** Vega expression: axis labels as 1.2K / 3.4M / 5B (portable: no custom functions). */
export const ABBREVIATE_EXPR =
  "abs(datum.value) >= 1e12 ? format(datum.value / 1e12, '.3~') + 'T' : abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '.3~') + 'B' : abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '.3~') + 'M' : abs(datum.value) >= 1e3 ? format(datum.value / 1e3, '.3~') + 'K' : format(datum.value, '.3~')";

/** Vega expression abbreviating `v` (an expression) as 1.2K / 3.4M. */
function abbreviate(v: string): string {
  return ABBREVIATE_EXPR.replace(/datum\.value/g, v);
}

/** Axis labels in the measure's format: "12.5%", "$1.2M", "300 ms", "1.2K". */
export function axisLabelExpr(column: { format?: string; unit?: string } | undefined): string {
  const f = parseFormat(column?.format);
  if (f?.kind === 'percent') return "format(datum.value, '.1~%')";
  if (f?.kind === 'currency') {
    const sym = currencySymbol(column?.unit ?? 'USD').replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    return `(datum.value < 0 ? '-' : '') + '${sym}' + (${abbreviate('abs(datum.value)')})`;
  }
  if (column?.unit) return `(${ABBREVIATE_EXPR}) + ' ${column.unit.replace(/\\/g, '').replace(/'/g, "\\'")}'`;
  return ABBREVIATE_EXPR;
}

/** Explicit ticks on the data's own buckets (weeks, months), thinned so that labels never collide. */
function timeTicks(data: ChartData, width: number): number[] | undefined {
  const g = data.granularity;
  if (!g || !['year', 'quarter', 'month', 'week', 'day'].includes(g)) return undefined;
  const xs = [...new Set(data.points.map((p) => p.x as number))].sort((a, b) => a - b);
  const labelPx = (g === 'week' || g === 'day' ? 7 : 9) * 12 + 28;
  const room = Math.max(2, Math.floor((width - 220) / labelPx));
  const step = Math.max(1, Math.ceil(xs.length / room));
  // Counted back from the last bucket, so the latest period is always labelled.
  return xs.filter((_, i) => (xs.length - 1 - i) % step === 0);
}

function timeFormat(data: ChartData): string {
  const g = data.granularity!;
  if (g === 'week' || g === 'day') {
    const xs = data.points.map((p) => new Date(p.x as number).getUTCFullYear());
    return new Set(xs).size > 1 ? "%b %d, '%y" : '%b %d';
  }
  return axisTimeFormat(g, data.spanMs!);
}

/** Line points split into a solid part and a dashed part for incomplete periods (the junction point in both). */
function segmented<T extends { x: number | string; s: string; partial?: string }>(values: T[]): Array<T & { seg: 'complete' | 'partial' }> {
  const out: Array<T & { seg: 'complete' | 'partial' }> = [];
  const bySeries = new Map<string, T[]>();
  for (const v of values) bySeries.set(v.s, [...(bySeries.get(v.s) ?? []), v]);
  for (const pts of bySeries.values()) {
    pts.forEach((p, i) => {
      const prev = pts[i - 1];
      const next = pts[i + 1];
      if (!p.partial || (prev?.partial && next?.partial)) out.push({ ...p, seg: p.partial ? 'partial' : 'complete' });
      else out.push({ ...p, seg: 'partial' });
      // A complete point next to a partial one starts or ends the dashed part as well.
      if (!p.partial && ((next && next.partial) || (prev && prev.partial))) out.push({ ...p, seg: 'partial' });
    });
  }
  return out;
}

const SEG_DASH = { field: 'seg', type: 'nominal', scale: { domain: ['complete', 'partial'], range: [[1, 0], [8, 6]] }, legend: null };

export function buildChartSpec(choice: ChartChoice, columns: Column[], rows: unknown[][], opts: SpecOptions): TopLevelSpec {
  if (choice.kind === 'big-number') return bigNumberSpec(choice, columns, rows, opts);
  return specFromData(prepareChartData(choice, columns, rows, { topN: opts.topN }), opts);
}

/** The spec for already prepared chart data (see prepareChartData). */
export function specFromData(data: ChartData, opts: SpecOptions): TopLevelSpec {
  const base = baseSpec(opts, [data.note, data.partialNote].filter(Boolean).join(' · ') || null);
  const colour = seriesColour(data);
  const valueAxis = { title: data.yTitle, labelExpr: axisLabelExpr(data.yColumn), tickCount: 6, grid: true };
  const fmt = compactFormatter(data.yColumn, data.points.map((p) => p.y));
  const values = data.points.map((p) => ({ x: p.x, s: p.s, y: p.y, label: fmt(p.y), o: data.seriesOrder.indexOf(p.s), ...(p.partial ? { partial: p.partial } : {}), ...(p.label !== undefined ? { name: p.label } : {}) }));

  if (data.kind === 'scatter') {
    const xFmt = data.xColumn;
    return {
      ...base,
      data: { values, format: { parse: null } },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: data.xTitle, axis: { labelExpr: axisLabelExpr(xFmt), tickCount: 6, grid: true }, scale: { zero: false, nice: true } },
        y: { field: 'y', type: 'quantitative', axis: valueAxis, scale: { zero: false, nice: true } },
      },
      layer: [
        { mark: { type: 'point', filled: true, size: 160, color: PALETTE[0], opacity: 0.85 } },
        ...(values.length <= 20 && values.some((v) => 'name' in v) ? [{ mark: { type: 'text', align: 'left', dx: 10, fontSize: 16, color: TEXT }, encoding: { text: { field: 'name' } } }] : []),
      ],
    } as TopLevelSpec;
  }

  if (data.kind === 'pie' || data.kind === 'donut') {
    const total = values.reduce((n, v) => n + v.y, 0);
    const withShare = values.map((v) => ({ ...v, share: total > 0 ? `${Math.round((v.y / total) * 100)}%` : '' }));
    const outer = Math.round(Math.min(opts.height - 170, opts.width - 500) / 2);
    const range = data.xOrder.map((x, i) => (x === OTHER ? OTHER_COLOR : PALETTE[i % PALETTE.length]));
    return {
      ...base,
      data: { values: withShare, format: { parse: null } },
      encoding: {
        theta: { field: 'y', type: 'quantitative', stack: true },
        order: { field: 'o', type: 'quantitative' },
        color: { field: 'x', type: 'nominal', title: data.xTitle, sort: data.xOrder, scale: { domain: data.xOrder, range }, legend: { orient: 'right', labelLimit: 300, labelExpr: "datum.label" } },
      },
      layer: [
        { mark: { type: 'arc', outerRadius: outer, ...(data.kind === 'donut' ? { innerRadius: Math.round(outer * 0.55) } : {}), stroke: 'white', strokeWidth: 2 } },
        { mark: { type: 'text', radius: data.kind === 'donut' ? Math.round(outer * 0.78) : Math.round(outer * 0.68), fontSize: 20, fontWeight: 'bold' }, encoding: { text: { field: 'share' }, color: { value: 'white' } } },
      ],
    } as TopLevelSpec;
  }

  if (data.kind === 'line' || data.kind === 'area') {
    const perSeries = values.length / Math.max(1, data.seriesOrder.length);
    const ys = values.map((v) => v.y);
    const [min, max] = [Math.min(...ys), Math.max(...ys)];
    // A series far from zero shows its movement; one near zero keeps the baseline.
    const zero = !(min > 0 && max - min < 0.5 * max);
    const ticks = data.xMode === 'time' ? timeTicks(data, opts.width) : undefined;
    const x =
      data.xMode === 'time'
        ? {
            field: 'x',
            type: 'temporal',
            title: data.xTitle,
            scale: { type: 'utc' },
            axis: {
              format: timeFormat(data),
              labelOverlap: 'greedy',
              labelSeparation: 12,
              ...(ticks ? { values: ticks } : { tickCount: axisTickCount(data.granularity!, data.spanMs!, 8) }),
              grid: false,
            },
          }
        : { field: 'x', type: 'ordinal', title: data.xTitle, sort: null, axis: { labelAngle: 0, labelOverlap: true } };
    const hasPartial = values.some((v) => v.partial);
    const lineValues = hasPartial ? segmented(values) : values;
    const area = data.kind === 'area';
    const dash = hasPartial ? { strokeDash: SEG_DASH } : {};
    const y = { field: 'y', type: 'quantitative', axis: valueAxis, scale: { zero: area ? true : zero }, ...(area ? { stack: null } : {}) };
    const lineMark = { type: 'line', strokeWidth: data.multi ? 3 : 4, interpolate: 'linear', point: perSeries <= 40 ? { size: 70, filled: true } : false };
    if (area) {
      return {
        ...base,
        data: { values: lineValues, format: { parse: null } },
        encoding: { x, y, ...colour },
        layer: [
          ...(hasPartial
            ? [
                { transform: [{ filter: "datum.seg === 'complete'" }], mark: { type: 'area', interpolate: 'linear', opacity: data.multi ? 0.3 : 0.45 } },
                { transform: [{ filter: "datum.seg === 'partial'" }], mark: { type: 'area', interpolate: 'linear', opacity: 0.15 } },
              ]
            : [{ mark: { type: 'area', interpolate: 'linear', opacity: data.multi ? 0.3 : 0.45 } }]),
          { mark: { ...lineMark, point: false }, encoding: { ...dash } },
        ],
      } as TopLevelSpec;
    }
    return {
      ...base,
      data: { values: lineValues, format: { parse: null } },
      mark: lineMark,
      encoding: { x, y, ...colour, ...dash },
    } as TopLevelSpec;
  }

  if (data.kind === 'heatmap') {
    const max = Math.max(...values.map((v) => Math.abs(v.y)));
    const cells = values.length;
    // Rough cell size (plot area ≈ size minus axes, title and legend) decides whether values fit inside.
    const cellW = (opts.width - 300) / Math.max(1, data.xOrder.length);
    const cellH = (opts.height - 170) / Math.max(1, data.seriesOrder.length);
    const labelFont = Math.floor(Math.min(20, cellH * 0.55, cellW / 3.2));
    const showLabels = cells <= 200 && labelFont >= 11;
    return {
      ...base,
      data: { values, format: { parse: null } },
      encoding: {
        x: { field: 'x', type: 'ordinal', title: data.xTitle, sort: data.xOrder, axis: { labelAngle: data.xOrder.some((l) => l.length > 4) && data.xOrder.length > 8 ? -40 : 0, labelOverlap: true } },
        y: { field: 's', type: 'ordinal', title: data.seriesTitle, sort: data.seriesOrder },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: { color: { field: 'y', type: 'quantitative', title: data.yTitle, scale: { scheme: 'blues' }, legend: { labelExpr: ABBREVIATE_EXPR, gradientLength: Math.max(120, opts.height - 260) } } },
        },
        ...(showLabels
          ? [{ mark: { type: 'text', fontSize: labelFont }, encoding: { text: { field: 'label' }, color: { condition: { test: `abs(datum.y) > ${max * 0.6}`, value: 'white' }, value: TEXT } } }]
          : []),
      ],
    } as TopLevelSpec;
  }

  const stacked = data.kind === 'stacked-bar';
  if (!data.multi && data.kind === 'bar') {
    // One series: horizontal bars for categories (long labels fit), vertical for time.
    const horizontal = !data.xOrdered;
    const valueLabels = data.xOrder.length <= 20;
    const crowded = data.xOrder.reduce((n, l) => n + l.length + 2, 0) * 12 > opts.width - 150;
    const cat = { field: 'x', type: 'nominal', title: horizontal ? null : data.xTitle, sort: data.xOrder, axis: { labelAngle: horizontal || !crowded ? 0 : -40, labelOverlap: true, labelPadding: 8, ticks: false } };
    const val = { field: 'y', type: 'quantitative', axis: { ...valueAxis, grid: true }, scale: { nice: true } };
    const barColour = { condition: { test: `datum.x === '${OTHER}'`, value: OTHER_COLOR }, value: PALETTE[0] };
    return {
      ...base,
      data: { values, format: { parse: null } },
      encoding: horizontal ? { y: cat, x: val } : { x: cat, y: val },
      layer: [
        { mark: { type: 'bar', cornerRadiusEnd: 3 }, encoding: { color: barColour, ...PARTIAL_OPACITY } },
        ...(valueLabels && (horizontal || data.xOrder.length <= 16)
          ? [{ mark: horizontal ? { type: 'text', align: 'left', dx: 6, fontSize: 18, color: TEXT } : { type: 'text', baseline: 'bottom', dy: -4, fontSize: 18, color: TEXT }, encoding: { text: { field: 'label' } } }]
          : []),
      ],
    } as TopLevelSpec;
  }

  // Grouped or stacked bars (also a single series asked for as grouped/stacked).
  const many = data.xOrder.reduce((n, l) => n + l.length + 2, 0) * 12 > opts.width - 150;
  return {
    ...base,
    data: { values, format: { parse: null } },
    mark: { type: 'bar', ...(stacked ? {} : { cornerRadiusEnd: 2 }) },
    encoding: {
      ...PARTIAL_OPACITY,
      x: { field: 'x', type: 'nominal', title: data.xTitle, sort: data.xOrder, axis: { labelAngle: many ? -35 : 0, labelOverlap: true, ticks: false } },
      y: { field: 'y', type: 'quantitative', axis: valueAxis, stack: stacked ? 'zero' : null },
      ...colour,
      ...(stacked ? { order: { field: 'o', type: 'quantitative' } } : { xOffset: { field: 's', type: 'nominal', sort: data.seriesOrder } }),
    },
  } as TopLevelSpec;
}

/** An incomplete period's bar is drawn lighter. */
const PARTIAL_OPACITY = { opacity: { condition: { test: 'datum.partial', value: 0.4 }, value: 1 } };

function seriesColour(data: ChartData): Record<string, unknown> {
  if (!data.multi) return { color: { value: PALETTE[0] } };
  const range = data.seriesOrder.map((s, i) => (s === OTHER && i === data.seriesOrder.length - 1 ? OTHER_COLOR : PALETTE[i % PALETTE.length]));
  const longLabels = data.seriesOrder.reduce((n, s) => n + s.length + 4, 0) > 70;
  return {
    color: {
      field: 's',
      type: 'nominal',
      title: data.seriesTitle,
      scale: { domain: data.seriesOrder, range },
      legend: longLabels ? { orient: 'right', labelLimit: 220 } : { orient: 'top', direction: 'horizontal', labelLimit: 220 },
    },
  };
}

function baseSpec(opts: SpecOptions, note: string | null) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: clipTitle(opts.title), ...(note ? { subtitle: note } : {}), fontSize: 30, subtitleFontSize: 20, subtitleColor: '#666', font: CHART_FONT, subtitleFont: CHART_FONT, anchor: 'start' as const, offset: 16 },
    width: opts.width,
    height: opts.height,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    padding: 24,
    background: 'white',
    config: {
      font: CHART_FONT,
      axis: { labelFontSize: 20, titleFontSize: 20, labelColor: TEXT, titleColor: TEXT, gridColor: '#e5e5e5', domainColor: '#999', tickColor: '#999', labelLimit: 260, titlePadding: 12 },
      legend: { labelFontSize: 20, titleFontSize: 20, labelLimit: 260, symbolSize: 200, labelColor: TEXT, titleColor: TEXT },
      view: { stroke: null },
      text: { font: CHART_FONT },
    },
  };
}

/** One number: large and abbreviated, with the measure and exact value underneath. */
function bigNumberSpec(choice: ChartChoice, columns: Column[], rows: unknown[][], opts: SpecOptions): TopLevelSpec {
  const col = columns[choice.y[0]];
  const value = rows[0][choice.y[0]];
  const n = toNumber(value);
  const big = Number.isFinite(n) ? (parseFormat(col.format) ? compactFormatter(col, [n])(n) : abbreviateNumber(n)) : '∅';
  const exact = formatCell(value, col);
  const context = columns.flatMap((c, i) => (i === choice.y[0] ? [] : [formatCell(rows[0][i], c)])).join(' · ');
  const caption = [columnTitle(col), context, exact !== big ? exact : ''].filter(Boolean).join(' · ');
  const fontSize = Math.round(Math.min(opts.height * 0.26, (opts.width * 0.8) / Math.max(3, big.length * 0.62)));
  return {
    ...baseSpec(opts, null),
    data: { values: [{ big, caption: caption.length > 90 ? caption.slice(0, 89) + '…' : caption }] },
    layer: [
      { mark: { type: 'text', fontSize, fontWeight: 'bold', color: PALETTE[0], baseline: 'middle' }, encoding: { text: { field: 'big' } } },
      { mark: { type: 'text', fontSize: 30, color: '#555', baseline: 'top', dy: Math.round(fontSize * 0.6) }, encoding: { text: { field: 'caption' } } },
    ],
  } as TopLevelSpec;
}

function clipTitle(t: string): string {
  const one = t.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? one.slice(0, 79) + '…' : one;
}
