/**
 * Anomalies and forecasts in chat. A question the rules of recognise.ts
 * read as "anything unusual in …", "why did … jump", "any anomalies in … by
 * X" or "forecast … for the next N days" is answered here, before the query
 * agent: the rest of the question is planned by the query agent (its
 * semantic model resolves the measure, filters, dimension and period), the
 * series is compiled from that semantic query, checked by the SQL guard and
 * run on the warehouse, then
 *
 *   anomalies  the detector (alerts/anomaly) runs over the series with eight
 *              weeks of history before the asked period (30 days by
 *              default); the largest anomaly's drivers are searched over
 *              the dimensions of the measure's table (drivers.ts);
 *   forecast   forecast.ts with a 90 % band, and its backtest MAPE over the
 *              last three horizons.
 *
 * The answer carries the anomalies (or forecast) as rows, a band chart
 * (renderers/band-chart.ts) and the `insights` lines.
 */
import { DatalabsError } from '../../bot/contracts/errors.ts';
import type { Column, QueryStats, WarehouseReader } from '../../bot/contracts/warehouse.ts';
import type { SqlGuard } from '../guard/index.ts';
import type { AgentPlan, ConversationState, QueryAgent, SemanticModel } from '../query/index.ts';
import { compileQuery, measureLabel } from '../query/compiler.ts';
import type { SemanticQuery } from '../query/semantic-query.ts';
import { detectAnomalies, SeriesInputError, type Anomaly } from '../../alerts/anomaly/detect-anomalies.ts';
import { backtestForecast, forecastSeries } from '../../alerts/anomaly/forecast.ts';
import { renderBandChart, type BandPoint } from '../../renderers/band-chart.ts';
import { recogniseInsight, type InsightIntent } from './recognise.ts';
import { searchDrivers, type DriverSearch } from './drivers.ts';
import { formatAmount, formatChange, parseChTime, slotLabel } from './format.ts';

export interface InsightDeps {
  /** The semantic models the query agent reads (the measure and dimensions are resolved there). */
  models: SemanticModel[];
  agent: QueryAgent;
  guard: SqlGuard;
  reader: WarehouseReader;
  limits: { timeoutMs: number; maxResultRows: number };
  tenant?: string;
  chartSize?: { width: number; height: number };
}

/** An anomaly or forecast answer, structurally the answer pipeline's `Answer` with its extra lines. */
export interface InsightAnswer {
  title: string;
  sql: string;
  columns: Column[];
  rows: unknown[][];
  truncated: boolean;
  tables: string[];
  period?: { from: string; to: string; label: string };
  stats: QueryStats;
  elapsedMs: number;
  now: string;
  chart: { png: Buffer; alt: string; width: number; height: number } | null;
  /** The findings in words: what is unusual, what drove it, the forecast and its backtest error. */
  insights: string[];
  state?: ConversationState;
  /** Further guarded statements run (the driver search), for the audit log. */
  alsoRan: string[];
}

export interface InsightResponder {
  /** The answer when the question is an anomaly or forecast question; undefined otherwise (the query agent answers it). */
  answer(input: { text: string; now: Date; chart?: boolean }): Promise<InsightAnswer | undefined>;
}

type Grain = 'hour' | 'day' | 'week';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STEP: Record<Grain, number> = { hour: HOUR, day: DAY, week: 7 * DAY };
/** Same-phase distance: a day for hours, a week for days, a week for weeks. */
const PHASE: Record<Grain, number> = { hour: DAY, day: 7 * DAY, week: 7 * DAY };
/** History fetched before the asked period for the detector's baseline. */
const HISTORY: Record<Grain, number> = { hour: 14 * DAY, day: 56 * DAY, week: 26 * 7 * DAY };
/** Seasonal period: found among the calendar ones for hours and days; weeks have none within a year of history (a guessed 7 or 12 weeks fits noise). */
const PERIOD: Record<Grain, 'auto' | 1> = { hour: 'auto', day: 'auto', week: 1 };
/** Default period asked about. */
const DEFAULT_WINDOW: Record<Grain, number> = { hour: 7 * DAY, day: 30 * DAY, week: 13 * 7 * DAY };

function slotStart(grain: Grain, ms: number): number {
  if (grain === 'hour') return Math.floor(ms / HOUR) * HOUR;
  const day = Math.floor(ms / DAY) * DAY;
  if (grain === 'day') return day;
  const dow = (new Date(day).getUTCDay() + 6) % 7;
  return day - dow * DAY;
}

const sqlDateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parsePeriodTime = (s: string) => Date.parse(`${s.replace(' ', 'T')}${s.length === 10 ? 'T00:00:00' : ''}Z`);

export function createInsightResponder(deps: InsightDeps): InsightResponder {
  const size = deps.chartSize ?? { width: 1200, height: 675 };

  async function run(model: SemanticModel, q: SemanticQuery, ran: string[]): Promise<{ sql: string; columns: Column[]; rows: unknown[][]; stats: QueryStats }> {
    const compiled = compileQuery(model, q, { maxRows: deps.limits.maxResultRows });
    const guarded = await deps.guard.check(compiled.sql);
    const result = await deps.reader.query(guarded.sql, { settings: guarded.settings, maxRows: deps.limits.maxResultRows, timeoutMs: deps.limits.timeoutMs, tenant: deps.tenant });
    if (result.truncated) throw new DatalabsError('BAD_INPUT', 'the series is longer than the row limit: ask about a shorter period or a coarser grain (by week)');
    ran.push(guarded.sql);
    const columns = result.columns.map((c, i) => ({ ...c, ...(compiled.columns[i] ? { displayName: compiled.columns[i].displayName, format: compiled.columns[i].format, ...(compiled.columns[i].unit ? { unit: compiled.columns[i].unit } : {}) } : {}) }));
    return { sql: guarded.sql, columns, rows: result.rows, stats: result.stats };
  }

  function planCore(intent: InsightIntent, now: Date): { plan: AgentPlan; model: SemanticModel; q: SemanticQuery } {
    const plan = deps.agent.plan(intent.core, { now });
    const q = plan.state.query;
    const model = deps.models.find((m) => m.name === q.model);
    if (!model) throw new DatalabsError('NOT_UNDERSTOOD', `no semantic model named ${q.model}`);
    if (q.measures.length !== 1) throw new DatalabsError('NOT_UNDERSTOOD', `${intent.kind === 'forecast' ? 'a forecast' : 'anomaly detection'} watches one figure: name one (e.g. "${intent.kind === 'forecast' ? 'forecast revenue for the next 30 days' : 'anything unusual in revenue last 30 days'}")`);
    if (q.dimensions.length > 1) throw new DatalabsError('NOT_UNDERSTOOD', 'split the series by one dimension at most (e.g. "any anomalies in signups by channel")');
    if (q.rollup || q.change || q.comparePeriods || q.having?.length) throw new DatalabsError('NOT_UNDERSTOOD', `${intent.kind === 'forecast' ? 'a forecast' : 'anomaly detection'} needs a plain figure over time, e.g. "revenue" or "refund rate on mobile"`);
    return { plan, model, q };
  }

  async function anomalies(intent: Extract<InsightIntent, { kind: 'anomaly' }>, now: Date, chart: boolean): Promise<InsightAnswer> {
    const started = performance.now();
    const { plan, model, q } = planCore(intent, now);
    const grain: Grain = q.grain === 'hour' || q.grain === 'week' ? q.grain : 'day';
    const current = slotStart(grain, now.getTime());
    let from = current - DEFAULT_WINDOW[grain];
    let to = current;
    let label = grain === 'hour' ? 'last 7 days' : grain === 'week' ? 'last 13 weeks' : 'last 30 days';
    if (q.period) {
      from = slotStart(grain, parsePeriodTime(q.period.from));
      const end = parsePeriodTime(q.period.to);
      to = Math.min(current, q.period.toInclusive ? slotStart(grain, end) + STEP[grain] : end);
      label = q.period.label;
    }
    if (!(from < to)) throw new DatalabsError('BAD_INPUT', `the period ${label} holds no whole ${grain} before now`);
    const histFrom = from - HISTORY[grain];
    const split = q.dimensions[0];
    const ran: string[] = [];
    const seriesQuery: SemanticQuery = { model: q.model, measures: q.measures, dimensions: split ? [split] : [], filters: q.filters, grain, period: { from: sqlDateTime(histFrom), to: sqlDateTime(to), toInclusive: false, label } };
    const result = await run(model, seriesQuery, ran);
    const valueCol = result.columns[result.columns.length - 1];
    const byKey = new Map<string, Array<{ tsMs: number; value: number }>>();
    for (const r of result.rows) {
      const tsMs = parseChTime(r[0]);
      const value = Number(r[r.length - 1]);
      if (!Number.isFinite(tsMs) || r[r.length - 1] === null || !Number.isFinite(value)) continue;
      const key = split ? String(r[1]) : '';
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key)!.push({ tsMs, value });
    }
    const found: Array<{ key: string; a: Anomaly }> = [];
    const detected = new Map<string, { points: Array<{ tsMs: number; value: number }>; expected: number[]; band: number; flagged: Set<number> }>();
    for (const [key, points] of byKey) {
      try {
        const r = detectAnomalies(points, { stepMs: STEP[grain], period: PERIOD[grain] });
        const inWindow = r.anomalies.filter((a) => a.tsMs >= from && a.tsMs < to && (!intent.why || a.direction === intent.why));
        for (const a of inWindow) found.push({ key, a });
        detected.set(key, { points, expected: r.expected, band: r.bandHalfWidth, flagged: new Set(inWindow.map((a) => a.tsMs)) });
      } catch (err) {
        if (!(err instanceof SeriesInputError)) throw err;
        if (!split) throw new DatalabsError('BAD_INPUT', `too little data for anomaly detection on ${label}: ${err.message}`);
      }
    }
    found.sort((x, y) => x.a.tsMs - y.a.tsMs || y.a.score - x.a.score);
    const what = measureLabel(model, q.measures[0]);
    const filtersText = q.filters.length ? ` (${q.filters.map((f) => (f.kind === 'dimension' ? `${f.negate ? 'not ' : ''}${f.values.join(', ')}` : `${f.column} ${f.op} ${f.value}`)).join('; ')})` : '';
    const subject = `${what}${filtersText}${split ? ` by ${split.replace(/_/g, ' ')}` : ''}`;
    const insights: string[] = [];
    const moved = intent.why === 'up' ? 'rise' : intent.why === 'down' ? 'drop' : 'anomaly';
    if (!found.length) {
      insights.push(`Nothing unusual in ${subject} by ${grain}, ${label}: ${intent.why ? `no unusual ${moved} — ` : ''}every ${grain} was within its expected band (robust seasonal baseline over the ${HISTORY[grain] / DAY} days before).`);
    } else {
      insights.push(`${found.length} unusual ${grain}${found.length === 1 ? '' : 's'} in ${subject}, ${label}:`);
      for (const { key, a } of found.slice(0, 6)) {
        const kind = a.kind === 'level_shift' ? `a level shift ${a.direction}, from then on` : a.kind === 'drop_to_zero' ? 'a drop to zero' : a.kind;
        insights.push(`• ${slotLabel(a.tsMs, grain)}${key ? ` · ${key}` : ''}: ${formatAmount(a.value, valueCol)} vs ${formatAmount(a.expected, valueCol)} expected (${formatChange(a.value, a.expected)}), ${kind}`);
      }
      if (found.length > 6) insights.push(`… and ${found.length - 6} more (all in the table).`);
    }
    // Drivers of the strongest anomaly (of one series; a split question already says which value moved).
    let drivers: DriverSearch | undefined;
    const top = [...found].sort((x, y) => y.a.score - x.a.score)[0];
    if (top && !split) {
      const step = STEP[grain];
      const last = top.a.kind === 'level_shift' ? Math.min(to, top.a.tsMs + 14 * step) : top.a.tsMs + step;
      const slots: number[] = [];
      for (let s = top.a.tsMs; s < last; s += step) slots.push(s);
      const baselineOf = (slot: number) => {
        const out: number[] = [];
        for (let s = slot - PHASE[grain]; out.length < 4 && s >= histFrom; s -= PHASE[grain]) if (s < top.a.tsMs) out.push(s);
        return out;
      };
      const firstBase = Math.min(...slots.flatMap(baselineOf), top.a.tsMs);
      drivers = await searchDrivers({
        model,
        base: q,
        slots,
        baselineOf,
        period: { from: sqlDateTime(firstBase), to: sqlDateTime(last) },
        grain,
        parseTime: parseChTime,
        run: async (dq) => (await run(model, dq, ran)).rows,
      });
      insights.push(driverLine(model, drivers, top.a, slots.length, grain));
    }
    const anomalyColumns: Column[] = [
      { name: grain, type: grain === 'hour' ? 'DateTime' : 'Date', displayName: grain[0].toUpperCase() + grain.slice(1), format: grain === 'hour' ? 'datetime' : 'date' },
      ...(split ? [{ ...result.columns[1] }] : []),
      { ...valueCol, type: 'Float64' },
      { name: 'expected', type: 'Float64', displayName: 'Expected', ...(valueCol.format ? { format: valueCol.format } : {}), ...(valueCol.unit ? { unit: valueCol.unit } : {}) },
      { name: 'change', type: 'Float64', displayName: 'Change', format: 'percent' },
      { name: 'kind', type: 'String', displayName: 'Kind', format: 'text' },
      { name: 'score', type: 'Float64', displayName: 'Robust z', format: 'decimal(1)' },
    ];
    const rows = found.map(({ key, a }) => [
      grain === 'hour' ? sqlDateTime(a.tsMs) : isoDay(a.tsMs),
      ...(split ? [key] : []),
      a.value,
      a.expected,
      a.expected ? a.value / a.expected - 1 : null,
      a.kind,
      Math.round(a.score * 10) / 10,
    ]);
    const title = `${intent.why ? `Why ${what} ${intent.why === 'up' ? 'rose' : 'fell'}` : `Anomalies in ${what}`}${filtersText}${split ? ` by ${split.replace(/_/g, ' ')}` : ''}, ${label}`;
    let chartOut: InsightAnswer['chart'] = null;
    if (chart) {
      const key = top?.key ?? [...detected.keys()].sort((a, b) => (detected.get(b)!.points.length - detected.get(a)!.points.length))[0];
      const d = key === undefined ? undefined : detected.get(key);
      if (d) {
        const shownFrom = Math.max(histFrom, Math.min(from, to - 60 * STEP[grain]));
        const points: BandPoint[] = d.points.flatMap((p, i) => (p.tsMs < shownFrom ? [] : [{
          tsMs: p.tsMs,
          value: p.value,
          ...(Number.isFinite(d.expected[i]) ? { expected: d.expected[i], lower: d.expected[i] - d.band, upper: d.expected[i] + d.band } : {}),
          anomaly: d.flagged.has(p.tsMs),
        }]));
        const chartTitle = `${what}${filtersText}${key ? ` · ${key}` : ''} by ${grain}`;
        const png = await renderBandChart(points, { title: chartTitle, valueLabel: valueCol.displayName ?? valueCol.name, grain, width: size.width, height: size.height, note: 'shaded: expected range · red: anomalies', ...(valueCol.format === 'percent' ? { valueFormat: '.0%' } : {}) });
        const marks = points.filter((p) => p.anomaly).map((p) => slotLabel(p.tsMs, grain));
        chartOut = { png, alt: `Line chart of ${chartTitle} from ${slotLabel(points[0].tsMs, grain)} to ${slotLabel(points[points.length - 1].tsMs, grain)} with its expected range shaded; ${marks.length ? `anomalies marked on ${marks.join(', ')}` : 'no anomalies'}.`, width: size.width, height: size.height };
      }
    }
    return {
      title,
      sql: result.sql,
      columns: anomalyColumns,
      rows,
      truncated: false,
      tables: plan.tables,
      period: { from: isoDay(from), to: isoDay(to - 1), label },
      stats: result.stats,
      elapsedMs: Math.round(performance.now() - started),
      now: now.toISOString(),
      chart: chartOut,
      insights,
      state: { ...plan.state, columns: undefined },
      alsoRan: ran.slice(1),
    };
  }

  async function forecast(intent: Extract<InsightIntent, { kind: 'forecast' }>, now: Date, chart: boolean): Promise<InsightAnswer> {
    const started = performance.now();
    const { plan, model, q } = planCore(intent, now);
    if (q.dimensions.length) throw new DatalabsError('NOT_UNDERSTOOD', `a forecast is of one series: filter instead of splitting (e.g. "forecast revenue on mobile for the next 30 days")`);
    const grain: Grain = intent.unit === 'hour' ? 'hour' : intent.unit === 'week' ? 'week' : 'day';
    const horizon = intent.unit === 'month' ? intent.horizon * 30 : intent.horizon;
    const maxHorizon = grain === 'hour' ? 24 * 14 : grain === 'day' ? 366 : 104;
    if (horizon > maxHorizon) throw new DatalabsError('BAD_INPUT', `a forecast goes at most ${maxHorizon} ${grain}s ahead; ask for fewer`);
    const step = STEP[grain];
    const to = slotStart(grain, now.getTime());
    const historySteps = Math.max(3 * horizon + (grain === 'hour' ? 48 : grain === 'day' ? 56 : 8), grain === 'hour' ? 336 : grain === 'day' ? 180 : 52);
    const from = to - historySteps * step;
    const ran: string[] = [];
    const result = await run(model, { model: q.model, measures: q.measures, dimensions: [], filters: q.filters, grain, period: { from: sqlDateTime(from), to: sqlDateTime(to), toInclusive: false, label: 'history' } }, ran);
    const valueCol = result.columns[result.columns.length - 1];
    const points = result.rows.map((r) => ({ tsMs: parseChTime(r[0]), value: Number(r[1]) })).filter((p) => Number.isFinite(p.tsMs) && Number.isFinite(p.value));
    let fc;
    let bt;
    try {
      fc = forecastSeries(points, { horizon, level: 0.9, period: PERIOD[grain] });
      bt = backtestForecast(points, { horizon, folds: 3, period: PERIOD[grain] });
    } catch (err) {
      if (err instanceof SeriesInputError) throw new DatalabsError('BAD_INPUT', `too little history to forecast ${horizon} ${grain}s: ${err.message}`);
      throw err;
    }
    const what = measureLabel(model, q.measures[0]);
    const filtersText = q.filters.length ? ` (${q.filters.map((f) => (f.kind === 'dimension' ? f.values.join(', ') : `${f.column} ${f.op} ${f.value}`)).join('; ')})` : '';
    const first = fc.points[0];
    const lastPoint = fc.points[fc.points.length - 1];
    const total = fc.points.reduce((a, p) => a + p.value, 0);
    const additive = valueCol.format !== 'percent' && !/rate|average|avg|ratio|per/i.test(what);
    const insights = [
      `Forecast of ${what}${filtersText} for the next ${horizon} ${grain}${horizon === 1 ? '' : 's'} (${slotLabel(first.tsMs, grain)} … ${slotLabel(lastPoint.tsMs, grain)}): ${additive ? `${formatAmount(total, valueCol)} in total, ` : ''}${formatAmount(total / fc.points.length, valueCol)} ${grain === 'hour' ? 'an' : 'a'} ${grain} on average, ${formatAmount(first.value, valueCol)} on the first ${grain} (90 % band ${formatAmount(first.lower, valueCol)} – ${formatAmount(first.upper, valueCol)}).`,
      `Backtest: MAPE ${bt.mapePct.toFixed(1)} % — each of the last 3 × ${horizon} ${grain}s forecast from the ${grain}s before it (the 90 % band held ${Math.round(100 * bt.coverage)} % of them). Method: robust trend ${fc.periodPoints > 1 ? `+ seasonal profile of ${fc.periodPoints} ${grain}s` : '(no seasonality found)'}, from ${points.length} ${grain}s of history.`,
    ];
    const columns: Column[] = [
      { name: grain, type: grain === 'hour' ? 'DateTime' : 'Date', displayName: grain[0].toUpperCase() + grain.slice(1), format: grain === 'hour' ? 'datetime' : 'date' },
      { ...valueCol, name: 'forecast', type: 'Float64', displayName: `${valueCol.displayName ?? what} (forecast)` },
      { name: 'lower', type: 'Float64', displayName: 'Low (90 %)', ...(valueCol.format ? { format: valueCol.format } : {}), ...(valueCol.unit ? { unit: valueCol.unit } : {}) },
      { name: 'upper', type: 'Float64', displayName: 'High (90 %)', ...(valueCol.format ? { format: valueCol.format } : {}), ...(valueCol.unit ? { unit: valueCol.unit } : {}) },
    ];
    const rows = fc.points.map((p) => [grain === 'hour' ? sqlDateTime(p.tsMs) : isoDay(p.tsMs), p.value, p.lower, p.upper]);
    let chartOut: InsightAnswer['chart'] = null;
    if (chart) {
      const shown = points.slice(-Math.max(2 * horizon, grain === 'day' ? 60 : 48));
      const bandPoints: BandPoint[] = [...shown.map((p) => ({ tsMs: p.tsMs, value: p.value })), ...fc.points.map((p) => ({ tsMs: p.tsMs, expected: p.value, lower: p.lower, upper: p.upper, forecast: true }))];
      const chartTitle = `${what}${filtersText} by ${grain}: forecast for the next ${horizon} ${grain}s`;
      const png = await renderBandChart(bandPoints, { title: chartTitle, valueLabel: valueCol.displayName ?? what, grain, width: size.width, height: size.height, note: `dashed: forecast · shaded: 90 % band · backtest MAPE ${bt.mapePct.toFixed(1)} %`, ...(valueCol.format === 'percent' ? { valueFormat: '.0%' } : {}) });
      chartOut = { png, alt: `Line chart of ${what} by ${grain} from ${slotLabel(shown[0].tsMs, grain)}, then its forecast to ${slotLabel(lastPoint.tsMs, grain)} with a shaded 90 % band.`, width: size.width, height: size.height };
    }
    return {
      title: `Forecast of ${what}${filtersText}, next ${horizon} ${grain}${horizon === 1 ? '' : 's'}`,
      sql: result.sql,
      columns,
      rows,
      truncated: false,
      tables: plan.tables,
      period: { from: slotLabel(first.tsMs, grain), to: slotLabel(lastPoint.tsMs, grain), label: `next ${horizon} ${grain}s` },
      stats: result.stats,
      elapsedMs: Math.round(performance.now() - started),
      now: now.toISOString(),
      chart: chartOut,
      insights,
      state: { ...plan.state, columns: undefined },
      alsoRan: [],
    };
  }

  return {
    async answer(input) {
      const intent = recogniseInsight(input.text);
      if (!intent) return undefined;
      return intent.kind === 'forecast' ? forecast(intent, input.now, input.chart !== false) : anomalies(intent, input.now, input.chart !== false);
    },
  };
}

/** "Driven by device = mobile: mobile refunds +110 %, 80 % of the rise (usually 40 % of refunds)." */
function driverLine(model: SemanticModel, d: DriverSearch, a: Anomaly, slots: number, grain: Grain): string {
  const noun = measureLabel(model, d.measure).toLowerCase();
  const span = slots > 1 ? `over the ${slots} ${grain}s from ${slotLabel(a.tsMs, grain)}` : `on ${slotLabel(a.tsMs, grain)}`;
  const way = d.totalDelta >= 0 ? 'rise' : 'fall';
  if (!d.searched.length) return `No dimension of ${noun} to search for what drove it.`;
  if (!d.driver) {
    const best = d.byDimension[0];
    return `What drove it: nothing stands out — the ${way} in ${noun} ${span} is spread across ${d.searched.map((s) => s.replace(/_/g, ' ')).join(', ')}${best ? ` (the largest part: ${best.value}, ${Math.round(100 * best.shareOfChange)} % of it, usually ${Math.round(100 * best.usualShare)} %)` : ''}.`;
  }
  const v = d.driver;
  const pct = Number.isFinite(v.changePct) ? `${v.changePct >= 0 ? '+' : '−'}${Math.round(Math.abs(v.changePct) * 100)} %` : 'from none';
  return `What drove it: ${v.dimension.replace(/_/g, ' ')} = ${v.value} — ${v.value} ${noun} ${pct}, ${Math.round(100 * v.shareOfChange)} % of the ${way} ${span} (usually ${Math.round(100 * v.usualShare)} % of ${noun}).`;
}
