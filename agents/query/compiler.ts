/**
 * One compiler from a semantic query to ClickHouse SQL: a single readable
 * SELECT over fully qualified tables, joins taken from the model, period
 * bounds as UTC literals computed in TypeScript (from the zone's wall clock when
 * the query has a time zone: time-zone.ts).
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { DEFAULT_MAX_ROWS } from './bounds.ts';
import type { ModelFilter, ModelMeasure, ModelTable, SemanticModel } from './semantic-model.ts';
import { percentileLevel, percentileWords, type ChartHint, type CompareOp, type FilterSpec, type MeasureSpec, type Percentile, type SemanticQuery } from './semantic-query.ts';
import type { Grain } from './time-phrases.ts';
import { parseStamp } from './calendar-words.ts';
import { cap, chartFor, measureDisplay, timeUnitOf, titleOf, unitScale } from './compile-display.ts';
import { compileChange, compileCumulative, compilePeriodColumns, compileRollup } from './compile-series.ts';
import { wallClockToUtc } from './time-zone.ts';
import { compileEventSets, compileShareWith } from './entity-sets.ts';
import { compileNoRows } from './no-rows.ts';
import { compileRowListing } from './compile-rows.ts';
import { compileAcrossTables } from './compile-tables.ts';

/** How one result column is shown: its display name and format from the semantic model (values stay exact). */
export interface ColumnDisplay {
  name: string;
  displayName: string;
  /** percent (a fraction, shown ×100), currency (with `unit`), integer, decimal(n), number, text, date, datetime. */
  format: string;
  unit?: string;
}

export interface CompiledQuery {
  sql: string;
  /** Per result column, in order: display name and format. */
  columns: ColumnDisplay[];
  /** Fully qualified tables read. */
  tables: string[];
  /** database.table.column of the base table's time column, for freshness. */
  timeColumn?: string;
  title: string;
  chartHint: ChartHint;
}

/** The ClickHouse function of each aggregate (a percentile is quantileExact at its level, in atomSql). */
const AGG_FN = { sum: 'sum', count: 'count', uniq: 'uniqExact', avg: 'avg', min: 'min', max: 'max', median: 'quantileExactInclusive', last: 'argMax', first: 'argMin' } as const;
type Atom = { table: string; agg: 'sum' | 'count' | 'uniq' | 'avg' | 'min' | 'max' | 'median' | 'last' | 'first' | Percentile; column?: string; columnOf?: string; bucket?: Grain; filter: ModelFilter; overridableBy: string[]; liftedByExclusion: string[] };
type Expr = { atom: Atom } | { num: Expr; den: Expr };

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/** The name of one span of "the last 10 days vs the 10 days before" in answers: its first and last day. */
export const blockLabel = (x: { from: string; to: string; toInclusive: boolean }): string => `${x.from.slice(0, 10)} to ${(x.toInclusive ? x.to : new Date(parseStamp(x.to).getTime() - 1000).toISOString()).slice(0, 10)}`;

/** A SQL string literal with quotes and backslashes escaped. */
export function sqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A numeric literal, never in scientific notation. */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new DatalabsError('BAD_INPUT', `${n} is not a number I can compare with: use a finite number`);
  if (Object.is(n, -0)) return '0';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  if (Number.isInteger(n)) return BigInt(n).toString();
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

const literal = (v: string | number): string => (typeof v === 'number' ? sqlNumber(v) : sqlString(v));

export function measureByName(model: SemanticModel, name: string): ModelMeasure {
  const m = model.measures.find((x) => x.name === name);
  if (!m) return notUnderstood(`unknown measure ${name}`);
  return m;
}

export function tableByName(model: SemanticModel, name: string): ModelTable {
  const t = model.tables.find((x) => x.name === name);
  if (!t) return notUnderstood(`unknown table ${name}`);
  return t;
}

function expand(model: SemanticModel, spec: MeasureSpec, depth = 0): Expr {
  if (depth > 5) return notUnderstood('measure definitions are circular');
  if (spec.kind === 'column') {
    const t = tableByName(model, spec.table);
    // Every aggregate of a table's rows keeps its business default (distinct products sold count completed orders); only
    // the first / last of a time column ("max order_time") is read over every row: it is the data's coverage.
    // Distinct days of the time column ("active on 5 different days") count the table's default rows, as its figures do.
    // The value of the latest / first row ("latest order revenue") is of that row, as its time is: every row is read.
    const raw = (!spec.bucket && t.columns.some((c) => c.name === spec.column && c.type === 'time')) || spec.agg === 'last' || spec.agg === 'first' || !!spec.all;
    if (spec.bucket && !(spec.agg === 'uniq' && spec.column === t.time)) notUnderstood(`distinct ${spec.bucket}s are counted only of ${t.name}'s own time column`);
    return { atom: { table: t.name, agg: spec.agg, column: spec.column, ...(spec.bucket ? { bucket: spec.bucket } : {}), ...(spec.of && spec.of !== t.name ? { columnOf: spec.of } : {}), filter: raw ? {} : t.defaultFilter ?? {}, overridableBy: t.overridableBy ?? [], liftedByExclusion: t.overridableBy ?? [] } };
  }
  const m = measureByName(model, spec.name);
  if (m.agg === 'ratio') {
    const part = (name: string): MeasureSpec => ({ kind: 'measure', name, ...(spec.own ? { own: spec.own } : {}) });
    return { num: expand(model, part(m.numerator!), depth + 1), den: expand(model, part(m.denominator!), depth + 1) };
  }
  const atom: Atom = { table: m.table!, agg: m.agg, column: m.column, filter: m.filter ?? {}, overridableBy: m.overridableBy ?? [], liftedByExclusion: m.liftedByExclusion ?? [] };
  // "mobile orders" beside other figures: the figure's own values, on its own table's column, fixed (no filter lifts them).
  for (const o of spec.own ?? []) {
    const dim = model.dimensions.find((d) => d.name === o.dimension);
    const column = dim?.columns?.find((c) => c.startsWith(`${atom.table}.`))?.slice(atom.table.length + 1);
    if (!column) notUnderstood(`${o.values.join(' / ')} ${measureLabel(model, { kind: 'measure', name: spec.name })}: ${atom.table} has no ${(dim?.label ?? o.dimension).replace(/_/g, ' ')} of its own; ask for that figure on its own`);
    const fixed = m.filter?.[column!];
    if (fixed !== undefined && !(m.overridableBy ?? []).includes(column!) && !o.values.every((v) => (Array.isArray(fixed) ? fixed.map(String) : [String(fixed)]).includes(v))) {
      notUnderstood(`${measureLabel(model, { kind: 'measure', name: spec.name })} counts only rows with ${column} = ${String(fixed)}, so ${o.values.join(' / ')} ones would be none; ask for the ${o.values.join(' / ')} rows on their own`);
    }
    atom.filter = { ...atom.filter, [column!]: o.values.length === 1 ? o.values[0] : o.values };
    atom.overridableBy = atom.overridableBy.filter((x) => x !== column);
    atom.liftedByExclusion = atom.liftedByExclusion.filter((x) => x !== column);
  }
  return { atom };
}

/** "mobile orders": the figure's own values, before its label or in its column's name. */
const ownWords = (spec: MeasureSpec, sep: string): string => (spec.kind === 'measure' && spec.own?.length ? spec.own.flatMap((o) => o.values).join(sep) : '');

const atomsOf = (e: Expr): Atom[] => ('atom' in e ? [e.atom] : [...atomsOf(e.num), ...atomsOf(e.den)]);

/** The label of a measure spec, for titles. */
export function measureLabel(model: SemanticModel, spec: MeasureSpec): string {
  if (spec.kind === 'measure') {
    const m = measureByName(model, spec.name);
    const own = ownWords(spec, ' / ');
    return `${own ? `${own} ` : ''}${m.label ?? m.name.replace(/_/g, ' ')}`;
  }
  const word = percentileWords(spec.agg) ?? { sum: 'total', avg: 'average', min: 'minimum', max: 'maximum', median: 'median', uniq: 'distinct', last: 'latest', first: 'first' }[spec.agg as Exclude<typeof spec.agg, Percentile>];
  if (spec.bucket) return `${word} ${spec.bucket}s`;
  return `${word} ${spec.column.replace(/_/g, ' ')}`;
}

export function measureAlias(model: SemanticModel, spec: MeasureSpec): string {
  const columns = new Set(model.tables.flatMap((t) => t.columns.map((c) => c.name)));
  let alias = spec.kind === 'measure' ? spec.name
    : `${percentileLevel(spec.agg) !== undefined ? spec.agg.replace('.', '_').replace(/exact$/, '') : { sum: 'total', avg: 'avg', min: 'min', max: 'max', median: 'median', uniq: 'distinct', last: 'last', first: 'first' }[spec.agg as Exclude<typeof spec.agg, Percentile>]}_${spec.bucket ? `${spec.bucket}s` : spec.column}`;
  if (columns.has(alias)) {
    const m = spec.kind === 'measure' ? measureByName(model, spec.name) : undefined;
    alias = `${m?.agg === 'sum' ? 'total' : m?.agg ?? 'value'}_${alias}`;
  }
  const own = ownWords(spec, '_').toLowerCase().replace(/[^a-z0-9_]+/g, '_');
  return own ? `${alias}_${own}` : alias;
}

const BUCKET_UTC: Record<Grain, (c: string) => string> = {
  hour: (c) => `toStartOfHour(${c})`,
  day: (c) => `toDate(${c})`,
  week: (c) => `toStartOfWeek(${c}, 1)`,
  month: (c) => `toStartOfMonth(${c})`,
  quarter: (c) => `toStartOfQuarter(${c})`,
  year: (c) => `toStartOfYear(${c})`,
};
/** The time bucket of a grain, on the query's zone's calendar (`toDate(col, 'Europe/Berlin')`); UTC as before. */
const bucketOf = (q: SemanticQuery, g: Grain, c: string): string => {
  if (!q.timezone) return BUCKET_UTC[g](c);
  const z = sqlString(q.timezone);
  return g === 'week' ? `toStartOfWeek(${c}, 1, ${z})` : BUCKET_UTC[g](`${c}, ${z}`);
};
/** A period bound as a UTC literal: written on the query's zone's wall clock, it is that zone's instant. */
export const timeLiteral = (q: SemanticQuery, t: string): string => `toDateTime(${sqlString(q.timezone ? wallClockToUtc(t, q.timezone) : t)}, 'UTC')`;

const DATE_TIME = /^(\d{4})-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Compiles a semantic query against its model. Throws NOT_UNDERSTOOD when it cannot be expressed, BAD_INPUT when
 * its limit is not a whole number from 1 to `maxRows` or a period bound is not a UTC time from 1970 on (the query
 * may come from stored conversation state, so it is checked here too, not only by the parser).
 */
export function compileQuery(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number; groupKey?: { table: string; column: string }; keyHaving?: { op: CompareOp; value: number } } = {}): CompiledQuery {
  // "in that category": a subquery over the previous answer's rows, built into the plain aggregate only.
  if (q.valuesOf && (q.rows || q.change || q.periodColumns || q.rollup || q.eventSets || q.shareWith || q.noRows || q.cumulative)) {
    notUnderstood(`"${q.valuesOf.label}" cannot be combined with this kind of answer yet; name the ${q.valuesOf.dimension.replace(/_/g, ' ')} instead.`);
  }
  if (q.rows) return compileRowListing(model, q, opts);
  if (q.measures.length === 0) return notUnderstood('no measure to compute');
  if (q.change) return compileChange(model, q, opts);
  if (q.periodColumns) return compilePeriodColumns(model, q, opts);
  if (q.rollup) return compileRollup(model, q, opts);
  if (q.eventSets) return compileEventSets(model, q);
  if (q.shareWith) return compileShareWith(model, q);
  if (q.noRows) return compileNoRows(model, q);
  if (q.cumulative) return compileCumulative(model, q, opts);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (q.limit !== undefined && !(Number.isInteger(q.limit) && q.limit >= 1 && q.limit <= maxRows)) {
    throw new DatalabsError('BAD_INPUT', `the number of rows must be a whole number from 1 to ${maxRows.toLocaleString('en-US')}, got ${String(q.limit)}`);
  }
  for (const per of [q.period, q.related?.period]) {
    if (!per) continue;
    for (const t of [per.from, per.to]) {
      const m = DATE_TIME.exec(String(t));
      if (!m || +m[1] < 1970 || Number.isNaN(parseStamp(t).getTime())) {
        throw new DatalabsError('BAD_INPUT', `the period bound ${JSON.stringify(String(t)).slice(0, 40)} is not a date-time from 1970 on (YYYY-MM-DD HH:MM:SS)`);
      }
    }
  }
  const exprs = q.measures.map((s) => expand(model, s));
  const atoms = exprs.flatMap(atomsOf);
  const baseName = atoms[0].table;
  const foreign = atoms.find((a) => a.table !== baseName);
  if (foreign) {
    const refusal = `${q.measures.map((s) => measureLabel(model, s)).join(' and ')} come from different tables (${baseName}, ${foreign.table}); ask for them one at a time`;
    if (opts.groupKey || opts.keyHaving) notUnderstood(refusal);
    const tableOf = (m: MeasureSpec): string | undefined => { const ts = new Set(atomsOf(expand(model, m)).map((a) => a.table)); return ts.size === 1 ? [...ts][0] : undefined; };
    return compileAcrossTables(model, q, tableOf, (part) => compileQuery(model, part, opts), refusal);
  }
  const base = tableByName(model, baseName);

  // Resolve a column of some table from the base table: itself or one direct join.
  const joins: Array<{ table: ModelTable; on: Record<string, string> }> = [];
  const reach = (tableName: string): boolean => {
    if (tableName === base.name) return true;
    if (joins.some((j) => j.table.name === tableName)) return true;
    const j = (model.joins ?? []).find((x) => x.from === base.name && x.to === tableName)
      ?? (model.joins ?? []).find((x) => x.to === base.name && x.from === tableName);
    if (!j) return false;
    // Joining a table that refers to the base repeats each base row once per referring row: only distinct counts survive that.
    const fanOut = atoms.find((a) => !['uniq', 'min', 'max'].includes(a.agg));
    if (j.from !== base.name && fanOut) {
      notUnderstood(`${q.measures.map((s) => measureLabel(model, s)).join(' and ')} cannot be split or filtered by a column of ${tableName}: each ${base.name} row would count once per ${tableName} row`);
    }
    const on = j.from === base.name ? j.on : Object.fromEntries(Object.entries(j.on).map(([a, b]) => [b, a]));
    joins.push({ table: tableByName(model, tableName), on });
    return true;
  };
  const refs: Array<{ table: string; column: string }> = [];
  const col = (table: string, column: string): { table: string; column: string } => { const r = { table, column }; refs.push(r); return r; };
  // A figure's column of another table ("different categories" of orders, through products): only through a join from the base.
  for (const a of atoms) {
    if (a.columnOf && !(model.joins ?? []).some((x) => x.from === base.name && x.to === a.columnOf) || (a.columnOf && !reach(a.columnOf))) {
      notUnderstood(`${a.columnOf}.${a.column} cannot be counted over ${base.name}: the semantic model declares no join from ${base.name} to ${a.columnOf}`);
    }
  }

  // Dimensions → column references (own table first, then joined tables).
  const dimRef = (name: string): { expr: (c: (r: { table: string; column: string }) => string) => string; column?: string } => {
    const d = model.dimensions.find((x) => x.name === name);
    if (!d) return notUnderstood(`unknown dimension ${name}`);
    if (d.expr) {
      // "orders by signup month": the expression is over another table's time column, reached by a declared join.
      const owner = d.table ? tableByName(model, d.table) : base;
      if (owner.name !== base.name && !reach(owner.name)) return noJoin(d, [owner.name]);
      if (!owner.time) return notUnderstood(`${owner.name} has no time column for ${d.label ?? d.name}`);
      const r = col(owner.name, owner.time);
      return { expr: (c) => d.expr!.replace(/\{time\}/g, c(r)) };
    }
    const cols = d.columns ?? [];
    const own = cols.find((c) => c.startsWith(`${base.name}.`));
    if (own) { const r = col(base.name, own.split('.')[1]); return { expr: (c) => c(r), column: r.column }; }
    for (const ref of cols) {
      const [t, c] = ref.split('.');
      if (reach(t)) { const r = col(t, c); return { expr: (cq) => cq(r) }; }
    }
    return noJoin(d, cols.map((ref) => ref.split('.')[0]));
  };
  // A breakdown the model cannot join to is refused with the reason: which tables hold it, and that no join reaches them.
  function noJoin(d: { name: string; label?: string }, tables: string[]): never {
    const names = [...new Set(tables)];
    return notUnderstood(`${q.measures.map((s) => measureLabel(model, s)).join(' and ')} cannot be split or filtered by ${d.label ?? d.name.replace(/_/g, ' ')}: `
      + `it is a column of ${names.join(' / ')}, and the semantic model declares no join from ${base.name} to ${names.length > 1 ? 'any of them' : 'it'}.`);
  }

  const dims = q.dimensions.map((name) => ({ name, ...dimRef(name) }));
  const dimFilters = q.filters.filter((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension')
    .map((f) => ({ f, ...dimRef(f.dimension) }));
  const answerValues = q.valuesOf ? { ...dimRef(q.valuesOf.dimension), inner: compileQuery(model, q.valuesOf.query, opts) } : undefined;
  const numFilters = q.filters.filter((f): f is Extract<FilterSpec, { kind: 'numeric' }> => f.kind === 'numeric').map((f) => {
    if (!reach(f.table)) notUnderstood(`${f.table}.${f.column} cannot be used with ${measureLabel(model, q.measures[0])}`);
    return { f, r: col(f.table, f.column) };
  });
  // "revenue from users who signed up this year": the related table's time column, through its join.
  const related = q.related ? tableByName(model, q.related.table) : undefined;
  if (related && (!related.time || !reach(related.name))) notUnderstood(`${measureLabel(model, q.measures[0])} cannot be limited to "${q.related!.label}": no join from ${base.name} to ${related.name} with a time column`);
  const relatedRef = related?.time ? col(related.name, related.time) : undefined;
  if (q.period && !base.time) notUnderstood(`${base.name} has no time column, so it cannot be limited to ${q.period.label}`);
  if (q.grain && !base.time) notUnderstood(`${base.name} has no time column to group by ${q.grain}`);
  const timeRef = base.time ? col(base.name, base.time) : undefined;

  // Aliases only when joining.
  const alias = new Map<string, string>();
  if (joins.length > 0) {
    for (const t of [base, ...joins.map((j) => j.table)]) {
      let a = t.name[0];
      let i = 2;
      while ([...alias.values()].includes(a)) a = `${t.name[0]}${i++}`;
      alias.set(t.name, a);
    }
  }
  const c = (r: { table: string; column: string }): string => (alias.size ? `${alias.get(r.table)}.${r.column}` : r.column);
  const baseCol = (column: string): string => c({ table: base.name, column });

  // Measure filters, lifted when the question names, filters or groups by their column.
  // An exclusion alone ("excluding refunds") lifts it only where every figure's definition says so (liftedByExclusion);
  // otherwise it narrows the rows within the figures' own filters ("revenue excluding refunds" stays completed-only).
  const usedColumns = new Set<string>([...dims, ...dimFilters.filter((d) => !d.f.negate)].map((d) => d.column).filter((x): x is string => !!x));
  // An exclusion that names a value the own filter keeps ("revenue excluding completed orders") replaces it too.
  const excluded = new Map<string, string[]>();
  for (const d of dimFilters) if (d.f.negate && d.column) excluded.set(d.column, [...(excluded.get(d.column) ?? []), ...d.f.values]);
  for (const [k, values] of excluded) {
    const ownValues = (a: Atom): string[] => { const v = a.filter[k]; return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]; };
    if (atoms.every((a) => a.filter[k] === undefined || !a.overridableBy.includes(k) || a.liftedByExclusion.includes(k))
      || atoms.some((a) => a.overridableBy.includes(k) && ownValues(a).some((v) => values.includes(v)))) usedColumns.add(k);
  }
  for (const a of atoms) {
    const f: ModelFilter = {};
    for (const [k, v] of Object.entries(a.filter)) if (!(a.overridableBy.includes(k) && usedColumns.has(k))) f[k] = v;
    a.filter = f;
  }
  // "page views with a checkout": a filter that keeps only values a figure's own fixed filter excludes leaves none of
  // its rows; that is a question about rows of two kinds (sessions with both), refused rather than answered 0.
  for (const { f, column } of dimFilters) {
    if (!column || f.negate) continue;
    for (const a of atoms) {
      const own = a.filter[column];
      if (own === undefined) continue;
      const allowed = Array.isArray(own) ? own : [own];
      if (!f.values.some((v) => allowed.includes(v))) {
        notUnderstood(`${q.measures.map((x) => measureLabel(model, x)).join(' and ')} count${q.measures.length > 1 ? '' : 's'} only rows with ${column} = ${allowed.join(' / ')}, so a filter ${column} = ${f.values.join(' / ')} would leave none of them; ask for the ${f.values.join(' / ')} rows on their own`);
      }
    }
  }
  const filterSql = (f: ModelFilter): string => Object.entries(f).map(([k, v]) => (Array.isArray(v)
    ? `${baseCol(k)} IN (${v.map(literal).join(', ')})` : `${baseCol(k)} = ${literal(v)}`)).join(' AND ');
  const keyOf = (f: ModelFilter): string => JSON.stringify(Object.entries(f).sort());
  // "the 5 least viewed pages": ranked from the bottom, a group with none of the counted rows is the least of all, so the
  // figure's own filter goes into the aggregate (countIf) and every group of the table (in the period) is a row, 0 included.
  const keepEmpty = q.order === 'asc' && dims.length > 0 && !q.grain && exprs.every((e) => 'atom' in e) && atoms.some((a) => Object.keys(a.filter).length > 0)
    && !q.share && !q.having?.length && !q.without;
  const shared = !keepEmpty && atoms.every((a) => keyOf(a.filter) === keyOf(atoms[0].filter));

  const atomSql = (a: Atom): string => {
    const cond = shared ? '' : filterSql(a.filter);
    const fn = AGG_FN[a.agg as Exclude<Atom['agg'], Percentile>];
    const col0 = a.column ? (a.columnOf ? c({ table: a.columnOf, column: a.column }) : baseCol(a.column)) : '';
    const arg = a.bucket ? bucketOf(q, a.bucket, col0) : col0;
    // The median and percentiles are exact, never the sampled `median` / `quantile`, and interpolated as those are
    // (quantileExactInclusive); the nearest value itself (quantileExact) when the question names that function.
    const level = a.agg === 'median' ? 0.5 : percentileLevel(a.agg);
    const qfn = a.agg.endsWith('exact') ? 'quantileExact' : 'quantileExactInclusive';
    if (level !== undefined) return cond ? `${qfn}If(${level})(${arg}, ${cond})` : `${qfn}(${level})(${arg})`;
    // The latest / first row's value: argMax / argMin by the table's time column.
    if (a.agg === 'last' || a.agg === 'first') {
      const time = baseCol(tableByName(model, a.table).time ?? notUnderstood(`the ${a.agg} ${a.column} needs a time column on ${a.table}`));
      return cond ? `${fn}If(${arg}, ${time}, ${cond})` : `${fn}(${arg}, ${time})`;
    }
    if (!cond) return `${fn}(${arg})`;
    return a.agg === 'count' ? `countIf(${cond})` : `${fn}If(${arg}, ${cond})`;
  };
  const exprSql = (e: Expr): string => ('atom' in e ? atomSql(e.atom) : `${exprSql(e.num)} / ${exprSql(e.den)}`);

  const dimCond = (f: Extract<FilterSpec, { kind: 'dimension' }>, e: string): string => {
    // A derived number (hour of day, day of week) compares with numbers.
    const numeric = !!model.dimensions.find((d) => d.name === f.dimension)?.expr && f.values.every((v) => /^\d{1,4}$/.test(v));
    const lit = (v: string): string => (numeric ? String(Number(v)) : literal(v));
    return f.values.length === 1 ? `${e} ${f.negate ? '!=' : '='} ${lit(f.values[0])}` : `${e} ${f.negate ? 'NOT IN' : 'IN'} (${f.values.map(lit).join(', ')})`;
  };
  // "what percent of orders were cancelled", "% of revenue from mobile": with nothing to break down, the one value
  // filtered on is the part, and the figure without it the whole.
  // "share of orders from mobile by country" (sharePart): that value is the part of each group's figure.
  const part = q.share && exprs.length === 1 && 'atom' in exprs[0] && numFilters.length === 0 && (q.sharePart
    ? dimFilters.find((d) => d.f.dimension === q.sharePart)
    : !q.grain && dims.length === 0 && dimFilters.length === 1 ? dimFilters[0] : undefined) || undefined;
  const where: string[] = [];
  if (shared && Object.keys(atoms[0].filter).length) where.push(filterSql(atoms[0].filter));
  // "as a % of completed + refunded revenue": the whole's values of the part's column still restrict the rows.
  for (const { f, expr } of dimFilters) if (f !== part?.f || q.sharePartValues) where.push(dimCond(f, expr(c)));
  for (const { f, r } of numFilters) where.push(`${c(r)} ${f.op} ${sqlNumber(f.value)}`);
  if (q.related && relatedRef) {
    const t = c(relatedRef), rp = q.related.period;
    where.push(`${t} >= ${timeLiteral(q, rp.from)}`, `${t} ${rp.toInclusive ? '<=' : '<'} ${timeLiteral(q, rp.to)}`);
  }
  if (q.period && timeRef) {
    const t = c(timeRef);
    if (!q.period.openStart) where.push(`${t} >= ${timeLiteral(q, q.period.from)}`);
    where.push(`${t} ${q.period.toInclusive ? '<=' : '<'} ${timeLiteral(q, q.period.to)}`);
    // Compared periods that are not next to each other ("yesterday vs the same day last week"): only those.
    if (q.period.parts?.length) {
      where.push(`(${q.period.parts.map((x) => `${t} >= ${timeLiteral(q, x.from)} AND ${t} ${x.toInclusive ? '<=' : '<'} ${timeLiteral(q, x.to)}`).join(' OR ')})`);
    }
    if (q.sameElapsed !== undefined && q.grain && q.comparePeriods) where.push(`dateDiff('second', ${bucketOf(q, q.grain, t)}, ${t}) <= ${sqlNumber(Math.floor(q.sameElapsed))}`);
  }

  if (answerValues) where.push(`${answerValues.expr(c)} IN (SELECT ${q.valuesOf!.dimension} FROM (${answerValues.inner.sql}))`);
  if (q.orphanOf) {
    // "orders that reference a user_id not in users": the key names no row of the other table.
    const j = (model.joins ?? []).find((x) => x.from === base.name && x.to === q.orphanOf!.table && x.on[q.orphanOf!.column] !== undefined);
    if (!j) notUnderstood(`${q.orphanOf.column} of ${base.name} does not refer to ${q.orphanOf.table} in the semantic model`);
    where.push(`${baseCol(q.orphanOf.column)} NOT IN (SELECT ${j!.on[q.orphanOf.column]} FROM ${tableByName(model, q.orphanOf.table).table})`);
  }
  if (q.without) {
    // "users who never ordered": the base rows whose key no counted row of the other table refers to.
    const other = expand(model, q.without.measure);
    if (!('atom' in other)) notUnderstood(`"never" needs a count of rows, not ${measureLabel(model, q.without.measure)}`);
    const a = (other as { atom: Atom }).atom;
    // "users active in April but not in May": the figure's own rows in another period, by the key it counts distinct.
    const self = a.table === base.name && a.agg === 'uniq' && a.column ? a.column : undefined;
    const j = self ? undefined : (model.joins ?? []).find((x) => x.from === a.table && x.to === base.name && Object.keys(x.on).length === 1);
    if (!self && !j) notUnderstood(`the semantic model declares no join from ${a.table} to ${base.name}`);
    const [fk, pk] = self ? [self, self] : Object.entries(j!.on)[0];
    // The other figure's own filter, a column of it replaced where the question names that column ("a refunded order").
    const named = (q.without.filters ?? []).map((f) => {
      const ref = (model.dimensions.find((d) => d.name === f.dimension)?.columns ?? []).find((c) => c.startsWith(`${a.table}.`));
      if (!ref) return notUnderstood(`${f.dimension} is not a column of ${a.table}`);
      return { column: ref.split('.')[1], f };
    });
    const own = Object.entries(a.filter).filter(([k]) => !(a.overridableBy.includes(k) && named.some((n) => n.column === k)));
    const cond = [...own.map(([k, v]) => (Array.isArray(v) ? `${k} IN (${v.map(literal).join(', ')})` : `${k} = ${literal(v)}`)),
      ...named.map((n) => dimCond(n.f, n.column))];
    const bTime = tableByName(model, a.table).time;
    const wp = q.without.period;
    if (wp && bTime) cond.push(`${bTime} >= ${timeLiteral(q, wp.from)}`, `${bTime} ${wp.toInclusive ? '<=' : '<'} ${timeLiteral(q, wp.to)}`);
    where.push(`${baseCol(pk)} NOT IN (SELECT ${fk} FROM ${tableByName(model, a.table).table}${cond.length ? ` WHERE ${cond.join(' AND ')}` : ''})`);
  }

  const select: string[] = [];
  const groupBy: string[] = [];
  const grainAlias = q.grain;
  // "the last 10 days vs the 10 days before that": a row per part, named by its dates (which sort as time does).
  const blocks = q.periodBlocks && !q.grain && timeRef && q.period?.parts?.length === 2 ? q.period.parts : undefined;
  if (blocks) {
    select.push(`multiIf(${c(timeRef!)} >= ${timeLiteral(q, blocks[1].from)}, ${literal(blockLabel(blocks[1]))}, ${literal(blockLabel(blocks[0]))}) AS period`);
    groupBy.push('period');
  }
  if (q.grain && timeRef) {
    select.push(`${bucketOf(q, q.grain, c(timeRef))} AS ${grainAlias}`);
    groupBy.push(grainAlias!);
  }
  for (const d of dims) {
    const e0 = d.expr(c);
    // "weekends vs weekdays": the group each row's value falls in, by the group's name.
    const vg = q.valueGroups?.dimension === d.name ? q.valueGroups : undefined;
    const e = vg ? `multiIf(${vg.groups.map((g) => `${dimCond({ kind: 'dimension', dimension: d.name, values: g.values, negate: false }, e0)}, ${literal(g.label)}`).join(', ')}, '')` : e0;
    if (e === d.name) { select.push(e); groupBy.push(e); } else { select.push(`${e} AS ${d.name}`); groupBy.push(d.name); }
  }
  if (opts.groupKey) {
    if (!reach(opts.groupKey.table)) notUnderstood(`${opts.groupKey.table} cannot be reached from ${base.name}`);
    const r = col(opts.groupKey.table, opts.groupKey.column);
    select.push(c(r) === opts.groupKey.column ? c(r) : `${c(r)} AS ${opts.groupKey.column}`);
    groupBy.push(opts.groupKey.column);
  }
  const scales = q.measures.map((m) => unitScale(model, m, q.inUnit));
  // "avg duration in seconds": the column is named in the unit shown (avg_duration_s, not avg_duration_ms).
  const aliases = q.measures.map((s, i) => {
    const a = measureAlias(model, s), sc = scales[i];
    if (!sc) return a;
    return /_(?:ms|s|min|h)$/.test(a) ? a.replace(/_(?:ms|s|min|h)$/, `_${sc.unit}`) : `${a}_${sc.unit}`;
  });
  // "avg duration in ms" of a figure the model already measures in ms asks for nothing; a figure with no time unit is refused.
  if (q.inUnit && scales.every((x) => !x) && !q.measures.some((m) => timeUnitOf(model, m))) {
    notUnderstood(`I can show a figure in ${q.inUnit === 's' ? 'seconds' : q.inUnit === 'min' ? 'minutes' : q.inUnit === 'h' ? 'hours' : 'milliseconds'} only when the semantic model gives it a time unit (as a duration in ms); ${q.measures.map((m) => measureLabel(model, m)).join(' and ')} has none`);
  }
  exprs.forEach((e, i) => select.push(`${scales[i] ? `${exprSql(e)} / ${scales[i]!.factor}` : exprSql(e)} AS ${aliases[i]}`));
  if (q.share && part && 'atom' in exprs[0]) {
    const a = exprs[0].atom;
    const partOf = q.sharePartValues ? { ...part.f, values: q.sharePartValues } : part.f;
    const cond = [shared ? '' : filterSql(a.filter), dimCond(partOf, part.expr(c))].filter(Boolean).join(' AND ');
    const fn = AGG_FN[a.agg as Exclude<Atom['agg'], Percentile>];
    if (!['sum', 'count', 'uniq'].includes(a.agg)) notUnderstood(`a share of ${measureLabel(model, q.measures[0])} is not a part of a whole`);
    const num = a.agg === 'count' ? `countIf(${cond})` : `${fn}If(${baseCol(a.column!)}, ${cond})`;
    const den = exprSql(exprs[0]);
    select.push(`${num} / ${den} AS share`);
    if (q.share === 'percent') select.push(`100 * ${num} / ${den} AS percent`);
  } else if (q.share) {
    // "cancelled orders by category as a share of all orders": the share of the first figure's own total would answer
    // another question than a share of the second figure; two figures with a share are refused.
    if (exprs.length > 1) notUnderstood(`A share of ${q.measures.map((m) => measureLabel(model, m)).join(' or of ')}? Ask one figure's share ("share of ${measureLabel(model, q.measures[0])} by …"), or a rate within each group ("as a share of all … in each …")`);
    const e = exprSql(exprs[0]);
    // "refund rate by device as a percentage": a rate is already a share of its own whole; rates of groups never add up
    // to a whole, so it is shown in percent, never as a share of their sum.
    if (!('atom' in exprs[0])) {
      const m0 = q.measures[0];
      if (m0.kind !== 'measure' || measureByName(model, m0.name).format !== 'percent') notUnderstood(`a share of ${measureLabel(model, m0)} is not a part of a whole`);
      if (q.share === 'percent') select.push(`100 * ${e} AS percent`);
    } else {
      select.push(`${e} / sum(${e}) OVER () AS share`);
      if (q.share === 'percent') select.push(`100 * ${e} / sum(${e}) OVER () AS percent`);
    }
  }

  const from = alias.size
    ? [`${base.table} AS ${alias.get(base.name)}`, ...joins.map((j) => `INNER JOIN ${j.table.table} AS ${alias.get(j.table.name)} ON ${Object.entries(j.on)
      .map(([a, b]) => `${alias.get(base.name)}.${a} = ${alias.get(j.table.name)}.${b}`).join(' AND ')}`)].join('\n')
    : base.table;

  // "which country has the highest share of its signups from paid": a part's share in each group is the figure ranked.
  const rankBy = q.share && part ? 'share' : aliases[0];
  let orderBy: string[] = [];
  if (q.order) orderBy = [`${rankBy} ${q.order.toUpperCase()}`];
  else if (groupBy.length && (grainAlias || blocks)) orderBy = q.timeOrder === 'desc' && grainAlias ? groupBy.map((g) => (g === grainAlias ? `${g} DESC` : g)) : groupBy;
  // Derived breakdowns (hour of day, signup month) read in their own order; columns rank by the figure.
  // Hours, weekdays, quantities: dimensions whose values are numbers in their own order read best in that order.
  else if (dims.length && dims.every((d) => { const x = model.dimensions.find((y) => y.name === d.name); return !!x?.expr || !!x?.byColumn; })) orderBy = groupBy;
  else if (dims.length) orderBy = [`${rankBy} DESC`];

  const lines = [`SELECT ${select.join(', ')}`, `FROM ${from}`];
  if (where.length) lines.push(`WHERE ${where.join('\n  AND ')}`);
  if (groupBy.length) lines.push(`GROUP BY ${groupBy.join(', ')}`);
  const having = (q.having ?? []).map((h) => {
    const i = q.measures.findIndex((m) => JSON.stringify(m) === JSON.stringify(h.measure));
    return `${i >= 0 && !scales[i] ? aliases[i] : exprSql(expand(model, h.measure))} ${h.op} ${sqlNumber(h.value)}`;
  });
  if (opts.keyHaving) having.push(`${aliases[0]} ${opts.keyHaving.op} ${sqlNumber(opts.keyHaving.value)}`);
  if (having.length) {
    if (!groupBy.length) notUnderstood('a threshold on a figure needs a breakdown to apply to');
    lines.push(`HAVING ${having.join(' AND ')}`);
  }
  if (orderBy.length) lines.push(`ORDER BY ${orderBy.join(', ')}`);
  const limitBy = (q.limitBy ?? []).filter((g) => groupBy.includes(g));
  if (q.limit !== undefined) lines.push(`LIMIT ${q.limit}${limitBy.length ? ` BY ${limitBy.join(', ')}` : ''}`);

  const tables = [base.table, ...joins.map((j) => j.table.table)];
  const columns: ColumnDisplay[] = [];
  if (q.grain && timeRef) columns.push({ name: q.grain, displayName: cap(q.grain), format: q.grain === 'hour' ? 'datetime' : 'date' });
  if (blocks) columns.push({ name: 'period', displayName: 'Period', format: 'text' });
  for (const d of dims) {
    const md = model.dimensions.find((x) => x.name === d.name)!;
    columns.push({ name: d.name, displayName: md.displayName ?? cap(md.label ?? d.name.replace(/_/g, ' ')), format: q.valueGroups?.dimension === d.name ? 'text' : md.format ?? (md.expr ? 'integer' : 'text') });
  }
  if (opts.groupKey) columns.push({ name: opts.groupKey.column, displayName: cap(opts.groupKey.column.replace(/_/g, ' ')), format: 'text' });
  q.measures.forEach((m, i) => {
    const d = measureDisplay(model, m);
    const sc = scales[i];
    columns.push({ name: aliases[i], ...d, ...(sc ? { displayName: `${d.displayName.replace(/\s*\([^)]*\)\s*$/, '')} (${sc.unit})`, format: 'decimal(2)' } : {}) });
  });
  if (q.share) {
    // Rates and shares are fractions (0.25, shown as 25 %); asked "in percent", the number of percent is added after it.
    columns.push({ name: 'share', displayName: 'Share', format: 'percent' });
    if (q.share === 'percent') columns.push({ name: 'percent', displayName: 'Percent', format: 'decimal(1)' });
  }
  return {
    sql: lines.join('\n'),
    columns,
    tables,
    timeColumn: base.time ? `${base.table}.${base.time}` : undefined,
    title: titleOf(model, q),
    chartHint: q.chart ?? chartFor(q),
  };
}

export { measureDisplay, titleOf } from './compile-display.ts';
