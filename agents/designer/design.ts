/**
 * The typed design the designer agent produces: tables with ClickHouse types,
 * engine, ORDER BY, PARTITION BY, TTL, rollups (a materialized view into an
 * aggregating table), and one explanation per choice. Rendered to DDL by
 * render-ddl.ts only; nothing else writes DDL.
 */

/** What a column means, which drives its type, the sample data and the semantic model. */
export type ColumnRole = 'time' | 'date' | 'id' | 'enum' | 'money' | 'count' | 'duration' | 'number' | 'flag' | 'text' | 'uuid' | 'ip' | 'tags' | 'map' | 'code';

export interface DesignColumn {
  name: string;
  /** ClickHouse type text, e.g. `LowCardinality(String)`, `DateTime64(3)`, `Decimal(18, 2)`. */
  type: string;
  role: ColumnRole;
  /** Why this type (one short clause). */
  why: string;
  /** Example values of an enum-like column (sample data, semantic model). */
  values?: string[];
}

export type TableEngine = 'MergeTree' | 'ReplacingMergeTree' | 'AggregatingMergeTree';

export interface DesignTable {
  name: string;
  columns: DesignColumn[];
  engine: TableEngine;
  /** ReplacingMergeTree's version column. */
  versionColumn?: string;
  orderBy: string[];
  /** A partition expression, e.g. `toYYYYMM(timestamp)`. */
  partitionBy?: string;
  /** TTL expression, e.g. `timestamp + INTERVAL 90 DAY`. */
  ttl?: string;
  /** Days rows are kept (the TTL), when the requirement states a retention. */
  retentionDays?: number;
  /** The table's time column, when it has one. */
  timeColumn?: string;
  /** Set on rollup tables: the base table and the view feeding it. */
  rollupOf?: string;
  why: { engine: string; orderBy: string; partitionBy?: string; ttl?: string };
}

/** One aggregate a rollup keeps: `count`, `sum` of a column, or `uniq` of a column. */
export interface RollupMeasure {
  name: string;
  agg: 'count' | 'sum' | 'uniq';
  column?: string;
}

/** A materialized view that keeps `target` (an AggregatingMergeTree table) up to date from `source`. */
export interface DesignView {
  name: string;
  source: string;
  target: string;
  /** The bucket function over the source's time column, e.g. `toStartOfHour`. */
  bucket: { fn: 'toStartOfHour' | 'toStartOfDay' | 'toStartOfMonth'; column: string; as: string };
  dimensions: string[];
  measures: RollupMeasure[];
  why: string;
}

/** An external source a connector table reads (credentials are named secrets, never values). */
export interface DesignConnector {
  kind: 'PostgreSQL' | 'MySQL' | 'Kafka';
  /** The table created with the connector engine. */
  table: string;
  /** Named secret holding host:port / user / password (a ClickHouse named collection). */
  secretName: string;
  /** Remote table (PostgreSQL/MySQL) or topic (Kafka). */
  remote: string;
  /** Kafka designs are validated but never run here. */
  runnable: boolean;
  /** A local MergeTree copy refreshed from the remote table by a refreshable materialized view. */
  refresh?: { view: string; target: string; every: string };
}

/** An ALTER of an existing table, carried by a Design. */
export interface DesignAlter {
  table: string;
  kind: 'add' | 'drop' | 'modify' | 'rename';
  column: string;
  /** ADD / MODIFY: the new type; DROP: the type it had. */
  type?: string;
  previousType?: string;
  newName?: string;
  statement: string;
  down: string;
  /** Set when data is lost: what, in one line. Applying then needs an explicit confirmation. */
  destructive?: string;
}

export interface Design {
  /** The requirement as written. */
  requirement: string;
  database: string;
  tables: DesignTable[];
  views: DesignView[];
  connector?: DesignConnector;
  /** Set for a change to an existing table (then `tables` and `views` are empty). */
  alter?: DesignAlter;
  /** One sentence per choice, in order. */
  explanation: string[];
  /** Ask for sample rows after apply. */
  wantsSampleData: boolean;
}

/** A refusal: the one line a person sees. */
export interface DesignRefusal {
  refused: string;
}

export type DesignResult = { design: Design } | DesignRefusal;

export function isRefusal(r: DesignResult): r is DesignRefusal {
  return 'refused' in r;
}
