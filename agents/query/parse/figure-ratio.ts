/**
 * "revenue divided by units", "revenue / orders", "units per order", "the ratio of refunds to orders", "refunds-to-
 * orders ratio": one figure of the model over another of the same table. The division is read into the ratio the
 * model defines for the pair (average order value for revenue / orders) or, where it defines none, into the ratio the
 * agent derived (figure-ratios.ts), named by its one phrase. Figures of two tables, or words that name no figure,
 * are left as written (a lone slash is then refused, normalise.ts).
 */
import { isRatioPart, ratioName, ratioPhrase } from '../figure-ratios.ts';
import type { ModelMeasure } from '../semantic-model.ts';
import { phraseKey, phrasesIn } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** Words before a figure that say nothing more about it ("the total revenue", "the number of distinct buyers"). */
const LEAD = /^(?:the|our|total|overall|number|count|sum|amount|of|distinct|unique|all)$/;
const MAX_WORDS = 6;

/** The measure a run of words names on its own, after lead words; undefined when it names none or several. */
function figureOf(st: ParseState, words: string[]): ModelMeasure | undefined {
  for (let k = 0; k < words.length; k++) {
    if (k > 0 && !LEAD.test(words[k - 1])) return undefined;
    const ms = (st.vocab.phrases.get(phraseKey(words.slice(k).join(' '))) ?? []).filter((m) => m.t === 'measure');
    const names = [...new Set(ms.map((m) => (m as { name: string }).name))];
    if (names.length === 1) return st.model.measures.find((m) => m.name === names[0]);
    if (names.length > 1) return undefined;
  }
  return undefined;
}

/** What `a` over `b` is called in the question: the model's own ratio of the two, or the derived one; undefined when neither. */
function ratioWords(st: ParseState, a: ModelMeasure, b: ModelMeasure): string | undefined {
  if (a.table !== b.table || !isRatioPart(a) || !isRatioPart(b) || a === b) return undefined;
  const own = st.model.measures.find((m) => m.agg === 'ratio' && !m.derived && m.numerator === a.name && m.denominator === b.name);
  if (own) return ` ${own.label ?? own.name.replace(/_/g, ' ')} `;
  return st.model.measures.some((m) => m.derived && m.name === ratioName(a.name, b.name)) ? ` ${ratioPhrase(a.name, b.name)} ` : undefined;
}

/** The longest run of words ending at `end` (exclusive) that names one figure, and where it starts. */
function figureBefore(st: ParseState, ws: string[], end: number): { m: ModelMeasure; from: number } | undefined {
  for (let from = Math.max(0, end - MAX_WORDS); from < end; from++) {
    const m = figureOf(st, ws.slice(from, end));
    if (m) return { m, from };
  }
  return undefined;
}

/**
 * The longest run of words starting at `from` that names one figure, and where it ends (exclusive); none where the
 * words there are a longer phrase of something else ("per event type", "per signup channel" name a dimension).
 */
function figureAfter(st: ParseState, ws: string[], from: number): { m: ModelMeasure; to: number } | undefined {
  for (let to = Math.min(ws.length, from + MAX_WORDS); to > from; to--) {
    const m = figureOf(st, ws.slice(from, to));
    if (!m) continue;
    const [first] = phrasesIn(st.vocab, ws.slice(from, from + MAX_WORDS + 1));
    if (first?.i === 0 && first.n > to - from && first.meanings.every((x) => x.t !== 'measure')) return undefined;
    return { m, to };
  }
  return undefined;
}

/**
 * "sum(revenue)/count()" (the half-SQL reads "total revenue / count"), "revenue divided by the count of rows": a bare
 * count under a figure counts the rows that figure sums — its table's count figure with the same filter (revenue's
 * completed orders are the orders); none where the model has no such figure or more than one.
 */
function rowCountAfter(st: ParseState, ws: string[], from: number, over: ModelMeasure): { m: ModelMeasure; to: number } | undefined {
  // The count ends the figure: "count of distinct session_id", "number of users" count something else.
  const run = /^(?:the\s+)?(?:count|number)(?:\s+of\s+rows)?(?=$|\s+(?:by|per|group|for|in|on|last|this|where|during|from|since|and|[,;:\u2014\u2013-])(?:\s|$))/.exec(ws.slice(from, from + 5).join(' '));
  if (!run) return undefined;
  const same = (f: ModelMeasure['filter']) => JSON.stringify(Object.entries(f ?? {}).sort()) === JSON.stringify(Object.entries(over.filter ?? {}).sort());
  const counts = st.model.measures.filter((m) => m.agg === 'count' && m.table === over.table && !m.derived && same(m.filter));
  return counts.length === 1 ? { m: counts[0], to: from + run[0].split(' ').length } : undefined;
}

/** The figures the words name, each run read as the longest phrase the vocabulary knows (as the tokens stage reads them). */
function figuresNamed(st: ParseState, ws: string[]): Set<string> {
  return new Set(phrasesIn(st.vocab, ws).flatMap((h) => (h.meanings[0].t === 'measure' ? [h.meanings[0].name] : [])));
}

/**
 * "orders per sales channel", "refunds by sales region": a figure's word before a dimension's says which one (the
 * channel sales come through), it divides or splits nothing: it goes. Not where the two words are one phrase of the
 * model ("by signup channel" is another dimension).
 */
export function withFigureWordAsModifier(st: ParseState, s: string): string {
  return s.replace(/\b(by|per)\s+([a-z]+)\s+(?=[a-z])/g, (whole: string, by: string, word: string, at: number) => {
    const [first, next] = phrasesIn(st.vocab, s.slice(at + whole.length - word.length - 1).trim().split(/\s+/).slice(0, MAX_WORDS + 1));
    const modifier = first?.i === 0 && first.n === 1 && first.meanings.every((m) => m.t === 'measure') && next?.i === 1 && next.meanings[0].t === 'dimension';
    return modifier ? `${by} ` : whole;
  });
}

/**
 * The question with each division of one figure by another of its table read as that ratio's name. Beside another
 * figure named in the question ("revenue per customer (revenue / orders)"), a division is left as written: a ratio
 * the question restates is read by withoutRestatedRatio, and one that defines another figure is not picked over it.
 */
export function withFigureRatio(st: ParseState, s: string): string {
  if (!/\/|÷|\bdivided\b|\bover\b|\bper\b|\bratio\b/.test(s)) return s;
  const ws = s.replace(/([/÷])/g, ' $1 ').replace(/\b([a-z]+)-to-([a-z]+)\b/g, '$1 to $2').split(/\s+/).filter(Boolean);
  const join = (from: number, to: number, words: string): string => [...ws.slice(0, from), words.trim(), ...ws.slice(to)].join(' ');
  const besideOther = (from: number, to: number, words: string): boolean => {
    const mine = figuresNamed(st, words.trim().split(' '));
    return [...figuresNamed(st, [...ws.slice(0, from), '|', ...ws.slice(to)])].some((m) => !mine.has(m));
  };
  for (let i = 1; i < ws.length - 1; i++) {
    // "the ratio of refunds to orders", "refunds-to-orders ratio" / "refunds to orders ratio".
    if (ws[i] === 'to') {
      const ratioOf = ws.slice(0, i).lastIndexOf('ratio');
      const ofAt = ratioOf >= 0 && ws[ratioOf + 1] === 'of' ? ratioOf + 2 : -1;
      const after = figureAfter(st, ws, i + 1);
      if (ofAt >= 0 && after) {
        const a = figureOf(st, ws.slice(ofAt, i));
        const words = a && ratioWords(st, a, after.m);
        if (a && words && !besideOther(ratioOf, after.to, words)) return withFigureRatio(st, ` ${join(ws[ratioOf - 1] === 'the' ? ratioOf - 1 : ratioOf, after.to, words)} `);
      }
      const before = figureBefore(st, ws, i);
      if (before && after && ws[after.to] === 'ratio') {
        const words = ratioWords(st, before.m, after.m);
        if (words && !besideOther(before.from, after.to + 1, words)) return withFigureRatio(st, ` ${join(before.from, after.to + 1, words)} `);
      }
      continue;
    }
    const by = ws[i] === 'divided' && ws[i + 1] === 'by' ? 2 : ws[i] === '/' || ws[i] === '÷' || ws[i] === 'over' || ws[i] === 'per' ? 1 : 0;
    if (!by) continue;
    const before = figureBefore(st, ws, i);
    const after = before && (figureAfter(st, ws, i + by) ?? rowCountAfter(st, ws, i + by, before.m));
    if (!before || !after) continue;
    // "orders per customer" (a figure per entity) and "revenue per order" (a name the model has) are read as before.
    if (ws[i] === 'per' && (after.m.agg === 'uniq' || st.vocab.phrases.has(phraseKey(ws.slice(before.from, after.to).join(' '))))) continue;
    const words = ratioWords(st, before.m, after.m);
    if (words && !besideOther(before.from, after.to, words)) return withFigureRatio(st, ` ${join(before.from, after.to, words)} `);
  }
  return s;
}

/**
 * "the lowest and the highest revenue per order", "max units per order": after a word of an extreme, a sum of a
 * column "per" a row of its own table is that column's value in each row, not a ratio: "per <row>" is dropped.
 */
export function withRowValuePer(st: ParseState, s: string): string {
  return s.replace(/\b(min|max|minimum|maximum|lowest|highest|smallest|largest|biggest|median)\s+((?:[a-z]+\s+)?[a-z]+)\s+per\s+(?:single\s+|one\s+|each\s+|an?\s+)?([a-z]+)\b/g, (whole: string, extreme: string, figure: string, row: string) => {
    const m = figureOf(st, figure.split(' '));
    const t = m?.agg === 'sum' && m.column ? st.model.tables.find((x) => x.name === m.table) : undefined;
    const rows = t ? [t.name, ...(t.entity ?? [])].map(phraseKey) : [];
    return rows.includes(phraseKey(row)) ? `${extreme} ${figure}` : whole;
  });
}
