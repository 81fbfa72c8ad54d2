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
import type { MeasureSpec } from './semantic-query.ts';

/** What the model says about a clause's parts: whether a dimension can filter the figure, whether a figure is part of another. */
export interface ClauseFacts {
  /** True when values of `dimension` could restrict the rows of `figure`'s first figure. */
  canFilter(dimension: string, figure: ParsedQuestion): boolean;
  /** True when `part` is the numerator or denominator of the ratio `whole` ("refunds" of the refund rate). */
  partOf(part: MeasureSpec, whole: MeasureSpec): boolean;
  /** True when `figure` is a figure per time bucket ("WAU") that is `plain` over buckets of `grain` ("active users" weekly). */
  perGrain(figure: MeasureSpec, plain: MeasureSpec, grain: string | undefined): boolean;
}

/** Words that restrict, widen or split what is counted: a clause holding one is never left out. */
const GUARD = /\b(?:not|no|never|none|except|excluding|excluded|exclude|excl|without|only|just|including|include|included|incl|plus|minus|net|gross|instead|than|vs|versus|but|per|by|each|every|whose|unless|if|between|from\s+\S+\s+to|top|bottom|first|last)\b/i;
/** A clause that begins with a preposition says which rows ("…, in Germany", "…, for mobile"), unless it labels the question. */
const RESTRICTS = /^\s*(?:where|whose|with|for|in|on(?![\s-]call\b)|from|of|at|among|via|through)\b/i;
/** The asker, the reader or the place of asking. */
const SPEAKER = /\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|we'd|we'll|us|our|ours|you|you're|your|here|folks|team)\b|^\s*(?:trying|want|wanting|need|needing|hoping|planning|looking|working|prepping|preparing|doing|writing|building|putting|running|teaching|on[\s-]call)\b/i;
/** A question's label before a colon: "Class exercise:", "Cohort question:", "Example for a lecture …:", "QA check:". */
const LABEL = /\b(?:example|exercise|question|q|query|request|task|ticket|check|test|testing|challenge|puzzle|homework|quiz|lecture|lesson|class|session|workshop|episode|talk|demo|slide|deck|run|one|standup|stand-up|huddle|sync|meeting|thought|idea|note|review|audit|reconciliation|sanity|deep\s*dive)\b/i;

/** A greeting or a tag question alone: "morning!", "Morning team —", "Hola,", "…, right?". */
const GREETING = /^\s*(?:(?:good\s+)?(?:morning|afternoon|evening|day)|hi+|hel+o+|hey+|hiya|hola|buenas|yo+|right|correct|ok|okay|cheers|thanks|thank\s+you|sorry\s+to\s+(?:bother|disturb|pester|ping|bug)(?:\s+(?:you|y'all|everyone|again))*)(?:\s+(?:team|all|everyone|everybody|folks|guys|there|y'all|again))?\s*$/i;

/**
 * A clause that tells what happened or who wants it, with no one asking in it: "deciding which region gets the next
 * server", "SOC wants a quick pulse", "someone reported an outage in that window", "the producer is asking".
 */
const REMARK_VERB = /^\s*[a-z]+ing\b|\b(?:wants?|wanted|asked|asks|asking|reported|mentioned|said|says|saying|will\s+ask|started|shipped|launched|thinks?|believes?|suspects?|is\s+going|it's|that's|heard|noticed|saw|broke|crashed|likes|loves|prefers|hates|(?:those|these|they)\s+(?:are|were)|(?:that|it|this)\s+(?:is|was))\b/i;
/**
 * "Is that true for the shop too?": a question about the claim said just before it (which goes with it); "- was that the
 * campaign?": a guess at a cause, which the data does not hold (asked of the answer, it asks nothing of it).
 */
const TAG = /^\s*(?:is|was|are)\s+(?:that|this|it)\s+(?:true|the\s+case|right|correct|so|similar|normal)\b|^\s*(?:was|is|could)\s+(?:that|this|it)\s+(?:be\s+)?(?:the|a|an|our|due\s+to|because\s+of|caused\s+by|from)\s+[a-z]/i;
/** "like recruitment per month", "think of it as donor retention": an analogy for the reader. */
const ANALOGY = /^\s*(?:(?:kind|sort)\s+of\s+)?(?:like|similar\s+to|think(?:ing)?\s+of\s+it\s+(?:as|like)|as\s+in)\b/i;
/**
 * "…, for a client status report", "… for the morning huddle", "…, to check the nightly dip", "…, so we can plan
 * staffing": what the answer is for, at the end (never "to compare …", which asks).
 */
const PURPOSE = /^\s*(?:(?:in\s+order|so\s+as)\s+)?to\s+(?:check|see|understand|figure\s+out|find\s+out|confirm|verify|spot|investigate|look\s+into|track|monitor|prepare|explain|debug|diagnose|gauge|judge|decide|plan|sanity[-\s]check|double[-\s]check|validate|review|update|fill\s+in)\b(?:\s+[a-z&'/-]+){0,6}\s*[?.!]*\s*$|^\s*so\s+(?:that\s+)?(?:i|we|they|the\s+team)\s+can\b(?:\s+[a-z&'/-]+){0,6}\s*[?.!]*\s*$|^\s*(?:(?:it's|its|it\s+is|this\s+is|all|just)\s+)?for\s+(?:staffing|planning|forecasting|budgeting|scheduling|hiring|sizing|reporting|pricing|prioriti[sz]ing)\b(?:\s+[a-z&'-]+){0,4}\s*$|^\s*(?:a\s+|the\s+)?(?:baseline|input|context|background|reference|benchmark|groundwork|prep)\s+for\s+\S.*$|^\s*(?:(?:it's|its|it\s+is|this\s+is|that's|all)\s+)?for\s+(?:a|an|the|my|our|this|tomorrow's|today's|next\s+week's)\s+(?:[a-z&'-]+\s+){0,3}(?:report|meeting|deck|slides?|review|update|audit|presentation|dashboard|huddle|stand-?up|sync|memo|newsletter|post|episode|class|lecture|lesson|board|call|email|briefing|summary|close|closing|project|assignment|homework|thesis|essay|paper|file|appendix|pack|plan|one-pager|handout|write-?up|brief)s?(?:\s+(?:on|about)\s+[a-z&' -]{1,40})?\s*$|^\s*(?:going\s+|(?:it|this|that|these|they)\s+(?:goes|go|will\s+go|are\s+going|is\s+going)\s+|goes\s+)?(?:into|in)\s+(?:my|our|the|a|an|this|tomorrow's|today's)\s+(?:[a-z&'-]+\s+){0,3}(?:slides?|deck|report|presentation|memo|newsletter|dashboard|board\s+pack)\s*$|^\s*(?:[a-z&'-]+\s+){0,2}(?:call|meeting|sync|stand-?up|review|demo|presentation|pitch)\s+(?:in\s+(?:an?|\d{1,2}|half\s+an)\s+(?:hours?|minutes?|mins?)|at\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?|tomorrow|later|soon)\s*$/i;

/**
 * The asker introducing themselves: "Growth PM here", "HR analytics person here", "I'm a data journalist working on a
 * piece about …", "its the bakery lady". Its words are who asks (a plan or a team in a job title), never which rows.
 */
const GREET = String.raw`(?:(?:hi+|hey+|hel+o+|hiya|yo+|morning|good\s+morning|cheers)\s*[,!]*\s+)?`;
const INTRO = new RegExp(String.raw`^\s*${GREET}(?:(?:i'm|im|i\s+am)\s+(?:a|an|the|one\s+of\s+the)\s+\S|(?:it's|its|it\s+is|this\s+is)\s+(?:the|your)\s+\S|i\s+work\s+(?:in|at|for|on)\s+\S)|^\s*(?:cheers|greetings|hello|hi|hey|love)\s+from\s+(?:a|an|the|our|my)\s+\S`, 'i');
/**
 * "Growth PM here", "HR analytics person here", "dentist again", "analyst at a cinema chain here", "PM at a ticketing
 * startup": a role (its last word not understood, or a word for a person), maybe where, and "here" / "again".
 */
const ORG = String.raw`(?:\s+(?:at|from|with|in|for|of)\s+(?:a|an|the|our|my)\s+(?:[a-z&'./-]+\s+){0,3}[a-z&'./-]+)`;
const ROLE_HERE = new RegExp(String.raw`^\s*${GREET}(?:[a-z&'./-]+\s+){0,3}([a-z&'./-]+)${ORG}?\s+(?:here|again|speaking)\s*$|^\s*${GREET}(?:[a-z&'./-]+\s+){0,2}([a-z&'./-]+)\s+(?:at|from|with|for)\s+(?:a|an)\s+(?:[a-z&'./-]+\s+){0,3}[a-z&'./-]+\s*$`, 'i');
const PERSON = /^(?:person|guy|gal|girl|lady|dude|folks|team|crew|people)$/i;
/** "just exploring", "just curious", "just checking": "just" before a verb softens it; it limits nothing. */
export const SOFT_JUST = /\bjust\s+(?=(?:[a-z]+ing|curious|wondering)\b)/gi;

/** A clause that asks ("how many …", "can you show …", "give me …"): never a statement of the asker's. */
const ASKS = /^\s*(?:how|what|what's|whats|which|who|when|where|why|can|could|would|will|do|does|did|is|are|was|were|show|give|list|tell|get|pull|break|compare|plot|chart|i'd\s+like|i\s+(?:need|want|would\s+like))\b|\b(?:please|pls|plz)\b/i;

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
const CHECKED = new Set(['singular', 'valueNouns', 'qualifiers', 'chart', 'measures', 'measureValues', 'dimensions', 'filters', 'entities', 'grain', 'autoGrain', 'period', 'unknown', 'skipped', 'forOpener', 'howMuch', 'countIntent', 'empty']);

const bounds = (p: NonNullable<ParsedQuestion['period']>): [string, string] => [p.from, p.to];
/** Two periods that share some time: a remark's day inside the question's span, or the span the question's day is in. */
const overlaps = (a: NonNullable<ParsedQuestion['period']>, b: NonNullable<ParsedQuestion['period']>): boolean => a.from < b.to && b.from < a.to;

/**
 * True when `c`, read alone, asks nothing that `r` (the rest of the question) does not ask already. A remark (`remark`:
 * a clause about what happened, "we shipped a new button on the 20th") may name a time inside the question's period.
 */
export function addsNothing(c: ParsedQuestion, r: ParsedQuestion, facts: ClauseFacts, remark = false, hearsay = false, broke = false): boolean {
  const rec = c as unknown as Record<string, unknown>;
  // A remark's "next week", "the 20th", "in that window" or "day" says when something happened, not a bucket asked.
  // A remark's "most" / "busiest" ranks what it is about ("our practice gets most bookings on mondays"): what the
  // question ranks (its own figures) or nothing of the model's.
  const ranksOwn = remark && (!c.measures.length || c.measures.every((m) => r.measures.some((x) => key(x) === key(m))));
  const allowed = (k: string): boolean => CHECKED.has(k) || (k === 'thatPeriod' && !!r.period) || (remark && ['future', 'dayOfMonth', 'followUp'].includes(k))
    || (ranksOwn && ['superlative', 'order', 'singular'].includes(k))
    // A remark's "too" / "also" adds nothing to the answer; what someone else said went up or down ("Someone mentioned
    // mobile refunds went up") is what happened, not a change asked.
    || (remark && ['addValues', 'addDimensions', 'addMeasures', 'opensWithBreakdown'].includes(k)) || (hearsay && k === 'change')
    // "our listeners are like 80% on their phones": a share the asker states of their own world.
    || (remark && k === 'share' && !r.share);
  if (Object.keys(rec).some((k) => !allowed(k) && truthy(rec[k]))) return false;
  // A table's count named like the table ("login activity" → events) is the rows the question counts ("login events").
  // A remark's figure that is part of the question's ratio ("refunds are spiking - refund rate by device") asks nothing more.
  if (!c.measures.every((m) => r.measures.some((x) => key(x) === key(m) || (remark && facts.partOf(m, x)) || facts.perGrain(m, x, r.grain)) || (m.kind === 'measure' && r.entities.includes(m.name) && !r.measures.length))) return false;
  if (!c.dimensions.every((d) => r.dimensions.includes(d)) || !c.entities.every((e) => r.entities.includes(e) || r.measures.length > 0)) return false;
  if (c.grain && c.grain !== r.grain && !remark) return false;
  if (c.autoGrain && !r.grain && !r.autoGrain) return false;
  if (c.period && key(bounds(c.period)) !== key(r.period && bounds(r.period)) && !(remark && r.period && overlaps(c.period, r.period))) return false;
  if (c.countIntent && !r.countIntent && !r.measures.length) return false;
  // A remark's value of a dimension the question splits by ("My boss says desktop, I think it is mobile") is one of the
  // rows the answer shows anyway.
  // What broke ("…purchase events per day, need to see if checkout broke") is a value of a dimension the question keeps to
  // another value of: what happened, looked at through the rows asked.
  return c.filters.every((f) => r.filters.some((g) => key(g) === key(f)) || (f.kind === 'dimension' && !f.negate && (!facts.canFilter(f.dimension, r) || (remark && r.dimensions.includes(f.dimension))
    || (broke && r.filters.some((g) => g.kind === 'dimension' && g.dimension === f.dimension && !g.negate)))));
}

/**
 * The question without its clauses of context (see above); the question unchanged when it has none. Only clauses that
 * hold one of `unknown` are weighed, so a question the agent reads in full is never touched.
 */
export function withoutContextClauses(question: string, unknown: Set<string>, parse: (text: string) => ParsedQuestion, facts: ClauseFacts): string {
  question = withoutNamingBracket(question, unknown, parse);
  let clauses = split(question);
  if (clauses.length < 2) return question;
  const before = clauses.length;
  for (let i = 0; i < clauses.length; i++) {
    const { text, sep } = clauses[i];
    const words = text.toLowerCase().split(/[^a-z0-9_'.-]+/).flatMap((w) => [w, ...w.split('-')]).map((w) => w.replace(/\.+$/, ''));
    const label = i === 0 && /^\s*(?::|[-\u2013\u2014]+|[.!])\s*$/.test(sep) && LABEL.test(text) && !/[?]/.test(sep);
    // A remark starts a sentence or follows a dash: "…: looking at a page, adding to cart, checkout and buying" lists.
    const prevSep = i > 0 ? clauses[i - 1].sep : '';
    const opens = i === 0 || (/[.?!;\u2013\u2014]|\s-\s/.test(prevSep) && !/[:,]/.test(prevSep));
    // "curious if the shop is similar": "if" after a word of wondering asks, it sets no condition.
    const plain = asksAbout(text.replace(SOFT_JUST, ''));
    const gerund = /^\s*[a-z]+ing\b/i.test(plain);
    // "just curious, …", "Just poking around …": what the asker is doing, softened.
    const soft = /^\s*(?:just\s+(?:[a-z]+ing|curious|wondering)|curious|wondering)\b/i.test(text);
    const remark = !RESTRICTS.test(plain) && ((REMARK_VERB.test(plain) && (opens || !gerund)) || ANALOGY.test(plain) || soft);
    // "QA run #3.", "standup in 5 —": a label's own number names it or says when it is; a remark's or the asker's number ("on the 20th") is weighed below.
    const numbered = /\d/.test(label ? text.replace(/#\d+\b|\bin\s+\d+\s*(?:min(?:ute)?s?|m|h|hours?)?(?![\w%])/g, '') : text) && !((remark || SPEAKER.test(text)) && !RESTRICTS.test(text));
    // "we obsess over downloads per episode": a split of things the model does not know is the asker's world, no guard.
    // "wants just one number": the shape of the answer, no restriction of it.
    const guarded = GUARD.test(plain.replace(/\b(?:just|only)\s+(?:one|a|1|a\s+single)\s+(?:number|figure|value|total|answer|stat)\b/gi, ' ').replace(/\b(?:per|by|each|every)\s+([a-z]+)\b/gi, (m, w: string) => (unknown.has(w.toLowerCase()) ? ' ' : m)));
    if (!words.some((w) => unknown.has(w) || (label && /^#\d+$/.test(w))) || numbered || (guarded && !(ANALOGY.test(text) && !WIDENS.test(text)))) continue;
    if (GREETING.test(text)) { clauses = clauses.filter((_, k) => k !== i); i -= 1; continue; }
    if (TAG.test(plain) && opens) {
      // The tag asks nothing of its own (no figure, grouping, value or time); the claim before it, a sentence that read
      // alone adds nothing to the rest, goes too.
      const t = parse(plain);
      if (t.measures.length || t.dimensions.length || t.filters.length || t.period) continue;
      const claim = i > 0 && /[.!]/.test(clauses[i - 1].sep) ? i - 1 : -1;
      const others = clauses.filter((_, k) => k !== i && k !== claim);
      if (!others.some((x) => /[a-z]/i.test(x.text))) continue;
      const dropClaim = claim >= 0 && !GUARD.test(clauses[claim].text) && !/\d/.test(clauses[claim].text) && addsNothing(parse(clauses[claim].text), parse(join(others)), facts, true);
      // A claim that could change the answer ("Mobile is our biggest channel. Is that true?") keeps its tag: refused.
      if (claim >= 0 && !dropClaim) continue;
      clauses = clauses.filter((_, k) => k !== i && !(dropClaim && k === claim));
      i -= dropClaim ? 2 : 1;
      continue;
    }
    const roleOf = ROLE_HERE.exec(text);
    const role = (roleOf?.[1] ?? roleOf?.[2])?.toLowerCase();
    const intro = INTRO.test(text) || (!!role && (unknown.has(role) || PERSON.test(role)));
    if (intro && clauses.some((c, k) => k !== i && /[a-z]/i.test(c.text))) { clauses = clauses.filter((_, k) => k !== i); i -= 1; continue; }
    const colonLead = i === 0 && /^\s*(?::|[-\u2013\u2014]+)\s*$/.test(sep);
    // What the answer is for; with a topic ("… project on e-commerce") only when the topic asks nothing the rest does not.
    if (PURPOSE.test(text) && i > 0 && ((!/\s(?:on|about)\s/i.test(text) && !/^\s*(?:(?:in\s+order|so\s+as)\s+)?to\s|^\s*so\s/i.test(text)) || addsNothing(parse(plain), parse(join(clauses.filter((_, k) => k !== i))), facts))) { clauses = clauses.filter((_, k) => k !== i); i -= 1; continue; }
    if ((!SPEAKER.test(text) || RESTRICTS.test(text)) && !remark && !label && !colonLead) continue;
    const rest = clauses.filter((_, k) => k !== i);
    if (!rest.some((c) => /[a-z]/i.test(c.text))) continue;
    const r = parse(join(rest));
    const c = parse(plain);
    // A label's figures and groupings are the kind of question it is ("Cohort question:", "For a session on anti-joins:"),
    // not what is asked — when the rest names a figure of its own.
    const kind = label && !c.filters.length && !c.period && !c.future && (!c.measures.length || r.measures.length > 0 || r.entities.length > 0);
    // An analogy ("like a per-game average") names figures of its own world: only values, numbers and times could count.
    const likeOnly = ANALOGY.test(text) && !c.filters.length && !c.period && !c.numeric.length && !c.thresholds.length && c.limit === undefined;
    // "I analyse subscriptions for a newspaper": a grouping the asker names of their own work splits nothing (a split is
    // asked with "by" / "per", which keep the clause, or with words of splitting).
    const speaker = SPEAKER.test(text);
    const world = (remark || speaker) && c.dimensions.length && !ASKS.test(plain) && !/\b(?:split|splits|break|broken|breakdown|group|grouped|across)\b/i.test(plain) ? { ...c, dimensions: [] } : c;
    if (!kind && !likeOnly && !addsNothing(world, r, facts, remark || speaker, remark && !speaker, BROKE.test(text))) continue;
    clauses = rest;
    i -= 1;
  }
  // Chatter found: the asker's statements the agent reads in full are weighed too ("we get most of our orders on mobile,
  // curious if that holds. orders by device last month": the claim names a device the answer splits by anyway).
  // One that could change the answer ("we get most of our orders on mobile, curious if that holds. orders by channel")
  // leaves the question as asked: refused, not answered with a guess either way.
  if (clauses.length < before) {
    const weighed = withoutSpeakerStatements(clauses, parse, facts);
    if (!weighed) return question;
    clauses = weighed;
  }
  return join(clauses);
}

/**
 * "we saw a lot of returns in apparel. can I get the refund rate per category for last month?": a sentence the asker
 * states (not asks) beside a sentence that asks, which read alone adds nothing to it, is context even when every word
 * is understood; the question without it (and the sentences told), or unchanged. A statement that would add something
 * stays (read as before).
 */
export function withoutToldSentences(question: string, parse: (text: string) => ParsedQuestion, facts: ClauseFacts): { text: string; told: string[] } {
  const sentences = question.split(/(?<=[.!])\s+(?=\S)/);
  // "…, need to see if checkout broke": a last clause about something that broke is told like a sentence of its own.
  const last = /^(.*\S)\s*,\s*([^,]+)$/.exec(sentences.at(-1)!);
  if (last && BROKE.test(last[2]) && !ASKS.test(last[2])) sentences.splice(-1, 1, last[1], last[2]);
  const told: string[] = [];
  if (sentences.length < 2) return { text: question, told };
  let out = sentences;
  for (let i = 0; i < out.length; i++) {
    const text = out[i];
    const broke = BROKE.test(text);
    if (!stated(text, /[?]\s*$/.test(text), broke)) continue;
    const plain = asksAbout(text);
    const rest = out.filter((_, k) => k !== i).join(' ');
    const r = parse(rest);
    if ((!r.measures.length && !r.entities.length) || r.unknown.length || r.unsupported) continue;
    if (!addsNothing(parse(plain), r, facts, true, false, broke)) continue;
    told.push(text);
    out = out.filter((_, k) => k !== i);
    i -= 1;
  }
  return { text: told.length ? out.join(' ') : question, told };
}

/**
 * A statement of the asker's (or, `broke`, of what broke) to weigh as context: not asked (`asked`: it ends in a question
 * mark), no question word or request, no restricting lead word, no guard word, no number.
 */
function stated(text: string, asked: boolean, broke = false): boolean {
  const plain = asksAbout(text);
  return (SPEAKER.test(text) || broke) && !asked && !ASKS.test(text) && !RESTRICTS.test(plain) && !GUARD.test(plain) && !/\d/.test(text);
}

/** Something that broke or went down: "checkout broke", "the app was down", "an outage". */
const BROKE = /\b(?:broke|broken|crashed|went\s+down|was\s+down|is\s+down|be\s+down|outage|stopped\s+working)\b/i;

/** "curious if …", "need to see whether …": "if" after a word of wondering asks, it sets no condition (read as "about"). */
const asksAbout = (text: string): string => text.replace(/\b(curious|wondering|wonder|see|check|checking|know|asking)\s+(?:if|whether)\b/gi, '$1 about');

const join = (cs: Clause[]): string => cs.map((c, i) => c.text + (i < cs.length - 1 ? c.sep : c.sep.replace(/[^.!?]/gu, ''))).join('').trim();

/**
 * The clauses without the asker's statements ("we …", "our …") that, read alone, add nothing to the rest; undefined
 * when one beside a question of its own would add something.
 */
function withoutSpeakerStatements(clauses: Clause[], parse: (text: string) => ParsedQuestion, facts: ClauseFacts): Clause[] | undefined {
  let out = clauses;
  for (let i = 0; i < out.length; i++) {
    const { text, sep } = out[i];
    if (!stated(text, /[?]/.test(sep))) continue;
    const rest = out.filter((_, k) => k !== i);
    if (!rest.some((c) => /[a-z]/i.test(c.text))) continue;
    const r = parse(join(rest));
    if (!r.measures.length && !r.entities.length) continue;
    if (!addsNothing(parse(text), r, facts, true)) return undefined;
    out = rest;
    i -= 1;
  }
  return out;
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
    // "(we'd call those repeat donors)": the asker's name for the rows asked about.
    if (/^\s*(?:we|i|you|they)(?:'d|\s+would|\s+usually|\s+normally)?\s+call\s+(?:those|them|these|that|it|this)\s+[a-z' -]{1,40}$/i.test(inner)) { out = out.replace(m[0], ' '); continue; }
    const named = inner.split(/\s*(?:=|\bmeans\b|\bis\b|\baka\b|\bwhat\s+(?:we|i|you|they)\b)/i)[0];
    const c = parse(named), r = parse(out.replace(m[0], ' '));
    if (!c.measures.length || c.dimensions.length || c.filters.length || !c.measures.every((x) => r.measures.some((y) => key(x) === key(y)))) continue;
    out = out.replace(m[0], ' ');
  }
  return out;
}
