// Worker-thread entry of the chart pool: renders one chart per task. In dist/
// (npm run build) the compiled renderer sits beside this file; in the source
// tree it is loaded through tsx (worker threads do not inherit the parent's loader).
import fs from 'node:fs';
import os from 'node:os';
import { workerData } from 'node:worker_threads';

// On Linux a nice value belongs to a thread: this lowers only this drawing thread.
if (workerData?.nice > 0) {
  try {
    os.setPriority(0, Math.min(19, workerData.nice));
  } catch {
    // Not allowed here: draw at normal priority.
  }
}

const compiled = fs.existsSync(new URL('./render-chart.js', import.meta.url));
if (!compiled) (await import('tsx/esm/api')).register();
const { renderChart } = await import(compiled ? './render-chart.js' : './render-chart.ts');

/** @param {{ columns: import('../bot/contracts/warehouse.ts').Column[], rows: unknown[][], opts: object }} task */
export default async function render(task) {
  let error;
  const chart = await renderChart(task.columns, task.rows, { ...task.opts, onError: (e) => (error = String(e?.stack ?? e)) });
  return chart ? { ...chart, png: new Uint8Array(chart.png.buffer, chart.png.byteOffset, chart.png.byteLength) } : { error };
}
