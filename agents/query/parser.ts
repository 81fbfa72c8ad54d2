/**
 * The offline parser: one question → a fragment of a semantic query (what the
 * question itself says). The agent completes it into a full query, or applies
 * it to the previous one for a follow-up. Unknown words are reported, never
 * guessed.
 */
import type { SemanticModel } from './semantic-model.ts';
import type { ChartHint, ColumnAgg, CompareOp, FilterSpec, MeasureSpec, PeriodSpec } from './semantic-query.ts';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { DEFAULT_MAX_ROWS, NUMBER_SOURCE, checkComparedValue, checkRowCount } from './bounds.ts';
import { extractTime, isoDateTime, type Grain } from './time-phrases.ts';
import { buildVocabulary, fuzzyWord, stem, type Meaning, type Vocabulary } from './vocabulary.ts';
import {
  AGG_WORDS, ASC_WORDS, BY_WORDS, CHANGE_WORDS, COMPARE_WORDS, DESC_WORDS, FILLER, GRAIN_TOKENS, NEG_WORDS, SHARE_WORDS, isWriteRequest, normalizeQuestion, rewriteComparisons,
} from './words.ts';

/** A numeric comparison whose column is resolved once the measure's table is known. */
export interface PendingNumeric { word?: string; unit?: string; op: CompareOp; value: number }

export interface ParsedQuestion {
  measures: MeasureSpec[];
  dimensions: string[];
  filters: FilterSpec[];
  numeric: PendingNumeric[];
  /** HAVING-like comparisons on a measure ("more than 100 orders"); not supported yet. */
  measureComparisons: string[];
  period?: PeriodSpec;
  grain?: Grain;
  autoGrain?: boolean;
  order?: 'asc' | 'desc';
  limit?: number;
  /** Values used as the counted noun ("how many checkouts", "logins by device"). */
  valueNouns?: Array<{ dimension: string; value: string }>;
  /** Dimensions introduced by by / per / each after the first one ("top product per category"): groups a limit applies within. */
  perDimensions?: string[];
  /** "which country …" with a singular noun: one row. */
  singular?: boolean;
  superlative?: 'asc' | 'desc';
  share?: 'fraction' | 'percent';
  chart?: ChartHint;
  showSql?: boolean;
  write?: boolean;
  future?: string;
  /** Words that mean nothing in this model. */
  unknown: string[];
  /** Something understood but not answerable (e.g. "median of sessions"): refused with this phrase. */
  unsupported?: string;
  /** Looks like a refinement of the previous answer. */
  followUp: boolean;
  /** "also by device": add to the grouping instead of replacing it. */
  addDimensions: boolean;
  clearFilters?: boolean;
  clearPeriod?: boolean;
  /** Dimensions whose filter is lifted ("all countries"). */
  clearDimensionFilters: string[];
  /** Tables mentioned by entity words ("orders", "users"), for defaults. */
  entities: string[];
  /** "how many …" whose target was not a measure. */
  countIntent: boolean;
  /** "how much did we sell": the money measure. */
  howMuch?: boolean;
  /** Measures used as qualifiers right after a value ("tablet users"): dropped when they conflict. */
  qualifiers: string[];
  empty: boolean;
}

const vocabCache = new WeakMap<SemanticModel, { vocab: Vocabulary; known: Set<string> }>();

function vocabularyOf(model: SemanticModel): { vocab: Vocabulary; known: Set<string> } {
  let v = vocabCache.get(model);
  if (!v) {
    const vocab = buildVocabulary(model);
    const known = new Set<string>([...FILLER]);
    for (const key of vocab.phrases.keys()) for (const w of key.split(' ')) known.add(w);
    v = { vocab, known };
    vocabCache.set(model, v);
  }
  return v;
}

const NUMBER = `(${NUMBER_SOURCE})`;
/** A row count as written after top / first / limit: any number-like token, validated afterwards. */
const COUNT = '(-?\\d[\\d.]*(?:e[-+]?\\d+)?)(?![\\w.])';
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
const UNIT_WORDS = /^(usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?)$/;

type Item =
  | { k: 'term'; meanings: Meaning[]; text: string; plural: boolean; i: number }
  | { k: 'sig'; w: string; i: number }
  /** A superlative of a column ("cheapest" → price ascending). */
  | { k: 'rank'; dir: 'asc' | 'desc'; table: string; column: string; text: string; i: number };

/**
 * Parses one question into the fragment it states. A row count outside 1..maxRows, a compared number that is
 * not finite or absurdly large, and an impossible or out-of-range date are refused (BAD_INPUT, one line).
 */
export function parseQuestion(model: SemanticModel, question: string, now: Date, opts: { maxRows?: number } = {}): ParsedQuestion {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const { vocab, known } = vocabularyOf(model);
  const out: ParsedQuestion = {
    measures: [], dimensions: [], filters: [], numeric: [], measureComparisons: [], unknown: [], followUp: false, addDimensions: false,
    clearDimensionFilters: [], entities: [], countIntent: false, qualifiers: [], empty: false,
  };
  let s = normalizeQuestion(question, vocab.codes);
  // A number in a form it would be half-read from ("1_000" as 1, "0x10" as 0) is refused instead.
  const odd = /(?<![\w.])-?(?:\d+(?:_\d*)+|0x[0-9a-f]+|\d+(?:\.\d+){2,})(?![\w.])/.exec(s);
  if (odd) {
    throw new DatalabsError('BAD_INPUT', /^\d{1,4}\.\d{1,2}\.\d{1,4}$/.test(odd[0]) ? `I could not read the date "${odd[0]}": write dates as YYYY-MM-DD.`
      : `I could not read the number "${odd[0].slice(0, 30)}": write numbers with plain digits, such as 1000 or 2.5.`);
  }
  if (!s.trim()) { out.empty = true; return out; }
  if (isWriteRequest(s)) { out.write = true; return out; }

  // Phrased as a refinement of the previous answer ("now…", "same but…", "and by…", "only…"). A message that names its
  // own measure starts a new query unless it is phrased so; words that also open a new question ("top", "for", "in")
  // do not count here (a message without a measure refines the previous answer anyway).
  out.followUp = /^\s*(?:(?:ok|okay|so|then|and then)\b[\s,]*)?(now|only|just|and|also|plus|what about|how about|same|but|make it|switch|change|instead|what if|exclude|excluding|without|remove|drop|show it|as a|as an|break it|split it|do it|same thing)\b/.test(s)
    || /\b(instead|as well|too)\s*$/.test(s);
  out.howMuch = /\bhow much\b.*\b(sell|sold|earn|earned|make|made|generate|generated|bring in|brought in)\b/.test(s);
  out.addDimensions = /\b(also|as well|too|additionally|add)\b/.test(s) || /^\s*(?:and|plus)\s+(?:then\s+)?by\b/.test(s);
  if (/\b(sql|the query|that query|query used|your query)\b/.test(s)) {
    out.showSql = true;
    s = s.replace(/\b(sql|the query|that query|query used|your query|code)\b/g, ' ');
  }
  if (/\b(remove|drop|clear|reset|without|no|ignore)\s+(?:the\s+|all\s+|any\s+)?(filters?|conditions?)\b/.test(s)) {
    out.clearFilters = true;
    s = s.replace(/\b(remove|drop|clear|reset|without|no|ignore)\s+(?:the\s+|all\s+|any\s+)?(filters?|conditions?)\b/g, ' ');
  }
  if (/\b(all time|all[- ]time|whole (?:period|history|time)|entire (?:period|history)|all dates|any time|ever|remove the (?:date|time|period)(?: range| filter)?|no date (?:range|filter))\b/.test(s)) {
    out.clearPeriod = true;
    s = s.replace(/\b(all time|all[- ]time|whole (?:period|history|time)|entire (?:period|history)|all dates|any time|ever|remove the (?:date|time|period)(?: range| filter)?|no date (?:range|filter))\b/g, ' ');
  }

  // Chart type.
  const chart = /(?:\b(?:as|in|into|to|using|with|on)\s+(?:an?\s+)?)?\b(line|bar|column|stacked(?:\s+bar)?|grouped(?:\s+bar)?|side[- ]by[- ]side|pie|area|donut|heat\s*-?map)(?:\s*(?:chart|graph|plot|diagram|view)s?)?\b/.exec(s);
  if (chart && (/chart|graph|plot|diagram|map/.test(chart[0]) || /^(?:\s*(as|in|into|to)\b)/.test(chart[0]))) {
    const w = chart[1];
    out.chart = /^(line|area)/.test(w) ? 'line' : /^stacked/.test(w) ? 'stacked-bar' : /^(grouped|side)/.test(w) ? 'grouped-bar' : /^heat/.test(w) ? 'heatmap' : 'bar';
    s = s.replace(chart[0], ' ');
  }
  s = s.replace(/\bas\s+(?:a\s+)?(?:single\s+|big\s+)?number\b/, () => { out.chart = 'big-number'; return ' '; });

  // Ordering phrases.
  s = s.replace(/\bin\s+(descending|decreasing|ascending|increasing)\s+order\b|\b(descending|ascending|desc|asc)\b/g, (_m, a?: string, b?: string) => {
    out.order = /^(desc|decr)/.test(a ?? b ?? '') ? 'desc' : 'asc';
    return ' ';
  });
  s = s.replace(/\b(?:sorted|ordered|ranked|sort|order|rank|arranged)\s+(?:them\s+|it\s+)?by\b/g, ' ranked-by ');

  // Time.
  const time = extractTime(s, now);
  s = time.rest;
  if (time.period) {
    out.period = { from: isoDateTime(time.period.from), to: isoDateTime(time.period.to), toInclusive: time.period.toInclusive, label: time.period.label };
  }
  out.grain = time.grain;
  out.autoGrain = time.autoGrain;
  out.future = time.future;
  if (time.secondPeriod) out.unsupported = `two periods ("${time.secondPeriod}") in one question; ask for one period, or by day/week/month`;
  // Hyphens become spaces, except a minus sign in front of a number ("top -5", "price above -3"), which is kept to be judged.
  s = s.replace(/(?<!\s|\de)-|-(?!\d)/g, ' ');

  // Numeric comparisons ("orders over $500", "more than 2 items").
  const measureWord = (w: string | undefined): boolean => !!w && (vocab.phrases.get(stem(w)) ?? []).some((m) => m.t === 'measure') && !UNIT_WORDS.test(w)
    && !(vocab.phrases.get(stem(w)) ?? []).some((m) => m.t === 'column');
  s = rewriteComparisons(s);
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
  s = s.replace(CMP_RE, (full: string, word: string | undefined, cmp: string, num: string, after: string | undefined) => {
    const op = CMP.find(([w]) => w === cmp.replace(/\s+/g, ' '))![1];
    if (after && measureWord(after)) { out.measureComparisons.push(full.trim()); return ' '; }
    const unit = after && (UNIT_WORDS.test(after) || (vocab.phrases.get(stem(after)) ?? []).some((x) => x.t === 'column')) ? after : undefined;
    const subject = word && (vocab.phrases.get(stem(word)) ?? []).some((x) => x.t === 'column') ? word : undefined;
    out.numeric.push({ word: subject, unit, op, value: checkComparedValue(num, full, { whole: !!unit && /^(items?|units?|pieces?)$/.test(unit) }) });
    const keepWord = word && !subject ? `${word} ` : '';
    return ` ${keepWord}@cmp ${after && !unit ? after : ''} `;
  });

  // Superlatives of a column ("cheapest", "most expensive") become rank tokens; "the 5 cheapest" is a limit.
  if (vocab.ranks.size) {
    const words = [...vocab.ranks.keys()].sort((a, b) => b.length - a.length).map((w) => w.replace(/ /g, '\\s+'));
    s = s.replace(new RegExp(`\\b(${words.join('|')})\\b`, 'g'), (w: string) => {
      const r = vocab.ranks.get(w.replace(/\s+/g, ' '))!;
      return ` @rank~${r.dir}~${r.table}~${r.column}~${w.replace(/\s+/g, '_')} `;
    });
    s = s.replace(new RegExp(`(?<![\\w.])${COUNT}\\s+(?=@rank~(asc|desc)~[^~\\s]*~[^~\\s]*~(\\S+))`, 'g'), (_m, n: string, dir: 'asc' | 'desc', word: string) => {
      out.order = dir; out.limit = checkRowCount(n, `${n} ${word.replace(/_/g, ' ')}`, maxRows); return ' ';
    });
  }

  // Top / bottom N, limits.
  s = s.replace(new RegExp(`\\b(top|best|highest|biggest|largest|leading|greatest|most|bottom|worst|lowest|smallest|least|fewest)\\s+${COUNT}`, 'g'), (m: string, w: string, n: string) => {
    out.order = ASC_WORDS.has(w) ? 'asc' : 'desc'; out.limit = checkRowCount(n, m, maxRows); return ' ';
  });
  s = s.replace(new RegExp(`(?<![\\w.])${COUNT}\\s+(best|biggest|largest|highest|top|leading|worst|smallest|lowest|least)\\b`, 'g'), (m: string, n: string, w: string) => {
    out.order = ASC_WORDS.has(w) ? 'asc' : 'desc'; out.limit = checkRowCount(n, m, maxRows); return ' ';
  });
  s = s.replace(new RegExp(`\\b(?:limit(?:\\s+to)?|first|only\\s+show|show\\s+only)\\s+${COUNT}`, 'g'), (m: string, n: string) => { out.limit = checkRowCount(n, m, maxRows); return ' '; });

  // Tokens, typo correction, phrase matching.
  const raw = s.split(/\s+/).filter(Boolean);
  const tokens = raw.map((t) => {
    if (t.startsWith('@') || /^\d/.test(t) || t === 'ranked-by') return t;
    const st = stem(t);
    if (known.has(t) || known.has(st) || !/^[a-z]+$/.test(t)) return t;
    return fuzzyWord(vocab, st, t) ?? t;
  });
  const items: Item[] = [];
  for (let i = 0; i < tokens.length;) {
    const t = tokens[i];
    if (t.startsWith('@rank~')) {
      const [, dir, table, column, word] = t.split('~');
      items.push({ k: 'rank', dir: dir as 'asc' | 'desc', table, column, text: word.replace(/_/g, ' '), i });
      i++;
      continue;
    }
    if (t.startsWith('@v~')) {
      const [, dimension, value] = t.split('~');
      const code = [...vocab.codes.values()].find((c) => c.dimension === dimension && c.value.toLowerCase() === value.toLowerCase());
      if (code) items.push({ k: 'term', meanings: [{ t: 'value', dimension, value: code.value }], text: t, plural: false, i });
      i++;
      continue;
    }
    let matched = false;
    for (let len = Math.min(vocab.maxWords, tokens.length - i); len >= 1; len--) {
      const words = tokens.slice(i, i + len);
      const key = words.map(stem).join(' ');
      const meanings = vocab.phrases.get(key) ?? vocab.phrases.get(words.join(' '));
      if (!meanings) continue;
      if (len === 1 && (FILLER.has(t) || GRAIN_TOKENS[t]) && !meanings.some((m) => m.t === 'measure' || m.t === 'dimension' || m.t === 'value' || m.t === 'column')) break;
      const last = words[len - 1];
      items.push({ k: 'term', meanings, text: words.join(' '), plural: stem(last) !== last, i });
      i += len; matched = true; break;
    }
    if (matched) continue;
    if (t === '@cmp') { items.push({ k: 'sig', w: '@cmp', i }); i++; continue; }
    if (t === 'ranked-by') { items.push({ k: 'sig', w: 'ranked-by', i }); i++; continue; }
    if (t === 'how' && tokens[i + 1] === 'many') { items.push({ k: 'sig', w: 'count', i }); i += 2; continue; }
    if (t === 'number' && tokens[i + 1] === 'of') { items.push({ k: 'sig', w: 'count', i }); i += 2; continue; }
    if (t === 'count' || t === 'counts' || t === '#') { items.push({ k: 'sig', w: 'count', i }); i++; continue; }
    if (t === 'which' || t === 'what') { items.push({ k: 'sig', w: 'which', i }); i++; continue; }
    if (BY_WORDS.has(t) || NEG_WORDS.has(t) || COMPARE_WORDS.has(t) || AGG_WORDS[t] || DESC_WORDS.has(t) || ASC_WORDS.has(t)
      || SHARE_WORDS.has(t) || GRAIN_TOKENS[t] || ['and', 'or', 'distinct', 'unique', 'different', 'all', 'any', 'every', 'other', 'than', 'then'].includes(t)) {
      items.push({ k: 'sig', w: t, i }); i++; continue;
    }
    if (FILLER.has(t) || FILLER.has(stem(t)) || /^\d+(\.\d+)?$/.test(t) || t.length <= 1) { i++; continue; }
    out.unknown.push(raw[i] ?? t);
    i++;
  }
  interpret(model, items, out, tokens);
  return out;
}

function interpret(model: SemanticModel, items: Item[], out: ParsedQuestion, tokens: string[]): void {
  let agg: ColumnAgg | undefined;
  let aggWord: string | undefined;
  let vs = false, per = false;
  let aggOnMeasure: string | undefined;
  const itemEnd = (x: Item): number => x.i + (x.k === 'term' ? x.text.split(' ').length : 1);
  let count = false, distinct = false, by = false, neg = false, which = false, compare = false, orWord = false, all = false;
  let superlativeWord: string | undefined;
  const valueDims = new Map<string, number>();
  const addMeasure = (m: MeasureSpec): void => {
    if (!out.measures.some((x) => JSON.stringify(x) === JSON.stringify(m))) out.measures.push(m);
  };
  const addFilter = (dimension: string, value: string, negate: boolean): void => {
    const f = out.filters.find((x): x is Extract<FilterSpec, { kind: 'dimension' }> => x.kind === 'dimension' && x.dimension === dimension && !!x.negate === negate);
    if (f) { if (!f.values.includes(value)) f.values.push(value); } else out.filters.push({ kind: 'dimension', dimension, values: [value], ...(negate ? { negate: true } : {}) });
    valueDims.set(dimension, (valueDims.get(dimension) ?? 0) + 1);
  };
  const dimItems: Array<{ name: string; idx: number; by: boolean; which: boolean; plural: boolean }> = [];
  const countMeasureOf = (table: string): MeasureSpec | undefined => {
    const m = model.measures.find((x) => x.table === table && x.agg === 'count' && !x.filter)
      ?? model.measures.find((x) => x.table === table && x.agg === 'count');
    return m ? { kind: 'measure', name: m.name } : undefined;
  };
  let rank: Extract<Item, { k: 'rank' }> | undefined;
  const explicitAgg = new Set<string>(), rowNouns = new Set<number>();
  for (let idx = 0; idx < items.length; idx++) {
    const it = items[idx];
    if (it.k === 'rank') {
      rank = it; out.superlative = it.dir; out.order = it.dir; superlativeWord = it.text;
      // "the longest sessions": a superlative of one column cannot rank another measure.
      const next = items[idx + 1];
      const nm = next?.k === 'term' && next.i === it.i + 1 && !next.meanings.some((m) => m.t === 'dimension' || m.t === 'column') ? next.meanings.find((m) => m.t === 'measure') : undefined;
      if (nm && nm.t === 'measure' && next?.k === 'term') out.unsupported ??= `${it.text} ${next.text}`;
      continue;
    }
    if (it.k === 'sig') {
      const w = it.w;
      if (w === 'count') count = true;
      else if (w === 'which') which = true;
      else if (w === 'distinct' || w === 'unique' || w === 'different') distinct = true;
      else if (w === 'all' || w === 'any' || w === 'every') { all = true; if (w === 'every') by = true; }
      else if (BY_WORDS.has(w)) { by = true; per = w === 'per'; }
      else if (w === 'ranked-by') { by = false; if (!out.order) out.order = 'desc'; }
      else if (NEG_WORDS.has(w)) neg = true;
      else if (w === 'other' || w === 'than') { if (w === 'than') neg = true; }
      else if (COMPARE_WORDS.has(w)) { compare = true; if (['vs', 'versus', 'against'].includes(w)) vs = true; }
      else if (w === 'or') orWord = true;
      else if (AGG_WORDS[w] && !(w === 'max' || w === 'min')) { agg = AGG_WORDS[w] as ColumnAgg; aggWord = w; }
      else if (w === 'max' || w === 'min') { agg = w; aggWord = w; superlativeWord = w; }
      else if (DESC_WORDS.has(w)) { out.superlative = 'desc'; superlativeWord = w; }
      else if (ASC_WORDS.has(w)) { out.superlative = 'asc'; superlativeWord = w; }
      else if (SHARE_WORDS.has(w)) out.share = w === 'percentage' || w === 'percent' || w === 'pct' ? 'percent' : 'fraction';
      else if (GRAIN_TOKENS[w]) {
        if (!out.grain) { out.grain = GRAIN_TOKENS[w]; if (which || out.superlative) out.singular = !/s$/.test(w); }
      }
      continue;
    }
    const ms = it.meanings;
    const has = <T extends Meaning['t']>(t: T): Extract<Meaning, { t: T }> | undefined => ms.find((m) => m.t === t) as Extract<Meaning, { t: T }> | undefined;
    const measure = has('measure'), dimension = has('dimension'), value = has('value'), column = has('column'), entity = has('entity');
    if (value && !(count && (measure || dimension)) && (ms[0].t === 'value' || (!measure && !dimension))) {
      // "revenue growth": a change word right after a measure asks for a change, not for a value.
      const before = items[idx - 1];
      if (CHANGE_WORDS.has(it.text) && before?.k === 'term' && itemEnd(before) === it.i && before.meanings[0].t === 'measure'
        && !(items[idx + 1]?.k === 'term' && (items[idx + 1] as { meanings: Meaning[] }).meanings.some((m) => m.t === 'dimension' || m.t === 'entity'))) {
        out.unsupported ??= `${before.text} ${it.text} (a change between periods)`;
        continue;
      }
      addFilter(value.dimension, value.value, neg);
      if ((count || it.plural) && !neg) (out.valueNouns ??= []).push({ dimension: value.dimension, value: value.value });
      const words = it.text.split(' ');
      if (words.length > 1) {
        const tail = (vocab(model).phrases.get(stem(words[words.length - 1])) ?? []).find((x) => x.t === 'entity');
        if (tail && tail.t === 'entity') out.entities.push(tail.table);
      }
      if (!neg || !orWord) neg = neg && items[idx + 1]?.k === 'sig' && ['and', 'or'].includes((items[idx + 1] as { w: string }).w);
      continue;
    }
    if (agg && agg !== 'sum' && column) {
      addMeasure({ kind: 'column', agg, table: column.table, column: column.column });
      explicitAgg.add(`${column.table}.${column.column}`);
      if (measure) aggOnMeasure = `${aggWord} ${it.text}`;
      agg = undefined; aggWord = undefined; superlativeWord = superlativeWord === 'max' || superlativeWord === 'min' ? undefined : superlativeWord;
      continue;
    }
    if ((count || distinct) && dimension && !(measure && !distinct && ms[0].t === 'measure')) {
      const d = model.dimensions.find((x) => x.name === dimension.name)!;
      const ref = d.columns?.[0];
      if (ref) {
        const [table, col] = ref.split('.');
        if (d.name === 'product' && count && !distinct) { const c = countMeasureOf(table); if (c) addMeasure(c); } else addMeasure({ kind: 'column', agg: 'uniq', table, column: col });
        count = false; distinct = false;
        continue;
      }
    }
    if (measure && !(dimension && !count)) {
      const md = model.measures.find((x) => x.name === measure.name)!;
      // "revenue from refunded orders": a status-filtered count after a preposition qualifies the measure before it.
      const filterCols = Object.entries(md.filter ?? {});
      const qualifies = out.measures.length > 0 && ['from', 'of', 'for', 'on', 'with', 'among', 'in'].includes(tokens[it.i - 1] ?? '');
      // "refund rate for orders over $300": the table's own rows (its default filter) only name what the figure is over.
      const mdTable = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
      // "page view duration", "order quantity": a singular row count right before a column of its table names the rows the column is read over.
      const nx = items[idx + 1], nc = nx?.k === 'term' && nx.i === itemEnd(it) && !it.plural ? nx.meanings.find((m) => m.t === 'column') : undefined;
      if (nc?.t === 'column' && md.agg === 'count' && nc.table === md.table && filterCols.length <= 1) {
        const [col, v] = filterCols[0] ?? [], dim = model.dimensions.find((d) => (d.columns ?? []).includes(`${md.table}.${col}`));
        if (dim && typeof v === 'string' && JSON.stringify(md.filter) !== JSON.stringify(mdTable?.defaultFilter)) addFilter(dim.name, v, neg);
        rowNouns.add(idx + 1); continue; }
      if (qualifies && filterCols.length === 1 && JSON.stringify(md.filter) === JSON.stringify(mdTable?.defaultFilter)
        && (mdTable?.entity ?? []).concat(mdTable?.name ?? '').some((e) => stem(e) === stem(it.text))) continue;
      if (qualifies && filterCols.length === 1) {
        const [col, v] = filterCols[0];
        const dim = model.dimensions.find((d) => (d.columns ?? []).includes(`${md.table}.${col}`));
        if (dim && typeof v === 'string') { addFilter(dim.name, v, neg); neg = false; continue; }
      }
      if (agg && agg !== 'sum') {
        const table = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
        const sameFilter = JSON.stringify(md.filter ?? {}) === JSON.stringify(table?.defaultFilter ?? {});
        if (md.agg === 'sum' && md.column && table && sameFilter) {
          addMeasure({ kind: 'column', agg, table: table.name, column: md.column });
          aggOnMeasure = `${aggWord} ${it.text}`;
          agg = undefined; aggWord = undefined; count = false; distinct = false;
          continue;
        }
        if (!(md.agg === 'ratio' && agg === 'avg')) out.unsupported ??= `${aggWord} ${it.text}`;
      }
      // "average quantity per order": the rows of the column's own table are its unit.
      const prevM = out.measures[out.measures.length - 1];
      if (per && by && prevM?.kind === 'column' && prevM.table === md.table && md.agg === 'count' && !it.plural) { by = false; per = false; continue; }
      // "orders per customer": a ratio of two measures the model does not define.
      if (per && by && out.measures.length > 0) out.unsupported ??= `${out.measures.length === 1 && out.measures[0].kind === 'measure' ? out.measures[0].name.replace(/_/g, ' ') : 'a figure'} per ${it.text}`;
      const prevItem = items[idx - 1];
      if (prevItem?.k === 'term' && prevItem.meanings[0].t === 'value') out.qualifiers.push(measure.name);
      addMeasure({ kind: 'measure', name: measure.name });
      count = false; distinct = false; agg = undefined; aggWord = undefined;
      continue;
    }
    if (dimension) {
      if (all && !by) { out.clearDimensionFilters.push(dimension.name); all = false; continue; }
      dimItems.push({ name: dimension.name, idx, by, which, plural: it.plural });
      by = false; which = false;
      continue;
    }
    if (column) {
      const name = column.column;
      // "session duration": a measure directly followed by a column is a compound the model does not define.
      const before = items[idx - 1];
      if (!agg && before?.k === 'term' && itemEnd(before) === it.i && !rowNouns.has(idx)) {
        const pm = before.meanings.find((x) => x.t === 'measure');
        const pmd = pm && pm.t === 'measure' ? model.measures.find((x) => x.name === pm.name) : undefined;
        if (pmd && !(pmd.agg === 'sum' && pmd.column === name)) out.unsupported ??= `${before.text} ${it.text}`;
      }
      if (agg) explicitAgg.add(`${column.table}.${name}`);
      const a: ColumnAgg = agg ?? (/price|duration|_ms$|rate|score|age/.test(name) ? 'avg' : 'sum');
      addMeasure({ kind: 'column', agg: a, table: column.table, column: name });
      agg = undefined; aggWord = undefined;
      continue;
    }
    if (entity) {
      if (by) { by = false; continue; } // "per order"
      if (count) { const c = countMeasureOf(entity.table); if (c) addMeasure(c); count = false; continue; }
      out.entities.push(entity.table);
    }
  }
  // "products by category", "products cheaper than $15": a plural entity noun leading a question with no figure is what is counted.
  const lead = dimItems[0];
  const leadItem = lead ? items[lead.idx] : undefined;
  const leadEntity = leadItem?.k === 'term' ? leadItem.meanings.find((m) => m.t === 'entity') : undefined;
  if (lead && leadEntity?.t === 'entity' && lead.plural && !lead.by && !lead.which && out.measures.length === 0 && !out.superlative && out.limit === undefined && !rank
    && items.slice(0, lead.idx).every((x) => x.k === 'sig' && x.w !== 'which') && (dimItems.length > 1 || out.numeric.length > 0 || out.filters.length > 0)) {
    dimItems.shift();
    out.entities.push(leadEntity.table);
  }
  // Dimensions named next to one of their values are labels ("the paid channel"), not groupings.
  const termIdx = (i: number): Item | undefined => items[i];
  for (const d of dimItems) {
    const near = [termIdx(d.idx - 1), termIdx(d.idx + 1)].some((x) => x?.k === 'term' && x.meanings[0].t === 'value' && (x.meanings[0] as { dimension: string }).dimension === d.name);
    if (near && !d.by) continue;
    // "the price of a product": a dimension next to a column of its own table labels it.
    const dm = model.dimensions.find((x) => x.name === d.name);
    const dTables = new Set((dm?.columns ?? []).map((c) => c.split('.')[0]));
    const byColumn = [termIdx(d.idx - 1), termIdx(d.idx + 1)].some((x) => x?.k === 'term' && x.meanings.length > 0 && x.meanings.every((m) => m.t === 'column' && dTables.has(m.table)));
    if ((byColumn || termIdx(d.idx + 1)?.k === 'sig' && (termIdx(d.idx + 1) as { w: string }).w === '@cmp') && !d.by) continue;
    // "revenue from beauty products": after a figure, the noun right after a value of its own table's column is a label, not a grouping.
    const pv = termIdx(d.idx - 1), pm = pv?.k === 'term' && itemEnd(pv) === items[d.idx].i ? pv.meanings[0] : undefined;
    const labelled = pm?.t === 'value' && pm.dimension !== d.name && model.dimensions.find((x) => x.name === pm.dimension)?.columns?.some((c) => dTables.has(c.split('.')[0]));
    if (labelled && !d.by && !d.which && !out.superlative && out.limit === undefined && items.slice(0, d.idx - 1).some((x) => x.k === 'term' && x.meanings[0].t === 'measure')) continue;
    if (!out.dimensions.includes(d.name)) {
      if (d.by && out.dimensions.length > 0) (out.perDimensions ??= []).push(d.name);
      out.dimensions.push(d.name);
    }
    if ((d.which || out.superlative) && out.dimensions.length === 1 && out.singular === undefined) out.singular = !d.plural;
  }
  // "compare mobile and desktop": several values of one dimension → one row each.
  for (const [dim, n] of valueDims) {
    if (n >= 2 && (compare || !orWord) && !out.dimensions.includes(dim)) {
      const f = out.filters.find((x) => x.kind === 'dimension' && x.dimension === dim && !x.negate);
      if (f) out.dimensions.push(dim);
    }
  }
  if (rank) {
    // "the most expensive book": a value used as the noun after the superlative names rows of the ranked table.
    const next = items[items.indexOf(rank) + 1];
    const v = next?.k === 'term' && next.i === itemEnd(rank) && next.meanings[0].t === 'value' ? next.meanings[0] : undefined;
    const vd = v && v.t === 'value' ? model.dimensions.find((d) => d.name === v.dimension) : undefined;
    const t = model.tables.find((x) => x.name === rank.table);
    const nouns = new Set([...(t?.entity ?? []), t?.name ?? ''].map(stem));
    const identity = vd?.columns?.some((c) => c.startsWith(`${rank.table}.`)) && out.dimensions.length === 0 && !out.grain && out.measures.length === 0
      ? model.dimensions.find((d) => d.columns?.length === 1 && d.columns[0].startsWith(`${rank.table}.`) && nouns.has(stem(d.name))) : undefined;
    if (identity) { out.dimensions.push(identity.name); out.limit ??= 1; out.order = rank.dir; }
    applyRank(rank, out, explicitAgg);
  }
  if (superlativeWord && out.superlative && !out.order) out.order = out.superlative;
  if (count) out.countIntent = true;
  if (agg && agg !== 'sum' && aggWord) out.unsupported ??= aggWord;
  // "average revenue by day" means the average of daily totals: not one SELECT.
  if (aggOnMeasure && (out.grain || out.autoGrain)) out.unsupported ??= `${aggOnMeasure} per ${out.grain ?? 'period'}`;
  // "the biggest order": a superlative over a count with nothing to rank.
  const first = out.measures[0];
  const fm = first?.kind === 'measure' ? model.measures.find((x) => x.name === first.name) : undefined;
  if (fm && (fm.agg === 'count' || fm.agg === 'uniq') && out.superlative && out.dimensions.length === 0 && !out.grain && out.measures.length === 1
    && superlativeWord && ['highest', 'biggest', 'largest', 'greatest', 'lowest', 'smallest'].includes(superlativeWord)) out.unsupported ??= `${superlativeWord} ${fm.name.replace(/_/g, ' ')}`;
  // "the highest order value": a superlative over a plain column with nothing to rank is its max / min.
  const only = out.measures[0];
  if (out.measures.length === 1 && only.kind === 'column' && only.agg === 'sum' && out.superlative && out.dimensions.length === 0 && !out.grain
    && superlativeWord && ['highest', 'biggest', 'largest', 'greatest', 'lowest', 'smallest'].includes(superlativeWord)) {
    out.measures[0] = { ...only, agg: out.superlative === 'desc' ? 'max' : 'min' };
    delete out.superlative; delete out.order;
  }
  // "orders yesterday vs mobile": a comparison needs two values, two measures or a breakdown.
  if (vs && out.measures.length < 2 && out.dimensions.length === 0 && ![...valueDims.values()].some((n) => n >= 2)) out.unsupported ??= 'a comparison between things of different kinds';
}

const vocab = (model: SemanticModel): Vocabulary => vocabularyOf(model).vocab;

/**
 * "the 5 cheapest products": rank by the column the superlative names (its average per group), first.
 * With nothing to group it is the column's max / min; other measures cannot be ranked by it.
 */
function applyRank(rank: Extract<Item, { k: 'rank' }>, out: ParsedQuestion, explicitAgg: Set<string>): void {
  const onRank = (m: MeasureSpec): boolean => m.kind === 'column' && m.table === rank.table && m.column === rank.column;
  const others = out.measures.filter((m) => !onRank(m));
  if (others.length) { out.unsupported ??= `${rank.text} (it ranks by ${rank.column.replace(/_/g, ' ')}, not by the figure asked for)`; return; }
  if (!out.measures.length) out.measures.push({ kind: 'column', agg: 'avg', table: rank.table, column: rank.column });
  if (out.dimensions.length === 0 && !out.grain && !out.autoGrain) {
    const m = out.measures[0];
    if (m.kind === 'column' && !explicitAgg.has(`${m.table}.${m.column}`)) out.measures[0] = { ...m, agg: rank.dir === 'desc' ? 'max' : 'min' };
    delete out.superlative; delete out.order; delete out.limit;
  }
}
