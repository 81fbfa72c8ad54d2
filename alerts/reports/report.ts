/**
 * Scheduled reports: a question or SQL posted as an answer (table, chart,
 * Show SQL) on a schedule — "revenue by week every Monday 9:00". A report is
 * stored beside the alert rules (same table, same receivers, same outbox) with
 * `kind: report` in its spec, and has no condition:
 *
 * ```yaml
 * kind: report
 * name: weekly-revenue
 * query: revenue by week
 * every: "0 9 * * 1"          # or 1d, 1w, … ; cron in `timezone`
 * timezone: Europe/Berlin      # default: the workspace's (/datalabs admin timezone), else UTC
 * receivers: [slack:T123/C456, email]
 * ```
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { isSqlQuery } from '../rules/rule.ts';
import { parseSchedule, ScheduleError, type Schedule } from '../rules/schedule.ts';

export const REPORT_KIND = 'report';

export interface ReportRule {
  name: string;
  query: string;
  source: 'question' | 'sql';
  schedule: Schedule;
  timezone: string;
  receivers: string[];
  labels: Record<string, string>;
  /** As written (validated): what the store keeps. */
  spec: ReportFile;
}

const NAME = /^[A-Za-z0-9._-]{1,80}$/;

export const reportFileSchema = z
  .object({
    kind: z.literal(REPORT_KIND),
    name: z.string().regex(NAME, 'letters, digits, . _ - (1–80)'),
    query: z.string().trim().min(1, 'is required (a question in plain words, or SQL)').max(4000),
    every: z.union([z.string(), z.number()]).transform(String),
    timezone: z.string().optional(),
    receivers: z.array(z.string()).optional(),
    labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional(),
  })
  .strict();

export type ReportFile = z.infer<typeof reportFileSchema>;

/** True for a stored or written spec that is a report. */
export function isReportSpec(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && (spec as { kind?: unknown }).kind === REPORT_KIND;
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The report, or one line naming the field that is wrong. `opts.timezone` is the workspace's
 * zone: a report without its own `timezone:` runs its cron and labels its runs in it.
 */
export function parseReport(input: unknown, opts: { timezone?: string | null } = {}): { ok: true; report: ReportRule } | { ok: false; error: string } {
  if (!isReportSpec(input)) return { ok: false, error: 'kind: a report says kind: report' };
  const parsed = reportFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0] ?? 'report');
    const missing = (input as Record<string, unknown>)[key] === undefined && issue.path.length === 1;
    if (issue.code === 'unrecognized_keys') return { ok: false, error: `${issue.keys[0]}: not a report key (kind, name, query, every, timezone, receivers, labels)` };
    return { ok: false, error: `${key}: ${missing ? 'is required' : issue.message}` };
  }
  const spec = parsed.data;
  const timezone = spec.timezone ?? opts.timezone ?? 'UTC';
  if (!validTimezone(timezone)) return { ok: false, error: `timezone: "${timezone}" is not an IANA time zone (e.g. UTC, Europe/Berlin)` };
  let schedule: Schedule;
  try {
    schedule = parseSchedule(spec.every, timezone);
  } catch (err) {
    if (err instanceof ScheduleError) return { ok: false, error: `every: ${err.message}` };
    throw err;
  }
  return {
    ok: true,
    report: { name: spec.name, query: spec.query, source: isSqlQuery(spec.query) ? 'sql' : 'question', schedule, timezone, receivers: spec.receivers ?? [], labels: spec.labels ?? {}, spec },
  };
}

const DAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };

/**
 * When a report runs, in chat words → the rules grammar: "Monday 9:00" / "mondays at 9am" →
 * `0 9 * * 1`; "day at 8:30" / "daily at 8:30" → `30 8 * * *`; "week" → 1w, "day" → 1d,
 * "2 hours" → 2h; an interval (1d) or a cron expression as it is.
 */
export function normaliseWhen(text: string): string {
  const s = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const at = /^(?:every )?(sunday|monday|tuesday|wednesday|thursday|friday|saturday|day|daily|weekday)s? (?:at )?(\d{1,2})(?::(\d{2}))? ?(am|pm)?$/.exec(s);
  if (at) {
    let hour = Number(at[2]);
    if (at[4] === 'pm' && hour < 12) hour += 12;
    if (at[4] === 'am' && hour === 12) hour = 0;
    const minute = Number(at[3] ?? 0);
    if (hour > 23 || minute > 59) return text.trim();
    const dow = at[1] === 'day' || at[1] === 'daily' ? '*' : at[1] === 'weekday' ? '1-5' : String(DAYS[at[1]]);
    return `${minute} ${hour} * * ${dow}`;
  }
  const word: Record<string, string> = { hour: '1h', hourly: '1h', day: '1d', daily: '1d', week: '1w', weekly: '1w', month: '0 0 1 * *', monthly: '0 0 1 * *' };
  if (word[s]) return word[s];
  const m = /^(\d+) ?(minutes?|mins?|hours?|hrs?|days?|weeks?)$/.exec(s);
  if (m) return `${m[1]}${m[2][0] === 'h' ? 'h' : m[2][0] === 'd' ? 'd' : m[2][0] === 'w' ? 'w' : 'm'}`;
  return text.trim();
}

/** `/report <question or SQL> every <when>` → query and schedule text, or the one line that is wrong. */
export function parseReportRequest(text: string): { ok: true; query: string; every: string } | { ok: false; error: string } {
  const t = text.trim().replace(/\s+/g, ' ');
  const at = t.toLowerCase().lastIndexOf(' every ');
  if (at <= 0) return { ok: false, error: 'when? end with every <interval or cron>, e.g. /report revenue by week every monday 9:00' };
  const query = t.slice(0, at).trim();
  const every = normaliseWhen(t.slice(at + 7));
  if (!query) return { ok: false, error: 'query: which question or SQL? e.g. /report revenue by week every monday 9:00' };
  return { ok: true, query, every };
}

/** A report name from its question: `revenue-by-week-report`, at most 60 characters. */
export function reportNameOf(query: string): string {
  const base = query
    .slice(0, 50)
    .toLowerCase()
    .replace(/%/g, 'pct')
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${base || 'report'}-report`.slice(0, 60);
}

/** When the report runs next after `now` (ms), in its timezone; an interval runs at multiples of it (UTC). */
export function nextRunOf(report: Pick<ReportRule, 'schedule' | 'timezone'>, now: number): number | undefined {
  if (report.schedule.kind === 'interval') return (Math.floor(now / report.schedule.ms) + 1) * report.schedule.ms;
  return new Cron(report.schedule.expr, { timezone: report.timezone, paused: true }).nextRun(new Date(now))?.getTime();
}

/** `2026-12-07 09:00 Europe/Berlin`: a run's time as people of that zone read it (`… UTC` in UTC). */
export function formatInZone(ms: number, timezone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${timezone}`;
}
