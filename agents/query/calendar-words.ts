/**
 * The calendar's words and one helper, imported by every module that reads dates (time-phrases.ts and the modules
 * it builds on: range-year.ts, week-of-month.ts, same-period-before.ts, words.ts). A leaf module: it imports
 * nothing, so those modules can build their patterns at load time without importing each other.
 */
import type { Grain } from './time-phrases.ts';

export const DAY_MS = 86_400_000;

/** Month names, January first. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month's name or its abbreviation, as a pattern without a group of its own (wrap it in one to capture it). */
export const MONTH_NAME = `(?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`;

/** A full month name (no abbreviation), as a pattern without a group of its own. */
export const FULL_MONTH_NAME = `(?:${MONTHS.join('|')})`;

/** `d` moved by `n` days of 24 hours (UTC: no daylight saving). */
export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);

/** The start of the `g` bucket `d` falls in (Monday weeks), on the calendar `d` is written in. */
export function unitStart(d: Date, g: Grain): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  switch (g) {
    case 'hour': return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
    case 'day': return day;
    case 'week': return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
    case 'month': return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
    case 'quarter': return new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
    case 'year': return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  }
}
