/**
 * Verbs made from the rows of a table that refers to an entity ("ordered", "placed an order", a table's `actions`)
 * after who did them. Read in the normalise stage, after the event verbs (which take their own words first).
 */
import { escapeRe, type ParseState } from './state.ts';

/**
 * "how many users ordered yesterday", "people who placed an order last month", "members who have shopped": a verb
 * formed from a row noun of a table that refers to the entity by one key (orders → users: "ordered", "placed / made
 * an order"), or one of that table's `actions`, after a noun of the entity or "how many", asks for the entities that
 * have such rows — the referring table's distinct count of that key (customers), not the entity's own rows (signups).
 * Written as that measure's noun; any other subject, or a table with no such measure, leaves the words as they were.
 */
export function withRowVerbs(st: ParseState, s: string): string {
  const { model } = st;
  for (const j of model.joins ?? []) {
    const keys = Object.keys(j.on);
    if (keys.length !== 1) continue;
    const rows = model.tables.find((t) => t.name === j.from);
    const entity = model.tables.find((t) => t.name === j.to);
    if (!rows || !entity?.entity?.length) continue;
    const m = model.measures.find((x) => x.table === rows.name && x.agg === 'uniq' && x.column === keys[0] && !x.hidden && !x.grain);
    if (!m) continue;
    const label = m.label ?? m.name.replace(/_/g, ' ');
    // The measure's own nouns too: "how many active users had events" is those users, named once.
    const subjects = [...new Set([j.to, ...entity.entity.flatMap((e) => [e, `${e}s`]), label, ...(m.synonyms ?? [])])];
    const rowNouns = [...new Set([rows.name.replace(/s$/, ''), ...(rows.entity ?? [])])];
    // After "how many" a row noun needs its article: "how many placed an order" asks for people, "how many placed
    // orders" (or "how many completed orders") for orders.
    const nouns = `(?:${rowNouns.map(escapeRe).join('|')})s?`;
    const article = String.raw`(?:an?|any|one|some|at\s+least\s+one)\s+`;
    const common = [...rowNouns.map((n) => (n.endsWith('e') ? `${n}d` : `${n}ed`)), ...rowNouns.map((n) => `${n.replace(/e$/, '')}ing`), ...(rows.actions ?? []).map(escapeRe), ...(rows.actions ?? []).filter((a) => /^[a-z]+$/.test(a) && !/(?:ed|ing|s)$/.test(a) && a.length > 2).map((a) => `${a}ing`)];
    // "made a completed order": one word naming which rows may stand between the article and the noun (kept as a filter).
    const which = String.raw`(?:(?!(?:${rowNouns.map(escapeRe).join('|')})s?\b|(?:no|zero|none|not|never|any|fewer|more|less|than)\b)([a-z@~_-]+)\s+)?`;
    const afterHowMany = [...common, `(?:placed|made|had|submitted|place|make|submit|placing|making)\\s+${article}${nouns}`].join('|');
    // "ordered by / from / high to low" sorts, it is no verb of the rows.
    const afterNoun = [...common.map((c) => `(?:${c})(?!\\s+(?:by|from|high|low|asc|desc|alphabetically)\\b)(?:\\s+(?:something|anything|stuff))?`), `(?:placed|made|had|submitted|place|make|submit|placing|making|submitting)\\s+(?:${article})?${which}${nouns}`].join('|');
    const subjectAlt = subjects.sort((a, b) => b.length - a.length).map(escapeRe).join('|');
    // "… who then bought something" ("went on to buy", "ended up placing" are read as done before: withWhatTheyDidNext).
    const link = String.raw`(?:\s+(?:who|that)(?:\s+(?:have|has|had|did))?|\s+(?:have|has|had|did))?(?:\s+(?:already|ever|actually|also|then|later|eventually|subsequently))?`;
    // "users on the enterprise plan bought something": up to three words after a preposition say which of them.
    const qualifier = String.raw`(\s+(?:on|from|in|of|with)\s+(?!(?:each|every|per|all|no|any)\b)(?:[a-z@~_-]+\s+){0,2}?[a-z@~_-]+)?`;
    const re = new RegExp(`\\b(?:(how\\s+many)\\s+(?:${afterHowMany})|(?:${subjectAlt})${qualifier}${link}\\s+(?:${afterNoun}))(?![\\w-])`, 'g');
    s = s.replace(re, (_whole: string, howMany: string | undefined, qual: string | undefined, value: string | undefined) => `${howMany ? `${howMany} ` : ''}${label} ${qual ?? ''} ${value ?? ''} `);
  }
  return s;
}
