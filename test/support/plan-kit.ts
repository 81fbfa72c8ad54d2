/**
 * The query agent over the demo model at the evals' `now`, with the helpers its
 * unit tests share: a conversation (`thread`, each turn planned on the state the
 * previous left, as a chat thread keeps it), flattened SQL, and a refusal's message.
 */
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel, type AgentPlan } from '../../agents/query/index.ts';
import type { ConversationState } from '../../agents/query/semantic-query.ts';

export const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
export const now = new Date('2025-06-30T18:00:00Z');

/** Plans each question on the state the previous one left (copied as the store would keep it). */
export function thread(...questions: string[]): AgentPlan[] {
  let state: ConversationState | undefined;
  return questions.map((q) => {
    const p = agent.plan(q, { now, state });
    state = JSON.parse(JSON.stringify(p.state)) as ConversationState;
    return p;
  });
}
/** The plan's SQL on one line. */
export const flat = (p: AgentPlan): string => p.sql.replace(/\s+/g, ' ');
/** One question's SQL on one line. */
export const sql = (q: string): string => flat(agent.plan(q, { now }));
/** The refusal's message, or 'answered'. */
export const refusal = (q: string): string => { try { agent.plan(q, { now }); } catch (e) { return (e as Error).message; } return 'answered'; };
/** The refusal as `<code>: <message>` (NOT_UNDERSTOOD, NOT_SUPPORTED …), or undefined when the question is answered. */
export const refusalWithCode = (q: string): string | undefined => {
  try { agent.plan(q, { now }); return undefined; } catch (e) { return `${(e as { code?: string }).code}: ${(e as Error).message}`; }
};
