/** The `datalabs` CLI as a user runs it: real processes, real chDB. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/datalabs.js');
let dataDir: string;

function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input: opts.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC', ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const jsonLines = (s: string) => s.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-cli-'));
  const seed = cli(['seed', '--scale', '0.01', '--end-date', '2025-06-30']);
  expect(seed.stderr).toBe('');
  expect(seed.code).toBe(0);
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('datalabs seed', () => {
  it('prints the row count of every table', () => {
    const again = cli(['seed', '--scale', '0.01', '--end-date', '2025-06-30']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/orders\s+3,000 rows/);
    expect(again.stdout).toMatch(/products\s+200 rows/);
    expect(again.stdout).toMatch(/users\s+500 rows/);
    expect(again.stdout).toMatch(/events\s+30,000 rows/);
  });

  it('refuses a bad option in one line', () => {
    const r = cli(['seed', '--scale', 'lots']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')[0]).toMatch(/--scale must be a number/);
  });
});

describe('datalabs ask --json', () => {
  it('follows the JSON contract for SQL', () => {
    const r = cli(['ask', '--json', '--now', '2025-06-30T18:00:00Z', "SELECT toStartOfMonth(order_time) AS m, sum(revenue) AS revenue FROM demo.orders WHERE status = 'completed' GROUP BY m ORDER BY m"]);
    expect(r.code).toBe(0);
    const [out] = jsonLines(r.stdout);
    expect(out.sql).toMatch(/^SELECT toStartOfMonth/);
    // name and type as the contract says; a display name (and a format, null for raw SQL) on top.
    expect(out.columns.map((c: { name: string; type: string }) => ({ name: c.name, type: c.type }))).toEqual([
      { name: 'm', type: 'Date' },
      { name: 'revenue', type: 'Float64' },
    ]);
    expect(out.columns.map((c: { displayName: string }) => c.displayName)).toEqual(['M', 'Revenue']);
    expect(out.rows.length).toBeGreaterThanOrEqual(12);
    expect(out.rows[0][0]).toMatch(/^2024-0[67]-01$/);
    expect(typeof out.rows[0][1]).toBe('number');
    expect(out.chart).toMatch(/\.png$/);
    expect(fs.readFileSync(out.chart).subarray(1, 4).toString()).toBe('PNG');
    expect(out.tables).toEqual(['demo.orders']);
    expect(out.rowsRead).toBeGreaterThan(0);
  });

  it('answers stdin line by line; an error is its own line, not the end of the run', () => {
    const r = cli(['ask', '--json', '-'], { input: `SELECT count() AS n FROM demo.products\nSELECT 1; DROP TABLE demo.orders\n\nSELECT max(price) FROM demo.products\n${'x'.repeat(30_000)}\n` });
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(4);
    expect(lines[3].error).toEqual({ code: 'BAD_INPUT', message: 'that is 30,000 characters; questions and SQL can be at most 20,000' });
    expect(lines[0].rows).toEqual([[200]]);
    expect(lines[1].error.code).toBe('SQL_REJECTED');
    expect(lines[1].error.message).not.toContain('\n');
    expect(lines[2].rows).toHaveLength(1);
    expect(r.code).toBe(1);
    const check = cli(['ask', '--json', 'SELECT count() FROM demo.orders']);
    expect(jsonLines(check.stdout)[0].rows[0][0]).toBeGreaterThan(0);
  });

  it('prints an error object and exits non-zero for a refused query', () => {
    const r = cli(['ask', '--json', "SELECT * FROM file('/etc/passwd', 'LineAsString')"]);
    expect(r.code).not.toBe(0);
    const [out] = jsonLines(r.stdout);
    expect(out.error.code).toBe('SQL_REJECTED');
    expect(r.stdout).not.toContain('root:');
  });

  it('names a malformed environment variable in one line', () => {
    const r = cli(['ask', 'SELECT 1'], { env: { CLICKHOUSE_URL: 'not a url' } });
    expect(r.code).toBe(78);
    expect(r.stderr.trim()).toMatch(/^datalabs: CLICKHOUSE_URL: must be a URL/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the file and field of a broken semantic model in one line', () => {
    const modelsDir = path.join(dataDir, 'bad-models');
    fs.mkdirSync(modelsDir, { recursive: true });
    fs.writeFileSync(path.join(modelsDir, 'demo.yaml'), 'name: demo\ntables: 42\n');
    const r = cli(['ask', 'revenue'], { env: { DATALABS_MODELS_DIR: modelsDir } });
    expect(r.code).toBe(78);
    expect(r.stderr.trim()).toMatch(/^datalabs: .*bad-models\/demo\.yaml: field \w+/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects a malformed --now in one line', () => {
    const r = cli(['ask', '--now', 'tomorrowish', 'SELECT 1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/--now: expected an ISO date-time/);
  });
});

describe('datalabs chat without a TTY', () => {
  it('answers each line and exits at EOF', () => {
    const r = cli(['chat'], { input: "SELECT count() AS products FROM demo.products\n/help\nSELECT category, count() AS n FROM demo.products GROUP BY category ORDER BY category\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SQL result: 200');
    expect(r.stdout).toMatch(/\/sql/);
    expect(r.stdout).toMatch(/apparel/);
    expect(r.stdout).toMatch(/chart: .*\.png/);
  });

  it('makes a second process on the same data dir say who holds it', async () => {
    const chat = spawn(process.execPath, [bin, 'chat'], { cwd: root, env: { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    chat.stdout.on('data', (d) => (out += d));
    chat.stdin.write('SELECT 1 AS ready\n');
    for (let i = 0; i < 200 && !out.includes('ready'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('ready');
    const second = cli(['ask', 'SELECT 1']);
    chat.stdin.end();
    await new Promise((r) => chat.on('close', r));
    expect(second.code).not.toBe(0);
    expect(second.stderr.trim()).toMatch(new RegExp(`^datalabs: the embedded ClickHouse data in .* is in use by process ${chat.pid} \\(datalabs chat\\)`));
  });
});

describe('datalabs model infer', () => {
  it('writes an editable semantic model inferred from the schema', () => {
    const out = path.join(dataDir, 'models-out', 'demo.yaml');
    const r = cli(['model', 'infer', 'demo', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*demo\.yaml \(\d+ measures, \d+ dimensions\)/);
    const yaml = fs.readFileSync(out, 'utf8');
    expect(yaml).toMatch(/orders/);
    expect(yaml).toMatch(/country/);
    const again = cli(['model', 'infer', 'demo', '--out', out]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists: pass --force/);
  });

  it('refuses a name that is not a database name', () => {
    const r = cli(['model', 'infer', 'demo; DROP']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toMatch(/is not a database name/);
  });
});

describe('datalabs serve', () => {
  it('serves /healthz and /metrics without chat tokens and stops on SIGTERM', async () => {
    const serve = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, env: { ...process.env, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    serve.stderr.on('data', (d) => (err += d));
    for (let i = 0; i < 600 && !/http on :\d+/.test(err); i++) await new Promise((r) => setTimeout(r, 100));
    const port = Number(/http on :(\d+)/.exec(err)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(err).toMatch(/adapters: none/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, warehouse: 'embedded', adapters: [] });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/datalabs_http_requests_total\{route="\/healthz",status="200"\} 1/);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);
    serve.kill('SIGTERM');
    const code = await new Promise((r) => serve.on('close', r));
    expect(code).toBe(0);
  });
});
