/**
 * The Claude path of the answer pipeline: a question the offline parser
 * refused (or the reply to a clarifying question Claude asked) goes to the
 * Claude engine, within the workspace's budget; its outcome becomes an
 * Answer (engine 'claude'), a clarifying question, or one clear line. Tokens
 * and cost are recorded per workspace and user whatever the outcome.
 */
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import { STAGE_TEXT, type ClaudeEngine, type ClaudeOutcome, type ClaudePending, type UsageLedger } from '../../../agents/claude/types.ts';
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

  /** Throws BUDGET_EXCEEDED when the workspace's monthly budget is spent. */
  async function checkBudget(now: Date): Promise<void> {
    if (!ledger) return;
    const budget = await ledger.budgetUsd(deps.workspaceId);
    if (budget === null) return;
    const spent = await ledger.spentUsd(deps.workspaceId, monthStart(now));
    if (spent >= budget) {
      const month = now.toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      throw new DatalabsError('BUDGET_EXCEEDED', `This workspace's Claude budget for ${month} (${usd(budget)}) is spent (${usd(spent)}): only questions the offline engine understands are answered until an admin raises it (datalabs usage --budget).`);
    }
  }

  async function record(input: AskInput, outcome: ClaudeOutcome): Promise<void> {
    if (!ledger) return;
    await ledger.record({ workspaceId: deps.workspaceId, userKey: input.user ?? 'unknown', usage: outcome.usage, outcome: outcome.kind, at: input.now })
      .catch((err) => logger.error({ err }, 'Claude usage could not be recorded'));
  }

  /**
   * Answers `text` with Claude. `offline` is the offline engine's refusal (said
   * as well when Claude is down, so the user still gets its suggestions).
   */
  async function ask(input: AskInput, text: string, offline?: DatalabsError): Promise<Answer> {
    await checkBudget(input.now);
    // The thread's previous answer goes along only when this workspace's guard accepts its SQL (a rebound chat never leaks another's tables).
    const before = await input.previous?.().catch(() => undefined);
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
      });
    } catch (err) {
      if (isDatalabsError(err) && err.code === 'AI_UNAVAILABLE' && offline) {
        throw new DatalabsError('AI_UNAVAILABLE', `${err.message}. Without it: ${offline.message}`, { cause: err });
      }
      throw err;
    }
    await record(input, outcome);
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

  return { ask };
}

export type { ClaudePending };
