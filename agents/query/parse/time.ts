/** Stage 3, time phrases: the period, the time bucket, and dates in the future (refused later). */
import { extractTime, isoDateTime } from '../time-phrases.ts';
import type { ParseState } from './state.ts';
import { NUMBER_WORDS } from '../words.ts';
import { nextUnit, unitStart } from '../calendar-words.ts';

export function timeStage(st: ParseState): void {
  const { out, now } = st;
  let s = clockStage(st, st.s);
  // Values read from codes ("@v~country~in" for IN) are kept out of the time phrases ("in last month").
  const values: string[] = [];
  s = s.replace(/@v~\S+/g, (v) => `§${values.push(v) - 1}§`);
  s = withNotInPeriod(st, s);
  const full = fullWeeksOf(s);
  s = full.s;
  const time = extractTime(s, now, { change: !!out.change });
  if (full.weeks && time.period && !time.parts && !time.comparison) {
    // "the full weeks of June 2025": only the Monday-to-Sunday weeks inside the period.
    // The first week that starts at or after the period's start; the last one that ends by its end.
    const week = unitStart(time.period.from, 'week');
    const from = week.getTime() === time.period.from.getTime() ? week : nextUnit(week, 'week');
    const lastMonday = unitStart(time.period.toInclusive ? new Date(time.period.to.getTime() + 1) : time.period.to, 'week');
    const day = 86_400_000;
    const n = Math.round((lastMonday.getTime() - from.getTime()) / (7 * day));
    if (n < 1 || (full.n !== undefined && full.n !== n)) out.unsupported ??= `${full.n ?? ''} full weeks of ${time.period.label} (it has ${Math.max(n, 0)})`.trim();
    else time.period = { from, to: lastMonday, toInclusive: false, label: `the full weeks of ${time.period.label}` };
  } else if (full.n !== undefined && time.period && !time.parts) {
    // "the 8 complete weeks from Mon 2025-05-05 through Sun 2025-06-29": the count says the range again.
    const days = (time.period.to.getTime() - time.period.from.getTime()) / 86_400_000 + (time.period.toInclusive ? 1 : 0);
    if (Math.abs(days / 7 - full.n) >= 0.5) out.unsupported ??= `${full.n} weeks (${time.period.label} is ${Math.round(days)} days)`;
  }
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
  // "users active last week who were also active the week before", "customers who ordered in May and also ordered in
  // June": "who (were) also" and the figure's word said again name the second period's people as the first's.
  const also = time.comparison
    ? /\b(?:(?:who|that)\s+(?:(?:were|was|are|is|have|has|had|been|did)\s+){0,2}|and\s+)also\s+(?:([a-z]+)\s+)?(?:(?:in|on|during)\s+)?/.exec(s) : null;
  if (also && /\b(?:customers?|users?|buyers?|people|accounts?|members?)\b/.test(s)) {
    out.inEachPeriod = true;
    const said = also[1] && new RegExp(`\\b${also[1]}\\b`).test(s.slice(0, also.index));
    s = `${s.slice(0, also.index)} ${also[1] && !said ? `${also[1]} ` : ''}${s.slice(also.index + also[0].length)}`;
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

const CLOCK = '(midnight|noon|midday|\\d{1,2}(?:\\s+00)?\\s*(?:am|pm|a\\.m\\.?|p\\.m\\.?)|\\d{1,2}\\s+(?:00|59)|\\d{1,2}\\s*h|\\d{1,2}\\s+o\\s*clock)';

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
    // "between 00:00 and 05:59": a last minute of an hour ends the range with that hour.
    const last = /^(\d{1,2})\s+59$/.exec(b.trim());
    const x = hourOf(a), y = last ? (Number(last[1]) <= 23 ? Number(last[1]) + 1 : undefined) : hourOf(b);
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

/**
 * "users active in April but not in May", "customers who ordered last month but not this month": the second period,
 * after "but not", is the one the counted entities have none of their rows in; the first is the question's period.
 */
function withNotInPeriod(st: ParseState, s: string): string {
  const m = /[\s,;]+(?:but|and)\s+not(?:\s+(?:active|ordering|ordered|buying|bought|any\s+more|anymore|again|also|once))*\s+(?=(?:in|on|during|for|over)\s|(?:last|this|the\s+(?:previous|following|next))\s)/.exec(s);
  if (!m || !/\b(?:customers?|users?|buyers?|people|accounts?|who|active)\b/.test(s.slice(0, m.index))) return s;
  const after = s.slice(m.index + m[0].length);
  const t = extractTime(after, st.now);
  if (!t.period || t.secondPeriod || t.comparison || t.grain || t.future || t.rest.trim()) return s;
  st.out.notInPeriod = { from: isoDateTime(t.period.from), to: isoDateTime(t.period.to), toInclusive: t.period.toInclusive, label: t.period.label };
  return `${s.slice(0, m.index)} `;
}

/**
 * "the full weeks of June 2025", "the four full ISO weeks of June (weeks starting 2, 9, 16 and 23 June)", "the 8
 * complete weeks from 2025-05-05 through 2025-06-29": whole weeks of a period (`weeks`), and the count said, to check.
 */
function fullWeeksOf(s: string): { s: string; weeks?: boolean; n?: number } {
  const count = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join('|')})`;
  const of = new RegExp(`\\b(?:the\\s+)?(?:${count}\\s+)?(?:full|complete|whole|entire)\\s+(?:iso\\s+|calendar\\s+)?weeks\\s+(?:of|in|within|during)\\s+`).exec(s);
  const span = of ? undefined : new RegExp(`\\b(?:the\\s+)?${count}\\s+(?:full\\s+|complete\\s+|whole\\s+)?(?:iso\\s+|calendar\\s+)?weeks\\s+(?=from\\s|between\\s)`).exec(s);
  const m = of ?? span;
  if (!m) return { s };
  const n = m[1] ? Number(NUMBER_WORDS[m[1]] ?? m[1]) : undefined;
  // "(weeks starting 2, 9, 16 and 23 June)": the weeks named again by their first days.
  const rest = `${s.slice(0, m.index)} ${of ? 'in ' : ''}${s.slice(m.index + m[0].length)}`.replace(/\(?\s*\bweeks?\s+(?:starting|beginning|commencing|of)\s+(?:on\s+)?(?:mon(?:day)?s?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s*(?:,|and|&)?\s*)+[a-z]+(?:\s+\d{4})?\s*\)?/, ' ');
  return { s: rest, ...(of ? { weeks: true } : {}), ...(n !== undefined ? { n } : {}) };
}
