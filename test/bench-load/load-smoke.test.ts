/**
 * `npm run bench load`, briefly: a handful of users for a few seconds over the
 * fake Slack and Telegram against a real `datalabs serve` (the generator, the
 * fakes, the floor and the app each in a process of their own). Nothing is
 * timed here: every action sent is answered (nothing lost, no duplicate), and
 * the report ends with a `load-summary` line that parses.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOptions } from '../../bench/load.ts';

const root = path.resolve(import.meta.dirname, '../..');

function runBench(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'bin', 'bench.js'), 'load', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('bench load', () => {
  it('answers every action of a few users over Slack and Telegram, and prints a summary that parses', async () => {
    const r = await runBench(['--users', '6', '--duration-s', '6', '--think-s', '1', '--drain-s', '90', '--scale', '0.01']);
    const line = r.out.split('\n').find((l) => l.startsWith('load-summary '));
    expect(line, r.out).toBeDefined();
    const s = JSON.parse(line!.slice('load-summary '.length));
    expect(r.code, r.out).toBe(0);
    expect(s.sent, r.out).toBeGreaterThan(0);
    expect(s.perPlatform.slack.sent, 'Slack users acted').toBeGreaterThan(0);
    expect(s.perPlatform.telegram.sent, 'Telegram users acted').toBeGreaterThan(0);
    expect({ lost: s.lost, duplicates: s.duplicates, answered: s.answered }, r.out).toEqual({ lost: 0, duplicates: 0, answered: s.sent });
    expect(s.ack.requests).toBe(s.perPlatform.slack.sent);
    expect(typeof s.ack.ratioP99).toBe('number');
    expect(s.rss.treeMiB.length).toBeGreaterThan(0);
  }, 240_000);

  it('says which option is bad, in one line', () => {
    expect(() => loadOptions(['--users', 'lots'], {})).toThrow(/^bench load: --users \(BENCH_LOAD_USERS\) must be a number from 1 to 100000, got "lots"$/);
    expect(() => loadOptions([], { BENCH_LOAD_SLACK_SHARE: '2' })).toThrow(/--slack-share \(BENCH_LOAD_SLACK_SHARE\)/);
    expect(loadOptions(['--duration-s', '120', '--users', '2000'], {})).toMatchObject({ durationS: 120, users: 2000, workers: 0 });
  });
});
