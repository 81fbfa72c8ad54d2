/**
 * Reconciliation: the rules in the store are the truth; the scheduler is made
 * to match them (new and changed rules upserted, paused and deleted ones
 * removed). Idempotent, so every worker may run it (on start and every minute).
 */
import { sameSchedule, type RuleScheduler, type ScheduleSpec } from './types.ts';

export interface ReconcileReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

export async function reconcileSchedules(scheduler: RuleScheduler, desired: readonly ScheduleSpec[]): Promise<ReconcileReport> {
  const existing = new Map((await scheduler.list()).map((s) => [s.id, s]));
  const report: ReconcileReport = { added: [], changed: [], removed: [], unchanged: 0 };
  const want = new Set<string>();
  for (const spec of desired) {
    want.add(spec.id);
    const old = existing.get(spec.id);
    if (old && sameSchedule(old, spec)) {
      report.unchanged++;
      continue;
    }
    await scheduler.upsert(spec);
    (old ? report.changed : report.added).push(spec.id);
  }
  for (const id of existing.keys()) {
    if (want.has(id)) continue;
    await scheduler.remove(id);
    report.removed.push(id);
  }
  return report;
}
