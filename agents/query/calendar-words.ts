/**
 * The calendar's words and one helper, imported by every module that reads dates (time-phrases.ts and the modules
 * it builds on: range-year.ts, week-of-month.ts, same-period-before.ts, words.ts). A leaf module: it imports
 * nothing, so those modules can build their patterns at load time without importing each other.
 */

export const DAY_MS = 86_400_000;

/** Month names, January first. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month's name or its abbreviation, as a pattern without a group of its own (wrap it in one to capture it). */
export const MONTH_NAME = `(?:${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)`;

/** A full month name (no abbreviation), as a pattern without a group of its own. */
export const FULL_MONTH_NAME = `(?:${MONTHS.join('|')})`;

/** `d` moved by `n` days of 24 hours (UTC: no daylight saving). */
export const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * DAY_MS);
