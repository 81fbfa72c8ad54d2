/**
 * Words that name the rows an aggregate is over, or a column's value, in the normalise stage: "sum the quantity over
 * completed orders" (the rows after "over"), "orders for the maximum quantity of 5" (a number column's value said to be
 * its largest is that value).
 */
import { escapeRe, type ParseState } from './state.ts';

/** "sum the quantity over completed orders", "average price over all products": "over <rows>" reads as "of <rows>". */
export function withRowsOfAggregate(st: ParseState, s: string): string {
  const rowNouns = [...new Set(st.model.tables.flatMap((t) => [t.name, ...(t.entity ?? [])]).map((n) => n.replace(/s$/, '')))].map(escapeRe).join('|');
  return s.replace(new RegExp(`\\b(sum|total|average|avg|mean|max|maximum|min|minimum|median)\\b((?:\\s+(?!over\\b)[a-z_]+){1,3})\\s+over\\s+(?=(?:all\\s+|the\\s+)?(?:[a-z@~_-]+\\s+){0,2}?(?:${rowNouns})s?\\b)`, 'g'), '$1$2 of ');
}

/** "orders for the maximum quantity of 5": the value of a number column, said to be its largest (smallest), is that value. */
export function withColumnValueSaidLargest(st: ParseState, s: string): string {
  const numberColumns = st.model.tables.flatMap((t) => t.columns.filter((c) => c.type === 'number').flatMap((c) => [c.name.replace(/_/g, ' '), ...(c.synonyms ?? [])]));
  if (!numberColumns.length) return s;
  return s.replace(new RegExp(`\\b(?:the\\s+)?(?:maximum|max|minimum|min|highest|lowest|largest|smallest)\\s+(${numberColumns.map(escapeRe).join('|')})\\s+of\\s+(?=\\d)`, 'g'), 'the $1 of ');
}
