/**
 * A Warehouse whose reads are measured: wall time and rows read of every
 * `reader.query` (the answerer's, the guard's metadata reads, alerts' series),
 * and wall time of every `reader.stream` once it is drained or fails (a stream
 * reports no rows-read figure, so none is recorded for it). The
 * admin path (seed, migrations, DDL) is not user traffic and is left as is.
 */
import type { Logger } from '../../contracts/logger.ts';
import type { Metrics } from '../../contracts/metrics.ts';
import type { Warehouse, WarehouseReader } from '../../contracts/warehouse.ts';

/** `logger`: a debug line per read (time, rows read; with the request id of the message it serves). */
export function instrumentWarehouse(warehouse: Warehouse, metrics: Metrics, logger?: Logger): Warehouse {
  const inner = warehouse.reader;
  const reader: WarehouseReader = {
    async query(sql, opts) {
      const started = performance.now();
      try {
        const result = await inner.query(sql, opts);
        const durationMs = performance.now() - started;
        metrics.observeWarehouseQuery({ outcome: 'ok', durationMs, rowsRead: result.stats?.rowsRead ?? 0 });
        logger?.debug({ durationMs: Math.round(durationMs), rowsRead: result.stats?.rowsRead, rows: result.rows.length }, 'clickhouse query');
        return result;
      } catch (err) {
        const durationMs = performance.now() - started;
        metrics.observeWarehouseQuery({ outcome: 'error', durationMs });
        logger?.debug({ durationMs: Math.round(durationMs), error: String((err as Error)?.message ?? err).split('\n')[0].slice(0, 200) }, 'clickhouse query failed');
        throw err;
      }
    },
    stream(sql, opts) {
      const started = performance.now();
      const source = inner.stream(sql, opts);
      async function* measured(): AsyncGenerator<unknown[]> {
        try {
          for await (const row of source) yield row;
          metrics.observeWarehouseQuery({ outcome: 'ok', durationMs: performance.now() - started });
        } catch (err) {
          metrics.observeWarehouseQuery({ outcome: 'error', durationMs: performance.now() - started });
          throw err;
        }
      }
      return Object.assign(measured(), { columns: source.columns });
    },
    explainAst: (sql) => inner.explainAst(sql),
  };
  return {
    get kind() {
      return warehouse.kind;
    },
    get description() {
      return warehouse.description;
    },
    reader,
    admin: warehouse.admin,
    ping: () => warehouse.ping(),
    close: () => warehouse.close(),
  };
}
