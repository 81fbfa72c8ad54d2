/**
 * A rule's query as a time series: one value per period of the rule's
 * granularity, over a window. Everything runs through the product's answer
 * pipeline (`Answerer.ask`: query agent → SQL guard → warehouse), so a rule
 * reads exactly what a person asking in chat could read.
 *
 * How a question becomes a series: the question is asked with the period
 * words the query agent understands appended — "<question> by <hour|day|week|
 * month> since <first day>" (or "between <first day> and <last day>" when the
 * window ends before now). The answer must be that series: exactly two
 * columns, the first a Date/DateTime bucket made by the grain's function
 * (toStartOfHour, toDate, toStartOfWeek(…, 1), toStartOfMonth — checked in the
 * SQL the agent produced), the second a number, and the period the agent read
 * must be the one asked (a question that names its own period, or groups by
 * something else, is refused in one line). A period with no row has no data.
 *
 * SQL: the SELECT returns (time, value) rows — each row's time is put in the
 * period containing it — or one value. `{from}` and `{to}` in the SQL are
 * replaced with the bounds as `toDateTime('…', 'UTC')`: for (time, value) SQL
 * the window's bounds, for one-value SQL each period's (one query per period).
 */
import { DatalabsError, isDatalabsError, type ErrorCode } from '../../bot/contracts/errors.ts';
import type { AlertRule } from '../rules/rule.ts';
import { addPeriods, describeGranularity, grainOf, periodsBetween, periodStart, type Granularity } from '../rules/schedule.ts';

/** What the series needs of an answer (structurally `Answer` of bot/core/answer). */
export interface SeriesAnswer {
  sql: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
  truncated: boolean;
  period?: { from: string; to: string; label: string };
  /** Only compiled (asked with `sqlOnly`): `sql` is what would run, nothing ran. */
  showSql?: boolean;
}

/**
 * The answer pipeline (structurally `Answerer`): question or SQL → guarded SQL → rows. `sqlOnly`: a question the
 * query agent reads is compiled and guarded, not run (the answer has `showSql`); anything else runs as usual.
 * `timezone`: the IANA zone the query agent reads a question's periods in (absent: UTC).
 */
export interface SeriesSource {
  ask(input: { text: string; now: Date; chart?: boolean; sqlOnly?: boolean; timezone?: string }): Promise<SeriesAnswer>;
}

export interface Series {
  /** Value per period start (ms); a period without a row is absent. */
  values: Map<number, number>;
  /** The guarded SQL that ran. */
  sql: string[];
}

/** At most this many one-value queries for one backtest. */
export const MAX_PERIOD_QUERIES = 1_000;

export const queryError = (code: ErrorCode, message: string) => new DatalabsError(code, `query: ${message}`);

const GRAIN_FUNCTION: Record<string, RegExp> = {
  hour: /\btoStartOfHour\s*\(/i,
  day: /\btoDate\s*\(/i,
  week: /\btoStartOfWeek\s*\(/i,
  month: /\btoStartOfMonth\s*\(/i,
};

const TIME_TYPE = /^(?:Nullable\()?(?:LowCardinality\()?(Date|Date32|DateTime|DateTime64)\b/;
const NUMBER_TYPE = /^(?:Nullable\()?(U?Int\d+|Float\d+|Decimal)/;

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const isoDateTime = (ms: number) => {
  const d = new Date(ms);
  return `${isoDay(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
/** A DateTime literal in UTC. */
export const sqlTime = (ms: number) => `toDateTime('${isoDateTime(ms)}', 'UTC')`;

/** Epoch ms of a ClickHouse Date / DateTime value as the warehouse returns it (UTC); NaN when not one. */
export function parseChTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string') return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?(Z)?$/.exec(v.trim());
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ? Math.round(Number(m[7]) * 1000) : 0);
}

function toNumber(v: unknown): number | undefined {
  if (v === null || v === undefined) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'bigint' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Runs one text through the pipeline; its refusal becomes one `query: …` line with the pipeline's code. */
async function ask(source: SeriesSource, text: string, now: Date): Promise<SeriesAnswer> {
  try {
    return await source.ask({ text, now, chart: false });
  } catch (err) {
    if (isDatalabsError(err)) throw queryError(err.code, err.message.split('\n')[0]);
    throw err;
  }
}

/** The series of a question or SQL rule over [from, to): `to` is at most `now`. */
export async function fetchSeries(rule: AlertRule, source: SeriesSource, window: { from: number; to: number; now: Date; live?: boolean }): Promise<Series> {
  if (rule.source === 'question') return questionSeries(rule, source, window);
  if (rule.source === 'sql') return sqlSeries(rule, source, window);
  throw new DatalabsError('BAD_INPUT', 'query: this rule has no query');
}

async function questionSeries(rule: AlertRule, source: SeriesSource, w: { from: number; to: number; now: Date }): Promise<Series> {
  const grain = grainOf(rule.granularity);
  if (!grain) throw new DatalabsError('BAD_INPUT', `every: a question is evaluated by hour, day, week or month, not ${describeGranularity(rule.granularity)}`);
  const fromDay = isoDay(w.from);
  const untilNow = w.to >= w.now.getTime();
  const text = `${rule.query.trim().replace(/[?.!]+$/, '')} by ${grain} ${untilNow ? `since ${fromDay}` : `between ${fromDay} and ${isoDay(w.to - 1)}`}`;
  const answer = await ask(source, text, w.now);
  if (answer.period && answer.period.from.slice(0, 10) !== fromDay) {
    throw queryError('BAD_INPUT', `the question names its own period ("${answer.period.label}"); leave it out — the rule's schedule sets the periods`);
  }
  const [time, value, ...more] = answer.columns;
  if (!time || !TIME_TYPE.test(time.type) || !GRAIN_FUNCTION[grain].test(answer.sql)) {
    throw queryError('BAD_INPUT', `asked as "${text}", the question did not give a value per ${grain} (the SQL does not group by ${grain}); name one figure, e.g. "refund rate on mobile"`);
  }
  if (!value || more.length || !NUMBER_TYPE.test(value.type)) {
    const extra = answer.columns.slice(1, -1).map((c) => c.name).join(', ');
    throw queryError('BAD_INPUT', `the question gives ${more.length ? `one series per ${extra}` : 'no number'} per ${grain}; an alert watches one number (filter instead of grouping, e.g. "revenue on mobile")`);
  }
  if (answer.truncated) throw queryError('BAD_INPUT', 'the series was cut at the row limit; backtest a shorter window');
  return { values: toValues(rule.granularity, answer, w, false), sql: [answer.sql] };
}

function toValues(g: Granularity, answer: SeriesAnswer, w: { from: number; to: number }, strict: boolean): Map<number, number> {
  const values = new Map<number, number>();
  for (const row of answer.rows) {
    const t = parseChTime(row[0]);
    if (!Number.isFinite(t)) throw queryError('BAD_INPUT', `cannot read the time "${String(row[0])}" of a row`);
    const start = periodStart(g, t);
    if (start < w.from || start >= w.to) continue;
    const v = toNumber(row[1]);
    if (v === undefined) continue;
    if (strict && values.has(start)) throw queryError('BAD_INPUT', `the SQL returned two rows for the period starting ${new Date(start).toISOString()}; return one (time, value) row per ${describeGranularity(g)}`);
    values.set(start, (values.get(start) ?? 0) + v);
  }
  return values;
}

const PLACEHOLDER = /\{(from|to)\}/g;
const substitute = (sql: string, from: number, to: number) => sql.replace(PLACEHOLDER, (_m, k: string) => sqlTime(k === 'from' ? from : to));

/** Shape of a SQL answer: a (time, value) series or a single value. */
function shapeOf(answer: SeriesAnswer): 'series' | 'single' {
  const [a, b] = answer.columns;
  if (a && b && TIME_TYPE.test(a.type)) {
    if (!NUMBER_TYPE.test(b.type)) throw queryError('BAD_INPUT', `the second column "${b.name}" is ${b.type}, not a number; return (time, value) rows or one value`);
    return 'series';
  }
  if (answer.columns.length === 1 && answer.rows.length <= 1 && (NUMBER_TYPE.test(a.type) || answer.rows.length === 0)) return 'single';
  throw queryError('BAD_INPUT', `the SQL returns ${answer.columns.length} column(s) (${answer.columns.map((c) => `${c.name} ${c.type}`).join(', ')}); return (time, value) rows, or one row with one number`);
}

async function sqlSeries(rule: AlertRule, source: SeriesSource, w: { from: number; to: number; now: Date; live?: boolean }): Promise<Series> {
  const hasPlaceholders = /\{(from|to)\}/.test(rule.query);
  const first = await ask(source, substitute(rule.query, w.from, w.to), w.now);
  if (shapeOf(first) === 'series') {
    if (first.truncated) throw queryError('BAD_INPUT', 'the SQL returned more rows than the row limit; bound it to the window with {from} and {to}');
    return { values: toValues(rule.granularity, first, w, true), sql: [first.sql] };
  }
  if (!hasPlaceholders) {
    // Live, a one-value SELECT (e.g. over `now() - INTERVAL 1 HOUR`) is the latest period's value.
    const v = toNumber(first.rows[0]?.[0]);
    if (w.live) return { values: new Map(v === undefined ? [] : [[periodStart(rule.granularity, w.to - 1), v]]), sql: [first.sql] };
    throw queryError('BAD_INPUT', 'the SQL returns one value, so it cannot be evaluated over past periods: return (time, value) rows, or bound it with {from} and {to}');
  }
  const periods = periodsBetween(rule.granularity, w.from, w.to);
  if (periods.length > MAX_PERIOD_QUERIES) throw queryError('BAD_INPUT', `one-value SQL runs once per period and this window has ${periods.length} (at most ${MAX_PERIOD_QUERIES}); return (time, value) rows instead`);
  const values = new Map<number, number>();
  const sql: string[] = [];
  for (const start of periods) {
    const answer = await ask(source, substitute(rule.query, start, addPeriods(rule.granularity, start, 1)), w.now);
    if (shapeOf(answer) !== 'single') throw queryError('BAD_INPUT', 'the SQL changed shape between periods');
    if (!sql.length) sql.push(answer.sql);
    const v = toNumber(answer.rows[0]?.[0]);
    if (v !== undefined) values.set(start, v);
  }
  return { values, sql };
}

/** One series per value of a dimension (anomaly rules `by <dimension>`). */
export interface SplitSeries {
  /** Value per period start, per dimension value. */
  byKey: Map<string, Map<number, number>>;
  sql: string[];
}

/**
 * The series of an anomaly rule split by a dimension: a question is asked as
 * "<question> by <grain> by <dimension> since <first day>" and must give
 * (bucket, dimension value, number) rows; SQL must return (time, key, value)
 * rows bounded with {from}/{to}.
 */
export async function fetchSplitSeries(rule: AlertRule, source: SeriesSource, w: { from: number; to: number; now: Date }, dimension: string): Promise<SplitSeries> {
  let answer: SeriesAnswer;
  if (rule.source === 'question') {
    const grain = grainOf(rule.granularity);
    if (!grain) throw new DatalabsError('BAD_INPUT', `every: a question is evaluated by hour, day, week or month, not ${describeGranularity(rule.granularity)}`);
    const fromDay = isoDay(w.from);
    const untilNow = w.to >= w.now.getTime();
    const text = `${rule.query.trim().replace(/[?.!]+$/, '')} by ${grain} by ${dimension.replace(/_/g, ' ')} ${untilNow ? `since ${fromDay}` : `between ${fromDay} and ${isoDay(w.to - 1)}`}`;
    answer = await ask(source, text, w.now);
    if (answer.period && answer.period.from.slice(0, 10) !== fromDay) {
      throw queryError('BAD_INPUT', `the question names its own period ("${answer.period.label}"); leave it out — the rule's schedule sets the periods`);
    }
    if (!answer.columns[0] || !TIME_TYPE.test(answer.columns[0].type) || !GRAIN_FUNCTION[grain].test(answer.sql)) {
      throw queryError('BAD_INPUT', `asked as "${text}", the question did not give a value per ${grain}; name one figure, e.g. "refund rate"`);
    }
  } else if (rule.source === 'sql') {
    if (!/\{(from|to)\}/.test(rule.query)) throw queryError('BAD_INPUT', 'an anomaly rule split by a dimension needs SQL returning (time, key, value) rows bounded with {from} and {to}');
    answer = await ask(source, substitute(rule.query, w.from, w.to), w.now);
  } else {
    throw new DatalabsError('BAD_INPUT', 'query: this rule has no query');
  }
  const [time, key, value, ...more] = answer.columns;
  if (!time || !TIME_TYPE.test(time.type) || !key || !value || more.length || !NUMBER_TYPE.test(value.type)) {
    throw queryError('BAD_INPUT', `split by ${dimension}, the query must give (time, ${dimension}, number) rows; it gives ${answer.columns.map((c) => c.name).join(', ') || 'no columns'}`);
  }
  if (answer.truncated) throw queryError('BAD_INPUT', 'the series was cut at the row limit; backtest a shorter window or split by a dimension with fewer values');
  const byKey = new Map<string, Map<number, number>>();
  for (const row of answer.rows) {
    const t = parseChTime(row[0]);
    if (!Number.isFinite(t)) throw queryError('BAD_INPUT', `cannot read the time "${String(row[0])}" of a row`);
    const start = periodStart(rule.granularity, t);
    const v = toNumber(row[2]);
    if (start < w.from || start >= w.to || v === undefined) continue;
    const k = String(row[1]);
    let m = byKey.get(k);
    if (!m) byKey.set(k, (m = new Map()));
    m.set(start, (m.get(start) ?? 0) + v);
  }
  return { byKey, sql: [answer.sql] };
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Freshness: the newest row time at each period end. Reads the table's time
 * column (the one named, else its first DateTime column) through the
 * pipeline: the latest time per bucket (an hour, or the period when shorter;
 * a day for monthly rules) in the window, and the latest before it.
 * Returns, per period start, the age in seconds at the period's end
 * (Infinity when the table had no row yet).
 */
export async function fetchFreshness(rule: AlertRule, source: SeriesSource, w: { from: number; to: number; now: Date }): Promise<Series> {
  if (rule.condition.kind !== 'freshness') throw new Error('not a freshness rule');
  const { table } = rule.condition;
  let column = rule.condition.column;
  const sql: string[] = [];
  const [db, tbl] = table.split('.');
  if (!IDENT.test(db) || !IDENT.test(tbl)) throw new DatalabsError('BAD_INPUT', `condition: "${table}" is not a table name`);
  if (!column) {
    const probe = await ask(source, `SELECT * FROM ${table} LIMIT 0`, w.now);
    const found = probe.columns.find((c) => /^(?:Nullable\()?DateTime/.test(c.type)) ?? probe.columns.find((c) => TIME_TYPE.test(c.type));
    if (!found) throw new DatalabsError('BAD_INPUT', `condition: ${table} has no Date or DateTime column; name one: freshness of ${table}.<column> > 1h`);
    column = found.name;
  }
  if (!IDENT.test(column)) throw new DatalabsError('BAD_INPUT', `condition: "${column}" is not a column name`);
  const g = rule.granularity;
  const bucketS = g.kind === 'month' ? 86_400 : Math.min(g.ms, 3_600_000) / 1000;
  const col = `toDateTime(${column})`;
  const before = await ask(source, `SELECT max(${col}) AS latest FROM ${table} WHERE ${col} < ${sqlTime(w.from)}`, w.now);
  const inWindow = await ask(source, `SELECT max(${col}) AS latest FROM ${table} WHERE ${col} >= ${sqlTime(w.from)} AND ${col} < ${sqlTime(w.to)} GROUP BY intDiv(toUnixTimestamp(${col}), ${bucketS}) ORDER BY latest`, w.now);
  sql.push(before.sql, inWindow.sql);
  if (inWindow.truncated) throw queryError('BAD_INPUT', 'too many buckets for the row limit; backtest a shorter window');
  const latestBefore = parseChTime(before.rows[0]?.[0]);
  const times = inWindow.rows.map((r) => parseChTime(r[0])).filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const values = new Map<number, number>();
  let last = Number.isFinite(latestBefore) && latestBefore > 0 ? latestBefore : -Infinity;
  let i = 0;
  for (const start of periodsBetween(g, w.from, w.to)) {
    const end = addPeriods(g, start, 1);
    while (i < times.length && times[i] < end) last = Math.max(last, times[i++]);
    values.set(start, Number.isFinite(last) ? Math.round((end - last) / 1000) : Infinity);
  }
  return { values, sql };
}
