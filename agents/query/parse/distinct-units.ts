/**
 * "users active on 5 or more different days", "customers who ordered in at least 3 different weeks": how many different
 * days (weeks, months, hours) each entity has rows on — a distinct count of the time bucket per entity, then the entities
 * counted whose count passes (resolved with the other per-entity thresholds, resolve.ts). Read before the other
 * comparisons, so the number is not taken for an amount or a figure's threshold.
 */
import { checkComparedValue, NUMBER_SOURCE } from '../bounds.ts';
import type { CompareOp } from '../semantic-query.ts';
import type { Grain } from '../time-phrases.ts';
import type { ParseState } from './state.ts';

/** The comparison words a count of days may follow (as rewritten by words.ts: "5 or more" is "at least 5"). */
const CMP: Array<[string, CompareOp]> = [
  ['more than', '>'], ['over', '>'], ['at least', '>='], ['no less than', '>='], ['less than', '<'], ['fewer than', '<'],
  ['under', '<'], ['at most', '<='], ['no more than', '<='], ['exactly', '='],
];
const DIFFERENT = '(?:different|distinct|separate|unique)';
/**
 * "on / in / across at least 5 (different) days", or "(on) more than 3 different weeks": a preposition of time or a
 * word of difference is needed, so "more than 3 days" alone (a duration) is not read so.
 */
const RE = new RegExp(String.raw`(?:\b(on|in|across|during)\s+)?\b(${CMP.map(([w]) => w.replace(/ /g, '\\s+')).join('|')})\s+(${NUMBER_SOURCE})\s+(?:(${DIFFERENT})\s+)?(days?|weeks?|months?|hours?)\b`, 'g');

/** Reads the distinct-time-bucket thresholds of the text into `st.out.thresholds`; returns the text without them. */
export function distinctUnitsStage(st: ParseState, s: string): string {
  return s.replace(RE, (full: string, prep: string | undefined, cmp: string, num: string, different: string | undefined, unit: string) => {
    if (!prep && !different) return full;
    const op = CMP.find(([w]) => w === cmp.replace(/\s+/g, ' '))![1];
    const distinctUnit = unit.replace(/s$/, '') as Grain;
    st.out.thresholds.push({ distinctUnit, op, value: checkComparedValue(num, full, { whole: true }), text: full.trim() });
    return ' ';
  });
}
