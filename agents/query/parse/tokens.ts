/** Stage 6, tokens: split, correct typos against the model's words, and match the longest phrases into items. */
import { editDistance, fuzzyWord, meaningsAsWritten, phraseKey, stem } from '../vocabulary.ts';
import { aggOfWord, ASC_WORDS, BY_WORDS, COMPARE_WORDS, DESC_WORDS, FILLER, GRAIN_TOKENS, NEG_WORDS, SHARE_WORDS } from '../words.ts';
import { listingDimension } from './signup-values.ts';
import type { Item, ParseState } from './state.ts';

export function tokenStage(st: ParseState): void {
  const { out, vocab, known, s } = st;
  const raw = s.split(/\s+/).filter(Boolean);
  const tokens = raw.map((t) => {
    if (t.startsWith('@') || /^\d/.test(t) || t === 'ranked_by') return t;
    const st = stem(t);
    if (known.has(t) || known.has(st) || !/^[a-z]+$/.test(t)) return t;
    return fuzzyWord(vocab, st, t) ?? signalTypo(t) ?? t;
  });
  // "conv rate", "cancel. rate": a clipped word (3+ letters) that, with the word after it, spells one phrase of the model.
  for (let i = 0; i + 1 < tokens.length; i++) {
    const t = tokens[i];
    if (t.length < 3 || !/^[a-z]+$/.test(t) || known.has(t) || known.has(stem(t))) continue;
    const rest = ` ${stem(tokens[i + 1])}`;
    const full = [...vocab.phrases.keys()].filter((k) => k.endsWith(rest) && k.split(' ').length === 2 && k.startsWith(t) && k.length > t.length + rest.length);
    // Spellings of one meaning ("conversion rate" / "convert rate") are one candidate.
    if (full.length && new Set(full.map((k) => JSON.stringify(vocab.phrases.get(k)))).size === 1) tokens[i] = full[0].slice(0, -rest.length);
  }
  const items: Item[] = [];
  const firstDeterminer = tokens.findIndex((x) => /^(the|our|my|all|each|every|your|their)$/.test(x));
  // Only after a request opener ("please", "could you", "kindly", "i want"): an unknown first word is named, never skipped.
  const opened = /^(please|pls|plz|kindly|can|could|would|will|i|we|let|lets|hey|hi|hello|ok|okay|so|now|just|quickly|quick)$/.test(tokens[0] ?? '');
  const preamble = (i: number): boolean => opened && firstDeterminer > i && items.every((x) => x.k === 'sig') && i < 4 && /^[a-z]+$/.test(tokens[i]);
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
      // Or a value named by a verb of the model ("viewed" → event type page_view, see normalise.ts).
      // A dimension without a list of its own (signup channel: users.channel) has the values of one sharing its column.
      const dim = st.model.dimensions.find((d) => d.name === dimension);
      const listed = listingDimension(st.model, dim)?.values;
      const named = code ? code.value : listed?.find((v) => v === value);
      if (named) items.push({ k: 'term', meanings: [{ t: 'value', dimension, value: named }], text: code ? t : named, plural: false, i });
      i++;
      continue;
    }
    // A value written exactly as stored ("page_view", "add_to_cart") is that value, never the words in it.
    if (t.includes('_')) {
      const d = st.model.dimensions.find((x) => (x.values ?? []).includes(t));
      if (d) { items.push({ k: 'term', meanings: [{ t: 'value', dimension: d.name, value: t }], text: t, plural: false, i }); i++; continue; }
      // A schema name as typed ("event_type", "duration_ms", "user_ids"): the model's phrase for it, as one word.
      const meanings = /^[a-z]+(?:_[a-z]+)+$/.test(t) ? vocab.phrases.get(phraseKey(t)) : undefined;
      if (meanings) { const lastWord = t.split('_').pop()!; items.push({ k: 'term', meanings, text: t, plural: stem(lastWord) !== lastWord, i }); i++; continue; }
    }
    let matched = false;
    for (let len = Math.min(vocab.maxWords, tokens.length - i); len >= 1; len--) {
      const words = tokens.slice(i, i + len);
      const key = words.map(stem).join(' ');
      const meanings = vocab.phrases.get(key) ?? vocab.phrases.get(words.join(' '));
      if (!meanings) continue;
      if (len === 1 && (FILLER.has(t) || GRAIN_TOKENS[t]) && !meanings.some((m) => m.t === 'measure' || m.t === 'dimension' || m.t === 'value' || m.t === 'column')) break;
      const last = words[len - 1];
      items.push({ k: 'term', meanings: meaningsAsWritten(vocab, words.join(' '), meanings), text: words.join(' '), plural: stem(last) !== last, i });
      i += len; matched = true; break;
    }
    if (matched) continue;
    if (t === '@cmp') { items.push({ k: 'sig', w: '@cmp', i }); i++; continue; }
    if (t === 'ranked_by') { items.push({ k: 'sig', w: 'ranked_by', i }); i++; continue; }
    if (t === 'how' && tokens[i + 1] === 'many') { items.push({ k: 'sig', w: 'count', i }); i += 2; continue; }
    if (t === 'number' && tokens[i + 1] === 'of') { items.push({ k: 'sig', w: 'count', i }); i += 2; continue; }
    if (t === 'count' || t === 'counts' || t === '#') { items.push({ k: 'sig', w: 'count', i }); i++; continue; }
    // "what share of customers …", "what % of users …": "what" asks the share, it does not pick rows to list.
    if (t === 'what' && (SHARE_WORDS.has(tokens[i + 1]) || tokens[i + 1] === '%') && tokens[i + 2] === 'of') { i++; continue; }
    if (t === 'which' || t === 'what') { items.push({ k: 'sig', w: 'which', i }); i++; continue; }
    if (BY_WORDS.has(t) || NEG_WORDS.has(t) || COMPARE_WORDS.has(t) || aggOfWord(t) || DESC_WORDS.has(t) || ASC_WORDS.has(t)
      || SHARE_WORDS.has(t) || GRAIN_TOKENS[t] || ['and', 'or', 'including', 'include', 'includes', 'incl', 'distinct', 'unique', 'different', 'all', 'any', 'every', 'other', 'than', 'then'].includes(t)) {
      items.push({ k: 'sig', w: t, i }); i++; continue;
    }
    if (FILLER.has(t) || FILLER.has(stem(t)) || /^\d+(\.\d+)?$/.test(t) || t.length <= 1) { i++; continue; }
    // Request phrasing before the first thing asked about ("please first process the orders", "could you pull up our
    // revenue"): words ahead of a determiner that opens the question's subject, with nothing understood before them.
    if (preamble(i)) { (out.skipped ??= []).push(raw[i] ?? t); i++; continue; }
    out.unknown.push(raw[i] ?? t);
    i++;
  }
  st.raw = raw;
  st.tokens = tokens;
  st.items = items;
}

/** Long words that steer the reading (not model words): a typo of one of them ("diffrent") is read as it. */
const SIGNAL_WORDS = ['different', 'distinct', 'unique', 'average', 'including', 'excluding', 'between', 'compared', 'percentage', 'descending', 'ascending'];

/** The one signal word of 7+ letters a word is a letter or two away from (one letter for shorter words), if any. */
function signalTypo(word: string): string | undefined {
  if (word.length < 6) return undefined;
  const max = word.length >= 8 ? 2 : 1;
  const near = SIGNAL_WORDS.filter((w) => Math.abs(w.length - word.length) <= max && w[0] === word[0] && editDistance(word, w, max) <= max);
  return near.length === 1 ? near[0] : undefined;
}
