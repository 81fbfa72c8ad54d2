/**
 * The tools that touch data: `run_sql` (every statement through the
 * workspace's SQL guard, with its limits and the tenant's query slots) and
 * `render_chart` (a result of `run_sql` drawn by the renderers). A refused or
 * failed query is a tool result the model can repair, with ClickHouse's fixed
 * sentence, its numeric code and error name, and, for unknown identifiers, the
 * names ClickHouse mentions — never the engine's raw text (it can carry data).
 */
import { z } from 'zod';
import { isDatalabsError } from '../../bot/contracts/errors.ts';
import { CHART_KINDS, type ChartKind } from '../../renderers/index.ts';
import { shownValue } from './scope.ts';
import { defineTool } from './define-tool.ts';
import type { ToolResult } from './types.ts';

/** Longest SQL the tool takes (the guard has its own bound too). */
export const MAX_TOOL_SQL_CHARS = 20_000;
const DEFAULT_ROWS_SHOWN = 30;
/** ClickHouse codes of unknown identifiers / tables / functions: their names are useful for a repair. */
const UNKNOWN_OBJECT_CODES = new Set([10, 16, 46, 47, 60, 81]);

export const runSqlTool = defineTool({
  name: 'run_sql',
  description:
    'Run ONE read-only ClickHouse SELECT (or WITH … SELECT) over the readable tables and get its columns and rows. ' +
    'Qualify tables as database.table. The statement is checked first: other statements, table functions, system tables ' +
    'and tables outside the workspace are refused. Limits on time, memory and rows apply. On an error you get the reason ' +
    'and may correct the query. Returns a result_id for render_chart and the final answer.',
  input: z.object({
    sql: z.string().min(1).max(MAX_TOOL_SQL_CHARS).describe('One ClickHouse SELECT statement'),
    purpose: z.string().max(300).optional().describe('What this query is for, in a few words'),
  }).strict(),
  async run(input, ctx) {
    let guarded;
    try {
      guarded = await ctx.guard.check(input.sql);
    } catch (err) {
      return failure(err, 'the SQL guard could not check the statement');
    }
    const started = performance.now();
    try {
      ctx.session.ran.push(guarded.sql);
      const res = await ctx.reader.query(guarded.sql, {
        settings: guarded.settings,
        maxRows: ctx.limits.maxResultRows,
        timeoutMs: ctx.limits.timeoutMs,
        tenant: ctx.tenant,
        signal: ctx.signal,
      });
      const id = ctx.session.nextId();
      const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
      ctx.session.results.set(id, { id, sql: guarded.sql, tables: guarded.tables, columns: res.columns, rows: res.rows, truncated: res.truncated, stats: res.stats, elapsedMs });
      ctx.session.lastResultId = id;
      const shown = ctx.limits.maxRowsShown ?? DEFAULT_ROWS_SHOWN;
      return {
        output: {
          result_id: id,
          sql: guarded.sql,
          tables: guarded.tables,
          columns: res.columns.map((c) => ({ name: c.name, type: c.type })),
          row_count: res.rows.length,
          truncated: res.truncated,
          rows: res.rows.slice(0, shown).map((r) => r.map((v) => shownValue(v))),
          ...(res.rows.length > shown ? { rows_not_shown: res.rows.length - shown } : {}),
          ...(res.rows.length === 0 ? { note: 'the query returned no rows: check filters, periods and value spellings (describe_table shows sample values) before answering' } : {}),
        },
      };
    } catch (err) {
      return failure(err, 'the query failed');
    }
  },
});

export const renderChartTool = defineTool({
  name: 'render_chart',
  description:
    'Draw a result of run_sql as a chart (PNG). The kind is chosen from the data unless one is asked for; ' +
    'a kind that does not fit is drawn as one that does, with a note.',
  input: z.object({
    result_id: z.string().max(20).optional().describe('A result_id from run_sql (default: the last result)'),
    kind: z.enum(CHART_KINDS as unknown as [ChartKind, ...ChartKind[]]).optional().describe('Chart kind, only when the user asked for one'),
    title: z.string().max(200).optional().describe('Chart title (default: none)'),
  }).strict(),
  async run(input, ctx) {
    const id = input.result_id ?? ctx.session.lastResultId;
    const result = id ? ctx.session.results.get(id) : undefined;
    if (!result) return { output: { error: id ? `no result ${id}; run_sql returns result ids` : 'run a query with run_sql first' }, isError: true, errorCode: 'NOT_FOUND' };
    if (!ctx.charts) return { output: { error: 'charts are not available here; answer with the table' }, isError: true, errorCode: 'NOT_SUPPORTED' };
    const size = ctx.chartSize ?? { width: 1200, height: 675 };
    let failed: unknown;
    const title = input.title ?? '';
    const chart = await ctx.charts.render(result.columns, result.rows, {
      title,
      width: size.width,
      height: size.height,
      hint: input.kind ? { kind: input.kind } : undefined,
      keepOrder: /\border\s+by\b/i.test(result.sql),
      onError: (err) => { failed = err; },
    });
    if (!chart) {
      return { output: { error: failed ? 'the chart could not be drawn; answer with the table' : 'this result has no shape a chart can show (one value, or no numeric column); answer with the table' }, isError: true, errorCode: 'NOT_SUPPORTED' };
    }
    ctx.session.charts.push({ resultId: result.id, png: chart.png, kind: chart.kind, alt: chart.alt, title, width: size.width, height: size.height, ...(chart.note ? { note: chart.note } : {}) });
    return {
      output: { result_id: result.id, kind: chart.kind, alt: chart.alt, ...(chart.note ? { note: chart.note } : {}) },
      image: { png: chart.png, mimeType: 'image/png', alt: chart.alt },
    };
  },
});

/** A refused or failed query as a tool result; anything not ours becomes a fixed sentence. */
function failure(err: unknown, fallback: string): ToolResult {
  if (!isDatalabsError(err)) return { output: { error: fallback }, isError: true, errorCode: 'INTERNAL' };
  const raw = err.cause instanceof Error ? err.cause.message : '';
  const name = /\(([A-Z_]+)\)\s*$/m.exec(raw)?.[1] ?? /\b([A-Z][A-Z_]{3,})\b\)?\s*$/.exec(raw)?.[1];
  const hints = err.clickhouseCode !== undefined && UNKNOWN_OBJECT_CODES.has(err.clickhouseCode) ? unknownNames(raw) : undefined;
  return {
    output: {
      error: err.message,
      code: err.code,
      ...(err.clickhouseCode !== undefined ? { clickhouse_code: err.clickhouseCode } : {}),
      ...(name ? { clickhouse_error: name } : {}),
      ...(hints ? hints : {}),
    },
    isError: true,
    errorCode: err.code,
    ...(err.clickhouseCode !== undefined ? { clickhouseCode: err.clickhouseCode } : {}),
  };
}

const NAME = /^[A-Za-z_][\w.]{0,63}$/;

/** The identifier ClickHouse could not resolve and the names it suggests, from its message (identifiers only). */
export function unknownNames(raw: string): { unknown?: string; maybe_you_meant?: string[] } | undefined {
  const unknown = /(?:Unknown[a-z ]*?(?:identifier|function|column)|Missing columns?:|Table)\s*[`']([^`']+)[`']/i.exec(raw)?.[1];
  const maybe = /Maybe you meant:?\s*\[([^\]]*)\]/i.exec(raw)?.[1];
  const suggestions = maybe ? [...maybe.matchAll(/['`]([^'`]+)['`]/g)].map((m) => m[1]).filter((s) => NAME.test(s)).slice(0, 5) : [];
  const out: { unknown?: string; maybe_you_meant?: string[] } = {};
  if (unknown && NAME.test(unknown)) out.unknown = unknown;
  if (suggestions.length) out.maybe_you_meant = suggestions;
  return Object.keys(out).length ? out : undefined;
}
