/**
 * Days people name instead of dates: "valentine's day", "christmas 2024", "black friday", "cyber monday", "new year's
 * eve", "halloween". Each is written out as its date ("feb 14 2025") before anything else reads the question, with
 * its year: the one said, or else the latest such day not after now ("sales on christmas", asked in June, is last
 * December's). Only days that fall on the same date wherever the shop sells: a day whose date differs by country
 * (mother's day, thanksgiving, easter in the east) is left as written, and refused as a word not understood.
 */

import { DatalabsError } from '../../bot/contracts/errors.ts';
import { MONTH_ABBREVIATIONS } from './calendar-words.ts';


/** The day in `year`: [month 0-11, day of month]. */
type DayOf = (year: number) => [number, number];

const fixed = (month: number, day: number): DayOf => () => [month, day];

/** Black Friday: the day after the fourth Thursday of November (US Thanksgiving), the date retail uses everywhere. */
const blackFriday: DayOf = (year) => {
  const firstWeekday = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return [10, firstThursday + 21 + 1];
};
const cyberMonday: DayOf = (year) => {
  const [m, d] = blackFriday(year);
  return [m, d + 3];
};

/** Names (a regular-expression source each, lowercase) and the day they name. */
const DAYS: ReadonlyArray<readonly [string, DayOf]> = [
  [String.raw`new\s+year'?s?\s+eve|nye`, fixed(11, 31)],
  [String.raw`new\s+year'?s?(?:\s+day)?`, fixed(0, 1)],
  [String.raw`(?:st\.?|saint)\s+valentine'?s?(?:\s+day)?|valentine'?s?\s+day|valentine'?s`, fixed(1, 14)],
  [String.raw`(?:st\.?|saint)\s+patrick'?s?(?:\s+day)?|st\.?\s+paddy'?s?(?:\s+day)?`, fixed(2, 17)],
  [String.raw`hall?owe'?en`, fixed(9, 31)],
  [String.raw`christmas\s+eve|xmas\s+eve`, fixed(11, 24)],
  [String.raw`christmas(?:\s+day)?|xmas(?:\s+day)?`, fixed(11, 25)],
  [String.raw`boxing\s+day`, fixed(11, 26)],
  [String.raw`black\s+friday`, blackFriday],
  [String.raw`cyber\s+monday`, cyberMonday],
];

const PATTERNS = DAYS.map(([name, day]) => ({
  day,
  // "black friday 2024", "christmas of 2024", "2024's black friday", "the christmas of 2024".
  // A bracket after it restating the date ("black friday 2024 (nov 29)") is read with it.
  // "last christmas", "this year's black friday", "christmas last year".
  re: new RegExp(String.raw`\b(?:(last|this|(?:last|this)\s+year's)\s+)?(?:(\d{4})'?s\s+)?(?:${name})(?:\s+(?:of\s+)?(\d{4})|\s+(last|this)\s+year)?(?![\w'])([?.!]?\s*\(\s*[^()]{3,40}\)|,\s*[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?=\s*[?.!,]|\s*$)|,\s*\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,9}(?=\s*[?.!,]|\s*$))?`, 'gi'),
}));

/** The question with named days written as dates, "mmm d yyyy". */
export function withHolidayDates(question: string, now: Date): string {
  let s = question;
  for (const { re, day } of PATTERNS) {
    re.lastIndex = 0;
    s = s.replace(re, (all: string, which: string | undefined, before: string | undefined, after: string | undefined, relYear: string | undefined, bracket: string | undefined) => {
      const thisYear = now.getUTCFullYear();
      const rel = (which ?? '').toLowerCase();
      const said = Number(before ?? after ?? NaN);
      // "christmas last year", "last year's black friday": that year's; "this year's": this year's; "last christmas": the latest.
      let year = Number.isFinite(said) ? said : relYear?.toLowerCase() === 'last' || rel.startsWith('last year') ? thisYear - 1 : thisYear;
      const at = (y: number): number => { const [m, d] = day(y); return Date.UTC(y, m, d); };
      const fixedYear = Number.isFinite(said) || !!relYear || rel.includes('year');
      if (!fixedYear && at(year) > now.getTime()) year -= 1;
      const [m, d] = day(year);
      const date = new Date(Date.UTC(year, m, d));
      const mon = MONTH_ABBREVIATIONS[date.getUTCMonth()], dd = date.getUTCDate();
      const restates = bracket && new RegExp(String.raw`^(?:[?.!]?\s*\(|,)\s*(?:i\.?e\.?,?\s*|=\s*|so\s+|that's\s+)?(?:${mon}[a-z]*\.?\s+${dd}(?:st|nd|rd|th)?|${dd}(?:st|nd|rd|th)?\s+(?:of\s+)?${mon}[a-z]*\.?)(?:,?\s+(?:${year}|(?:last|this)\s+year))?\s*\)?$`, 'i').test(bracket);
      // A bracket giving another date is a contradiction, not guessed either way.
      const otherDate = bracket && !restates && new RegExp(String.raw`\b(?:${MONTH_ABBREVIATIONS.join('|')})[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTH_ABBREVIATIONS.join('|')})`, 'i').exec(bracket);
      if (otherDate) throw new DatalabsError('NOT_UNDERSTOOD', `${all.slice(0, all.length - bracket.length).trim()} is ${mon} ${dd} ${year}, not "${otherDate[0]}": ask for one of the two days.`);
      // A restating bracket after the question mark goes; the mark stays.
      const mark = bracket && restates ? /^[?.!]/.exec(bracket)?.[0] ?? '' : '';
      return `${mon} ${dd} ${year}${mark}${bracket && !restates ? bracket : ''}`;
    });
  }
  return s;
}
