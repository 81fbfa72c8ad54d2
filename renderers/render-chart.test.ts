import { createCanvas, loadImage } from 'canvas';
import { describe, expect, it } from 'vitest';
import type { Column } from '../bot/contracts/warehouse.ts';
import { renderChart } from './render-chart.ts';
import { encodeOpaquePng } from './png-encode.ts';

const col = (name: string, type: string): Column => ({ name, type });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const days = (n: number) => Array.from({ length: n }, (_, i) => [new Date(Date.UTC(2025, 0, 1) + i * 864e5).toISOString().slice(0, 10), 1000 + i * 10]);

/** Decodes a PNG with a real decoder: size, share of non-white pixels, and a pixel probe. */
async function decode(png: Buffer) {
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  let transparent = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
    if (data[i + 3] !== 255) transparent++;
  }
  return { width: img.width, height: img.height, ink: ink / (img.width * img.height), transparent };
}

describe('renderChart', () => {
  it('renders a line chart PNG of the requested size that is not blank, with alt text', async () => {
    const chart = await renderChart([col('d', 'Date'), col('revenue', 'Float64')], days(90), { title: 'Revenue by day', width: 1200, height: 675 });
    expect(chart?.kind).toBe('line');
    expect(chart!.png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const p = await decode(chart!.png);
    expect([p.width, p.height]).toEqual([1200, 675]);
    expect(p.ink).toBeGreaterThan(0.005);
    expect(p.transparent).toBe(0);
    expect(chart!.alt).toBe('Line chart of revenue by d, 90 points from 2025-01-01 to 2025-03-31; max 1.9K in 2025-03-31, min 1K in 2025-01-01');
  });

  it.each([
    ['bar', [col('country', 'String'), col('revenue', 'Float64')], ['US', 'GB', 'DE', 'FR', 'IN'].map((c, i) => [c, 10_000 * (5 - i)])],
    ['grouped-bar', [col('channel', 'String'), col('device', 'String'), col('n', 'UInt64')], ['a', 'b', 'c'].flatMap((c, i) => ['x', 'y'].map((d, j) => [c, d, i * 10 + j + 1]))],
    ['heatmap', [col('a', 'String'), col('b', 'String'), col('n', 'UInt64')], Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => [`a${i}`, `b${j}`, i + j])).flat()],
    ['big-number', [col('count()', 'UInt64')], [[123_456]]],
  ])('renders a %s chart at another size (and scale 2)', async (kind, columns, rows) => {
    const chart = await renderChart(columns as Column[], rows as unknown[][], { title: `A ${kind}`, width: 600, height: 400, scale: 2 });
    expect(chart?.kind).toBe(kind);
    const p = await decode(chart!.png);
    expect([p.width, p.height]).toEqual([1200, 800]);
    expect(p.ink).toBeGreaterThan(0.002);
  });

  it('honours a hint', async () => {
    const chart = await renderChart([col('d', 'Date'), col('n', 'UInt64')], days(10), { title: 'n', width: 400, height: 300, hint: { kind: 'bar' } });
    expect(chart?.kind).toBe('bar');
    expect((chart!.spec as any).layer[0].mark.type).toBe('bar');
  });

  it('returns null when no chart helps, without reporting an error', async () => {
    const errors: unknown[] = [];
    expect(await renderChart([col('name', 'String')], [['x']], { title: 'x', onError: (e) => errors.push(e) })).toBeNull();
    expect(await renderChart([col('d', 'Date'), col('n', 'UInt64')], [], { title: 'x', onError: (e) => errors.push(e) })).toBeNull();
    expect(errors).toEqual([]);
  });

  it.each<[string, unknown, unknown, { width?: number }?]>([
    ['rows that are not arrays', [col('d', 'Date'), col('n', 'UInt64')], [{ d: '2025-01-01', n: 1 }]],
    ['short rows', [col('d', 'Date'), col('n', 'UInt64')], [['2025-01-01']]],
    ['columns without types', [{ name: 'd' }, { name: 'n' }], [['2025-01-01', 1]]],
    ['a value no number comes from', [col('d', 'Date'), col('n', 'UInt64')], [['2025-01-01', Symbol('bad')], ['2025-01-02', 1]]],
    ['dates that are not dates', [col('d', 'Date'), col('n', 'UInt64')], [['yesterday', 1], ['today', 2]]],
    ['a size no canvas can have', [col('d', 'Date'), col('n', 'UInt64')], days(3), { width: 100_000 }],
  ])('returns null instead of throwing for %s, and reports why', async (_label, columns, rows, extra = {}) => {
    const errors: unknown[] = [];
    const chart = await renderChart(columns as Column[], rows as unknown[][], { title: 'x', onError: (e) => errors.push(e), ...extra });
    expect(chart).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
  });

  it('survives a broken input without onError', async () => {
    await expect(renderChart(null as unknown as Column[], null as unknown as unknown[][], { title: 'x' })).resolves.toBeNull();
  });
});

describe('encodeOpaquePng', () => {
  it('round-trips colours through a real PNG decoder', async () => {
    const canvas = createCanvas(7, 5);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 7, 5);
    ctx.fillStyle = '#ff8000';
    ctx.fillRect(2, 1, 3, 2);
    ctx.fillStyle = '#123456';
    ctx.fillRect(6, 4, 1, 1);
    const png = encodeOpaquePng(canvas.toBuffer('raw'), 7, 5, canvas.stride);
    const img = await loadImage(png);
    const out = createCanvas(7, 5).getContext('2d');
    out.drawImage(img, 0, 0);
    expect([...out.getImageData(3, 2, 1, 1).data]).toEqual([255, 128, 0, 255]);
    expect([...out.getImageData(0, 0, 1, 1).data]).toEqual([255, 255, 255, 255]);
    expect([...out.getImageData(6, 4, 1, 1).data]).toEqual([0x12, 0x34, 0x56, 255]);
  });

  it('draws a requested pie chart of shares of a whole (arc marks, a PNG that decodes) and says why when it cannot', async () => {
    const columns = [col('category', 'LowCardinality(String)'), { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' }];
    const rows = [['electronics', 513390.11], ['home', 227086.2], ['apparel', 205112.98], ['sports', 193007.11], ['beauty', 137953.33], ['books', 89829.34]];
    const pie = await renderChart(columns, rows, { title: 'Revenue by category', width: 900, height: 500, hint: { kind: 'pie' } });
    expect(pie?.kind).toBe('pie');
    expect(pie?.note).toBeUndefined();
    const layers = (pie!.spec as any).layer.map((l: any) => l.mark.type);
    expect(layers).toEqual(['arc', 'text']);
    expect((pie!.spec as any).data.values.map((v: any) => v.share)).toEqual(['38%', '17%', '15%', '14%', '10%', '7%']);
    const p = await decode(pie!.png);
    expect([p.width, p.height]).toEqual([900, 500]);
    expect(p.ink).toBeGreaterThan(0.05);
    expect(pie!.alt).toMatch(/^Pie chart of Revenue \(USD\) by category, 6 slices; largest electronics 38%/);

    const donut = await renderChart(columns, rows, { title: 't', width: 900, height: 500, hint: { kind: 'donut' } });
    expect((donut!.spec as any).layer[0].mark.innerRadius).toBeGreaterThan(0);

    // More than 8 slices: bars, and one line saying why.
    const many = Array.from({ length: 12 }, (_, i) => [`c${i}`, 100 - i]);
    const bars = await renderChart(columns, many, { title: 't', width: 900, height: 500, hint: { kind: 'pie' } });
    expect(bars?.kind).toBe('bar');
    expect(bars?.note).toBe('A pie chart does not fit this result (it has 12 slices and a pie reads well with at most 8), so it is drawn as bars.');
    // A rate is not a part of a whole.
    const rate = await renderChart([col('country', 'String'), { name: 'refund_rate', type: 'Float64', displayName: 'Refund rate', format: 'percent' }], [['SG', 0.13], ['DE', 0.11]], { title: 't', hint: { kind: 'pie' } });
    expect(rate?.note).toMatch(/Refund rate is a rate, not a part of a whole/);
  });

  it('keeps the row order of a raw SQL result (its ORDER BY) on a category axis', async () => {
    const rows = [['AU', 832], ['BR', 1031], ['DE', 1415], ['FR', 1272], ['US', 4549]];
    const kept = await renderChart([col('country', 'String'), col('n', 'UInt64')], rows, { title: 'SQL result', width: 900, height: 500, keepOrder: true });
    const sort = (s: any) => (s.encoding.y ?? s.encoding.x).sort;
    expect(sort(kept!.spec)).toEqual(['AU', 'BR', 'DE', 'FR', 'US']);
    expect((await decode(kept!.png)).ink).toBeGreaterThan(0.01);
    const ranked = await renderChart([col('country', 'String'), col('n', 'UInt64')], rows, { title: 't', width: 900, height: 500 });
    expect(sort(ranked!.spec)).toEqual(['US', 'DE', 'FR', 'BR', 'AU']);
  });

  it('draws an incomplete last month dashed, says so in the subtitle, and formats the axis as currency', async () => {
    const columns = [{ name: 'month', type: 'Date', displayName: 'Month', format: 'date' }, { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' }];
    const rows = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'].map((m, i) => [m, i === 5 ? 40_000 : 100_000 + i * 5000]);
    const chart = await renderChart(columns, rows, { title: 'Revenue by month', width: 900, height: 500, partial: { now: '2025-06-15T12:00:00Z' } });
    const spec = chart!.spec as any;
    expect(spec.title.subtitle).toBe('Jun 2025 is to date (through Jun 15)');
    expect(spec.encoding.strokeDash.field).toBe('seg');
    const partial = spec.data.values.filter((v: any) => v.seg === 'partial').map((v: any) => v.x);
    expect(partial).toEqual([Date.UTC(2025, 4, 1), Date.UTC(2025, 5, 1)]);
    expect(spec.encoding.y.axis.title).toBe('Revenue (USD)');
    expect(spec.encoding.y.axis.labelExpr).toContain("'$'");
    expect((await decode(chart!.png)).ink).toBeGreaterThan(0.005);
  });

  it('draws a requested area chart and a scatter plot of two measures', async () => {
    const area = await renderChart([col('d', 'Date'), col('revenue', 'Float64')], days(20), { title: 't', width: 900, height: 500, hint: { kind: 'area' } });
    expect(area?.kind).toBe('area');
    expect((area!.spec as any).layer[0].mark.type).toBe('area');
    const scatter = await renderChart([col('country', 'String'), col('orders', 'UInt64'), col('revenue', 'Float64')], [['US', 10, 1000], ['DE', 8, 700], ['FR', 5, 450]], { title: 't', width: 900, height: 500, hint: { kind: 'scatter' } });
    expect(scatter?.kind).toBe('scatter');
    expect((scatter!.spec as any).layer[0].mark.type).toBe('point');
    expect((await decode(scatter!.png)).ink).toBeGreaterThan(0.005);
    const notScatter = await renderChart([col('country', 'String'), col('orders', 'UInt64')], [['US', 10], ['DE', 8]], { title: 't', hint: { kind: 'scatter' } });
    expect(notScatter?.note).toBe('A scatter plot does not fit this result (a scatter plot needs two numeric columns), so it is drawn as bars.');
  });
});
