/**
 * Estimated cost of Claude tokens from list prices (USD per million tokens),
 * by model family. Cache writes cost 1.25× input, cache reads 0.1× input.
 * An unknown model is priced as Sonnet. These are estimates for budgets, not
 * an invoice.
 */
import type { ClaudeUsage } from './types.ts';

/** Input / output USD per million tokens. */
export const PRICES_PER_MTOK: Readonly<Record<'haiku' | 'sonnet' | 'opus', { input: number; output: number }>> = {
  haiku: { input: 1, output: 5 },
  sonnet: { input: 3, output: 15 },
  opus: { input: 5, output: 25 },
};

export function familyOf(model: string): keyof typeof PRICES_PER_MTOK {
  if (/haiku/i.test(model)) return 'haiku';
  if (/opus/i.test(model)) return 'opus';
  return 'sonnet';
}

/** Estimated USD for the tokens of `usage` (its `costUsd` is ignored). */
export function costUsd(usage: Omit<ClaudeUsage, 'costUsd' | 'calls'>): number {
  const p = PRICES_PER_MTOK[familyOf(usage.model)];
  const usd = (usage.inputTokens * p.input + usage.cacheCreationTokens * p.input * 1.25 + usage.cacheReadTokens * p.input * 0.1 + usage.outputTokens * p.output) / 1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}
