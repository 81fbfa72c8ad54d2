/**
 * Backtest: how a rule would have behaved over a past window — one
 * evaluation per period, with `for`, change baselines and the nodata policy
 * applied (evaluate.ts) — so a person sees "would have fired N times" before
 * saving it. The series is fetched with a lookback before the window (the
 * previous period or week for change rules, the `for` duration, the no-data
 * span, the anomaly detector's history) so the first periods are judged as
 * they would have been live; only periods inside the window are reported.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { detectAnomalies, SeriesInputError } from '../anomaly/detect-anomalies.ts';
import type { AlertRule } from '../rules/rule.ts';
import { addPeriods, describeGranularity, periodsBetween, periodStart } from '../rules/schedule.ts';
import { evaluatePeriods, type PeriodEvaluation } from './evaluate.ts';
import { fetchFreshness, fetchSeries, queryError, type SeriesSource } from './series.ts';

const DAY = 86_400_000;

export const DEFAULT_BACKTEST_DAYS = 30;
/** Most periods one backtest evaluates (e.g. a year of hours). */
export const MAX_BACKTEST_PERIODS = 10_000;

export interface Firing {
  /** Period start, ISO. */
  ts: string;
  /** The period's value (the age in seconds for freshness; rows seen for no data); null for a period without data (nodata: alert). */
  value: number | null;
  /** Change rules: the baseline it was compared with. */
  baseline?: number | null;
}

export interface BacktestResult {
  rule: string;
  window: { from: string; to: string };
  granularity: string;
  /** Periods evaluated in the window. */
  periods: number;
  /** Every period the rule would have been firing in. */
  firings: Firing[];
  /** Runs of consecutive firing periods (each would have been one notice). */
  episodes: number;
  /** The guarded SQL that ran. */
  sql: string[];
  evaluations: PeriodEvaluation[];
}

export interface BacktestOptions {
  now: Date;
  /** Window start (default: `to` − 30 days). */
  from?: Date;
  /** Window end, exclusive (default and at most: now). */
  to?: Date;
  /** Evaluating now rather than the past: a one-value SELECT without {from}/{to} counts as the latest period's value. */
  live?: boolean;
}

/** How many periods before the window the evaluation needs. */
function lookbackMs(rule: AlertRule, periodMs: number): number {
  const c = rule.condition;
  let ms = rule.forMs + periodMs;
  if (c.kind === 'change') ms += c.baseline === 'last_week' ? 7 * DAY : periodMs;
  if (c.kind === 'crosses') ms += periodMs;
  if (c.kind === 'nodata') ms += c.forMs;
  if (c.kind === 'anomaly') ms += Math.max(28 * DAY, 16 * periodMs);
  return ms;
}

export async function backtestRule(rule: AlertRule, source: SeriesSource, opts: BacktestOptions): Promise<BacktestResult> {
  const nowMs = opts.now.getTime();
  const to = Math.min(opts.to?.getTime() ?? nowMs, nowMs);
  // By default the whole periods of the 30 days before `to` (the first one starts at or just before to − 30 days).
  const from = opts.from?.getTime() ?? periodStart(rule.granularity, to - DEFAULT_BACKTEST_DAYS * DAY);
  if (!(from < to)) throw new DatalabsError('BAD_INPUT', `the window is empty: --from ${new Date(from).toISOString()} is not before --to ${new Date(to).toISOString()}${opts.to && opts.to.getTime() > nowMs ? ' (--to is capped at now)' : ''}`);
  const g = rule.granularity;
  const periods = periodsBetween(g, from, to);
  if (periods.length > MAX_BACKTEST_PERIODS) throw new DatalabsError('BAD_INPUT', `the window has ${periods.length} ${describeGranularity(g)} periods (at most ${MAX_BACKTEST_PERIODS}): shorten it with --from / --to`);
  if (periods.length === 0) throw new DatalabsError('BAD_INPUT', `the window ${new Date(from).toISOString()} … ${new Date(to).toISOString()} holds no whole ${describeGranularity(g)}`);
  const periodMs = g.kind === 'month' ? 31 * DAY : g.ms;
  const fetchFrom = periodStart(g, periods[0] - lookbackMs(rule, periodMs));
  const fetchTo = addPeriods(g, periods[periods.length - 1], 1);
  const window = { from: fetchFrom, to: fetchTo, now: opts.now, live: opts.live };
  const series = rule.condition.kind === 'freshness' ? await fetchFreshness(rule, source, window) : await fetchSeries(rule, source, window);
  let anomalies: Set<number> | undefined;
  if (rule.condition.kind === 'anomaly') {
    const points = [...series.values].sort((a, b) => a[0] - b[0]).map(([tsMs, value]) => ({ tsMs, value }));
    try {
      const found = detectAnomalies(points, { sensitivity: rule.condition.sensitivity, minVolume: rule.minVolume, ...(g.kind === 'fixed' ? { stepMs: g.ms } : {}) });
      anomalies = new Set(found.anomalies.map((a) => periodStart(g, a.tsMs)));
    } catch (err) {
      if (err instanceof SeriesInputError) throw queryError('BAD_INPUT', `too little history for anomaly detection: ${err.message}`);
      throw err;
    }
  }
  const all = evaluatePeriods({ rule, periods: periodsBetween(g, fetchFrom, fetchTo), values: series.values, anomalies });
  const evaluations = all.filter((e) => e.start >= periods[0]);
  const firings: Firing[] = [];
  let episodes = 0;
  let before = all.find((e, i) => all[i + 1]?.start === periods[0])?.state === 'firing';
  for (const e of evaluations) {
    const firing = e.state === 'firing';
    if (firing) {
      firings.push({ ts: new Date(e.start).toISOString(), value: e.value, ...(e.baseline !== undefined ? { baseline: e.baseline } : {}) });
      if (!before) episodes++;
    }
    before = firing;
  }
  return {
    rule: rule.name,
    window: { from: new Date(periods[0]).toISOString(), to: new Date(fetchTo).toISOString() },
    granularity: describeGranularity(g),
    periods: periods.length,
    firings,
    episodes,
    sql: series.sql,
    evaluations,
  };
}

/**
 * The rule evaluated at `now`, as a scheduler would: the last whole period
 * before now, with the state (`for`, nodata keep) warmed up over the lookback.
 */
export async function evaluateLatest(rule: AlertRule, source: SeriesSource, now: Date): Promise<PeriodEvaluation & { sql: string[] }> {
  const g = rule.granularity;
  const to = periodStart(g, now.getTime());
  const r = await backtestRule(rule, source, { now, from: new Date(addPeriods(g, to, -1)), to: new Date(to), live: true });
  return { ...r.evaluations[r.evaluations.length - 1], sql: r.sql };
}

/** The one-paragraph text summary: "would have fired N times in the last 30 days: …". */
export function summarizeBacktest(r: BacktestResult, opts: { now: Date }): string {
  const fromMs = Date.parse(r.window.from);
  const toMs = Date.parse(r.window.to);
  const days = Math.round((toMs - fromMs) / DAY);
  const span = Math.abs(toMs - periodStart({ kind: 'fixed', ms: 60_000 }, opts.now.getTime())) < 2 * DAY ? `in the last ${days} day${days === 1 ? '' : 's'}` : `between ${r.window.from.slice(0, 10)} and ${new Date(toMs - 1).toISOString().slice(0, 10)}`;
  if (!r.firings.length) return `${r.rule}: would not have fired ${span} (${r.periods} ${r.granularity} periods evaluated).`;
  const shown = r.firings.slice(0, 12).map((f) => `${formatTs(f.ts, r.granularity)} (${formatValue(f.value)})`);
  const more = r.firings.length > shown.length ? `, … ${r.firings.length - shown.length} more` : '';
  return `${r.rule}: would have fired ${r.firings.length} time${r.firings.length === 1 ? '' : 's'} ${span} (${r.episodes} episode${r.episodes === 1 ? '' : 's'}, ${r.periods} ${r.granularity} periods evaluated): ${shown.join(', ')}${more}.`;
}

function formatTs(ts: string, granularity: string): string {
  return ['day', 'week', 'month'].includes(granularity) ? ts.slice(0, 10) : ts.slice(0, 16).replace('T', ' ');
}

function formatValue(v: number | null): string {
  if (v === null) return 'no data';
  return Math.abs(v) >= 100 ? String(Math.round(v * 100) / 100) : String(Number(v.toPrecision(4)));
}
