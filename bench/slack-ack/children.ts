/**
 * Child processes of the slack-ack bench: started, waited for (a ready line),
 * and always stopped — SIGTERM, then SIGKILL after a grace period — when the
 * bench ends, fails or is interrupted. Nothing is left behind.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
const HERE = import.meta.dirname;

const live = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Last resort: whatever is still running when the bench process exits is killed.
  process.on('exit', () => {
    for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      process.exit(130);
    });
  }
}

export interface Child {
  readonly proc: ChildProcess;
  readonly name: string;
  /** Last lines of stderr (for error messages). */
  tail(): string;
  /** SIGTERM, SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

function track(name: string, proc: ChildProcess): Child {
  hookExit();
  live.add(proc);
  let err = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (d: string) => {
    err = (err + d).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });
  void exited.then(() => live.delete(proc));
  let stopping: Promise<void> | undefined;
  return {
    proc,
    name,
    tail: () => err.trim().split('\n').slice(-5).join('\n'),
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGTERM');
          const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
          await exited;
          clearTimeout(timer);
        }
        proc.stdin?.destroy();
      })();
      return stopping;
    },
  };
}

/** Resolves with the first stdout/stderr match of `re` (its first group), or rejects on exit/timeout. */
function waitFor(child: Child, stream: 'stdout' | 'stderr', re: RegExp, timeoutMs: number): Promise<string> {
  const s = child.proc[stream]!;
  s.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => done(new Error(`${child.name} not ready within ${timeoutMs} ms: ${child.tail()}`)), timeoutMs);
    const onData = (d: string) => {
      buf += d;
      const m = re.exec(buf);
      if (m) done(undefined, m[1] ?? m[0]);
    };
    const onExit = (code: number | null, signal: string | null) => done(new Error(`${child.name} exited before it was ready (${signal ?? `code ${code}`}): ${child.tail()}`));
    function done(err?: Error, value?: string) {
      clearTimeout(timer);
      s.off('data', onData);
      child.proc.off('exit', onExit);
      if (err) reject(err);
      else resolve(value!);
    }
    s.on('data', onData);
    child.proc.once('exit', onExit);
  });
}

/** The bare node:http floor server; resolves with its URL once it listens. */
export async function startFloor(): Promise<{ child: Child; url: string }> {
  const child = track('floor server', spawn(process.execPath, [path.join(HERE, 'floor-server.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] }));
  try {
    const port = await waitFor(child, 'stdout', /"port":(\d+)/, 10_000);
    child.proc.stdout!.resume();
    return { child, url: `http://127.0.0.1:${port}/slack/events` };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** `node bin/datalabs.js <args>` with the bench's env; `ready` matches a stderr line (first group: e.g. the port). */
export async function startDatalabs(name: string, args: string[], env: Record<string, string>, ready: RegExp, o: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<{ child: Child; match: string }> {
  const proc = spawn(process.execPath, [...(o.nodeArgs ?? []), '--import', path.join(HERE, 'exit-with-parent.mjs'), path.join(REPO, 'bin', 'datalabs.js'), ...args], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = track(name, proc);
  proc.stdout!.resume();
  try {
    const match = await waitFor(child, 'stderr', ready, o.timeoutMs ?? 60_000);
    return { child, match };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** Runs `node bin/datalabs.js <args>` to completion (seed); rejects on a non-zero exit. */
export async function runDatalabs(args: string[], env: Record<string, string>): Promise<void> {
  const proc = spawn(process.execPath, [path.join(REPO, 'bin', 'datalabs.js'), ...args], { cwd: REPO, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const child = track(`datalabs ${args[0]}`, proc);
  const code = await new Promise<number | null>((resolve) => child.proc.once('exit', (c) => resolve(c)));
  if (code !== 0) throw new Error(`datalabs ${args.join(' ')} failed (code ${code}): ${child.tail()}`);
}

export interface BurstResult {
  status: number;
  ms: number;
  /** Wall-clock time (epoch ms, sub-ms) the request was written. */
  sentAt: number;
  error?: string;
}

export interface LoadGenerator {
  burst(url: string, bodies: string[], o?: { secret?: string; contentType?: string }): Promise<BurstResult[]>;
  stop(): Promise<void>;
}

/** The load generator (loadgen.mjs) in its own process. */
export async function startLoadGenerator(): Promise<LoadGenerator> {
  const proc = fork(path.join(HERE, 'loadgen.mjs'), [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], execArgv: [] });
  const child = track('load generator', proc);
  await new Promise<void>((resolve, reject) => {
    proc.once('message', () => resolve());
    proc.once('exit', (code) => reject(new Error(`load generator exited (code ${code}): ${child.tail()}`)));
  });
  let seq = 0;
  return {
    burst(url, bodies, o = {}) {
      const id = ++seq;
      return new Promise((resolve, reject) => {
        const onMessage = (m: { id: number; results?: BurstResult[]; error?: string }) => {
          if (m.id !== id) return;
          proc.off('message', onMessage);
          proc.off('exit', onExit);
          if (m.error) reject(new Error(`load generator: ${m.error}`));
          else resolve(m.results!);
        };
        const onExit = () => reject(new Error(`load generator exited: ${child.tail()}`));
        proc.on('message', onMessage);
        proc.once('exit', onExit);
        proc.send({ id, url, secret: o.secret, contentType: o.contentType ?? 'application/x-www-form-urlencoded', bodies });
      });
    },
    stop: () => child.stop(2_000),
  };
}
