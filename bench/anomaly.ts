/**
 * Anomaly detector: event-level precision / recall / F1 per anomaly kind on
 * the labelled benchmark (alerts/anomaly/benchmark.ts) for a few seeds and
 * each sensitivity, then the time to scan 10,000 daily series of 90 points,
 * and the forecaster's backtest MAPE against seasonal naive, on the benchmark and on the demo revenue series.
 * Target: overall F1 ≥ 0.9 at medium sensitivity; 10,000 series in seconds.
 */
import { detectAnomalies, type DetectOptions } from '../alerts/anomaly/detect-anomalies.ts';
import { ANOMALY_KINDS, generateBenchmark, scoreDetections, type BenchmarkScore, type LabelledSeries } from '../alerts/anomaly/benchmark.ts';
import { createRandom, gaussian } from '../alerts/anomaly/robust-stats.ts';
import { backtestForecast } from '../alerts/anomaly/forecast.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWarehouse } from '../bot/infra/warehouse/create-warehouse.ts';
import { seedDemo } from '../bot/infra/seed/seed-demo.ts';

/** Runs the detector over a benchmark and scores it. */
export function evaluate(series: LabelledSeries[], opts: DetectOptions = {}): BenchmarkScore {
  const detections = series.map((s) => detectAnomalies(s.points, opts).anomalies.map((a) => ({ tsMs: a.tsMs, kind: a.kind, score: a.score })));
  return scoreDetections(series, detections);
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

function printScore(label: string, score: BenchmarkScore): void {
  const row = (name: string, p: BenchmarkScore['overall']) =>
    `  ${name.padEnd(13)} P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}   (labels ${p.labelsFound}/${p.labels}, events ${p.eventsTrue}/${p.events})\n`;
  process.stdout.write(`${label}\n`);
  for (const k of ANOMALY_KINDS) process.stdout.write(row(k, score.byKind[k]));
  process.stdout.write(row('overall', score.overall));
}

export async function run(): Promise<void> {
  const seeds = [1, 2, 3, 4, 5];
  for (const sensitivity of ['medium', 'low', 'high'] as const) {
    const f1s: number[] = [];
    for (const seed of seeds) {
      const series = generateBenchmark({ seed, hourly: 100, daily: 100 });
      const score = evaluate(series, { sensitivity });
      f1s.push(score.overall.f1);
      if (sensitivity === 'medium') printScore(`seed ${seed}, sensitivity ${sensitivity} (100 hourly + 100 daily series):`, score);
    }
    process.stdout.write(`sensitivity ${sensitivity}: overall F1 per seed ${f1s.map((f) => pct(f).trim()).join(' / ')} (target ≥ 90.0 at medium)\n`);
  }

  // Speed: 10,000 daily series × 90 points.
  const random = createRandom(7);
  const day = 86_400_000;
  const many = Array.from({ length: 10_000 }, () => {
    const level = 100 + 1000 * random();
    return Array.from({ length: 90 }, (_, i) => ({ tsMs: Date.UTC(2025, 0, 1) + i * day, value: level * (1 + 0.2 * Math.sin((2 * Math.PI * i) / 7)) + 0.05 * level * gaussian(random) }));
  });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let found = 0;
  for (const points of many) found += detectAnomalies(points).anomalies.length;
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(
    `10,000 daily series × 90 points: ${(ms / 1000).toFixed(2)} s wall, ${cpuS.toFixed(2)} s CPU (${(ms / 10_000).toFixed(3)} ms per series; ${found} points flagged in anomaly-free series; wall time suffers on a loaded machine)\n`,
  );

  // Forecast: backtest MAPE on the benchmark's series (anomalies included), against seasonal naive.
  for (const granularity of ['daily', 'hourly'] as const) {
    const series = generateBenchmark({ seed: 11, hourly: granularity === 'hourly' ? 60 : 0, daily: granularity === 'daily' ? 60 : 0 });
    const horizon = granularity === 'daily' ? 14 : 24;
    const ours: number[] = [];
    const naive: number[] = [];
    const coverage: number[] = [];
    for (const s of series) {
      const r = backtestForecast(s.points, { horizon, folds: 3 });
      ours.push(r.mapePct);
      coverage.push(r.coverage);
      naive.push(seasonalNaiveMape(s.points, horizon, granularity === 'daily' ? 7 : 168, 3));
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
    process.stdout.write(
      `forecast ${granularity} (60 series, 3 folds × ${horizon} steps): median MAPE ${med(ours).toFixed(1)} % vs seasonal naive ${med(naive).toFixed(1)} %; median band coverage ${(100 * med(coverage)).toFixed(0)} % (nominal 90 %)\n`,
    );
  }
  await demoRevenueForecast();
}

/**
 * Forecast MAPE on the demo's daily completed-order revenue (seed 42, scale 1, ending 2025-06-30; the 180 days before
 * the end date, what a chat forecast reads), for 7/14/30-day horizons over the last 3 horizons, vs seasonal naive.
 * The folds include incident A (end − 20 days, −60 %).
 */
async function demoRevenueForecast(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-bench-anomaly-'));
  const wh = createWarehouse({ kind: 'embedded', dataDir });
  try {
    await seedDemo(wh.admin, { seed: 42, endDate: '2025-06-30', scale: 1 });
    const r = await wh.admin.query("SELECT toDate(order_time) AS d, sum(revenue) FROM demo.orders WHERE status = 'completed' AND order_time >= '2025-01-01' AND order_time < '2025-06-30' GROUP BY d ORDER BY d");
    const points = r.rows.map((row) => ({ tsMs: Date.parse(`${String(row[0])}T00:00:00Z`), value: Number(row[1]) }));
    for (const horizon of [7, 14, 30]) {
      const b = backtestForecast(points, { horizon, folds: 3 });
      process.stdout.write(
        `forecast demo revenue (daily, ${points.length} days of history, 3 folds × ${horizon} days): MAPE ${b.mapePct.toFixed(1)} % vs seasonal naive ${seasonalNaiveMape(points, horizon, 7, 3).toFixed(1)} %; band coverage ${(100 * b.coverage).toFixed(0)} % (nominal 90 %)\n`,
      );
    }
  } finally {
    await wh.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** MAPE of "the value one season earlier" over the last `folds` horizons (each forecast from before its fold). */
function seasonalNaiveMape(points: { tsMs: number; value: number }[], horizon: number, season: number, folds: number): number {
  let sum = 0;
  let count = 0;
  for (let f = folds; f >= 1; f--) {
    const origin = points.length - f * horizon;
    for (let i = origin; i < origin + horizon; i++) {
      let source = i - season;
      while (source >= origin) source -= season;
      if (source < 0 || points[i].value === 0) continue;
      sum += Math.abs((points[i].value - points[source].value) / points[i].value);
      count++;
    }
  }
  return (100 * sum) / count;
}
