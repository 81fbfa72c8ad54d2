/**
 * An alert rule: the file format (YAML, one rule per document), its zod
 * schema, and the parsed rule the backtest and the evaluator use. Every
 * problem with a rule is ONE line naming the field (`condition: "above ten":
 * the threshold "ten" is not a number`); a rule with a problem is never saved.
 *
 * The smallest rule:
 *
 *   name: mobile-refund-rate
 *   query: refund rate on mobile      # a question in plain words, or SQL
 *   condition: above 0.1
 *   every: 1h
 *
 * Optional keys: for, labels, annotations, min_volume, nodata, timezone,
 * severity, receivers (RULE_KEYS documents each).
 */
import { z } from 'zod';
import { parseAllDocuments } from 'yaml';
import { ConditionError, parseCondition, type Condition } from './condition.ts';
import { parseDuration } from './duration.ts';
import { granularityOf, grainOf, describeGranularity, parseSchedule, ScheduleError, type Granularity, type Schedule } from './schedule.ts';

/** Every key a rule file may have, with what it means (the `alerts help` text and the README table). */
export const RULE_KEYS: Record<string, string> = {
  name: 'required; letters, digits, . _ - (1–80); unique per workspace',
  query: 'required (except freshness rules): a question in plain words, or a SELECT returning (time, value) rows or one value; {from} and {to} stand for the period bounds',
  condition: 'required: above X | below X | outside A..B | crosses X | change > 30% vs previous period | change > 30% vs same period last week | no data for 2h | freshness of db.table > 1h | anomaly [up|down|both] [low|medium|high] [min volume N] [by dimension]',
  every: 'required: 15m, 1h, 1d, 1w, or a cron expression (its runs set the period length)',
  for: 'how long the condition must hold before the rule fires (e.g. 2h; default 0: at once)',
  labels: 'key: value pairs attached to the alert (routing, grouping)',
  annotations: 'key: value pairs for people (summary, description, runbook)',
  min_volume: 'change and anomaly rules: periods where both the value and its baseline are below this never fire (default 0)',
  nodata: 'what a period without data does: alert | ok | keep (default ok; "keep" keeps the previous state)',
  timezone: "IANA zone the cron runs in (default UTC) and a question's periods are read in (default: the workspace's zone, else UTC); SQL periods stay UTC",
  severity: 'critical | warning | info (default warning)',
  receivers: 'where notices go: a list of receiver names (default: the workspace\'s channel)',
};

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const stringMap = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'keys are letters, digits, _ . - (up to 64)'), scalar.pipe(z.string().max(2000)));

/** The file format (keys and types); the meaning of each value is checked in `parseRule`. */
export const ruleFileSchema = z.strictObject({
  name: z.string().regex(NAME_RE, 'use letters, digits, . _ - (1–80 characters, starting with a letter or digit)'),
  query: z.string().trim().min(1, 'is empty').max(20_000).optional(),
  condition: scalar.pipe(z.string().trim().min(1, 'is empty')),
  every: scalar.pipe(z.string().trim().min(1, 'is empty')),
  for: scalar.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  min_volume: z.number().min(0, 'must be 0 or more').optional(),
  nodata: z.enum(['alert', 'ok', 'keep']).optional(),
  timezone: z.string().optional(),
  severity: z.enum(['critical', 'warning', 'info']).optional(),
  receivers: z.array(z.string().min(1).max(200)).max(20).optional(),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;

export type NoDataPolicy = 'alert' | 'ok' | 'keep';

export interface AlertRule {
  name: string;
  /** The question or SQL as written ('' for freshness rules). */
  query: string;
  /** How the query is read: by the query agent, or as SQL through the guard. */
  source: 'question' | 'sql' | 'none';
  condition: Condition;
  schedule: Schedule;
  granularity: Granularity;
  forMs: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  minVolume: number;
  nodata: NoDataPolicy;
  timezone: string;
  severity: 'critical' | 'warning' | 'info';
  receivers: string[];
  /** The rule as written (validated), what the store keeps and `apply` diffs. */
  spec: RuleFile;
}

export type RuleResult = { ok: true; rule: AlertRule } | { ok: false; error: string };

/** True when the text is SQL (starts with SELECT or WITH), as the answer pipeline decides. */
export function isSqlQuery(text: string): boolean {
  return /^\s*(\(\s*)*(select|with)\b/i.test(text);
}

function zodLine(err: z.ZodError, input: Record<string, unknown>): string {
  const issue = err.issues[0];
  if (issue.path.length === 1 && input[String(issue.path[0])] === undefined) return `${String(issue.path[0])}: is required`;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return `${keys.length > 1 ? 'unknown keys' : 'unknown key'} ${keys.map((k) => `"${k}"`).join(', ')} (a rule has ${Object.keys(RULE_KEYS).join(', ')})`;
  }
  const field = issue.path.length ? issue.path.map(String).join('.') : 'rule';
  if (issue.code === 'invalid_type') {
    return `${field}: expected ${(issue as { expected: string }).expected}`;
  }
  if (issue.code === 'invalid_value') return `${field}: must be one of ${((issue as { values: unknown[] }).values ?? []).join(', ')}`;
  return `${field}: ${issue.message}`;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates one rule object (a parsed YAML document or stored JSON). */
export function parseRule(input: unknown): RuleResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, error: 'rule: expected a mapping of keys (name, query, condition, every)' };
  const parsed = ruleFileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: zodLine(parsed.error, input as Record<string, unknown>) };
  const spec = parsed.data;
  const fail = (error: string): RuleResult => ({ ok: false, error });
  const timezone = spec.timezone ?? 'UTC';
  if (!validTimezone(timezone)) return fail(`timezone: "${timezone}" is not an IANA time zone (e.g. UTC, Europe/Berlin)`);
  let condition: Condition;
  try {
    condition = parseCondition(spec.condition);
  } catch (err) {
    if (err instanceof ConditionError) return fail(`condition: ${err.message}`);
    throw err;
  }
  let schedule: Schedule;
  try {
    schedule = parseSchedule(spec.every, timezone);
  } catch (err) {
    if (err instanceof ScheduleError) return fail(`every: ${err.message}`);
    throw err;
  }
  const granularity = granularityOf(schedule, timezone);
  const query = spec.query ?? '';
  if (!query && condition.kind !== 'freshness') return fail('query: is required (a question in plain words, or SQL)');
  const source = !query ? 'none' : isSqlQuery(query) ? 'sql' : 'question';
  if (source === 'question' && !grainOf(granularity)) {
    return fail(`every: a question is evaluated by hour, day, week or month, and "${spec.every}" makes ${describeGranularity(granularity)} periods (use 1h, 1d, 1w, a cron of that rhythm, or SQL)`);
  }
  let forMs = 0;
  if (spec.for !== undefined) {
    const d = spec.for === '0' ? 0 : parseDuration(spec.for);
    if (d === undefined) return fail(`for: "${spec.for}" is not a duration (write e.g. 30m, 2h, 1d)`);
    forMs = d;
  }
  if (spec.min_volume !== undefined && condition.kind !== 'change' && condition.kind !== 'anomaly') {
    return fail('min_volume: only change and anomaly rules have a minimum volume');
  }
  if (condition.kind === 'nodata' && spec.nodata !== undefined) return fail('nodata: a "no data" rule fires on missing data itself; leave nodata out');
  return {
    ok: true,
    rule: {
      name: spec.name,
      query,
      source,
      condition,
      schedule,
      granularity,
      forMs,
      labels: spec.labels ?? {},
      annotations: spec.annotations ?? {},
      minVolume: spec.min_volume ?? 0,
      nodata: spec.nodata ?? 'ok',
      timezone,
      severity: spec.severity ?? 'warning',
      receivers: spec.receivers ?? [],
      spec,
    },
  };
}

/** One rule document of a file, parsed: the rule or its one-line error. */
export interface ParsedRuleDoc {
  /** `file` or `file#2` for the second document. */
  where: string;
  result: RuleResult;
  /** The document as read (a scheduled report — `kind: report` — is parsed by alerts/reports instead). */
  value?: unknown;
}

/** Parses a YAML text of one or more rule documents (`---` between them). */
export function parseRuleYaml(text: string, file: string): ParsedRuleDoc[] {
  const docs = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ParsedRuleDoc[] = [];
  list.forEach((doc, i) => {
    const where = list.length > 1 ? `${file}#${i + 1}` : file;
    if (doc.errors.length) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line;
      out.push({ where, result: { ok: false, error: `yaml${line ? ` (line ${line})` : ''}: ${e.message.split('\n')[0]}` } });
      return;
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    const kind = typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
    const other = kind === 'report' || kind === 'health';
    out.push({ where, result: other ? { ok: false, error: `kind: ${kind} is read by alerts/${kind === 'report' ? 'reports' : 'health'}` } : parseRule(value), value });
  });
  if (!out.length) out.push({ where: file, result: { ok: false, error: 'rule: the file is empty' } });
  return out;
}
