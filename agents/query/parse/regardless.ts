/**
 * "regardless of status", "irrespective of device", "no matter the channel",
 * "whatever the plan": the question asks over every value of that dimension,
 * with no breakdown by it. A dimension a table filters by default (an order's
 * status) has every value included, as "including everything" does for it;
 * any other dimension is read as "any <dimension>" (no filter on it). Without
 * this the dimension's name alone read as a breakdown ("total value of all
 * orders, regardless of status" was split by status).
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

const REGARDLESS = /\b(?:regardless\s+of|irrespective\s+of|independent(?:ly)?\s+of|no\s+matter\s+(?:the|what|which)|whatever\s+(?:the|its|their))\s+(?:the\s+|its\s+|their\s+|which\s+)?([a-z][a-z_-]*)(?:\s+([a-z][a-z_-]*))?/g;

/** "including every status", "all statuses included", "every device counted": every value of a dimension, as "regardless of" says. */
const EVERY_INCLUDED = /\b(?:including|incl)\s+(?:every|all(?:\s+the)?|any)\s+([a-z][a-z_-]*)(?:\s+([a-z][a-z_-]*))?|\b(?:with\s+)?(?:every|all(?:\s+the)?|any)\s+([a-z][a-z_-]*)\s+(?:included|inclusive|counted)\b/g;

/** The text with "regardless of <dimension>" and its kin applied (see above); other uses of the words are left alone. */
export function withRegardlessOf(st: ParseState, s: string): string {
  const dimOf = (phrase: string) => (st.vocab.phrases.get(phraseKey(phrase)) ?? []).find((m) => m.t === 'dimension');
  s = s.replace(EVERY_INCLUDED, (whole, w1: string | undefined, w2: string | undefined, w3: string | undefined) => {
    const two = w1 && w2 ? dimOf(`${w1} ${w2}`) : undefined;
    if (two) return ` regardless of ${w1} ${w2} `;
    const word = w1 ?? w3!;
    return dimOf(word) ? ` regardless of ${word} ${w2 ?? ''} ` : whole;
  });
  return s.replace(REGARDLESS, (whole, w1: string, w2: string | undefined) => {
    // "order status", "device type": two words naming one dimension, or the second word the dimension.
    const two = w2 ? dimOf(`${w1} ${w2}`) ?? dimOf(w2) : undefined;
    const one = dimOf(w1);
    const m = two ?? one;
    // "all of them, regardless of activity": whether the rows were active asks no figure of activity.
    if (!m && /^(?:activity|active|activeness|usage|engagement|engaged)$/.test(w1)) return ` ${w2 ?? ''} `;
    if (!m || m.t !== 'dimension') return whole;
    const rest = two ? '' : w2 ?? '';
    const d = st.model.dimensions.find((x) => x.name === m.name);
    const defaulted = st.model.tables.some((t) => Object.keys(t.defaultFilter ?? {}).some((col) => (t.overridableBy ?? []).includes(col) && (d?.columns ?? []).includes(`${t.name}.${col}`)));
    if (d && defaulted) {
      for (const v of d.values ?? []) st.out.including.push({ dimension: d.name, value: v });
      return ` ${rest} `;
    }
    return ` any ${two ? `${w1} ${w2}` : w1} ${rest} `;
  });
}
