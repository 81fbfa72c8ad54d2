import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin', 'datalabs.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-render-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function render(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, 'render', ...args], { cwd: dir, input, env: { ...process.env, LOG_LEVEL: 'silent' }, timeout: 120_000 });
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const barSpec = (data: object) => ({
  width: 300,
  height: 200,
  autosize: { type: 'fit', contains: 'padding' },
  data,
  mark: 'bar',
  encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
});

describe('datalabs render', () => {
  it('draws a vega-lite spec at its own size times --scale', () => {
    const spec = path.join(dir, 'bar.json');
    fs.writeFileSync(spec, JSON.stringify(barSpec({ values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }] })));
    const one = render(['--spec', spec, '--out', path.join(dir, 'bar.png')]);
    expect(one.stderr.toString()).toBe('');
    expect(one.status).toBe(0);
    expect(pngSize(fs.readFileSync(path.join(dir, 'bar.png')))).toEqual({ width: 300, height: 200 });
    const two = render(['--spec', spec, '--out', '-', '--scale', '2']);
    expect(two.status).toBe(0);
    expect(pngSize(two.stdout)).toEqual({ width: 600, height: 400 });
  });

  it('loads data URLs relative to the spec, and reads the spec from stdin', () => {
    fs.mkdirSync(path.join(dir, 'specs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'specs', 'data.csv'), 'a,b\nx,1\ny,4\n');
    fs.writeFileSync(path.join(dir, 'specs', 'url.json'), JSON.stringify(barSpec({ url: 'data.csv' })));
    const fromFile = render(['--spec', path.join(dir, 'specs', 'url.json'), '--out', '-']);
    expect(fromFile.stderr.toString()).toBe('');
    const inline = render(['--spec', '-', '--out', '-'], JSON.stringify(barSpec({ values: [{ a: 'x', b: 1 }, { a: 'y', b: 4 }] })));
    expect(inline.status).toBe(0);
    // The same bars from the CSV as from inline values: the same pixels.
    expect(fromFile.stdout.equals(inline.stdout)).toBe(true);
  });

  it('refuses bad input with one line and exit 1', () => {
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ not json');
    const cases: Array<[string[], RegExp]> = [
      [['--spec', path.join(dir, 'missing.json'), '--out', 'x.png'], /^datalabs: cannot read .*missing\.json \(no such file\)\n$/],
      [['--spec', path.join(dir, 'bad.json'), '--out', 'x.png'], /^datalabs: .*bad\.json: not JSON \(.*\)\n$/],
      [['--spec', '-', '--out', 'x.png', '--scale', '0'], /^datalabs: --scale must be a number above 0 and at most 8\n$/],
    ];
    for (const [args, message] of cases) {
      const r = render(args, '{}');
      expect(r.stderr.toString()).toMatch(message);
      expect(r.status).toBe(1);
    }
    expect(fs.existsSync(path.join(dir, 'x.png'))).toBe(false);
    const missing = render(['--spec', path.join(dir, 'bad.json')]);
    expect(missing.stderr.toString()).toMatch(/required option '--out <file.png>' not specified/);
    expect(missing.status).not.toBe(0);
  });
});
