/**
 * vega-lite spec → PNG bytes with node-canvas (no browser).
 *
 * Canvases are pooled per size and reused: a fresh 1200×675 surface per
 * render (3 MB) fragments glibc's heap until RSS grows by gigabytes over a
 * few thousand renders, although nothing leaks. Reusing the surface keeps
 * RSS flat.
 */
import type { Canvas } from 'canvas';
import type { TopLevelSpec } from 'vega-lite';
import { encodeOpaquePng } from './png-encode.ts';

/**
 * canvas, vega and vega-lite load with the first chart (about a second of
 * start-up together), so a command that draws none never pays for them.
 */
let libraries: Promise<{ createCanvas: typeof import('canvas').createCanvas; vega: typeof import('vega'); compile: typeof import('vega-lite').compile }> | undefined;
function loadLibraries() {
  libraries ??= Promise.all([import('canvas'), import('vega'), import('vega-lite')]).then(([canvas, vega, vegaLite]) => ({ createCanvas: canvas.createCanvas, vega, compile: vegaLite.compile }));
  return libraries;
}

export interface PngOptions {
  /** Pixel ratio (2 = retina). */
  scale?: number;
  /** Where relative data URLs in the spec load from (`datalabs render`: the spec's directory); default vega's. */
  baseURL?: string;
}

const MAX_POOLED_PER_SIZE = 4;
const pool = new Map<string, Canvas[]>();

function checkout(createCanvas: (width: number, height: number) => Canvas, width: number, height: number): Canvas {
  return pool.get(`${width}x${height}`)?.pop() ?? createCanvas(width, height);
}

function release(canvas: Canvas): void {
  const key = `${canvas.width}x${canvas.height}`;
  const free = pool.get(key) ?? [];
  if (free.length < MAX_POOLED_PER_SIZE) free.push(canvas);
  pool.set(key, free);
}

/**
 * Renders a vega-lite spec to PNG bytes. The pixel size is the spec's own
 * (with `autosize: fit`, its width × height) times `scale`. Throws on a spec
 * vega cannot draw; callers that must not fail use renderChart.
 */
export async function renderPng(spec: TopLevelSpec, opts: PngOptions = {}): Promise<Buffer> {
  const scale = opts.scale ?? 1;
  const { createCanvas, vega, compile } = await loadLibraries();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', ...(opts.baseURL ? { loader: vega.loader({ baseURL: opts.baseURL }) } : {}) });
  try {
    await view.runAsync();
    // The same size vega's own headless renderer gives the canvas.
    const pad = view.padding() as { left: number; right: number; top: number; bottom: number };
    const inner = view as unknown as { _viewWidth: number; _viewHeight: number };
    const width = Math.ceil((inner._viewWidth + pad.left + pad.right) * scale);
    const height = Math.ceil((inner._viewHeight + pad.top + pad.bottom) * scale);
    if (!(width > 0 && height > 0 && width <= 8192 && height <= 8192)) throw new Error(`chart size ${width}×${height} is out of range`);
    const canvas = checkout(createCanvas, width, height);
    try {
      const ctx = canvas.getContext('2d');
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      // Opaque white underneath: the PNG encoder relies on every pixel being opaque.
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      await view.toCanvas(scale, { externalContext: ctx } as any);
      return encodeOpaquePng(canvas.toBuffer('raw'), width, height, canvas.stride);
    } finally {
      release(canvas);
    }
  } finally {
    view.finalize();
  }
}
