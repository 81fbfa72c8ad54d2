/**
 * The one way the rest of the code reaches ClickHouse: `@clickhouse/client`
 * over embedded chDB (`chdb/connection`) by default, or over HTTP to a server
 * when `url` is set. Reader and admin use separate connections because chDB
 * keeps per-query settings (readonly, limits) on a connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { DatalabsError, isDatalabsError } from '../types/errors.ts';
import type {
  ClickHouseSettings,
  Column,
  QueryOptions,
  QueryResult,
  Warehouse,
  WarehouseAdmin,
  WarehouseReader,
} from '../types/warehouse.ts';

const require = createRequire(import.meta.url);

export type WarehouseConfig =
  | { kind: 'embedded'; dataDir: string }
  | { kind: 'server'; url: string; user?: string; password?: string; database?: string };

/** Settings every query gets so results come back as plain JSON numbers. */
const OUTPUT_SETTINGS: ClickHouseSettings = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_64bit_floats: 0,
  output_format_json_quote_decimals: 0,
  date_time_output_format: 'simple',
};

const DEFAULT_TIMEOUT_MS = 60_000;

/** Opens the warehouse. Embedded mode fails with DATA_DIR_LOCKED when another process holds the directory. */
export function createWarehouse(config: WarehouseConfig): Warehouse {
  if (config.kind === 'embedded') return createEmbedded(config.dataDir);
  return createServer(config);
}

function createEmbedded(dataDir: string): Warehouse {
  const chPath = path.resolve(dataDir, 'clickhouse');
  fs.mkdirSync(chPath, { recursive: true });
  const { createChdbConnection } = require('chdb/connection') as typeof import('chdb/connection');
  // Check ClickHouse's own lock file first: chDB prints its lock error to
  // stderr before throwing, and the user should see one clear line instead.
  const holder = lockHolderPid(chPath);
  if (holder !== undefined && holder !== process.pid && isLiveDatalabsOrNode(holder)) throw lockedError(chPath, holder);
  const open = (): ClickHouseClient => {
    try {
      return createClient({ connection: createChdbConnection({ path: chPath }) } as any);
    } catch (err) {
      throw translateOpenError(err, chPath);
    }
  };
  const readClient = open();
  const adminClient = open();
  return assemble('embedded', chPath, readClient, adminClient, flushAfterError);
}

function createServer(config: { url: string; user?: string; password?: string; database?: string }): Warehouse {
  const opts = {
    url: config.url,
    username: config.user ?? 'default',
    password: config.password ?? '',
    database: config.database ?? 'default',
    request_timeout: DEFAULT_TIMEOUT_MS,
    application: 'datalabs',
  };
  const readClient = createClient(opts);
  const adminClient = createClient(opts);
  const shown = new URL(config.url);
  shown.username = '';
  shown.password = '';
  return assemble('server', shown.toString(), readClient, adminClient);
}

/**
 * chDB 3.4 prepends a failed query's partial output to the next result on the
 * same connection. A throwaway query after every failure drains it.
 */
async function flushAfterError(client: ClickHouseClient): Promise<void> {
  for (let i = 0; i < 3; i++) {
    try {
      const rs = await client.query({ query: 'SELECT 1 AS drained', format: 'JSONCompact' });
      const body = (await rs.json()) as { data?: unknown[][] };
      if (body?.data?.[0]?.[0] === 1) return;
    } catch {
      /* leftover output made this one unparsable: try again */
    }
  }
}

type Recover = (client: ClickHouseClient) => Promise<void>;

function assemble(kind: Warehouse['kind'], description: string, readClient: ClickHouseClient, adminClient: ClickHouseClient, recover?: Recover): Warehouse {
  const guarded = <T>(client: ClickHouseClient, run: () => Promise<T>): Promise<T> =>
    recover
      ? run().catch(async (err) => {
          await recover(client);
          throw err;
        })
      : run();
  const reader: WarehouseReader = {
    query: (sql, opts) => guarded(readClient, () => runQuery(readClient, sql, opts)),
    stream: (sql, opts) => streamRows(readClient, sql, opts, recover),
    explainAst: (sql) =>
      guarded(readClient, async () => {
        const rs = await withDeadline(
          (signal) => readClient.query({ query: `EXPLAIN AST ${sql}`, format: 'TabSeparatedRaw', abort_signal: signal }),
          DEFAULT_TIMEOUT_MS,
        );
        return rs.text();
      }),
  };
  const admin: WarehouseAdmin = {
    async command(sql, opts = {}) {
      await guarded(adminClient, () =>
        withDeadline(
          (signal) => adminClient.command({ query: sql, clickhouse_settings: opts.settings as any, abort_signal: signal }),
          opts.timeoutMs ?? 30 * 60_000,
        ),
      );
    },
    query: (sql, opts) => guarded(adminClient, () => runQuery(adminClient, sql, opts)),
  };
  let closed = false;
  return {
    kind,
    description,
    reader,
    admin,
    async ping() {
      await runQuery(readClient, 'SELECT 1', { timeoutMs: 10_000 });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled([readClient.close(), adminClient.close()]);
    },
  };
}

async function runQuery(client: ClickHouseClient, sql: string, opts: QueryOptions = {}): Promise<QueryResult> {
  // JSONCompact carries ClickHouse's own statistics (rows read, elapsed).
  // result_overflow_mode=break cuts only at block boundaries, so the row cap
  // is applied here as well.
  const rs = await withDeadline(
    (signal) =>
      client.query({
        query: sql,
        format: 'JSONCompact',
        clickhouse_settings: { ...(opts.settings as any), ...OUTPUT_SETTINGS },
        query_params: opts.params,
        abort_signal: signal,
      }),
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    opts.signal,
  );
  const body = (await rs.json()) as {
    meta: Column[];
    data: unknown[][];
    rows: number;
    rows_before_limit_at_least?: number;
    statistics?: { elapsed: number; rows_read: number; bytes_read: number };
  };
  const maxRows = opts.maxRows ?? Infinity;
  const limit = opts.settings?.max_result_rows !== undefined ? Number(opts.settings.max_result_rows) : Infinity;
  const truncated = body.data.length > maxRows || body.data.length >= limit;
  return {
    columns: body.meta.map((m) => ({ name: m.name, type: m.type })),
    rows: body.data.length > maxRows ? body.data.slice(0, maxRows) : body.data,
    truncated,
    stats: toStats(body.statistics),
  };
}

function toStats(s?: { elapsed: number; rows_read: number; bytes_read: number }) {
  return { rowsRead: s?.rows_read ?? 0, bytesRead: s?.bytes_read ?? 0, elapsedMs: Math.round((s?.elapsed ?? 0) * 1000 * 100) / 100 };
}

interface RowStream extends AsyncIterable<unknown[]> {
  columns: Promise<Column[]>;
}

/**
 * Streams `JSONCompactEachRowWithNamesAndTypes`: the first two rows are the
 * names and types, then one array per row. Stopping early cancels the query.
 */
function streamRows(client: ClickHouseClient, sql: string, opts: QueryOptions = {}, recover?: Recover): RowStream {
  let resolveCols!: (c: Column[]) => void;
  let rejectCols!: (e: unknown) => void;
  const columns = new Promise<Column[]>((res, rej) => {
    resolveCols = res;
    rejectCols = rej;
  });
  columns.catch(() => undefined);
  const iterate = async function* (): AsyncGenerator<unknown[]> {
    const controller = new AbortController();
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const timer = setTimeout(() => controller.abort(new DatalabsError('WAREHOUSE_TIMEOUT', `query took longer than ${timeoutMs} ms and was cancelled`)), timeoutMs);
    const onAbort = () => controller.abort(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let names: string[] | undefined;
    let types: string[] | undefined;
    let finished = false;
    try {
      const rs = await client.query({
        query: sql,
        format: 'JSONCompactEachRowWithNamesAndTypes',
        clickhouse_settings: { ...(opts.settings as any), ...OUTPUT_SETTINGS },
        query_params: opts.params,
        abort_signal: controller.signal,
      });
      for await (const batch of rs.stream()) {
        for (const row of batch as any[]) {
          const values = row.json() as unknown[];
          if (!names) names = values as string[];
          else if (!types) {
            types = values as string[];
            resolveCols(names.map((name, i) => ({ name, type: types![i] })));
          } else yield values;
        }
      }
      finished = true;
      if (!types) resolveCols([]);
    } catch (err) {
      const e = translateQueryError(controller.signal.reason ?? err, err);
      rejectCols(e);
      throw e;
    } finally {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (!finished) {
        controller.abort(new DatalabsError('QUERY_CANCELLED', 'stopped reading'));
        await recover?.(client);
      }
    }
  };
  return { [Symbol.asyncIterator]: () => iterate(), columns };
}

async function withDeadline<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DatalabsError('WAREHOUSE_TIMEOUT', `query took longer than ${timeoutMs} ms and was cancelled`)), timeoutMs);
  const onAbort = () => controller.abort(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
  outer?.addEventListener('abort', onAbort, { once: true });
  try {
    return await run(controller.signal);
  } catch (err) {
    throw translateQueryError(controller.signal.aborted ? controller.signal.reason : err, err);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** ClickHouse error → DatalabsError carrying ClickHouse's numeric code. */
export function translateQueryError(reason: unknown, original: unknown = reason): DatalabsError {
  if (isDatalabsError(reason)) return reason;
  const err = original as { code?: string | number; type?: string; message?: string; clickhouseCode?: number };
  const message = String(err?.message ?? original);
  const chCode = Number(err?.clickhouseCode ?? (typeof err?.code === 'string' && /^\d+$/.test(err.code) ? err.code : NaN)) || codeFromMessage(message);
  if (chCode === 159 || /TIMEOUT_EXCEEDED/.test(message)) {
    return new DatalabsError('WAREHOUSE_TIMEOUT', `ClickHouse stopped the query: ${firstLine(message)}`, { cause: original, clickhouseCode: chCode });
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|socket hang up/i.test(message)) {
    return new DatalabsError('WAREHOUSE_UNAVAILABLE', `ClickHouse is unreachable: ${firstLine(message)}`, { cause: original });
  }
  const text = chCode ? `ClickHouse error ${chCode}${err?.type ? ` (${err.type})` : ''}: ${firstLine(message)}` : `ClickHouse error: ${firstLine(message)}`;
  return new DatalabsError('WAREHOUSE_ERROR', text, { cause: original, clickhouseCode: chCode || undefined });
}

function codeFromMessage(message: string): number {
  const m = /Code: (\d+)\./.exec(message);
  return m ? Number(m[1]) : 0;
}

function firstLine(message: string): string {
  return message.replace(/^Code: \d+\. DB::Exception: /, '').split('\n')[0].trim().slice(0, 300);
}

function translateOpenError(err: unknown, chPath: string): DatalabsError {
  const message = String((err as Error)?.message ?? err) + ' ' + String(((err as Error)?.cause as Error)?.message ?? '');
  // chDB prints "Code: 76 … Cannot lock file …/status" to stderr only, so the
  // status file's live PID is what tells a lock apart from other failures.
  const holderPid = lockHolderPid(chPath);
  if (/Code: 76|Cannot lock file/.test(message) || (holderPid !== undefined && holderPid !== process.pid)) return lockedError(chPath, holderPid, err);
  return new DatalabsError('WAREHOUSE_UNAVAILABLE', `cannot open embedded ClickHouse at ${chPath}: ${firstLine(message)}`, { cause: err });
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

/** "process 1234 (datalabs serve)" from /proc. */
function describeHolder(pid: number | undefined): string {
  if (!pid) return 'another process';
  let cmd = '';
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).map((a) => path.basename(a)).join(' ');
  } catch {
    /* not on Linux, or already gone */
  }
  const dl = /datalabs(?:\.js)? (\w+)/.exec(cmd);
  return `process ${pid}${dl ? ` (datalabs ${dl[1]})` : cmd ? ` (${cmd.slice(0, 60)})` : ''}`;
}
