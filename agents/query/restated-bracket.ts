/**
 * "total dollar value of refunded orders (sum of revenue on orders with status refunded) by category": a bracket that
 * spells out what the words before it already ask — the same figures, values within the question's own, no other
 * grouping or period — restates it; read with the rest, its words would mix into the question's (a second status
 * value, a split), so the question is read without it.
 */
import type { ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The question without brackets that restate it; the question unchanged when none does. */
export function withoutRestatedBracket(question: string, parse: (text: string) => ParsedQuestion, model?: SemanticModel): string {
  let out = question;
  // A bracket right after a word is a function's ("SUM(revenue)"), not a remark.
  for (const m of question.matchAll(/\s*(?<![\w\]])\(([^()]{3,200})\)/g)) {
    const inner = parse(m[1]);
    if (model && ownersOfGrouping(model, inner, parse(out.replace(m[0], ' ')))) { out = out.replace(m[0], ' '); continue; }
    // "(sessions = distinct session ids)": a figure of the question defined as the model defines it.
    if (model && definesAsModel(model, m[1], parse, parse(out.replace(m[0], ' ')))) { out = out.replace(m[0], ' '); continue; }
    if (!inner.measures.length || inner.unknown.length || inner.numeric.length || inner.thresholds.length) continue;
    const rest = out.replace(m[0], ' ');
    // "biggest single order (rev)?", "top 5 products (units)": the figure the rows are ranked by, said in a bracket.
    if (model && rankedBy(model, out.slice(0, out.indexOf(m[0])), inner, parse(rest))) { out = out.replace(m[0], ` by ${m[1].trim()} `); continue; }
    const head = parse(rest);
    if (head.unknown.length || !same(head.measures, inner.measures)) continue;
    if (inner.period && !same(inner.period, head.period)) continue;
    if (!inner.dimensions.every((d) => head.dimensions.includes(d))) continue;
    if (!inner.filters.every((f) => head.filters.some((g) => same(f, g)))) continue;
    out = rest;
  }
  return out;
}

/**
 * A bracket of one figure alone, after a ranking ("top 5", "biggest …") that names no figure but the count of the rows
 * ranked ("order": the noun of the orders counted).
 */
function rankedBy(model: SemanticModel, before: string, inner: ParsedQuestion, head: ParsedQuestion): boolean {
  const alone = inner.measures.length === 1 && !inner.dimensions.length && !inner.filters.length && !inner.period && !inner.grain;
  // "biggest single order" read as the largest revenue of one order: the bracket names that column, as the figure summing it.
  const col = inner.measures[0]?.kind === 'measure' ? model.measures.find((d) => d.name === (inner.measures[0] as { name: string }).name)?.column : inner.measures[0]?.kind === 'column' ? inner.measures[0].column : undefined;
  const counts = head.measures.every((x) => (x.kind === 'measure' ? model.measures.find((d) => d.name === x.name)?.agg === 'count' : (x.agg === 'max' || x.agg === 'min') && x.column === col));
  return alone && counts && /\b(?:top|bottom|biggest|largest|highest|lowest|smallest|best|worst)\b/i.test(before);
}

/**
 * "(sessions = distinct session ids)", "(AOV means revenue / orders)": the asker's definition of a figure the question
 * asks, which is how the model computes it already (one column aggregated alike) — said for the reader, asking nothing.
 */
function definesAsModel(model: SemanticModel, inner: string, parse: (text: string) => ParsedQuestion, head: ParsedQuestion): boolean {
  const eq = /^\s*([^=]{2,60}?)\s*(?:=|\bmeans\b|\bis\b)\s*([^=]{2,80})$/i.exec(inner);
  if (!eq) return false;
  const [a, b] = [parse(eq[1]), parse(eq[2])];
  if (a.measures.length !== 1 || b.measures.length !== 1 || a.unknown.length || b.unknown.length || b.filters.length || b.period || b.dimensions.length) return false;
  const named = a.measures[0], said = b.measures[0];
  if (named.kind !== 'measure' || !head.measures.some((x) => same(x, named))) return false;
  if (same(named, said)) return true;
  const def = model.measures.find((x) => x.name === named.name);
  return said.kind === 'column' && !!def && !def.filter && def.table === said.table && def.column === said.column && def.agg === said.agg;
}

/**
 * "revenue by plan (user plan)", "orders by country (the customer's country)": a bracket naming a grouping the question
 * has and the table whose column it is (the count of that table's rows is all it names beside it) says whose column it
 * is; the grouping already reads that column.
 */
function ownersOfGrouping(model: SemanticModel, inner: ParsedQuestion, head: ParsedQuestion): boolean {
  if (!inner.dimensions.length || !inner.dimensions.every((d) => head.dimensions.includes(d)) || inner.unknown.length || inner.filters.length || inner.period || !head.measures.length) return false;
  const tables = inner.measures.map((x) => (x.kind === 'measure' ? model.measures.find((y) => y.name === x.name) : undefined))
    .map((md) => (md && md.agg === 'count' && !md.filter ? md.table : undefined));
  if (!tables.length || tables.some((t) => !t)) return false;
  return inner.dimensions.every((d) => model.dimensions.find((x) => x.name === d)?.columns?.some((c) => tables.includes(c.split('.')[0])));
}

/** "…? like what fraction …", "…, i.e. the highest …", "in other words": what follows says the question again. */
const RESTATES = /(?:[?.!]\s*|,\s*|\s+[-\u2013\u2014]+\s+)(?:i\.\s?e\.?|ie|in\s+other\s+words|that\s+is|like)[,:]?\s+(?=(?:what|which|how|the|a|an|average|total|number|count|share|fraction|percentage)\b)/i;

/**
 * "Whats our weekend share of orders? like what fraction of all completed orders were placed on a Saturday or
 * Sunday", "which page holds attention longest, i.e. the highest average duration_ms on page_view events?": a question
 * said again in other words after "like", "i.e." or "in other words" is read as said the second time, when that
 * second saying is a whole question (a figure, every word understood) asking no other figure than the first.
 */
export function withRestatement(question: string, parse: (text: string) => ParsedQuestion): string {
  const m = RESTATES.exec(question);
  if (!m || m.index < 3) return question;
  let tail = question.slice(m.index + m[0].length);
  let again = parse(tail);
  if (!again.measures.length || again.unknown.length || again.unsupported) return question;
  const first = parse(question.slice(0, m.index));
  // "…in the last 30 days? i.e. the sum of revenue of the refunded orders": the first saying's period, not said again, holds.
  if (first.period && !again.period) {
    const dated = `${tail.replace(/[\s?.!]+$/, '')} ${first.period.label}`;
    const p = parse(dated);
    if (p.period && p.period.from === first.period.from && p.period.to === first.period.to && !p.unknown.length && !p.unsupported) { tail = dated; again = p; }
  }
  // The first saying's period or filters, left out of the second, would be lost: read the question as it is.
  if ((first.period && !again.period) || first.filters.some((f) => !again.filters.some((g) => same(f, g)))) return question;
  const tables = (p: ParsedQuestion): string => JSON.stringify(p.measures.map((x) => (x.kind === 'measure' ? x.name : x.table)).sort());
  if (first.measures.length && !first.unknown.length && tables(first) !== tables(again) && !first.measures.every((x) => again.measures.some((y) => same(x, y)))) {
    // Both whole questions with their own figures: a second question, not the first said again.
    if (!first.share && !again.share) return question;
  }
  // "which page holds attention longest, i.e. the highest …": the rows the first saying asks among stay asked.
  const lost = first.dimensions.filter((d) => !again.dimensions.includes(d));
  if (lost.length) return `${tail.replace(/[\s?.!]+$/, '')} by ${lost.map((d) => d.replace(/_/g, ' ')).join(' and ')}`;
  return tail;
}

/**
 * "top 5 enterprise customers by revenue this year — user ids", "…, with their user ids": the key column of the rows
 * broken down by (customer: orders.user_id), named at the end as what to show — which the answer shows already.
 */
export function withoutKeyShown(model: SemanticModel, question: string, parse: (text: string) => ParsedQuestion): string {
  const m = /(?:\s*[-\u2013\u2014:]+\s*|\s*,\s*|\s+)(?:(?:with|showing|show|incl(?:uding)?|plus|and)\s+)?(?:the\s+|their\s+|its\s+|just\s+(?:the\s+)?)?([a-z_]+(?:\s+[a-z_]+)?)\s*[?.!]*\s*$/i.exec(question);
  if (!m || m.index < 3) return question;
  const words = m[1].toLowerCase().replace(/\s+/g, '_').replace(/s$/, '');
  let head: ParsedQuestion;
  try { head = parse(question.slice(0, m.index)); } catch { return question; }
  if (!head.measures.length || head.unknown.length) return question;
  const keys = head.dimensions.flatMap((d) => model.dimensions.find((x) => x.name === d)?.columns ?? []).filter((c) => {
    const [table, column] = c.split('.');
    return model.tables.find((t) => t.name === table)?.columns.some((x) => x.name === column && x.type === 'id');
  }).map((c) => c.split('.')[1]);
  return keys.some((k) => k === words || (words === 'id' && k.endsWith('_id'))) ? question.slice(0, m.index) : question;
}
