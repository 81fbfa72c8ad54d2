/**
 * Asides: a bracketed remark that only gives context ("(the campaign day)", "(for the board)") asks for nothing,
 * nor does a sentence after the question that only remarks on the data ("… ? something looks off on mobile"),
 * nor does who is asking ("Finance wants …") or a label before a colon ("support q:", "on call here:"). When the words the agent did not understand all sit in such remarks,
 * the question is read without them.
 */
import type { ParsedQuestion } from './parser.ts';
import { addsNothing, SOFT_JUST, withoutContextClauses, type ClauseFacts } from './context-clauses.ts';
import { withoutShapeClause } from './shape-clause.ts';

/**
 * The question without the bracketed remarks that hold a word not understood and, read alone, name no figure,
 * grouping, value, number or period (and no "by" / "only" / "not"); undefined when there is none.
 */
export function withoutAsides(question: string, unknown: string[], parse: (text: string) => ParsedQuestion, facts?: ClauseFacts, alike?: (a: string, b: string) => boolean): string | undefined {
  const canFilter = facts && ((dimension: string, figure: ParsedQuestion): boolean => facts.canFilter(dimension, figure));
  const lower = new Set(unknown.map((u) => u.toLowerCase()));
  let out = question;
  for (const m of question.matchAll(/\(([^()]*)\)/g)) {
    const inner = m[1];
    if (!inner.toLowerCase().split(/[^a-z0-9_'.-]+/).flatMap((w) => [w, ...w.split('-')]).some((w) => lower.has(w))) continue;
    if (/\d/.test(inner) || /\b(?:by|per|each|every|only|just|not|no|excluding|exclude|excl|except|without|vs|versus|including)\b/i.test(inner.replace(SOFT_JUST, '').replace(HEDGES, ' '))) continue;
    const p = parse(inner);
    // "(bulk-ish buys)" after "only orders with a quantity of 3 or more": a name for the rows the question names.
    // Not one naming a grouping or a value: a word not understood beside them may be a value the model lacks ("(plan xyzzy)").
    // "(hardware startup, so electronics is what I care about)": values the rest names too are no filter of their own.
    const rest = parse(out.replace(m[0], ' '));
    // "(mobile feels off to me)" beside a split by device: a value the answer shows a row of anyway.
    const named = canFilter && !p.dimensions.length && p.filters.every((f) => rest.filters.some((g) => JSON.stringify(g) === JSON.stringify(f))) && addsNothing(p, rest, facts!);
    const splitValue = !!facts && (REMARK.test(inner) || HOPE.test(inner)) && !p.dimensions.length && p.filters.length > 0 && p.filters.every((f) => f.kind === 'dimension' && !f.negate && rest.dimensions.includes(f.dimension)) && addsNothing(p, rest, facts, true);
    if (!named && !splitValue && (p.measures.length || p.dimensions.length || p.filters.length || p.numeric.length || p.period || p.thresholds.length)) continue;
    out = out.replace(m[0], ' ');
  }
  out = withoutLeadIn(out, lower, parse, canFilter);
  if (canFilter) out = withoutContext(out, lower, parse, canFilter);
  if (facts) out = withoutContextClauses(out, lower, parse, facts);
  out = withoutPeriodName(out, lower, parse);
  out = withoutRemarks(out, lower);
  out = withoutShapeNote(out, lower, parse);
  out = withoutShapeClause(out, lower, parse, alike);
  out = withoutRequester(out, lower);
  return out === question ? undefined : out.replace(/\s+/g, ' ').replace(/\s+([?.!,])/g, '$1').trim();
}

/** "hoping paid is in there", "fingers crossed": a hope about the answer, asking nothing of it. */
const HOPE = /\b(?:hop(?:e|ing)|fingers\s+crossed|wish(?:ing)?|praying)\b/i;

/** "maybe not", "not sure", "I honestly don't know", "no idea": doubt, which restricts nothing. */
const HEDGES = /\b(?:maybe|perhaps|probably|or)\s+not\b|\bnot\s+(?:sure|certain)\b|\bno\s+idea\b|\b(?:i\s+)?(?:honestly\s+|really\s+)?(?:don't|do\s+not|dont)\s+know\b/gi;

/** A remark about how the data looks or feels ("something looks off", "seems low", "is weird") or what a day was ("that was our campaign day"), not a request. */
const REMARK = /^\s*(?:that|this|it)(?:\s+(?:was|is|were)\b|'s\b)|\b(?:looks?|looking|seems?|seemed|feels?|felt|appears?|smells?|sounds?)\b|\b(?:is|are|was|were|s)\s+(?:a\s+bit\s+|kind\s+of\s+|really\s+)?(?:off|weird|odd|strange|wrong|broken|funny|fishy)\b/i;
/** "A drop should come out negative", "decreases as negative numbers": how a change is signed, as every change here is. */
const SIGN_NOTE = /^\s*(?:(?:a|any|the)\s+)?(?:drops?|decreases?|declines?|falls?|decline|reductions?)\b[^.?!]*\bnegative\b[^.?!]*[.!]?\s*$/i;
const INSTRUCTION = /\b(?:by|per|each|every|only|just|not|no|excluding|exclude|excl|except|without|vs|versus|including|show|give|split|break|compare|filter|add|drop|remove)\b/i;

/**
 * A sentence after the question that only remarks on the data ("refund rate by device? something looks off on
 * mobile", "AOV last week? seems low to me") holds a word not understood and no number or instruction: it is
 * context for the reader, and the question is read without it.
 */
function withoutRemarks(question: string, unknown: Set<string>): string {
  const at = question.search(/[?]\s+\S/);
  if (at < 0) return question;
  const tail = question.slice(at + 1);
  const sentences = tail.split(/(?<=[.!?])\s+/);
  const kept = sentences.filter((t) => !(((REMARK.test(t) && !INSTRUCTION.test(t)) || SIGN_NOTE.test(t)) && !/\d/.test(t)
    && t.toLowerCase().split(/[^a-z0-9_'.-]+/).some((w) => unknown.has(w.replace(/\.+$/, '')))));
  return kept.length === sentences.length ? question : `${question.slice(0, at + 1)} ${kept.join(' ')}`;
}

/**
 * "support q: refunds by channel", "on call here - purchase events yesterday", "for the board deck: revenue": a short
 * label before a colon (or a dash) at the start that holds a word not understood and, read alone, names nothing the question
 * could use (no figure, grouping, value, number, period or instruction) is dropped.
 */
function withoutLeadIn(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, canFilter?: (dimension: string, figure: ParsedQuestion) => boolean): string {
  // Also "For my onboarding notes, …": what the answer is for, before a comma.
  const m = /^\s*([^:?()]{1,40}?)\s*(?::|\s[-\u2013\u2014])\s+(?=\S)/.exec(question) ?? /^\s*((?:for|as\s+part\s+of)\s+(?:my|our|the|a|an|this)\s+[^,:?()]{1,40}?)\s*,\s+(?=\S)/i.exec(question);
  if (!m || /\d/.test(m[1]) || INSTRUCTION.test(m[1]) || !m[1].toLowerCase().split(/[^a-z0-9_'.-]+/).flatMap((w) => [w, ...w.split('-')]).some((w) => unknown.has(w))) return question;
  const p = parse(m[1]);
  // A figure's name made of a word not understood and a figure word ("repeat-purchase rate") is another figure's name
  // when the rest defines it in full: the definition is what is asked.
  const named = p.measures.length > 0 && p.unknown.length > 0 && /\b(?:rate|ratio|share|percentage|percent)\s*$/i.test(m[1]);
  if ((p.measures.length && !named) || p.dimensions.length || p.numeric.length || p.period || p.thresholds.length || p.reset) return question;
  if (named) {
    const rest = parse(question.slice(m[0].length));
    if (!rest.share || !rest.measures.length || rest.unknown.length) return question;
  }
  if (p.filters.length) {
    // "Repeat-purchase rate: the percentage of customers with two or more orders": the name of the figure the rest
    // defines, whose values the defined figure cannot be filtered by or names itself — leaving it out changes no number.
    if (!canFilter || !/\b(?:rate|ratio|share|percentage|percent|count|number|total)\s*$/i.test(m[1])) return question;
    const rest = parse(question.slice(m[0].length));
    if (!rest.measures.length) return question;
    const said = (f: ParsedQuestion['filters'][number]): boolean => rest.filters.some((g) => JSON.stringify(g) === JSON.stringify(f));
    if (p.filters.some((f) => f.kind !== 'dimension' || (canFilter(f.dimension, rest) && !said(f)))) return question;
  }
  return question.slice(m[0].length);
}

/**
 * "We had a checkout outage at some point recently. Which single day in the last 30 days had the lowest revenue?": a
 * sentence of context before the question, holding a word not understood, no number and no instruction, that names
 * no figure, grouping or period, is left out when each value it names is named by the question too or cannot filter
 * the question's figure at all (checkout is an event type; revenue has none) — so leaving it out changes no number.
 */
function withoutContext(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, canFilter: (dimension: string, figure: ParsedQuestion) => boolean): string {
  const sentences = question.trim().split(/(?<=[.!;])\s+(?=[A-Za-z])/);
  if (sentences.length < 2) return question;
  const context = sentences[0];
  if (context.includes('?') || /\d/.test(context) || INSTRUCTION.test(context) || !context.toLowerCase().split(/[^a-z0-9_'.-]+/).some((w) => unknown.has(w.replace(/[.!;]+$/, '')))) return question;
  const rest = sentences.slice(1).join(' ');
  const c = parse(context), r = parse(rest);
  if (c.measures.length || c.dimensions.length || c.entities.length || c.numeric.length || c.thresholds.length || c.period || !r.measures.length) return question;
  const harmless = c.filters.every((f) => f.kind === 'dimension' && (r.filters.some((g) => JSON.stringify(g) === JSON.stringify(f)) || !canFilter(f.dimension, r)));
  return harmless ? rest : question;
}

/** Words that tie a name of a time to the question ("around the outage", "during our sale"). */
const TIME_TIES = new Set(['around', 'during', 'at', 'of', 'the', 'a', 'an', 'our', 'that', 'this', 'after', 'before', 'since', 'for', 'in', 'over', 'through']);

/**
 * "checkout events per day around the outage — june 5 to june 15 inclusive": words not understood right before a dash
 * that is followed by a period alone name that period; the period says it, and the name is left out.
 */
function withoutPeriodName(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion): string {
  const m = /^(.*\S)\s+[-\u2013\u2014]{1,2}\s+([^-\u2013\u2014]+?)\s*([?.!]*)\s*$/.exec(question);
  if (!m) return question;
  const after = parse(m[2]);
  if (!after.period || after.measures.length || after.dimensions.length || after.filters.length || after.numeric.length) return question;
  const words = m[1].split(/\s+/);
  let cut = words.length;
  while (cut > 0 && (unknown.has(words[cut - 1].toLowerCase()) || TIME_TIES.has(words[cut - 1].toLowerCase()))) cut -= 1;
  const name = words.slice(cut);
  if (!name.some((w) => unknown.has(w.toLowerCase())) || cut === 0) return question;
  return `${words.slice(0, cut).join(' ')} ${m[2]}${m[3]}`;
}

/** Who asks ("Finance wants …", "my boss needs …", "the CEO asked for …"), at the start of a sentence. */
const REQUESTER = /(^|[.!?]\s+)((?:(?:my|our|the|a)\s+)?([a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*)?))\s+(?:wants?|needs?|asked|asks|is\s+asking|are\s+asking|would\s+like|requested|has\s+asked|have\s+asked)(?:\s+(?:for|to\s+(?:see|know|get|have)))?\s+/gi;

/**
 * "Finance wants revenue per customer. What is it by country?": the person or team asking is not part of the
 * question. Taken out when every word naming them is a word not understood (a team the model does not know).
 */
function withoutRequester(question: string, unknown: Set<string>): string {
  return question.replace(REQUESTER, (all, lead: string, _who: string, name: string) =>
    name.toLowerCase().split(/\s+/).every((w) => unknown.has(w)) ? `${lead}show ` : all);
}

/** Words a note on the answer's shape uses for what the question already names ("give the country and the rate"). */
const SHAPE_WORDS = new Set(['value', 'values', 'figure', 'figures', 'number', 'numbers', 'amount', 'total', 'count',
  'result', 'results', 'name', 'names', 'id', 'ids', 'key', 'keys', 'one', 'each', 'both', 'it', 'its', 'their', 'that', 'brought']);

/**
 * "Which country has the highest cancellation rate? Give the country and the rate.", "…, and what is that average?":
 * a last sentence (or an "and what is that …" clause) that only names the grouping and the figure the question asks
 * again — no value, period, number or other figure — says how to show the answer, which names both already.
 */
function withoutShapeNote(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion): string {
  const m = /^(.*?[?.!])\s+((?:give|show|list|include|return|i\s+(?:need|want)|please\s+(?:give|show|include))\b[^?.!]*[?.!]?)\s*$/i.exec(question)
    ?? /^(.*?)\s*,?\s+(and\s+what\s+(?:is|was|are|were)\s+(?:that|the|its|their|this)\s+[a-z]+)\s*[?.!]*\s*$/i.exec(question);
  if (!m) return question;
  const words = m[2].toLowerCase().split(/[^a-z0-9_'.-]+/).map((w) => w.replace(/\.+$/, '')).filter(Boolean);
  const odd = words.filter((w) => unknown.has(w));
  const head = parse(m[1]), tail = parse(m[2]);
  // "the rate" / "the average" names the question's figure only when that figure is one.
  const figureWord = (w: string): boolean => (/^rates?$/.test(w) && head.measures.some((x) => x.kind === 'measure' && /rate/.test(x.name)))
    || (/^(?:average|avg)$/.test(w) && head.measures.some((x) => (x.kind === 'column' && x.agg === 'avg') || (x.kind === 'measure' && /avg|aov|average/.test(x.name))));
  if (!odd.length || !odd.every((w) => SHAPE_WORDS.has(w) || figureWord(w))) return question;
  if (tail.filters.length || tail.period || tail.numeric.length || tail.thresholds.length || tail.grain || tail.limit !== undefined) return question;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!tail.dimensions.every((d) => head.dimensions.includes(d)) || !tail.measures.every((x) => head.measures.some((y) => same(x, y)))) return question;
  return m[1];
}
