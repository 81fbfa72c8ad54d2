/**
 * The words a semantic model understands: phrase → meanings, built once per
 * model. Words are stemmed (plural → singular) on both sides; unknown words of
 * five letters or more are fuzzy-matched with a small edit distance.
 */
import { dimensionValues, type SemanticModel } from './semantic-model.ts';

export type Meaning =
  | { t: 'measure'; name: string }
  | { t: 'dimension'; name: string }
  /** A value of a dimension; `values` when the word stands for several ("weekend" → 6, 7; `value` is the first). */
  | { t: 'value'; dimension: string; value: string; values?: string[] }
  | { t: 'column'; table: string; column: string }
  | { t: 'entity'; table: string };

export interface Vocabulary {
  /** stemmed phrase (words joined by one space) → meanings, most specific first */
  phrases: Map<string, Meaning[]>;
  /** longest phrase length in words */
  maxWords: number;
  /** single stemmed words usable for fuzzy matching */
  fuzzyWords: string[];
  /** case-sensitive values (e.g. country codes) for the original text */
  codes: Map<string, { dimension: string; value: string }>;
  /** lowercase superlative phrase ("cheapest", "most expensive") → the column it ranks by and the direction */
  ranks: Map<string, { table: string; column: string; dir: 'asc' | 'desc' }>;
  /** lowercase phrase as the model spells it (not stemmed) → its meanings: "conversions" (purchasers) and "conversion"
   * (the conversion rate) share a stem; the word as written tells the two figures apart. */
  spelled?: Map<string, Meaning[]>;
}

const KEEP = new Set(['status', 'sales', 'news', 'plus', 'bonus', 'analytics', 'series', 'this', 'less', 'its', 'was', 'has', 'does', 'is', 'us', 'across', 'vs', 'versus', 'ms', 'gmv', 'aov', 'arpu', 'dau', 'wau', 'mau']);

/** Singularises one lowercase word ("countries" → "country", "statuses" → "status"). */
export function stem(w: string): string {
  if (w === 'ids') return 'id'; // "user_ids", "session ids"
  if (w.length <= 3 || KEEP.has(w) || /[^a-z]/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(w)) return w;
  if (/(sses|shes|ches|xes)$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

/** Lowercases and splits a phrase into stemmed words. */
export function phraseKey(phrase: string): string {
  return phrase.toLowerCase().replace(/[_-]/g, ' ').split(/\s+/).filter(Boolean).map(stem).join(' ');
}

/** A phrase of the vocabulary found in a list of words: `words[i .. i + n)`, with its meanings. */
export interface PhraseHit {
  i: number;
  n: number;
  meanings: Meaning[];
}

/**
 * The phrases of the vocabulary in `words`, read left to right, longest phrase first at each word (a word inside a
 * longer phrase is never read on its own: "orders per customer" is one figure, not orders). Words no phrase starts
 * with are skipped; `skip(i)` may skip a word before it is looked up (a code, a separator).
 */
export function phrasesIn(vocab: Vocabulary, words: readonly string[], skip?: (i: number) => boolean): PhraseHit[] {
  const out: PhraseHit[] = [];
  for (let i = 0; i < words.length;) {
    if (skip?.(i)) { i++; continue; }
    let n = Math.min(vocab.maxWords, words.length - i);
    let meanings: Meaning[] | undefined;
    for (; n > 0; n--) if ((meanings = vocab.phrases.get(phraseKey(words.slice(i, i + n).join(' '))))?.length) break;
    if (n > 0 && meanings) out.push({ i, n, meanings });
    i += Math.max(1, n);
  }
  return out;
}

/** Builds the vocabulary of a model. Earlier meanings win ties. */
export function buildVocabulary(model: SemanticModel): Vocabulary {
  const phrases = new Map<string, Meaning[]>();
  const codes = new Map<string, { dimension: string; value: string }>();
  const ranks = new Map<string, { table: string; column: string; dir: 'asc' | 'desc' }>();
  const spelled = new Map<string, Meaning[]>();
  const add = (phrase: string, m: Meaning): void => {
    const key = phraseKey(phrase);
    if (!key) return;
    const exact = phrase.toLowerCase().replace(/[_-]/g, ' ').split(/\s+/).filter(Boolean).join(' ');
    spelled.set(exact, [...(spelled.get(exact) ?? []), m]);
    const list = phrases.get(key) ?? [];
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(m))) list.push(m);
    phrases.set(key, list);
  };
  for (const m of model.measures) {
    // A ratio the agent derived (figure-ratios.ts) is named only by its one phrase.
    if (m.derived) { for (const s of m.synonyms ?? []) add(s, { t: 'measure', name: m.name }); continue; }
    add(m.name, { t: 'measure', name: m.name });
    if (m.label) add(m.label, { t: 'measure', name: m.name });
    for (const s of m.synonyms ?? []) add(s, { t: 'measure', name: m.name });
  }
  for (const d of model.dimensions) {
    if (d.rowsOf || d.byColumn) continue; // named only through its measure's noun ("top 10 customers") or its column after "by"
    add(d.name, { t: 'dimension', name: d.name });
    if (d.label) add(d.label, { t: 'dimension', name: d.name });
    for (const s of d.synonyms ?? []) add(s, { t: 'dimension', name: d.name });
  }
  for (const t of model.tables) {
    for (const c of t.columns) {
      if (c.type !== 'number') continue;
      add(c.name, { t: 'column', table: t.name, column: c.name });
      for (const s of c.synonyms ?? []) add(s, { t: 'column', table: t.name, column: c.name });
      // "median order rev", "max order rev": a figure summing this column is named by a short form of the column's name
      // ("rev" for revenue), which names the column too (its other words, "sales", name the figure only).
      for (const m of model.measures) {
        if (m.agg !== 'sum' || m.table !== t.name || m.column !== c.name) continue;
        for (const s of m.synonyms ?? []) if (s.length >= 3 && !s.includes(' ') && c.name.startsWith(s.toLowerCase()) && s.toLowerCase() !== c.name) add(s, { t: 'column', table: t.name, column: c.name });
      }
      for (const [w, dir] of Object.entries(c.rankWords ?? {})) ranks.set(w.toLowerCase().replace(/\s+/g, ' ').trim(), { table: t.name, column: c.name, dir });
    }
  }
  for (const d of model.dimensions) {
    for (const [word, value] of Object.entries(d.valueSynonyms ?? {})) add(word, { t: 'value', dimension: d.name, value });
    for (const [word, values] of Object.entries(d.valueGroups ?? {})) add(word, { t: 'value', dimension: d.name, value: values[0], values });
    for (const v of dimensionValues(d)) {
      if (d.caseSensitiveValues) { codes.set(v, { dimension: d.name, value: v }); continue; }
      add(v, { t: 'value', dimension: d.name, value: v });
      const bare = v.replace(/^\//, '').replace(/_/g, ' ');
      if (bare && bare !== v && !phrases.has(phraseKey(bare))) add(bare, { t: 'value', dimension: d.name, value: v });
    }
  }
  for (const t of model.tables) {
    add(t.name, { t: 'entity', table: t.name });
    for (const e of t.entity ?? []) add(e, { t: 'entity', table: t.name });
  }
  for (const [word, target] of Object.entries(model.synonyms ?? {})) {
    const m = model.measures.find((x) => x.name === target);
    if (m) { add(word, { t: 'measure', name: m.name }); continue; }
    const d = model.dimensions.find((x) => x.name === target);
    if (d) add(word, { t: 'dimension', name: d.name });
  }
  // Key and time columns by their schema names ("user_id", "order_time"), unless the phrase already means something.
  const taken = new Set(phrases.keys());
  for (const t of model.tables) {
    for (const c of t.columns) if ((c.type === 'id' || c.type === 'time') && !taken.has(phraseKey(c.name))) add(c.name, { t: 'column', table: t.name, column: c.name });
  }
  let maxWords = 1;
  const fuzzyWords = new Set<string>();
  for (const key of phrases.keys()) {
    const words = key.split(' ');
    maxWords = Math.max(maxWords, words.length);
    for (const w of words) if (w.length >= 4 && /^[a-z]+$/.test(w)) fuzzyWords.add(w);
  }
  return { phrases, maxWords, fuzzyWords: [...fuzzyWords], codes, ranks, spelled };
}

/**
 * The meanings of a phrase as written: when its stem names two figures of the model ("conversion" / "conversions"), the
 * figure whose phrase is spelled exactly as written comes first; otherwise the meanings in the model's order.
 */
export function meaningsAsWritten(vocab: Vocabulary, written: string, meanings: Meaning[]): Meaning[] {
  const measures = meanings.filter((m) => m.t === 'measure');
  if (measures.length < 2 || !vocab.spelled) return meanings;
  const exact = (vocab.spelled.get(written) ?? []).filter((m) => m.t === 'measure').map((m) => JSON.stringify(m));
  const first = meanings.findIndex((m) => m.t === 'measure');
  const mine = measures.find((m) => exact.includes(JSON.stringify(m)));
  if (!mine || exact.includes(JSON.stringify(meanings[first]))) return meanings;
  const rest = meanings.filter((m) => m !== mine);
  return [...rest.slice(0, first), mine, ...rest.slice(first)];
}

/** Damerau–Levenshtein (optimal string alignment) distance, capped early. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The vocabulary word a typo most likely meant ("ordr" → order, "reveune" → revenue, "contry" → country): words of 4
 * letters or more, distance 1 (2 from 7 letters, when the same letters are only moved); a short word (under 6 letters) keeps its first letter and is only
 * read with a letter missing, extra or swapped (never replaced). Only words the
 * model or the filler list do not know are corrected, only against the model's own words; when two different words
 * are equally near, none is guessed (the word is then named as not understood).
 */
export function fuzzyWord(vocab: Vocabulary, word: string, raw?: string): string | undefined {
  // A plural typo ("ordrs") is compared as written against the plural forms too.
  const forms = raw && raw !== word && raw.endsWith('s') ? [word, raw] : [word];
  const best = new Set<string>();
  let bestD = Infinity;
  for (const form of forms) {
    if (form.length < 4 || !/^[a-z]+$/.test(form)) continue;
    const max = form.length >= 7 ? 2 : 1;
    const plural = form === raw && form !== word;
    for (const w of vocab.fuzzyWords) {
      const target = plural ? `${w}s` : w;
      if (Math.abs(target.length - form.length) > max) continue;
      // A short word ("last", "lead") is one letter away from many: only a dropped, doubled or swapped letter is read.
      if (form.length < 6 && (target[0] !== form[0] || target.length === form.length && !swapped(form, target))) continue;
      // A letter before the whole of a word is another word ("learning" is no typo of "earning"), bar a doubled one.
      if (form.length === target.length + 1 && form.slice(1) === target && form[0] !== target[0]) continue;
      const dist = editDistance(form, target, max);
      if (dist > max) continue;
      // Two edits only where the letters are the same, moved ("reveune", "frnace"): "finance" is no typo of "france".
      if (dist === 2 && [...form].sort().join('') !== [...target].sort().join('')) continue;
      if (dist < bestD) { bestD = dist; best.clear(); }
      if (dist === bestD) best.add(w);
    }
  }
  // Spellings of one meaning ("cancelled" / "canceled") are one candidate.
  const meanings = new Set([...best].map((w) => JSON.stringify(vocab.phrases.get(w) ?? w)));
  return meanings.size === 1 ? [...best][0] : undefined;
}

/** Two words that differ by one swap of adjacent letters ("plna" / "plan"). */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff = [...a].map((c, i) => (c === b[i] ? -1 : i)).filter((i) => i >= 0);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}
