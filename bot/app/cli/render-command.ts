/**
 * `datalabs render --spec FILE.json --out FILE.png [--scale n]`: draws any
 * vega-lite spec with the production renderer (renderers/render-png.ts: the
 * same vega → node-canvas path and PNG encoder the chat answers use), so its
 * speed and output can be compared with other renderers (vega-lite's own
 * `vl2png`, see `npm run bench charts`). `-` reads the spec from stdin or
 * writes the PNG to stdout. Data URLs in the spec load relative to the spec's
 * directory, as with vl2png. No config, warehouse or store is opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatalabsError } from '../../contracts/errors.ts';

export interface RenderOptions {
  spec: string;
  out: string;
  scale?: number;
}

/** Renders the spec; returns the exit code. Bad input throws a DatalabsError (one line from main). */
export async function runRender(opts: RenderOptions): Promise<number> {
  const scale = opts.scale ?? 1;
  if (!(scale > 0 && scale <= 8)) throw new DatalabsError('BAD_INPUT', '--scale must be a number above 0 and at most 8');
  const text = opts.spec === '-' ? await readStdin() : readSpec(opts.spec);
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (err) {
    throw new DatalabsError('BAD_INPUT', `${opts.spec === '-' ? 'stdin' : opts.spec}: not JSON (${(err as Error).message})`);
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new DatalabsError('BAD_INPUT', `${opts.spec}: a vega-lite spec is a JSON object`);
  const { renderPng } = await import('../../../renderers/render-png.ts');
  let png: Buffer;
  try {
    png = await renderPng(spec as Parameters<typeof renderPng>[0], { scale, baseURL: opts.spec === '-' ? process.cwd() : path.dirname(path.resolve(opts.spec)) });
  } catch (err) {
    throw new DatalabsError('BAD_INPUT', `cannot render ${opts.spec === '-' ? 'the spec' : opts.spec}: ${String((err as Error)?.message ?? err).split('\n')[0]}`);
  }
  if (opts.out === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(png, (err) => (err ? reject(err) : resolve())));
    return 0;
  }
  try {
    fs.writeFileSync(opts.out, png);
  } catch (err) {
    throw new DatalabsError('BAD_INPUT', `cannot write ${opts.out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return 0;
}

function readSpec(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DatalabsError('BAD_INPUT', `cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message})`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
