/**
 * A new question's query from what the parser read (parser.ts): its figures — or, when it names none, the figure its
 * breakdown, entity or noun implies — its period, grain, share, roll-up and ordering. agent.ts shapes and compiles it.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName } from './compiler.ts';
import type { ParsedQuestion } from './parser.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';
import { applyOrdering } from './refine-query.ts';
import { applySharePart } from './share-of-part.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/** A plural noun of a breakdown the model offers, for an example rewording ("products"). */
export function firstDimensionNoun(model: SemanticModel): string {
  const d = model.dimensions.find((x) => !x.expr && !x.rowsOf && x.synonyms?.length) ?? model.dimensions[0];
  return d?.synonyms?.find((w) => w.endsWith('s')) ?? `${d?.name ?? 'group'}s`;
}

/**
 * "most common event type", "least frequent plan": the rows counted are those of the one table the dimension is a column
 * of; of several ("device": orders and events), the table whose default figure the dimension would get.
 */
function frequencyCount(model: SemanticModel, dimension: string, anyCount: (table: string) => MeasureSpec | undefined): MeasureSpec | undefined {
  // The table's own row count: its default figure when that counts rows, else the count over its default rows.
  const countOf = (table: string): MeasureSpec | undefined => {
    const t = model.tables.find((x) => x.name === table);
    const c = model.measures.find((x) => x.name === t?.defaultMeasure && x.agg === 'count')
      ?? model.measures.find((x) => x.table === table && x.agg === 'count' && !x.hidden && JSON.stringify(x.filter ?? {}) === JSON.stringify(t?.defaultFilter ?? {}));
    return c ? { kind: 'measure', name: c.name } : anyCount(table);
  };
  const d = model.dimensions.find((x) => x.name === dimension);
  const tables = [...new Set(d?.expr ? (d.table ? [d.table] : []) : (d?.columns ?? []).map((c) => c.split('.')[0]))].filter((t) => countOf(t));
  if (tables.length === 1) return countOf(tables[0]);
  const fallback = defaultMeasureFor(model, dimension);
  const table = fallback?.kind === 'measure' ? model.measures.find((x) => x.name === fallback.name)?.table : undefined;
  return (table ? countOf(table) : undefined) ?? fallback;
}

/** The figure a breakdown by `dimension` gets when the question names none: the default figure of the first table reaching it. */
function defaultMeasureFor(model: SemanticModel, dimension: string): MeasureSpec | undefined {
  const d = model.dimensions.find((x) => x.name === dimension);
  if (!d) return undefined;
  for (const t of model.tables) {
    if (!t.defaultMeasure) continue;
    const tablesReached = new Set([t.name, ...(model.joins ?? []).filter((j) => j.from === t.name).map((j) => j.to)]);
    if (d.expr ? (d.table ? tablesReached.has(d.table) : !!t.time) : (d.columns ?? []).some((c) => tablesReached.has(c.split('.')[0]))) return { kind: 'measure', name: t.defaultMeasure };
  }
  return undefined;
}

/** The query of a question read afresh (no previous answer to refine); `question` as asked, for the words around a breakdown. */
export function fresh(model: SemanticModel, p: ParsedQuestion, question = ''): SemanticQuery {
  const q: SemanticQuery = { model: model.name, measures: [...p.measures], dimensions: [...p.dimensions], filters: [...p.filters] };
  if (q.measures.length === 0) {
    const first = p.dimensions[0] ?? (p.filters[0]?.kind === 'dimension' ? undefined : undefined);
    const entityTable = p.entities[0] ? model.tables.find((t) => t.name === p.entities[0]) : undefined;
    const countOf = (table: string): MeasureSpec | undefined => {
      const c = model.measures.find((x) => x.table === table && x.agg === 'count' && !x.filter) ?? model.measures.find((x) => x.table === table && x.agg === 'count');
      return c ? { kind: 'measure', name: c.name } : undefined;
    };
    // "how many checkouts", "logins by device": a value of a one-table dimension, used as a noun, counts that table's rows.
    const nounTables = (p.valueNouns ?? []).map((v) => model.dimensions.find((d) => d.name === v.dimension))
      .filter((d) => d && !d.expr && d.columns?.length === 1).map((d) => d!.columns![0].split('.')[0]);
    const noun = !entityTable && nounTables.length > 0 && nounTables.every((t) => t === nounTables[0]) ? countOf(nounTables[0]) : undefined;
    // "count by channel": a count with nothing named to count counts the rows the breakdown is a column of — one
    // table's, or the question is refused naming the choices (never the default figure, which is not a count).
    const countByDimension = (): MeasureSpec | undefined => {
      const d = model.dimensions.find((x) => x.name === first);
      const tables = [...new Set((d?.expr ? (d.table ? [d.table] : []) : (d?.columns ?? []).map((c) => c.split('.')[0])))];
      const counted = tables.filter((t) => countOf(t));
      if (counted.length === 1) return countOf(counted[0]);
      const words = counted.map((t) => `"${t} by ${first}"`);
      notUnderstood(`count of what? ${first} is a column of several tables: ask for ${words.length ? words.join(' or ') : 'a figure by it'}.`);
    };
    const m = noun ?? (entityTable ? (p.countIntent ? countOf(entityTable.name) : undefined) ?? (entityTable.defaultMeasure ? { kind: 'measure' as const, name: entityTable.defaultMeasure } : undefined)
      : first ? (p.countIntent ? countByDimension() : p.frequency ? frequencyCount(model, first, countOf) : defaultMeasureFor(model, first)) : undefined);
    const money = p.howMuch ? model.measures.find((x) => x.format === 'currency' && x.agg !== 'ratio') : undefined;
    if (money) q.measures.push({ kind: 'measure', name: money.name });
    else if (m && (p.dimensions.length > 0 || p.superlative || p.limit !== undefined || entityTable || noun)) q.measures.push(m);
  }
  columnsOverAllRows(model, q);
  acrossItsOwnRows(model, q, question);
  if (p.orphanOf) q.orphanOf = p.orphanOf;
  if (p.valuesOf) q.valuesOf = p.valuesOf;
  if (p.period) q.period = p.period;
  if (p.periodBlocks) q.periodBlocks = true;
  if (p.grain) q.grain = p.grain;
  if (p.inUnit) q.inUnit = p.inUnit;
  if (p.periodComparison) q.comparePeriods = true;
  if (p.periodBefore) {
    const span = p.periodBefore.n > 1 ? `${p.periodBefore.n} ${p.periodBefore.unit}s` : p.periodBefore.unit;
    notUnderstood(p.periodBefore.shift ? `"${span} earlier" than what? Name the period, as in "revenue on June 3".` : `"the ${span} before" what? Name the period, as in "revenue the week before last".`);
  }
  if (p.sameBefore) notUnderstood(`"the same ${p.sameBefore.unit} a ${p.sameBefore.back} before" as what? Name the period, as in "orders yesterday vs the same day last week".`);
  if (p.comparedToBefore) notUnderstood(`"the ${p.comparedToBefore} before" what? Name both periods, as in "last week vs the week before".`);
  if (p.periodComparedTo) notUnderstood(`"${p.period?.label ?? 'that period'}" is compared with nothing: name both periods, as in "this month vs last month".`);
  if (p.change) q.change = p.change;
  // "revenue, orders and AOV in one row": an answer of one row already asks nothing more.
  if (p.periodColumns && (q.grain || q.comparePeriods || q.dimensions.length || q.periodBlocks)) q.periodColumns = true;
  if (p.share) q.share = p.share;
  applySharePart(model, q, p);
  // "share of orders from mobile by country": with a breakdown, the one value filtered on (not grouped, not said to
  // restrict with "only" / "among") is the part, and each group's own figure the whole — the title says so.
  const parts = q.filters.filter((f): f is Extract<FilterSpec, { kind: 'dimension' }> => f.kind === 'dimension' && !f.negate && !q.dimensions.includes(f.dimension));
  if (q.share && !q.sharePart && (q.dimensions.length > 0 || q.grain) && parts.length === 1 && q.filters.length === 1 && q.measures.length === 1 && !p.restricts && !p.rollup) q.sharePart = parts[0].dimension;
  if (p.chart) q.chart = p.chart;
  if (p.valueGroups) { q.valueGroups = p.valueGroups; if (!q.dimensions.includes(p.valueGroups.dimension)) q.dimensions = [...q.dimensions, p.valueGroups.dimension]; }
  if (p.cumulative) q.cumulative = true;
  if (p.rollup) q.rollup = rollupOf(model, p.rollup);
  applyOrdering(q, p);
  return q;
}

/** The roll-up a question asked for ("average daily revenue", "orders per customer"), with its column name and label. */
export function rollupOf(model: SemanticModel, r: NonNullable<ParsedQuestion['rollup']>): NonNullable<SemanticQuery['rollup']> {
  const md = measureByName(model, r.name);
  const word = { avg: 'average', max: 'maximum', min: 'minimum' }[r.agg];
  const label = (m: { name: string; label?: string }): string => m.label ?? m.name.replace(/_/g, ' ');
  if ('grain' in r.over) {
    const adj = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly', quarter: 'quarterly', year: 'yearly' }[r.over.grain];
    return { per: { grain: r.over.grain }, agg: r.agg, alias: `${r.agg}_${adj}_${md.name}`, label: `${word} ${adj} ${label(md)}` };
  }
  const entity = measureByName(model, r.over.entity);
  return { per: { table: entity.table!, column: entity.column! }, agg: r.agg, alias: `${r.agg}_${md.name}_per_${entity.name.replace(/s$/, '')}`, label: `${word} ${label(md)} per ${label(entity).replace(/s$/, '')}` };
}

/**
 * "the number of rows and the number of distinct order_ids": beside the count of every row of a table (a count without
 * the table's default rows), an aggregate of one of its columns is over the same rows — a data check compares them.
 */
function columnsOverAllRows(model: SemanticModel, q: SemanticQuery): void {
  const whole = new Set(q.measures.flatMap((m) => {
    const d = m.kind === 'measure' ? measureByName(model, m.name) : undefined;
    const t = model.tables.find((x) => x.name === d?.table);
    return d?.agg === 'count' && !d.filter && t?.defaultFilter && !(m.kind === 'measure' && m.own) ? [t.name] : [];
  }));
  if (whole.size) q.measures = q.measures.map((m) => (m.kind === 'column' && whole.has(m.table) && !m.of ? { ...m, all: true } : m));
}

/**
 * "the average list price across our sports products": "across" the rows the figure is a column of (one row per value of
 * the breakdown, its `countMeasure` counting that table) is over them — a split would give each row its own value.
 */
function acrossItsOwnRows(model: SemanticModel, q: SemanticQuery, question: string): void {
  const d = q.dimensions.length === 1 && !q.grain ? model.dimensions.find((x) => x.name === q.dimensions[0]) : undefined;
  const table = d?.countMeasure ? model.measures.find((m) => m.name === d.countMeasure)?.table : undefined;
  if (!d || !table || q.limit !== undefined) return;
  const own = q.measures.length > 0 && q.measures.every((m) => (m.kind === 'column' ? m.table === table && !m.of && m.agg !== 'uniq'
    : ((md) => md.table === table && md.agg !== 'count' && md.agg !== 'ratio')(measureByName(model, m.name))));
  const words = [d.name, ...(d.synonyms ?? [])].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/_/g, '[_\\s]')).join('|');
  if (!own || !new RegExp(String.raw`\bacross\s+(?:all\s+(?:of\s+)?)?(?:the\s+|our\s+|my\s+|their\s+)?(?:[a-z-]+\s+){0,2}(?:${words})\b`, 'i').test(question)) return;
  q.dimensions = [];
  delete q.order;
}
