/**
 * SQL of a row listing ("top 5 orders by revenue yesterday", "the 10 most recent signups"): the rows of one table
 * themselves, not a figure over them — its id and time columns, the ranked column and the columns asked for, over the
 * table's default rows (unless the question names values of an overridable column), the filters and the period,
 * ordered by the ranked column and cut at the row count (never past the agent's row cap).
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { DEFAULT_MAX_ROWS } from './bounds.ts';
import { sqlNumber, sqlString, tableByName, timeLiteral, type ColumnDisplay, type CompiledQuery } from './compiler.ts';
import type { ModelDimension, SemanticModel } from './semantic-model.ts';
import type { FilterSpec, SemanticQuery } from './semantic-query.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/** The column of `table` a dimension filter reads, or undefined when the dimension is not one of its own columns. */
export function ownColumnOf(model: SemanticModel, table: string, dimension: string): string | undefined {
  const d = model.dimensions.find((x) => x.name === dimension);
  if (!d || d.expr) return undefined;
  return (d.columns ?? []).find((c) => c.startsWith(`${table}.`))?.slice(table.length + 1);
}

/** The dimension that reads `table.column` (ownColumnOf's inverse): "status" of orders for orders.status. */
export function dimensionOfColumn(model: SemanticModel, table: string | undefined, column: string | undefined): ModelDimension | undefined {
  if (!table || !column) return undefined;
  return model.dimensions.find((d) => !d.expr && (d.columns ?? []).includes(`${table}.${column}`));
}

/** Compiles a query whose `rows` is set: SELECT the listed columns … ORDER BY … LIMIT n. */
export function compileRowListing(model: SemanticModel, q: SemanticQuery, opts: { maxRows?: number } = {}): CompiledQuery {
  const r = q.rows ?? notUnderstood('no rows to list');
  const t = tableByName(model, r.table);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const limit = q.limit ?? 1;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxRows) {
    throw new DatalabsError('BAD_INPUT', `the number of rows must be a whole number from 1 to ${maxRows.toLocaleString('en-US')}, got ${String(limit)}`);
  }
  const known = new Set(t.columns.map((c) => c.name));
  for (const c of [...r.columns, r.orderBy]) if (!known.has(c)) notUnderstood(`${t.name} has no column ${c}`);
  const where: string[] = [];
  const filtered = new Set<string>();
  const cond = (f: FilterSpec): string => {
    if (f.kind === 'numeric') {
      if (f.table !== t.name || !known.has(f.column)) notUnderstood(`a list of ${t.name} can be filtered only by its own columns`);
      return `${f.column} ${f.op} ${sqlNumber(f.value)}`;
    }
    const col = ownColumnOf(model, t.name, f.dimension) ?? notUnderstood(`a list of ${t.name} can be filtered only by its own columns, and ${f.dimension.replace(/_/g, ' ')} is not one`);
    filtered.add(col);
    const vs = f.values.map(sqlString);
    return vs.length === 1 ? `${col} ${f.negate ? '!=' : '='} ${vs[0]}` : `${col} ${f.negate ? 'NOT IN' : 'IN'} (${vs.join(', ')})`;
  };
  const own = q.filters.map(cond);
  // The table's default rows (completed orders) unless the question names values of an overridable column ("refunds").
  for (const [k, v] of Object.entries(t.defaultFilter ?? {})) {
    if (filtered.has(k) && (t.overridableBy ?? []).includes(k)) continue;
    where.push(Array.isArray(v) ? `${k} IN (${v.map((x) => (typeof x === 'number' ? sqlNumber(x) : sqlString(String(x)))).join(', ')})` : `${k} = ${typeof v === 'number' ? sqlNumber(v) : sqlString(String(v))}`);
  }
  where.push(...own);
  if (q.period) {
    if (!t.time) notUnderstood(`${t.name} has no time column, so it cannot be limited to ${q.period.label}`);
    if (q.period.parts?.length) notUnderstood(`a list of ${t.name} is of one period; ask for each of ${q.period.label} on its own`);
    if (!q.period.openStart) where.push(`${t.time} >= ${timeLiteral(q, q.period.from)}`);
    where.push(`${t.time} ${q.period.toInclusive ? '<=' : '<'} ${timeLiteral(q, q.period.to)}`);
  }
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const id = t.columns.find((c) => c.type === 'id')?.name;
  const order = [`${r.orderBy} ${dir}`, ...(id && id !== r.orderBy ? [`${id} ${dir}`] : [])];
  const sql = [
    `SELECT ${r.columns.join(', ')}`,
    `FROM ${t.table}`,
    ...(where.length ? [`WHERE ${where.join(' AND ')}`] : []),
    `ORDER BY ${order.join(', ')}`,
    `LIMIT ${limit}`,
  ].join('\n');
  const columns: ColumnDisplay[] = r.columns.map((name) => {
    const c = t.columns.find((x) => x.name === name)!;
    const format = c.format ?? (c.type === 'time' ? 'datetime' : c.type === 'number' ? 'number' : 'text');
    return { name, displayName: c.displayName ?? name.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()).replace(/\bid$/i, 'ID'), format, ...(c.unit ? { unit: c.unit.toUpperCase() } : {}) };
  });
  return {
    sql,
    columns,
    tables: [t.table],
    timeColumn: t.time ? `${t.table}.${t.time}` : undefined,
    title: r.title,
    chartHint: 'bar',
  };
}
