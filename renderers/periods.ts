/**
 * Incomplete periods of a time series, the way BI tools mark them: the last
 * bucket is "to date" when it has not ended at `now` (revenue by month on the
 * 15th), and a bucket the question's period cuts is "partial". Tables suffix
 * the label ("Jun 2025 (to date)"), charts draw it dashed or lighter, so a
 * short period never reads as a collapse.
 */
import type { Column } from '../bot/contracts/warehouse.ts';
import { isTimeType } from './column-kinds.ts';
import { detectGranularity, parseTime, type TimeGranularity } from './time.ts';

export type PartialMark = 'to date' | 'partial';

export interface PartialPeriods {
  /** Index of the time column. */
  column: number;
  granularity: TimeGranularity;
  /** Bucket start (UTC epoch ms) → how it is incomplete. */
  marks: Map<number, PartialMark>;
  /** One line for a chart subtitle or a reply: "Jun 2025 is to date (through Jun 15)". */
  note: string;
}

export interface PartialOptions {
  /** "Now" of the answer (`--now`); without it nothing is marked. */
  now?: Date | string | number;
  /** The question's period (from inclusive; to inclusive as a date, or a time). */
  period?: { from: string; to: string };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const BUCKETED: TimeGranularity[] = ['year', 'quarter', 'month', 'week', 'day', 'hour'];

/** The start of the bucket after the one starting at `t`. */
export function bucketEnd(t: number, g: TimeGranularity): number {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (g) {
    case 'year':
      return Date.UTC(y + 1, m, d.getUTCDate());
    case 'quarter':
      return Date.UTC(y, m + 3, d.getUTCDate());
    case 'month':
      return Date.UTC(y, m + 1, d.getUTCDate());
    case 'week':
      return t + 7 * 86_400_000;
    case 'day':
      return t + 86_400_000;
    case 'hour':
      return t + 3_600_000;
    case 'minute':
      return t + 60_000;
    default:
      return t + 1000;
  }
}

/** A time column that holds buckets (a model grain, or a name like month / week / day). */
function isBucketColumn(c: Column): boolean {
  if (!isTimeType(c.type)) return false;
  if (c.format === 'date' || c.format === 'datetime') return true;
  return /(^|_)(hour|day|date|week|month|quarter|year|period|bucket)s?$/i.test(c.name) || /^to(StartOf|Monday|Date)/i.test(c.name);
}

function toMs(v: Date | string | number | undefined): number {
  if (v === undefined) return NaN;
  return v instanceof Date ? v.getTime() : parseTime(v);
}

/** End (exclusive) of a period whose `to` is inclusive: a date → the next midnight; a time → one second on. */
function periodEndMs(to: string): number {
  const t = parseTime(to);
  if (!Number.isFinite(t)) return NaN;
  return /^\d{4}-\d{2}-\d{2}$/.test(to.trim()) ? t + 86_400_000 : t + 1000;
}

/** Human label of a bucket: "Jun 2025", "Q2 2025", "2025", "Jun 9", "Jun 15 13:00". */
export function bucketLabel(t: number, g: TimeGranularity, opts: { year?: boolean } = {}): string {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const md = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  switch (g) {
    case 'year':
      return String(y);
    case 'quarter':
      return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${y}`;
    case 'month':
      return `${MONTHS[d.getUTCMonth()]} ${y}`;
    case 'week':
    case 'day':
      return opts.year === false ? md : `${md}, ${y}`;
    default:
      return `${md} ${String(d.getUTCHours()).padStart(2, '0')}:00`;
  }
}

/** The incomplete buckets of a result's time column, or undefined when every bucket is whole (or there is no `now`). */
export function findPartialPeriods(columns: Column[], rows: unknown[][], opts: PartialOptions): PartialPeriods | undefined {
  const now = toMs(opts.now);
  if (!Number.isFinite(now) || rows.length === 0) return undefined;
  const column = columns.findIndex(isBucketColumn);
  if (column < 0) return undefined;
  const times = rows.map((r) => parseTime(r[column])).filter(Number.isFinite);
  if (times.length === 0) return undefined;
  const g = detectGranularity(times);
  if (!BUCKETED.includes(g)) return undefined;
  const first = Math.min(...times);
  const last = Math.max(...times);
  const periodEnd = opts.period ? periodEndMs(opts.period.to) : NaN;
  const cutoff = Number.isFinite(periodEnd) ? Math.min(now, periodEnd) : now;
  const marks = new Map<number, PartialMark>();
  const notes: string[] = [];
  const named = (t: number) => (g === 'week' ? `Week of ${bucketLabel(t, g)}` : bucketLabel(t, g));
  const through = (end: number) => bucketLabel(end - 1, g === 'hour' ? 'hour' : 'day', { year: false });
  if (bucketEnd(last, g) > cutoff) {
    const toDate = cutoff === now;
    marks.set(last, toDate ? 'to date' : 'partial');
    notes.push(`${named(last)} is ${toDate ? 'to date' : 'partial'} (through ${through(cutoff)})`);
  }
  const from = opts.period ? parseTime(opts.period.from) : NaN;
  if (Number.isFinite(from) && first < from && bucketEnd(first, g) > from && !marks.has(first)) {
    marks.set(first, 'partial');
    notes.push(`${named(first)} is partial (from ${bucketLabel(from, g === 'hour' ? 'hour' : 'day', { year: false })})`);
  }
  if (marks.size === 0) return undefined;
  return { column, granularity: g, marks, note: notes.join('; ') };
}

/** The mark of a time cell, if its bucket is incomplete. */
export function partialMarkOf(partial: PartialPeriods | undefined, value: unknown): PartialMark | undefined {
  if (!partial) return undefined;
  const t = parseTime(value);
  return Number.isFinite(t) ? partial.marks.get(t) : undefined;
}

/** Latest of two times, as text: a freshness value later than `now` is shown as `now` ("YYYY-MM-DD hh:mm:ss"). */
export function clampToNow(value: string, now: Date | string | number): string {
  const t = parseTime(value);
  const n = toMs(now);
  if (!Number.isFinite(t) || !Number.isFinite(n) || t <= n) return value;
  return new Date(n).toISOString().slice(0, 19).replace('T', ' ');
}
