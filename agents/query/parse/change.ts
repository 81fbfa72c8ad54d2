/**
 * Stage 2, change between periods: "by what percentage did revenue grow", "percentage growth in signups",
 * "how much did orders drop". The change words (and the percent words that go with them) are read here, so they
 * are not taken for a value ("growth" is also a plan) or for a share; the periods compared are settled later.
 */
import { extractTime, unitOfPeriod } from '../time-phrases.ts';
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** Verbs of change: always about a change between periods. */
const VERBS = '(?:grow|grew|grown|growing|increased?|increasing|decreased?|decreasing|declined?|declining|changed?|changing|rose|risen|rise|rising|fell|fallen|fall|falling|dropped|drop|dropping|shrank|shrunk|shrink|jumped|jump|went up|went down|go up|go down|gone up|gone down)';
/** Nouns of change: about a change when a percent word, a figure or "in / of" frames them ("percentage growth in", "revenue growth"). */
const NOUNS = '(?:growth|increase|decrease|decline|change|drop|rise|uplift|lift|delta|difference)';
const PERCENT = '(?:percentage|percent|pct)';

/**
 * "did revenue drop yesterday compared to the same day last week?", "is revenue up this month vs last month?", "do we
 * get more orders on saturdays than on mondays?": a yes/no question comparing a figure between two periods or values
 * is answered with both values, a row each ("revenue yesterday vs the same day last week"), and a change asked beside
 * the later one (`yesNo`); "how much did it drop", "by what percent" ask the change itself.
 */
function withYesNoComparison(st: ParseState, s: string): string {
  const lead = /^(\s*(?:(?:so|and|ok|okay|hey|quick\s+q(?:uestion)?)\b[\s,:-]*)*)(?:did|is|are|was|were|has|have|does|do)\s+/.exec(s);
  // "is the median order value above 50 bucks this year?", "is the refund rate over 5%?": the figure itself answers it
  // (never a filter of the rows: "orders above $50").
  const bar = lead && (st.sentences ?? 1) === 1 ? /\s(?:above|below|over|under|(?:more|less|greater|higher|lower)\s+than|at\s+least|at\s+most|exceeding)\s+\$?\s?\d[\d,.]*\s*(?:k\b)?\s*(?:bucks|dollars|usd|euros?|%|percent|pct)?(?=\s|$)/.exec(s) : null;
  if (lead && bar && /\b(?:median|average|avg|mean|typical|total|overall|p\d{1,2}|percentile|rate|ratio|aov|share)\b/.test(s.slice(lead[0].length, bar.index))) {
    st.out.yesNo = true;
    return `${lead[1]}${s.slice(lead[0].length, bar.index)} ${s.slice(bar.index + bar[0].length)}`;
  }
  // One sentence only: "Is X busier than Y? Show me … on each of the two." says what to show (context-values.ts).
  if (!lead || /\bhow\s+(?:much|many)\b|\bby\s+(?:what|how)\b|\bpercent|\bpct\b|%/.test(s) || (st.sentences ?? 1) > 1) return s;
  // "is mobile our biggest device for revenue?", "is the US still our #1 country for signups?": which one is first.
  const first = /^(?:the\s+)?([a-z0-9/_@.~-]+(?:\s+(?!still\b)[a-z0-9/_@.~-]+)?)\s+(?:still\s+)?(?:our|the)\s+(?:#\s*1|number\s+(?:one|1)|no\.?\s*1|top|biggest|largest|best|leading|main|highest|strongest)\s+([a-z_]+?)s?\s+(?:for|by|in|on|when\s+it\s+comes\s+to)\s+(.+)$/.exec(s.slice(lead[0].length));
  const isValue = (w: string): boolean => /^@v~[a-z_]+~\S+$/.test(w) || st.vocab.codes.has(w.toUpperCase()) || (st.vocab.phrases.get(phraseKey(w)) ?? []).some((m) => m.t === 'value');
  if (first && isValue(first[1]) && (st.vocab.phrases.get(phraseKey(first[2])) ?? []).some((m) => m.t === 'dimension')) {
    return `${lead[1]}top 1 ${first[2]} by ${first[3]}`;
  }
  // "is AOV higher for enterprise or free-plan users?": the two values named with "or", compared.
  const either = /\b(?:higher|lower|bigger|smaller|better|worse|more|fewer|less)\b.*\s(?:or)\s/.test(s);
  // "is Japan ahead of Brazil on revenue?", "is mobile beating desktop": two values weighed.
  s = s.replace(/\b(?:ahead\s+of|behind|beating|outperforming|outselling)\s/g, 'vs ');
  if (!either && !/\b(?:vs\.?|versus|compared\s+(?:to|with)|than)\s/.test(s)) return s;
  if (either) s = s.replace(/\s(?:or)\s/, ' vs ');
  st.out.yesNo = true;
  // The change asked stays (both values are shown with it); "up" / "down" alone say one; a comparative weighs values.
  return `${lead[1]}${s.slice(lead[0].length)}`
    .replace(/\b(?:we|you|they)\s+(?:get|got|see|have|make|do)\s+/g, ' ')
    .replace(/\b(?:still|really|actually)\s+/g, ' ')
    .replace(/\b(?:trending|going|moving)\s+(up|down)\b|\b(up|down)\b(?=\s)/g, (_m, a: string | undefined, b: string | undefined) => ` went ${a ?? b} `)
    .replace(/\b(?:higher|lower|bigger|smaller|better|worse|more|fewer|less)\b(?=\s)/g, ' ')
    .replace(/\bthan\s/g, 'vs ');
}

export function changeStage(st: ParseState): void {
  const { out } = st;
  // "change the page to /cart", "please change the period to last year": an edit of the answer, as "switch … to" is.
  let s = withDifferenceOfPeriods(st, withYesNoComparison(st, st.s)).replace(/\b(?:change|changing)\s+(?=(?:the|that|this|it|my|our|its)\b[^.?!]{0,40}?\b(?:to|into)\b(?!\s+date\b))/g, 'switch ');
  const asked = (): void => { out.change ??= { percent: false }; };
  const percent = (): void => { out.change = { percent: true }; };
  // "by what percentage did … grow", "by how much did … drop", "what percent did … increase".
  const verb = new RegExp(`\\b${VERBS}\\b`).exec(s);
  if (verb) {
    asked();
    s = s.replace(new RegExp(`\\b(?:by\\s+)?(?:what|how\\s+many)\\s+${PERCENT}(?:\\s+points?)?\\b`), () => { percent(); return ' '; })
      .replace(/\bby\s+how\s+much\b|\bhow\s+much\b(?=.*\b(?:grow|grew|increase|decrease|decline|change|rise|rose|fell|fall|drop))/, ' ');
    s = s.replace(new RegExp(`\\b${VERBS}\\b(?:\\s+by)?`), ' ');
    if (new RegExp(`\\b${PERCENT}\\b`).test(s) && !out.change?.percent) { percent(); s = s.replace(new RegExp(`\\b(?:in\\s+|as\\s+an?\\s+)?${PERCENT}(?:\\s+terms)?\\b`), ' '); }
  }
  // "percentage growth in weekly active users", "% change of revenue", "the growth rate of orders", "revenue growth".
  const pct = new RegExp(`\\b(?:the\\s+)?${PERCENT}\\s+${NOUNS}\\b`).exec(s);
  if (pct) { percent(); s = s.replace(pct[0], ' '); }
  // "% revenue growth", "percent signup growth": the figure named between the percent word and the change noun.
  const pctOf = new RegExp(`\\b(?:the\\s+)?${PERCENT}\\s+((?:[a-z_]+\\s+){1,3}?)${NOUNS}\\b`).exec(s);
  if (pctOf && (st.vocab.phrases.get(phraseKey(pctOf[1].trim())) ?? []).some((m) => m.t === 'measure')) { percent(); s = s.replace(pctOf[0], ` ${pctOf[1]} `); }
  const rate = new RegExp(`\\b${NOUNS}\\s+(?:rate|percentage|percent|pct)\\b`).exec(s);
  // "growth rate" is a rate: the fraction alone (shown as a percent); "growth percentage" adds the number of percent.
  if (rate) { if (/rate$/.test(rate[0])) asked(); else percent(); s = s.replace(rate[0], ' '); }
  // A change noun framed as a change: followed by in / of / from, or after a figure word ("revenue growth", read once
  // the figure is known: left to the terms stage, which refuses it when no periods are compared).
  const framed = new RegExp(`\\b${NOUNS}\\s+(?=(?:in|of|from)\\s+(?!the\\s+${NOUNS}\\s+plan))`).exec(s);
  if (framed && !/\bgrowth\s+(?:plan|tier)\b/.test(s.slice(framed.index))) { asked(); s = s.replace(framed[0], ' '); }
  // "MoM revenue growth last month", "week over week change": a change from the unit before; with a period of that
  // unit it is that period vs the one before, without one it would be a change for every unit (refused later).
  const over = /\b(?:(mom|wow|yoy|qoq|dod)|(day|week|month|quarter|year)(?:\s*-\s*|\s+)(?:over|on)(?:\s*-\s*|\s+)\2)\b/.exec(s);
  if (over) {
    asked();
    const unit = over[2] ?? { mom: 'month', wow: 'week', yoy: 'year', qoq: 'quarter', dod: 'day' }[over[1]];
    s = s.replace(over[0], ' ');
    // With a period longer than one unit ("this year", "from February to May"), a change for every unit in it.
    const named = (() => { try { return extractTime(s, st.now).period; } catch { return undefined; } })();
    if (!named || unitOfPeriod(named) !== unit) s = `${s} by ${unit}`;
  }
  // "revenue growth last month, in %", "MoM growth as a percentage": with a change asked, the percent words ask for it in percent.
  if (!out.change?.percent && (out.change || new RegExp(`\\b${NOUNS}\\b(?!\\s+(?:plan|tier))`).test(s))) {
    const inPercent = new RegExp(`\\b(?:in|as\\s+an?)\\s+${PERCENT}s?(?:\\s+terms)?\\b`).exec(s);
    if (inPercent) { percent(); s = s.replace(inPercent[0], ' '); }
  }
  // "how much more revenue did we make in May than in April", "how many fewer orders this week than last week": the
  // difference of the two periods, the first named minus the second ("more") or the second minus the first ("less").
  const diff = /\bhow\s+(?:much|many)\s+(more|less|fewer)\b(?!\s+than\b)(.*?)\bthan\b/.exec(s);
  if (diff) {
    out.change = { percent: false };
    out.differenceOf = { dir: diff[1] === 'more' ? 'more' : 'less', first: diff[2] };
    s = s.slice(0, diff.index) + s.slice(diff.index).replace(/\b(more|less|fewer)\b/, ' ');
  }
  st.s = s;
}

/**
 * The words as a phrase naming one period and nothing else ("in april", "last week"), read with "in" before them when
 * they need it ("may" beside "minus" is the month); undefined when they name anything else.
 */
function periodOf(words: string[], now: Date, prefix = false): string | undefined {
  if (!words.length) return undefined;
  // With `prefix`, the longest run of the first words that names a period.
  if (prefix) {
    for (let k = words.length; k >= 1; k--) { const p = periodOf(words.slice(0, k), now); if (p) return p; }
    return undefined;
  }
  for (const text of [words.join(' '), `in ${words.join(' ')}`]) {
    const t = extractTime(` ${text} `, now);
    if (t.period && !t.rest.trim() && !t.comparison && !t.comparedTo && !t.secondPeriod) return text;
  }
  return undefined;
}

/**
 * "the difference in revenue between May and April", "revenue, May minus April": the difference of one figure between
 * two named periods, a single value, the first period named minus the second. "<period> minus <period>" also says the
 * direction of a difference asked around it ("difference between May and April (May minus April)"); when the two
 * periods are named nowhere else they become the periods compared.
 */
function withDifferenceOfPeriods(st: ParseState, s: string): string {
  const { out, now } = st;
  let words = s.trim().split(/\s+/);
  let first: string | undefined, firstEarlier = false;
  const noun = words.findIndex((w) => /^(?:difference|delta|gap)$/.test(w));
  const between = noun >= 0 ? words.indexOf('between', noun) : -1;
  if (between > noun && noun >= 0) {
    const and = words.indexOf('and', between);
    const named = and > between + 1 ? periodOf(words.slice(between + 1, and), now) : undefined;
    // "between the week before and last week": the unit before the period named second, named first.
    const before = and > between + 1 && !named && unitBeforeOf(words.slice(between + 1, and)) && periodOf(words.slice(and + 1, and + 5), now, true);
    if (named || before) {
      first = named ?? '';
      firstEarlier = !named;
      words = [...words.slice(0, noun).filter((w, i) => !(i === noun - 1 && w === 'the')), ...words.slice(noun + 1)];
    }
  }
  const minus = words.indexOf('minus');
  if (minus > 0) {
    let a = 0, b = 0, gap = 0, one: string | undefined, two: string | undefined;
    // "last week's revenue minus the previous week's": the figure may stand between the first period and "minus".
    for (let g = 0; g <= 2 && !a; g++) {
      const end = minus - g;
      if (g && (end < 1 || periodOf(words.slice(end, minus), now))) break;
      for (let k = Math.min(4, end); k >= 1 && !a; k--) if ((one = periodOf(words.slice(end - k, end), now) ?? relativeOf(words.slice(end - k, end)))) { a = k; gap = g; }
    }
    const after = (skip: number): void => {
      for (let k = Math.min(4, words.length - minus - 1 - skip); k >= 1 && !b; k--) if ((two = periodOf(words.slice(minus + 1 + skip, minus + 1 + skip + k), now) ?? relativeOf(words.slice(minus + 1 + skip, minus + 1 + skip + k)))) b = k;
    };
    after(0);
    // "orders last month minus orders the month before": the figure named again after "minus" (words that are no period
    // of their own, the same as those before the first period) is the same figure.
    const lead = [...words.slice(0, minus - gap - a), ...words.slice(minus - gap, minus)].join(' ');
    let skip = 0;
    for (let k = Math.min(3, minus - a); k >= 1 && !skip && !b; k--) {
      const again = words.slice(minus + 1, minus + 1 + k).join(' ');
      if (lead.endsWith(` ${again}`) || lead === again) { skip = k; after(k); if (!b) skip = 0; }
    }
    // One of the two may be the unit before the other ("last week minus the week before"), never both.
    const oneRel = !!one && !!relativeOf(one.split(' ')), twoRel = !!two && !!relativeOf(two.split(' '));
    if (one && two && !(oneRel && twoRel)) {
      first = oneRel ? '' : one;
      firstEarlier = oneRel;
      const rest = [...words.slice(0, minus - gap - a), ...words.slice(minus - gap, minus), ...words.slice(minus + 1 + skip + b)];
      // The periods named elsewhere ("between May and April") are the ones compared; else these two are, the absolute
      // one first (the time stage reads "the week before" after it).
      words = extractTime(` ${rest.join(' ')} `, now, { change: true }).comparison ? rest : oneRel ? [...rest, two, 'vs', one] : [...rest, one, 'vs', two];
    }
  }
  if (first === undefined) return s;
  out.change = { percent: false };
  out.differenceOf = { dir: 'more', first, ...(firstEarlier ? { firstEarlier: true } : {}) };
  return ` ${words.join(' ')} `;
}

/** The unit of "the week before", "the previous month", "the day prior" (a period named relative to another), if they say one. */
function unitBeforeOf(words: string[]): string | undefined {
  const m = /^(?:the\s+)?(?:(day|week|month|quarter|year)\s+(?:before|prior)(?:\s+(?:that|it))?|(?:previous|prior|preceding)\s+(day|week|month|quarter|year))$/.exec(words.join(' '));
  return m ? (m[1] ?? m[2]) : undefined;
}

/** The words, as written, when they name the unit before another period ("the week before"). */
function relativeOf(words: string[]): string | undefined {
  return unitBeforeOf(words) ? words.join(' ') : undefined;
}
