/**
 * The Claude tool loop over @anthropic-ai/sdk. One question: the system prompt
 * (instructions, then the cached workspace context) and the tools go to the
 * Messages API; each tool_use runs against the workspace's tools (guarded);
 * failed, empty or implausible results go back to the model for at most
 * `maxRepairs` attempts; it ends in an `answer` (a real run_sql result), a
 * clarifying question, a decline, or one clear failure — never the attempts.
 * The SDK retries 408/409/429/5xx/529 with backoff (honouring retry-after);
 * after that the API counts as unavailable (AI_UNAVAILABLE). Each call is
 * streamed (`messages.stream`): the stage moves as soon as the model starts
 * writing a tool call, and the tokens of a call cut off mid-stream still count.
 * Whatever the loop spent before it failed (an outage on turn 3, the budget,
 * the deadline) stays readable on the error: `spentOf(err)`.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { DatalabsError } from '../../bot/contracts/errors.ts';
import { createToolSession, listTablesTool, runTool, type ToolContext } from '../tools/index.ts';
import { addUsage, apiError, createMessagesClient, emptyUsage } from './messages-client.ts';
import { buildPrompt, contextText } from './prompt.ts';
import { serverFacts } from './server-facts.ts';
import type { AgentStage, ClaudeAskInput, ClaudeEngine, ClaudeOutcome, ClaudeUsage } from './types.ts';

/** Model used when ANTHROPIC_MODEL is not set. */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-5-5';

export interface ClaudeEngineOptions {
  apiKey: string;
  model?: string;
  /** Messages API base URL (ANTHROPIC_BASE_URL; tests point it at a loopback fake). */
  baseURL?: string;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  /** SDK retries on 408/409/429/5xx/529 with exponential backoff (default 3). */
  maxRetries?: number;
  /** Failed, empty or implausible results fed back before giving up (default 3). */
  maxRepairs?: number;
  /** Messages API calls per question at most (default 12). */
  maxTurns?: number;
  /** Output tokens per call (default 2048). */
  maxTokens?: number;
  /** The whole question, every call, retry and tool included (default 180 s): past it the answer is one line. */
  deadlineMs?: number;
  /** `cache_control` on the tools and the workspace context (default true). */
  promptCaching?: boolean;
}

type Block = { type: string; [k: string]: unknown };
/** An outcome before its usage and statements are filled in. */
type Draft = ClaudeOutcome extends infer O ? (O extends ClaudeOutcome ? Omit<O, 'usage' | 'ran'> : never) : never;
type MessageParam = { role: 'user' | 'assistant'; content: string | Block[] };

/** Tokens spent by a question that ended in an error (read by `spentOf`). */
const spent = new WeakMap<object, ClaudeUsage>();

/**
 * The tokens and cost a failed `answer` had already spent (calls made before
 * the failure, and the part of a call cut off mid-stream); undefined when the
 * error did not come from the loop or nothing was spent.
 */
export function spentOf(err: unknown): ClaudeUsage | undefined {
  return err && typeof err === 'object' ? spent.get(err) : undefined;
}

/** Query failures the model may repair. */
const REPAIRABLE = new Set(['SQL_REJECTED', 'WAREHOUSE_ERROR', 'WAREHOUSE_TIMEOUT', 'BAD_INPUT']);

export function createClaudeEngine(opts: ClaudeEngineOptions): ClaudeEngine {
  const model = opts.model ?? DEFAULT_CLAUDE_MODEL;
  const client = createMessagesClient({ apiKey: opts.apiKey, baseURL: opts.baseURL, timeoutMs: opts.timeoutMs, maxRetries: opts.maxRetries });
  const maxRepairs = opts.maxRepairs ?? 3;
  const maxTurns = opts.maxTurns ?? 12;
  const caching = opts.promptCaching ?? true;

  async function answer(input: ClaudeAskInput): Promise<ClaudeOutcome> {
    const deadlineMs = opts.deadlineMs ?? 180_000;
    const deadline = AbortSignal.timeout(deadlineMs);
    const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline;
    const usage: ClaudeUsage = emptyUsage(model);
    try {
      return await loop(input, signal, usage);
    } catch (caught) {
      let err = caught;
      if (deadline.aborted && !input.signal?.aborted) {
        err = new DatalabsError('AI_UNAVAILABLE', `Claude did not finish within ${Math.max(1, Math.round(deadlineMs / 1000))} s; try again, or ask a narrower question`, { cause: caught });
      }
      if (usage.calls > 0 && err && typeof err === 'object') spent.set(err, { ...usage });
      throw err;
    }
  }

  async function loop(input: ClaudeAskInput, signal: AbortSignal, usage: ClaudeUsage): Promise<ClaudeOutcome> {
    const ctx: ToolContext = { ...input.tools, session: createToolSession(), signal };
    const stage = (s: AgentStage) => input.onStage?.(s);
    stage('reading');
    const facts = await serverFacts(ctx.reader, { timeoutMs: ctx.limits.timeoutMs });
    const listed = await listTablesTool.run({}, ctx);
    const tables = ((listed.output as { tables?: Array<{ table: string }> }).tables ?? []).map((t) => t.table);
    const prompt = buildPrompt({ now: input.now, context: contextText(ctx, facts, tables), caching });
    const messages: MessageParam[] = [{ role: 'user', content: firstMessage(input) }];
    let repairs = 0;
    let clarified = Boolean(input.pending);
    const done = (o: Draft): ClaudeOutcome => ({ ...o, usage: { ...usage }, ran: [...ctx.session.ran] }) as ClaudeOutcome;
    const failed = (text: string) => done({ kind: 'failed', text, repairs });

    for (let turn = 0; turn < maxTurns; turn++) {
      // The workspace's budget: once this question's own calls cost what was left of it, no further call is made.
      if (turn > 0 && input.maxCostUsd !== undefined && usage.costUsd >= input.maxCostUsd) {
        throw new DatalabsError('BUDGET_EXCEEDED', 'the Claude budget was reached while answering');
      }
      const res = await call({ system: prompt.system, tools: prompt.tools, messages }, signal, usage, (name) => {
        if (name === 'run_sql') stage('writing');
      });
      const content = (res.content ?? []) as unknown as Block[];
      const text = content.filter((b) => b.type === 'text').map((b) => String(b.text ?? '')).join(' ').replace(/\s+/g, ' ').trim();
      const uses = content.filter((b) => b.type === 'tool_use') as Array<Block & { id: string; name: string; input: unknown }>;
      if (res.stop_reason === 'refusal') return done({ kind: 'decline', text: 'Claude declined to answer this question.' });
      if (!uses.length) {
        if (res.stop_reason === 'max_tokens') return failed('Claude ran out of room before answering; ask a narrower question.');
        return done({ kind: 'decline', text: oneLine(text) || 'Claude could not answer this question from the data.' });
      }
      messages.push({ role: 'assistant', content });
      const results: Block[] = [];
      let finished: ClaudeOutcome | undefined;
      for (const use of uses) {
        if (finished) {
          results.push(toolResult(use.id, { error: 'not run: the answer was already given' }, true));
          continue;
        }
        if (use.name === 'answer') {
          const a = (use.input ?? {}) as { result_id?: unknown; title?: unknown; summary?: unknown; empty_is_correct?: unknown };
          const result = typeof a.result_id === 'string' ? ctx.session.results.get(a.result_id) : undefined;
          const problem = !result ? `no result ${String(a.result_id)}; give a result_id that run_sql returned` : implausible(result.rows, a.empty_is_correct === true);
          if (problem) {
            if (result) repairs++;
            if (repairs >= maxRepairs) return failed(`Claude could not get a plausible result for this question (${repairs} attempts); try rewording it.`);
            results.push(toolResult(use.id, { error: problem }, true));
            continue;
          }
          stage('answering');
          const chart = [...ctx.session.charts].reverse().find((c) => c.resultId === result!.id);
          finished = done({ kind: 'answer', title: oneLine(String(a.title ?? '')) || 'Answer', summary: oneLine(String(a.summary ?? '')), result: result!, ...(chart ? { chart } : {}), repairs });
          results.push(toolResult(use.id, { ok: true }));
          continue;
        }
        if (use.name === 'ask_user') {
          const q = oneLine(String((use.input as { question?: unknown })?.question ?? ''));
          if (!clarified && q) {
            const question = input.pending ? input.pending.question : input.question;
            finished = done({ kind: 'clarify', question: q, pending: { engine: 'claude', question, asked: q } });
            results.push(toolResult(use.id, { ok: true }));
            continue;
          }
          results.push(toolResult(use.id, { error: 'the user already answered a question about this; take the most likely reading, say it in the summary, and answer' }, true));
          clarified = true;
          continue;
        }
        stage(use.name === 'run_sql' ? (repairs > 0 ? 'repairing' : 'querying') : use.name === 'render_chart' ? 'drawing' : 'reading');
        const r = await runTool(use.name, use.input, ctx);
        if (use.name === 'run_sql') {
          const empty = !r.isError && (r.output as { row_count?: number }).row_count === 0;
          if ((r.isError && REPAIRABLE.has(r.errorCode ?? '')) || empty) repairs++;
          if (r.isError && r.errorCode === 'WAREHOUSE_UNAVAILABLE') throw new DatalabsError('WAREHOUSE_UNAVAILABLE', 'ClickHouse is unreachable');
          if (r.isError && repairs >= maxRepairs) return failed(`Claude could not write a query that runs for this question (${repairs} attempts); try rewording it, or send SQL with /sql.`);
        }
        results.push(toolResult(use.id, r.output, r.isError));
      }
      if (finished) return finished;
      messages.push({ role: 'user', content: results });
    }
    return failed(`Claude did not finish within ${maxTurns} steps; try a simpler question.`);
  }

  /**
   * One streamed Messages API call (`messages.stream`, after the SDK's retries). Its tokens are added to `usage`
   * whether it completes or is cut off mid-stream (the usage the stream had reported); `onToolStart` hears each
   * tool call as soon as the model starts writing it.
   */
  async function call(body: { system: unknown; tools: unknown; messages: MessageParam[] }, signal: AbortSignal, usage: ClaudeUsage, onToolStart: (name: string) => void): Promise<Anthropic.Message> {
    const { sdk, client: api } = await client.connect();
    let stream: ReturnType<Anthropic['messages']['stream']> | undefined;
    try {
      stream = api.messages.stream(
        { model, max_tokens: opts.maxTokens ?? 2048, system: body.system, tools: body.tools, messages: body.messages } as Anthropic.MessageStreamParams,
        { signal },
      );
      stream.on('streamEvent', (event: Anthropic.MessageStreamEvent) => {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') onToolStart(event.content_block.name);
      });
      // finalMessage() rejects with the stream's error; this listener only keeps the emitter from reporting it unhandled.
      stream.on('error', () => {});
      const message = await stream.finalMessage();
      addUsage(usage, message);
      return message;
    } catch (err) {
      const partial = stream?.currentMessage;
      if (partial) addUsage(usage, partial);
      // A stream whose connection breaks after it began is no API error: Claude was unreachable part-way.
      if (partial && !(err instanceof sdk.APIError) && !(err instanceof sdk.APIUserAbortError) && !signal.aborted) {
        throw new DatalabsError('AI_UNAVAILABLE', 'the connection to Claude broke off; try again in a few minutes', { cause: err });
      }
      throw apiError(err, sdk);
    }
  }

  return { model, answer };
}

function firstMessage(input: ClaudeAskInput): string {
  // The thread's previous answer, so a follow-up ("now only mobile") can refine it.
  const before = input.previous ? `<previous_answer title="${input.previous.title.replace(/"/g, "'")}">${input.previous.sql}</previous_answer>\n` : '';
  if (input.pending) {
    return `${before}<question>${input.pending.question}</question>\nYou asked: <asked>${input.pending.asked}</asked>\nThe user replied: <reply>${input.question}</reply>`;
  }
  return `${before}<question>${input.question}</question>`;
}

function toolResult(id: string, output: unknown, isError?: boolean): Block {
  return { type: 'tool_result', tool_use_id: id, content: JSON.stringify(output), ...(isError ? { is_error: true } : {}) };
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 500 ? `${t.slice(0, 500)}…` : t;
}

/** Why a result cannot be the answer as it stands, or undefined when it can. */
export function implausible(rows: unknown[][], emptyIsCorrect: boolean): string | undefined {
  if (!rows.length) return emptyIsCorrect ? undefined : 'the result is empty: check the filters, periods and value spellings, or set empty_is_correct when no rows truly is the answer';
  const cells = rows.flat();
  if (cells.every((v) => v === null)) return 'every value of the result is NULL: the query is probably wrong (a join key, a filter or a column)';
  if (cells.some((v) => typeof v === 'number' && !Number.isFinite(v))) return 'the result holds NaN or infinite values (a division by zero?): guard the division';
  return undefined;
}
