/**
 * Two periods compared that are not next to each other ("May 16 vs May 9", "Q2 vs Q2 last year", "March vs May"):
 * both, earlier first, only those two read, a row each. The unit readers come from time-phrases.ts, as in
 * same-period-before.ts.
 */
import { DAY_MS } from './calendar-words.ts';
import type { Grain, Period } from './time-phrases.ts';

/** How a period is read as calendar units (time-phrases.ts `unitsOfPeriod`, `unitOfPeriod`). */
export interface UnitReaders {
  unitsOfPeriod: (p: Period) => Grain[];
  unitOfPeriod: (p: Period) => Grain | undefined;
}

/** Two periods apart, as one compared period with its parts; undefined when they are not two of one unit apart. */
export function twoPeriodsApart(a: Period, b: Period, units: UnitReaders): { period: Period; parts: Period[]; grain: Grain } | undefined {
  return yearApart(a, b, units) ?? twoDays(a, b, units) ?? twoUnitsApart(a, b, units);
}

/** Two periods of one calendar unit (day, month, quarter), one exactly a year before the other: both, earlier first. */
function yearApart(a: Period, b: Period, { unitsOfPeriod }: UnitReaders): { period: Period; parts: Period[]; grain: Grain } | undefined {
  const [x, y] = a.from.getTime() <= b.from.getTime() ? [a, b] : [b, a];
  const u = (['quarter', 'month', 'day'] as Grain[]).find((g) => unitsOfPeriod(x).includes(g) && unitsOfPeriod(y).includes(g));
  const back = new Date(Date.UTC(y.from.getUTCFullYear() - 1, y.from.getUTCMonth(), y.from.getUTCDate()));
  if (!u || x.toInclusive || back.getTime() !== x.from.getTime()) return undefined;
  return { period: { from: x.from, to: y.to, toInclusive: y.toInclusive, label: `${y.label} vs ${x.label}` }, parts: [x, y], grain: u };
}

/**
 * Two single days apart ("signups on May 16 vs May 9", "orders on June 3 compared with June 10"): both, earlier first, only
 * those two read (a row each, as "yesterday vs the same day last week" is).
 */
function twoDays(a: Period, b: Period, { unitsOfPeriod }: UnitReaders): { period: Period; parts: Period[]; grain: Grain } | undefined {
  const [x, y] = a.from.getTime() <= b.from.getTime() ? [a, b] : [b, a];
  const oneDay = (p: Period): boolean => !p.toInclusive && unitsOfPeriod(p)[0] === 'day' && p.to.getTime() - p.from.getTime() === DAY_MS;
  if (!oneDay(x) || !oneDay(y) || x.from.getTime() === y.from.getTime()) return undefined;
  return { period: { from: x.from, to: y.to, toInclusive: false, label: `${a.label} vs ${b.label}` }, parts: [x, y], grain: 'day' };
}

/**
 * Two whole periods of one calendar unit, apart ("revenue in March vs May", "September vs December", "week 10 vs week
 * 14"): both, earlier first, only those two read, a row each.
 */
function twoUnitsApart(a: Period, b: Period, { unitOfPeriod }: UnitReaders): { period: Period; parts: Period[]; grain: Grain } | undefined {
  const [x, y] = a.from.getTime() <= b.from.getTime() ? [a, b] : [b, a];
  const u = unitOfPeriod(x);
  if (!u || x.toInclusive || y.toInclusive || u !== unitOfPeriod(y) || x.to.getTime() >= y.from.getTime()) return undefined;
  return { period: { from: x.from, to: y.to, toInclusive: false, label: `${a.label} vs ${b.label}` }, parts: [x, y], grain: u };
}
