/**
 * "add the average revenue per buyer", "also show revenue", "include the order count": a follow-up that asks for
 * another figure beside the answer's. Read in the normalise stage, after "add <value>" (which joins a kept filter).
 */
import type { ParseState } from './state.ts';

const LEAD = String.raw`^(\s*(?:(?:ok|okay|so|then|now|and|pls|please|can\s+you|could\s+you)\b[\s,]*)*)`;
const ASK = String.raw`(?:add|also\s+(?:show|give|include|add|list)|show\s+also|plus)\s+(?:(?:me|us)\s+)?(?:(?:a|an|the)\s+)?(?:columns?\s+(?:for|with)\s+(?:(?:the|a)\s+)?)?`;
// Not "add to cart" (an event) or "add to the …".
const ADDED = new RegExp(`${LEAD}${ASK}(?!to\\b)(?=[a-z])`);

/** Takes the asking words off and marks the message `addMeasures`; whether it names a figure is the agent's to check. */
export function withAddedMeasures(st: ParseState, s: string): string {
  // "min(revenue) too", "refunds as well": a figure named with a word that keeps the rest joins the answer's.
  if (/\b(?:too|as\s+well)\s*[?.!]*\s*$/.test(s) && !/\b(?:by|per|split|broken)\b/.test(s)) { st.out.addMeasures = true; st.out.followUp = true; }
  return s.replace(ADDED, (_whole: string, lead: string) => {
    st.out.addMeasures = true;
    st.out.followUp = true;
    return `${lead} `;
  });
}
