/**
 * `every:` — an interval (`15m`, `1h`, `1d`, `1w`) or a cron expression
 * (5 or 6 fields, or @hourly / @daily / @weekly / @monthly), read by croner.
 * The schedule also gives the rule's granularity: the length of the periods
 * its query is evaluated over (the interval, or the smallest gap between two
 * runs of the cron; a cron whose runs are four weeks or more apart is monthly).
 * Periods are UTC and aligned: hours on the hour, days at midnight, weeks on
 * Monday (as `toStartOfWeek(…, 1)`), months on the 1st.
 */
import { Cron } from 'croner';
import { formatDuration, parseDuration } from './duration.ts';

export type Schedule = { kind: 'interval'; ms: number } | { kind: 'cron'; expr: string };

/** Period length: a fixed number of ms, or calendar months. */
export type Granularity = { kind: 'fixed'; ms: number } | { kind: 'month' };

export class ScheduleError extends Error {}

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Monday 1970-01-05 00:00 UTC: the origin of week-aligned grids. */
const MONDAY_ORIGIN = 4 * DAY;

export function parseSchedule(text: string, timezone: string): Schedule {
  const s = text.trim();
  const ms = parseDuration(s);
  if (ms !== undefined) {
    if (ms < 60_000) throw new ScheduleError(`"${s}" is shorter than a minute: rules run at most once a minute`);
    if (ms > 31 * DAY) throw new ScheduleError(`"${s}" is longer than a month: use a monthly cron such as "0 0 1 * *"`);
    return { kind: 'interval', ms };
  }
  if (/^\d+\s*[a-z]+$/i.test(s)) throw new ScheduleError(`"${s}" is not an interval (write 15m, 1h, 1d, 1w) or a cron expression`);
  let cron: Cron;
  try {
    cron = new Cron(s, { timezone, paused: true });
  } catch (err) {
    const why = (err as Error).message.replace(/^CronPattern:\s*/, '').split('\n')[0];
    throw new ScheduleError(`"${s}" is neither an interval (15m, 1h, 1d) nor a valid cron expression (${why})`);
  }
  const next = cron.nextRuns(2, new Date('2025-01-01T00:00:00Z'));
  if (next.length === 0) throw new ScheduleError(`the cron "${s}" never fires`);
  return { kind: 'cron', expr: s };
}

/** The rule's period length. */
export function granularityOf(schedule: Schedule, timezone: string): Granularity {
  if (schedule.kind === 'interval') return { kind: 'fixed', ms: schedule.ms };
  const runs = new Cron(schedule.expr, { timezone, paused: true }).nextRuns(60, new Date('2025-01-01T00:00:00Z'));
  let gap = Infinity;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, runs[i].getTime() - runs[i - 1].getTime());
  if (!Number.isFinite(gap) || gap >= 28 * DAY) return { kind: 'month' };
  // A cron in a zone with daylight saving may have one 23 h day: a day it is.
  if (gap >= 22 * HOUR && gap <= 26 * HOUR) return { kind: 'fixed', ms: DAY };
  return { kind: 'fixed', ms: Math.max(60_000, gap) };
}

export function describeGranularity(g: Granularity): string {
  if (g.kind === 'month') return 'month';
  return g.ms === HOUR ? 'hour' : g.ms === DAY ? 'day' : g.ms === WEEK ? 'week' : formatDuration(g.ms);
}

/** The agent's time grain for a granularity, when it has one (questions are evaluated by hour, day, week or month). */
export function grainOf(g: Granularity): 'hour' | 'day' | 'week' | 'month' | undefined {
  if (g.kind === 'month') return 'month';
  return g.ms === HOUR ? 'hour' : g.ms === DAY ? 'day' : g.ms === WEEK ? 'week' : undefined;
}

function gridOrigin(ms: number): number {
  return ms % WEEK === 0 ? MONDAY_ORIGIN : 0;
}

/** Start of the period containing `t`. */
export function periodStart(g: Granularity, t: number): number {
  if (g.kind === 'month') {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const o = gridOrigin(g.ms);
  return Math.floor((t - o) / g.ms) * g.ms + o;
}

/** Start of the period `n` periods after the one starting at `start` (n may be negative). */
export function addPeriods(g: Granularity, start: number, n: number): number {
  if (g.kind === 'month') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
  }
  return start + n * g.ms;
}

/** Period starts s with from ≤ s and the period ending at or before `to`. */
export function periodsBetween(g: Granularity, from: number, to: number): number[] {
  const out: number[] = [];
  let s = periodStart(g, from);
  if (s < from) s = addPeriods(g, s, 1);
  while (addPeriods(g, s, 1) <= to) {
    out.push(s);
    s = addPeriods(g, s, 1);
    if (out.length > 200_000) break;
  }
  return out;
}
