/**
 * Values with none of the counted rows (parse/no-rows.ts reads the question):
 *
 * - a dimension of the figure's own table ("which countries had no signups yesterday", "which channels brought no
 *   orders in May"): the values seen in that table at any time that no row counted by the figure (its own filter, the
 *   question's filters and period) has — `SELECT DISTINCT country FROM users WHERE country NOT IN (SELECT country FROM
 *   users WHERE <filters and period>)`;
 * - a dimension that names the rows of another table (its `countMeasure`, as product names products) reached from the
 *   figure's table by a declared join ("which products had no completed orders in the last 14 days"): those rows whose
 *   key no counted row refers to — `SELECT name FROM products WHERE product_id NOT IN (SELECT product_id FROM orders
 *   WHERE status = 'completed' AND <period>)`.
 *
 * "how many …" counts those values. Anything else (a figure that is not a count of rows, another breakdown, a series,
 * a ranking, a comparison) is refused with the reason, never answered with the values that do have rows.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { measureByName, measureLabel, sqlString, type CompiledQuery } from './compiler.ts';
import { whereOf } from './entity-sets.ts';
import type { ParsedQuestion } from './parser.ts';
import type { ModelDimension, ModelFilter, ModelMeasure, ModelTable, SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };
type DimFilter = Extract<FilterSpec, { kind: 'dimension' }>;

/** The parts of a query the values with no rows cannot hold, named for the refusal. */
function extraParts(q: SemanticQuery, dimension: string): string | undefined {
  const others = q.dimensions.filter((d) => d !== dimension);
  if (others.length) return `a breakdown by ${others.join(', ').replace(/_/g, ' ')}`;
  if (q.grain) return `a series by ${q.grain}`;
  if (q.rollup || q.having?.length) return 'a figure per entity';
  if (q.change || q.cumulative || q.comparePeriods || q.compareValues) return 'a comparison';
  if (q.share) return 'a share';
  if (q.limit !== undefined || q.limitBy?.length) return 'a ranking';
  if (q.related || q.without || q.eventSets || q.shareWith) return 'a condition on the rows of another table';
  if (q.period?.parts?.length) return 'two separate periods';
  return undefined;
}

/** How the values are found: the figure's table and measure, the column there, and the entity table a name is of. */
interface Plan {
  measure: ModelMeasure;
  table: ModelTable;
  dim: ModelDimension;
  /** The dimension's column in the figure's table (a plain dimension). */
  column?: string;
  /** The table whose rows the dimension names, its column, and the join key (fk in the figure's table, pk there). */
  entity?: { table: ModelTable; column: string; fk: string; pk: string };
}

function planOf(model: SemanticModel, q: SemanticQuery, dimension: string, refuse: (why: string) => never): Plan {
  if (q.measures.length !== 1 || q.measures[0].kind !== 'measure') return refuse('that needs one count of rows, as in "which countries had no orders last week".');
  const measure = measureByName(model, q.measures[0].name);
  const label = measureLabel(model, q.measures[0]);
  if ((measure.agg !== 'count' && measure.agg !== 'uniq') || !measure.table || measure.grain) return refuse(`${label} is not a count of rows; ask for the values with none of the rows, as in "which countries had no orders".`);
  const table = model.tables.find((t) => t.name === measure.table)!;
  const dim = model.dimensions.find((d) => d.name === dimension);
  if (!dim || dim.rowsOf || dim.expr) return refuse(`${dimension.replace(/_/g, ' ')} is not a column whose values I can list.`);
  const extra = extraParts(q, dimension);
  if (extra) return refuse(`${extra} with it is not built.`);
  const column = dim.columns?.find((c) => c.startsWith(`${table.name}.`))?.split('.')[1];
  if (column) return { measure, table, dim, column };
  // "products": the rows of the table the dimension names, with no counted row referring to them.
  const named = dim.countMeasure ? model.measures.find((m) => m.name === dim.countMeasure) : undefined;
  const et = named?.table ? model.tables.find((t) => t.name === named.table) : undefined;
  const ecol = et ? dim.columns?.find((c) => c.startsWith(`${et.name}.`))?.split('.')[1] : undefined;
  const join = et ? (model.joins ?? []).find((j) => j.from === table.name && j.to === et.name && Object.keys(j.on).length === 1) : undefined;
  if (!et || !ecol || !join) return refuse(`${(dim.label ?? dim.name).replace(/_/g, ' ')} is not a column of ${table.name}, and the model declares no join from ${table.name} to the rows it names.`);
  const [fk, pk] = Object.entries(join.on)[0];
  return { measure, table, dim, entity: { table: et, column: ecol, fk, pk } };
}

/**
 * "which countries had no signups yesterday": checks the query can be built as the values of the dimension read with
 * none of the figure's rows (its filters and period), and marks it (`q.noRows`); otherwise refuses with the reason.
 */
export function applyNoRows(model: SemanticModel, q: SemanticQuery, p: ParsedQuestion): void {
  const n = p.noRows!;
  const shown = n.text.replace(/\s+by\s+\S+\s*$/, '');
  const refuse = (why: string): never => notUnderstood(`"${shown}" asks for the values with none of those rows: ${why}`);
  if (n.unlessNever) notUnderstood(`"${shown}": I could not tell whose rows have none of them here, and I do not drop the "no" or read it as excluding a value; ask, for example, "how many users have no orders" or "which countries had no orders last week".`);
  if (!n.dimension) refuse('I build that only as "which <breakdown> had no <figure> [period]", as in "which countries had no orders last week" or "which products had no completed orders in the last 14 days".');
  if (p.never) refuse('"never" with it is not built.');
  planOf(model, q, n.dimension, refuse);
  q.dimensions = [n.dimension];
  delete q.order;
  q.noRows = { dimension: n.dimension, ...(n.count ? { count: true } : {}) };
}

/** SQL of `noRows`: the values of the dimension (or the rows it names) with none of the figure's rows, listed or counted. */
export function compileNoRows(model: SemanticModel, q: SemanticQuery): CompiledQuery {
  const n = q.noRows!;
  const plan = planOf(model, q, n.dimension, (why) => notUnderstood(`the values with none of those rows: ${why}`));
  const { measure, table, dim } = plan;
  // "which products in electronics had no orders": a column of the rows named (the product's category) limits them,
  // not the rows counted; the values asked about ("which of US and GB") limit the list too.
  const entityTable = plan.entity?.table.name;
  const valueOf = (f: DimFilter): boolean => f.dimension === n.dimension
    || (!!entityTable && (model.dimensions.find((x) => x.name === f.dimension)?.columns ?? []).some((c) => c.startsWith(`${entityTable}.`)));
  // The figure's own filter (completed orders), a column of it replaced where the question names that column.
  const named = new Set(q.filters.flatMap((f) => (f.kind === 'dimension' && !f.negate && !valueOf(f)
    ? (model.dimensions.find((x) => x.name === f.dimension)?.columns ?? []).filter((c) => c.startsWith(`${table.name}.`)).map((c) => c.split('.')[1]) : [])));
  // "refunds" with a filter status = completed kept from before: no row could have both, so none would be found.
  for (const f of q.filters) {
    if (f.kind !== 'dimension' || f.negate || valueOf(f)) continue;
    for (const c of (model.dimensions.find((x) => x.name === f.dimension)?.columns ?? []).filter((x) => x.startsWith(`${table.name}.`)).map((x) => x.split('.')[1])) {
      const fixed = measure.filter?.[c];
      if (fixed === undefined || (measure.overridableBy ?? []).includes(c)) continue;
      const allowed = (Array.isArray(fixed) ? fixed : [fixed]).map(String);
      if (!f.values.some((v) => allowed.includes(v))) notUnderstood(`${measureLabel(model, q.measures[0])} counts only rows with ${c} = ${allowed.join(' / ')}, so a filter ${c} = ${f.values.join(' / ')} would leave none of them; ask for the ${f.values.join(' / ')} rows on their own`);
    }
  }
  // "which statuses had no orders": grouped by a column the figure's filter may give way to, every value of it counts
  // (as a breakdown by status counts each status); a column the figure fixes (refunds by status) lists nothing to ask.
  if (plan.column && measure.filter?.[plan.column] !== undefined) {
    if ((measure.overridableBy ?? []).includes(plan.column)) named.add(plan.column);
    else notUnderstood(`${measureLabel(model, q.measures[0])} counts only rows with ${plan.column} = ${String(measure.filter[plan.column])}, so every other ${plan.column} has none by definition; ask for ${measureLabel(model, q.measures[0])} by ${plan.column} instead`);
  }
  const own: ModelFilter = Object.fromEntries(Object.entries(measure.filter ?? {}).filter(([k]) => !((measure.overridableBy ?? []).includes(k) && named.has(k))));
  const inner = [
    ...Object.entries(own).map(([k, v]) => (Array.isArray(v) ? `${k} IN (${v.map((x) => sqlString(String(x))).join(', ')})` : `${k} = ${sqlString(String(v))}`)),
    ...whereOf(model, q, table.name, q.filters.filter((f) => f.kind !== 'dimension' || !valueOf(f)), q.period),
  ];
  const from = plan.entity ? plan.entity.table : table;
  const outer = whereOf(model, q, from.name, q.filters.filter((f): f is DimFilter => f.kind === 'dimension' && valueOf(f)), undefined);
  const [key, sub] = plan.entity ? [plan.entity.pk, plan.entity.fk] : [plan.column!, plan.column!];
  const show = plan.entity ? plan.entity.column : plan.column!;
  const alias = dim.name;
  const where = [`${key} NOT IN (SELECT ${sub} FROM ${table.table}${inner.length ? ` WHERE ${inner.join(' AND ')}` : ''})`, ...outer];
  const list = [`SELECT ${plan.entity ? '' : 'DISTINCT '}${show}${show === alias ? '' : ` AS ${alias}`}`, `FROM ${from.table}`, `WHERE ${where.join('\n  AND ')}`];
  const dimLabel = (dim.label ?? dim.name).replace(/_/g, ' ');
  const what = `${dimLabel[0].toUpperCase()}${dimLabel.slice(1)} values with no ${measureLabel(model, q.measures[0])}${q.period ? `, ${q.period.label}` : ''}`;
  const tables = [...new Set([from.table, table.table])];
  const timeColumn = table.time ? { timeColumn: `${table.table}.${table.time}` } : {};
  if (n.count) {
    const countAlias = plan.entity && dim.countMeasure ? dim.countMeasure : `distinct_${dim.name}`;
    return {
      sql: [`SELECT count() AS ${countAlias}`, `FROM (\n${list.map((l) => `  ${l}`).join('\n')}\n)`].join('\n'),
      columns: [{ name: countAlias, displayName: `Number of ${dimLabel} values`, format: 'integer' }],
      tables, ...timeColumn, title: `Number of ${what[0].toLowerCase()}${what.slice(1)}`, chartHint: q.chart ?? 'big-number',
    };
  }
  return {
    sql: [...list, `ORDER BY ${alias}`].join('\n'),
    columns: [{ name: alias, displayName: dim.displayName ?? `${dimLabel[0].toUpperCase()}${dimLabel.slice(1)}`, format: 'text' }],
    tables, ...timeColumn, title: what, chartHint: q.chart ?? 'bar',
  };
}
