/**
 * Constructions over a grouped series, each an outer query over the plain compiled one: a running total (a window in
 * time order), a change between two compared periods, and a roll-up of a figure per key.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { cap, chartFor, measureDisplay, titleOf } from './compile-display.ts';
import { blockLabel, compileQuery, measureAlias, measureByName, measureLabel, sqlNumber, sqlString, type ColumnDisplay, type CompiledQuery } from './compiler.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { SemanticQuery } from './semantic-query.ts';
import { elapsedText, nextUnit, parseStamp, unitStart } from './calendar-words.ts';
import { isoDate, isoDateTime, unitBefore, type Grain } from './time-phrases.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/**
 * A running total: the series grouped as usual (one row per time bucket and dimension values), then each figure
 * added up in time order within its dimension values: SELECT …, sum(x) OVER (PARTITION BY dims ORDER BY bucket) FROM (…).
 */
export function compileCumulative(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  if (!q.grain) return notUnderstood('a running total needs a time bucket: say by day, week or month');
  const inner: SemanticQuery = { ...q, cumulative: undefined, order: undefined, limit: undefined, limitBy: undefined, chart: undefined };
  const compiled = compileQuery(model, inner, opts);
  const aliases = q.measures.map((m) => measureAlias(model, m));
  const keys = [q.grain, ...q.dimensions];
  const over = `(${q.dimensions.length ? `PARTITION BY ${q.dimensions.join(', ')} ` : ''}ORDER BY ${q.grain})`;
  const select = [...keys, ...aliases.map((a) => `sum(${a}) OVER ${over} AS running_${a}`), ...aliases];
  const lines = [`SELECT ${select.join(', ')}`, fromSubquery(compiled.sql), `ORDER BY ${keys.join(', ')}`];
  const byName = new Map(compiled.columns.map((c) => [c.name, c]));
  const columns: ColumnDisplay[] = [...keys.map((k) => byName.get(k)!),
    ...aliases.map((a, i) => { const c = byName.get(a)!; return { ...c, name: `running_${a}`, displayName: `Cumulative ${measureLabel(model, q.measures[i])}` }; }),
    ...aliases.map((a) => byName.get(a)!)];
  const title = `Running total of ${titleOf(model, inner).replace(/^./, (ch) => ch.toLowerCase())}`;
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title, chartHint: q.chart ?? 'line' };
}

/**
 * A change between two compared periods: the figure per period (and dimension), then the later minus the earlier and
 * the later over the earlier − 1 (a fraction, shown as a percent); NULL where a group has no row in one of the two periods.
 */
export function compileChange(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  if (q.change?.seriesFrom && q.grain) return compileChangeSeries(model, q, opts);
  if (!q.grain || !q.comparePeriods) return notUnderstood('a change needs two periods to compare, such as "last month compared with the month before"');
  const inner: SemanticQuery = { ...q, measures: [q.measures[0]], change: undefined, order: undefined, limit: undefined, limitBy: undefined, share: undefined, having: undefined, chart: undefined };
  const compiled = compileQuery(model, inner, opts);
  const alias = measureAlias(model, q.measures[0]);
  const g = q.grain;
  const later = `argMax(${alias}, ${g})`, earlier = `argMin(${alias}, ${g})`;
  const both = `uniqExact(${g}) = 2`;
  const difference = q.change?.difference;
  const select = difference ? [...q.dimensions, `if(${both}, ${difference === 1 ? `${later} - ${earlier}` : `${earlier} - ${later}`}, NULL) AS ${alias}_difference`] : [...q.dimensions, `if(${both}, ${later} - ${earlier}, NULL) AS ${alias}_change`, `if(${both}, ${later} / ${earlier} - 1, NULL) AS ${alias}_change_percent`,
    // Asked "by what percentage": the number of percent too, after the fraction.
    ...(q.change?.percent ? [`if(${both}, 100 * (${later} / ${earlier} - 1), NULL) AS ${alias}_change_in_percent`] : [])];
  const sortBy = difference ? `${alias}_difference` : `${alias}_change_percent`;
  const lines = [`SELECT ${select.join(', ')}`, fromSubquery(compiled.sql)];
  if (q.dimensions.length) lines.push(`GROUP BY ${q.dimensions.join(', ')}`, `ORDER BY ${sortBy} ${(q.order ?? 'desc').toUpperCase()}`);
  if (q.limit !== undefined && q.dimensions.length) lines.push(`LIMIT ${q.limit}`);
  const shown = measureDisplay(model, q.measures[0]);
  const label = measureLabel(model, q.measures[0]);
  const columns: ColumnDisplay[] = difference ? [...compiled.columns.filter((c) => q.dimensions.includes(c.name)),
    { name: `${alias}_difference`, displayName: `Difference in ${label}`, format: shown.format, ...(shown.unit ? { unit: shown.unit } : {}) }] : [...compiled.columns.filter((c) => q.dimensions.includes(c.name)),
    { name: `${alias}_change`, displayName: `Change in ${label}`, format: shown.format === 'percent' ? 'percent' : shown.format, ...(shown.unit ? { unit: shown.unit } : {}) },
    { name: `${alias}_change_percent`, displayName: `Change in ${label} (%)`, format: 'percent' },
    ...(q.change?.percent ? [{ name: `${alias}_change_in_percent`, displayName: `Change in ${label}, percent`, format: 'decimal(1)' }] : [])];
  const title = `Change in ${label}${q.dimensions.length ? ` by ${q.dimensions.map((d) => model.dimensions.find((x) => x.name === d)?.label ?? d.replace(/_/g, ' ')).join(' and ')}` : ''}${q.period ? `, ${q.period.label}` : ''}`;
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title, chartHint: q.chart ?? (q.dimensions.length ? 'bar' : 'big-number') };
}

/**
 * A roll-up: the first measure per key (a column, or a time bucket), then aggregated over those groups, by the
 * query's own dimensions: SELECT dims, agg(m) FROM (SELECT dims, key, m … GROUP BY dims, key [HAVING m op v]) GROUP BY dims.
 */
export function compileRollup(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  let r = q.rollup!;
  const inner: SemanticQuery = { ...q, measures: [q.measures[0]], rollup: undefined, order: undefined, limit: undefined, limitBy: undefined, share: undefined, having: undefined, chart: undefined };
  const perGrain = 'grain' in r.per ? r.per.grain : undefined;
  if (perGrain && q.grain) notUnderstood(`a ${r.label} cannot also be split by ${q.grain}`);
  if (perGrain) inner.grain = perGrain;
  // "page views per user": the entity's keys are all of its rows (every active user), not only those the figure's own
  // filter keeps; counting the key alongside puts the figure's filter inside its aggregate, so a key without one counts 0.
  const per = 'grain' in r.per ? undefined : r.per;
  const first = q.measures[0];
  const own = first.kind === 'measure' ? measureByName(model, first.name) : undefined;
  const keyMeasure = per && own?.filter && Object.keys(own.filter).length && !r.having
    ? model.measures.find((x) => x.table === per.table && x.agg === 'uniq' && x.column === per.column && !x.filter && !x.grain) : undefined;
  if (keyMeasure && !q.filters.some((f) => f.kind === 'dimension' && Object.keys(own!.filter!).includes(f.dimension))) inner.measures.push({ kind: 'measure', name: keyMeasure.name });
  // "what share of customers are repeat buyers": the keys that pass the threshold over all keys.
  const shareOfKeys = !!q.share && r.agg === 'count' && !!r.having;
  const compiled = compileQuery(model, inner, { maxRows: opts.maxRows, ...('grain' in r.per ? {} : { groupKey: r.per }), ...(r.having && !shareOfKeys ? { keyHaving: r.having } : {}) });
  const alias = measureAlias(model, q.measures[0]);
  const outerDims = [...(q.grain && !perGrain ? [q.grain] : []), ...q.dimensions];
  const passing = r.having ? `countIf(${alias} ${r.having.op} ${sqlNumber(r.having.value)})` : '';
  const value = shareOfKeys ? `${passing} / count()` : r.agg === 'count' ? 'count()' : `${r.agg}(${alias})`;
  if (shareOfKeys) r = { ...r, alias: `share_${r.alias}`, label: `share of ${r.label}` };
  const inPercent = shareOfKeys && q.share === 'percent' ? [`100 * ${value} AS percent`] : [];
  const lines = [`SELECT ${[...outerDims, `${value} AS ${r.alias}`, ...inPercent].join(', ')}`, fromSubquery(compiled.sql)];
  if (outerDims.length) lines.push(`GROUP BY ${outerDims.join(', ')}`);
  if (q.order) lines.push(`ORDER BY ${r.alias} ${q.order.toUpperCase()}`);
  else if (q.grain && !perGrain) lines.push(`ORDER BY ${outerDims.join(', ')}`);
  else if (outerDims.length) lines.push(`ORDER BY ${r.alias} DESC`);
  if (q.limit !== undefined && outerDims.length) lines.push(`LIMIT ${q.limit}`);
  const title = titleOf(model, { ...q, rollup: undefined, measures: [q.measures[0]] }).replace(/^[^,]*?(?= by |,|$)/, r.label[0].toUpperCase() + r.label.slice(1));
  const inner0 = measureDisplay(model, q.measures[0]);
  const columns: ColumnDisplay[] = [...compiled.columns.filter((c) => outerDims.includes(c.name)),
    { name: r.alias, displayName: cap(r.label), ...(shareOfKeys ? { format: 'percent' } : r.agg === 'count' ? { format: 'integer' } : { format: inner0.format === 'integer' ? 'decimal(2)' : inner0.format, ...(inner0.unit ? { unit: inner0.unit } : {}) }) },
    ...(inPercent.length ? [{ name: 'percent', displayName: 'Percent', format: 'decimal(1)' }] : [])];
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title, chartHint: q.chart ?? chartFor({ ...q, grain: perGrain ? undefined : q.grain }) };
}

/** The buckets of `grain` a compared period covers (its parts when it has them), earliest first; at most `max` + 1. */
function bucketsOf(q: SemanticQuery, grain: Grain, max: number): Date[] {
  const spans = q.period!.parts ?? [{ from: q.period!.from, to: q.period!.to, toInclusive: !!q.period!.toInclusive }];
  const out = new Map<number, Date>();
  for (const span of spans) {
    const end = parseStamp(span.to).getTime();
    for (let b = unitStart(parseStamp(span.from), grain); b.getTime() < end || (span.toInclusive && b.getTime() === end); b = nextUnit(b, grain)) {
      out.set(b.getTime(), b);
      if (out.size > max) break;
    }
  }
  return [...out.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** `FROM (` the query `)`, its lines indented under the outer SELECT. */
const indent = (sql: string): string => sql.split('\n').map((l) => `  ${l}`).join('\n');
const fromSubquery = (sql: string): string => `FROM (\n${indent(sql)}\n)`;

/**
 * Compared periods as columns of one row ("last week's orders and the week before's, side by side in one row"): the
 * figure per period as usual, then one column per period, earliest first (per dimension values when broken down). A
 * period with no rows is 0 for a count or a sum and empty for any other figure. Two to four periods of a day or longer.
 */
export function compilePeriodColumns(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  const refuse = (): never => notUnderstood('I show compared periods as columns of one row only for two to four periods of a day or longer (such as "last week vs the week before, in one row"); ask without "in one row" for a row each.');
  if (q.periodBlocks && !q.grain && q.period?.parts?.length === 2) return compileBlockColumns(model, q, opts);
  if (!q.grain || !q.comparePeriods || !q.period || q.grain === 'hour' || q.measures.length !== 1) return refuse();
  const buckets = bucketsOf(q, q.grain, 4);
  if (buckets.length < 2 || buckets.length > 4) return refuse();
  const { compiled, alias, shown, label, additive } = pivotSource(model, q, opts);
  const g = q.grain;
  const cols = buckets.map((b) => {
    const day = isoDate(b);
    const value = `anyIfOrNull(${alias}, ${g} = toDate('${day}'))`;
    return { name: `${alias}_${day.replace(/-/g, '_')}`, sql: additive ? `ifNull(${value}, 0)` : value, day };
  });
  const lines = [`SELECT ${[...q.dimensions, ...cols.map((c) => `${c.sql} AS ${c.name}`)].join(', ')}`, fromSubquery(compiled.sql)];
  if (q.dimensions.length) lines.push(`GROUP BY ${q.dimensions.join(', ')}`, `ORDER BY ${q.dimensions.join(', ')}`);
  const unitWord = g === 'day' ? '' : `${g} of `;
  const columns: ColumnDisplay[] = [...compiled.columns.filter((c) => q.dimensions.includes(c.name)),
    ...cols.map((c) => ({ name: c.name, displayName: `${cap(label)}, ${unitWord}${c.day}`, format: shown.format, ...(shown.unit ? { unit: shown.unit } : {}) }))];
  const title = `${cap(label)} by ${g}, side by side${q.period.label ? `, ${q.period.label}` : ''}`;
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title, chartHint: q.chart ?? 'bar' };
}

/**
 * A change for every time bucket ("month-over-month revenue growth from February to May"): the figure per bucket (and
 * dimension values), each bucket's previous one beside it (lagInFrame, in time order within the dimension values), then
 * the difference and the growth; the bucket before the first one asked is read only as the first one's previous.
 */
function compileChangeSeries(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  const g = q.grain!;
  const inner: SemanticQuery = { ...q, period: withBucketBefore(q), measures: [q.measures[0]], change: undefined, order: undefined, limit: undefined, limitBy: undefined, share: undefined, having: undefined, chart: undefined };
  const compiled = compileQuery(model, inner, opts);
  const alias = measureAlias(model, q.measures[0]);
  const keys = [g, ...q.dimensions];
  const over = `(${q.dimensions.length ? `PARTITION BY ${q.dimensions.join(', ')} ` : ''}ORDER BY ${g} ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)`;
  const running = runningBucket(q);
  let withPrevious: string[];
  if (running) {
    // Like with like: the bucket still running at the end of the period (this month to date) is compared with the same
    // elapsed part of the bucket before it, not with all of it; every other bucket with the whole one before.
    const toDate = compileQuery(model, { ...inner, comparePeriods: true, sameElapsed: running.elapsedS }, opts);
    const joined = [`SELECT ${[...keys.map((k) => `f.${k} AS ${k}`), `f.${alias} AS ${alias}`, `t.${alias} AS to_date`].join(', ')}`,
      `${fromSubquery(compiled.sql)} AS f`, `LEFT JOIN (\n${indent(toDate.sql)}\n) AS t ON ${keys.map((k) => `f.${k} = t.${k}`).join(' AND ')}`];
    const lags = [`SELECT ${[...keys, alias, `lagInFrame(toNullable(${alias})) OVER ${over} AS previous_whole`, `lagInFrame(toNullable(to_date)) OVER ${over} AS previous_to_date`].join(', ')}`,
      fromSubquery(joined.join('\n'))];
    withPrevious = [`SELECT ${[...keys, alias, `if(${g} = toDate('${isoDate(running.start)}'), previous_to_date, previous_whole) AS previous`].join(', ')}`,
      fromSubquery(lags.join('\n'))];
  } else {
    withPrevious = [`SELECT ${[...keys, alias, `lagInFrame(toNullable(${alias})) OVER ${over} AS previous`].join(', ')}`, fromSubquery(compiled.sql)];
  }
  const growth = `if(previous = 0, NULL, ${alias} / previous - 1)`;
  const select = [...keys, alias, `${alias} - previous AS ${alias}_change`, `${growth} AS ${alias}_change_percent`,
    ...(q.change?.percent ? [`100 * ${growth} AS ${alias}_change_in_percent`] : [])];
  const lines = [`SELECT ${select.join(', ')}`, fromSubquery(withPrevious.join('\n')),
    `WHERE ${g} >= toDate('${q.change!.seriesFrom!.slice(0, 10)}')`, `ORDER BY ${[...q.dimensions, g].join(', ')}`];
  const shown = measureDisplay(model, q.measures[0]);
  const label = measureLabel(model, q.measures[0]);
  const byName = new Map(compiled.columns.map((c) => [c.name, c]));
  const columns: ColumnDisplay[] = [...keys.map((k) => byName.get(k)!), byName.get(alias)!,
    { name: `${alias}_change`, displayName: `Change in ${label}`, format: shown.format, ...(shown.unit ? { unit: shown.unit } : {}) },
    { name: `${alias}_change_percent`, displayName: `Change in ${label} (%)`, format: 'percent' },
    ...(q.change?.percent ? [{ name: `${alias}_change_in_percent`, displayName: `Change in ${label}, percent`, format: 'decimal(1)' }] : [])];
  const likeForLike = running ? ` (the last ${g}, to date, against the same ${elapsedText(running.elapsedS)} of the ${g} before)` : '';
  const title = `${cap(g)}-over-${g} change in ${label}${q.dimensions.length ? ` by ${q.dimensions.join(', ').replace(/_/g, ' ')}` : ''}${q.period ? `, ${q.period.label}` : ''}${likeForLike}`;
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title, chartHint: q.chart ?? 'line' };
}

/**
 * The change series' period with the bucket before its first one, read only as the first one's previous: that whole
 * bucket, then the period as asked ("this year" by week: the week before 2025-01-01's week, then from 2025-01-01 — the
 * days of the first week before the period are not counted in it).
 */
function withBucketBefore(q: SemanticQuery): SemanticQuery['period'] {
  const p = q.period;
  // Compared periods (asked yes/no) are read as they are: the first one shown has no change.
  if (!p || p.openStart || !q.change?.seriesFrom || q.comparePeriods) return p;
  const start = parseStamp(q.change.seriesFrom);
  const before = isoDateTime(unitBefore({ from: start, to: start, toInclusive: false, label: '' }, q.grain!).from);
  if (p.parts?.length) return { ...p, from: before };
  if (p.from === q.change.seriesFrom) return { ...p, from: before };
  return { ...p, from: before, parts: [{ from: before, to: q.change.seriesFrom, toInclusive: false }, { from: p.from, to: p.to, toInclusive: p.toInclusive }] };
}

/**
 * The bucket a period ending "now" (inclusive, at a time inside a bucket) cuts short, and how many seconds of it have
 * passed; undefined when the period ends on a bucket boundary.
 */
function runningBucket(q: SemanticQuery): { start: Date; elapsedS: number } | undefined {
  if (!q.grain || !q.period?.toInclusive) return undefined;
  const end = parseStamp(q.period.to).getTime() + 1000;
  const start = unitStart(new Date(end), q.grain);
  if (!Number.isFinite(end) || end <= start.getTime() || end >= nextUnit(start, q.grain).getTime()) return undefined;
  return { start, elapsedS: Math.floor((end - 1000 - start.getTime()) / 1000) };
}

/**
 * The query a pivot into columns of one row reads (the figure per period, no order or limit), and how its figure is
 * named and shown; `additive` when a period with no rows is 0 (counts and sums), not empty.
 */
function pivotSource(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): { compiled: CompiledQuery; alias: string; shown: ReturnType<typeof measureDisplay>; label: string; additive: boolean } {
  const inner: SemanticQuery = { ...q, periodColumns: undefined, order: undefined, limit: undefined, limitBy: undefined, chart: undefined };
  const first = q.measures[0];
  const agg = first.kind === 'measure' ? measureByName(model, first.name)?.agg : first.agg;
  return { compiled: compileQuery(model, inner, opts), alias: measureAlias(model, first), shown: measureDisplay(model, first), label: measureLabel(model, first), additive: agg === 'count' || agg === 'sum' || agg === 'uniq' };
}

/**
 * "the last 10 days vs the 10 days before that, one row": the figure of each span as a column of one row (per dimension
 * values when broken down), the earlier span first; a span with no rows is 0 for a count or a sum, empty otherwise.
 */
function compileBlockColumns(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number }): CompiledQuery {
  if (q.measures.length !== 1) notUnderstood('I show two spans as columns of one row for one figure at a time; ask for each figure on its own.');
  const { compiled, alias, shown, label, additive } = pivotSource(model, q, opts);
  const cols = q.period!.parts!.map((part, i) => {
    const name = blockLabel(part);
    const value = `anyIfOrNull(${alias}, period = ${sqlString(name)})`;
    return { name: `${alias}_${i === 0 ? 'earlier' : 'later'}`, sql: additive ? `ifNull(${value}, 0)` : value, span: name };
  });
  const lines = [`SELECT ${[...q.dimensions, ...cols.map((c) => `${c.sql} AS ${c.name}`)].join(', ')}`, fromSubquery(compiled.sql)];
  if (q.dimensions.length) lines.push(`GROUP BY ${q.dimensions.join(', ')}`, `ORDER BY ${q.dimensions.join(', ')}`);
  const columns: ColumnDisplay[] = [...compiled.columns.filter((c) => q.dimensions.includes(c.name)),
    ...cols.map((c) => ({ name: c.name, displayName: `${cap(label)}, ${c.span}`, format: shown.format, ...(shown.unit ? { unit: shown.unit } : {}) }))];
  return { sql: lines.join('\n'), columns, tables: compiled.tables, timeColumn: compiled.timeColumn, title: `${cap(label)}, ${q.period!.label}, side by side`, chartHint: q.chart ?? 'bar' };
}
