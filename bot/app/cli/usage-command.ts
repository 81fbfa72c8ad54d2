/**
 * `datalabs usage`: Claude's tokens and estimated cost per user for a month, in
 * one workspace (default: the process's default workspace), and its budget.
 *   datalabs usage [--workspace <id|name>] [--month YYYY-MM] [--json]
 *   datalabs usage --budget <usd|none> [--workspace <id|name>]
 */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { createAiUsageRepo } from '../../infra/store/ai-usage-repo.ts';
import { openCliStore } from './open-store.ts';

export interface UsageOptions {
  workspace?: string;
  month?: string;
  json?: boolean;
  budget?: string;
}

const usd = (n: number) => `$${n.toFixed(n > 0 && n < 1 ? 4 : 2)}`;

export async function runUsage(ctx: { config: Config; logger: Logger }, opts: UsageOptions, now: Date = new Date()): Promise<number> {
  let month: Date;
  if (opts.month !== undefined) {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(opts.month);
    if (!m) throw new DatalabsError('BAD_INPUT', `--month must be YYYY-MM, got "${opts.month.slice(0, 20)}"`);
    month = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  } else month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  let budget: number | null | undefined;
  if (opts.budget !== undefined) {
    if (opts.budget === 'none') budget = null;
    else if (/^\d+(\.\d{1,2})?$/.test(opts.budget)) budget = Number(opts.budget);
    else throw new DatalabsError('BAD_INPUT', `--budget must be an amount of USD such as 25 or 12.50, or none; got "${opts.budget.slice(0, 20)}"`);
  }
  const store = await openCliStore(ctx);
  try {
    let workspaceId: number | null = null;
    let label = 'the default workspace';
    if (opts.workspace !== undefined) {
      const ws = await store.workspaces.find(opts.workspace);
      if (!ws) throw new DatalabsError('NOT_FOUND', `no workspace "${opts.workspace.slice(0, 80)}": datalabs workspace list shows them`);
      workspaceId = ws.id;
      label = `workspace ${ws.name} (#${ws.id})`;
    }
    const repo = createAiUsageRepo(store.db, { defaultBudgetUsd: ctx.config.claude?.budgetUsd });
    if (budget !== undefined) {
      await repo.setBudget(workspaceId, budget);
      process.stdout.write(budget === null ? `Claude budget of ${label} removed${ctx.config.claude?.budgetUsd ? ` (ANTHROPIC_BUDGET_USD ${usd(ctx.config.claude.budgetUsd)} applies)` : ''}\n` : `Claude budget of ${label}: ${usd(budget)} a month\n`);
      return 0;
    }
    const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
    const { users, total } = await repo.summary(workspaceId, month);
    // summary counts from `month` on: a past month is cut at its end.
    const past = next <= now ? await repo.summary(workspaceId, next) : undefined;
    const minus = (a: typeof total, b?: typeof total) => (b ? { ...a, answers: a.answers - b.answers, inputTokens: a.inputTokens - b.inputTokens, outputTokens: a.outputTokens - b.outputTokens, cacheCreationTokens: a.cacheCreationTokens - b.cacheCreationTokens, cacheReadTokens: a.cacheReadTokens - b.cacheReadTokens, costUsd: Math.round((a.costUsd - b.costUsd) * 1e6) / 1e6 } : a);
    const perUser = users.map((u) => minus(u, past?.users.find((p) => p.userKey === u.userKey))).filter((u) => u.answers > 0);
    const sum = minus(total, past?.total);
    const budgetUsd = await repo.budgetUsd(workspaceId);
    const monthText = month.toISOString().slice(0, 7);
    if (opts.json) {
      process.stdout.write(JSON.stringify({ workspace: workspaceId, month: monthText, budgetUsd, total: sum, users: perUser }) + '\n');
      return 0;
    }
    const lines = [`Claude usage of ${label} in ${monthText}: ${sum.answers} answers, ${(sum.inputTokens + sum.outputTokens + sum.cacheCreationTokens + sum.cacheReadTokens).toLocaleString('en-US')} tokens (${sum.cacheReadTokens.toLocaleString('en-US')} from the prompt cache), ${usd(sum.costUsd)} estimated`];
    lines.push(budgetUsd === null ? 'budget: none' : `budget: ${usd(budgetUsd)} a month`);
    for (const u of perUser) lines.push(`  ${u.userKey}: ${u.answers} answers, ${(u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens).toLocaleString('en-US')} tokens, ${usd(u.costUsd)}`);
    if (!ctx.config.claude) lines.push('ANTHROPIC_API_KEY is not set: questions are answered offline only.');
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    await store.close();
  }
}
