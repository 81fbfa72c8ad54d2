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

const REGARDLESS = /\b(?:regardless\s+of|irrespective\s+of|independent(?:ly)?\s+of|no\s+matter\s+(?:the|what|which)|whatever\s+the)\s+(?:the\s+|its\s+|their\s+|which\s+)?([a-z][a-z_-]*)(?:\s+([a-z][a-z_-]*))?/g;

/** The text with "regardless of <dimension>" and its kin applied (see above); other uses of the words are left alone. */
export function withRegardlessOf(st: ParseState, s: string): string {
  return s.replace(REGARDLESS, (whole, w1: string, w2: string | undefined) => {
    const dimOf = (phrase: string) => (st.vocab.phrases.get(phraseKey(phrase)) ?? []).find((m) => m.t === 'dimension');
    // "order status", "device type": two words naming one dimension, or the second word the dimension.
    const two = w2 ? dimOf(`${w1} ${w2}`) ?? dimOf(w2) : undefined;
    const one = dimOf(w1);
    const m = two ?? one;
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
