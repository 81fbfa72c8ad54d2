/**
 * "cancellation rate by device (cancelled / all orders)", "refund rate, i.e. refunds divided by all orders": a ratio
 * the question names, written out again as its numerator over its denominator, restates it and is read as said once.
 * Parts that are not the named ratio's own are left, and a lone slash is then refused as before (normalise.ts).
 */
import { phraseAlternation as alt, type ParseState } from './state.ts';

/** Removes "<numerator> / <denominator>" (or "divided by", "over", "out of") after a ratio of the model named in `s`. */
export function withoutRestatedRatio(st: ParseState, s: string): string {
  const { model } = st;
  const namesOf = (name: string): string[] => {
    const m = model.measures.find((x) => x.name === name);
    if (!m) return [];
    const table = model.tables.find((t) => t.name === m.table);
    // A count of one value of a column is also called by the value ("cancelled" for cancellations).
    const values = Object.values(m.filter ?? {}).filter((v): v is string => typeof v === 'string' && JSON.stringify(m.filter) !== JSON.stringify(table?.defaultFilter ?? {}));
    const nouns = m.agg === 'count' && table ? [table.name, ...(table.entity ?? []).flatMap((e) => [e, `${e}s`])] : [];
    const own = [m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? [])];
    return [...own, ...values.flatMap((v) => [v, ...nouns.map((n) => `${v} ${n}`)]), ...(m.filter && values.length === 0 ? [] : nouns)];
  };
  for (const r of model.measures) {
    if (r.agg !== 'ratio' || !r.numerator || !r.denominator) continue;
    const named = [r.name.replace(/_/g, ' '), ...(r.label ? [r.label] : []), ...(r.synonyms ?? [])];
    if (!new RegExp(`\\b(?:${alt(named)})\\b`).test(s)) continue;
    const num = namesOf(r.numerator), den = namesOf(r.denominator);
    if (!num.length || !den.length) continue;
    const parts = new RegExp(`(?:^|\\s)(?:(?:the\\s+)?(?:number|count)\\s+of\\s+)?(?:${alt(num)})\\s+(?:\\/|divided\\s+by|over|out\\s+of)\\s+(?:(?:all|total|the|every)\\s+)?(?:(?:number|count)\\s+of\\s+)?(?:(?:all|the)\\s+)?(?:${alt(den)})(?=\\s|$)`);
    const hit = parts.exec(s);
    if (hit) return `${s.slice(0, hit.index)} ${s.slice(hit.index + hit[0].length)}`;
  }
  return s;
}
