/** Stage 3, time phrases: the period, the time bucket, and dates in the future (refused later). */
import { extractTime, isoDateTime } from '../time-phrases.ts';
import type { ParseState } from './state.ts';

export function timeStage(st: ParseState): void {
  const { out, now } = st;
  let s = clockStage(st, st.s);
  // Values read from codes ("@v~country~in" for IN) are kept out of the time phrases ("in last month").
  const values: string[] = [];
  s = s.replace(/@v~\S+/g, (v) => `§${values.push(v) - 1}§`);
  const time = extractTime(s, now, { change: !!out.change });
  s = time.rest.replace(/§(\d+)§/g, (m, i: string) => values[Number(i)] ?? m);
  if (time.period) {
    out.period = { from: isoDateTime(time.period.from), to: isoDateTime(time.period.to), toInclusive: time.period.toInclusive, label: time.period.label };
    if (time.parts) out.period.parts = time.parts.map((x) => ({ from: isoDateTime(x.from), to: isoDateTime(x.to), toInclusive: x.toInclusive }));
  }
  out.grain = time.grain;
  if (time.dayOfMonth) out.dayOfMonth = time.dayOfMonth;
  if (time.comparison) out.periodComparison = true;
  if (time.blocks) out.periodBlocks = true;
  // "customers who bought in both April and May", "… who bought in April bought again in May": those active in each
  // of the periods, counted once (entity-sets.ts).
  if (time.comparison && /\bboth\s+(?:in\s+|on\s+|during\s+)?\S+(?:\s+\S+)?\s+and\s|\bagain\s+(?:in|on|during)\s/.test(st.s) && /\b(?:customers?|users?|buyers?|people|who|accounts?)\b/.test(st.s)) {
    out.inEachPeriod = true;
  }
  if (out.differenceOf) {
    // Which of the two periods was named first: the one the words before "than" name.
    // "the week before minus last week": the first named is the earlier one, named relative to the other.
    const first = out.differenceOf.firstEarlier ? undefined : extractTime(out.differenceOf.first, now).period;
    const from = out.period?.from;
    if ((!first && !out.differenceOf.firstEarlier) || !from || !time.comparison && !time.comparedTo) out.unsupported ??= `how much ${out.differenceOf.dir} (name the two periods to compare, as in "in May than in April")`;
    else {
      const firstLater = first ? isoDateTime(first.from) > from : false;
      out.change = { percent: false, difference: (out.differenceOf.dir === 'more') === firstLater ? 1 : -1 };
    }
  }
  if (time.comparedTo) out.periodComparedTo = true;
  if (time.comparedToBefore) out.comparedToBefore = time.comparedToBefore;
  if (time.sameBefore) out.sameBefore = time.sameBefore;
  if (time.before) out.periodBefore = time.before;
  out.autoGrain = time.autoGrain;
  out.future = time.future;
  if (time.secondPeriod) out.unsupported = `two periods ("${time.secondPeriod}") in one question; ask for one period, or by day/week/month`;
  // Hyphens become spaces, except a minus sign in front of a number ("top -5", "price above -3"), which is kept to be judged.
  s = s.replace(/(?<!\s|\de)-|-(?!\d)/g, ' ');
  st.s = s;
}

const CLOCK = '(midnight|noon|midday|\\d{1,2}(?:\\s+00)?\\s*(?:am|pm|a\\.m\\.?|p\\.m\\.?)|\\d{1,2}\\s+00|\\d{1,2}\\s*h|\\d{1,2}\\s+o\\s*clock)';

/** The hour (0–24) a clock phrase names ("6am" → 6, "midnight" → 0, "5 pm" → 17, "18 00" → 18); minutes are not read. */
function hourOf(t: string): number | undefined {
  if (t === 'midnight') return 0;
  if (t === 'noon' || t === 'midday') return 12;
  const m = /^(\d{1,2})(?:\s+00)?\s*(am|pm|a\.m\.?|p\.m\.?|h|o\s*clock)?$/.exec(t.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const ap = m[2]?.[0];
  if (ap === 'a' || ap === 'p') { if (h < 1 || h > 12) return undefined; h = (h % 12) + (ap === 'p' ? 12 : 0); }
  return h <= 24 ? h : undefined;
}

/**
 * Hours of the day ("between midnight and 6am", "after 6pm", "before 9am", "from 9am to 5pm") become a filter on the
 * model's hour-of-day dimension (one whose expression is the hour of the time column): the whole hours from the first
 * up to, not including, the second, wrapping past midnight ("from 10pm to 2am").
 */
function clockStage(st: ParseState, s: string): string {
  const hourDim = st.model.dimensions.find((d) => d.expr && /^toHour\(\{time\}\)$/.test(d.expr.replace(/\s+/g, '')));
  const range = (from: number, to: number): string[] => {
    const out: string[] = [];
    for (let h = from % 24; out.length < 24; h = (h + 1) % 24) { if (out.length && h === to % 24) break; out.push(String(h)); }
    return out;
  };
  const apply = (hours: string[], text: string): string => {
    if (!hourDim) { st.out.unsupported ??= `${text.trim()} (no hour of day in this model)`; return ' '; }
    st.out.filters.push({ kind: 'dimension', dimension: hourDim.name, values: hours });
    return ' ';
  };
  s = s.replace(new RegExp(`\\b(?:between|from)\\s+${CLOCK}\\s+(?:and|to|until|till|-)\\s+${CLOCK}`, 'g'), (m: string, a: string, b: string) => {
    const x = hourOf(a), y = hourOf(b);
    if (x === undefined || y === undefined || x === y % 24 && x !== 0) { st.out.unsupported ??= m.trim(); return ' '; }
    return apply(range(x, y), m);
  });
  s = s.replace(new RegExp(`\\b(after|since|from|before|until|till)\\s+${CLOCK}`, 'g'), (m: string, w: string, a: string) => {
    const x = hourOf(a);
    if (x === undefined) { st.out.unsupported ??= m.trim(); return ' '; }
    return apply(/^(before|until|till)$/.test(w) ? range(0, x) : range(x, 24), m);
  });
  return s;
}
