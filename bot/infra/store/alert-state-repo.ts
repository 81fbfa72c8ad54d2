/**
 * The alert lifecycle's state in the metadata store (migration 7): the
 * `AlertStateStore` of alerts/lifecycle/store.ts on PostgreSQL and PGlite, so
 * series states, groups and their timers, the notification log, the outbox and
 * silences survive restarts and are shared by every worker.
 *
 * Tables (times are epoch milliseconds, `bigint`, as the lifecycle passes them):
 * - `alert_series` (rule_id, fingerprint) → state jsonb
 * - `alert_groups` (group_key) → route, receiver, timing, next_flush_at (indexed), version
 * - `alert_group_alerts` (group_key, fingerprint) → alert jsonb, state (partial index on the active ones)
 * - `alert_notification_log` (group_key, receiver) → entry jsonb, notified_at
 * - `alert_outbox` (idempotency_key) → notification jsonb, status, attempts, next_attempt_at (partial index on pending)
 * - `alert_silences` (id) → matchers jsonb, starts_at, ends_at (indexed)
 * Each table has a `seq` identity where the memory store's Map order shows
 * through (series, alerts in a group, outbox, silences), so both stores return
 * rows in the same order.
 *
 * Every mutating method is ONE transaction (`db.transaction`; when the repo is
 * built on an open transaction it joins that one):
 * - `commitEvaluation` locks the touched group rows `FOR UPDATE` (in key order,
 *   so two evaluations never deadlock), merges with `mergeIntoGroup`, writes
 *   the series, the groups and only the alert rows that changed. Two
 *   evaluations creating the same new group race on its primary key: the loser
 *   rolls back and retries on the winner's row. A new group takes its version
 *   from `alert_group_version_seq`, never 1 again, so a flush planned on a
 *   deleted group can never commit against a new group of the same key.
 * - `commitFlush` is version-checked by its first statement (`UPDATE … WHERE
 *   version = $plan` / `DELETE … WHERE version = $plan`): a stale plan writes
 *   nothing and returns false.
 * - `claimOutbox` = `UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED LIMIT n)`
 *   with a lease (`next_attempt_at = now + leaseMs`, `attempts + 1`).
 * - `prune(before)` deletes sent outbox records, expired silences and the log
 *   entries of groups that no longer exist, older than `before`.
 */
import { mergeIntoGroup } from '../../../alerts/lifecycle/group.ts';
import type { FlushPlan } from '../../../alerts/lifecycle/flush.ts';
import type { AlertStateStore, DeliveryFailure, EvaluationCommit } from '../../../alerts/lifecycle/store.ts';
import type { Alert, GroupState, NotificationLogEntry, OutboxRecord, OutboxStatus, SeriesState, Silence } from '../../../alerts/lifecycle/types.ts';
import { pgErrorCode, type Db, type Queryable } from './db.ts';

/** What `prune` removed. */
export interface AlertStatePruneReport {
  outbox: number;
  silences: number;
  log: number;
}

/** The lifecycle's store, plus housekeeping. */
export interface AlertStateRepo extends AlertStateStore {
  /**
   * Deletes outbox records sent before `before`, silences that ended before
   * `before`, and notification-log entries written before `before` whose group
   * no longer exists (a live group's entry is what dedup and threads read, so it
   * stays). Failed and pending outbox records are kept. One transaction.
   */
  prune(before: number): Promise<AlertStatePruneReport>;
}

/** Thrown inside a transaction to roll it back and run it again (a concurrent insert won a key). */
class RetryTransaction extends Error {}

const RETRY_CODES = new Set(['40001', '40P01', '23505']);
const MAX_ATTEMPTS = 8;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
const num = (v: unknown): number => Number(v);
const opt = (v: unknown): number | undefined => (v === null || v === undefined ? undefined : Number(v));

interface GroupRow {
  group_key: string;
  route_id: string;
  receiver: string;
  group_labels: unknown;
  timing: unknown;
  send_resolved: boolean;
  created_at: unknown;
  next_flush_at: unknown;
  has_flushed: boolean;
  version: unknown;
}

interface AlertRow {
  group_key: string;
  fingerprint: string;
  alert: unknown;
}

interface OutboxRow {
  idempotency_key: string;
  notification: unknown;
  status: OutboxStatus;
  created_at: unknown;
  attempts: unknown;
  next_attempt_at: unknown;
  sent_at: unknown;
  last_error: string | null;
}

interface SilenceRow {
  id: string;
  matchers: unknown;
  starts_at: unknown;
  ends_at: unknown;
  created_by: string;
  comment: string;
  created_at: unknown;
  updated_at: unknown;
}

const GROUP_COLUMNS = 'group_key, route_id, receiver, group_labels, timing, send_resolved, created_at, next_flush_at, has_flushed, version';
const OUTBOX_COLUMNS = 'idempotency_key, notification, status, created_at, attempts, next_attempt_at, sent_at, last_error';

const toGroup = (r: GroupRow, alerts: Record<string, Alert>): GroupState => ({
  key: r.group_key,
  routeId: r.route_id,
  receiver: r.receiver,
  groupLabels: json(r.group_labels),
  timing: json(r.timing),
  sendResolved: r.send_resolved,
  alerts,
  createdAt: num(r.created_at),
  nextFlushAt: num(r.next_flush_at),
  hasFlushed: r.has_flushed,
  version: num(r.version),
});

const toOutbox = (r: OutboxRow): OutboxRecord => {
  const rec: OutboxRecord = {
    idempotencyKey: r.idempotency_key,
    notification: json(r.notification),
    status: r.status,
    createdAt: num(r.created_at),
    attempts: num(r.attempts),
    nextAttemptAt: num(r.next_attempt_at),
  };
  const sentAt = opt(r.sent_at);
  if (sentAt !== undefined) rec.sentAt = sentAt;
  if (r.last_error !== null) rec.lastError = r.last_error;
  return rec;
};

const toSilence = (r: SilenceRow): Silence => ({
  id: r.id,
  matchers: json(r.matchers),
  startsAt: num(r.starts_at),
  endsAt: num(r.ends_at),
  createdBy: r.created_by,
  comment: r.comment,
  createdAt: num(r.created_at),
  updatedAt: num(r.updated_at),
});

/** Groups with all their alerts (alerts in insertion order, as the memory store's objects keep them). */
async function loadGroups(q: Queryable, rows: GroupRow[]): Promise<GroupState[]> {
  if (rows.length === 0) return [];
  const alerts = await q.query<AlertRow>(`SELECT group_key, fingerprint, alert FROM alert_group_alerts WHERE group_key = ANY($1::text[]) ORDER BY seq`, [rows.map((r) => r.group_key)]);
  const byGroup = new Map<string, Record<string, Alert>>(rows.map((r) => [r.group_key, {}]));
  for (const a of alerts.rows) byGroup.get(a.group_key)![a.fingerprint] = json(a.alert);
  return rows.map((r) => toGroup(r, byGroup.get(r.group_key)!));
}

/** Builds the store over the database (one transaction per mutating method) or over an open transaction (joins it). */
export function createAlertStateRepo(q: Queryable | Db): AlertStateRepo {
  const inTx = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => ('transaction' in q ? q.transaction(fn) : fn(q));

  /** `inTx`, run again when a concurrent writer won a key or a lock order (never needed on PGlite: one connection). */
  async function retrying<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTx(fn);
      } catch (err) {
        const again = err instanceof RetryTransaction || RETRY_CODES.has(pgErrorCode(err) ?? '');
        // Inside a caller's transaction the caller owns the retry.
        if (!again || !('transaction' in q) || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }

  return {
    async loadSeries(ruleId) {
      const r = await q.query<{ state: unknown }>('SELECT state FROM alert_series WHERE rule_id = $1 ORDER BY seq', [ruleId]);
      return r.rows.map((row) => json<SeriesState>(row.state));
    },

    commitEvaluation(c: EvaluationCommit) {
      return retrying(async (tx) => {
        if (c.removed.length > 0) await tx.query('DELETE FROM alert_series WHERE rule_id = $1 AND fingerprint = ANY($2::text[])', [c.ruleId, [...c.removed]]);
        if (c.states.length > 0) {
          await tx.query(
            `INSERT INTO alert_series (rule_id, fingerprint, state)
             SELECT $1, f, s::jsonb FROM unnest($2::text[], $3::text[]) AS t(f, s)
             ON CONFLICT (rule_id, fingerprint) DO UPDATE SET state = EXCLUDED.state`,
            [c.ruleId, c.states.map((s) => s.fingerprint), c.states.map((s) => JSON.stringify(s))],
          );
        }
        if (c.groupUpserts.length === 0) return;

        const keys = [...new Set(c.groupUpserts.map((u) => u.key))].sort();
        const fps = [...new Set(c.groupUpserts.map((u) => u.alert.fingerprint))];
        // The group rows, locked in key order; of their alerts only those this commit touches
        // (mergeIntoGroup reads an alert only by its fingerprint, and never removes one).
        const locked = await tx.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM alert_groups WHERE group_key = ANY($1::text[]) ORDER BY group_key COLLATE "C" FOR UPDATE`, [keys]);
        const touched = await tx.query<AlertRow>(
          'SELECT group_key, fingerprint, alert FROM alert_group_alerts WHERE group_key = ANY($1::text[]) AND fingerprint = ANY($2::text[]) ORDER BY seq',
          [keys, fps],
        );
        const before = new Map<string, GroupState>();
        for (const row of locked.rows) before.set(row.group_key, toGroup(row, {}));
        for (const a of touched.rows) (before.get(a.group_key)!.alerts as Record<string, Alert>)[a.fingerprint] = json(a.alert);

        const after = new Map<string, GroupState | undefined>();
        const changedFps = new Map<string, Set<string>>();
        for (const u of c.groupUpserts) {
          const prev = after.has(u.key) ? after.get(u.key) : before.get(u.key);
          const next = mergeIntoGroup(prev, u, c.now);
          after.set(u.key, next);
          if (next && next !== prev) {
            const set = changedFps.get(u.key) ?? new Set<string>();
            set.add(u.alert.fingerprint);
            changedFps.set(u.key, set);
          }
        }

        for (const key of keys) {
          const g = after.get(key);
          const fpsChanged = changedFps.get(key);
          if (!g || !fpsChanged) continue; // nothing to store (a resolved alert for no group, or no change)
          const old = before.get(key);
          if (old) {
            await tx.query('UPDATE alert_groups SET next_flush_at = $2, version = $3 WHERE group_key = $1', [key, g.nextFlushAt, g.version]);
          } else {
            // A fresh version from the sequence: never one a deleted group of this key had.
            const ins = await tx.query(
              `INSERT INTO alert_groups (${GROUP_COLUMNS})
               VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, nextval('alert_group_version_seq'))
               ON CONFLICT (group_key) DO NOTHING RETURNING 1`,
              [key, g.routeId, g.receiver, JSON.stringify(g.groupLabels), JSON.stringify(g.timing), g.sendResolved, g.createdAt, g.nextFlushAt, g.hasFlushed],
            );
            // Another worker created it meanwhile (committed: ON CONFLICT waited for it): merge into its row instead.
            if (ins.rows.length === 0) throw new RetryTransaction(`alert group ${key} created concurrently`);
          }
          const alerts = [...fpsChanged].map((fp) => g.alerts[fp]).filter((a): a is Alert => a !== undefined);
          await tx.query(
            `INSERT INTO alert_group_alerts (group_key, fingerprint, state, updated_at, alert)
             SELECT $1, f, s, u, a::jsonb FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[]) AS t(f, s, u, a)
             ON CONFLICT (group_key, fingerprint) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, alert = EXCLUDED.alert`,
            [key, alerts.map((a) => a.fingerprint), alerts.map((a) => a.state), alerts.map((a) => a.updatedAt), alerts.map((a) => JSON.stringify(a))],
          );
        }
      });
    },

    async activeAlerts() {
      const r = await q.query<{ alert: unknown }>(
        `SELECT DISTINCT ON (fingerprint) alert FROM alert_group_alerts WHERE state <> 'resolved' ORDER BY fingerprint, updated_at DESC, seq DESC`,
      );
      return r.rows.map((row) => json<Alert>(row.alert));
    },

    async getGroup(key) {
      const r = await q.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM alert_groups WHERE group_key = $1`, [key]);
      return (await loadGroups(q, r.rows))[0];
    },

    async dueGroups(now, limit) {
      const r = await q.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM alert_groups WHERE next_flush_at <= $1 ORDER BY next_flush_at, group_key COLLATE "C" LIMIT $2`, [
        // bigint has no ±Infinity ("everything due" from a caller): clamp to the epoch-ms range.
        Math.max(-MAX_TIME, Math.min(MAX_TIME, now)),
        limit,
      ]);
      const groups = await loadGroups(q, r.rows);
      // The memory store's tie order (localeCompare), within what the index picked.
      return groups.sort((a, b) => a.nextFlushAt - b.nextFlushAt || a.key.localeCompare(b.key));
    },

    async getLogEntry(groupKey, receiver) {
      const r = await q.query<{ entry: unknown }>('SELECT entry FROM alert_notification_log WHERE group_key = $1 AND receiver = $2', [groupKey, receiver]);
      return r.rows[0] ? json<NotificationLogEntry>(r.rows[0].entry) : undefined;
    },

    commitFlush(plan: FlushPlan, now) {
      return inTx(async (tx) => {
        // The version check is the first write: a stale plan stops here, having written nothing.
        if (plan.nextGroup) {
          const g = plan.nextGroup;
          const upd = await tx.query(
            `UPDATE alert_groups SET next_flush_at = $3, has_flushed = $4, version = $5 WHERE group_key = $1 AND version = $2 RETURNING 1`,
            [plan.groupKey, plan.groupVersion, g.nextFlushAt, g.hasFlushed, g.version],
          );
          if (upd.rows.length === 0) return false;
          // The group is as planned (same version), so its next state only drops alerts (the resolved ones).
          await tx.query('DELETE FROM alert_group_alerts WHERE group_key = $1 AND NOT (fingerprint = ANY($2::text[]))', [plan.groupKey, Object.keys(g.alerts)]);
        } else {
          const del = await tx.query('DELETE FROM alert_groups WHERE group_key = $1 AND version = $2 RETURNING 1', [plan.groupKey, plan.groupVersion]);
          if (del.rows.length === 0) return false;
        }
        if (plan.logEntry) {
          const e = plan.logEntry;
          await tx.query(
            `INSERT INTO alert_notification_log (group_key, receiver, notified_at, entry) VALUES ($1, $2, $3, $4::jsonb)
             ON CONFLICT (group_key, receiver) DO UPDATE SET notified_at = EXCLUDED.notified_at, entry = EXCLUDED.entry`,
            [e.groupKey, e.receiver, e.notifiedAt, JSON.stringify(e)],
          );
        }
        if (plan.notification) {
          const n = plan.notification;
          await tx.query(
            `INSERT INTO alert_outbox (idempotency_key, receiver, group_key, notification, status, created_at, attempts, next_attempt_at)
             VALUES ($1, $2, $3, $4::jsonb, 'pending', $5, 0, $5) ON CONFLICT (idempotency_key) DO NOTHING`,
            [n.id, n.receiver, n.groupKey, JSON.stringify(n), now],
          );
        }
        return true;
      });
    },

    async enqueueOutbox(n, now) {
      const r = await q.query(
        `INSERT INTO alert_outbox (idempotency_key, receiver, group_key, notification, status, created_at, attempts, next_attempt_at)
         VALUES ($1, $2, $3, $4::jsonb, 'pending', $5, 0, $5) ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1`,
        [n.id, n.receiver, n.groupKey, JSON.stringify(n), now],
      );
      return r.rows.length > 0;
    },

    claimOutbox(now, leaseMs, limit) {
      return inTx(async (tx) => {
        const r = await tx.query<OutboxRow & { seq: unknown }>(
          `UPDATE alert_outbox o SET attempts = o.attempts + 1, next_attempt_at = $2
           FROM (SELECT idempotency_key FROM alert_outbox
                 WHERE status = 'pending' AND next_attempt_at <= $1
                 ORDER BY created_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED) due
           WHERE o.idempotency_key = due.idempotency_key
           RETURNING o.seq, ${OUTBOX_COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
          [now, now + leaseMs, limit],
        );
        return r.rows.sort((a, b) => num(a.created_at) - num(b.created_at) || num(a.seq) - num(b.seq)).map(toOutbox);
      });
    },

    markSent(key, now) {
      return inTx(async (tx) => {
        // A second mark (a re-send after the lease ran out) keeps the first delivery time.
        const r = await tx.query(`UPDATE alert_outbox SET status = 'sent', sent_at = coalesce(sent_at, $2) WHERE idempotency_key = $1 RETURNING 1`, [key, now]);
        if (r.rows.length === 0) throw new Error(`outbox: no record ${key}`);
      });
    },

    markFailed(key, f: DeliveryFailure) {
      return inTx(async (tx) => {
        // Only a pending record: one already delivered by another worker's attempt stays sent.
        const r = await tx.query(
          `UPDATE alert_outbox SET last_error = $2,
             status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE status END,
             next_attempt_at = coalesce($3::bigint, next_attempt_at)
           WHERE idempotency_key = $1 AND status = 'pending' RETURNING 1`,
          [key, f.error, f.retryAt ?? null],
        );
        if (r.rows.length === 0) {
          const exists = await tx.query('SELECT 1 FROM alert_outbox WHERE idempotency_key = $1', [key]);
          if (exists.rows.length === 0) throw new Error(`outbox: no record ${key}`);
        }
      });
    },

    async listOutbox(status) {
      const r = status
        ? await q.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox WHERE status = $1 ORDER BY created_at, seq`, [status])
        : await q.query<OutboxRow>(`SELECT ${OUTBOX_COLUMNS} FROM alert_outbox ORDER BY created_at, seq`);
      return r.rows.map(toOutbox);
    },

    putSilence(s) {
      return inTx(async (tx) => {
        await tx.query(
          `INSERT INTO alert_silences (id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at)
           VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET matchers = EXCLUDED.matchers, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
             created_by = EXCLUDED.created_by, comment = EXCLUDED.comment, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
          [s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment, s.createdAt, s.updatedAt],
        );
      });
    },

    async listSilences() {
      const r = await q.query<SilenceRow>('SELECT id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at FROM alert_silences ORDER BY seq');
      return r.rows.map(toSilence);
    },

    async nextWakeAt() {
      // Two index lookups (alert_groups_next_flush, alert_outbox_due); least() skips NULLs.
      const r = await q.query<{ t: unknown }>(
        `SELECT least((SELECT min(next_flush_at) FROM alert_groups), (SELECT min(next_attempt_at) FROM alert_outbox WHERE status = 'pending')) AS t`,
      );
      return opt(r.rows[0]?.t);
    },

    prune(before) {
      return inTx(async (tx) => {
        const outbox = await tx.query(`DELETE FROM alert_outbox WHERE status = 'sent' AND sent_at < $1 RETURNING 1`, [before]);
        const silences = await tx.query('DELETE FROM alert_silences WHERE ends_at < $1 RETURNING 1', [before]);
        const log = await tx.query(
          `DELETE FROM alert_notification_log l WHERE l.notified_at < $1
             AND NOT EXISTS (SELECT 1 FROM alert_groups g WHERE g.group_key = l.group_key) RETURNING 1`,
          [before],
        );
        return { outbox: outbox.rows.length, silences: silences.rows.length, log: log.rows.length };
      });
    },
  };
}
