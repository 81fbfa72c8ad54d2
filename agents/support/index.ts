/**
 * The support agent: product questions ("how do I set up alerts?", "what does
 * refund rate mean?", "which tables are there?") answered from the README, the
 * command help and the workspace's semantic model; Claude phrases them when
 * configured.
 */
export { createSupportAgent, definedTerm, type SupportAgent, type SupportAgentDeps, type SupportAnswer, type SupportPhraser, type SupportScope } from './create-support-agent.ts';
export { commandDocs, defineDimension, defineMeasure, helpDocs, modelDocs, readmeDocs, usageDocs, type SupportDoc } from './knowledge.ts';
export { createSupportIndex, stem, terms, type SupportIndex } from './retrieve.ts';
export { isSupportQuestion, supportKind, type SupportKind } from './route.ts';
export { createClaudePhraser, SUPPORT_SYSTEM_PROMPT, type ClaudePhraserOptions } from './claude-phraser.ts';
