/**
 * Builds an {@link AgentTool} from a zod schema and an executor: the JSON
 * schema the model and MCP clients read comes from the same zod schema that
 * validates the input, so the two cannot drift.
 */
import { z } from 'zod';
import type { AgentTool, JsonSchemaObject, ToolContext, ToolName, ToolResult } from './types.ts';

export function defineTool<S extends z.ZodObject>(spec: {
  name: ToolName;
  description: string;
  input: S;
  run(input: z.infer<S>, ctx: ToolContext): Promise<ToolResult>;
}): AgentTool<z.infer<S>> {
  const schema = z.toJSONSchema(spec.input, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  delete schema.$schema;
  const inputSchema = { ...schema, type: 'object' } as JsonSchemaObject;
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input as unknown as z.ZodType<z.infer<S>>,
    inputSchema,
    async run(raw, ctx) {
      const parsed = spec.input.safeParse(raw ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || 'input';
        return { output: { error: `bad input for ${spec.name}: ${field}: ${issue.message}` }, isError: true, errorCode: 'BAD_INPUT' };
      }
      return spec.run(parsed.data, ctx);
    },
  };
}
