/**
 * Chart rendering: ms per PNG at 1200×675 (p50/p95 over ≥ 200 renders of
 * representative charts; target p50 ≤ 40 ms) and RSS growth over 2,000
 * renders (target ≤ 20 MB). Then the production renderer against vega-lite's
 * own `vl2png` on the same specs (the ones the answers draw), as ratios: in
 * one process (renderPng vs vl2png's View → node-canvas → PNG path) and per
 * command (`datalabs render` vs `vl2png`, each a fresh process).
 * BENCH_CHARTS_COMPARE_ONLY=1 skips the first part.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCanvas } from 'canvas';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Column } from '../bot/contracts/warehouse.ts';
import { renderChart, renderPng } from '../renderers/index.ts';
import { fmtMs, percentile } from './run.ts';
import { buildState } from './startup.ts';

const line: [Column[], unknown[][]] = [
  [{ name: 'day', type: 'Date' }, { name: 'revenue', type: 'Float64' }],
  Array.from({ length: 365 }, (_, i) => [new Date(Date.UTC(2024, 6, 1) + i * 864e5).toISOString().slice(0, 10), 80_000 + i * 150 + Math.sin(i / 3) * 9_000]),
];
const bar: [Column[], unknown[][]] = [
  [{ name: 'country', type: 'LowCardinality(String)' }, { name: 'revenue', type: 'Float64' }],
  ['US', 'GB', 'DE', 'FR', 'IN', 'BR', 'JP', 'VN', 'SG', 'AU'].map((c, i) => [c, 1_500_000 / (i + 1)]),
];
const grouped: [Column[], unknown[][]] = [
  [{ name: 'channel', type: 'String' }, { name: 'device', type: 'String' }, { name: 'revenue', type: 'Float64' }],
  ['organic', 'paid', 'email', 'referral', 'social'].flatMap((c, i) => ['desktop', 'mobile', 'tablet'].map((d, j) => [c, d, 100_000 * (i + 1) + j * 30_000])),
];
const CASES = { line, bar, grouped };

async function renderOnce([columns, rows]: [Column[], unknown[][]], title: string): Promise<void> {
  const chart = await renderChart(columns, rows, { title, width: 1200, height: 675, onError: (e) => { throw e; } });
  if (!chart) throw new Error(`no chart for ${title}`);
}

export async function run(): Promise<void> {
  if (process.env.BENCH_CHARTS_COMPARE_ONLY !== '1') await measureOwn();
  await compareWithVl2png();
}

async function measureOwn(): Promise<void> {
  for (const [name, data] of Object.entries(CASES)) for (let i = 0; i < 5; i++) await renderOnce(data, name); // warm-up
  const all: number[] = [];
  for (const [name, data] of Object.entries(CASES)) {
    const times: number[] = [];
    for (let i = 0; i < 80; i++) {
      const t0 = performance.now();
      await renderOnce(data, `${name} chart`);
      times.push(performance.now() - t0);
    }
    all.push(...times);
    console.log(`chart ${name.padEnd(8)} 1200×675: n=${times.length} p50 ${fmtMs(percentile(times, 50))} p95 ${fmtMs(percentile(times, 95))}`);
  }
  console.log(`chart all      1200×675: n=${all.length} p50 ${fmtMs(percentile(all, 50))} p95 ${fmtMs(percentile(all, 95))} (target p50 ≤ 40 ms)`);

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss0 = process.memoryUsage().rss;
  const cases = Object.values(CASES);
  for (let i = 0; i < 2000; i++) await renderOnce(cases[i % cases.length], `leak check ${i % 7}`);
  gc?.();
  const growthMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;
  console.log(`RSS growth over 2,000 renders: ${growthMb.toFixed(1)} MB${gc ? '' : ' (no --expose-gc: includes uncollected garbage)'} (target ≤ 20 MB)`);
}

const REPO = path.resolve(import.meta.dirname, '..');
const VL2PNG = path.join(REPO, 'node_modules', 'vega-lite', 'bin', 'vl2png');

/** What vl2png does with a spec, in-process: compile, a headless View, toCanvas, the canvas's PNG encoder. */
async function vegaOwnPng(spec: TopLevelSpec): Promise<Buffer> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }).finalize();
  const canvas = (await view.toCanvas(1)) as unknown as ReturnType<typeof createCanvas>;
  return canvas.toBuffer('image/png');
}

const median = (xs: number[]) => percentile(xs, 50);

async function compareWithVl2png(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-charts-'));
  try {
    const specs: Array<{ name: string; spec: TopLevelSpec; file: string }> = [];
    for (const [name, [columns, rows]] of Object.entries(CASES)) {
      const chart = await renderChart(columns, rows, { title: `${name} chart`, width: 1200, height: 675, onError: (e) => { throw e; } });
      if (!chart) throw new Error(`no chart for ${name}`);
      const file = path.join(dir, `${name}.vl.json`);
      fs.writeFileSync(file, JSON.stringify(chart.spec));
      specs.push({ name, spec: chart.spec as TopLevelSpec, file });
    }
    console.log('\nproduction renderer vs vega-lite\'s vl2png, the same specs (the answers\' own, 1200×675):');
    for (const { spec } of specs) for (let i = 0; i < 3; i++) await Promise.all([renderPng(spec), vegaOwnPng(spec)]); // warm-up
    const ratios: number[] = [];
    for (const { name, spec } of specs) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < 40; i++) {
        let t0 = performance.now();
        await renderPng(spec);
        ours.push(performance.now() - t0);
        t0 = performance.now();
        await vegaOwnPng(spec);
        theirs.push(performance.now() - t0);
      }
      ratios.push(median(ours) / median(theirs));
      console.log(`  in-process ${name.padEnd(8)} renderPng p50 ${fmtMs(median(ours))}, vl2png's path p50 ${fmtMs(median(theirs))}: ${(median(ours) / median(theirs)).toFixed(2)}×`);
    }
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' };
    const runs = Math.max(1, Number(process.env.BENCH_CHARTS_PROCESS_RUNS ?? 5));
    console.log(`  (datalabs: ${buildState(REPO)})`);
    const timed = (args: string[]) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: REPO, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr.slice(0, 300)}`);
      return performance.now() - t0;
    };
    for (const { name, file } of specs) {
      const ours: number[] = [];
      const theirs: number[] = [];
      for (let i = 0; i < runs; i++) {
        ours.push(timed([path.join(REPO, 'bin', 'datalabs.js'), 'render', '--spec', file, '--out', path.join(dir, `${name}.ours.png`)]));
        theirs.push(timed([VL2PNG, file, path.join(dir, `${name}.vl2png.png`)]));
      }
      console.log(`  per command ${name.padEnd(8)} datalabs render ${fmtMs(median(ours))}, vl2png ${fmtMs(median(theirs))} (median of ${runs}): ${(median(ours) / median(theirs)).toFixed(2)}×`);
      const size = (f: string) => fs.statSync(path.join(dir, f)).size;
      console.log(`              PNG bytes: ours ${size(`${name}.ours.png`)}, vl2png ${size(`${name}.vl2png.png`)}`);
    }
    console.log(`  in-process ratio, mean over the specs: ${(ratios.reduce((a, b) => a + b, 0) / ratios.length).toFixed(2)}× (below 1 = ours faster)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
