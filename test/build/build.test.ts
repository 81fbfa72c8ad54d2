/**
 * The built artefact: `node bin/build.mjs --out-dir …` compiles the sources
 * with tsc into a private directory (never the shared dist/), and the compiled
 * CLI runs without tsx: --version loads neither chDB nor canvas, `ask` answers
 * from the embedded engine (its worker script copied beside the code), and the
 * chart worker renders a PNG from the compiled renderer.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// Inside the checkout so the compiled code resolves node_modules like dist/ does.
const out = path.join(root, 'node_modules', '.cache', `datalabs-build-test-${process.pid}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-build-'));

/** Runs an ES module snippet with bare node (no tsx loader) in the checkout. */
function runModule(script: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npm run build', () => {
  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'build.mjs'), '--out-dir', out], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(r.stderr + r.stdout).toMatch(/build: .* from \d+ source files/);
    expect(r.status).toBe(0);
  }, 660_000);
  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('emits JavaScript whose relative imports name .js files, with the non-TypeScript files beside it', () => {
    const main = fs.readFileSync(path.join(out, 'bot/app/cli/main.js'), 'utf8');
    expect(main).toMatch(/import\(["']\.\/ask-command\.js["']\)/);
    expect(main).not.toMatch(/from '\.{1,2}\/[^']*\.ts'/);
    for (const asset of ['bot/infra/warehouse/engine-host.cjs', 'renderers/chart-worker.mjs', 'agents/query/models/demo.yaml']) {
      expect(fs.existsSync(path.join(out, asset)), asset).toBe(true);
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'build-manifest.json'), 'utf8')) as { builtAtMs: number; sources: string[] };
    expect(manifest.sources).toContain('bot/app/cli/main.ts');
    expect(manifest.sources.some((f) => f.endsWith('.test.ts'))).toBe(false);
  });

  it('prints the version without loading chDB, canvas or a chat SDK', () => {
    const r = runModule(`
      import { createRequire } from 'node:module';
      const { main } = await import(${JSON.stringify(path.join(out, 'bot/app/cli/main.js'))});
      const code = await main(['--version']);
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ code, heavy: loaded.filter((f) => /node_modules\\/(chdb|canvas|@slack|telegraf|discord\\.js|bullmq|@anthropic-ai)\\//.test(f)) }));
    `);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    expect(JSON.parse(lines[1])).toEqual({ code: 0, heavy: [] });
  });

  it('answers SQL through the compiled CLI (its engine host copied beside it), and the compiled chart worker draws a PNG', () => {
    const r = runModule(`
      const { main } = await import(${JSON.stringify(path.join(out, 'bot/app/cli/main.js'))});
      process.exitCode = await main(['ask', '--json', 'SELECT arrayJoin([0, 1, 2, 3, 4]) AS n, n * 2 AS doubled']);
    `);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const answer = JSON.parse(r.stdout) as { rows: unknown[][] };
    expect(answer.rows.map((row) => row.map(Number))).toEqual([[0, 0], [1, 2], [2, 4], [3, 6], [4, 8]]);

    const worker = runModule(`
      const { default: render } = await import(${JSON.stringify(path.join(out, 'renderers/chart-worker.mjs'))});
      const chart = await render({ columns: [{ name: 'day', type: 'Date' }, { name: 'v', type: 'Float64' }], rows: [['2025-01-01', 1], ['2025-01-02', 3], ['2025-01-03', 2]], opts: { title: 't', width: 400, height: 300 } });
      console.log(chart.error ?? Buffer.from(chart.png).subarray(1, 4).toString());
    `);
    expect(worker.stderr).toBe('');
    expect(worker.stdout.trim()).toBe('PNG');
  });
});
