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

/**
 * The count figures of a table's rows that one value of one of its columns picks (refunds: status = refunded), with the
 * noun they are named by and the verb forms of the value ("refund", "refunds", "refunded"; "cancel", "cancelled").
 */
export function rowCountNouns(st: ParseState, table: string): Array<{ noun: string; verbs: string[] }> {
  const t = st.model.tables.find((x) => x.name === table);
  const def = JSON.stringify(t?.defaultFilter ?? {});
  return st.model.measures.flatMap((m) => {
    const f = Object.entries(m.filter ?? {});
    if (m.table !== table || m.agg !== 'count' || m.column || f.length !== 1 || typeof f[0][1] !== 'string' || JSON.stringify(m.filter) === def) return [];
    const value = f[0][1].toLowerCase();
    const stem = value.replace(/(?:l?ed)$/, '');
    return [{ noun: m.name.replace(/_/g, ' '), verbs: [...new Set([value, stem, `${stem}s`, value.replace(/lled$/, 'led')])] }];
  });
}

/**
 * "how much did we refund last month", "how much was cancelled", "how much revenue did we refund", "how much in
 * refunds", "refund value": "how much" (or a value) of rows that a count figure counts (refunds) asks their value —
 * the table's value column over those rows (its money, `valueColumn`) — never how many there were.
 */
export function withValueOfCountedRows(st: ParseState, s: string): string {
  for (const t of st.model.tables) {
    if (!t.valueColumn) continue;
    const col = t.valueColumn.replace(/_/g, ' ');
    // "how much revenue in refunded orders": the rows' noun after the value is the same rows.
    const rows = alt([t.name, ...(t.entity ?? [])].flatMap((n) => [n, `${n.replace(/s$/, '')}s`]));
    for (const { noun, verbs } of rowCountNouns(st, t.name)) {
      const said = alt([...verbs, noun, noun.replace(/s$/, '')]);
      const re = new RegExp(`\\bhow much\\s+(?:money\\s+|${escapeRe(col)}\\s+)?(?:(?:did|do|does|have|has|had)\\s+(?:we|they|you|customers|users|people)\\s+(?:get\\s+)?|(?:was|were|is|are|got|gets|has\\s+been|have\\s+been)\\s+|(?:came\\s+|went\\s+|is\\s+|was\\s+)?(?:in|to)\\s+)(?:the\\s+|our\\s+)?(?:${said})\\b(?:\\s+(?:${rows})\\b)?`, 'g');
      // "how much were the refunded orders worth": read as "worth" is (normalise.ts).
      if (!/\bworth\b/.test(s)) s = s.replace(re, ` total ${col} of ${noun} `);
      s = s
        .replace(new RegExp(`\\b(?:${said})\\s+(?:value|values|worth|dollars|money)\\b`, 'g'), ` total ${col} of ${noun} `);
    }
  }
  return s;
}

const PERSON = String.raw`(?:customer|user|buyer|client|shopper|purchaser|person|people|member|account\s+holder)`;
const DETAIL = String.raw`(?:e-?mail(?:\s+address)?(?:es|s)?|phone(?:\s+(?:number|no\.?|#))?s?|telephone(?:\s+number)?s?|cell(?:\s+(?:phone|number))?s?|(?:home\s+|street\s+|postal\s+|mailing\s+|billing\s+|shipping\s+)?address(?:es)?|(?:full\s+|first\s+|last\s+)?names?|surnames?|birthdays?|dates?\s+of\s+birth|ages?)`;
const DETAIL_OF = new RegExp(String.raw`\b${PERSON}s?(?:'s|s')?\s+${DETAIL}\b|\b${DETAIL}\s+(?:of|for)\s+(?:the|our|that|this|those|these|each|every|all|a)?\s*(?:(?:top|biggest|best|largest|\d+)\s+)*(?:[a-z]+\s+)?${PERSON}s?\b|\b(?:phone|telephone|cell|mobile)\s+(?:number|no\.?|#)s?\b|\be-?mail\s+address(?:es)?\b`);

/**
 * "the customer's phone number", "the email of the customer with the biggest refund", "names of our top customers":
 * a personal detail of a person (which a model of orders, users and events does not hold).
 */
export function asksPersonalDetails(s: string): boolean {
  return DETAIL_OF.test(s);
}
