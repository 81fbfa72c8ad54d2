/**
 * Dates said out beside words that describe them: "June 10, 2025, the day of the checkout outage", "June 3, a week
 * earlier", "around the May campaign: May 10 through May 22, 2025", "the 30 days before the outage, i.e. May 11
 * through June 9". The dates said out are the period; the description (an event the data does not know) restates
 * them and is read no further. Only a description with a word the model does not know is dropped: one the agent
 * reads ("last week: June 23 to 29") is left to be read with the dates (and refused if they disagree).
 */
import { MONTH_NAME } from '../calendar-words.ts';
import { FILLER } from '../words.ts';
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** A date said out: "June 10, 2025", "10 June", "May 11", "2025-06-10" (no group of its own). */
const DATE = String.raw`(?:${MONTH_NAME}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME}(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2})`;

/** A day of the month said before the month of a range's end: "9th to 22nd May", "the 24th – 26th of May". */
const DAY_THEN_DATE = String.raw`(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s*(?:-|–|—|to|through|thru|until|till|and)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_NAME}(?:,?\s+\d{4})?`;

/** A date or a range of dates said out. */
const DATES = String.raw`(?:(?:from\s+|between\s+)?(?:${DAY_THEN_DATE}|${DATE}(?:\s*(?:-|–|—|to|through|thru|until|till|and)\s*${DATE})?))`;

/**
 * "Saturday 24th to Monday 26th May", "Sat, 24 May": a weekday said before the day of the month it falls on names that
 * day again, it filters nothing (never a clock time after it: "Saturday 10am").
 */
const WEEKDAY_BEFORE_DAY = /\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?=(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?[a-z]|\s*(?:-|–|—|to|through|until|till)\s))(?!\d{1,2}\s*(?:am|pm|a\.m|p\.m|:|h\b|o'?clock))/gi;

/** "the day of the outage", "the day when checkout broke", "a week earlier": what follows a date to describe it. */
const AFTER_DATE = new RegExp(String.raw`(${DATE})\s*,\s*(?:(?:the|that)\s+(?:day|date|week|weekend|night|morning|evening|afternoon)\s+(?:of|when|before|after|that)\s+[^,.;:?!]*|(?:a|one|1|exactly\s+a)\s+(?:day|week|month|year)\s+(?:earlier|later|before|after|prior|back))(?=[,.;:?!]|$)`, 'gi');

/** The separator between a description and the dates that say it out: ":", ", i.e.", "(that is". */
const SEPARATOR_THEN_DATES = new RegExp(String.raw`\s*(?::|\s[-–—]\s|[–—]|[,(]?\s*(?:i\.?\s*e\.?|that\s+is|namely|meaning|which\s+(?:is|was)|so)\s*[,:]?)\s*(?=${DATES})`, 'gi');

/** Where a description may start: "around the …", "over the …", "the …". */
const DESCRIPTION_START = /\b(?:(?:around|during|before|after|over|for|in|across|throughout|of)\s+)?the\s+/gi;

/** The question with descriptions of dates it says out taken away. */
export function withoutDescribedDates(st: ParseState, question: string): string {
  const unknown = (text: string): boolean => text.toLowerCase().split(/[^a-z']+/).some((w) => w.length > 2 && !FILLER.has(w) && !st.known.has(w));
  const namesModel = (text: string): boolean => text.toLowerCase().split(/[^a-z_]+/).some((w) => (st.vocab.phrases.get(phraseKey(w)) ?? []).some((x) => x.t !== 'entity'));
  const s = question.replace(WEEKDAY_BEFORE_DAY, '').replace(AFTER_DATE, (whole: string, date: string) => (unknown(whole.slice(date.length)) || /\b(?:earlier|later|before|after|prior|back)\s*$/i.test(whole) ? date : whole));
  let out = '';
  let from = 0;
  for (const sep of s.matchAll(SEPARATOR_THEN_DATES)) {
    // The longest description (up to 60 characters back) naming nothing of the model and something it does not know.
    const lookFrom = Math.max(from, sep.index - 70);
    const before = s.slice(lookFrom, sep.index);
    const start = [...before.matchAll(DESCRIPTION_START)].find((m) => {
      const described = before.slice(m.index + m[0].length);
      return described.length <= 60 && !/[:,;.?!()]/.test(described) && !namesModel(described) && unknown(described);
    });
    if (!start) continue;
    out += `${s.slice(from, lookFrom + start.index)} `;
    from = sep.index + sep[0].length;
  }
  return out + s.slice(from);
}
