/**
 * Periods said as lists or spans that read as one range or one set once written out ("june 9, 10 and 11",
 * "may 1 - may 3", "jan through may", "q3 2024, q4 2024 and q1 2025", "mon-fri"), and the note "1 = Monday" on how
 * weekdays are numbered. Parts of `normalizeQuestion` (words.ts), on the lowercased text.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { ISO_WEEKDAYS, MONTH_NAME, MONTHS, WEEKDAYS } from './calendar-words.ts';

const DAY_AND_MONTH = String.raw`(?:${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+${MONTH_NAME})`;
/** A weekday's name, whole or short, one or many ("tue", "thurs", "mondays"). */
const DAY_FORM = /^(?:mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)s?$/;
const DAY_NAME = String.raw`(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b`;
/** "1=mon", "1 = Monday", "Monday as 1", "sunday = 7". */
const WEEKDAY = String.raw`(?:[0-7]\s*=\s*${DAY_NAME}|${DAY_NAME}\s*(?:=|\s+as)\s*[0-7](?![\d.]))`;
const WEEKDAY_LEGEND = new RegExp(String.raw`,?\s*(?:\b(?:with|where)\s+)?(?:\(\s*)?(?:\b(?:number|numbering|numbered)\s+(?:the\s+)?(?:days|weekdays|days\s+of\s+(?:the\s+)?week)(?:\s+(?:as|from|like))?\s+|\b(?:weekdays?|days?\s+of\s+(?:the\s+)?week|days?)\s+(?:as\s+(?:an?\s+)?(?:(?:numbers?|integers?)\s+)?|numbered\s+(?:as\s+)?))?\(?\s*\b${WEEKDAY}(?:\s*(?:\.{2,}|,|;|-|–|…|to|through|thru|up\s+to|and)?\s*\b${WEEKDAY})+\s*\)?`, 'gi');
/** "jan through may", "march-may 2025": two months joined by a range word or a dash (not a day after the second, not after "compare"). */
const MONTH_RANGE = new RegExp(String.raw`(?<!\b(?:from|between|compare|comparing)\s+)\b(${MONTH_NAME}(?:\s+\d{4})?)\s*(?:[-–—]|\s(?:to|through|thru|until|till)\s)\s*(${MONTH_NAME})\b(?!\s*\d{1,2}(?!\d))`, 'g');
/** "may 1 - may 3", "june 1 through june 7": two days, each with its month, joined by a dash or a word of ranges (not after "compare": two days side by side). */
const DASHED_RANGE = new RegExp(String.raw`(?<!\b(?:from|between|compare|comparing)\s+)\b(${DAY_AND_MONTH})\s*(?:[-–—]|\s(?:to|through|thru|until|till)\s)\s*(${DAY_AND_MONTH}(?:,?\s+\d{4})?)(?![\w-])`, 'g');

/**
 * "june 9, 10 and 11", "may 3, may 4, may 5": three or more days of one month listed one after the other are the range
 * from the first to the last (days not next to each other stay a list, which is not read).
 */
const DAY_LIST = new RegExp(String.raw`\b(${MONTH_NAME})\s+(\d{1,2})(?:st|nd|rd|th)?((?:\s*(?:,\s*and|,|and|&)\s*(?:${MONTH_NAME}\s+)?\d{1,2}(?:st|nd|rd|th)?(?![\d:]|\s*(?:am|pm)\b)){2,})`, 'g');

/** "jan, feb and mar 2025": three or more month names in a list, with one year after the last. */
const MONTH_LIST = new RegExp(String.raw`\b${MONTH_NAME}(?:\s*(?:,\s*and|,|and|&)\s*${MONTH_NAME}){2,}\b(?:,?\s+\d{4}(?!\d))?(?!\s*\d{1,2}(?!\d))`, 'g');

/** "q3 2024, q4 2024 and q1 2025": three or more quarters, each with its year, in a list. */
const QUARTER_LIST = /\bq[1-4]\s+\d{4}(?:\s*(?:,\s*and|,|and|&)\s*q[1-4]\s+\d{4}){2,}\b/g;

/** The note on how weekdays are numbered, left out when it is the numbering answers use; another is refused. */
export function withoutWeekdayLegend(s: string): string {
  // "… by day of the week; give the weekday as a number": "the weekday" (one) is the day of the week asked, not Mon–Fri.
  if (/\bdays?\s+of\s+(?:the\s+)?week\b/i.test(s)) s = s.replace(/\b(?:with\s+)?(?:the|each|every)\s+weekday\b(?!s|\s+(?:orders|revenue|signups|events|sales|traffic)\b)/gi, ' the day of the week');
  // "1=mon … 7=sun": how weekdays are numbered is a note for the reader when it is the numbering answers use (ISO,
  // Monday 1); another one ("0=sunday") is left in, not understood, rather than answered in numbers it does not mean.
  s = s.replace(WEEKDAY_LEGEND, (all) => {
    const pairs = [...all.matchAll(/([0-7])\s*=\s*([a-z]{3})|\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s*(?:=|\s+as)\s*([0-7])/gi)].map((x) => (x[1] ? [x[1], x[2]] : [x[4], x[3]]));
    if (pairs.every(([n, d]) => ISO_WEEKDAYS.indexOf(d.toLowerCase()) + 1 === Number(n))) return ' ';
    throw new DatalabsError('BAD_INPUT', `I number weekdays 1 = Monday to 7 = Sunday, not as in "${all.trim().slice(0, 40)}": ask without the numbering, and the answer names each day's number.`);
  });
  // "the weekday shown as a number from 1 for Monday to 7 for Sunday": the numbering answers use, said in words.
  s = s.replace(/\s*\b(?:(?:shown|given|returned|expressed|written|displayed|numbered)\s+)?(?:as\s+(?:a\s+)?(?:number|integer|digit)s?\s+)?(?:from\s+)?1\s+(?:for|=|being|is|as|meaning)\s+mon(?:day)?\s*(?:,\s*)?(?:to|through|thru|until|up\s+to|-|\u2013|\.{2,}|…)\s*7\s+(?:for|=|being|is|as|meaning)\s+sun(?:day)?\b/gi, ' ');
  return s;
}

/** Days, months or quarters listed one after the other, and two days or months joined by a range word: the range. */
export function withListedPeriods(s: string): string {
  s = s.replace(DAY_LIST, (whole: string, month: string, first: string, rest: string) => {
    const more = [...rest.matchAll(new RegExp(String.raw`(?:(${MONTH_NAME})\s+)?(\d{1,2})`, 'g'))];
    const days = [Number(first), ...more.map((m) => Number(m[2]))];
    const oneMonth = more.every((m) => !m[1] || m[1] === month);
    return oneMonth && days.every((d, i) => i === 0 || d === days[i - 1] + 1) ? `from ${month} ${first} to ${month} ${days.at(-1)} ` : whole;
  });
  s = s.replace(DASHED_RANGE, (_m, a: string, b: string) => `from ${a} to ${b}`).replace(MONTH_RANGE, (_m, a: string, b: string) => `from ${a} to ${b}`);
  // "q3 2024, q4 2024 and q1 2025": three or more quarters listed one after the other are the range from the first to the last.
  s = s.replace(QUARTER_LIST, (whole: string) => {
    const qs = [...whole.matchAll(/q([1-4])\s+(\d{4})/g)].map((x) => Number(x[2]) * 4 + Number(x[1]) - 1);
    return qs.every((n, i) => i === 0 || n === qs[i - 1] + 1) ? ` from q${(qs[0] % 4) + 1} ${Math.floor(qs[0] / 4)} to q${(qs.at(-1)! % 4) + 1} ${Math.floor(qs.at(-1)! / 4)} ` : whole;
  });
  // "jan, feb and mar 2025": three or more months listed one after the other are the range from the first to the last.
  s = s.replace(MONTH_LIST, (whole: string) => {
    const names = [...whole.matchAll(new RegExp(MONTH_NAME, 'g'))].map((m) => m[0]);
    const at = names.map((n) => MONTHS.findIndex((m) => m.startsWith(n.slice(0, 3))));
    const year = /\d{4}/.exec(whole)?.[0];
    return at.every((n, i) => i === 0 || n === at[i - 1] + 1) ? `from ${names[0]} to ${names.at(-1)}${year ? ` ${year}` : ''} ` : whole;
  });
  return s;
}

/** A span of weekday names ("tue to thu", "mon-fri"): the days it spans, weekdays or weekends. */
export function withWeekdaySpans(s: string): string {
  // "Monday to Friday", "mon-fri": the weekdays, one set of days (restated after "weekdays", said once).
  // Any other range of days is the days it spans ("tue to thu"); Monday to Sunday is every day, the week said out.
  s = s.replace(/\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*?s?\s*(?:[-–]|\s(?:to|through|thru|until|till)\s)\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b/g, (all, a: string, b: string) => {
    const from = ISO_WEEKDAYS.indexOf(a), to = ISO_WEEKDAYS.indexOf(b);
    const days = Array.from({ length: ((to - from + 7) % 7) + 1 }, (_, i) => ISO_WEEKDAYS[(from + i) % 7]);
    const ends = all.split(/\s*(?:[-–]|\s(?:to|through|thru|until|till)\s)\s*/);
    if (!ends.every((w) => DAY_FORM.test(w)) || days.length < 2) return all;
    if (days.length === 7) return ' ';
    if (from === 0 && to === 4) return 'weekdays';
    if (from === 5 && to === 6) return 'weekends';
    return days.map((d) => WEEKDAYS[d]).join(', ').replace(/, ([a-z]+)$/, ' and $1');
  }).replace(/\b(weekdays?)\b[\s,(]+weekdays\b\s*\)?/g, '$1');
  return s;
}
