/**
 * Real `datalabs` processes for the multi-process tests: each is
 * `node bin/datalabs.js <command>` with its own environment, its stderr kept
 * (for failure messages), and a ready line awaited (`datalabs serve: http on
 * :PORT`, `datalabs worker: answering …`). Every process started here is
 * registered, so `killAll()` (afterAll) and the test process's exit end them
 * even when a test failed half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'bin/datalabs.js');
const READY_TIMEOUT_MS = 90_000;
const KEEP_CHARS = 16_384;

/** Variables a datalabs process must not inherit from the test run's own environment. */
const PRODUCT_VARS = /^(DATALABS_|CLICKHOUSE_|DATABASE_|REDIS_URL$|SLACK_|TELEGRAM_|DISCORD_|ANTHROPIC_|QUERY_|HISTORY_|PORT$|LOG_LEVEL$)/;

/** The test run's environment without the product's variables (the test services' DATALABS_TEST_* stay). */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!PRODUCT_VARS.test(k) || k.startsWith('DATALABS_TEST_')) env[k] = v;
  return env;
}

export interface DatalabsProcess {
  readonly name: string;
  readonly pid: number;
  /** The HTTP port a `serve` reported (undefined for a worker). */
  readonly port?: number;
  /** `http://127.0.0.1:PORT` of a `serve`. */
  readonly url?: string;
  /** What the process wrote on stderr (the last 16 KiB). */
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** SIGKILL, and wait for the exit. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves on exit. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<DatalabsProcess>();
const children = new Set<ChildProcess>();

// Last resort: a test process that exits without its afterAll leaves no datalabs process behind.
process.once('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Every registered process's stderr, for a failure message. */
export function allStderr(): string {
  return [...running]
    .map((p) => `--- ${p.name} (pid ${p.pid}${p.alive() ? '' : ', exited'}) stderr:\n${p.stderr().trim() || '(empty)'}`)
    .join('\n');
}

/** Runs `what`; a failing assertion's message gets every process's stderr added. */
export async function explained<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (err) {
    if (err instanceof Error && !err.message.includes('stderr:')) err.message += `\n${allStderr()}`;
    throw err;
  }
}

/** Runs a datalabs command to completion (seed, migrate); rejects with its output when it fails. */
export function runDatalabs(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`datalabs ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`));
    });
  });
}

/**
 * Starts `datalabs <args>` and resolves once it printed its ready line
 * (`serve`: the port; `worker`: "answering"). Rejects with its stderr when it
 * exits first or is not ready in time.
 */
export async function startDatalabs(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<DatalabsProcess> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let err = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    err += d;
    if (err.length > KEEP_CHARS * 2) err = err.slice(-KEEP_CHARS);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: DatalabsProcess & { port?: number; url?: string } = {
    name,
    pid: child.pid!,
    stderr: () => err.slice(-KEEP_CHARS),
    exited,
    alive,
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 5_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  const ready = await new Promise<{ port?: number }>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${name} did not report ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    const check = () => {
      const serve = /datalabs serve: http on :(\d+)/.exec(err);
      if (serve) return done(undefined, { port: Number(serve[1]) });
      if (/datalabs worker: answering/.test(err)) return done(undefined, {});
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => done(new Error(`${name} exited before it was ready (${signal ?? `exit ${code}`})`));
    function done(e: Error | undefined, value?: { port?: number }) {
      clearTimeout(timer);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
      if (e) reject(new Error(`${e.message}:\n${err.slice(-4000)}`));
      else resolve(value!);
    }
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  }).catch(async (e: unknown) => {
    await proc.kill9();
    throw e;
  });
  if (ready.port !== undefined) {
    proc.port = ready.port;
    proc.url = `http://127.0.0.1:${ready.port}`;
  }
  return proc;
}

/** Ends every process started here that is still running (afterAll): SIGTERM, SIGKILL after 5 s. */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop(5_000)));
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Waits until `check` holds (polling every 25 ms); the error names `what` and carries every process's stderr. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${allStderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
