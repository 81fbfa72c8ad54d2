/**
 * Grouped evaluation, the part that holds for any rule: rules whose query
 * text is the same for the same window (many thresholds on one metric, the
 * same SQL with different conditions) share ONE pipeline call per tick. The
 * text includes the window's bounds, so the key changes with the period and
 * a cached answer is never read for another period.
 */
import type { SeriesAnswer, SeriesSource } from '../backtest/index.ts';

export interface CoalescingSource extends SeriesSource {
  /** Pipeline calls made / answered from another rule's call. */
  readonly stats: { calls: number; shared: number };
}

export function coalesceSource(source: SeriesSource, o: { ttlMs?: number; max?: number; now?: () => number } = {}): CoalescingSource {
  const ttl = o.ttlMs ?? 30_000;
  const max = o.max ?? 10_000;
  const clock = o.now ?? Date.now;
  const cache = new Map<string, { at: number; answer: Promise<SeriesAnswer> }>();
  const stats = { calls: 0, shared: 0 };
  return {
    stats,
    ask(input) {
      // `now` changes what relative words in a question mean: part of the key for questions.
      const key = `${input.chart ? 1 : 0}|${input.sqlOnly ? 1 : 0}|${input.timezone ?? ''}|${/\b(since|between)\b/.test(input.text) ? input.now.toISOString().slice(0, 10) : ''}|${input.text}`;
      const t = clock();
      const hit = cache.get(key);
      if (hit && t - hit.at < ttl) {
        stats.shared++;
        return hit.answer;
      }
      stats.calls++;
      const answer = source.ask(input);
      cache.set(key, { at: t, answer });
      answer.catch(() => cache.delete(key));
      if (cache.size > max) {
        for (const [k, v] of cache) {
          if (t - v.at >= ttl || cache.size > max) cache.delete(k);
          if (cache.size <= max / 2) break;
        }
      }
      return answer;
    },
  };
}
