/**
 * A time series with its expected band: the actual values as a line, the
 * band a normal value falls in (the detector's expected ± its threshold, or a
 * forecast's interval) as a shaded area with the expected value dashed, the
 * anomalies as red points, and forecast points continuing the line in
 * another colour. Used by anomaly and forecast answers (agents/insight).
 */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './vega-spec.ts';
import { renderPng } from './render-png.ts';

/** One time slot of the chart. */
export interface BandPoint {
  /** Epoch ms of the slot start (UTC). */
  tsMs: number;
  /** The actual value (absent for forecast slots or missing data). */
  value?: number;
  /** Expected value and band (absent where there is none, e.g. the warm-up history). */
  expected?: number;
  lower?: number;
  upper?: number;
  /** The point is an anomaly (drawn red). */
  anomaly?: boolean;
  /** A forecast slot: `expected` is the forecast, drawn in the forecast colour. */
  forecast?: boolean;
}

export interface BandChartOptions {
  title: string;
  /** Display name of the value axis ("Revenue"). */
  valueLabel: string;
  /** Time unit of the slots: dates for day and coarser, date and hour for hours. */
  grain: 'hour' | 'day' | 'week' | 'month';
  width: number;
  height: number;
  /** Subtitle, e.g. "band: expected range (robust z 4.5)". */
  note?: string;
  /** vega format of the values (".0%" for a rate, "$,.0f" for money); default ",.4~g"-like abbreviation. */
  valueFormat?: string;
}

const TEXT = '#333';
const ACTUAL = '#1f5fa8';
const FORECAST = '#d9822b';
const ANOMALY = '#d62728';

/** The vega-lite spec of a band chart. */
export function buildBandChartSpec(points: readonly BandPoint[], opts: BandChartOptions): TopLevelSpec {
  const values = points.map((p) => ({
    t: new Date(p.tsMs).toISOString(),
    value: p.forecast ? null : p.value ?? null,
    expected: p.forecast ? null : p.expected ?? null,
    forecast: p.forecast ? p.expected ?? null : null,
    lower: p.lower ?? null,
    upper: p.upper ?? null,
    anomaly: p.anomaly && !p.forecast && p.value !== undefined ? p.value : null,
  }));
  const timeUnit = opts.grain === 'hour' ? 'utcyearmonthdatehours' : 'utcyearmonthdate';
  const x = { field: 't', type: 'temporal' as const, timeUnit, title: null, axis: { format: opts.grain === 'hour' ? '%b %d %H:00' : opts.grain === 'month' ? '%b %Y' : '%b %d', labelAngle: 0, tickCount: 8 } };
  const yAxis = { title: opts.valueLabel, ...(opts.valueFormat ? { format: opts.valueFormat } : { format: '~s' }) };
  const line = (field: string, color: string, extra: Record<string, unknown> = {}) => ({
    mark: { type: 'line' as const, color, strokeWidth: 3, interpolate: 'linear' as const, ...extra },
    encoding: { x, y: { field, type: 'quantitative' as const, axis: yAxis, scale: { zero: false } } },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: opts.title.length > 90 ? `${opts.title.slice(0, 89)}…` : opts.title, ...(opts.note ? { subtitle: opts.note } : {}), fontSize: 30, subtitleFontSize: 20, subtitleColor: '#666', font: CHART_FONT, subtitleFont: CHART_FONT, anchor: 'start', offset: 16 },
    width: opts.width,
    height: opts.height,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 24,
    background: 'white',
    config: {
      font: CHART_FONT,
      axis: { labelFontSize: 20, titleFontSize: 20, labelColor: TEXT, titleColor: TEXT, gridColor: '#e5e5e5', domainColor: '#999', tickColor: '#999', titlePadding: 12 },
      view: { stroke: null },
    },
    data: { values },
    layer: [
      {
        mark: { type: 'area', color: '#9ecae1', opacity: 0.35 },
        encoding: { x, y: { field: 'lower', type: 'quantitative', axis: yAxis, scale: { zero: false } }, y2: { field: 'upper' } },
      },
      line('expected', '#6b8fb5', { strokeDash: [6, 4], strokeWidth: 2 }),
      line('value', ACTUAL),
      line('forecast', FORECAST, { strokeDash: [10, 5] }),
      {
        mark: { type: 'point', filled: true, color: ANOMALY, size: 260, opacity: 1 },
        encoding: { x, y: { field: 'anomaly', type: 'quantitative', axis: yAxis, scale: { zero: false } } },
      },
    ],
  } as TopLevelSpec;
}

/** The band chart as PNG bytes. */
export async function renderBandChart(points: readonly BandPoint[], opts: BandChartOptions): Promise<Buffer> {
  return renderPng(buildBandChartSpec(points, opts));
}
