/**
 * "and by device", "split it by country", "break down by plan", "by channel too": a breakdown added to the answer's own
 * (`addDimensions`) — or asked instead of it ("and by plan?", "and per country, same period") — and the words that say so.
 */
import type { ParseState } from './state.ts';

/** `s` without the dividing verb of an added breakdown; `added`: a breakdown already read as added before. */
export function withBreakdownAdded(st: ParseState, s: string, question: string, added: boolean): string {
  // "and by device", "and per country", "split by device", "split it by country", "break down by plan": the new
  // dimension is added to the answer's breakdown (its time bucket, its dimensions or compared values), not swapped in.
  const DIVIDE = '(?:break|split|slice|cut|segment|subdivide|divide)';
  const FOLLOWING = '(?:it|that|this|them|those|these|the\\s+(?:results?|numbers?|figures?|answer|data))';
  st.out.addDimensions = added || /\b(also|as well|too|additionally|add)\b/.test(s)
    || new RegExp(`^\\s*(?:and|plus)\\s+(?:then\\s+)?(?:(?:${DIVIDE}|group)\\s+${FOLLOWING}?\\s*(?:down|up|out)?\\s*(?:further\\s+)?)?(?:by|per)\\b`).test(s)
    || new RegExp(`^\\s*(?:(?:ok|okay|so|then|now|and then|can you|could you|please)\\b[\\s,]*)*${DIVIDE}\\s+(?:${FOLLOWING}\\s+)?(?:down\\s+|up\\s+|out\\s+)?(?:further\\s+)?(?:by|per|across)\\b`).test(s);
  if (st.out.replaces) st.out.addDimensions = false;
  // "and by plan?" asked as a question of its own is "what about by plan?": the breakdown asked instead of the last one.
  if (/^\s*and\s+(?:by|per)\s+[a-z_ -]{1,40}\?\s*$/i.test(question) && !/\b(?:also|as\s+well|too|additionally)\b/i.test(question)) st.out.addDimensions = false;
  // "and per country, same period": saying what is kept (the period) asks the rest anew, the breakdown instead of the last one.
  if (/^\s*and\s+(?:by|per)\s+[a-z_ -]{1,40}?\s*[,;\u2013\u2014-]\s*(?:for\s+|over\s+)?(?:the\s+)?same\s+(?:period|time(?:\s*(?:frame|range|window))?|dates?|range|window|days?|weeks?|months?)\s*[?.!]*\s*$/i.test(question)) st.out.addDimensions = false;
  if (st.out.addDimensions) s = s.replace(new RegExp(`\\b${DIVIDE}\\s+(?:${FOLLOWING}\\s+)?(?:down\\s+|up\\s+|out\\s+)?(?:further\\s+)?(?=by|per|across)`), ' ');
  return s;
}
