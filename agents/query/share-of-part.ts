/**
 * A share whose part and whole the question names apart (parse/share-part.ts): "refunded orders as a % of all mobile
 * orders" is the orders over mobile rows with status = refunded as the part; "refunded revenue as a % of completed +
 * refunded revenue" keeps status in (completed, refunded) as the rows and refunded as the part. Values of other columns
 * stay filters of the rows, so "share of mobile orders that were refunded each day" is a rate within mobile orders.
 */
import { measureByName } from './compiler.ts';
import { ownColumnOf } from './compile-rows.ts';
import { baseTableOf } from './resolve.ts';
import type { ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';

/** Sets `sharePart` (and `sharePartValues`) when the part names values of one column; leaves the query as it was otherwise. */
export function applySharePart(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const so = p.shareOf;
  if (!so || !q.share || q.measures.length === 0 || q.rollup) return;
  const dims = [...new Set(so.part.map((v) => v.dimension))];
  if (dims.length !== 1) return;
  const dim = dims[0];
  const partValues = [...new Set(so.part.map((v) => v.value))];
  const wholeValues = [...new Set(so.whole.filter((v) => v.dimension === dim).map((v) => v.value))];
  // "refunded orders as a % of all orders": a figure counting only the part's value is the whole's figure over those rows.
  const countsPart = (m: SemanticQuery['measures'][number]): boolean => {
    if (m.kind !== 'measure') return false;
    const md = measureByName(model, m.name);
    const own = Object.entries(md.filter ?? {});
    const column = md.table ? ownColumnOf(model, md.table, dim) : undefined;
    return own.length === 1 && own[0][0] === column && partValues.includes(String(own[0][1]));
  };
  if (countsPart(q.measures[0])) {
    const named = so.wholeMeasures.map((name) => ({ kind: 'measure' as const, name }));
    const isRatio = (m: SemanticQuery['measures'][number]): boolean => m.kind === 'measure' && measureByName(model, m.name).agg === 'ratio';
    const whole = [...q.measures.slice(1), ...named].find((m) => !countsPart(m) && !isRatio(m) && baseTableOf(model, m) === baseTableOf(model, q.measures[0]));
    if (!whole) return;
    q.measures = [whole];
  } else if (q.measures.length > 1) {
    // "what fraction of its events are page views": the whole's figure first, the part's after it.
    const rest = q.measures.filter((m) => !countsPart(m));
    if (rest.length !== 1) return;
    q.measures = rest;
  }
  // A value of that column the question names elsewhere, read by neither side, would be lost: left as it was.
  const named = q.filters.flatMap((f) => (f.kind === 'dimension' && f.dimension === dim ? f.values : []));
  if (named.some((v) => !partValues.includes(v) && !wholeValues.includes(v))) return;
  const others = q.filters.filter((f) => !(f.kind === 'dimension' && f.dimension === dim));
  const rows: FilterSpec[] = wholeValues.length
    ? [{ kind: 'dimension', dimension: dim, values: [...new Set([...wholeValues, ...partValues])] }]
    : [{ kind: 'dimension', dimension: dim, values: partValues }];
  q.filters = [...others, ...rows];
  // "completed + refunded revenue" names two values of the part's column: the rows, not a split by it.
  if (p.valueSplit?.includes(dim)) q.dimensions = q.dimensions.filter((d) => d !== dim);
  q.sharePart = dim;
  if (wholeValues.length) q.sharePartValues = partValues;
}
