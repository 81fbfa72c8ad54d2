/** Stage 3, time phrases: the period, the time bucket, and dates in the future (refused later). */
import { extractTime, isoDateTime } from '../time-phrases.ts';
import type { ParseState } from './state.ts';

export function timeStage(st: ParseState): void {
  const { out, now } = st;
  let s = st.s;
  const time = extractTime(s, now, { change: !!out.change });
  s = time.rest;
  if (time.period) {
    out.period = { from: isoDateTime(time.period.from), to: isoDateTime(time.period.to), toInclusive: time.period.toInclusive, label: time.period.label };
  }
  out.grain = time.grain;
  if (time.comparison) out.periodComparison = true;
  if (time.comparedTo) out.periodComparedTo = true;
  if (time.comparedToBefore) out.comparedToBefore = time.comparedToBefore;
  out.autoGrain = time.autoGrain;
  out.future = time.future;
  if (time.secondPeriod) out.unsupported = `two periods ("${time.secondPeriod}") in one question; ask for one period, or by day/week/month`;
  // Hyphens become spaces, except a minus sign in front of a number ("top -5", "price above -3"), which is kept to be judged.
  s = s.replace(/(?<!\s|\de)-|-(?!\d)/g, ' ');
  st.s = s;
}
