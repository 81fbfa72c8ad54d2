import { describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, generateBenchmark, scoreDetections, type LabelledSeries } from './benchmark.ts';
import { detectAnomalies } from './detect-anomalies.ts';

const HOUR = 3_600_000;

describe('generateBenchmark', () => {
  it('is deterministic per seed and labels every kind', () => {
    const a = generateBenchmark({ seed: 5, hourly: 10, daily: 10 });
    const b = generateBenchmark({ seed: 5, hourly: 10, daily: 10 });
    const c = generateBenchmark({ seed: 6, hourly: 10, daily: 10 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const kinds = new Set(generateBenchmark({ seed: 5, hourly: 30, daily: 30 }).flatMap((s) => s.labels.map((l) => l.kind)));
    expect([...kinds].sort()).toEqual([...ANOMALY_KINDS].sort());
    for (const s of a) {
      expect(s.labels.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < s.points.length; i++) expect(s.points[i].tsMs).toBeGreaterThan(s.points[i - 1].tsMs);
    }
  });
});

describe('scoreDetections', () => {
  const series: LabelledSeries = {
    id: 'x',
    granularity: 'hourly',
    stepMs: HOUR,
    weekly: false,
    noise: 'gaussian',
    points: [],
    labels: [
      { kind: 'spike', startTsMs: 10 * HOUR, endTsMs: 11 * HOUR },
      { kind: 'level_shift', startTsMs: 100 * HOUR, endTsMs: 100 * HOUR },
      { kind: 'dip', startTsMs: 200 * HOUR, endTsMs: 200 * HOUR },
    ],
  };

  it('counts consecutive points as one event, a label once, and a level shift only near its start', () => {
    const score = scoreDetections(
      [series],
      [
        [
          { tsMs: 10 * HOUR, kind: 'spike' },
          { tsMs: 11 * HOUR, kind: 'spike' },
          { tsMs: 12 * HOUR, kind: 'spike' }, // same event
          { tsMs: 13 * HOUR + HOUR, kind: 'spike' }, // gap of 2 steps: still the same event
          { tsMs: 101 * HOUR, kind: 'level_shift' },
          { tsMs: 120 * HOUR, kind: 'dip' }, // after the shift's start: a false positive
        ],
      ],
    );
    expect(score.overall).toMatchObject({ labels: 3, labelsFound: 2, events: 3, eventsTrue: 2 });
    expect(score.byKind.spike).toMatchObject({ recall: 1, precision: 1 });
    expect(score.byKind.dip).toMatchObject({ recall: 0, precision: 0, events: 1 });
    expect(score.byKind.level_shift).toMatchObject({ recall: 1, precision: 1 });
    expect(score.overall.f1).toBeCloseTo((2 * (2 / 3) * (2 / 3)) / (4 / 3), 10);
  });
});

describe('detector on the benchmark', () => {
  it('keeps event-level F1 above its floor on a fixed seed (medium sensitivity)', () => {
    const series = generateBenchmark({ seed: 2026, hourly: 40, daily: 60 });
    const detections = series.map((s) => detectAnomalies(s.points).anomalies);
    const score = scoreDetections(series, detections);
    // Measured: F1 0.964, recall 0.964, per-kind recall ≥ 0.94 on this seed (0.94–0.97 on seeds 100–103); the floors leave
    // room for small changes, not for a regression in any kind.
    expect(score.overall.f1).toBeGreaterThanOrEqual(0.9);
    expect(score.overall.recall).toBeGreaterThanOrEqual(0.9);
    for (const k of ANOMALY_KINDS) expect(score.byKind[k].recall, k).toBeGreaterThanOrEqual(0.8);
  });
});
