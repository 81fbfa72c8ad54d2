/**
 * The offline query agent: parse → complete or refine the semantic query →
 * compile. Refuses (NOT_UNDERSTOOD / NOT_SUPPORTED) rather than guessing.
 */
import { DatalabsError, isDatalabsError } from '../../bot/contracts/errors.ts';
import { DEFAULT_MAX_ROWS } from './bounds.ts';
import { compileQuery, measureByName } from './compiler.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { ChartHint, ConversationState, FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';
import { autoGrainFor } from './time-phrases.ts';
import { editDistance, stem } from './vocabulary.ts';

/** What the agent hands to the caller: SQL to run plus provenance and the next state. */
export interface AgentPlan {
  sql: string;
  /** Fully qualified tables read, e.g. demo.orders. */
  tables: string[];
  /** The period resolved to dates: from inclusive, to inclusive (a date, or a time when it ends now). */
  period?: { from: string; to: string; label: string };
  /** Fully qualified time column (demo.orders.order_time) for the freshness line. */
  timeColumn?: string;
  chartHint?: ChartHint;
  /** The user only asked to see the SQL of the previous answer. */
  showSql?: boolean;
  /** Headline such as "Revenue by month, last 30 days". */
  title: string;
  /**
   * The filters and period carried over from earlier turns, as short text ("device = mobile", "last 30 days");
   * empty when the question was answered as asked (a new question keeps nothing). Also on `state.kept`.
   */
  kept: string[];
  /** When something was kept: the one line that says so ("kept: device = mobile — say 'all devices' to drop it"). Also on `state.keptNote`. */
  keptNote?: string;
  /** Plain JSON, stored per thread, passed back on the next turn. */
  state: ConversationState;
}

export interface QueryAgent {
  /**
   * Throws DatalabsError NOT_UNDERSTOOD (what was not understood + what it can answer), NOT_SUPPORTED (write requests)
   * or BAD_INPUT (a row count, number or date out of range), always with a one-line message; never another error.
   */
  plan(question: string, ctx: { now: Date; state?: ConversationState }): AgentPlan;
}

/** What a state (an answer's) carried over from earlier turns, and the one line that says so; empty when nothing. */
export function keptOfState(state: ConversationState | undefined): { kept: string[]; note?: string } {
  const kept = state?.version === 1 && Array.isArray(state.kept) ? state.kept.filter((k) => typeof k === 'string') : [];
  return kept.length && typeof state?.keptNote === 'string' ? { kept, note: state.keptNote } : { kept };
}

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/**
 * Creates an agent over one or more semantic models (one per database). `maxRows` caps the row count a question
 * may ask for ("top N", "first N"); default 10,000.
 */
export function createQueryAgent(opts: { models: SemanticModel[]; maxRows?: number }): QueryAgent {
  if (opts.models.length === 0) throw new DatalabsError('CONFIG_INVALID', 'the query agent needs at least one semantic model');
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) throw new DatalabsError('CONFIG_INVALID', `the query agent's maxRows must be a whole number of 1 or more, got ${String(opts.maxRows)}`);
  return {
    plan(question, ctx) {
      try {
        const prev = ctx.state?.version === 1 ? ctx.state.query : undefined;
        const parsed = opts.models.map((model) => ({ model, p: parseQuestion(model, question, ctx.now, { maxRows }) }));
        const score = (x: { model: SemanticModel; p: ParsedQuestion }): number => x.p.measures.length * 2 + x.p.dimensions.length + x.p.filters.length
          - x.p.unknown.length * 3 + (prev && prev.model === x.model.name ? 0.5 : 0);
        const best = parsed.reduce((a, b) => (score(b) > score(a) ? b : a));
        const same = prev && prev.model === best.model.name;
        return planWith(best.model, best.p, question, ctx.now, same ? prev : undefined, maxRows, same ? ctx.state : undefined);
      } catch (err) {
        throw asRefusal(err);
      }
    },
  };
}

/**
 * Whatever went wrong while reading a question ends as a one-line DatalabsError: the agent's own refusals keep
 * their code (flattened to one line), anything unexpected (a RangeError from an odd number or date…) becomes
 * NOT_UNDERSTOOD without its stack, the original kept as `cause` for the log.
 */
function asRefusal(err: unknown): DatalabsError {
  if (isDatalabsError(err)) {
    if (!/[\r\n]/.test(err.message)) return err;
    return new DatalabsError(err.code, err.message.replace(/\s+/g, ' ').trim(), { cause: err });
  }
  return new DatalabsError('NOT_UNDERSTOOD', 'I could not read that question: check its numbers and dates (row counts from 1 up, dates as YYYY-MM-DD from 1970 on) and ask again.', { cause: err });
}

function capabilities(model: SemanticModel, word?: string): string {
  const rank = <T extends { name: string; label?: string }>(xs: T[]): string[] => {
    const names = xs.map((x) => x.label ?? x.name.replace(/_/g, ' '));
    if (!word) return names.slice(0, 8);
    const w = stem(word.toLowerCase());
    return [...names].sort((a, b) => editDistance(w, a, 20) - editDistance(w, b, 20)).slice(0, 6);
  };
  const dims = model.dimensions.filter((d) => !d.expr);
  return `I can answer about ${rank(model.measures.filter((m) => !['all_orders', 'dau', 'wau', 'mau'].includes(m.name))).join(', ')}; broken down by ${rank(dims).join(', ')} or by hour/day/week/month.`;
}

function planWith(model: SemanticModel, p: ParsedQuestion, question: string, now: Date, prev: SemanticQuery | undefined, maxRows: number, prevState?: ConversationState): AgentPlan {
  if (p.empty) notUnderstood(`The question is empty. ${capabilities(model)}`);
  if (p.write) throw new DatalabsError('NOT_SUPPORTED', 'I only read data: changing data or tables (delete, update, insert, drop…) is not supported here.');
  if (p.future) notUnderstood(`I cannot answer about the future ("${p.future}"): the data ends now. ${capabilities(model)}`);
  if (p.unknown.length) {
    const words = [...new Set(p.unknown)];
    notUnderstood(`I did not understand ${words.map((w) => `"${w}"`).join(', ')}. ${capabilities(model, words[0])}`);
  }
  if (p.unsupported) notUnderstood(`I cannot answer "${p.unsupported}" with this model: it defines no such figure. ${capabilities(model)}`);
  if (p.measureComparisons.length) notUnderstood(`Filtering groups by a measure ("${p.measureComparisons[0]}") is not supported yet. ${capabilities(model)}`);

  const hasContent = p.measures.length + p.dimensions.length + p.filters.length + p.numeric.length > 0 || !!p.period || !!p.grain
    || p.limit !== undefined || !!p.chart || !!p.clearFilters || !!p.clearPeriod || p.clearDimensionFilters.length > 0 || !!p.share || !!p.order;
  if (p.showSql && prev && p.measures.length === 0 && p.dimensions.length === 0 && p.filters.length === 0 && !p.period && !p.grain) {
    // Showing the SQL changes nothing: what the previous answer kept still stands.
    const plan = finish(model, prev, true, maxRows, []);
    const before = keptOfState(prevState);
    if (before.kept.length) {
      plan.kept = before.kept;
      plan.state.kept = plan.kept;
      if (before.note) { plan.keptNote = before.note; plan.state.keptNote = before.note; }
    }
    return plan;
  }
  if (p.showSql && !prev && !hasContent) notUnderstood('There is no previous answer to show the SQL of. Ask a question first.');
  // A message that names its own measure is a new question unless it is phrased as a refinement ("now revenue",
  // "same but orders") or only re-ranks the previous breakdown by it ("top 3 by orders": a ranking with nothing to rank).
  const reRanks = !!prev && (prev.dimensions.length > 0 || !!prev.grain) && (p.limit !== undefined || !!p.superlative || !!p.order)
    && p.dimensions.length === 0 && !p.grain && p.entities.every((e) => p.measures.some((m) => baseTableOf(model, m) === e));
  const followUp = !!prev && (p.measures.length === 0 || p.followUp || reRanks) && hasContent;
  if (!followUp) return shape(model, fresh(model, p), p, question, false, maxRows, prev);
  try {
    return shape(model, refine(model, prev!, p), p, question, true, maxRows, prev);
  } catch (err) {
    // A refinement that cannot apply changes nothing: say so, so the next message is read against the last answer.
    if (!isDatalabsError(err) || /previous answer stands/.test(err.message)) throw err;
    throw new DatalabsError(err.code, `${err.message.replace(/\s+/g, ' ').trim().replace(/[.;:,]$/, '')} — nothing was changed, the previous answer stands.`, { cause: err });
  }
}

/** Completes a fresh or refined query (defaults, grain, distinct counts) and compiles it. */
function shape(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string, followUp: boolean, maxRows: number, prev: SemanticQuery | undefined): AgentPlan {
  if (q.measures.length === 0) {
    notUnderstood(`I did not find what to measure in "${question.trim().slice(0, 80)}". ${capabilities(model)}`);
  }
  dropQualifiers(model, q, p);
  rehomeDistinct(model, q);
  resolveNumeric(model, q, p);
  countThroughFact(model, q);
  for (const m of q.measures) {
    if (m.kind === 'measure') {
      const grain = measureByName(model, m.name).grain;
      if (grain && !q.grain && !followUp) q.grain = grain;
    }
  }
  if (p.autoGrain && !q.grain) q.grain = autoGrainFor(q.period ? { from: new Date(`${q.period.from}Z`), to: new Date(`${q.period.to}Z`), toInclusive: false, label: '' } : undefined);
  const shaped = q.dimensions.length > 0 || !!q.grain;
  // "share of mobile orders": a share of one filtered figure against itself is always 100 %.
  if (q.share && !shaped && q.filters.length > 0) notUnderstood(`A share needs a breakdown to compare against; ask for it by ${q.filters[0].kind === 'dimension' ? q.filters[0].dimension.replace(/_/g, ' ') : 'a dimension'}. ${capabilities(model)}`);
  if (!shaped) { delete q.order; delete q.limit; delete q.limitBy; }
  return finish(model, q, !!p.showSql, maxRows, followUp ? keptFrom(model, prev!, q, p) : []);
}

function defaultMeasureFor(model: SemanticModel, dimension: string): MeasureSpec | undefined {
  const d = model.dimensions.find((x) => x.name === dimension);
  if (!d) return undefined;
  for (const t of model.tables) {
    if (!t.defaultMeasure) continue;
    const tablesReached = new Set([t.name, ...(model.joins ?? []).filter((j) => j.from === t.name).map((j) => j.to)]);
    if (d.expr ? !!t.time : (d.columns ?? []).some((c) => tablesReached.has(c.split('.')[0]))) return { kind: 'measure', name: t.defaultMeasure };
  }
  return undefined;
}

function applyOrdering(q: SemanticQuery, p: ParsedQuestion): void {
  if (p.limit !== undefined) { q.limit = p.limit; q.order = p.order ?? 'desc'; } else {
    if (p.order) q.order = p.order;
    if (p.superlative && (q.dimensions.length > 0 || q.grain)) {
      q.order = p.superlative;
      if (p.singular) q.limit = 1;
    }
  }
  applyLimitBy(q, p);
}

/** "the top 3 products per category", "top 3 categories each month": the limit is per group, not overall. */
function applyLimitBy(q: SemanticQuery, p: ParsedQuestion): void {
  delete q.limitBy;
  if (q.limit === undefined || !q.order) return;
  const per = (p.perDimensions ?? []).filter((d) => q.dimensions.includes(d));
  if (per.length > 0 && per.length < q.dimensions.length) q.limitBy = per;
  else if (q.grain && q.dimensions.length > 0) q.limitBy = [q.grain];
}

function fresh(model: SemanticModel, p: ParsedQuestion): SemanticQuery {
  const q: SemanticQuery = { model: model.name, measures: [...p.measures], dimensions: [...p.dimensions], filters: [...p.filters] };
  if (q.measures.length === 0) {
    const first = p.dimensions[0] ?? (p.filters[0]?.kind === 'dimension' ? undefined : undefined);
    const entityTable = p.entities[0] ? model.tables.find((t) => t.name === p.entities[0]) : undefined;
    const countOf = (table: string): MeasureSpec | undefined => {
      const c = model.measures.find((x) => x.table === table && x.agg === 'count' && !x.filter) ?? model.measures.find((x) => x.table === table && x.agg === 'count');
      return c ? { kind: 'measure', name: c.name } : undefined;
    };
    // "how many checkouts", "logins by device": a value of a one-table dimension, used as a noun, counts that table's rows.
    const nounTables = (p.valueNouns ?? []).map((v) => model.dimensions.find((d) => d.name === v.dimension))
      .filter((d) => d && !d.expr && d.columns?.length === 1).map((d) => d!.columns![0].split('.')[0]);
    const noun = !entityTable && nounTables.length > 0 && nounTables.every((t) => t === nounTables[0]) ? countOf(nounTables[0]) : undefined;
    const m = noun ?? (entityTable ? (p.countIntent ? countOf(entityTable.name) : undefined) ?? (entityTable.defaultMeasure ? { kind: 'measure' as const, name: entityTable.defaultMeasure } : undefined)
      : first ? defaultMeasureFor(model, first) : undefined);
    const money = p.howMuch ? model.measures.find((x) => x.format === 'currency' && x.agg !== 'ratio') : undefined;
    if (money) q.measures.push({ kind: 'measure', name: money.name });
    else if (m && (p.dimensions.length > 0 || p.superlative || p.limit !== undefined || entityTable || noun)) q.measures.push(m);
  }
  if (p.period) q.period = p.period;
  if (p.grain) q.grain = p.grain;
  if (p.share) q.share = p.share;
  if (p.chart) q.chart = p.chart;
  applyOrdering(q, p);
  return q;
}

function refine(model: SemanticModel, prev: SemanticQuery, p: ParsedQuestion): SemanticQuery {
  const q: SemanticQuery = JSON.parse(JSON.stringify(prev));
  if (p.measures.length) q.measures = [...p.measures];
  const shapeChanged = p.dimensions.length > 0 || !!p.grain;
  if (p.dimensions.length) {
    q.dimensions = p.addDimensions ? [...new Set([...q.dimensions, ...p.dimensions])] : [...p.dimensions];
    if (!p.addDimensions && !p.grain) delete q.grain;
    delete q.order; delete q.limit; delete q.limitBy;
  }
  // "by day instead": a new time bucket alone replaces the breakdown, as a new dimension alone replaces the bucket.
  if (p.grain && !p.dimensions.length && !p.addDimensions && q.dimensions.length) {
    q.dimensions = [];
    delete q.order; delete q.limit; delete q.limitBy;
  }
  if (p.grain) q.grain = p.grain;
  if (p.clearFilters) q.filters = [];
  q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && p.clearDimensionFilters.includes(f.dimension)));
  for (const f of p.filters) {
    if (f.kind !== 'dimension') continue;
    q.filters = q.filters.filter((x) => !(x.kind === 'dimension' && x.dimension === f.dimension));
    q.filters.push(f);
  }
  if (p.clearPeriod) delete q.period;
  if (p.period) q.period = p.period;
  if (p.share) q.share = p.share;
  if (shapeChanged && !p.chart) delete q.chart;
  if (p.chart) q.chart = p.chart;
  applyOrdering(q, p);
  void model;
  return q;
}

function baseTableOf(model: SemanticModel, spec: MeasureSpec): string {
  if (spec.kind === 'column') return spec.table;
  let m = measureByName(model, spec.name);
  while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
  return m.table!;
}

/** "revenue from tablet users": a measure right after a value qualifies it; drop it when it would need another table. */
function dropQualifiers(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  if (q.measures.length < 2 || !p.qualifiers.length) return;
  const tables = new Set(q.measures.map((m) => baseTableOf(model, m)));
  // Same table: only a later measure is a qualifier ("AOV of German customers"), never the first one asked for.
  const kept = q.measures.filter((m, i) => !(m.kind === 'measure' && p.qualifiers.includes(m.name) && (tables.size >= 2 || i > 0)));
  if (kept.length) q.measures = kept;
}

/** A distinct count of a lookup table's column in a period is counted over the fact table that has time (by its key). */
function rehomeDistinct(model: SemanticModel, q: SemanticQuery): void {
  q.measures = q.measures.map((m) => {
    if (m.kind !== 'column' || m.agg !== 'uniq') return m;
    const t = model.tables.find((x) => x.name === m.table)!;
    const otherBase = q.measures.find((x) => x !== m && !(x.kind === 'column' && x.agg === 'uniq'));
    const wantTable = otherBase ? baseTableOf(model, otherBase) : undefined;
    if (t.time && !wantTable) return m;
    if (wantTable === t.name) return m;
    const j = (model.joins ?? []).find((x) => x.to === t.name && (wantTable ? x.from === wantTable : !!model.tables.find((y) => y.name === x.from)?.time));
    if (!j || (!q.period && !q.grain && !wantTable && q.dimensions.length === 0)) return m;
    const from = model.tables.find((y) => y.name === j.from)!;
    if (from.columns.some((c) => c.name === m.column)) return { ...m, table: from.name };
    const [fromKey, toKey] = Object.entries(j.on)[0];
    const key = t.columns[0]?.name === toKey && ['name', 'title'].includes(m.column) || m.column === toKey;
    return key ? { kind: 'column', agg: 'uniq', table: from.name, column: fromKey } : m;
  });
}

/**
 * "ipad users this week", "how many users bought electronics": the rows of a lookup table (users, products) filtered
 * or grouped by a column only a table referring to it has. Joining would count that table's rows instead, so count
 * the distinct keys in the referring table: events first when it has the columns (active users), else orders.
 */
export function countThroughFact(model: SemanticModel, q: SemanticQuery): void {
  if (q.measures.length !== 1 || q.measures[0].kind !== 'measure') return;
  const md = measureByName(model, q.measures[0].name);
  const base = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
  if (!base || md.agg !== 'count' || md.filter || base.defaultMeasure !== md.name) return;
  const needed: Array<string[]> = [];
  for (const name of [...q.dimensions, ...q.filters.filter((f) => f.kind === 'dimension').map((f) => (f as { dimension: string }).dimension)]) {
    const d = model.dimensions.find((x) => x.name === name);
    if (d && !d.expr) needed.push(d.columns ?? []);
  }
  for (const f of q.filters) if (f.kind === 'numeric') needed.push([`${f.table}.${f.column}`]);
  const reachFrom = (table: string): Set<string> => new Set([table, ...(model.joins ?? []).filter((j) => j.from === table).map((j) => j.to)]);
  const covers = (table: string): boolean => { const r = reachFrom(table); return needed.every((cols) => cols.some((c) => r.has(c.split('.')[0]))); };
  if (covers(base.name)) return;
  const facts = (model.joins ?? []).filter((j) => j.to === base.name && Object.keys(j.on).length === 1 && covers(j.from));
  const unfilteredUniq = (j: { from: string; on: Record<string, string> }): boolean => model.measures.some((m) => m.table === j.from && m.agg === 'uniq' && m.column === Object.keys(j.on)[0] && !m.filter);
  const j = facts.find(unfilteredUniq) ?? facts[0];
  if (!j) return;
  const fk = Object.keys(j.on)[0];
  const defaultFilter = JSON.stringify(model.tables.find((t) => t.name === j.from)?.defaultFilter ?? {});
  const named = model.measures.find((m) => m.table === j.from && m.agg === 'uniq' && m.column === fk && !m.grain && JSON.stringify(m.filter ?? {}) === defaultFilter);
  q.measures = [named ? { kind: 'measure', name: named.name } : { kind: 'column', agg: 'uniq', table: j.from, column: fk }];
}

function resolveNumeric(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  if (!p.numeric.length) return;
  const first = q.measures[0];
  const baseName = first.kind === 'column' ? first.table : (() => {
    let m = measureByName(model, first.name);
    while (m.agg === 'ratio') m = measureByName(model, m.numerator!);
    return m.table!;
  })();
  const reachable = [baseName, ...(model.joins ?? []).filter((j) => j.from === baseName).map((j) => j.to)];
  const numericColumns = reachable.flatMap((t) => model.tables.find((x) => x.name === t)!.columns.filter((c) => c.type === 'number').map((c) => ({ table: t, c })));
  const find = (word?: string): { table: string; c: { name: string; unit?: string } } | undefined => {
    if (!word) return undefined;
    const w = stem(word.toLowerCase());
    return numericColumns.find(({ c }) => stem(c.name) === w || (c as { synonyms?: string[] }).synonyms?.some((s) => stem(s) === w));
  };
  for (const n of p.numeric) {
    let target = find(n.word) ?? find(n.unit);
    let value = n.value;
    if (!target && n.unit && /^(usd|dollars?|bucks)$/.test(n.unit)) target = numericColumns.find(({ c }) => c.unit === 'usd');
    if (!target && n.unit && /^(ms|milliseconds?|seconds?|secs?)$/.test(n.unit)) target = numericColumns.find(({ c }) => /_ms$/.test(c.name));
    if (!target && !n.unit && !n.word) target = numericColumns.find(({ c }) => c.unit === 'usd');
    if (!target) notUnderstood(`I could not tell which number "${n.word ?? ''} ${n.op} ${n.value} ${n.unit ?? ''}" compares. ${capabilities(model)}`);
    if (n.unit && /^(seconds?|secs?)$/.test(n.unit) && /_ms$/.test(target!.c.name)) value = n.value * 1000;
    const f: FilterSpec = { kind: 'numeric', table: target!.table, column: target!.c.name, op: n.op, value };
    q.filters = q.filters.filter((x) => !(x.kind === 'numeric' && x.column === f.column && x.op === f.op));
    q.filters.push(f);
  }
}

/** One filter or period carried over from an earlier turn: its short text and the words that drop it. */
interface Kept { text: string; drop: string }

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a refinement carried over from the previous query: its filters and period still in force that this message
 * did not state itself ("only mobile" → "now by category" keeps device = mobile).
 */
function keptFrom(model: SemanticModel, prev: SemanticQuery, q: SemanticQuery, p: ParsedQuestion): Kept[] {
  const kept: Kept[] = [];
  // resolveNumeric appends this message's numeric filters last: those were stated, not kept.
  const statedNumeric = new Set(p.numeric.length ? q.filters.slice(-p.numeric.length) : []);
  for (const f of q.filters) {
    if (!prev.filters.some((x) => same(x, f)) || statedNumeric.has(f)) continue;
    if (f.kind === 'dimension') {
      if (p.filters.some((x) => same(x, f))) continue;
      const d = model.dimensions.find((x) => x.name === f.dimension);
      const name = (d?.label ?? f.dimension.replace(/_/g, ' ')).toLowerCase();
      const text = f.values.length === 1 ? `${name} ${f.negate ? '!=' : '='} ${f.values[0]}` : `${name} ${f.negate ? 'not in' : 'in'} (${f.values.join(', ')})`;
      kept.push({ text, drop: `all ${plural(name)}` });
    } else {
      kept.push({ text: `${f.column.replace(/_/g, ' ')} ${f.op} ${f.value}`, drop: 'remove the filters' });
    }
  }
  if (q.period && prev.period && same(q.period, prev.period) && !p.period) kept.push({ text: q.period.label, drop: 'all time' });
  return kept;
}

function plural(name: string): string {
  const of = /^(\S+)( of .+)$/.exec(name); // "day of week" → "days of week"
  if (of) return `${plural(of[1])}${of[2]}`;
  const words = name.split(' ');
  const last = words.pop()!;
  const pl = /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : /(s|x|z|ch|sh)$/.test(last) ? `${last}es` : `${last}s`;
  return [...words, pl].join(' ');
}

function finish(model: SemanticModel, q: SemanticQuery, showSql: boolean, maxRows: number, kept: Kept[]): AgentPlan {
  const compiled = compileQuery(model, q, { maxRows });
  const plan: AgentPlan = {
    sql: compiled.sql,
    tables: compiled.tables,
    title: compiled.title,
    chartHint: compiled.chartHint,
    kept: kept.map((k) => k.text),
    state: { version: 1, query: q },
  };
  if (kept.length) {
    const drops = [...new Set(kept.map((k) => `'${k.drop}'`))];
    plan.keptNote = `kept: ${plan.kept.join(', ')} — say ${drops.length > 1 ? `${drops.slice(0, -1).join(', ')} or ${drops[drops.length - 1]}` : drops[0]} to drop ${kept.length > 1 ? 'them' : 'it'}`;
    plan.state.kept = plan.kept;
    plan.state.keptNote = plan.keptNote;
  }
  if (compiled.timeColumn) plan.timeColumn = compiled.timeColumn;
  if (q.period) plan.period = displayPeriod(q.period);
  if (showSql) plan.showSql = true;
  return plan;
}

function displayPeriod(p: NonNullable<SemanticQuery['period']>): { from: string; to: string; label: string } {
  const from = p.from.endsWith(' 00:00:00') ? p.from.slice(0, 10) : p.from;
  if (p.toInclusive) return { from, to: p.to, label: p.label };
  const end = new Date(`${p.to.replace(' ', 'T')}Z`);
  if (p.to.endsWith(' 00:00:00')) {
    const last = new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10);
    return { from, to: last, label: p.label };
  }
  return { from, to: new Date(end.getTime() - 1000).toISOString().slice(0, 19).replace('T', ' '), label: p.label };
}
