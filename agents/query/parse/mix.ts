/**
 * Before tokenising, the mix of a column: "the plan mix of our users in Brazil", "device distribution of orders",
 * "distribution of users by plan", "mix of signups across channels", "revenue mix by category". A mix, distribution,
 * composition or make-up of a column is the figure broken down by that column (the rows counted by it when no figure
 * is named), as "breakdown" / "split" are read. The word is read so only when a dimension of the model is named right
 * before it, right after "of" / "across", or later after "by" / "per" / "across": "distribution of order values"
 * (a numeric column) is left as it is, and refused.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

const MIX = '(?:mix|mixes|distribution|distributions|composition|make\\s*-?\\s*up|makeup|spread)';

export function mixStage(st: ParseState): void {
  const isDimension = (phrase: string): boolean => {
    const ms = st.vocab.phrases.get(phraseKey(phrase)) ?? [];
    return ms.length > 0 && ms.every((m) => m.t === 'dimension');
  };
  // A dimension of one to three words ending right before `at` in `s`.
  const dimensionBefore = (s: string, at: number): boolean => {
    const words = s.slice(0, at).trim().split(/\s+/);
    for (let n = 1; n <= 3 && n <= words.length; n++) if (isDimension(words.slice(-n).join(' '))) return true;
    return false;
  };
  const dimensionAfter = (text: string): boolean => {
    const words = text.trim().split(/\s+/);
    for (let n = 3; n >= 1; n--) if (words.length >= n && isDimension(words.slice(0, n).join(' '))) return true;
    return false;
  };
  st.s = st.s.replace(new RegExp(`\\b${MIX}(?=\\s|$)`, 'g'), (word: string, at: number, s: string) => {
    const after = s.slice(at + word.length);
    const named = dimensionBefore(s, at)
      || /^\s+(?:of|across)\s+(?:the\s+|our\s+|all\s+)?/.test(after) && dimensionAfter(after.replace(/^\s+(?:of|across)\s+(?:the\s+|our\s+|all\s+)?/, ''))
      || /\s(?:by|per|across)\s+(?:the\s+)?[a-z@]/.test(after) && after.split(/\s(?:by|per|across)\s+(?:the\s+)?/).slice(1).some((x) => dimensionAfter(x));
    return named ? 'breakdown' : word;
  });
}
