/**
 * Start-up of the `datalabs` CLI against its floors, as ratios measured in one
 * run (each command alternately, median of BENCH_STARTUP_RUNS, default 7):
 * - `datalabs --version` vs `node -e 0` (target ≤ 3×);
 * - `datalabs ask --json "SELECT count() FROM demo.orders"` vs a bare script
 *   that opens chDB on the same data dir and runs the same query (time ≤ 3×,
 *   peak RSS ≤ 2×); the ask also draws the answer's chart PNG, so the same
 *   with --no-chart is printed beside it.
 * Peak RSS is the largest sum of VmRSS over the process and its children
 * (the CLI runs chDB in a child process), sampled every 10 ms; /usr/bin/time's
 * figure (the largest single process) is printed beside it when present.
 * BENCH_STARTUP_REPO=<checkout> measures another checkout's bin/datalabs.js
 * (e.g. an older commit unpacked with `git archive`) on the same data;
 * BENCH_STARTUP_BASELINE=<checkout> adds that checkout's two `ask` cases to the
 * same alternating runs (before/after on a busy machine: both see the same load).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = process.env.BENCH_STARTUP_REPO ? path.resolve(process.env.BENCH_STARTUP_REPO) : path.resolve(import.meta.dirname, '..');
const RUNS = Math.max(1, Number(process.env.BENCH_STARTUP_RUNS ?? 7));
const BASELINE = process.env.BENCH_STARTUP_BASELINE ? path.resolve(process.env.BENCH_STARTUP_BASELINE) : undefined;
const QUERY = 'SELECT count() FROM demo.orders';

interface Sample {
  ms: number;
  peakRssKb: number;
}

/** All descendants of pid (children first listed by /proc/<pid>/task/<tid>/children). */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let kids: string;
      try {
        kids = fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const k of kids.trim().split(/\s+/).filter(Boolean).map(Number)) {
        out.push(k);
        walk(k);
      }
    }
  };
  walk(pid);
  return out;
}

export function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs a command to its end; wall time and the peak RSS of its process tree. */
function measure(args: string[], env: NodeJS.ProcessEnv, expect: RegExp, anyExit = false): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid === undefined) return;
      const total = [child.pid, ...descendants(child.pid)].reduce((sum, p) => sum + rssKb(p), 0);
      peak = Math.max(peak, total);
    }, 10);
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      clearInterval(timer);
      if ((code !== 0 && !anyExit) || !expect.test(out)) reject(new Error(`${args.join(' ')} exited ${code}: ${out.slice(0, 500)}`));
      else resolve({ ms, peakRssKb: peak });
    });
  });
}

/** /usr/bin/time -v's "Maximum resident set size" (largest single process), in KB. */
function timeMaxRssKb(args: string[], env: NodeJS.ProcessEnv): number | undefined {
  if (!fs.existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: REPO, env, encoding: 'utf8' });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  return m ? Number(m[1]) : undefined;
}

/** Whether bin/datalabs.js will run dist/ (the same test it makes). */
export function buildState(repo = REPO): string {
  const file = path.join(repo, 'dist', 'build-manifest.json');
  if (!fs.existsSync(file)) return 'no dist/: the bin runs the sources through tsx (npm run build first)';
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as { builtAtMs: number; sources: string[] };
  const stale = manifest.sources.filter((f) => (fs.statSync(path.join(repo, f), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > manifest.builtAtMs);
  return stale.length ? `dist/ is older than ${stale.length} sources (${stale.slice(0, 3).join(', ')}…): the bin runs the sources through tsx (npm run build first)` : 'dist/ is fresh: the bin runs it';
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-startup-'));
  const bareScript = path.join(dataDir, 'bare-chdb.cjs');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC' };
  const bin = path.join(REPO, 'bin', 'datalabs.js');
  try {
    console.log(`checkout ${REPO}: ${buildState()}`);
    const seeded = spawnSync(process.execPath, [bin, 'seed', '--end-date', '2025-06-30'], { cwd: REPO, env, encoding: 'utf8' });
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
    // The floor: chDB's own package, opened on the same data, the same query.
    fs.writeFileSync(
      bareScript,
      `const { Session } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'chdb'))});\n` +
        `const s = new Session(${JSON.stringify(path.join(dataDir, 'clickhouse'))});\n` +
        `process.stdout.write(s.query(${JSON.stringify(QUERY)}, 'JSONCompact'));\n` +
        `s.cleanup();\n`,
    );

    // An older checkout without --version (before it existed) fails after loading everything: still its start-up.
    const cases: Record<string, { args: string[]; expect: RegExp; anyExit?: boolean }> = {
      'node -e 0': { args: ['-e', '0'], expect: /^$/ },
      'datalabs --version': { args: [bin, '--version'], expect: /^\d+\.\d+\.\d+|unknown option '--version'/, anyExit: true },
      'bare chDB script': { args: [bareScript], expect: /"data"/ },
      'datalabs ask --json': { args: [bin, 'ask', '--json', QUERY], expect: /"rows":\[\[/ },
      // The same without the chart PNG (canvas + vega load and draw): what the engine path alone costs.
      'ask --json --no-chart': { args: [bin, 'ask', '--json', '--no-chart', QUERY], expect: /"rows":\[\[/ },
    };
    if (BASELINE) {
      console.log(`baseline ${BASELINE}: ${buildState(BASELINE)}`);
      const other = path.join(BASELINE, 'bin', 'datalabs.js');
      cases['baseline ask --json'] = { args: [other, 'ask', '--json', QUERY], expect: /"rows":\[\[/ };
      cases['baseline --no-chart'] = { args: [other, 'ask', '--json', '--no-chart', QUERY], expect: /"rows":\[\[/ };
    }
    const samples = new Map<string, Sample[]>(Object.keys(cases).map((k) => [k, []]));
    for (const c of Object.values(cases)) await measure(c.args, env, c.expect, c.anyExit); // warm the page cache
    for (let i = 0; i < RUNS; i++) {
      for (const [name, c] of Object.entries(cases)) samples.get(name)!.push(await measure(c.args, env, c.expect, c.anyExit));
    }
    const med = (name: string) => ({ ms: median(samples.get(name)!.map((s) => s.ms)), kb: median(samples.get(name)!.map((s) => s.peakRssKb)) });
    for (const [name, c] of Object.entries(cases)) {
      const m = med(name);
      const timeKb = timeMaxRssKb(c.args, env);
      console.log(`${name.padEnd(20)} median of ${RUNS}: ${m.ms.toFixed(0).padStart(5)} ms, peak RSS ${mib(m.kb)} (process tree)${timeKb ? `, ${mib(timeKb)} (/usr/bin/time, largest process)` : ''}`);
    }
    const version = med('datalabs --version');
    const floor = med('node -e 0');
    const ask = med('datalabs ask --json');
    const bare = med('bare chDB script');
    console.log(`--version / node -e 0:      ${(version.ms / floor.ms).toFixed(2)}× time (target ≤ 3×)`);
    console.log(`ask --json / bare chDB:     ${(ask.ms / bare.ms).toFixed(2)}× time (target ≤ 3×), ${(ask.kb / bare.kb).toFixed(2)}× peak RSS (target ≤ 2×)`);
    const noChart = med('ask --json --no-chart');
    console.log(`  without the chart:        ${(noChart.ms / bare.ms).toFixed(2)}× time, ${(noChart.kb / bare.kb).toFixed(2)}× peak RSS`);
    if (BASELINE) {
      const b = med('baseline ask --json');
      const bn = med('baseline --no-chart');
      console.log(`baseline ask --json / bare: ${(b.ms / bare.ms).toFixed(2)}× time, ${(b.kb / bare.kb).toFixed(2)}× peak RSS; without the chart ${(bn.ms / bare.ms).toFixed(2)}× time`);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
