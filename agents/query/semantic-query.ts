/**
 * The typed semantic query: what a question asks, independent of SQL. The
 * parser produces it, refinement edits it, the compiler turns it into SQL.
 * Plain JSON (dates as strings) so it can be kept per thread.
 */
import type { Grain } from './time-phrases.ts';

/** The chart asked for or suggested; the renderer (renderers/chart-choice.ts) draws it when the data fits, else says why not. */
export type ChartHint = 'line' | 'area' | 'bar' | 'grouped-bar' | 'stacked-bar' | 'heatmap' | 'big-number' | 'pie' | 'donut' | 'scatter';

/** `last` / `first`: the column's value in the latest / first row by the table's time column ("latest order revenue"). */
/**
 * A percentile of a column, by its level in percent: 'p95', 'p99.9' — computed exactly, interpolated between the two
 * nearest values as ClickHouse's `quantile` / `median`, pandas and spreadsheets do (quantileExactInclusive); 'p95exact'
 * when the question names `quantileExact` / `medianExact`: the nearest value itself.
 */
export type Percentile = `p${number}` | `p${number}exact`;
export type ColumnAgg = 'sum' | 'avg' | 'min' | 'max' | 'median' | 'uniq' | 'last' | 'first' | Percentile;

/** The percentile's level as a fraction (0.95), or undefined for any other aggregate. */
export function percentileLevel(agg: string): number | undefined {
  const m = /^p(\d{1,2}(?:\.\d{1,3})?)(?:exact)?$/.exec(agg);
  return m && Number(m[1]) > 0 ? Number((Number(m[1]) / 100).toFixed(5)) : undefined;
}

/** A percentile in words ("95th percentile"), or undefined for any other aggregate. */
export function percentileWords(agg: string): string | undefined {
  if (percentileLevel(agg) === undefined) return undefined;
  const n = agg.slice(1).replace(/exact$/, '');
  const last = Number(n.replace(/.*\./, '').slice(-1));
  const teen = /(?:^|[^\d])1\d$/.test(n);
  return `${n}${n.includes('.') || teen || last > 3 || last === 0 ? 'th' : ['th', 'st', 'nd', 'rd'][last]} percentile${agg.endsWith('exact') ? ' (nearest value)' : ''}`;
}

export type MeasureSpec =
  /**
   * A measure of the model by name. `own`: values that figure alone is limited to ("revenue and mobile orders": the
   * orders are the mobile ones, the revenue is all of it), each a value of a column of the figure's own table.
   */
  | { kind: 'measure'; name: string; own?: Array<{ dimension: string; values: string[] }> }
  /** An aggregate of a column ("average quantity", "distinct countries"). */
  | {
    kind: 'column'; agg: ColumnAgg; table: string; column: string;
    /** The column is of this table, reached by a declared join from `table` (whose rows are aggregated): "categories" of a customer's orders through products. */
    of?: string;
    /** Over every row of the table, its default rows lifted: beside the count of all its rows ("rows and distinct order_ids"). */
    all?: boolean;
    /** With `uniq` of the table's time column: its distinct days / weeks / months ("users active on 5 different days"). */
    bucket?: Grain;
  };

export type CompareOp = '>' | '>=' | '<' | '<=' | '=' | '!=';

export type FilterSpec =
  | { kind: 'dimension'; dimension: string; values: string[]; negate?: boolean }
  | { kind: 'numeric'; table: string; column: string; op: CompareOp; value: number };

/** A period with ISO strings: from inclusive, to exclusive unless toInclusive. */
export interface PeriodSpec {
  from: string;
  /** "up to now": the period has no start (`from` is the epoch); only its end bound is written. */
  openStart?: boolean;
  to: string;
  toInclusive: boolean;
  label: string;
  /** "yesterday vs the same day last week": only these parts of the span are read (each from inclusive, to as `toInclusive`). */
  parts?: Array<{ from: string; to: string; toInclusive: boolean }>;
}

/** Units of duration a figure measured in one of them can be converted to ("avg duration in seconds"). */
export type TimeUnit = 'ms' | 's' | 'min' | 'h';
/** Milliseconds in each time unit. */
export const TIME_UNIT_MS: Record<TimeUnit, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 };

export interface SemanticQuery {
  model: string;
  measures: MeasureSpec[];
  /** Dimension names of the model, in output order. */
  dimensions: string[];
  filters: FilterSpec[];
  period?: PeriodSpec;
  /** Time bucket: the series is grouped by it (before other dimensions). */
  grain?: Grain;
  /** Sort by the first measure; absent = natural order (time asc, else measure desc). */
  order?: 'asc' | 'desc';
  /** "newest month first": a time series' periods in this order (absent: oldest first); not with `order`. */
  timeOrder?: 'asc' | 'desc';
  limit?: number;
  /** The limit applies within each group of these dimensions (or the grain name): "the top 3 products per category" (LIMIT n BY). */
  limitBy?: string[];
  /** "in seconds": the unit figures measured in a time unit of the model (a column's or measure's `unit`) are shown in. */
  inUnit?: TimeUnit;
  /** Add each row's share of the total of the first measure. */
  share?: 'fraction' | 'percent';
  /**
   * "share of orders from mobile by country": the dimension of the one filter that names the part; the share is then
   * the part of each group's own figure (mobile orders / all orders of that country), not of the grand total.
   */
  sharePart?: string;
  /**
   * "refunded revenue as a % of completed + refunded revenue": the part is these values of `sharePart`, and its filter
   * (the whole's values) still restricts the rows. Absent: the filter on `sharePart` is the part alone.
   */
  sharePartValues?: string[];
  chart?: ChartHint;
  /**
   * "users who never ordered": only the rows of the first measure's table with no row counted by this measure (of a
   * table with a declared join to it, by its key): `key NOT IN (SELECT fk FROM other WHERE <its filter>)`.
   */
  /** Data quality: only rows whose `column` (a key joined to `table`) names no row of `table`. */
  orphanOf?: { table: string; column: string };
  /**
   * "top 3 products in that category" after "which category sold the most": only the values of `dimension` in the
   * rows of a previous answer (its query, run again as a subquery: the rows the person saw), named by `label`.
   */
  valuesOf?: { dimension: string; query: SemanticQuery; label: string };
  without?: { measure: MeasureSpec; filters?: Array<Extract<FilterSpec, { kind: 'dimension' }>>; period?: PeriodSpec };
  /**
   * "which countries had no signups yesterday", "which products had no completed orders": the values of the one dimension
   * (or the rows of the table it names) that no row counted by the first measure, in its filters and period, has (no-rows.ts).
   */
  noRows?: { dimension: string; count?: boolean };
  /**
   * "revenue from users who signed up this year": only the rows whose related row of `table` (a declared join from the
   * figure's table) falls in `period` by that table's time column; `label` is the clause as asked.
   */
  related?: { table: string; period: PeriodSpec; label: string };
  /**
   * "users who added to cart yesterday but didn't buy": the keys of the first measure (a distinct count) whose rows in the
   * period and filters have a `first` value of `dimension` and have (`has`) or have not the `second`, counted; with
   * `share`, the share of the keys with the first value that have (not) the second (entity-sets.ts).
   */
  eventSets?: { dimension: string; first: string[]; second: string; has: boolean; share?: 'fraction' | 'percent' };
  /**
   * "of the users who signed up in March, what fraction have placed an order": the share of the first measure's rows
   * (the entities, in the period and filters) that some row counted by `measure` (in its filters and period) refers to.
   */
  shareWith?: { measure: MeasureSpec; filters: FilterSpec[]; period?: PeriodSpec; share: 'fraction' | 'percent' };
  /** Thresholds on figures, applied to the groups (HAVING): "countries with a refund rate above 10 %". */
  having?: Array<{ measure: MeasureSpec; op: CompareOp; value: number }>;
  /**
   * The first measure computed per `per` (a key column, or a time bucket), then aggregated over those groups:
   * "customers who ordered more than once" (count of keys with orders > 1), "average daily revenue" (avg of daily totals).
   */
  rollup?: { per: { table: string; column: string } | { grain: Grain }; agg: 'avg' | 'count' | 'max' | 'min'; having?: { op: CompareOp; value: number }; alias: string; label: string };
  /**
   * "running total of revenue by day": the first measure per time bucket (and dimension values), then added up in
   * time order — `sum(x) OVER (PARTITION BY dims ORDER BY bucket)` over the grouped series. Only figures that add up.
   */
  cumulative?: boolean;
  /** "this month vs last month": the time bucket compares periods, so a new breakdown keeps it. */
  comparePeriods?: boolean;
  /** "the last 10 days vs the 10 days before that": the period's parts (adjacent spans of N units), a row each. */
  periodBlocks?: boolean;
  /** "last week's orders and the week before's, side by side in one row": the compared periods as columns of one row. */
  periodColumns?: boolean;
  /**
   * "by what percentage did revenue grow last month": with two compared periods (comparePeriods, grain), the change of
   * the first measure from the earlier period to the later one, absolute and in percent, one row per dimension values.
   * `difference` ("how much more … in May than in April"): only the difference, the later minus the earlier (1) or the
   * earlier minus the later (-1), as asked. `seriesFrom` ("month-over-month revenue growth from February to May"):
   * a change for every time bucket from the one starting then (the period holds the bucket before it too).
   */
  change?: { percent: boolean; difference?: 1 | -1; seriesFrom?: string; /** asked yes/no: each compared period a row, the change beside the later */ rows?: boolean };
  /**
   * Like with like: with compared periods whose last one is still running, only the first `sameElapsed` seconds of
   * each period are counted ("this month to date vs the same days last month").
   */
  sameElapsed?: number;
  /** "compare with France" after Germany: the dimension whose values are compared, a row each; a new breakdown keeps it. */
  compareValues?: string;
  /** "weekends vs weekdays": the dimension's rows grouped by these named sets of its values, a row per group. */
  valueGroups?: { dimension: string; groups: Array<{ label: string; values: string[] }> };
  /** The values of one dimension the last refinement replaced ("and sports?" after books): "show both" brings them back. */
  replacedValues?: { dimension: string; values: string[]; /** Values replaced before those, oldest first ("all three"). */ earlier?: string[] };
  /** "and the week before?": the whole period the answer's period replaced, so "show both weeks" can compare the two. */
  replacedPeriod?: PeriodSpec;
  /**
   * The IANA zone the periods were read in (absent: UTC): the period strings are that zone's wall-clock times, turned
   * into UTC literals by the compiler, and day / week / month buckets follow that zone's calendar.
   */
  timezone?: string;
  /**
   * "top 5 orders by revenue yesterday", "the 10 most recent signups": the rows of `table` themselves (no figure; `measures`
   * is empty), these `columns`, ordered by `orderBy` in `order` and cut at `limit` (compile-rows.ts); `title` heads the answer.
   */
  rows?: {
    table: string; columns: string[]; orderBy: string; title: string;
    /** "ties alphabetically by name": the column that orders rows of equal `orderBy`, ascending (before the key). */
    thenBy?: string;
  };
}

/** Conversation state kept per thread: the last semantic query. */
export interface ConversationState {
  version: 1;
  query: SemanticQuery;
  /** Display name and format of each column of this answer, from the semantic model (informational: never read back). */
  columns?: Array<{ name: string; displayName: string; format: string; unit?: string }>;
  /**
   * The filters and period this query carried over from earlier turns, as short text ("device = mobile",
   * "last 30 days"); absent or empty when nothing was kept. Informational: never read back by the agent.
   */
  kept?: string[];
  /** The one line that says what was kept and how to drop it ("kept: device = mobile — say 'all devices' to drop it"). */
  keptNote?: string;
  /**
   * The filters of `query` the latest turn that added any put there (a new question: all of its own): what "drop the
   * filter" removes, where others were kept from before ("checkout events per day" → "only mobile" → "drop the
   * filter" drops mobile, not checkout). Absent in a state saved before it existed: every filter goes, as before.
   */
  added?: FilterSpec[];
}
