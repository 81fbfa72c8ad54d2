import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/contracts/warehouse.ts';
import { chooseChart } from './chart-choice.ts';

const col = (name: string, type: string): Column => ({ name, type });
const days = (n: number) => Array.from({ length: n }, (_, i) => [new Date(Date.UTC(2025, 0, 1) + i * 864e5).toISOString().slice(0, 10), 1000 + i * 10]);

describe('chooseChart', () => {
  it.each([
    ['time + measure → line', [col('d', 'Date'), col('revenue', 'Float64')], days(30), { kind: 'line', x: 0, y: [1] }],
    ['DateTime(UTC) + nullable measure → line', [col('h', "DateTime('UTC')"), col('n', 'Nullable(UInt64)')], [['2025-01-01 00:00:00', 1], ['2025-01-01 01:00:00', null]], { kind: 'line' }],
    ['category + measure → bar', [col('country', 'LowCardinality(String)'), col('revenue', 'Float64')], [['US', 3], ['DE', 2]], { kind: 'bar', x: 0, y: [1] }],
    ['nullable decimal counts as a measure', [col('c', 'String'), col('v', 'Nullable(Decimal(18, 2))')], [['a', 1], ['b', 2]], { kind: 'bar' }],
    ['two categories + measure → grouped bars, the smaller one as series', [col('channel', 'String'), col('device', 'String'), col('n', 'UInt64')], [['paid', 'mobile', 1], ['paid', 'desktop', 2], ['email', 'mobile', 3], ['social', 'desktop', 4]], { kind: 'grouped-bar', x: 0, series: 1 }],
    ['time + category + measure → multi-line', [col('m', 'Date'), col('device', 'String'), col('n', 'UInt64')], [['2025-01-01', 'mobile', 1], ['2025-02-01', 'mobile', 2], ['2025-01-01', 'desktop', 3]], { kind: 'line', x: 0, series: 1, y: [2] }],
    ['time + two comparable measures → one line each', [col('d', 'Date'), col('orders', 'UInt64'), col('refunds', 'UInt64')], [['2025-01-01', 10, 2], ['2025-01-02', 12, 3]], { kind: 'line', y: [1, 2] }],
    ['one row, one number → big number', [col('sum(revenue)', 'Float64')], [[123.4]], { kind: 'big-number', y: [0] }],
    ['one row of one group → big number', [col('month', 'Date'), col('revenue', 'Float64')], [['2025-06-01', 5]], { kind: 'big-number', y: [1] }],
    ['an hour-of-day bucket is a category', [col('hour', 'UInt8'), col('orders', 'UInt64')], [[0, 5], [1, 7]], { kind: 'bar', x: 0 }],
  ])('%s', (_label, columns, rows, expected) => {
    expect(chooseChart(columns as Column[], rows as unknown[][])).toMatchObject(expected);
  });

  it('uses a heatmap when both dimensions have many values', () => {
    const rows = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => [`a${i}`, `b${j}`, i * j])).flat();
    expect(chooseChart([col('a', 'String'), col('b', 'String'), col('n', 'UInt64')], rows)?.kind).toBe('heatmap');
  });

  it('plots only measures on a comparable scale (orders and revenue do not share an axis)', () => {
    const rows = [['US', 10, 100_000], ['DE', 8, 90_000]];
    expect(chooseChart([col('c', 'String'), col('orders', 'UInt64'), col('revenue', 'Float64')], rows)).toMatchObject({ kind: 'bar', y: [1] });
    const close = [['US', 10, 12], ['DE', 8, 9]];
    expect(chooseChart([col('c', 'String'), col('a', 'UInt64'), col('b', 'UInt64')], close)).toMatchObject({ kind: 'grouped-bar', y: [1, 2] });
  });

  it.each([
    ['no rows', [col('d', 'Date'), col('n', 'UInt64')], []],
    ['no columns', [], [[]]],
    ['a text column alone', [col('name', 'String')], [['x'], ['y']]],
    ['numbers without a dimension', [col('a', 'UInt64'), col('b', 'Float64')], [[1, 2], [3, 4]]],
    ['two numbers in one row', [col('orders', 'UInt64'), col('revenue', 'Float64')], [[1, 2]]],
    ['raw rows that repeat a category', [col('country', 'String'), col('revenue', 'Float64')], [['US', 1], ['US', 2], ['DE', 3]]],
    ['more than two dimensions', [col('a', 'String'), col('b', 'String'), col('c', 'String'), col('n', 'UInt64')], [['x', 'y', 'z', 1], ['x', 'y', 'w', 2]]],
    ['a sparse grid of two many-valued dimensions', [col('name', 'String'), col('category', 'String'), col('price', 'Float64')], Array.from({ length: 40 }, (_, i) => [`p${i}`, `c${i % 8}`, i])],
  ])('draws nothing for %s', (_label, columns, rows) => {
    expect(chooseChart(columns as Column[], rows as unknown[][])).toBeNull();
  });

  it('honours a requested kind when the data fits it, and ignores it otherwise', () => {
    expect(chooseChart([col('d', 'Date'), col('n', 'UInt64')], days(5), { kind: 'bar' })?.kind).toBe('bar');
    expect(chooseChart([col('c', 'String'), col('n', 'UInt64')], [['a', 1], ['b', 2]], { kind: 'line' })?.kind).toBe('line');
    const twoDims = [col('channel', 'String'), col('device', 'String'), col('n', 'UInt64')];
    const rows = [['paid', 'mobile', 1], ['paid', 'desktop', 2], ['email', 'mobile', 3], ['email', 'desktop', 4]];
    expect(chooseChart(twoDims, rows, { kind: 'stacked-bar' })?.kind).toBe('stacked-bar');
    expect(chooseChart(twoDims, rows, { kind: 'heatmap' })?.kind).toBe('heatmap');
    // A heatmap needs two dimensions; a big number needs one row.
    expect(chooseChart([col('c', 'String'), col('n', 'UInt64')], [['a', 1], ['b', 2]], { kind: 'heatmap' })?.kind).toBe('bar');
    expect(chooseChart([col('d', 'Date'), col('n', 'UInt64')], days(5), { kind: 'big-number' })?.kind).toBe('line');
    // "as a bar chart" of one series stays a plain bar even when asked for stacked bars.
    expect(chooseChart([col('c', 'String'), col('n', 'UInt64')], [['a', 1], ['b', 2]], { kind: 'stacked-bar' })?.kind).toBe('bar');
  });
});
