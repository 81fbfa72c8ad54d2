/**
 * The order a listing of rows is asked in, said with it or after it: "cheapest first", "most expensive ones first",
 * "sorted by price", "sort by price descending", "order by price, low to high", and how ties are broken: "(ties
 * alphabetically by name)", "ties broken by name", "then by name", "then alphabetically". The columns are the listed
 * table's own (its rank words from the semantic model, `rankWords`, or any column a phrase names).
 */
import type { SemanticModel } from '../semantic-model.ts';
import { anyColumn } from './row-listing.ts';
import { escapeRe, vocabularyOf } from './state.ts';

/** The order read from a text, and the text without its words. */
export interface RowOrderRead {
  /** The column ranked by, and its direction; absent when only a tie-break was said. */
  orderBy?: string;
  order?: 'asc' | 'desc';
  /** The column that breaks ties, ascending ("ties alphabetically by name"). */
  thenBy?: string;
  rest: string;
}

/** Directions said after a column: "ascending", "desc", "low to high", "cheapest first". */
const DIRECTION: Array<[RegExp, 'asc' | 'desc']> = [
  [/^(?:asc|ascending|low(?:est)?\s+to\s+high(?:est)?|smallest\s+first|lowest\s+first|a\s*(?:-|to)\s*z)\b/i, 'asc'],
  [/^(?:desc|descending|high(?:est)?\s+to\s+low(?:est)?|largest\s+first|biggest\s+first|highest\s+first|z\s*(?:-|to)\s*a)\b/i, 'desc'],
];

/**
 * Reads the order of a listing of `table` from `text` (as written); undefined when it says none. The column of a "sort
 * by" must be one of the table's, else it is no order of this listing (left to be read otherwise).
 */
export function readRowOrder(model: SemanticModel, table: string, text: string): RowOrderRead | undefined {
  let rest = text;
  const out: RowOrderRead = { rest };
  const cut = (at: number, len: number): void => { rest = `${rest.slice(0, at)} ${rest.slice(at + len)}`; };
  // "(ties alphabetically by name)", "ties broken by name", "break ties by name", "then by name", "then alphabetically".
  const tie = /[\s,;(-]*\b(?:(?:with\s+)?ties?\s+(?:broken\s+|sorted\s+|ordered\s+)?(?:alphabetically\s+)?(?:by|on)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)|(?:break|breaking)\s+ties\s+(?:alphabetically\s+)?(?:by|on|with)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)|(?:and\s+)?then\s+(?:alphabetically\s+)?by\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)|(?:ties\s+|and\s+then\s+|then\s+)alphabetically)\b\)?/i.exec(rest);
  if (tie) {
    const phrase = (tie[1] ?? tie[2] ?? tie[3])?.toLowerCase().replace(/\s+(?:asc|ascending)$/, '');
    const column = phrase ? anyColumn(model, table, phrase) : labelColumn(model, table);
    if (!column) return undefined;
    out.thenBy = column;
    cut(tie.index, tie[0].length);
  }
  const ranks = [...vocabularyOf(model).vocab.ranks].filter(([, r]) => r.table === table);
  // "sort that from most expensive to cheapest": the first rank word says the direction, the second only ends it.
  const words = ranks.map(([p]) => escapeRe(p)).join('|');
  const span = words ? new RegExp(`[\\s,(-]*\\b(?:(?:sort|sorted|order|ordered|rank|ranked|list|show)\\s+(?:(?:it|that|this|them|these|those|the\\s+list)\\s+)?)?from\\s+(?:the\\s+)?(${words})\\s+(?:ones?\\s+)?to\\s+(?:the\\s+)?(${words})\\b(?:\\s+ones?)?\\)?`, 'i').exec(rest) : null;
  const [a, b] = span ? [ranks.find(([p]) => p === span[1].toLowerCase())?.[1], ranks.find(([p]) => p === span[2].toLowerCase())?.[1]] : [];
  if (span && a && b && a.column === b.column && a.dir !== b.dir) {
    out.orderBy = a.column; out.order = a.dir;
    cut(span.index, span[0].length);
  }
  // "cheapest first", "the most expensive ones first": a rank word of one of the table's columns.
  for (const [phrase, r] of out.orderBy ? [] : ranks) {
    const first = new RegExp(`[\\s,(-]*\\b(?:the\\s+)?${escapeRe(phrase)}\\s+(?:ones?\\s+|items?\\s+)?(?:first|at\\s+the\\s+top|on\\s+top)\\b\\)?`, 'i').exec(rest);
    if (!first) continue;
    out.orderBy = r.column; out.order = r.dir;
    cut(first.index, first[0].length);
    break;
  }
  // "sorted by price", "sort by price descending", "order by price, low to high", "by price ascending".
  const sorted = /[\s,(-]*\b(?:(?:sorted|ordered|sort(?:ed)?|order|rank(?:ed)?)\s+(?:it\s+|them\s+|the\s+list\s+)?by|by)\s+(?:the\s+)?([a-z_]+(?:\s+(?!asc\b|desc\b|ascending\b|descending\b|low\b|high\b|then\b)[a-z_]+)?)(?:\s*,?\s*)/i.exec(rest);
  if (sorted) {
    const column = anyColumn(model, table, sorted[1].toLowerCase());
    const after = rest.slice(sorted.index + sorted[0].length);
    const dir = DIRECTION.map(([re, d]) => [re.exec(after), d] as const).find(([m]) => m);
    const explicitBy = /^(?:[\s,(-]*)(?:sorted|ordered|sort|order|rank)/i.test(sorted[0]);
    // "by price" alone is a breakdown elsewhere; only with a direction is it an order ("by price ascending").
    if (column && (explicitBy || dir)) {
      out.order = dir ? dir[1] : out.orderBy === column && out.order ? out.order : 'asc';
      out.orderBy = column;
      cut(sorted.index, sorted[0].length + (dir ? dir[0]![0].length : 0));
    }
  }
  if (!out.orderBy && !out.thenBy) return undefined;
  out.rest = rest.replace(/\(\s*\)/g, ' ').replace(/\s+/g, ' ').replace(/^[\s,;]+|[\s,;]+$/g, '').trim();
  return out;
}

/** The column that names a catalogue table's rows (the dimension its own count counts: products → name). */
export function labelColumn(model: SemanticModel, table: string): string | undefined {
  const d = model.dimensions.find((x) => !x.expr && x.countMeasure && x.columns?.length === 1 && x.columns[0].startsWith(`${table}.`)
    && model.measures.find((m) => m.name === x.countMeasure)?.table === table);
  return d?.columns![0].slice(table.length + 1);
}
