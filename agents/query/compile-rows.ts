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
  // A column of a table the rows join to ("products.name": the product of each order) is read through that join.
  const joined = r.columns.filter((c) => c.includes('.')).map((c) => joinedColumn(model, t.name, c));
  const others = [...new Set(joined.map((j) => j.table))];
  if (others.length > 1) notUnderstood(`a list of ${t.name} can show the columns of one other table at most`);
  for (const c of [...r.columns.filter((x) => !x.includes('.')), r.orderBy]) if (!known.has(c)) notUnderstood(`${t.name} has no column ${c}`);
  // With a join every column is qualified: the listed table's as `a.`, the joined one's as `b.`.
  const own = (c: string): string => (others.length ? `a.${c}` : c);
  const where: string[] = [];
  const filtered = new Set<string>();
  const cond = (f: FilterSpec): string => {
    if (f.kind === 'numeric') {
      if (f.table !== t.name || !known.has(f.column)) notUnderstood(`a list of ${t.name} can be filtered only by its own columns`);
      return `${own(f.column)} ${f.op} ${sqlNumber(f.value)}`;
    }
    const col = ownColumnOf(model, t.name, f.dimension) ?? notUnderstood(`a list of ${t.name} can be filtered only by its own columns, and ${f.dimension.replace(/_/g, ' ')} is not one`);
    filtered.add(col);
    const vs = f.values.map(sqlString);
    return vs.length === 1 ? `${own(col)} ${f.negate ? '!=' : '='} ${vs[0]}` : `${own(col)} ${f.negate ? 'NOT IN' : 'IN'} (${vs.join(', ')})`;
  };
  const conds = q.filters.map(cond);
  // The table's default rows (completed orders) unless the question names values of an overridable column ("refunds").
  for (const [k, v] of Object.entries(t.defaultFilter ?? {})) {
    if (filtered.has(k) && (t.overridableBy ?? []).includes(k)) continue;
    where.push(Array.isArray(v) ? `${own(k)} IN (${v.map((x) => (typeof x === 'number' ? sqlNumber(x) : sqlString(String(x)))).join(', ')})` : `${own(k)} = ${typeof v === 'number' ? sqlNumber(v) : sqlString(String(v))}`);
  }
  where.push(...conds);
  if (q.period) {
    if (!t.time) notUnderstood(`${t.name} has no time column, so it cannot be limited to ${q.period.label}`);
    if (q.period.parts?.length) notUnderstood(`a list of ${t.name} is of one period; ask for each of ${q.period.label} on its own`);
    if (!q.period.openStart) where.push(`${own(t.time!)} >= ${timeLiteral(q, q.period.from)}`);
    where.push(`${own(t.time!)} ${q.period.toInclusive ? '<=' : '<'} ${timeLiteral(q, q.period.to)}`);
  }
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const id = t.columns.find((c) => c.type === 'id')?.name;
  if (r.thenBy && !known.has(r.thenBy)) notUnderstood(`${t.name} has no column ${r.thenBy}`);
  const then = r.thenBy && r.thenBy !== r.orderBy ? [`${own(r.thenBy)} ASC`] : [];
  const order = [`${own(r.orderBy)} ${dir}`, ...then, ...(id && id !== r.orderBy && id !== r.thenBy ? [`${own(id)} ${dir}`] : [])];
  const select = r.columns.map((c) => (c.includes('.') ? `b.${c.split('.')[1]} AS ${joined.find((j) => j.qualified === c)!.dimension.name}` : own(c)));
  const join = others.length ? joined.find((j) => j.table === others[0])! : undefined;
  const sql = [
    `SELECT ${select.join(', ')}`,
    join ? `FROM ${t.table} AS a INNER JOIN ${join.ref} AS b ON ${join.on.map(([x, y]) => `a.${x} = b.${y}`).join(' AND ')}` : `FROM ${t.table}`,
    ...(where.length ? [`WHERE ${where.join(' AND ')}`] : []),
    `ORDER BY ${order.join(', ')}`,
    `LIMIT ${limit}`,
  ].join('\n');
  const columns: ColumnDisplay[] = r.columns.map((name) => {
    const j = joined.find((x) => x.qualified === name);
    if (j) return { name: j.dimension.name, displayName: j.dimension.displayName ?? j.dimension.name.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()), format: 'text' };
    const c = t.columns.find((x) => x.name === name)!;
    const format = c.format ?? (c.type === 'time' ? 'datetime' : c.type === 'number' ? 'number' : 'text');
    return { name, displayName: c.displayName ?? name.replace(/_/g, ' ').replace(/^./, (x) => x.toUpperCase()).replace(/\bid$/i, 'ID'), format, ...(c.unit ? { unit: c.unit.toUpperCase() } : {}) };
  });
  return {
    sql,
    columns,
    tables: [t.table, ...(join ? [join.ref] : [])],
    timeColumn: t.time ? `${t.table}.${t.time}` : undefined,
    title: r.title,
    chartHint: 'bar',
  };
}

/** A `<table>.<column>` of a listing read through the model's join from `table`, with the dimension that names it. */
function joinedColumn(model: SemanticModel, table: string, qualified: string): { qualified: string; table: string; ref: string; on: Array<[string, string]>; dimension: ModelDimension } {
  const [other, column] = qualified.split('.');
  const j = (model.joins ?? []).find((x) => x.from === table && x.to === other) ?? notUnderstood(`${table} does not join to ${other}`);
  const dimension = model.dimensions.find((d) => !d.expr && d.columns?.length === 1 && d.columns[0] === qualified) ?? notUnderstood(`no dimension reads ${qualified}`);
  if (!tableByName(model, other).columns.some((c) => c.name === column)) notUnderstood(`${other} has no column ${column}`);
  return { qualified, table: other, ref: tableByName(model, other).table, on: Object.entries(j.on), dimension };
}
