/**
 * Refusals that teach: up to three rewordings of a question the agent did not understand, each checked by running
 * it through the agent (only wordings it can answer are offered), closest to the question first, the same every time.
 */
import type { SemanticModel } from './semantic-model.ts';
import type { SemanticQuery } from './semantic-query.ts';
import { editDistance, stem } from './vocabulary.ts';

/** Phrases of the model a word could have been a typo of: measure and dimension names, labels and synonyms, closest first. */
function closePhrases(model: SemanticModel, word: string): string[] {
  const w = stem(word.toLowerCase());
  const phrases = new Set<string>();
  for (const m of model.measures) if (!m.hidden) [m.label ?? m.name.replace(/_/g, ' '), ...(m.synonyms ?? [])].forEach((x) => phrases.add(x.toLowerCase()));
  for (const d of model.dimensions) if (!d.rowsOf) [d.label ?? d.name.replace(/_/g, ' '), ...(d.synonyms ?? [])].forEach((x) => phrases.add(x.toLowerCase()));
  // Only a likely typo is replaced: one letter off from 4 letters, two from 8 ("forget" is not "market"); else the word is dropped.
  const max = w.length >= 8 ? 2 : w.length >= 4 ? 1 : 0;
  if (max === 0) return [];
  return [...phrases].map((x) => ({ x, d: editDistance(w, x, 20) })).filter((c) => c.d <= max)
    .sort((a, b) => a.d - b.d || a.x.localeCompare(b.x)).slice(0, 3).map((c) => c.x);
}

const PREP = '(?:by|per|for|of|from|with|in|on|at|to|and|or)';
/** Words that only introduce the word after them: left dangling when it is removed ("revenue in the west" → "revenue"). */
const DET = '(?:the|a|an|our|my|your|their|its|this|that|these|those)';
/** Spaces tidied, and a preposition a removed word left dangling dropped ("orders per by country" → "orders by country"). */
const clean = (t: string): string => {
  let s = t.replace(/\s+/g, ' ').replace(/\s+([?.!,])/g, '$1').trim();
  for (let i = 0; i < 3; i++) {
    s = s.replace(new RegExp(`\\s+${DET}\\s*([?.!]?)$`, 'i'), '$1').replace(new RegExp(`\\b${DET}\\s+(?=${PREP}\\b|[?.!,]|$)`, 'gi'), '')
      .replace(new RegExp(`\\b${PREP}\\s+(?=${PREP}\\b)`, 'gi'), '').replace(new RegExp(`\\s+${PREP}\\s*([?.!]?)$`, 'i'), '$1')
      .replace(/\(\s*[,.]*\s*\)/g, '').replace(/\s+([?.!,])/g, '$1').replace(/,\s*([?.!]|$)/g, '$1').trim();
  }
  return s;
};

/**
 * Candidate rewordings: the question without the words not understood, each such word replaced by a close phrase of
 * the model, and the question's understood part alone; kept only when `check` accepts them (throws otherwise).
 */
export function suggestRewordings(model: SemanticModel, question: string, unknown: string[], check: (q: string) => void): string[] {
  const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wordRe = (w: string, flags: string): RegExp => new RegExp(`(?<![\\w])${escape(w)}(?![\\w])`, flags);
  // A bracketed remark holding the word goes whole (what is left of it would read as a fragment: "(May )"), and the
  // word stays where it stands outside brackets (it was understood there: "between May and April (May minus April)").
  const without = (q: string, w: string): string => {
    const asides = [...q.matchAll(/\([^()]*\)/g)].map((m) => m[0]).filter((a) => wordRe(w, 'i').test(a));
    return asides.length ? asides.reduce((t, a) => t.replace(a, ' '), q) : q.replace(wordRe(w, 'gi'), ' ');
  };
  const candidates: string[] = [];
  for (const w of unknown) for (const alt of closePhrases(model, w)) candidates.push(clean(question.replace(new RegExp(`(?<![\\w])${escape(w)}(?![\\w])`, 'i'), alt)));
  // A sentence or a lead-in ("on call here -", "That was our big campaign day.") holding the words goes whole: what is
  // left reads as written. Offered instead of the words cut out one by one ("That was our day."), when it answers.
  const parts = question.split(/(?<=[.?!;])\s+|\s+[-\u2013\u2014]\s+|(?<=:)\s+/);
  const whole = parts.length > 1 ? clean(parts.filter((t) => !unknown.some((w) => wordRe(w, 'i').test(t))).join(' ')) : '';
  let wholeOk = false;
  if (whole && whole.toLowerCase() !== question.trim().toLowerCase()) { try { check(whole); wholeOk = true; } catch { /* not offered */ } }
  // A number not read is never dropped from a suggestion: the question without it asks something else.
  if (!wholeOk && !unknown.some((w) => /\d/.test(w))) candidates.push(clean(unknown.reduce(without, question)));
  const ok: string[] = [];
  for (const c of [...new Set(candidates)]) {
    if (!c || c.toLowerCase() === question.trim().toLowerCase()) continue;
    try { check(c); ok.push(c); } catch { /* not answerable: not offered */ }
  }
  const q = question.toLowerCase();
  const ranked = ok.map((c, i) => ({ c, i, d: editDistance(q, c.toLowerCase(), 200) })).sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.c);
  return [...(wholeOk ? [whole] : []), ...ranked.filter((c) => c !== whole)].slice(0, 3);
}

/** Whether the query's answer is a time: a series by a time grain, or the min / max of a table's time column. */
export function answersWhen(model: SemanticModel, q: SemanticQuery): boolean {
  return Boolean(q.grain) || q.measures.some((m) => m.kind === 'column' && (m.agg === 'min' || m.agg === 'max')
    && model.tables.some((t) => t.name === m.table && t.time === m.column));
}

/** What the model can answer, for a refusal: figures and groupings, those closest to `word` first. */
export function capabilities(model: SemanticModel, word?: string): string {
  const rank = <T extends { name: string; label?: string }>(xs: T[]): string[] => {
    const names = xs.map((x) => x.label ?? x.name.replace(/_/g, ' '));
    if (!word) return names.slice(0, 8);
    const w = stem(word.toLowerCase());
    return [...names].sort((a, b) => editDistance(w, a, 20) - editDistance(w, b, 20)).slice(0, 6);
  };
  const dims = model.dimensions.filter((d) => !d.expr && !d.rowsOf);
  return `I can answer about ${rank(model.measures.filter((m) => !m.hidden)).join(', ')}; broken down by ${rank(dims).join(', ')} or by hour/day/week/month.`;
}
