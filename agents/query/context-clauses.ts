/**
 * Clauses of chatter around a question: "Hi! Revenue manager here, I come from the hotel side so bear with me 🙂 what
 * was our total revenue last month?", "… per day over the last 14 days? think of it as my daily pickup report",
 * "Morning team — signups are basically our loyalty enrolments, right? what were total signups last week?".
 *
 * A clause (a sentence, or a part of one set off by a comma, a colon, a dash or an emoji) that holds a word not
 * understood, speaks of the asker or the reader ("I", "we", "my", "here" …) or labels the question before a colon
 * ("Class exercise:"), and — read alone — asks nothing the rest of the question does not ask already (the same figures,
 * groupings, period and grain; values that the rest names too or that cannot filter its figure; no number, no
 * "only" / "not" / "except" / "by" …) is context: the question is read without it, and the answer says which words it
 * left out. A clause of unknown words that could restrict the rows ("…, VIP customers") speaks of no one and stays,
 * so such a question is still refused.
 */
import type { ParsedQuestion } from './parser.ts';

/** Words that restrict, widen or split what is counted: a clause holding one is never left out. */
const GUARD = /\b(?:not|no|never|none|except|excluding|excluded|exclude|excl|without|only|just|including|include|included|incl|plus|minus|net|gross|instead|than|vs|versus|but|per|by|each|every|whose|unless|if|between|from\s+\S+\s+to|top|bottom|first|last)\b/i;
/** A clause that begins with a preposition says which rows ("…, in Germany", "…, for mobile"), unless it labels the question. */
const RESTRICTS = /^\s*(?:where|whose|with|for|in|on|from|of|at|among|via|through)\b/i;
/** The asker, the reader or the place of asking. */
const SPEAKER = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|we'd|we'll|us|our|ours|you|you're|your|here|folks|team)\b|^\s*(?:trying|want|wanting|need|needing|hoping|planning|looking|working|prepping|preparing|doing|writing|building|putting|running|teaching)\b/i;
/** A question's label before a colon: "Class exercise:", "Cohort question:", "Example for a lecture …:", "QA check:". */
const LABEL = /\b(?:example|exercise|question|q|query|request|task|ticket|check|test|testing|challenge|puzzle|homework|quiz|lecture|lesson|class|session|workshop|episode|talk|demo|slide|deck|run)\b/i;

/** A greeting or a tag question alone: "morning!", "Morning team —", "Hola,", "…, right?". */
const GREETING = /^\s*(?:(?:good\s+)?(?:morning|afternoon|evening)|hi|hello|hey|hiya|hola|buenas|yo|right|correct|ok|okay|cheers|thanks|thank\s+you)(?:\s+(?:team|all|everyone|everybody|folks|guys|there|y'all))?\s*$/i;

/**
 * A clause that tells what happened or who wants it, with no one asking in it: "deciding which region gets the next
 * server", "SOC wants a quick pulse", "someone reported an outage in that window", "the producer is asking".
 */
const REMARK_VERB = /^\s*[a-z]+ing\b|\b(?:wants?|wanted|asked|asks|asking|reported|mentioned|said|says|saying|will\s+ask|started|shipped|launched|thinks?|believes?|suspects?|is\s+going|it's|that's)\b/i;
/** "like recruitment per month", "think of it as donor retention": an analogy for the reader. */
const ANALOGY = /^\s*(?:(?:kind|sort)\s+of\s+)?(?:like|similar\s+to|think(?:ing)?\s+of\s+it\s+(?:as|like)|as\s+in)\b/i;
/** "…, for a client status report", "… for the morning huddle": what the answer is for, at the end. */
const PURPOSE = /^\s*(?:a\s+|the\s+)?(?:baseline|input|context|background|reference|benchmark|groundwork|prep)\s+for\s+\S.*$|^\s*for\s+(?:a|an|the|my|our|this|tomorrow's|today's|next\s+week's)\s+(?:[a-z&'-]+\s+){0,3}(?:report|meeting|deck|slides?|review|update|audit|presentation|dashboard|huddle|stand-?up|sync|memo|newsletter|post|episode|class|lecture|lesson|board|call|email|briefing|summary)s?\s*$/i;

/** A clause and the separator after it (kept when the clause stays). */
interface Clause { text: string; sep: string }

const split = (question: string): Clause[] => {
  const parts = question.split(/(\s*(?:[.!?;]+(?=\s|$)|:(?=\s)|\s[-\u2013\u2014]+(?=\s)|,(?=\s)|\p{Extended_Pictographic}+|\s[:;]-?[()DPp](?=\s|$))\s*)/u);
  const out: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) out.push({ text: parts[i], sep: parts[i + 1] ?? '' });
  return out;
};

const key = (x: unknown): string => JSON.stringify(x);
const truthy = (v: unknown): boolean => !!v && !(Array.isArray(v) && v.length === 0);
/** Fields a clause of context may hold, each checked against the rest of the question below. */
const CHECKED = new Set(['singular', 'qualifiers', 'chart', 'measures', 'measureValues', 'dimensions', 'filters', 'entities', 'grain', 'autoGrain', 'period', 'unknown', 'skipped', 'forOpener', 'howMuch', 'countIntent', 'empty']);

const bounds = (p: NonNullable<ParsedQuestion['period']>): [string, string] => [p.from, p.to];
/** Two periods that share some time: a remark's day inside the question's span, or the span the question's day is in. */
const overlaps = (a: NonNullable<ParsedQuestion['period']>, b: NonNullable<ParsedQuestion['period']>): boolean => a.from < b.to && b.from < a.to;

/**
 * True when `c`, read alone, asks nothing that `r` (the rest of the question) does not ask already. A remark (`remark`:
 * a clause about what happened, "we shipped a new button on the 20th") may name a time inside the question's period.
 */
export function addsNothing(c: ParsedQuestion, r: ParsedQuestion, canFilter: (dimension: string, figure: ParsedQuestion) => boolean, remark = false): boolean {
  const rec = c as unknown as Record<string, unknown>;
  // A remark's "next week", "the 20th", "in that window" or "day" says when something happened, not a bucket asked.
  const allowed = (k: string): boolean => CHECKED.has(k) || (k === 'thatPeriod' && !!r.period) || (remark && ['future', 'dayOfMonth', 'followUp'].includes(k));
  if (Object.keys(rec).some((k) => !allowed(k) && truthy(rec[k]))) return false;
  // A table's count named like the table ("login activity" → events) is the rows the question counts ("login events").
  if (!c.measures.every((m) => r.measures.some((x) => key(x) === key(m)) || (m.kind === 'measure' && r.entities.includes(m.name) && !r.measures.length))) return false;
  if (!c.dimensions.every((d) => r.dimensions.includes(d)) || !c.entities.every((e) => r.entities.includes(e) || r.measures.length > 0)) return false;
  if (c.grain && c.grain !== r.grain && !remark) return false;
  if (c.autoGrain && !r.grain && !r.autoGrain) return false;
  if (c.period && key(bounds(c.period)) !== key(r.period && bounds(r.period)) && !(remark && r.period && overlaps(c.period, r.period))) return false;
  if (c.countIntent && !r.countIntent && !r.measures.length) return false;
  // A remark's value of a dimension the question splits by ("My boss says desktop, I think it is mobile") is one of the
  // rows the answer shows anyway.
  return c.filters.every((f) => r.filters.some((g) => key(g) === key(f)) || (f.kind === 'dimension' && !f.negate && (!canFilter(f.dimension, r) || (remark && r.dimensions.includes(f.dimension)))));
}

/**
 * The question without its clauses of context (see above); the question unchanged when it has none. Only clauses that
 * hold one of `unknown` are weighed, so a question the agent reads in full is never touched.
 */
export function withoutContextClauses(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, canFilter: (dimension: string, figure: ParsedQuestion) => boolean): string {
  question = withoutNamingBracket(question, unknown, parse);
  let clauses = split(question);
  if (clauses.length < 2) return question;
  const join = (cs: Clause[]): string => cs.map((c, i) => c.text + (i < cs.length - 1 ? c.sep : c.sep.replace(/[^.!?]/gu, ''))).join('').trim();
  for (let i = 0; i < clauses.length; i++) {
    const { text, sep } = clauses[i];
    const words = text.toLowerCase().split(/[^a-z0-9_'.-]+/).flatMap((w) => [w, ...w.split('-')]).map((w) => w.replace(/\.+$/, ''));
    const label = i === 0 && /^\s*(?::|[-\u2013\u2014]+|[.!])\s*$/.test(sep) && LABEL.test(text) && !/[?]/.test(sep);
    // A remark starts a sentence or follows a dash: "…: looking at a page, adding to cart, checkout and buying" lists.
    const prevSep = i > 0 ? clauses[i - 1].sep : '';
    const opens = i === 0 || (/[.?!;\u2013\u2014]|\s-\s/.test(prevSep) && !/[:,]/.test(prevSep));
    const gerund = /^\s*[a-z]+ing\b/i.test(text);
    const remark = !RESTRICTS.test(text) && ((REMARK_VERB.test(text) && (opens || !gerund)) || ANALOGY.test(text));
    // "QA run #3.": a label's own number names it; a remark's or the asker's number ("on the 20th") is weighed below.
    const numbered = /\d/.test(label ? text.replace(/#\d+\b/g, '') : text) && !((remark || SPEAKER.test(text)) && !RESTRICTS.test(text));
    if (!words.some((w) => unknown.has(w) || (label && /^#\d+$/.test(w))) || numbered || (GUARD.test(text) && !(ANALOGY.test(text) && !WIDENS.test(text)))) continue;
    if (GREETING.test(text)) { clauses = clauses.filter((_, k) => k !== i); i -= 1; continue; }
    const colonLead = i === 0 && /^\s*(?::|[-\u2013\u2014]+)\s*$/.test(sep);
    if (PURPOSE.test(text) && i > 0) { clauses = clauses.filter((_, k) => k !== i); i -= 1; continue; }
    if ((!SPEAKER.test(text) || RESTRICTS.test(text)) && !remark && !label && !colonLead) continue;
    const rest = clauses.filter((_, k) => k !== i);
    if (!rest.some((c) => /[a-z]/i.test(c.text))) continue;
    const r = parse(join(rest));
    const c = parse(text);
    // A label's figures and groupings are the kind of question it is ("Cohort question:", "For a session on anti-joins:"),
    // not what is asked — when the rest names a figure of its own.
    const kind = label && !c.filters.length && !c.period && !c.future && (!c.measures.length || r.measures.length > 0 || r.entities.length > 0);
    // An analogy ("like a per-game average") names figures of its own world: only values, numbers and times could count.
    const likeOnly = ANALOGY.test(text) && !c.filters.length && !c.period && !c.numeric.length && !c.thresholds.length && c.limit === undefined;
    if (!kind && !likeOnly && !addsNothing(c, r, canFilter, remark || SPEAKER.test(text))) continue;
    clauses = rest;
    i -= 1;
  }
  return join(clauses);
}

/** "what we'd call …", "we call it …", "aka …": the asker's own name for a figure. */
const NAMING = /\b(?:what\s+)?(?:we|i|you|they)(?:'d|\s+would|\s+usually|\s+normally|\s+always)?\s+call\b|\baka\b|\ba\.k\.a\./i;
const WIDENS = /\b(?:not|no|except|excluding|exclude|without|only|just|including|include|plus|minus)\b/i;

/**
 * "What's the AOV by channel …? (AOV = what we'd call average spend per booking, I assume)": a bracket giving the
 * asker's own name for a figure the question names already asks nothing more; it is left out.
 */
function withoutNamingBracket(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion): string {
  let out = question;
  for (const m of question.matchAll(/\s*\(([^()]{3,200})\)/g)) {
    const inner = m[1];
    const words = inner.toLowerCase().split(/[^a-z0-9_'.-]+/);
    if (!NAMING.test(inner) || /\d/.test(inner) || WIDENS.test(inner) || !words.some((w) => unknown.has(w))) continue;
    const named = inner.split(/\s*(?:=|\bmeans\b|\bis\b|\baka\b|\bwhat\s+(?:we|i|you|they)\b)/i)[0];
    const c = parse(named), r = parse(out.replace(m[0], ' '));
    if (!c.measures.length || c.dimensions.length || c.filters.length || !c.measures.every((x) => r.measures.some((y) => key(x) === key(y)))) continue;
    out = out.replace(m[0], ' ');
  }
  return out;
}
