/**
 * Refining a Claude answer offline. A Claude answer keeps, as the thread's
 * state, its SQL and result columns (a ConversationState of the sentinel model
 * `@claude`, which the offline agent never refines: for it a new question is a
 * new question). A follow-up the offline parser reads whole and that only
 * narrows, re-ranks or redraws that result — "only mobile", "excluding
 * tablet", "top 5", "as a bar chart", "show the SQL" — is applied to Claude's
 * SQL as a subquery (a filter on a text column the result has, an order and a
 * limit on its one numeric column) without calling Claude. A follow-up that
 * needs a new figure, grouping, bucket or period ("by week") goes to Claude
 * with the previous SQL; a message naming its own figure is a new question.
 */
import type { Column } from '../../contracts/warehouse.ts';
import { parseQuestion, type ConversationState, type ParsedQuestion, type SemanticModel } from '../../../agents/query/index.ts';
import type { ChartHint } from '../../../agents/query/index.ts';

/** The model name a Claude answer's state carries: no semantic model can be named so (names are identifiers). */
export const CLAUDE_STATE_MODEL = '@claude';

/** A text filter applied to a result column. */
export interface ResultFilter {
  column: string;
  values: string[];
  negate?: boolean;
}

/** What a Claude answer leaves in the thread, and the offline refinements applied to it since (plain JSON). */
export interface ClaudeBase {
  /** Claude's guarded SQL, as it ran. */
  sql: string;
  title: string;
  /** Its result columns (name and ClickHouse type). */
  columns: Array<{ name: string; type: string }>;
  /** Refinements applied offline since (all of them apply to `sql`). */
  filters: ResultFilter[];
  order?: { column: string; dir: 'asc' | 'desc' };
  limit?: number;
  chart?: ChartHint;
}

/** A ConversationState holding a Claude answer. */
export type ClaudeState = ConversationState & { claude: ClaudeBase };

/** The state a Claude answer (or its offline refinement) leaves in the thread. */
export function claudeState(base: ClaudeBase): ClaudeState {
  return { version: 1, query: { model: CLAUDE_STATE_MODEL, measures: [], dimensions: [], filters: [] }, claude: base };
}

/** The Claude answer a thread's state holds, if it holds one. */
export function claudeBaseOf(state: ConversationState | undefined): ClaudeBase | undefined {
  const s = state as Partial<ClaudeState> | undefined;
  const c = s?.query?.model === CLAUDE_STATE_MODEL ? s.claude : undefined;
  return c && typeof c.sql === 'string' && Array.isArray(c.columns) && Array.isArray(c.filters) ? c : undefined;
}

/** What to do with a follow-up to a Claude answer. */
export type ClaudeFollowUp =
  /** Applied offline: run `sql`; `state` is the next state of the thread. */
  | { kind: 'refined'; sql: string; title: string; state: ClaudeState; chart?: ChartHint; showSql?: boolean }
  /** A refinement the result cannot take by itself (a new grouping, bucket, figure or period): Claude, with the previous SQL. */
  | { kind: 'claude' }
  /** Not a refinement (it names its own figure, or starts afresh): the usual path, with no previous state. */
  | { kind: 'new' };

const TEXT_TYPE = /^(?:LowCardinality\()?(?:Nullable\()?(?:String|FixedString\(\d+\)|Enum(?:8|16)?\(.*\))\)?\)?$/;
const NUMBER_TYPE = /^(?:Nullable\()?(?:U?Int\d+|Float\d+|Decimal(?:\d+)?\(.*\))\)?$/;

/** Reads `text` as a follow-up to the Claude answer `base`, with the workspace's semantic models. */
export function followUpClaude(base: ClaudeBase, text: string, models: SemanticModel[], now: Date): ClaudeFollowUp {
  if (!models.length) return { kind: 'claude' };
  const parsed = models.map((model) => ({ model, p: parseQuestion(model, text, now) }));
  const { model, p } = parsed.reduce((a, b) => (b.p.unknown.length < a.p.unknown.length ? b : a));
  if (p.reset || p.empty || p.write) return { kind: 'new' };
  const narrowsOnly = p.filterRefinement && p.filters.length > 0;
  if (p.measures.length && !p.followUp && !narrowsOnly) return { kind: 'new' };
  if (p.unknown.length || p.skipped?.length) return { kind: 'claude' };
  if (p.showSql && !p.filters.length && p.limit === undefined && !p.chart) {
    return { kind: 'refined', sql: sqlOf(base), title: titleOf(base), state: claudeState(base), showSql: true };
  }
  // Anything that changes what is measured, how it is grouped or over which period needs Claude.
  const filtered = new Set(p.filters.flatMap((f) => (f.kind === 'dimension' ? [f.dimension] : [])));
  const newShape = (p.measures.length && !narrowsOnly) || p.dimensions.some((d) => !filtered.has(d)) || p.grain || p.period || p.numeric.length || p.thresholds.length
    || p.measureComparisons.length || p.change || p.cumulative || p.share || p.rollup || p.perEntity || p.periodComparison || p.periodComparedTo || p.periodBefore
    || p.comparedToBefore || p.including.length || p.never || p.lostTo || p.howMuch || p.unsupported || p.future || p.clearPeriod || p.both || p.replaces
    || p.filters.some((f) => f.kind !== 'dimension');
  if (newShape) return { kind: 'claude' };
  const next: ClaudeBase = JSON.parse(JSON.stringify(base));
  if (p.clearFilters) next.filters = [];
  for (const d of p.clearDimensionFilters) {
    const column = resultColumn(model, d, base);
    // "all devices" lifts a filter applied offline; one inside Claude's SQL only Claude can lift.
    if (!column || !next.filters.some((f) => f.column === column)) return { kind: 'claude' };
    next.filters = next.filters.filter((f) => f.column !== column);
  }
  for (const f of p.filters) {
    if (f.kind !== 'dimension') return { kind: 'claude' };
    const column = resultColumn(model, f.dimension, base);
    if (!column) return { kind: 'claude' };
    const old = next.filters.find((x) => x.column === column);
    const values = p.addValues && old && !old.negate && !f.negate ? [...new Set([...old.values, ...f.values])] : f.values;
    next.filters = [...next.filters.filter((x) => x.column !== column), { column, values, ...(f.negate ? { negate: true } : {}) }];
  }
  if (p.limit !== undefined || p.superlative || p.order) {
    const numbers = base.columns.filter((c) => NUMBER_TYPE.test(c.type));
    if (numbers.length !== 1) return { kind: 'claude' };
    next.order = { column: numbers[0].name, dir: p.order ?? p.superlative ?? 'desc' };
    if (p.limit !== undefined) next.limit = p.limit;
    else if (p.superlative && p.singular) next.limit = 1;
  }
  if (p.chart) next.chart = p.chart;
  const changed = JSON.stringify(next) !== JSON.stringify(base) || p.display === 'table' || !!p.chart;
  if (!changed) return { kind: 'claude' };
  return { kind: 'refined', sql: sqlOf(next), title: titleOf(next), state: claudeState(next), ...(next.chart ? { chart: next.chart } : {}) };
}

/** The result column a dimension of the model is, when the result has it as text. */
function resultColumn(model: SemanticModel, dimension: string, base: ClaudeBase): string | undefined {
  const d = model.dimensions.find((x) => x.name === dimension);
  const names = new Set([dimension, ...(d?.columns ?? []).map((c) => c.split('.').pop()!)].map((n) => n.toLowerCase()));
  const hit = base.columns.filter((c) => names.has(c.name.toLowerCase()) && TEXT_TYPE.test(c.type));
  return hit.length === 1 ? hit[0].name : undefined;
}

const ident = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;
const literal = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Claude's SQL with the refinements, as one SELECT (the guard checks it like any other). */
export function sqlOf(b: ClaudeBase): string {
  const inner = b.sql.trim().replace(/;+\s*$/, '');
  if (!b.filters.length && !b.order && b.limit === undefined) return inner;
  const where = b.filters.map((f) => `${ident(f.column)} ${f.negate ? 'NOT IN' : 'IN'} (${f.values.map(literal).join(', ')})`);
  return [
    `SELECT * FROM ( ${inner} ) AS claude_answer`,
    ...(where.length ? [`WHERE ${where.join(' AND ')}`] : []),
    ...(b.order ? [`ORDER BY ${ident(b.order.column)} ${b.order.dir.toUpperCase()}`] : []),
    ...(b.limit !== undefined ? [`LIMIT ${b.limit}`] : []),
  ].join(' ');
}

/** "Revenue by category — device = mobile, top 5". */
export function titleOf(b: ClaudeBase): string {
  const parts = b.filters.map((f) => `${f.column} ${f.negate ? (f.values.length > 1 ? 'not in' : '≠') : f.values.length > 1 ? 'in' : '='} ${f.values.join(', ')}`);
  if (b.limit !== undefined && b.order) parts.push(`${b.order.dir === 'desc' ? 'top' : 'bottom'} ${b.limit}`);
  return parts.length ? `${b.title} — ${parts.join(', ')}` : b.title;
}

/** The columns a result of Claude's SQL had (for the state). */
export function baseColumns(columns: Column[]): ClaudeBase['columns'] {
  return columns.map((c) => ({ name: c.name, type: c.type }));
}

export type { ParsedQuestion };
