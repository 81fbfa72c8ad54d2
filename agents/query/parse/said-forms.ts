/**
 * Phrases read in the normalise stage that need the model's words: a message that takes a first question back, "what
 * share of all of that month's … is that", a noun said after each of two values, a superlative said of its own column,
 * the extremes of a column over single rows, "a <dimension> other than <value>", "the quantity of <rows>", "drop the
 * <column> filter", and a dropped letter in a structural word.
 */
import { fuzzyWord, phraseKey, stem } from '../vocabulary.ts';
import { FILLER } from '../words.ts';
import { entityTable } from './row-phrases.ts';
import { escapeRe, type ParseState } from './state.ts';

/** Structural words of six letters or more ("before", "broken", "number"): the targets of a dropped-letter typo. */
const LONG_FILLER = [...FILLER].filter((w) => /^[a-z]{6,}$/.test(w));
/** Five-letter question and pointing words ("which", "those"): targets of a four-letter typo ("wich", "thse"). */
const SHORT_FILLER = [...FILLER].filter((w) => /^(?:wh|th)[a-z]{3}$/.test(w));

/**
 * "the 7 days befor that", "brokn down by device", "wich products": a word of five letters or more (four before a
 * question or pointing word) that neither the
 * model nor the filler list knows, one dropped letter short of exactly one structural word, is that word — read before
 * the phrases that use it. Words near one of the model's own are left to its typo reading (fuzzyWord).
 */
export function withDroppedLetterTypos(st: ParseState, question: string): string {
  return question.replace(/\b[A-Za-z]{4,}\b/g, (w) => {
    const lower = w.toLowerCase();
    if (lower !== w && lower.toUpperCase() === w) return w;
    if (st.known.has(lower) || st.known.has(stem(lower)) || fuzzyWord(st.vocab, stem(lower), lower)) return w;
    // Not a word's own plural or past ("start" / "starts"): the word as written, not understood, is left to be named.
    const near = (lower.length === 4 ? SHORT_FILLER : LONG_FILLER).filter((t) => t.length === lower.length + 1 && t !== `${lower}s` && t !== `${lower}d` && [...t].some((_, k) => t.slice(0, k) + t.slice(k + 1) === lower));
    return near.length === 1 ? near[0] : w;
  });
}

/**
 * "by categ", "per chan", "split by coun": after "by" / "per", a word of four letters or more that the model does not know
 * and that begins exactly one dimension's name (or one-word synonym) is that name cut short.
 */
export function withClippedDimensionNames(st: ParseState, question: string): string {
  const names = [...new Set(st.model.dimensions.flatMap((d) => [d.name, ...(d.synonyms ?? [])]).filter((n) => /^[a-z]+$/.test(n)))];
  return question.replace(/\b(by|per)\s+([A-Za-z]{4,})\b(?!\s*[-=:])/g, (whole: string, by: string, w: string) => {
    const lower = w.toLowerCase();
    if (st.known.has(lower) || st.known.has(stem(lower)) || fuzzyWord(st.vocab, stem(lower), lower)) return whole;
    const dims = new Set(names.filter((n) => n.length > lower.length && n.startsWith(lower)).map((n) => st.model.dimensions.find((d) => d.name === n || d.synonyms?.includes(n))!.name));
    return dims.size === 1 ? `${by} ${[...dims][0]}` : whole;
  });
}

/** "… actually scratch that, just give me …": a message that takes back what it said first asks only what follows. */
export function withTakenBack(st: ParseState, question: string): string {
  // "how many … this wk and last... actually scratch that, just give me …": a message that takes back what it said
  // first asks only what follows.
  const takenBack = /(?:^|[\s,.;:!?-])(?:(?:actually|wait|sorry|oh|hmm|no)[\s,.!-]*)?(?:scratch\s+that|never\s*mind(?:\s+that)?|forget\s+(?:that|it)|ignore\s+that)\b[\s,.;:!-]*(?=\S)/i.exec(question);
  if (!takenBack || takenBack.index === 0) return question;
  st.out.reset = true;
  return question.slice(takenBack.index + takenBack[0].length);
}

/** "what share of all of that month's active users is that?": a share of every row of each group (`ofWhole`). */
export function withShareOfWhole(st: ParseState, question: string): string {
  // "what share of all of that month's active users is that?": the whole is every row of each group, not the answer's own.
  if (!/\b(?:share|percent(?:age)?|fraction|proportion|%)\s+of\s+(?:all\b|the\s+whole\b|(?:all\s+of\s+)?(?:that|each|every|the)\s+(?:day|week|month|quarter|year)(?:'s|s'|’s)|everyone\b|everything\b)/i.test(question)) return question;
  st.out.ofWhole = true;
  // "that month's" there is each row's own month, not a period named.
  return question.replace(/\b(?:all\s+of\s+)?(?:that|each|every|the)\s+(?:day|week|month|quarter|year)(?:'s|s'|’s)\s+/gi, 'all ');
}

/** "growth users vs enterprise users": the noun said after each of two values of one dimension is said once. */
export function withOneNounForTwoValues(st: ParseState, s: string): string {
  const { vocab } = st;
  // "growth users vs enterprise users": the noun said after each of two values of one dimension is said once.
  return s.replace(/\b(@v~[a-z_]+~\S+|[a-z][a-z0-9_-]*)\s+([a-z]+)\s+(vs\.?|versus|and|or|compared\s+(?:to|with))\s+(@v~[a-z_]+~\S+|[a-z][a-z0-9_-]*)\s+\2\b/g, (whole: string, a: string, noun: string, link: string, b: string) => {
    const dimOf = (w: string): string | undefined => /^@v~([a-z_]+)~/.exec(w)?.[1] ?? (vocab.phrases.get(phraseKey(w)) ?? []).flatMap((m) => (m.t === 'value' ? [m.dimension] : []))[0];
    const d = dimOf(a);
    return d && d === dimOf(b) && a !== b ? `${a} ${link} ${b} ${noun}` : whole;
  });
}

/**
 * "keep only the checkout and purchase steps", "only the US and GB countries": after "only", the noun of the values'
 * own column said after them names what they are — a filter, not a breakdown by that column.
 */
export function withValuesNamedByColumn(st: ParseState, s: string): string {
  const V = String.raw`(?:@v~[a-z_]+~\S+|[a-z][a-z0-9_/-]*)`;
  const re = new RegExp(String.raw`\b(only|just)\s+(?:the\s+)?(${V}(?:\s*(?:,|and|or|&)\s*${V}){0,5})\s+([a-z_]+)\b`, 'g');
  return s.replace(re, (whole: string, only: string, list: string, noun: string) => {
    const values = list.split(/\s*(?:,|\band\b|\bor\b|&)\s*/).filter(Boolean);
    const dimOf = (w: string): string | undefined => /^@v~([a-z_]+)~/.exec(w)?.[1] ?? (st.vocab.phrases.get(phraseKey(w)) ?? []).flatMap((m) => (m.t === 'value' ? [m.dimension] : []))[0];
    const d = dimOf(values[0]);
    const named = (st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'dimension' && m.name === d);
    return d && named && values.every((v) => dimOf(v) === d) ? `${only} ${list}` : whole;
  });
}

/** "the cheapest price in each category", "the largest and the smallest revenue of a single order": extremes of a column. */
/** One pattern per rank phrase of a vocabulary ("cheapest price"), built once per vocabulary. */
const extremesByRanks = new WeakMap<ParseState['vocab']['ranks'], Array<{ re: RegExp; agg: 'min' | 'max' }>>();
function columnExtremesOf(ranks: ParseState['vocab']['ranks']): Array<{ re: RegExp; agg: 'min' | 'max' }> {
  let out = extremesByRanks.get(ranks);
  if (!out) {
    out = [...ranks].map(([phrase, r]) => ({ re: new RegExp(`\\b(?:the\\s+)?${escapeRe(phrase)}\\s+(${escapeRe(r.column)}s?)\\b`, 'g'), agg: r.dir === 'asc' ? 'min' as const : 'max' as const }));
    extremesByRanks.set(ranks, out);
  }
  return out;
}

export function withColumnExtremes(st: ParseState, s: string): string {
  // "the cheapest price in each category", "the most expensive price": a superlative said of its own column is that
  // column's extreme (min / max), not a ranking of rows by it.
  for (const { re, agg } of columnExtremesOf(st.vocab.ranks)) s = s.replace(re, (_w, col: string) => ` ${agg} ${col} `);
  // "the largest and the smallest revenue of a single completed order", "the highest price of any one product": the
  // extremes of a column over the rows, each row's own value (max / min), not a ranking of groups.
  const EXTREME = '(?:the\\s+)?(largest|biggest|highest|greatest|maximum|max|smallest|lowest|least|minimum|min)';
  s = s.replace(new RegExp(`\\b${EXTREME}(?:\\s+and\\s+${EXTREME})?\\s+([a-z_]+)\\s+(of|on|for|in)\\s+(?:a|an|any|one)\\s+(?:single\\s+)?((?:[a-z@~_-]+\\s+)?)([a-z]+)\\b`, 'g'), (whole: string, a: string, b: string | undefined, col: string, prep: string, mid: string, noun: string) => {
    const entity = (st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'entity');
    const column = (st.vocab.phrases.get(phraseKey(col)) ?? []).some((m) => m.t === 'column' || m.t === 'measure');
    if (!entity || !column) return whole;
    const agg = (w: string): string => (/^(?:largest|biggest|highest|greatest|maximum|max)$/.test(w) ? 'max' : 'min');
    return ` ${agg(a)}${b ? ` and ${agg(b)}` : ''} ${col} ${prep} ${mid}${noun} `;
  });
  return s;
}

/** "orders with a status other than completed": the value excluded. */
export function withOtherThan(st: ParseState, s: string): string {
  // "orders with a status other than completed": a dimension's noun before "other than" names the values excluded.
  return s.replace(/\b(?:a|an|any|some)\s+([a-z_]+)\s+(?:other\s+than|besides|apart\s+from)\s+(?=\S)/g, (whole: string, noun: string) =>
    ((st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'dimension') ? ' not ' : whole));
}

/**
 * "break that down by the country of the user", "per plan of each customer": a dimension said with whose it is — the
 * rows named have that column (their own or a joined table's) — is the dimension ("the country of the user with the most
 * orders" names one user, and stays).
 */
export function withDimensionOfEntity(st: ParseState, s: string): string {
  return s.replace(/\b([a-z_]+)\s+of\s+(?:the|each|a|an|every|their|its)\s+([a-z]+)\b(?!\s+(?:who|that|which|with|whose|where|having)\b)/g, (whole: string, dim: string, noun: string) => {
    const d = (st.vocab.phrases.get(phraseKey(dim)) ?? []).find((m) => m.t === 'dimension');
    const table = entityTable(st, noun);
    if (!d || d.t !== 'dimension' || !table) return whole;
    const cols = st.model.dimensions.find((x) => x.name === d.name)?.columns ?? [];
    const reached = new Set([table, ...(st.model.joins ?? []).filter((j) => j.from === table).map((j) => j.to)]);
    return cols.some((c) => reached.has(c.split('.')[0])) ? ` ${dim} ` : whole;
  });
}

/**
 * "only the ones whose signup_time is in 2025", "orders with an order_time in May": a period said of a table's own time
 * column by its name is that period (the time column is what every period of its rows is read on).
 */
export function withTimeColumnNamed(st: ParseState, s: string): string {
  const times = new Set(st.model.tables.flatMap((t) => (t.time ? [t.time] : [])));
  return s.replace(/\b(?:whose\s+|where\s+(?:the\s+|their\s+)?|with\s+(?:a|an|the|their)\s+)([a-z_]+)\s+(?:(?:is|was|are|were|falls?|fell)\s+)?(?=(?:in|during|on|between|before|after|from|since|within)\b)/g,
    (whole: string, col: string) => (times.has(col) ? ' ' : whole));
}

/** "the quantity of orders": how many rows there are. */
export function withQuantityOfRows(st: ParseState, s: string): string {
  // "the quantity of orders for each country", "the quantity of users": how many rows of a table there are, as "the
  // number of" says — not their quantity column summed (a total or an average of it says "total/average quantity").
  return s.replace(/(?<!\b(?:total|sum|summed|average|avg|mean|median|maximum|minimum|max|min|overall|typical|usual|lastvalueof|firstvalueof|\d+)\s+)\bquantity\s+of\s+([a-z]+s)\b/g, (whole: string, noun: string) => (entityTable(st, noun) ? ` number of ${noun} ` : whole));
}

/** "drop the price filter": the comparisons on that column go (`clearColumnFilters`). */
export function withColumnFilterDropped(st: ParseState, s: string): string {
  const { out } = st;
  // "drop the price filter", "remove the country condition": the filters on what it names go, every other one stays.
  return s.replace(/\b(?:remove|drop|clear|ignore|lose)\s+(?:the\s+|that\s+|this\s+|my\s+)?([a-z_]+(?:\s+[a-z_]+)?)\s+(?:filters?|conditions?|restrictions?|cut-?offs?|limits?)\b/g, (whole: string, what: string) => {
    const meanings = st.vocab.phrases.get(phraseKey(what)) ?? [];
    // A dimension's filter is dropped by name further on (withDroppedParts), or refused naming the filters there are.
    const dim = meanings.find((m) => m.t === 'dimension' || m.t === 'value');
    const col = meanings.find((m) => m.t === 'column');
    if (dim) return whole;
    if (col?.t === 'column') { (out.clearColumnFilters ??= []).push(col.column); return ' '; }
    return whole;
  });
}

/**
 * "Need units, not orders: total quantity sold per category": a figure's name after "not", set off by a comma or a
 * colon, says which figure is not asked — no rows are excluded by it.
 */
export function withFigureNotAsked(st: ParseState, s: string): string {
  return s.replace(/,?\s*\b(?:and\s+)?not\s+([A-Za-z_]+(?:\s+[A-Za-z_]+)?)\s*(?=[:;,.]|$)/g, (whole: string, what: string) => {
    const meanings = st.vocab.phrases.get(phraseKey(what.toLowerCase())) ?? [];
    return meanings.length && meanings.every((m) => m.t === 'measure' || m.t === 'entity') ? ' ' : whole;
  });
}

/** "the average price of those cheap ones": a word not known between "those" and "ones" describes the rows named. */
export function withDescribedOnes(st: ParseState, s: string): string {
  return s.replace(/\b(those|these|the)\s+([a-z]+)\s+ones\b/g, (whole: string, lead: string, word: string) => (st.known.has(word) || st.known.has(stem(word)) ? whole : `${lead} ones`));
}
