/**
 * "the first week of June", "2nd week of may 2025", "the last week of April": seven days of a named month counted
 * from its first day (1st–7th, 8th–14th, 15th–21st, 22nd–28th) or, for the last week, its last seven days. Days
 * written right after it ("first week of June (1st to 7th)") are read as the range meant, when they fall in that month.
 */
import { DAY_MS, MONTH_NAME } from './calendar-words.ts';
import type { Period } from './time-phrases.ts';

const MONTH_RE = `(${MONTH_NAME})`;
const ORDINALS = ['first', 'second', 'third', 'fourth', '1st', '2nd', '3rd', '4th'];

/** Matches the phrase: [1] ordinal, [2] month, [3] year, [4]–[5] days restated after it. */
export const WEEK_OF_MONTH_RE = new RegExp(String.raw`\b(?:(?:in|during|for|over|of|from)\s+)?(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th|last|final)\s+(?:full\s+)?week\s+(?:of|in)\s+${MONTH_RE}(?:,?\s+(\d{4})(?!\d))?`
  + String.raw`(?:\s*\(?\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:to|-|through|thru|until|till)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*\)?)?`);


/**
 * The period of a WEEK_OF_MONTH_RE match; `month` gives the named month's period (the most recent one unless a year
 * is written). Restated days outside the month, or backwards, give undefined (the words are then refused).
 */
export function weekOfMonth(m: RegExpExecArray, monthOf: (name: string, year?: string) => Period): Period | undefined {
  const month = monthOf(m[2], m[3]);
  const start = month.from.getTime();
  const daysIn = Math.round((Date.UTC(month.from.getUTCFullYear(), month.from.getUTCMonth() + 1, 1) - start) / DAY_MS);
  let first: number, last: number;
  if (m[4] && m[5]) {
    first = +m[4]; last = +m[5];
    if (first < 1 || last > daysIn || first > last) return undefined;
  } else if (m[1] === 'last' || m[1] === 'final') {
    first = daysIn - 6; last = daysIn;
  } else {
    first = (ORDINALS.indexOf(m[1]) % 4) * 7 + 1; last = first + 6;
  }
  const from = new Date(start + (first - 1) * DAY_MS), to = new Date(start + last * DAY_MS);
  const label = `${from.toISOString().slice(0, 10)} to ${new Date(to.getTime() - DAY_MS).toISOString().slice(0, 10)}`;
  return { from, to, toInclusive: false, label };
}
