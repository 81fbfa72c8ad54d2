/**
 * Plans a listing of rows (parse/row-listing.ts, compile-rows.ts): a question asking for the rows themselves, and the
 * follow-ups that refine such an answer ("only mobile", "top 10 instead", "for last month") — filters of the table's
 * own columns, a period, a row count or a direction replace the listing's own; anything else is a new question.
 */
import { compileRowListing } from './compile-rows.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { ConversationState, FilterSpec, PeriodSpec, SemanticQuery } from './semantic-query.ts';
import { isoDateTime } from './time-phrases.ts';
import { displayPeriod } from './calendar-words.ts';
import { onlyFiltersAndPeriod, readRowListing } from './parse/row-listing.ts';
import { vocabularyOf } from './parse/state.ts';
import { phraseKey } from './vocabulary.ts';
import type { AgentPlan } from './agent.ts';

/** Words that only ask to be shown something, left after the listing words ("show me", "what are", "can you list"). */
const REQUEST = /^(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:show|list|give|get|find|pull|display|tell)?\s*(?:me|us)?\s*(?:(?:what|which)\s+(?:are|were|is|was)|what's|whats)?\s*(?:the|our|my)?\s*(?:please|pls|thanks)?\s*[?.!]*$/;

/** "which one is it (and how much)?", "which order was it, how much was it": the listed row named and valued. */
const WHICH_ONE = /[,;]?\s*\b(?:and\s+)?(?:which|what)\s+(?:one|order|row|record)\s+(?:is|was)\s+(?:it|that)\b(?:\s*(?:,|and)\s*how\s+much(?:\s+(?:is|was)\s+it)?)?/gi;

/** The listing a question asks for, planned; undefined when it asks for none (nor refines a listing before it). */
export function planRowListing(models: SemanticModel[], question: string, ctx: { now: Date; state?: ConversationState }, maxRows: number, tz?: string): AgentPlan | undefined {
  for (const model of models) {
    const read = readRowListing(model, question, maxRows);
    if (!read) continue;
    const table = read.query.rows!.table;
    // "…, which one is it and how much?": the row and its value, which a listing shows.
    const rest = withoutColumnList(model, table, read.rest).replace(WHICH_ONE, ' ').replace(/[?.!,;:]+/g, ' ').trim();
    // "how much was the last cancellation", "what did the latest order cost": the value of one row (row-value.ts).
    if (/\bhow\s+much\b|\b(?:cost|costs|worth|value|amount|total|spend|spent)\b/.test(rest)) continue;
    let p: ParsedQuestion | undefined;
    if (rest && !REQUEST.test(rest)) {
      p = parseQuestion(model, rest, ctx.now, { maxRows });
      if (!onlyFiltersAndPeriod(model, table, p) || p.limit !== undefined) continue;
    }
    const keys: FilterSpec[] = (p?.numeric ?? []).map((n) => ({ kind: 'numeric', table, column: n.word!, op: n.op, value: n.value }));
    const q: SemanticQuery = { ...read.query, filters: [...mergeFilters(read.query.filters, p?.filters ?? []), ...keys] };
    if (p?.period) q.period = p.period;
    return finishListing(model, q, ctx.now, maxRows, tz);
  }
  const prev = ctx.state?.version === 1 ? ctx.state.query : undefined;
  if (!prev?.rows) return undefined;
  const model = models.find((m) => m.name === prev.model);
  if (!model) return undefined;
  const p = parseQuestion(model, question, ctx.now, { maxRows });
  if ((p.showSql || p.display) && !p.filters.length && !p.period && p.limit === undefined) {
    const plan = finishListing(model, prev, ctx.now, maxRows, tz);
    if (p.showSql) plan.showSql = true;
    return plan;
  }
  const changes = p.filters.length > 0 || !!p.period || p.limit !== undefined || !!p.order || !!p.clearFilters || !!p.clearPeriod || !!p.dropFilters?.length;
  if (!changes || !onlyFiltersAndPeriod(model, prev.rows.table, p)) return undefined;
  const q: SemanticQuery = { ...prev, filters: p.clearFilters ? [] : mergeFilters(prev.filters, p.filters) };
  if (p.dropFilters?.length) q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && p.dropFilters!.some((d) => d.dimension === f.dimension && (!d.value || f.values.includes(d.value)))));
  if (p.clearPeriod) delete q.period;
  if (p.period) q.period = p.period;
  if (p.limit !== undefined) q.limit = p.limit;
  if (p.order) q.order = p.order;
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
