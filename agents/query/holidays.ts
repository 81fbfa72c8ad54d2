/**
 * Days people name instead of dates: "valentine's day", "christmas 2024", "black friday", "cyber monday", "new year's
 * eve", "halloween". Each is written out as its date ("feb 14 2025") before anything else reads the question, with
 * its year: the one said, or else the latest such day not after now ("sales on christmas", asked in June, is last
 * December's). Only days that fall on the same date wherever the shop sells: a day whose date differs by country
 * (mother's day, thanksgiving, easter in the east) is left as written, and refused as a word not understood.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

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
  re: new RegExp(String.raw`\b(?:(\d{4})'?s\s+)?(?:${name})(?:\s+(?:of\s+)?(\d{4}))?(?![\w'])(\s*\(\s*[^()]{3,30}\))?`, 'gi'),
}));

/** The question with named days written as dates, "mmm d yyyy". */
export function withHolidayDates(question: string, now: Date): string {
  let s = question;
  for (const { re, day } of PATTERNS) {
    re.lastIndex = 0;
    s = s.replace(re, (_all, before: string | undefined, after: string | undefined, bracket: string | undefined) => {
      const said = Number(before ?? after ?? NaN);
      let year = Number.isFinite(said) ? said : now.getUTCFullYear();
      const at = (y: number): number => { const [m, d] = day(y); return Date.UTC(y, m, d); };
      if (!Number.isFinite(said) && at(year) > now.getTime()) year -= 1;
      const [m, d] = day(year);
      const date = new Date(Date.UTC(year, m, d));
      const mon = MONTHS[date.getUTCMonth()], dd = date.getUTCDate();
      const restates = bracket && new RegExp(String.raw`^\s*\(\s*(?:i\.?e\.?,?\s*|=\s*|so\s+|that's\s+)?(?:${mon}[a-z]*\.?\s+${dd}(?:st|nd|rd|th)?|${dd}(?:st|nd|rd|th)?\s+(?:of\s+)?${mon}[a-z]*\.?)(?:,?\s+${year})?\s*\)$`, 'i').test(bracket);
      return `${mon} ${dd} ${year}${bracket && !restates ? bracket : ''}`;
    });
  }
  return s;
}
