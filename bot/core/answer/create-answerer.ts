/**
 * The answer pipeline shared by `ask`, the console and every chat adapter:
 * question or SQL → (query agent) → SQL guard → warehouse → chart.
 */
import { refuseUnappliedComment } from './sql-comments.ts';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../contracts/logger.ts';
import type { Metrics } from '../../contracts/metrics.ts';
import { currentRequest } from '../inbound/request-context.ts';
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';
import type { Column, QueryStats, Warehouse } from '../../contracts/warehouse.ts';
import { reachedEngineParser, type SqlGuard } from '../../../agents/guard/index.ts';
import type { ConversationState, QueryAgent } from '../../../agents/query/index.ts';
import { createClaudeRoute, type ClaudeDeps, type ClaudePending } from './claude-answer.ts';
import { claudeBaseOf, followUpClaude, type ClaudeFollowUp } from './claude-refine.ts';
import { misnamedSql, readSql, sameRows } from './sql-reading.ts';
import type { InsightResponder } from '../../../agents/insight/index.ts';
import { CHART_KINDS, clampToNow, createInlineChartRenderer, humanTitle, planChart, type ChartKind, type ChartRenderer } from '../../../renderers/index.ts';

/** Everything one answer carries; `ask --json` prints a projection of it. */
export interface Answer {
  /** Headline: the question as understood. */
  title: string;
  sql: string;
  columns: Column[];
  rows: unknown[][];
  /** True when a row limit cut the result. */
  truncated: boolean;
  tables: string[];
  period?: { from: string; to: string; label: string };
  stats: QueryStats;
  /** Client-side wall time of the query. */
  elapsedMs: number;
  /** Latest value of the question's time column, when known; never later than `now`. */
  freshness?: string;
  /** "Now" of the answer (ISO): the clock or `--now`; incomplete periods are judged against it. */
  now?: string;
  chart: { path: string | null; png: Buffer; alt: string; kind: ChartKind; width: number; height: number; note?: string } | null;
  /** A chart type was asked for and not drawn: the one line that says why. */
  chartNote?: string;
  /** Conversation state to pass back for a follow-up. */
  state?: ConversationState;
  /**
   * The follow-up only asked to see the SQL of the previous answer: the SQL was
   * guarded but not run, so `columns`, `rows` and `stats` are empty and there is no chart.
   */
  showSql?: boolean;
  /** Other statements this answer sent to the engine (the freshness query), for the audit log. */
  alsoRan?: string[];
  /** Which engine wrote the SQL: the offline parser, or Claude (questions the parser refused). Absent for SQL sent as is. */
  engine?: 'offline' | 'claude';
  /** Claude's sentence about the result. */
  summary?: string;
  /** Claude asked back instead of answering (only when `AskInput.clarify`): post the question; the reply continues with `pending`. */
  clarify?: { question: string; pending: ClaudePending };
  /** Claude's tokens (input including cache reads and writes) and estimated cost for this answer. */
  usage?: { model: string; inputTokens: number; outputTokens: number; costUsd: number };
  /** Anomaly and forecast answers (agents/insight): the findings in words — what is unusual, what drove it, the forecast's backtest error. */
  insights?: string[];
}

export interface AskInput {
  text: string;
  now: Date;
  /** State from the previous answer in this conversation (for refinements). */
  state?: ConversationState;
  /**
   * Charts: true (default) draws one when it helps; false skips rendering (e.g. JSON batch mode without charts);
   * 'plotted' draws only a chart that plots more than one value, unless the question asks for a chart kind — a lone
   * number is the answer's one value already (`ask --json`: its card would cost the renderer's start-up for nothing).
   */
  chart?: boolean | 'plotted';
  /** A clarifying question Claude asked in this thread: `text` is the reply to it. */
  pending?: ClaudePending;
  /** The caller can post a clarifying question and send the reply back (chat); otherwise one is a NOT_UNDERSTOOD error. */
  clarify?: boolean;
  /** Who asks (`platform:user id`), for usage records. */
  user?: string;
  /** Told where a long (Claude) answer is, for the "Working on it…" message. */
  onProgress?: (text: string) => void;
  /** The thread's previous answer (title and SQL), read only when Claude answers: follow-ups refine it. */
  previous?: () => Promise<{ title: string; sql: string } | undefined>;
  /**
   * IANA zone the offline query agent reads time words in ("yesterday" from the zone's midnight), e.g. a scheduled
   * report's workspace zone; absent: UTC. Claude and the insight agent do not read it.
   */
  timezone?: string;
  /**
   * Only compile: a question the offline agent reads is planned and guarded but not run, as "show the SQL" does
   * (the answer has `showSql`); SQL text, and a question Claude or the insight agent answers, still run.
   */
  sqlOnly?: boolean;
}

export interface Answerer {
  ask(input: AskInput): Promise<Answer>;
  /** True when plain-language questions are understood (a query agent is present). */
  readonly naturalLanguage: boolean;
}

export interface AnswererDeps {
  warehouse: Warehouse;
  guard: SqlGuard;
  /** Natural-language agent; without it only SQL is answered. */
  agent?: QueryAgent;
  /** Where chart PNGs are written; null keeps them in memory only. */
  chartsDir: string | null;
  limits: { timeoutMs: number; maxResultRows: number };
  logger: Logger;
  chartSize?: { width: number; height: number };
  /** Where charts are drawn (a worker pool in servers); default: this thread. */
  charts?: ChartRenderer;
  /** Whose queries these are (a workspace): the warehouse caps concurrent queries per tenant. */
  tenant?: string;
  /** Claude as the second engine (ANTHROPIC_API_KEY): questions the offline parser refuses go to it. */
  claude?: ClaudeDeps;
  /** Anomaly and forecast questions ("anything unusual in revenue", "forecast signups"), consulted before the query agent. */
  insight?: InsightResponder;
  /** Question latency by engine and platform, chart render time; absent: nothing measured. */
  metrics?: Metrics;
}

/**
 * Where a failed ask stopped, for the audit log: `guard` (the SQL was checked
 * and refused or the check failed) or `engine` (the guarded SQL was sent to the
 * warehouse and failed there). `sql` is the statement at that point.
 */
export interface ExecutionInfo {
  stage: 'guard' | 'engine';
  sql: string;
  /** The guard had sent the text to the engine's parser (`EXPLAIN AST`) before refusing it. */
  explained?: boolean;
}

const executions = new WeakMap<object, ExecutionInfo>();

/** The stage and SQL a failed `ask` reached; undefined when it failed before producing SQL. */
export function executionOf(err: unknown): ExecutionInfo | undefined {
  return err && typeof err === 'object' ? executions.get(err) : undefined;
}

function tagged<T>(info: ExecutionInfo, work: () => Promise<T>): Promise<T> {
  return work().catch((err: unknown) => {
    if (err && typeof err === 'object' && !executions.has(err)) executions.set(err, { ...info, ...(info.stage === 'guard' && reachedEngineParser(err) ? { explained: true } : {}) });
    throw err;
  });
}

/** Longest question or SQL accepted (the guard has its own SQL limit too). */
export const MAX_INPUT_CHARS = 20_000;

/**
 * SQL's opening: SELECT followed by what a select list starts with ("*", a function call, a column then a comma, AS or
 * FROM, a number), or WITH as a CTE / ClickHouse WITH before a SELECT. "select the top 5 products" and "with the country
 * slicer set to JP, what's the AOV" are questions in words.
 */
const SQL_START = /^\s*(?:\(\s*)*(?:select\s+(?:distinct\s+)?(?:\*|[\w.`"]+\s*\(|[\w.`"]+\s*(?:,|\bas\b|\bfrom\b|;|$)|\d|'|-)|with\s+(?:recursive\s+)?[\w`"]+\s+as\s*\(|with\b[\s\S]*\bselect\b)/i;

/** True when the text is raw SQL (starts as a SELECT or WITH statement does, or `/sql …`). */
export function isSqlText(text: string): boolean {
  return SQL_START.test(text) || /^\s*\/sql\b/i.test(text);
}

/** Result columns with the display name, format and unit the agent's plan gives each (by name); values untouched. */
export function withDisplay(columns: Column[], display: Array<{ name: string; displayName?: string; format?: string; unit?: string }> | undefined): Column[] {
  if (!display?.length) return columns;
  const byName = new Map(display.map((d) => [d.name, d]));
  return columns.map((c) => {
    const d = byName.get(c.name);
    if (!d) return c;
    return { ...c, ...(d.displayName ? { displayName: d.displayName } : {}), ...(d.format ? { format: d.format } : {}), ...(d.unit ? { unit: d.unit } : {}) };
  });
}

/**
 * The chart kind a question asks for: the agent's hint, or a kind the agent has no
 * hint for yet, said in the question ("as a pie chart", "donut", "area chart", "scatter plot").
 */
export function requestedChart(question: string, hint: string | undefined): ChartKind | undefined {
  const said = /\b(pie|donut|doughnut|area|scatter)(?:[\s-]*(?:chart|graph|plot|diagram))?\b/i.exec(question);
  if (said && (/chart|graph|plot|diagram/i.test(said[0]) || /\b(?:as|in|into|to)\s+(?:an?\s+)?(?:pie|donut|doughnut|area|scatter)\b/i.test(question))) {
    const w = said[1].toLowerCase();
    return w === 'doughnut' ? 'donut' : (w as ChartKind);
  }
  return hint && (CHART_KINDS as readonly string[]).includes(hint) ? (hint as ChartKind) : undefined;
}

export function createAnswerer(deps: AnswererDeps): Answerer {
  const { warehouse, guard, agent, logger } = deps;
  const size = deps.chartSize ?? { width: 1200, height: 675 };
  const charts = deps.charts ?? createInlineChartRenderer();
  const claude = deps.claude ? createClaudeRoute({ ...deps.claude, logger, finish: finishClaude }) : undefined;

  /** A Claude answer gets a chart (when it drew none and charts are wanted) and its chart file, like any other. */
  async function finishClaude(answer: Answer, input: AskInput): Promise<Answer> {
    if (input.chart === false) answer.chart = null;
    else if (!answer.chart && loneValueSkipped(answer, input, undefined)) answer.chart = null;
    else if (!answer.chart) answer.chart = await drawChart(answer, requestedChart(input.text, undefined), { keepOrder: /\border\s+by\b/i.test(answer.sql) });
    else if (deps.chartsDir) answer.chart.path = writeChart(answer.sql, answer.chart.png);
    return answer;
  }

  /** `answer` timed: by engine (offline, claude, or sql when the user sent SQL) and the platform of the request it serves. */
  async function measuredAsk(input: AskInput): Promise<Answer> {
    const metrics = deps.metrics;
    if (!metrics) return ask(input);
    const started = performance.now();
    const platform = currentRequest()?.platform ?? 'cli';
    try {
      const answer = await ask(input);
      metrics.observeQuestion({ engine: answer.engine ?? 'sql', platform, outcome: 'ok', durationMs: performance.now() - started });
      return answer;
    } catch (err) {
      metrics.observeQuestion({ engine: isSqlText(input.text) ? 'sql' : claude && input.pending ? 'claude' : 'offline', platform, outcome: 'error', durationMs: performance.now() - started });
      throw err;
    }
  }

  async function ask(input: AskInput): Promise<Answer> {
    const text = input.text.trim();
    if (!text) throw new DatalabsError('BAD_INPUT', 'empty question: ask something like "revenue by month" or send a SELECT');
    if (text.length > MAX_INPUT_CHARS) throw new DatalabsError('BAD_INPUT', `that is ${text.length.toLocaleString('en-US')} characters; questions and SQL can be at most ${MAX_INPUT_CHARS.toLocaleString('en-US')}`);
    let sql: string;
    let title: string;
    let plan: ReturnType<QueryAgent['plan']> | undefined;
    // A follow-up to a Claude answer that the offline engine applied to Claude's SQL (claude-refine.ts).
    let refined: Extract<ClaudeFollowUp, { kind: 'refined' }> | undefined;
    // Said with the offline reading of a question sent to Claude because the parser was unsure, when Claude could not answer.
    let fallbackNote: string | undefined;
    if (isSqlText(text)) {
      sql = text.replace(/^\s*\/sql\b/i, '').trim();
      if (!sql) throw new DatalabsError('BAD_INPUT', '/sql needs a query, e.g. /sql SELECT count() FROM demo.orders');
      refuseUnappliedComment(sql);
      title = 'SQL result';
    } else {
      const insight = input.pending ? undefined : await deps.insight?.answer({ text, now: input.now, chart: input.chart !== false });
      if (insight) return { ...insight, engine: 'offline', chart: insight.chart && { ...insight.chart, kind: 'line', path: writeChart(insight.sql, insight.chart.png) } };
      if (claude && (input.pending || !agent)) return claude.ask(input, text);
      if (!agent) throw new DatalabsError('NOT_SUPPORTED', 'natural-language questions are not supported yet: send a SELECT statement (or /sql …)');
      // After a Claude answer: narrowed offline when its result allows, else Claude (with the previous SQL), or a new question.
      const base = claude ? claudeBaseOf(input.state) : undefined;
      const follow = base ? followUpClaude(base, text, deps.claude!.tools.models, input.now) : undefined;
      if (follow?.kind === 'claude') return claude!.ask(input, text);
      if (follow?.kind === 'refined') refined = follow;
      else {
        try {
          plan = agent.plan(text, { now: input.now, state: input.state, ...(input.timezone ? { timezone: input.timezone } : {}) });
        } catch (err) {
          // A question the offline parser refuses goes to Claude when there is a key; confident answers stay offline.
          if (claude && isDatalabsError(err) && err.code === 'NOT_UNDERSTOOD') return claude.ask(input, text, err);
          throw err;
        }
        // Unsure (words left out, a figure it had to guess): Claude answers, the offline reading is the fallback.
        if (claude && plan.unsure) {
          const viaClaude = await claude.askUnsure(input, text, plan.unsure);
          if ('answer' in viaClaude) return viaClaude.answer;
          fallbackNote = viaClaude.note;
        }
      }
      sql = refined?.sql ?? plan!.sql;
      title = refined?.title ?? humanTitle(plan!.title, { period: plan!.period, now: input.now, grain: plan!.state?.query?.grain });
    }
    const sqlText = !plan && !refined;
    let guarded: Awaited<ReturnType<SqlGuard['check']>>;
    let result: Awaited<ReturnType<Warehouse['reader']['query']>> | undefined;
    let started = performance.now();
    const run = (g: typeof guarded) => {
      started = performance.now();
      return tagged({ stage: 'engine', sql: g.sql }, () =>
        warehouse.reader.query(g.sql, { settings: g.settings, maxRows: deps.limits.maxResultRows, timeoutMs: deps.limits.timeoutMs, tenant: deps.tenant }));
    };
    try {
      guarded = await tagged({ stage: 'guard', sql }, () => guard.check(sql));
      if (sqlText) result = await run(guarded);
    } catch (err) {
      // "select count from orders where …": SQL that misnames a column is answered as the agent reads it, said so.
      const reading = sqlText && agent && misnamedSql(err) ? readSql(agent, text, input) : undefined;
      if (!reading) throw err;
      plan = reading;
      sql = plan.sql;
      title = humanTitle(plan.title, { period: plan.period, now: input.now, grain: plan.state?.query?.grain });
      fallbackNote = `Read as a question: the SQL ${(err as DatalabsError).clickhouseCode === 62 ? 'does not parse' : 'names a column or function the warehouse does not have'}, so it did not run as written.`;
      guarded = await tagged({ stage: 'guard', sql }, () => guard.check(sql));
    }
    // "show the SQL": what is shown is what would run (it passed the guard), but nothing runs and no chart is drawn.
    if (plan?.showSql || refined?.showSql || (input.sqlOnly && (plan || refined))) {
      return {
        title,
        sql: guarded.sql,
        columns: [],
        rows: [],
        truncated: false,
        tables: plan?.tables ?? guarded.tables,
        period: plan?.period,
        stats: { rowsRead: 0, bytesRead: 0, elapsedMs: 0 },
        elapsedMs: 0,
        chart: null,
        state: plan?.state ?? refined?.state,
        showSql: true,
        engine: 'offline',
      };
    }
    result ??= await run(guarded);
    const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
    // The freshness query runs in ClickHouse while the chart is drawn.
    const alsoRan: string[] = [];
    const freshness = plan?.timeColumn ? readFreshness(plan.timeColumn, alsoRan) : Promise.resolve(undefined);
    const answer: Answer = {
      title,
      sql: guarded.sql,
      columns: withDisplay(result.columns, plan?.columns),
      rows: result.rows,
      truncated: result.truncated,
      tables: plan?.tables ?? guarded.tables,
      period: plan?.period,
      stats: result.stats,
      elapsedMs,
      freshness: undefined,
      now: input.now.toISOString(),
      chart: null,
      state: plan?.state ?? refined?.state ?? (sqlText && agent ? await stateOfSql(text, guarded.sql, result, input) : undefined),
      showSql: plan?.showSql,
      ...(plan || refined ? { engine: 'offline' as const } : {}),
      ...(fallbackNote ? { summary: fallbackNote } : refined ? { summary: "Claude's query, narrowed by the offline engine (no tokens spent)." } : {}),
    };
    if (input.chart !== false) {
      // A kind the question asked for is drawn or the answer says why not; the agent's default kind is only a hint.
      const requested = requestedChart(text, plan?.state?.query?.chart ?? refined?.chart);
      answer.chart = loneValueSkipped(answer, input, requested) ? null : await drawChart(answer, requested ?? requestedChart('', plan?.chartHint), { keepOrder: !plan && /\border\s+by\b/i.test(guarded.sql) });
      const note = requested ? answer.chart?.note ?? (!answer.chart ? planChart(answer.columns, answer.rows, { kind: requested }).note : undefined) : undefined;
      if (note) answer.chartNote = note;
      if (answer.chart && !requested) delete answer.chart.note;
    }
    const fresh = await freshness;
    // Data stamped later than "now" (a fixed --now, clock skew) is shown as up to now.
    answer.freshness = fresh === undefined ? undefined : clampToNow(fresh, input.now);
    if (alsoRan.length) answer.alsoRan = alsoRan;
    return answer;
  }

  /** The agent's reading of SQL that ran, as the thread's state, when it gives the same rows (sql-reading.ts). */
  async function stateOfSql(text: string, ranSql: string, ran: { rows: unknown[][]; truncated: boolean }, input: AskInput): Promise<ConversationState | undefined> {
    const reading = ran.truncated ? undefined : readSql(agent!, text, input);
    if (!reading) return undefined;
    try {
      const g = await guard.check(reading.sql);
      if (g.sql === ranSql) return reading.state;
      const r = await warehouse.reader.query(g.sql, { settings: g.settings, maxRows: deps.limits.maxResultRows, timeoutMs: deps.limits.timeoutMs, tenant: deps.tenant });
      return !r.truncated && sameRows(ran.rows, r.rows, /\border\s+by\b/i.test(ranSql)) ? reading.state : undefined;
    } catch (err) {
      logger.debug({ err }, 'the reading of the SQL did not run');
      return undefined;
    }
  }

  async function readFreshness(timeColumn: string, alsoRan: string[]): Promise<string | undefined> {
    const parts = timeColumn.split('.');
    if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z_]\w*$/.test(p))) return undefined;
    try {
      const guarded = await guard.check(`SELECT max(${parts[2]}) FROM ${parts[0]}.${parts[1]}`);
      alsoRan.push(guarded.sql);
      const r = await warehouse.reader.query(guarded.sql, { settings: guarded.settings, timeoutMs: deps.limits.timeoutMs, tenant: deps.tenant });
      return r.rows[0]?.[0] == null ? undefined : String(r.rows[0][0]);
    } catch (err) {
      logger.debug({ err, timeColumn }, 'freshness query failed');
      return undefined;
    }
  }

  /** `chart: 'plotted'` and nothing asked for: a result that would be drawn as a single number gets no chart. */
  function loneValueSkipped(answer: Answer, input: AskInput, requested: ChartKind | undefined): boolean {
    if (input.chart !== 'plotted' || requested || requestedChart(input.text, undefined)) return false;
    return planChart(answer.columns, answer.rows).choice?.kind === 'big-number';
  }

  /** Writes a chart PNG to the charts directory; its path, or null (no directory, or the write failed). */
  function writeChart(sql: string, png: Buffer): string | null {
    if (!deps.chartsDir) return null;
    try {
      fs.mkdirSync(deps.chartsDir, { recursive: true });
      const id = crypto.createHash('sha1').update(sql).update(String(Date.now())).digest('hex').slice(0, 10);
      const file = path.join(deps.chartsDir, `${new Date().toISOString().slice(0, 10)}-${id}.png`);
      fs.writeFileSync(file, png);
      return file;
    } catch (err) {
      logger.warn({ err }, 'could not write the chart file');
      return null;
    }
  }

  async function drawChart(answer: Answer, hint: ChartKind | undefined, opts: { keepOrder: boolean }): Promise<Answer['chart']> {
    const started = performance.now();
    let failed = false;
    const chart = await charts.render(answer.columns, answer.rows, {
      title: answer.title,
      width: size.width,
      height: size.height,
      hint: hint ? { kind: hint } : undefined,
      keepOrder: opts.keepOrder,
      partial: { now: answer.now, period: answer.period },
      onError: (err: unknown) => {
        failed = true;
        logger.warn({ err }, 'chart rendering failed; replying with the table alone');
      },
    });
    // Only drawn charts (or failed draws) count: a result with nothing to chart is not a render.
    if (chart || failed) deps.metrics?.observeChartRender({ outcome: failed ? 'error' : 'ok', durationMs: performance.now() - started });
    if (!chart) return null;
    const file = writeChart(answer.sql, chart.png);
    return { path: file, png: chart.png, alt: chart.alt, kind: chart.kind, width: size.width, height: size.height, ...(chart.note ? { note: chart.note } : {}) };
  }

  return { ask: measuredAsk, naturalLanguage: Boolean(agent) };
}
