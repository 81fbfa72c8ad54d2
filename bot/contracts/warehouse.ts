/**
 * The warehouse contract every layer uses to reach ClickHouse. One
 * implementation (bot/infra/warehouse) serves embedded chDB and a ClickHouse server
 * alike; agents/, renderers/ and alerts/ only see this interface.
 */

/**
 * A result column: name and ClickHouse type as the server reports it, plus, when
 * a semantic model describes it, how a person should see it (values stay exact).
 */
export interface Column {
  name: string;
  type: string;
  /** Display name from the semantic model ("Refund rate"); tables and axes show it instead of `name`. */
  displayName?: string;
  /**
   * How values are shown: percent (a fraction, shown ×100), currency (with `unit`), integer,
   * decimal(n), number, text, date, datetime. Absent: from the type.
   */
  format?: string;
  /** Unit of the values: a currency code (USD) for currency, else a unit such as ms. */
  unit?: string;
}

/** Per-query ClickHouse statistics, when the engine reports them. */
export interface QueryStats {
  rowsRead: number;
  bytesRead: number;
  /** Engine-side elapsed time. */
  elapsedMs: number;
}

export interface QueryResult {
  columns: Column[];
  /** Row-major values; 64-bit integers arrive as JS numbers. */
  rows: unknown[][];
  /** True when rows were cut at `maxRows` (or by ClickHouse's result limits). */
  truncated: boolean;
  stats: QueryStats;
}

export type ClickHouseSettings = Record<string, string | number>;

export interface QueryOptions {
  /** Settings sent with this query (all limits must be set on every query). */
  settings?: ClickHouseSettings;
  /** Stop reading after this many rows and mark the result truncated. */
  maxRows?: number;
  /**
   * Stop reading after this many bytes of row text and mark the result
   * truncated (the warehouse has a default cap as well).
   */
  maxBytes?: number;
  /**
   * Whose query this is (workspace id): at most a few of one tenant's reads run
   * at a time, so one tenant's heavy questions cannot take every reader slot.
   */
  tenant?: string;
  /**
   * Deadline from the call; the caller gets WAREHOUSE_TIMEOUT when it passes,
   * even when the engine cannot cancel the query (it is then killed).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Server-side parameters for `{name:Type}` placeholders. */
  params?: Record<string, unknown>;
}

/**
 * Read path: used for guarded, user- or model-written SQL and for metadata
 * reads. Runs on its own connection so that per-query settings such as
 * `readonly` never leak into admin work.
 */
export interface WarehouseReader {
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>;
  /** Streams rows (arrays) without buffering the whole result. */
  stream(sql: string, opts?: QueryOptions): AsyncIterable<unknown[]> & { columns: Promise<Column[]> };
  /** The text of `EXPLAIN AST <sql>`, one AST node per line (indentation = depth). */
  explainAst(sql: string): Promise<string>;
}

/** Admin path (seed, migrations, approved DDL): a separate connection. */
export interface WarehouseAdmin {
  command(sql: string, opts?: { settings?: ClickHouseSettings; timeoutMs?: number }): Promise<void>;
  query(sql: string, opts?: QueryOptions): Promise<QueryResult>;
}

export interface Warehouse {
  readonly kind: 'embedded' | 'server';
  /** Human description (data path or URL without credentials). */
  readonly description: string;
  readonly reader: WarehouseReader;
  readonly admin: WarehouseAdmin;
  ping(): Promise<void>;
  close(): Promise<void>;
}
