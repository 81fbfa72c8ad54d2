/**
 * A group flush as one pure plan: inhibit ► silence ► dedup ► notification.
 * Mirrors Alertmanager's per-receiver pipeline (InhibitStage, SilenceStage,
 * DedupStage, then notify and SetNotifiesStage), except that the notification
 * log entry and the outbox record are written together, before sending (see
 * outbox.ts), in the same commit as the group's new timer.
 *
 * When inhibition and silences leave no alert, the pipeline stops: nothing is
 * sent and the notification log is untouched (Alertmanager's MultiStage stops
 * on an empty alert list), so the receiver hears of the alerts when the mutes end.
 */
import { afterFlush, sortedAlerts } from './group.ts';
import type { Inhibitor } from './inhibit.ts';
import { logSets, needsNotification } from './dedup.ts';
import { stableHash, type Labels } from './labels.ts';
import { silencedBy } from './silence.ts';
import type { Alert, GroupState, Notification, NotificationLogEntry, Silence } from './types.ts';

/** Why an alert was left out of a flush. */
export interface MutedAlert {
  fingerprint: string;
  silencedBy: string[];
  inhibitedBy?: { rule: string; sourceFingerprint: string };
}

/** What a flush of one group at `now` decides; the caller commits it as one write. */
export interface FlushPlan {
  groupKey: string;
  /** The version of the group the plan was made from (commit only against it). */
  groupVersion: number;
  /** The group after the flush, or undefined to delete it. */
  nextGroup: GroupState | undefined;
  /** The notification to record in the outbox, if one goes out. */
  notification?: Notification;
  /** The notification-log entry to write, if it changes. */
  logEntry?: NotificationLogEntry;
  muted: MutedAlert[];
}

/** Labels all `alerts` share. */
export function commonLabels(alerts: readonly Alert[]): Labels {
  if (alerts.length === 0) return {};
  const out: Record<string, string> = { ...alerts[0].labels };
  for (const a of alerts.slice(1)) for (const n of Object.keys(out)) if (a.labels[n] !== out[n]) delete out[n];
  return out;
}

/** The idempotency key (and notification id) of the flush of `groupKey` to `receiver` at `now`. */
export function notificationKey(groupKey: string, receiver: string, now: number): string {
  return stableHash('notification', groupKey, receiver, String(now));
}

/** Everything a flush looks at besides the group. */
export interface FlushContext {
  now: number;
  inhibitor: Inhibitor;
  silences: readonly Silence[];
  logEntry: NotificationLogEntry | undefined;
}

/** Plans the flush of one group. Pure. */
export function planFlush(group: GroupState, ctx: FlushContext): FlushPlan {
  const { now } = ctx;
  const muted: MutedAlert[] = [];
  const kept: Alert[] = [];
  for (const a of sortedAlerts(group)) {
    const inhibitedBy = a.state === 'resolved' ? undefined : ctx.inhibitor.mutedBy(a);
    const silenced = silencedBy(ctx.silences, a.labels, now);
    if (inhibitedBy || silenced.length > 0) muted.push({ fingerprint: a.fingerprint, silencedBy: silenced, inhibitedBy });
    else kept.push(a);
  }
  const plan: FlushPlan = { groupKey: group.key, groupVersion: group.version, nextGroup: afterFlush(group, now), muted };
  if (kept.length === 0) return plan;

  const kind = needsNotification(ctx.logEntry, kept, { now, repeatIntervalMs: group.timing.repeatIntervalMs, sendResolved: group.sendResolved });
  if (!kind) return plan;
  const id = notificationKey(group.key, group.receiver, now);
  const sameEpisode = ctx.logEntry !== undefined && ctx.logEntry.firing.length > 0;
  const threadId = sameEpisode ? ctx.logEntry!.threadId : id;
  plan.logEntry = { groupKey: group.key, receiver: group.receiver, ...logSets(kept), notifiedAt: now, notificationId: id, threadId };
  const sent = group.sendResolved ? kept : kept.filter((a) => a.state !== 'resolved');
  if (sent.length > 0) {
    plan.notification = {
      id,
      kind,
      threadId,
      receiver: group.receiver,
      routeId: group.routeId,
      groupKey: group.key,
      groupLabels: group.groupLabels,
      commonLabels: commonLabels(sent),
      alerts: sent,
      createdAt: now,
    };
  }
  return plan;
}
