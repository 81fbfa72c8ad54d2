/**
 * A two-word name of the model with values written inside it: "new enterprise users" (new users = signups, on the
 * enterprise plan), "new paid mobile customers". The values are moved before the name ("enterprise new users"), which
 * reads as the name filtered by them; a first word that means something of its own is left where it is.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** The text with values written inside a two-word name of the model moved before it. */
export function withValuesBeforePhrase(st: ParseState, s: string): string {
  const words = s.trim().split(/\s+/);
  const meaning = (phrase: string) => st.vocab.phrases.get(phraseKey(phrase)) ?? [];
  const isValue = (w: string): boolean => w.startsWith('@v~') || meaning(w).some((m) => m.t === 'value');
  let changed = false;
  for (let i = 0; i < words.length - 2; i++) {
    if (meaning(words[i]).length || isValue(words[i])) continue;
    for (let gap = 1; gap <= 2 && i + gap + 1 < words.length; gap++) {
      const middle = words.slice(i + 1, i + 1 + gap), last = words[i + gap + 1];
      if (!middle.every(isValue)) break;
      if (!meaning(`${words[i]} ${last}`).some((m) => m.t === 'measure' || m.t === 'entity')) continue;
      words.splice(i, gap + 2, ...middle, words[i], last);
      changed = true;
      break;
    }
  }
  return changed ? ` ${words.join(' ')} ` : s;
}
