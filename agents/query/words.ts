/**
 * Word lists of the offline parser: filler words that carry no meaning,
 * signal words that steer the interpretation, and the text normalisation
 * (contractions, money, thousands) applied before parsing.
 */
import { withSpokenForms, withWeekdayRanges, withWhatTheyDidNext } from './spoken-forms.ts';
import { MONTH_NAME } from './calendar-words.ts';
import { percentileLevel, type Percentile } from './semantic-query.ts';
import { withIsoWeekNumbers, withWeeksNamedByDay, withoutWeekNotes, withoutWeekdayBeforeDate } from './week-phrases.ts';
import { withSqlWords } from './sql-words.ts';
import { withListedPeriods, withWeekdaySpans, withoutWeekdayLegend } from './period-lists.ts';

/** "… to 2025-05-20 inclusive", "june 1-7 (both inclusive)", "…, both days included": the words after a range's end day. */
const INCLUSIVE_END = new RegExp(String.raw`(\d|\b(?:${MONTH_NAME}|today|yesterday))\s*,?\s*\(?\s*(?:(?:both\s+(?:days\s+|ends\s+|dates\s+)?)?(?:inclusive|incl|included)|including\s+both(?:\s+(?:days|ends|dates))?|(?:with\s+)?both\s+(?:days|ends|dates)\s+(?:included|counted))\b\s*\)?(?!\s*of\b)`, 'g');

/** "0-23", "0 to 23", "0 thru 23", "0..23": the hours of a day as answers number them (after an optional leading 0). */
const HOURS_0_23 = String.raw`0\s*(?:-|\u2013|to|through|thru|until|\.{2,}|…)\s*23`;
/** Words that carry no meaning of their own in a data question. */
export const FILLER = new Set(`a an the of to for in on at from with into via through throughout inside before after if whether ones onto is are was were be been being am do does did done doing
have has had having will would can could should may might must shall i me my mine we us our ours you your it its they them their theirs he him his she her hers
express expressed obv obvs obviously possibly process processed processing apologies apology this that these those there here what who whom whose when where why how show shows showing shown tell give gives get got list
display plot chart graph draw render visualize visualise see find fetch pull compute calculate report reports let lets please pls thanks thank kindly just
only also too now then instead again same as than so such much many more less very really quite about around within during
since until while along some any all no both either neither other another whole entire full overall altogether combined
together grand figure figures stat stats statistic statistics metric metrics data info information numbers number value values
like make makes made making happen happened happening generate generated generating bring brought earn earned booked lifetime catalog catalogue sorry come came go went
look looking view viewed want wanted need needed know like would'd i'm we're it's there's let's we've i've you've they've
far yet still ever already respectively respective amount amounts level levels did done bought buy buys buying
sold sell sells selling purchased ordered placed place using used use come coming store shop site website app business
ship ships shipped shipping sent dispatched appear appears appeared appearing occur occurs occurred occurring pick picked picks choose chose chosen chooses opted itself
company folks guys team time times period periods range ok okay hey hi hello um uh so well actually exactly exact precise roughly lol lmao haha
approximately approx give gimme me kind sort table tables row rows record records result results answer please
broken down break breakdown split splitting group grouped grouping sorted sort ordered ranked rank ranking arranged listed
descending ascending decreasing increasing one ones thing things stuff something anything everything each every per by
across versus vs against compare compared comparing comparison between among which or and but not non except excluding exclude
without besides apart count counts counting total totals sum sums average averages avg mean median typical maximum max minimum
min distinct unique different individual how many number share percentage percent pct proportion fraction contribution top
bottom best worst most least highest lowest biggest largest smallest fewest greatest leading busiest peak quietest popular
common frequent commonest rarest
performing performance perform performed doing did went goes going far get getting got gotten generated total
having happen day days date dates week weeks month months quarter quarters year years hour hours
nice cool great good bad tell explain say said including include includes included regardless switch drive drives drove driven driving
hmm hmmm hm um umm uh erm ah oh started starting starts obviously ofc basically honestly literally hola cheers yo bonjour salut merci gracias danke haha hehe perfect awesome excellent brilliant lovely fantastic i'd we'd you'd she'd he'd they'd i'll we'll sat sit sits sitting log logs logged logging recorded saw seen fired fire fires firing triggered trigger triggers triggering emitted even`.split(/\s+/).map((w) => w.replace(/\?$/, '')).filter(Boolean));

export const BY_WORDS = new Set(['by', 'per', 'each', 'every', 'across', 'breakdown', 'split', 'group', 'grouped']);
export const NEG_WORDS = new Set(['not', 'no', 'except', 'excluding', 'exclude', 'without', 'non', 'besides', 'apart']);
export const COMPARE_WORDS = new Set(['compare', 'compared', 'comparing', 'comparison', 'vs', 'versus', 'against', 'between']);
/** The aggregate a word names (AGG_WORDS, or a percentile written "p95" by normalisation). */
export function aggOfWord(w: string): AggWord | Percentile | undefined {
  return AGG_WORDS[w] ?? (/^p\d{1,2}(?:\.\d{1,3})?(?:exact)?$/.test(w) && percentileLevel(w) ? (w as Percentile) : undefined);
}
type AggWord = 'avg' | 'sum' | 'median' | 'max' | 'min' | 'last' | 'first';
export const AGG_WORDS: Record<string, AggWord> = {
  // Written by parse/row-value.ts for the value of the latest / first row (never typed by people).
  lastvalueof: 'last', firstvalueof: 'first',
  average: 'avg', averages: 'avg', avg: 'avg', mean: 'avg', typical: 'avg', median: 'median',
  total: 'sum', totals: 'sum', sum: 'sum', sums: 'sum', maximum: 'max', max: 'max', minimum: 'min', min: 'min',
};
export const DESC_WORDS = new Set(['top', 'best', 'most', 'highest', 'biggest', 'largest', 'greatest', 'leading', 'busiest', 'peak', 'popular', 'common', 'frequent', 'commonest']);
/** Superlatives of how often a value occurs ("most common", "least frequent", "rarest"): ranked by a row count. */
export const FREQUENCY_WORDS = new Set(['common', 'frequent', 'commonest', 'rarest']);
export const ASC_WORDS = new Set(['bottom', 'worst', 'least', 'lowest', 'smallest', 'fewest', 'quietest', 'rarest']);
export const GRAIN_TOKENS: Record<string, 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year'> = {
  day: 'day', days: 'day', date: 'day', dates: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month',
  quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year',
};
/** Words that also name a change over time ("revenue growth"); as a value they need a clear context. */
export const CHANGE_WORDS = new Set(['growth', 'increase', 'decrease', 'decline', 'change', 'drop', 'rise']);
/** Analysts' shorthand that has one reading only, written out before parsing ("lm" = last month). */
export const ANALYST_SHORTHAND: Record<string, string> = {
  lm: 'last month', lw: 'last week', conv: 'conversion', yday: 'yesterday', ystd: 'yesterday', yest: 'yesterday', tdy: 'today',
  smth: 'something', sth: 'something', shw: 'show', pls: 'please', plz: 'please', hw: 'how', wat: 'what', wut: 'what', jsut: 'just', val: 'value',
  mnth: 'month', mth: 'month', mnths: 'months', mths: 'months', wk: 'week', wks: 'weeks',
  lst: 'last', '2day': 'today', mny: 'many', ords: 'orders', pg: 'page', pgs: 'pages', abt: 'about', abut: 'about', nr: 'number', nbr: 'number',
};
const ANALYST_SHORTHAND_RE = new RegExp(`\\b(?:${Object.keys(ANALYST_SHORTHAND).join('|')})\\b`, 'g');
export const SHARE_WORDS = new Set(['share', 'percentage', 'percent', 'pct', 'proportion', 'fraction', 'contribution']);

/** Spelled counts up to ten, as digits. */
export const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  fifteen: '15', twenty: '20', fifty: '50', hundred: '100',
};

/**
 * Other scripts' decimal digits ("٥", "५") as 0-9. Unicode encodes each set of decimal digits as consecutive code
 * points from 0 to 9 (adjacent sets in multiples of ten), so a digit's value is its offset in its run, modulo 10.
 */
function asciiDigits(s: string): string {
  return s.replace(/\P{ASCII}/gu, (ch) => {
    if (!/\p{Nd}/u.test(ch)) return ch;
    let start = ch.codePointAt(0)!;
    while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
    return String((ch.codePointAt(0)! - start) % 10);
  });
}

/**
 * Lowercases and normalises the text; case-sensitive codes become `@v:<dimension>:<value>` tokens. `namesNumber` says
 * whether a word names a number column of the model (by its name or a synonym).
 */
export function normalizeQuestion(question: string, codes: Map<string, { dimension: string; value: string }>, namesNumber: (word: string) => boolean): string {
  // NFKC folds fullwidth and other compatibility digits ("５") into 0-9, so a number is never skipped as an odd character.
  let s = asciiDigits(question.normalize('NFKC')).replace(/\u00f7/g, ' / ').replace(/(?<=\S)\u2013(?=\S)/g, '-').replace(/[\u2018\u2019\u201b`´]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
  s = withWeekdayRanges(s);
  // "orders on Saturdays and Sundays": the two days that make the weekend, said together, are the weekend (one figure);
  // not in brackets after "weekend", which they restate.
  s = s.replace(/(?<!\(\s*)\b(?:sat(?:urday)?s?\s*(?:and|&|\+|\/)\s*sun(?:day)?s?|sun(?:day)?s?\s*(?:and|&|\+|\/)\s*sat(?:urday)?s?)\b(?!\s+(?:vs|versus|compared|separately|side))/gi, 'weekends');
  // "for tomorrow's deck", "in next week's board meeting": a thing of another day, not a period asked.
  s = s.replace(/\b(?:tomorrow's|tomorrows|today's|todays|next\s+week's|monday's|friday's)\s+(?=(?:[a-z]+\s+)?(?:deck|slides?|meeting|standup|stand-up|presentation|report|review|call|class|lecture|sync|huddle|newsletter|board|briefing|demo|pitch)\b)/gi, 'the ');
  // "separate question now, nothing to do with signups: …": what the new question is not about, before it.
  s = s.replace(/^(\s*(?:[a-z]+\s+){0,3}(?:question|q|topic|thing|one)(?:\s+now)?)\s*,?\s*(?:nothing\s+to\s+do\s+with|unrelated\s+to|not\s+about)\s+[^:.;!?]{1,40}:/i, '$1:');
  // "returns in apparel... can I get": a trailing ellipsis ends the sentence as a full stop does.
  s = s.replace(/(\p{L})\.{2,}(?=\s|$)/gu, '$1.');
  s = withoutWeekdayLegend(s);
  // "by hour of day, 0-23", "hourly (0–23)": the hours numbered as answers number them, a note for the reader.
  s = s.replace(new RegExp(String.raw`\b(hours?\s+of\s+(?:the\s+)?day|hours?|hourly)\s*,?\s*(?:\(\s*(?:from\s+)?0?${HOURS_0_23}\s*\)|(?:from\s+)?0?${HOURS_0_23})(?![\d:.])`, 'gi'), '$1');
  // "Monday June 2", "Sunday, June 29": the day of the week said with a date names that date, it filters nothing.
  s = s.replace(new RegExp(String.raw`\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+(?=(?:${MONTH_NAME})\s+\d{1,2}\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:${MONTH_NAME})\b|\d{4}-\d{2}-\d{2}\b)`, 'gi'), '');
  // "only us", "just in": a message that is all a filter by a two-letter code typed in lower case names the code (US, IN).
  for (const code of codes.keys()) if (/^[A-Z]{2}$/.test(code)) s = s.replace(new RegExp(`^(\\W*(?:(?:and|now|ok|okay)\\W+)?(?:only|just|excluding|except|without)\\s+)${code.toLowerCase()}(?=\\s*[?.!]*\\s*$)`, 'i'), `$1${code}`);
  // Shouting is judged without the codes themselves ("only APAC: JP, VN, SG, AU and IN" is not shouted).
  let uncoded = s;
  for (const code of codes.keys()) uncoded = uncoded.replace(new RegExp(`(?<![A-Za-z])${code}(?![A-Za-z])`, 'g'), ' ');
  const letters = uncoded.replace(/[^A-Za-z]/g, '');
  const mostlyUpper = letters.length > 0 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.6;
  if (!mostlyUpper) {
    for (const [code, v] of codes) {
      s = s.replace(new RegExp(`(?<![A-Za-z@~])${code}(?![A-Za-z])`, 'g'), ` @v~${v.dimension}~${code} `);
    }
  }
  s = withWhatTheyDidNext(s.toLowerCase());
  // "conv rate mobile vs desktop 👀": pictographs (emoji) say nothing of the question.
  s = s.replace(/\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D/gu, ' ');
  // "rev l30d", "add to carts l7d": the last N days, in a growth team's shorthand.
  s = s.replace(/\bl(\d{1,3})d\b/g, ' last $1 days ').replace(/\bl(\d{1,2})w\b/g, ' last $1 weeks ').replace(/\bl(\d{1,2})m\b/g, ' last $1 months ');
  s = s.replace(/\bwhat'?s\b/g, 'what is').replace(/\bhow'?s\b/g, 'how is').replace(/\bwho'?s\b/g, 'who is')
    .replace(/\bwhere'?s\b/g, 'where is').replace(/\b(\w+)n't\b/g, '$1 not').replace(/\bi'm\b/g, 'i am').replace(/\blet's\b/g, 'let us');
  s = s.replace(/(\w)'s\b/g, '$1').replace(/(\w)s'(\s|$)/g, '$1s$2');
  // "Now return the same metric split by channel", "return me the top 5": the verb of giving, not returns (refunds).
  s = s.replace(/(^|[.!?:;]\s*|\b(?:now|please|then|and|just|so)\s+)return\s+(?=(?:the|a|an|me|us|it|that|this|those|these|same|one|two|three|only|just)\b)/g, '$1show ');
  s = withSqlWords(s);
  s = s.replace(/(\d),(\d{3})(?!\d)/g, '$1$2').replace(/(\d),(\d{3})(?!\d)/g, '$1$2');
  s = s.replace(/(^|[\s$])\+(?=\d)/g, '$1'); // "+7" is 7
  // "how much $ did we lose", "how many $ from mobile": the dollar sign alone is the word money.
  s = s.replace(/\bhow\s+(?:much|many)\s+(?:in\s+)?\$(?!\s*\d)/g, 'how much money');
  s = s.replace(/\$\s*(\d+(?:\.\d+)?)\s*k\b/g, (_m, n: string) => `${Number(n) * 1000} usd`)
    .replace(/-\s*\$\s*(?=\d)/g, '$-')
    .replace(/\$\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)/g, '$1 usd')
    .replace(/(\d+(?:\.\d+)?)\s*\$/g, '$1 usd')
    .replace(/\b(\d+(?:\.\d+)?)k\b/g, (_m, n: string) => String(Number(n) * 1000))
    .replace(/(\d)\s*%/g, '$1 percent').replace(/%/g, ' percent ');
  s = s.replace(/>=/g, ' at least ').replace(/<=/g, ' at most ').replace(/>/g, ' more than ').replace(/</g, ' less than ').replace(/!=/g, ' not ')
    .replace(/\s*={1,2}\s*/g, ' = ');
  // "popular", "common", "frequent" alone rank down; after "least" they must not undo the direction.
  s = s.replace(/\bleast\s+popular\b/g, 'least').replace(/\bleast\s+(?:common|frequent)\b/g, 'rarest');
  // A legend in brackets ("(mon=1 ... sun=7)", "(1=mon .. 7=sun)") explains the notation of the answer; it asks for nothing.
  // "(0-23)", "(1 to 7)": a range of numbers alone in brackets gives the values' notation too.
  s = s.replace(/\(\s*(?:[a-z]+\s*=\s*\d+|\d+\s*=\s*[a-z]+|\.{2,}|\u2026|,|\s)+\)|\(\s*\d+\s*(?:-|\u2013|\.\.|to)\s*\d+\s*\)/g, ' ');
  // Context after the question ("? need it for the monday sync", " — want to see if the spike is real", "? trying to
  // size the upsell"): a clause after a break that says why it is asked is not part of the question, unless it asks for
  // a breakdown, a filter, an order or a chart ("— want it by country").
  s = s.replace(/(?:[?!.;:\u2014\u2013]|\s-\s)\s*(?:(?:i|we)\s+(?:am\s+|are\s+|just\s+|really\s+)?|just\s+)?(?:need|want|wanna|trying|hoping|planning|going\s+to|gonna|looking\s+to|curious|wondering|so\s+(?:i|we|that))\b[^?!;\u2014\u2013]*/g,
    (m) => (/\b(?:total|totals|number\s+of|count\s+of|sum\s+of|average|avg|mean|median|how\s+many|how\s+much)\b|\b(?:by|per|each|every|only|excluding|without|except|including|top|bottom|sorted|ordered|chart|graph|plot|table|as\s+an?|in\s+(?:usd|percent)|compare[ds]?|vs|versus|against|than|instead|also|split|break|group|since|between|last|this|yesterday|today|day|week|month|quarter|year)s?\b/.test(m) ? m : ' '));
  // "sanity check: …", "data check for march 2025: …", "ops check on …": a lead-in naming the kind of request (its
  // period stays); "for the investor update", "one number for the board": whom the answer is for.
  // "month-end close: …", "audit on event durations: …", "referral campaign check: …": the same, of a close or an audit.
  s = s.replace(/^\s*(?:[a-z-]+\s+){0,2}(?:check|close|audit|review|recap)\b\s*(?::|-|\u2014|(?=(?:for|on|of|in)\b))/, ' ')
    .replace(/^\s*(?:on|of|about)\s+[a-z_ ]{1,40}:/, ' ')
    // "for the May 2025 close pack": the period the close is of (unless it is said again after).
    .replace(/\bfor\s+(?:the|my|our)\s+((?:[a-z]+\s+)?(?:\d{4}\s+)?)(?:month-end\s+|monthly\s+|quarterly\s+|year-end\s+)?close(?:\s+(?:pack|deck|report|book))?\b/g, (m, per: string, at: number, all: string) => {
      // "For the May close I need …, for May 2025": said again after, the period is read there (once is enough).
      const said = per.trim().split(/\s+/)[0];
      return per.trim() && !(/^[a-z]+$/.test(said) && new RegExp(`\\b${said}\\b`).test(all.slice(at + m.length))) ? ` in ${per} ` : ' ';
    })
    .replace(/\bfor\s+(?:the|my|our|an?)\s+(?:(?:investor|investors|board|exec|execs|executive|leadership|management|team|weekly|monthly|quarterly|all-hands|ops|sales|marketing|finance)\s+)?(?:update|deck|board|slides?|meeting|review|memo|newsletter|qbr|sync|standup|presentation|investors|leadership|execs?)\b/g, ' ');
  // "one number between 0 and 1", "as a fraction from 0 to 1", "a value between 0 and 100": the scale of a share or
  // rate the answer is written in, never a filter on a column.
  s = s.replace(/\b((?:a|one|single|as\s+an?|in)\s+(?:(?:single|plain)\s+)?(?:number|value|figure|decimal|fraction|ratio|share|percentage))\s+(?:between|from)\s+0(?:\.0+)?\s+(?:and|to|-)\s+(?:1(?:\.0+)?|100)\b/g, (_m, lead: string) => (/^(?:as|in)\b/.test(lead) ? ' ' : lead));
  // "(orders joined to users)", "(join orders and users)": how the tables meet, which the model's joins say already.
  s = s.replace(/\(\s*(?:via\s+|through\s+|by\s+)?(?:(?:a|the)\s+)?(?:join(?:ing)?\s+)?[a-z_.]+\s+(?:joined\s+(?:to|with|on)|join(?:ed)?\s+(?:to|with)?|and|to)\s+[a-z_.]+(?:\s+(?:on|via)\s+[a-z_.]+)?\s*\)/g, (m) => (/\bjoin/.test(m) ? ' ' : m));
  // "one row, two columns (earlier period, later period)": the columns' names, in the order the periods are said.
  s = s.replace(/\(\s*(?:the\s+)?(?:earlier|first|previous|older|prior)\s+(?:period|one|range|week|month|span)\s*(?:,|and|then)\s*(?:the\s+)?(?:later|second|latest|newer|current|recent)\s+(?:period|one|range|week|month|span)\s*\)/g, ' ');
  // "the 8 full ISO weeks before the current week": the last 8 whole weeks.
  s = s.replace(/\b(?:the\s+)?(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:full\s+|complete\s+|whole\s+)?(?:iso\s+)?(weeks|months|days|quarters)\s+(?:before|prior\s+to)\s+(?:the\s+)?(?:current|this|present)\s+(?:week|month|day|quarter)\b/g,
    (_m, n: string, unit: string) => ` the last ${NUMBER_WORDS[n] ?? n} full ${unit} `);
  // "(e.g. 12.5 meaning +12.5 %)", "(for example 0.25)": an example of how the answer is written asks for nothing.
  s = s.replace(/\(\s*(?:e\.\s?g\.?|eg|for\s+example|for\s+instance|example:?)[^()]*\)/g, ' ');
  // "…, e.g. 9.5 meaning 9.5%": an example of how a number is written, without brackets.
  s = s.replace(/[,;]?\s*\b(?:e\.\s?g\.?|eg|for\s+example|for\s+instance)\s*,?\s+[-+]?\d+(?:\.\d+)?\s*%?\s+(?:meaning|means|=|for|is|stands\s+for)\s+[-+]?\d+(?:\.\d+)?\s*(?:%|percent)?/g, ' ');
  // "all 2024 orders": the rows of that year.
  s = s.replace(/\ball\s+(20\d{2})\s+([a-z]+s)\b/g, 'all $2 in $1');
  // "QBR slide 2 — …", "Validating a KPI tile: …", "Dashboard tile 3: …": where the answer goes, not what it is.
  s = s.replace(/^\s*(?:[a-z-]+\s+){0,2}(?:slide|page|section|tile|widget|panel|chart)\s*#?\d{0,3}\s*(?::|-|\u2014|\u2013)\s*/, ' ')
    .replace(/^\s*(?:validating|checking|verifying|reconciling|double-checking)\s+[^:\u2014]{1,40}(?::|\u2014)\s*/, ' ');
  // "(positive = growth)", "(negative means a decline)": how the sign of a change reads, which every change has.
  s = s.replace(/\(\s*(?:a\s+)?(?:positive|negative|\+|-)\s*(?:=|means|is)\s*(?:an?\s+)?(?:growth|increase|decline|decrease|drop|up|down|rise|fall)\s*\)/g, ' ');
  // "in Q1 2025, i.e. Jan 1 to Mar 31 2025": what follows "i.e." says the same again, in brackets as a restatement is.
  s = s.replace(/,?\s*\b(?:i\.\s?e\.?|ie|that\s+is|namely)\s*,?\s*(?=\()/g, ' ');
  s = s.replace(/,?\s*\b(?:i\.\s?e\.?|ie|that\s+is|namely|meaning)\s*,?\s+([^?!;()]+?)\s*(?=[?!;]|$)/g, ' ($1) ');
  // "in the month of April of 2025", "April of 2025": a month of a year, said the long way.
  s = s.replace(/\b(?:the\s+)?month\s+of\s+(january|february|march|april|may|june|july|august|september|october|november|december)\b/g, '$1')
    .replace(/\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+of\s+(\d{4})\b/g, '$1 $2');
  // "events that last longer than 60 seconds": how long they last is their duration.
  s = s.replace(/\b(?:that\s+|which\s+)?(?:last|lasted|lasting|run|ran|take|took)\s+(?=(?:longer|shorter|more|less|over|under)\b)/g, '');
  // "which day of the week …? give the day number": the weekday's number, the day of week named already.
  if (/\bday\s+of\s+(?:the\s+)?week\b|\bweekdays?\b/.test(s)) s = s.replace(/\b(?:the\s+)?day\s+(?:number|no|#)(?!\s+of\b)/g, 'the day of week');
  // "min / max / median qty": aggregates listed with slashes are a list, not a ratio.
  s = s.replace(/\b(min|max|minimum|maximum|median|average|avg|mean|sum|total)\s*\/\s*(?=(?:min|max|minimum|maximum|median|average|avg|mean|sum|total)\b)/g, '$1 and ');
  // "sessions that consisted of exactly one event": a verb of containing, as "with".
  s = s.replace(/\b(?:that\s+|which\s+)?(?:consisted|consist|consists|consisting)\s+of\b/g, 'with');
  // "the customer's current plan": the plan a user has is the one the table holds.
  s = s.replace(/\b(?:current|present)\s+(?=(?:plan|plans|country|signup\s+channel)\b)/g, '');
  // "I need the distribution of order quantity: number of orders for each quantity": what follows says the shape.
  s = s.replace(/\b(?:the\s+)?distribution\s+of\s+[a-z_ ]{1,30}?\s*:\s*/g, ' ');
  // "of the people who signed up in March, how many have placed an order": "how many" of the people named before.
  {
    // Only for a clause with a period ("who signed up in March 2025"): read as related rows, "how many" alone counted them.
    const whole = /\bof\s+(?:all\s+)?(?:the\s+|those\s+|these\s+)?([a-z]+)\s+(?:who|that)\b([^,?;]*)/.exec(s);
    if (whole && /\b(?:\d{4}|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|last|this|yesterday|today|week|month|quarter|year|q[1-4])\b/.test(whole[2])) s = s.replace(/\bhow\s+many\s+(?=(?:of\s+them\s+)?(?:(?:have|has|had|did)\s+)?(?:(?:ever|actually|then|also|already)\s+)?(?:made|placed|place|make|ordered|order|bought|buy|purchased|purchase)\b)/, `how many ${whole[1]} `);
  }
  // "what share ordered last month", "what percentage have ever ordered": the verb of placing an order.
  s = s.replace(/\b(what\s+(?:share|fraction|percentage|percent|proportion|%)(?:\s+of\s+them)?)\s+(?:have\s+|has\s+|had\s+|did\s+)?(?:ever\s+|actually\s+)?ordered\b(?!\s+by\b)/g, '$1 placed an order');
  // "in seconds (not ms)": a unit said once more as what it is not.
  s = s.replace(/\(\s*not\s+(?:in\s+)?(?:ms|milliseconds?|seconds?|secs?|minutes?|mins?|usd|dollars|cents)\s*\)/g, ' ');
  // "? user ids are fine", ". a rough number is ok": a closing clause that only accepts a form of the answer.
  s = s.replace(/[?!.;]\s*[a-z0-9_ ]{1,40}\b(?:is|are)\s+(?:fine|ok|okay|good|enough)\s*(?:\([^()]{0,40}\))?\s*[.!]*\s*$/, ' ');
  // "? just the winner + how many": the one row a superlative asks for, with its figure (a row count when none is).
  s = s.replace(/[,;.!?]?\s*\b(?:just|only)?\s*(?:the\s+)?winner(?:\s*(?:\+|and|&|plus|with)\s*(?:how\s+many|the\s+(?:count|number|total|figure))|\s+only)?\s*[.!?]*\s*$/, (all, at: number) => (/\b(?:most|top|highest|biggest|largest|best|fewest|least|lowest)\b/.test(s.slice(0, at)) ? ' ' : ' top 1 '));
  // "…, keep everything else": what a change leaves alone, as every change does.
  s = s.replace(/[,;]?\s*(?:and\s+)?keep(?:ing)?\s+(?:everything|all|the\s+rest)\s+else(?:\s+(?:(?:exactly|just|precisely)\s+)?(?:the\s+same|as\s+(?:is|it\s+was|before)|unchanged))?\b|[,;]?\s*(?:and\s+)?keep(?:ing)?\s+the\s+rest(?:\s+(?:(?:exactly|just|precisely)\s+)?(?:the\s+same|as\s+(?:is|it\s+was|before)|unchanged))?(?=\s*[.!?]*\s*$)/g, ' ');
  // "how many orders did we take", "products do y'all carry": what the shop had.
  s = s.replace(/\by'?all\b/g, 'you').replace(/\b(do|does|did)\s+(we|you|they|the\s+(?:shop|store))\s+(?:take|carry|stock|receive)\b/g, '$1 $2 have');
  // "since the beginning", "from the very start", "since day one": everything the data holds.
  // (Not "since the start of May": the start of something named.)
  s = s.replace(/\b(?:since|from)\s+(?:the\s+)?(?:very\s+)?(?:beginning|begin|start)\b(?:\s+of\s+(?:time|the\s+data))?(?!\s+of\b)|\bsince\s+day\s+(?:one|1)\b/g, 'all time');
  // "…? just the one number for the appendix", "one line per quarter": where the answer goes, and a line for a row.
  s = s.replace(/\s*,?\s+for\s+(?:the|my|our|a|an|this)\s+(?:board\s+|monthly\s+|weekly\s+|quarterly\s+)?(?:appendix|deck|slides?|report|memo|newsletter|one-pager|write-?up|pack|board\s+pack|handout)\s*([.!?]*)\s*$/, '$1')
    .replace(/\b(one|a|1)\s+line\s+(per|for\s+each|each)\b/g, '$1 row $2');
  // "pulling together the board pack for Thursday", "deck due friday", "a board meeting tomorrow": when a piece of the
  // asker's work is due.
  s = s.replace(/\b(deck|slides|pack|report|meeting|review|presentation|call|sync|standup|stand-up|appendix|memo|update|briefing)\s+(?:(?:is\s+|are\s+)?(?:for|on|by|due(?:\s+on|\s+by)?)\s+|(?:is\s+|are\s+)?(?=tomorrow|tonight|next\s+|this\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)))(?:this\s+|next\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|eod|end\s+of\s+(?:day|week))\b/g, '$1');
  // "and the day before, may 15?": the day said out after the relative one is that day (said twice, read once).
  s = s.replace(/\b(?:the\s+)?(?:day|week|month|year)\s+(?:before|after)\s*[,(\u2013\u2014-]\s*(?=(?:on\s+|so\s+|i\.?e\.?\s+)?(?:the\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\d{4}-\d{2}-\d{2}))/g, ' ');
  // "orders that have quantity 5", "orders having a quantity 3": a number column's value, said as "with a quantity of 5".
  s = s.replace(/\b(?:have|has|had|having|for|with)\s+(?:a\s+|the\s+)?([a-z_]+)\s+(?:of\s+|=\s*)?(\d+(?:\.\d+)?)(?![\d.%]|\s*(?:days?|weeks?|months?|years?|hours?|minutes?|or\b|\+)|\s+[a-z]+ed\b)/g, (all, col: string, n: string) => (namesNumber(col) ? `with a ${col} of ${n}` : all));
  // "how many orders went out yesterday", "units sent out": an order that went out is one placed (shipping is no status).
  s = s.replace(/\b(went|go|goes|going|gone|sent|send|sends|sending|shipped|ship|ships|shipping)\s+out\b(?!\s+of\b)/g, '$1');
  // "how many events per session on average": the average a figure per entity is already.
  s = s.replace(/(\bper\s+[a-z_]+(?:\s+[a-z_]+)?)\s*,?\s+on\s+(?:an?\s+)?average\b/g, '$1');
  // "ok forget email - …": the value the previous answer was kept to is let go, as "drop the email filter" says.
  s = s.replace(/\bforget\s+(?:about\s+)?(?:the\s+)?(?!(?:that|this|it|those|these|them|everything|all|previous|last|what|about)\b)([a-z@~_-]+)(?:\s+(?:filter|one|part))?(?=\s*(?:[-,.;:!?\u2013\u2014]|$))/g, 'drop the $1 filter');
  // "b4 standup", "thru": the written short forms of before and through.
  s = s.replace(/\bb4\b/g, 'before');
  s = s.replace(/\bthru\b/g, 'through');
  // "leaving out mobile", "leave out refunds", "omitting tablets", "not counting paid": other ways to say excluding.
  s = s.replace(/\b(?:leav(?:e|es|ing)|left|keep(?:ing)?|kept)\s+out\b|\bomit(?:s|ting|ted)?\b|\bnot\s+counting\b/g, 'excluding');
  // "inclusive of refunds", "also counting cancelled", "counting refunds too": other ways to say including.
  s = s.replace(/\binclusive\s+of\b|\b(?:also|and)\s+counting\b/g, 'including').replace(/(?<!\bnot\s)\bcounting\s+(?=(?:[a-z@~_/'-]+\s+){0,3}?(?:too|as\s+well)(?:\s|$))/g, 'including ');
  // "w/", "w/o": the written short forms of with / without.
  s = s.replace(/(^|\s)w\/o(?=\s|$)/g, '$1without').replace(/(^|\s)w\/(?=\s|$)/g, '$1with').replace(/(^|\s)w\/(?=[a-z])/g, '$1with ');
  // "quick: …": a colon after the word that announces a question is kept as a dash (the colon is a space below).
  s = s.replace(/^(\s*(?:[a-z]+\s+){0,2}?quick(?:ly)?)\s*:/, '$1 - ');
  // Analysts' shorthand with one reading: "rev by country lm", "conv rate by device lw", "# buyers".
  s = s.replace(ANALYST_SHORTHAND_RE, (w) => ANALYST_SHORTHAND[w] ?? w);
  // "cheapest and most expensive price in each category": the lowest and highest price, both.
  s = s.replace(/\bcheapest\s+and\s+(?:the\s+)?most\s+expensive(?=\s+(?:list\s+)?prices?\b)/g, 'lowest and highest')
    .replace(/\bmost\s+expensive\s+and\s+(?:the\s+)?cheapest(?=\s+(?:list\s+)?prices?\b)/g, 'highest and lowest');
  // "would it be possible to only look at the books category?": only the books category.
  s = s.replace(/\b(only|just)\s+(?:look|looking)\s+at\s+(?=(?:the\s+)?[a-z@])(?!(?:the\s+)?pages?\b)/g, '$1 ');
  // "mobile orders only", "desktop only please": a short message of values and nouns closed by "only" restricts as "only
  // mobile orders" does (a refinement whose noun names the rows, not a new figure).
  s = s.replace(/^(\s*(?:(?:ok|okay|so|and|now|then)\s+)*)((?:[a-z@~_'-]+\s+){0,3}?[a-z@~_'-]+)\s+(?:only|alone)(\s+(?:please|pls|thanks))?\s*([.!?]*)\s*$/, (m, lead: string, words: string, tail: string | undefined, end: string) => (
    /\b(?:only|just|not|no|without|excluding|except|by|per|vs|versus|top|bottom)\b/.test(words) ? m : `${lead}only ${words}${tail ?? ''}${end}`));
  // "95th percentile of", "the 90 pctl", "percentile 99", "p99.9": a percentile, written as the parser's word (p95). "the
  // 50th percentile" is the median; "(quantileExact)" after it only names how it is computed (percentiles are exact).
  s = s.replace(/\b(?:the\s+)?(\d{1,2}(?:\.\d{1,3})?)(?:st|nd|rd|th)?(?:[\s-]+|(?<=\d))(?:percentile|pctl|pctile|centile)s?\b|\bpercentile\s+(\d{1,2}(?:\.\d{1,3})?)\b/g,
    (m, a: string | undefined, b: string | undefined) => { const n = Number(a ?? b); return n > 0 && n < 100 ? ` ${n === 50 ? 'median' : `p${a ?? b}`} ` : m; })
    .replace(/\bp50\b/g, 'median')
    // "p95 of duration_ms (quantileExact)": the nearest value itself, as that function computes it.
    .replace(/\b(p\d{1,2}(?:\.\d{1,3})?|median)\b([^()]*?)\(\s*(?:quantile|median)exact\s*\)/g, (_m, p: string, mid: string) => ` ${p === 'median' ? 'p50' : p}exact${mid} `)
    .replace(/\(\s*quantile(?:exact)?\s*\)|\bexact(?=\s+(?:p\d|median)\b)/g, ' ');
  // "#orders": the count sign written onto its noun.
  s = s.replace(/(^|\s)#(?=[a-z])/g, '$1# ');
  // "by how many dollars did revenue differ from …": the amount of a figure's change between two periods, in its unit.
  s = s.replace(/\bby\s+how\s+many\s+(?:dollars|usd|bucks|euros?)\b/g, 'by how much').replace(/\bdiffer(?:s|ed)?\s+from\s/g, 'change compared to ').replace(/\bdiffer(?:s|ed)?\s+(?=(?:compared\s+(?:to|with)|vs\.?|versus)\s)/g, 'change ');
  // "… ? Just give me May minus April.": the direction of the difference, said as a sentence of its own (as in brackets).
  s = s.replace(/([?.!])\s*(?:just\s+|only\s+|simply\s+)?(?:give\s+me|show\s+me|i\s+want|i\s+need|report)\s+((?:[a-z0-9-]+\s+){1,3}(?:minus|less)\s+(?:[a-z0-9-]+\s*){1,3})[.!]*\s*$/, '$1 ($2)');
  // "the dollar value of refunded orders", "revenue in dollars": the model's money is in its one currency already.
  // "orders per hour-of-day", "day-of-week": the parts of a date, hyphenated.
  s = s.replace(/\b(hour|day|week|month)-of-(?:the-)?(day|week|month|year)\b/g, '$1 of $2');
  // "are refunds trending up?", "is revenue heading down": which way a trend goes is what its series shows.
  s = s.replace(/\b(trending|trend|heading|moving)\s+(?:up|down|upwards?|downwards?|higher|lower)\b/g, (_m, w: string) => (w === 'trend' ? 'trend' : 'trending'));
  // "how many rows landed in demo.orders", "records ingested into events": rows of that table, by its time column.
  s = s.replace(/\b(rows?|records?)\s+(?:(?:have|has|had|were|was|got|get)\s+)?(?:landed|land|arrived|arrive|came\s+in|written|inserted|loaded|ingested)\s+(?:in|into|to)\s+/g, '$1 in ');
  // "how many dollars' worth of orders got refunded", "how much money worth of refunds": the value of those rows.
  s = s.replace(/\bhow\s+(?:many\s+(?:dollars|usd|bucks)'?|much\s+(?:money|cash))(?:'?s)?\s+(?:worth\s+)?(?:of|in)\s+/g, 'the value of ')
    .replace(/\b(?:dollars|usd|bucks|money)'?s?\s+worth\s+of\s+/g, 'value of ');
  s = s.replace(/\b(?:dollar|usd)\s+(value|amount|total|revenue|sales)\b/g, '$1').replace(/\b(value|amount|total|revenue|sales)(?:\s*,)?\s+(?:in|as)\s+(?:dollars|usd|us\s+dollars)\b(?:\s*,(?=\s*(?:of|for|from)\b))?/g, '$1');
  // "from 2025-05-10 to 2025-05-20 inclusive", "june 1-7 (both inclusive)": a range's end day is always included.
  s = s.replace(INCLUSIVE_END, '$1 ');
  // "for the whole week before, 2025-05-09 to 2025-05-15": the dates after say which week that is.
  s = s.replace(/\b(?:the\s+)?(?:whole\s+|full\s+|entire\s+)?(?:day|week|month|quarter|year)\s+(?:before|earlier|prior)\s*[,(:\u2014\u2013]\s*(?=(?:from\s+)?\d{4}-\d{2}-\d{2}\s*(?:to|through|until|-|\u2013)\s*\d{4}-\d{2}-\d{2})/g, ' ');
  // "each quarter labelled by its first day", "months shown as their start date": how a time bucket is named, as it is.
  s = s.replace(/[\s,]*\b(?:with\s+)?(?:each|every|the)\s+(?:day|week|month|quarter|year)s?\s+(?:labell?ed|named|shown|identified|keyed)\s+(?:by|as|with)\s+(?:its|their|the)\s+(?:first|start(?:ing)?|opening)\s+(?:day|date)s?\b/g, ' ');
  // "as a percentage of the 90-day total": the total of the question's own period.
  s = s.replace(/\b(of\s+(?:the|their|its)\s+)(?:\d{1,3}|[a-z]+)[-\s](?:day|week|month|quarter|year)\s+(total|sum)\b/g, '$1$2');
  // "just the 7-day total per device", "the 30-day sum": the total of the period kept, a figure over all of it.
  s = s.replace(/\b(just\s+|only\s+)?(the\s+)(?:\d{1,3}|[a-z]+)-(?:day|week|month)\s+(total|sum|count)\b/g, '$1$2$3');
  // "top 3 is enough", "that will do", "10 rows is fine": approval of a shape already said asks for nothing more.
  s = s.replace(/\b(?:is|are|would\s+be|will\s+be|should\s+be)\s+(?:enough|fine|sufficient|plenty)\b|\b(?:that|this|it)?\s*will\s+do\b|\bsuffices?\b/g, ' ');
  // "…, 2025 so far", "and 2025 so far?": that year up to now.
  s = s.replace(/(^|[\s,;(])(?<!\b(?:q[1-4]|h[12]|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\s+)(?:in\s+)?(20\d{2})\s+(?:so\s+far|to\s+date|year\s+to\s+date|ytd)\b/g, '$1 in $2 so far');
  // "up to and including yesterday", "up to 20 june": the end of a range, its day included.
  s = s.replace(/(?<!\b(?:add|adds|added|sum|sums|summed)\s)\bup\s+(?:to|until|till)(?:\s+and\s+including)?\s+(?=today\b|yesterday\b|(?:the\s+)?end\s+of\b|(?:[a-z]+\s+)?\d)/g, 'through ');
  // "the week starting monday 2025-06-02", "the weeks of june 2 through june 23": those days (week-phrases.ts).
  s = withoutWeekdayBeforeDate(withWeeksNamedByDay(withIsoWeekNumbers(s)));
  s = withoutWeekNotes(s);
  // "(tablet excluded)", "refunds excluded": the value excluded.
  s = s.replace(/\b([a-z_]+)\s+excluded\b/g, (m, w: string) => (/^(?:is|are|was|were|be|been|being|get|got)$/.test(w) ? m : `excluding ${w}`));
  s = withListedPeriods(s);
  // "add the number of orders as a second column": a figure added is a column of its own anyway.
  s = s.replace(/\b(?:as|in)\s+(?:a|the|an)\s+(?:second|third|fourth|new|extra|separate|additional|another)\s+(?:column|col)\b/g, ' ');
  // "the revenue column", "the quantity field": the column by its name.
  s = s.replace(/\b(the|a|an)\s+([a-z_]+)\s+(?:column|field|attribute)\b/g, '$1 $2');
  // "how many units went out last week": sold.
  s = s.replace(/\b(units|items|pieces|products)\s+(?:went|have\s+gone|has\s+gone|gone|go|goes)\s+out(?:\s+the\s+door)?\b/g, '$1 sold');
  s = withTopBy(s);
  // "filter country = 'FR'", "add where device = 'mobile'": a condition added to the answer, as "only" says.
  s = s.replace(/^(\s*(?:(?:and|then|now|also|pls|please)\s+)*)(?:add\s+(?:a\s+)?(?:filter\s+)?(?:where\s+)?|filter\s+(?:where\s+|on\s+)?|where\s+)(?=[a-z_]+\s*(?:=|!=|<>|>|<|\bin\b|\bis\b))/, '$1only ');
  // "return just the top plan", "…, return the top 3": the verb asking for the answer, not returns (refunds).
  s = s.replace(/(^|[?.!,;:\u2014\u2013]\s*|\s-\s*)(?:please\s+)?return\s+(?=(?:just|only|the|a|an|one|me|us|all|both|each|every|them|it|\d+)\b)/g, '$1');
  // "2025-06-10 with the same weekday a week earlier (2025-06-03)": the day in brackets, when it is that day.
  s = s.replace(/\b(?:the\s+)?same\s+(?:week)?day\s+(?:(a|one|1|two|2)\s+weeks?|(?:a|one|1)\s+year)\s+(?:earlier|before|prior|ago|back)\s*\(\s*(\d{4}-\d{2}-\d{2})\s*\)/g, (whole: string, weeks: string | undefined, date: string, at: number) => {
    const first = [...s.slice(0, at).matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].at(-1)?.[1];
    if (!first) return whole;
    const back = weeks ? 7 * (/^(?:two|2)$/.test(weeks) ? 2 : 1) : 364;
    return Date.parse(`${first}T00:00:00Z`) - back * 86_400_000 === Date.parse(`${date}T00:00:00Z`) ? ` ${date} ` : whole;
  });
  // "the lowest and the highest price", "largest and smallest order": both ends of a column, never a ranking.
  // ("which country has the highest and lowest revenue" ranks the rows: left to the ranking).
  if (!/\b(?:which|what)\b/.test(s)) {
    s = s.replace(/\b(?:the\s+)?(lowest|smallest|minimum|min)\s+(?:and|&|\/)\s+(?:the\s+)?(?:highest|largest|biggest|maximum|max)\b/g, 'min and max')
      .replace(/\b(?:the\s+)?(?:highest|largest|biggest|maximum|max)\s+(?:and|&|\/)\s+(?:the\s+)?(?:lowest|smallest|minimum|min)\b/g, 'max and min');
  }
  // "put singapore next to it", "show germany alongside": the value added beside the answer's own.
  s = s.replace(/^(\s*(?:(?:and|then|now|also|pls|please|ok|okay)\s+)*)(?:put|place|show|add|bring)\s+(.+?)\s+(?:next\s+to|beside|alongside|side\s+by\s+side\s+with)\s+(?:it|that|this|them)\b/, '$1add $2');
  // "add the number of orders next to revenue": a figure added beside the one shown, a column of its own.
  s = s.replace(/^(\s*(?:(?:and|then|now|also|pls|please|ok|okay)\s+)*)(add|include|show)\s+(.+?)\s+(?:next\s+to|beside|alongside)\s+(?:the\s+)?[a-z_]+(?:\s+[a-z_]+)?\s*[.!?]*\s*$/, '$1$2 $3');
  // "the same total for refunded orders", "same statistic for checkout events", "same per-day series, but for …": the
  // figure (and its shape) kept, for other rows.
  s = s.replace(/\b(?:the\s+)?same\s+(?:(?:per-day|daily|weekly|monthly|hourly|per\s+day|per\s+week|per\s+month)\s+)?(?:total|figure|number|numbers|metric|sum|amount|calculation|stat|stats|statistic|measure|kpi|series|breakdown|split|table|chart|query)\s*(?=,?\s*(?:but\s+)?(?:for|on|of|in)\b)/g, ' same ');
  // "arithmetic mean": the mean.
  s = s.replace(/\barithmetic(?:al)?\s+(?=mean|average)/g, '');
  // "same for May 9, a week earlier": a date said with how far it is from the one before restates it.
  s = s.replace(new RegExp(`\\b(${MONTH_NAME}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?|\\d{4}-\\d{2}-\\d{2})\\s*,?\\s+(?:(?:exactly|just)\\s+)?(?:a|one|two|three|\\d{1,2})\\s+(?:days?|weeks?|months?|years?)\\s+(?:earlier|before|later|after|prior)\\b`, 'g'), '$1');
  // "how many units went out", "items that went out the door": units sold.
  s = s.replace(/\b(units?|items?|pieces?)(\s*\([^)]*\))?\s+(?:that\s+|which\s+)?(?:went|go|goes|gone|got|get)\s+out(?:\s+the\s+door)?\b/g, '$1$2 sold');
  // "in the half-open interval [2025-03-01 00:00:00, 2025-03-15 00:00:00)": whole days from the first up to the second,
  // the second itself in only with a closing square bracket; a time of day other than midnight is left to be refused.
  s = s.replace(/\b(?:in\s+|within\s+)?(?:the\s+)?(?:(?:half[-\s]open|closed|open)\s+)?(?:interval|range)?\s*\[\s*(\d{4}-\d{2}-\d{2})(?:[\st]00:00(?::00)?)?\s*,\s*(\d{4}-\d{2}-\d{2})(?:[\st]00:00(?::00)?)?\s*([)\]])/g, (whole: string, a: string, b: string, close: string) => {
    const end = close === ']' ? b : new Date(Date.parse(`${b}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    return Number.isNaN(Date.parse(`${b}T00:00:00Z`)) || end < a ? whole : ` from ${a} to ${end} `;
  });
  // "distinct users with at least one purchase event": the distinct ones with such a row at all.
  s = s.replace(/\b((?:distinct|unique)\s+[a-z]+\s+)with\s+(?:at\s+least\s+(?:one|1)|one\s+or\s+more|1\s+or\s+more)\s+(?=[a-z])/g, '$1with a ');
  // "also Germany, separate", "mobile and desktop separately": each value a row of its own.
  s = s.replace(/[,;]?\s*\b(?:separate(?:ly)?|as\s+separate\s+(?:rows|lines|series|columns|groups)|kept\s+apart|not\s+combined)\s*(?=[.!?]*\s*$)/, ' each on its own ');
  // "same filters", "with the same conditions": what is kept anyway.
  s = s.replace(/[\s,]*\b(?:(?:with|using|keep(?:ing)?)\s+)?(?:the\s+)?same\s+(?:filters?|conditions?|settings|criteria)\b/g, ' ');
  // "one row with two numbers: signups and orders", "two figures: …": the figures asked for, a column each in one row.
  // "when was their latest order? just the timestamp": the answer's form for a question of when.
  if (/\bwhen\b/.test(s)) s = s.replace(/\b(?:just|only)\s+(?:the\s+)?(?:timestamp|datetime|date\s+and\s+time|time\s+stamp)\b/g, ' ');
  s = withSpokenForms(s);
  // "all five APAC countries (JP, …)", "both 2 plans": the count of things listed or named anyway.
  s = s.replace(/\b(all|both)\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?=[a-z])/g, '$1 ');
  // "anything but free", "all but the US": every value except it.
  s = s.replace(/\b(anything|everything|(?:any|every)\s+(?:plan|country|channel|device|status|category|page)|all(?:\s+(?:plans|countries|channels|devices|statuses|categories))?)\s+but\s+(?!(?:only|just|also|now|still|keep|with|for|in|on|then|limit|restrict|filter|split|by|per|show)\b)(?:the\s+)?(?=[a-z@])/g, '$1 except ');
  // "For the paid-acquisition test I need …", "for our churn study:": what the answer is for asks for nothing.
  s = s.replace(/^\s*(?:(?:hi|hey|hello|morning)\s*[-,:!.]*\s*)?for\s+(?:the|my|our|a|an|this)\s+(?:[a-z][a-z&/-]*\s+){0,3}?(?:test|experiment|a\/b\s+test|analysis|project|review|report|audit|deck|study|forecast|dashboard|okrs?|sync|meeting|memo|write-?up|investigation|post-?mortem|huddle|stand-?up|board|call|presentation|update)\b\s*[,:;-]?\s*(?:(?:i|we)\s+(?:need|want|would\s+like|'d\s+like)\s+)?/, ' ');
  // "the ISO weekday number", "day-of-week number": the day of the week as answers number it (1 = Monday).
  s = s.replace(/\b(?:iso\s+)?(?:weekday|week\s*day|day[-\s]of[-\s](?:the[-\s])?week)\s+(?:number|no\.?|index|num)s?\b/g, 'day of week');
  // "which weekday has the most orders": which day of the week (the weekdays as a group are Monday to Friday).
  s = s.replace(/\b(which|what|busiest|quietest|best|worst)\s+(?:week\s*day|weekday)\b(?!s)/g, '$1 day of week');
  // "Japan on its own", "mobile by itself": that value alone.
  s = s.replace(/\b(?:on\s+(?:its|their|his|her)\s+own|by\s+(?:itself|themselves))\b/g, ' ');
  // "back to all days of the week": every value again.
  s = s.replace(/\b(?:go\s+)?back\s+to\s+(?=(?:all|every|any)\s+(?:the\s+)?days?\b)/g, ' ');
  // "as a fraction of 1", "as fractions that add up to 1": a share written as a fraction.
  s = s.replace(/\b(as\s+(?:a\s+)?fractions?)\s+(?:of\s+(?:1|one)|(?:that|which)?\s*(?:add|sum)s?\s+up\s+to\s+(?:1|one|100\s*(?:%|percent)?))\b/g, '$1');
  // "AOV last mo", "this mo": the month.
  s = s.replace(/\b(last|this|next|past|prev|previous|per|each|a)\s+mo\b/g, '$1 month');
  // "which country is user 1500 based in": where the user is.
  s = s.replace(/\b(?:based|located|living|registered|resident)\s+(?=in\b)/g, ' ');
  // "Would it be possible to split that …", "would you mind showing …", "could you help me understand …": asking.
  s = s.replace(/\b(?:would|will|is)\s+it\s+be\s+possible\s+to\b|\bwould\s+you\s+mind\b|\bhelp\s+me\s+understand\b|\b(?:i\s+)?hope\s+(?:this|that|it)\s+(?:isn'?t|is\s+not)\s+too\s+much\s+(?:trouble|work|hassle)\b|\bsorry\s+if\s+(?:this|that|it)\s+is\s+an?\s+(?:basic|dumb|silly|simple|stupid|obvious|newbie)\s+(?:one|question|q)\b/g, ' ');
  // "events ingested per day": rows loaded, as the table's rows are counted.
  s = s.replace(/\b(?:ingested|loaded|recorded|logged|captured|stored|written)\s+(?=(?:per|by|each|every|during|over|for|last|this|yesterday|today)\b)/g, ' ');
  // "top 3 countries by that rate": by the previous answer's figure, as a ranking of it is.
  s = s.replace(/\bby\s+(?:that|this|the\s+same)\s+(?:rate|figure|metric|measure|number|value|kpi|ratio|share)\b/g, ' ');
  // "the 10 days before that (11 to 20 days ago)": the span said again.
  s = s.replace(/(\bbefore\s+(?:that|it|then)\s*)\(\s*\d{1,3}\s*(?:to|-|\u2013|through)\s*\d{1,3}\s+days?\s+ago\s*\)/g, '$1');
  // "I'd like to put it in my onboarding notes.": what the answer is for.
  s = s.replace(/(^|[.!?]\s*)(?:i'?d|i\s+would|we'?d|we\s+would)\s+like\s+to\s+(?:put|use|add|include|share|paste|drop|show)\s+(?:it|this|that|them)\s+(?:in|into|on|with)\s+(?:my|our|the|a|an)\s+[a-z\s-]{1,40}[.!]?\s*$/, '$1 ');
  // "Reply with …", "answer with …": what to give back.
  s = s.replace(/(^|[.?!]\s*)(?:please\s+)?(?:reply|respond|answer)\s+with\b/g, '$1 show ');
  // "a single number", "one single figure": one number.
  s = s.replace(/\b(?:a|one)\s+single\s+(number|figure|value|total)\b/g, 'one $1');
  // "… the 10 days before that. One row.": the answer in one row, said as a clause of its own.
  s = s.replace(/(^|[.;:!?,(]\s*)(?:(?:just|only|in)\s+)?(?:one|a\s+single)\s+row(?:\s+only)?\s*(?=[.;:!?,)]|$)/g, '$1 in one row ');
  // "One row, three columns.": the same shape said after the question.
  s = s.replace(/\b(?:(?:in|as)\s+)?(?:one|a\s+single|a)\s+row\s*(?:with|,|and|-|–|—)?\s*(?:two|2|three|3|four|4|five|5|both)\s+(?:numbers|figures|values|columns|cols|counts)\b\s*:?/g, ' in one row ')
    .replace(/\b(?:two|2|three|3)\s+(?:numbers|figures|counts)\s*:/g, ' in one row ');
  // "one row per device, columns last week and the week before": the periods named as the columns.
  s = s.replace(/\b(?:with\s+)?(?:the\s+)?columns?\s*:?\s+(?=(?:this|last|the|previous|prior)\s+(?:week|month|day|quarter|year)\b[^.?!;]*\b(?:and|vs|versus)\b)/g, ' as columns ');
  // "the first five months of 2025", "the last 2 quarters of 2024": those months of that year, not a ranking.
  s = s.replace(/\b(?:the\s+)?(first|last)\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(months|quarters)\s+(?:of|in)\s+(\d{4})\b/g, (m, end: string, n: string, unit: string, year: string) => {
      const count = Number(NUMBER_WORDS[n] ?? ({ eleven: '11', twelve: '12' } as Record<string, string>)[n] ?? n) * (unit === 'quarters' ? 3 : 1);
      if (!(count >= 1 && count <= 12)) return m;
      const [from, to] = end === 'first' ? [1, count] : [13 - count, 12];
      const last = new Date(Date.UTC(Number(year), to, 0)).getUTCDate();
      return ` from ${year}-${String(from).padStart(2, '0')}-01 to ${year}-${String(to).padStart(2, '0')}-${last} `;
    });
  // "MAU by month, in month order": the periods' own order.
  s = s.replace(/\bin\s+(?:month|date|day|week|quarter|year|time|calendar)\s+order\b/g, ' in chronological order ');
  // "DAU across all devices", "revenue over all countries": every value of it, no filter on it and no split by it.
  s = s.replace(/\b(?:across|over|for|on|from)\s+(?:all|every)\s+(?:the\s+)?(devices|countries|channels|plans|categories|statuses|pages|event\s+types)\b/g, ' all $1 ')
    // "counting every status", "including every device": every value, none split off.
    .replace(/\b(?:counting|including|incl)\s+(?:every|each|any|all)\s+(?:the\s+)?(device|countr|channel|plan|categor|status|page|event\s+type)(?:y|ies|es|s)?\b/g, (_m, w: string) => ` all ${w}${/r$/.test(w) ? 'ies' : w === 'status' ? 'es' : 's'} `);
  // "as two columns", "in 2 columns": a column each, side by side.
  s = s.replace(/\b(?:as|in)\s+(?:two|2)\s+columns\b/g, 'as columns');
  // "share of global revenue", "worldwide orders": all of them, as every figure is unless filtered.
  s = s.replace(/\b(?:global|worldwide|company-?wide)\s+(?=[a-z])/g, '');
  // "one row per month with the cumulative revenue": by month.
  s = s.replace(/\b(?:with\s+)?(?:one|a)\s+row\s+(?:per|for\s+each|for\s+every|each)\s+(?=[a-z])/g, 'by ');
  // "revenue by calendar quarter", "the last 3 calendar months": every unit here is a calendar one.
  s = s.replace(/\bcalendar\s+(?=(?:day|week|month|quarter|year)s?\b)/g, '');
  // "the cumulative revenue up to and including that month": what a running total is.
  s = s.replace(/\s+up\s+to\s+and\s+including\s+(?:that|this|the|each|every)\s+(?:day|week|month|quarter|year|period|row)\b/g, ' ');
  // "hours numbered 0 to 23", "(hours 0-23)": the numbering hours of the day have in answers.
  s = s.replace(new RegExp(String.raw`[\s,(]*\b(?:with\s+)?(?:the\s+)?hours?\s+(?:numbered\s+|as\s+|from\s+)?${HOURS_0_23}\b\s*\)?`, 'g'), ' ');
  // "over all the data", "across the whole history": no period, as "all time" says.
  s = s.replace(/\b(?:over|across|for|in|on|from|using|covering)\s+(?:all\s+(?:of\s+)?(?:the\s+)?(?:data|dataset|data\s+set|history|rows|records)|the\s+(?:whole|entire|full|complete)\s+(?:data\s+set|dataset|data|history|table))\b/g, ' all time ');
  // "across everything we have on the books", "all we've got on record": what is recorded, all of it (an idiom, never
  // the books category: a value is not what someone "has on" the books).
  s = s.replace(/\b(?:(?:across|over|for|of|in)\s+)?(?:everything|all)\s+(?:that\s+)?we(?:\s+have|'ve|\s+ve)?(?:\s+got)?\s+on\s+(?:the\s+books|record|file)\b/g, ' all time ');
  // "for every combination of status and device": a row per pair of their values, as "by status and device".
  s = s.replace(/\b(?:for\s+|per\s+|by\s+)?(?:every|each|all|all\s+the)\s+combinations?\s+of\s+/g, ' by ');
  // "for those three countries": the rows of the answer before, however many it had.
  s = s.replace(/\b(those|these)\s+(?:[3-9]|1\d|three|four|five|six|seven|eight|nine|ten)\s+(?=[a-z]+s\b)/g, '$1 ');
  // "the two countries side by side": both of the values just named.
  // Two periods ("those two days combined") are both periods the thread named, summed as one (normalise.ts).
  s = s.replace(/\b(?:the|these|those)\s+(?:two|2)\s+(?=([a-z]+)s\b)/g, (_m, noun: string) => (/\b(?:together|combined|altogether|in\s+total|one\s+total|summed)\b/.test(s) && !/^(?:day|week|month|quarter|year)$/.test(noun) ? 'the ' : 'both '));
  // "raw event count", "the raw number of rows": a plain count.
  s = s.replace(/\braw\s+(?=(?:[a-z_]+\s+)?(?:count|counts|number|numbers|rows?|totals?)\b)/g, '');
  s = withWeekdaySpans(s);
  // "weekend (Sat/Sun)", "weekends, i.e. Saturday and Sunday": the days a weekend is, said again.
  s = s.replace(/\b(weekends?(?:\s+days)?)[\s,(]+(?:(?:i\.?e\.?|that\s+is|meaning)[\s,]+)?sat(?:urday)?s?\s*(?:[/&+,-–]|and|or)\s*sun(?:day)?s?\b\s*\)?/g, '$1');
  // "the past fortnight", "a fortnight ago": a fortnight is 14 days ("2 fortnights": 28).
  s = s.replace(/\b(?:a\s+|one\s+)?fortnight\b/g, '14 days').replace(/\b(\d+)\s+fortnights\b/g, (_m, n: string) => `${Number(n) * 14} days`);
  // Abbreviations of time units: "last wk", "past 3 mths", "per hr".
  s = s.replace(/\b(wk|mth|mnth|yr|hr|qtr)(s?)\b/g, (_m, u: string, pl: string) => `${({ wk: 'week', mth: 'month', mnth: 'month', yr: 'year', hr: 'hour', qtr: 'quarter' } as Record<string, string>)[u]}${pl}`);
  // "since june 15 (up to today)", "through now": every period ends now already.
  s = s.replace(/[\s,(]*\b(?:up\s+(?:to|until|till)|through|thru)\s+(?:today|now)\b\s*\)?/g, ' ');
  // "which single product got refunded the most": one row of a breakdown is one value already.
  s = s.replace(/\b(which|what)\s+(?:single|one|individual)\s+(?=(?!(?:is|was|are|were|has|had|have|of|did|does|do|got|gets|would|will|should)\b)[a-z])/g, '$1 ');
  // "the single busiest day", "never placed a single order", "not a single refund": "single" only stresses the one.
  s = s.replace(/\bthe\s+single\s+(?=(?:most|least|best|worst|top|biggest|largest|highest|lowest|busiest|quietest|fewest|[a-z]+est)\b)/g, 'the ')
    .replace(/\b(never|not|no|without)\b((?:\s+[a-z]+){0,3}?)\s+a\s+single\b/g, '$1$2 a');
  // "orders that ended up cancelled", "how many wound up refunded": what the rows are now.
  s = s.replace(/\b(?:ended|end|ends|ending|wound|wind|winds)\s+up\s+(?:being\s+|as\s+)?(?=[a-z])/g, ' ');
  // "customer on the phone is user 18 - how many orders …": a call, not a device; the user named is whose rows.
  s = s.replace(/\b(?:the\s+|a\s+|my\s+|this\s+)?(?:customer|client|caller|person|buyer)\s+(?:(?:on\s+the\s+(?:phone|line)|calling(?:\s+in)?|in\s+(?:the|this)\s+ticket|asking)\s+)?(?:is|=)\s+(user\s+(?:id\s+)?#?\d+)\b/g, ' for $1 ');
  // "the customer with user_id 22 wants to know how many orders …": whose rows, and then the question.
  s = s.replace(/\b(?:the\s+|a\s+|my\s+|this\s+)?(?:customer|client|caller|person|buyer)\s+(?:with\s+)?user(?:_|\s+)?id\s+#?(\d+)\s+(?:wants\s+to\s+know|would\s+like\s+to\s+know|asks|is\s+asking|wonders)\b/g, ' for user $1 ');
  // "orders that came in through email": came through it.
  s = s.replace(/\b(came|come|comes|coming)\s+in\s+(?=(?:through|via|from|on|by)\b)/g, '$1 ');
  // "add orders as a second measure", "as another column": a figure beside the others, as "add" says.
  s = s.replace(/\bas\s+(?:a|an)\s+(?:second|third|fourth|new|another|extra|additional|separate)\s+(?:measure|metric|column|series|value|figure|kpi)\b|\bas\s+another\s+(?:measure|metric|column|series|value|figure|kpi)\b/g, ' ');
  // "by month as well, keeping the two countries separate": a row for each, as a split keeps them.
  s = s.replace(/,?\s*\b(?:keeping|keep)\s+(?:the\s+)?(?:(?:two|both|three|2|3)\s+)?(?:[a-z]+\s+)?(?:separate|apart|split|distinct|each)\b/g, ' ');
  // "and one week earlier, on 2025-06-03?": the day is said; how far back it is only says why.
  s = s.replace(/\b(?:one|a|1|two|2)\s+(?:days?|weeks?|months?|years?)\s+(?:earlier|before|later|after)\s*,?\s*(?=(?:on|for)\s+\d{4}-\d{2}-\d{2}\b)/g, ' ');
  // "sessions that had at least one purchase event": those with such an event (a distinct count of them), no count compared.
  s = s.replace(/\bat\s+least\s+(?:one|1|a\s+single)\s+(?=(?:[a-z_]+\s+)?events?\b)/g, 'a ');
  // "A ratio between 0 and 1 is fine.", "(as a fraction, 0-1)": how a share is written, which it is already.
  s = s.replace(/[.,;(]?\s*\b(?:a|as\s+a|the)\s+(?:ratio|fraction|share|proportion|number|decimal)\s+(?:between|from)\s+0\s+(?:and|to|-)\s+1\b(?:\s+(?:is|would\s+be)\s+(?:fine|ok|okay|good|great|enough))?\s*[.)]?/g, ' ');
  // "Between the US and Brazil, which had the higher AOV": of two, the higher is the top one.
  if (/\bbetween\b/.test(s) && /\bwhich\b/.test(s)) s = s.replace(/\b(?:the\s+)?(higher|lower|bigger|larger|smaller|greater)\b/g, (_m, w: string) => (/^(?:lower|smaller)$/.test(w) ? ' bottom 1 ' : ' top 1 '));
  // "how many such products": the ones just described, as "those products".
  s = s.replace(/\bhow\s+many\s+such\s+(?=[a-z]+s\b)/g, 'how many of those ').replace(/\bsuch\s+(?=[a-z]+s\b)/g, 'those ');
  // "I need three numbers for May: revenue, orders and AOV": how many figures follow, each named after it.
  s = s.replace(/\b(?:(?:i|we)\s+(?:need|want|would\s+like|'d\s+like)\s+|give\s+me\s+|get\s+me\s+)?(?:the\s+)?(?:two|three|four|five|six|2|3|4|5|6)\s+(?:numbers|figures|metrics|kpis|values|stats)\b(?=[^:]*:)/g, ' ');
  // "how many orders did we close yesterday": orders closed are completed ones.
  s = s.replace(/\b(did|do|have|has|had)\s+(we|you|they)\s+close\b/g, '$1 $2 complete');
  // Chat shorthand of plain English words: "how many ppl signed up", "thx".
  s = s.replace(/\bppl\b/g, 'people');
  // "provide the SQL statement", "please provide me with revenue by month": a request to show.
  s = s.replace(/\bprovide\s+(?:(?:me|us)\s+with\s+)?/g, 'show ').replace(/\bsql\s+(?:statement|query|code|text)s?\b/g, 'sql');
  // "how many events happen in a session", "orders placed by a customer": rows of one thing per row of another.
  s = s.replace(/\bhow\s+many\s+((?:[a-z]+\s+)?[a-z]+s)\s+(?:happen|occur|take\s+place|get\s+(?:logged|fired|recorded)|are\s+(?:logged|fired|recorded|there))\s+(?:in|per|during|within)\s+(?:the\s+average|the\s+typical|a\s+typical|an\s+average|a|an|each|every|one)\s+([a-z]+)\b/g, 'how many $1 are there per $2');
  // "oops, I actually meant last month", "no sorry, the month before that", "wait how many …": a correction or a pause
  // before what is asked says nothing more.
  s = s.replace(/^\s*(?:(?:no|nope|oops|whoops|sorry|wait|ah|oh|hmm|my\s+bad|(?:so|very|really)\s+sorry)(?:\s*[,.!]+\s*|\s+(?=(?:no|so|very|really|sorry|oops|my\s+bad|i\s+(?:actually\s+)?meant)\b))|(?:oops|whoops|wait)\s+)+(?:(?:sorry|actually)[\s,]+)*(?:i\s+(?:actually\s+|really\s+)?meant\s+)?(?=\S)/, '');
  // "by day of week, 1 = Monday": the numbering said is the one the answer uses (ISO, Monday first).
  if (/\b(?:day|days)\s+of\s+(?:the\s+)?week\b|\bweekdays?\b/.test(s)) s = s.replace(/[,;(]?\s*\b(?:with\s+|where\s+)?(?:1\s*=\s*mon(?:day)?|mon(?:day)?\s*=\s*1)\b\s*\)?/g, ' ');
  // "sessions that touched the /pricing page", "… that hit /checkout": the events on that page ("viewed" and "visited"
  // name a page view, an event of its own).
  s = s.replace(/\b(?:that|which|who)\s+(?:touched|hit|went\s+to|landed\s+on|reached)\s+(?=(?:the\s+)?\S+\s+page\b|\/)/g, 'on ');
  // "India signups in those 30 days": the period of the previous answer.
  s = s.replace(/\b(?:in|over|for|during|across|within)\s+(?:those|these|the\s+same)\s+(?:\d+|two|three|four|five|six|seven|ten|fourteen|thirty|ninety)\s+(?:days|weeks|months)\b/g, 'in that period');
  // "on the enterprise plan right now": now.
  s = s.replace(/\bright\s+now\b/g, 'now');
  // "customers who have come back and ordered again", "came back to buy": what they did when they came back.
  s = s.replace(/\b(?:come|came|comes|coming)\s+back\s+(?:and|to)\s+(?=[a-z])/g, '');
  // "sort it highest first and keep the top 3", "keep only the first 5": the rows kept are the top N.
  s = s.replace(/\bkeep(?:ing)?\s+(?:only\s+|just\s+)?(?:the\s+)?(?=(?:top|first|bottom|last)\s+\d)/g, '');
  s = s.replace(/[?!,;:"()[\]{}]/g, ' ').replace(/\.(\s|$)/g, ' ').replace(/(^|\s)'|'(\s|$)/g, ' ');
  // "users with one order", "revenue from one product": one before a singular noun of rows is a number (read or refused), never dropped.
  s = s.replace(/\bone(?=\s+(?:order|product|user|customer|buyer|purchase|signup|event|item|unit|category|country|device|page|plan|channel)\b)/g, '1');
  // "just the top three", "top five", "bottom two only": a number word right after a ranking word is the row count.
  s = s.replace(/\b(top|bottom|best|worst|highest|lowest|biggest|largest|smallest)\s+(one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|fifty|hundred)\b/g, (_m, r: string, w: string) => `${r} ${NUMBER_WORDS[w]}`);
  // "two or more orders", "three+ sessions": a count with its comparison.
  s = s.replace(/\b(two|three|four|five|six|seven|eight|nine|ten)\b(?=\s*(?:or\s+(?:more|fewer|less|above|over|under)\b|\+))/g, (w) => NUMBER_WORDS[w]);
  s = s.replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|fifty|hundred)\b(?=\s+(?:countries|products|categories|pages|channels|plans|devices|items|days|weeks|months|years|hours|users|customers|orders|rows|results|entries|ones|of|\w+s\b))/g, (w) => NUMBER_WORDS[w]);
  return ` ${s.replace(/\s+/g, ' ').trim()} `;
}

/** "the 5 refunded orders with the highest revenue": the top 5 of them by it (any case; the row-listing reader uses it too). */
export function withTopBy(s: string): string {
  return s.replace(/\bthe\s+(\d+)\s+((?:[a-z@~_/-]+\s+){1,3}?)(?:with|having|by)\s+the\s+(highest|largest|biggest|most|lowest|smallest|least|fewest)\s+/gi,
    (_m, n: string, rows: string, dir: string) => `${/^(?:lowest|smallest|least|fewest)$/i.test(dir) ? 'bottom' : 'top'} ${n} ${rows}by `);
}

/**
 * Slips of the keyboard and of grammar that read one way only, mended before anything reads the question (the rows
 * of a listing too): "teh", "the most big order", "can you telling me", "which products moved the most units".
 */
export function withSlips(question: string): string {
  return question.replace(/\bteh\b/gi, 'the')
    // "and the best one in home only" after the top product: the ranking again, top 1, within the rows named.
    .replace(/\b(?:the\s+)?(best|top|biggest|largest|leading|worst|smallest|weakest)\s+one\s+(?=(?:in|among|within|inside)\s)/gi, (_m, w: string) => (/^(?:worst|smallest|weakest)$/i.test(w) ? 'the bottom 1 ' : 'the top 1 '))
    .replace(/\b(?:the\s+)?most\s+(big|small|large|high|low)\b/gi, (_m, a: string) => `the ${({ big: 'biggest', small: 'smallest', large: 'largest', high: 'highest', low: 'lowest' } as Record<string, string>)[a.toLowerCase()]}`)
    .replace(/\b(can|could|would)\s+you\s+(tell|show|give|get|send)ing\b/gi, '$1 you $2')
    .replace(/\b(?:moved|move|moves|moving|shifted|shift|shifts)\s+(?=(?:the\s+)?(?:most|fewest|least|\d+)?\s*(?:units|items|pieces)\b)/gi, 'sold ');
}
