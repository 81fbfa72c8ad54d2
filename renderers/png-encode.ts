/**
 * A minimal PNG encoder for opaque charts: cairo's ARGB32 surface → 8-bit RGB
 * PNG with node's zlib. About twice as fast as cairo's own PNG writer for a
 * 1200×675 chart, which dominated render time. Charts always have an opaque
 * background, so alpha is dropped.
 */
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(head.subarray(4))) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * `raw` is cairo's native-endian ARGB32 (B, G, R, A bytes on little-endian
 * machines), `stride` bytes per row.
 */
export function encodeOpaquePng(raw: Buffer, width: number, height: number, stride = width * 4): Buffer {
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const [r, g, b] = little ? [2, 1, 0] : [1, 2, 3];
  const rows = Buffer.allocUnsafe((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    rows[o++] = 0; // filter: none
    let i = y * stride;
    for (let x = 0; x < width; x++, i += 4) {
      rows[o++] = raw[i + r];
      rows[o++] = raw[i + g];
      rows[o++] = raw[i + b];
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}
