/**
 * "refunded order value by month", "cancelled order amounts": a value of a table's rows right before a column phrase
 * that begins with the table's row noun ("order value") is that column over those rows, not a count of "refunded
 * orders" followed by a stray "value". Written "order value of refunded orders", which reads so. Normalise stage.
 */
import { escapeRe, phraseAlternation as alt, type ParseState } from './state.ts';

export function withValueBeforeColumn(st: ParseState, s: string): string {
  for (const t of st.model.tables) {
    const nouns = (t.entity ?? []).filter((e) => !e.endsWith('s'));
    const phrases = t.columns.flatMap((c) => c.synonyms ?? []).filter((p) => nouns.some((n) => p.toLowerCase().startsWith(`${n} `)));
    const values = st.model.dimensions.filter((d) => (d.columns ?? []).some((c) => c.startsWith(`${t.name}.`))).flatMap((d) => d.values ?? []);
    if (!phrases.length || !values.length) continue;
    s = s.replace(new RegExp(`\\b(${alt(values)})\\s+(${alt(phrases)})(s?)\\b`, 'g'), (_m, value: string, phrase: string, pl: string) => {
      const noun = nouns.find((n) => phrase.startsWith(`${n} `))!;
      return `${phrase}${pl} of ${value} ${noun}s`;
    });
  }
  return s;
}

/**
 * "which product got refunded the most (times)?", "which country was cancelled least often": a value said as what
 * happened to rows, ranked, counts those rows (refunds), not the default figure over them (revenue of refunded orders).
 */
export function withValueVerbRanking(st: ParseState, s: string): string {
  for (const m of st.model.measures) {
    const f = Object.entries(m.filter ?? {});
    if (m.agg !== 'count' || f.length !== 1 || typeof f[0][1] !== 'string') continue;
    const value = escapeRe(f[0][1]);
    const noun = m.label ?? m.name.replace(/_/g, ' ');
    s = s.replace(new RegExp(`\\b(?:got|get|gets|getting|was|were|been|being|is|are)\\s+${value}\\s+(?:the\\s+)?(most|least|fewest)(?:\\s+(?:times|often))?\\b`, 'g'),
      (_m, dir: string) => `had the ${dir === 'most' ? 'most' : 'fewest'} ${noun}`);
  }
  return s;
}
