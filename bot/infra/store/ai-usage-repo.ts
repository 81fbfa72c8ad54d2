/**
 * Claude usage in the metadata store (migration 8): tokens and estimated cost
 * of every answer Claude worked on, per workspace and user, and each
 * workspace's monthly budget. It is the Claude engine's UsageLedger, and what
 * `/usage` and `datalabs usage` read. Workspace null is the process's default
 * workspace (the CLI without workspaces); budgets key it as 0.
 */
import type { UsageEntry, UsageLedger } from '../../../agents/claude/types.ts';
import type { Queryable } from './db.ts';

/** Totals of one user (or of everyone, `userKey` '*') over a period. */
export interface UsageTotals {
  userKey: string;
  answers: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export interface AiUsageRepo extends UsageLedger {
  /** Per user, most expensive first, then the total (`userKey` '*'), since `since`. */
  summary(workspaceId: number | null, since: Date): Promise<{ users: UsageTotals[]; total: UsageTotals }>;
  /** Sets (or with null removes) a workspace's monthly budget in USD. */
  setBudget(workspaceId: number | null, monthlyUsd: number | null): Promise<void>;
}

/** The first instant of the UTC month of `now`: budgets count from here. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

interface TotalsRow {
  user_key: string;
  answers: string | number;
  input_tokens: string | number;
  output_tokens: string | number;
  cache_creation_tokens: string | number;
  cache_read_tokens: string | number;
  cost_usd: string | number;
}

const totals = (r: TotalsRow): UsageTotals => ({
  userKey: r.user_key,
  answers: Number(r.answers),
  inputTokens: Number(r.input_tokens),
  outputTokens: Number(r.output_tokens),
  cacheCreationTokens: Number(r.cache_creation_tokens),
  cacheReadTokens: Number(r.cache_read_tokens),
  costUsd: Number(r.cost_usd),
});

const SUMS = `count(*) AS answers, coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(cache_creation_tokens), 0) AS cache_creation_tokens, coalesce(sum(cache_read_tokens), 0) AS cache_read_tokens, coalesce(sum(cost_usd), 0) AS cost_usd`;

/**
 * `defaultBudgetUsd` (ANTHROPIC_BUDGET_USD) applies to every workspace without
 * a budget of its own.
 */
export function createAiUsageRepo(db: Queryable, opts: { defaultBudgetUsd?: number } = {}): AiUsageRepo {
  const key = (workspaceId: number | null) => workspaceId ?? 0;
  return {
    async record(e: UsageEntry) {
      const u = e.usage;
      await db.query(
        `INSERT INTO ai_usage (workspace_id, user_key, model, calls, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, cost_usd, outcome, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [e.workspaceId, e.userKey.slice(0, 300) || 'unknown', u.model.slice(0, 100), u.calls, u.inputTokens, u.outputTokens, u.cacheCreationTokens, u.cacheReadTokens, u.costUsd, e.outcome, e.at],
      );
    },
    async spentUsd(workspaceId, since) {
      const r = await db.query<{ usd: string | number | null }>(
        'SELECT coalesce(sum(cost_usd), 0) AS usd FROM ai_usage WHERE coalesce(workspace_id, 0) = $1 AND created_at >= $2',
        [key(workspaceId), since],
      );
      return Number(r.rows[0]?.usd ?? 0);
    },
    async budgetUsd(workspaceId) {
      const r = await db.query<{ monthly_usd: string | number }>('SELECT monthly_usd FROM ai_budgets WHERE workspace_key = $1', [key(workspaceId)]);
      return r.rows[0] ? Number(r.rows[0].monthly_usd) : opts.defaultBudgetUsd ?? null;
    },
    async setBudget(workspaceId, monthlyUsd) {
      if (monthlyUsd === null) {
        await db.query('DELETE FROM ai_budgets WHERE workspace_key = $1', [key(workspaceId)]);
        return;
      }
      await db.query(
        `INSERT INTO ai_budgets (workspace_key, monthly_usd, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (workspace_key) DO UPDATE SET monthly_usd = EXCLUDED.monthly_usd, updated_at = EXCLUDED.updated_at`,
        [key(workspaceId), monthlyUsd],
      );
    },
    async summary(workspaceId, since) {
      const users = await db.query<TotalsRow>(
        `SELECT user_key, ${SUMS} FROM ai_usage WHERE coalesce(workspace_id, 0) = $1 AND created_at >= $2 GROUP BY user_key ORDER BY sum(cost_usd) DESC, user_key`,
        [key(workspaceId), since],
      );
      const total = await db.query<TotalsRow>(`SELECT '*' AS user_key, ${SUMS} FROM ai_usage WHERE coalesce(workspace_id, 0) = $1 AND created_at >= $2`, [key(workspaceId), since]);
      return { users: users.rows.map(totals), total: totals(total.rows[0]) };
    },
  };
}
