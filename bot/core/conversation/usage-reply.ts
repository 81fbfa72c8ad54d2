/**
 * `/usage` (also `/datalabs usage`): Claude's tokens and estimated cost this
 * month in the chat's workspace — the workspace's total against its budget,
 * the asker's own share, and the top users.
 */
import type { Reply } from '../../contracts/chat.ts';
import type { AiUsageRepo, UsageTotals } from '../../infra/store/ai-usage-repo.ts';

/** What `/usage` reads (the metadata store's ai_usage repo). */
export type UsageSource = Pick<AiUsageRepo, 'summary' | 'budgetUsd'>;

const int = (n: number) => n.toLocaleString('en-US');
const usd = (n: number) => `$${n < 1 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;
const tokens = (t: UsageTotals) => t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens;

/** The text of `/usage` for a workspace (null: the process's default) and the asker (`platform:user id`). */
export async function buildUsageReply(source: UsageSource, where: { workspaceId: number | null; userKey: string; now: Date; claude: boolean }): Promise<Reply> {
  const since = new Date(Date.UTC(where.now.getUTCFullYear(), where.now.getUTCMonth(), 1));
  const month = where.now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const [{ users, total }, budget] = await Promise.all([source.summary(where.workspaceId, since), source.budgetUsd(where.workspaceId)]);
  const lines = [`Claude usage in ${month}: ${int(total.answers)} answer${total.answers === 1 ? '' : 's'}, ${int(tokens(total))} tokens (${int(total.cacheReadTokens)} read from the prompt cache), ${usd(total.costUsd)} estimated`];
  lines.push(budget === null ? 'Budget: none set (an admin sets one with datalabs usage --budget <usd>)' : `Budget: ${usd(total.costUsd)} of ${usd(budget)} spent${total.costUsd >= budget ? ' — reached: Claude answers stop until next month or a higher budget' : ''}`);
  const mine = users.find((u) => u.userKey === where.userKey);
  lines.push(`You: ${mine ? `${int(mine.answers)} answers, ${int(tokens(mine))} tokens, ${usd(mine.costUsd)}` : 'nothing this month'}`);
  if (users.length > 1) lines.push(`Top users: ${users.slice(0, 5).map((u) => `${u.userKey} ${usd(u.costUsd)}`).join(' · ')}`);
  if (!where.claude) lines.push('Claude is not configured here (ANTHROPIC_API_KEY): every answer is offline and free.');
  return { text: lines.join('\n') };
}
