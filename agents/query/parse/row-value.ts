/**
 * The value of one row a superlative of time names: "latest order revenue", "amount of the most recent order", "what
 * did the last order from Japan cost", "how much was the first order". It is that row's number column (the latest /
 * first row by the table's time column, over every row, as "when was the latest order" reads them): the column is the
 * one a word beside the row names (a number column of the table, or a figure summing one), or the table's declared
 * value column after a word of price ("cost", "worth", "how much"). Anything else is left to be refused.
 */
import { phraseKey } from '../vocabulary.ts';
import { escapeRe, type ParseState } from './state.ts';

/** The internal words the terms stage reads as the last / first value of a column (words.ts AGG_WORDS). */
export const LAST_VALUE_WORD = 'lastvalueof';
export const FIRST_VALUE_WORD = 'firstvalueof';

/** Words that ask for a row's value in money, the table's value column ("what did it cost", "what was it worth"). */
const PRICE_AFTER = /^\s*(?:'s\s+|s\s+)?(?:cost|costs|come\s+to|amount\s+to|total|worth|value)\b/;
const PRICE_BEFORE = /\b(?:how\s+much\s+(?:was|is|did|does)|(?:what|how\s+much)\s+did|(?:what|how\s+much)\s+was)\s+(?:the\s+|our\s+|my\s+)?$/;

/**
 * `s` with the superlative phrase `one` (at `at`, superlative `sup`, values `values`, noun `noun`) read as the last /
 * first value of a number column of `table` over those rows; undefined when no column is clearly named.
 */
export function withValueOfOneRow(st: ParseState, table: string, s: string, at: number, len: number, sup: string, values: string, noun: string): string | undefined {
  const t = st.model.tables.find((x) => x.name === table);
  if (!t?.time) return undefined;
  const word = /^(?:first|earliest|oldest)$/.test(sup) ? FIRST_VALUE_WORD : LAST_VALUE_WORD;
  const before = s.slice(0, at), after = s.slice(at + len);
  const whose = values.trim() ? ` for ${values.trim()}` : '';
  const read = (column: string, head: string, tail: string): string => `${head} ${word} ${column.replace(/_/g, ' ')} of ${table}${whose} ${tail}`;
  // "latest order revenue", "the last order's quantity": a column right after the noun.
  const next = /^\s*(?:'s\s+|s\s+)?([a-z]+)(?:\s+([a-z]+))?/.exec(after);
  if (next) {
    for (const n of [2, 1]) {
      const w = n === 2 && next[2] ? `${next[1]} ${next[2]}` : n === 1 ? next[1] : undefined;
      const col = w ? columnNamed(st, table, w) : undefined;
      if (col) return read(col, before, after.slice(after.indexOf(w!) + w!.length));
    }
  }
  // "revenue of the latest order", "amount for the most recent order": a column before of / for / on / in.
  const prev = /(?:^|\s)((?:[a-z]+\s+)?[a-z]+)\s+(?:of|for|on|in|from)\s+(?:the\s+|our\s+|my\s+|that\s+)?$/.exec(before);
  if (prev) {
    const ws = prev[1].split(' ');
    for (const k of [ws.length, 1]) {
      const w = ws.slice(ws.length - k).join(' ');
      // "the value of the latest order": a word of a row's value is the table's value column.
      const col = columnNamed(st, table, w) ?? (/^(?:value|worth|cost|total)$/.test(w) ? t.valueColumn : undefined);
      if (col) return read(col, before.slice(0, before.length - prev[0].length + prev[0].indexOf(prev[1]) + prev[1].length - w.length), after);
    }
  }
  // "what did the last order from Japan cost", "how much was the latest order", "what was the first order worth".
  if (!t.valueColumn) return undefined;
  const priced = PRICE_BEFORE.exec(before);
  const cost = new RegExp(`^((?:\\s+(?!${escapeRe(noun)}\\b)(?:@v~\\S+|[a-z]+)){0,3}?)\\s+(?:cost|costs|come\\s+to|amount\\s+to|worth)\\b`).exec(after);
  if (priced && cost) return read(t.valueColumn, before.slice(0, priced.index), `${cost[1]} ${after.slice(cost[0].length)}`);
  // "how much was the latest order (in May)?": nothing after the row but whose rows or when.
  if (priced && /^\s*(?:[?.!]\s*)?$|^\s*(?:in|on|from|for|during|since|this|last|yesterday|today)\b/.test(after)) return read(t.valueColumn, before.slice(0, priced.index), after);
  // "latest order value", "what was the last order worth", "the first order's total".
  if (PRICE_AFTER.test(after)) return read(t.valueColumn, before.replace(/\b(?:what|how\s+much)\s+(?:was|is|did|does)\s+(?:the\s+|our\s+|my\s+)?$/, ' '), after.replace(/^\s*(?:'s\s+|s\s+)?/, ' ').replace(PRICE_AFTER, ' '));
  return undefined;
}

/** The number column of `table` a phrase names: the column itself, or a figure that sums it. */
function columnNamed(st: ParseState, table: string, phrase: string): string | undefined {
  const ms = st.vocab.phrases.get(phraseKey(phrase)) ?? [];
  const t = st.model.tables.find((x) => x.name === table);
  for (const m of ms) {
    if (m.t === 'column' && m.table === table && t?.columns.find((c) => c.name === m.column)?.type === 'number') return m.column;
    if (m.t === 'measure') {
      const d = st.model.measures.find((x) => x.name === m.name);
      if (d && d.table === table && d.agg === 'sum' && d.column && t?.columns.find((c) => c.name === d.column)?.type === 'number') return d.column;
    }
  }
  return undefined;
}
