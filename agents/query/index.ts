/**
 * The query agent's public API: semantic models (load / infer / YAML) and the
 * offline agent that turns a question into one guarded-ready ClickHouse SELECT.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { createQueryAgent, keptOfState, type AgentPlan, type QueryAgent } from './agent.ts';
export { loadSemanticModel, semanticModelToYaml, validateSemanticModel, type SemanticModel } from './semantic-model.ts';
export { inferSemanticModel } from './infer-model.ts';
export { compileQuery, measureDisplay, type ColumnDisplay, type CompiledQuery } from './compiler.ts';
export { parseQuestion, type ParsedQuestion } from './parser.ts';
export type { ConversationState, SemanticQuery, MeasureSpec, FilterSpec, ChartHint } from './semantic-query.ts';

/** Path of the demo database's semantic model shipped with the project. */
export const DEMO_MODEL_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models', 'demo.yaml');
