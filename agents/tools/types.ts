/**
 * The contract of the data tools shared by the Claude tool loop (agents/claude)
 * and the MCP server: what a tool is, what it runs against (a workspace-scoped
 * {@link ToolContext}) and what it returns. A tool only ever sees the tables
 * the workspace may read: every listing is filtered by the allow-list and every
 * statement goes through the workspace's SQL guard.
 */
import type { z } from 'zod';
import type { Column, QueryStats, WarehouseReader } from '../../bot/contracts/warehouse.ts';
import type { SqlGuard } from '../guard/index.ts';
import type { SemanticModel } from '../query/index.ts';
import type { ChartKind, ChartRenderer } from '../../renderers/index.ts';

/** The names of the tools, as the model and MCP clients call them. */
export type ToolName = 'list_tables' | 'describe_table' | 'semantic_model' | 'run_sql' | 'render_chart';

/** What a workspace may read: the same lists its SQL guard was built from. */
export interface ToolScope {
  /** Databases read in full. */
  allowedDatabases: string[];
  /** Single tables (`database.table`) of databases not read in full. */
  allowedTables: string[];
}

/** A result `run_sql` produced, kept so `render_chart` (and the final answer) can use it by id. */
export interface ToolQueryResult {
  /** `r1`, `r2`, … in the order of the session. */
  id: string;
  /** The statement as the guard re-emitted it (what ran). */
  sql: string;
  tables: string[];
  columns: Column[];
  rows: unknown[][];
  truncated: boolean;
  stats: QueryStats;
  elapsedMs: number;
}

/** A chart `render_chart` drew. */
export interface ToolChart {
  resultId: string;
  png: Buffer;
  kind: ChartKind;
  alt: string;
  title: string;
  width: number;
  height: number;
  /** Why a requested kind was drawn as another. */
  note?: string;
}

/**
 * State of one conversation with the tools (one answer of the Claude loop, one
 * MCP session): the results of `run_sql` by id and the charts drawn. Create one
 * with `createToolSession()`.
 */
export interface ToolSession {
  readonly results: Map<string, ToolQueryResult>;
  /** The id of the last successful `run_sql`, if any. */
  lastResultId?: string;
  /** Charts in the order drawn. */
  readonly charts: ToolChart[];
  /** Every statement sent to the warehouse (guarded), for the audit log. */
  readonly ran: string[];
  /** Next result id (`r1`, `r2`, …). */
  nextId(): string;
}

/** Everything a tool runs against; build one per workspace (and one session per conversation). */
export interface ToolContext {
  /** The workspace's read connection (guarded SQL and metadata reads of allowed databases). */
  reader: WarehouseReader;
  /** The workspace's SQL guard (its allow-list and limits): every statement a tool runs passes it. */
  guard: SqlGuard;
  /** The allow-list the guard was built from; listings and descriptions are filtered by it. */
  scope: ToolScope;
  /** Semantic models of the readable databases (filtered to readable tables by `semantic_model`). */
  models: SemanticModel[];
  limits: {
    /** Wall-clock deadline of one query. */
    timeoutMs: number;
    /** Rows read back from a query at most (the result is marked truncated beyond). */
    maxResultRows: number;
    /** Rows of a result shown to the model in a tool result (default 30). */
    maxRowsShown?: number;
  };
  /** Whose queries these are (`workspace:<id>`): the warehouse caps concurrent queries per tenant. */
  tenant?: string;
  /** Where `render_chart` draws; without it the tool answers that charts are unavailable. */
  charts?: ChartRenderer;
  /** Chart size in pixels (default 1200×675). */
  chartSize?: { width: number; height: number };
  session: ToolSession;
  signal?: AbortSignal;
}

/**
 * What a tool returns. `output` is JSON-serialisable and is what the model (or
 * MCP client) reads; `isError` marks a failure the caller can act on (a refused
 * or failed query: the model may repair it). Tools never throw for bad input or
 * a refused query; they throw only when the context itself is broken.
 */
export interface ToolResult {
  output: unknown;
  isError?: boolean;
  /** DatalabsError code of a failure (SQL_REJECTED, WAREHOUSE_ERROR, WAREHOUSE_TIMEOUT, BAD_INPUT, NOT_FOUND, …). */
  errorCode?: string;
  /** ClickHouse's numeric error code, when the failure came from ClickHouse. */
  clickhouseCode?: number;
  /** A drawn chart (render_chart), for clients that show images. */
  image?: { png: Buffer; mimeType: 'image/png'; alt: string };
}

/** A JSON Schema object (draft 2020-12 as zod emits it) describing a tool's input. */
export type JsonSchemaObject = { type: 'object'; properties?: Record<string, unknown>; required?: string[]; [k: string]: unknown };

/** One tool: name, description and input schema for the model, and its executor. */
export interface AgentTool<I = unknown> {
  readonly name: ToolName;
  /** What the model reads to decide when to call it. */
  readonly description: string;
  /** The zod schema of the input; `run` validates with it. */
  readonly input: z.ZodType<I>;
  /** The input's JSON schema (from `z.toJSONSchema`), as the Messages API and MCP take it. */
  readonly inputSchema: JsonSchemaObject;
  /** Validates `input` and runs the tool; a bad input is a BAD_INPUT `ToolResult`, not a throw. */
  run(input: unknown, ctx: ToolContext): Promise<ToolResult>;
}
