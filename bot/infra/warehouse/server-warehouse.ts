/**
 * Server mode: @clickhouse/client over HTTP to a ClickHouse server. The
 * client's own logging is off; results are streamed and cut at the row and
 * byte caps; a query past its deadline is aborted and `KILL QUERY` is sent
 * through the admin client (best effort). Errors carry fixed sentences.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ClickHouseClient } from '@clickhouse/client';
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';
import type { Column, QueryOptions, QueryResult, Warehouse, WarehouseAdmin, WarehouseReader } from '../../contracts/warehouse.ts';
import { translateQueryError } from './query-errors.ts';
import { createScheduler } from './scheduler.ts';
import { pendingColumns } from './pending-columns.ts';

const OUTPUT_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  output_format_json_quote_64bit_floats: 0,
  output_format_json_quote_decimals: 0,
  date_time_output_format: 'simple',
} as const;
const DEFAULT_TIMEOUT_MS = 60_000;
const ADMIN_COMMAND_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_MAX_RESULT_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_STREAM_BYTES = 256 * 1024 * 1024;
const CONNECT_ERRORS = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up|Timeout error/i;

export interface ServerConfig {
  url: string;
  user?: string;
  password?: string;
  database?: string;
  readerSlots?: number;
  tenantConcurrency?: number;
}

export function createServerWarehouse(config: ServerConfig): Warehouse {
  const shown = new URL(config.url);
  shown.username = '';
  shown.password = '';
  const origin = `${shown.protocol}//${shown.host}`;
  // Credentials in the URL win (as before), but are passed as fields: the client
  // otherwise warns about the override on the console.
  const bare = new URL(config.url);
  const urlUser = bare.username ? decodeURIComponent(bare.username) : undefined;
  const urlPassword = bare.password ? decodeURIComponent(bare.password) : undefined;
  const urlDatabase = bare.pathname.length > 1 ? decodeURIComponent(bare.pathname.slice(1)) : undefined;
  bare.username = '';
  bare.password = '';
  bare.pathname = '/';
  // The client (a CommonJS package) is required here, not imported at the top: an embedded-mode process never loads it.
  const { ClickHouseLogLevel, createClient } = createRequire(import.meta.url)('@clickhouse/client') as typeof import('@clickhouse/client');
  const opts = {
    url: bare.toString(),
    username: urlUser ?? config.user ?? 'default',
    password: urlPassword ?? config.password ?? '',
    database: urlDatabase ?? config.database ?? 'default',
    request_timeout: ADMIN_COMMAND_TIMEOUT_MS,
    application: 'datalabs',
    log: { level: ClickHouseLogLevel.OFF },
  };
  const readClient = createClient(opts);
  const adminClient = createClient(opts);
  const scheduler = createScheduler(Math.max(1, config.readerSlots ?? 8), config.tenantConcurrency ?? 2);

  const translate = (reason: unknown, err: unknown): DatalabsError => {
    if (isDatalabsError(reason)) return reason;
    const e = err as { code?: unknown; message?: string; cause?: { code?: unknown } };
    const sys = [e?.code, e?.cause?.code].find((c) => typeof c === 'string' && /^E[A-Z]+$/.test(c)) as string | undefined;
    const text = String(e?.message ?? err);
    if (sys || (CONNECT_ERRORS.test(text) && !/Code: \d+/.test(text))) {
      const why = sys ?? CONNECT_ERRORS.exec(text)?.[0] ?? 'no connection';
      return new DatalabsError('WAREHOUSE_UNAVAILABLE', `ClickHouse at ${origin} is unreachable (${why})`, { cause: new Error(text) });
    }
    return translateQueryError(err, err);
  };

  /** Runs `run` with a deadline; past it the request is aborted and the query killed on the server. */
  const withDeadline = async <T>(run: (signal: AbortSignal, queryId: string) => Promise<T>, timeoutMs: number, outer?: AbortSignal): Promise<T> => {
    const controller = new AbortController();
    const queryId = randomUUID();
    const timer = setTimeout(() => {
      controller.abort(new DatalabsError('WAREHOUSE_TIMEOUT', `query took longer than ${timeoutMs} ms and was cancelled`));
      killQuery(queryId);
    }, timeoutMs);
    const onAbort = () => {
      controller.abort(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
      killQuery(queryId);
    };
    if (outer?.aborted) onAbort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([
        run(controller.signal, queryId),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })),
      ]);
    } catch (err) {
      throw translate(controller.signal.aborted ? controller.signal.reason : err, err);
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  };

  const killQuery = (queryId: string) => {
    adminClient
      .command({ query: 'KILL QUERY WHERE query_id = {id:String} ASYNC', query_params: { id: queryId }, abort_signal: AbortSignal.timeout(10_000) })
      .catch(() => undefined);
  };

  const settingsFor = (o: QueryOptions) => {
    const s: Record<string, unknown> = { ...o.settings, ...OUTPUT_SETTINGS };
    if (s.max_result_bytes === undefined) s.max_result_bytes = o.maxBytes ?? DEFAULT_MAX_RESULT_BYTES;
    if (s.result_overflow_mode === undefined) s.result_overflow_mode = 'break';
    return s as any;
  };

  /** Streams rows, stops at the caps; ClickHouse's summary header gives the statistics. */
  const runQuery = (client: ClickHouseClient, sql: string, o: QueryOptions = {}, defaultBytes = DEFAULT_MAX_RESULT_BYTES): Promise<QueryResult> =>
    withDeadline(
      async (signal, queryId) => {
        const rs = await client.query({
          query: sql,
          format: 'JSONCompactEachRowWithNamesAndTypes',
          clickhouse_settings: settingsFor(o),
          query_params: o.params,
          abort_signal: signal,
          query_id: queryId,
        });
        const maxRows = o.maxRows ?? Infinity;
        const maxBytes = o.maxBytes ?? defaultBytes;
        let names: string[] | undefined;
        let columns: Column[] | undefined;
        const rows: unknown[][] = [];
        let bytes = 0;
        let truncated = false;
        const stream = rs.stream();
        outer: for await (const batch of stream) {
          for (const row of batch as any[]) {
            if (!names) {
              names = row.json();
              continue;
            }
            if (!columns) {
              const types = row.json() as string[];
              columns = names.map((name, i) => ({ name, type: types[i] }));
              continue;
            }
            bytes += row.text.length + 1;
            if (rows.length >= maxRows || bytes > maxBytes) {
              truncated = true;
              break outer;
            }
            rows.push(row.json());
          }
        }
        if (truncated) {
          stream.destroy();
          killQuery(queryId);
        }
        const limit = o.settings?.max_result_rows !== undefined ? Number(o.settings.max_result_rows) : Infinity;
        const summary = parseSummary(rs.response_headers['x-clickhouse-summary']);
        return { columns: columns ?? [], rows, truncated: truncated || rows.length >= limit, stats: summary };
      },
      o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      o.signal,
    );

  const reader: WarehouseReader = {
    query: (sql, o = {}) => scheduler.run(o.tenant, () => runQuery(readClient, sql, o)),
    stream(sql, o = {}) {
      const { resolve: resolveCols, reject: rejectCols, promise: columns } = pendingColumns();
      const iterate = async function* (): AsyncGenerator<unknown[]> {
        const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        const controller = new AbortController();
        const queryId = randomUUID();
        const stop = (reason: DatalabsError) => {
          if (controller.signal.aborted) return;
          controller.abort(reason);
          killQuery(queryId);
        };
        const timer = setTimeout(() => stop(new DatalabsError('WAREHOUSE_TIMEOUT', `query took longer than ${timeoutMs} ms and was cancelled`)), timeoutMs);
        const onAbort = () => stop(new DatalabsError('QUERY_CANCELLED', 'query cancelled'));
        if (o.signal?.aborted) onAbort();
        else o.signal?.addEventListener('abort', onAbort, { once: true });
        const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }));
        aborted.catch(() => undefined);
        // The stream holds a tenant place and a slot for its whole life.
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let started!: () => void;
        const startedP = new Promise<void>((r) => (started = r));
        scheduler
          .run(o.tenant, async (slotWork) => {
            started();
            slotWork(released);
          })
          .catch(() => undefined);
        let finished = false;
        try {
          await Promise.race([startedP, aborted]);
          const rs = await Promise.race([
            readClient.query({
              query: sql,
              format: 'JSONCompactEachRowWithNamesAndTypes',
              clickhouse_settings: settingsFor({ ...o, maxBytes: o.maxBytes ?? DEFAULT_MAX_STREAM_BYTES }),
              query_params: o.params,
              abort_signal: controller.signal,
              query_id: queryId,
            }),
            aborted,
          ]);
          const maxRows = o.maxRows ?? Infinity;
          const maxBytes = o.maxBytes ?? DEFAULT_MAX_STREAM_BYTES;
          let names: string[] | undefined;
          let types: string[] | undefined;
          let count = 0;
          let bytes = 0;
          for await (const batch of rs.stream()) {
            for (const row of batch as any[]) {
              if (!names) names = row.json();
              else if (!types) {
                types = row.json() as string[];
                resolveCols(names.map((name, i) => ({ name, type: types![i] })));
              } else {
                bytes += row.text.length + 1;
                if (count >= maxRows || bytes > maxBytes) {
                  // Cut: stop reading; the server query is killed below.
                  return;
                }
                count++;
                yield row.json() as unknown[];
              }
            }
          }
          finished = true;
          resolveCols([]);
        } catch (err) {
          const e = translate(controller.signal.aborted ? controller.signal.reason : err, err);
          rejectCols(e);
          throw e;
        } finally {
          clearTimeout(timer);
          o.signal?.removeEventListener('abort', onAbort);
          if (!finished) {
            rejectCols(new DatalabsError('QUERY_CANCELLED', 'stopped reading'));
            stop(new DatalabsError('QUERY_CANCELLED', 'stopped reading'));
          }
          release();
        }
      };
      return { [Symbol.asyncIterator]: () => iterate(), columns };
    },
    explainAst: (sql) =>
      withDeadline(async (signal, queryId) => {
        const rs = await readClient.query({ query: `EXPLAIN AST ${sql}`, format: 'TabSeparatedRaw', abort_signal: signal, query_id: queryId });
        return rs.text();
      }, 30_000),
  };
  const admin: WarehouseAdmin = {
    async command(sql, o = {}) {
      await withDeadline(
        (signal, queryId) => adminClient.command({ query: sql, clickhouse_settings: o.settings as any, abort_signal: signal, query_id: queryId }),
        o.timeoutMs ?? ADMIN_COMMAND_TIMEOUT_MS,
      );
    },
    query: (sql, o) => runQuery(adminClient, sql, o, DEFAULT_MAX_STREAM_BYTES),
  };
  let closed = false;
  return {
    kind: 'server',
    description: shown.toString(),
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

function parseSummary(header: unknown): { rowsRead: number; bytesRead: number; elapsedMs: number } {
  try {
    const s = JSON.parse(String(Array.isArray(header) ? header[0] : header ?? '{}')) as Record<string, string>;
    return { rowsRead: Number(s.read_rows ?? 0), bytesRead: Number(s.read_bytes ?? 0), elapsedMs: Math.round(Number(s.elapsed_ns ?? 0) / 1e4) / 100 };
  } catch {
    return { rowsRead: 0, bytesRead: 0, elapsedMs: 0 };
  }
}
