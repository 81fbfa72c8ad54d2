/**
 * What a new question refers to in the answer before it without naming it: a pronoun for the one person the previous
 * answer was about ("what's the total they've spent?"), or "that order" for the rows a listing showed. The filters so
 * carried over are said in "kept:" (`referredKey`).
 */
import type { ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';
import { baseTableOf } from './resolve.ts';

/**
 * "user 42: how many orders have they placed?" → "what's the total they've spent?": a pronoun for the one person (or
 * account) the previous answer was about keeps that key's filter (user_id = 42) on a new figure whose table has the key;
 * the rest of the new question is its own.
 */
export function withPersonReferred(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery, question: string): ParsedQuestion {
  if (!/\b(?:they|their|theirs|them|they've|they're|they'd|this\s+(?:user|customer|person|account)|that\s+(?:user|customer|person|account)|he|she|his|her)\b/i.test(question)) return p;
  const keys = prev.filters.filter((f): f is Extract<FilterSpec, { kind: 'numeric' }> => f.kind === 'numeric' && f.op === '='
    && model.tables.find((t) => t.name === f.table)?.columns.find((c) => c.name === f.column)?.type === 'id');
  if (keys.length !== 1 || p.numeric.some((n) => n.word === keys[0].column)) return p;
  const tables = new Set(p.measures.map((m) => baseTableOf(model, m)));
  const key = keys[0];
  if (!p.measures.length || ![...tables].every((t) => model.tables.find((x) => x.name === t)?.columns.some((c) => c.name === key.column))) return p;
  return { ...p, numeric: [...p.numeric, { word: key.column, op: '=', value: key.value }], referredKey: `${key.column.replace(/_/g, ' ')} = ${key.value}` };
}

/**
 * "what's the name of the product on that refunded order?" after a listing of one user's refunded orders: "that order"
 * (or "those orders") is the listing's rows, so its filters (user_id = 500, status = refunded) hold for the new question.
 */
export function withListedRowsReferred(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery, question: string): ParsedQuestion {
  const t = prev.rows ? model.tables.find((x) => x.name === prev.rows!.table) : undefined;
  if (!t || !(p.measures.length || p.dimensions.length)) return p;
  const nouns = [t.name, ...(t.entity ?? [])].map((n) => n.replace(/s$/, ''));
  // "that refunded order", "those orders", or "across those" / "their total" with no noun.
  if (!new RegExp(`\\b(?:that|this|those|these|the\\s+same)\\s+(?:[a-z]+\\s+)?(?:${nouns.join('|')})s?\\b|\\b(?:those|these|them|their|theirs)\\b`, 'i').test(question)) return p;
  const numeric = prev.filters.flatMap((f) => (f.kind === 'numeric' && f.table === t.name && !p.numeric.some((n) => n.word === f.column) ? [{ word: f.column, op: f.op, value: f.value }] : []));
  // A value the new figure counts by its own definition ("refunds" on "that refunded order") is said already.
  const own = (f: Extract<FilterSpec, { kind: 'dimension' }>): boolean => p.measures.some((m) => {
    const d = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    return Object.entries(d?.filter ?? {}).some(([col, v]) => model.dimensions.find((x) => x.name === f.dimension)?.columns?.includes(`${d!.table}.${col}`) && f.values.length === 1 && String(v) === f.values[0]);
  });
  const filters = prev.filters.filter((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension' && !own(f) && !p.filters.some((x) => x.kind === 'dimension' && x.dimension === f.dimension));
  const text = [...numeric.map((n) => `${n.word.replace(/_/g, ' ')} ${n.op} ${n.value}`), ...filters.map((f) => `${f.dimension} ${f.negate ? '!=' : '='} ${f.values.join(', ')}`)].join(', ');
  return text ? { ...p, numeric: [...p.numeric, ...numeric], filters: [...p.filters, ...filters], referredKey: text } : p;
}
