/**
 * Rows → chart PNG, end to end. Never throws: when no chart helps, or
 * rendering fails, it returns null (reporting the error through `onError`)
 * and the reply carries the table alone.
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { DatalabsError } from '../bot/contracts/errors.ts';
import { planChart, type ChartKind } from './chart-choice.ts';
import type { PartialOptions } from './periods.ts';
import { describeChart, describeData } from './alt-text.ts';
import { prepareChartData } from './chart-data.ts';
import { renderPng } from './render-png.ts';
import { buildChartSpec, specFromData } from './vega-spec.ts';

export interface RenderedChart {
  png: Buffer;
  /** The vega-lite spec that was drawn (data inline). */
  spec: object;
  kind: ChartKind;
  /** One-sentence description for alt text. */
  alt: string;
  /** Why a requested kind was not drawn ("A pie chart does not fit this result (…), so it is drawn as bars."). */
  note?: string;
}

export interface RenderChartOptions {
  /** Chart title, usually the question. */
  title: string;
  /** Pixel size of the PNG (default 1200×675). */
  width?: number;
  height?: number;
  /** Pixel ratio (default 1). */
  scale?: number;
  /** "as a bar chart": honoured when the data fits that kind. */
  hint?: { kind?: ChartKind };
  /** Categories on a bar axis, "Other" included (default 12). */
  topN?: number;
  /** The rows are in an order of their own (the SQL's ORDER BY): a category axis keeps it. */
  keepOrder?: boolean;
  /** "Now" (ISO) and the question's period: an incomplete last period is drawn dashed / lighter. */
  partial?: { now?: string; period?: PartialOptions['period'] };
  /** Told why a chart could not be drawn (the call itself resolves null). */
  onError?: (err: unknown) => void;
}

export async function renderChart(columns: Column[], rows: unknown[][], opts: RenderChartOptions): Promise<RenderedChart | null> {
  try {
    if (!Array.isArray(columns) || !Array.isArray(rows) || !columns.every((c) => c && typeof c.name === 'string' && typeof c.type === 'string')) {
      throw new DatalabsError('BAD_INPUT', 'chart input must be columns [{name, type}] and rows (arrays)');
    }
    if (!rows.every((r) => Array.isArray(r) && r.length >= columns.length)) throw new DatalabsError('BAD_INPUT', `chart rows must be arrays of ${columns.length} values`);
    const { choice, note } = planChart(columns, rows, opts.hint);
    if (!choice) return null;
    const size = { title: opts.title, width: opts.width ?? 1200, height: opts.height ?? 675, topN: opts.topN };
    const dataOpts = { topN: opts.topN, keepOrder: opts.keepOrder, partial: opts.partial };
    let spec: object;
    let alt: string;
    if (choice.kind === 'big-number') {
      spec = buildChartSpec(choice, columns, rows, size);
      alt = describeChart(choice, columns, rows, opts.title);
    } else {
      const data = prepareChartData(choice, columns, rows, dataOpts);
      spec = specFromData(data, size);
      alt = describeData(data);
    }
    const png = await renderPng(spec as Parameters<typeof renderPng>[0], { scale: opts.scale });
    return { png, spec, kind: choice.kind, alt, ...(note ? { note } : {}) };
  } catch (err) {
    opts.onError?.(err);
    return null;
  }
}
