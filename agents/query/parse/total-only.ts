/**
 * "what's the total over that period?", "and the grand total", "sum it up", "just give me the total for last month": a
 * message that asks for the total of what was answered collapses its series or breakdown into one figure over the same
 * rows (`collapse`), for the period or value that follows when one does. Read in the normalise stage.
 */
import type { ParseState } from './state.ts';

/** A message that asks only for the total of what was answered (see `collapse`). */
const TOTAL_LEAD = String.raw`^\s*(?:(?:ok|okay|so|and|then|now|but|also|just|only)\s+)*(?:(?:what|how\s+much|how\s+many)\s+(?:is|was|are|were|would\s+be)\s+|(?:show|give|tell)\s+(?:me\s+|us\s+)?|(?:can|could)\s+(?:you|i|we)\s+(?:get|see|have)\s+)?`
  + String.raw`(?:(?:just|only)\s+)?(?:(?:the|a|one)\s+)?(?:(?:grand|overall|combined|whole|single)\s+)?(?:total|sum)s?(?:\s+(?:number|count|amount|figure))?`;
/** "just give me the total for last month", "the total for mobile": the total of what was answered, for what follows. */
const TOTAL_THEN = new RegExp(`${TOTAL_LEAD}\\s+(?=(?:for|in|during|over|across|on|from|since|between)\\s)`);
const TOTAL_ONLY = new RegExp(TOTAL_LEAD
  + String.raw`(?:\s+(?:over|for|across|in|during|of)\s+(?:that|this|the|those|these)\s+(?:(?:whole|entire|same|full)\s+)?(?:period|time|range|span|stretch|window|timeframe|time\s+frame|days|weeks|months|dates))?`
  + String.raw`(?:\s+(?:please|pls|instead|only))?\s*$|^\s*(?:(?:ok|okay|so|and|then|now)\s+)*(?:sum|add)\s+(?:it|them|that|those|these)\s+up\s*$`);

/** Marks `collapse` and takes the asking words off (all of a message that asks for nothing else). */
export function withTotalOnly(st: ParseState, s: string): string {
  if (TOTAL_ONLY.test(s)) { st.out.collapse = true; st.out.followUp = true; return ' '; }
  return s.replace(TOTAL_THEN, () => { st.out.collapse = true; st.out.followUp = true; return ' '; });
}
