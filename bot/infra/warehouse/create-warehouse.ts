/**
 * The one way the rest of the code reaches ClickHouse.
 *
 * - Embedded (default): chDB runs in a separate engine process
 *   (engine-host.cjs, supervised by engine-supervisor.ts) that owns the data
 *   directory. Reader slots are read-only sessions created with all their
 *   limits; the admin session is separate. A query past its deadline is
 *   abandoned and, when the engine cannot stop it, the engine is killed and
 *   restarted — the bot's own event loop never runs a query.
 * - Server (`url`): @clickhouse/client over HTTP, logging off, results streamed
 *   and cut at the row and byte caps, `KILL QUERY` after a deadline.
 *
 * Reads are scheduled per tenant (at most TENANT_CONCURRENCY running per
 * tenant) and globally (at most one per reader slot).
 */
import fs from 'node:fs';
import path from 'node:path';
import PQueue from 'p-queue';
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';
import type { ClickHouseSettings, Column, QueryOptions, QueryResult, QueryStats, Warehouse, WarehouseAdmin, WarehouseReader } from '../../contracts/warehouse.ts';
import { EngineSupervisor, type EngineHandle, type EngineReply, type EngineRequest } from './engine-supervisor.ts';
import { translateQueryError } from './query-errors.ts';
import { createServerWarehouse } from './server-warehouse.ts';
import { createScheduler, type Scheduler, type SlotWork } from './scheduler.ts';
import { pendingColumns } from './pending-columns.ts';

export { translateQueryError } from './query-errors.ts';

export type WarehouseConfig =
  | { kind: 'embedded'; dataDir: string; readerSlots?: number; tenantConcurrency?: number; killGraceMs?: number }
  | { kind: 'server'; url: string; user?: string; password?: string; database?: string; readerSlots?: number; tenantConcurrency?: number };

/** Settings every query gets so results come back as plain JSON numbers. */
export const OUTPUT_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_64bit_floats: 0,
  output_format_json_quote_decimals: 0,
  date_time_output_format: 'simple',
};

export const DEFAULT_TIMEOUT_MS = 60_000;
export const ADMIN_COMMAND_TIMEOUT_MS = 30 * 60_000;
/** Byte cap of one query result's row text, unless the caller asks for less. */
export const DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024;
/** Byte cap of a stream and of admin reads. */
export const DEFAULT_MAX_STREAM_BYTES = 256 * 1024 * 1024;
export const DEFAULT_READER_SLOTS = 3;
export const DEFAULT_TENANT_CONCURRENCY = 2;
const EXPLAIN_TIMEOUT_MS = 30_000;
const NO_ROW_CAP = Number.MAX_SAFE_INTEGER;

/** Opens the warehouse. Embedded mode fails with DATA_DIR_LOCKED when another process holds the directory. */
export function createWarehouse(config: WarehouseConfig): Warehouse {
  if (config.kind === 'embedded') return createEmbedded(config);
  return createServerWarehouse(config);
}

function checkDataDir(dataDir: string, chPath: string): void {
  const unusable = (why: string, cause?: unknown) =>
    new DatalabsError('CONFIG_INVALID', `DATALABS_DATA_DIR: ${dataDir} ${why}; point DATALABS_DATA_DIR at a writable directory`, { cause });
  try {
    const st = fs.statSync(dataDir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) throw unusable('is not a directory');
    fs.mkdirSync(chPath, { recursive: true });
    if (!fs.statSync(chPath).isDirectory()) throw unusable(`has a file where the directory ${path.basename(chPath)} should be`);
    fs.accessSync(chPath, fs.constants.W_OK | fs.constants.R_OK | fs.constants.X_OK);
  } catch (err) {
    if (isDatalabsError(err)) throw err;
    const code = (err as NodeJS.ErrnoException)?.code;
    throw unusable(code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'is not writable' : code === 'ENOTDIR' || code === 'EEXIST' ? 'is not a directory' : `cannot be used (${code ?? 'error'})`, err);
  }
}

function createEmbedded(config: Extract<WarehouseConfig, { kind: 'embedded' }>): Warehouse {
  const dataDir = path.resolve(config.dataDir);
  const chPath = path.join(dataDir, 'clickhouse');
  checkDataDir(dataDir, chPath);
  // ClickHouse's own lock file first: the user should see one clear line.
  const holder = lockHolderPid(chPath);
  if (holder !== undefined && holder !== process.pid && isLiveDatalabsOrNode(holder) && !isOurEngine(holder)) throw lockedError(chPath, holder);
  const slots = Math.max(1, config.readerSlots ?? DEFAULT_READER_SLOTS);
  const supervisor = new EngineSupervisor({
    chPath,
    runDir: path.join(dataDir, 'clickhouse-run'),
    killGraceMs: config.killGraceMs,
    adminSettings: { ...OUTPUT_SETTINGS },
    startError: (info) => {
      const text = `${info.message ?? ''} ${info.stderr}`;
      const pid = lockHolderPid(chPath);
      const lockFailure = info.clickhouseCode === 76 || /Code: 76|Cannot lock file/.test(text);
      // A lock failure is "in use" only when a live process holds the status file.
      if (lockFailure && pid !== undefined && isLiveDatalabsOrNode(pid)) return lockedError(chPath, pid, new Error(text));
      if (lockFailure) {
        return new DatalabsError('WAREHOUSE_UNAVAILABLE', `the embedded ClickHouse engine could not lock ${path.join(chPath, 'status')} (ClickHouse error 76)`, {
          cause: new Error(text.trim()),
          clickhouseCode: 76,
        });
      }
      return new DatalabsError(
        'WAREHOUSE_UNAVAILABLE',
        info.exit
          ? `the embedded ClickHouse engine for ${chPath} stopped at start (${info.exit})`
          : `the embedded ClickHouse engine could not open ${chPath}${info.clickhouseCode ? ` (ClickHouse error ${info.clickhouseCode})` : ''}`,
        { cause: new Error(text.trim()), clickhouseCode: info.clickhouseCode },
      );
    },
  });
  // Start now so the first question does not wait for the engine; errors surface on first use.
  supervisor.start().catch(() => undefined);
  const scheduler = createScheduler(slots, config.tenantConcurrency ?? DEFAULT_TENANT_CONCURRENCY);
  const freeSlots = Array.from({ length: slots }, (_, i) => String(slots - 1 - i));
  const light = new PQueue({ concurrency: 1 });
  const adminQueue = new PQueue({ concurrency: 1 });

  const readProfile = (opts: QueryOptions): Record<string, string | number> => {
    const { readonly: _ignored, ...rest } = opts.settings ?? {};
    const profile: Record<string, string | number> = { ...rest, ...OUTPUT_SETTINGS };
    if (profile.max_result_bytes === undefined) profile.max_result_bytes = DEFAULT_MAX_RESULT_BYTES;
    if (profile.result_overflow_mode === undefined) profile.result_overflow_mode = 'break';
    return profile;
  };

  const reader: WarehouseReader = {
    query(sql, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const deadline = Date.now() + timeoutMs;
      return whileQueued(timeoutMs, opts.signal, (expired) =>
        scheduler.run(opts.tenant, async (slotWork) => {
          if (expired()) throw timeoutError(timeoutMs);
          const r = await runBuffered(
            supervisor,
            Math.max(1, deadline - Date.now()),
            opts.signal,
            slotWork,
            () => ({
              target: 'reader',
              slot: takeSlot(freeSlots),
              op: 'query',
              sql,
              profile: readProfile(opts),
              params: opts.params,
              maxRows: opts.maxRows ?? NO_ROW_CAP,
              maxBytes: opts.maxBytes ?? DEFAULT_MAX_RESULT_BYTES,
            }),
            freeSlots,
            timeoutMs,
          );
          return toResult(r, opts);
        }),
      );
    },
    stream(sql, opts = {}) {
      return streamRows(supervisor, scheduler, freeSlots, sql, opts, readProfile(opts));
    },
    async explainAst(sql) {
      const r = await light.add(() =>
        runBuffered(supervisor, EXPLAIN_TIMEOUT_MS, undefined, undefined, () => ({
          target: 'reader',
          slot: 'x',
          op: 'explain',
          sql,
          profile: { ...OUTPUT_SETTINGS },
          maxRows: NO_ROW_CAP,
          maxBytes: 4 * 1024 * 1024,
        })),
      );
      return r!.text ?? '';
    },
  };

  const admin: WarehouseAdmin = {
    async command(sql, opts = {}) {
      await adminQueue.add(() =>
        runBuffered(supervisor, opts.timeoutMs ?? ADMIN_COMMAND_TIMEOUT_MS, undefined, undefined, () => ({
          target: 'admin',
          op: 'command',
          sql,
          settings: opts.settings,
          maxRows: 0,
          maxBytes: 0,
        })),
      );
    },
    async query(sql, opts = {}) {
      const r = await adminQueue.add(() =>
        runBuffered(supervisor, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, opts.signal, undefined, () => ({
          target: 'admin',
          op: 'query',
          sql,
          settings: opts.settings,
          params: opts.params,
          maxRows: opts.maxRows ?? NO_ROW_CAP,
          maxBytes: opts.maxBytes ?? DEFAULT_MAX_STREAM_BYTES,
        })),
      );
      return toResult(r!, opts);
    },
  };

  let closed = false;
  return {
    kind: 'embedded',
    description: chPath,
    reader,
    admin,
    async ping() {
      await light.add(() =>
        runBuffered(supervisor, 10_000, undefined, undefined, () => ({
          target: 'reader',
          slot: 'x',
          op: 'query',
          sql: 'SELECT 1',
          profile: { ...OUTPUT_SETTINGS },
          maxRows: 1,
          maxBytes: 1024,
        })),
      );
    },
    async close() {
      if (closed) return;
      closed = true;
      await supervisor.close();
    },
    engine: supervisor,
  } as Warehouse;
}

function takeSlot(free: string[]): string {
  const s = free.pop();
  if (s === undefined) throw new DatalabsError('INTERNAL', 'no free reader slot');
  return s;
}

type ResultReply = Extract<EngineReply, { t: 'result' }>;

/**
 * One request to the engine with a deadline. Resolves with the result reply;
 * the returned promise settles at the deadline even when the engine does not.
 * `slotWork`, when given, is resolved when the engine no longer runs the request
 * (so the scheduler keeps the slot busy until then), and the slot is returned.
 */
function runBuffered(
  supervisor: EngineSupervisor,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  slotWork: SlotWork | undefined,
  build: () => EngineRequest,
  freeSlots?: string[],
  shownTimeoutMs = timeoutMs,
): Promise<ResultReply> {
  return new Promise<ResultReply>((resolve, reject) => {
    let settled = false;
    // Assigned once below, but read by giveUp() which can run before that line (an aborted signal).
    // eslint-disable-next-line prefer-const
    let handle: EngineHandle | undefined;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const giveUp = (err: DatalabsError) => settle(() => {
      handle?.abandon();
      reject(err);
    });
    const timer = setTimeout(() => giveUp(timeoutError(shownTimeoutMs)), timeoutMs);
    const onAbort = () => giveUp(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const req = build();
    handle = supervisor.submit(req, {
      onReply(msg) {
        if (msg.t === 'result') settle(() => resolve(msg));
        else if (msg.t === 'error') settle(() => reject(translateQueryError(msg, msg)));
      },
      onLost(err) {
        settle(() => reject(err));
      },
    });
    const release = handle.done.then(() => {
      if (req.slot !== undefined && req.slot !== 'x' && freeSlots) freeSlots.push(req.slot);
    });
    slotWork?.(release);
  });
}

/**
 * The deadline and the caller's signal also hold while a read waits for a
 * tenant place or a slot: the caller is answered at the deadline, and the job
 * is skipped when its turn comes.
 */
function whileQueued<T>(timeoutMs: number, signal: AbortSignal | undefined, run: (expired: () => boolean) => Promise<T>): Promise<T> {
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expired = true;
      reject(timeoutError(timeoutMs));
    }, timeoutMs);
    onAbort = () => {
      expired = true;
      reject(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  stop.catch(() => undefined);
  return Promise.race([run(() => expired), stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

function timeoutError(timeoutMs: number): DatalabsError {
  return new DatalabsError('WAREHOUSE_TIMEOUT', `query took longer than ${timeoutMs} ms and was cancelled`);
}

function toResult(r: ResultReply, opts: QueryOptions): QueryResult {
  const rows = r.rows ?? [];
  const limit = opts.settings?.max_result_rows !== undefined ? Number(opts.settings.max_result_rows) : Infinity;
  return {
    columns: r.columns ?? [],
    rows,
    truncated: Boolean(r.truncated) || rows.length >= limit,
    stats: toStats(r.stats),
  };
}

function toStats(s?: { elapsed: number; rowsRead: number; bytesRead: number }): QueryStats {
  return { rowsRead: s?.rowsRead ?? 0, bytesRead: s?.bytesRead ?? 0, elapsedMs: Math.round((s?.elapsed ?? 0) * 1000 * 100) / 100 };
}

interface RowStream extends AsyncIterable<unknown[]> {
  columns: Promise<Column[]>;
}

/** Streams rows chunk by chunk: the engine sends the next chunk only when this side asked for it. */
function streamRows(
  supervisor: EngineSupervisor,
  scheduler: Scheduler,
  freeSlots: string[],
  sql: string,
  opts: QueryOptions,
  profile: Record<string, string | number>,
): RowStream {
  const { resolve: resolveCols, reject: rejectCols, promise: columns } = pendingColumns();
  const iterate = async function* (): AsyncGenerator<unknown[]> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const chunks: unknown[][][] = [];
    let ended = false;
    let failure: DatalabsError | undefined;
    let wake: (() => void) | undefined;
    let handle: EngineHandle | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const fail = (err: DatalabsError) => {
      if (ended || failure) return;
      failure = err;
      rejectCols(err);
      handle?.abandon();
      poke();
    };
    const timer = setTimeout(() => fail(timeoutError(timeoutMs)), timeoutMs);
    const onAbort = () => fail(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let started!: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    // The slot stays taken for the stream's life; the scheduler learns when it is free.
    void scheduler
      .run(opts.tenant, async (slotWork) => {
        if (failure) return;
        const req: EngineRequest = {
          target: 'reader',
          slot: takeSlot(freeSlots),
          op: 'stream',
          sql,
          profile,
          params: opts.params,
          maxRows: opts.maxRows ?? NO_ROW_CAP,
          maxBytes: opts.maxBytes ?? DEFAULT_MAX_STREAM_BYTES,
        };
        handle = supervisor.submit(req, {
          onReply(msg) {
            if (msg.t === 'chunk') {
              if (msg.columns) resolveCols(msg.columns);
              chunks.push(msg.rows);
            } else if (msg.t === 'end') {
              ended = true;
              resolveCols([]);
            } else if (msg.t === 'error') fail(translateQueryError(msg, msg));
            poke();
          },
          onLost: fail,
        });
        started();
        slotWork(handle.done.then(() => void freeSlots.push(req.slot!)));
      })
      .catch((err) => fail(isDatalabsError(err) ? err : translateQueryError(err)));
    try {
      await Promise.race([startedP, new Promise<void>((r) => (wake = r))]);
      for (;;) {
        if (failure) throw failure;
        const rows = chunks.shift();
        if (rows) {
          if (handle) handle.retriable = false;
          for (const row of rows) yield row;
          if (chunks.length === 0 && !ended) handle?.more();
          continue;
        }
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
      }
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!ended) {
        // Stopped early (break, error, deadline): let the engine cancel the stream.
        failure ??= new DatalabsError('QUERY_CANCELLED', 'stopped reading');
        rejectCols(failure);
        handle?.abandon();
      }
    }
  };
  return { [Symbol.asyncIterator]: () => iterate(), columns };
}

function lockedError(chPath: string, pid: number | undefined, cause?: unknown): DatalabsError {
  return new DatalabsError(
    'DATA_DIR_LOCKED',
    `the embedded ClickHouse data in ${chPath} is in use by ${describeHolder(pid)}; stop it first, point DATALABS_DATA_DIR elsewhere, or set CLICKHOUSE_URL to a ClickHouse server`,
    { cause, clickhouseCode: 76 },
  );
}

/** A live process that could hold a chDB lock (guards against PID reuse by unrelated programs). */
function isLiveDatalabsOrNode(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /node|datalabs|clickhouse|bun|deno/.test(cmd);
  } catch {
    return process.platform !== 'linux';
  }
}

/** An engine host started by this very process (e.g. a previous warehouse object not closed yet). */
function isOurEngine(pid: number): boolean {
  return engineParent(pid) === process.pid;
}

/** The parent PID of an engine-host process, or undefined when `pid` is not one. */
function engineParent(pid: number): number | undefined {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmd.includes('engine-host')) return undefined;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

function lockHolderPid(chPath: string): number | undefined {
  try {
    const pid = Number(/PID: (\d+)/.exec(fs.readFileSync(path.join(chPath, 'status'), 'utf8'))?.[1]);
    if (!pid) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** "process 1234 (datalabs serve)" from /proc; an engine host is described by the process that started it. */
function describeHolder(pid: number | undefined): string {
  if (!pid) return 'another process';
  const parent = engineParent(pid);
  const shown = parent ?? pid;
  let cmd = '';
  try {
    cmd = fs.readFileSync(`/proc/${shown}/cmdline`, 'utf8').split('\0').filter(Boolean).map((a) => path.basename(a)).join(' ');
  } catch {
    /* not on Linux, or already gone */
  }
  const dl = /datalabs(?:\.js)? (\w+)/.exec(cmd);
  const what = dl ? `datalabs ${dl[1]}` : cmd ? cmd.slice(0, 60) : '';
  return `process ${shown}${what ? ` (${what})` : ''}${parent ? ` through its engine process ${pid}` : ''}`;
}
