/**
 * A sentence of context that dates what the question refers to: "Marketing ran a big campaign on 16 May 2025.
 * Break down that day's signups by channel." The context names the day; the question says "that day". The
 * question is read with the context's period in place of "that day", and the rest of the context (a campaign,
 * an outage) is left out — only when leaving it out changes nothing the agent would read: the context names no
 * figure but the question's own and no grouping, and every filter it names is named by the question too ("a checkout outage on 10 June.
 * How many checkout events that day?") or is a value of a breakdown the question asks for. Otherwise the question is read as it is (and refused if it cannot be).
 */
import type { ParsedQuestion } from './parser.ts';
import { extractTime, unitOfPeriod, type Grain } from './time-phrases.ts';

/** "that day's", "on that day", "the same week", "during that month": a period named by reference. */
const BACK_REF = /\b(?:(?:on|for|during|in|over|of)\s+)?(?:that|the\s+same)\s+(day|date|week|month)(?:'s|’s)?(?![\w'’])/i;

const UNIT_OF: Record<string, Grain> = { day: 'day', date: 'day', week: 'week', month: 'month' };

/** The question with the context sentence's period in place of its reference to it; undefined when it does not apply. */
export function withContextPeriod(question: string, now: Date, parse: (text: string) => ParsedQuestion[]): string | undefined {
  const sentences = question.trim().split(/(?<=[.!;])\s+(?=[A-Za-z])|\s+[-\u2013\u2014]\s+(?=(?:how|what|which|when|who|and|so|break|show|give|list|compare)\b)/i);
  if (sentences.length < 2) return undefined;
  const at = sentences.findIndex((s, i) => i > 0 && BACK_REF.test(s));
  if (at < 1) return undefined;
  const context = sentences.slice(0, at).join(' ');
  if (context.includes('?')) return undefined;
  const lower = context.toLowerCase().replace(/[.!;]+$/, '');
  const time = extractTime(lower, now);
  if (!time.period || time.secondPeriod || time.parts || time.future || time.comparison) return undefined;
  const ref = BACK_REF.exec(sentences.slice(at).join(' '))!;
  if (unitOfPeriod(time.period) !== UNIT_OF[ref[1].toLowerCase()]) return undefined;
  const phrase = blankedSpan(lower, time.rest);
  if (!phrase) return undefined;
  const target = sentences.slice(at).join(' ');
  const bare = `${target.slice(0, ref.index)} ${target.slice(ref.index + ref[0].length)}`.replace(/\s+/g, ' ').trim();
  const end = /[?.!]+$/.exec(bare);
  const rewritten = end ? `${bare.slice(0, end.index).trimEnd()} ${phrase}${end[0]}` : `${bare} ${phrase}`;
  const contextRead = parse(lower);
  const questionRead = parse(rewritten);
  // "a big signup spike on May 16. How many people signed up that day": a figure the question asks too is what it counts.
  const safe = contextRead.every((c, i) => c.measures.every((m) => questionRead[i].measures.some((q) => JSON.stringify(q) === JSON.stringify(m))) && !c.dimensions.length && !c.entities.length
    && c.filters.every((f) => questionRead[i].filters.some((g) => sameFilter(f, g))
      // "a big paid campaign on May 16. Break down that day's signups by channel": the breakdown shows that value too.
      || (f.kind === 'dimension' && !f.negate && questionRead[i].dimensions.includes(f.dimension))));
  return safe ? rewritten : undefined;
}

/** The words extractTime blanked out of `text`: from the first to the last ("on 16 may 2025"). */
function blankedSpan(text: string, rest: string): string | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    if (rest[i] === ' ' && text[i] !== ' ') {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? undefined : text.slice(first, last + 1).trim();
}

function sameFilter(a: ParsedQuestion['filters'][number], b: ParsedQuestion['filters'][number]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** "on each of the two", "for both", "the two of them": two values named before, by reference. */
const BOTH_REF = /\b(?:(?:on|for|of|in|across|at)\s+)?(?:each\s+of\s+(?:the|those|these)\s+(?:two|2)|(?:the\s+)?two\s+of\s+them|both(?:\s+of\s+them)?|them\s+both)\b/i;

/**
 * "Is the checkout page slower than the cart page? Show me the average event duration on each of the two.": a sentence
 * before the question names two values of one column (and nothing else the agent reads: no figure but the question's,
 * no grouping, period or other filter); the question's "each of the two" is those values, one row each. The rest of
 * that sentence (a comparison the answer's rows show) is left out. Undefined when it does not apply.
 */
export function withContextValues(question: string, parse: (text: string) => ParsedQuestion[]): string | undefined {
  const sentences = question.trim().split(/(?<=[.!?;])\s+(?=[A-Za-z])/);
  if (sentences.length < 2) return undefined;
  const at = sentences.findIndex((s, i) => i > 0 && BOTH_REF.test(s));
  if (at < 1) return undefined;
  const target = sentences.slice(at).join(' ');
  try {
    const contextRead = parse(sentences.slice(0, at).join(' ').replace(/[?.!;]+$/, ''));
    const first = contextRead[0];
    // "the checkout page … than the cart page": the values of one column, however the comparison reads them.
    const filters = first?.filters ?? [];
    const dims = new Set(filters.map((f) => (f.kind === 'dimension' ? f.dimension : '')));
    const values = [...new Set(filters.flatMap((f) => (f.kind === 'dimension' ? f.values : [])))];
    if (dims.size !== 1 || dims.has('') || values.length !== 2 || first.dimensions.some((d) => !dims.has(d)) || first.period || first.numeric.length || first.thresholds.length) return undefined;
    const rewritten = target.replace(BOTH_REF, ` for ${values.join(' and ')} by ${[...dims][0]}`);
    const questionRead = parse(rewritten);
    const safe = questionRead.every((q, i) => !q.unknown.length && q.measures.length > 0
      && contextRead[i].measures.every((m) => q.measures.some((n) => JSON.stringify(n) === JSON.stringify(m))));
    return safe ? rewritten : undefined;
  } catch {
    return undefined;
  }
}
