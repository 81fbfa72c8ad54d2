/**
 * A two-word name of the model with values written inside it: "new enterprise users" (new users = signups, on the
 * enterprise plan), "new paid mobile customers". The values are moved before the name ("enterprise new users"), which
 * reads as the name filtered by them; a first word that means something of its own is left where it is.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** The text with values written inside a two-word name of the model moved before it. */
export function withValuesBeforePhrase(st: ParseState, s: string): string {
  const meaning = (phrase: string) => st.vocab.phrases.get(phraseKey(phrase)) ?? [];
  const words = s.trim().split(/\s+/);
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

/**
 * "paid-channel users", "mobile device orders": a value with its own dimension's name between it and the rows it
 * qualifies is that value ("paid users"). Elsewhere ("the growth plan in percent") the words stay as written.
 */
export function withoutRestatedDimension(st: ParseState, s: string): string {
  const meaning = (phrase: string) => st.vocab.phrases.get(phraseKey(phrase)) ?? [];
  const parts = s.split(/(\s+|-)/);
  let changed = false;
  for (let i = 0; i + 4 < parts.length; i += 2) {
    const values = meaning(parts[i]).filter((m) => m.t === 'value');
    const v = values.length === 1 && values[0].t === 'value' ? values[0] : undefined;
    if (!v || !meaning(parts[i + 2]).some((d) => d.t === 'dimension' && d.name === v.dimension)) continue;
    if (!meaning(parts[i + 4]).some((m) => m.t === 'entity' || m.t === 'measure')) continue;
    parts.splice(i + 1, 2);
    changed = true;
  }
  return changed ? parts.join('') : s;
}
