/**
 * Stage 2, references to the previous answer that are not a figure, a value or a grouping of their own:
 *
 * - "that day", "that week", "the same month", "during that period", "back then": the previous answer's period
 *   (`thatPeriod`; the agent puts it in, or refuses when there is none or it is not one such unit);
 * - "make that a rate", "as a percentage", "what % is that": the previous figure as a rate (`asRate`; the agent reads
 *   a count of one value as that value's rate among all rows, anything else as the share it always was);
 * - "by category", "and per week", "split by device" with nothing else to say: a refinement (`opensWithBreakdown`;
 *   refused when there is no answer before it to break down).
 */
import { phraseKey } from '../vocabulary.ts';
import { GRAIN_TOKENS } from '../words.ts';
import type { Grain } from '../time-phrases.ts';
import type { ParseState } from './state.ts';
import type { ColumnAgg } from '../semantic-query.ts';

const UNIT_OF: Record<string, Grain> = { day: 'day', date: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/** Words after a period phrase that make it another period or a clause ("the same day last week", "the same day they signed up"). */
const NOT_THAT = String.raw`(?!\s+(?:last|of|in|a|an|one|the|previous|prior|before|after|next|vs|versus|compared|this|ago|as|that|which|when|where|they|we|he|she|it|you|i|\d))`;
const PERIOD_REF = new RegExp(String.raw`(?:\b(?:on|in|during|for|over|across|within|at|from)\s+)?\b(?:that|those|the\s+same|that\s+same|this\s+same|the\s+very\s+same)\s+`
  + String.raw`(day|date|week|month|quarter|year|time\s+period|time\s+frame|timeframe|period|time|date\s+range|range|window|stretch|span|days|dates|weeks|months)\b${NOT_THAT}`);
/** "how many refunds were there then?", "what was revenue back then": "then" last, after a word that does not make it "since then". */
const THEN_LAST = /(^|\s)(?!(?:and|so|but|ok|okay|since|until|till|before|after|from|by|now|just|even|what|only)\s)([a-z0-9_'%-]+)\s+(?:back\s+)?then\s*([?.!]*)\s*$/;
const LIKE_FOR_LIKE = /\b(?:same\s+(?:period|days|time|point|stretch)|like[\s-]+for[\s-]+like|to\s+date|so\s+far|mtd|wtd|ytd|qtd)\b/;

/** "make that a rate", "turn it into a percentage", "as a share", "in percent", "what % is that", "rates instead". */
const AS_RATE = new RegExp([
  String.raw`\b(?:make|turn|convert|change|show|give|express|put)\s+(?:that|it|this|them|those|these|the\s+(?:numbers?|figures?|counts?))\s+(?:(?:in)?to\s+|as\s+|in\s+)?(?:an?\s+)?(rate|rates|percentage|percentages|percent|share|shares|ratio|proportion|fraction)s?\b`,
  String.raw`^\s*(?:(?:ok|okay|so|then|now|and|but|can\s+you|could\s+you|please|pls)\b[\s,]*)*(?:as|in)\s+(?:an?\s+)?(rate|rates|percentage|percentages|percent|share|shares|ratio|proportion|fraction)s?\b`,
  String.raw`\bwhat\s+(?:is\s+|s\s+)?(?:the\s+)?(rate|percentage|percent|share|ratio|proportion|fraction)\s+(?:is|are|was|were|would\s+be)\s+(?:that|those|this|it|these)\b`,
  String.raw`\bwhat\s+(?:is|s|was)\s+(?:that|this|it)\s+(?:as\s+)?(?:an?\s+|in\s+)(rate|percentage|percent|share|ratio|proportion|fraction)\b`,
  String.raw`^\s*(?:(?:ok|okay|so|then|now|and|but)\b[\s,]*)*(?:the\s+)?(rate|rates|percentage|percentages|percent)\s+instead\b`,
  // "refunds by device as a rate": at the end of a question that names its figure ("rate" alone is no word of the model).
  String.raw`[\s,]*\b(?:as|in|into)\s+(?:an?\s+)?(rate|rates)\s*[?.!]*\s*$`,
].join('|'));

/** A message that opens with a grouping ("by category", "and per week", "now by device", "split by plan"). */
const OPENS_WITH_BY = /^\s*(?:(?:ok|okay|so|then|now|and|also|but|plus|what\s+about|how\s+about)\b[\s,]*)*(?:(?:split|break|broken|group|grouped|slice|cut|segment)(?:\s+(?:it|that|this|them|those|these))?\s+(?:down\s+|up\s+|out\s+)?)?(?:by|per)\b/;

/**
 * "as a share of all orders in each category", "as a percentage of total orders per device": a count as a share of
 * all its table's rows within each group is the rate of its condition by that group ("cancelled orders by category"
 * → cancellations / orders in each category). Group [1] the word, [2] and [3] values
 * naming the rows, [4] the rows, [5] the grouping.
 */
const SHARE_WITHIN = /(?:^|\s)(?:(?:as|in)\s+)?(?:an?\s+|the\s+)?(share|shares|percentage|percent|fraction|proportion)\s+of\s+((?:[a-z_]+\s+){0,2}?)(?:all|total|the)\s+(?:the\s+)?((?:[a-z_]+\s+){0,2}?)([a-z_]+)\s+(?:(?:in|within|for|per|of|across)\s+(?:each|every|its|their|that|the\s+same)|per|each|every)\s+([a-z_]+)\b/;

/** Aggregate words and the aggregate each names. */
const AGG_OF: Record<string, ColumnAgg> = { minimum: 'min', min: 'min', lowest: 'min', maximum: 'max', max: 'max', highest: 'max', median: 'median', average: 'avg', avg: 'avg', mean: 'avg', sum: 'sum', total: 'sum' };
const AGG_ALT = Object.keys(AGG_OF).join('|');
/** "the median instead of the average", "max rather than min", "swap the average for the median". */
const AGG_SWAP = new RegExp(String.raw`\b(?:(?:give|show)\s+(?:me\s+|us\s+)?)?(?:the\s+)?(${AGG_ALT})\s+(?:instead\s+of|rather\s+than|in\s+place\s+of|not)\s+(?:the\s+)?(${AGG_ALT})\b|\b(?:swap|replace|switch)\s+(?:the\s+)?(${AGG_ALT})\s+(?:for|with|to)\s+(?:the\s+)?(${AGG_ALT})\b`);

/** Reads an aggregate swapped for another ("the median instead of the average") before "instead of" is read as a swap of names. */
export function withAggregateSwap(st: ParseState, s: string): string {
  const swap = AGG_SWAP.exec(s);
  if (!swap) return s;
  const [to, from] = swap[1] ? [swap[1], swap[2]] : [swap[4], swap[3]];
  if (AGG_OF[to] === AGG_OF[from]) return s;
  st.out.aggSwap = { from: AGG_OF[from], to: AGG_OF[to] };
  st.out.followUp = true;
  return `${s.slice(0, swap.index)} it ${s.slice(swap.index + swap[0].length)}`;
}

export function referStage(st: ParseState): void {
  const { out } = st;
  let s = st.s;
  if (OPENS_WITH_BY.test(s) || out.addDimensions) out.opensWithBreakdown = true;
  const within = SHARE_WITHIN.exec(s);
  const rows = within ? st.vocab.phrases.get(phraseKey(within[4])) ?? [] : [];
  const countOfRows = rows.some((m) => m.t === 'measure' && st.model.measures.some((x) => x.name === m.name && x.agg === 'count'));
  // "all mobile orders each day": values before the rows (kept as filters of the answer) and a dimension or a time unit.
  const valuesBefore = within ? `${within[2]} ${within[3]}`.trim().split(/\s+/).filter(Boolean) : [];
  const named = valuesBefore.every((w) => (st.vocab.phrases.get(phraseKey(w)) ?? [])[0]?.t === 'value');
  const group = within ? (st.vocab.phrases.get(phraseKey(within[5])) ?? []).find((m) => m.t === 'dimension') ?? (GRAIN_TOKENS[within[5]] ? within[5] : undefined) : undefined;
  if (within && countOfRows && named && group) {
    out.asRate = /^percent/.test(within[1]) ? 'percent' : 'fraction';
    out.followUp = true;
    if (valuesBefore.length) { out.restricts = true; out.rateRowsNamed = true; }
    s = `${s.slice(0, within.index)} ${valuesBefore.join(' ')} by ${within[5]} ${s.slice(within.index + within[0].length)}`;
  }
  const rate = out.asRate ? null : AS_RATE.exec(s);
  // "what percentage of orders were refunded? Give it as a percentage": said after a question that asks a share or a
  // rate itself, the words only say how it is written.
  if (rate && /\b(?:share|percentage|percent|pct|proportion|fraction|ratio|rate)\b|%/.test(s.slice(0, rate.index))) {
    const w = rate.slice(1).find((x) => x) ?? '';
    s = `${s.slice(0, rate.index)}${/^percent/.test(w) ? ' in percent ' : ' '}${s.slice(rate.index + rate[0].length)}`;
  } else if (rate) {
    const w = rate.slice(1).find((x) => x) ?? 'rate';
    out.asRate = /^(?:rate|rates|ratio)$/.test(w) ? 'rate' : /^percent/.test(w) ? 'percent' : 'fraction';
    out.followUp = true;
    s = `${s.slice(0, rate.index)} ${s.slice(rate.index + rate[0].length)}`.replace(/^\s*instead\b/, ' ');
  }
  const ref = PERIOD_REF.exec(s);
  if (ref) {
    const word = ref[1].replace(/\s+/g, ' ');
    out.thatPeriod = { text: ref[0].trim(), ...(UNIT_OF[word] ? { unit: UNIT_OF[word] } : {}) };
    s = `${s.slice(0, ref.index)} ${s.slice(ref.index + ref[0].length)}`;
    if (out.likeForLike && !LIKE_FOR_LIKE.test(s)) delete out.likeForLike;
  } else {
    const then = THEN_LAST.exec(s);
    if (then && then[2] !== 'and') {
      out.thatPeriod = { text: 'then', soft: true };
      s = `${s.slice(0, then.index)}${then[1]}${then[2]} ${then[3]}`;
    }
  }
  st.s = s;
}

const COUNT_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };
/** "for the top one", "from the bottom 2", "for the top country": a clause ending there, in the message as written. */
const TOP_OF_PREVIOUS = /(?:^|[\s,;:])(?:for|in|of|among|within|from)\s+(?:the\s+)?(top|best|biggest|largest|leading|bottom|worst|smallest)\s+(one|two|three|four|five|\d+)?\s*(ones?|[a-z_]+)?(?=\s*(?:[,;:?.!]|$))/i;

/**
 * "how many customers bought from the top one?": the previous answer's first rows, named by their place in its ranking.
 * Read here and taken out of the text, so what is left is read as the question it is ("how many customers bought"),
 * not as a ranking of its own; the agent reads those rows from the previous answer's query (refer.ts).
 */
export function withTopOfPrevious(st: ParseState, question: string, s: string): string {
  const m = TOP_OF_PREVIOUS.exec(question.trim());
  if (!m) return s;
  const n = m[2] ? COUNT_WORDS[m[2].toLowerCase()] ?? Number(m[2]) : 1;
  if (!Number.isInteger(n) || n < 1) return s;
  const rank = m[1].toLowerCase();
  const noun = m[3]?.toLowerCase();
  const count = m[2] ? `(?:${m[2].toLowerCase()}|${n})\\s*` : '';
  const said = new RegExp(`\\b(?:for|in|of|among|within|from)\\s+(?:the\\s+)?${rank}\\s+${count}${noun ? `(?:${noun.replace(/[^a-z_]/g, '')})?` : ''}`);
  if (!said.test(s)) return s;
  st.out.topOfPrevious = { n, order: /^(?:bottom|worst|smallest)$/.test(rank) ? 'asc' : 'desc', ...(noun ? { noun } : {}), text: m[0].replace(/^[\s,;:]+/, '') };
  return s.replace(said, ' ');
}
