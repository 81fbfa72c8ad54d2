/**
 * A labelled benchmark for the anomaly detector: a seeded generator of
 * seasonal hourly and daily series (trend, noise, missing points) with
 * injected spikes, dips, level shifts and drops to zero, and an event-level
 * scorer.
 *
 * Scoring: consecutive flagged points (gaps of at most `maxGapSteps`) form
 * one event. An event matches a label when it overlaps the label's span
 * widened by `toleranceSteps` on each side — for a level shift only its
 * start counts. A label is detected when some event matches it (once, however
 * many do); an event is a false positive when it matches no label.
 */
import type { AnomalyKind } from './detect-anomalies.ts';
import { createRandom, gaussian } from './robust-stats.ts';
import type { SeriesPoint } from './series-grid.ts';

export const ANOMALY_KINDS: readonly AnomalyKind[] = ['spike', 'dip', 'level_shift', 'drop_to_zero'];

/** One injected anomaly: its kind and the first and last timestamp it touches. */
export interface AnomalyLabel {
  kind: AnomalyKind;
  startTsMs: number;
  endTsMs: number;
}

export interface LabelledSeries {
  id: string;
  granularity: 'hourly' | 'daily';
  stepMs: number;
  /** Whether the generator gave the series a weekly pattern (for checking period detection). */
  weekly: boolean;
  /** The noise: Gaussian, or heavy-tailed (Student-t, 5 degrees of freedom). */
  noise: 'gaussian' | 'student-t5';
  points: SeriesPoint[];
  labels: AnomalyLabel[];
}

export interface BenchmarkOptions {
  seed: number;
  /** Number of hourly series (default 100). */
  hourly?: number;
  /** Number of daily series (default 100). */
  daily?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const START_MS = Date.UTC(2025, 0, 6); // a Monday

/** Generates the labelled series for a seed: the same seed always gives the same series. */
export function generateBenchmark(opts: BenchmarkOptions): LabelledSeries[] {
  const random = createRandom(opts.seed);
  const out: LabelledSeries[] = [];
  for (let k = 0; k < (opts.hourly ?? 100); k++) out.push(generateSeries(random, 'hourly', `h${k}`));
  for (let k = 0; k < (opts.daily ?? 100); k++) out.push(generateSeries(random, 'daily', `d${k}`));
  return out;
}

function generateSeries(random: () => number, granularity: 'hourly' | 'daily', id: string): LabelledSeries {
  const uniform = (a: number, b: number) => a + (b - a) * random();
  const int = (a: number, b: number) => Math.floor(uniform(a, b + 1));
  const hourly = granularity === 'hourly';
  const stepMs = hourly ? HOUR_MS : DAY_MS;
  const n = hourly ? 24 * int(21, 42) : int(90, 180);
  const startMs = START_MS + int(0, 6) * DAY_MS;
  const level = Math.exp(uniform(Math.log(50), Math.log(5000)));
  const sigma = level * uniform(0.02, 0.08);
  const slope = (level * uniform(-0.3, 0.5)) / n;
  // Seasonality: a daily curve (hourly data) and a weekly pattern (both grains, not always).
  const dayAmp = hourly ? level * uniform(0.1, 0.6) : 0;
  const dayPhase = uniform(0, 24);
  const weekly = random() < 0.7;
  const weekProfile = Array.from({ length: 7 }, (_, d) => (weekly ? (d >= 5 ? -uniform(0.1, 0.35) : uniform(-0.05, 0.05)) * level : 0));
  const heavyTails = random() < 0.3;
  const base = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const tsMs = startMs + i * stepMs;
    const hour = new Date(tsMs).getUTCHours();
    const weekday = (new Date(tsMs).getUTCDay() + 6) % 7; // Monday = 0
    const daily = dayAmp * (Math.sin((2 * Math.PI * (hour - dayPhase)) / 24) + 0.3 * Math.sin((4 * Math.PI * (hour - dayPhase)) / 24));
    base[i] = level + slope * i + daily + weekProfile[weekday];
    // Heavy-tailed noise on some series: a Student-t with 5 degrees of freedom, scaled to the same σ.
    let e = gaussian(random);
    if (heavyTails) {
      let chi = 0;
      for (let k = 0; k < 5; k++) chi += gaussian(random) ** 2;
      e = (e / Math.sqrt(chi / 5)) * Math.sqrt(3 / 5);
    }
    values[i] = base[i] + sigma * e;
  }

  // Injections: 1–4 per series, apart from each other, after a quarter of the series (history to learn from).
  const labels: AnomalyLabel[] = [];
  const busy = new Uint8Array(n);
  const gap = hourly ? 48 : 14;
  const count = int(1, 4);
  let hasShift = false;
  for (let tries = 0; labels.length < count && tries < 50; tries++) {
    let kind = (['spike', 'dip', 'level_shift', 'drop_to_zero'] as const)[int(0, 3)];
    if (kind === 'level_shift' && hasShift) continue;
    const duration = kind === 'level_shift' ? 1 : kind === 'drop_to_zero' ? (hourly ? int(1, 8) : int(1, 2)) : hourly ? int(1, 3) : int(1, 2);
    const lastStart = kind === 'level_shift' ? n - (hourly ? 36 : 14) : n - duration;
    const start = int(Math.floor(n / 4), lastStart);
    let free = true;
    for (let i = Math.max(0, start - gap); i < Math.min(n, start + duration + gap); i++) if (busy[i]) free = false;
    if (!free) continue;
    const magnitude = uniform(5, 10) * sigma;
    if (kind === 'dip') {
      // A dip must leave the value positive (else it is a drop to zero); fall back to a spike when it cannot.
      let room = Infinity;
      for (let i = start; i < start + duration; i++) room = Math.min(room, 0.8 * base[i]);
      if (room < 5 * sigma) kind = 'spike';
    }
    if (kind === 'level_shift') {
      const up = random() < 0.5 || level * 0.5 < magnitude;
      const shift = up ? magnitude : -magnitude;
      for (let i = start; i < n; i++) values[i] += shift;
      hasShift = true;
    } else {
      for (let i = start; i < start + duration; i++) {
        if (kind === 'spike') values[i] += magnitude;
        else if (kind === 'dip') values[i] -= Math.min(magnitude, 0.8 * base[i]);
        else values[i] = 0;
      }
    }
    for (let i = start; i < start + (kind === 'level_shift' ? 1 : duration); i++) busy[i] = 1;
    labels.push({ kind, startTsMs: startMs + start * stepMs, endTsMs: startMs + (start + duration - 1) * stepMs });
  }
  labels.sort((a, b) => a.startTsMs - b.startTsMs);

  // Missing points (never an injected one), then values clipped at zero like counts.
  const missingRate = uniform(0, 0.03);
  const points: SeriesPoint[] = [];
  for (let i = 0; i < n; i++) {
    if (!busy[i] && random() < missingRate) continue;
    points.push({ tsMs: startMs + i * stepMs, value: Math.max(0, Math.round(values[i] * 100) / 100) });
  }
  return { id, granularity, stepMs, weekly, noise: heavyTails ? 'student-t5' : 'gaussian', points, labels };
}

/** A flagged point as the scorer needs it. */
export interface Detection {
  tsMs: number;
  kind: AnomalyKind;
  score?: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  /** Labels detected / labels. */
  labelsFound: number;
  labels: number;
  /** Events that matched a label / events. */
  eventsTrue: number;
  events: number;
}

export interface BenchmarkScore {
  overall: Prf;
  /** Recall by the label's kind, precision by the kind the detector gave the event. */
  byKind: Record<AnomalyKind, Prf>;
}

export interface ScoreOptions {
  /** How many steps away from a label a detection may be and still count (default 2). */
  toleranceSteps?: number;
  /** Flagged points at most this many steps apart form one event (default 2: one missing point between). */
  maxGapSteps?: number;
}

const EVENT_RANK: Record<AnomalyKind, number> = { drop_to_zero: 3, level_shift: 2, spike: 1, dip: 1 };

/** Scores detections (one list per series, same order) against the labels at event level. */
export function scoreDetections(series: readonly LabelledSeries[], detections: readonly Detection[][], opts: ScoreOptions = {}): BenchmarkScore {
  const tol = opts.toleranceSteps ?? 2;
  const maxGap = opts.maxGapSteps ?? 2;
  const tally = () => ({ labelsFound: 0, labels: 0, eventsTrue: 0, events: 0 });
  const overall = tally();
  const byKind = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, tally()])) as Record<AnomalyKind, ReturnType<typeof tally>>;
  series.forEach((s, idx) => {
    const events = toEvents(detections[idx] ?? [], s.stepMs * maxGap);
    const windows = s.labels.map((l) => ({ kind: l.kind, from: l.startTsMs - tol * s.stepMs, to: (l.kind === 'level_shift' ? l.startTsMs : l.endTsMs) + tol * s.stepMs }));
    const found = new Set<number>();
    for (const e of events) {
      let matched = false;
      windows.forEach((w, li) => {
        if (e.from <= w.to && e.to >= w.from) {
          matched = true;
          found.add(li);
        }
      });
      overall.events++;
      byKind[e.kind].events++;
      if (matched) {
        overall.eventsTrue++;
        byKind[e.kind].eventsTrue++;
      }
    }
    windows.forEach((w, li) => {
      overall.labels++;
      byKind[w.kind].labels++;
      if (found.has(li)) {
        overall.labelsFound++;
        byKind[w.kind].labelsFound++;
      }
    });
  });
  const prf = (t: ReturnType<typeof tally>): Prf => {
    const precision = t.events ? t.eventsTrue / t.events : 1;
    const recall = t.labels ? t.labelsFound / t.labels : 1;
    return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, ...t };
  };
  return { overall: prf(overall), byKind: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, prf(byKind[k])])) as Record<AnomalyKind, Prf> };
}

/** Groups flagged points into events; an event's kind is its strongest kind (drop > shift > spike/dip by score). */
export function toEvents(detections: readonly Detection[], maxGapMs: number): { from: number; to: number; kind: AnomalyKind }[] {
  const sorted = [...detections].sort((a, b) => a.tsMs - b.tsMs);
  const events: { from: number; to: number; kind: AnomalyKind; score: number }[] = [];
  for (const d of sorted) {
    const last = events[events.length - 1];
    if (last && d.tsMs - last.to <= maxGapMs) {
      last.to = d.tsMs;
      const better = EVENT_RANK[d.kind] > EVENT_RANK[last.kind] || (EVENT_RANK[d.kind] === EVENT_RANK[last.kind] && (d.score ?? 0) > last.score);
      if (better) {
        last.kind = d.kind;
        last.score = d.score ?? 0;
      }
    } else {
      events.push({ from: d.tsMs, to: d.tsMs, kind: d.kind, score: d.score ?? 0 });
    }
  }
  return events.map(({ from, to, kind }) => ({ from, to, kind }));
}
