/**
 * A written formula of growth: "(May/April - 1)", "june over may minus 1", "(this month - last month) / last month".
 * Over two periods, the later one over the earlier one minus 1 is the change between them (period over period, as a
 * fraction), what "growth from April to May" asks; any other formula of periods is refused naming it. Read in the
 * normalise stage, before a slash between two words is taken for one figure divided by another.
 */
import { extractTime, unitBefore, type Grain, type Period } from '../time-phrases.ts';
import type { ParseState } from './state.ts';

/** Words saying the result is a fraction: the formula already says so. */
const AS_FRACTION = /\b(?:as\s+a\s+(?:fraction|ratio|decimal)|in\s+decimal(?:\s+form)?|(?:as|in)\s+decimals?)\b/g;
/** Operators between two periods that make some other formula ("may/april", "may * april", "may/april + 1"). */
const OPERATOR = /^(?:\/|over|\*|times|\+|plus)$/;

type Side = { text: string; p: Period; n: number };

/** The period some words name alone (read with "in" before them when they need it), if they name one and nothing else. */
function periodOf(words: string, now: Date): { text: string; p: Period } | undefined {
  const w = words.trim().replace(/^(?:the|in)\s+/, '');
  for (const text of [w, `in ${w}`]) {
    let t;
    try { t = extractTime(` ${text} `, now); } catch { return undefined; }
    if (t.period && !t.rest.trim() && !t.comparison && !t.comparedTo && !t.secondPeriod && !t.grain) return { text, p: t.period };
  }
  return undefined;
}

/** "the week before", "the previous month": the unit before the other period. */
function relativeTo(words: string[], other: Period): Side | undefined {
  const t = words.join(' ');
  const m = /^(?:the\s+)?(?:(day|week|month|quarter|year)\s+(?:before|prior)|(?:previous|prior|preceding)\s+(day|week|month|quarter|year))$/.exec(t);
  if (!m) return undefined;
  return { text: t, p: unitBefore(other, (m[1] ?? m[2]) as Grain), n: words.length };
}

/** The period 1 to 4 words end (`end`, exclusive) or start (`start`) at, the fewest words first. */
function sideAt(ws: string[], at: number, dir: -1 | 1, now: Date, other?: Period): Side | undefined {
  for (let k = 1; k <= 4; k++) {
    const pick = dir < 0 ? ws.slice(Math.max(0, at - k), at) : ws.slice(at, at + k);
    if (pick.length < k) return undefined;
    const p = periodOf(pick.join(' '), now);
    if (p) return { ...p, n: k };
    const r = other ? relativeTo(pick, other) : undefined;
    if (r) return r;
  }
  return undefined;
}

/**
 * "(May/April - 1)": the growth between the two periods, the later over the earlier minus 1. The formula is taken out;
 * the two periods become the ones compared when the question names no period of its own, and must be them when it does.
 * Any other formula of two periods, or the earlier over the later, is refused naming it.
 */
export function withGrowthFormula(st: ParseState, s: string): string {
  const { out, now } = st;
  const ws = s.replace(/\//g, ' / ').replace(/(^|\s)-(?=\d)/g, '$1- ').replace(/\s+-\s*$/, ' -').trim().split(/\s+/);
  for (let i = 1; i < ws.length - 1; i++) {
    const div = ws[i] === '/' || ws[i] === 'over' ? 1 : ws[i] === 'divided' && ws[i + 1] === 'by' ? 2 : 0;
    if (!div) {
      if (OPERATOR.test(ws[i]) && sideAt(ws, i, -1, now) && sideAt(ws, i + 1, 1, now)) return refuse(st, ws, i - 1, i + 2, 'a formula of two periods: I read only "<later>/<earlier> - 1", the growth from one period to the other');
      continue;
    }
    const a = sideAt(ws, i, -1, now);
    const b = a && sideAt(ws, i + div, 1, now, a.p);
    if (!a || !b) continue;
    let from = i - a.n, to = i + div + b.n, later = a, earlier = b;
    const minusOne = (ws[to] === '-' || ws[to] === 'minus') && /^1(?:\.0+)?$/.test(ws[to + 1] ?? '');
    // "(this month - last month) / last month": the difference over the earlier one is the same growth.
    const c = !minusOne && (ws[from - 1] === '-' || ws[from - 1] === 'minus') ? sideAt(ws, from - 1, -1, now) : undefined;
    if (minusOne) to += 2;
    else if (c && a.p.from.getTime() === b.p.from.getTime() && a.p.to.getTime() === b.p.to.getTime()) { later = c; earlier = a; from -= 1 + c.n; }
    else if (ws[i] === '/' || c) {
      if (/^(?:[-+*]|plus|minus|times)$/.test(ws[to] ?? '') && /^\d/.test(ws[to + 1] ?? '')) to += 2;
      return refuse(st, ws, from, to, 'a formula of two periods: I read only "<later>/<earlier> - 1", the growth from one period to the other');
    } else continue; // "revenue may over april": a comparison, read as before
    if (later.p.from.getTime() <= earlier.p.from.getTime()) return refuse(st, ws, from, to, 'the earlier period over the later one: I compute growth as the later period over the earlier one minus 1');
    let rest = ` ${[...ws.slice(0, from), ...ws.slice(to)].join(' ')} `.replace(AS_FRACTION, ' ');
    const asked = (() => { try { return extractTime(rest, now, { change: true }); } catch { return undefined; } })();
    if (asked?.period) {
      const lo = Math.min(earlier.p.from.getTime(), later.p.from.getTime()), hi = Math.max(earlier.p.to.getTime(), later.p.to.getTime());
      const sameSpan = asked.period.from.getTime() === lo && (asked.period.to.getTime() === hi || asked.period.toInclusive);
      if (!asked.comparison || !sameSpan) return refuse(st, ws, from, to, "the formula's periods are not the ones the question compares");
    } else rest = `${rest} ${later.text} vs ${earlier.text} `;
    out.change ??= { percent: false };
    return rest;
  }
  return s;
}

/** Refuses the formula written in words `from`..`to` (taken out, so the reason is what is said). */
function refuse(st: ParseState, ws: string[], from: number, to: number, why: string): string {
  st.out.unsupported ??= `${ws.slice(from, to).join(' ')} (${why})`;
  return ` ${[...ws.slice(0, from), ...ws.slice(to)].join(' ')} `;
}
