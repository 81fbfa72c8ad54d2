/**
 * "add the average revenue per buyer", "also show revenue", "include the order count": a follow-up that asks for
 * another figure beside the answer's. Read in the normalise stage, after "add <value>" (which joins a kept filter).
 */
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

const LEAD = String.raw`^(\s*(?:(?:ok|okay|so|then|now|and|pls|please|can\s+you|could\s+you)\b[\s,]*)*)`;
const ASK = String.raw`(?:add|also\s+(?:show|give|include|add|list)|show\s+also|plus)\s+(?:(?:me|us)\s+)?(?:(?:a|an|the)\s+)?(?:columns?\s+(?:for|with)\s+(?:(?:the|a)\s+)?)?`;
// Not "add to cart" (an event) or "add to the …".
const ADDED = new RegExp(`${LEAD}${ASK}(?!to\\b)(?=[a-z])`);

/** Takes the asking words off and marks the message `addMeasures`; whether it names a figure is the agent's to check. */
export function withAddedMeasures(st: ParseState, s: string): string {
  // "min(revenue) too", "refunds as well": a figure named with a word that keeps the rest joins the answer's.
  if (/\b(?:too|as\s+well)\s*[?.!]*\s*$/.test(s)) {
    if (!/\b(?:by|per|split|broken)\b/.test(s)) { st.out.addMeasures = true; st.out.followUp = true; } else st.out.tooWithBreakdown = true;
  }
  return s.replace(ADDED, (_whole: string, lead: string) => {
    st.out.addMeasures = true;
    st.out.followUp = true;
    return `${lead} `;
  });
}

/** "add device to the group by", "add plan to the breakdown": a grouping added to the answer's ("also by device"). */
export function withAddedGrouping(s: string): string {
  return s.replace(/\badd\s+(?:the\s+)?((?:[a-z_]+\s+){0,2}?[a-z_]+)\s+to\s+the\s+(?:group\s*by|grouping|breakdown|split|rows|table|query)\b/, 'also by $1');
}

/**
 * "+ device", "plus device", "add device" after "… by category": a dimension alone after a word that adds is a grouping
 * added to the answer's (as "also by device"), never one in its place; "+ AOV" adds a figure (as "plus AOV").
 */
export function withPlusDimension(st: ParseState, s: string): string {
  s = s.replace(/^(\s*)\+\s*(?=[a-z@])/, '$1plus ');
  return s.replace(/^(\s*(?:(?:ok|okay|so|then|now|and|also|pls|please)\b[\s,]*)*)(?:plus|add|and\s+also|also\s+add)\s+(?:the\s+)?([a-z_]+(?:\s+[a-z_]+)?)\s*(?:too|as\s+well)?\s*[?.!]*\s*$/, (whole: string, lead: string, what: string) => {
    const ms = st.vocab.phrases.get(phraseKey(what)) ?? [];
    return ms.length > 0 && ms.every((m) => m.t === 'dimension') ? `${lead}also by ${what}` : whole;
  });
}

/**
 * "add apparel, split by category", "also add Germany": a value after "add" joins the kept filter on its dimension;
 * the asking words go and the message is a follow-up. `added` says whether it named a value.
 */
export function withAddedValue(st: ParseState, s: string): { text: string; added: boolean } {
  let added = false;
  const text = s.replace(/^(\s*(?:(?:ok|okay|so|then|now|and|also|pls|please|can\s+you|could\s+you)\b[\s,]*)*)add\s+(?:in\s+)?(?:the\s+)?(?=(@v~\S+|\/?[a-z][a-z0-9_/'-]*)(?:\s+([a-z][a-z0-9_/'-]*))?)/, (whole: string, lead: string, w1: string, w2: string | undefined) => {
    const isValue = (w: string): boolean => w.startsWith('@v~') || (st.vocab.phrases.get(phraseKey(w)) ?? []).some((x) => x.t === 'value');
    if (!isValue(w1) && !(w2 && isValue(`${w1} ${w2}`))) return whole;
    added = true; st.out.followUp = true;
    return `${lead} `;
  });
  return { text, added };
}
