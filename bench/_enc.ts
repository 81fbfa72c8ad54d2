import zlib from 'node:zlib';
import { createCanvas, loadImage } from 'canvas';
import fs from 'node:fs';
const img = await loadImage(fs.readFileSync('/tmp/charts-sample/daily.png'));
const canvas = createCanvas(1200, 675); const ctx = canvas.getContext('2d'); ctx.drawImage(img, 0, 0);
const raw = canvas.toBuffer('raw'); const stride = canvas.stride; const W = 1200, H = 675;
function conv(filterUp: boolean) {
  const rows = Buffer.allocUnsafe((W * 3 + 1) * H); let o = 0;
  for (let y = 0; y < H; y++) { rows[o++] = filterUp && y > 0 ? 2 : 0; let i = y * stride;
    for (let x = 0; x < W; x++, i += 4) { rows[o++] = raw[i + 2]; rows[o++] = raw[i + 1]; rows[o++] = raw[i]; } }
  if (filterUp) { const L = W * 3 + 1; for (let y = H - 1; y > 0; y--) { const a = y * L + 1, b = (y - 1) * L + 1; for (let k = 0; k < W * 3; k++) rows[a + k] = (rows[a + k] - rows[b + k]) & 255; } }
  return rows;
}
function conv32(filterUp: boolean) {
  // Uint32 view reading
  const src = new Uint32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
  const L = W * 3 + 1; const rows = Buffer.allocUnsafe(L * H); let o = 0; const sw = stride >> 2;
  for (let y = 0; y < H; y++) { rows[o++] = 0; let i = y * sw;
    for (let x = 0; x < W; x++, i++) { const p = src[i]; rows[o++] = (p >>> 16) & 255; rows[o++] = (p >>> 8) & 255; rows[o++] = p & 255; } }
  return rows;
}
const time = (name: string, f: () => unknown) => { const ts: number[] = []; let out: any; for (let i = 0; i < 30; i++) { const a = performance.now(); out = f(); ts.push(performance.now() - a); } ts.sort((a, b) => a - b); console.log(name.padEnd(30), ts[15].toFixed(2), 'ms', out?.length ?? ''); };
time('conv', () => conv(false));
time('conv32', () => conv32(false));
time('convUp', () => conv(true));
const r0 = conv(false), rUp = conv(true);
time('deflate l1', () => zlib.deflateSync(r0, { level: 1 }));
time('deflate l1 up', () => zlib.deflateSync(rUp, { level: 1 }));
time('deflate rle', () => zlib.deflateSync(r0, { level: 1, strategy: zlib.constants.Z_RLE }));
time('deflate rle up', () => zlib.deflateSync(rUp, { level: 1, strategy: zlib.constants.Z_RLE }));
time('deflate l3 up', () => zlib.deflateSync(rUp, { level: 3 }));
time('cairo png l1 nofilter', () => canvas.toBuffer('image/png', { compressionLevel: 1, filters: canvas.PNG_FILTER_NONE }));
time('toBuffer raw', () => canvas.toBuffer('raw'));
function swapTrick() {
  const r = canvas.toBuffer('raw'); r.swap32();
  const L = W * 4 + 1; const out = Buffer.allocUnsafe(L * H);
  for (let y = 0; y < H; y++) { const o = y * L; out[o] = 0; r.copy(out, o + 1, y * stride + 1, y * stride + W * 4); out[o + L - 1] = 255; }
  return out;
}
function imgData() {
  const d = ctx.getImageData(0, 0, W, H).data; const src = Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  const L = W * 4 + 1; const out = Buffer.allocUnsafe(L * H);
  for (let y = 0; y < H; y++) { const o = y * L; out[o] = 0; src.copy(out, o + 1, y * W * 4, (y + 1) * W * 4); }
  return out;
}
time('swapTrick (incl raw)', swapTrick);
time('imgData', imgData);
const s = swapTrick();
time('deflate l1 rgba', () => zlib.deflateSync(s, { level: 1 }));
time('deflate rle rgba', () => zlib.deflateSync(s, { level: 1, strategy: zlib.constants.Z_RLE }));
