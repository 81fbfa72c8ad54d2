/**
 * The calendar units a period spans: whether it is exactly one day / week / month / quarter / year, two of them one
 * after the other, and the unit before it. Pure date arithmetic over UTC calendar starts (calendar-words.ts).
 */
import { addDays, addMonths, startOfDay, startOfIsoWeek, startOfMonth, startOfQuarter, startOfYear } from './calendar-words.ts';
import type { Grain, Period } from './time-phrases.ts';

/** The calendar unit a period spans exactly (a partial current unit counts as that unit), if any. */
export function unitOfPeriod(p: Period): Grain | undefined {
  const all = unitsOfPeriod(p);
  // "this week" on a Monday is also "today": the unit the label names wins, else the largest.
  return all.find((u) => new RegExp(`\\b${u}\\b`).test(p.label)) ?? all[all.length - 1];
}

export function unitsOfPeriod(p: Period): Grain[] {
  const out: Grain[] = [];
  const starts: Array<[Grain, (d: Date) => Date, (d: Date) => Date]> = [
    ['day', startOfDay, (d) => addDays(d, 1)], ['week', startOfIsoWeek, (d) => addDays(d, 7)], ['month', startOfMonth, (d) => addMonths(d, 1)],
    ['quarter', startOfQuarter, (d) => addMonths(d, 3)], ['year', startOfYear, (d) => addMonths(d, 12)],
  ];
  for (const [g, start, next] of starts) {
    if (start(p.from).getTime() !== p.from.getTime()) continue;
    const end = next(p.from).getTime();
    if (p.to.getTime() === end || (p.toInclusive && p.to.getTime() < end && p.to.getTime() > p.from.getTime())) out.push(g);
  }
  return out;
}

/** A period of exactly two whole units, one after the other ("from April to May"): the unit. */
export function twoUnitsOf(p: Period): Grain | undefined {
  if (p.toInclusive) return undefined;
  for (const u of ['week', 'month', 'quarter', 'year'] as Grain[]) {
    const first = { from: p.from, to: u === 'week' ? addDays(p.from, 7) : addMonths(p.from, u === 'month' ? 1 : u === 'quarter' ? 3 : 12), toInclusive: false, label: '' };
    if (!unitsOfPeriod(first).includes(u)) continue;
    const second = { from: first.to, to: p.to, toInclusive: false, label: '' };
    if (unitsOfPeriod(second).includes(u)) return u;
  }
  return undefined;
}

/** Two periods of the same calendar unit, one right after the other: their union, one row per unit. */
export function pairOf(a: Period, b: Period): { period: Period; grain: Grain } | undefined {
  const [x, y] = a.from.getTime() <= b.from.getTime() ? [a, b] : [b, a];
  const ys = unitsOfPeriod(y);
  const u = unitsOfPeriod(x).filter((g) => ys.includes(g)).find((g) => new RegExp(`\\b${g}\\b`).test(`${x.label} ${y.label}`)) ?? unitsOfPeriod(x).filter((g) => ys.includes(g)).pop();
  if (!u || x.toInclusive || x.to.getTime() !== y.from.getTime()) return undefined;
  return { period: { from: x.from, to: y.to, toInclusive: y.toInclusive, label: `${x.label} and ${y.label}` }, grain: u };
}

/** The period before `p` of its own unit ("the week before", "the previous month"). */
export function unitBefore(p: Period, u: Grain): Period {
  const from = u === 'day' ? addDays(p.from, -1) : u === 'week' ? addDays(p.from, -7) : addMonths(p.from, u === 'month' ? -1 : u === 'quarter' ? -3 : -12);
  return { from, to: p.from, toInclusive: false, label: `the ${u} before` };
}
