/**
 * Claude's usage ledger for the process: the metadata store's ai_usage repo
 * once the store is open (`attach`); before that, or without a store (the
 * `ask` CLI), nothing is recorded and no budget applies.
 */
import type { Config } from './config/load-config.ts';
import type { UsageLedger } from '../../agents/claude/types.ts';
import { createAiUsageRepo, type AiUsageRepo } from '../infra/store/ai-usage-repo.ts';
import type { MetadataStore } from '../infra/store/index.ts';
import type { Metrics } from '../contracts/metrics.ts';

export interface ProcessUsageLedger extends UsageLedger {
  attach(store: MetadataStore): void;
  /** The repo, once attached. */
  repo(): AiUsageRepo | undefined;
}

/** `metrics`: every recorded answer's tokens and cost are counted there too (datalabs_llm_*), store or not. */
export function createUsageLedger(config: Config, metrics?: Metrics): ProcessUsageLedger {
  let repo: AiUsageRepo | undefined;
  return {
    attach(store) {
      repo = createAiUsageRepo(store.db, { defaultBudgetUsd: config.claude?.budgetUsd });
    },
    repo: () => repo,
    budgetUsd: async (ws) => (repo ? repo.budgetUsd(ws) : null),
    spentUsd: async (ws, since) => (repo ? repo.spentUsd(ws, since) : 0),
    record: async (entry) => {
      const u = entry.usage;
      metrics?.countLlmUsage({ model: u.model, inputTokens: u.inputTokens, outputTokens: u.outputTokens, cacheReadTokens: u.cacheReadTokens, cacheCreationTokens: u.cacheCreationTokens, costUsd: u.costUsd });
      if (repo) await repo.record(entry);
    },
  };
}
