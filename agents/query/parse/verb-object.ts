/**
 * "people look at pages the most", "how many times users viewed pages last week": a verb of viewing or visiting with
 * its object in the plural names the figure the model has for that noun and verb ("page views"), never a breakdown by
 * the object ("pages" is also the page column). Only where the model knows the phrase; else left as said.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

export function withVerbObjectFigures(st: ParseState, s: string): string {
  // "how many users viewed pages": who did it is counted, the verb says which rows they have (read as before).
  if (/\b(?:how\s+many|number\s+of|count\s+of|share\s+of|percent(?:age)?\s+of)\s+(?:[a-z]+\s+){0,2}?(?:who\s+|that\s+)?(?:have\s+|had\s+|has\s+)?(?:view|visit|look|see|saw)/.test(s)) return s;
  // Not a participle naming ranked rows: "the 5 least viewed pages" are pages.
  return s.replace(/(?<!\b(?:most|least|top|bottom|fewest|highest|lowest|\d+)\s+)\b(view(?:s|ed|ing)?|visit(?:s|ed|ing)?|look(?:s|ed|ing)?\s+at|see|saw|seen)\s+(?:the\s+|our\s+|any\s+)?([a-z]+)s\b(?!\s+(?:like|such|named|called|with|that|which|where|of|per|by)\b)(?!\s*\/)/g, (whole, verb: string, noun: string) => {
    const v = /^(?:look|see|saw|seen)/.test(verb) ? 'view' : verb.replace(/(?:s|ed|ing)$/, '');
    const phrase = `${noun} ${v}s`;
    return (st.vocab.phrases.get(phraseKey(phrase)) ?? []).some((m) => m.t === 'measure') ? ` ${phrase} ` : whole;
  });
}
