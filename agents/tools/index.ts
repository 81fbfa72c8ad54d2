/**
 * The data tools shared by the Claude tool loop and the MCP server.
 *
 * ```ts
 * const ctx: ToolContext = { reader, guard, scope, models, limits, charts, session: createToolSession() };
 * for (const t of DATA_TOOLS) register(t.name, t.description, t.inputSchema);
 * const result = await runTool('run_sql', { sql: 'SELECT 1' }, ctx); // never throws for bad input or a refused query
 * ```
 *
 * The model (or MCP client) only ever sees the workspace's readable tables:
 * listings are filtered by `ctx.scope`, and every statement passes `ctx.guard`.
 */
import { describeTableTool, listTablesTool, semanticModelTool } from './catalog-tools.ts';
import { renderChartTool, runSqlTool } from './sql-tools.ts';
import type { AgentTool, ToolContext, ToolName, ToolResult, ToolSession } from './types.ts';

export type { AgentTool, JsonSchemaObject, ToolChart, ToolContext, ToolName, ToolQueryResult, ToolResult, ToolScope, ToolSession } from './types.ts';
export { isReadable, scopeDatabases } from './scope.ts';
export { modelView } from './catalog-tools.ts';
export { unknownNames, MAX_TOOL_SQL_CHARS } from './sql-tools.ts';
export { listTablesTool, describeTableTool, semanticModelTool, runSqlTool, renderChartTool };

/** Every tool, in the order they are offered. */
export const DATA_TOOLS: readonly AgentTool[] = [listTablesTool, describeTableTool, semanticModelTool, runSqlTool, renderChartTool] as readonly AgentTool[];

/** The tool of that name, or undefined. */
export function toolByName(name: string): AgentTool | undefined {
  return DATA_TOOLS.find((t) => t.name === name);
}

/** A fresh session (result ids from r1, no charts). */
export function createToolSession(): ToolSession {
  let n = 0;
  return { results: new Map(), charts: [], ran: [], nextId: () => `r${++n}` };
}

/**
 * Runs a tool by name. An unknown name or a bad input is an error result
 * (BAD_INPUT / NOT_FOUND), not a throw.
 */
export async function runTool(name: string, input: unknown, ctx: ToolContext): Promise<ToolResult> {
  const tool = toolByName(name);
  if (!tool) return { output: { error: `no tool named ${String(name).slice(0, 60)}; the tools are ${DATA_TOOLS.map((t) => t.name).join(', ')}` }, isError: true, errorCode: 'NOT_FOUND' };
  return tool.run(input, ctx);
}

export type { ToolName as DataToolName };
