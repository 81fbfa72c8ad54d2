/**
 * A question rule read in a time zone (its own `timezone:`, else its
 * workspace's): the evaluation runs on the zone's wall clock — `now` moved to
 * the zone's local time, so the rule's periods (UTC calendar arithmetic on
 * those times) are the zone's days, weeks and months — and each ask goes to
 * the pipeline with the real `now` and the zone, so the query agent reads
 * "between D and D" from the zone's midnights and buckets rows on its
 * calendar. The rows come back in local time, i.e. in the same wall-clock
 * frame. SQL rules are not zoned (their {from}/{to} are UTC).
 */
import { checkTimeZone, fromWallClock, wallClock } from '../../agents/query/time-zone.ts';
import type { SeriesSource } from '../backtest/index.ts';
import type { AlertRule } from '../rules/index.ts';

/** Zone names as Intl spells them (undefined: UTC or not a zone), read once each: the catalog asks per rule per refresh. */
const checked = new Map<string, string | undefined>();

/** The zone a rule's periods are read in, or undefined for UTC (and for SQL rules). */
export function ruleZone(rule: AlertRule, ownTimezone: unknown, workspaceZone: string | null | undefined): string | undefined {
  if (rule.source !== 'question') return undefined;
  const zone = typeof ownTimezone === 'string' && ownTimezone ? ownTimezone : workspaceZone ?? undefined;
  if (!zone) return undefined;
  if (!checked.has(zone)) {
    let name: string | undefined;
    try {
      name = checkTimeZone(zone);
    } catch {
      // The rule's own zone is validated when it is saved; a workspace's when it is set: UTC otherwise.
      name = undefined;
    }
    if (checked.size > 1_000) checked.clear();
    checked.set(zone, name);
  }
  return checked.get(zone);
}

/** `source` asked on the zone's wall clock (see above); `now` for the evaluation is `wallNow(instant, zone)`. */
export function zonedSource(source: SeriesSource, zone: string): SeriesSource {
  return { ask: (input) => source.ask({ ...input, now: fromWallClock(input.now, zone), timezone: zone }) };
}

export const wallNow = (instant: number, zone: string): Date => wallClock(new Date(instant), zone);
