import { loadImage, createCanvas } from 'canvas';
import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/types/warehouse.ts';
import { abbreviateNumber, buildChartSpec, chooseChart, formatNumber, formatTable, formatValue, renderChart, toCsv } from './index.ts';

const col = (name: string, type: string): Column => ({ name, type });
const days = (n: number) => Array.from({ length: n }, (_, i) => [new Date(Date.UTC(2025, 0, 1) + i * 864e5).toISOString().slice(0, 10), 1000 + i * 10]);

describe('chooseChart', () => {
  it.each([
    ['time + measure → line', [col('d', 'Date'), col('revenue', 'Float64')], days(30), 'line'],
    ['category + measure → bar', [col('country', 'LowCardinality(String)'), col('revenue', 'Float64')], [['US', 3], ['DE', 2]], 'bar'],
    ['two categories + measure → grouped bars', [col('channel', 'String'), col('device', 'String'), col('n', 'UInt64')], [['paid', 'mobile', 1], ['paid', 'desktop', 2], ['email', 'mobile', 3]], 'grouped-bar'],
    ['time + category + measure → multi-line', [col('m', 'Date'), col('device', 'String'), col('n', 'UInt64')], [['2025-01-01', 'mobile', 1], ['2025-02-01', 'mobile', 2], ['2025-01-01', 'desktop', 3]], 'line'],
    ['one number → big number', [col('sum(revenue)', 'Float64')], [[123.4]], 'big-number'],
    ['nullable decimal counts as a measure', [col('c', 'String'), col('v', 'Nullable(Decimal(18, 2))')], [['a', 1]], 'bar'],
  ])('%s', (_label, columns, rows, kind) => {
    expect(chooseChart(columns as Column[], rows as unknown[][])?.kind).toBe(kind);
  });

  it('uses a heatmap when both dimensions have many values', () => {
    const rows = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => [`a${i}`, `b${j}`, i * j])).flat();
    expect(chooseChart([col('a', 'String'), col('b', 'String'), col('n', 'UInt64')], rows)?.kind).toBe('heatmap');
  });

  it.each([
    ['no rows', [col('d', 'Date'), col('n', 'UInt64')], []],
    ['a text column alone', [col('name', 'String')], [['x']]],
    ['numbers without a dimension', [col('a', 'UInt64'), col('b', 'Float64')], [[1, 2]]],
  ])('draws nothing for %s', (_label, columns, rows) => {
    expect(chooseChart(columns as Column[], rows as unknown[][])).toBeNull();
  });

  it('honours "as a bar chart" for a time series', () => {
    expect(chooseChart([col('d', 'Date'), col('n', 'UInt64')], days(5), { kind: 'bar' })?.kind).toBe('bar');
    expect(chooseChart([col('c', 'String'), col('n', 'UInt64')], [['a', 1]], { kind: 'line' })?.kind).toBe('line');
  });
});

describe('buildChartSpec', () => {
  it('sorts bars by value and folds the tail into Other', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`p${i}`, i + 1]);
    const columns = [col('product', 'String'), col('revenue', 'Float64')];
    const spec = buildChartSpec(chooseChart(columns, rows)!, columns, rows, { title: 'Revenue by product', width: 800, height: 450, topN: 12 }) as any;
    const values = spec.data.values as { x: string; y: number }[];
    expect(values).toHaveLength(12);
    expect(values[0]).toMatchObject({ x: 'p19', y: 20 });
    expect(values[11].x).toBe('Other');
    expect(values[11].y).toBe(Array.from({ length: 9 }, (_, i) => i + 1).reduce((a, b) => a + b));
    expect(spec.title.text).toBe('Revenue by product');
  });

  it('does not fold averages into Other', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [`p${i}`, i + 1]);
    const columns = [col('product', 'String'), col('avg_price', 'Float64')];
    const spec = buildChartSpec(chooseChart(columns, rows)!, columns, rows, { title: 't', width: 800, height: 450, topN: 12 }) as any;
    expect(spec.data.values.some((v: any) => v.x === 'Other')).toBe(false);
  });
});

describe('renderChart', () => {
  async function pixels(png: Buffer) {
    const img = await loadImage(png);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, img.width, img.height).data;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    return { width: img.width, height: img.height, ink: ink / (img.width * img.height) };
  }

  it('renders a PNG of the requested size that is not blank', async () => {
    const chart = await renderChart([col('d', 'Date'), col('revenue', 'Float64')], days(90), { title: 'Revenue by day', width: 1200, height: 675 });
    expect(chart?.kind).toBe('line');
    expect(chart!.png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    const p = await pixels(chart!.png);
    expect([p.width, p.height]).toEqual([1200, 675]);
    expect(p.ink).toBeGreaterThan(0.005);
    expect(chart!.alt).toMatch(/^Line chart of revenue by d; 90 points from 2025-01-01 to 2025-03-31; highest 1,?.*K? at 2025-03-31/);
  });

  it('returns null instead of throwing when rendering fails, and reports why', async () => {
    const errors: unknown[] = [];
    // A value that cannot become a number makes the spec builder throw.
    const chart = await renderChart([col('d', 'Date'), col('n', 'UInt64')], [['2025-01-01', Symbol('bad')]] as unknown[][], { title: 'x', onError: (e) => errors.push(e) });
    expect(chart).toBeNull();
    expect(errors).toHaveLength(1);
    expect(await renderChart([col('name', 'String')], [['x']], { title: 'x' })).toBeNull();
  });
});

describe('text table', () => {
  const columns = [col('country', 'LowCardinality(String)'), col('revenue', 'Float64'), col('day', 'Date')];
  it('aligns numbers right, text left, formats values and says how many rows are left', () => {
    const rows = [
      ['US', 1234567.891, '2025-01-01'],
      ['DE', 12.5, '2025-01-02'],
      ['FR', 3, '2025-01-03'],
    ];
    const text = formatTable(columns, rows, { maxRows: 2 });
    expect(text.split('\n')).toEqual([
      'country       revenue  day',
      '───────  ────────────  ──────────',
      'US       1,234,567.89  2025-01-01',
      'DE               12.5  2025-01-02',
      '… 1 more row',
    ]);
  });

  it('keeps within the width budget by clipping long cells', () => {
    const text = formatTable([col('name', 'String'), col('n', 'UInt64')], [['x'.repeat(300), 1]], { maxWidth: 40 });
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(40);
    expect(text).toContain('…');
  });
});

describe('formatting', () => {
  it.each([
    [950, '950'],
    [1234, '1.2K'],
    [1_250_000, '1.3M'],
    [999_999, '1M'],
    [-45_600, '-45.6K'],
    [0.1234, '0.123'],
    [3_200_000_000, '3.2B'],
  ])('abbreviates %d as %s', (n, s) => expect(abbreviateNumber(n)).toBe(s));

  it('formats numbers, dates and nulls for tables', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatValue('2025-06-01 00:00:00', 'DateTime')).toBe('2025-06-01');
    expect(formatValue('2025-06-01 13:45:00', "DateTime('UTC')")).toBe('2025-06-01 13:45');
    expect(formatValue(null, 'Nullable(Float64)')).toBe('∅');
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and newlines (RFC 4180)', () => {
    const csv = toCsv([col('name', 'String'), col('n', 'UInt64')], [['a,b', 1], ['say "hi"', 2], ['line\nbreak', 3], [null, 4]]);
    expect(csv).toBe('name,n\r\n"a,b",1\r\n"say ""hi""",2\r\n"line\nbreak",3\r\n,4\r\n');
  });
});

describe('encodeOpaquePng', () => {
  it('round-trips colours through a real PNG decoder', async () => {
    const { encodeOpaquePng } = await import('./png-encode.ts');
    const canvas = createCanvas(7, 5);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 7, 5);
    ctx.fillStyle = '#ff8000';
    ctx.fillRect(2, 1, 3, 2);
    const png = encodeOpaquePng(canvas.toBuffer('raw'), 7, 5, canvas.stride);
    const img = await loadImage(png);
    const out = createCanvas(7, 5).getContext('2d');
    out.drawImage(img, 0, 0);
    expect([...out.getImageData(3, 2, 1, 1).data]).toEqual([255, 128, 0, 255]);
    expect([...out.getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
  });
});
