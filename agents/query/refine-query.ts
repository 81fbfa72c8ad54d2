/**
 * A refinement of the previous answer ("only mobile", "now by week", "instead by country"): the previous query with
 * this message's changes, and what it kept from the earlier turns.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName } from './compiler.ts';
import { rowsOfQualifiers } from './resolve.ts';
import { dimensionOfColumn, ownColumnOf } from './compile-rows.ts';
import { parseQuestion, type ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';
import { isoDateTime, pairOf, unitBefore, unitOfPeriod, unitsOfPeriod, type Grain, type Period } from './time-phrases.ts';
import { twoPeriodsApart } from './periods-apart.ts';
import { addDays, addMonths, periodOf } from './calendar-words.ts';
import { samePeriodBefore } from './same-period-before.ts';
import { baseTableOf, dropParts, replaceValueFigure } from './resolve.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/**
 * The filter a measure that counts one value of a column stands for ("refunded orders" → status = refunded), when the
 * previous figure is on the same table and lets that column be chosen (its own filter on it is overridable).
 */
export function valueFilterOf(model: SemanticModel, m: MeasureSpec, prev: SemanticQuery): FilterSpec | undefined {
  if (m.kind !== 'measure') return undefined;
  const md = measureByName(model, m.name);
  const entries = Object.entries(md.filter ?? {});
  const own = md.table ? model.tables.find((t) => t.name === md.table)?.defaultFilter : undefined;
  if (md.agg === 'ratio' || entries.length !== 1 || typeof entries[0][1] !== 'string' || JSON.stringify(md.filter) === JSON.stringify(own)) return undefined;
  const [col, value] = entries[0] as [string, string];
  const dim = dimensionOfColumn(model, md.table, col);
  if (!dim) return undefined;
  const ok = prev.measures.every((pm) => {
    if (baseTableOf(model, pm) !== md.table) return false;
    if (pm.kind === 'column') { const t = model.tables.find((x) => x.name === pm.table); return !t?.defaultFilter?.[col] || (t.overridableBy ?? []).includes(col); }
    let d = measureByName(model, pm.name);
    const parts = d.agg === 'ratio' ? [measureByName(model, d.numerator!), measureByName(model, d.denominator!)] : [d];
    return parts.every((x) => { d = x; return d.filter?.[col] === undefined || (d.overridableBy ?? []).includes(col); });
  });
  return ok ? { kind: 'dimension', dimension: dim.name, values: [value] } : undefined;
}

/**
 * The dimensions a figure conditions on itself: a rate of one value among all rows (refund rate: status = refunded
 * among all orders; conversion rate: users with a purchase event among active users) picks that column's value.
 */
export function ownConditionDimensions(model: SemanticModel, m: MeasureSpec): string[] {
  if (m.kind !== 'measure') return [];
  const md = measureByName(model, m.name);
  if (md.agg !== 'ratio' || !md.numerator || !md.denominator) return [];
  const num = measureByName(model, md.numerator);
  const den = measureByName(model, md.denominator);
  if (!num.table) return [];
  const cols = Object.keys(num.filter ?? {}).filter((c) => den.filter?.[c] === undefined);
  return model.dimensions.filter((d) => cols.some((c) => (d.columns ?? []).includes(`${num.table}.${c}`))).map((d) => d.name);
}

/**
 * "what's the refund rate?" after refunded orders by category, "now the conversion rate" after users with a purchase
 * event: a kept filter or breakdown of the previous answer on a column the new figure conditions on itself goes (kept,
 * it would make the rate 1 or 0).
 */
function dropOwnConditions(model: SemanticModel, q: SemanticQuery, prev: SemanticQuery): void {
  const own = new Set(q.measures.flatMap((m) => ownConditionDimensions(model, m)));
  if (!own.size) return;
  const kept = (f: FilterSpec): boolean => prev.filters.some((x) => same(x, f));
  q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && own.has(f.dimension) && kept(f)));
  const dims = q.dimensions.filter((d) => !own.has(d));
  if (dims.length !== q.dimensions.length) {
    q.dimensions = dims;
    delete q.order; delete q.limit; delete q.limitBy; delete q.compareValues;
  }
}

/**
 * "completed revenue per day …" → "and checkout events per day in the same period": a kept filter that only restated
 * the previous figure's own definition (revenue counts completed orders) goes with that figure when the new one's
 * table has no such column; it narrowed nothing the user chose.
 */
function dropRestatedDefinitions(model: SemanticModel, q: SemanticQuery, prev: SemanticQuery): void {
  const tables = new Set(q.measures.map((m) => baseTableOf(model, m)));
  const restates = (f: FilterSpec): boolean => f.kind === 'dimension' && !f.negate && f.values.length === 1 && prev.measures.length > 0 && prev.measures.every((pm) => {
    if (pm.kind !== 'measure') return false;
    const d = measureByName(model, pm.name);
    const col = d.table ? ownColumnOf(model, d.table, f.dimension) : undefined;
    return !!col && d.filter?.[col] === f.values[0];
  });
  q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && restates(f) && [...tables].every((t) => !ownColumnOf(model, t, f.dimension))));
}

/**
 * "and on the 15th?" after signups on 16 May (or in May): a day of the month with no month named is that day of the
 * previous answer's month and year, when its period is one day or one month (otherwise as read: this month or the last).
 */
function inPreviousMonth(prev: SemanticQuery, p: ParsedQuestion): ParsedQuestion {
  if (!p.dayOfMonth || !p.period || !prev.period || prev.comparePeriods) return p;
  const before = periodOf(prev.period);
  const unit = unitOfPeriod(before);
  if (unit !== 'day' && unit !== 'month') return p;
  const from = new Date(Date.UTC(before.from.getUTCFullYear(), before.from.getUTCMonth(), p.dayOfMonth));
  if (from.getUTCDate() !== p.dayOfMonth) notUnderstood(`the month of the previous answer (${before.label}) has no day ${p.dayOfMonth}.`);
  const to = addDays(from, 1);
  const day = isoDateTime(from).slice(0, 10);
  return { ...p, period: { from: isoDateTime(from), to: isoDateTime(to), toInclusive: false, label: day } };
}

/** "instead of by week", "rather than country": the groupings the words after it name (none when they name none). */
export function replacedOf(model: SemanticModel, p: ParsedQuestion, now: Date): { dimensions: string[]; grain: boolean } | undefined {
  if (!p.replaces) return undefined;
  const r = parseQuestion(model, /^(?:by|per)\b/.test(p.replaces) ? p.replaces : `by ${p.replaces}`, now);
  return r.dimensions.length || r.grain ? { dimensions: r.dimensions, grain: !!r.grain } : undefined;
}

/**
 * "mobile only instead of paid" after an answer kept to the paid channel: the filter named after "instead of" goes,
 * though the value now asked is of another column (of the same column, the new value replaces it anyway).
 */
export function withReplacedFilterDropped(model: SemanticModel, p: ParsedQuestion, prev: SemanticQuery, now: Date): ParsedQuestion {
  if (!p.replaces || !p.filters.length) return p;
  const gone = parseQuestion(model, p.replaces, now).filters;
  if (gone.length !== 1 || gone[0].kind !== 'dimension' || gone[0].negate) return p;
  const g = gone[0];
  if (p.filters.some((f) => f.kind === 'dimension' && f.dimension === g.dimension)) return p;
  const kept = prev.filters.find((f) => f.kind === 'dimension' && f.dimension === g.dimension && !f.negate);
  if (kept?.kind !== 'dimension' || !same(kept.values, g.values)) return p;
  return { ...p, clearDimensionFilters: [...p.clearDimensionFilters, g.dimension] };
}

/** The previous query with this message's changes (filters, period, breakdown, figure, ranking); `gone` are the groupings it replaces; `instead` / `reshapes`: the message says "instead" / starts with "now". */
export function refine(model: SemanticModel, prev: SemanticQuery, p: ParsedQuestion, gone?: { dimensions: string[]; grain: boolean }, instead = false, reshapes = false): SemanticQuery {
  const q: SemanticQuery = JSON.parse(JSON.stringify(prev));
  p = inPreviousMonth(prev, p);
  // "what's the total over that period?": one figure over the same rows and period; the series, breakdown, ranking and
  // what was computed over them (running total, shares, changes, roll-ups) go.
  if (p.collapse) {
    // "one total for the two countries together": a grouping of the answer named with it names the rows pooled.
    p = { ...p, dimensions: p.dimensions.filter((d) => !prev.dimensions.includes(d)) };
    q.dimensions = [];
    for (const k of ['grain', 'order', 'limit', 'limitBy', 'cumulative', 'share', 'sharePart', 'sharePartValues', 'timeOrder', 'comparePeriods', 'change', 'sameElapsed', 'rollup', 'compareValues', 'chart', 'having'] as const) delete q[k];
  }
  const replaced = q.replacedValues;
  delete q.replacedValues;
  const replacedPeriod = q.replacedPeriod;
  delete q.replacedPeriod;
  // "only users from the email channel": in a filter refinement the nouns name what is filtered; the figure stays.
  // "only refunded orders": a figure that only counts one value ("refunded orders" = refunds) names that value as the filter.
  // "only orders from June 20 to June 29" after a refund rate of orders: the count named with "only" is the noun of the
  // rows the figure is over (its table's default rows), not a figure of its own.
  const rowsNoun = p.measures.length === 1 && p.measures[0].kind === 'measure' && !p.measures[0].own ? model.measures.find((x) => x.name === (p.measures[0] as { name: string }).name) : undefined;
  const rowsTable = rowsNoun ? model.tables.find((t) => t.name === rowsNoun.table) : undefined;
  if (p.filterRefinement && (p.period || p.filters.length) && rowsNoun && rowsTable && rowsNoun.agg === 'count' && JSON.stringify(rowsNoun.filter ?? {}) === JSON.stringify(rowsTable.defaultFilter ?? {})
    // A roll-up of those rows ("customers with 2+ orders"): "only counting orders from this year" narrows its rows too.
    && prev.measures.length > 0 && prev.measures.every((m) => baseTableOf(model, m) === rowsTable.name) && (!prev.measures.some((x) => same(x, p.measures[0])) || !!prev.rollup)) p = { ...p, measures: [] };
  const asFilters = p.filterRefinement && p.filters.length === 0 && p.measures.length > 0 ? p.measures.map((m) => valueFilterOf(model, m, prev)) : [];
  if (asFilters.length && asFilters.every((f) => f)) p = { ...p, filters: asFilters as FilterSpec[], measures: [] };
  if (!p.measures.length) p = { ...p, filters: replaceValueFigure(model, q, p) };
  const keepFigure = p.filterRefinement && (p.filters.length > 0 || p.numeric.length > 0);
  // "add the average revenue per buyer": the figure joins the answer's (its breakdown, filters and ranking stay).
  // "and the average price per category too" after a count per category: the breakdown is the answer's, the figure joins it.
  const sameSplit = !!p.tooWithBreakdown && p.dimensions.length > 0 && p.dimensions.every((d) => prev.dimensions.includes(d)) && (!p.grain || p.grain === prev.grain);
  const addsFigure = (!!p.addMeasures || sameSplit) && p.measures.length > 0 && !keepFigure;
  if (addsFigure) q.measures = [...q.measures, ...p.measures.filter((m) => !q.measures.some((x) => same(x, m)))];
  else if (p.measures.length && !keepFigure) {
    // "the average duration of those page views instead of the count": the count replaced names the rows, as a qualifier does.
    const replacedFigure = !!p.replaces && /^(?:the\s+)?(?:count|counts|number|total|sum|figure|it|that)$/.test(p.replaces.trim());
    const named = replacedFigure ? p.measures.filter((m) => prev.measures.some((x) => same(x, m))) : [];
    const kept = named.length && named.length < p.measures.length ? p.measures.filter((m) => !named.includes(m)) : p.measures;
    q.measures = [...kept];
    q.filters = withoutOtherValueOfFigure(model, q, p);
    if (kept !== p.measures) rowsOfQualifiers(model, q, named, kept[0]);
  }
  if (p.measures.length && !keepFigure && !addsFigure) { delete q.rollup; delete q.having; }
  // "break it down by plan instead": the new grouping replaces the breakdown, time bucket included (not added to it).
  if (instead && !gone && p.dimensions.length) p = { ...p, addDimensions: false };
  // "compare mobile with desktop" after events by hour of day: values compared (no dimension named) are split within
  // the kept breakdown or series, a row per value and hour.
  if (!instead && p.dimensions.length && p.dimensions.every((d) => p.valueSplit?.includes(d)) && (prev.dimensions.length || prev.grain)) p = { ...p, addDimensions: true };
  const shapeChanged = p.dimensions.length > 0 || !!p.grain;
  // "by device" or "by day" after "compare with France": the compared values stay apart under the new breakdown.
  const compared = q.compareValues && q.filters.some((f) => f.kind === 'dimension' && f.dimension === q.compareValues && !f.negate && f.values.length > 1) ? [q.compareValues] : [];
  if (p.dimensions.length) {
    // "by device instead of channel": the named grouping goes, the others stay.
    const base = gone ? q.dimensions.filter((d) => !gone.dimensions.includes(d)) : q.dimensions;
    // "by device" after "compare with France": the compared values stay apart, broken down by the new dimension.
    const before = q.dimensions;
    q.dimensions = p.addDimensions || gone ? [...new Set([...base, ...p.dimensions])] : [...new Set([...compared, ...p.dimensions])];
    // "now by country" after "this month vs last month": the comparison stays, broken down by the new dimension.
    if (!p.addDimensions && !p.grain && !q.comparePeriods && (!gone || gone.grain)) delete q.grain;
    // "only sports products" after "top 5 products by revenue": the breakdown named again is the same one, still ranked.
    const same = !p.grain && !gone && p.filters.length > 0 && q.dimensions.length === before.length && q.dimensions.every((d) => before.includes(d));
    // "and which acquisition channel?" after "which device do most orders come from?": the one row of another split, ranked alike.
    const oneAgain = p.singular && prev.limit === 1 && !!prev.order && !prev.limitBy && p.limit === undefined && !p.order && !p.superlative && !p.addDimensions && q.dimensions.length === 1;
    if (!same && !oneAgain) { delete q.order; delete q.limit; delete q.limitBy; }
  }
  // "by day instead": a new time bucket alone replaces the breakdown, as a new dimension alone replaces the bucket.
  // "by week" after "orders by status" → "just refunded and cancelled" (no bucket yet, no "instead"): the split whose
  // own values were picked (two or more) is followed over time, kept beside the bucket; any other split is replaced,
  // as before ("now by month" after "refunds by category" → "exclude electronics": one series). "now by month" after
  // "signups by plan" → "only growth and enterprise" (`reshapes`: the message starts with "now") is the one series too.
  const pickedSplit = q.dimensions.some((d) => q.filters.some((f) => f.kind === 'dimension' && f.dimension === d && !f.negate && f.values.length > 1));
  const addsBucket = !!p.grain && !prev.grain && !instead && !reshapes && !gone && !p.dimensions.length && pickedSplit && q.limit === undefined;
  // "by week instead" after "revenue by channel and month": the new bucket replaces the old one, the split stays.
  const newBucketOnly = !!p.grain && !!prev.grain && !gone;
  if (p.grain && !p.dimensions.length && !p.addDimensions && q.dimensions.length && !addsBucket && !newBucketOnly) {
    q.dimensions = gone ? q.dimensions.filter((d) => !gone.dimensions.includes(d)) : compared;
    delete q.order; delete q.limit; delete q.limitBy;
  }
  if (p.grain) q.grain = p.grain;
  if (p.inUnit) q.inUnit = p.inUnit;
  // Named drops first: "forget email - signups for every channel" drops the filter "every channel" would clear too.
  dropParts(model, q, p);
  if (p.clearFilters) { q.filters = []; delete q.related; }
  q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && p.clearDimensionFilters.includes(f.dimension)));
  q.filters = q.filters.filter((f) => !(f.kind === 'numeric' && p.clearColumnFilters?.includes(f.column)));
  // "for every channel" after one channel: all of them; after several ("for each country" of two), each of those.
  q.filters = q.filters.filter((f) => !(f.kind === 'dimension' && p.everyValueOf?.includes(f.dimension) && !f.negate && f.values.length === 1));
  // After the kept parts this message drops itself ("as a share" after "only refunded" drops that filter by name).
  if (p.measures.length && !keepFigure) dropOwnConditions(model, q, prev);
  if (p.measures.length && !keepFigure) dropRestatedDefinitions(model, q, prev);
  // A data-quality check goes with its figure ("now count all orders per day" asks about all of them).
  if ((p.measures.length && !keepFigure) || p.clearFilters) delete q.orphanOf;
  if (p.orphanOf) q.orphanOf = p.orphanOf;
  // "in that category" holds until a value of it is named, it is split by, or the filters go.
  if (q.valuesOf && (p.clearFilters || p.filters.some((f) => f.kind === 'dimension' && f.dimension === q.valuesOf!.dimension) || p.dimensions.includes(q.valuesOf.dimension))) delete q.valuesOf;
  if (p.valuesOf) q.valuesOf = p.valuesOf;
  // "how many customers bought from the top one?": one value of the answer's breakdown leaves nothing to break down by.
  if (p.valuesOf && p.topOfPrevious?.n === 1) q.dimensions = q.dimensions.filter((d) => d !== p.valuesOf!.dimension);
  for (const f of p.filters) {
    if (f.kind !== 'dimension') continue;
    // "and refunded too": a value added to the kept one; otherwise the new value replaces it.
    const old = q.filters.find((x) => x.kind === 'dimension' && x.dimension === f.dimension);
    const both = (p.addValues || p.compareValues) && old?.kind === 'dimension' && !old.negate && !f.negate;
    if (p.compareValues && !both) {
      const d = model.dimensions.find((x) => x.name === f.dimension);
      notUnderstood(`I can compare ${f.values.join(', ')} only with a ${(d?.label ?? f.dimension).replace(/_/g, ' ')} the previous answer is filtered to, and it has none; ask for both, as in "by ${(d?.label ?? f.dimension).replace(/_/g, ' ')}"`);
    }
    q.filters = q.filters.filter((x) => !(x.kind === 'dimension' && x.dimension === f.dimension));
    q.filters.push(both ? { ...f, values: [...new Set([...old.values, ...f.values])] } : f);
    // "add Brazil" to a series of India: two picked values of the column, a series each (as a bucket keeps a split whose
    // own values were picked).
    if (both && p.addValues && !p.compareValues && old.values.length === 1 && (q.grain || prev.grain) && !q.dimensions.includes(f.dimension)) q.dimensions.push(f.dimension);
    // "compare with France" after Germany: both values, a row each.
    if (both && p.compareValues) {
      if (!q.dimensions.includes(f.dimension)) q.dimensions = [f.dimension, ...q.dimensions];
      q.compareValues = f.dimension;
    } else if (q.compareValues === f.dimension) delete q.compareValues;
    if (old?.kind === 'dimension' && !both && !old.negate && !f.negate && !same(old.values, f.values)) {
      // "sports" → "what about books" → "and home": the values replaced one after another, for "all three".
      const earlier = replaced?.dimension === f.dimension ? [...(replaced.earlier ?? []), ...replaced.values].filter((v) => !f.values.includes(v) && !old.values.includes(v)) : [];
      q.replacedValues = { dimension: f.dimension, values: old.values, ...(earlier.length ? { earlier } : {}) };
    }
  }
  // "show both, one row per category" after "and sports?" (books before): both values, a row each.
  const cur = replaced && p.both ? q.filters.find((x) => x.kind === 'dimension' && x.dimension === replaced.dimension && !x.negate) : undefined;
  if (cur?.kind === 'dimension') {
    // "all three side by side": every value the thread named one after another; "both": the last two.
    const named = p.bothAll ? [...(replaced!.earlier ?? []), ...replaced!.values] : replaced!.values;
    q.filters = q.filters.map((x) => (x === cur ? { ...cur, values: [...new Set([...named, ...cur.values])] } : x));
    if (!q.dimensions.includes(cur.dimension)) q.dimensions.push(cur.dimension);
  }
  if (p.clearPeriod || p.period || p.comparedToBefore || p.sameBefore || p.periodBefore) delete q.sameElapsed;
  if (p.periodBefore && !p.period) {
    // "same for the week before": the period of that length just before the previous one replaces it.
    const prevP = prev.period && !prev.comparePeriods ? periodOf(prev.period) : undefined;
    const { n, unit } = p.periodBefore;
    const span = n > 1 ? `${n} ${unit}s` : unit;
    if (!prevP) notUnderstood(`"the ${span} before" needs an answer for one period${prev.period ? ` (the previous answer compares ${prev.period.label})` : ' (the previous answer has no period)'}.`);
    let from = prevP!.from;
    for (let i = 0; i < n; i++) from = unitBefore({ ...prevP!, from }, unit).from;
    const back = (d: Date): Date => (unit === 'day' || unit === 'week' ? addDays(d, -n * (unit === 'week' ? 7 : 1)) : addMonths(d, -n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12)));
    q.period = p.periodBefore.shift
      ? { from: isoDateTime(back(prevP!.from)), to: isoDateTime(back(prevP!.to)), toInclusive: prevP!.toInclusive, label: `${prev.period!.label}, ${n === 1 ? `a ${unit}` : span} earlier` }
      : { from: isoDateTime(from), to: isoDateTime(prevP!.from), toInclusive: false, label: `the ${span} before ${prev.period!.label}` };
    delete q.comparePeriods; delete q.change;
    // A whole unit replaced by the unit before it: "show both weeks" next compares the two, a row each.
    if (n === 1 && unitOfPeriod(prevP!) === unit) q.replacedPeriod = prev.period;
  }
  // "show both weeks side by side", "compare the two days" after "and the week before?": both periods, one row per unit.
  if (p.both && replacedPeriod && q.period && !p.period && !p.periodBefore && !p.clearPeriod) {
    const unit = unitOfPeriod(periodOf(q.period));
    if (unit && unit === unitOfPeriod(periodOf(replacedPeriod)) && q.period.to === replacedPeriod.from) {
      if (p.collapse) {
        // "the revenue across those two days combined": one figure over both (the days said name no series).
        delete q.grain;
        q.period = { from: q.period.from, to: replacedPeriod.to, toInclusive: replacedPeriod.toInclusive, label: `${q.period.label} and ${replacedPeriod.label}` };
      } else {
        q.period = { from: q.period.from, to: replacedPeriod.to, toInclusive: replacedPeriod.toInclusive, label: `${replacedPeriod.label} vs the ${unit} before` };
        q.grain = unit;
        q.comparePeriods = true;
      }
    } else if (unit && unit === unitOfPeriod(periodOf(replacedPeriod))) {
      if (p.collapse) notUnderstood(`"${replacedPeriod.label}" and "${q.period.label}" are apart: I sum over one span of time; ask for each (a row each) or name the span.`);
      // "checkout events on both days" after June 10 → "and on June 3?": the two units, next to each other or apart.
      const [a, b] = [periodOf(replacedPeriod), periodOf(q.period)];
      const both: { period: Period; grain: Grain; parts?: Period[] } | undefined = pairOf(a, b) ?? twoPeriodsApart(a, b, { unitsOfPeriod, unitOfPeriod });
      const spec = (x: Period) => ({ from: isoDateTime(x.from), to: isoDateTime(x.to), toInclusive: x.toInclusive });
      if (both) {
        q.period = { ...spec(both.period), label: both.period.label, ...(both.parts ? { parts: both.parts.map(spec) } : {}) };
        q.grain = both.grain;
        q.comparePeriods = true;
      }
    }
  }
  if (p.clearPeriod) { delete q.period; delete q.comparePeriods; delete q.change; }
  if (p.sameBefore && !p.period) {
    // "compare with the same day the week before" after "orders yesterday": that day and the day a week before, a row each.
    const prevP = prev.period && !prev.comparePeriods ? periodOf(prev.period) : undefined;
    const both = prevP ? samePeriodBefore(prevP, p.sameBefore.unit, p.sameBefore.back, unitsOfPeriod) : undefined;
    if (!both) notUnderstood(`I can compare with the same ${p.sameBefore.unit} a ${p.sameBefore.back} before only an answer for whole ${p.sameBefore.unit}s${prev.period ? ` (the previous answer is for ${prev.period.label})` : ''}.`);
    const spec = (x: Period) => ({ from: isoDateTime(x.from), to: isoDateTime(x.to), toInclusive: x.toInclusive });
    if (p.sameBefore.alone) {
      // "and on the same day a week earlier?": that period alone replaces the previous answer's.
      q.period = { ...spec(both!.parts[0]), label: both!.parts[0].label };
      delete q.comparePeriods; delete q.change;
    } else {
      q.period = { ...spec(both!.period), label: both!.period.label, parts: both!.parts.map(spec) };
      q.grain = p.sameBefore.unit;
      q.comparePeriods = true;
    }
  }
  if (p.comparedToBefore && !p.period) {
    const prevP = prev.period && !prev.comparePeriods ? periodOf(prev.period) : undefined;
    if (!prevP || unitOfPeriod(prevP) !== p.comparedToBefore) notUnderstood(`I can compare with the ${p.comparedToBefore} before only an answer for one whole ${p.comparedToBefore}${prev.period ? ` (the previous answer is for ${prev.period.label})` : ''}.`);
    const before = unitBefore(prevP!, p.comparedToBefore);
    q.period = { ...prev.period!, from: isoDateTime(before.from), label: `${prev.period!.label} vs the ${p.comparedToBefore} before` };
    q.grain = p.comparedToBefore;
    q.comparePeriods = true;
  }
  if (p.period && p.periodComparedTo) {
    // "vs last month" after "conversion rate this month": the previous period and this one, one row per unit.
    // "compare with 2025-06-03" after 2025-06-10: two whole units of one size, next to each other or apart.
    const prevP = prev.period && !prev.comparePeriods ? periodOf(prev.period) : undefined;
    const pair: { period: Period; grain: Grain; parts?: Period[] } | undefined = prevP
      ? pairOf(prevP, periodOf(p.period)) ?? twoPeriodsApart(prevP, periodOf(p.period), { unitsOfPeriod, unitOfPeriod }) : undefined;
    if (!pair) notUnderstood(`I can compare "${p.period.label}" only with a period of the same length${prev.period ? ` (the previous answer is for ${prev.period.label})` : ' (the previous answer has no period)'}.`);
    const spec = (x: Period) => ({ from: isoDateTime(x.from), to: isoDateTime(x.to), toInclusive: x.toInclusive });
    q.period = { ...spec(pair!.period), label: `${prev.period!.label} vs ${p.period.label}`, ...(pair!.parts ? { parts: pair!.parts.map(spec) } : {}) };
    q.grain = pair!.grain;
    q.comparePeriods = true;
  } else if (p.period) {
    q.period = p.period;
    // "last month's revenue by device" after "this week vs last week": a new period and breakdown end the comparison, and
    // the time bucket its periods were shown in goes with it.
    if (!p.periodComparison && prev.comparePeriods && !p.grain && p.dimensions.length > 0) delete q.grain;
    if (!p.periodComparison) { delete q.comparePeriods; delete q.change; }
    // "and on June 3?" after June 10: a whole unit replaced by another; "on both days" next shows the two.
    const unit = prev.period && !prev.comparePeriods && !p.periodComparison ? unitOfPeriod(periodOf(prev.period)) : undefined;
    if (unit && unit === unitOfPeriod(periodOf(p.period)) && !same(prev.period, p.period)) q.replacedPeriod = prev.period;
  }
  if (p.period || p.clearPeriod) { if (p.periodBlocks) q.periodBlocks = true; else delete q.periodBlocks; }
  if (p.periodComparison) q.comparePeriods = true;
  if (p.change) q.change = p.change;
  // "revenue, orders and AOV in one row": an answer of one row already asks nothing more.
  if (p.periodColumns && (q.grain || q.comparePeriods || q.dimensions.length)) q.periodColumns = true;
  if (p.share) q.share = p.share;
  // "what percentage of them came from paid?" after signups by channel: the share of that value in the whole is one
  // figure (or one per remaining group), not that value's row filtered to itself (always 100 %).
  const partOfSplit = p.share && !p.dimensions.length && !p.restricts ? p.filters.filter((f) => f.kind === 'dimension' && !f.negate && q.dimensions.includes(f.dimension)) : [];
  if (partOfSplit.length === 1 && partOfSplit[0].kind === 'dimension') {
    const part = partOfSplit[0].dimension;
    q.dimensions = q.dimensions.filter((d) => d !== part);
    delete q.order; delete q.limit; delete q.limitBy;
    if (q.compareValues === part) delete q.compareValues;
    if (q.dimensions.length || q.grain) q.sharePart = part;
  } else if (p.share && !p.restricts && (q.dimensions.length || q.grain) && q.measures.length === 1) {
    // "what share of it is mobile" after revenue by country: the value named is the part of each row's figure.
    let parts = p.filters.filter((f) => f.kind === 'dimension' && !f.negate && !q.dimensions.includes(f.dimension));
    // "what share of all of that month's active users is that?" after "only mobile": the kept value is the part.
    if (!parts.length && p.ofWhole) parts = q.filters.filter((f) => f.kind === 'dimension' && !f.negate && f.values.length === 1 && !q.dimensions.includes(f.dimension));
    if (parts.length === 1 && parts[0].kind === 'dimension') q.sharePart = parts[0].dimension;
  }
  if (q.sharePart && !q.filters.some((f) => f.kind === 'dimension' && f.dimension === q.sharePart && !q.dimensions.includes(f.dimension))) { delete q.sharePart; delete q.sharePartValues; }
  if (p.cumulative) q.cumulative = true;
  if (shapeChanged && !p.chart) delete q.chart;
  if (p.chart) q.chart = p.chart;
  applyOrdering(q, p);
  return q;
}

/** One filter or period carried over from an earlier turn: its short text and the words that drop it. */
export interface Kept { text: string; drop: string }

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * What a refinement carried over from the previous query: its filters and period still in force that this message
 * did not state itself ("only mobile" → "now by category" keeps device = mobile).
 */
export function keptFrom(model: SemanticModel, prev: SemanticQuery, q: SemanticQuery, p: ParsedQuestion): Kept[] {
  const kept: Kept[] = [];
  // resolveNumeric appends this message's numeric filters last: those were stated, not kept.
  const statedNumeric = new Set(p.numeric.length ? q.filters.slice(-p.numeric.length) : []);
  for (const f of q.filters) {
    if (!prev.filters.some((x) => same(x, f)) || statedNumeric.has(f)) continue;
    if (f.kind === 'dimension') {
      if (p.filters.some((x) => same(x, f))) continue;
      const d = model.dimensions.find((x) => x.name === f.dimension);
      const name = (d?.label ?? f.dimension.replace(/_/g, ' ')).toLowerCase();
      const text = f.values.length === 1 ? `${name} ${f.negate ? '!=' : '='} ${f.values[0]}` : `${name} ${f.negate ? 'not in' : 'in'} (${f.values.join(', ')})`;
      kept.push({ text, drop: `all ${plural(name)}` });
    } else {
      kept.push({ text: `${f.column.replace(/_/g, ' ')} ${f.op} ${f.value}`, drop: 'remove the filters' });
    }
  }
  if (q.related && prev.related && same(q.related, prev.related) && !p.related) kept.push({ text: q.related.label, drop: 'remove the filters' });
  if (q.valuesOf && prev.valuesOf && !p.valuesOf) kept.push({ text: q.valuesOf.label, drop: 'remove the filters' });
  if (q.orphanOf && prev.orphanOf && !p.orphanOf) kept.push({ text: `${q.orphanOf.column} not in ${q.orphanOf.table}`, drop: 'remove the filters' });
  if (q.period && prev.period && same(q.period, prev.period) && !p.period) kept.push({ text: q.period.label, drop: 'all time' });
  return kept;
}

function plural(name: string): string {
  const of = /^(\S+)( of .+)$/.exec(name); // "day of week" → "days of week"
  if (of) return `${plural(of[1])}${of[2]}`;
  const words = name.split(' ');
  const last = words.pop()!;
  const pl = /[^aeiou]y$/.test(last) ? `${last.slice(0, -1)}ies` : /(s|x|z|ch|sh)$/.test(last) ? `${last}es` : `${last}s`;
  return [...words, pl].join(' ');
}

/** The ranking a message asks for ("top 5", "bottom 3", "the highest"), kept or replaced on a refinement. */
export function applyOrdering(q: SemanticQuery, p: ParsedQuestion): void {
  // A new row count keeps the ranking's direction ("bottom 5" then "make it 10"); a new ranking is from the top.
  if (p.limit !== undefined) { q.limit = p.limit; q.order = p.order ?? q.order ?? 'desc'; } else {
    // "newest first" on a time series: its periods' order, not a ranking by the figure.
    if (p.timeOrder && q.grain && !q.dimensions.length) { delete q.order; q.timeOrder = p.timeOrder; } else if (p.order) { q.order = p.order; delete q.timeOrder; }
    // "most expensive first" with a count and an average price: the answer is sorted by the price's figure, shown first.
    const by = p.orderColumn && q.measures.length > 1 ? q.measures.findIndex((m) => m.kind === 'column' && m.column === p.orderColumn) : -1;
    if (by > 0) q.measures = [q.measures[by], ...q.measures.filter((_, i) => i !== by)];
    if (p.superlative && (q.dimensions.length > 0 || q.grain)) {
      q.order = p.superlative;
      if (p.singular) q.limit = 1;
    }
    // "list all of them": every row of the ranking.
    if (p.allRows) { delete q.limit; delete q.limitBy; }
  }
  applyLimitBy(q, p);
}

/** "the top 3 products per category", "top 3 categories each month": the limit is per group, not overall. */
function applyLimitBy(q: SemanticQuery, p: ParsedQuestion): void {
  delete q.limitBy;
  if (q.limit === undefined || !q.order) return;
  const per = (p.perDimensions ?? []).filter((d) => q.dimensions.includes(d));
  if (per.length > 0 && per.length < q.dimensions.length) q.limitBy = per;
  else if (q.grain && q.dimensions.length > 0) q.limitBy = [q.grain];
}

/**
 * "what about page views?" after login events on mobile: a kept filter on a column the new figure counts one other value
 * of (page views: event_type = page_view; kept: event_type = login) named the previous figure's rows, and goes with it;
 * a filter the message names itself stays (and is refused by the compiler if it leaves nothing).
 */
function withoutOtherValueOfFigure(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): FilterSpec[] {
  const fixed = q.measures.flatMap((m) => {
    if (m.kind !== 'measure') return [];
    const def = model.measures.find((x) => x.name === m.name);
    if (!def?.table || def.agg === 'ratio') return [];
    return Object.entries(def.filter ?? {}).flatMap(([column, v]) => {
      const dim = dimensionOfColumn(model, def.table, column);
      return dim ? [{ dimension: dim.name, values: (Array.isArray(v) ? v : [v]).map(String) }] : [];
    });
  });
  const named = new Set(p.filters.flatMap((f) => (f.kind === 'dimension' ? [f.dimension] : [])));
  // "completed orders per day" → "now all statuses": a kept filter that only restated the old figure's default rows
  // (status = completed) goes when the new figure counts every value of that column (all orders).
  const every = new Set(q.measures.flatMap((m) => {
    const def = m.kind === 'measure' ? model.measures.find((x) => x.name === m.name) : undefined;
    const t = def?.table && def.agg !== 'ratio' ? model.tables.find((x) => x.name === def.table) : undefined;
    if (!def || !t) return [];
    return Object.keys(t.defaultFilter ?? {}).filter((c) => (t.overridableBy ?? []).includes(c) && def.filter?.[c] === undefined)
      .flatMap((c) => { const dim = dimensionOfColumn(model, t.name, c); return dim ? [{ dimension: dim.name, values: [t.defaultFilter![c]].flat().map(String) }] : []; });
  }));
  return q.filters.filter((f) => f.kind !== 'dimension' || f.negate || named.has(f.dimension)
    || (!fixed.some((x) => x.dimension === f.dimension && !f.values.some((v) => x.values.includes(v)))
      && ![...every].some((x) => x.dimension === f.dimension && f.values.every((v) => x.values.includes(v)))));
}
