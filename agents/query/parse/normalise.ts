/**
 * Stage 1, normalise: lower-case and clean the text, refuse half-readable numbers, spot write requests, and read the
 * words about the conversation itself (a refinement, "show the SQL", "remove the filters", "all time").
 */
import { asksForFigure, phrasedAsRefinement } from './follow-up.ts';
import { withoutRestatedAggregate, withoutRestatedDistinct, withoutRestatedPerEntity, withoutRestatedRatio } from './restated-ratio.ts';
import { withRowsThatProduced } from './contribution.ts';
import { DatalabsError } from '../../../bot/contracts/errors.ts';
import { extractTime } from '../time-phrases.ts';
import { MONTH_NAME as month, MONTHS } from '../calendar-words.ts';
import { editDistance, phraseKey } from '../vocabulary.ts';
import { normalizeQuestion } from '../words.ts';
import { withStepValues } from './step-values.ts';
import { withVerbObjectFigures } from './verb-object.ts';
import { isWriteRequest } from '../write-request.ts';
import { withEventVerbs } from './event-verbs.ts';
import { withRowVerbs } from './row-verbs.ts';
import { withAddedGrouping, withAddedMeasures, withAddedValue, withPlusDimension } from './added-measures.ts';
import { withRollupOfRows, withTotalOnly } from './total-only.ts';
import { withTimeSpent } from './time-spent.ts';
import { withOrphans } from './orphans.ts';
import { withRegardlessOf } from './regardless.ts';
import { withContainingVerbs, withShareOfAtLeastOne } from './containing-verbs.ts';
import { withoutRestatedDimension, withValuesBeforePhrase } from './split-phrase.ts';
import { withGrowthFormula } from './growth-formula.ts';
import { withFirstOrLastRow } from './first-last-row.ts';
import type { ParseState } from './state.ts';
import { withBiWords } from '../bi-words.ts';
import { withShowSqlAsked } from './show-sql.ts';
import { withBreakdownAdded } from './added-breakdown.ts';
import { withSpreadsheetWords } from '../spreadsheet-words.ts';
import { withColumnExtremes, withColumnFilterDropped, withDescribedOnes, withClippedDimensionNames, withDimensionOfEntity, withValuesNamedByColumn, withTimeColumnNamed, withDroppedLetterTypos, withFigureNotAsked, withOneNounForTwoValues, withOtherThan, withQuantityOfRows, withShareOfWhole, withTakenBack } from './said-forms.ts';
import { withoutColumnLabels, withoutListLabels } from './list-labels.ts';
import { withNoRows } from './no-rows.ts';
import { withRowWords } from './row-words.ts';
import { withUnits } from './units.ts';
import { withColumnValueSaidLargest, withRowsOfAggregate } from './aggregate-rows.ts';
import { asksPersonalDetails, rowCountNouns, withValueOfCountedRows, withValueBeforeColumn, withValueVerbRanking } from './value-column.ts';
import { withSingleRowSuperlative } from './single-row.ts';
import { dimensionOfColumn } from '../compile-rows.ts';
import { withSignupValues } from './signup-values.ts';
import { withAggregateSwap, withTopOfPrevious } from './refer.ts';
import { withKeyAsRankedRows, withRowCountsOfTables, withTableNamedAsSource, withTimeColumnEnds, withoutListedValuesOfBreakdown } from './table-source.ts';
import { withFigureRatio, withFigureWordAsModifier, withRowValuePer } from './figure-ratio.ts';
import { numberColumn } from './row-listing.ts';
import { withoutDescribedDates } from './described-dates.ts';
import { entityTable, partsNamed, withCountedNounPlural, withPartOfThose, withPricedRows, withValuesOfWhich } from './row-phrases.ts';

/** Words of periods a swapped-letter typo of which is read as the word ("thsi" → this). */
const NOT_BEFORE_YEAR = new Set(['top', 'bottom', 'first', 'last', 'limit', 'over', 'under', 'above', 'below', 'than', 'least', 'most', 'exactly', 'in', 'of', 'for', 'during', 'since', 'from', 'to', 'until', 'till', 'through', 'thru', 'between', 'and', 'or', 'vs', 'versus', 'before', 'after', 'by', 'id', 'number', 'no', 'calendar', 'fiscal', 'year', 'fy', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);
const LONG_TIME_WORDS = ['quarter', 'quarters', 'quarterly', 'yesterday', 'monthly', 'weekly'];
const TIME_WORDS = ['this', 'last', 'past', 'year', 'years', 'month', 'months', 'week', 'weeks', 'days', 'today', 'yesterday', 'quarter'];

export function normaliseStage(st: ParseState, question: string): void {
  if (/\ball\s+(?:three|four|five|six|[3-6])\b|\ball\s+of\s+(?:them|those|these)\b/i.test(question)) st.out.bothAll = true;
  st.sentences = question.trim().split(/[?.!]+\s+(?=\S)/).length;
  const { out, vocab } = st;
  question = withBiWords(st, withSpreadsheetWords(st, question)); // "measure: revenue, dimension: device", "SUM(revenue) by MONTH(order_time)", "rows = country, values = …": a BI tool's or a sheet's fields, in plain words
  question = withTakenBack(st, question);
  question = withoutDescribedDates(st, question); // "June 10, the day of the outage", "around the May campaign: May 10 to 22"
  question = withClippedDimensionNames(st, withDroppedLetterTypos(st, withoutColumnLabels(st, withoutListLabels(st, question))));
  question = withFigureNotAsked(st, withShareOfWhole(st, question));
  let s = withoutRestatedDimension(st, normalizeQuestion(question, vocab.codes, (w) => st.model.tables.some((t) => numberColumn(st.model, t.name, w) !== undefined))); // "paid-channel users": paid users
  s = withDescribedOnes(st, withOneNounForTwoValues(st, s));
  // "in the whole dataset", "across all the data": what the tables hold, rows stamped after now too.
  // A time column written by its name, of a table named ("the latest event_time in events"): what the table holds.
  if (st.model.tables.some((t) => t.time?.includes('_') && new RegExp(`\\b${t.time}\\b.*\\b(?:in|from|of)\\s+(?:the\\s+)?(?:${t.table.replace('.', '\\.')}|${t.name})\\b`, 'i').test(question))) st.out.namesTable = true;
  if (/\b(?:whole|entire|full|complete)\s+(?:data\s*set|data|history|table)\b|\b(?:all|every)\s+(?:of\s+)?(?:the\s+)?(?:data|dataset|data\s+set|rows|records)\b/i.test(question)) st.out.namesTable = true;
  s = withAggregateSwap(st, s); // "the median instead of the average"
  s = withTopOfPrevious(st, question, s); // "how many customers bought from the top one?"
  s = withKeyAsRankedRows(st, withRowCountsOfTables(st, withTableNamedAsSource(st, s))); // "row count of demo.orders", "top 3 user_id by …"
  s = withoutListedValuesOfBreakdown(st, withTimeColumnEnds(st, s)); // "earliest signup_time", "by plan (free / … / enterprise)"
  // A number in a form it would be half-read from ("1_000" as 1, "0x10" as 0) is refused instead.
  const odd = /(?<![\w.])-?(?:\d+(?:_\d*)+|0x[0-9a-f]+|\d+(?:\.\d+){2,})(?![\w.])/.exec(s);
  if (odd) {
    throw new DatalabsError('BAD_INPUT', /^\d{1,4}\.\d{1,2}\.\d{1,4}$/.test(odd[0]) ? `I could not read the date "${odd[0]}": write dates as YYYY-MM-DD.`
      : `I could not read the number "${odd[0].slice(0, 30)}": write numbers with plain digits, such as 1000 or 2.5.`);
  }
  s = s.replace(/\b(?:show|shows|showed|turn|turns|turned)\s+up\b|\bat\s+all\b/g, ' '); // "user_ids that show up in events", "never … at all"
  s = withRowWords(st.model, s); // "orders by quantity per order", "event volume"
  // "febuary", "septmber": a word the model does not know, a letter or two from one month name, is that month.
  s = s.replace(/\b[a-z]{6,}\b/g, (w) => {
    if (st.known.has(w) || MONTHS.includes(w)) return w;
    const near = MONTHS.filter((m) => m.length >= 6 && m[0] === w[0] && editDistance(w, m, 2) <= (w.length >= 8 ? 2 : 1));
    return near.length === 1 ? near[0] : w;
  });
  // "came in organically": an adverb of a word the model knows as a value ("organic") is that word.
  s = s.replace(/\b([a-z]{4,})ally\b/g, (w, stem: string) => (!st.known.has(w) && st.known.has(stem) ? stem : w));
  // "thsi year", "lsat month", "yaer": an unknown word that is a time word with two neighbouring letters swapped is it.
  s = s.replace(/\b[a-z]{4,9}\b/g, (w) => {
    if (st.known.has(w)) return w;
    const near = TIME_WORDS.filter((t) => t.length === w.length && t !== w && [...t].some((_c, i) => i + 1 < t.length
      && t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2) === w));
    if (near.length === 1) return near[0];
    // "quater", "yesterdy", "monthy": a longer time word with one letter left out, added or changed.
    const close = w.length >= 5 ? LONG_TIME_WORDS.filter((t) => editDistance(w, t, 1) <= 1) : [];
    return close.length === 1 ? close[0] : w;
  });
  if (!s.trim()) { out.empty = true; st.done = true; return; }
  // "revenue 2024?", "signups 2025, by month": a year alone after a word, at the end or before a comma, is the period —
  // not after a number's word, a preposition or a month, nor after a row's noun ("order 2024" may be the order's key).
  const rowNoun = new Set(st.model.tables.flatMap((t) => [t.name, ...(t.entity ?? [])]).map((n) => n.replace(/s$/, '')));
  s = s.replace(/\b([a-z_]+)\s+(20\d{2})(?=\s*(?:[?.!,;]|$)|\s+(?:by|per|split|broken|grouped|as|please|pls)\b)/g, (m, word: string, year: string) => (NOT_BEFORE_YEAR.has(word) || MONTHS.includes(word) || rowNoun.has(word) || /^(?:q[1-4]|h[12])$/.test(word) ? m : `${word} in ${year}`));
  s = withZoneNamed(st, s);
  s = withVerbObjectFigures(st, withStepValues(st, withSignupValues(st, s))); // "users who signed up via social": the user's own channel; "at the purchase step"
  // "not only from completed but also refunded orders": both.
  s = s.replace(/\bnot\s+(?:just|only|merely|solely)\s+((?:[a-z@~_/-]+\s+){1,4}?)but\s+also\s+/g, '$1and ');
  // "revenue across all statuses (not just completed)", "orders, not only mobile": every value of that value's column.
  s = s.replace(/\bnot\s+(?:just|only|merely|solely|simply|limited\s+to)\s+(?:the\s+)?([a-z@~_]+)(?:\s+(?:ones|orders|rows|users|events|sessions))?(?!\s+but\b)/g, (m, word: string) => {
    const value = word.startsWith('@v~') ? { dimension: word.split('~')[1] } : (st.vocab.phrases.get(phraseKey(word)) ?? []).find((x) => x.t === 'value');
    const dim = value && 'dimension' in value ? st.model.dimensions.find((d) => d.name === value.dimension) : undefined;
    return dim ? ` regardless of ${dim.label ?? dim.name.replace(/_/g, ' ')} ` : m;
  });
  s = withIncludedAfter(st, withRegardlessOf(st, withContainingVerbs(withShareOfAtLeastOne(s))));
  // "revenue including everything", "orders, all included": every value of the columns a table filters by default
  // (its overridable default filter) is included; a figure over another table is unchanged.
  // "including all refunded orders": "all" of the rows named next, which "including" reads.
  s = s.replace(/\b(including|incl|inclusive\s+of)\s+all\s+(?:the\s+)?(?=([a-z@~_]+))/g, (m, incl: string, next: string) => (
    (st.vocab.phrases.get(phraseKey(next)) ?? []).some((x) => x.t === 'value' || x.t === 'entity' || x.t === 'measure') || next.startsWith('@v~') ? `${incl} ` : m));
  s = s.replace(/\b(?:including|incl|inclusive\s+of)\s+(?:everything|every\s+thing|all(?:\s+of\s+them)?)(?=\s|$)|\b(?:everything|all)\s+included\b/g, () => {
    for (const t of st.model.tables) {
      for (const col of Object.keys(t.defaultFilter ?? {}).filter((c) => (t.overridableBy ?? []).includes(c))) {
        const d = dimensionOfColumn(st.model, t.name, col);
        for (const v of d?.values ?? []) st.out.including.push({ dimension: d!.name, value: v });
      }
    }
    return ' ';
  });
  // "last week's orders and the week before's, side by side in one row": the compared periods as columns (compile-series.ts).
  const oneRow = /\b(?:in|on|as)\s+(?:one|a\s+single|a)\s+row\b|\b(?:as|in)\s+(?:two\s+|separate\s+)?columns\b/g;
  if (oneRow.test(s)) { out.periodColumns = true; s = s.replace(oneRow, ' '); }
  s = withNamesAddedOrDropped(st, s);
  s = withRowsOfSameQuery(st, s);

  // "ok different question: …", "forget that. …", "new question - …", "ok new one - …": whatever follows is asked afresh.
  s = s.replace(/^\s*(?:(?:ok|okay|alright|right|so|hmm)\b[\s,]*)?(?:(?:a|one|another|different|new|separate|unrelated|other|totally|completely|entirely)\s+)+(?:question|q)\b(?:\s+now)?|^\s*(?:(?:ok|okay|alright|right|so|hmm)\b[\s,]*)?(?:(?:a|one)\s+)?(?:(?:another|different|new|separate|unrelated|other)\s+)+(?:one|1)\b(?!\s*(?:%|percent|days?|weeks?|months?|years?|hours?|quarters?)\b)|^\s*(?:(?:ok|okay|alright|so)\b[\s,]*)?(?:forget\s+(?:that|it|this|all\s+that|about\s+(?:that|it)|the\s+(?:last|previous)\s+(?:one|question|answer))|start\s+(?:over|again|afresh|fresh)|scratch\s+that|never\s*mind(?:\s+that)?|nvm|nevermind|nm)(?=[\s:.,;!-]|$)|^\s*(?:(?:ok|okay|alright|right|so|hmm)\b[\s,]*)?(?:(?:a\s+|one\s+)?(?:(?:another|different|new|separate|unrelated|other)\s+)+(?:topic|thing|subject)|change\s+of\s+(?:topic|subject)|unrelated(?:\s+to\s+(?:that|this|the\s+above))?|switching\s+(?:gears|topics?|subjects?)|(?:on\s+)?(?:a|an)\s+(?:different|other|another|unrelated|separate)\s+note|separately|btw|by\s+the\s+way)(?=[\s:.,;!-]|$)/, () => {
    out.reset = true; return ' ';
  });
  // "reset. how many …": the word alone, set off from what follows, starts afresh (not "reset the prices").
  if (!out.reset && /^\s*(?:ok\s+|okay\s+)?reset\s*[:.;!\u2014-]/i.test(question)) { out.reset = true; s = s.replace(/^\s*(?:ok\s+|okay\s+)?reset\b/, ' '); }
  if (out.reset) s = s.replace(/^[\s:.,;!-]+/, '');
  // "ok, forget that. Only sessions on /pricing": what is forgotten is the last request; "only" narrows the answer before it.
  if (out.reset && /^only\b/.test(s)) out.reset = false;
  if (isWriteRequest(s)) { out.write = true; st.done = true; return; }
  // "quick q - …", "a quick question: …", "simple one …", "real quick - …": announcing a question at the start asks for nothing.
  s = s.replace(/^\s*(?:(?:hey|hi|hello|yo|ok|okay|so|and)\b[\s,]*)*(?:(?:a\s+|one\s+)?(?:quick|short|simple|small|tiny|easy|dumb|silly)\s+(?:q|qq|qn|question|one|1|ask)(?=[\s:.,;!-]|$)|(?:real(?:ly)?\s+|super\s+|very\s+)?quick(?:ly)?(?=\s*(?:[:,;!\u2014\u2013]|-\s)))[\s:.,;!\u2014\u2013-]*/, ' ');
  s = withoutRequestFraming(s);
  s = withRowsThatProduced(st, s);
  // "what's the total over that period?", "and the grand total", "sum it up": a message that only asks for the total
  // collapses the previous answer's series or breakdown into one figure over the same rows and period.
  s = withRollupOfRows(st, withTotalOnly(st, s)); // "the average of those daily numbers"
  s = withTimeSpent(st, s);
  s = withRowsOfAggregate(st, s);
  s = withOrphans(st, s);
  s = withFirstOrLastRow(st, s);
  // "completed orders with order_time from 2025-03-01 to 2025-03-14": the table's own time column names the period's column.
  for (const t of st.model.tables) if (t.time) s = s.replace(new RegExp(`\\b(?:with|where|whose)\\s+(?:the\\s+|an?\\s+|their\\s+|its\\s+)?${t.time}\\s+(?=(?:from|in|between|during|on|since|after|before)\\b)`, 'g'), ' ');
  s = withRowsWeHave(st, withPricedRows(st, withPartOfThose(st, withCountedNounPlural(st, withValuesOfWhich(st, s)))));
  s = withHowOften(st, s);
  s = withEventVerbs(st, s);
  s = withRowVerbs(st, s);
  s = withValueBeforeColumn(st, s);
  s = withValueVerbRanking(st, s);
  s = withValuesBeforePhrase(st, s);
  s = withSingleRowSuperlative(st, s);
  // "how many orders does a customer place on avg?": the average of a count per entity, as "average number of orders
  // per customer" reads it.
  s = s.replace(/\bon\s+avg\b\.?/g, 'on average');
  s = s.replace(/\bhow\s+many\s+([a-z_]+(?:\s+[a-z_]+)?)\s+(?:does|do|did|will|would)\s+(?:a|an|each|one|the\s+average|the\s+typical|the\s+mean)\s+([a-z_]+)(?:\s+(?!on\b)[a-z]+)?\s+(?:on\s+average|typically|usually|normally)\b/g,
    (_m, what: string, who: string) => `average number of ${what} per ${who}`);
  s = withUnits(st, s);
  s = withColumnValueSaidLargest(st, s);
  s = withNarrowingVerb(s);
  // Phrased as a refinement of the previous answer (follow-up.ts): "now…", "and by…", "what about revenue"; not "and what's X…".
  s = withoutRestatedAggregate(st, s); // "units sold instead (sum of quantity)"
  out.followUp = phrasedAsRefinement(s);
  // "Orders today?" → "Revenue?": a figure alone, asked as a question, is "and revenue?" said shorter.
  if (!out.followUp && /^\s*[a-z][a-z' -]{0,40}\?+\s*$/i.test(question) && (vocab.phrases.get(phraseKey(s.trim())) ?? []).some((m) => m.t === 'measure')) out.followUp = true;
  if (asksForFigure(s)) out.asksFigure = true;
  // "the refunded ones, not completed": a value, then "not" and another value of the same column, names the one replaced.
  s = s.replace(/\b([a-z][a-z0-9_-]*)(\s+(?:ones?|orders?|rows?))?\s+not\s+([a-z][a-z0-9_-]*)\b/g, (whole: string, a: string, noun: string | undefined, b: string) => {
    const valueOf = (w: string): string | undefined => ((m) => (m?.t === 'value' ? m.dimension : undefined))((st.vocab.phrases.get(phraseKey(w)) ?? [])[0]);
    const dim = valueOf(a);
    return dim && a !== b && valueOf(b) === dim ? `${a}${noun ?? ''} rather than ${b}` : whole;
  });
  // "by country instead of by week", "by device, not by day", "by plan rather than country": what is named after
  // "instead of" / "rather than" / "not by" is replaced, not kept; it is read on its own by the agent.
  s = s.replace(/\s*,?\s*\b(?:instead\s+of|rather\s+than|in\s+place\s+of|not(?=\s+(?:by|per)\b))\s+((?:(?:by|per)\s+)?(?:the\s+)?(?:@v~[a-z_]+~[A-Za-z0-9_]+|[a-z0-9_/'-]+)(?:\s+(?!(?:last|this|in|for|during|since|from|on|over|past|previous|and|but|with|only|by|per|as|please|now)\b)[a-z0-9_/'-]+){0,2})(?=\s|[,.;:?!]|$)/, (_m, what: string) => {
    out.replaces = what.trim(); out.followUp = true; return ' ';
  });
  const addedValue = withAddedValue(st, withAddedGrouping(withPlusDimension(st, s)));
  s = addedValue.text;
  const added = addedValue.added;
  if (!added) s = withAddedMeasures(st, s);
  // "how did signups last week stack up against the week before": "stack up" is the comparison word that follows.
  s = s.replace(/\bstack(?:s|ed|ing)?\s+up\s+(?=(?:against|to|with|vs)\b)/g, ' ');
  // "which single day had the lowest revenue": the one day, as "which day" asks.
  s = s.replace(/\b(which|what)\s+single\s+(day|week|month|hour)\b/g, '$1 $2');
  // "highest single-day revenue": the largest (smallest) of the figure's daily totals; "single-day" alone is daily.
  const unitly = (u: string): string => (u === 'day' ? 'daily' : `${u}ly`);
  s = withColumnExtremes(st, s);
  s = s.replace(/\b(?:(highest|biggest|largest|best|max|maximum|peak|record)|(lowest|smallest|worst|min|minimum))\s+single[\s-]+(day|week|month|hour)\b/g, (_m, hi: string | undefined, _lo: string | undefined, u: string) => `${hi ? 'max' : 'min'} ${unitly(u)}`)
    .replace(/\bsingle[\s-]+(day|week|month|hour)\b/g, (_m, u: string) => unitly(u));
  // "how many users were active on <day>": the model's phrase "active users", when it has one.
  s = s.replace(/\b([a-z]+)\s+(?:were|was|are|is|been|being)\s+active\b/g, (m, w: string) => (st.vocab.phrases.has(phraseKey(`active ${w}`)) ? ` active ${w} ` : m));
  // "compare the two", "put the two months side by side": both of what the conversation named.
  s = s.replace(/\b(?:the|these|those)\s+(?:2|two)(?:\s+of\s+them)?\s*[.!?]*\s*$/, ' both ');
  s = s.replace(/^\s*(?:put|lay|line\s+up|place)\s+(?=.*\bside\s+by\s+side\b)/, ' ');
  // "compare the two days", "show the 2 weeks": both periods the conversation named.
  s = s.replace(/\b(?:the\s+|these\s+|those\s+)(?:2|two)\s+(?=(?:day|week|month|quarter|year)s\b)/g, ' both ');
  out.both = /\b(?:both|both of them|each of them|all of them|side by side)\b/.test(s);
  // "ok then just one number: …": one figure, the previous answer's breakdown or series collapsed.
  // ("… SG, AU and IN. One number.": "in" there is a country, so "in one number" is never read as one.)
  s = s.replace(/\b(?:(?:just|only)\s+(?:one|a\s+single|1)|(?:as\s+)?(?:a\s+|one\s+)?single|as\s+(?:one|a))\s+(?:number|figure|value)\b(?!\s+(?:per|by|for\s+each|each|a)\b)/g, (w) => { out.collapse = true; return /^(?:just|only)/.test(w) ? w : ' '; });
  // "the revenue across those two days combined": both periods, one figure over them.
  if (out.both && /\b(?:both|those|these)\s+(?:days|weeks|months|quarters|years)\b/.test(s) && /\b(?:together|combined|altogether|in\s+total|summed|added\s+up)\b/.test(s)) out.collapse = true;
  // "side by side" (not "side by side with …", a comparison with a value) asks for a row each: nothing more.
  s = s.replace(/\bside\s+by\s+side\b(?!\s+with\b)/g, ' ');
  out.addValues = added || /\b(?:too|also|as well|additionally|in addition)\b/.test(s);
  out.compareValues = /^\s*(?:(?:ok|okay|so|then|now|and|but|can\s+you|could\s+you|please|pls|how\s+about|what\s+about)\b[\s,]*)*(?:compare(?:d)?\s+(?:it\s+|that\s+|this\s+|them\s+)?(?:with|to|against)|vs\.?|versus|against|side\s+by\s+side\s+with)\b/.test(s);
  // "same for checkout events", "and the same, but for refunded orders": the kept figure, for other rows.
  const opener = /^\s*(?:(?:ok|okay|so|then|and|but|now|what\s+about|how\s+about)\b[\s,]*)*((?:the\s+)?same(?:\s+thing)?\s*,?\s*(?:but\s+)?)?(?:for|among)\b/.exec(s);
  out.forOpener = !!opener;
  if (opener?.[1]) out.sameFor = true;
  // "only mobile orders", "same but desktop orders only": a value of the figure's rows narrows them; the figure stays.
  // "also make it only …", "please just …", "I want only …": a request's lead-in before the narrowing word.
  out.filterRefinement = /^\s*(?:(?:ok|okay|so|then|and then|but|now|and|also|please|pls|can\s+you|could\s+you|(?:let'?s\s+)?make\s+(?:it|that|this)|i\s+(?:want|need|would\s+like)|i'?d\s+like|keep)\b[\s,]*)*(only|just|exclude|excluding|without|except|filter(?:ed)?\s+(?:to|on|by|for))\b/.test(s)
    || /^\s*(?:(?:ok|okay|so|then|now|and)\b[\s,]*)?(?:the\s+)?same(?:\s+thing)?\s*,?\s*(?:but|for)\b.*\bonly\s*$/.test(s);
  s = s.replace(/\b(more than|at least|over|fewer than|less than|at most|exactly)\s+(one|two|three|four|five)\b/g, (_m, c: string, n: string) => `${c} ${['one', 'two', 'three', 'four', 'five'].indexOf(n) + 1}`);
  // "more than once", "at least twice": a count of rows per entity; "repeat customers" are those with more than one.
  s = s.replace(/\b(once|twice|thrice)\b/g, (w) => ` ${({ once: 1, twice: 2, thrice: 3 } as Record<string, number>)[w]} times `);
  // "repeat customer rate", "returning buyer share": the share of those entities (a distinct count) that are repeat ones.
  s = s.replace(/\b(repeat|returning|recurring)\s+([a-z]+)\s+(?:rate|ratio|share|percentage|percent|pct|proportion|fraction)\b/g, (whole: string, adj: string, who: string) => {
    const ms = st.vocab.phrases.get(phraseKey(who)) ?? [];
    const entity = ms.some((x) => x.t === 'measure' && st.model.measures.find((y) => y.name === x.name)?.agg === 'uniq');
    return entity ? ` share of ${adj} ${who} ` : whole;
  });
  s = s.replace(/\b(?:repeat|returning|recurring)\s+(?=[a-z])/g, () => { out.thresholds.push({ times: true, op: '>', value: 1, text: 'repeat' }); return ' '; });
  // "revenue we lost to refunds", "how much did we lose through cancellations": the figure over those orders.
  s = s.replace(/\b(?:(?:we|did we|have we|do we)\s+)?(?:lost|lose|losing|loses)\s+(?:to|through|from|on|due to|because of)\s+(?=[a-z])/g, () => { out.lostTo = true; return ' from '; });
  // "how much did we lose to refunds": an amount of money lost, the model's money figure.
  const money = out.lostTo && /\bhow much\b/.test(s) ? st.model.measures.find((m) => m.format === 'currency' && m.agg !== 'ratio') : undefined;
  if (money) s = s.replace(/\bhow much\s+(?:money\s+)?(?:(?:are|were|is|was|did|do|does|have|has)\s+)?(?:in\s+total\s+)?(?=from\b)/, `how much ${money.label ?? money.name.replace(/_/g, ' ')} `);
  s = withValueOfCountedRows(st, s);
  // "the total value of refunded orders", "what were cancelled orders worth": the value column of the table named, over those rows.
  const valued = st.model.tables.find((t) => t.valueColumn && [t.name, ...(t.entity ?? []), ...rowCountNouns(st, t.name).map((x) => x.noun)].some((n) => new RegExp(`\\b${n}s?\\b`).test(s)));
  if (valued) {
    const col = valued.valueColumn!.replace(/_/g, ' ');
    // Only "value" on its own ("average order value of …" is a figure of the model).
    s = s.replace(/(^|[:,;]|\b(?:the|total|combined|overall|aggregate|what|is|was|were|me)\b)\s*(?:(?:total|combined|overall|aggregate)\s+)?(?:value|worth)\s+of\s+(?:the\s+|our\s+)?/g, `$1 total ${col} of `)
      .replace(/\bhow\s+much\s+(?:were|was|are|is)\s+(?:the\s+|our\s+)?(.+?)\s+worth\b/g, ` total ${col} of $1 `);
  }
  // "what share of revenue does each category account for / make up": the verbs of a share ask for nothing more.
  if (/\b(?:share|percent|percentage|fraction|proportion|portion|part)\b/.test(s)) s = s.replace(/\b(?:account(?:s|ed)?\s+for|make(?:s)?\s+up|made\s+up|represent(?:s|ed)?|contribute(?:s|d)?)\b/g, ' ');
  // "revenue divided by units", "ratio of refunds to orders": one figure over another of its table (figure-ratio.ts).
  s = withFigureRatio(st, withRowValuePer(st, withFigureWordAsModifier(st, s)));
  // "cart to purchase rate", "signup to order conversion": a rate from one step to another is not a figure of the model.
  const steps = /\b([a-z_]+)\s+to\s+([a-z_]+)\s+(?:rate|conversion|ratio)\b/.exec(s);
  if (steps && !/^(?:up|due|close|compared|relative|similar|equal)$/.test(steps[1])) out.unsupported ??= `${steps[0]} (a rate from one step to another)`;
  // "MoM growth (May/April - 1)": a written formula of growth between two periods (growth-formula.ts), before a slash is read.
  s = withGrowthFormula(st, s);
  s = withoutRestatedDistinct(st, withoutRestatedPerEntity(withoutRestatedRatio(st, s)));
  // "users with a purchase / users with a cart event": a lone slash between two words divides one figure by another.
  const slash = /\b([a-z_]+)\s+\/\s+([a-z_]+)\b/.exec(s);
  if (slash && !/^(?:to|on|at|of|for|from|the|a|in|via|visited|viewed|page|pages|url|path|and|or)$/.test(slash[1])) out.unsupported ??= `${slash[0]} (one figure divided by another)`;
  // "growth last month over the month before": "over" between a period and the one before it compares the two.
  s = s.replace(/\b((?:last|this|previous|past)\s+(?:week|month|quarter|year))\s+over\s+(?=(?:the\s+)?(?:(?:week|month|quarter|year)\s+(?:before|prior)|(?:previous|prior)\s+(?:week|month|quarter|year))\b)/g, '$1 vs ');
  // "may over april", "signups may vs april": between two month names "over" compares them too, and a bare "may"
  // right before a comparison word and another month is the month (not the verb), read as "in may".
  // Only the later month over the earlier one: a growth reads later over earlier, so "april over may" is left unread.
  s = s.replace(new RegExp(`\\b(${month}(?:\\s+\\d{4})?)\\s+over\\s+(?=(?:in\\s+)?(${month}(?:\\s+\\d{4})?)\\b)`, 'g'), (whole: string, a: string, b: string) => {
    const from = (w: string): number | undefined => { try { return extractTime(` in ${w} `, st.now).period?.from.getTime(); } catch { return undefined; } };
    const x = from(a), y = from(b);
    return x !== undefined && y !== undefined && x > y ? `${a} vs ` : whole;
  })
    .replace(new RegExp(`(^|[\\s,(])(?<!\\b(?:in|during|for|of|from)\\s)may\\s+(?=(?:\\d{4}\\s+)?(?:vs\\.?|versus|compared\\s+(?:to|with)|against)\\s+(?:in\\s+)?${month}\\b)`, 'g'), '$1in may ');
  // "vs the same period last month", "month to date vs last month", "like for like": compare the same elapsed time.
  // "last year vs this year so far": "so far" / "to date" right after "this <unit>" only names that period as running
  // (the other one stays whole, as the time table defines "last year").
  // "only the categories where that avg is above 50": the figure of the answer, pointed at, compared.
  s = s.replace(/\b(?:where|with|whose)\s+(?:that|the|this|its|their)\s+(?:avg|average|figure|number|value|amount|total|rate|count)\s+(?:is|was|are|were)?\s*(?=(?:above|over|below|under|greater|less|more|at\s+least|at\s+most|>|<)\b)/g, ' ');
  // "AOV by country for Q2 to date", "june to date": a named period to date is that period so far, not a comparison.
  s = s.replace(new RegExp(`\\b(q[1-4]|h[12]|${month})\\s+to\\s+date\\b`, 'g'), '$1 so far');
  if (/\b(?:same\s+(?:period|days|time|point|stretch)|like[\s-]+for[\s-]+like|(?<!\b(?:this|the\s+current|current)\s+(?:week|month|quarter|year)\s+|\btoday\s+)(?:to\s+date|so\s+far)|mtd|wtd|ytd|qtd)\b/.test(s)) out.likeForLike = true;
  s = s.replace(/\b(?:vs\.?|versus|compared\s+(?:to|with)|against)\s+the\s+same\s+(?:period|days|time|point|stretch)\s+(?:of\s+|in\s+)?(?=(?:last|the\s+previous|the\s+prior)\s+(?:week|month|quarter|year)\b)/g, ' vs ');
  // "how many orders does a customer place", "what does each user spend": the figure per one of the entity named.
  // Not when the word begins a longer phrase of the model ("how many users did a page view": an event, not a page).
  s = s.replace(/\b(?:does|do|did|will|would)\s+(?:a|an|each|every|one|the\s+average|the\s+typical|a\s+typical|an\s+average)\s+([a-z]+?)(?=\s|$)/g, (whole: string, who: string, at: number, text: string) => {
    const next = /^\s+([a-z_]+)/.exec(text.slice(at + whole.length));
    return next && st.vocab.phrases.has(phraseKey(`${who} ${next[1]}`)) ? whole : ` per ${who} `;
  });
  s = withTimeColumnNamed(st, withValuesNamedByColumn(st, withDimensionOfEntity(st, withOtherThan(st, s))));
  s = withQuantityOfRows(st, s);
  // "which countries had no signups yesterday": values with none of the rows (no-rows.ts), read before "no" is an exclusion.
  s = withNoRows(st, s);
  // "users who have never had a completed order", "products without any orders", "users with no purchases": the rows
  // of the first figure with no related rows of the second (an anti-join the agent builds from a declared join).
  // "users who have not purchased yet": not … yet around one verb is never.
  s = s.replace(/\b(?:have|has|had|did|do|does)\s+not\s+([a-z]+)\s+(?:anything\s+|any\s+)?yet\b/g, ' never $1 ');
  s = s.replace(/\b(?:(?:have|has|had|did|do|does)\s+)?(?:never|not\s+ever|not\s+yet)\b/g, () => { out.never = 'never'; return ' '; });
  // "without any" / "with no" also exclude a value ("revenue without any mobile"): read as "without" unless it names rows of another table.
  s = s.replace(/\bwith(?:out)?\s+(?:any|a\s+single|no)\b(?=\s+[a-z])|\b(?:had|have|has)\s+no\b(?=\s+[a-z])/g, () => { out.never ??= 'without'; return ' without '; });
  out.restricts = /\b(?:only|just|among|amongst|within|restricted\s+to|limited\s+to)\b/.test(s);
  out.howMuch = /\bhow much\b.*\b(sell|sold|earn|earned|make|made|generate|generated|bring in|brought in)\b/.test(s);
  // "how much did we spend on paid advertising": what the company spends (costs, ad spend) is not in the data.
  if (/\b(?:did|do|does|have|has|will)\s+(?:we|i|the\s+company|our\s+(?:team|company|marketing))\s+(?:spend|spent|pay|paid\s+for)\b|\b(?:we|i)\s+(?:spend|spent|pay)\s+on\b|\b(?:ad|advertising|marketing|media)\s+(?:spend|spending|costs?|budget)\b/.test(s)) {
    out.unsupported ??= 'what we spend (costs and ad spend are not in the data)';
  }
  // "the customer's phone number", "the email of the customer with the biggest refund", "names of our top customers":
  // personal details of people are not in the data ("phone" would read as the mobile device, "email" as the channel).
  if (asksPersonalDetails(s)) out.unsupported ??= 'personal details of people (names, emails, phone numbers and addresses are not in the data)';
  s = withBreakdownAdded(st, s, question, added);
  s = withShowSqlAsked(st, s);

  s = withColumnFilterDropped(st, s);
  if (/\b(remove|drop|clear|reset|without|no|ignore)\s+(?:the\s+|all\s+(?:of\s+)?(?:the\s+)?|any\s+|that\s+|this\s+|those\s+|these\s+)?(filters?|conditions?)\b/.test(s)) {
    out.clearFilters = true;
    if (/\b(?:remove|drop|clear|ignore)\s+(?:the|that|this)\s+(?:filter|condition)\b/.test(s)) out.clearLastFilter = true;
    s = s.replace(/\b(remove|drop|clear|reset|without|no|ignore)\s+(?:the\s+|all\s+(?:of\s+)?(?:the\s+)?|any\s+|that\s+|this\s+|those\s+|these\s+)?(filters?|conditions?)\b/g, ' ');
  }
  s = withDroppedParts(st, s);
  // "orders instead, same period", "…, same date range", "totals for the whole period": the previous answer's period,
  // kept as a follow-up keeps it (a new question has none to keep: all the data, as without the words).
  // "the May 2025 close", "month-end close numbers": the books' close names what the numbers are for, not a figure.
  s = s.replace(/\b(?:(?:month|quarter|year)[\s-]*end\s+)?close\s+(?=(?:numbers?|figures?|report|pack|package|deck|metrics|kpis?)\b)|(?<=\b(?:\d{4}|month|quarter|year)[\s-]*(?:end\s+)?)close\b(?!\s+(?:to|by|of|at)\b)/g, ' ');
  // "how many have become customers": who became one of a figure's rows is one of them now.
  s = s.replace(/\b(?:have|has|had)?\s*(?:become|became|turned\s+into|converted\s+(?:in)?to)\s+(?:an?\s+)?(?=([a-z_]+))/g, (m, next: string) => ((st.vocab.phrases.get(phraseKey(next)) ?? []).some((x) => x.t === 'measure') ? ' are ' : m));
  const SAME_PERIOD = /[\s,;-]*\b(?:(?:for|over|in|across|during|with|using|keep(?:ing)?)\s+)?(?:the\s+)?(?:same\s+(?:period|date\s+range|dates|time\s+range|range|time\s+frame|timeframe|window|span|time\s+window)|(?:whole|entire|full)\s+(?:period|date\s+range|range|span|window))\b/g;
  if (SAME_PERIOD.test(s)) { s = s.replace(SAME_PERIOD, ' '); out.followUp = true; }
  const ALL_TIME = /\b(?:(?:over|across|throughout|through|during)\s+(?:the\s+)?(?=(?:all|whole|entire|full)\b))?(all time|all[- ]time|(?:whole|entire) (?:period|history|time)|(?:whole|entire|full) (?:dataset|data ?set)|all dates|any time|ever|(?:remove|drop|clear|reset|ignore|lose|without)\s+(?:the\s+|any\s+)?(?:date|time|period)(?:\s+(?:range|filter|limit|restriction|window))?|no (?:date|time) (?:range|filter|limit))\b/;
  if (ALL_TIME.test(s)) {
    out.clearPeriod = true;
    s = s.replace(new RegExp(ALL_TIME.source, 'g'), ' ');
  }
  st.s = s;
}

/**
 * "how often do orders get refunded (on each device)?", "how often are orders cancelled": how often rows of a table
 * have one value is the rate of that value among all its rows: the model's ratio of the count of that value over the
 * count of every row of the table (refund rate), written as its name. With no such figure it is refused, never read as
 * a figure over those rows only (a refund rate of refunded orders is 1).
 */
/**
 * "restrict to the last 90 days", "limit it to mobile", "narrow it down to Germany", "filter to paid plans", "keep only
 * refunds": a verb of narrowing opening the message asks for only what follows, as "only …" does. "limit to 5" (a bare
 * number, or rows / results) stays a row limit.
 */
function withNarrowingVerb(s: string): string {
  const lead = '^(\\s*(?:(?:ok|okay|so|then|and|also|but|now|please|pls|can\\s+you|could\\s+you|would\\s+you|lovely|great|excellent|perfect|thanks|thank\\s+you)\\b[\\s,.!]*)*)';
  const what = '(?:(?:it|this|that|them|these|those|the\\s+(?:results?|numbers?|figures?|data|answer|chart|series|analysis|report|query|view|breakdown|table))\\s+)?';
  const rowCount = '(?!(?:the\\s+)?(?:top\\s+|first\\s+)?\\d+(?:\\s+(?:rows?|results?|lines?|items?|entries|records))?\\s*[?.!]*\\s*$)';
  return s
    .replace(new RegExp(`${lead}(?:restrict|limit|narrow|cut|trim)\\s+${what}(?:down\\s+)?to\\s+${rowCount}`), '$1 only ')
    .replace(new RegExp(`${lead}filter\\s+${what}(?:down\\s+)?(?:to|on|for)\\s+${rowCount}`), '$1 only ')
    .replace(new RegExp(`${lead}keep\\s+${what}(?:only|just)\\s+`), '$1 only ');
}

function withHowOften(st: ParseState, s: string): string {
  return s.replace(/\bhow\s+(?:often|frequently)\s+(?:do|does|did|are|is|were|was|will)\s+(?:the\s+|our\s+)?([a-z]+)\s+(?:(?:get|gets|got|getting|become|became|end\s+up|ended\s+up|being)\s+)?([a-z]+)\b/g, (whole: string, noun: string, word: string) => {
    const table = entityTable(st, noun);
    if (!table) return whole;
    const values = (st.vocab.phrases.get(phraseKey(word)) ?? []).flatMap((m) => (m.t === 'value' && !m.values ? [m] : []));
    const t = st.model.tables.find((x) => x.name === table);
    for (const v of values) {
      if (v.t !== 'value') continue;
      const col = (st.model.dimensions.find((d) => d.name === v.dimension)?.columns ?? []).find((c) => c.startsWith(`${table}.`))?.split('.')[1];
      if (!col || !t) continue;
      const countOf = (name: string | undefined): Record<string, unknown> | undefined | null => {
        const m = st.model.measures.find((x) => x.name === name);
        return m && m.agg === 'count' && m.table === table && !m.column ? (m.filter ?? null) : undefined;
      };
      const rate = st.model.measures.find((m) => {
        if (m.agg !== 'ratio') return false;
        const num = countOf(m.numerator), den = countOf(m.denominator);
        return num && JSON.stringify(num) === JSON.stringify({ [col]: v.value }) && den === null;
      });
      if (rate) return ` ${rate.label ?? rate.name.replace(/_/g, ' ')} `;
      st.out.unsupported ??= `${whole.trim()} (no rate of ${v.value} ${noun} in this model)`;
      return ' ';
    }
    return whole;
  });
}

/** Verbs of having rows of a table: "do we carry", "we stock", "do we offer" say only that the rows are ours. */
const HAVING_VERBS = '(?:have|has|had|carry|carries|carried|stock|stocks|stocked|offer|offers|offered|list|lists|listed|sell|sells|keep|keeps|hold|holds)';

/**
 * "how many products do we carry in each category", "number of products we stock": after a count of the rows of a
 * table named by its noun (an entity of the model), a subject and a verb of having them ask for nothing more.
 */
function withRowsWeHave(st: ParseState, s: string): string {
  const re = new RegExp(`\\b(how\\s+many|number\\s+of|count\\s+of)\\s+((?:[a-z@~_/'-]+\\s+){0,2}?)([a-z]+)\\s+(?:(?:do|does|did)\\s+)?(?:we|you|they|i|the\\s+(?:shop|store|company|business))\\s+(?:(?:currently|still|now|actually)\\s+)?${HAVING_VERBS}\\b`, 'g');
  return s.replace(re, (whole: string, count: string, before: string, noun: string) => {
    const entity = (st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'entity');
    return entity ? `${count} ${before}${noun}` : whole;
  });
}

/**
 * "ok drop the mobile filter", "remove the country filter", "lose the device split", "without the channel breakdown":
 * the kept filter on one dimension, or one dimension of the breakdown, goes; the words between name it (a value or the
 * dimension). Words that name nothing of the model are left to be reported as not understood.
 */
function withDroppedParts(st: ParseState, s: string): string {
  // "show last year's share for every channel", "and for each country?": every value of a dimension, a row each — a
  // kept filter on it goes. Not "every country but Germany" (an exclusion, words.ts).
  s = s.replace(/\b(?:for|across|over)\s+(?:every|each)\s+([a-z][a-z_]*)\b(?!\s+(?:but|except|other|apart|besides|excluding)\b)/g, (whole: string, word: string) => {
    const d = (st.vocab.phrases.get(phraseKey(word)) ?? [])[0];
    if (d?.t !== 'dimension') return whole;
    (st.out.everyValueOf ??= []).push(d.name);
    return ` by ${word} `;
  });
  const re = /\b(?:remove|drop|clear|lose|ditch|ignore|undo|take\s+(?:out|off|away)|get\s+rid\s+of|no(?:\s+more)?|without)\s+(?:the\s+|that\s+|this\s+|its\s+)?((?:@v~\S+|[a-z][a-z0-9_/'-]*)(?:\s+(?:@v~\S+|[a-z][a-z0-9_/'-]*)){0,2}?)\s+(filter|condition|restriction|split|breakdown|break\s*down|grouping|dimension|segmentation)s?\b/g;
  return s.replace(re, (whole: string, what: string, kind: string) => {
    const named = partsNamed(st, what.trim());
    if (!named) return whole;
    const onFilter = /^(?:filter|condition|restriction)$/.test(kind);
    if (onFilter) (st.out.dropFilters ??= []).push(...named); else (st.out.dropDimensions ??= []).push(...new Set(named.map((x) => x.dimension)));
    st.out.followUp = true;
    return ' ';
  }).replace(/\b(?:not|no|without|never|stop|quit|remove|drop|lose|ditch)\s+(?:(?:splitting|split|broken|breaking|break|grouping|grouped|group|segmenting|segmented|segment)\s+(?:it\s+|that\s+|this\s+|them\s+)?(?:down\s+|up\s+|out\s+)?)?(by|per|across\s+)?\s*(?:the\s+)?((?:@v~\S+|[a-z][a-z0-9_/'-]*)(?:\s+(?:@v~\S+|[a-z][a-z0-9_/'-]*)){0,2})/g, (whole: string, by: string | undefined, what: string) => {
    // "not split by device", "don't group by channel", "without device", "remove country": a negated grouping, or a
    // dimension (never a value: "without mobile" excludes mobile) named right after a removing word, leaves the breakdown.
    const words = what.split(/\s+/);
    for (let n = words.length; n >= 1; n--) {
      const key = phraseKey(words.slice(0, n).join(' '));
      const ms = st.vocab.phrases.get(key) ?? [];
      const dim = ms.length > 0 && ms.every((m) => m.t === 'dimension') ? ms[0] : undefined;
      if (dim?.t !== 'dimension') continue;
      if (!by && !/^(?:without|remove|drop|lose|ditch|no)\b/.test(whole)) return whole;
      (st.out.dropDimensions ??= []).push(dim.name);
      st.out.followUp = true;
      return ` ${words.slice(n).join(' ')} `;
    }
    return whole;
  });
}

/** Abbreviations of time zones people write after a time ("6am PST"); UTC and GMT (with an offset or not) are read apart. */
const ZONE_ABBREVIATIONS = ['pst', 'pdt', 'mst', 'mdt', 'cst', 'cdt', 'est', 'edt', 'akst', 'hst', 'bst', 'cet', 'cest', 'eet', 'eest', 'ist', 'jst', 'kst', 'sgt', 'ict', 'aest', 'aedt', 'awst', 'nzst', 'nzdt'];
const IANA_ZONES = new Set((Intl.supportedValuesOf?.('timeZone') ?? []).map((z) => z.toLowerCase()));

/**
 * "between midnight and 6am UTC yesterday", "orders by hour (PST)", "signups today in Europe/Berlin time": a time zone
 * named in the question is taken out of the text and kept in `zoneNamed`; the agent answers when it is the zone it reads
 * times in, and refuses otherwise (the periods would be read on another calendar than the one named).
 */
function withZoneNamed(st: ParseState, s: string): string {
  const abbr = ZONE_ABBREVIATIONS.join('|');
  return s.replace(new RegExp(`(^|\\s)(?:(?:in|at)\\s+)?(?:(utc|gmt)(?:\\s*([+-])\\s*(\\d{1,2})(?::?(\\d{2}))?)?|(${abbr})|([a-z]+/[a-z_]+(?:/[a-z_]+)?))(?:\\s+(?:time|timezone|time\\s+zone))?(?=\\s|$)`, 'g'),
    (whole: string, lead: string, utc?: string, sign?: string, hh?: string, mm?: string, ab?: string, iana?: string) => {
      if (iana && !IANA_ZONES.has(iana)) return whole;
      const off = hh ? Number(hh) * 60 + Number(mm ?? 0) : 0;
      const named = utc ? (off ? `UTC${sign}${hh}${mm ? `:${mm}` : ''}` : 'UTC') : ab ? ab.toUpperCase() : iana!;
      st.out.zoneNamed ??= named;
      return `${lead} `;
    });
}

/**
 * "refunded and cancelled ones included", "with refunds included", "cancelled orders inclusive": values (or figures
 * counting one value) before "included" are added to what the figure counts by default, as "including …" reads them
 * (never the only rows counted). The words are moved after an "including" put before them.
 */
function withIncludedAfter(st: ParseState, s: string): string {
  const words = s.trim().split(/\s+/);
  const at = words.findIndex((w) => w === 'included' || w === 'inclusive');
  if (at < 1) return s;
  const linking = new Set(['and', 'or', 'ones', 'both', 'the']);
  const valueLike = (w: string): boolean => w.startsWith('@v~') || (st.vocab.phrases.get(phraseKey(w)) ?? []).some((m) => m.t === 'value'
    || (m.t === 'measure' && Object.keys(st.model.measures.find((x) => x.name === m.name)?.filter ?? {}).length > 0
      && JSON.stringify(st.model.measures.find((x) => x.name === m.name)?.filter) !== JSON.stringify(st.model.tables.find((t) => t.name === st.model.measures.find((x) => x.name === m.name)?.table)?.defaultFilter ?? {})));
  const noun = (w: string): boolean => (st.vocab.phrases.get(phraseKey(w)) ?? []).some((m) => m.t === 'entity');
  let from = at;
  // Back over the values and the words linking them; a table's noun only right after a value ("cancelled orders").
  while (from > 0 && (linking.has(words[from - 1]) || valueLike(words[from - 1]) || (noun(words[from - 1]) && from > 1 && valueLike(words[from - 2])))) from--;
  while (from < at && linking.has(words[from]) && words[from] !== 'both') from++;
  const named = words.slice(from, at);
  if (!named.some(valueLike)) return s;
  const lead = from > 0 && words[from - 1] === 'with' ? from - 1 : from;
  return ` ${[...words.slice(0, lead), 'including', ...named, ...words.slice(at + 1)].join(' ')} `;
}

/**
 * "same thing but only orders from Japan", "same again, just users on the free plan": after "same … only", a table's
 * noun names the rows the previous answer counts, narrowed; it asks no figure of its own (the figure is kept). So does
 * "those <noun>" before a breakdown ("break those customers down by country").
 */
function withRowsOfSameQuery(st: ParseState, s: string): string {
  // "break those customers down by country", "those customers by plan": the rows the previous answer counted, by a breakdown.
  s = s.replace(/^(\s*(?:(?:ok|okay|now|and|so|can\s+you|could\s+you|please|pls)\b[\s,]*)*(?:(?:break|split|group|slice|segment|show)\s+)?)(?:those|these|the\s+same)\s+([a-z]+)(?=\s+(?:(?:down|up|out)\s+)?(?:by|per|across)\b)/,
    (whole: string, head: string, noun: string) => ((st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'entity'
      || (m.t === 'measure' && /^(?:count|uniq)$/.test(st.model.measures.find((x) => x.name === m.name)?.agg ?? ''))) ? `${head || 'break '}them` : whole));
  return s.replace(/^(\s*(?:(?:ok|okay|now|and|so)\b[\s,]*)*(?:the\s+)?same(?:\s+(?:thing|query|chart|table|one|again|as\s+before|numbers?|figures?))?\s*[,:]?\s+(?:but\s+)?(?:for\s+)?(?:only|just)\s+)(?:the\s+)?([a-z]+)\s+(?=(?:from|in|on|with|via|through|of|made|placed)\b)/,
    (whole: string, head: string, noun: string) => ((st.vocab.phrases.get(phraseKey(noun)) ?? []).some((m) => m.t === 'entity') ? head : whole));
}

/**
 * "drop paid", "remove mobile and tablet", "add device": a message that is only a removing or adding word and names of
 * the model refines the answer, never a change of data. Values dropped are excluded (or, when the previous answer keeps
 * them as a filter, that filter goes: decided by the agent from `dropOrExclude`); a dimension added joins the breakdown.
 */
function withNamesAddedOrDropped(st: ParseState, s: string): string {
  const m = /^\s*(?:(?:ok|okay|now|and|then|also|pls|please)\s+)*(drop|remove|lose|ditch|add)\s+(?:the\s+|a\s+)?(.+?)(?:\s+(?:too|as\s+well|please|pls))?\s*[.!?]?\s*$/.exec(s);
  if (!m) return s;
  const named = partsNamed(st, m[2].trim());
  if (!named) return s;
  if (m[1] === 'add') return named.every((x) => !x.value) ? `also by ${m[2]}` : s;
  if (!named.every((x) => x.value)) return s;
  st.out.dropOrExclude = named as Array<{ dimension: string; value: string }>;
  st.out.followUp = true;
  return `exclude ${m[2]}`;
}

const GREETING = '(?:(?:hey|hi|hello|yo|ok|okay|so|quick\\s+(?:one|question)|team|all|folks|guys|everyone|y\'?all)\\b[\\s,]*)*';
const ADDRESSEE = '(?:you|u|ya|someone|somebody|anyone|anybody|one\\s+of\\s+you|i|we)';
/** Verbs of asking for a figure ("pull", "grab", "share"); not those that also refine an answer ("make it", "drop", "break it"). */
const REQUEST_VERB = '(?:pull|get|grab|share|send|show|give|fetch|run|find|check|tell|dig\\s+up|put\\s+together|look\\s+up|bring\\s+up|post|compute|calculate|provide|produce|prepare|have|see)(?:s|ing)?(?:\\s+(?:up|out))?';
const FRAMING = [
  // "can someone pull …", "could anybody get me …", "would someone mind pulling …", "can I get …"
  `(?:can|could|would|will|may)\\s+${ADDRESSEE}\\s+(?:(?:please|pls|plz|kindly|quickly|just)\\s+)*(?:mind\\s+)?(?:${REQUEST_VERB}\\b)?`,
  // "I need someone to pull …", "we'd like you to send …"
  `(?:(?:i|we)\\s+)?(?:need|want|would\\s+like|d\\s+like|wanna)\\s+(?:${ADDRESSEE}\\s+)?to\\s+${REQUEST_VERB}\\b`,
  // "pls pull …", "please grab …", "kindly share …"
  `(?:pls|please|plz|kindly)\\s+${REQUEST_VERB}\\b`,
];
const FRAMING_RE = new RegExp(`^\\s*${GREETING}(?:${FRAMING.join('|')})(?:\\s+(?:me|us))?(?=\\s|$)`);

/**
 * Request framing at the start of a message ("can someone pull …", "pls grab …", "I need someone to send …") asks for
 * what follows: it is read as nothing, so a word of it ("someone", "share") is neither refused nor taken as a figure.
 */
function withoutRequestFraming(s: string): string {
  return s.replace(FRAMING_RE, ' ');
}
