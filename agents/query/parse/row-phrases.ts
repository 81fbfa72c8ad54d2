/**
 * Rows named in a question's own words, read before the stages that count and rank them: an amount said of rows of a
 * table ("under-$20 products"), a count of a singular noun ("the 3 product"), values listed after "which <noun>", and "…, and how many of those were <value>?".
 */
import { phraseKey, phrasesIn } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** The table a noun names as its rows ("users", "orders", "customer"), if any. */
export const entityTable = (st: ParseState, noun: string): string | undefined => (st.vocab.phrases.get(phraseKey(noun)) ?? []).flatMap((m) => (m.t === 'entity' ? [m.table] : []))[0];

/**
 * "which APAC country (JP, SG, VN, AU or IN) got the most signups": the values listed right after "which <noun>" are the
 * rows it is chosen among, said after the question ("… among JP, SG, VN, AU, IN") so "which country got the most" ranks.
 */
export function withValuesOfWhich(st: ParseState, s: string): string {
  const hit = /\b(which|what)\s+([a-z]+)\s+((?:(?:@v~[a-z_]+~\S+|[a-z][a-z_-]*)\s*(?:,|\bor\b|\band\b)?\s*){2,})/.exec(s);
  if (!hit) return s;
  const dimOf = (w: string): string | undefined => {
    const code = /^@v~([a-z_]+)~/.exec(w);
    if (code) return code[1];
    const m = (st.vocab.phrases.get(phraseKey(w)) ?? [])[0];
    return m?.t === 'value' ? m.dimension : undefined;
  };
  // The values right after the noun, up to the first word that is not one.
  const words = hit[3].split(/\s*(?:,|\bor\b|\band\b)\s*|\s+/).filter(Boolean);
  const values: string[] = [];
  for (const w of words) { if (dimOf(w) === undefined) break; values.push(w); }
  const dims = new Set(values.map(dimOf));
  if (values.length < 2 || dims.size !== 1) return s;
  // Where the listed values end in the text.
  let end = hit.index + hit[1].length + 1 + hit[2].length;
  for (const v of values) end = s.indexOf(v, end) + v.length;
  const tail = s.slice(end).replace(/^\s*(?:,|\bor\b|\band\b)?\s*/, ' ');
  return `${s.slice(0, hit.index)}${hit[1]} ${hit[2]} ${tail.replace(/[\s?.!]+$/, '')} among ${values.join(' ')} `;
}

/**
 * "the 3 product most sold", "top 5 country by revenue": a count of rows named by a singular noun of the model is its
 * plural, the rows ranked or listed.
 */
export function withCountedNounPlural(st: ParseState, s: string): string {
  return s.replace(/\b(\d{1,4})\s+([a-z]{3,}[^s\s])\b(?!\s+(?:days?|weeks?|months?|years?|hours?|ids?|names?|codes?|keys?|numbers?)\b)/g, (whole: string, n: string, word: string) => {
    if (Number(n) < 2) return whole;
    if (!(st.vocab.phrases.get(phraseKey(word)) ?? []).some((m) => m.t === 'entity' || m.t === 'dimension')) return whole;
    return `${n} ${/[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`}`;
  });
}

/**
 * "how many signups on May 16, and how many of those came through paid?": the figure, and beside it the same figure
 * over the rows with that value ("signups and paid signups": a column each, the part counted over the same rows).
 */
export function withPartOfThose(st: ParseState, s: string): string {
  const hit = /[,;]?\s*\b(?:and|&)\s+how\s+many\s+(?:of\s+)?(?:those|them|these|which)\s+(?:(?:came|come|were|was|are|is|did|have|had)\s+)?(?:(?:in|through|via|from|on|with|by|using|through\s+the|from\s+the|on\s+the|via\s+the)\s+)?((?:@v~\S+|[a-z][a-z_-]*)(?:\s+(?:@v~\S+|[a-z][a-z_-]*)){0,2}?)\s*(?:channel|plan|device|country)?\s*[?.!]*\s*$/.exec(s);
  if (!hit) return s;
  const head = s.slice(0, hit.index).trim().split(/\s+/);
  // Only a count: "how many of those" counts the rows the figure counts.
  const counted = phrasesIn(st.vocab, head).find(({ meanings: [m] }) => m.t === 'measure' && /^(?:count|uniq)$/.test(st.model.measures.find((x) => x.name === m.name)?.agg ?? ''));
  const figure = counted && head.slice(counted.i, counted.i + counted.n).join(' ');
  const parts = partsNamed(st, hit[1]);
  if (!figure || !parts?.length || parts.some((x) => x.value === undefined)) return s;
  return `${s.slice(0, hit.index)} and ${hit[1]} ${figure} `;
}

/**
 * "under-$20 products", "products under $20", "$50+ products": an amount of money said of rows of a table is that table's
 * own money column ("products with price under $20"), not the money of the figure's rows (an order's revenue).
 */
export function withPricedRows(st: ParseState, s: string): string {
  const moneyOf = (noun: string): string | undefined => {
    const table = entityTable(st, noun);
    return st.model.tables.find((t) => t.name === table)?.columns.find((c) => c.type === 'number' && c.unit === 'usd')?.name;
  };
  // (An amount is written "20 usd" by now.)
  const OP = '(under|below|over|above|less\\s+than|more\\s+than|at\\s+least|at\\s+most|cheaper\\s+than|pricier\\s+than)';
  const AMOUNT = '(\\d+(?:\\.\\d+)?)\\s*usd';
  // The noun stays where it was said (the rows ranked or counted); the amount goes after the question, on its column.
  const tail: string[] = [];
  const priced = (noun: string, op: string, n: string, whole: string): string => {
    const col = moneyOf(noun);
    if (!col) return whole;
    tail.push(`with ${col.replace(/_/g, ' ')} ${op} ${n} usd`);
    return ` ${noun} `;
  };
  const out = s.replace(new RegExp(`\\b${OP}[\\s-]+${AMOUNT}[\\s-]+([a-z]+)\\b`, 'g'), (whole: string, op: string, n: string, noun: string) => priced(noun, op, n, whole))
    .replace(new RegExp(`\\b${AMOUNT}\\s*\\+[\\s-]*([a-z]+)\\b`, 'g'), (whole: string, n: string, noun: string) => priced(noun, 'at least', n, whole))
    .replace(new RegExp(`\\b([a-z]+)\\s+(?:(?:that|which)\\s+(?:are|is|were|was|cost|costs)\\s+(?:worth\\s+)?|costing\\s+|priced\\s+|worth\\s+|valued\\s+at\\s+)?${OP}\\s+${AMOUNT}`, 'g'), (whole: string, noun: string, op: string, n: string) => priced(noun, op, n, whole));
  return tail.length ? `${out.replace(/[\s?.!]+$/, '')} ${tail.join(' ')} ` : out;
}

/** The dimensions (and values) some words name, each word or the whole phrase a value or a name of one; undefined if any is not. */
export function partsNamed(st: ParseState, what: string): Array<{ dimension: string; value?: string }> | undefined {
  const of = (phrase: string): { dimension: string; value?: string } | undefined => {
    const code = /^@v~([^~]+)~(\S+)$/.exec(phrase);
    if (code) {
      const d = st.model.dimensions.find((x) => x.name === code[1]);
      return { dimension: code[1], value: d?.values?.find((v) => v.toLowerCase() === code[2].toLowerCase()) ?? code[2] };
    }
    const m = (st.vocab.phrases.get(phraseKey(phrase)) ?? []).find((x) => x.t === 'value' || x.t === 'dimension');
    return m?.t === 'value' ? { dimension: m.dimension, ...(m.values ? {} : { value: m.value }) } : m?.t === 'dimension' ? { dimension: m.name } : undefined;
  };
  const whole = of(what);
  if (whole) return [whole];
  const read = what.split(/\s+/).filter((w) => !/^(?:and|or)$/.test(w)).map(of);
  // "the growth plan", "the paid channel": the dimension's noun after its value names that value.
  const parts = read.filter((d, k) => !(d && !d.value && read[k - 1]?.value && read[k - 1]?.dimension === d.dimension));
  return parts.length && parts.every((d) => d) ? parts as Array<{ dimension: string; value?: string }> : undefined;
}
