/**
 * Grouped evaluation across rules: rules whose SQL reads the same table with
 * the same time bucket and period, differing only in their filter and
 * aggregate, are evaluated together in ONE ClickHouse query with `-If`
 * combinators over the rules' filters:
 *
 *   SELECT toStartOfMinute(ts) AS t, sum(v) AS v FROM demo.m WHERE k = 1 AND ts >= A AND ts < B GROUP BY t
 *   SELECT toStartOfMinute(ts) AS t, sum(v) AS v FROM demo.m WHERE k = 2 AND ts >= A AND ts < B GROUP BY t
 *     → SELECT toStartOfMinute(ts) AS t, sumIf(v, k = 1) AS v0, countIf(k = 1) AS n0,
 *              sumIf(v, k = 2) AS v1, countIf(k = 2) AS n1 FROM demo.m WHERE ts >= A AND ts < B GROUP BY t ORDER BY t
 *
 * A figure may be arithmetic over aggregates — a ratio such as refund rate,
 * `countIf(status = 'refunded') / count()` — each aggregate taking the rule's
 * filter: `countIf((status = 'refunded') AND (f)) / countIf(f)`, divided in
 * ClickHouse exactly as the rule's own query would.
 *
 * Rules written as a question ("refund rate on mobile") are compiled first,
 * not run: the pipeline is asked with `sqlOnly` (the query agent's compile
 * path, as "show the SQL"), and the SQL it would run joins a group like any
 * rule's SQL. Each such rule gets its own SQL and period back with its rows,
 * so it reads as its own answer. A question the agent does not read (Claude
 * or the insight agent answered it) has run already: that answer is used.
 *
 * Each rule gets its own rows back (a bucket where its filter matched no row
 * is absent, as in its own query: no data stays no data). The combined query
 * goes through the same pipeline (the guard) as each rule's would. Members
 * are learned from the rules' own asks; a query of another shape passes
 * through unchanged. The result of a period is kept so the group's other
 * rules, evaluated later in the period (hash jitter), read it: `ttlMs`, or the
 * most a rule of its bucket's rhythm is shifted (half the period, at most 5
 * minutes) and a minute more, whichever is longer — hourly rules spread over
 * 5 minutes share one query (a rule read late in its spread sees the data as
 * of the query, as if it had been evaluated first).
 */
import type { SeriesAnswer, SeriesSource } from '../backtest/index.ts';
import { maxJitterMs } from '../scheduler/index.ts';

/** One rule's query, understood. */
interface Member {
  /** The rule's query without its period bounds: the same for every period. */
  id: string;
  /** `sumIf(v, (k = 1))` … the figure over the rule's filter (aggregates, or arithmetic over them). */
  aggregate: string;
  /** The rule's filter (`1` when none). */
  filter: string;
  timeAlias: string;
  valueAlias: string;
}

interface Shape {
  /** table | bucket | time column: what rules must share. */
  group: string;
  /** The group plus the period's bounds: what one combined query answers. */
  key: string;
  bucket: string;
  table: string;
  bounds: string;
  member: Member;
}

export interface GroupingSource extends SeriesSource {
  /**
   * Queries sent down / rule asks answered from a combined query / asks passed through unchanged / questions
   * compiled (not run) to find their group.
   */
  readonly stats: { queries: number; grouped: number; passthrough: number; compiled: number };
}

const AGGREGATES = new Set(['count', 'sum', 'avg', 'min', 'max', 'uniq', 'uniqExact', 'median', 'countIf', 'sumIf', 'avgIf', 'minIf', 'maxIf', 'uniqIf', 'uniqExactIf', 'medianIf']);
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
/** SQL sent as is (the pipeline's own test: `/sql …`, SELECT, WITH); anything else is a question. */
const SQL_TEXT = /^\s*(?:\/sql\b|select\b|with\b|\()/i;
const SHAPE = new RegExp(
  `^\\s*SELECT\\s+(${IDENT}\\(\\s*(${IDENT})(?:\\s*,\\s*(?:\\d+|'[A-Za-z0-9_/+-]*'))*\\s*\\))\\s+AS\\s+(${IDENT})\\s*,\\s*(.+?)\\s+AS\\s+(${IDENT})\\s+FROM\\s+(${IDENT}(?:\\.${IDENT})?)\\s+WHERE\\s+(.+?)\\s+GROUP\\s+BY\\s+(${IDENT})(?:\\s+ORDER\\s+BY\\s+(${IDENT}))?\\s*;?\\s*$`,
  'is',
);

/** Splits on top-level `sep` (outside parentheses and quotes), case-insensitive. */
function splitTop(text: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) {
      const m = sep.exec(text.slice(i));
      if (m && m.index === 0) {
        out.push(text.slice(last, i));
        i += m[0].length - 1;
        last = i + 1;
      }
    }
  }
  if (quote || depth !== 0) return [text];
  out.push(text.slice(last));
  return out.map((s) => s.trim());
}

/** `fn(args)` as the aggregate over `filter`, or undefined for anything else. */
function withFilter(expr: string, filter: string): string | undefined {
  const m = new RegExp(`^(${IDENT})\\((.*)\\)$`, 's').exec(expr.trim());
  if (!m || !AGGREGATES.has(m[1])) return undefined;
  const fn = m[1];
  const args = m[2].trim();
  if (args.includes('(') && splitTop(args, /^,/).some((a) => /\b(SELECT|FROM)\b/i.test(a))) return undefined;
  const parts = args ? splitTop(args, /^,/) : [];
  if (fn === 'count') return parts.length === 0 || parts[0] === '*' ? `countIf(${filter})` : undefined;
  if (fn === 'countIf') return parts.length === 1 ? `countIf((${parts[0]}) AND (${filter}))` : undefined;
  if (fn.endsWith('If')) return parts.length === 2 ? `${fn}(${parts[0]}, (${parts[1]}) AND (${filter}))` : undefined;
  return parts.length === 1 ? `${fn}If(${parts[0]}, ${filter})` : undefined;
}

/**
 * A figure over `filter`: one aggregate, or arithmetic (+ - * /) over aggregates and numbers, each aggregate
 * taking the filter (`countIf(x) / count()` → `countIf((x) AND (f)) / countIf(f)`); undefined for anything else.
 */
function figureWithFilter(expr: string, filter: string): string | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let last = 0;
  const text = expr.trim();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && '+-*/'.includes(c)) {
      parts.push(text.slice(last, i), c);
      last = i + 1;
    }
  }
  if (quote || depth !== 0) return undefined;
  parts.push(text.slice(last));
  let aggregates = 0;
  const out: string[] = [];
  for (const [i, raw] of parts.entries()) {
    const p = raw.trim();
    if (i % 2 === 1) { out.push(` ${p} `); continue; }
    if (/^\d+(?:\.\d+)?$/.test(p)) { out.push(p); continue; }
    const inner = /^\((.*)\)$/s.exec(p);
    const rewritten = inner ? figureWithFilter(inner[1], filter) : withFilter(p, filter);
    if (!rewritten) return undefined;
    aggregates++;
    out.push(inner ? `(${rewritten})` : rewritten);
  }
  return aggregates && parts.length % 2 === 1 ? out.join('') : undefined;
}

/** The query's shape when it can join a group, else undefined. */
export function shapeOf(text: string): Shape | undefined {
  const m = SHAPE.exec(text);
  if (!m) return undefined;
  const [, bucket, timeCol, timeAlias, aggregate, valueAlias, table, where, groupBy, orderBy] = m;
  if (groupBy !== timeAlias || (orderBy !== undefined && orderBy !== timeAlias)) return undefined;
  const conjuncts = splitTop(where, /^\s+AND\s+/i);
  const isBound = (c: string, op: string) => new RegExp(`^${timeCol}\\s*${op}\\s*toDateTime\\('[^']+'(?:\\s*,\\s*'UTC')?\\)$`).test(c);
  const lower = conjuncts.filter((c) => isBound(c, '>='));
  // A question's period that ends now is inclusive (`<=`).
  const upper = conjuncts.filter((c) => isBound(c, '<=?'));
  if (lower.length !== 1 || upper.length !== 1) return undefined;
  const rest = conjuncts.filter((c) => c !== lower[0] && c !== upper[0]);
  if (rest.some((c) => /\b(SELECT|FROM|JOIN)\b/i.test(c))) return undefined;
  const filter = rest.length ? rest.map((c) => `(${c})`).join(' AND ') : '1';
  const agg = figureWithFilter(aggregate, filter);
  if (!agg) return undefined;
  const bounds = `${lower[0]} AND ${upper[0]}`;
  const group = `${table}|${bucket}|${timeCol}`;
  return { group, key: `${group}|${bounds}`, bucket, table, bounds, member: { id: `${agg}|${filter}|${timeAlias}|${valueAlias}`, aggregate: agg, filter, timeAlias, valueAlias } };
}

/** The period of a bucket function (toStartOfHour → an hour); a month or longer counts as a week (the jitter caps at 5 minutes). */
function bucketMs(bucket: string): number {
  const fn = /^(\w+)\(/.exec(bucket)?.[1] ?? '';
  const unit = /Second/.test(fn) ? 1_000 : /FiveMinutes?|FiveMinute/.test(fn) ? 300_000 : /FifteenMinutes/.test(fn) ? 900_000 : /Minute/.test(fn) ? 60_000 : /Hour/.test(fn) ? 3_600_000 : /Week|Month|Quarter|Year/.test(fn) ? 604_800_000 : /Day|^toDate$/.test(fn) ? 86_400_000 : 60_000;
  return unit;
}

/** The combined query of `members` (same group and bounds). */
export function combinedSql(shape: Pick<Shape, 'bucket' | 'table' | 'bounds'>, members: readonly Member[]): string {
  const cols = members.map((m, i) => `${m.aggregate} AS v${i}, countIf(${m.filter}) AS n${i}`);
  return `SELECT ${shape.bucket} AS t, ${cols.join(', ')} FROM ${shape.table} WHERE ${shape.bounds} GROUP BY t ORDER BY t`;
}

/**
 * `maxWaitMs` (default 250, real time): how long a combined query may wait for questions still being compiled
 * (the members of one tick asking at once join it; a steady stream of compiles does not hold it longer).
 */
export function groupingSource(source: SeriesSource, o: { now?: () => number; ttlMs?: number; maxMembers?: number; maxGroups?: number; maxWaitMs?: number } = {}): GroupingSource {
  const clock = o.now ?? Date.now;
  const maxWaitMs = o.maxWaitMs ?? 250;
  /** Questions being compiled now, and the combined queries waiting for them. */
  let compiling = 0;
  let waiting: Array<() => void> = [];
  const afterCompiles = (fn: () => void) => (compiling === 0 ? fn() : waiting.push(fn));
  const compiled = () => {
    if (--compiling > 0) return;
    const due = waiting;
    waiting = [];
    for (const fn of due) fn();
  };
  const ttl = o.ttlMs ?? 90_000;
  const maxMembers = o.maxMembers ?? 200;
  const maxGroups = o.maxGroups ?? 10_000;
  const stats = { queries: 0, grouped: 0, passthrough: 0, compiled: 0 };
  /** Members learned per group (insertion order), in chunks of `maxMembers`. */
  const known = new Map<string, Map<string, Member>>();
  /**
   * Combined answers per (group, bounds, chunk). An entry is open (members may still join) until
   * its query starts, on the next turn of the event loop: the rules of one tick asking at once share it.
   */
  interface Combined {
    at: number;
    /** How long the group's other rules read it. */
    keepMs: number;
    members: Member[];
    ids: Set<string>;
    answer: Promise<SeriesAnswer>;
    open: boolean;
  }
  const results = new Map<string, Combined>();

  /** The member's own answer out of the combined one; `own`: its compiled question (its SQL and period). */
  function split(all: SeriesAnswer, index: number, m: Member, sql: string, own?: SeriesAnswer): SeriesAnswer {
    const [tCol] = all.columns;
    const vCol = all.columns[1 + index * 2];
    const rows = all.rows.filter((r) => Number(r[2 + index * 2]) > 0).map((r) => [r[0], r[1 + index * 2]]);
    const period = own ? own.period : all.period;
    return { sql: own?.sql ?? sql, columns: [{ name: m.timeAlias, type: tCol.type }, { name: m.valueAlias, type: vCol.type }], rows, truncated: all.truncated, ...(period ? { period } : {}) };
  }

  function start(shape: Shape, members: Member[], now: Date, t: number, key: string): Combined {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const entry: Combined = {
      at: t,
      keepMs: Math.max(ttl, maxJitterMs(bucketMs(shape.bucket)) + 60_000),
      members,
      ids: new Set(members.map((m) => m.id)),
      open: true,
      answer: gate.then((): Promise<SeriesAnswer> => {
        entry.open = false;
        stats.queries++;
        return source.ask({ text: combinedSql(shape, entry.members), now, chart: false });
      }),
    };
    // Open until the next turn of the event loop, and while questions are being compiled (they may join it), at most `maxWaitMs`.
    setImmediate(() => afterCompiles(release));
    setTimeout(release, maxWaitMs).unref?.();
    results.set(key, entry);
    entry.answer.catch(() => results.delete(key));
    for (const [k, v] of results) if (t - v.at >= v.keepMs) results.delete(k);
    return entry;
  }

  return {
    stats,
    async ask(input) {
      const question = !input.chart && !input.sqlOnly && !SQL_TEXT.test(input.text);
      if (!question) return join(input, input.chart || input.sqlOnly ? undefined : shapeOf(input.text));
      // A question: its SQL, compiled and guarded but not run, may join a group.
      compiling++;
      let done = false;
      try {
        const own = await source.ask({ ...input, chart: false, sqlOnly: true });
        stats.compiled++;
        if (!own.showSql) {
          // Answered another way (Claude, the insight agent): it ran already.
          stats.passthrough++;
          stats.queries++;
          return own;
        }
        const joined = join(input, shapeOf(own.sql), own);
        done = true;
        compiled();
        return await joined;
      } finally {
        if (!done) compiled();
      }
    },
  };

  /**
   * Answers `input` from the combined query of its group (joining the open one, or starting it), or runs it as
   * asked when it has no group shape. Joins synchronously: a compiled question is in its query before it is released.
   */
  function join(input: Parameters<SeriesSource['ask']>[0], shape: Shape | undefined, own?: SeriesAnswer): Promise<SeriesAnswer> {
    if (!shape) {
      stats.passthrough++;
      stats.queries++;
      return source.ask(input);
    }
    let members = known.get(shape.group);
    if (!members) {
      if (known.size >= maxGroups) known.delete(known.keys().next().value!);
      members = new Map();
      known.set(shape.group, members);
    }
    if (!members.has(shape.member.id)) members.set(shape.member.id, shape.member);
    const order = [...members.keys()];
    const chunk = Math.floor(order.indexOf(shape.member.id) / maxMembers);
    const key = `${shape.key}|${chunk}`;
    const t = clock();
    let entry: Combined | undefined = results.get(key);
    if (entry && t - entry.at >= entry.keepMs) entry = undefined;
    if (entry && !entry.ids.has(shape.member.id)) {
      if (entry.open && entry.members.length < maxMembers) {
        entry.members.push(shape.member);
        entry.ids.add(shape.member.id);
      } else entry = undefined;
    }
    const used = entry ?? start(shape, order.slice(chunk * maxMembers, (chunk + 1) * maxMembers).map((k) => members.get(k)!), input.now, t, key);
    return used.answer.then((all) => {
      stats.grouped++;
      return split(all, used.members.findIndex((m) => m.id === shape.member.id), shape.member, input.text, own);
    });
  }
}
