/**
 * "yesterday vs the same day last week", "this month vs the same month last year", and in a follow-up "compare with
 * the same day the week before": a period and the same period one larger unit back, only those two read.
 */
import { addDays } from './calendar-words.ts';
import type { Grain, Period } from './time-phrases.ts';

const ORDER: Grain[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The phrase after a comparison word: [1] the unit compared, [2] the unit back ("last week" / "the week before"). */
export const SAME_BEFORE = String.raw`(?:the\s+)?same\s+(?:week)?(day|week|month|quarter)\s+(?:of\s+|in\s+)?(?:(?:last|the\s+previous|previous|the\s+prior|prior|a|one|1)\s+(week|month|quarter|year)(?:\s+(?:ago|earlier|before|prior|back))?|the\s+(week|month|quarter|year)\s+before(?!\s+last))\b`;

/**
 * The earlier period and both together, or undefined when `p` is not made of whole `unit`s or `back` is not a larger
 * unit (the same week a month back is no calendar week). The same date a month, quarter or year back has its day
 * clamped to that month's length (March 31 → February 28); the same week last year is the ISO week 52 weeks before.
 */
export function samePeriodBefore(p: Period, unit: Grain, back: Grain, unitsOf: (p: Period) => Grain[]): { period: Period; parts: [Period, Period] } | undefined {
  if (!unitsOf(p).includes(unit) || ORDER.indexOf(back) <= ORDER.indexOf(unit) || (unit === 'week' && back !== 'year')) return undefined;
  const shift = (d: Date): Date => {
    if (back === 'week') return addDays(d, -7);
    const y = d.getUTCFullYear() - (back === 'year' ? 1 : 0), m = d.getUTCMonth() - (back === 'month' ? 1 : back === 'quarter' ? 3 : 0);
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  };
  const label = `the same ${unit} last ${back}`;
  const earlier: Period = unit === 'week' ? { from: addDays(p.from, -364), to: addDays(p.to, -364), toInclusive: p.toInclusive, label }
    : { from: shift(p.from), to: shift(p.to), toInclusive: p.toInclusive, label };
  return { period: { from: earlier.from, to: p.to, toInclusive: p.toInclusive, label: `${p.label} vs ${label}` }, parts: [earlier, p] };
}

/**
 * "vs the previous 10 days", "versus the 10 days before that" after "the last 10 days": as many whole units right
 * before `first`, when `first` is that many units long and ends before now; undefined otherwise.
 */
export function spanBefore(rest: string, first: Period, now: Date, unitsOf: (p: Period) => Grain[], unitBefore: (p: Period, u: Grain) => Period): { m: RegExpExecArray; p: Period } | undefined {
  const n = /\b(?:vs\.?|versus|against|compared?\s+(?:to|with))\s+(?:the\s+)?(?:(?:previous|prior|preceding)\s+(\d{1,3})\s+(day|week|month)s?|(\d{1,3})\s+(day|week|month)s?\s+(?:before|prior)(?:\s+(?:that|it|then))?)\b/.exec(rest);
  if (!n || first.toInclusive) return undefined;
  const count = Number(n[1] ?? n[3]), unit = (n[2] ?? n[4]) as Grain;
  let from = first.from;
  for (let i = 0; i < count; i++) from = unitBefore({ ...first, from }, unit).from;
  // The first period is as many units long: counted back from its end, `count` units reach its start.
  let start = first.to;
  for (let i = 0; i < count; i++) start = unitBefore({ ...first, from: start, to: start }, unit).from;
  const same = unit === 'month' ? unitsOf(first).includes('month') && start.getTime() === first.from.getTime()
    : Math.abs(first.to.getTime() - first.from.getTime() - (first.from.getTime() - from.getTime())) < 3_600_000;
  return count >= 1 && same && now.getTime() >= first.to.getTime() ? { m: n, p: { from, to: first.from, toInclusive: false, label: `${count} ${unit}s before` } } : undefined;
}
