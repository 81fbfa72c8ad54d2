/**
 * The Claude path of the answer pipeline: a question the offline parser
 * refused (or the reply to a clarifying question Claude asked) goes to the
 * Claude engine, within the workspace's budget; its outcome becomes an
 * Answer (engine 'claude'), a clarifying question, or one clear line. Tokens
 * and cost are recorded per workspace and user whatever the outcome — also
 * when the loop fails after some calls (an outage on turn 3, the budget
 * reached mid-answer, the deadline): what was spent counts against the budget.
 * A Claude answer leaves its SQL and columns as the thread's state, so the
 * offline engine can narrow it afterwards (claude-refine.ts).
 */
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import { STAGE_TEXT, type ClaudeEngine, type ClaudeOutcome, type ClaudePending, type ClaudeUsage, type UsageLedger } from '../../../agents/claude/types.ts';
import { spentOf } from '../../../agents/claude/create-claude-engine.ts';
import { baseColumns, claudeBaseOf, claudeState, sqlOf, titleOf } from './claude-refine.ts';
import { compileQuery } from '../../../agents/query/index.ts';
import type { ToolContext } from '../../../agents/tools/types.ts';
import type { Answer, AskInput } from './create-answerer.ts';

/** What a pipeline needs to send questions to Claude. */
export interface ClaudeDeps {
  engine: ClaudeEngine;
  /** The workspace's tools context (same reader, guard, allow-list and limits as the offline path). */
  tools: Omit<ToolContext, 'session'>;
  /** Usage and budgets (the metadata store); absent: nothing recorded, no budget. */
  ledger?: UsageLedger;
  /** The workspace the usage counts against; null: the process's default. */
  workspaceId: number | null;
}

/** First instant of the UTC month of `now`. */
function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

const usd = (n: number) => `$${n.toFixed(2)}`;

export function createClaudeRoute(deps: ClaudeDeps & { logger: Logger; finish: (answer: Answer, input: AskInput) => Promise<Answer> }) {
  const { engine, ledger, logger } = deps;

  const spentLine = (now: Date, budget: number, spent: number) => {
    const month = now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    return `This workspace's Claude budget for ${month} (${usd(budget)}) is spent (${usd(spent)}): only questions the offline engine understands are answered until an admin raises it (datalabs usage --budget).`;
  };

  /** Throws BUDGET_EXCEEDED when the workspace's monthly budget is spent; else what is left of it (undefined: no budget). */
  async function checkBudget(now: Date): Promise<number | undefined> {
    if (!ledger) return undefined;
    const budget = await ledger.budgetUsd(deps.workspaceId);
    if (budget === null) return undefined;
    const spent = await ledger.spentUsd(deps.workspaceId, monthStart(now));
    if (spent >= budget) throw new DatalabsError('BUDGET_EXCEEDED', spentLine(now, budget, spent));
    return budget - spent;
  }

  async function record(input: AskInput, usage: ClaudeUsage, outcome: ClaudeOutcome['kind'] | 'error'): Promise<void> {
    if (!ledger) return;
    await ledger.record({ workspaceId: deps.workspaceId, userKey: input.user ?? 'unknown', usage, outcome, at: input.now })
      .catch((err) => logger.error({ err }, 'Claude usage could not be recorded'));
  }

  /**
   * Answers `text` with Claude. `offline` is the offline engine's refusal (said
   * as well when Claude is down, so the user still gets its suggestions).
   */
  async function ask(input: AskInput, text: string, offline?: DatalabsError): Promise<Answer> {
    const left = await checkBudget(input.now);
    // The thread's previous answer goes along only when this workspace's guard accepts its SQL (a rebound chat never leaks another's tables).
    // Without the thread's record (ask --conversation), the answer the state holds (Claude's, or the offline query compiled) is the previous answer.
    const before = (await input.previous?.().catch(() => undefined)) ?? previousOfState(input.state);
    const previous = before && (await deps.tools.guard.check(before.sql).then(() => true, () => false)) ? { title: before.title, sql: before.sql } : undefined;
    let outcome: ClaudeOutcome;
    try {
      outcome = await engine.answer({
        question: text,
        now: input.now,
        tools: deps.tools,
        pending: input.pending,
        previous,
        onStage: input.onProgress ? (s) => input.onProgress!(STAGE_TEXT[s]) : undefined,
        ...(left !== undefined ? { maxCostUsd: left } : {}),
      });
    } catch (err) {
      // Tokens spent before the failure are paid for: they count against the budget like any answer's.
      const spent = spentOf(err);
      if (spent) await record(input, spent, 'error');
      if (isDatalabsError(err) && err.code === 'BUDGET_EXCEEDED' && ledger) {
        const budget = await ledger.budgetUsd(deps.workspaceId).catch(() => null);
        const total = await ledger.spentUsd(deps.workspaceId, monthStart(input.now)).catch(() => undefined);
        if (budget !== null && total !== undefined) throw new DatalabsError('BUDGET_EXCEEDED', spentLine(input.now, budget, total), { cause: err });
      }
      if (isDatalabsError(err) && err.code === 'AI_UNAVAILABLE' && offline) {
        throw new DatalabsError('AI_UNAVAILABLE', `${err.message}. Without it: ${offline.message}`, { cause: err });
      }
      throw err;
    }
    await record(input, outcome.usage, outcome.kind);
    const usage = { model: outcome.usage.model, inputTokens: outcome.usage.inputTokens + outcome.usage.cacheCreationTokens + outcome.usage.cacheReadTokens, outputTokens: outcome.usage.outputTokens, costUsd: outcome.usage.costUsd };
    switch (outcome.kind) {
      case 'answer': {
        const r = outcome.result;
        const chart = outcome.chart;
        const answer: Answer = {
          title: outcome.title,
          sql: r.sql,
          columns: r.columns,
          rows: r.rows,
          truncated: r.truncated,
          tables: r.tables,
          stats: r.stats,
          elapsedMs: r.elapsedMs,
          now: input.now.toISOString(),
          chart: chart ? { path: null, png: chart.png, alt: chart.alt, kind: chart.kind, width: chart.width, height: chart.height } : null,
          engine: 'claude',
          ...(outcome.summary ? { summary: outcome.summary } : {}),
          usage,
          // The offline engine can narrow, re-rank or redraw this answer in the thread.
          state: claudeState({ sql: r.sql, title: outcome.title, columns: baseColumns(r.columns), filters: [] }),
        };
        const also = outcome.ran.filter((s) => s !== r.sql);
        if (also.length) answer.alsoRan = also;
        return deps.finish(answer, input);
      }
      case 'clarify':
        if (!input.clarify) throw new DatalabsError('NOT_UNDERSTOOD', `The question is ambiguous: ${outcome.question}`);
        return {
          title: outcome.question,
          sql: '',
          columns: [],
          rows: [],
          truncated: false,
          tables: [],
          stats: { rowsRead: 0, bytesRead: 0, elapsedMs: 0 },
          elapsedMs: 0,
          chart: null,
          state: input.state,
          engine: 'claude',
          clarify: { question: outcome.question, pending: outcome.pending },
          usage,
        };
      case 'decline':
        throw new DatalabsError('NOT_UNDERSTOOD', `Claude: ${outcome.text}`);
      case 'failed':
        throw new DatalabsError('NOT_UNDERSTOOD', outcome.text);
    }
  }

  /** The answer a conversation state describes: a Claude answer (its SQL as refined), or the offline query compiled again. */
  function previousOfState(state: AskInput['state']): { title: string; sql: string } | undefined {
    const base = claudeBaseOf(state);
    if (base) return { title: titleOf(base), sql: sqlOf(base) };
    const q = state?.version === 1 ? state.query : undefined;
    const model = q ? deps.tools.models.find((m) => m.name === q.model) : undefined;
    if (!q || !model) return undefined;
    try {
      const compiled = compileQuery(model, q);
      return { title: compiled.title, sql: compiled.sql };
    } catch {
      return undefined;
    }
  }

  /**
   * A question the offline parser read but was unsure of (`AgentPlan.unsure`): Claude's answer, or — when Claude
   * cannot give one (down, the budget spent, the key refused, it declined or gave up) — the line to say with the
   * offline reading, which is then the answer.
   */
  async function askUnsure(input: AskInput, text: string, unsure: { skipped?: string[]; guessedFigure?: string }): Promise<{ answer: Answer } | { note: string }> {
    try {
      return { answer: await ask(input, text) };
    } catch (err) {
      if (!isDatalabsError(err) || !UNSURE_FALLBACK.has(err.code)) throw err;
      logger.info({ err, unsure }, 'Claude could not answer a question the offline engine was unsure of; answering offline');
      const why = err.code === 'BUDGET_EXCEEDED' ? "this workspace's Claude budget is spent" : err.message.replace(/^Claude: /, '').replace(/[.\s]+$/, '');
      const read = [
        ...(unsure.guessedFigure ? [`figure taken: ${unsure.guessedFigure.replace(/_/g, ' ')}`] : []),
        ...(unsure.skipped?.length ? [`left out: ${unsure.skipped.map((w) => `"${w}"`).join(', ')}`] : []),
      ];
      return { note: `Claude could not answer (${why}); this is the offline engine's reading${read.length ? ` (${read.join('; ')})` : ''}.` };
    }
  }

  return { ask, askUnsure };
}

/** Why Claude gave no answer to an unsure question, for which the offline reading is given instead. */
const UNSURE_FALLBACK = new Set(['AI_UNAVAILABLE', 'BUDGET_EXCEEDED', 'CONFIG_INVALID', 'NOT_UNDERSTOOD']);

export type { ClaudePending };
