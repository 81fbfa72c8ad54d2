/**
 * Stage "dedup": Alertmanager's notification log check (DedupStage.needsUpdate).
 * A group is announced to a receiver at most once per flush, and only when
 * what the receiver knows is out of date:
 *
 * - never notified: only if something is active (all-resolved news is no news);
 * - an active alert the last notification did not carry (by fingerprint and
 *   state, so firing → error is news) → `firing`;
 * - nothing active any more but the last notification had active alerts → `resolved`
 *   (recorded even when the route does not send resolved notices);
 * - with send_resolved, an alert resolved since the last notification → `firing`
 *   (an update that still has active alerts);
 * - otherwise, only once `repeat_interval` has passed since the last
 *   notification → `repeat`. Repeats are checked at flushes, so they go out at
 *   the first group_interval tick at or after repeat_interval (Alertmanager
 *   likewise).
 */
import type { Alert, NotificationKind, NotificationLogEntry } from './types.ts';

/** The notification-log key of an alert: `fingerprint:state` when active, `fingerprint` when resolved. */
export function dedupKey(a: Alert): string {
  return a.state === 'resolved' ? a.fingerprint : `${a.fingerprint}:${a.state}`;
}

/** What the notification log would record for `alerts`. */
export function logSets(alerts: readonly Alert[]): { firing: string[]; resolved: string[] } {
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const a of alerts) (a.state === 'resolved' ? resolved : firing).push(dedupKey(a));
  return { firing: firing.sort(), resolved: resolved.sort() };
}

const subset = (xs: readonly string[], of: readonly string[]) => {
  const set = new Set(of);
  return xs.every((x) => set.has(x));
};

/** Settings the decision depends on. */
export interface DedupOptions {
  now: number;
  repeatIntervalMs: number;
  sendResolved: boolean;
}

/** The kind of notification `alerts` (already stripped of muted ones) call for, or undefined for none. */
export function needsNotification(entry: NotificationLogEntry | undefined, alerts: readonly Alert[], o: DedupOptions): NotificationKind | undefined {
  const { firing, resolved } = logSets(alerts);
  if (!entry) return firing.length > 0 ? 'firing' : undefined;
  if (!subset(firing, entry.firing)) return 'firing';
  if (firing.length === 0) return entry.firing.length > 0 ? 'resolved' : undefined;
  if (o.sendResolved && !subset(resolved, entry.resolved)) return 'firing';
  return entry.notifiedAt <= o.now - o.repeatIntervalMs ? 'repeat' : undefined;
}
