/**
 * Plans a listing of rows (parse/row-listing.ts, compile-rows.ts): a question asking for the rows themselves, and the
 * follow-ups that refine such an answer ("only mobile", "top 10 instead", "for last month") — filters of the table's
 * own columns, a period, a row count or a direction replace the listing's own; anything else is a new question.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { compileRowListing, ownColumnOf } from './compile-rows.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { ConversationState, FilterSpec, PeriodSpec, SemanticQuery } from './semantic-query.ts';
import { isoDateTime } from './time-phrases.ts';
import { displayPeriod } from './calendar-words.ts';
import { comparedColumn, onlyFiltersAndPeriod, readRowListing } from './parse/row-listing.ts';
import { readRowOrder, type RowOrderRead } from './parse/row-order.ts';
import { emptyParsed, vocabularyOf } from './parse/state.ts';
import { phraseKey } from './vocabulary.ts';
import type { AgentPlan } from './agent.ts';

/** Words that only ask to be shown something, left after the listing words ("show me", "what are", "can you list"). */
const REQUEST = /^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:show|list|give|get|find|pull|display|tell)?\s*(?:me|us)?\s*(?:(?:what|which)\s+(?:are|were|is|was)|what's|whats)?\s*(?:the|our|my)?\s*(?:please|pls|thanks)?\s*[?.!]*$/;

/** "which one is it (and how much)?", "which order was it, how much was it": the listed row named and valued. */
const WHICH_ONE = /[,;]?\s*\b(?:and\s+)?(?:which|what)\s+(?:one|order|row|record)\s+(?:is|was)\s+(?:it|that)\b(?:\s*(?:,|and)\s*how\s+much(?:\s+(?:is|was)\s+it)?)?/gi;

/** The listing a question asks for, planned; undefined when it asks for none (nor refines a listing before it). */
export function planRowListing(models: SemanticModel[], question: string, ctx: { now: Date; state?: ConversationState }, maxRows: number, tz?: string): AgentPlan | undefined {
  const them = listsThem(models, question, ctx, maxRows, tz);
  if (them) return them;
  for (const model of models) {
    const read = readRowListing(model, question, maxRows);
    if (!read) continue;
    const table = read.query.rows!.table;
    // "…, which one is it and how much?": the row and its value, which a listing shows.
    const rest = withoutColumnList(model, table, read.rest).replace(WHICH_ONE, ' ').replace(/[?.!,;:]+/g, ' ').trim();
    // "how much was the last cancellation", "what did the latest order cost": the value of one row (row-value.ts).
    // "…cost under $20" compares the rows' price: a filter, not a value asked.
    if (/\bhow\s+much\b|\b(?:cost|costs|worth|value|amount|total|spend|spent)\b(?!\s+(?:(?:less|more)\s+than|under|over|below|above|at\s+(?:least|most)|between|[<>$]|\d))/.test(rest)) continue;
    let p: ParsedQuestion | undefined;
    if (rest && !REQUEST.test(rest)) {
      p = parseQuestion(model, rest, ctx.now, { maxRows });
      // "which products sold the most last month": a ranking or a period of a table without time is no listing of it.
      if (!onlyFiltersAndPeriod(model, table, p) || p.limit !== undefined || p.order || (p.period && !model.tables.find((t) => t.name === table)?.time)) continue;
    }
    const keys: FilterSpec[] = (p?.numeric ?? []).map((n) => ({ kind: 'numeric', table, column: comparedColumn(model, table, n) ?? n.word!, op: n.op, value: n.value }));
    const q: SemanticQuery = { ...read.query, filters: [...mergeFilters(read.query.filters, p?.filters ?? []), ...keys] };
    // "which products cost under $20": the column compared is shown beside the rows.
    const shown = keys.flatMap((k) => (k.kind === 'numeric' && model.tables.find((t) => t.name === table)?.columns.some((c) => c.name === k.column && c.type === 'number') ? [k.column] : []));
    if (shown.length) q.rows = { ...q.rows!, columns: [...new Set([...q.rows!.columns, ...shown])] };
    if (p?.period) q.period = p.period;
    return finishListing(model, q, ctx.now, maxRows, tz);
  }
  const prev = ctx.state?.version === 1 ? ctx.state.query : undefined;
  if (!prev?.rows) return undefined;
  const model = models.find((m) => m.name === prev.model);
  if (!model) return undefined;
  // "cheapest first", "sort by price (ties alphabetically by name)": the listed rows in another order (row-order.ts).
  const ord = readRowOrder(model, prev.rows.table, question);
  const said = ord ? ord.rest : question;
  const p = ord && (!said || REQUEST.test(said.toLowerCase())) ? emptyParsed() : parseQuestion(model, said, ctx.now, { maxRows });
  if ((p.showSql || p.display) && !ord && !p.filters.length && !p.period && p.limit === undefined) {
    const plan = finishListing(model, prev, ctx.now, maxRows, tz);
    if (p.showSql) plan.showSql = true;
    return plan;
  }
  const changes = !!ord || p.filters.length > 0 || p.numeric.length > 0 || !!p.period || p.limit !== undefined || !!p.order || !!p.clearFilters || !!p.clearPeriod || !!p.dropFilters?.length;
  if (!changes || !onlyFiltersAndPeriod(model, prev.rows.table, p)) return undefined;
  const compared: FilterSpec[] = p.numeric.map((n) => ({ kind: 'numeric', table: prev.rows!.table, column: comparedColumn(model, prev.rows!.table, n) ?? n.word!, op: n.op, value: n.value }));
  const q: SemanticQuery = { ...prev, filters: p.clearFilters ? compared : mergeFilters(prev.filters, [...p.filters, ...compared]) };
  if (p.dropFilters?.length) q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && p.dropFilters!.some((d) => d.dimension === f.dimension && (!d.value || f.values.includes(d.value)))));
  if (p.clearPeriod) delete q.period;
  if (p.period) q.period = p.period;
  if (p.limit !== undefined) q.limit = p.limit;
  if (p.order) q.order = p.order;
  if (ord) { q.rows = reordered(prev, ord, maxRows); if (ord.order) q.order = ord.order; }
  const plan = finishListing(model, q, ctx.now, maxRows, tz);
  const kept = [...prev.filters.filter((f) => q.filters.includes(f)).map(filterText), ...(prev.period && q.period === prev.period ? [prev.period.label] : [])];
  if (kept.length) {
    plan.kept = kept;
    plan.keptNote = `kept: ${kept.join(', ')} — say 'all' to drop ${kept.length > 1 ? 'them' : 'it'}`;
    plan.state.kept = kept;
    plan.state.keptNote = plan.keptNote;
  }
  return plan;
}

/**
 * "…: order id and revenue", "… with order id and revenue": a list after a colon (or "with", "showing") of the listed
 * table's own columns says which columns to show; a listing shows the rows' key and the column ranked by already.
 */
function withoutColumnList(model: SemanticModel, table: string, rest: string): string {
  const { vocab } = vocabularyOf(model);
  const m = /(?::|\b(?:with|showing|show(?:ing)?\s+(?:me\s+)?|incl(?:uding)?|give\s+me))\s*([a-z_ ,&+]+?)\s*[?.!]*\s*$/i.exec(rest);
  if (!m) return rest;
  const chunks = m[1].split(/\s*(?:,|\band\b|&|\+)\s*/).filter(Boolean);
  const columns = chunks.every((c) => (vocab.phrases.get(phraseKey(c)) ?? []).some((x) => x.t === 'column' && x.table === table));
  return columns && chunks.length ? rest.slice(0, m.index) : rest;
}

/**
 * The listing's rows in the order said after it. A listing cut at fewer rows than it has ("the 5 biggest orders") keeps
 * its cut: sorting it by another column would list other rows, so that is refused with the question that asks for them.
 */
function reordered(prev: SemanticQuery, ord: RowOrderRead, maxRows: number): NonNullable<SemanticQuery['rows']> {
  const rows = prev.rows!;
  const orderBy = ord.orderBy ?? rows.orderBy;
  if (orderBy !== rows.orderBy && (prev.limit ?? 1) < maxRows) {
    throw new DatalabsError('NOT_SUPPORTED', `this list is cut at ${prev.limit ?? 1} rows by ${rows.orderBy.replace(/_/g, ' ')}, and sorting it by ${orderBy.replace(/_/g, ' ')} would list other rows: ask for them by ${orderBy.replace(/_/g, ' ')} ("the ${prev.limit ?? 1} … by ${orderBy.replace(/_/g, ' ')}") — nothing was changed, the previous answer stands.`);
  }
  const title = orderBy === rows.orderBy ? rows.title : rows.title.replace(/\bby [a-z ]+$/i, `by ${orderBy.replace(/_/g, ' ')}`);
  return { ...rows, orderBy, columns: [...new Set([...rows.columns, orderBy])], title, ...(ord.thenBy ? { thenBy: ord.thenBy } : {}) };
}

const filterText = (f: FilterSpec): string => (f.kind === 'dimension' ? `${f.dimension.replace(/_/g, ' ')} ${f.negate ? '!=' : '='} ${f.values.join(' / ')}` : `${f.column} ${f.op} ${f.value}`);

/** The listing's filters with those of a later message: a dimension named again is replaced, others are added. */
function mergeFilters(before: FilterSpec[], after: FilterSpec[]): FilterSpec[] {
  const named = new Set(after.map((f) => (f.kind === 'dimension' ? f.dimension : `${f.table}.${f.column}`)));
  return [...before.filter((f) => !named.has(f.kind === 'dimension' ? f.dimension : `${f.table}.${f.column}`)), ...after];
}

/** Compiles the listing into a plan; rows ranked by time are of the rows up to now, as "when was the latest order" reads them. */
function finishListing(model: SemanticModel, q: SemanticQuery, now: Date, maxRows: number, tz?: string): AgentPlan {
  q = { ...q };
  if (tz) q.timezone = tz; else delete q.timezone;
  const t = model.tables.find((x) => x.name === q.rows!.table);
  if (!q.period && t?.time === q.rows!.orderBy) q.period = { from: '1970-01-01 00:00:00', openStart: true, to: isoDateTime(now), toInclusive: true, label: 'up to now' } satisfies PeriodSpec;
  const c = compileRowListing(model, q, { maxRows });
  const plan: AgentPlan = { sql: c.sql, tables: c.tables, title: q.period ? `${c.title}, ${q.period.label}` : c.title, columns: c.columns, kept: [], state: { version: 1, query: q, columns: c.columns } };
  if (c.timeColumn) plan.timeColumn = c.timeColumn;
  if (q.period) plan.period = displayPeriod(q.period);
  return plan;
}

/** "list them", "show me those", "list the products …": a request for rows, after the words that ask ("show me orders" asks a figure). */
const LIST_ROWS = /^\W*(?:(?:ok|okay|so|now|and|then|great|thanks|can\s+you|could\s+you|please|pls)\b[\s,]*)*(?:(?:list|enumerate)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+|our\s+|my\s+)?(them|those|these|ones|(?:[a-z-]+\s+){0,2}[a-z]+s)\b(?!\s+(?:by|per)\b)|(?:show|give)\s+(?:me\s+|us\s+)?(?:all\s+)?(?:of\s+)?(them|those|these|the\s+ones))\b/i;

/**
 * A message asking for the rows themselves ("list them with their prices", "list the products with their prices") that
 * was read as one aggregate row (no breakdown, no series) is refused: the figure would answer another question.
 */
export function listsRows(model: SemanticModel, question: string, q: SemanticQuery): void {
  const m = LIST_ROWS.exec(question);
  if (!m || q.dimensions.length || q.grain || q.rows) return;
  const word = (m[1] ?? m[2]).toLowerCase().split(/\s+/).pop()!;
  const rowsWord = /^(?:them|those|these|ones|the\s+ones)$/.test(word) || (vocabularyOf(model).vocab.phrases.get(phraseKey(word)) ?? []).some((x) => x.t === 'entity');
  if (!rowsWord) return;
  throw new DatalabsError('NOT_UNDERSTOOD', `"${question.trim().slice(0, 60)}" asks for the rows themselves, and I list rows only ranked by a column or time: ask for them ranked, as in "the 20 cheapest products" or "the 10 latest orders".`);
}

/** "list them", "show me those": the rows themselves, after the words that ask. */
const THEM = /^\W*(?:(?:ok|okay|so|now|and|then|great|thanks|cool|can\s+you|could\s+you|please|pls)\b[\s,]*)*(?:list|show|give|display|enumerate)\s+(?:me\s+|us\s+)?(?:all\s+(?:of\s+)?)?(them|those|these)\b(?!\s+[a-z]+s\b)/i;

/**
 * "list them with their prices, cheapest first" after "how many products cost more than $100 in sports": the rows the
 * previous answer counted (a plain count of a catalogue table, over its own filters only), listed as a catalogue is.
 */
function listsThem(models: SemanticModel[], question: string, ctx: { now: Date; state?: ConversationState }, maxRows: number, tz?: string): AgentPlan | undefined {
  const prev = ctx.state?.version === 1 ? ctx.state.query : undefined;
  const m = THEM.exec(question);
  const model = prev && models.find((x) => x.name === prev.model);
  if (!m || !prev || !model || prev.measures.length !== 1 || prev.measures[0].kind !== 'measure' || prev.dimensions.length || prev.grain || prev.period) return undefined;
  const md = model.measures.find((x) => x.name === (prev.measures[0] as { name: string }).name);
  const t = model.tables.find((x) => x.name === md?.table);
  if (!md || !t || t.time || md.agg !== 'count' || md.filter) return undefined;
  const own = prev.filters.every((f) => (f.kind === 'dimension' ? !!ownColumnOf(model, t.name, f.dimension) : f.table === t.name));
  const read = own ? readRowListing(model, `${question.slice(0, m.index + m[0].length - m[1].length)}all the ${t.name}${question.slice(m.index + m[0].length)}`, maxRows) : undefined;
  if (!read?.query.rows || read.query.rows.table !== t.name || read.rest.replace(/[?.!,;:\s]+/g, '')) return undefined;
  return finishListing(model, { ...read.query, filters: prev.filters }, ctx.now, maxRows, tz);
}
