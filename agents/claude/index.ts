/** Claude as the second engine: the tool loop, its contract, pricing. */
export { createClaudeEngine, implausible, spentOf, DEFAULT_CLAUDE_MODEL, type ClaudeEngineOptions } from './create-claude-engine.ts';
export { costUsd, familyOf, PRICES_PER_MTOK } from './pricing.ts';
export { STAGE_TEXT, type AgentStage, type ClaudeAskInput, type ClaudeEngine, type ClaudeOutcome, type ClaudePending, type ClaudeUsage, type UsageEntry, type UsageLedger } from './types.ts';
export { serverFacts, type ServerFacts } from './server-facts.ts';
export { createMessagesClient, addUsage, emptyUsage, apiError, type MessagesClient, type MessagesClientOptions } from './messages-client.ts';
