/**
 * Stage 8, grouping and checks: which named dimensions group (a dimension next to its own value is a label),
 * column superlatives, and the combinations that are understood but not answerable.
 */
import type { SemanticModel } from '../semantic-model.ts';
import type { ColumnAgg, MeasureSpec } from '../semantic-query.ts';
import type { Grain } from '../time-phrases.ts';
import { stem } from '../vocabulary.ts';
import { itemEnd, type Item, type ParsedQuestion, type ParseState } from './state.ts';

export interface TermsRead {
  dimItems: Array<{ name: string; idx: number; by: boolean; which: boolean; plural: boolean }>;
  valueDims: Map<string, number>;
  rank?: Extract<Item, { k: 'rank' }>;
  explicitAgg: Set<string>;
  compare: boolean;
  orWord: boolean;
  vs: boolean;
  count: boolean;
  agg?: ColumnAgg;
  aggWord?: string;
  aggOnMeasure?: string;
  aggMeasure?: { agg: ColumnAgg; name: string; text: string };
  superlativeWord?: string;
  /** "lowest and highest": both ends asked, in order. */
  ends?: Array<'asc' | 'desc'>;
}

/**
 * "average daily revenue", "average number of orders per customer": a figure per period or per entity, then averaged
 * (or its max / min); without a period or entity to roll up over, an average of a non-column figure is refused.
 */
function rollupStage(st: ParseState, aggMeasure: TermsRead['aggMeasure'], aggOnMeasure: string | undefined): void {
  const { out, model } = st;
  let over: { entity: string } | { grain: Grain } | undefined = out.perEntity ? { entity: out.perEntity } : out.grain ? { grain: out.grain } : undefined;
  const agg = aggMeasure?.agg ?? 'avg';
  let name = aggMeasure?.name ?? (out.measures[0]?.kind === 'measure' ? out.measures[0].name : undefined);
  // "average DAU last week", "mean monthly active users": a figure counted per period by definition, averaged over its
  // periods — the same figure without the grain (active users), per day / week / month.
  const own = aggMeasure && !over ? model.measures.find((x) => x.name === aggMeasure.name) : undefined;
  if (own?.grain && !out.perEntity) {
    const same = (x: typeof own): boolean => x.table === own.table && x.agg === own.agg && x.column === own.column && JSON.stringify(x.filter ?? {}) === JSON.stringify(own.filter ?? {});
    const base = model.measures.find((x) => !x.grain && !x.hidden && same(x));
    over = { grain: own.grain };
    name = base?.name ?? own.name;
  }
  if (over && name && (aggMeasure || out.perEntity)) {
    if (agg !== 'avg' && agg !== 'max' && agg !== 'min') { out.unsupported ??= `${aggMeasure?.text ?? agg} per ${out.perEntity ?? out.grain}`; return; }
    const md = model.measures.find((x) => x.name === name);
    if (!md || md.agg === 'ratio') { out.unsupported ??= `${aggMeasure?.text ?? name} per ${out.perEntity ?? out.grain}`; return; }
    out.measures = [{ kind: 'measure', name }];
    out.rollup = { agg, over, name };
    if ('grain' in over) delete out.grain;
    return;
  }
  if (aggMeasure && !(out.measures.some((m) => m.kind === 'column' && m.agg === aggMeasure.agg))) out.unsupported ??= aggMeasure.text;
  else if (aggOnMeasure && out.autoGrain) out.unsupported ??= `${aggOnMeasure} per period`;
}

/**
 * "top 10 customers by spend", "which customers spent the most": a distinct-count measure whose rows a dimension of the
 * model names (`rowsOf`), ranked, names those rows, not a count; the figure is the other one asked for, else its table's default.
 */
function rankedRows(st: ParseState, r: TermsRead): void {
  const { out, model } = st;
  const first = out.measures[0];
  if (first?.kind !== 'measure' || out.dimensions.length > 0 || out.grain || out.rollup || out.perEntity) return;
  const dim = model.dimensions.find((d) => d.rowsOf === first.name) ?? joinedRows(st);
  if (!dim) return;
  const ranked = out.limit !== undefined || !!out.superlative || !!out.order || r.dimItems.some((d) => d.which);
  const which = st.items.some((x) => x.k === 'sig' && x.w === 'which') && st.items.findIndex((x) => x.k === 'sig' && x.w === 'which') < st.items.findIndex((x) => x.k === 'term');
  if (!ranked && !which) return;
  const rest = out.measures.slice(1);
  const md = model.measures.find((m) => m.name === first.name);
  const table = md?.table ? model.tables.find((t) => t.name === md.table) : undefined;
  if (rest.length === 0) {
    if (!ranked || !table?.defaultMeasure) return;
    rest.push({ kind: 'measure', name: table.defaultMeasure });
  }
  out.measures = rest;
  out.dimensions.push(dim.name);
  if (which && !ranked) { out.order = 'desc'; }
  out.singular = false;
}

/**
 * "top 10 users by revenue", "which 10 users have spent the most": the first figure counts the rows of a table (users)
 * that the second figure's table (orders) reaches by a declared join on one key; the dimension of the model that names
 * rows by that key of the second table (customer = orders.user_id, `rowsOf`) names them.
 */
function joinedRows(st: ParseState): SemanticModel['dimensions'][number] | undefined {
  const { out, model } = st;
  const [first, other] = out.measures;
  if (first?.kind !== 'measure' || !other || out.measures.length !== 2) return undefined;
  const fmd = model.measures.find((m) => m.name === first.name);
  if (!fmd?.table || fmd.agg !== 'count' || fmd.filter) return undefined;
  const otherTable = other.kind === 'column' ? other.table : model.measures.find((m) => m.name === other.name)?.table;
  const j = (model.joins ?? []).find((x) => x.from === otherTable && x.to === fmd.table && Object.keys(x.on).length === 1);
  if (!j) return undefined;
  return model.dimensions.find((d) => d.rowsOf && d.columns?.length === 1 && d.columns[0] === `${otherTable}.${Object.keys(j.on)[0]}`);
}

/** The dimension that names the rows of a table: one column of it, named by one of the table's entity nouns ("product"). */
export function identityOf(st: ParseState, table: string): string | undefined {
  const t = st.model.tables.find((x) => x.name === table);
  const nouns = new Set([...(t?.entity ?? []), t?.name ?? ''].filter(Boolean).map(stem));
  return st.model.dimensions.find((d) => d.columns?.length === 1 && d.columns[0].startsWith(`${table}.`) && nouns.has(stem(d.name)))?.name;
}

/**
 * "top 5 books by revenue", "the 3 best-selling beauty": a value used as the plural noun of a ranking with nothing
 * else to group names rows of the table that value is a column of (products of that category), filtered to it — not
 * the value's one total. Only when exactly one such table has a dimension naming its rows.
 */
function valueNounRows(st: ParseState, columnRank: boolean): void {
  const { out, model } = st;
  if ((out.limit === undefined && !out.superlative) || out.dimensions.length > 0 || out.grain || out.autoGrain || out.rollup) return;
  // "price of the cheapest book": a superlative of a column reads its value noun itself (below).
  if (!out.valueNouns?.length && !columnRank) singularValueNoun(st);
  if (out.valueNouns?.length !== 1) return;
  const v = out.valueNouns[0];
  const d = model.dimensions.find((x) => x.name === v.dimension);
  const ids = [...new Set((d?.columns ?? []).map((c) => identityOf(st, c.split('.')[0])).filter((x): x is string => !!x))];
  if (ids.length !== 1) return;
  out.dimensions.push(ids[0]);
  out.valueNouns = [];
  if (out.superlative && !out.order) out.order = out.superlative;
}

/**
 * "best selling book by revenue", "top 3 apparel by orders": a value in the singular, or a mass noun, is the noun of the
 * ranking too when it is the question's only value and only noun of rows — no figure-less entity, no dimension, not
 * after a preposition ("top 3 by revenue in books" ranks nothing named) and not before a noun it qualifies ("mobile
 * revenue", "electronics product").
 */
function singularValueNoun(st: ParseState): void {
  const { out, items } = st;
  if (out.entities.length || out.measures.length > 1) return;
  const values = items.flatMap((x, idx) => (x.k === 'term' && x.meanings.length === 1 && x.meanings[0].t === 'value' ? [{ x, idx }] : []));
  const dims = out.filters.filter((f) => f.kind === 'dimension');
  if (values.length !== 1 || dims.length !== 1 || dims[0].kind !== 'dimension' || dims[0].negate || dims[0].values.length !== 1) return;
  const { x, idx } = values[0];
  const v = x.k === 'term' && x.meanings[0].t === 'value' ? x.meanings[0] : undefined;
  if (!v || v.t !== 'value' || v.values || v.dimension !== dims[0].dimension || v.value !== dims[0].values[0]) return;
  if (/^(?:in|on|from|for|of|at|among|within|across|via|through|with|to|by|per)$/.test(st.tokens[x.i - 1] ?? '')) return;
  const next = items[idx + 1];
  if (next?.k === 'term' && next.i === itemEnd(x) && next.meanings.some((m) => m.t === 'entity' || m.t === 'dimension' || m.t === 'measure' || m.t === 'column')) return;
  (out.valueNouns ??= []).push({ dimension: v.dimension, value: v.value });
  // "the best selling book": one row of the ranking, as "the best selling product" is.
  if (!x.plural && out.superlative && out.limit === undefined) out.limit = 1;
}

export function groupingStage(st: ParseState, r: TermsRead): void {
  const { model, items, out } = st;
  const { dimItems, valueDims, rank, explicitAgg, compare, orWord, vs, count, agg, aggWord, aggOnMeasure, aggMeasure, superlativeWord, ends } = r;
  // "products by category", "products cheaper than $15": a plural entity noun leading a question with no figure is what is counted.
  const lead = dimItems[0];
  const leadItem = lead ? items[lead.idx] : undefined;
  const leadEntity = leadItem?.k === 'term' ? leadItem.meanings.find((m) => m.t === 'entity') : undefined;
  if (lead && leadEntity?.t === 'entity' && lead.plural && !lead.by && !lead.which && out.measures.length === 0 && !out.superlative && out.limit === undefined && !rank
    && items.slice(0, lead.idx).every((x) => x.k === 'sig' && x.w !== 'which') && (dimItems.length > 1 || out.numeric.length > 0 || out.filters.length > 0)) {
    dimItems.shift();
    out.entities.push(leadEntity.table);
  }
  // Dimensions named next to one of their values are labels ("the paid channel"), not groupings.
  const termIdx = (i: number): Item | undefined => items[i];
  // "Vietnam and Singapore together", "on Saturdays and Sundays, in total", "…, one number": the values' rows are one figure.
  const pooled = !compare && /\b(?:together|combined|altogether|in\s+total|summed|added\s+up|as\s+one|(?:one|a\s+single|single|just\s+the|just\s+one)\s+(?:number|figure|value|total))\b/.test(st.s);
  for (const d of dimItems) {
    // "both of the other statuses together, one number": a dimension's noun said of rows pooled into one figure splits nothing.
    // "those two pages combined", "both countries together", "devices combined": the rows of the values named pooled
    // (never "channel and device together": two dimensions crossed).
    const it = items[d.idx] as { i: number; text?: string };
    const [before, after] = [st.tokens[it.i - 1] ?? '', st.tokens[it.i + (it.text?.split(' ').length ?? 1)] ?? ''];
    const saidPooled = out.filters.some((f) => f.kind === 'dimension' && f.dimension === d.name)
      || /^(?:those|these|both|all|two|three|four|five|six|\d+)$/.test(before) || (/^(?:together|combined|altogether|pooled|summed)$/.test(after) && !/^(?:and|&|,|\+)$/.test(before));
    if (pooled && !d.by && !d.which && saidPooled) { (out.pooledDims ??= []).push(d.name); continue; }
    // "which category has the most products": a plural noun of a dimension after "most" / "fewest", beside another
    // dimension, is its count (the products counted per category), not a second split.
    const counted = model.dimensions.find((x) => x.name === d.name)?.countMeasure;
    if (counted && d.plural && !d.by && !d.which && out.measures.length === 0 && dimItems.some((o) => o !== d && o.idx < d.idx)
      && /^(?:most|fewest|least|more|fewer)$/.test(st.tokens[(items[d.idx] as { i: number }).i - 1] ?? '')) { out.measures.push({ kind: 'measure', name: counted }); continue; }
    const near = [termIdx(d.idx - 1), termIdx(d.idx + 1)].some((x) => x?.k === 'term' && x.meanings[0].t === 'value' && (x.meanings[0] as { dimension: string }).dimension === d.name);
    // "which country (JP, VN or SG) had the most": the noun of values listed beside it still asks which one.
    if (near && !d.by) { if (d.which && out.superlative && (valueDims.get(d.name) ?? 0) >= 2 && out.singular === undefined) out.singular = !d.plural; continue; }
    // "the price of a product": a dimension next to a column of its own table labels it.
    const dm = model.dimensions.find((x) => x.name === d.name);
    const dTables = new Set((dm?.columns ?? []).map((c) => c.split('.')[0]));
    const byColumn = [termIdx(d.idx - 1), termIdx(d.idx + 1)].some((x) => x?.k === 'term' && x.meanings.length > 0 && x.meanings.every((m) => m.t === 'column' && dTables.has(m.table)));
    if ((byColumn || termIdx(d.idx + 1)?.k === 'sig' && (termIdx(d.idx + 1) as { w: string }).w === '@cmp') && !d.by) continue;
    // "revenue from beauty products": after a figure, the noun right after a value of its own table's column is a label, not a grouping.
    const pv = termIdx(d.idx - 1), pm = pv?.k === 'term' && itemEnd(pv) === items[d.idx].i ? pv.meanings[0] : undefined;
    const labelled = pm?.t === 'value' && pm.dimension !== d.name && model.dimensions.find((x) => x.name === pm.dimension)?.columns?.some((c) => dTables.has(c.split('.')[0]));
    // "the average price of our electronics products": a plural entity noun right after such a value names the rows the
    // figure is over (the table), whichever figure was named before it (a "what is" before that figure asks the figure).
    const entityNoun = d.plural && items[d.idx]?.k === 'term' && (items[d.idx] as { meanings: Array<{ t: string }> }).meanings.some((m) => m.t === 'entity');
    if (labelled && !d.by && (!d.which || entityNoun) && !out.superlative && out.limit === undefined && !out.order
      && items.slice(0, d.idx - 1).some((x) => x.k === 'term' && (x.meanings[0].t === 'measure' || (entityNoun && x.meanings.some((m) => m.t === 'column'))))) continue;
    if (!out.dimensions.includes(d.name)) {
      if (d.by && out.dimensions.length > 0) (out.perDimensions ??= []).push(d.name);
      out.dimensions.push(d.name);
    }
    if ((d.which || out.superlative) && out.dimensions.length === 1 && out.singular === undefined) out.singular = !d.plural;
  }
  if (vs || compare || /\s(?:and|\+|&)\s/.test(st.s)) valuesNamedByMeasures(st, valueDims);
  // "compare mobile and desktop": several values of one dimension → one row each. Not in a filter refinement ("only
  // tablet and mobile" after "revenue by country"): there the values restrict the rows and the breakdown stays.
  // "are there more sessions on mobile or desktop?": "or" between values that are weighed against each other is "vs".
  const weighed = orWord && /\b(?:more|fewer|less|higher|lower|bigger|larger|smaller|better|worse)\b(?!\s+than\b)/.test(st.s);
  for (const [dim, n] of valueDims) {
    if (n >= 2 && pooled) (out.pooledDims ??= []).push(dim);
    if (n >= 2 && (compare || !orWord || weighed) && !pooled && !(out.filterRefinement && !compare) && !out.dimensions.includes(dim)) {
      const f = out.filters.find((x) => x.kind === 'dimension' && x.dimension === dim && !x.negate);
      // "refunded amount of refunded orders": one value said twice is no comparison of values.
      if (f && f.kind === 'dimension' && f.values.length >= 2) { out.dimensions.push(dim); (out.valueSplit ??= []).push(dim); }
    }
  }
  // "which of the US and Brazil had the highest AOV": values weighed with no noun of their own, after "which of", ask
  // for the one that wins, not both rows.
  if (out.superlative && out.singular === undefined && out.limit === undefined && out.dimensions.length === 1
    && /\bwhich\s+(?:(?:one|1)\s+)?of\b/.test(st.s) && out.valueSplit?.includes(out.dimensions[0])
    && !items.some((x) => x.k === 'term' && x.meanings.some((m) => m.t === 'dimension' && m.name === out.dimensions[0]))) out.singular = true;
  // "which of those channels brought in the most?", "which of the countries …": one of the rows named, as "which of them" is.
  if (out.superlative && out.limit === undefined && out.dimensions.length === 1 && /\bwhich\s+(?:(?:one|1)\s+)?of\s+(?:those|these|them|the)\b/.test(st.s)) out.singular = true;
  rankedRows(st, r);
  valueNounRows(st, !!rank);
  if (rank) {
    // "the most expensive book": a value used as the noun after the superlative names rows of the ranked table.
    const next = items[items.indexOf(rank) + 1];
    const v = next?.k === 'term' && next.i === itemEnd(rank) && next.meanings[0].t === 'value' ? next.meanings[0] : undefined;
    const vd = v && v.t === 'value' ? model.dimensions.find((d) => d.name === v.dimension) : undefined;
    const t = model.tables.find((x) => x.name === rank.table);
    const nouns = new Set([...(t?.entity ?? []), t?.name ?? ''].map(stem));
    const identity = vd?.columns?.some((c) => c.startsWith(`${rank.table}.`)) && out.dimensions.length === 0 && !out.grain && out.measures.length === 0
      ? model.dimensions.find((d) => d.columns?.length === 1 && d.columns[0].startsWith(`${rank.table}.`) && nouns.has(stem(d.name))) : undefined;
    if (identity) { out.dimensions.push(identity.name); out.limit ??= 1; out.order = rank.dir; }
    // "cheapest price in each category", "highest price per plan": the superlative names the column itself, and a
    // per-group word ("each", "per", "by") follows: the column's min / max in each group, not the groups ranked.
    const col = next?.k === 'term' && next.i === itemEnd(rank) && next.meanings.some((m) => m.t === 'column' && m.table === rank.table && m.column === rank.column);
    const perGroup = items.some((x) => x.k === 'sig' && (x.w === 'each' || x.w === 'per' || x.w === 'by' || x.w === 'every'));
    const whichOne = items.some((x) => x.k === 'sig' && x.w === 'which');
    const m0 = out.measures[0];
    if (col && perGroup && !whichOne && out.dimensions.length > 0 && !out.grain && out.measures.length <= 1 && out.limit === undefined
      && (!m0 || (m0.kind === 'column' && m0.table === rank.table && m0.column === rank.column && !explicitAgg.has(`${m0.table}.${m0.column}`)))) {
      out.measures = [{ kind: 'column', agg: rank.dir === 'desc' ? 'max' : 'min', table: rank.table, column: rank.column }];
      delete out.superlative; delete out.order;
    } else applyRank(rank, out, explicitAgg);
  }
  if (superlativeWord && out.superlative && !out.order) out.order = out.superlative;
  if (count) out.countIntent = true;
  if (agg && agg !== 'sum' && aggWord) out.unsupported ??= aggWord;
  // "average revenue by day" means the average of daily totals: not one SELECT.
  rollupStage(st, aggMeasure, aggOnMeasure);
  // "the biggest order": a superlative over a count with nothing to rank.
  const first = out.measures[0];
  const fm = first?.kind === 'measure' ? model.measures.find((x) => x.name === first.name) : undefined;
  if (fm && (fm.agg === 'count' || fm.agg === 'uniq') && out.superlative && out.dimensions.length === 0 && !out.grain && out.measures.length === 1
    && superlativeWord && ['highest', 'biggest', 'largest', 'greatest', 'lowest', 'smallest'].includes(superlativeWord)) out.unsupported ??= `${superlativeWord} ${fm.name.replace(/_/g, ' ')}`;
  // "the highest order value", "highest price", "lowest and highest price": a superlative over a plain column (its
  // aggregate not asked) with nothing to rank is its max / min, or both.
  const only = out.measures[0];
  if (out.measures.length === 1 && only.kind === 'column' && (only.agg === 'sum' || !explicitAgg.has(`${only.table}.${only.column}`)) && out.superlative && out.dimensions.length === 0 && !out.grain
    && !out.autoGrain && out.limit === undefined && superlativeWord && ['highest', 'biggest', 'largest', 'greatest', 'lowest', 'smallest'].includes(superlativeWord)) {
    out.measures = (ends ?? [out.superlative]).map((d) => ({ ...only, agg: d === 'desc' ? 'max' as const : 'min' as const }));
    delete out.superlative; delete out.order;
  }
  // "the largest duration_ms for each event type", "biggest quantity per category": the superlative right before a plain
  // column, with a per-group word, is the column's max / min in each group, not the groups ranked by its total.
  const supAt = superlativeWord ? items.findIndex((x) => x.k === 'sig' && x.w === superlativeWord) : -1;
  const named = supAt >= 0 ? items[supAt + 1] : undefined;
  const ofColumn = only?.kind === 'column' && named?.k === 'term' && named.meanings.some((m) => m.t === 'column' && m.table === only.table && m.column === only.column);
  if (ofColumn && out.measures.length === 1 && only.kind === 'column' && (only.agg === 'sum' || !explicitAgg.has(`${only.table}.${only.column}`)) && out.superlative
    && out.dimensions.length > 0 && out.limit === undefined && ['highest', 'biggest', 'largest', 'greatest', 'lowest', 'smallest'].includes(superlativeWord!)
    && items.some((x) => x.k === 'sig' && (x.w === 'each' || x.w === 'per' || x.w === 'every')) && !items.some((x, k) => x.k === 'sig' && x.w === 'which' && ((n) => n?.k === 'term' && n.meanings.some((m) => m.t === 'dimension' || m.t === 'entity'))(items[k + 1]))) {
    out.measures = [{ ...only, agg: out.superlative === 'desc' ? 'max' : 'min' }];
    delete out.superlative; delete out.order; delete out.singular;
  }
  // "orders yesterday vs mobile": a comparison needs two values, two measures or a breakdown.
  // "vs desktop" alone, after an answer on mobile: the value is compared with the kept one (refine reads it so).
  if (vs && !(out.compareValues && out.measures.length === 0) && out.measures.length < 2 && out.dimensions.length === 0 && ![...valueDims.values()].some((n) => n >= 2)) out.unsupported ??= 'a comparison between things of different kinds';
}

/**
 * "completed vs refunded orders", "refunded and cancelled orders by channel": a value of a dimension named
 * with figures that are counts of that dimension's other values (refunds count refunded orders) compares the values:
 * the figures become the table's count of rows, their values join the filter, and the values are broken down as in
 * "mobile vs desktop revenue".
 */
function valuesNamedByMeasures(st: ParseState, valueDims: Map<string, number>): void {
  const { model, out } = st;
  const f = out.filters.find((x) => x.kind === 'dimension' && !x.negate);
  if (f?.kind !== 'dimension' || out.filters.length !== 1 || out.measures.length === 0) return;
  const dim = model.dimensions.find((d) => d.name === f.dimension);
  const values: string[] = [];
  let table: string | undefined, column: string | undefined;
  for (const m of out.measures) {
    const def = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    const entries = Object.entries(def?.filter ?? {});
    // Only figures counting a value other than their table's default rows ("orders" counts completed ones by default).
    const own = model.tables.find((t) => t.name === def?.table)?.defaultFilter;
    if (!def || def.agg !== 'count' || entries.length !== 1 || (table && def.table !== table) || JSON.stringify(def.filter) === JSON.stringify(own ?? {})) return;
    const [col, value] = entries[0];
    if (typeof value !== 'string' || !dim?.columns?.includes(`${def.table}.${col}`)) return;
    table = def.table; column = col; values.push(value);
  }
  const base = model.measures.find((x) => x.table === table && x.agg === 'count'
    && (!x.filter || (Object.keys(x.filter).length === 1 && x.filter[column!] !== undefined && x.overridableBy?.includes(column!))));
  if (!base) return;
  f.values = [...new Set([...f.values, ...values])];
  out.measures = [{ kind: 'measure', name: base.name }];
  valueDims.set(f.dimension, f.values.length);
}

/**
 * "the 5 cheapest products": rank by the column the superlative names (its average per group), first.
 * With nothing to group it is the column's max / min; other measures cannot be ranked by it.
 */
function applyRank(rank: Extract<Item, { k: 'rank' }>, out: ParsedQuestion, explicitAgg: Set<string>): void {
  const onRank = (m: MeasureSpec): boolean => m.kind === 'column' && m.table === rank.table && m.column === rank.column;
  const others = out.measures.filter((m) => !onRank(m));
  if (others.length) { out.unsupported ??= `${rank.text} (it ranks by ${rank.column.replace(/_/g, ' ')}, not by the figure asked for)`; return; }
  if (!out.measures.length) out.measures.push({ kind: 'column', agg: 'avg', table: rank.table, column: rank.column });
  if (out.dimensions.length === 0 && !out.grain && !out.autoGrain) {
    const m = out.measures[0];
    if (m.kind === 'column' && !explicitAgg.has(`${m.table}.${m.column}`)) out.measures[0] = { ...m, agg: rank.dir === 'desc' ? 'max' : 'min' };
    delete out.superlative; delete out.order; delete out.limit;
  }
}
