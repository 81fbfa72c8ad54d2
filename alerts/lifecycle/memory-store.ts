/**
 * The in-memory AlertStateStore: single-process, every write applied whole
 * (copies in, copies out, so callers can never mutate stored state — a stand-in
 * for a database a "crashed" process leaves behind).
 */
import { mergeIntoGroup } from './group.ts';
import type { AlertStateStore, DeliveryFailure, EvaluationCommit } from './store.ts';
import type { FlushPlan } from './flush.ts';
import type { Alert, GroupState, NotificationLogEntry, OutboxRecord, SeriesState, Silence } from './types.ts';

const copy = <T>(v: T): T => structuredClone(v);

/** An in-memory store; pass it to a new lifecycle to simulate a restart over the same data. */
export function createMemoryAlertStore(): AlertStateStore {
  const series = new Map<string, Map<string, SeriesState>>();
  const groups = new Map<string, GroupState>();
  const log = new Map<string, NotificationLogEntry>();
  const outbox = new Map<string, OutboxRecord>();
  const silences = new Map<string, Silence>();
  const logKey = (g: string, r: string) => `${g}\u0000${r}`;

  const outboxRecord = (key: string) => {
    const r = outbox.get(key);
    if (!r) throw new Error(`outbox: no record ${key}`);
    return r;
  };

  return {
    async loadSeries(ruleId) {
      return [...(series.get(ruleId)?.values() ?? [])].map(copy);
    },
    async commitEvaluation(c: EvaluationCommit) {
      const rule = series.get(c.ruleId) ?? new Map<string, SeriesState>();
      const nextGroups = new Map<string, GroupState | undefined>();
      for (const u of c.groupUpserts) {
        const before = nextGroups.has(u.key) ? nextGroups.get(u.key) : groups.get(u.key);
        nextGroups.set(u.key, mergeIntoGroup(before, u, c.now));
      }
      // Nothing above can throw past this point: apply all at once.
      for (const fp of c.removed) rule.delete(fp);
      for (const s of c.states) rule.set(s.fingerprint, copy(s));
      series.set(c.ruleId, rule);
      for (const [k, g] of nextGroups) if (g) groups.set(k, copy(g));
    },
    async activeAlerts() {
      const out = new Map<string, Alert>();
      for (const g of groups.values()) for (const a of Object.values(g.alerts)) if (a.state !== 'resolved') out.set(a.fingerprint, a);
      return [...out.values()].map(copy);
    },
    async getGroup(key) {
      const g = groups.get(key);
      return g && copy(g);
    },
    async dueGroups(now, limit) {
      return [...groups.values()]
        .filter((g) => g.nextFlushAt <= now)
        .sort((a, b) => a.nextFlushAt - b.nextFlushAt || a.key.localeCompare(b.key))
        .slice(0, limit)
        .map(copy);
    },
    async getLogEntry(groupKey, receiver) {
      const e = log.get(logKey(groupKey, receiver));
      return e && copy(e);
    },
    async commitFlush(plan: FlushPlan, now) {
      const g = groups.get(plan.groupKey);
      if (!g || g.version !== plan.groupVersion) return false;
      if (plan.nextGroup) groups.set(plan.groupKey, copy(plan.nextGroup));
      else groups.delete(plan.groupKey);
      if (plan.logEntry) log.set(logKey(plan.logEntry.groupKey, plan.logEntry.receiver), copy(plan.logEntry));
      if (plan.notification && !outbox.has(plan.notification.id)) {
        outbox.set(plan.notification.id, { idempotencyKey: plan.notification.id, notification: copy(plan.notification), status: 'pending', createdAt: now, attempts: 0, nextAttemptAt: now });
      }
      return true;
    },
    async claimOutbox(now, leaseMs, limit) {
      const due = [...outbox.values()]
        .filter((r) => r.status === 'pending' && r.nextAttemptAt <= now)
        .sort((a, b) => a.createdAt - b.createdAt) // stable: insertion order within one instant
        .slice(0, limit);
      for (const r of due) {
        r.attempts += 1;
        r.nextAttemptAt = now + leaseMs;
      }
      return due.map(copy);
    },
    async markSent(key, now) {
      const r = outboxRecord(key);
      r.status = 'sent';
      r.sentAt = now;
    },
    async markFailed(key, f: DeliveryFailure) {
      const r = outboxRecord(key);
      r.lastError = f.error;
      if (f.retryAt === undefined) r.status = 'failed';
      else r.nextAttemptAt = f.retryAt;
    },
    async enqueueOutbox(n, now) {
      if (outbox.has(n.id)) return false;
      outbox.set(n.id, { idempotencyKey: n.id, notification: copy(n), status: 'pending', createdAt: now, attempts: 0, nextAttemptAt: now });
      return true;
    },
    async listOutbox(status) {
      return [...outbox.values()].filter((r) => !status || r.status === status).sort((a, b) => a.createdAt - b.createdAt).map(copy);
    },
    async putSilence(s) {
      silences.set(s.id, copy(s));
    },
    async listSilences() {
      return [...silences.values()].map(copy);
    },
    async nextWakeAt() {
      let next: number | undefined;
      const consider = (t: number) => (next = next === undefined ? t : Math.min(next, t));
      for (const g of groups.values()) consider(g.nextFlushAt);
      for (const r of outbox.values()) if (r.status === 'pending') consider(r.nextAttemptAt);
      return next;
    },
  };
}
