/**
 * A semantic model for a design's tables, so questions work on them as soon
 * as they exist: a row count per table, sums of money and counts (money as
 * currency), averages of durations and measured numbers, distinct users, the
 * enum-like columns as dimensions with their values. Rollups stay out (the
 * query agent reads the base tables). Merged into an existing designer model
 * of the same database.
 */
import { validateSemanticModel, type SemanticModel } from '../query/index.ts';
import type { Design, DesignColumn } from './design.ts';
import { columnFor, roleOf } from './conventions.ts';

type Model = SemanticModel;
type Measure = Model['measures'][number];
type Dimension = Model['dimensions'][number];
type Table = Model['tables'][number];

const words = (s: string) => s.replace(/_/g, ' ');
const singular = (s: string) => s.replace(/ies$/, 'y').replace(/s$/, '');

function columnKind(c: DesignColumn): Table['columns'][number]['type'] {
  if (c.role === 'time' || c.role === 'date') return 'time';
  if (['money', 'count', 'duration', 'number'].includes(c.role)) return 'number';
  if (c.role === 'enum' || c.role === 'text' || c.role === 'flag') return 'string';
  return 'id';
}

/** The model of `design`'s base tables, merged over `existing` (same database) when given. */
export function semanticModelFor(design: Design, existing?: Model): Model {
  const db = design.database;
  const tables: Table[] = [...(existing?.tables ?? [])];
  const measures: Measure[] = [...(existing?.measures ?? [])];
  const dims = new Map<string, Dimension>((existing?.dimensions ?? []).map((d) => [d.name, { ...d }]));
  const used = new Set(measures.map((m) => m.name));
  const unique = (n: string) => {
    let name = n.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
    for (let i = 2; used.has(name); i++) name = `${n}_${i}`;
    used.add(name);
    return name;
  };
  for (const t of design.tables) {
    // Questions read the local copy (Kafka, refreshed connectors), never the remote or queue table.
    if (t.rollupOf || ((design.connector?.kind === 'Kafka' || design.connector?.refresh) && t.name === design.connector.table)) continue;
    if (tables.some((x) => x.name === t.name)) continue;
    const columns: Table['columns'] = t.columns
      .filter((c) => !/^(Map|Array|AggregateFunction|SimpleAggregateFunction)/.test(c.type))
      .map((c) => ({
        name: c.name,
        type: columnKind(c),
        ...(c.role === 'money' ? { format: 'currency' as const, unit: 'usd' } : {}),
        ...(c.role === 'duration' ? { unit: 'ms', defaultAgg: 'avg' as const } : {}),
        ...(c.role === 'number' ? { defaultAgg: 'avg' as const } : {}),
        ...(c.role === 'count' ? { format: 'integer' as const } : {}),
      }));
    const count = unique(t.name);
    measures.push({ name: count, label: `${words(t.name)} count`, synonyms: [words(t.name), `number of ${words(t.name)}`, `${words(t.name)} count`], table: t.name, agg: 'count' });
    for (const c of t.columns) {
      if (c.role === 'money' || c.role === 'count') measures.push({ name: unique(`total_${c.name}`), label: `total ${words(c.name)}`, synonyms: [words(c.name)], table: t.name, agg: 'sum', column: c.name, ...(c.role === 'money' ? { format: 'currency' as const, unit: 'usd' } : { format: 'integer' as const }) });
      else if (c.role === 'duration' || c.role === 'number') measures.push({ name: unique(`avg_${c.name}`), label: `average ${words(c.name)}`, synonyms: [words(c.name)], table: t.name, agg: 'avg', column: c.name });
      else if (/^(user|customer|visitor|client|account|member|player)_id$/.test(c.name)) {
        const who = c.name.replace(/_id$/, '');
        measures.push({ name: unique(`unique_${who}s`), label: `distinct ${who}s`, synonyms: [`${who}s`, `unique ${who}s`, `active ${who}s`], table: t.name, agg: 'uniq', column: c.name });
      }
      if (c.role === 'enum' && !c.type.includes('Nullable')) {
        const d = dims.get(c.name) ?? { name: c.name, columns: [] };
        d.columns = [...new Set([...(d.columns ?? []), `${t.name}.${c.name}`])];
        if (c.values?.length) d.values = [...new Set([...(d.values ?? []), ...c.values])];
        dims.set(c.name, d);
      }
    }
    tables.push({ name: t.name, table: `${db}.${t.name}`, ...(t.timeColumn ? { time: t.timeColumn } : {}), defaultMeasure: count, entity: [singular(words(t.name))], columns });
  }
  return validateSemanticModel(
    { name: db, database: db, description: existing?.description ?? `Designed with datalabs design: ${design.requirement.slice(0, 200)}`, tables, ...(existing?.joins ? { joins: existing.joins } : {}), dimensions: [...dims.values()], measures },
    `designed model of ${db}`,
  );
}

/** `model` after an applied ALTER of one of its tables (a column added, dropped or renamed); unchanged otherwise. */
export function evolveSemanticModel(model: Model, alter: NonNullable<Design['alter']>): Model {
  const m = structuredClone(model);
  const table = m.tables.find((t) => t.table.split('.')[1] === alter.table);
  if (!table) return m;
  const ref = (c: string) => `${table.name}.${c}`;
  if (alter.kind === 'add' && alter.type) {
    const c = columnFor(alter.column, { nullable: /^(Nullable|LowCardinality\(Nullable)/.test(alter.type), precision: 0, explicitType: alter.type });
    const role = roleOf(alter.column);
    table.columns.push({ name: alter.column, type: columnKind({ ...c, role }) });
    if (role === 'enum' && !/Nullable/.test(alter.type)) m.dimensions.push({ name: m.dimensions.some((d) => d.name === alter.column) ? `${table.name}_${alter.column}` : alter.column, columns: [ref(alter.column)] });
  } else if (alter.kind === 'drop') {
    table.columns = table.columns.filter((c) => c.name !== alter.column);
    if (table.time === alter.column) delete table.time;
    const gone = new Set(m.measures.filter((x) => x.table === table.name && x.column === alter.column).map((x) => x.name));
    m.measures = m.measures.filter((x) => !gone.has(x.name) && !gone.has(x.numerator ?? '') && !gone.has(x.denominator ?? ''));
    for (const d of m.dimensions) d.columns = (d.columns ?? []).filter((c) => c !== ref(alter.column));
    m.dimensions = m.dimensions.filter((d) => (d.columns?.length ?? 0) > 0 || d.expr);
  } else if (alter.kind === 'rename' && alter.newName) {
    for (const c of table.columns) if (c.name === alter.column) c.name = alter.newName;
    if (table.time === alter.column) table.time = alter.newName;
    for (const x of m.measures) if (x.table === table.name && x.column === alter.column) x.column = alter.newName;
    for (const d of m.dimensions) d.columns = (d.columns ?? []).map((c) => (c === ref(alter.column) ? ref(alter.newName!) : c));
  }
  return validateSemanticModel(m, `designed model of ${model.database}`);
}
