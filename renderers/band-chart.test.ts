import { describe, expect, it } from 'vitest';
import { buildBandChartSpec, renderBandChart, type BandPoint } from './band-chart.ts';

const DAY = 86_400_000;
const start = Date.UTC(2025, 5, 1);
const points: BandPoint[] = [
  ...Array.from({ length: 10 }, (_, i) => ({ tsMs: start + i * DAY, value: i === 6 ? 40 : 100, expected: 100, lower: 90, upper: 110, anomaly: i === 6 })),
  ...Array.from({ length: 3 }, (_, i) => ({ tsMs: start + (10 + i) * DAY, expected: 101, lower: 85, upper: 117, forecast: true })),
];

describe('band chart', () => {
  it('draws the band, the expected line, the actuals, the forecast and the anomalies from one table', () => {
    const spec = buildBandChartSpec(points, { title: 'Revenue by day', valueLabel: 'Revenue', grain: 'day', width: 800, height: 400 }) as unknown as { data: { values: Array<Record<string, unknown>> }; layer: Array<{ mark: { type: string } }> };
    expect(spec.layer.map((l) => l.mark.type)).toEqual(['area', 'line', 'line', 'line', 'point']);
    const rows = spec.data.values;
    expect(rows).toHaveLength(13);
    expect(rows.filter((r) => r.anomaly !== null)).toEqual([expect.objectContaining({ t: '2025-06-07T00:00:00.000Z', anomaly: 40, value: 40 })]);
    expect(rows.slice(10).every((r) => r.value === null && r.forecast === 101 && r.lower === 85)).toBe(true);
    expect(rows.slice(0, 10).every((r) => r.forecast === null && r.expected === 100)).toBe(true);
  });

  it('renders a PNG', async () => {
    const png = await renderBandChart(points, { title: 'Revenue by day', valueLabel: 'Revenue', grain: 'day', width: 600, height: 300, note: 'shaded: expected range' });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5_000);
  });
});
