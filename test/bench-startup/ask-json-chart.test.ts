/**
 * What the start-up work changed for the user of `datalabs ask --json`
 * (DESIGN.md: `"chart": path|null`): a single-number answer has no chart
 * unless one is asked for (`--chart`, or a chart kind in the question) — its
 * card would load canvas and vega for the one value already in `rows`; a
 * result with more than one value still gets its PNG; the terminal answer
 * still draws every chart; --no-chart draws none. Real processes, real chDB.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/datalabs.js');
let dataDir: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function askJson(args: string[]): { chart: string | null; rows: unknown[][] } {
  const r = cli(['ask', '--json', '--now', '2025-06-30T18:00:00Z', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n')[0]);
}

const isPng = (file: string | null) => file !== null && fs.readFileSync(file).subarray(1, 4).toString() === 'PNG';

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-ask-chart-'));
  const seed = cli(['seed', '--scale', '0.01', '--end-date', '2025-06-30']);
  expect(seed.code, seed.stderr).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('ask --json and charts', () => {
  it('leaves the chart of a single number out, draws it with --chart or when the question asks for a chart', () => {
    const lone = askJson(['SELECT count() FROM demo.orders']);
    expect(lone.rows).toEqual([[3000]]);
    expect(lone.chart).toBeNull();
    expect(isPng(askJson(['--chart', 'SELECT count() FROM demo.orders']).chart)).toBe(true);
    expect(askJson(['total revenue']).chart).toBeNull();
    expect(isPng(askJson(['total revenue as a bar chart']).chart)).toBe(true);
  });

  it('draws a result with more than one value, and nothing with --no-chart', () => {
    const byDevice = 'SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device';
    expect(isPng(askJson([byDevice]).chart)).toBe(true);
    expect(askJson(['--no-chart', byDevice]).chart).toBeNull();
  });

  it('still draws the single number in the terminal answer', () => {
    const r = cli(['ask', 'SELECT count() FROM demo.orders']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/chart: .*\.png/);
  });
});
