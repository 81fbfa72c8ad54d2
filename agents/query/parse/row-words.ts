/**
 * Words about a table's rows read from the semantic model, so another database's model gets them too:
 * "orders by quantity per order" (a breakdown by a number column's values, per a row of its own table, is that
 * breakdown) and "event volume" (the volume of a table's rows, or of what a count counts, is their count).
 */
import type { SemanticModel } from '../semantic-model.ts';

/** The question with those phrasings in the words the parser reads. */
export function withRowWords(model: SemanticModel, text: string): string {
  let s = text;
  // "orders by quantity per order": a breakdown by a number column's values (byColumn), per a row of its own table, is
  // that breakdown (each order has one quantity).
  for (const d of model.dimensions.filter((x) => x.byColumn && x.columns?.length === 1)) {
    const [table, col] = d.columns![0].split('.');
    const t = model.tables.find((x) => x.name === table);
    const rows = [table, ...(t?.entity ?? [])].map((w) => w.replace(/s$/, '')).filter((w) => /^[a-z_]+$/.test(w));
    s = s.replace(new RegExp(`\\bby\\s+${col}\\s+per\\s+(?:${rows.join('|')})\\b`, 'g'), `by ${col}`);
  }
  // "event volume", "signup volumes": the volume of a table's rows (or of what a count counts) is their count.
  const nouns = [...model.tables.flatMap((t) => [t.name, ...(t.entity ?? [])]), ...model.measures.filter((m) => m.agg === 'count').map((m) => m.name)].map((w) => w.replace(/s$/, '')).filter((w) => /^[a-z_]+$/.test(w));
  if (nouns.length) s = s.replace(new RegExp(`\\b(${nouns.join('|')})s?\\s+volumes?\\b`, 'g'), '$1 count');
  return s;
}
