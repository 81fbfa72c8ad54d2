/**
 * Switching the built-in ClickHouse health checks on and off for a workspace,
 * shared by chat (`/alert health on|off <check>`, `/alerts health`) and the CLI
 * (`datalabs alerts health list|enable|disable`). A check that is on is an
 * ordinary stored rule of `kind: health` (alerts/health) — the same thing a rule
 * file's `kind: health` makes — so the engine runs it on the platform's admin
 * path (system.*), never through a workspace's guard; what a user may query is
 * unchanged. On: a new rule (`ch-<check>`, the check's default threshold unless
 * given, every 5m), or a paused one resumed. Off: every health rule of that
 * check in the workspace paused (its threshold and receivers kept for the next
 * on). Each change commits with its audit row (`health.enable` / `health.disable`).
 */
import { DatalabsError } from '../../contracts/errors.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { StoredAlertRule } from '../../infra/store/alert-rule-repo.ts';
import { HEALTH_CHECK_IDS, HEALTH_CHECKS, HEALTH_KIND, parseHealthRule, type HealthCheckId } from '../../../alerts/health/index.ts';

/** Interval of a check switched on without `every`. */
export const DEFAULT_HEALTH_EVERY = '5m';

export type HealthSwitchState = 'on' | 'paused' | 'off';

/** One built-in check and how it stands in a workspace. */
export interface HealthCheckStatus {
  check: HealthCheckId;
  title: string;
  unit: string;
  /** on: an active rule runs it; paused: only paused rules; off: no rule. */
  state: HealthSwitchState;
  /** The workspace's health rules of this check (from chat, the CLI or rule files). */
  rules: Array<{ name: string; state: 'active' | 'paused'; threshold: { op: 'above' | 'below'; value: number }; every: string; receivers: string[]; sourceFile: string | null }>;
  /** The check's own threshold (used when none is given). */
  defaultThreshold: { op: 'above' | 'below'; value: number };
}

/** What `on` may set beside the check: `above N` / `below N`, `every 5m`. */
export interface HealthOptions {
  threshold?: { op: 'above' | 'below'; value: number };
  every?: string;
}

export type HealthStore = Pick<MetadataStore, 'alerts' | 'transaction'>;

const USAGE_CHECKS = HEALTH_CHECK_IDS.join(', ');

/** `slow queries`, `slow-queries`, `Slow_Queries` → `slow_queries`; anything else is a one-line BAD_INPUT naming the checks. */
export function parseHealthCheck(text: string | undefined): HealthCheckId {
  const id = (text ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!id) throw new DatalabsError('BAD_INPUT', `which check? one of ${USAGE_CHECKS}`);
  if (!(HEALTH_CHECK_IDS as string[]).includes(id)) throw new DatalabsError('BAD_INPUT', `"${text!.trim().slice(0, 40)}" is not a ClickHouse health check: one of ${USAGE_CHECKS}`);
  return id as HealthCheckId;
}

/**
 * Words after the check (`above 5 every 1m`, `below 0.2`) → options, or a one-line BAD_INPUT error.
 * Multi-word check names come first: `slow queries above 3` reads as slow_queries, above 3.
 */
export function parseHealthArgs(words: readonly string[]): { check: HealthCheckId; options: HealthOptions } {
  const rest = [...words];
  const checkWords: string[] = [];
  while (rest.length && !/^(above|below|every)$/i.test(rest[0])) checkWords.push(rest.shift()!);
  const check = parseHealthCheck(checkWords.join(' '));
  const options: HealthOptions = {};
  while (rest.length) {
    const key = rest.shift()!.toLowerCase();
    const value = rest.shift();
    if (key === 'above' || key === 'below') {
      if (options.threshold) throw new DatalabsError('BAD_INPUT', 'above/below: one threshold, not both');
      const n = Number(value);
      if (value === undefined || value.trim() === '' || !Number.isFinite(n)) throw new DatalabsError('BAD_INPUT', `${key}: "${value ?? ''}" is not a number`);
      options.threshold = { op: key, value: n };
    } else if (key === 'every') {
      if (!value) throw new DatalabsError('BAD_INPUT', 'every: how often? e.g. every 5m');
      options.every = value;
    } else {
      throw new DatalabsError('BAD_INPUT', `unexpected "${key}": <check> [above|below <number>] [every <interval>]`);
    }
  }
  return { check, options };
}

function healthRulesOf(rules: readonly StoredAlertRule[], check: HealthCheckId): StoredAlertRule[] {
  return rules.filter((r) => r.spec.kind === HEALTH_KIND && r.spec.check === check);
}

/** Every built-in check with its state in the workspace. */
export async function listHealthChecks(store: HealthStore, workspaceId: number | null): Promise<HealthCheckStatus[]> {
  const all = await store.alerts.list(workspaceId);
  return HEALTH_CHECK_IDS.map((check) => {
    const def = HEALTH_CHECKS[check];
    const rules = healthRulesOf(all, check).map((r) => {
      const parsed = parseHealthRule(r.spec);
      const spec = r.spec as { every?: unknown; receivers?: unknown };
      return {
        name: r.name,
        state: r.state,
        threshold: parsed.ok ? parsed.rule.threshold : def.threshold,
        every: String(spec.every ?? ''),
        receivers: Array.isArray(spec.receivers) ? spec.receivers.map(String) : [],
        sourceFile: r.sourceFile,
      };
    });
    const state: HealthSwitchState = rules.some((r) => r.state === 'active') ? 'on' : rules.length ? 'paused' : 'off';
    return { check, title: def.title, unit: def.unit, state, rules, defaultThreshold: def.threshold };
  });
}

export interface SwitchRequest {
  workspaceId: number | null;
  check: HealthCheckId;
  /** `slack:U1`, `cli:ada` … */
  actor: string;
  origin: 'chat' | 'cli';
  /** Where a new rule notifies (none: the default alert channel). */
  receivers?: string[];
  options?: HealthOptions;
}

export interface SwitchOutcome {
  /** created: a new rule; resumed: paused rules made active; already: it was on (nothing changed). */
  status: 'created' | 'resumed' | 'already';
  rules: StoredAlertRule[];
}

/** Switches a check on (see the file comment); a bad threshold or interval is one line and nothing is saved. */
export async function enableHealthCheck(store: HealthStore, req: SwitchRequest): Promise<SwitchOutcome> {
  const existing = healthRulesOf(await store.alerts.list(req.workspaceId), req.check);
  const active = existing.filter((r) => r.state === 'active');
  if (active.length) {
    if (req.options?.threshold || req.options?.every) {
      throw new DatalabsError('BAD_INPUT', `${req.check} is already on (${active.map((r) => r.name).join(', ')}): switch it off first to change its threshold or interval, or edit its rule`);
    }
    return { status: 'already', rules: active };
  }
  if (existing.length && !req.options?.threshold && !req.options?.every) {
    const resumed = await store.transaction(async (repos) => {
      const out: StoredAlertRule[] = [];
      for (const r of existing) {
        await repos.alerts.setState(r.id, 'active');
        await repos.audit.append({ workspaceId: req.workspaceId, actor: req.actor, action: 'health.enable', detail: { check: req.check, rule: r.id, name: r.name, origin: req.origin, status: 'resumed' } });
        out.push({ ...r, state: 'active' });
      }
      return out;
    });
    return { status: 'resumed', rules: resumed };
  }
  const taken = new Set((await store.alerts.list(req.workspaceId)).map((r) => r.name.toLowerCase()));
  const base = `ch-${req.check.replace(/_/g, '-')}`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
  const t = req.options?.threshold;
  const spec: Record<string, unknown> = {
    kind: HEALTH_KIND,
    name,
    check: req.check,
    ...(t ? { [t.op]: t.value } : {}),
    every: req.options?.every ?? DEFAULT_HEALTH_EVERY,
    ...(req.receivers?.length ? { receivers: req.receivers } : {}),
  };
  const parsed = parseHealthRule(spec);
  if (!parsed.ok) throw new DatalabsError('BAD_INPUT', parsed.error);
  const rule = await store.transaction(async (repos) => {
    const r = await repos.alerts.insert({ workspaceId: req.workspaceId, name, spec, sourceFile: null, createdBy: req.actor });
    await repos.audit.append({ workspaceId: req.workspaceId, actor: req.actor, action: 'health.enable', detail: { check: req.check, rule: r.id, name, origin: req.origin, status: 'created', threshold: parsed.rule.threshold, every: spec.every, receivers: req.receivers ?? [] } });
    return r;
  });
  return { status: 'created', rules: [rule] };
}

/** Switches a check off: its active rules paused. `status` none: there was no rule of it; already: all were paused. */
export async function disableHealthCheck(store: HealthStore, req: Omit<SwitchRequest, 'receivers' | 'options'>): Promise<{ status: 'paused' | 'already' | 'none'; rules: StoredAlertRule[] }> {
  const existing = healthRulesOf(await store.alerts.list(req.workspaceId), req.check);
  if (!existing.length) return { status: 'none', rules: [] };
  const active = existing.filter((r) => r.state === 'active');
  if (!active.length) return { status: 'already', rules: existing };
  const paused = await store.transaction(async (repos) => {
    const out: StoredAlertRule[] = [];
    for (const r of active) {
      await repos.alerts.setState(r.id, 'paused');
      await repos.audit.append({ workspaceId: req.workspaceId, actor: req.actor, action: 'health.disable', detail: { check: req.check, rule: r.id, name: r.name, origin: req.origin } });
      out.push({ ...r, state: 'paused' });
    }
    return out;
  });
  return { status: 'paused', rules: paused };
}

/** One line per check: `• disk_free — on: ch-disk-free below 0.1, every 5m — free space on the fullest disk (fraction)`. */
export function formatHealthChecks(list: readonly HealthCheckStatus[]): string[] {
  return list.map((c) => {
    const shown = c.rules.filter((r) => (c.state === 'on' ? r.state === 'active' : true));
    const rules = shown.map((r) => `${r.name} ${r.threshold.op} ${r.threshold.value}, every ${r.every}${r.sourceFile ? ` (from ${r.sourceFile})` : ''}`).join('; ');
    const what = `${c.title}, ${c.unit}`;
    if (c.state === 'off') return `• ${c.check} — off — ${what} (default: ${c.defaultThreshold.op} ${c.defaultThreshold.value})`;
    return `• ${c.check} — ${c.state}: ${rules} — ${what}`;
  });
}
