/**
 * Chart rendering off the main thread. vega layout and cairo drawing are
 * synchronous CPU work (tens of ms a chart); in a server they would stall
 * webhook acks and every other conversation. A small piscina pool of worker
 * threads renders instead; the in-process renderer stays for one-shot CLI use.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { Piscina } from 'piscina';
import type { Column } from '../bot/contracts/warehouse.ts';
import { renderChart, type RenderChartOptions, type RenderedChart } from './render-chart.ts';

export interface ChartRenderer {
  render(columns: Column[], rows: unknown[][], opts: RenderChartOptions): Promise<RenderedChart | null>;
  close(): Promise<void>;
}

/** Renders on the calling thread. */
export function createInlineChartRenderer(): ChartRenderer {
  return { render: renderChart, close: async () => undefined };
}

/** Default nice of the chart threads: drawing yields the CPU to the thread that acknowledges webhooks. */
export const CHART_THREAD_NICE = 5;

/**
 * Renders on `threads` worker threads (default: cores − 1, at least 1), each at CPU priority `nice`
 * (default CHART_THREAD_NICE; Linux sets a nice value per thread). Never throws from render.
 */
export function createChartPool(opts: { threads?: number; idleTimeoutMs?: number; nice?: number } = {}): ChartRenderer {
  // node-canvas must also be loaded by the main thread: loaded only by the
  // worker threads, it is unloaded with the last of them, and the process
  // crashes (SIGSEGV) when the pool is destroyed or a thread idles out.
  createRequire(import.meta.url)('canvas');
  const threads = opts.threads ?? Math.max(1, os.availableParallelism() - 1);
  const pool = new Piscina({
    filename: new URL('./chart-worker.mjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: opts.idleTimeoutMs ?? 60_000,
    workerData: { nice: opts.nice ?? CHART_THREAD_NICE },
  });
  return {
    async render(columns, rows, o) {
      const { onError, ...plain } = o;
      try {
        const out = (await pool.run({ columns, rows, opts: plain })) as (Omit<RenderedChart, 'png'> & { png: Uint8Array }) | { error?: string };
        if ('png' in out) return { ...out, png: Buffer.from(out.png.buffer, out.png.byteOffset, out.png.byteLength) };
        if (out.error) onError?.(new Error(out.error));
        return null;
      } catch (err) {
        onError?.(err);
        return null;
      }
    },
    close: () => pool.destroy(),
  };
}
