/**
 * How a compiled query is shown: its title, its chart, and each figure's display name, format and unit (values stay
 * exact; a time unit asked for scales them).
 */
import type { SemanticModel } from './semantic-model.ts';
import { percentileWords, TIME_UNIT_MS, type ChartHint, type FilterSpec, type MeasureSpec, type Percentile, type SemanticQuery, type TimeUnit } from './semantic-query.ts';
import { measureByName, measureLabel, tableByName } from './compiler.ts';

/** The chart a query is best shown as when it asks for none: a line over time, bars by one dimension, one number. */
export function chartFor(q: SemanticQuery): ChartHint {
  if (q.grain) return 'line';
  if (q.dimensions.length >= 2) {
    return q.dimensions.includes('hour_of_day') && q.dimensions.includes('day_of_week') ? 'heatmap' : 'grouped-bar';
  }
  if (q.dimensions.length === 1) return 'bar';
  return 'big-number';
}

/** "Revenue by month, mobile, last 30 days". */
export function titleOf(model: SemanticModel, q: SemanticQuery): string {
  const label = (n: string): string => { const d = model.dimensions.find((x) => x.name === n); return d?.label ?? n.replace(/_/g, ' '); };
  let s = q.measures.map((m) => measureLabel(model, m)).join(' and ');
  // "Active users, none in May 2025": the figure's own rows in another period.
  const self = q.without && q.without.period && JSON.stringify(q.without.measure) === JSON.stringify(q.measures[0]);
  if (self) s += `, none in ${q.without!.period!.label}`;
  else if (q.without) s += ` with no ${[...(q.without.filters ?? []).flatMap((f) => f.values), measureLabel(model, q.without.measure)].join(' ')}${q.without.period ? ` ${q.without.period.label}` : ''}`;
  s = s[0].toUpperCase() + s.slice(1);
  if (q.limit && q.order && q.limitBy?.length) {
    const per = q.limitBy.map((g) => (q.dimensions.includes(g) ? label(g) : g));
    const ranked = q.dimensions.filter((d) => !q.limitBy!.includes(d)).map(label);
    s = `${q.order === 'desc' ? 'Top' : 'Bottom'} ${q.limit} ${ranked.join(' and ') || 'rows'} per ${per.join(' and ')} by ${s.toLowerCase()}`;
  } else if (q.limit && q.order) s = `${q.order === 'desc' ? 'Top' : 'Bottom'} ${q.limit} ${q.dimensions.map(label).join(' and ') || 'rows'} by ${s.toLowerCase()}`;
  else {
    const by = [...(q.grain ? [q.grain] : []), ...q.dimensions.map(label)];
    if (by.length) s += ` by ${by.join(' and ')}`;
  }
  const partFilter = q.sharePart ? q.filters.find((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension' && f.dimension === q.sharePart) : undefined;
  if (partFilter) {
    const by = [...(q.grain ? [q.grain] : []), ...q.dimensions.map(label)];
    const partValues = q.sharePartValues ?? partFilter.values;
    s = `Share of ${s.charAt(0).toLowerCase()}${s.slice(1).replace(/ by .*$/, '')} where ${label(partFilter.dimension)} is ${partValues.join(' or ')}${by.length ? `, within each ${by.join(' and ')}` : ''}`;
  } else if (q.share) s += ' (share of total)';
  const filters = q.filters.filter((f) => f !== partFilter || q.sharePartValues).map((f) => (f.kind === 'dimension' ? `${f.negate ? 'not ' : ''}${f.values.join(' or ')}` : `${f.column.replace(/_/g, ' ')} ${f.op} ${f.value}`));
  if (filters.length) s += `, ${filters.join(', ')}`;
  if (q.valuesOf) s += `, ${q.valuesOf.label}`;
  if (q.related) s += `, ${q.related.label}`;
  if (q.period) s += `, ${q.period.label}`;
  return s;
}


/** The text with its first letter in capitals (a column's display name). */
export const cap = (t: string): string => t.charAt(0).toUpperCase() + t.slice(1);

/**
 * "avg duration in seconds": the divisor that shows a figure measured in a time unit (its column's or measure's `unit`)
 * in another; none for a count or a distinct count, or a figure without a time unit.
 */
export function unitScale(model: SemanticModel, spec: MeasureSpec, to: TimeUnit | undefined): { factor: number; unit: TimeUnit } | undefined {
  if (!to) return undefined;
  const from = timeUnitOf(model, spec);
  if (!from || from === to) return undefined;
  const factor = TIME_UNIT_MS[to] / TIME_UNIT_MS[from];
  return { factor, unit: to };
}

/** The time unit the model measures a figure in (a duration column's `unit: ms`), if any; counts have none. */
export function timeUnitOf(model: SemanticModel, spec: MeasureSpec): TimeUnit | undefined {
  let unit: string | undefined;
  if (spec.kind === 'column') {
    if ((spec.agg as string) === 'count' || spec.agg === 'uniq') return undefined;
    unit = tableByName(model, spec.table).columns.find((c) => c.name === spec.column)?.unit;
  } else {
    const m = measureByName(model, spec.name);
    if (m.agg === 'count' || m.agg === 'uniq' || m.agg === 'ratio') return undefined;
    unit = m.unit ?? (m.table && m.column ? tableByName(model, m.table).columns.find((c) => c.name === m.column)?.unit : undefined);
  }
  const u = unit?.toLowerCase();
  return u && u in TIME_UNIT_MS ? u as TimeUnit : undefined;
}

/** Display name, format and unit of a measure, from the model (a measure's own, else its column's, else by aggregate). */
export function measureDisplay(model: SemanticModel, spec: MeasureSpec): { displayName: string; format: string; unit?: string } {
  const colOf = (table?: string, column?: string) => model.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);
  const unitOf = (format: string, unit?: string): { unit?: string } => (format === 'currency' && unit ? { unit: unit.toUpperCase() } : {});
  if (spec.kind === 'measure') {
    const m = measureByName(model, spec.name);
    let base = m;
    while (base.agg === 'ratio') base = measureByName(model, base.numerator!);
    const c = colOf(base.table, base.column);
    const format = m.format ?? (m.agg === 'count' || m.agg === 'uniq' ? 'integer' : m.agg === 'ratio' ? 'decimal(2)' : m.agg === 'avg' ? (c?.format === 'integer' ? 'decimal(2)' : c?.format ?? 'decimal(2)') : c?.format ?? 'number');
    const name = m.displayName ?? cap(m.label ?? m.name.replace(/_/g, ' '));
    const own = (spec.own ?? []).flatMap((o) => o.values).join(' / ');
    return { displayName: own ? `${cap(own)} ${name.charAt(0).toLowerCase()}${name.slice(1)}` : name, format, ...unitOf(format, m.unit ?? c?.unit) };
  }
  const c = colOf(spec.table, spec.column);
  const name = spec.bucket ? `${spec.bucket}s` : c?.displayName ?? spec.column.replace(/_/g, ' ');
  const pct = percentileWords(spec.agg);
  const word = pct ? pct.charAt(0).toUpperCase() + pct.slice(1) : { sum: 'Total', avg: 'Average', min: 'Minimum', max: 'Maximum', median: 'Median', uniq: 'Distinct', last: 'Latest', first: 'First' }[spec.agg as Exclude<typeof spec.agg, Percentile>];
  const format = spec.agg === 'uniq' ? 'integer' : (spec.agg === 'avg' || spec.agg === 'median' || !!pct) && (!c?.format || c.format === 'integer') ? 'decimal(2)' : c?.format ?? 'number';
  return { displayName: `${word} ${spec.agg === 'uniq' ? name.toLowerCase() : name.charAt(0).toLowerCase() + name.slice(1)}`, format, ...unitOf(format, c?.unit) };
}
