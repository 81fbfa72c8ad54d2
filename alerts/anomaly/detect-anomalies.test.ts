import { describe, expect, it } from 'vitest';
import { detectAnomalies, SeriesInputError, type SeriesPoint } from './detect-anomalies.ts';
import { createRandom, gaussian } from './robust-stats.ts';
import { candidatePeriods, dayOfWeekIndex, detectPeriod, toGrid } from './series-grid.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 6);

/** Hourly series: level 1000, daily curve ±300, weekends −20 %, slope, Gaussian noise σ 30. */
function hourly(days: number, seed = 1, edit?: (i: number, v: number) => number): SeriesPoint[] {
  const random = createRandom(seed);
  return Array.from({ length: days * 24 }, (_, i) => {
    const weekend = Math.floor(i / 24) % 7 >= 5 ? -200 : 0;
    const v = 1000 + 0.2 * i + 300 * Math.sin((2 * Math.PI * i) / 24) + weekend + 30 * gaussian(random);
    return { tsMs: T0 + i * HOUR, value: edit ? edit(i, v) : v };
  });
}

/** Daily series: level 500, weekly pattern, noise σ 10. */
function daily(days: number, seed = 2, edit?: (i: number, v: number) => number): SeriesPoint[] {
  const random = createRandom(seed);
  return Array.from({ length: days }, (_, i) => {
    const v = 500 + [0, 10, 20, 10, 0, -120, -150][i % 7] + 10 * gaussian(random);
    return { tsMs: T0 + i * DAY, value: edit ? edit(i, v) : v };
  });
}

describe('detectAnomalies', () => {
  it('finds nothing in clean seasonal data with a trend', () => {
    expect(detectAnomalies(hourly(28)).anomalies).toEqual([]);
    expect(detectAnomalies(daily(120)).anomalies).toEqual([]);
  });

  it('finds a spike and a dip with expected value, band, score and direction', () => {
    const r = detectAnomalies(hourly(28, 3, (i, v) => (i === 400 ? v + 400 : i === 500 ? v - 400 : v)));
    expect(r.periodPoints).toBe(24); // a daily profile plus a day-of-week layer for the weekends
    expect(r.anomalies.map((a) => [a.index, a.kind, a.direction])).toEqual([
      [400, 'spike', 'up'],
      [500, 'dip', 'down'],
    ]);
    const spike = r.anomalies[0];
    expect(spike.score).toBeGreaterThan(6);
    expect(spike.lower).toBeLessThan(spike.expected);
    expect(spike.upper).toBeGreaterThan(spike.expected);
    expect(spike.value).toBeGreaterThan(spike.upper);
    expect(Math.abs(spike.value - 400 - spike.expected)).toBeLessThan(100);
  });

  it('finds a level shift once, near its start', () => {
    const r = detectAnomalies(daily(120, 4, (i, v) => (i >= 80 ? v + 100 : v)));
    expect(r.anomalies).toHaveLength(1);
    expect(r.anomalies[0].kind).toBe('level_shift');
    expect(r.anomalies[0].direction).toBe('up');
    expect(Math.abs(r.anomalies[0].index - 80)).toBeLessThanOrEqual(1);
  });

  it('reports a run of zeros as a drop to zero, and a long outage does not hide behind the trend', () => {
    const r = detectAnomalies(hourly(28, 5, (i, v) => (i >= 500 && i < 540 ? 0 : v)));
    const drops = r.anomalies.filter((a) => a.kind === 'drop_to_zero');
    expect(drops.map((a) => a.index)).toEqual(Array.from({ length: 40 }, (_, k) => 500 + k));
    expect(r.anomalies.filter((a) => a.kind !== 'drop_to_zero')).toEqual([]);
    expect(drops[0].direction).toBe('down');
    expect(drops[0].expected).toBeGreaterThan(500);
  });

  it('lets tiny counts stay quiet under the minimum-volume floor', () => {
    const random = createRandom(9);
    const sparse = Array.from({ length: 90 }, (_, i) => ({ tsMs: T0 + i * DAY, value: i === 60 ? 9 : Math.round(2 + gaussian(random) * 0.5) }));
    expect(detectAnomalies(sparse).anomalies.some((a) => a.index === 60)).toBe(true);
    expect(detectAnomalies(sparse, { minVolume: 20 }).anomalies).toEqual([]);
  });

  it('copes with missing points and unsorted input, and reports input indices', () => {
    const points = hourly(28, 6, (i, v) => (i === 450 ? v + 500 : v)).filter((_, i) => i % 17 !== 3);
    const shuffled = [...points].reverse();
    const r = detectAnomalies(shuffled);
    expect(r.stepMs).toBe(HOUR);
    expect(r.anomalies).toHaveLength(1);
    expect(shuffled[r.anomalies[0].index].tsMs).toBe(T0 + 450 * HOUR);
  });

  it('is not thrown by a holiday-like day in the history', () => {
    // One weekday at a third of its usual level: flagged itself, but the same weekday a week later is normal.
    const r = detectAnomalies(daily(120, 7, (i, v) => (i === 50 ? v / 3 : v)));
    expect(r.anomalies.map((a) => a.index)).toEqual([50]);
  });

  it('takes the sensitivity into account', () => {
    const series = hourly(28, 8, (i, v) => (i === 300 ? v + 170 : v)); // ≈ 5.7 σ
    expect(detectAnomalies(series, { sensitivity: 'low' }).anomalies).toEqual([]);
    expect(detectAnomalies(series, { sensitivity: 'high' }).anomalies.map((a) => a.index)).toContain(300);
  });

  it('refuses series shorter than two seasons, with a clear message', () => {
    expect(() => detectAnomalies(hourly(1), { period: 'day' })).toThrow(SeriesInputError);
    expect(() => detectAnomalies(hourly(1), { period: 'day' })).toThrow(/two seasons of 24/);
    expect(() => detectAnomalies([])).toThrow(/no points/);
    expect(() => detectAnomalies(daily(20), { period: 'hour' })).toThrow(/not longer than the series' step/);
  });
});

describe('detectPeriod', () => {
  it('finds 24 for hourly data, 168 with a weekly pattern unless weekday offsets explain it, 7 for daily, 1 for noise', () => {
    const random = createRandom(11);
    const noWeek = Array.from({ length: 24 * 28 }, (_, i) => 100 + 20 * Math.sin((2 * Math.PI * i) / 24) + 3 * gaussian(random));
    const grid = (pts: SeriesPoint[]) => toGrid(pts).values;
    expect(detectPeriod(Float64Array.from(noWeek), candidatePeriods(HOUR))).toBe(24);
    expect(detectPeriod(grid(hourly(28)), candidatePeriods(HOUR))).toBe(168);
    const g = toGrid(hourly(28));
    expect(detectPeriod(g.values, candidatePeriods(HOUR), { dayOfWeek: dayOfWeekIndex(g), dailyPeriod: 24 })).toBe(24);
    // A weekend with a different daily shape (no peak at all) is not a weekday offset: 168 wins.
    const shaped = toGrid(hourly(28, 12, (i, v) => (Math.floor(i / 24) % 7 >= 5 ? 800 + (v - 800) * 0.1 : v)));
    expect(detectPeriod(shaped.values, candidatePeriods(HOUR), { dayOfWeek: dayOfWeekIndex(shaped), dailyPeriod: 24 })).toBe(168);
    expect(detectPeriod(grid(daily(120)), candidatePeriods(DAY))).toBe(7);
    const noise = Float64Array.from({ length: 200 }, () => gaussian(random));
    expect(detectPeriod(noise, candidatePeriods(DAY))).toBe(1);
  });
});

describe('the latest points (what an alert looks at)', () => {
  it('flags a spike, a drop to zero and a fresh level shift at the very end', () => {
    const n = 28 * 24;
    expect(detectAnomalies(hourly(28, 21, (i, v) => (i === n - 1 ? v + 400 : v))).anomalies.map((a) => [a.index, a.kind])).toEqual([[n - 1, 'spike']]);
    expect(detectAnomalies(hourly(28, 22, (i, v) => (i >= n - 2 ? 0 : v))).anomalies.map((a) => [a.index, a.kind])).toEqual([
      [n - 2, 'drop_to_zero'],
      [n - 1, 'drop_to_zero'],
    ]);
    const shifted = detectAnomalies(hourly(28, 23, (i, v) => (i >= n - 6 ? v + 300 : v))).anomalies;
    expect(shifted.length).toBeGreaterThan(0);
    expect(shifted[0].index).toBe(n - 6);
    expect(shifted.every((a) => a.direction === 'up' && a.index >= n - 6)).toBe(true);
  });
});

describe('monthly data', () => {
  it('slots calendar months (no drift over years) and finds the yearly season', () => {
    const random = createRandom(31);
    const points = Array.from({ length: 60 }, (_, i) => ({
      tsMs: Date.UTC(2020, i, 1),
      value: 1000 + 5 * i + 200 * Math.sin((2 * Math.PI * i) / 12) + 10 * gaussian(random) + (i === 47 ? 150 : 0),
    }));
    const grid = toGrid(points);
    expect(grid.values.length).toBe(60);
    expect([...grid.source]).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const r = detectAnomalies(points);
    expect(r.periodPoints).toBe(12);
    expect(r.anomalies.map((a) => [a.index, a.kind])).toEqual([[47, 'spike']]);
  });
});
