/**
 * Stage "group": Alertmanager's aggregation groups and their timers, as data.
 *
 * - An alert goes to one group per matching route, keyed by the route and the
 *   values of its `group_by` labels.
 * - A new group first flushes `group_wait` after it was created — at once if
 *   the alert that created it started more than `group_wait` ago (so a restart
 *   does not delay old alerts).
 * - After each flush the next one is `group_interval` later; new alerts in an
 *   already-flushed group wait for that tick.
 * - At a flush, resolved alerts leave the group; a group with no alerts left
 *   is deleted. Active alerts stay (still tracked even when muted).
 * - A resolved alert never creates a group (there is nothing to announce).
 */
import { formatLabels } from './labels.ts';
import { groupKeyOf, groupLabelsOf, matchRoutes, type ResolvedRoute } from './route.ts';
import type { Alert, GroupState } from './types.ts';

/** One alert bound for one group, with what is needed to create the group. */
export interface GroupUpsert {
  key: string;
  route: ResolvedRoute;
  groupLabels: GroupState['groupLabels'];
  alert: Alert;
}

/** Routes each alert and returns its group upserts (one per matching route). */
export function planGroupUpserts(tree: ResolvedRoute, alerts: readonly Alert[]): GroupUpsert[] {
  const out: GroupUpsert[] = [];
  for (const alert of alerts) {
    for (const route of matchRoutes(tree, alert.labels)) {
      const groupLabels = groupLabelsOf(route, alert.labels);
      out.push({ key: groupKeyOf(route, groupLabels), route, groupLabels, alert });
    }
  }
  return out;
}

/**
 * Merges one upsert into a group (creating it when absent). Returns undefined
 * when nothing should be stored (a resolved alert for a group that does not
 * exist). Pure: a store calls it inside its transaction on the group row.
 */
export function mergeIntoGroup(existing: GroupState | undefined, u: GroupUpsert, now: number): GroupState | undefined {
  const old = u.alert.startsAt + u.route.groupWaitMs <= now;
  if (!existing) {
    if (u.alert.state === 'resolved') return undefined;
    return {
      key: u.key,
      routeId: u.route.id,
      receiver: u.route.receiver,
      groupLabels: u.groupLabels,
      timing: { groupWaitMs: u.route.groupWaitMs, groupIntervalMs: u.route.groupIntervalMs, repeatIntervalMs: u.route.repeatIntervalMs },
      sendResolved: u.route.sendResolved,
      alerts: { [u.alert.fingerprint]: u.alert },
      createdAt: now,
      nextFlushAt: old ? now : now + u.route.groupWaitMs,
      hasFlushed: false,
      version: 1,
    };
  }
  if (u.alert.state === 'resolved' && !existing.alerts[u.alert.fingerprint]) return existing;
  return {
    ...existing,
    alerts: { ...existing.alerts, [u.alert.fingerprint]: u.alert },
    nextFlushAt: !existing.hasFlushed && old && u.alert.state !== 'resolved' ? Math.min(existing.nextFlushAt, now) : existing.nextFlushAt,
    version: existing.version + 1,
  };
}

/** Whether a group's timer has run out. */
export function isDue(g: GroupState, now: number): boolean {
  return g.nextFlushAt <= now;
}

/** Active alerts first, then resolved ones; each by startsAt, then labels — the order receivers see. */
export function sortedAlerts(g: GroupState): Alert[] {
  const rank = (a: Alert) => (a.state === 'resolved' ? 1 : 0);
  const key = (a: Alert) => formatLabels(a.labels);
  return Object.values(g.alerts).sort((a, b) => rank(a) - rank(b) || a.startsAt - b.startsAt || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/**
 * The group after a flush at `now`: resolved alerts dropped, next flush one
 * `group_interval` on. Undefined when no alert is left (delete the group).
 */
export function afterFlush(g: GroupState, now: number): GroupState | undefined {
  const alerts: Record<string, Alert> = {};
  for (const [fp, a] of Object.entries(g.alerts)) if (a.state !== 'resolved') alerts[fp] = a;
  if (Object.keys(alerts).length === 0) return undefined;
  return { ...g, alerts, hasFlushed: true, nextFlushAt: now + g.timing.groupIntervalMs, version: g.version + 1 };
}
