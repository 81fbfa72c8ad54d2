/**
 * The Claude engine's contract, free of the SDK: what the answer pipeline
 * (bot/core/answer) hands it and what it gets back. The engine itself
 * (create-claude-engine.ts) is built in the composition root and injected.
 */
import type { ToolChart, ToolContext, ToolQueryResult } from '../tools/index.ts';

/** Where the tool loop is, for the "Working on it…" message. */
export type AgentStage = 'reading' | 'writing' | 'querying' | 'repairing' | 'drawing' | 'answering';

/** The line shown for each stage while the agent works. */
export const STAGE_TEXT: Readonly<Record<AgentStage, string>> = {
  reading: 'Working on it… looking at the tables',
  writing: 'Working on it… writing the SQL',
  querying: 'Working on it… running SQL',
  repairing: 'Working on it… the query failed, fixing it',
  drawing: 'Working on it… drawing the chart',
  answering: 'Working on it… writing the answer',
};

/**
 * A clarifying question Claude asked, kept in the thread's state: the reply in
 * the thread continues this conversation (plain JSON).
 */
export interface ClaudePending {
  engine: 'claude';
  /** The question as the user first asked it. */
  question: string;
  /** What Claude asked back. */
  asked: string;
}

/** Tokens of one answer (all calls of its loop) and their estimated cost. */
export interface ClaudeUsage {
  model: string;
  /** Messages API calls made (retries by the SDK not counted). */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** Input tokens written to the prompt cache. */
  cacheCreationTokens: number;
  /** Input tokens read from the prompt cache. */
  cacheReadTokens: number;
  /** Estimated from list prices (agents/claude/pricing.ts), USD. */
  costUsd: number;
}

interface OutcomeBase {
  usage: ClaudeUsage;
  /** Statements sent to the warehouse (each guarded), for the audit log. */
  ran: string[];
}

/** What one question to Claude ended in; the user sees exactly one of these. */
export type ClaudeOutcome =
  | (OutcomeBase & {
      kind: 'answer';
      /** Headline from the model. */
      title: string;
      /** One or two sentences of the model about the result (may be empty). */
      summary: string;
      /** The run_sql result the answer is (never numbers the model typed itself). */
      result: ToolQueryResult;
      chart?: ToolChart;
      /** Failed or implausible attempts before this answer. */
      repairs: number;
    })
  | (OutcomeBase & { kind: 'clarify'; question: string; pending: ClaudePending })
  | (OutcomeBase & {
      /** The model declined (out of scope, a write, an injection) or could not answer: one line from it. */
      kind: 'decline';
      text: string;
    })
  | (OutcomeBase & {
      /** The attempts ran out (queries kept failing or the loop went too long): one clear line. */
      kind: 'failed';
      text: string;
      repairs: number;
    });

export interface ClaudeAskInput {
  question: string;
  now: Date;
  /** The workspace's tools context (a fresh session is made per question). */
  tools: Omit<ToolContext, 'session'>;
  /** A clarifying question Claude asked earlier in this thread; `question` is then the user's reply. */
  pending?: ClaudePending;
  /** The thread's previous answer (already checked against this workspace's guard), for follow-ups ("now only mobile"). */
  previous?: { title: string; sql: string };
  /** Told each time the loop moves to another stage (a streamed tool call is heard as the model starts writing it). */
  onStage?: (stage: AgentStage) => void;
  /**
   * What is left of the workspace's budget (USD): once the question's own calls cost that much, the loop stops
   * before its next call with BUDGET_EXCEEDED (what was spent stays readable with `spentOf`). Absent: no budget.
   */
  maxCostUsd?: number;
  signal?: AbortSignal;
}

/**
 * The engine. `answer` throws DatalabsError AI_UNAVAILABLE when the Messages API
 * cannot be reached after retries (outage, overload, rate limit) and
 * CONFIG_INVALID when it refuses the key; everything else is an outcome.
 */
export interface ClaudeEngine {
  readonly model: string;
  answer(input: ClaudeAskInput): Promise<ClaudeOutcome>;
}

/**
 * Where usage is recorded and budgets are read (the metadata store's ai_usage
 * repo in production). Absent: nothing is recorded and no budget applies.
 */
export interface UsageLedger {
  /** The workspace's monthly budget in USD (null: none). `workspaceId` null: the process's default workspace. */
  budgetUsd(workspaceId: number | null): Promise<number | null>;
  /** USD spent by the workspace since `since`. */
  spentUsd(workspaceId: number | null, since: Date): Promise<number>;
  record(entry: UsageEntry): Promise<void>;
}

/** One answer's usage as recorded. */
export interface UsageEntry {
  workspaceId: number | null;
  /** `platform:user id` of who asked (`cli` for the CLI). */
  userKey: string;
  usage: ClaudeUsage;
  outcome: ClaudeOutcome['kind'] | 'error';
  at: Date;
}
