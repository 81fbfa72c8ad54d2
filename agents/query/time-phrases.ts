/**
 * Time words → periods and granularities, relative to `now` (UTC), exactly as
 * the demo-dataset time table says: last N days = [today − N, today), this
 * month = [start of month, now], last week = the previous ISO week, "in March"
 * = March of this year, or of last year when it is still to come.
 */

import { DatalabsError } from '../../bot/contracts/errors.ts';
import { addDays, addMonths, DAY_MS, MONTH_NAME, MONTHS, startOfDay, startOfIsoWeek, startOfMonth, startOfQuarter, startOfYear } from './calendar-words.ts';
import { pairOf, twoUnitsOf, unitBefore, unitOfPeriod, unitsOfPeriod } from './period-units.ts';
import { weekOfMonth, WEEK_OF_MONTH_RE } from './week-of-month.ts';
import { SAME_BEFORE, samePeriodBefore, spanBefore } from './same-period-before.ts';
import { twoPeriodsApart } from './periods-apart.ts';
import { withComparedYear, withRangeYear, yearOfOtherEnd } from './range-year.ts';
import { calendarDay, checkPeriod, checkYear, checkUnitCount, dateRangeText, quote } from './bounds.ts';

export type Grain = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A resolved period; `to` is exclusive unless `toInclusive` (periods that end "now"). */
export interface Period {
  from: Date;
  to: Date;
  toInclusive: boolean;
  label: string;
}

export interface TimeExtraction {
  period?: Period;
  grain?: Grain;
  /** True for "over time", "trend": a series at a granularity chosen from the period. */
  autoGrain?: boolean;
  /** A phrase about the future ("tomorrow", "next week"). */
  future?: string;
  /** The text with the time phrases blanked out. */
  rest: string;
  /** A second, different period ("in May vs June"): not supported in one query. */
  secondPeriod?: string;
  /** "this week vs last week": two periods compared, one row per unit. */
  comparison?: boolean;
  /** "vs last month": the only period is what something else (the previous answer's period) is compared with. */
  comparedTo?: boolean;
  /** "compared to the week before": the unit before the previous answer's period is what it is compared with. */
  comparedToBefore?: Grain;
  /** "compare with the same day the week before", no period of its own: the previous answer's period and that one. */
  sameBefore?: { unit: Grain; back: Grain; alone?: boolean };
  /** "the last 10 days vs the 10 days before that": two adjacent periods of N units compared, a row each (`parts`, no unit). */
  blocks?: boolean;
  /** "yesterday vs the same day last week": the two periods compared (earlier first); `period` spans both, `grain` is their unit. */
  parts?: Period[];
  /** "same for the week before", "the 10 days before that": the previous answer's period moved back by this much (not a comparison). */
  /** "the week before": the span of that length before the previous period; `shift` ("a week earlier"): the previous period moved back by it. */
  before?: { n: number; unit: Grain; shift?: boolean };
  /** "on the 15th": a day of the month with no month named (read in this month or the one before; a follow-up reads it in the previous answer's month). */
  dayOfMonth?: number;
}

export { addDays, MONTHS };
const MONTH_ABBR: Record<string, number> = Object.fromEntries([
  ...MONTHS.map((m, i) => [m, i] as const),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [m, i] as const),
  ['sept', 8] as const,
]);
const MONTH_RE = `(${MONTH_NAME})`;
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, eighteen: 18, twenty: 20,
  thirty: 30, sixty: 60, ninety: 90, hundred: 100, couple: 2, few: 3,
};
const NUM_RE = '(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|eighteen|twenty|thirty|sixty|ninety|hundred|couple of|few)';
const UNIT_RE = '(hours?|hrs?|days?|d|weeks?|wks?|w|months?|mos?|m|quarters?|years?|yrs?|y)';
const PREP = '(?:(?:in|during|for|over|within|from|of|at|on|across)\\s+)?(?:the\\s+)?';

export const toNumber = (w: string): number => {
  const k = w.replace(/ of$/, '');
  return /^-?\d/.test(k) ? Number(k) : NUMBER_WORDS[k];
};
/** The count of "last N days" / "N days ago" as written, validated: a whole number of at least `min`. */
const countOf = (w: string, phrase: string, min: number): number => checkUnitCount(String(toNumber(w)), phrase, min);

// ---- UTC calendar helpers -------------------------------------------------
export { pairOf, twoUnitsOf, unitBefore, unitOfPeriod, unitsOfPeriod };
export { addMonths, startOfDay, startOfIsoWeek, startOfMonth, startOfQuarter, startOfYear };
const pad = (n: number): string => String(n).padStart(2, '0');
/** 'YYYY-MM-DD' of a UTC date. */
export const isoDate = (d: Date): string => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
/** 'YYYY-MM-DD HH:MM:SS' of a UTC time. */
export const isoDateTime = (d: Date): string => `${isoDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const monthLabel = (d: Date): string => `${MONTHS[d.getUTCMonth()][0].toUpperCase()}${MONTHS[d.getUTCMonth()].slice(1)} ${d.getUTCFullYear()}`;

function unitOf(u: string): Grain {
  if (/^h/.test(u)) return 'hour';
  if (/^d/.test(u)) return 'day';
  if (/^w/.test(u)) return 'week';
  if (/^q/.test(u)) return 'quarter';
  if (/^y/.test(u)) return 'year';
  return 'month';
}

/** The whole N units before the current one ("last 7 days", "last 2 weeks", "last month"). */
/** Words joining, comparing, excluding or splitting between two periods: with one between them, they are not one period. */
const JOINED = /\b(?:vs\.?|versus|against|compar\w*|minus|than|and|or|but|not|excluding|except|without|before|after|until|till|to|through|between|plus|then|difference|change[sd]?|growth|grew|delta|each|every|per)\b|[&+]/;
/** Words comparing anywhere in a question: two periods in it are compared, not one said twice. */
const COMPARED = /\b(?:vs\.?|versus|against|compar\w*|minus|than|difference|growth|grew|delta|side\s+by\s+side)\b/;

export function lastN(now: Date, n: number, unit: Grain): Period {
  const today = startOfDay(now);
  const plural = (s: string): string => (n === 1 ? s : `${n} ${s}s`);
  switch (unit) {
    case 'hour': return { from: new Date(now.getTime() - n * 3_600_000), to: now, toInclusive: true, label: `last ${plural('hour')}` };
    case 'day': return { from: addDays(today, -n), to: today, toInclusive: false, label: n === 1 ? 'yesterday' : `last ${n} days` };
    case 'week': { const w = startOfIsoWeek(now); return { from: addDays(w, -7 * n), to: w, toInclusive: false, label: `last ${plural('week')}` }; }
    case 'month': { const m = startOfMonth(now); return { from: addMonths(m, -n), to: m, toInclusive: false, label: `last ${plural('month')}` }; }
    case 'quarter': { const q = startOfQuarter(now); return { from: addMonths(q, -3 * n), to: q, toInclusive: false, label: `last ${plural('quarter')}` }; }
    case 'year': { const y = startOfYear(now); return { from: new Date(Date.UTC(y.getUTCFullYear() - n, 0, 1)), to: y, toInclusive: false, label: `last ${plural('year')}` }; }
  }
}

/** "full", "complete", "whole" before a unit of time: only whole units. */
const WHOLE_RE = 'full|complete|completed|whole|entire';
/**
 * "the last 3 full hours / weeks": N whole units ending where the current (partial) one starts. Days, weeks, months,
 * quarters and years of `lastN` are whole already; hours there end now, so whole hours end at the start of this hour.
 */
function lastWhole(now: Date, n: number, unit: Grain, whole: boolean): Period {
  const p = lastN(now, n, unit);
  if (!whole) return p;
  const to = unit === 'hour' ? thisUnit(now, 'hour').from : p.to;
  const from = unit === 'hour' ? new Date(to.getTime() - n * 3_600_000) : p.from;
  return { from, to, toInclusive: false, label: n === 1 ? `last full ${unit}` : `last ${n} full ${unit}s` };
}

/** From the start of the current unit to now ("this month", "month to date"). */
export function thisUnit(now: Date, unit: Grain): Period {
  const from = unit === 'hour' ? new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000)
    : unit === 'day' ? startOfDay(now) : unit === 'week' ? startOfIsoWeek(now) : unit === 'month' ? startOfMonth(now)
      : unit === 'quarter' ? startOfQuarter(now) : startOfYear(now);
  return { from, to: now, toInclusive: true, label: unit === 'day' ? 'today' : `this ${unit}` };
}

/** A named month: this year, or last year when it is still to come. */
export function namedMonth(now: Date, month: number, year?: number): Period {
  const y = year ?? (month > now.getUTCMonth() ? now.getUTCFullYear() - 1 : now.getUTCFullYear());
  const from = new Date(Date.UTC(y, month, 1));
  return { from, to: addMonths(from, 1), toInclusive: false, label: monthLabel(from) };
}

const dayPeriod = (d: Date, label: string): Period => ({ from: d, to: addDays(d, 1), toInclusive: false, label });

/**
 * Parses "2025-03-01", "march 1", "1 march 2025", "march 1, 2025" to a UTC day. A date that does not exist
 * (2026-02-30, 2026-13-01) or lies outside the dates the warehouse holds is refused in one line.
 */
function parseDate(written: string, now: Date): Date | undefined {
  // "the 16th of may", "may the 16th": the article before an ordinal day says nothing.
  const s = written.replace(/\bthe\s+/g, '');
  let m = /^(\d{4,})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return calendarDay(+m[1], +m[2], +m[3], s, now);
  m = new RegExp(`^${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`).exec(s);
  if (m) return calendarDay(m[3] ? +m[3] : now.getUTCFullYear(), MONTH_ABBR[m[1]] + 1, +m[2], s, now);
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4}))?$`).exec(s);
  if (m) return calendarDay(m[3] ? +m[3] : now.getUTCFullYear(), MONTH_ABBR[m[2]] + 1, +m[1], s, now);
  return undefined;
}
const DATE_RE = `(\\d{4,}-\\d{1,2}-\\d{1,2}(?![\\w:])|${MONTH_RE}\\s+(?:the\\s+)?\\d{1,2}(?!\\d)(?:st|nd|rd|th)?(?:,?\\s+\\d{4}(?!\\d))?|(?:the\\s+)?(?<!\\d)\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+\\d{4}(?!\\d))?)`;
/** A day written with an ordinal ("16th of may", "the 3rd of june 2025", "may 16th"): a date without "on" before it. */
const ORDINAL_DATE_RE = `((?:the\\s+)?(?<!\\d)\\d{1,2}(?:st|nd|rd|th)\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+\\d{4}(?!\\d))?|${MONTH_RE}\\s+(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)(?:,?\\s+\\d{4}(?!\\d))?)\\b`;
/** Words before a date without "on" that make its number something else ("top 3 june") or its day an end ("until june 3"). */
const BARE_DATE_BEFORE = String.raw`(?<!\b(?:until|till|through|thru|before|after|to|by|since|from|between|top|bottom|first|last|next|than|over|under|above|below|least|most|exactly|limit|within|past|every|per)\s+)(?<![\d-]\s*)(?<!\b(?:with|where|having|whose|of)\s+(?:a\s+|an\s+|the\s+)?[a-z_]+\s+(?:of\s+|=\s*|is\s+)?)`;
/** A date without "on" that starts a range ("june 3 to june 10") is left to the range rules. */
const BARE_DATE_AFTER = String.raw`(?!\s*(?:to|until|till|through|thru|-)\s)`;
/** "on the 3rd": that day of this month, or of the month before when this month has not reached it yet. */
function dayOfRecentMonth(day: number, written: string, now: Date): Period {
  const back = day > now.getUTCDate() ? 1 : 0;
  const first = addMonths(startOfMonth(now), -back);
  const d = calendarDay(first.getUTCFullYear(), first.getUTCMonth() + 1, day, written, now);
  return dayPeriod(d, isoDate(d));
}

type Rule = { re: RegExp; make: (m: RegExpExecArray, now: Date) => Period | undefined; dayOfMonth?: boolean };

const RULES: Rule[] = [
  // "the first week of June", "last week of May 2025": seven days of a named month (week-of-month.ts).
  { re: WEEK_OF_MONTH_RE, make: (m, now) => weekOfMonth(m, (name, year) => namedMonth(now, MONTH_ABBR[name], year ? checkYear(year, m[0], now) : undefined)) },
  // "from April to May", "between March and June 2025": whole months, in calendar order.
  { re: new RegExp(`\\b(?:between|from)\\s+(?:the\\s+start\\s+of\\s+)?${MONTH_RE}(?:\\s+(\\d{4}))?\\s+(?:and|to|until|till|through|-)\\s+(?:the\\s+end\\s+of\\s+)?${MONTH_RE}(?:\\s+(\\d{4}))?\\b`), make: (m, now) => {
    // "from january to march 2024": the first month takes the last one's year (the year before when it comes later).
    const yb = m[4] ? checkYear(m[4], m[0], now) : undefined;
    const a = namedMonth(now, MONTH_ABBR[m[1]], m[2] ? checkYear(m[2], m[0], now) : yb === undefined ? undefined : MONTH_ABBR[m[1]] <= MONTH_ABBR[m[3]] ? yb : yb - 1);
    const b = namedMonth(now, MONTH_ABBR[m[3]], yb ?? (m[2] ? a.from.getUTCFullYear() : undefined));
    const [x, y] = a.from.getTime() <= b.from.getTime() ? [a, b] : [b, a];
    return { from: x.from, to: y.to, toInclusive: false, label: `${x.label} to ${y.label}` };
  } },
  // "from 1 to 15 June 2025", "between the 1st and the 15th of june", "june 1-15", "from june 1 to 15": days of one month.
  { re: new RegExp(`\\b(?:(?:between|from)\\s+)?(?:the\\s+)?(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:and|to|until|till|through|-)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4})(?!\\d))?`
    + `|\\b(?:(?:between|from)\\s+)?${MONTH_RE}\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:and|to|until|till|through|-)\\s*(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?!\\s*(?:st|nd|rd|th)?\\s*(?:of\\s+)?${MONTH_RE})(?:,?\\s+(\\d{4})(?!\\d))?(?![\\w-])`), make: (m, now) => {
    // (m[8] is the month of the lookahead after the second day: it never matches.)
    const [d1, d2, mon, yr] = m[1] ? [m[1], m[2], m[3], m[4]] : [m[6], m[7], m[5], m[9]];
    const y = yr ? checkYear(yr, m[0], now) : now.getUTCFullYear();
    const x = calendarDay(y, MONTH_ABBR[mon] + 1, +d1, m[0].trim(), now), z = calendarDay(y, MONTH_ABBR[mon] + 1, +d2, m[0].trim(), now);
    const [a, b] = x.getTime() <= z.getTime() ? [x, z] : [z, x];
    return { from: a, to: addDays(b, 1), toInclusive: false, label: `${isoDate(a)} to ${isoDate(b)}` };
  } },
  { re: new RegExp(`\\b(?:between|from)\\s+${DATE_RE}\\s+(?:and|to|until|till|through|-)\\s+${DATE_RE}`), make: (m, now) => {
    const [x, y] = yearOfOtherEnd(m[1], m[4], (d) => parseDate(d, now));
    if (!x || !y) return undefined;
    // A range written backwards ("between 2026-05-01 and 2026-01-01") is read in calendar order.
    const [a, b] = x.getTime() <= y.getTime() ? [x, y] : [y, x];
    return { from: a, to: addDays(b, 1), toInclusive: false, label: `${isoDate(a)} to ${isoDate(b)}` };
  } },
  // "same for June 10 to June 19", "for 2025-06-01 - 2025-06-07": a range of two dates with no "from" / "between" ("and"
  // alone could join two days compared, so only "to" / "until" / "through" / "-" here).
  { re: new RegExp(`(?:\\b(?:for|over|during|in|on)\\s+|^\\s*|(?<=\\b(?:same|now|and|but|what\\s+about|how\\s+about)\\s+))${DATE_RE}\\s+(?:to|until|till|through|thru|-)\\s+${DATE_RE}`), make: (m, now) => {
    const [x, y] = yearOfOtherEnd(m[1], m[4], (d) => parseDate(d, now));
    if (!x || !y) return undefined;
    const [a, b] = x.getTime() <= y.getTime() ? [x, y] : [y, x];
    return { from: a, to: addDays(b, 1), toInclusive: false, label: `${isoDate(a)} to ${isoDate(b)}` };
  } },
  { re: new RegExp(`\\b(?:since|after|starting|from)\\s+${DATE_RE}`), make: (m, now) => {
    const a = parseDate(m[1], now);
    return a ? { from: a, to: now, toInclusive: true, label: `since ${isoDate(a)}` } : undefined;
  } },
  { re: /\b(?:since|from)\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(week|month|quarter|year)\b/, make: (m, now) => thisUnit(now, m[1] as Grain) },
  { re: new RegExp(`\\b(?:since|starting in|from)\\s+(?:the\\s+(?:start|beginning)\\s+of\\s+)?${MONTH_RE}(?:\\s+(\\d{4}))?\\b`), make: (m, now) => {
    const p = namedMonth(now, MONTH_ABBR[m[1]], m[2] ? checkYear(m[2], m[0], now) : undefined);
    return { from: p.from, to: now, toInclusive: true, label: `since ${p.label}` };
  } },
  // "H2 2024", "the second half of 2024", "the first half of this year": January to June, or July to December.
  { re: /\b(?:(?:in|during|for|of|over)\s+)?(?:the\s+)?(?:h([12])|(first|second|1st|2nd)\s+half)(?:\s+(?:of\s+)?(?:(\d{4,})|(this|the\s+current|current)\s+year|(last|previous|prior|the\s+previous|the\s+prior)\s+year))?\b/, make: (m, now) => {
    const h = m[1] ? +m[1] - 1 : /^(?:first|1st)$/.test(m[2]) ? 0 : 1;
    let y = m[3] ? checkYear(m[3], m[0], now) : now.getUTCFullYear() - (m[5] ? 1 : 0);
    if (!m[3] && !m[4] && !m[5] && h * 6 > now.getUTCMonth()) y -= 1;
    const from = new Date(Date.UTC(y, h * 6, 1));
    return { from, to: addMonths(from, 6), toInclusive: false, label: `H${h + 1} ${y}` };
  } },
  // "Q1 this year", "q3 of last year", "the first quarter of last year": a quarter of a year named relative to now.
  { re: /\b(?:(?:in|during|for|of)\s+)?(?:the\s+)?(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\s+(?:of\s+)?(?:(this|the\s+current|current)|(last|previous|prior|the\s+previous|the\s+prior))\s+year\b/, make: (m, now) => {
    const q = m[1] ? +m[1] - 1 : ['first', 'second', 'third', 'fourth', '1st', '2nd', '3rd', '4th'].indexOf(m[2]) % 4;
    const y = now.getUTCFullYear() - (m[4] ? 1 : 0);
    const from = new Date(Date.UTC(y, q * 3, 1));
    return { from, to: addMonths(from, 3), toInclusive: false, label: `Q${q + 1} ${y}` };
  } },
  // "the week before last": the whole unit before the last one.
  { re: /\b(?:(?:in|during|for|over|within|of|from)\s+)?(?:the\s+)?(week|month|quarter|year)\s+before\s+last\b/, make: (m, now) => {
    const u = m[1] as Grain; const two = lastN(now, 2, u), one = lastN(now, 1, u);
    return { from: two.from, to: one.from, toInclusive: false, label: `the ${u} before last` };
  } },
  // "the last 4 full / complete / whole weeks": N whole units ending before the current (partial) one, as "last N weeks" is.
  { re: new RegExp(`\\b${PREP}(?:last|past|previous|prior|trailing|recent|preceding)\\s+${NUM_RE}\\s*(?:(${WHOLE_RE})\\s+)?${UNIT_RE}\\b`), make: (m, now) => lastWhole(now, countOf(m[1], m[0], 1), unitOf(m[3]), !!m[2]) },
  { re: new RegExp(`\\b(?<![-.])${PREP}${NUM_RE}\\s+${UNIT_RE}\\s+(?:ago|back)\\b`), make: (m, now) => {
    const n = countOf(m[1], m[0], 0); const u = unitOf(m[2]);
    if (u === 'day') return dayPeriod(addDays(startOfDay(now), -n), `${n} days ago`);
    return undefined;
  } },
  { re: new RegExp(`\\b(?:(?:in|during|for|over|within|of|from)\\s+)?(?:the\\s+)?(?:last|past|previous|prior|preceding|latest|(?:most\\s+)?recent)\\s+(?:(${WHOLE_RE})\\s+)?(hour|day|week|month|quarter|year)\\b`), make: (m, now) => lastWhole(now, 1, m[2] as Grain, !!m[1]) },
  { re: /\b(?:(?:in|during|for|over|from|of)\s+)?(?:the\s+)?day\s+before\s+yesterday\b/, make: (_m, now) => dayPeriod(addDays(startOfDay(now), -2), 'the day before yesterday') },
  { re: /\b(?:(?:in|during|for|from|of|on)\s+)?yesterday'?s?\b/, make: (_m, now) => dayPeriod(addDays(startOfDay(now), -1), 'yesterday') },
  { re: /\b(?:(?:so far|in|during|for|from|of)\s+)?today'?s?(?:\s+so\s+far)?\b/, make: (_m, now) => thisUnit(now, 'day') },
  { re: /\b(?:(?:so far|in|during|for|from|of)\s+)?(?:this|the current|current)\s+(week|month|quarter|year)(?:\s+(?:so far|to date))?\b/, make: (m, now) => thisUnit(now, m[1] as Grain) },
  { re: /\b(?:(?:in|during|for|from|of)\s+)?(?:the\s+)?(week|month|quarter|year)[\s-]+to[\s-]+date\b/, make: (m, now) => thisUnit(now, m[1] as Grain) },
  { re: /\b(wtd|mtd|qtd|ytd)\b/, make: (m, now) => thisUnit(now, ({ w: 'week', m: 'month', q: 'quarter', y: 'year' } as const)[m[1][0] as 'w' | 'm' | 'q' | 'y']) },
  { re: /\b(?:(?:in|during|for|of)\s+)?(?:the\s+)?q([1-4])(?:\s+(?:of\s+)?(\d{4,}))?\b/, make: (m, now) => {
    const q = +m[1] - 1;
    let y = m[2] ? checkYear(m[2], m[0], now) : now.getUTCFullYear();
    if (!m[2] && q * 3 > now.getUTCMonth()) y -= 1;
    const from = new Date(Date.UTC(y, q * 3, 1));
    return { from, to: addMonths(from, 3), toInclusive: false, label: `Q${q + 1} ${y}` };
  } },
  { re: new RegExp(`\\b(?:on|for)\\s+${DATE_RE}`), make: (m, now) => { const d = parseDate(m[1], now); return d ? dayPeriod(d, isoDate(d)) : undefined; } },
  { re: new RegExp(`\\b${ORDINAL_DATE_RE}`), make: (m, now) => { const d = parseDate(m[1], now); return d ? dayPeriod(d, isoDate(d)) : undefined; } },
  // "signups June 3", "revenue 3 June", "orders May 16 2025": a date with no "on" (not a count's number: "top 3 june").
  { re: new RegExp(`${BARE_DATE_BEFORE}\\b${DATE_RE}${BARE_DATE_AFTER}`), make: (m, now) => { const d = parseDate(m[1], now); return d ? dayPeriod(d, isoDate(d)) : undefined; } },
  { re: new RegExp(`\\b(?:on|for|about)\\s+the\\s+(\\d{1,2})(?:st|nd|rd|th)(?=\\s*(?:$|[?.!,;)]|(?:and|or|vs\\.?|versus|compared|by|per|split|broken|grouped|please|pls)\\b))`), make: (m, now) => dayOfRecentMonth(+m[1], m[0], now), dayOfMonth: true },
  { re: /\b(\d{4,}-\d{1,2}-\d{1,2})\b/, make: (m, now) => { const d = parseDate(m[1], now); return d ? dayPeriod(d, isoDate(d)) : undefined; } },
  { re: new RegExp(`\\b(?:(?:in|during|for|of|from)\\s+)?(?:the\\s+month\\s+of\\s+)?${MONTH_RE}(?:,?\\s+(\\d{4,}))\\b`), make: (m, now) => namedMonth(now, MONTH_ABBR[m[1]], checkYear(m[2], m[0], now)) },
  { re: new RegExp(`\\b(?:in|during|for|of|from)\\s+(?:the\\s+month\\s+of\\s+)?${MONTH_RE}\\b`), make: (m, now) => namedMonth(now, MONTH_ABBR[m[1]]) },
  { re: /\b(january|february|march|april|june|july|august|september|october|november|december)\b/, make: (m, now) => namedMonth(now, MONTH_ABBR[m[1]]) },
  // "and May?", "May vs April": the month May only where the verb cannot be (at the end, before a comparison word).
  { re: /\b(may)(?=\s*(?:$|[?.!,;)]|(?:vs\.?|versus|compared|against)\b))/, make: (m, now) => namedMonth(now, MONTH_ABBR[m[1]]) },
  // A year after in / during / year ("in 2024"; "in 1850" and "in 12345" to be refused), not an amount ("in 2000 usd");
  // "calendar 2024", and "only 2024" after an answer (a year of this century, not a row count).
  { re: /\b(?:(?:in|during|for|of|from)\s+(?:the\s+)?(?:calendar\s+)?(?:year\s+)?|(?:calendar\s+)?year\s+|calendar\s+|(?:only|just)\s+(?=(?:19|20)\d\d\b))(1[89]\d{2}|2\d{3}|\d{5,})\b(?!\s*(?:usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|percent)\b)/, make: (m, now) => {
    const y = checkYear(m[1], m[0], now);
    return { from: new Date(Date.UTC(y, 0, 1)), to: new Date(Date.UTC(y + 1, 0, 1)), toInclusive: false, label: String(y) };
  } },
];

const CMP_WORDS = '(?:vs\\.?|versus|compared\\s+(?:to|with)|against|and)';
const PAIR_RE = new RegExp(`\\b(?:(?:this|the\\s+current|current)\\s+(week|month|quarter|year)|today)\\s+${CMP_WORDS}\\s+(?:the\\s+)?(?:(last|previous|prior)\\s+(week|month|quarter|year)|yesterday)\\b|\\b(?:(?:last|previous|prior)\\s+(week|month|quarter|year)|yesterday)\\s+${CMP_WORDS}\\s+(?:(?:this|the\\s+current|current)\\s+(week|month|quarter|year)|today)\\b`);
const FUTURE_RE = /\b(tomorrow|next\s+(?:week|month|year|quarter|day|\d+\s+days?)|forecast|predict(?:ion|ed)?|will\s+be|in\s+the\s+future)\b/;

const GRAIN_WORDS: Array<[RegExp, Grain]> = [
  [/\b(?:hourly|per\s+hour|by\s+(?:the\s+)?hour|each\s+hour|every\s+hour|an\s+hour|hour\s+by\s+hour)\b(?!\s+of\b)/, 'hour'],
  [/\b(?:daily|per\s+day|by\s+(?:the\s+)?day|each\s+day|every\s+day|a\s+day|by\s+date|per\s+date|day\s+by\s+day|day-by-day|day\s+over\s+day|dod)\b(?!\s+of\b)/, 'day'],
  [/\b(?:weekly|per\s+week|by\s+(?:the\s+)?week|each\s+week|every\s+week|a\s+week|week\s+by\s+week|week\s+over\s+week|wow)\b(?!\s+of\b)/, 'week'],
  [/\b(?:monthly|per\s+month|by\s+(?:the\s+)?month|each\s+month|every\s+month|a\s+month|month\s+by\s+month|month\s+over\s+month|mom)\b(?!\s+of\b)/, 'month'],
  [/\b(?:quarterly|per\s+quarter|by\s+(?:the\s+)?quarter|each\s+quarter|every\s+quarter)\b/, 'quarter'],
  [/\b(?:yearly|annually|annual|per\s+year|by\s+(?:the\s+)?year|each\s+year|every\s+year|year\s+over\s+year|yoy)\b(?!\s+of\b)/, 'year'],
];
const AUTO_GRAIN_RE = /\b(?:over\s+time|trend(?:s|ing)?|time\s*series|timeline|evolution|history|historically|progression|changed|evolved)\b/;

const blank = (s: string, m: RegExpExecArray): string => s.slice(0, m.index) + ' '.repeat(m[0].length) + s.slice(m.index + m[0].length);

/** What "compare … to / with" may name of the previous answer: "compare it / that / these numbers with the month before". */
const COMPARED_THING = String.raw`(?:(?:it|that|this|them|(?:(?:the|those|these)\s+)?(?:figures?|numbers?|results?|answers?|totals?)|those|these)\s+)?`;

/** Finds the period and granularity in lowercased text; returns the text with them blanked. */
export function extractTime(text: string, now: Date, opts: { change?: boolean } = {}): TimeExtraction {
  let rest = text;
  const out: TimeExtraction = { rest };
  const fut = FUTURE_RE.exec(rest);
  if (fut) out.future = fut[1];
  // Times of day are not read: "2025-03-01T10:00:00Z" or "2025-03-01 10:00" is refused rather than cut to its day.
  // (Colons are already spaces here: "10:00" reads "10 00".)
  const dateTime = /(?<![\w.])(-?\d+-\d+-\d+)(?:t\d|\s+\d{1,2}\s+\d{2}(?!\d))/.exec(rest);
  if (dateTime) throw new DatalabsError('BAD_INPUT', `I could not read the time after ${quote(dateTime[1])}: I read whole days written as YYYY-MM-DD (${dateRangeText(now)}), not times of day.`);
  // "2024 vs 2025": two years compared, each read as "in <year>".
  rest = rest.replace(/(?<![\w.$-])(1[89]\d{2}|2\d{3})(\s+(?:vs\.?|versus|compared\s+(?:to|with)|against)\s+)(?:in\s+)?(1[89]\d{2}|2\d{3})(?![\w.])(?!\s*(?:usd|dollars?|bucks|items?|units?|pieces?|ms|milliseconds?|seconds?|secs?|percent)\b)/, ' in $1$2in $3');
  // "signups for each of the last 3 full months": a row per unit of the period, as "per month" is.
  const eachOf = new RegExp(`\\beach\\s+of\\s+(?=(?:the\\s+)?(?:last|past|previous|prior|trailing|recent|preceding)\\s+${NUM_RE}\\s*(?:(?:${WHOLE_RE})\\s+)?${UNIT_RE}\\b)`).exec(rest);
  const eachGrain = eachOf ? unitOf(eachOf[2]) : undefined;
  if (eachOf) rest = blank(rest, eachOf);
  const pairMatch = PAIR_RE.exec(rest);
  const pair = pairMatch && (pairMatch[1] ?? pairMatch[5]) === (pairMatch[3] ?? pairMatch[4]) ? pairMatch : null;
  if (pair) {
    // "this week vs last week": both periods, one row per unit.
    const unit = (pair[1] ?? pair[5] ?? 'day') as Grain;
    // The running unit is partial: the label says so plainly (the earlier unit is whole; "to date" compares like with like).
    out.period = { from: lastN(now, 1, unit).from, to: now, toInclusive: true, label: unit === 'day' ? 'yesterday (whole) and today so far' : `last ${unit} (whole) and this ${unit} to date` };
    out.grain = unit;
    out.comparison = true;
    rest = blank(rest, pair);
  }
  // "yesterday against the previous day": a relative phrase after a comparison word is the second period, read after the first.
  const relAfter = out.period ? null : /(?:^|\s)(?:with|to|and|vs\.?|versus|against|than)\s+(?:the\s+)?(?:(?:day|week|month|quarter|year)\s+before(?!\s+(?:last|yesterday))|(?:previous|prior|preceding)\s+(?:day|week|month|quarter|year))\b/.exec(rest);
  // "yesterday vs the same day last week", "this month vs the same month last year": the first period and the one a
  // larger unit before it, compared; only those two are read, not the time between them.
  const sameAs = out.period ? null : new RegExp(String.raw`(?:^|\s)(?:vs\.?|versus|compared?\s+${COMPARED_THING}(?:to|with)|against|and)\s+${SAME_BEFORE}`).exec(rest);
  if (sameAs) rest = blank(rest, sameAs);
  // "and on the same weekday one week earlier?" after "DAU yesterday": that day a week back, alone (no comparison word).
  const sameOn = out.period || sameAs ? null : new RegExp(String.raw`(?:^|\s)(?:on|for|in|during|about)\s+${SAME_BEFORE}`).exec(rest);
  if (sameOn) rest = blank(rest, sameOn);
  // "from january 1 through march 31 this year": the year after a range without one is the year of its dates.
  if (!out.period) rest = withRangeYear(rest, now, RULES.slice(1, 4).map((r) => r.re));
  // "Q1 vs Q2 revenue this year": one year named for two quarters or months compared is each one's.
  if (!out.period) rest = withComparedYear(rest, now);
  const masked = relAfter ? blank(rest, relAfter) : rest;
  for (const rule of out.period ? [] : RULES) {
    const m = rule.re.exec(masked);
    if (!m) continue;
    const made = rule.make(m, now);
    if (!made) continue;
    // "in 2025 so far", "2025 to date": the named year up to now.
    const soFar = /\b(?:so\s+far|to\s+date|ytd)\s*$/.test(m[0]) || /^\s*(?:so\s+far|to\s+date|ytd)\b/.test(masked.slice(m.index + m[0].length));
    // "signed up before March 2025", "orders after May 2025": every time before the period starts, or after it ends.
    // Not "the month before last month" (a unit before another, read by its own rules).
    const side = /(?<!\b(?:day|week|month|quarter|year|days|weeks|months|quarters|years|one|\d+)\s+)\b(before|prior\s+to|earlier\s+than|after|later\s+than)\s+(?:the\s+(?:start|end)\s+of\s+)?$/i.exec(masked.slice(0, m.index));
    let p = soFar && /^\d{4}$/.test(made.label) && made.from.getTime() <= now.getTime() && made.to.getTime() > now.getTime() ? { ...made, to: now, toInclusive: true } : endsNow(made, now);
    // A fragment that begins with it and a unit relative to now ("before last month" cut from "the month before last
    // month") is another phrase's tail.
    if (side && (masked.slice(0, side.index).trim() || !/^(?:last|this|previous|prior|the|current)\b/i.test(m[0].trim())) && !/^(?:since|after|from|starting|between|before|until|till|through|to)\b/i.test(m[0].trim())) {
      const after = /^(?:after|later)/i.test(side[1]);
      p = after ? { from: made.to, to: now, toInclusive: true, label: `after ${made.label}` } : { from: new Date(Date.UTC(1970, 0, 1)), to: made.from, toInclusive: false, label: `before ${made.label}` };
      if (after && made.to.getTime() >= now.getTime()) continue;
      rest = rest.slice(0, side.index) + ' '.repeat(side[0].length) + rest.slice(side.index + side[0].length);
    }
    checkPeriod(p, m[0], now);
    out.period = p;
    if (rule.dayOfMonth) out.dayOfMonth = +m[1];
    rest = blank(rest, m);
    if (sameAs) {
      const unit = sameAs[1] as Grain;
      const both = samePeriodBefore(p, unit, (sameAs[2] ?? sameAs[3]) as Grain, unitsOfPeriod);
      if (!both) { out.secondPeriod = sameAs[0].trim(); break; }
      out.period = both.period;
      out.parts = both.parts;
      out.grain = unit;
      out.comparison = true;
      break;
    }
    const two = opts.change ? twoUnitsOf(p) : undefined;
    if (two) { out.grain = two; out.comparison = true; break; }
    let second = secondPeriodOf(rest, p, now);
    // "from Q3 2024 to Q1 2025", "Q3 2024 through Q1 2025": two named periods joined by a range word are one range.
    // Two adjacent units ("from the week before last to last week") are a change between them, read below.
    // "June 2025 through yesterday", "this month up to and including yesterday": a period, then a day within it after a
    // range word, runs from the period's start to the end of that day.
    if (second && !pairOf(p, second.p)) {
      const [a, am, b, bm] = second.m.index > m.index ? [p, m, second.p, second.m] : [second.p, second.m, p, m];
      const joined = rest.slice(am.index + am[0].length, bm.index) + bm[0];
      if (/^[\s,]*(?:to|through|thru|until|till|-|–)(?=\s|\d|[a-z])/.test(joined) && b.from.getTime() > a.from.getTime() && (b.to.getTime() > a.to.getTime() || /^(?:yesterday|today)$/.test(b.label))) {
        out.period = { from: a.from, to: b.to, toInclusive: b.toInclusive, label: `${a.label.replace(/^since\s+/, '')} to ${b.label}` };
        rest = blank(rest, second.m);
        second = undefined;
      }
    }
    // "in June 2025? Count only 1-29 June", "Q2 2025 (1 Apr to 29 Jun)", "Jan-May 2025 … since 1 January": one period said
    // again more narrowly (one lies within the other, nothing compared, excluded or added between them) is the narrower.
    if (second && !opts.change && !pairOf(p, second.p)) {
      const within = (x: Period, y: Period): boolean => x.from.getTime() >= y.from.getTime() && endsNow(x, now).to.getTime() <= endsNow(y, now).to.getTime();
      const [am, bm] = second.m.index > m.index ? [m, second.m] : [second.m, m];
      const between = rest.slice(am.index + am[0].length, bm.index) + ' ' + second.m[0];
      const same = second.p.from.getTime() === p.from.getTime() && endsNow(second.p, now).to.getTime() === endsNow(p, now).to.getTime();
      // A span said "between X and Y" is a whole period of its own (as a rule's schedule writes it): never narrowed to.
      const narrower = same || /^\s*between\b/.test(m[0]) || /^\s*between\b/.test(second.m[0]) ? undefined : within(second.p, p) ? second.p : within(p, second.p) ? p : undefined;
      if (narrower && !JOINED.test(between) && !COMPARED.test(rest)) {
        out.period = narrower;
        rest = blank(rest, second.m);
        second = undefined;
      }
    }
    // "the second half of 2024, July through December": the same period said again is read once.
    const range = /\b(?:through|thru|to|until|till)\b|[-–]/;
    // "April 2025 revenue by category, with each category's share of April's total": the same period named again after
    // "of", with nothing compared, is read once.
    const again = second && second.p.from.getTime() === p.from.getTime() && endsNow(second.p, now).to.getTime() === p.to.getTime() && !/\b(?:vs\.?|versus|against|compared?|minus|and|or|to|with|than)\b/.test(second.m[0])
      && (/^\s*of\s/.test(second.m[0]) || /\bof\s*$/.test(rest.slice(0, second.m.index)))
      && !/\b(?:vs\.?|versus|against|compar\w*|minus|than|side\s+by\s+side|between|difference|change[sd]?|growth|grew|delta)\b/.test(rest);
    // "looking at last month's cohort. signups by plan last month?": the same period said twice, words of their own
    // between them and nothing joined or compared between or around them, is one period.
    const [firstAt, secondAt] = second ? (second.m.index > m.index ? [m, second.m] : [second.m, m]) : [m, m];
    const gap = second ? rest.slice(firstAt.index + firstAt[0].length, secondAt.index) : '';
    const twice = second && second.p.from.getTime() === p.from.getTime() && endsNow(second.p, now).to.getTime() === endsNow(p, now).to.getTime() && !opts.change
      // Words of their own between them, or nothing but a new sentence or a bracket ("and yesterday? (yesterday only)").
      && (gap.trim().split(/\s+/).filter(Boolean).length >= 2 || /^\s*(?:=|i\.?e\.?|aka)\s*$/.test(gap))
      && !JOINED.test(gap) && !/\bsame\b/.test(gap) && !COMPARED.test(rest);
    if (second && (again || twice || ((range.test(second.m[0]) || range.test(m[0])) && !/\b(?:vs\.?|versus|against|compared?|minus|and|or)\b/.test(second.m[0]) && second.p.from.getTime() === p.from.getTime() && endsNow(second.p, now).to.getTime() === p.to.getTime()))) { rest = blank(rest, second.m); second = undefined; }
    if (second) {
      rest = blank(rest, second.m);
      checkPeriod(second.p, second.m[0], now);
      const pair = pairOf(p, second.p);
      const apart = pair ? undefined : twoPeriodsApart(p, second.p, { unitsOfPeriod, unitOfPeriod });
      if (pair) { out.period = pair.period; out.grain = pair.grain; out.comparison = true; rest = rest.replace(/\b(?:vs\.?|versus|against|compared?\s+(?:to|with)|comparing|compare)(?!\w)/g, ' '); }
      else if (second.blocks) {
        // "the last 10 days versus the 10 days before that": both spans, a row each.
        out.period = { from: second.p.from, to: p.to, toInclusive: p.toInclusive, label: `${p.label} vs the ${second.m[0].trim().replace(/^(?:vs\.?|versus|against|compared?\s+(?:to|with))\s+/, '').replace(/^the\s+/, '')}` };
        out.parts = [second.p, p];
        out.blocks = true;
        rest = rest.replace(/\b(?:vs\.?|versus|against|compared?\s+(?:to|with)|comparing|compare)(?!\w)/g, ' ');
      }
      else if (apart) {
        // "Q1 2025 vs Q1 2024", "june 2025 vs june 2024": one unit and the same unit a year before, only those two read.
        Object.assign(out, apart);
        out.comparison = true;
        rest = rest.replace(/\b(?:vs\.?|versus|against|compared?\s+(?:to|with)|comparing|compare)(?!\w)/g, ' ');
      } else out.secondPeriod = second.m[0].trim();
    }
    // "vs last month", "compared to May": a period only compared against (the other one is the previous answer's).
    const cmpBefore = new RegExp(String.raw`(?:^|\s)(?:vs\.?|versus|compared\s+(?:to|with)|compare(?:d)?\s+${COMPARED_THING}(?:to|with)|against)\s+$`).exec(rest.slice(0, m.index));
    if (!second && cmpBefore) { out.comparedTo = true; rest = rest.slice(0, cmpBefore.index) + ' '.repeat(cmpBefore[0].length) + rest.slice(m.index); }
    break;
  }
  // "compare with the same day the week before" with no period of its own: the previous answer's period and that one.
  if (!out.period && sameAs) out.sameBefore = { unit: sameAs[1] as Grain, back: (sameAs[2] ?? sameAs[3]) as Grain };
  if (!out.period && sameOn) out.sameBefore = { unit: sameOn[1] as Grain, back: (sameOn[2] ?? sameOn[3]) as Grain, alone: true };
  // "compared to the week before" with no period of its own: the unit before the previous answer's period.
  if (!out.period) {
    const rel = new RegExp(String.raw`(?:^|\s)(?:vs\.?|versus|compared?\s+${COMPARED_THING}(?:to|with)|against)\s+(?:the\s+)?(?:(day|week|month|quarter|year)\s+before(?!\s+(?:last|yesterday))|(?:previous|prior|preceding)\s+(day|week|month|quarter|year))\b`).exec(rest);
    if (rel) { out.comparedToBefore = (rel[1] ?? rel[2]) as Grain; rest = blank(rest, rel); }
  }
  // "same for the week before", "and the 10 days before that": with no comparison word, the period before the previous one.
  // "and a week earlier?", "3 days earlier": the previous period itself, moved back by that much (its length kept).
  if (!out.period && !out.comparedToBefore) {
    const moved = /\b(a|an|one|\d{1,3})\s+(day|week|month|quarter|year)s?\s+earlier\b/.exec(rest);
    const n = moved ? (/^\d/.test(moved[1]) ? Number(moved[1]) : 1) : 0;
    if (moved && n >= 1) { out.before = { n, unit: moved[2] as Grain, shift: true }; rest = blank(rest, moved); }
  }
  if (!out.period && !out.comparedToBefore && !out.before) {
    const shift = /\b(?:(?:for|in|during|over|of)\s+)?(?:the\s+)?(?:(\d{1,3})\s+)?(day|week|month|quarter|year)s?\s+before(?!\s+(?:last|yesterday))(?:\s+(?:that|it|this|then))?\b/.exec(rest);
    if (shift && (!shift[1] || Number(shift[1]) >= 1)) { out.before = { n: shift[1] ? Number(shift[1]) : 1, unit: shift[2] as Grain }; rest = blank(rest, shift); }
  }
  // A date-like token no rule could read ("12345-01-01", "2025-03-01t10:00", "99-1-1") is refused, never silently dropped.
  const odd = /(?<![\w.])-?\d+-\d+-\d+(?:t[\w:.+-]*)?/.exec(rest);
  if (odd) throw new DatalabsError('BAD_INPUT', `I could not read the date ${quote(odd[0])}: write dates as YYYY-MM-DD, ${dateRangeText(now)}.`);
  for (const [re, grain] of GRAIN_WORDS) {
    const m = re.exec(rest);
    if (m) { if (!pair) out.grain = grain; rest = blank(rest, m); break; }
  }
  if (eachGrain && !out.grain) out.grain = eachGrain;
  const auto = AUTO_GRAIN_RE.exec(rest);
  if (auto) {
    if (!out.grain) out.autoGrain = true;
    rest = blank(rest, auto);
  }
  // A named day or month that has not started yet is the future. A named month, quarter or year that is still
  // running stays whole ("in June" is that month, as the time table says; "this month" is the one that ends now).
  if (out.period && out.period.from.getTime() > now.getTime()) out.future ??= out.period.label;

  out.rest = rest;
  return out;
}

/**
 * A running month or quarter named by its name ends now: no row can be later than now ("in June" on June 30 is June so
 * far). A year named by its number ("in 2025", "for 2025") is the calendar year as written — toYear(t) = 2025, as
 * analysts write it; "2025 so far" / "this year" end now. Dates written out are kept as written; a period not yet
 * started is left to be refused as the future.
 */
function endsNow(p: Period, now: Date): Period {
  if (p.to.getTime() <= now.getTime() || p.from.getTime() > now.getTime() || !/^(?:[A-Z][a-z]+ \d{4}|Q[1-4] \d{4})$/.test(p.label)) return p;
  return { ...p, to: now, toInclusive: true };
}

/**
 * A second period in the text left after the first: any period phrase, "the week before" / "the previous month" (the
 * unit before the first period), or a bare month name after a comparison word ("compared to May").
 */
function secondPeriodOf(rest: string, first: Period, now: Date): { m: RegExpExecArray; p: Period; blocks?: boolean } | undefined {
  // "vs the previous 10 days", "versus the 10 days before that" (same-period-before.ts).
  const span = spanBefore(rest, first, now, unitsOfPeriod, unitBefore);
  if (span) return { ...span, blocks: true };
  const rel = /\b(?:(?:with|to|and|vs\.?|versus|against|from|than)\s+)?(?:the\s+)?(?:(day|week|month|quarter|year)\s+before(?!\s+(?:last|yesterday))|(?:previous|prior|preceding)\s+(day|week|month|quarter|year))\b/.exec(rest);
  if (rel) {
    const u = (rel[1] ?? rel[2]) as Grain;
    return { m: rel, p: unitBefore(first, u) };
  }
  // "june 9 and june 10", "may 3 vs may 4": a second day after a comparison word, before a bare month name.
  const day = new RegExp(`\\b(?:vs\\.?|versus|compared?\\s+(?:to|with)|against|with|to|and|than)\\s+(?:on\\s+)?${DATE_RE}`).exec(rest);
  const dayDate = day ? parseDate(day[1], now) : undefined;
  if (day && dayDate) return { m: day, p: endsNow(dayPeriod(dayDate, isoDate(dayDate)), now) };
  for (const other of RULES) {
    const m2 = other.re.exec(rest);
    const p2 = m2 ? other.make(m2, now) : undefined;
    if (m2 && p2) return { m: m2, p: endsNow(p2, now) };
  }
  const month = new RegExp(`\\b(?:vs\\.?|versus|compared?\\s+(?:to|with)|against|with|to|and|than)\\s+(?:in\\s+)?${MONTH_RE}\\b(?:\\s+(\\d{4}))?`).exec(rest);
  if (month) return { m: month, p: endsNow(namedMonth(now, MONTH_ABBR[month[1]], month[2] ? checkYear(month[2], month[0], now) : undefined), now) };
  return undefined;
}

/** The granularity for "over time" given the period (or the whole table). */
export function autoGrainFor(period: Period | undefined): Grain {
  if (!period) return 'month';
  const days = (period.to.getTime() - period.from.getTime()) / DAY_MS;
  if (days <= 2) return 'hour';
  if (days <= 93) return 'day';
  return days <= 370 ? 'week' : 'month';
}
