/**
 * "what's the total over that period?", "and the grand total", "sum it up", "just give me the total for last month": a
 * message that asks for the total of what was answered collapses its series or breakdown into one figure over the same
 * rows (`collapse`), for the period or value that follows when one does. Read in the normalise stage.
 */
import type { ParseState } from './state.ts';
import type { Grain } from '../time-phrases.ts';

/** A message that asks only for the total of what was answered (see `collapse`). */
const TOTAL_LEAD = String.raw`^\s*(?:(?:ok|okay|so|and|then|now|but|also|just|only)\s+)*(?:(?:what|how\s+much|how\s+many)\s+(?:is|was|are|were|would\s+be)\s+|(?:show|give|tell)\s+(?:me\s+|us\s+)?|(?:can|could)\s+(?:you|i|we)\s+(?:get|see|have)\s+)?`
  + String.raw`(?:(?:just|only)\s+)?(?:(?:the|a|one)\s+)?(?:(?:grand|overall|combined|whole|single)\s+)?(?:total|sum)s?(?:\s+(?:number|count|amount|figure))?`;
/** "just give me the total for last month", "the total for mobile": the total of what was answered, for what follows. */
const TOTAL_THEN = new RegExp(`${TOTAL_LEAD}\\s+(?=(?:for|in|during|over|across|on|from|since|between)\\s)`);
const TOTAL_ONLY = new RegExp(TOTAL_LEAD
  + String.raw`(?:\s+(?:over|for|across|in|during|of)\s+(?:that|this|the|those|these)\s+(?:(?:whole|entire|same|full)\s+)?(?:period|time|range|span|stretch|window|timeframe|time\s+frame|days|weeks|months|dates))?`
  // "just the total, no monthly split", "the total without the breakdown": the split said gone.
  + String.raw`(?:\s*,?\s*(?:no|without(?:\s+the|\s+a|\s+any)?|not)\s+(?:(?:monthly|weekly|daily|hourly|quarterly|yearly|per\s+[a-z]+|by\s+[a-z]+)\s*)?(?:split|splits|breakdown|break\s*down|series|grouping)?)?`
  + String.raw`(?:\s+(?:please|pls|instead|only))?\s*$|^\s*(?:(?:ok|okay|so|and|then|now)\s+)*(?:sum|add)\s+(?:it|them|that|those|these)\s+up\s*$`);

/** Marks `collapse` and takes the asking words off (all of a message that asks for nothing else). */
export function withTotalOnly(st: ParseState, s: string): string {
  if (TOTAL_ONLY.test(s)) { st.out.collapse = true; st.out.followUp = true; return ' '; }
  return s.replace(TOTAL_THEN, () => { st.out.collapse = true; st.out.followUp = true; return ' '; });
}

const AGG_OF: Record<string, 'avg' | 'max' | 'min'> = { average: 'avg', avg: 'avg', mean: 'avg', maximum: 'max', max: 'max', highest: 'max', peak: 'max', minimum: 'min', min: 'min', lowest: 'min' };
const ADJ_GRAIN: Record<string, Grain> = { hourly: 'hour', daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year' };
/** "the average of those daily numbers", "what's the daily average", "mean of these values": the answer's rows rolled up. */
const ROLLUP_OF_ROWS = new RegExp(String.raw`\b(?:the\s+)?(${Object.keys(AGG_OF).join('|')})\s+(?:of\s+)?(?:those|these|the|all\s+(?:those|these|the))\s+(?:(${Object.keys(ADJ_GRAIN).join('|')})\s+)?(?:numbers|values|figures|counts|totals|results|rows|points|days|weeks|months|hours)\b`
  + String.raw`|\b(?:the\s+)?(${Object.keys(ADJ_GRAIN).join('|')})\s+(average|avg|mean|maximum|max|peak|minimum|min)\b(?!\s+[a-z])`);

/**
 * Marks `rollupOfPrevious` and takes the words off: a message that asks for one figure over the previous answer's series
 * ("whats the average of those daily numbers? one number"); the agent rolls that series' buckets up.
 */
export function withRollupOfRows(st: ParseState, s: string): string {
  return s.replace(ROLLUP_OF_ROWS, (_m, agg1?: string, adj1?: string, adj2?: string, agg2?: string) => {
    const adj = adj1 ?? adj2;
    st.out.rollupOfPrevious = { agg: AGG_OF[(agg1 ?? agg2)!], ...(adj ? { grain: ADJ_GRAIN[adj] } : {}) };
    st.out.followUp = true;
    return ' ';
  });
}
