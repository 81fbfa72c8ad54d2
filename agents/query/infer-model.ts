/**
 * Infers a semantic model from a database's schema so any ClickHouse table can
 * be asked about on day one: numeric columns → measures, low-cardinality or
 * enum strings → dimensions with their distinct values, DateTime → time.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { WarehouseReader } from '../../bot/contracts/warehouse.ts';
import { validateSemanticModel, type ModelColumn, type ModelDimension, type ModelJoin, type ModelMeasure, type ModelTable, type SemanticModel } from './semantic-model.ts';
import { sqlString } from './compiler.ts';

const MAX_VALUES = 50;
const NUMERIC = /^(Nullable\()?(U?Int(8|16|32|64|128|256)|Float(32|64)|Decimal)/;
const TIME = /^(Nullable\()?(DateTime|DateTime64|Date|Date32)\b/;
const STRINGY = /^(LowCardinality\()?(Nullable\()?(String|FixedString|Enum8|Enum16)/;
const ident = (s: string): string => (/^[A-Za-z_]\w*$/.test(s) ? s : `\`${s.replace(/`/g, '\\`')}\``);
const snake = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^(\d)/, '_$1').replace(/^_+|_+$/g, '') || 'x';

/** Reads system.columns (and distinct values of low-cardinality strings) and builds a model. */
export async function inferSemanticModel(reader: WarehouseReader, database: string): Promise<SemanticModel> {
  if (!/^[A-Za-z_]\w*$/.test(database)) throw new DatalabsError('BAD_INPUT', `not a database name: ${database}`);
  const res = await reader.query(`SELECT table, name, type FROM system.columns WHERE database = ${sqlString(database)} ORDER BY table, position`);
  if (res.rows.length === 0) throw new DatalabsError('NOT_FOUND', `database ${database} has no tables (or does not exist)`);
  const byTable = new Map<string, Array<{ name: string; type: string }>>();
  for (const [table, name, type] of res.rows as Array<[string, string, string]>) {
    if (!byTable.has(table)) byTable.set(table, []);
    byTable.get(table)!.push({ name, type });
  }
  const tables: ModelTable[] = [];
  const measures: ModelMeasure[] = [];
  const dims = new Map<string, ModelDimension>();
  const used = new Set<string>();
  const uniqueName = (base: string): string => { let n = snake(base); let i = 2; while (used.has(n)) n = `${snake(base)}_${i++}`; used.add(n); return n; };
  for (const [table, cols] of byTable) {
    const tname = snake(table);
    const columns: ModelColumn[] = [];
    let time: string | undefined;
    for (const c of cols) {
      if (!/^[A-Za-z_]\w*$/.test(c.name)) continue;
      const isId = /(^id$|_id$)/i.test(c.name);
      if (TIME.test(c.type)) { columns.push({ name: c.name, type: 'time' }); time ??= c.name; continue; }
      // A guess from the name, written into the model where a person can correct it: prices and durations average, amounts add up.
      if (NUMERIC.test(c.type)) {
        columns.push({ name: c.name, type: isId ? 'id' : 'number', ...(!isId && /price|duration|_ms$|rate|score|age/.test(c.name) ? { defaultAgg: 'avg' as const } : {}), ...(/_ms$/.test(c.name) ? { unit: 'ms' } : {}) });
        continue;
      }
      columns.push({ name: c.name, type: STRINGY.test(c.type) ? 'string' : 'id' });
    }
    const count = uniqueName(tname);
    measures.push({ name: count, label: `${table} count`, synonyms: [table, `number of ${table}`], table: tname, agg: 'count' });
    for (const c of columns) {
      if (c.type === 'number') measures.push({ name: uniqueName(`total_${c.name}`), label: `total ${c.name.replace(/_/g, ' ')}`, table: tname, agg: 'sum', column: c.name });
    }
    for (const c of cols) {
      const col = columns.find((x) => x.name === c.name);
      if (!col || col.type !== 'string') continue;
      if (!/LowCardinality|Enum/.test(c.type) && !/^(name|title|type|kind|category|status|country|city|region|plan|channel|device|source)$/i.test(c.name)) continue;
      const r = await reader.query(`SELECT DISTINCT toString(${ident(c.name)}) FROM ${ident(database)}.${ident(table)} LIMIT ${MAX_VALUES + 1}`, { maxRows: MAX_VALUES + 1 });
      const values = (r.rows as unknown[][]).map((x) => String(x[0])).filter((v) => v !== '');
      const dname = snake(c.name);
      const d = dims.get(dname) ?? { name: dname, columns: [] };
      d.columns!.push(`${tname}.${c.name}`);
      if (values.length <= MAX_VALUES) d.values = [...new Set([...(d.values ?? []), ...values])];
      dims.set(dname, d);
    }
    tables.push({ name: tname, table: `${database}.${table}`, ...(time ? { time } : {}), defaultMeasure: count, entity: [tname.replace(/s$/, '')], columns });
  }
  // Joins: a `<x>_id` column that is the first column (the key) of another table.
  const joins: ModelJoin[] = [];
  for (const t of tables) {
    for (const c of t.columns) {
      if (!/_id$/.test(c.name)) continue;
      const target = tables.find((o) => o !== t && o.columns[0]?.name === c.name);
      if (target && t.columns[0]?.name !== c.name) joins.push({ from: t.name, to: target.name, on: { [c.name]: c.name } });
    }
  }
  return validateSemanticModel({ name: database, database, description: `Inferred from the schema of ${database}`, tables, joins, dimensions: [...dims.values()], measures }, `inferred model of ${database}`);
}
