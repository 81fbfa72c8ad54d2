/**
 * "the biggest single order", "largest mobile order by revenue": one row of a table ranked by its value column. Read in
 * the normalise stage.
 */
import { phraseKey } from '../vocabulary.ts';
import { valuesOf } from './first-last-row.ts';
import { escapeRe, type ParseState } from './state.ts';
import { UNIT_NAMES } from './units.ts';

/**
 * "the biggest single order we've ever had, by revenue", "the smallest order by quantity": a superlative of one row of
 * a table, ranked by a figure summing one of its columns, is the max / min of that column; it is written as the
 * column's own phrase ("order value"), which the grouping stage reads so.
 */
export function withSingleRowSuperlative(st: ParseState, s: string): string {
  for (const t of st.model.tables) {
    const nouns = [t.name.replace(/s$/, ''), ...(t.entity ?? [])].filter((w) => !w.endsWith('s'));
    if (!nouns.length) continue;
    for (const c of t.columns) {
      if (c.type !== 'number') continue;
      // The column's own phrase: a word the vocabulary reads as this column and nothing else.
      const own = [c.name, ...(c.synonyms ?? [])].find((w) => {
        const ms = st.vocab.phrases.get(phraseKey(w)) ?? [];
        return ms.length > 0 && ms.every((m) => m.t === 'column' && m.table === t.name && m.column === c.name);
      });
      if (!own) continue;
      const figures = st.model.measures.filter((m) => m.table === t.name && m.agg === 'sum' && m.column === c.name)
        .flatMap((m) => [m.name.replace(/_/g, ' '), ...(m.label ? [m.label] : []), ...(m.synonyms ?? [])]);
      const by = [...new Set([...figures, c.name, ...(c.synonyms ?? [])])].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
      // Values of the table's columns between the superlative and the noun ("biggest single completed order", "largest
      // mobile order") say whose rows: they are read after the column, as "for <values>".
      const vals = `((?:(?:@v~\\S+|[a-z][a-z0-9_/'-]*)\\s+){0,2}?)`;
      // "the revenue of the largest single completed order": the value column named first is what the row is ranked by.
      if (t.valueColumn === c.name) s = s.replace(new RegExp(`\\b(?:the\\s+)?(${by})\\s+(?:of|for|on)\\s+(?:the\\s+|our\\s+)?((?:biggest|largest|highest|greatest|smallest|lowest)\\s+(?:single|individual)\\s+${vals}(?:${nouns.map(escapeRe).join('|')}))\\b`, 'g'), '$2 by $1');
      const re = new RegExp(`\\b(biggest|largest|highest|greatest|smallest|lowest)\\s+(?:single\\s+|individual\\s+)?${vals}(?:${nouns.map(escapeRe).join('|')})\\b((?:\\s+(?!by\\b)[a-z']+){0,4}?)\\s*,?\\s+(?:by|in\\s+terms\\s+of)\\s+(?:${by})\\b`, 'g');
      s = s.replace(re, (whole: string, sup: string, values: string, between: string) => {
        if (values.trim() && !valuesOf(st, t.name, values)) return whole;
        return `${sup} ${own}${between}${values.trim() ? ` for ${values.trim()}` : ''}`;
      });
      // "the biggest single order this year ($)": with no "by", one row of a table that declares its value column is
      // ranked by that column when "single" / "individual" says one row, or the column's unit is named.
      if (t.valueColumn !== c.name) continue;
      const unitWords = (UNIT_NAMES[(c.unit ?? '').toLowerCase()] ?? (c.unit ? [c.unit.toLowerCase()] : [])).map(escapeRe);
      const unitNamed = unitWords.length > 0 && new RegExp(`(?:^|\\s)(?:in\\s+)?(?:${unitWords.join('|')})(?=\\s|$)`).test(s);
      const one = new RegExp(`\\b(biggest|largest|highest|greatest|smallest|lowest)\\s+(single\\s+|individual\\s+)?${vals}(?:${nouns.map(escapeRe).join('|')})\\b(?!\\s+(?:by|in\\s+terms\\s+of)\\b)`, 'g');
      let ranked = false;
      s = s.replace(one, (whole: string, sup: string, single: string | undefined, values: string) => {
        if (!single && !unitNamed) return whole;
        if (values.trim() && !valuesOf(st, t.name, values)) return whole;
        ranked = true;
        return `${sup} ${own}${values.trim() ? ` for ${values.trim()}` : ''}`;
      });
      // The unit that said which column is its own unit: it asks for nothing more.
      if (ranked && unitNamed) s = s.replace(new RegExp(`(^|\\s)(?:in\\s+)?(?:${unitWords.join('|')})(?=\\s|$)`), ' ');
    }
  }
  return s;
}
