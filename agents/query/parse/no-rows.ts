/**
 * "which countries had no signups yesterday", "which products had no completed orders in the last 14 days", "countries
 * with zero orders last week", "which channels brought no signups in May", "products without any refunds this month":
 * the values of a breakdown (or the entities a breakdown names) that have none of the counted rows. Read before "no" /
 * "without any" become an exclusion of a value: the negation is taken out, the rest is read as the figure by that
 * breakdown, and the agent (../no-rows.ts) builds the values with no such rows (an anti-join), or refuses.
 *
 * A question that asks which values have none of a counted figure in another shape ("revenue of countries with no
 * refunds") is marked to be refused, never answered with the values that do have such rows.
 */
import { escapeRe, type ParseState } from './state.ts';

/** Verbs that say a value "had" rows: "had", "got", "saw", "brought in", "recorded", "generated". */
const VERBS = '(?:had|have|has|got|get|gets|saw|see|sees|brought(?:\\s+in)?|bring(?:\\s+in)?|brings(?:\\s+in)?|recorded|record|records|made|make|makes|generated|generate|generates|received|receive|receives|produced|drove|drive|drives|sold|sell|sells|registered|logged)';
/** The negation before the figure: "had no", "got zero", "did not have any", "haven't had a single", "with no", "without (any)". */
const NEG = `(?:(?:that|which)\\s+)?(?:(?:(?:have|has)\\s+)?(?:${VERBS})\\s+(?:no|zero|0|none\\s+of\\s+the)|(?:did|do|does|have|has|had)\\s*(?:\\s+not|n'?t)\\s+(?:(?:${VERBS})(?:\\s+(?:any|a\\s+single|one))?|any|a\\s+single)|(?:were|was)\\s+there\\s+(?:no|zero|0|not\\s+(?:any|a\\s+single|one))|with\\s+(?:no|zero|0|not\\s+(?:any|a\\s+single|one))|without(?:\\s+(?:any|a\\s+single))?)`;
/** What may come before the breakdown's noun: "which", "list the", "show me all", "how many" (then the values are counted). */
const LEAD = "(?:(?:so|and|ok|okay|now)[\\s,]+)?(?:in\\s+)?(?<lead>which|what|list|show|name|give|find|get|tell|how\\s+many|are\\s+there\\s+any|were\\s+there\\s+any)?(?:\\s+me)?(?:\\s+(?:the|all(?:\\s+the)?|any))?";

/** The words that name each breakdown with columns (its name, label, synonyms and their plurals), longest first. */
function nounsOf(st: ParseState): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const d of st.model.dimensions) {
    if (!d.columns?.length) continue;
    for (const w of [d.name.replace(/_/g, ' '), d.label, ...(d.synonyms ?? [])]) {
      if (!w) continue;
      const lw = w.toLowerCase();
      out.push([lw, d.name]);
      if (!/s$/.test(lw)) out.push([/[^aeiou]y$/.test(lw) ? `${lw.slice(0, -1)}ies` : `${lw}s`, d.name]);
    }
  }
  return out.sort((a, b) => b[0].length - a[0].length);
}

/**
 * Reads "which <breakdown> had no <figure> …" (and the forms above) into `out.noRows`, returning the question as the
 * figure by that breakdown ("signups yesterday by country"); with no such form, the text unchanged. A "which …" question
 * that still says "no" / "zero" / "without any" before a counted figure is marked to be refused.
 */
export function withNoRows(st: ParseState, s: string): string {
  const nouns = nounsOf(st);
  const alt = nouns.map(([w]) => escapeRe(w).replace(/\s+/g, '\\s+')).join('|');
  const re = new RegExp(`^\\s*${LEAD}\\s*(?:of\\s+the\\s+|the\\s+)?(?<pre>(?:(?<=(?:which|what|list|show|name|the|all|any|me)\\s+)[a-z0-9'-]+\\s+){0,2}?)(?<noun>${alt})(?<mid>(?:\\s+(?!(?:no|zero|without|with|did|do|does|have|has|had)\\b)[^\\s]+){0,4}?)\\s+(?<neg>${NEG})\\s+(?<rest>\\S.*)$`);
  // "which products were not ordered last week", "which products haven't been purchased": "not" before a verb of the
  // rows is "never" (the rows a breakdown names with no related rows, settleNever), not a figure of the rows that were.
  const notVerb = new RegExp(`^(\\s*${LEAD}\\s*(?:of\\s+the\\s+|the\\s+)?(?:[a-z0-9'-]+\\s+){0,2}?(?:${alt})(?:\\s+(?:that|which))?\\s+(?:were|was|are|is|did|do|does|have|has|had)(?:\\s+not|n'?t)(?:\\s+been)?)\\s+(?!(?:${VERBS}|any|a|one|there)\\b)(?=[a-z]+(?:ed|d|ght|ld|t)\\b|sell\\b|buy\\b|order\\b|purchase\\b)`);
  s = s.replace(notVerb, (whole: string, head: string) => `${head.replace(/(?:\s+not|n'?t)(?=(?:\s+been)?$)/, ' never')} `);
  const m = re.exec(s);
  if (m?.groups) {
    const { lead, pre, noun, mid, neg, rest } = m.groups;
    const dimension = nouns.find(([w]) => w === noun.replace(/\s+/g, ' '))![1];
    const count = !!lead && /^how\s+many$/.test(lead);
    // "how many products had no orders": the rows a breakdown names, counted as "never" counts them (settleNever).
    if (count && st.model.dimensions.find((d) => d.name === dimension)?.countMeasure) return s;
    st.out.noRows = { dimension, text: `${noun} ${neg} ${rest}`.replace(/\s+/g, ' ').trim(), ...(count ? { count: true } : {}) };
    return ` ${pre ?? ''} ${mid ?? ''} ${rest} by ${dimension.replace(/_/g, ' ')} `;
  }
  // "which countries, if any, had zero …" in a form not read above: refused, not answered with the values that have rows.
  const figures = st.model.measures.filter((x) => (x.agg === 'count' || x.agg === 'uniq') && !x.hidden)
    .flatMap((x) => [x.name.replace(/_/g, ' '), x.label ?? '', ...(x.synonyms ?? [])]).filter((w) => w.length > 2).map((w) => escapeRe(w.toLowerCase()).replace(/\s+/g, '\\s+'));
  const loose = new RegExp(`^\\s*(?:\\S+\\s+){0,2}?(?:which|what)\\s+(?:\\S+\\s+){0,3}?(?:${alt})\\b.*\\b(?:no|zero|without(?:\\s+any)?|not\\s+(?:any|a\\s+single)|n'?t\\s+\\S+\\s+(?:any|a\\s+single))\\s+(?:\\S+\\s+){0,2}?(?:${figures.join('|')})(?=\\s|$|[?.!,])`);
  // "revenue by country for countries with no refunds": a breakdown's values with none of a counted figure, inside another question.
  const inside = new RegExp(`\\b(?:${alt})\\s+(?:(?:that|which)\\s+)?(?:(?:${VERBS}|with)\\s+(?:no|zero|0)|without(?:\\s+any)?|(?:did|do|does|have|has|had)\\s*(?:\\s+not|n'?t)\\s+(?:(?:${VERBS})\\s+)?any)\\s+(?:\\S+\\s+){0,2}?(?:${figures.join('|')})(?=\\s|$|[?.!,])`);
  const l = loose.exec(s) ?? inside.exec(s);
  if (l) st.out.noRows = { dimension: '', text: l[0].trim() };
  // "what is the number of users with no orders": unless the rows of another table with none of them are built ("never",
  // settleNever), "no" / "without any" before a counted figure is refused, not dropped or read as excluding a value.
  const some = new RegExp(`\\b(?:with(?:out)?\\s+(?:any|a\\s+single|no)|(?:had|have|has)\\s+no|without)\\s+(?:\\S+\\s+){0,2}?(?:${figures.join('|')})(?=\\s|$|[?.!,])`).exec(s);
  if (!l && some) st.out.noRows = { dimension: '', text: some[0].trim(), unlessNever: true };
  return s;
}
