/**
 * The semantic model: what the words of a question mean for one database.
 * Written by hand in YAML (agents/query/models/demo.yaml) or inferred from the
 * schema (infer-model.ts). Validated with zod; a bad file is a CONFIG_INVALID
 * error naming the file and the field.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { createRequire } from 'node:module';
import { DatalabsError } from '../../bot/contracts/errors.ts';

/** A filter written in the model: column → value or list of values (equality / IN). */
const filterSchema = z.record(z.string(), z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]));

/** How a value is shown: percent (a fraction shown ×100), currency (with the measure's unit), integer, decimal(n), number. */
export const formatSchema = z.union([z.enum(['number', 'currency', 'percent', 'integer']), z.string().regex(/^decimal\([0-6]\)$/, 'decimal(n) with n from 0 to 6')]);
export type ModelFormat = z.infer<typeof formatSchema>;

const columnSchema = z.object({
  name: z.string().min(1),
  displayName: z.string().optional(),
  format: formatSchema.optional(),
  /** The aggregate a bare mention of this column means ("price by category" → avg); default sum. */
  defaultAgg: z.enum(['sum', 'avg', 'min', 'max', 'median']).optional(),
  /** number: can be aggregated and compared; string: dimension-like; time: DateTime/Date; id: key. */
  type: z.enum(['number', 'string', 'time', 'id']),
  synonyms: z.array(z.string()).optional(),
  /** 'usd' marks the money column ("orders over $500"). */
  unit: z.string().optional(),
  /** Superlative words that rank by this column, e.g. { cheapest: asc, most expensive: desc } ("the 5 cheapest products"). */
  rankWords: z.record(z.string(), z.enum(['asc', 'desc'])).optional(),
});

const tableSchema = z.object({
  name: z.string().min(1),
  /** Fully qualified table, e.g. demo.orders. */
  table: z.string().regex(/^[A-Za-z_][\w]*\.[A-Za-z_][\w]*$/, 'must be database.table'),
  /** The time column used for periods, time series and freshness. */
  time: z.string().optional(),
  /**
   * Filter applied to every aggregate of this table's columns (average quantity, distinct products, …), e.g. completed
   * orders, unless the question names, filters or groups by a column of `overridableBy`; the first / last of the time
   * column (the data's coverage) is read over every row.
   */
  defaultFilter: filterSchema.optional(),
  /** Columns whose use in the question lifts defaultFilter (e.g. status). */
  overridableBy: z.array(z.string()).optional(),
  /** Measure answered when only an entity of this table is named ("top 5 products"). */
  defaultMeasure: z.string().optional(),
  /** The number column that is a row's value ("the total value of refunded orders" → sum of it over those rows). */
  valueColumn: z.string().optional(),
  /** Words naming one row of this table ("order", "user"); "how many orders" → count measure. */
  entity: z.array(z.string()).optional(),
  /**
   * Verbs saying someone made a row of this table, beyond the entity words' own verbs (order → ordered): "users who
   * never bought anything" counts the users with no such row.
   */
  actions: z.array(z.string()).optional(),
  columns: z.array(columnSchema),
});

const joinSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** from-column → to-column */
  on: z.record(z.string(), z.string()),
});

const dimensionSchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'snake_case'),
  label: z.string().optional(),
  displayName: z.string().optional(),
  /** The measure "how many <dimension>" counts (products → the products table's rows), instead of distinct values. */
  countMeasure: z.string().optional(),
  synonyms: z.array(z.string()).optional(),
  /** table.column implementations, in order of preference. */
  columns: z.array(z.string()).optional(),
  /** Derived expression over the measure table's time column: `{time}` is replaced, e.g. toHour({time}). */
  expr: z.string().optional(),
  /**
   * With `expr`: the table whose time column `{time}` is, when not the measure's own ("signup month" of the users
   * who placed the orders); it is reached through a declared join, and a figure with no join to it is refused.
   */
  table: z.string().optional(),
  /** How its values are shown: text (default for columns), integer (default for expressions), date or datetime. */
  format: z.enum(['text', 'integer', 'date', 'datetime']).optional(),
  values: z.array(z.string()).optional(),
  /** Values built from parts: every combination of one entry per list, joined by a space (brand × noun product names). */
  valueParts: z.array(z.array(z.string().min(1)).min(1)).min(1).optional(),
  /** Word → value, e.g. Germany → DE. */
  valueSynonyms: z.record(z.string(), z.string()).optional(),
  /** Word → several values it stands for together, e.g. weekend → [6, 7] ("only weekends"). */
  valueGroups: z.record(z.string(), z.array(z.string()).min(1)).optional(),
  /** Match bare values only when written in capitals (two-letter codes such as US). */
  caseSensitiveValues: z.boolean().optional(),
  /**
   * Verb → the value it names, e.g. viewed → page_view, bought → purchase: "users who viewed the pricing page", "how
   * many purchased?" count `verbMeasure` over the rows with that value. A verb is read so only after "how many" or a
   * noun of `verbMeasure` (or of the entity its column joins to), so "customers who bought" keeps its own figure.
   */
  verbs: z.record(z.string(), z.string()).optional(),
  /** With `verbs`: the distinct count of who did it (e.g. active_users). */
  verbMeasure: z.string().optional(),
  /**
   * The distinct-count measure whose noun names this dimension's rows when they are ranked ("top 10 customers by
   * spend" groups by customer, where "customers" alone is a count). Such a dimension has no words of its own.
   */
  rowsOf: z.string().optional(),
  /**
   * A number column's values as a breakdown ("orders by quantity": how many orders had 1, 2, 3 … items), named only
   * after "by" through the column's own words, so "quantity by category" and "average quantity" keep the column a figure.
   */
  byColumn: z.boolean().optional(),
}).refine((d) => (d.columns && d.columns.length > 0) || d.expr, { message: 'a dimension needs columns or expr' });

const measureSchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'snake_case'),
  label: z.string().optional(),
  synonyms: z.array(z.string()).optional(),
  table: z.string().optional(),
  agg: z.enum(['sum', 'count', 'uniq', 'avg', 'min', 'max', 'ratio']),
  column: z.string().optional(),
  filter: filterSchema.optional(),
  /** Columns whose use in the question (filter or group) replaces this measure's filter. */
  overridableBy: z.array(z.string()).optional(),
  /**
   * Columns of `overridableBy` whose exclusion alone ("orders excluding refunds") also replaces this measure's filter,
   * as the demo defines orders ("a question that names a status, or groups or filters by status, counts those
   * statuses"). By default an exclusion keeps the measure's own filter and narrows the rows within it ("revenue
   * excluding refunds" stays completed-only revenue); naming or grouping by values of the column replaces it.
   */
  liftedByExclusion: z.array(z.string()).optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  format: formatSchema.optional(),
  /** Unit of a currency (USD) or other amount, shown with the value. */
  unit: z.string().optional(),
  displayName: z.string().optional(),
  /** Not offered in "I can answer about …" lists (variants of another measure). */
  hidden: z.boolean().optional(),
  /** Which way is good: "lower" for refunds or a refund rate, so "the worst category" is the highest. Default higher. */
  better: z.enum(['higher', 'lower']).optional(),
  /** Granularity this measure implies when named (DAU → day). */
  grain: z.enum(['hour', 'day', 'week', 'month', 'quarter', 'year']).optional(),
  /**
   * Not written in a model: a ratio of two of its figures the query agent adds to its own copy (figure-ratios.ts),
   * named only by its synonym, never by its name or label.
   */
  derived: z.boolean().optional(),
}).refine((m) => m.agg === 'ratio' ? !!(m.numerator && m.denominator) : !!m.table, { message: 'a ratio needs numerator and denominator; other measures need table' })
  .refine((m) => ['count', 'ratio'].includes(m.agg) || !!m.column, { message: 'sum/uniq/avg/min/max need column' });

export const semanticModelSchema = z.object({
  name: z.string().min(1),
  database: z.string().min(1),
  description: z.string().optional(),
  tables: z.array(tableSchema).min(1),
  joins: z.array(joinSchema).optional(),
  dimensions: z.array(dimensionSchema),
  measures: z.array(measureSchema),
  /** Extra word synonyms: word → measure, dimension or column name. */
  synonyms: z.record(z.string(), z.string()).optional(),
});

export type ModelFilter = z.infer<typeof filterSchema>;
export type ModelColumn = z.infer<typeof columnSchema>;
export type ModelTable = z.infer<typeof tableSchema>;
export type ModelJoin = z.infer<typeof joinSchema>;
export type ModelDimension = z.infer<typeof dimensionSchema>;
export type ModelMeasure = z.infer<typeof measureSchema>;
/** A validated semantic model for one database. */
export type SemanticModel = z.infer<typeof semanticModelSchema>;

/** Validates a parsed object; cross-references (tables, measures, columns) are checked too. */
export function validateSemanticModel(raw: unknown, source = 'semantic model'): SemanticModel {
  const parsed = semanticModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || '(root)';
    throw new DatalabsError('CONFIG_INVALID', `${source}: field ${field}: ${issue.message}`);
  }
  const m = parsed.data;
  const bad = (field: string, msg: string): never => { throw new DatalabsError('CONFIG_INVALID', `${source}: field ${field}: ${msg}`); };
  const tables = new Map(m.tables.map((t) => [t.name, t]));
  const hasColumn = (ref: string): boolean => {
    const [t, c] = ref.split('.');
    return !!tables.get(t)?.columns.some((col) => col.name === c);
  };
  m.tables.forEach((t, i) => {
    if (t.time && !t.columns.some((c) => c.name === t.time)) bad(`tables.${i}.time`, `unknown column ${t.time}`);
  });
  (m.joins ?? []).forEach((j, i) => {
    if (!tables.has(j.from)) bad(`joins.${i}.from`, `unknown table ${j.from}`);
    if (!tables.has(j.to)) bad(`joins.${i}.to`, `unknown table ${j.to}`);
    for (const [a, b] of Object.entries(j.on)) {
      if (!hasColumn(`${j.from}.${a}`)) bad(`joins.${i}.on`, `unknown column ${j.from}.${a}`);
      if (!hasColumn(`${j.to}.${b}`)) bad(`joins.${i}.on`, `unknown column ${j.to}.${b}`);
    }
  });
  m.dimensions.forEach((d, i) => (d.columns ?? []).forEach((ref) => { if (!hasColumn(ref)) bad(`dimensions.${i}.columns`, `unknown column ${ref}`); }));
  m.dimensions.forEach((d, i) => {
    if (d.table && !tables.get(d.table)?.time) bad(`dimensions.${i}.table`, tables.has(d.table) ? `table ${d.table} has no time column` : `unknown table ${d.table}`);
  });
  const measureNames = new Set(m.measures.map((x) => x.name));
  m.measures.forEach((x, i) => {
    if (x.agg === 'ratio') {
      if (!measureNames.has(x.numerator!)) bad(`measures.${i}.numerator`, `unknown measure ${x.numerator}`);
      if (!measureNames.has(x.denominator!)) bad(`measures.${i}.denominator`, `unknown measure ${x.denominator}`);
    } else {
      if (!tables.has(x.table!)) bad(`measures.${i}.table`, `unknown table ${x.table}`);
      if (x.column && !hasColumn(`${x.table}.${x.column}`)) bad(`measures.${i}.column`, `unknown column ${x.table}.${x.column}`);
    }
  });
  m.dimensions.forEach((d, i) => { if (d.countMeasure && !measureNames.has(d.countMeasure)) bad(`dimensions.${i}.countMeasure`, `unknown measure ${d.countMeasure}`); });
  m.tables.forEach((t, i) => { if (t.defaultMeasure && !measureNames.has(t.defaultMeasure)) bad(`tables.${i}.defaultMeasure`, `unknown measure ${t.defaultMeasure}`); });
  m.tables.forEach((t, i) => { if (t.valueColumn && !t.columns.some((c) => c.name === t.valueColumn && c.type === 'number')) bad(`tables.${i}.valueColumn`, `not a number column of ${t.name}: ${t.valueColumn}`); });
  return m;
}

/** Every value a dimension lists: `values`, then each combination of `valueParts`. */
export function dimensionValues(d: ModelDimension): string[] {
  const combos = (d.valueParts ?? []).reduce<string[]>((acc, part) => acc.flatMap((a) => part.map((w) => (a ? `${a} ${w}` : w))), d.valueParts ? [''] : []);
  return [...(d.values ?? []), ...combos];
}

/** Reads and validates a YAML model file; a bad file → CONFIG_INVALID naming the file and field. */
export function loadSemanticModel(yamlPath: string): SemanticModel {
  let text: string;
  try {
    text = fs.readFileSync(yamlPath, 'utf8');
  } catch (err) {
    throw new DatalabsError('CONFIG_INVALID', `${yamlPath}: cannot read the semantic model (${(err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = compiledModel(yamlPath) ?? yaml().parse(text);
  } catch (err) {
    throw new DatalabsError('CONFIG_INVALID', `${yamlPath}: invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateSemanticModel(raw, yamlPath);
}

/** Serialises a model to YAML (what `datalabs model infer` writes). */
export function semanticModelToYaml(model: SemanticModel): string {
  return yaml().stringify(model, { lineWidth: 120 });
}

/** The YAML library, loaded when a model is first read or written as YAML (its parser is slow to warm up). */
function yaml(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

/**
 * `npm run build` ships each model also as JSON (`<file>.yaml.json`) beside it:
 * parsing the YAML cold costs a few hundred ms of every start. Used only when
 * it is no older than the YAML, so an edited model is always read itself.
 */
function compiledModel(yamlPath: string): unknown {
  const json = `${yamlPath}.json`;
  const compiled = fs.statSync(json, { throwIfNoEntry: false });
  if (!compiled || compiled.mtimeMs < fs.statSync(yamlPath).mtimeMs) return undefined;
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}
