/**
 * The Design type as a zod schema, for a design that comes from outside the
 * offline designer (Claude's tool input): its JSON schema is the tool's
 * `input_schema`, and parsing checks what a JSON schema cannot — identifiers,
 * type text made only of ClickHouse type names, key / partition / TTL
 * expressions over the table's own columns and a short list of functions,
 * and references between tables and views. Whatever passes still goes
 * through the one DDL generator and ClickHouse's EXPLAIN and dry run.
 */
import { z } from 'zod';
import type { Design, DesignTable, DesignView } from './design.ts';

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const ident = (what: string) => z.string().regex(IDENT, `${what} must be a lower-case identifier (a-z, 0-9, _)`);
const why = z.string().min(1).max(400);

const ROLES = ['time', 'date', 'id', 'enum', 'money', 'count', 'duration', 'number', 'flag', 'text', 'uuid', 'ip', 'tags', 'map', 'code'] as const;

const columnSchema = z.object({
  name: ident('a column name'),
  type: z.string().min(1).max(200).describe('ClickHouse type, e.g. LowCardinality(String), DateTime64(3), Decimal(18, 2), UInt64'),
  role: z.enum(ROLES).describe('what the column means: drives sample data, the semantic model and the dashboard'),
  why: why.describe('why this type, one short clause'),
  values: z.array(z.string().max(100)).max(50).optional().describe('example values of an enum-like column'),
});

const tableSchema = z.object({
  name: ident('a table name'),
  columns: z.array(columnSchema).min(1).max(200),
  engine: z.enum(['MergeTree', 'ReplacingMergeTree', 'AggregatingMergeTree']),
  versionColumn: ident('versionColumn').optional().describe('ReplacingMergeTree only: the version column'),
  orderBy: z.array(z.string().max(100)).min(1).max(8).describe('sorting key: column names of this table, most filtered first, or ["tuple()"]'),
  partitionBy: z.string().max(200).optional().describe('e.g. toYYYYMM(created_at)'),
  ttl: z.string().max(200).optional().describe('e.g. created_at + INTERVAL 90 DAY'),
  retentionDays: z.number().int().positive().max(36_500).optional(),
  timeColumn: ident('timeColumn').optional().describe("the table's time column"),
  rollupOf: ident('rollupOf').optional().describe('rollup tables only: the base table a materialized view reads'),
  why: z.object({ engine: why, orderBy: why, partitionBy: why.optional(), ttl: why.optional() }),
});

const viewSchema = z.object({
  name: ident('a view name'),
  source: ident('a view source'),
  target: ident('a view target'),
  bucket: z.object({ fn: z.enum(['toStartOfHour', 'toStartOfDay', 'toStartOfMonth']), column: ident('the bucket column'), as: ident('the bucket alias') }),
  dimensions: z.array(ident('a dimension')).max(8),
  measures: z.array(z.object({ name: ident('a measure name'), agg: z.enum(['count', 'sum', 'uniq']), column: ident('a measure column').optional() })).min(1).max(20),
  why,
});

/** What Claude may change of a design: its tables, rollup views, explanation and the sample-data wish (not the database, the requirement, a connector or an ALTER). */
export const designBodySchema = z.object({
  tables: z.array(tableSchema).min(1).max(10),
  views: z.array(viewSchema).max(10),
  explanation: z.array(z.string().min(1).max(600)).min(1).max(30).describe('one sentence per choice, in order'),
  wantsSampleData: z.boolean(),
});

export type DesignBody = Pick<Design, 'tables' | 'views' | 'explanation' | 'wantsSampleData'>;

// The schema and the type say the same thing (a compile-time check).
const _sameShape: (b: z.infer<typeof designBodySchema>) => DesignBody = (b) => b;
void _sameShape;

/** The JSON schema of a design body (a tool's input_schema). */
export function designBodyJsonSchema(): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(designBodySchema, { io: 'input' }) as Record<string, unknown>;
  return schema;
}

const TYPE_NAMES = new Set([
  'String', 'FixedString', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'UInt128', 'UInt256', 'Int8', 'Int16', 'Int32', 'Int64', 'Int128', 'Int256',
  'Float32', 'Float64', 'Decimal', 'Decimal32', 'Decimal64', 'Decimal128', 'Decimal256', 'Bool', 'Date', 'Date32', 'DateTime', 'DateTime64',
  'UUID', 'IPv4', 'IPv6', 'Enum8', 'Enum16', 'LowCardinality', 'Nullable', 'Array', 'Map', 'Tuple', 'SimpleAggregateFunction', 'AggregateFunction',
  // aggregate functions inside (Simple)AggregateFunction(…)
  'sum', 'min', 'max', 'any', 'anyLast', 'uniq', 'uniqExact', 'uniqCombined', 'count', 'avg',
]);
const EXPR_FUNCTIONS = new Set([
  'toYYYYMM', 'toYYYYMMDD', 'toYear', 'toDate', 'toDateTime', 'toMonday', 'toStartOfHour', 'toStartOfDay', 'toStartOfWeek', 'toStartOfMonth',
  'toStartOfQuarter', 'toStartOfYear', 'tuple', 'intDiv', 'cityHash64', 'sipHash64', 'modulo',
]);
const EXPR_WORDS = new Set(['INTERVAL', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR', 'DELETE']);

/** Tokens of a type or expression, or the first character that is none. */
function tokens(text: string, quotes: boolean): { words: string[]; bad?: string } {
  const re = quotes ? /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+)|'([\w .:/+-]*)'|([(),=+%-]))/y : /\s*(?:([A-Za-z_][A-Za-z0-9_]*)|(\d+)|([(),+%-]))/y;
  const words: string[] = [];
  let at = 0;
  let depth = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0] === '') return /^\s*$/.test(text.slice(at)) ? { words } : { words, bad: text.slice(at).trim().slice(0, 20) };
    if (m[1]) words.push(m[1]);
    const p = m[quotes ? 4 : 3];
    if (p === '(') depth++;
    if (p === ')' && --depth < 0) return { words, bad: ')' };
    at = re.lastIndex;
  }
  return depth === 0 ? { words } : { words, bad: '(' };
}

/** Why `type` is not plain ClickHouse type text, or undefined. */
export function badType(type: string): string | undefined {
  const t = tokens(type, true);
  if (t.bad !== undefined) return `type "${type}" has "${t.bad}" in it`;
  const unknown = t.words.find((w) => !TYPE_NAMES.has(w));
  return unknown ? `type "${type}" names ${unknown}, not a ClickHouse type` : undefined;
}

/** Why `expr` (PARTITION BY / TTL) is more than columns of the table, a few date functions and INTERVALs, or undefined. */
export function badExpression(expr: string, columns: ReadonlySet<string>): string | undefined {
  const t = tokens(expr, false);
  if (t.bad !== undefined) return `"${expr}" has "${t.bad}" in it`;
  const unknown = t.words.find((w) => !columns.has(w) && !EXPR_FUNCTIONS.has(w) && !EXPR_WORDS.has(w.toUpperCase()));
  return unknown ? `"${expr}" uses ${unknown}, which is neither a column of the table nor an allowed function` : undefined;
}

/** Why the tables and views of `body` do not fit together (unknown columns, dangling views), or undefined. */
export function inconsistency(body: DesignBody): string | undefined {
  const names = new Set<string>();
  const tables = new Map<string, DesignTable>();
  for (const t of body.tables) {
    if (names.has(t.name)) return `${t.name} is named twice`;
    names.add(t.name);
    tables.set(t.name, t);
    const cols = new Set(t.columns.map((c) => c.name));
    if (cols.size !== t.columns.length) return `a column of ${t.name} is named twice`;
    for (const c of t.columns) {
      const bad = badType(c.type);
      if (bad) return `${t.name}.${c.name}: ${bad}`;
    }
    const key = t.orderBy.find((k) => k !== 'tuple()' && !cols.has(k));
    if (key) return `${t.name}: ORDER BY ${key} is not a column of it`;
    for (const [what, col] of [['versionColumn', t.versionColumn], ['timeColumn', t.timeColumn]] as const) if (col && !cols.has(col)) return `${t.name}: ${what} ${col} is not a column of it`;
    if (t.versionColumn && t.engine !== 'ReplacingMergeTree') return `${t.name}: a version column needs ReplacingMergeTree`;
    for (const [what, expr] of [['PARTITION BY', t.partitionBy], ['TTL', t.ttl]] as const) {
      const bad = expr ? badExpression(expr, cols) : undefined;
      if (bad) return `${t.name}: ${what} ${bad}`;
    }
  }
  for (const v of body.views) {
    if (names.has(v.name)) return `${v.name} is named twice`;
    names.add(v.name);
    const source = tables.get(v.source);
    const target = tables.get(v.target);
    if (!source || !target) return `view ${v.name} reads or fills a table the design does not have`;
    if (target.rollupOf !== source.name) return `view ${v.name}: its target ${target.name} must be a rollup of ${source.name} (rollupOf)`;
    const cols = new Set(source.columns.map((c) => c.name));
    const missing = [v.bucket.column, ...v.dimensions, ...v.measures.flatMap((m) => (m.column ? [m.column] : []))].find((c) => !cols.has(c));
    if (missing) return `view ${v.name}: ${missing} is not a column of ${source.name}`;
    const m = v.measures.find((x) => x.agg !== 'count' && !x.column);
    if (m) return `view ${v.name}: measure ${m.name} (${m.agg}) needs a column`;
    const out = new Set(target.columns.map((c) => c.name));
    const absent = [v.bucket.as, ...v.dimensions, ...v.measures.map((x) => x.name)].find((c) => !out.has(c));
    if (absent) return `view ${v.name}: ${absent} is not a column of ${target.name}`;
  }
  for (const t of body.tables) if (t.rollupOf && !tables.has(t.rollupOf)) return `${t.name} is a rollup of ${t.rollupOf}, which the design does not have`;
  return undefined;
}

/** Drops nulls (a model often sends `null` for an absent optional field). */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)]));
  return v;
}

/** A design body from untrusted JSON, or the one line saying what is wrong with it. */
export function parseDesignBody(input: unknown): { body: DesignBody } | { problem: string } {
  const r = designBodySchema.safeParse(withoutNulls(input));
  if (!r.success) {
    const issue = r.error.issues[0];
    return { problem: `${issue.path.join('.') || 'the design'}: ${issue.message}` };
  }
  const body: DesignBody = { ...r.data, views: r.data.views as DesignView[] };
  const problem = inconsistency(body);
  return problem ? { problem } : { body };
}
