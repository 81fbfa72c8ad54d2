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
import { detectAnomalies, SeriesInputError, type AnomalyKind } from '../anomaly/detect-anomalies.ts';
import type { AlertRule } from '../rules/rule.ts';
import { addPeriods, describeGranularity, periodsBetween, periodStart } from '../rules/schedule.ts';
import { evaluatePeriods, type PeriodEvaluation } from './evaluate.ts';
import { fetchFreshness, fetchSeries, fetchSplitSeries, queryError, type SeriesSource } from './series.ts';

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
  /** Anomaly rules: the detector's expected value, the direction, kind and robust z of the anomaly. */
  expected?: number;
  direction?: 'up' | 'down';
  kind?: AnomalyKind;
  score?: number;
  /** Anomaly rules split by a dimension: the dimension value whose series was anomalous. */
  split?: string;
}

/** The anomaly behind a flagged period (the strongest one when several split series are flagged). */
interface AnomalyMark {
  key: string;
  value: number;
  expected: number;
  score: number;
  direction: 'up' | 'down';
  kind: AnomalyKind;
}

/**
 * Runs the detector over each series (one per split value, or one) and keeps
 * the anomalies in the rule's direction. The period's value is the flagged
 * series' value; elsewhere, for split rules, the value of the series with the
 * strongest anomaly (or, without one, the largest typical volume), so a
 * chart of the values follows the series that fired.
 */
function detectForRule(rule: AlertRule, byKey: Map<string, Map<number, number>>): { marks: Map<number, AnomalyMark>; values: Map<number, number> } {
  const c = rule.condition;
  if (c.kind !== 'anomaly') throw new Error('not an anomaly rule');
  const g = rule.granularity;
  const marks = new Map<number, AnomalyMark>();
  let largest: { key: string; volume: number } | undefined;
  for (const [key, series] of byKey) {
    const points = [...series].sort((a, b) => a[0] - b[0]).map(([tsMs, value]) => ({ tsMs, value }));
    const volume = points.map((p) => Math.abs(p.value)).sort((a, b) => a - b)[points.length >> 1] ?? 0;
    if (!largest || volume > largest.volume) largest = { key, volume };
    let found;
    try {
      found = detectAnomalies(points, { sensitivity: c.sensitivity, minVolume: c.minVolume ?? rule.minVolume, ...(g.kind === 'fixed' ? { stepMs: g.ms } : {}) });
    } catch (err) {
      // A split value with too short a history (a new country) is skipped; the only series failing is an error.
      if (err instanceof SeriesInputError) {
        if (byKey.size === 1) throw queryError('BAD_INPUT', `too little history for anomaly detection: ${err.message}`);
        continue;
      }
      throw err;
    }
    for (const a of found.anomalies) {
      if (c.direction !== 'both' && a.direction !== c.direction) continue;
      const start = periodStart(g, a.tsMs);
      const prev = marks.get(start);
      if (!prev || a.score > prev.score) marks.set(start, { key, value: a.value, expected: a.expected, score: a.score, direction: a.direction, kind: a.kind });
    }
  }
  // The series shown between firings: the one with the strongest anomaly, else the largest.
  const strongest = [...marks.values()].sort((a, b) => b.score - a.score)[0];
  const values = new Map(byKey.get(strongest?.key ?? largest?.key ?? '') ?? []);
  for (const [start, m] of marks) values.set(start, m.value);
  return { marks, values };
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
  const c = rule.condition;
  let series: { values: Map<number, number>; sql: string[] };
  let marks: Map<number, AnomalyMark> | undefined;
  if (c.kind === 'anomaly') {
    let byKey: Map<string, Map<number, number>>;
    let sql: string[];
    if (c.splitBy) ({ byKey, sql } = await fetchSplitSeries(rule, source, window, c.splitBy));
    else {
      const one = await fetchSeries(rule, source, window);
      byKey = new Map([['', one.values]]);
      sql = one.sql;
    }
    const found = detectForRule(rule, byKey);
    marks = found.marks;
    series = { values: found.values, sql };
  } else {
    series = c.kind === 'freshness' ? await fetchFreshness(rule, source, window) : await fetchSeries(rule, source, window);
  }
  const anomalies = marks ? new Set(marks.keys()) : undefined;
  const all = evaluatePeriods({ rule, periods: periodsBetween(g, fetchFrom, fetchTo), values: series.values, anomalies });
  const evaluations = all.filter((e) => e.start >= periods[0]);
  const firings: Firing[] = [];
  let episodes = 0;
  let before = all.find((e, i) => all[i + 1]?.start === periods[0])?.state === 'firing';
  for (const e of evaluations) {
    const firing = e.state === 'firing';
    if (firing) {
      const mark = marks?.get(e.start);
      firings.push({
        ts: new Date(e.start).toISOString(),
        value: e.value,
        ...(e.baseline !== undefined ? { baseline: e.baseline } : {}),
        ...(mark ? { expected: mark.expected, direction: mark.direction, kind: mark.kind, score: Math.round(mark.score * 100) / 100, ...(mark.key !== '' ? { split: mark.key } : {}) } : {}),
      });
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
export async function evaluateLatest(rule: AlertRule, source: SeriesSource, now: Date): Promise<PeriodEvaluation & { sql: string[]; anomaly?: Pick<Firing, 'expected' | 'direction' | 'split'> }> {
  const g = rule.granularity;
  const to = periodStart(g, now.getTime());
  const r = await backtestRule(rule, source, { now, from: new Date(addPeriods(g, to, -1)), to: new Date(to), live: true });
  const last = r.evaluations[r.evaluations.length - 1];
  // An anomaly rule's firing carries what the detector expected and, split by a dimension, which value fired.
  const firing = last && r.firings.find((f) => Date.parse(f.ts) === last.start);
  const anomaly = firing && firing.expected !== undefined ? { expected: firing.expected, direction: firing.direction, ...(firing.split !== undefined ? { split: firing.split } : {}) } : undefined;
  return { ...last, sql: r.sql, ...(anomaly ? { anomaly } : {}) };
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
