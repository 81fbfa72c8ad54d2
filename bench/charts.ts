/**
 * Chart rendering: ms per PNG at 1200×675 (p50/p95 over ≥ 200 renders of
 * representative charts; target p50 ≤ 40 ms) and RSS growth over 2,000
 * renders (target ≤ 20 MB).
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { renderChart } from '../renderers/index.ts';
import { fmtMs, percentile } from './run.ts';

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
