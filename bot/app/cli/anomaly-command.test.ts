/** `datalabs anomaly detect` as a user runs it: a real process, temp CSV files, no warehouse. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseTimestamp } from './anomaly-command.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(root, 'bin/datalabs.js');
let dir: string;

function cli(args: string[], input = '') {
  // DATALABS_DATA_DIR points at a directory that must stay empty: the command opens no store or warehouse.
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATALABS_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', TZ: 'UTC' },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** 28 days of hourly values: a daily curve plus deterministic noise, with a spike at hour 500 and a dip at 600. */
function hourlyCsv(header = true): string {
  const lines = header ? ['ts,value'] : [];
  for (let i = 0; i < 28 * 24; i++) {
    const noise = ((Math.sin(i * 12.9898) * 43758.5453) % 1) * 4;
    let v = 200 + 50 * Math.sin((2 * Math.PI * i) / 24) + noise;
    if (i === 500) v += 120;
    if (i === 600) v -= 120;
    lines.push(`${new Date(Date.UTC(2025, 0, 6) + i * 3_600_000).toISOString().replace('.000Z', 'Z')},${v.toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-anomaly-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('datalabs anomaly detect', () => {
  it('prints the anomalies as JSON with the timestamps as given', () => {
    const r = cli(['anomaly', 'detect', '--input', write('h.csv', hourlyCsv()), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.anomalies.map((a: { ts: string }) => a.ts)).toEqual(['2025-01-26T20:00:00Z', '2025-01-31T00:00:00Z']);
    const [spike, dip] = out.anomalies;
    expect(spike).toMatchObject({ direction: 'up', kind: 'spike' });
    expect(dip).toMatchObject({ direction: 'down', kind: 'dip' });
    expect(typeof spike.score).toBe('number');
    expect(spike.score).toBeGreaterThan(5);
    expect(spike.expected).toBeGreaterThan(140);
    expect(spike.expected).toBeLessThan(270);
    expect(spike.lower).toBeLessThan(spike.expected);
    expect(spike.upper).toBeGreaterThan(spike.expected);
    expect(fs.existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('reads stdin with "-", without a header, and prints a table without --json', () => {
    const r = cli(['anomaly', 'detect', '--input', '-', '--period', 'day', '--sensitivity', 'low'], hourlyCsv(false));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^672 points, period 24 points, sensitivity low: 2 anomalies\n/);
    expect(r.stdout).toMatch(/2025-01-26T20:00:00Z\s+spike \(up\)/);
    expect(r.stdout).toMatch(/2025-01-31T00:00:00Z\s+dip \(down\)/);
  });

  it('says so when there is nothing to report', () => {
    // The same series with the two odd hours missing (a gap is not an anomaly).
    const quiet = hourlyCsv().replace(/^(2025-01-26T20:00:00Z|2025-01-31T00:00:00Z),.*\n/gm, '');
    const r = cli(['anomaly', 'detect', '--input', write('quiet.csv', quiet), '--period', '24']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('670 points, period 24 points, sensitivity medium: no anomalies\n');
    expect(JSON.parse(cli(['anomaly', 'detect', '--input', write('quiet2.csv', quiet), '--json']).stdout)).toEqual({ anomalies: [] });
  });

  // Built lazily: the temp directory exists only once beforeAll ran.
  const badInputs: [string, () => string[], RegExp, boolean][] = [
    ['no rows', () => ['--input', write('empty.csv', 'ts,value\n\n')], /no data rows/, true],
    ['a bad timestamp', () => ['--input', write('badts.csv', 'ts,value\n2025-01-01,3\nyesterday,4\n')], /line 3: cannot read the timestamp "yesterday"/, false],
    ['a bad number', () => ['--input', write('badnum.csv', '2025-01-01,3\n2025-01-02,three\n')], /line 2: cannot read the number "three"/, false],
    ['under two seasons', () => ['--input', write('short.csv', hourlyCsv().split('\n').slice(0, 30).join('\n')), '--period', 'day'], /need at least 48 points \(two seasons of 24\), got 29/, true],
    ['a missing file', () => ['--input', path.join(dir, 'missing.csv')], /no such file/, false],
    ['a bad sensitivity', () => ['--input', '-', '--sensitivity', 'extreme'], /--sensitivity must be low, medium or high/, true],
    ['a bad period', () => ['--input', '-', '--period', 'fortnight'], /--period must be auto, hour, day, week/, false],
    ['no --input', () => [], /--input is required/, false],
  ];
  it.each(badInputs)('refuses %s with one line and exit 2', (_name, args, message, alsoJson) => {
    const argv = args();
    const r = cli(['anomaly', 'detect', ...argv]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    if (!alsoJson) return; // the JSON shape on a few: each run starts a process
    const j = cli(['anomaly', 'detect', ...argv, '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(message) });
  });
});

describe('parsing', () => {
  it('reads ISO timestamps as UTC unless zoned, and epoch seconds or milliseconds', () => {
    expect(parseTimestamp('2025-06-30')).toBe(Date.UTC(2025, 5, 30));
    expect(parseTimestamp('2025-06-30 14:00')).toBe(Date.UTC(2025, 5, 30, 14));
    expect(parseTimestamp('2025-06-30T14:00:00+02:00')).toBe(Date.UTC(2025, 5, 30, 12));
    expect(parseTimestamp('1751292000')).toBe(Date.UTC(2025, 5, 30, 14));
    expect(parseTimestamp('1751292000000')).toBe(Date.UTC(2025, 5, 30, 14));
    expect(parseTimestamp('2025-02-30')).toBeNaN();
    expect(parseTimestamp('1')).toBe(1000);
    expect(parseTimestamp('June 30')).toBeNaN();
  });

  it('takes an optional header, quotes, semicolons and empty values as missing', () => {
    const rows = parseCsv('"ts";"value"\r\n"2025-01-01";1.5\n2025-01-02;\n\n2025-01-03;NA\n');
    expect(rows.map((r) => [r.ts, r.value])).toEqual([
      ['2025-01-01', 1.5],
      ['2025-01-02', NaN],
      ['2025-01-03', NaN],
    ]);
  });
});
