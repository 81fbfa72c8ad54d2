/**
 * Before tokenising, a column named with the noun of the rows it belongs to: "revenue by user plan", "orders per
 * users' country", "revenue by customer plan", "sessions by user signup channel". The noun (an entity of a table, or
 * a distinct count of a key that joins to that table: customers are users) only says whose column it is; it is no
 * figure of its own. The words are rewritten to the dimension that is that table's column only:
 *
 * - a dimension whose columns are all of that table ("plan": users.plan) is named without the noun;
 * - a dimension the figure's table has too ("country": orders.country and users.country) is named by the model's
 *   dimension of that table's column alone (users.country: "signup country"), reached through the declared join;
 * - when the model has no such dimension, the words are left as they are (and refused as two figures).
 *
 * "by country" alone stays the figure's own column; only the noun before it moves it to the other table.
 */
import type { ModelDimension, SemanticModel } from '../semantic-model.ts';
import { phraseKey } from '../vocabulary.ts';
import type { ParseState } from './state.ts';

/** Words after which a column groups the answer ("by", "per", "across", "for each"). */
const GROUPING_LEAD = /(?:^|\s)(?:(?:by|per|across|each|every|over)|(?:by|per|across)\s+[a-z@~_-]+(?:\s+[a-z@~_-]+){0,2}\s*(?:,|and|,\s*and))\s+(?:the\s+|their\s+|our\s+|a\s+|its\s+)?$/;

/** The table whose rows a noun names: an entity noun, or a distinct count of a key joined to another table. */
function tableOfNoun(st: ParseState, noun: string): string | undefined {
  const meanings = st.vocab.phrases.get(phraseKey(noun)) ?? [];
  const entity = meanings.find((m) => m.t === 'entity');
  if (entity?.t === 'entity') return entity.table;
  for (const m of meanings) {
    if (m.t !== 'measure') continue;
    const def = st.model.measures.find((x) => x.name === m.name);
    if (!def || def.agg !== 'uniq' || !def.table || !def.column) continue;
    const join = (st.model.joins ?? []).find((j) => j.from === def.table && Object.keys(j.on).length === 1 && Object.keys(j.on)[0] === def.column);
    if (join) return join.to;
  }
  return undefined;
}

/** The dimension of the model that is `table.column` alone (no expression), if any. */
export function ownDimension(model: SemanticModel, table: string, column: string): ModelDimension | undefined {
  return model.dimensions.find((d) => !d.expr && !d.rowsOf && (d.columns ?? []).length === 1 && d.columns![0] === `${table}.${column}`);
}

/**
 * The dimension naming `dim`'s column of `table` alone: `dim` itself when all its columns are that table's; the
 * model's dimension of that one column otherwise; 'none' when `dim` has no column there or the model no such dimension.
 */
function ownersDimension(model: SemanticModel, dim: ModelDimension | undefined, table: string): ModelDimension | 'none' {
  const column = (dim?.columns ?? []).find((c) => c.startsWith(`${table}.`))?.slice(table.length + 1);
  if (!dim || !column) return 'none';
  return ((dim.columns ?? []).every((c) => c.startsWith(`${table}.`)) ? dim : ownDimension(model, table, column)) ?? 'none';
}

/**
 * "which plan's users have the highest refund rate": after "which", a dimension whose column the rows of the noun
 * after it hold (plan: users.plan) is asked of those rows' owners; the noun says whose column it is, as before it.
 */
function withWhichDimensionOfNoun(st: ParseState): void {
  st.s = st.s.replace(/\b(which|what)\s+([a-z_]+)\s+([a-z]+)\b(?=\s+(?:have|has|had|show|shows|got|get|gets|is|are|was|were)\b)/g, (whole, w: string, phrase: string, noun: string) => {
    const table = tableOfNoun(st, noun);
    const dim = (st.vocab.phrases.get(phraseKey(phrase)) ?? []).find((m) => m.t === 'dimension');
    if (!table || !dim || dim.t !== 'dimension') return whole;
    const d = st.model.dimensions.find((x) => x.name === dim.name);
    const own = ownersDimension(st.model, d, table);
    return own === 'none' ? whole : `${w} ${own === d ? phrase : (own.label ?? own.name.replace(/_/g, ' '))}`;
  });
}

export function ownersColumnStage(st: ParseState): void {
  withWhichDimensionOfNoun(st);
  const words = st.s.split(/\s+/);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const noun = words[i];
    const table = /^[a-z]+$/.test(noun) && GROUPING_LEAD.test(` ${out.join(' ')} `) ? tableOfNoun(st, noun) : undefined;
    let done = false;
    for (let len = Math.min(3, words.length - i - 1); table && len >= 1 && !done; len--) {
      const phrase = words.slice(i + 1, i + 1 + len).join(' ');
      const dims = (st.vocab.phrases.get(phraseKey(phrase)) ?? []).filter((m) => m.t === 'dimension');
      if (dims.length !== 1 || dims[0].t !== 'dimension') continue;
      const dim = st.model.dimensions.find((d) => d.name === (dims[0] as { name: string }).name);
      if (!dim || !(dim.columns ?? []).some((c) => c.startsWith(`${table}.`))) continue;
      const own = ownersDimension(st.model, dim, table);
      if (own === 'none') break;
      out.push(own === dim ? phrase : (own.label ?? own.name.replace(/_/g, ' ')));
      i += len;
      done = true;
    }
    if (!done) out.push(noun);
  }
  st.s = out.join(' ');
}
