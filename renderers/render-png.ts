/** vega-lite spec → PNG bytes with node-canvas (no browser). */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface PngOptions {
  /** Pixel ratio (2 = retina). */
  scale?: number;
}

export async function renderPng(spec: TopLevelSpec, opts: PngOptions = {}): Promise<Buffer> {
  const compiled = compile(spec).spec;
  const view = new vega.View(vega.parse(compiled, undefined, { ast: true }), { renderer: 'none', expr: (vega as any).expressionInterpreter });
  try {
    const canvas = (await view.toCanvas(opts.scale ?? 1)) as unknown as { toBuffer(mime: 'image/png', cfg?: unknown): Buffer };
    return canvas.toBuffer('image/png', { compressionLevel: 3, filters: 0x10 });
  } finally {
    view.finalize();
  }
}
