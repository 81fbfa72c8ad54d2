import * as vega from 'vega';
import { compile } from 'vega-lite';
import { createCanvas } from 'canvas';
import { chooseChart, buildChartSpec } from '../renderers/index.ts';
import { encodeOpaquePng } from '../renderers/png-encode.ts';
const cols = [{ name: 'day', type: 'Date' }, { name: 'revenue', type: 'Float64' }];
const rows = Array.from({ length: 365 }, (_, i) => [new Date(Date.UTC(2024, 6, 1) + i * 864e5).toISOString().slice(0, 10), 80_000 + i * 150 + Math.sin(i / 3) * 9_000]);
const t: Record<string, number[]> = {};
const rec = (k: string, v: number) => (t[k] ??= []).push(v);
const canvas = createCanvas(1200, 675);
for (let i = 0; i < 60; i++) {
  let a = performance.now();
  const spec = buildChartSpec(chooseChart(cols, rows)!, cols, rows, { title: 'x', width: 1200, height: 675 });
  let b = performance.now(); rec('build', b - a); a = b;
  const vs = compile(spec).spec; b = performance.now(); rec('compile', b - a); a = b;
  const rt = vega.parse(vs); b = performance.now(); rec('parse', b - a); a = b;
  const view = new vega.View(rt, { renderer: 'none' }); b = performance.now(); rec('view', b - a); a = b;
  await view.runAsync(); b = performance.now(); rec('run', b - a); a = b;
  const ctx = canvas.getContext('2d'); ctx.setTransform(1,0,0,1,0,0); ctx.clearRect(0,0,1200,675);
  await view.toCanvas(1, { externalContext: ctx } as any); b = performance.now(); rec('draw', b - a); a = b;
  encodeOpaquePng(canvas.toBuffer('raw'), 1200, 675, canvas.stride); b = performance.now(); rec('encode', b - a); a = b;
  view.finalize();
}
for (const [k, v] of Object.entries(t)) { const s = v.slice(10).sort((x, y) => x - y); console.log(k.padEnd(8), s[Math.floor(s.length / 2)].toFixed(2)); }
