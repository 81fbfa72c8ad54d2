/**
 * "unique users at the purchase step", "sessions that reached the checkout stage", "users at the checkout step and at
 * the purchase step": a funnel's step named by a value of the model is that value of its column (event_type =
 * 'purchase'), never the figure a word of it also names ("purchase" is an order too); two steps said one after the
 * other are one list of them ("the checkout and purchase steps"). A word that is no value, or a value of several
 * columns, is left as said.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

export function withStepValues(st: ParseState, s: string): string {
  if (!/\b(?:step|stage)\b/.test(s)) return s;
  const valueOf = (word: string) => {
    const values = (st.vocab.phrases.get(phraseKey(word)) ?? []).filter((m) => m.t === 'value');
    return values.length === 1 && values[0].t === 'value' ? values[0] : undefined;
  };
  // "the checkout step and (at) the purchase step": the two values, one list.
  s = s.replace(/\bthe\s+([a-z_]+)\s+(step|stage),?\s+(?:and|&|then|→)\s+(?:(?:at|to|in|on)\s+)?the\s+([a-z_]+)\s+(?:step|stage)\b/g, (whole, a: string, noun: string, b: string) => {
    const va = valueOf(a), vb = valueOf(b);
    return va && vb && va.dimension === vb.dimension ? ` the ${a} and ${b} ${noun}s ` : whole;
  });
  // "at the purchase step": that value of its column.
  return s.replace(/\b(?:(?:at|in|on|to|reached|reach|reaching|hit|hitting)\s+)?the\s+([a-z_]+)\s+(?:step|stage)\b/g, (whole, a: string) => {
    const v = valueOf(a);
    const dim = v && st.model.dimensions.find((d) => d.name === v.dimension);
    return dim && v ? ` @v~${dim.name}~${v.value} ` : whole;
  });
}
