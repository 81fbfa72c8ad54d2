/**
 * "users who signed up via social", "customers acquired through the paid channel": a value said of how a user signed
 * up is a value of the signing-up table's own column (users.channel, the model's dimension of that column alone —
 * "signup channel"), never the same-named column of the figure's table (orders.channel, the channel of the order).
 * The table is the one whose count the verb names ("signed up" is the signups measure's word); the value is written as
 * a token of that dimension. Without a dimension of that column alone the words are left as they are.
 */
import { phraseKey } from '../vocabulary.ts';
import type { ModelDimension, SemanticModel } from '../semantic-model.ts';
import { ownDimension } from './owners-column.ts';
import { tablesNamed, type ParseState } from './state.ts';

const SIGNED_UP_VIA = /\b(signed\s+up|sign\s+up|signing\s+up|registered|joined|acquired|came\s+in)\s+(?:via|through|thru|from|on|with|by)\s+(?:the\s+|an?\s+)?([a-z@~_-]+(?:\s+[a-z@~_-]+)?)/g;

/**
 * The dimension that lists the values of `dim`: itself, or — for a dimension of one column with no list of its own
 * (signup channel: users.channel) — the one sharing that column (channel).
 */
export function listingDimension(model: SemanticModel, dim: ModelDimension | undefined): ModelDimension | undefined {
  if (!dim || dim.values) return dim;
  return model.dimensions.find((d) => d.values && d.columns?.some((c) => dim.columns?.includes(c)));
}

/** Per model: each dimension with no list of its own, the pattern of its name and a value, and its listing dimension. */
const namedValueRules = new WeakMap<SemanticModel, Array<{ dim: ModelDimension; listed: ModelDimension; re: RegExp }>>();

function namedValueRulesOf(model: SemanticModel): Array<{ dim: ModelDimension; listed: ModelDimension; re: RegExp }> {
  let rules = namedValueRules.get(model);
  if (!rules) {
    rules = [];
    for (const d of model.dimensions) {
      if (d.values || d.expr || d.rowsOf || d.columns?.length !== 1) continue;
      const listed = listingDimension(model, d);
      if (!listed?.values) continue;
      const names = [d.label ?? d.name.replace(/_/g, ' '), ...(d.synonyms ?? [])].filter((n) => !/[^a-z' -]/.test(n)).sort((a, b) => b.length - a.length);
      const values = [...listed.values, ...Object.keys(listed.valueSynonyms ?? {})].sort((a, b) => b.length - a.length).map((v) => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      rules.push({ dim: d, listed, re: new RegExp(`\\b(?:${names.join('|')})\\s+(?:is\\s+|was\\s+|=\\s*|of\\s+)?(${values.join('|')})(?![\\w-])`, 'g') });
    }
    namedValueRules.set(model, rules);
  }
  return rules;
}

/**
 * "signup channel is social", "signup channel = paid": a value after the name of a dimension that has no list of its
 * own (its values are those of the dimension sharing its column) is that dimension's value.
 */
function withValueOfNamedDimension(st: ParseState, s: string): string {
  for (const { dim, listed, re } of namedValueRulesOf(st.model)) s = s.replace(re, (_m, v: string) => ` @v~${dim.name}~${listed.valueSynonyms?.[v] ?? v} `);
  for (const { dim, re } of typedValueRulesOf(st.model)) s = s.replace(re, (_m, v: string) => ` @v~${dim.name}~${dim.valueSynonyms?.[v] ?? v} `);
  return s;
}

/** Per model: each dimension with values, the pattern of "of type X" / "for the type X" / "with event type = X". */
const typedValueRules = new WeakMap<SemanticModel, Array<{ dim: ModelDimension; re: RegExp }>>();

/**
 * "and for the type signup?", "events of type login", "with event type = purchase": a value right after its dimension's
 * name (after a preposition, or with "=") is that dimension's value, whatever else the word means ("signup" is also the
 * signups figure).
 */
function typedValueRulesOf(model: SemanticModel): Array<{ dim: ModelDimension; re: RegExp }> {
  let rules = typedValueRules.get(model);
  if (!rules) {
    rules = [];
    for (const d of model.dimensions) {
      if (!d.values?.length || d.expr) continue;
      const esc = (v: string): string => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const names = [d.label ?? d.name.replace(/_/g, ' '), ...(d.synonyms ?? [])].filter((n) => !/[^a-z' -]/.test(n)).sort((a, b) => b.length - a.length).map(esc);
      const values = [...d.values, ...Object.keys(d.valueSynonyms ?? {})].sort((a, b) => b.length - a.length).map(esc);
      rules.push({ dim: d, re: new RegExp(`\\b(?:(?:of|for|with)\\s+(?:the\\s+)?(?:${names.join('|')})\\s+(?:=\\s*|is\\s+|of\\s+)?|(?:${names.join('|')})\\s*=\\s*)(${values.join('|')})(?![\\w-])`, 'g') });
    }
    typedValueRules.set(model, rules);
  }
  return rules;
}

export function withSignupValues(st: ParseState, s: string): string {
  s = withValueOfNamedDimension(st, s);
  const signupTable = (st.vocab.phrases.get(phraseKey('signed up')) ?? []).flatMap((m) => (m.t === 'measure' ? [st.model.measures.find((x) => x.name === m.name)?.table] : []))[0];
  if (!signupTable) return s;
  // Over the signing-up table's own rows the value names its column already ("of the users who came in through
  // referral, what share …"); only a figure or rows of another table need the user's column named apart.
  const otherTable = [...tablesNamed(st, s)].some((table) => table !== signupTable);
  // A refinement ("only users acquired through paid") applies to the previous answer's figure, of whatever table.
  if (!otherTable && !/^\s*(?:(?:and|but|ok|okay|now)\s+)*only\b/.test(s)) return s;
  const tokens: string[] = [];
  const out = s.replace(SIGNED_UP_VIA, (whole, verb: string, words: string) => {
    // The value's word (one or two words: "paid ads"), then an optional "channel" naming its dimension.
    for (const phrase of [words, words.split(' ')[0]]) {
      const value = (st.vocab.phrases.get(phraseKey(phrase)) ?? []).find((m) => m.t === 'value');
      if (!value || value.t !== 'value') continue;
      const dim = st.model.dimensions.find((d) => d.name === value.dimension);
      const column = dim?.columns?.find((c) => c.startsWith(`${signupTable}.`));
      const own = column && ownDimension(st.model, signupTable, column.slice(signupTable.length + 1));
      if (!own) return whole;
      const rest = phrase === words ? '' : words.slice(phrase.length);
      const named = rest.trim() === dim!.name || (dim!.synonyms ?? []).includes(rest.trim()) ? '' : rest;
      // The value goes to the end of the question, so what followed the verb ("signed up in 2024") still follows it.
      tokens.push(`@v~${own.name}~${value.value}`);
      return `${/^(?:acquired|came)/.test(verb) ? "" : verb} ${named}`;
    }
    return whole;
  });
  return tokens.length ? `${out} ${tokens.join(' ')} ` : s;
}
