/**
 * Stage 4, thresholds: numeric comparisons ("orders over $500", "between 2 and 4 items") become pending numeric
 * filters (their column is resolved once the measure's table is known); a comparison of a measure
 * ("more than 100 orders") is a threshold on the measure.
 */
import { checkComparedValue, NUMBER_SOURCE } from '../bounds.ts';
import type { CompareOp } from '../semantic-query.ts';
import { stem } from '../vocabulary.ts';
import { escapeRe, type ParseState } from './state.ts';
import { valuesOf } from './first-last-row.ts';
import { distinctUnitsStage } from './distinct-units.ts';

const NUM = '(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)';
const UNIT_ALT = '(?:\\s*(?:usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)\\b)?';
/** Comparisons written after the number or with a word that implies the column, rewritten to the forms CMP_RE reads. */
export function rewriteComparisons(s: string): string {
  return s
    // "4 or more units", "$250 or above" → "at least 4 units"; "3 or fewer items" → "at most 3 items"; "5+ items" → "at least 5 items".
    .replace(new RegExp(`(?<![\\w.])${NUM}(${UNIT_ALT})\\s+or\\s+(more|greater|higher|above|over|longer|bigger|larger)\\b`, 'g'), (_m, n: string, u: string) => ` at least ${n}${u} `)
    .replace(new RegExp(`(?<![\\w.])${NUM}(${UNIT_ALT})\\s+or\\s+(less|fewer|lower|below|under|shorter|smaller)\\b`, 'g'), (_m, n: string, u: string) => ` at most ${n}${u} `)
    .replace(/(^|\s)(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\+\s/g, (_m, pre: string, n: string) => `${pre}at least ${n} `)
    // "cheaper than $20" compares the price; "lasting over 5 seconds" the duration.
    .replace(/\b(?:cheaper|less expensive|lower priced)\s+than\b/g, ' price less than ')
    .replace(/\b(?:pricier|more expensive|costlier|higher priced)\s+than\b/g, ' price more than ')
    .replace(/\b(?:lasting|lasted|that last|which last|taking|that took|that take|took|takes|take)\s+(?=(?:more|longer|less|shorter|fewer)\s+than\s+\d|(?:over|under|above|below|at least|at most)\s+\d)/g, ' duration ');
}

const NUMBER = `(${NUMBER_SOURCE})`;
const CMP: Array<[string, CompareOp]> = [
  ['more than', '>'], ['greater than', '>'], ['larger than', '>'], ['bigger than', '>'], ['higher than', '>'], ['longer than', '>'],
  ['over', '>'], ['above', '>'], ['exceeding', '>'], ['exceeds', '>'], ['in excess of', '>'],
  ['at least', '>='], ['no less than', '>='], ['minimum of', '>='], ['or more', '>='],
  ['less than', '<'], ['fewer than', '<'], ['lower than', '<'], ['smaller than', '<'], ['shorter than', '<'], ['under', '<'], ['below', '<'],
  ['at most', '<='], ['no more than', '<='], ['up to', '<='], ['maximum of', '<='],
  ['exactly', '='], ['equal to', '='], ['equals', '='], ['equal', '='],
];
const CMP_RE = new RegExp(`(?:\\b([a-z_]+)\\s+(?:is\\s+|are\\s+|was\\s+|were\\s+|of\\s+)?)?\\b(${CMP.map(([w]) => w.replace(/ /g, '\\s+')).join('|')})\\s+${NUMBER}(?:\\s*(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|[a-z_]+))?`, 'g');
const BETWEEN_RE = new RegExp(`(?:\\b([a-z_]+)\\s+)?\\bbetween\\s+${NUMBER}(?:\\s*(?:usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)\\b)?\\s+and\\s+${NUMBER}(?:\\s*(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|[a-z_]+))?`, 'g');
export const UNIT_WORDS = /^(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)$/;

export function thresholdStage(st: ParseState): void {
  const { out, vocab } = st;
  let s = st.s;
  // "on more than one device type": a dimension's name with a noun after it ("device type", a synonym) is the dimension.
  for (const d of st.model.dimensions) {
    const longer = (d.synonyms ?? []).filter((x) => x.startsWith(`${d.name.replace(/_/g, ' ')} `));
    if (longer.length) s = s.replace(new RegExp(`\\b(${longer.map(escapeRe).join('|')})(s?)\\b`, 'g'), (_m, _w: string, pl: string) => `${d.name}${pl}`);
  }
  s = distinctUnitsStage(st, rewriteComparisons(s));
  s = s.replace(BETWEEN_RE, (full: string, word: string | undefined, a: string, b: string, after: string | undefined) => {
    const isColumn = (w?: string): boolean => !!w && (vocab.phrases.get(stem(w)) ?? []).some((x) => x.t === 'column');
    const unit = after && (UNIT_WORDS.test(after) || isColumn(after)) ? after : undefined;
    const subject = isColumn(word) ? word : undefined;
    if (!unit && !subject && after && vocab.phrases.has(stem(after))) return full;
    const whole = !!unit && /^(items?|units?|pieces?)$/.test(unit);
    const [x, y] = [checkComparedValue(a, full, { whole }), checkComparedValue(b, full, { whole })];
    // "between 200 and 100" is read in order, like a date range written backwards.
    out.numeric.push({ word: subject, unit, op: '>=', value: Math.min(x, y) }, { word: subject, unit, op: '<=', value: Math.max(x, y) });
    return ` ${word && !subject ? word : ''} @cmp ${after && !unit ? after : ''} `;
  });
  // The measure a phrase of words ending at `end` (or starting at `start`) names, longest first.
  const measureAt = (words: string[]): string | undefined => {
    for (let len = Math.min(vocab.maxWords, words.length); len >= 1; len--) {
      const ms = vocab.phrases.get(words.slice(words.length - len).map(stem).join(' ')) ?? [];
      const m = ms.find((x) => x.t === 'measure');
      if (m && m.t === 'measure' && !ms.some((x) => x.t === 'column')) return m.name;
    }
    return undefined;
  };
  const measureAfter = (words: string[]): { name: string; len: number } | undefined => {
    for (let len = Math.min(vocab.maxWords, words.length); len >= 1; len--) {
      const ms = vocab.phrases.get(words.slice(0, len).map(stem).join(' ')) ?? [];
      const m = ms.find((x) => x.t === 'measure');
      if (m && m.t === 'measure' && !ms.some((x) => x.t === 'column') && !UNIT_WORDS.test(words[0])) return { name: m.name, len };
    }
    return undefined;
  };
  // The measure a phrase starting at words[0] names, even where a column has the same name ("revenue").
  const measureNamed = (words: string[]): string | undefined => {
    for (let len = Math.min(vocab.maxWords, words.length); len >= 1; len--) {
      const m = (vocab.phrases.get(words.slice(0, len).map(stem).join(' ')) ?? []).find((x) => x.t === 'measure');
      if (m && m.t === 'measure') return m.name;
    }
    return undefined;
  };
  const formatOf = (name: string): string | undefined => st.model.measures.find((m) => m.name === name)?.format;
  const dimensionOf = (w: string | undefined): string | undefined => {
    const d = w && !UNIT_WORDS.test(w) ? (vocab.phrases.get(stem(w)) ?? []).find((x) => x.t === 'dimension') : undefined;
    return d && d.t === 'dimension' ? d.name : undefined;
  };
  // "more than 3 different products": "different" says the word after it counts values of a dimension (not a figure).
  const different = new Set<string>();
  s = s.replace(new RegExp(`${NUMBER}\\s+(?:different|distinct|unique|separate)\\s+([a-z_]+)\\b`, 'g'), (full: string, num: string, w: string) => {
    if (!dimensionOf(w)) return full;
    different.add(w);
    return `${num} ${w}`;
  });
  s = s.replace(CMP_RE, (full: string, word: string | undefined, cmp: string, num: string, after: string | undefined, offset: number, whole: string) => {
    const op = CMP.find(([w]) => w === cmp.replace(/\s+/g, ' '))![1];
    const before = whole.slice(0, offset).split(/\s+/).filter(Boolean).concat(word ? [word] : []).filter((w) => !/^(is|are|was|were|of|has|have|had|with|a|an|the|its|their)$/.test(w));
    const rest = whole.slice(offset + full.length - (after?.length ?? 0)).split(/\s+/).filter(Boolean);
    const keepWord = word ? `${word} ` : '';
    // "more than 1 times", "at least 2 times": the rows of the figure's table per entity (repeat behaviour).
    if (after && /^times?$/.test(after)) {
      out.thresholds.push({ times: true, op, value: checkComparedValue(num, full, { whole: true }), text: full.trim() });
      return ` ${keepWord} `;
    }
    // "more than 100 orders", "over 1000 page views": a threshold on a figure (HAVING), its words kept to be read as the figure.
    let named = after && !different.has(after) ? measureAfter(rest) : undefined;
    // "more than one completed order", "at least 2 cancelled orders": a value of a column of the figure's table before
    // its noun says which rows it counts (the value stays in the text, read as a filter of them).
    const valued = !named && after && !different.has(after) ? measureAfter(rest.slice(1)) : undefined;
    const table = valued ? st.model.measures.find((m) => m.name === valued.name)?.table : undefined;
    if (valued && table && st.model.measures.find((m) => m.name === valued.name)?.agg === 'count' && valuesOf(st, table, after!)) named = { name: valued.name, len: valued.len + 1 };
    if (named) {
      out.thresholds.push({ measure: named.name, op, value: checkComparedValue(num, full), text: `${full.trim()}${named.len > 1 ? ` ${rest.slice(1, named.len).join(' ')}` : ''}` });
      return ` ${keepWord} ${after} `;
    }
    const percent = !!after && /^(percent|pct|percentage)$/.test(after);
    const money = !!after && /^(usd|dollars?|bucks)$/.test(after);
    // "more than $2,000 in revenue", "over 5 percent of conversion": an amount in the kind of number of the figure named after it.
    const inFigure = (money || percent) && /^(in|of)$/.test(rest[1] ?? '') ? measureNamed(rest.slice(2)) : undefined;
    if (inFigure && formatOf(inFigure) === (money ? 'currency' : 'percent')) {
      out.thresholds.push({ measure: inFigure, percent, op, value: checkComparedValue(num, full), text: `${full.trim()} ${rest[1]} ${rest[2]}` });
      return ` ${keepWord} `;
    }
    // "bought from more than one category", "users with events on over 2 pages": how many different values of a
    // column each one has (a distinct count per entity, resolved once the entity is known), never an amount ("revenue > 1")
    // nor a threshold on the figure before it ("active users with more than 2 devices").
    const dimension = dimensionOf(after);
    if (dimension) {
      out.thresholds.push({ distinct: dimension, op, value: checkComparedValue(num, full, { whole: true }), text: full.trim() });
      return ` ${keepWord} `;
    }
    // "a refund rate above 10 percent", "aov over $50": a figure named right before the comparison, in its own kind of number.
    const subject = measureAt(before.slice(-vocab.maxWords));
    const kind = subject ? formatOf(subject) : undefined;
    const fits = !subject ? false : percent ? kind === 'percent' : money ? kind === 'currency' : !(after && UNIT_WORDS.test(after));
    if (fits) {
      out.thresholds.push({ measure: subject, percent, op, value: checkComparedValue(num, full), text: full.trim() });
      return ` ${keepWord}@cmp ${after && !UNIT_WORDS.test(after) && !percent ? after : ''} `;
    }
    if (percent) {
      // A percentage compares a rate: the one the question names (resolved once the figure is known), never a money column.
      out.thresholds.push({ percent: true, op, value: checkComparedValue(num, full), text: full.trim() });
      return ` ${keepWord}@cmp `;
    }
    const unit = after && (UNIT_WORDS.test(after) || (vocab.phrases.get(stem(after)) ?? []).some((x) => x.t === 'column')) ? after : undefined;
    // A column by a synonym ("duration") or by its own name as the schema writes it ("duration_ms").
    const col = word && ((vocab.phrases.get(stem(word)) ?? []).some((x) => x.t === 'column') || (word.includes('_') && st.model.tables.some((t) => t.columns.some((c) => c.type === 'number' && c.name === word)))) ? word : undefined;
    out.numeric.push({ word: col, unit, op, value: checkComparedValue(num, full, { whole: !!unit && /^(items?|units?|pieces?)$/.test(unit) }) });
    return ` ${word && !col ? `${word} ` : ''}@cmp ${after && !unit ? after : ''} `;
  });
  st.s = equalities(st, s);
}

/** A number column of the model named by this word (its name or a synonym), if any. */
const numberColumnWord = (st: ParseState, w: string | undefined): boolean => !!w && (st.vocab.phrases.get(stem(w)) ?? []).some((x) => x.t === 'column'
  && st.model.tables.find((t) => t.name === x.table)?.columns.find((c) => c.name === x.column)?.type === 'number');

/** A key column of the model named by this word ("user_id"), if any. */
const idColumnWord = (st: ParseState, w: string): boolean => st.model.tables.some((t) => t.columns.some((c) => c.type === 'id' && c.name === w.toLowerCase()));

/**
 * "how many orders has user 15 placed?", "product #12", "order id 5003": a singular noun of a table followed by a whole
 * number is that row by its key (written "user_id = 15" for the equality below). A year after the bare noun ("order
 * 2024") is not read as a key unless "#", "id" or "no." says so.
 */
function withRowIds(st: ParseState, s: string): string {
  // "customer 137": a breakdown whose one column is a key (customer: orders.user_id) names rows by that key too.
  const keyed = st.model.dimensions.flatMap((d) => {
    const [table, col] = d.columns?.length === 1 ? d.columns[0].split('.') : [];
    const isKey = !!col && st.model.tables.find((t) => t.name === table)?.columns.some((c) => c.name === col && c.type === 'id');
    return isKey ? [{ key: col, nouns: [d.name, ...(d.synonyms ?? [])].filter((n) => /^[a-z]+$/.test(n) && !n.endsWith('s')) }] : [];
  });
  const nowYear = st.now.getUTCFullYear();
  for (const { key, nouns } of [...st.model.tables.map((t) => ({ key: t.columns.find((c) => c.type === 'id')?.name, nouns: (t.entity ?? []).filter((e) => !e.endsWith('s')) })), ...keyed]) {
    if (!key || !nouns.length) continue;
    const re = new RegExp(`\\b(?:${nouns.join('|')})\\s+(?:(id\\s*|#\\s*|no\\.?\\s*|number\\s+)|(?=\\d))(\\d{1,12})(?![\\d.,%])(?!\\s*(?:%|percent|days?|weeks?|months?|years?|hours?|minutes?|times?|items?|units?|orders?|users?|events?|products?)\\b)`, 'g');
    // A year near now after the bare noun ("order 2024") may be the period; one long before it ("user 2001") is a key.
    s = s.replace(re, (whole: string, marker: string | undefined, n: string) => (!marker && /^(?:19|20)\d\d$/.test(n) && Number(n) >= nowYear - 10 ? whole : ` ${key} = ${n} `));
  }
  return s;
}

/**
 * Equalities written without a comparison word: "a quantity of 5", "quantity is 3", "price = 20", "orders with 3 items",
 * "products priced at $20". Only a number column of the model is compared; other numbers are left for later stages
 * (a number no stage reads is refused, never dropped).
 */
function equalities(st: ParseState, text: string): string {
  const unitRe = '(?:\\s*(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)\\b)?';
  let s = withRowIds(st, text);
  s = s.replace(new RegExp(`\\b([a-z_]+)\\s+(?:of|is|was|were|equals?|=+)\\s+${NUMBER}${unitRe}`, 'g'), (full: string, word: string, num: string, unit: string | undefined) => {
    // "user_id = 15": a key column equals a whole number (no unit); any other column a number.
    if (idColumnWord(st, word) && !unit && /^\d+$/.test(num)) { st.out.numeric.push({ word, op: '=', value: Number(num) }); return ' @cmp '; }
    if (!numberColumnWord(st, word)) return full;
    st.out.numeric.push({ word, unit, op: '=', value: checkComparedValue(num, full, { whole: !!unit && /^(items?|units?|pieces?)$/.test(unit) }) });
    return ' @cmp ';
  });
  // "orders where quantity 5", "with a qty of 3" (above): the column right before the number, after with / where.
  s = s.replace(new RegExp(`\\b(with|where|having|whose)\\s+(?:a\\s+|an\\s+|the\\s+)?([a-z_]+)\\s+${NUMBER}${unitRe}`, 'g'), (full: string, w: string, word: string, num: string, unit: string | undefined) => {
    if (!numberColumnWord(st, word)) return full;
    st.out.numeric.push({ word, unit, op: '=', value: checkComparedValue(num, full, { whole: !!unit && /^(items?|units?|pieces?)$/.test(unit) }) });
    return ` ${w} @cmp `;
  });
  // "orders with 3 items", "baskets having 2 units", "orders of 5 units": a count of a number column's unit.
  s = s.replace(new RegExp(`\\b(with|having|has|had|have|containing|contain|contained|of)\\s+(?:exactly\\s+)?${NUMBER}\\s+([a-z_]+)\\b`, 'g'), (full: string, w: string, num: string, word: string) => {
    if (!numberColumnWord(st, word)) return full;
    st.out.numeric.push({ word, op: '=', value: checkComparedValue(num, full, { whole: true }) });
    return ` ${w} @cmp `;
  });
  // "products priced at $20", "items costing $15": an amount of money equal to the money column.
  return s.replace(new RegExp(`\\b(?:priced\\s+at|costing|costs?|worth)\\s+${NUMBER}\\s*(usd|dollars?|bucks)\\b`, 'g'), (full: string, num: string, unit: string) => {
    st.out.numeric.push({ unit, op: '=', value: checkComparedValue(num, full) });
    return ' @cmp ';
  });
}
