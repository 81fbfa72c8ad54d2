/**
 * A Warehouse whose reads are measured: wall time and rows read of every
 * `reader.query` (the answerer's, the guard's metadata reads, alerts' series),
 * and wall time of every `reader.stream` once it is drained or fails (a stream
 * reports no rows-read figure, so none is recorded for it). The
 * admin path (seed, migrations, DDL) is not user traffic and is left as is.
 */
import type { Metrics } from '../../contracts/metrics.ts';
import type { Warehouse, WarehouseReader } from '../../contracts/warehouse.ts';

export function instrumentWarehouse(warehouse: Warehouse, metrics: Metrics): Warehouse {
  const inner = warehouse.reader;
  const reader: WarehouseReader = {
    async query(sql, opts) {
      const started = performance.now();
      try {
        const result = await inner.query(sql, opts);
        metrics.observeWarehouseQuery({ outcome: 'ok', durationMs: performance.now() - started, rowsRead: result.stats?.rowsRead ?? 0 });
        return result;
      } catch (err) {
        metrics.observeWarehouseQuery({ outcome: 'error', durationMs: performance.now() - started });
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
