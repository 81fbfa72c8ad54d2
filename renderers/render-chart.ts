/**
 * Rows → chart PNG, end to end. Never throws: when no chart helps, or
 * rendering fails, it returns null and the reply carries the table alone.
 */
import type { Column } from '../bot/types/warehouse.ts';
import { chooseChart, type ChartKind } from './chart-choice.ts';
import { describeChart } from './alt-text.ts';
import { renderPng } from './render-png.ts';
import { buildChartSpec } from './vega-spec.ts';

export interface RenderedChart {
  png: Buffer;
  spec: object;
  kind: ChartKind;
  alt: string;
}

export interface RenderChartOptions {
  title: string;
  width?: number;
  height?: number;
  hint?: { kind?: ChartKind };
  onError?: (err: unknown) => void;
}

export async function renderChart(columns: Column[], rows: unknown[][], opts: RenderChartOptions): Promise<RenderedChart | null> {
  try {
    const choice = chooseChart(columns, rows, opts.hint);
    if (!choice) return null;
    const spec = buildChartSpec(choice, columns, rows, { title: opts.title, width: opts.width ?? 1200, height: opts.height ?? 675 });
    const png = await renderPng(spec);
    return { png, spec, kind: choice.kind, alt: describeChart(choice, columns, rows, opts.title) };
  } catch (err) {
    opts.onError?.(err);
    return null;
  }
}
