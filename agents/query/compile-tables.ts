/**
 * Figures of different tables in one answer: "signups and orders in May 2025", "revenue and active users by month".
 * Each table's figures are compiled as a query of their own — the same period (on that table's own time column), the
 * same filters and breakdown, each reached from that table or refused as it would be alone — and the results are put
 * side by side: one row when there is no breakdown, else a row per key (the breakdown's values, the time bucket), a
 * figure a table has no rows for left empty (NULL), never a zero it did not count.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { chartFor, titleOf } from './compile-display.ts';
import type { CompiledQuery } from './compiler.ts';
import type { SemanticModel } from './semantic-model.ts';
import type { FilterSpec, MeasureSpec, SemanticQuery } from './semantic-query.ts';

const notUnderstood = (msg: string): never => { throw new DatalabsError('NOT_UNDERSTOOD', msg); };

/** What of a query can be put side by side table by table: a plain figure, broken down or not, ranked or not. */
function sideBySide(q: SemanticQuery): boolean {
  return !(q.share || q.having?.length || q.rollup || q.cumulative || q.change || q.periodColumns || q.eventSets || q.shareWith
    || q.noRows || q.rows || q.valuesOf || q.without || q.orphanOf || q.valueGroups || q.limitBy?.length || q.inUnit || q.periodBlocks);
}

/**
 * Compiles `q`, whose figures come from the tables in `tableOf` order, as one query per table joined on the breakdown's
 * columns. `compile` compiles one table's part (the plain compiler). `refusal` is the reason given when the query's
 * kind cannot be put side by side.
 */
export function compileAcrossTables(
  model: SemanticModel,
  q: SemanticQuery,
  tableOf: (m: MeasureSpec) => string | undefined,
  compile: (part: SemanticQuery) => CompiledQuery,
  refusal: string,
): CompiledQuery {
  if (!sideBySide(q)) notUnderstood(refusal);
  const groups = new Map<string, MeasureSpec[]>();
  for (const m of q.measures) {
    const table = tableOf(m) ?? notUnderstood(refusal);
    groups.set(table, [...(groups.get(table) ?? []), m]);
  }
  if (groups.size < 2) notUnderstood(refusal);
  // Each part is the plain figure: ranking and cutting apply to the rows put together. A filter restating a table's
  // own definition ("completed orders": orders are the completed ones) describes that table's figures alone.
  const ownerOf = (f: FilterSpec): string | undefined => {
    if (f.kind !== 'dimension' || f.negate || f.values.length !== 1) return undefined;
    const columns = model.dimensions.find((d) => d.name === f.dimension)?.columns ?? [];
    const owner = model.tables.find((tb) => groups.has(tb.name) && columns.length > 0 && columns.every((c) => {
      const [table, column] = c.split('.');
      return table === tb.name && String(tb.defaultFilter?.[column]) === f.values[0];
    }));
    return owner?.name;
  };
  const parts = [...groups.entries()].map(([table, measures]) => compile({
    ...q, measures, filters: q.filters.filter((f) => (ownerOf(f) ?? table) === table), order: undefined, limit: undefined, chart: undefined,
  }));
  const keyCount = (c: CompiledQuery, n: number): number => c.columns.length - n;
  const keys = parts[0].columns.slice(0, keyCount(parts[0], [...groups.values()][0].length)).map((c) => c.name);
  const figures = parts.map((p, i) => p.columns.slice(keyCount(p, [...groups.values()][i].length)));
  const names = figures.flat().map((c) => c.name);
  if (new Set(names).size !== names.length) notUnderstood(refusal);
  const t = (i: number): string => `t${i + 1}`;
  let sql: string;
  if (!keys.length) {
    sql = [`SELECT ${names.join(', ')}`, `FROM ${parts.map((p, i) => `(\n${p.sql}\n) AS ${t(i)}`).join('\nCROSS JOIN ')}`].join('\n');
  } else {
    // A row per key that any table has; a figure whose table has no rows for the key is empty, not zero.
    const union = parts.map((p, i) => `SELECT ${[...keys, ...figures.flatMap((f, j) => f.map((c) => (j === i ? c.name : `NULL AS ${c.name}`)))].join(', ')} FROM (\n${p.sql}\n) AS ${t(i)}`);
    const timeKey = q.grain && keys.includes(q.grain);
    const order = q.order ? [`${names[0]} ${q.order.toUpperCase()}`] : timeKey ? keys.map((k) => (k === q.grain && q.timeOrder === 'desc' ? `${k} DESC` : k)) : [`${names[0]} DESC`];
    sql = [
      `SELECT ${[...keys, ...names.map((n) => `max(${n}) AS ${n}`)].join(', ')}`,
      `FROM (\n${union.join('\nUNION ALL\n')}\n)`,
      `GROUP BY ${keys.join(', ')}`,
      `ORDER BY ${order.join(', ')}`,
    ].join('\n');
  }
  if (q.limit !== undefined) sql += `\nLIMIT ${q.limit}`;
  return {
    sql,
    columns: [...parts[0].columns.slice(0, keys.length), ...figures.flat()],
    tables: [...new Set(parts.flatMap((p) => p.tables))],
    timeColumn: parts[0].timeColumn,
    title: titleOf(model, q),
    chartHint: q.chart ?? chartFor(q),
  };
}
