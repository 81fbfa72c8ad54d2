// Worker-thread entry of the chart pool: loads the TypeScript renderer
// through tsx and renders one chart per task.
import { register } from 'tsx/esm/api';

register();
const { renderChart } = await import('./render-chart.ts');

/** @param {{ columns: import('../bot/contracts/warehouse.ts').Column[], rows: unknown[][], opts: object }} task */
export default async function render(task) {
  let error;
  const chart = await renderChart(task.columns, task.rows, { ...task.opts, onError: (e) => (error = String(e?.stack ?? e)) });
  return chart ? { ...chart, png: new Uint8Array(chart.png.buffer, chart.png.byteOffset, chart.png.byteLength) } : { error };
}
