/**
 * Runs embedded chDB in a separate, killable process (engine-host.cjs) and
 * talks to it over the IPC channel. The child gets a scrubbed environment (no
 * tokens or secrets for `/proc/self/environ` to show) and an empty working
 * directory (relative `file()` paths find nothing).
 *
 * A request past its deadline is abandoned by the caller; the supervisor asks
 * the child to cancel it and, when the child has not finished it within a short
 * grace, SIGKILLs the child and starts a new one. Requests that were in flight
 * in the killed child are sent again once when they are reads; admin work is
 * never repeated and fails with one line.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatalabsError } from '../../contracts/errors.ts';

const HOST_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine-host.cjs');

/** Environment variables the engine child may see; everything else (tokens, keys, URLs) is dropped. */
const ENV_ALLOW = ['PATH', 'TZ', 'LANG', 'LC_ALL', 'LC_CTYPE'];

export interface EngineRequest {
  target: 'reader' | 'admin';
  /** Reader slot id ("0".."n-1", "x" for EXPLAIN/ping). */
  slot?: string;
  op: 'query' | 'stream' | 'command' | 'explain';
  sql: string;
  /** Reader session profile: every setting the session gets before `readonly = 1`. */
  profile?: Record<string, string | number>;
  /** Admin per-command settings (run on a throwaway session). */
  settings?: Record<string, string | number>;
  params?: Record<string, unknown>;
  maxRows: number;
  maxBytes: number;
}

/** Messages the child sends about one request. */
export type EngineReply =
  | { t: 'result'; id: number; columns?: { name: string; type: string }[]; rows?: unknown[][]; truncated?: boolean; text?: string; stats?: { rowsRead: number; bytesRead: number; elapsed: number } }
  | { t: 'chunk'; id: number; columns?: { name: string; type: string }[]; rows: unknown[][] }
  | { t: 'end'; id: number; truncated: boolean }
  | { t: 'error'; id: number; message: string; clickhouseCode?: number; name?: string };

export interface EngineHandlers {
  onReply(msg: EngineReply): void;
  /** The child died while running this request and it is not sent again. */
  onLost(err: DatalabsError): void;
}

export interface EngineHandle {
  readonly id: number;
  /** Settles when the engine no longer runs the request (finished, or its process is gone). */
  readonly done: Promise<void>;
  /** Stream flow control: one more chunk may be sent. */
  more(): void;
  /** The caller gave up: cancel, and kill the engine if it does not let go within the grace. */
  abandon(): void;
  /** Whether a retry after a restart is still allowed (false once stream rows were handed out). */
  retriable: boolean;
}

interface Pending {
  handle: EngineHandle;
  req: EngineRequest;
  handlers: EngineHandlers;
  attempts: number;
  abandoned: boolean;
  finish(): void;
  killTimer?: NodeJS.Timeout;
}

/** Default nice of the engine process (see SupervisorOptions.nice). */
export const ENGINE_NICE = 5;

export interface SupervisorOptions {
  chPath: string;
  /** Empty directory used as the child's cwd and HOME. */
  runDir: string;
  /** How long an abandoned request may keep running before the engine is killed. */
  killGraceMs?: number;
  startTimeoutMs?: number;
  /** Settings every admin session gets when it is created. */
  adminSettings?: Record<string, string | number>;
  /**
   * CPU priority (nice, 0–19) of the engine process, default ENGINE_NICE: queries yield the CPU to the
   * process that talks to users (webhook acks, deliveries) when both want it; an idle machine runs them at full speed.
   */
  nice?: number;
  /** Maps a failed start to the one-line error shown to the user. */
  startError(info: { message?: string; clickhouseCode?: number; exit?: string; stderr: string }): DatalabsError;
}

export interface EngineStats {
  starts: number;
  kills: number;
  lastStartMs: number;
  pid: number | undefined;
}

export class EngineSupervisor {
  private child: ChildProcess | undefined;
  private ready: Promise<ChildProcess> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private stderrTail = '';
  readonly stats: EngineStats = { starts: 0, kills: 0, lastStartMs: 0, pid: undefined };

  constructor(private readonly opts: SupervisorOptions) {}

  /** Starts the engine (once); later calls return the running one. */
  start(): Promise<ChildProcess> {
    if (this.closed) return Promise.reject(new DatalabsError('WAREHOUSE_UNAVAILABLE', 'the warehouse is closed'));
    if (!this.ready) {
      this.ready = this.spawn();
      this.ready.catch(() => {
        // A failed start is reported to whoever waits; the next request tries again.
        this.ready = undefined;
      });
    }
    return this.ready;
  }

  private spawn(): Promise<ChildProcess> {
    const t0 = Date.now();
    const env: NodeJS.ProcessEnv = { HOME: this.opts.runDir, TMPDIR: this.opts.runDir };
    for (const k of ENV_ALLOW) if (process.env[k] !== undefined) env[k] = process.env[k];
    fs.mkdirSync(this.opts.runDir, { recursive: true });
    const child = fork(HOST_SCRIPT, [String(this.opts.nice ?? ENGINE_NICE)], {
      cwd: this.opts.runDir,
      env,
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.stderrTail = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      this.stderrTail = (this.stderrTail + d).slice(-4000);
    });
    return new Promise<ChildProcess>((resolve, reject) => {
      let started = false;
      const timer = setTimeout(() => {
        if (started) return;
        child.kill('SIGKILL');
        reject(this.opts.startError({ exit: `no answer within ${this.opts.startTimeoutMs ?? 60_000} ms`, stderr: this.stderrTail }));
      }, this.opts.startTimeoutMs ?? 60_000);
      timer.unref();
      child.on('message', (msg: any) => {
        if (!started) {
          if (msg?.t === 'ready') {
            started = true;
            clearTimeout(timer);
            this.child = child;
            this.stats.starts++;
            this.stats.lastStartMs = Date.now() - t0;
            this.stats.pid = child.pid;
            this.refWhileBusy();
            resolve(child);
          } else if (msg?.t === 'fatal') {
            started = true;
            clearTimeout(timer);
            child.kill('SIGKILL');
            reject(this.opts.startError({ message: msg.message, clickhouseCode: msg.clickhouseCode, stderr: this.stderrTail }));
          }
          return;
        }
        this.dispatch(msg);
      });
      child.on('error', () => undefined);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (!started) {
          started = true;
          reject(this.opts.startError({ exit: signal ? `signal ${signal}` : `exit code ${code}`, stderr: this.stderrTail }));
          return;
        }
        this.onExit(child);
      });
      child.send({ t: 'open', path: this.opts.chPath, adminSettings: this.opts.adminSettings ?? {} });
    });
  }

  /**
   * The IPC channel keeps the event loop alive only while requests are in
   * flight, so a CLI run that is done can exit without closing the warehouse.
   */
  private refWhileBusy(): void {
    const child = this.child;
    if (!child) return;
    const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
    if (this.pending.size > 0) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  }

  private dispatch(msg: EngineReply | undefined): void {
    if (!msg || typeof msg !== 'object' || typeof (msg as any).id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    const terminal = msg.t === 'result' || msg.t === 'error' || msg.t === 'end';
    if (terminal) {
      this.pending.delete(msg.id);
      if (p.killTimer) clearTimeout(p.killTimer);
    }
    if (!p.abandoned) p.handlers.onReply(msg);
    if (terminal) {
      p.finish();
      this.refWhileBusy();
    }
  }

  private onExit(child: ChildProcess): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.ready = undefined;
    this.stats.pid = undefined;
    const inflight = [...this.pending.values()];
    this.pending.clear();
    if (this.closed) {
      for (const p of inflight) {
        if (!p.abandoned) p.handlers.onLost(new DatalabsError('WAREHOUSE_UNAVAILABLE', 'the warehouse was closed while the query ran'));
        p.finish();
      }
      return;
    }
    const again: Pending[] = [];
    for (const p of inflight) {
      if (p.killTimer) clearTimeout(p.killTimer);
      if (p.abandoned) {
        p.finish();
      } else if (p.req.target === 'reader' && p.handle.retriable && p.attempts < 2) {
        again.push(p);
      } else {
        p.handlers.onLost(
          p.req.target === 'admin'
            ? new DatalabsError('WAREHOUSE_UNAVAILABLE', 'the embedded ClickHouse engine was restarted while this admin command ran; it was not retried')
            : new DatalabsError('WAREHOUSE_UNAVAILABLE', 'the embedded ClickHouse engine stopped while this query ran'),
        );
        p.finish();
      }
    }
    // Always bring the engine back so the next question does not pay for the start.
    this.start().then(
      (c) => {
        for (const p of again) {
          if (p.abandoned) {
            p.finish();
            continue;
          }
          p.attempts++;
          this.pending.set(p.handle.id, p);
          c.send({ t: 'run', id: p.handle.id, ...p.req });
        }
        this.refWhileBusy();
      },
      (err: DatalabsError) => {
        for (const p of again) {
          if (!p.abandoned) p.handlers.onLost(err);
          p.finish();
        }
      },
    );
  }

  /** Sends a request; handlers get its replies. */
  submit(req: EngineRequest, handlers: EngineHandlers): EngineHandle {
    const id = this.nextId++;
    let finish!: () => void;
    const done = new Promise<void>((r) => (finish = r));
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    const p: Pending = {
      req,
      handlers,
      attempts: 1,
      abandoned: false,
      finish,
      handle: {
        id,
        done,
        retriable: req.target === 'reader',
        more() {
          if (self.pending.has(id)) self.child?.send({ t: 'more', id });
        },
        abandon() {
          if (p.abandoned) return;
          p.abandoned = true;
          if (!self.pending.has(id)) return;
          self.child?.send({ t: 'cancel', id });
          p.killTimer = setTimeout(() => {
            if (self.pending.get(id) === p) self.killEngine();
          }, self.opts.killGraceMs ?? 1000);
          p.killTimer.unref();
        },
      },
    };
    this.start().then(
      (child) => {
        if (p.abandoned) {
          p.finish();
          return;
        }
        this.pending.set(id, p);
        this.refWhileBusy();
        child.send({ t: 'run', id, ...req });
      },
      (err: DatalabsError) => {
        if (!p.abandoned) handlers.onLost(err);
        p.finish();
      },
    );
    return p.handle;
  }

  /** SIGKILL the engine; the exit handler restarts it and re-sends reads. */
  killEngine(): void {
    if (!this.child) return;
    this.stats.kills++;
    this.child.kill('SIGKILL');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const child = this.child ?? (await this.ready?.catch(() => undefined));
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        child.kill('SIGKILL');
      }, 3000);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      try {
        child.send({ t: 'close' });
      } catch {
        child.kill('SIGKILL');
      }
    });
  }
}
