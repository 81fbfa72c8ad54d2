/**
 * The state the lifecycle keeps between ticks, behind one interface so the
 * in-memory store (tests, embedded mode) and a PostgreSQL one are
 * interchangeable. Every method that changes state is ONE atomic write:
 *
 * - `commitEvaluation`: a rule's series states + the groups its alerts land in
 *   (merged with `mergeIntoGroup` on the locked group rows) — one transaction.
 * - `commitFlush`: the group's next timer / removal, its notification-log
 *   entry and its outbox record — one transaction, and only if the group is
 *   still at the version the flush was planned on (a concurrent evaluation or
 *   a second worker flushing the same group makes it return false; the caller
 *   re-plans at its next tick). This is what makes "recorded before sending"
 *   hold: the log says "announced" only together with a record that will be sent.
 * - `claimOutbox` / `markSent` / `markFailed`: one row each.
 * - `putSilence`: one row.
 *
 * A PostgreSQL sketch: tables alert_series (rule_id, fingerprint, state jsonb),
 * alert_groups (key, version, next_flush_at, …), alert_group_alerts (group_key,
 * fingerprint, alert jsonb), notification_log (group_key, receiver, entry jsonb),
 * alert_outbox (idempotency_key unique, status, next_attempt_at, …), silences;
 * `claimOutbox` = UPDATE … WHERE key IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING.
 */
import type { FlushPlan } from './flush.ts';
import type { GroupUpsert } from './group.ts';
import type { Alert, GroupState, Notification, NotificationLogEntry, OutboxRecord, SeriesState, Silence } from './types.ts';

/** One evaluation of one rule, written atomically. */
export interface EvaluationCommit {
  ruleId: string;
  now: number;
  /** Series to insert or replace. */
  states: readonly SeriesState[];
  /** Fingerprints of the rule's series to delete. */
  removed: readonly string[];
  /** Alerts to merge into groups (`mergeIntoGroup`), creating groups as needed. */
  groupUpserts: readonly GroupUpsert[];
}

/** How a failed delivery is recorded: retried at `retryAt`, or given up (`failed`) when undefined. */
export interface DeliveryFailure {
  now: number;
  error: string;
  retryAt?: number;
}

/** Persistence of alert states, groups' timers, the notification log, the outbox and silences. */
export interface AlertStateStore {
  /** The tracked series of one rule. */
  loadSeries(ruleId: string): Promise<SeriesState[]>;
  /** Writes one evaluation atomically (see EvaluationCommit). */
  commitEvaluation(commit: EvaluationCommit): Promise<void>;
  /** All active alerts in any group, one per fingerprint: the inhibition sources. */
  activeAlerts(): Promise<Alert[]>;
  /** One group, if it exists. */
  getGroup(key: string): Promise<GroupState | undefined>;
  /** Groups whose `nextFlushAt` ≤ now, earliest first. */
  dueGroups(now: number, limit: number): Promise<GroupState[]>;
  /** The notification-log entry of (group, receiver). */
  getLogEntry(groupKey: string, receiver: string): Promise<NotificationLogEntry | undefined>;
  /**
   * Writes a flush atomically: group update or deletion, log entry, outbox
   * record (status pending, due now). Returns false and writes nothing when the
   * group's version is no longer `plan.groupVersion`.
   */
  commitFlush(plan: FlushPlan, now: number): Promise<boolean>;
  /**
   * Claims up to `limit` pending records due at `now` (oldest first): each gets
   * `attempts + 1` and `nextAttemptAt = now + leaseMs`, so no other worker takes
   * it until the lease runs out (a crash before `markSent` means a re-send then).
   */
  claimOutbox(now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]>;
  /** Marks a record delivered. */
  markSent(idempotencyKey: string, now: number): Promise<void>;
  /** Records a failed attempt (retry at `retryAt`, or status `failed`). */
  markFailed(idempotencyKey: string, failure: DeliveryFailure): Promise<void>;
  /**
   * Records a notification that no group flush makes (a scheduled report's run) as a pending
   * outbox record due at `now`; false (nothing written) when its id is already recorded — a run
   * evaluated twice (a re-run after a crash, two workers) is sent once.
   */
  enqueueOutbox(notification: Notification, now: number): Promise<boolean>;
  /** Outbox records, optionally of one status, oldest first (inspection and tests). */
  listOutbox(status?: OutboxRecord['status']): Promise<OutboxRecord[]>;
  /** Inserts or replaces a silence. */
  putSilence(silence: Silence): Promise<void>;
  /** All silences (including expired ones, until pruned by the store). */
  listSilences(): Promise<Silence[]>;
  /** The earliest group flush or outbox attempt after which work is due; undefined when idle. */
  nextWakeAt(): Promise<number | undefined>;
}
