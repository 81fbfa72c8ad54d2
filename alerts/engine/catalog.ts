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
import { ruleZone } from './zoned-source.ts';
import { isReportSpec, parseReport, type ReportRule } from '../reports/index.ts';
import { HEALTH_CHECKS, isHealthSpec, parseHealthRule, type HealthRule } from '../health/index.ts';

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
  /** A question rule's zone (its own `timezone:`, else its workspace's): its periods are that zone's; absent: UTC. */
  zone?: string;
}

/** A scheduled report as the engine runs it: its routing labels (receivers) and schedule. */
export interface LoadedReport {
  id: string;
  workspaceId: number | null;
  stored: StoredRuleLike;
  report: ReportRule;
  /** Routing labels of its receivers (`channel`, `notify_chat`, `email_to`, …). */
  labels: Record<string, string>;
  schedule: ScheduleSpec;
}

/** A built-in ClickHouse health rule as the engine runs it (read on the admin path, never the guard's). */
export interface LoadedHealth {
  id: string;
  workspaceId: number | null;
  stored: StoredRuleLike;
  rule: HealthRule;
  lifecycle: LifecycleRule;
  schedule: ScheduleSpec;
}

/** A stored health rule as the engine runs it, or its one-line problem. */
export function loadHealth(stored: StoredRuleLike, receivers: ReceiversConfig = {}): LoadedHealth | { error: string } {
  const parsed = parseHealthRule(stored.spec);
  if (!parsed.ok) return { error: parsed.error };
  let targets: Record<string, string>;
  try {
    targets = targetLabels(parsed.rule.receivers, receivers);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const id = String(stored.id);
  const r = parsed.rule;
  const check = HEALTH_CHECKS[r.check];
  return {
    id,
    workspaceId: stored.workspaceId,
    stored,
    rule: r,
    lifecycle: { id, name: r.name, labels: { ...r.labels, severity: 'critical', check: r.check, ...targets }, annotations: { summary: `ClickHouse health: ${check.title} ${r.threshold.op} ${r.threshold.value} (${check.unit})` }, forMs: 0, noDataState: 'normal' },
    schedule: scheduleSpecOf(id, r.schedule),
  };
}

export interface RuleCatalog {
  refresh(): Promise<{ rules: LoadedRule[]; reports: LoadedReport[]; health: LoadedHealth[]; invalid: Array<{ id: string; name: string; error: string }> }>;
  get(id: string): LoadedRule | undefined;
  getReport(id: string): LoadedReport | undefined;
  getHealth(id: string): LoadedHealth | undefined;
  all(): LoadedRule[];
  reports(): LoadedReport[];
}

/** A stored report as the engine runs it, or its one-line problem; `timezone` is its workspace's (a report's own wins). */
export function loadReport(stored: StoredRuleLike, receivers: ReceiversConfig = {}, timezone?: string | null): LoadedReport | { error: string } {
  const parsed = parseReport(stored.spec, { timezone });
  if (!parsed.ok) return { error: parsed.error };
  let labels: Record<string, string>;
  try {
    labels = targetLabels(parsed.report.receivers, receivers);
  } catch (err) {
    return { error: (err as Error).message };
  }
  const id = String(stored.id);
  return { id, workspaceId: stored.workspaceId, stored, report: parsed.report, labels: { ...parsed.report.labels, ...labels }, schedule: scheduleSpecOf(id, parsed.report.schedule, parsed.report.timezone) };
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

export function createRuleCatalog(o: {
  repo: RuleRepoLike;
  receivers?: ReceiversConfig;
  onInvalid?: (rule: StoredRuleLike, error: string) => void;
  /**
   * A workspace's time zone (reports without their own run in it, question rules without their own read their periods
   * in it); absent or null: UTC. Read once per workspace per refresh.
   */
  timezoneOf?: (workspaceId: number) => Promise<string | null | undefined>;
}): RuleCatalog {
  let byId = new Map<string, LoadedRule>();
  let reportsById = new Map<string, LoadedReport>();
  let healthById = new Map<string, LoadedHealth>();
  const reported = new Map<string, string>();
  return {
    async refresh() {
      const next = new Map<string, LoadedRule>();
      const nextReports = new Map<string, LoadedReport>();
      const nextHealth = new Map<string, LoadedHealth>();
      const invalid: Array<{ id: string; name: string; error: string }> = [];
      const zones = new Map<number, Promise<string | null | undefined>>();
      const zoneOf = (wsId: number | null) => {
        if (wsId === null || !o.timezoneOf) return Promise.resolve(undefined);
        let z = zones.get(wsId);
        // A workspace that cannot be read now: UTC this round (its reports are not dropped).
        if (!z) zones.set(wsId, (z = o.timezoneOf(wsId).catch(() => undefined)));
        return z;
      };
      for (const stored of await o.repo.listActive()) {
        const id = String(stored.id);
        if (isHealthSpec(stored.spec)) {
          const loaded = loadHealth(stored, o.receivers);
          if ('error' in loaded) invalid.push({ id, name: stored.name, error: loaded.error });
          else nextHealth.set(id, loaded);
          continue;
        }
        if (isReportSpec(stored.spec)) {
          const loaded = loadReport(stored, o.receivers, await zoneOf(stored.workspaceId));
          if ('error' in loaded) {
            invalid.push({ id, name: stored.name, error: loaded.error });
            if (reported.get(id) !== loaded.error) o.onInvalid?.(stored, loaded.error);
            reported.set(id, loaded.error);
          } else nextReports.set(id, loaded);
          continue;
        }
        const old = byId.get(id);
        const wsZone = stored.workspaceId === null ? undefined : await zoneOf(stored.workspaceId);
        // Unchanged rows keep their parsed rule (60,000 rules are re-read every minute).
        if (old && JSON.stringify(old.stored.spec) === JSON.stringify(stored.spec) && old.stored.workspaceId === stored.workspaceId && old.zone === ruleZone(old.rule, stored.spec.timezone, wsZone)) {
          next.set(id, old);
          continue;
        }
        const loaded = loadRule(stored, o.receivers);
        if (!('error' in loaded)) {
          const zone = ruleZone(loaded.rule, stored.spec.timezone, wsZone);
          if (zone) loaded.zone = zone;
        }
        if ('error' in loaded) {
          invalid.push({ id, name: stored.name, error: loaded.error });
          if (reported.get(id) !== loaded.error) o.onInvalid?.(stored, loaded.error);
          reported.set(id, loaded.error);
          continue;
        }
        next.set(id, loaded);
      }
      byId = next;
      reportsById = nextReports;
      healthById = nextHealth;
      return { rules: [...next.values()], reports: [...nextReports.values()], health: [...nextHealth.values()], invalid };
    },
    get: (id) => byId.get(id),
    getReport: (id) => reportsById.get(id),
    getHealth: (id) => healthById.get(id),
    all: () => [...byId.values()],
    reports: () => [...reportsById.values()],
  };
}
