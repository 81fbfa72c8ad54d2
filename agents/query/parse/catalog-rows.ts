/**
 * "list all our sports products with their prices", "show me every product in books and its price": the rows of a
 * catalogue table (one with an id column and no time column: products) themselves — its label column (the dimension
 * the table's own count counts) and the columns asked for, ordered by the label, up to the row cap. Values said before
 * the noun stay in the rest, read as filters of the table's own columns (row-listing-plan.ts).
 */
import type { SemanticModel } from '../semantic-model.ts';
import type { SemanticQuery } from '../semantic-query.ts';
import { anyColumn, isValueOf, type RowListingRead } from './row-listing.ts';
import { escapeRe } from './state.ts';
import { labelColumn as labelOf, readRowOrder } from './row-order.ts';

/** Columns asked for after the noun: "with their prices", "and its price", "plus category". */
const EXTRAS = /(?:[?.,;:!]\s*|\s)(?:with|plus|and\s+(?:its|their)|including|showing)\s+(?:(?:the|their|its)\s+)?(?<items>[a-z_][a-z0-9_ +&,'-]*?)\s*[?.!]?\s*$/;

/** Reads `s` (lower-cased; `orig` as written) as a listing of a catalogue's rows, or undefined. */
export function readCatalogRows(model: SemanticModel, s: string, orig: string, maxRows: number): RowListingRead | undefined {
  for (const t of model.tables) {
    if (t.time || !t.columns.some((c) => c.type === 'id')) continue;
    const labelColumn = labelOf(model, t.name);
    if (!labelColumn) continue;
    const nouns = [...new Set([...(t.entity ?? []), t.name.replace(/s$/, '')])].map((n) => `${escapeRe(n)}s`);
    const singular = nouns.map((n) => n.slice(0, -1)).join('|');
    const m = new RegExp(`(?:^|\\s)(?:list|show|give|get|pull|display|enumerate)\\s+(?:me\\s+|us\\s+)?(?:(?:all|every|each)\\s+(?:of\\s+)?)?(?:the\\s+|our\\s+|my\\s+)?((?:[a-z0-9/_-]+\\s+){0,3}?)(?:${nouns.join('|')}|(?<=\\b(?:every|each)\\s+(?:[a-z0-9/_-]+\\s+){0,3})(?:${singular}))\\b`, 'd').exec(s) ?? asked(s, nouns);
    if (!m || !(m[1].trim() ? m[1].trim().split(/\s+/) : []).every((w) => isValueOf(model, t.name, w))) continue;
    // The values before the noun stay, to be read as filters; the words asking and the noun go.
    const [from, to] = m.indices![1]!;
    let rest = `${orig.slice(0, m.index)} ${orig.slice(from, to)} ${orig.slice(m.index + m[0].length)}`;
    // "cheapest first", "sorted by price (ties by name)": the order of the rows, by columns of theirs (row-order.ts).
    let orderBy = labelColumn, order: 'asc' | 'desc' = 'asc';
    const ord = readRowOrder(model, t.name, rest);
    if (ord) { orderBy = ord.orderBy ?? labelColumn; order = ord.order ?? 'asc'; rest = ` ${ord.rest} `; }
    const extras: string[] = [];
    const ex = EXTRAS.exec(rest.toLowerCase());
    if (ex) {
      const cols = ex.groups!.items.split(/\s*(?:\+|,|&|\band\b)\s*/).map((x) => x.trim()).filter(Boolean).map((x) => anyColumn(model, t.name, x));
      if (!cols.length || !cols.every(Boolean)) continue;
      extras.push(...(cols as string[]));
      rest = rest.slice(0, ex.index);
    }
    const noun = t.entity?.[0] ?? t.name.replace(/s$/, '');
    const query: SemanticQuery = { model: model.name, measures: [], dimensions: [], filters: [], order, limit: maxRows,
      rows: { table: t.name, columns: [...new Set([labelColumn, ...extras, orderBy])], orderBy, title: `${noun[0].toUpperCase()}${noun.slice(1)}s by ${orderBy.replace(/_/g, ' ')}`, ...(ord?.thenBy ? { thenBy: ord.thenBy } : {}) } };
    return { query, rest: rest.replace(/\s+/g, ' ').trim() };
  }
  return undefined;
}

/**
 * "which beauty products cost under $20", "what are the sports products priced over $100", "beauty products with their
 * prices": the catalogue's rows asked without a verb — after "which" / "what are", or first with the columns to show
 * ("with their prices"); the rest must still read as the table's own filters (row-listing-plan.ts).
 */
function asked(s: string, nouns: string[]): RegExpExecArray | null {
  const which = new RegExp(`^\\s*(?:(?:which|what)\\s+(?:are\\s+|were\\s+)?(?:all\\s+)?(?:the\\s+|our\\s+|my\\s+)?)((?:[a-z0-9/_-]+\\s+){0,3}?)(?:${nouns.join('|')})\\b`, 'd').exec(s);
  if (which) return which;
  const bare = new RegExp(`^\\s*(?:(?:all|every)\\s+(?:of\\s+)?)?(?:the\\s+|our\\s+|my\\s+)?((?:[a-z0-9/_-]+\\s+){0,3}?)(?:${nouns.join('|')})\\b`, 'd').exec(s);
  return bare && EXTRAS.test(s.slice(bare[0].length)) ? bare : null;
}
