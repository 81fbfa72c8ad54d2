/**
 * A closing clause that only says how the answer is laid out: "refund rate by month, January through May 2025 — month
 * and rate", "weekly signups … week start + count pls", "… by channel: revenue, customers and revenue per customer —
 * 4 columns, one row per channel", "…? one row, two numbers", "…, single number", "(4 weeks)" after a range of four
 * weeks, ", 24 rows" after a breakdown by hour of day. It names only the question's own grouping, time bucket and
 * figures (or words for them: "rate", "average", "start", "date"), a count of columns, numbers or rows that follows
 * from the question, and layout words — no value, period, other figure or number — so the question is read without it.
 * Used with the other asides (asides.ts) only when it holds a word not understood.
 */
import type { ParsedQuestion } from './parser.ts';

const COUNT_WORD: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 };
const COUNT = String.raw`(?:\d{1,2}|${Object.keys(COUNT_WORD).join('|')})`;
/** Layout words, taken out before the rest is read. */
const LAYOUT = /\b(?:in\s+(?:that|this|the\s+same)\s+order|one\s+row\s+each|as\s+(?:a\s+)?(?:fraction|decimal|number|ratio)s?|columns?|cols?|combos?|combinations?|pairs?|long|wide|flat|tidy|table|list|pls|please|plz|thx|thanks|just|only|the|a|an|and|with|plus|then|each|its|their)\b|[+&,/]/g;
/** Counts of the answer's parts: "4 columns", "one row", "two numbers", "a single number" (not "one row per channel"). */
const PARTS = new RegExp(String.raw`\b(?:(?:a\s+)?single|(${COUNT}))\s+(columns?|cols?|numbers?|values?|figures?|rows?)\b(?!\s+(?:per|each|for|by)\b)`, 'g');
/** Words for what the question names already, when it names it. */
const TIME_WORDS = /^(?:date|dates|day|days|week|weeks|month|months|quarter|quarters|year|years|hour|hours|start|starts|period|bucket)$/;
const PLAIN_WORDS = /^(?:value|values|number|numbers|count|counts|total|totals|figure|figures|amount|result|name|names|id|ids|key|keys|label|labels|one|row|rows)$/;
/** Rows a breakdown by a cyclic column always has. */
const CYCLE_ROWS: Record<string, number> = { hour_of_day: 24, day_of_week: 7, day_of_month: 31, month_of_year: 12 };
const DAY_MS = 86_400_000;
/** "which country had the highest …": one row asked for already. */
const ONE_ROW_ASKED = /\b(?:which|what)\b.*\b(?:highest|lowest|most|least|best|worst|biggest|largest|smallest|top|fewest)\b/i;

/** The question without its closing layout clause; the question unchanged when it has none. */
export function withoutShapeClause(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, alike?: (a: string, b: string) => boolean): string {
  // "(4 weeks). week start + count pls": each clause in turn, the last first.
  for (let out = question; ;) {
    const next = withoutOneClause(out, unknown, parse, alike);
    if (next === out) return out;
    out = next;
  }
}

function withoutOneClause(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, alike?: (a: string, b: string) => boolean): string {
  // Candidate cuts: before a dash, colon, comma, sentence end or a closing bracket group, the longest clause first.
  const cuts = [...question.matchAll(/\s*(?:[\u2014\u2013]|\s-\s|[:;,]|[?.!](?=\s)|\((?=[^()]*\)\s*[?.!]*\s*$))/g)].map((m) => m.index!);
  for (const at of cuts) {
    const head = question.slice(0, at);
    const tail = question.slice(at);
    const words = tail.toLowerCase().split(/[^a-z0-9_'.-]+/).map((w) => w.replace(/\.+$/, ''));
    if (!head.trim() || !words.some((w) => unknown.has(w) || unknown.has(String(COUNT_WORD[w])))) continue;
    if (isLayout(tail, head, parse(head), parse, alike)) return head;
  }
  return question;
}

function isLayout(tail: string, headText: string, head: ParsedQuestion, parse: (text: string) => ParsedQuestion, alike?: (a: string, b: string) => boolean): boolean {
  let text = tail.toLowerCase().replace(/[\u2014\u2013()?.!:;]/g, ' ').replace(/\s-\s/g, ' ');
  if (isRatioSaidAgain(text, headText)) return true;
  // "(4 weeks)" after a range of four weeks.
  const span = /^\s*(\d{1,2}|[a-z]+)\s+(day|week|month)s?\s*$/.exec(text);
  if (span) return spanOf(head, span[2]) === (COUNT_WORD[span[1]] ?? Number(span[1]));
  // "just the top one": only when the question asks for that many already.
  let limitOk = true;
  text = text.replace(new RegExp(String.raw`\b(?:top|first)\s+(${COUNT})\b`, 'g'), (_m, n: string) => {
    const rows = COUNT_WORD[n] ?? Number(n);
    limitOk &&= head.limit === rows || (rows === 1 && head.limit === undefined && ONE_ROW_ASKED.test(headText));
    return ' ';
  });
  if (!limitOk) return false;
  // "4 columns" after three figures by a grouping; "one row", "two numbers" when the answer is one row of that many;
  // "24 rows" after hours of the day.
  let partsOk = true;
  const columns = head.dimensions.length + (head.grain ? 1 : 0) + head.measures.length;
  const oneRow = !head.dimensions.length && !head.grain;
  text = text.replace(PARTS, (_m, n: string | undefined, what: string) => {
    const count = n === undefined ? 1 : COUNT_WORD[n] ?? Number(n);
    if (/^col/.test(what)) partsOk &&= count === columns;
    else if (/^row/.test(what)) partsOk &&= count === 1 ? oneRow : head.dimensions.length === 1 && !head.grain && CYCLE_ROWS[head.dimensions[0]] === count;
    else partsOk &&= oneRow && count <= head.measures.length; // a figure read as a qualifier is counted here too
    return ' ';
  });
  if (!partsOk) return false;
  text = text.replace(LAYOUT, ' ');
  const words = text.split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => !(PLAIN_WORDS.test(w) || (TIME_WORDS.test(w) && (head.grain || head.period))
    // With no figure of its own (a follow-up), "rate" names the previous answer's.
    || (/^rates?$/.test(w) && (head.measures.length === 0 || head.measures.some((x) => x.kind === 'measure' && /rate/.test(x.name))))
    || (/^(?:average|avg|mean)$/.test(w) && head.measures.some((x) => (x.kind === 'column' && x.agg === 'avg') || (x.kind === 'measure' && /avg|aov|average/.test(x.name))))
    || (/^(?:share|shares|percent|percentage|fraction)$/.test(w) && !!head.share)));
  if (kept.some((w) => /\d/.test(w))) return false;
  if (!kept.length) return true;
  const t = parse(kept.join(' '));
  if (t.unknown.length || t.filters.length || t.period || t.numeric.length || t.thresholds.length) return false;
  if (t.grain && t.grain !== head.grain) return false;
  if (t.limit !== undefined && t.limit !== head.limit) return false;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  // "… by signup channel? Columns: plan, channel, users": a column named by a wider word of the same column ("channel").
  return t.dimensions.every((d) => head.dimensions.includes(d) || head.dimensions.some((h) => alike?.(d, h)))
    && t.measures.every((x) => head.measures.some((y) => same(x, y)) || (x.kind === 'measure' && head.measures.some((y) => y.kind === 'measure' && alike?.(`measure:${x.name}`, `measure:${y.name}`))));
}

/** How many whole days / weeks / months the question's period spans (undefined when not whole). */
function spanOf(p: ParsedQuestion, unit: string): number | undefined {
  if (!p.period || p.period.parts) return undefined;
  const from = new Date(p.period.from), to = new Date(p.period.to);
  const end = p.period.toInclusive ? to.getTime() + DAY_MS : to.getTime();
  if (unit === 'month') {
    const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
    return from.getUTCDate() === 1 && to.getUTCDate() === 1 && !p.period.toInclusive ? months : undefined;
  }
  const days = (end - from.getTime()) / DAY_MS;
  const n = unit === 'week' ? days / 7 : days;
  return Number.isInteger(n) ? n : undefined;
}

const FILLER = new Set(['all', 'total', 'the', 'number', 'count', 'of', 'with', 'a', 'an', 'distinct', 'that', 'which', 'who', 'had', 'have', 'has',
  'include', 'includes', 'including', 'those', 'every', 'each', 'unique', 'one', 'i', 'e', 'ie', 'is', 'so', 'meaning']);
/** A question that asks for a ratio of its own: a share, a rate, or a figure per entity. */
const ASKS_RATIO = /\b(?:share|percent|percentage|fraction|proportion|ratio|rate|per|average|avg|mean)\b/i;
/** "events / sessions", "paid revenue divided by total revenue", "i.e. sessions with a purchase over all sessions". */
const WRITTEN_RATIO = /^\s*(?:(?:i\s*\.?\s*e|that\s+is|meaning|so|one\s+number)\s*,?\s+)?((?:[a-z_@~-]+\s+){0,4}[a-z_@~-]+)\s+(?:\/|divided\s+by|over|out\s+of)\s+((?:[a-z_@~-]+\s+){0,4}[a-z_@~-]+)\s*$/;

/**
 * "avg number of events per session, by device (events / sessions)", "what share of revenue came from paid? one
 * number, paid revenue divided by total revenue": a ratio written out after a question that asks for a share, a rate or
 * a figure per entity, in words the question has all said already, restates it.
 */
function isRatioSaidAgain(text: string, headText: string): boolean {
  const m = WRITTEN_RATIO.exec(text.replace(/,/g, ' ').replace(/\s+/g, ' '));
  if (!m || !ASKS_RATIO.test(headText)) return false;
  const said = new Set(headText.toLowerCase().split(/[^a-z0-9_@~-]+/).filter(Boolean).flatMap((w) => [w, w.replace(/s$/, '')]));
  const words = `${m[1]} ${m[2]}`.split(/\s+/).filter((w) => w && !FILLER.has(w));
  return words.length >= 2 && words.every((w) => said.has(w) || said.has(w.replace(/s$/, '')));
}

