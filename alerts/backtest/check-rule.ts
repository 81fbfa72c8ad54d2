/**
 * Checks a rule's query against the warehouse before it is saved: the
 * question is understood and gives one number per period, or the SQL passes
 * the guard and has the right shape; a freshness rule's table is readable.
 * Throws a one-line DatalabsError naming the field (`query: …`, `condition: …`).
 */
import type { AlertRule } from '../rules/rule.ts';
import { addPeriods, periodStart } from '../rules/schedule.ts';
import { fetchFreshness, fetchSeries, type SeriesSource } from './series.ts';

export async function checkRuleQuery(rule: AlertRule, source: SeriesSource, now: Date): Promise<void> {
  const g = rule.granularity;
  const to = periodStart(g, now.getTime());
  const from = addPeriods(g, to, -2);
  const window = { from, to, now, live: true };
  if (rule.condition.kind === 'freshness') await fetchFreshness(rule, source, window);
  else await fetchSeries(rule, source, window);
}
