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
