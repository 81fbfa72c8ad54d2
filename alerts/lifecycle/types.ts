/**
 * Contracts of the alert lifecycle. All times are epoch milliseconds passed in
 * by the caller (`now`); no stage reads a clock.
 *
 * Flow (see README.md): EvaluationResult ─state─► SeriesState ─route+group─►
 * GroupState ─(flush: inhibit ► silence ► dedup)─► Notification ─outbox─► Receiver.
 */
import type { Labels, Matcher } from './labels.ts';

// ── rules and evaluation results ────────────────────────────────────────────

/** What a whole-rule "no data" or "error" result turns into (Grafana's no_data_state / exec_err_state). */
export type NoDataPolicy = 'nodata' | 'firing' | 'normal' | 'keep_last';
/** @see NoDataPolicy */
export type ErrorPolicy = 'error' | 'firing' | 'normal' | 'keep_last';

/** Flap damping: a series that starts firing `maxStarts` times within `windowMs` is "flapping". */
export interface FlapPolicy {
  windowMs: number;
  maxStarts: number;
}

/** The lifecycle part of a rule (the rule file's other fields live in alerts/rules). */
export interface LifecycleRule {
  id: string;
  /** Becomes the `alertname` label. */
  name: string;
  /** Static labels added to every alert of the rule (severity, team, …). */
  labels?: Labels;
  annotations?: Readonly<Record<string, string>>;
  /** Pending period: the condition must hold this long before the alert fires (`for`). 0 fires at once. */
  forMs: number;
  /** Keep firing this long after the condition clears (Prometheus `keep_firing_for`); state `recovering`. */
  keepFiringForMs?: number;
  /** Default `nodata`. */
  noDataState?: NoDataPolicy;
  /** Default `error`. */
  errorState?: ErrorPolicy;
  /** A series absent from this many consecutive successful evaluations resolves (Grafana: 2). */
  missingSeriesEvalsToResolve?: number;
  /** Optional flap damping: while flapping, a clear must last `windowMs` before the alert resolves. */
  flap?: FlapPolicy;
}

/** One series in one evaluation: its labels, value and whether the condition holds. */
export interface SeriesSample {
  labels: Labels;
  value: number | null;
  /** Whether the rule's condition holds for this series now. */
  breaching: boolean;
  threshold?: number;
  baseline?: number;
}

/**
 * What an evaluator hands the lifecycle for one rule at one tick.
 * `ok` with an empty `series` list is "no data".
 */
export type EvaluationResult =
  | { outcome: 'ok'; series: readonly SeriesSample[] }
  | { outcome: 'error'; error: string };

// ── per-series state (stage "state") ───────────────────────────────────────

/**
 * The state of one series (Grafana's instance states; `recovering` is
 * keep_firing_for). `normal` after having fired carries `resolvedAt`.
 */
export type AlertState = 'normal' | 'pending' | 'firing' | 'recovering' | 'nodata' | 'error';

/** The active (notifying) states a pending series is heading for. */
export type ActiveState = 'firing' | 'nodata' | 'error';

/** One transition of one series, reported by the state stage. */
export interface Transition {
  fingerprint: string;
  from: AlertState;
  to: AlertState;
  at: number;
}

/** Everything persisted per (rule, series fingerprint). */
export interface SeriesState {
  fingerprint: string;
  ruleId: string;
  /** Labels of the series only (what the fingerprint hashes). */
  seriesLabels: Labels;
  /** Full alert labels: series labels + rule labels + alertname + rule_id. */
  labels: Labels;
  state: AlertState;
  /** While pending (or recovering): the active state it heads for / stays in. */
  target?: ActiveState;
  /** When the current pending period began. */
  pendingSince?: number;
  /** When the series last became active (the alert's startsAt). */
  activeAt?: number;
  /** When the condition last cleared while active (recovering since). */
  clearSince?: number;
  /** When the alert last resolved (its endsAt); set together with state `normal`. */
  resolvedAt?: number;
  lastEvaluatedAt: number;
  value: number | null;
  threshold?: number;
  baseline?: number;
  error?: string;
  /** Consecutive successful evaluations the series was absent from. */
  missingEvals: number;
  /** Times it became active within the flap window (oldest first). */
  activations: number[];
  flapping: boolean;
}

// ── alerts, groups, notifications ───────────────────────────────────────────

/** The state an alert is announced in: the active state, or `resolved`. */
export type NotifiedState = 'firing' | 'nodata' | 'error' | 'resolved';

/** An alert as grouped and notified: a snapshot of an active (or just-resolved) series. */
export interface Alert {
  fingerprint: string;
  ruleId: string;
  labels: Labels;
  /** The labels that tell this series from the rule's other series (an anomaly rule's split value); absent for a rule-level series. */
  seriesLabels?: Labels;
  annotations: Readonly<Record<string, string>>;
  state: NotifiedState;
  startsAt: number;
  /** Set when resolved. */
  endsAt?: number;
  value: number | null;
  threshold?: number;
  baseline?: number;
  error?: string;
  flapping: boolean;
  /** The evaluation time this snapshot was taken at. */
  updatedAt: number;
}

/** Timing of a route (Alertmanager's group_wait / group_interval / repeat_interval). */
export interface GroupTiming {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** One aggregation group: one route × one value of its group_by labels. */
export interface GroupState {
  /** `<route id>:<group labels>`; also the notification-log key with the receiver. */
  key: string;
  routeId: string;
  receiver: string;
  groupLabels: Labels;
  timing: GroupTiming;
  sendResolved: boolean;
  /** Alerts by fingerprint: active ones and resolved ones not yet flushed. */
  alerts: Readonly<Record<string, Alert>>;
  createdAt: number;
  nextFlushAt: number;
  hasFlushed: boolean;
  /** Bumped on every write; a flush commits only against the version it planned on. */
  version: number;
}

/** Why a notification goes out (Alertmanager has no such field; chat threads need it). */
export type NotificationKind = 'firing' | 'resolved' | 'repeat' | 'report';

/** A scheduled report's run (kind `report`): the receiver answers the question as of `runAt` and posts the answer. */
export interface ReportRun {
  ruleId: string;
  name: string;
  /** The question or SQL. */
  query: string;
  workspaceId: number | null;
  /** The run's scheduled time (ms): the answer's "now". */
  runAt: number;
  /** The zone the report runs in (its own, else its workspace's; absent: UTC): how the run is labelled. */
  timezone?: string;
}

/** What a receiver is handed. Alerts are firing first, then resolved; muted alerts are absent. */
export interface Notification {
  /** Equal to the idempotency key. */
  id: string;
  kind: NotificationKind;
  /**
   * The id of the first notification of this episode of the group (from its
   * first firing notice until the notice that says all resolved). Equal to `id`
   * for a new episode: post a new message; otherwise reply in that message's thread.
   */
  threadId: string;
  receiver: string;
  routeId: string;
  groupKey: string;
  groupLabels: Labels;
  /** Labels every alert of the notification shares. */
  commonLabels: Labels;
  alerts: readonly Alert[];
  createdAt: number;
  /** Set on a scheduled report's notification (kind `report`; `alerts` is empty). */
  report?: ReportRun;
}

/** The notification log entry of one (group, receiver): what was last announced and when. */
export interface NotificationLogEntry {
  groupKey: string;
  receiver: string;
  /** Dedup keys (`fingerprint:state`) of the alerts announced as active. */
  firing: readonly string[];
  /** Fingerprints announced as resolved. */
  resolved: readonly string[];
  notifiedAt: number;
  notificationId: string;
  /** The episode's first notification id (see Notification.threadId). */
  threadId: string;
}

// ── silences ────────────────────────────────────────────────────────────────

/** A silence (Alertmanager's): mutes alerts matching all matchers between startsAt and endsAt. */
export interface Silence {
  id: string;
  matchers: readonly Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

/** A silence is `pending` before startsAt, `active` in [startsAt, endsAt), `expired` after. */
export type SilenceState = 'pending' | 'active' | 'expired';

// ── outbox ──────────────────────────────────────────────────────────────────

/** Delivery state of one outbox record. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** One notification to one receiver, recorded before it is sent (see outbox.ts). */
export interface OutboxRecord {
  idempotencyKey: string;
  notification: Notification;
  status: OutboxStatus;
  createdAt: number;
  attempts: number;
  /** Not claimed again before this time (backoff, or another worker's lease). */
  nextAttemptAt: number;
  sentAt?: number;
  lastError?: string;
}
