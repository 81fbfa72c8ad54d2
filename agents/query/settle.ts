/**
 * Constructions the agent settles once a query is complete: a change between two periods, a running total, rows with
 * no related rows ("never"), and like-for-like comparisons of a running period. Each refuses with its reason.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName, measureLabel } from './compiler.ts';
import type { ParsedQuestion } from './parser.ts';
import { baseTableOf } from './resolve.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';
import { autoGrainFor, isoDateTime, unitOfPeriod } from './time-phrases.ts';
import { stem } from './vocabulary.ts';
import { addDays, addMonths, elapsedText, parseStamp, periodOf, unitStart } from './calendar-words.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/**
 * A change needs two periods: compared ones ("last month vs the month before"), or one whole calendar unit, compared
 * with the unit before it ("how much did revenue grow last month"). Anything else is refused.
 */
export function settleChange(q: SemanticQuery): void {
  // "by what percent did orders change …? as a percent": the change in percent, which the answer shows anyway.
  if (q.share === 'percent' && q.measures.length === 1 && !q.dimensions.length) delete q.share;
  if (q.rollup || q.share || q.measures.length !== 1) notUnderstood('I can show the change of one figure between two periods, not of a share, a roll-up or several figures at once.');
  if (q.comparePeriods && q.grain) {
    // Asked yes/no: each compared period a row with its change from the one before it (the first has none).
    if (q.change!.rows && q.period && !q.period.openStart && q.grain !== 'hour') q.change = { ...q.change!, seriesFrom: isoDateTime(unitStart(parseStamp(q.period.from), q.grain)) };
    return;
  }
  // "revenue growth by month", "MoM growth from February to May": a change for every bucket, from the one before it.
  if (q.grain && q.grain !== 'hour' && !q.change!.difference) {
    const from = q.period && !q.period.openStart ? q.period.from : '1970-01-01 00:00:00';
    const start = unitStart(parseStamp(from), q.grain);
    // The period stays as asked (a refinement keeps it, never widened again); the bucket before is read at compile time.
    q.change = { ...q.change!, seriesFrom: isoDateTime(start) };
    return;
  }
  const p = q.period ? periodOf(q.period) : undefined;
  const unit = p && !q.grain ? unitOfPeriod(p) : undefined;
  if (!p || !unit || unit === 'day' && p.toInclusive) {
    notUnderstood(`A change needs two periods to compare: ask, for example, "how much did it grow last month compared with the month before"${q.grain ? ` (a change for every ${q.grain} is not supported)` : ''}.`);
  }
  const before = unit === 'week' ? addDays(p!.from, -7) : unit === 'day' ? addDays(p!.from, -1)
    : addMonths(p!.from, unit === 'month' ? -1 : unit === 'quarter' ? -3 : -12);
  q.period = { ...q.period!, from: isoDateTime(before), label: `${q.period!.label} vs the ${unit} before` };
  q.grain = unit;
  q.comparePeriods = true;
}

/**
 * "how many users never ordered", "products without any orders": the first figure counts rows of its table; the other
 * one (named, or the table whose row noun the verb is: "ordered" → orders) has a declared join to it by one key. Anything
 * else is refused, naming what is missing.
 */
export function settleNever(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion, question: string): void {
  // "what percentage of products have never been ordered": a share of all the rows is not built (a share among the
  // rows with none would be 100 %, or 1/n per row); refused rather than answered with either.
  if (q.share && p.never === 'never') notUnderstood('"never" with a share (of all the rows, those with none of the other) is not built; ask "how many … never …" and the total separately.');
  // "which products were never ordered": the rows a breakdown names (its count measure), one row each.
  const listed = p.never === 'never' && p.measures.length === 0 && p.dimensions.length === 1 ? model.dimensions.find((d) => d.name === p.dimensions[0])?.countMeasure : undefined;
  if (listed) q.measures = [{ kind: 'measure', name: listed }];
  // "products that were never ordered": the rows named first are what is counted.
  const named = p.never === 'never' && p.entities[0] ? model.measures.find((m) => m.table === p.entities[0] && m.agg === 'count' && !m.filter) : undefined;
  if (named && !q.measures.some((m) => m.kind === 'measure' && measureByName(model, m.name).table === named.table && measureByName(model, m.name).agg === 'count')) {
    q.measures = [{ kind: 'measure', name: named.name }, ...q.measures.filter((m) => baseTableOf(model, m) !== named.table && q.measures.length > 1 && p.measures.some((x) => JSON.stringify(x) === JSON.stringify(m)))];
  }
  const first = q.measures[0];
  const tableA = baseTableOf(model, first);
  const def = first.kind === 'measure' ? measureByName(model, first.name) : undefined;
  // "revenue without any mobile": "without any" within one table excludes a value, as "without" does.
  if (p.never === 'without' && q.measures.every((m) => baseTableOf(model, m) === tableA) && !(def?.agg === 'count' && p.entities.some((e) => e !== tableA))) return;
  if (!def || def.agg !== 'count') notUnderstood(`"never" / "without any" counts rows with no related rows (as in "how many users never ordered"); ${measureLabel(model, first)} is not a count of rows.`);
  const joined = (t: string) => (model.joins ?? []).find((j) => j.from === t && j.to === tableA && Object.keys(j.on).length === 1);
  let other = q.measures.find((m, i) => i > 0 && baseTableOf(model, m) !== tableA);
  if (!other) {
    // "users who never ordered / purchased": a verb formed from a row noun of a table that refers to this one.
    const words = question.toLowerCase().match(/[a-z]+/g) ?? [];
    const t = model.tables.find((x) => x.name !== tableA && joined(x.name) && ([x.name, ...(x.entity ?? [])].some((e) => words.some((w) => stem(w).startsWith(stem(e)) || w.replace(/(?:ed|d)$/, '') === e)) || words.some((w) => x.actions?.includes(w))));
    const count = t ? model.measures.find((m) => m.table === t.name && m.agg === 'count' && JSON.stringify(m.filter ?? {}) === JSON.stringify(t.defaultFilter ?? {})) : undefined;
    if (count) other = { kind: 'measure', name: count.name };
  }
  // "users who signed up but never logged in": a verb the model declares for a value of a table that refers to this
  // one names its rows of that value.
  let verbFilter: Extract<FilterSpec, { kind: 'dimension' }> | undefined;
  if (!other) {
    const text = ` ${question.toLowerCase().replace(/[^a-z0-9']+/g, ' ')} `;
    for (const d of model.dimensions) {
      const t = (d.columns ?? []).map((c) => c.split('.')[0]).find((x) => x !== tableA && joined(x));
      const hit = t && d.verbs ? Object.entries(d.verbs).sort((a, b) => b[0].length - a[0].length).find(([v]) => text.includes(` ${v.toLowerCase()} `)) : undefined;
      const table = t ? model.tables.find((x) => x.name === t) : undefined;
      const count = hit && table ? model.measures.find((m) => m.table === table.name && m.agg === 'count' && JSON.stringify(m.filter ?? {}) === JSON.stringify(table.defaultFilter ?? {})) : undefined;
      if (hit && count) {
        other = { kind: 'measure', name: count.name };
        if (!q.filters.some((f) => f.kind === 'dimension' && f.dimension === d.name)) verbFilter = { kind: 'dimension', dimension: d.name, values: [hit[1]] };
        break;
      }
    }
  }
  if (!other) notUnderstood(`"never" / "without any": I did not find what ${measureLabel(model, first)} would have none of; name it, as in "users who never placed an order".`);
  if (!joined(baseTableOf(model, other!))) notUnderstood(`${measureLabel(model, first)} with no ${measureLabel(model, other!)}: the semantic model declares no join from ${baseTableOf(model, other!)} to ${tableA}.`);
  if (p.measures.length > 2) notUnderstood('"never" / "without any" takes one figure of rows and one thing they have none of.');
  // "never had a completed order": filters on columns only the other table has say which of its rows count.
  const tableB = baseTableOf(model, other!);
  const onlyB = (f: FilterSpec): f is Extract<FilterSpec, { kind: 'dimension' }> => {
    if (f.kind !== 'dimension') return false;
    const cols = model.dimensions.find((d) => d.name === f.dimension)?.columns ?? [];
    return cols.some((c) => c.startsWith(`${tableB}.`)) && !cols.some((c) => c.startsWith(`${tableA}.`));
  };
  // "never bought anything (no completed orders)": a "no …" set off after the never restates it: the rows it names are
  // the ones there are none of, not an exclusion among them.
  const restated = p.never === 'never' && /[(,;:\u2014\u2013-]\s*(?:i\.?e\.?,?\s*|that\s+is,?\s*|meaning\s+)?no\s+[a-z]/i.test(question);
  // "never placed an order, whatever its status": every value of a column of the other table counts (p.including).
  const included = [...new Set(p.including.map((x) => x.dimension))].map((dimension): Extract<FilterSpec, { kind: 'dimension' }> => ({ kind: 'dimension', dimension, values: p.including.filter((x) => x.dimension === dimension).map((x) => x.value) }))
    .filter((f) => onlyB(f) && !q.filters.some((x) => x.kind === 'dimension' && x.dimension === f.dimension));
  const bFilters = [...(verbFilter ? [verbFilter] : []), ...included, ...q.filters.filter(onlyB)].map((f) => (restated && f.negate ? (({ negate: _n, ...rest }) => rest)(f) : f));
  q.filters = q.filters.filter((f) => !onlyB(f));
  q.measures = [first];
  // "products never ordered in the last 7 days": a table with no time of its own leaves the period to the other one.
  const aTime = model.tables.find((t) => t.name === tableA)?.time, bTime = model.tables.find((t) => t.name === tableB)?.time;
  const period = q.period && !aTime && bTime ? q.period : undefined;
  if (period) delete q.period;
  q.without = { measure: other!, ...(bFilters.length ? { filters: bFilters } : {}), ...(period ? { period } : {}) };
}

/**
 * A running total adds up a series over time: it needs a time bucket (a period alone gets the bucket that suits it)
 * and figures that add up (sums and counts). Anything else is refused with the reason, never answered without the
 * running total.
 */
export function settleCumulative(model: SemanticModel, q: SemanticQuery): void {
  const what = q.measures.map((m) => measureLabel(model, m)).join(' and ');
  if (q.change || q.rollup || q.share || q.comparePeriods || q.having?.length) {
    notUnderstood(`I can show a running total of a figure over time, not of ${q.change ? 'a change between periods' : q.share ? 'a share' : q.comparePeriods ? 'compared periods' : q.having?.length ? 'groups passing a threshold' : 'a roll-up'}.`);
  }
  if (!q.grain) {
    if (!q.period) notUnderstood(`A running total adds ${what} up over time: say by day, week or month, as in "running total of ${what} by day this month".`);
    q.grain = autoGrainFor(periodOf(q.period!));
  }
  for (const m of q.measures) {
    const agg = m.kind === 'column' ? m.agg : measureByName(model, m.name).agg;
    if (agg === 'sum' || agg === 'count') continue;
    const label = measureLabel(model, m);
    notUnderstood(agg === 'uniq'
      ? `${label} counted per ${q.grain} do not add up over time (one counted on two ${q.grain}s is still one), so I cannot show their running total; ask for ${label} by ${q.grain} instead.`
      : `${label} is ${agg === 'ratio' ? 'a ratio' : agg === 'avg' ? 'an average' : `a ${agg}`}, not a figure that adds up, so it has no running total; ask for ${label} by ${q.grain} instead.`);
  }
  // A running total reads in time order: a ranking or a row limit would cut the series.
  delete q.order; delete q.limit; delete q.limitBy;
}

/** Compared periods whose last one is still running: only the same elapsed time of each is counted ("to date"). */
export function settleLikeForLike(q: SemanticQuery): void {
  const to = parseStamp(q.period!.to);
  const start = unitStart(to, q.grain!);
  if (to.getTime() <= start.getTime()) return;
  q.sameElapsed = Math.floor((to.getTime() - start.getTime()) / 1000);
  const named = q.period!.label.replace(/ \(whole\)/g, '').replace(/ (?:to date|so far)$/, '');
  q.period = { ...q.period!, label: `${named}, to date (the same ${elapsedText(q.sameElapsed)} of each ${q.grain})` };
}
