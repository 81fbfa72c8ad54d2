/**
 * The calendar's words and one helper, imported by every module that reads dates (time-phrases.ts and the modules
 * it builds on: range-year.ts, week-of-month.ts, same-period-before.ts, words.ts). A leaf module: it imports
 * nothing, so those modules can build their patterns at load time without importing each other.
 */
import type { PeriodSpec } from './semantic-query.ts';
import type { Grain, Period } from './time-phrases.ts';

export const DAY_MS = 86_400_000;

/** Month names, January first. */
export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Three-letter month abbreviations, January first. */
export const MONTH_ABBREVIATIONS = MONTHS.map((m) => m.slice(0, 3));

/** Weekdays by their three-letter abbreviation, Monday first (ISO order), with their full names. */
export const WEEKDAYS: Record<string, string> = { mon: 'monday', tue: 'tuesday', wed: 'wednesday', thu: 'thursday', fri: 'friday', sat: 'saturday', sun: 'sunday' };

/** The weekdays' abbreviations in ISO order (Monday = index 0). */
export const ISO_WEEKDAYS = Object.keys(WEEKDAYS);

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

/** The first day of the month `n` months after `d`'s month. */
export const addMonths = (d: Date, n: number): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));

/** The start of the `g` bucket after the one starting at `b` (a bucket start, as from `unitStart`). */
export function nextUnit(b: Date, g: Grain): Date {
  switch (g) {
    case 'hour': return new Date(b.getTime() + 3_600_000);
    case 'day': return addDays(b, 1);
    case 'week': return addDays(b, 7);
    case 'month': return addMonths(b, 1);
    case 'quarter': return addMonths(b, 3);
    case 'year': return addMonths(b, 12);
  }
}

/** A period bound as stored in a query ('YYYY-MM-DD HH:MM:SS', UTC) as a Date. */
export const parseStamp = (s: string): Date => new Date(`${s.replace(' ', 'T')}Z`);

/** A stored period (ISO strings) as dates. */
export const periodOf = (x: PeriodSpec): Period => ({ from: parseStamp(x.from), to: parseStamp(x.to), toInclusive: x.toInclusive, label: x.label });

/** A stored period as people read it: dates without midnight times, the end as the last day (or second) it covers. */
export function displayPeriod(p: PeriodSpec): { from: string; to: string; label: string } {
  const from = p.from.endsWith(' 00:00:00') ? p.from.slice(0, 10) : p.from;
  if (p.toInclusive) return { from, to: p.to, label: p.label };
  const end = parseStamp(p.to);
  if (p.to.endsWith(' 00:00:00')) return { from, to: addDays(end, -1).toISOString().slice(0, 10), label: p.label };
  return { from, to: new Date(end.getTime() - 1000).toISOString().slice(0, 19).replace('T', ' '), label: p.label };
}

/** A span of seconds as people say it: "29.8 days", "5.5 hours". */
export const elapsedText = (s: number): string => (s >= 86_400 ? `${Math.round(s / 86_400 * 10) / 10} days` : `${Math.round(s / 3600 * 10) / 10} hours`);

// ---- UTC calendar starts ----------------------------------------------------
export const startOfDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const startOfIsoWeek = (d: Date): Date => { const s = startOfDay(d); return addDays(s, -((s.getUTCDay() + 6) % 7)); };
export const startOfMonth = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
export const startOfQuarter = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
export const startOfYear = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
