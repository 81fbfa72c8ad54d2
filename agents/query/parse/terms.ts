/**
 * Stage 7, terms: walk the items left to right, reading measures, filters (values), groupings (dimensions),
 * aggregates of columns and entity nouns; the grouping stage then settles which dimensions group.
 */
import type { ColumnAgg, FilterSpec, MeasureSpec } from '../semantic-query.ts';
import type { ModelMeasure } from '../semantic-model.ts';
import { stem, type Meaning } from '../vocabulary.ts';
import { aggOfWord, ASC_WORDS, BY_WORDS, CHANGE_WORDS, COMPARE_WORDS, DESC_WORDS, FREQUENCY_WORDS, GRAIN_TOKENS, NEG_WORDS, SHARE_WORDS } from '../words.ts';
import { groupingStage } from './grouping.ts';
import { itemEnd, type Item, type ParseState } from './state.ts';
import { dimensionOfColumn } from '../compile-rows.ts';

export function termStage(st: ParseState): void {
  const { model, items, out, tokens, vocab } = st;
  let agg: ColumnAgg | undefined;
  let aggWord: string | undefined;
  let vs = false, per = false;
  let aggOnMeasure: string | undefined;
  let aggMeasure: { agg: ColumnAgg; name: string; text: string } | undefined;
  let including = false;
  let count = false, distinct = false, by = false, neg = false, which = false, compare = false, orWord = false, all = false;
  let superlativeWord: string | undefined;
  const valueDims = new Map<string, number>();
  const groupTerms: Array<{ text: string; dimension: string; values: string[]; neg: boolean }> = [];
  /** Dimensions a single value of was named ("mondays"): with groups of the same dimension, not a breakdown by group. */
  const singleValueDims = new Set<string>();
  // "orders by country sorted by revenue": the figure after "sorted by" ranks the rows, so it goes first.
  let sortedBy = false;
  // The item being read: a figure added after another one is "listed" when joined to it by "and", "vs", a comma (gone by
  // now: the figure before it right before it) or a lead word ("and the number of"); otherwise it was read from a
  // word that says something else ("orders joined to users"), which only one table's figures may come from.
  let cur = -1;
  const listedAt = (idx: number): boolean => {
    const it = items[idx];
    if (!it) return false;
    let j = it.i - 1;
    while (['of', 'the', 'count', 'number', 'total', 'amount', 'sum', '#', 'a', 'an', 'avg', 'average', 'distinct', 'unique', 'how', 'many', 'much'].includes(tokens[j] ?? '')) j--;
    if (['and', 'plus', 'vs', 'versus', 'also', '&'].includes(tokens[j] ?? '') || (tokens[j] === 'as' && tokens[j - 1] === 'well' && tokens[j - 2] === 'as')) return true;
    const before = items.find((x) => x.k === 'term' && itemEnd(x) === j + 1);
    return before?.k === 'term' && before.meanings.some((m) => m.t === 'measure' || m.t === 'value' || m.t === 'column');
  };
  const addMeasure = (m: MeasureSpec): void => {
    const at = out.measures.findIndex((x) => JSON.stringify(x) === JSON.stringify(m));
    // "how many distinct products were ordered, any status?": a name of a whole table's count that names no row of it
    // ("any status", "all statuses"), after another figure and not listed with it, includes every status in that figure.
    const it = items[cur];
    const md = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    const t = md?.table ? model.tables.find((x) => x.name === md.table) : undefined;
    if (at < 0 && out.measures.length > 0 && md && t && md.agg === 'count' && !md.filter && !listedAt(cur) && it?.k === 'term'
      && !it.text.split(/\s+/).some((w) => [t.name, ...(t.entity ?? [])].some((e) => stem(w) === stem(e)))) {
      const cols = Object.keys(t.defaultFilter ?? {}).filter((c) => (t.overridableBy ?? []).includes(c));
      const dims = cols.map((c) => dimensionOfColumn(model, t.name, c)).filter((d): d is NonNullable<typeof d> => !!d);
      if (dims.length) { for (const d of dims) for (const v of d.values ?? []) out.including.push({ dimension: d.name, value: v }); return; }
    }
    if (at < 0 && out.measures.length > 0 && m.kind === 'measure' && !listedAt(cur)) (out.unlisted ??= []).push(m.name);
    if (sortedBy) { if (at >= 0) out.measures.splice(at, 1); out.measures.unshift(m); sortedBy = false; return; }
    if (at < 0) out.measures.push(m);
  };
  const addFilter = (dimension: string, value: string, negate: boolean): void => {
    const f = out.filters.find((x): x is Extract<FilterSpec, { kind: 'dimension' }> => x.kind === 'dimension' && x.dimension === dimension && !!x.negate === negate);
    if (f) { if (!f.values.includes(value)) f.values.push(value); } else out.filters.push({ kind: 'dimension', dimension, values: [value], ...(negate ? { negate: true } : {}) });
    valueDims.set(dimension, (valueDims.get(dimension) ?? 0) + 1);
  };
  // "… and mobile orders", "… and the count of completed orders": a word at `i` joined to what came before by "and".
  const coordinated = (i: number): boolean => {
    let j = i - 1;
    while (['of', 'the', 'count', 'number', 'total', 'amount', 'sum', '#'].includes(tokens[j] ?? '')) j--;
    return ['and', 'plus', 'vs', 'versus', 'also'].includes(tokens[j] ?? '');
  };
  // "enterprise vs free users", "mobile and tablet orders": a value joined to another value of its dimension lists the
  // values the rows are of, no figure of its own.
  const valueListed = (i: number, dimension: string): boolean => {
    const before = items.find((x) => x.k === 'term' && itemEnd(x) === i - 1);
    return before?.k === 'term' && before.meanings.some((m) => m.t === 'value' && m.dimension === dimension);
  };
  // The value a figure's own condition takes from the question's filters (said once, it filters nothing else).
  const dropFilterValue = (dimension: string, value: string): boolean => {
    const at = out.filters.findIndex((x) => x.kind === 'dimension' && x.dimension === dimension && !x.negate && x.values.includes(value));
    const f = out.filters[at];
    if (!f || f.kind !== 'dimension') return false;
    if (f.values.length > 1) f.values = f.values.filter((v) => v !== value); else out.filters.splice(at, 1);
    valueDims.set(dimension, Math.max(0, (valueDims.get(dimension) ?? 1) - 1));
    return true;
  };
  const mdTable0 = (name?: string) => (name ? model.tables.find((t) => t.name === name) : undefined);
  const tableOfFigure = (m: MeasureSpec): string | undefined => {
    if (m.kind === 'column') return m.table;
    let d = model.measures.find((x) => x.name === m.name);
    for (let n = 0; d?.agg === 'ratio' && n < 5; n++) d = model.measures.find((x) => x.name === d!.numerator);
    return d?.table;
  };
  const dimItems: Array<{ name: string; idx: number; by: boolean; which: boolean; plural: boolean }> = [];
  const countMeasureOf = (table: string): MeasureSpec | undefined => {
    const m = model.measures.find((x) => x.table === table && x.agg === 'count' && !x.filter)
      ?? model.measures.find((x) => x.table === table && x.agg === 'count');
    return m ? { kind: 'measure', name: m.name } : undefined;
  };
  const moreAggs: ColumnAgg[] = [];
  let ends: Array<'asc' | 'desc'> | undefined;
  // A column named in several tables ("user_ids" of orders, events, users): the one of the table the question names.
  const named = new Set(items.flatMap((x) => (x.k === 'term' ? x.meanings.filter((m) => m.t === 'entity').map((m) => (m as { table: string }).table) : [])));
  const columnOf = (ms: Meaning[]): Extract<Meaning, { t: 'column' }> | undefined => {
    const cols = ms.filter((m): m is Extract<Meaning, { t: 'column' }> => m.t === 'column');
    return cols.find((c) => c.table === out.sourceTable) ?? cols.find((c) => named.has(c.table)) ?? cols[0];
  };
  let rank: Extract<Item, { k: 'rank' }> | undefined;
  const explicitAgg = new Set<string>(), rowNouns = new Set<number>();
  let byNumber: string | undefined;
  const valueNames: Array<{ text: string; dimension: string }> = [];
  // "revenue and mobile orders", "signups vs German signups": a value right before a later figure joined by "and"
  // is that figure's own condition, not the whole question's (nor a qualifier of the figure before); true when read so.
  const withOwnValue = (md: ModelMeasure, idx: number): boolean => {
    const prevItem = items[idx - 1];
    const prevValue = prevItem?.k === 'term' ? prevItem.meanings[0] : undefined;
    if (prevValue?.t !== 'value' || prevValue.values || prevItem!.k !== 'term' || out.measures.length === 0 || neg
      || !coordinated(prevItem!.i) || valueListed(prevItem!.i, prevValue.dimension) || !dropFilterValue(prevValue.dimension, prevValue.value)) return false;
    // "signups and completed orders": a value the figure counts anyway ("orders" are the completed ones) adds nothing.
    const column = model.dimensions.find((d) => d.name === prevValue.dimension)?.columns?.find((c) => c.startsWith(`${md.table}.`))?.slice(`${md.table}.`.length);
    const restated = !!column && String(md.filter?.[column]) === prevValue.value;
    addMeasure(restated ? { kind: 'measure', name: md.name } : { kind: 'measure', name: md.name, own: [{ dimension: prevValue.dimension, values: [prevValue.value] }] });
    return true;
  };
  for (let idx = 0; idx < items.length; idx++) {
    cur = idx;
    const it = items[idx];
    if (it.k === 'rank') {
      rank = it; out.superlative = it.dir; out.order = it.dir; superlativeWord = it.text;
      if (/\b(?:best|worst)\b/.test(it.text)) out.judged = true;
      // "the longest sessions": a superlative of one column cannot rank another measure.
      const next = items[idx + 1];
      const nm = next?.k === 'term' && next.i === it.i + 1 && !next.meanings.some((m) => m.t === 'dimension' || m.t === 'column') ? next.meanings.find((m) => m.t === 'measure') : undefined;
      if (nm && nm.t === 'measure' && next?.k === 'term') out.unsupported ??= `${it.text} ${next.text}`;
      continue;
    }
    if (it.k === 'sig') {
      const w = it.w;
      if (w === 'count') count = true;
      else if (w === 'which') which = true;
      else if (w === 'distinct' || w === 'unique' || w === 'different') distinct = true;
      else if (w === 'all' || w === 'any' || w === 'every') { all = true; if (w === 'every') by = true; }
      else if (BY_WORDS.has(w)) { by = true; per = w === 'per' || w === 'each'; }
      else if (w === 'ranked_by') { by = false; sortedBy = out.measures.length > 0; if (!out.order) out.order = 'desc'; }
      else if (NEG_WORDS.has(w)) neg = true;
      else if (/^(including|include|includes|incl)$/.test(w)) including = true;
      else if (w === 'other' || w === 'than') { if (w === 'than') neg = true; }
      else if (COMPARE_WORDS.has(w)) { compare = true; if (['vs', 'versus', 'against'].includes(w)) vs = true; }
      else if (w === 'or') orWord = true;
      else if (aggOfWord(w) || w === 'max' || w === 'min') {
        // "min and max price": both aggregates of the column that follows.
        // "min, max and average revenue": commas are gone by now, so an aggregate right after another is listed too.
        const prevW = items[idx - 1]?.k === 'sig' ? (items[idx - 1] as { w: string }).w : undefined;
        const joined = (!!prevW && ['and', 'or'].includes(prevW) && items[idx - 2]?.k === 'sig') || (!!prevW && (!!aggOfWord(prevW) || prevW === 'max' || prevW === 'min'));
        if (agg && joined) moreAggs.push(agg); else moreAggs.length = 0;
        agg = (w === 'max' || w === 'min' ? w : aggOfWord(w)) as ColumnAgg; aggWord = w;
        if (w === 'max' || w === 'min') superlativeWord = w;
      }
      else if (DESC_WORDS.has(w) || ASC_WORDS.has(w)) {
        if (FREQUENCY_WORDS.has(w)) out.frequency = true;
        // "lowest and highest price": both ends, in the order asked.
        const dir = DESC_WORDS.has(w) ? 'desc' as const : 'asc' as const;
        const prevW = items[idx - 2]?.k === 'sig' ? (items[idx - 2] as { w: string }).w : '';
        const joined = items[idx - 1]?.k === 'sig' && ['and', 'or'].includes((items[idx - 1] as { w: string }).w) && (DESC_WORDS.has(prevW) || ASC_WORDS.has(prevW));
        ends = joined && out.superlative && out.superlative !== dir ? [out.superlative, dir] : undefined;
        out.superlative = dir; superlativeWord = w;
        if (w === 'best' || w === 'worst') out.judged = true;
      }
      // "percentage share": a share said in percent (a word of percent is never undone by "share" beside it).
      else if (SHARE_WORDS.has(w)) out.share = w === 'percentage' || w === 'percent' || w === 'pct' || out.share === 'percent' ? 'percent' : 'fraction';
      else if (GRAIN_TOKENS[w]) {
        if (!out.grain) { out.grain = GRAIN_TOKENS[w]; if (which || out.superlative) out.singular = !/s$/.test(w); }
      }
      continue;
    }
    // "page_view, add_to_cart, checkout, purchase", "add to carts vs purchases": in a list or comparison of values of one
    // dimension, a word that is also a value of it is that value ("purchase" is also the orders noun).
    const prevSig = items[idx - 1]?.k === 'sig' && ['and', 'or', 'vs', 'versus', 'against'].includes((items[idx - 1] as { w: string }).w);
    const listPrev = prevSig ? items[idx - 2] : items[idx - 1];
    const listDim = listPrev?.k === 'term' && listPrev.meanings[0].t === 'value' && itemEnd(listPrev) + (prevSig ? 1 : 0) === it.i ? listPrev.meanings[0].dimension : undefined;
    // "purchase vs checkout events": the first of the list too, when the word after the joining word is a value of it.
    const nextSig = items[idx + 1]?.k === 'sig' && ['and', 'or', 'vs', 'versus', 'against'].includes((items[idx + 1] as { w: string }).w);
    const listNext = nextSig ? items[idx + 2] : undefined;
    const nextDim = listNext?.k === 'term' && listNext.meanings[0].t === 'value' ? listNext.meanings[0].dimension : undefined;
    const listValue = listDim ? it.meanings.find((m) => m.t === 'value' && m.dimension === listDim)
      : nextDim ? it.meanings.find((m) => m.t === 'value' && m.dimension === nextDim) : undefined;
    // "sessions with a purchase", "users with an add to cart": after "with a" a word that is also a value of a column of
    // the first figure's table is that value (a condition on its rows), not a second figure of another table.
    const withA = out.measures.length > 0 && ['with', 'had', 'has', 'have', 'having', 'containing', 'contained', 'got', 'get', 'gets', 'received', 'receive', 'receives']
      .includes((['a', 'an', 'any', 'one', 'at least one'].includes(tokens[it.i - 1] ?? '') ? tokens[it.i - 2] : tokens[it.i - 1]) ?? '');
    const firstTable = withA ? tableOfFigure(out.measures[0]) : undefined;
    const onFirst = firstTable ? it.meanings.find((m) => m.t === 'value' && (model.dimensions.find((d) => d.name === m.dimension)?.columns ?? []).some((c) => c.startsWith(`${firstTable}.`))) : undefined;
    const ms = onFirst ? [onFirst] : listValue && it.meanings[0] !== listValue ? [listValue] : it.meanings;
    const has = <T extends Meaning['t']>(t: T): Extract<Meaning, { t: T }> | undefined => ms.find((m) => m.t === t) as Extract<Meaning, { t: T }> | undefined;
    const measure = has('measure'), dimension = has('dimension'), value = has('value'), column = columnOf(ms), entity = has('entity');
    // "revenue with refunds", "orders with cancelled and refunded": right after "with", values of a column a figure over
    // its table's default rows is filtered on by default (or a figure counting one such value) are included beside them,
    // as "including" reads them; after a count of entities ("customers with refunds") they still say whose rows.
    if (!including && tokens[it.i - 1] === 'with' && out.measures.length > 0) {
      const md = measure ? model.measures.find((x) => x.name === measure.name) : undefined;
      const fc = md ? Object.entries(md.filter ?? {}) : [];
      const dimName = value && !value.values && ms[0].t === 'value' ? value.dimension
        : md && fc.length === 1 && typeof fc[0][1] === 'string' ? dimensionOfColumn(model, md.table, fc[0][0])?.name : undefined;
      const reading = dimName ? widensWith(model, out.measures[out.measures.length - 1], dimName) : 'filter';
      if (reading === 'widen') including = true;
      // "revenue per customer with refunds": rows added to the revenue, or only the customers who have one? Not guessed.
      else if (reading === 'ambiguous') out.unsupported ??= `${items[idx - 1]?.k === 'term' ? `${(items[idx - 1] as { text: string }).text} ` : ''}with ${it.text} (including those rows, or only the ones that have one?)`;
    }
    // A key or time column named by its schema name ("user_ids", "order_time"): only counted distinct / its first and last.
    const colType = column && !measure && !dimension && !value ? model.tables.find((t) => t.name === column.table)?.columns.find((c) => c.name === column.column)?.type : undefined;
    if (column && (colType === 'id' || colType === 'time')) {
      const aggs = colType === 'id' ? (count || distinct || agg === 'uniq' ? ['uniq' as const] : []) : [...moreAggs, agg].filter((a): a is 'min' | 'max' => a === 'min' || a === 'max');
      if (!aggs.length || (colType === 'time' && moreAggs.some((a) => a !== 'min' && a !== 'max'))) { out.unsupported ??= `${aggWord ?? (count ? 'count of' : '')} ${it.text}`.trim(); continue; }
      for (const a of aggs) { addMeasure({ kind: 'column', agg: a, table: column.table, column: column.column }); explicitAgg.add(`${column.table}.${column.column}`); }
      count = false; distinct = false; agg = undefined; aggWord = undefined; moreAggs.length = 0;
      if (superlativeWord === 'max' || superlativeWord === 'min') superlativeWord = undefined;
      continue;
    }
    // "a paid plan (starter, growth or enterprise)": a value of one dimension right before the noun of another names some
    // values of that other one, not a filter on its own: the values listed say which, and with none it is not understood.
    const nounAfter = items[idx + 1];
    const named = value && !value.values && ms[0].t === 'value' && nounAfter?.k === 'term' && nounAfter.i === itemEnd(it) && nounAfter.meanings[0].t === 'dimension'
      && nounAfter.meanings[0].name !== value.dimension && model.dimensions.find((d) => d.name === (nounAfter.meanings[0] as { name: string }).name)?.values?.length ? nounAfter : undefined;
    // The noun is read with the value: it is no breakdown or count of its own ("how many of them are on a paid plan").
    if (named) { valueNames.push({ text: `${it.text} ${named.text}`, dimension: (named.meanings[0] as { name: string }).name }); idx++; continue; }
    // "on weekdays" filters, "by weekday" groups: a word for several values is a filter unless it follows by / per.
    const groupValue = !!value?.values && !!dimension && !by && !measure;
    if (value && (groupValue || !(count && (measure || dimension)) && (ms[0].t === 'value' || (!measure && !dimension)))) {
      // "revenue growth": a change word right after a measure asks for a change, not for a value.
      const before = items[idx - 1];
      if (CHANGE_WORDS.has(it.text) && before?.k === 'term' && itemEnd(before) === it.i && before.meanings[0].t === 'measure'
        && !(items[idx + 1]?.k === 'term' && (items[idx + 1] as { meanings: Meaning[] }).meanings.some((m) => m.t === 'dimension' || m.t === 'entity'))) {
        if (out.periodComparison || out.period || out.grain) out.change ??= { percent: false };
        else out.unsupported ??= `${before.text} ${it.text} (a change between periods)`;
        continue;
      }
      // "including refunded orders": added to the values the figure counts by default.
      // A value of another column ("including refunded on mobile") is a filter as usual.
      if (including && !neg && filteredByDefault(model, value.dimension)) { out.including.push({ dimension: value.dimension, value: value.value }); continue; }
      for (const v of value.values ?? [value.value]) addFilter(value.dimension, v, neg);
      if (value.values) valueDims.set(value.dimension, (valueDims.get(value.dimension) ?? 0) - value.values.length + 1);
      if (value.values) { groupTerms.push({ text: it.text, dimension: value.dimension, values: value.values, neg }); if (!neg || !orWord) neg = false; continue; }
      singleValueDims.add(value.dimension);
      if ((count || it.plural) && !neg) (out.valueNouns ??= []).push({ dimension: value.dimension, value: value.value });
      const words = it.text.split(' ');
      if (words.length > 1) {
        const tail = (vocab.phrases.get(stem(words[words.length - 1])) ?? []).find((x) => x.t === 'entity');
        if (tail && tail.t === 'entity') out.entities.push(tail.table);
      }
      if (!neg || !orWord) neg = neg && items[idx + 1]?.k === 'sig' && ['and', 'or'].includes((items[idx + 1] as { w: string }).w);
      continue;
    }
    if (agg && agg !== 'sum' && column) {
      for (const a of moreAggs) addMeasure({ kind: 'column', agg: a, table: column.table, column: column.column });
      moreAggs.length = 0;
      addMeasure({ kind: 'column', agg, table: column.table, column: column.column });
      explicitAgg.add(`${column.table}.${column.column}`);
      if (measure) { aggOnMeasure = `${aggWord} ${it.text}`; aggMeasure = { agg, name: measure.name, text: aggOnMeasure }; }
      agg = undefined; aggWord = undefined; superlativeWord = superlativeWord === 'max' || superlativeWord === 'min' ? undefined : superlativeWord;
      continue;
    }
    // "number of channels": a count of the dimension's values; "number of purchase events by channel": the rows the
    // value names, grouped.
    // "count by channel": the dimension after by is the breakdown, not what is counted ("number of channels").
    if ((count || distinct) && dimension && !(by && out.valueNouns?.length) && !(by && count && !distinct) && !(measure && !distinct && ms[0].t === 'measure')) {
      const d = model.dimensions.find((x) => x.name === dimension.name)!;
      const ref = d.columns?.[0];
      if (ref) {
        const [table, col] = ref.split('.');
        if (d.countMeasure && count && !distinct) addMeasure({ kind: 'measure', name: d.countMeasure }); else addMeasure({ kind: 'column', agg: 'uniq', table, column: col });
        count = false; distinct = false;
        continue;
      }
    }
    if (measure && !(dimension && !count)) {
      const md = model.measures.find((x) => x.name === measure.name)!;
      // "revenue from refunded orders": a status-filtered count after a preposition qualifies the measure before it.
      const filterCols = Object.entries(md.filter ?? {});
      const filterDim = filterCols.length === 1 && typeof filterCols[0][1] === 'string'
        ? dimensionOfColumn(model, md.table, filterCols[0][0]) : undefined;
      // "exclude cancelled orders", "refund rate without cancellations": a figure counting one value of a column, right
      // after a negation, names that value as excluded (status != cancelled); the figure asked stays.
      const negBefore = items[idx - 1]?.k === 'sig' && NEG_WORDS.has((items[idx - 1] as { w: string }).w);
      if (negBefore && filterDim && JSON.stringify(md.filter) !== JSON.stringify(model.tables.find((t) => t.name === md.table)?.defaultFilter ?? {})) {
        addFilter(filterDim.name, filterCols[0][1] as string, true); neg = false;
        // With no other figure, "not cancelled orders by category" counts those rows.
        if (it.plural) (out.valueNouns ??= []).push({ dimension: filterDim.name, value: filterCols[0][1] as string });
        continue;
      }
      if (including && filterDim && out.measures.length > 0) { out.including.push({ dimension: filterDim.name, value: filterCols[0][1] as string }); including = false; continue; }
      // "completed and refunded orders": a figure counting one value, after another value of the same dimension, names one more value.
      const prevSig = items[idx - 1], prevVal = items[idx - 2];
      if (filterDim && out.measures.length > 0 && prevSig?.k === 'sig' && ['and', 'or'].includes(prevSig.w) && prevVal?.k === 'term'
        && prevVal.meanings[0].t === 'value' && prevVal.meanings[0].dimension === filterDim.name) {
        if (out.including.some((x) => x.dimension === filterDim.name)) out.including.push({ dimension: filterDim.name, value: filterCols[0][1] as string });
        else { addFilter(filterDim.name, filterCols[0][1] as string, neg); valueDims.set(filterDim.name, 1); }
        continue;
      }
      // "orders (any status)", "orders, all statuses": right after a count of its table's default rows, the same count
      // over every row replaces it.
      const lastM = out.measures[out.measures.length - 1], lastItem = items[idx - 1];
      const ld = lastM?.kind === 'measure' ? model.measures.find((x) => x.name === lastM.name) : undefined;
      const ownDefault = ld && JSON.stringify(ld.filter ?? {}) === JSON.stringify(model.tables.find((t) => t.name === ld.table)?.defaultFilter ?? {});
      if (ld && ownDefault && ld.filter && !md.filter && md.table === ld.table && md.agg === ld.agg && md.column === ld.column
        && lastItem?.k === 'term' && lastItem.meanings.some((m) => m.t === 'measure' && m.name === ld.name)) { out.measures[out.measures.length - 1] = { kind: 'measure', name: md.name }; continue; }
      // "total order value across all orders", "units sold, all statuses": the count of every row of a table right after a
      // figure counting its default rows (not joined by "and") names the rows the figure is over: every value of the
      // columns the table filters by default is included.
      const mdT = mdTable0(md.table), defaults = mdT?.defaultFilter;
      const lastOver = ld && ownDefault && ld.filter ? { table: ld.table, overridable: ld.overridableBy ?? [] }
        : lastM?.kind === 'column' ? { table: lastM.table, overridable: mdTable0(lastM.table)?.overridableBy ?? [] } : undefined;
      if (lastOver && !md.filter && md.agg === 'count' && md.table === lastOver.table && defaults
        && !['and', 'or', 'plus', 'vs', 'versus', 'with'].includes(tokens[it.i - 1] ?? '')) {
        const cols = Object.keys(defaults).filter((col) => lastOver.overridable.includes(col));
        const dims = cols.map((col) => dimensionOfColumn(model, md.table, col));
        if (cols.length && dims.every((d) => d?.values?.length)) {
          // "of all refunded orders": the values said name the rows; "all" widens nothing past them.
          // "(all statuses)" names the column itself: every value, as said.
          const saysColumn = it.k === 'term' && it.text.split(/\s+/).some((w) => dims.some((d) => [d!.name, d!.label ?? ''].some((n) => n && (w === n || w.replace(/e?s$/, '') === n || stem(w) === stem(n)))));
          const named = !saysColumn && dims.some((d) => out.filters.some((f) => f.kind === 'dimension' && f.dimension === d!.name && !f.negate));
          if (!named) for (const d of dims) for (const v of d!.values!) out.including.push({ dimension: d!.name, value: v });
          continue;
        }
      }
      // "sessions with a page view": the article between the preposition and the figure changes nothing.
      // "revenue and number of customers", "orders and the sum of revenue": the "of" of "number of" / "sum of" names a
      // figure of its own, not the rows of the one before.
      // "revenue of the refunded orders", "… from all the cancelled orders": an article between changes nothing either.
      const lead = ['the', 'those', 'these', 'all'].includes(tokens[it.i - 1] ?? '') ? (tokens[it.i - 2] === 'all' ? tokens[it.i - 3] : tokens[it.i - 2]) : tokens[it.i - 1];
      const qualifies = out.measures.length > 0 && !((count || agg || aggWord) && lead === 'of') && (['from', 'of', 'for', 'on', 'with', 'among', 'in'].includes(lead ?? '') || withA);
      // "refund rate for orders over $300": the table's own rows (its default filter) only name what the figure is over.
      const mdTable = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
      // "page view duration", "order quantity": a singular row count right before a column of its table names the rows the column is read over.
      const nx = items[idx + 1], nc = nx?.k === 'term' && nx.i === itemEnd(it) && !it.plural ? nx.meanings.find((m) => m.t === 'column') : undefined;
      if (nc?.t === 'column' && md.agg === 'count' && nc.table === md.table && filterCols.length <= 1) {
        const [col, v] = filterCols[0] ?? [], dim = dimensionOfColumn(model, md.table, col);
        if (dim && typeof v === 'string' && JSON.stringify(md.filter) !== JSON.stringify(mdTable?.defaultFilter)) addFilter(dim.name, v, neg);
        rowNouns.add(idx + 1); continue; }
      // "distinct user_ids in events": after columns of its own table, the table's noun says where they are read.
      const ownRows = out.measures.length > 0 && out.measures.every((m) => m.kind === 'column' && m.table === md.table) && !md.filter;
      if (qualifies && (filterCols.length === 1 || ownRows) && JSON.stringify(md.filter ?? {}) === JSON.stringify(mdTable?.defaultFilter ?? {})
        && (mdTable?.entity ?? []).concat(mdTable?.name ?? '').some((e) => stem(e) === stem(it.text))) continue;
      if (qualifies && filterCols.length === 1) {
        const [col, v] = filterCols[0];
        const dim = dimensionOfColumn(model, md.table, col);
        if (dim && typeof v === 'string') { addFilter(dim.name, v, neg); neg = false; continue; }
      }
      if (agg && agg !== 'sum') {
        const table = md.table ? model.tables.find((t) => t.name === md.table) : undefined;
        const sameFilter = JSON.stringify(md.filter ?? {}) === JSON.stringify(table?.defaultFilter ?? {});
        if (md.agg === 'sum' && md.column && table && sameFilter) {
          addMeasure({ kind: 'column', agg, table: table.name, column: md.column });
          aggOnMeasure = `${aggWord} ${it.text}`;
          aggMeasure = { agg, name: md.name, text: aggOnMeasure };
          agg = undefined; aggWord = undefined; count = false; distinct = false;
          continue;
        }
        // "average daily signups", "average orders per customer": settled by the grouping stage (a roll-up or a refusal).
        if (!(md.agg === 'ratio' && agg === 'avg')) aggMeasure = { agg, name: md.name, text: `${aggWord} ${it.text}` };
      }
      // "average quantity per order": the rows of the column's own table are its unit.
      const prevM = out.measures[out.measures.length - 1];
      if (per && by && prevM?.kind === 'column' && prevM.table === md.table && md.agg === 'count' && !it.plural) { by = false; per = false; continue; }
      // "orders per customer": a ratio of two measures the model does not define.
      // "orders per customer": a figure per entity counted on the same table is the figure rolled up per entity key.
      const prevDef = prevM?.kind === 'measure' ? model.measures.find((x) => x.name === prevM.name) : undefined;
      if (per && by && out.measures.length > 0 && md.agg === 'uniq' && md.column && prevDef && prevDef.agg !== 'ratio' && prevDef.table === md.table && prevDef.name !== md.name) {
        out.perEntity = md.name; by = false; per = false; continue;
      }
      // "sessions per user", "page views per user": the entity is another table's, reached from the figure's table by a
      // join key; the figure's table's own distinct count of that key (active users of the events) is the entity counted.
      if (per && by && prevDef && prevDef.agg !== 'ratio' && prevDef.table && md.table && prevDef.table !== md.table) {
        const join = (model.joins ?? []).find((j) => j.from === prevDef.table && j.to === md.table && Object.keys(j.on).length === 1);
        const key = join ? Object.keys(join.on)[0] : undefined;
        const keyMeasure = key ? model.measures.find((x) => x.table === prevDef.table && x.agg === 'uniq' && x.column === key && !x.filter && !x.grain && !x.hidden) : undefined;
        if (keyMeasure && keyMeasure.name !== prevDef.name) { out.perEntity = keyMeasure.name; by = false; per = false; continue; }
      }
      if (per && by && out.measures.length > 0) out.unsupported ??= `${out.measures.length === 1 && out.measures[0].kind === 'measure' ? out.measures[0].name.replace(/_/g, ' ') : 'a figure'} per ${it.text}`;
      const prevItem = items[idx - 1];
      if (withOwnValue(md, idx)) { count = false; distinct = false; agg = undefined; aggWord = undefined; continue; }
      if (prevItem?.k === 'term' && prevItem.meanings[0].t === 'value') {
        out.qualifiers.push(measure.name);
        // "revenue from US users": a value and a figure after a preposition say whose rows the first figure is over.
        if (out.measures.length > 0 && ['from', 'of', 'among', 'by', 'for'].includes(tokens[prevItem.i - 1] ?? '')) (out.rowsFrom ??= []).push(measure.name);
      }
      // "revenue for users on the enterprise plan": an entity noun after the figure, followed by a value, says whose rows.
      const nextItem = items[idx + 1];
      if (entity && out.measures.length > 0 && nextItem?.k === 'term' && nextItem.meanings[0].t === 'value') {
        out.qualifiers.push(measure.name);
        // "US revenue from users on the starter plan": after a preposition it names the rows the first figure is over,
        // even when that figure follows a value of its own.
        if (['from', 'of', 'among', 'for'].includes(tokens[it.i - 1] ?? '')) (out.rowsFrom ??= []).push(measure.name);
      }
      const alsoValue = it.meanings.find((m) => m.t === 'value');
      if (alsoValue?.t === 'value' && !alsoValue.values) (out.measureValues ??= {})[measure.name] = { dimension: alsoValue.dimension, value: alsoValue.value };
      addMeasure({ kind: 'measure', name: measure.name });
      count = false; distinct = false; agg = undefined; aggWord = undefined;
      continue;
    }
    if (dimension) {
      if (all && !by) {
        out.clearDimensionFilters.push(dimension.name);
        // "all devices together": every value, pooled into one figure (no split by it).
        if (/\b(?:together|combined|altogether|pooled|summed)\b/.test(st.s)) (out.pooledDims ??= []).push(dimension.name);
        all = false; continue;
      }
      dimItems.push({ name: dimension.name, idx, by, which, plural: it.plural });
      by = false; which = false;
      continue;
    }
    if (column) {
      const name = column.column;
      // "session duration": a measure directly followed by a column is a compound the model does not define.
      const before = items[idx - 1];
      if (!agg && before?.k === 'term' && itemEnd(before) === it.i && !rowNouns.has(idx)) {
        const pm = before.meanings.find((x) => x.t === 'measure');
        const pmd = pm && pm.t === 'measure' ? model.measures.find((x) => x.name === pm.name) : undefined;
        if (pmd && !(pmd.agg === 'sum' && pmd.column === name)) out.unsupported ??= `${before.text} ${it.text}`;
      }
      // "number of orders per quantity": a count per a column's value is a breakdown too ("revenue per unit" is no count).
      const lastFigure = out.measures[out.measures.length - 1];
      const countBefore = lastFigure?.kind === 'measure' && model.measures.find((x) => x.name === lastFigure.name)?.agg === 'count';
      if (by && !agg && (!per || countBefore) && out.measures.length > 0) {
        // "orders by quantity": a breakdown by the column's values where the model declares one (`byColumn`).
        const values = model.dimensions.find((d) => d.byColumn && d.columns?.length === 1 && d.columns[0] === `${column.table}.${name}`);
        if (values) { dimItems.push({ name: values.name, idx, by: true, which, plural: it.plural }); by = false; which = false; continue; }
        byNumber ??= it.text;
      }
      if (agg) explicitAgg.add(`${column.table}.${name}`);
      const a: ColumnAgg = agg ?? model.tables.find((t) => t.name === column.table)?.columns.find((c) => c.name === name)?.defaultAgg ?? 'sum';
      // "revenue and refunded amount": a column summed over its table's default rows is that table's figure of it, and
      // a value right before it is its own as for any figure.
      const summed = a === 'sum' ? model.measures.find((x) => x.agg === 'sum' && x.table === column.table && x.column === name && !x.grain && !x.hidden
        && JSON.stringify(x.filter ?? {}) === JSON.stringify(mdTable0(column.table)?.defaultFilter ?? {})) : undefined;
      if (summed && withOwnValue(summed, idx)) { agg = undefined; aggWord = undefined; continue; }
      addMeasure({ kind: 'column', agg: a, table: column.table, column: name });
      agg = undefined; aggWord = undefined;
      continue;
    }
    if (entity) {
      if (by) { by = false; continue; } // "per order"
      if (count) { const c = countMeasureOf(entity.table); if (c) addMeasure(c); count = false; continue; }
      out.entities.push(entity.table);
    }
  }
  for (const n of valueNames) if (!out.filters.some((f) => f.kind === 'dimension' && f.dimension === n.dimension)) out.unsupported ??= `${n.text} (which ${n.dimension} values?)`;
  // "completed revenue and refunded amount": beside a figure with a value of its own, a value of the same column that
  // every other figure counts by default ("completed" for revenue) restates them; it filters nothing.
  for (const own of out.measures.flatMap((m) => (m.kind === 'measure' ? m.own ?? [] : []))) {
    const at = out.filters.findIndex((f) => f.kind === 'dimension' && f.dimension === own.dimension && !f.negate && f.values.length === 1);
    const f = out.filters[at];
    if (!f || f.kind !== 'dimension' || own.values.includes(f.values[0])) continue;
    const others = out.measures.filter((m) => m.kind === 'measure' && !m.own?.length).map((m) => model.measures.find((x) => x.name === (m as { name: string }).name));
    const restates = others.length > 0 && others.every((d) => {
      const col = d && model.dimensions.find((x) => x.name === own.dimension)?.columns?.find((c) => c.startsWith(`${d.table}.`))?.slice(`${d.table}.`.length);
      return !!col && String(d.filter?.[col]) === f.values[0];
    });
    if (restates) {
      out.filters.splice(at, 1);
      out.qualifiers = out.qualifiers.filter((n) => !others.some((d) => d?.name === n));
    }
  }
  // "weekends vs weekdays": groups of values side by side are not one breakdown.
  // "weekends vs weekdays": named groups of one dimension's values, disjoint, side by side are a breakdown by group;
  // anything else (groups of two dimensions, overlapping, negated, or the dimension also a breakdown) is refused.
  if (groupTerms.length >= 2) {
    const d = groupTerms[0].dimension;
    const seen = groupTerms.flatMap((g) => g.values);
    const sideBySide = groupTerms.every((g) => g.dimension === d && !g.neg) && new Set(seen).size === seen.length && !out.dimensions.includes(d) && !singleValueDims.has(d)
      && !out.filters.some((f) => f.kind === 'dimension' && f.dimension === d && f.values.some((v) => !seen.includes(v)));
    if (sideBySide) out.valueGroups = { dimension: d, groups: groupTerms.map((g) => ({ label: g.text, values: g.values })) };
    else out.unsupported ??= `${groupTerms.map((g) => g.text).join(' vs ')} side by side`;
  }
  // "orders by quantity", "revenue by price": a number column after "by" with a figure before it and nothing to rank is
  // a breakdown by its values, which the model does not declare; read as a second figure it would answer another question.
  if (byNumber && dimItems.length === 0 && !rank && out.limit === undefined && !out.superlative && !out.order && out.entities.length === 0) {
    out.unsupported ??= `a breakdown by ${byNumber} (a number on each row, not a grouping: ask for rows over a value, as in "with ${byNumber} over 2", or rank by it, as in "top 5 products by ${byNumber}")`;
  }
  groupingStage(st, { dimItems, valueDims, rank, explicitAgg, compare, orWord, vs, count, agg, aggWord, aggOnMeasure, aggMeasure, superlativeWord, ends });
}

/** Whether some table filters the dimension's column by default, a filter a question may widen (orders' status). */
function filteredByDefault(model: ParseState['model'], dimension: string): boolean {
  const d = model.dimensions.find((x) => x.name === dimension);
  return model.tables.some((t) => (d?.columns ?? []).some((c) => {
    const [table, col] = c.split('.');
    return table === t.name && t.defaultFilter?.[col] !== undefined && (t.overridableBy ?? []).includes(col);
  }));
}

/**
 * Whether values of `dimension` named after "with" widen `figure`: it is over its table's default rows (each part of a
 * ratio too), that default filters the dimension's column and may be overridden, and it counts no entities (a distinct
 * count: "customers with refunds" are the customers who have one).
 */
function widensWith(model: ParseState['model'], figure: MeasureSpec, dimension: string): 'widen' | 'filter' | 'ambiguous' {
  const d = model.dimensions.find((x) => x.name === dimension);
  const tableOf = (spec: MeasureSpec): string | undefined => {
    if (spec.kind === 'column') return spec.table;
    let m = model.measures.find((x) => x.name === spec.name);
    for (let n = 0; m?.agg === 'ratio' && n < 5; n++) m = model.measures.find((x) => x.name === m!.numerator);
    return m?.table;
  };
  const t = model.tables.find((x) => x.name === tableOf(figure));
  const col = (d?.columns ?? []).find((c) => c.startsWith(`${t?.name}.`))?.split('.')[1];
  if (!t || !col || t.defaultFilter?.[col] === undefined || !(t.overridableBy ?? []).includes(col)) return 'filter';
  if (figure.kind === 'column') return figure.agg === 'uniq' ? 'filter' : 'widen';
  // Its parts: over the default rows or not, and whether any counts entities.
  let uniq = false;
  const own = (name: string, depth: number): boolean => {
    const m = model.measures.find((x) => x.name === name);
    if (!m || depth > 5) return false;
    if (m.agg === 'ratio') return own(m.numerator!, depth + 1) && own(m.denominator!, depth + 1);
    if (m.agg === 'uniq') uniq = true;
    return m.table === t.name && JSON.stringify(m.filter ?? {}) === JSON.stringify(t.defaultFilter) && (m.overridableBy ?? []).includes(col);
  };
  const over = own(figure.name, 0);
  if (!over) return 'filter';
  const def = model.measures.find((x) => x.name === figure.name);
  return !uniq ? 'widen' : def?.agg === 'ratio' ? 'ambiguous' : 'filter';
}
