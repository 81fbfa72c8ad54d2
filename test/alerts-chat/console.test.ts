/**
 * Alerts and reports in the console chat (`datalabs chat`, the real CLI and
 * console adapter over stdin): /alert backtests and saves a rule, /report
 * schedules a report, /alerts lists both, /alert delete removes one. Rules
 * created here have no chat channel of their own: their notices go to the
 * default alert channel (ALERT_CHANNEL) when serve or a worker runs them.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-console-alerts-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('alerts in the console chat', () => {
  it('/alert, /report, /alerts and /alert delete work at the terminal', () => {
    const input = ['/alert revenue below 1 every 1d', '/report revenue by week every monday 9:00', '/alerts', '/alert delete revenue-below-1', '/alerts', ''].join('\n');
    const r = spawnSync(process.execPath, [path.join(root, 'bin/datalabs.js'), 'chat', '--now', '2025-06-30T18:00:00Z'], {
      cwd: root,
      input,
      encoding: 'utf8',
      env: { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC' },
      timeout: 300_000,
    });
    expect(r.stderr).not.toMatch(/not available in this chat/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Alert "revenue-below-1" saved: revenue — below 1, every 1d .*notices go to the default alert channel/);
    expect(r.stdout).toMatch(/Would have fired \d+ times? in the last 30 days/);
    expect(r.stdout).toMatch(/Report "revenue-by-week-report" scheduled: revenue by week, every 0 9 \* \* 1 \(UTC\); posts to the default alert channel, next on 2025-07-07 09:00 UTC/);
    expect(r.stdout).toMatch(/Alert rules in workspace "console" \(2\)/);
    expect(r.stdout).toMatch(/• revenue-below-1 — active · normal/);
    expect(r.stdout).toMatch(/• revenue-by-week-report — report · active · next 2025-07-07 09:00 UTC/);
    expect(r.stdout).toMatch(/Deleted alert "revenue-below-1"\./);
    expect(r.stdout).toMatch(/Alert rules in workspace "console" \(1\)/);
  }, 320_000);
});
