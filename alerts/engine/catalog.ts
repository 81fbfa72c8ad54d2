/**
 * The active rules, as the engine runs them: read from the store's
 * `alerts.listActive()`, parsed (a rule that no longer parses is skipped with
 * one logged line), with their lifecycle rule, routing labels and schedule.
 * Cached; `refresh()` re-reads (on start, every minute, on change).
 */
import { parseRule, type AlertRule } from '../rules/index.ts';
import type { LifecycleRule } from '../lifecycle/index.ts';
import { scheduleSpecOf, type ScheduleSpec } from '../scheduler/index.ts';
import { targetLabels, type ReceiversConfig } from './targets.ts';

/** What the engine needs of a stored rule (structurally `StoredAlertRule`). */
export interface StoredRuleLike {
  id: number | string;
  workspaceId: number | null;
  name: string;
  spec: Record<string, unknown>;
  state: 'active' | 'paused';
  updatedAt?: Date;
}

/** Structurally `store.alerts`. */
export interface RuleRepoLike {
  listActive(): Promise<StoredRuleLike[]>;
}

export interface LoadedRule {
  id: string;
  workspaceId: number | null;
  stored: StoredRuleLike;
  rule: AlertRule;
  lifecycle: LifecycleRule;
  schedule: ScheduleSpec;
}

export interface RuleCatalog {
  refresh(): Promise<{ rules: LoadedRule[]; invalid: Array<{ id: string; name: string; error: string }> }>;
  get(id: string): LoadedRule | undefined;
  all(): LoadedRule[];
}

/** A stored rule as the engine runs it, or its one-line problem. */
export function loadRule(stored: StoredRuleLike, receivers: ReceiversConfig = {}): LoadedRule | { error: string } {
  const parsed = parseRule(stored.spec);
  if (!parsed.ok) return { error: parsed.error };
  const rule = parsed.rule;
  let targets: Record<string, string>;
  try {
    targets = targetLabels(rule.receivers, receivers);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const id = String(stored.id);
  return {
    id,
    workspaceId: stored.workspaceId,
    stored,
    rule,
    // `for`, nodata and the baseline are applied by the evaluation over the data (alerts/backtest);
    // the lifecycle takes its verdict as it is (forMs 0) and does grouping, dedup and delivery.
    lifecycle: {
      id,
      name: rule.name,
      labels: { ...rule.labels, severity: rule.severity, ...targets },
      annotations: rule.annotations,
      forMs: 0,
      noDataState: 'normal',
    },
    schedule: scheduleSpecOf(id, rule.schedule, rule.timezone),
  };
}

export function createRuleCatalog(o: { repo: RuleRepoLike; receivers?: ReceiversConfig; onInvalid?: (rule: StoredRuleLike, error: string) => void }): RuleCatalog {
  let byId = new Map<string, LoadedRule>();
  const reported = new Map<string, string>();
  return {
    async refresh() {
      const next = new Map<string, LoadedRule>();
      const invalid: Array<{ id: string; name: string; error: string }> = [];
      for (const stored of await o.repo.listActive()) {
        const id = String(stored.id);
        const old = byId.get(id);
        // Unchanged rows keep their parsed rule (60,000 rules are re-read every minute).
        if (old && JSON.stringify(old.stored.spec) === JSON.stringify(stored.spec) && old.stored.workspaceId === stored.workspaceId) {
          next.set(id, old);
          continue;
        }
        const loaded = loadRule(stored, o.receivers);
        if ('error' in loaded) {
          invalid.push({ id, name: stored.name, error: loaded.error });
          if (reported.get(id) !== loaded.error) o.onInvalid?.(stored, loaded.error);
          reported.set(id, loaded.error);
          continue;
        }
        next.set(id, loaded);
      }
      byId = next;
      return { rules: [...next.values()], invalid };
    },
    get: (id) => byId.get(id),
    all: () => [...byId.values()],
  };
}
