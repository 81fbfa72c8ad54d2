/**
 * Weeks named by a day (read in normalizeQuestion, on lower-cased text): "the week starting monday 2025-06-02", "the
 * week of june 9", "the iso weeks starting 2025-04-07, 04-14, 04-21 and 04-28", "the weeks starting mon 2025-05-05
 * through mon 2025-05-26", "the week mon 2025-06-09 to sun 2025-06-15". Weeks run Monday to Sunday (ISO): a week "of" a
 * day is the week holding it; a week "starting" a day is the seven days from it. Each becomes a range of days, "from
 * <first day> to <last day>", which the time phrases read; a weekday name written before a date it agrees with goes.
 */
import { MONTH_NAME, MONTHS } from './calendar-words.ts';

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_WORD = String.raw`(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?`;
/** A day: 2025-06-02, june 2 (2025), 2 june (2025). */
const DAY = String.raw`(?:\d{4}-\d{2}-\d{2}|${MONTH_NAME}\s+\d{1,2}(?![\d:])(?:st|nd|rd|th)?(?:,?\s+\d{4}(?!\d))?|(?<!\d)\d{1,2}(?:st|nd|rd|th)?\s+${MONTH_NAME}(?:,?\s+\d{4}(?!\d))?)`;
/** A later day of a list: a full day, 04-14 (month-day), or a day of the first day's month. */
const LATER_DAY = String.raw`(?:${DAY}|\d{2}-\d{2}(?!-)|\d{1,2}(?:st|nd|rd|th)?(?![\d:-]))`;
const WEEKDAY_BEFORE = String.raw`(?:${WEEKDAY_WORD}\s+)?`;
/** A later week of a list or range may be named again: "… through the week starting 2025-05-26". */
const LATER_WEEK = String.raw`(?:(?:the\s+)?(?:iso\s+)?weeks?\s+(?:starting|beginning|commencing)\s+(?:on\s+)?)?`;
const COUNT_WORD: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };
/** "the four iso weeks starting …", "the 4 weeks starting 2025-06-02": how many weeks, said before them. */
const WEEK_COUNT = String.raw`(?:(\d{1,2}|${Object.keys(COUNT_WORD).join('|')})\s+)?`;
const WEEKS = new RegExp(String.raw`\b(?:the\s+)?${WEEK_COUNT}(?:iso\s+)?(weeks?)\s+(of|starting|beginning|commencing|from)\s+(?:on\s+)?${WEEKDAY_BEFORE}(${DAY})((?:\s*(?:,\s*and|,|and|&|-|to|through|thru|until|till)\s*${LATER_WEEK}${WEEKDAY_BEFORE}${LATER_DAY})*)(?:,?\s+(\d{4})(?!\d))?`, 'g');
/** "the week mon 2025-06-09 to sun 2025-06-15": one week's days written as a range. */
const WEEK_RANGE = new RegExp(String.raw`\b(?:the\s+)?(?:iso\s+)?week\s+(?:of\s+|from\s+)?${WEEKDAY_BEFORE}(${DAY})\s*(?:-|to|through|thru|until|till)\s*${WEEKDAY_BEFORE}(${DAY})`, 'g');
const BEFORE_DATE = new RegExp(String.raw`\b(${WEEKDAY_WORD})\s+(?=(${DAY}))`, 'g');

interface Ymd { y?: number; m: number; d: number }

function readDay(text: string, like?: Ymd): Ymd | undefined {
  const t = text.trim().replace(/(\d)(?:st|nd|rd|th)\b/g, '$1');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (m) return { y: +m[1], m: +m[2] - 1, d: +m[3] };
  m = /^(\d{2})-(\d{2})$/.exec(t);
  if (m) return like ? { y: like.y, m: +m[1] - 1, d: +m[2] } : undefined;
  const monthOf = (name: string): number => MONTHS.findIndex((x) => x.startsWith(name.slice(0, 3)));
  m = new RegExp(String.raw`^(${MONTH_NAME})\s+(\d{1,2})(?:,?\s+(\d{4}))?$`).exec(t);
  if (m) return { y: m[3] ? +m[3] : undefined, m: monthOf(m[1]), d: +m[2] };
  m = new RegExp(String.raw`^(\d{1,2})\s+(${MONTH_NAME})(?:,?\s+(\d{4}))?$`).exec(t);
  if (m) return { y: m[3] ? +m[3] : undefined, m: monthOf(m[2]), d: +m[1] };
  m = /^(\d{1,2})$/.exec(t);
  return m && like ? { y: like.y, m: like.m, d: +m[1] } : undefined;
}

/** A day as the time phrases read it: an ISO date when the year is known, "june 8" otherwise. */
function dayText(y: number | undefined, date: Date): string {
  return y === undefined ? `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}` : date.toISOString().slice(0, 10);
}

/** The weeks a phrase names as "from <first day> to <last day>"; the phrase unchanged when its days do not agree. */
export function withWeeksNamedByDay(s: string): string {
  s = s.replace(WEEK_RANGE, (whole: string, first: string, second: string) => {
    const a = readDay(first);
    const b = a && readDay(second, a);
    if (!a || !b) return whole;
    const y = a.y ?? b.y;
    const days = (Date.UTC(b.y ?? y ?? 2001, b.m, b.d) - Date.UTC(a.y ?? y ?? 2001, a.m, a.d)) / 86_400_000;
    return days === 6 ? ` from ${first} to ${second} ` : whole;
  });
  return s.replace(WEEKS, (whole: string, count: string | undefined, noun: string, how: string, first: string, rest: string, tailYear: string | undefined) => {
    const later = [...rest.matchAll(new RegExp(String.raw`(?:,\s*and|,|and|&|-|to|through|thru|until|till)\s*${LATER_WEEK}${WEEKDAY_BEFORE}(${LATER_DAY})`, 'g'))].map((x) => x[1]);
    const a = readDay(first);
    if (!a) return whole;
    const y = a.y ?? (tailYear ? +tailYear : undefined);
    const days = [a, ...later.map((t) => readDay(t, a))];
    if (days.some((d) => !d)) return whole;
    const dates = (days as Ymd[]).map((d) => new Date(Date.UTC(d.y ?? y ?? 2001, d.m, d.d)));
    if (dates.some((d, i) => Number.isNaN(d.getTime()) || d.getUTCDate() !== (days[i] as Ymd).d)) return whole;
    // "the week of june 11": the Monday of the week holding it; "starting": the day itself.
    const start = new Date(dates[0]);
    if (how === 'of') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
    const last = new Date(dates.at(-1)!);
    if (how === 'of') last.setUTCDate(last.getUTCDate() - ((last.getUTCDay() + 6) % 7));
    // A list of week starts must step by whole weeks.
    if (dates.some((d, i) => i > 0 && (d.getTime() - dates[i - 1].getTime()) % (7 * 86_400_000) !== 0 || (i > 0 && d <= dates[i - 1]))) return whole;
    if (noun === 'week' && dates.length > 1 && !/\b(?:to|through|thru|until|till|-)\b/.test(rest)) return whole;
    // "the 4 weeks starting 2025-06-02": that many weeks from it; with the starts listed, as many as the count says.
    const n = count ? COUNT_WORD[count] ?? Number(count) : undefined;
    if (n !== undefined) {
      if (noun !== 'weeks' || how === 'of' || n < 1) return whole;
      if (dates.length === 1) last.setUTCDate(last.getUTCDate() + 7 * (n - 1));
      else if ((last.getTime() - start.getTime()) / (7 * 86_400_000) + 1 !== n) return whole;
    }
    last.setUTCDate(last.getUTCDate() + 6);
    return ` from ${dayText(y, start)} to ${dayText(y, last)} `;
  });
}

/** "mon 2025-06-09", "monday, june 9": a weekday name before a date it agrees with says nothing more. */
export function withoutWeekdayBeforeDate(s: string): string {
  return s.replace(BEFORE_DATE, (whole: string, name: string, date: string) => {
    const d = readDay(date);
    if (!d || d.y === undefined) return whole;
    const day = new Date(Date.UTC(d.y, d.m, d.d)).getUTCDay();
    return DAY_NAMES[(day + 6) % 7] === name.slice(0, 3) ? '' : whole;
  });
}

/**
 * "ISO week 2025-W20", "week 20 of 2025", "W20 2025": a week by its ISO number, read as its Monday to its Sunday. A
 * bracket right after that only names those days again ("(Mon 12 May to Sun 18 May)") goes with it.
 */
export function withIsoWeekNumbers(s: string): string {
  const range = (year: number, week: number): string | undefined => {
    if (week < 1 || week > 53) return undefined;
    const jan4 = Date.UTC(year, 0, 4);
    const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000 + (week - 1) * 7 * 86_400_000;
    if (week === 53 && new Date(monday + 3 * 86_400_000).getUTCFullYear() !== year) return undefined;
    const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    return ` from ${day(monday)} to ${day(monday + 6 * 86_400_000)} `;
  };
  const restated = String.raw`(?:\s*\((?:\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|\s*\d{1,4}(?:-\d{2}){0,2}|\s*${MONTH_NAME}\.?|\s*(?:to|through|until|-|–)|\s*,)+\s*\))?`;
  const lead = String.raw`(?:\b(?:in|during|for|over)\s+(?:the\s+)?)?(?:\biso\s+)?`;
  return s
    .replace(new RegExp(String.raw`${lead}(?:\bweek\s+)?\b(\d{4})-?w(\d{1,2})\b${restated}`, 'g'), (whole: string, y: string, w: string) => range(Number(y), Number(w)) ?? whole)
    .replace(new RegExp(String.raw`${lead}\b(?:week|wk|w)\s*(\d{1,2})\s+(?:of\s+|in\s+)?(\d{4})\b${restated}`, 'g'), (whole: string, w: string, y: string) => range(Number(y), Number(w)) ?? whole);
}

/** Notes on how weeks are cut and periods labelled ("(iso weeks, monday start)", "labelled by the first day"): as they always are. */
export function withoutWeekNotes(s: string): string {
  // "(iso weeks, monday start)": Monday-start weeks, listed with other notes.
  s = s.replace(/\s*[,;]\s*(?:weeks?\s+)?mon(?:day)?[\s-]+start(?:ing|s)?\s*(?=\))/g, '').replace(/(\(\s*(?:iso\s+)?weeks?)\s*[,;]\s*(?:weeks?\s+)?mon(?:day)?[\s-]+start(?:ing|s)?\s*(?=[,;)])/g, '$1');
  // "per ISO week (Monday start)", "weekly (weeks start on Monday)": how weeks are cut, as they always are here.
  s = s.replace(/\(\s*(?:iso\s+)?(?:weeks?\s+)?(?:start(?:ing|s)?\s+(?:on\s+)?)?(?:monday|mon)(?:[\s-]+(?:start(?:ing)?|based|first|to\s+sunday|-\s*sun(?:day)?))?\s*\)/g, ' ');
  // "by iso week", "(weeks start monday)", "monday-start weeks": weeks run Monday to Sunday already.
  s = s.replace(/\b(?:(?:the\s+)?(?:normal|standard|usual|regular|plain|ordinary)\s+)?iso[\s-]+(?=weeks?\b(?!\s+(?:number|no|num)\b))/g, '');
  s = s.replace(/[\s,(]*\b(?:with\s+)?(?:the\s+)?weeks?\s+(?:start|starts|starting|begin|begins|beginning)\s+(?:on\s+)?(?:a\s+)?mon(?:day)?s?\b(?!\s*,?\s*(?:\d|the\b|[a-z]{3,9}\s+\d))\s*\)?/g, ' ')
    .replace(/\bmon(?:day)?[\s-]+start(?:ing)?\s+(?=weeks?\b)/g, '');
  // "labelled with the quarter's first day (e.g. 2024-07-01)": a period's row is named by its first day already.
  s = s.replace(/[\s,(]*\b(?:labell?ed|keyed|named|dated|identified|shown)\s+(?:by|with|as)\s+(?:the|each|its)\s+(?:day|week|month|quarter|year)s?\s+(?:first|start(?:ing)?)\s+(?:day|date)\b(?:\s*\(?\s*(?:e\.?g\.?|i\.?e\.?|like)\s*,?\s*[\d-]+\s*\)?)?/g, ' ');
  return s;
}
