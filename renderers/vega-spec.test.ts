import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/contracts/warehouse.ts';
import { chooseChart } from './chart-choice.ts';
import { prepareChartData } from './chart-data.ts';
import { describeChart } from './alt-text.ts';
import { ABBREVIATE_EXPR, buildChartSpec } from './vega-spec.ts';
import * as vega from 'vega';

const col = (name: string, type: string): Column => ({ name, type });
const size = { title: 'Revenue by product', width: 800, height: 450 };
const months = (n: number) => Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 6 + i, 1)).toISOString().slice(0, 10));

function spec(columns: Column[], rows: unknown[][], opts: Partial<typeof size> & { topN?: number } = {}) {
  const choice = chooseChart(columns, rows);
  if (!choice) throw new Error('no chart');
  return buildChartSpec(choice, columns, rows, { ...size, ...opts }) as any;
}

describe('top N + Other', () => {
  const products = Array.from({ length: 20 }, (_, i) => [`p${i}`, i + 1]);

  it('sorts bars descending and folds the tail into one Other bar, last', () => {
    const s = spec([col('product', 'String'), col('revenue', 'Float64')], products, { topN: 12 });
    const values = s.data.values as { x: string; y: number }[];
    expect(values.map((v) => v.x)).toEqual(['p19', 'p18', 'p17', 'p16', 'p15', 'p14', 'p13', 'p12', 'p11', 'p10', 'p9', 'Other']);
    expect(values[11].y).toBe(Array.from({ length: 9 }, (_, i) => i + 1).reduce((a, b) => a + b));
    expect(s.encoding.y.sort).toEqual(values.map((v) => v.x));
    expect(s.title.subtitle).toBe('product: top 11 of 20, the rest as Other');
  });

  it('does not fold averages into Other: it shows the top N and says so', () => {
    const s = spec([col('product', 'String'), col('avg_price', 'Float64')], products, { topN: 12 });
    expect(s.data.values.some((v: any) => v.x === 'Other')).toBe(false);
    expect(s.data.values).toHaveLength(12);
    expect(s.title.subtitle).toBe('product: top 12 of 20');
  });

  it('keeps numeric buckets in their own order instead of sorting by value', () => {
    const s = spec([col('hour', 'UInt8'), col('orders', 'UInt64')], [[2, 1], [0, 9], [1, 5]]);
    expect(s.encoding.x.sort).toEqual(['0', '1', '2']);
  });

  it('limits a multi-line chart to 8 series by total, the rest summed per point as Other', () => {
    const countries = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const rows = months(3).flatMap((m) => countries.map((c, j) => [m, c, 100 - j]));
    const columns = [col('month', 'Date'), col('country', 'String'), col('revenue', 'Float64')];
    const data = prepareChartData(chooseChart(columns, rows)!, columns, rows);
    expect(data.seriesOrder).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'Other']);
    const other = data.points.filter((p) => p.s === 'Other');
    expect(other).toHaveLength(3);
    expect(other[0].y).toBe(93 + 92 + 91 + 90);
  });
});

describe('spec contents', () => {
  it('gives a line chart the title, a UTC time axis formatted by granularity and abbreviated numbers', () => {
    const rows = months(13).map((m, i) => [m, 1_000_000 + i * 20_000]);
    const s = spec([col('month', 'Date'), col('sum(revenue)', 'Float64')], rows, { title: 'Revenue by month' });
    expect(s.title.text).toBe('Revenue by month');
    expect(s.mark.type).toBe('line');
    expect(s.encoding.x).toMatchObject({ type: 'temporal', scale: { type: 'utc' }, axis: { format: '%b %Y' } });
    // Ticks sit on the data's own months (thinned from the last one), so no label repeats or collides.
    const ticks: number[] = s.encoding.x.axis.values;
    expect(ticks[ticks.length - 1]).toBe(Date.UTC(2025, 6, 1));
    for (const t of ticks) expect(s.data.values.some((v: any) => v.x === t)).toBe(true);
    expect(s.encoding.x.title).toBe('month');
    expect(s.encoding.y.axis.labelExpr).toBe(ABBREVIATE_EXPR);
    expect(s.encoding.y.axis.title).toBe('sum(revenue)');
    expect(s.data.values[0].x).toBe(Date.UTC(2024, 6, 1));
    expect(s.width).toBe(800);
    expect(s.autosize).toMatchObject({ type: 'fit', contains: 'padding' });
  });

  it('formats hourly series with hours and short spans without the date', () => {
    const rows = Array.from({ length: 12 }, (_, i) => [`2025-03-01 ${String(i).padStart(2, '0')}:00:00`, i]);
    const s = spec([col('hour', "DateTime('UTC')"), col('events', 'UInt64')], rows);
    expect(s.encoding.x.axis.format).toBe('%H:%M');
  });

  it('abbreviates axis numbers with K/M/B suffixes when vega evaluates the label expression', async () => {
    const view = new vega.View(
      vega.parse({ signals: [{ name: 'out', update: `[${[950, 1234, 1_250_000, -45_600, 3_200_000_000].map((v) => ABBREVIATE_EXPR.replaceAll('datum.value', String(v))).join(',')}]` }] }),
      { renderer: 'none' },
    );
    await view.runAsync();
    expect(view.signal('out')).toEqual(['950', '1.23K', '1.25M', '\u221245.6K', '3.2B']);
    view.finalize();
  });

  it('draws a big number as large abbreviated text with the measure and exact value beneath', () => {
    const s = spec([col('sum(revenue)', 'Float64')], [[12_345_678.9]], { title: 'Total revenue' });
    expect(s.data.values[0]).toEqual({ big: '12.3M', caption: 'sum(revenue) · 12,345,678.9' });
    expect(s.layer[0].mark.type).toBe('text');
    expect(s.layer[0].mark.fontSize).toBeGreaterThan(100);
  });

  it('groups bars with xOffset and keeps series in legend order; stacked bars stack', () => {
    const columns = [col('channel', 'String'), col('device', 'String'), col('n', 'UInt64')];
    const rows = [['paid', 'mobile', 5], ['paid', 'desktop', 2], ['email', 'mobile', 3], ['email', 'desktop', 1]];
    const grouped = spec(columns, rows);
    expect(grouped.encoding.xOffset.field).toBe('s');
    expect(grouped.encoding.color.scale.domain).toEqual(['mobile', 'desktop']);
    expect(grouped.encoding.x.sort).toEqual(['paid', 'email']);
    const stacked = buildChartSpec({ ...chooseChart(columns, rows)!, kind: 'stacked-bar' }, columns, rows, size) as any;
    expect(stacked.encoding.y.stack).toBe('zero');
    expect(stacked.encoding.xOffset).toBeUndefined();
  });

  it('labels heatmap cells and orders both axes by total', () => {
    const rows = Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => [`a${i}`, `b${j}`, (i + 1) * (j + 1) * 1000])).flat();
    const s = spec([col('a', 'String'), col('b', 'String'), col('n', 'UInt64')], rows);
    expect(s.encoding.x.sort[0]).toBe('a7');
    expect(s.encoding.y.sort[0]).toBe('b7');
    expect(s.layer.map((l: any) => l.mark.type)).toEqual(['rect', 'text']);
    expect(s.data.values.find((v: any) => v.x === 'a7' && v.s === 'b7').label).toBe('64K');
  });
});

describe('alt text', () => {
  it('describes a monthly line with its range and extremes', () => {
    const rows = months(12).map((m, i) => [m, i === 10 ? 1_200_000 : 500_000 + i * 1000]);
    const columns = [col('month', 'Date'), col('sum(revenue)', 'Float64')];
    expect(describeChart(chooseChart(columns, rows)!, columns, rows, 'q')).toBe(
      'Line chart of sum(revenue) by month, 12 points from 2024-07 to 2025-06; max 1.2M in 2025-05, min 500K in 2024-07',
    );
  });

  it("says the values in the measure's format: currency with its symbol, rates as percents", () => {
    const rows = months(12).map((m, i) => [m, i === 10 ? 1_200_000 : 500_000 + i * 1000, i === 3 ? 0.1334 : 0.05]);
    const revenue = { ...col('total_revenue', 'Float64'), displayName: 'Revenue', format: 'currency', unit: 'USD' };
    const rate = { ...col('refund_rate', 'Float64'), displayName: 'Refund rate', format: 'percent' };
    const money = [col('month', 'Date'), revenue];
    expect(describeChart(chooseChart(money, rows)!, money, rows.map((r) => r.slice(0, 2)), 'q')).toBe(
      'Line chart of Revenue (USD) by month, 12 points from 2024-07 to 2025-06; max $1.2M in 2025-05, min $500K in 2024-07',
    );
    const rates = [col('month', 'Date'), rate];
    const rateRows = rows.map((r) => [r[0], r[2]]);
    expect(describeChart(chooseChart(rates, rateRows)!, rates, rateRows, 'q')).toMatch(/max 13\.3% in 2024-10, min 5\.0% in 2024-07$/);
  });

  it('describes bars with the highest and lowest named bar, not Other', () => {
    const rows = Array.from({ length: 15 }, (_, i) => [`p${i}`, 1000 - i]);
    const columns = [col('product', 'String'), col('orders', 'UInt64')];
    expect(describeChart(chooseChart(columns, rows)!, columns, rows, 'q')).toBe(
      'Bar chart of orders by product, 12 bars; highest p0 1K, lowest p10 990; product: top 11 of 15, the rest as Other',
    );
  });

  it('states a big number outright', () => {
    const columns = [col('count()', 'UInt64')];
    expect(describeChart(chooseChart(columns, [[1234]])!, columns, [[1234]], 'Orders yesterday')).toBe('Orders yesterday: 1,234');
  });
});
