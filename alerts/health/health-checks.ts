/**
 * Built-in ClickHouse health rules a workspace switches on: slow queries,
 * failed inserts, parts per partition, disk free, replication lag. They read
 * `system.*` through the platform's own admin path (`WarehouseAdmin.query`),
 * never through a user's guard allow-list, and the SQL is fixed here (a rule
 * only picks a check and, optionally, its threshold).
 *
 * ```yaml
 * kind: health
 * name: ch-disk-free
 * check: disk_free          # slow_queries | failed_inserts | parts_per_partition | disk_free | replication_lag
 * below: 0.1                # optional: the check's default threshold otherwise
 * every: 5m
 * receivers: [slack:T123/C456]
 * ```
 *
 * What a server lacks is said plainly instead of failing: chDB has
 * system.parts and system.disks, system.query_log only when query logging is
 * on, and no replicated tables (replication lag then does not apply).
 */
import { z } from 'zod';
import { parseSchedule, ScheduleError, type Schedule } from '../rules/schedule.ts';

export const HEALTH_KIND = 'health';

export type HealthCheckId = 'slow_queries' | 'failed_inserts' | 'parts_per_partition' | 'disk_free' | 'replication_lag';

export interface HealthCheck {
  id: HealthCheckId;
  title: string;
  /** What the value is. */
  unit: string;
  /** The system table it reads (checked to exist first). */
  table: string;
  /** One number: the value of the check over the window. */
  sql(windowSec: number): string;
  threshold: { op: 'above' | 'below'; value: number };
}

export const HEALTH_CHECKS: Readonly<Record<HealthCheckId, HealthCheck>> = {
  slow_queries: {
    id: 'slow_queries',
    title: 'slow queries (over 10 s) in the last period',
    unit: 'queries',
    table: 'query_log',
    sql: (w) => `SELECT count() FROM system.query_log WHERE type = 'QueryFinish' AND query_duration_ms > 10000 AND event_time >= now() - INTERVAL ${w} SECOND`,
    threshold: { op: 'above', value: 0 },
  },
  failed_inserts: {
    id: 'failed_inserts',
    title: 'failed inserts in the last period',
    unit: 'inserts',
    table: 'query_log',
    sql: (w) => `SELECT count() FROM system.query_log WHERE type IN ('ExceptionBeforeStart', 'ExceptionWhileProcessing') AND query_kind = 'Insert' AND event_time >= now() - INTERVAL ${w} SECOND`,
    threshold: { op: 'above', value: 0 },
  },
  parts_per_partition: {
    id: 'parts_per_partition',
    title: 'most active parts in one partition',
    unit: 'parts',
    table: 'parts',
    sql: () => 'SELECT max(c) FROM (SELECT count() AS c FROM system.parts WHERE active GROUP BY database, table, partition)',
    threshold: { op: 'above', value: 300 },
  },
  disk_free: {
    id: 'disk_free',
    title: 'free space on the fullest disk (fraction)',
    unit: 'fraction free',
    table: 'disks',
    sql: () => 'SELECT min(free_space / total_space) FROM system.disks WHERE total_space > 0',
    threshold: { op: 'below', value: 0.1 },
  },
  replication_lag: {
    id: 'replication_lag',
    title: 'largest replication delay',
    unit: 'seconds',
    table: 'replicas',
    sql: () => 'SELECT max(absolute_delay) FROM system.replicas',
    threshold: { op: 'above', value: 300 },
  },
};

export const HEALTH_CHECK_IDS = Object.keys(HEALTH_CHECKS) as HealthCheckId[];

/** The admin path's query, structurally `WarehouseAdmin.query`. */
export type AdminQuery = (sql: string) => Promise<{ rows: unknown[][] }>;

export interface HealthReading {
  /** null: the check does not apply or has nothing to read (see `note`). */
  value: number | null;
  /** Said plainly when there is no value (no such system table, no replicated tables, no rows). */
  note?: string;
}

/** Runs one check on the admin path. */
export async function readHealth(id: HealthCheckId, query: AdminQuery, windowSec = 300): Promise<HealthReading> {
  const check = HEALTH_CHECKS[id];
  const exists = await query(`SELECT count() FROM system.tables WHERE database = 'system' AND name = '${check.table}'`);
  if (Number(exists.rows[0]?.[0] ?? 0) === 0) {
    const why = check.table === 'query_log' ? 'query logging is off (log_queries) on this server' : check.table === 'replicas' ? 'there are no replicated tables here' : 'this server does not have it';
    return { value: null, note: `system.${check.table} does not exist: ${why}` };
  }
  if (id === 'replication_lag') {
    const n = await query('SELECT count() FROM system.replicas');
    if (Number(n.rows[0]?.[0] ?? 0) === 0) return { value: null, note: 'no replicated tables: replication lag does not apply' };
  }
  const r = await query(check.sql(windowSec));
  const v = r.rows[0]?.[0];
  if (v === null || v === undefined || !Number.isFinite(Number(v))) return { value: null, note: `nothing to measure in system.${check.table}` };
  return { value: Number(v) };
}

export interface HealthRule {
  name: string;
  check: HealthCheckId;
  threshold: { op: 'above' | 'below'; value: number };
  schedule: Schedule;
  everyMs: number;
  receivers: string[];
  labels: Record<string, string>;
  spec: HealthFile;
}

const healthFileSchema = z
  .object({
    kind: z.literal(HEALTH_KIND),
    name: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'letters, digits, . _ - (1–80)'),
    check: z.enum(HEALTH_CHECK_IDS as [HealthCheckId, ...HealthCheckId[]]),
    above: z.number().optional(),
    below: z.number().optional(),
    every: z.union([z.string(), z.number()]).transform(String),
    receivers: z.array(z.string()).optional(),
    labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  })
  .strict();

export type HealthFile = z.infer<typeof healthFileSchema>;

export function isHealthSpec(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === HEALTH_KIND;
}

/** The health rule, or one line naming the field that is wrong. */
export function parseHealthRule(input: unknown): { ok: true; rule: HealthRule } | { ok: false; error: string } {
  if (!isHealthSpec(input)) return { ok: false, error: 'kind: a health rule says kind: health' };
  const parsed = healthFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys') return { ok: false, error: `${issue.keys[0]}: not a health rule key (kind, name, check, above, below, every, receivers, labels)` };
    const key = String(issue.path[0] ?? 'rule');
    if (key === 'check') return { ok: false, error: `check: one of ${HEALTH_CHECK_IDS.join(', ')}` };
    return { ok: false, error: `${key}: ${(input as Record<string, unknown>)[key] === undefined ? 'is required' : issue.message}` };
  }
  const spec = parsed.data;
  if (spec.above !== undefined && spec.below !== undefined) return { ok: false, error: 'above/below: one threshold, not both' };
  let schedule: Schedule;
  try {
    schedule = parseSchedule(spec.every, 'UTC');
  } catch (err) {
    if (err instanceof ScheduleError) return { ok: false, error: `every: ${err.message}` };
    throw err;
  }
  if (schedule.kind !== 'interval') return { ok: false, error: 'every: a health rule runs on an interval (1m, 5m, 1h)' };
  const threshold = spec.above !== undefined ? { op: 'above' as const, value: spec.above } : spec.below !== undefined ? { op: 'below' as const, value: spec.below } : HEALTH_CHECKS[spec.check].threshold;
  return { ok: true, rule: { name: spec.name, check: spec.check, threshold, schedule, everyMs: schedule.ms, receivers: spec.receivers ?? [], labels: spec.labels ?? {}, spec } };
}

/** True when the reading breaches the rule's threshold. */
export function breaches(rule: Pick<HealthRule, 'threshold'>, value: number | null): boolean {
  if (value === null) return false;
  return rule.threshold.op === 'above' ? value > rule.threshold.value : value < rule.threshold.value;
}
