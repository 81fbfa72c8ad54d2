import { describe, expect, it } from 'vitest';
import { backtestForecast, forecastSeries, normalQuantile } from './forecast.ts';
import { createRandom, gaussian } from './robust-stats.ts';
import type { SeriesPoint } from './series-grid.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 6);
const WEEK = [0, 10, 20, 10, 0, -120, -150];

/** Daily: level 500 + 2/day, weekly pattern, noise σ 10. `truth` is the noiseless value. */
const truthDaily = (i: number) => 500 + 2 * i + WEEK[i % 7];
function daily(days: number, seed = 1): SeriesPoint[] {
  const random = createRandom(seed);
  return Array.from({ length: days }, (_, i) => ({ tsMs: T0 + i * DAY, value: truthDaily(i) + 10 * gaussian(random) }));
}

describe('forecastSeries', () => {
  it('carries trend and weekly season forward, with a band that covers the truth and widens', () => {
    const f = forecastSeries(daily(120), { horizon: 14 });
    expect(f.periodPoints).toBe(7);
    expect(f.points).toHaveLength(14);
    expect(f.points[0].tsMs).toBe(T0 + 120 * DAY);
    expect(f.slopePerStep).toBeGreaterThan(1.5);
    expect(f.slopePerStep).toBeLessThan(2.5);
    f.points.forEach((p, h) => {
      const truth = truthDaily(120 + h);
      expect(Math.abs(p.value - truth)).toBeLessThan(25);
      expect(p.lower).toBeLessThan(truth);
      expect(p.upper).toBeGreaterThan(truth);
    });
    const width = (k: number) => f.points[k].upper - f.points[k].lower;
    expect(width(13)).toBeGreaterThan(width(0));
  });

  it('is not thrown by a spike or an outage at the very end', () => {
    const points = daily(120, 2);
    points[119].value = 5000;
    points[118].value = 0;
    const f = forecastSeries(points, { horizon: 7 });
    f.points.forEach((p, h) => expect(Math.abs(p.value - truthDaily(120 + h))).toBeLessThan(30));
  });

  it('keeps weekend offsets on hourly data', () => {
    const random = createRandom(3);
    const truth = (i: number) => 1000 + 300 * Math.sin((2 * Math.PI * i) / 24) + (Math.floor(i / 24) % 7 >= 5 ? -200 : 0);
    const points = Array.from({ length: 28 * 24 }, (_, i) => ({ tsMs: T0 + i * HOUR, value: truth(i) + 20 * gaussian(random) }));
    const f = forecastSeries(points, { horizon: 7 * 24 });
    const errors = f.points.map((p, h) => Math.abs(p.value - truth(28 * 24 + h)));
    expect(Math.max(...errors)).toBeLessThan(60);
  });

  it('refuses a bad horizon and too little data', () => {
    expect(() => forecastSeries(daily(120), { horizon: 0 })).toThrow(/horizon/);
    expect(() => forecastSeries(daily(10), { horizon: 3, period: 7 })).toThrow(/two seasons of 7/);
  });
});

describe('backtestForecast', () => {
  it('reports MAPE and coverage, and beats plain seasonal naive on a trended series', () => {
    const points = daily(150, 4);
    const r = backtestForecast(points, { horizon: 14, folds: 3 });
    expect(r.count).toBe(42);
    expect(r.mapePct).toBeLessThan(4);
    expect(r.coverage).toBeGreaterThan(0.75);
    // Seasonal naive: the value one week earlier.
    let naive = 0;
    for (let i = 150 - 42; i < 150; i++) {
      const origin = 150 - 14 * Math.ceil((150 - i) / 14); // forecast origin of i's fold
      const source = origin - 7 + ((i - origin) % 7);
      naive += Math.abs((points[i].value - points[source].value) / points[i].value);
    }
    expect(r.mapePct).toBeLessThan((100 * naive) / 42);
  });
});

describe('normalQuantile', () => {
  it('matches known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
  });
});

describe('monthly forecast', () => {
  it('steps by calendar month', () => {
    const points = Array.from({ length: 48 }, (_, i) => ({ tsMs: Date.UTC(2021, i, 1), value: 100 + 30 * Math.sin((2 * Math.PI * i) / 12) + (i % 5) }));
    const f = forecastSeries(points, { horizon: 3 });
    expect(f.periodPoints).toBe(12);
    expect(f.points.map((p) => new Date(p.tsMs).toISOString().slice(0, 10))).toEqual(['2025-01-01', '2025-02-01', '2025-03-01']);
    expect(backtestForecast(points, { horizon: 6, folds: 2 }).count).toBe(12);
  });
});
