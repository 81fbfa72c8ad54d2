/**
 * The ranges numbers and dates in a question must stay within, and the
 * one-line BAD_INPUT refusals when they do not: a row count (top / first /
 * limit N) is a whole number from 1 to the row cap, a compared value is a
 * finite number of sane size, and every date lies between 1970-01-01 (the
 * start of ClickHouse DateTime) and the end of the fifth year after now.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { DAY_MS } from './calendar-words.ts';

/** Rows one answer may ask for, unless the agent is given another cap. */
export const DEFAULT_MAX_ROWS = 10_000;
/** Largest magnitude of a number compared against a column ("orders over $N"). */
export const MAX_COMPARED_VALUE = 1e15;
/** The earliest instant a period may start at (ClickHouse DateTime starts here). */
export const MIN_TIME = Date.UTC(1970, 0, 1);
/** Years after the current one a period may still reach into. */
export const FUTURE_YEARS = 5;


/** The last day ClickHouse DateTime can hold whole (it ends on 2106-02-07). */
const LAST_DATETIME_DAY = Date.UTC(2105, 11, 31);

/** The last day a period may include: 31 December, FUTURE_YEARS after now's year (UTC), and never after 2105-12-31. */
export function latestDay(now: Date): Date {
  const d = new Date(0);
  d.setUTCFullYear(now.getUTCFullYear() + FUTURE_YEARS, 11, 31);
  return Number.isNaN(d.getTime()) || d.getTime() > LAST_DATETIME_DAY ? new Date(LAST_DATETIME_DAY) : d;
}

const ymd = (d: Date): string => d.toISOString().slice(0, 10);

/** "1970-01-01 to 2030-12-31": the dates a question may name. */
export function dateRangeText(now: Date): string {
  return `from 1970-01-01 to ${ymd(latestDay(now))}`;
}

/** Shortens what the user wrote to something safe to quote in one line. */
export function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 40 ? `${t.slice(0, 37)}...` : t}"`;
}

export const badInput = (msg: string): never => { throw new DatalabsError('BAD_INPUT', msg); };

/** A number as written: digits with an optional sign, fraction and exponent ("-5", "2.5", "1e309"). */
export const NUMBER_SOURCE = '-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?';

/** Validates a row count: a whole number from 1 to maxRows. Returns it as a number. */
export function checkRowCount(raw: string, phrase: string, maxRows = DEFAULT_MAX_ROWS): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > maxRows) {
    badInput(`${quote(phrase)}: the number of rows must be a whole number from 1 to ${maxRows.toLocaleString('en-US')}.`);
  }
  return n;
}

/** Validates a number compared against a column; `whole` for counts of items. */
export function checkComparedValue(raw: string, phrase: string, opts: { whole?: boolean } = {}): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || Math.abs(n) > MAX_COMPARED_VALUE) {
    badInput(`${quote(phrase)}: numbers to compare with must be between -${MAX_COMPARED_VALUE.toLocaleString('en-US')} and ${MAX_COMPARED_VALUE.toLocaleString('en-US')}.`);
  }
  if (opts.whole && (!Number.isInteger(n) || n < 0)) badInput(`${quote(phrase)}: a count of items must be a whole number of 0 or more.`);
  return n === 0 ? 0 : n; // never -0
}

/** Validates a count of time units ("last N days", "N days ago"): a whole number, at least `min`. */
export function checkUnitCount(raw: string, phrase: string, min: number): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) badInput(`${quote(phrase)}: the number of hours, days, weeks, months or years must be a whole number of ${min} or more.`);
  return n;
}

/** A calendar day, or a one-line refusal naming the date when it does not exist (2026-02-30, 2026-13-01). */
export function calendarDay(year: number, month: number, day: number, written: string, now: Date): Date {
  if (!Number.isSafeInteger(year) || !Number.isSafeInteger(month) || !Number.isSafeInteger(day)) badInput(`${quote(written)} is not a date I can read; write dates as YYYY-MM-DD.`);
  if (year < 1970 || year > latestDay(now).getUTCFullYear()) badInput(`${quote(written)} is outside the dates I can query (${dateRangeText(now)}).`);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  if (month < 1 || month > 12 || day < 1 || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    badInput(`${quote(written)} is not a real calendar date.`);
  }
  return d;
}

/** A year named in a question ("march 2025", "q1 2024", "in 2024"): from 1970 to the last allowed year. */
export function checkYear(raw: string, phrase: string, now: Date): number {
  const y = Number(raw);
  if (!Number.isSafeInteger(y) || y < 1970 || y > latestDay(now).getUTCFullYear()) badInput(`${quote(phrase)} is outside the dates I can query (${dateRangeText(now)}).`);
  return y;
}

/**
 * Validates a resolved period: both ends real times, the start not before 1970-01-01, the end not after
 * the last allowed day (a period starting in the future is left to the "future" refusal).
 */
export function checkPeriod(p: { from: Date; to: Date }, phrase: string, now: Date): void {
  const from = p.from.getTime(), to = p.to.getTime();
  if (Number.isNaN(from) || Number.isNaN(to)) badInput(`${quote(phrase)} is outside the dates I can query (${dateRangeText(now)}).`);
  if (from < MIN_TIME) badInput(`${quote(phrase)} starts before 1970-01-01: I can query dates ${dateRangeText(now)}.`);
  if (from > now.getTime()) return;
  if (to > latestDay(now).getTime() + DAY_MS) badInput(`${quote(phrase)} ends after ${ymd(latestDay(now))}: I can query dates ${dateRangeText(now)}.`);
}
