/**
 * The conversation core: ChatMessage in, Reply out, whatever the platform.
 * With a workspace service it resolves the chat's workspace and the person's
 * role, answers through that workspace's pipeline (its ClickHouse, allow-list
 * and semantic model) and records history; without one (the `ask` CLI, tests)
 * it answers through a single pipeline. Keeps per-thread conversation state
 * (for refinements) and recent answers (for the Show SQL / Export CSV buttons).
 */
import crypto from 'node:crypto';
import { executionOf, type Answer, type Answerer } from '../answer/index.ts';
import type { Logger } from '../logger.ts';
import type { ChatAdapter, ChatMessage, ConversationRef, Reply, SentRef } from '../types/chat.ts';
import { DatalabsError } from '../types/errors.ts';
import type { Workspace } from '../store/types.ts';
import { auditOutcomeOf, outcomeOf, type QueryRecord, type RunRequest, type WorkspaceContext, type WorkspaceService } from '../workspace/index.ts';
import type { HistoryOutcome } from '../store/types.ts';
import { buildAnswerReply, buildCsvReply, buildErrorReply, buildSqlReply } from './build-reply.ts';
import { buildHelpReply } from './help-text.ts';
import { createDelivery, type Delivery } from './create-delivery.ts';

export interface ChatCore {
  /** Handles one message from `adapter`, sending the reply through it. */
  handle(adapter: ChatAdapter, message: ChatMessage): Promise<void>;
  /** Computes the reply without sending it (console, tests). */
  reply(message: ChatMessage): Promise<Reply>;
}

export interface ChatCoreDeps {
  /** The pipeline used when there is no workspace service. */
  answerer: Answerer;
  logger: Logger;
  now: () => Date;
  naturalLanguage: boolean;
  /** Workspaces, roles, history, saved queries (metadata store). */
  workspaces?: {
    service: WorkspaceService;
    answererFor(workspace: Workspace): Promise<Answerer>;
  };
  /** How many recent answers stay available to buttons. */
  answerCacheSize?: number;
  /** Outbound queue with rate limiting and retries (default: one is created). */
  delivery?: Delivery;
}

/** Conversations whose refinement state is kept (least recently used go first). */
const THREAD_LIMIT = 10_000;

/** `/datalabs history` etc. are the same as `/history` (platforms with one command). */
const SUBCOMMANDS = new Set(['history', 'rerun', 'save', 'saved', 'unsave', 'run']);

export function threadKey(ref: ConversationRef): string {
  return [ref.platform, ref.workspaceKey, ref.channelId, ref.threadId ?? ''].join(':');
}

type ThreadState = { state?: Answer['state']; lastAnswerId?: string };

/** A recent answer, for its buttons: which workspace it belongs to decides who may press them. */
interface RememberedAnswer {
  answer: Answer;
  /** Null when there are no workspaces (single pipeline). */
  workspaceId: number | null;
}

/** A new answer id: 128 random bits, base64url (22 characters). Never derived from anything guessable. */
export function newAnswerId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** One line for a button press by someone who may not see that answer (never says whether it exists). */
const NOT_YOURS = 'That answer belongs to a workspace you are not a member of: ask there, or ask an admin of that workspace for a role.';

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const { logger } = deps;
  const cacheSize = deps.answerCacheSize ?? 500;
  const answers = new Map<string, RememberedAnswer>();
  const threads = new Map<string, ThreadState>();
  const seen = new Set<string>();
  const delivery = deps.delivery ?? createDelivery({ logger });
  const ws = deps.workspaces;

  function setThread(key: string, value: ThreadState): void {
    threads.delete(key);
    threads.set(key, value);
    while (threads.size > THREAD_LIMIT) threads.delete(threads.keys().next().value!);
  }

  function remember(answer: Answer, workspaceId: number | null): string {
    const id = newAnswerId();
    answers.set(id, { answer, workspaceId });
    while (answers.size > cacheSize) answers.delete(answers.keys().next().value!);
    return id;
  }

  async function reply(message: ChatMessage): Promise<Reply> {
    try {
      if (ws) {
        const own = await ws.service.handleCommand(normaliseCommand(message), { run: runForService });
        if (own) return own;
      }
      switch (message.kind) {
        case 'help':
          return await helpReply(message);
        case 'action':
          return await actionReply(message);
        case 'command':
          throw new DatalabsError('NOT_SUPPORTED', `unknown command /${message.command ?? ''}: try /ask, /sql or /help`);
        case 'sql':
        case 'question':
          return await answerReply(message);
      }
    } catch (err) {
      if (!(err instanceof DatalabsError)) logger.error({ err, messageId: message.id }, 'message failed');
      else logger.info({ code: err.code, messageId: message.id }, err.message);
      return buildErrorReply(err);
    }
  }

  async function helpReply(message: ChatMessage): Promise<Reply> {
    const base = buildHelpReply({ naturalLanguage: deps.naturalLanguage });
    if (!ws) return base;
    const ctx = await ws.service.resolve(message.conversation, message.user);
    const lines = ws.service.helpLines(ctx);
    // Slack and Discord have one /datalabs command for all of these.
    if (ctx && (message.conversation.platform === 'slack' || message.conversation.platform === 'discord')) {
      lines.push('Here every workspace command goes through /datalabs: /datalabs history, /datalabs run <name>, /datalabs save <name>, /datalabs admin ….');
    }
    return { ...base, text: [base.text, ...lines].join('\n') };
  }

  async function answerReply(message: ChatMessage): Promise<Reply> {
    const key = threadKey(message.conversation);
    const thread = threads.get(key) ?? {};
    const kind = message.kind === 'sql' ? 'sql' : 'question';
    const { answer, saveValue, workspaceId } = await answerFor(message.conversation, message.user, { kind, text: message.text, origin: 'chat', state: thread.state });
    if (answer.showSql) return buildSqlReply(answer);
    const id = remember(answer, workspaceId);
    setThread(key, { state: answer.state ?? thread.state, lastAnswerId: id });
    return buildAnswerReply(answer, id, { saveValue });
  }

  /** Runs one question or SQL, in the chat's workspace when there are workspaces, and records it. */
  async function answerFor(
    conversation: ConversationRef,
    user: ChatMessage['user'],
    q: { kind: 'question' | 'sql'; text: string; origin: 'chat' | RunRequest['origin']; state?: Answer['state'] },
    known?: WorkspaceContext,
  ): Promise<{ answer: Answer; saveValue?: string; workspaceId: number | null }> {
    const text = q.kind === 'sql' ? `/sql ${q.text}` : q.text;
    if (!ws) return { answer: await deps.answerer.ask({ text, now: deps.now(), state: q.state }), workspaceId: null };
    const ctx = known ?? (await ws.service.resolve(conversation, user));
    if (!ctx) throw new DatalabsError('FORBIDDEN', ws.service.unboundReply().text);
    const started = performance.now();
    const record = (r: Omit<QueryRecord, 'kind' | 'question'>) =>
      ws.service.recordQuery(ctx, { kind: q.kind, origin: q.origin, question: q.text, durationMs: Math.round(performance.now() - started), ...r }).catch((err) => {
        logger.error({ err }, 'query history could not be written');
        return undefined;
      });
    try {
      if (q.origin === 'chat') ws.service.authorize(ctx, q.kind === 'sql' ? 'sql' : 'ask');
      const answerer = await ws.answererFor(ctx.workspace);
      const answer = await answerer.ask({ text, now: deps.now(), state: q.state });
      const entry = await record({ sql: answer.sql, outcome: 'ok', rowCount: answer.rows.length, audit: answer.truncated ? 'truncated' : 'ok', alsoRan: answer.alsoRan });
      return { answer, saveValue: entry ? `h${entry.id}` : undefined, workspaceId: ctx.workspace.id };
    } catch (err) {
      // Refused by the guard → rejected (never reached the engine); sent to the engine → failed / timeout,
      // whatever the error's code says; no SQL yet (not understood, forbidden) → history only.
      const exec = executionOf(err);
      const refused = exec?.stage === 'guard' && (err as DatalabsError).code === 'SQL_REJECTED';
      const audit = exec ? (refused ? 'rejected' : auditOutcomeOf(err)) : undefined;
      const outcome: HistoryOutcome = exec && !refused ? 'error' : outcomeOf(err);
      await record({ sql: exec?.sql ?? null, audit, explained: exec?.explained, outcome, errorCode: (err as DatalabsError).code ?? 'INTERNAL', errorMessage: (err as Error).message?.split('\n')[0] ?? null });
      throw err;
    }
  }

  /** `/rerun`, `/run`: the service has checked the permission already. */
  async function runForService(ctx: WorkspaceContext, request: RunRequest): Promise<Reply> {
    const { answer, saveValue, workspaceId } = await answerFor(ctx.conversation, { id: ctx.user.userId }, { kind: request.kind, text: request.text, origin: request.origin }, ctx);
    const id = remember(answer, workspaceId);
    setThread(threadKey(ctx.conversation), { state: answer.state, lastAnswerId: id });
    const reply = buildAnswerReply(answer, id, { saveValue });
    return { ...reply, text: `${request.label}: ${reply.text}` };
  }

  /**
   * Show SQL / Export CSV: the presser must hold a role in the ANSWER's workspace
   * (a member there, or the workspace's default role in a chat bound to it) —
   * holding the answer id is not enough, and the chat's current workspace does not count.
   */
  async function actionReply(message: ChatMessage): Promise<Reply> {
    const action = message.action;
    if (!action) throw new DatalabsError('BAD_INPUT', 'button press without an action');
    if (action.id !== 'show_sql' && action.id !== 'export_csv') throw new DatalabsError('NOT_SUPPORTED', `the ${action.id} button is not available yet`);
    const remembered = answers.get(action.value);
    if (!remembered) throw new DatalabsError('NOT_FOUND', 'that answer has expired: ask the question again');
    const { answer } = remembered;
    if (ws) {
      const ctx = remembered.workspaceId === null ? null : await ws.service.resolveIn(remembered.workspaceId, message.conversation, message.user);
      const actor = `${message.conversation.platform}:${message.user.id}`;
      if (!ctx?.role) {
        await ws.service.recordAction(remembered.workspaceId, actor, 'action.denied', { button: action.id, platform: message.conversation.platform, workspaceKey: message.conversation.workspaceKey });
        throw new DatalabsError('FORBIDDEN', NOT_YOURS);
      }
      ws.service.authorize(ctx, 'ask');
      if (action.id === 'export_csv') await ws.service.recordAction(ctx.workspace.id, actor, 'answer.export', { rows: answer.rows.length, sql: answer.sql });
    }
    if (action.id === 'show_sql') return buildSqlReply(answer);
    return buildCsvReply(answer);
  }

  /** An answer posted as a new thread (Slack, Discord) keeps its state there too. */
  function followIntoThread(from: ConversationRef, sent: SentRef | undefined): void {
    if (!sent || sent.conversation.threadId === undefined || sent.conversation.threadId === from.threadId) return;
    const state = threads.get(threadKey(from));
    if (state) setThread(threadKey(sent.conversation), state);
  }

  async function handle(adapter: ChatAdapter, message: ChatMessage): Promise<void> {
    if (seen.has(message.id)) {
      logger.debug({ messageId: message.id }, 'duplicate message dropped');
      return;
    }
    seen.add(message.id);
    if (seen.size > 10_000) seen.delete(seen.values().next().value!);
    const slow = message.kind === 'question' || message.kind === 'sql';
    let progress: SentRef | undefined;
    if (slow && adapter.capabilities.editMessages && adapter.update) {
      // One message that becomes the answer: progress is an edit, never a stream of posts.
      progress = await delivery.send(adapter, message.conversation, { text: 'Working on it…' }).catch(() => undefined);
    }
    const out = await reply(message);
    if (progress) await delivery.update(adapter, progress, out);
    const sent = progress ?? (await delivery.send(adapter, message.conversation, out));
    if (slow && !out.error) followIntoThread(message.conversation, sent);
  }

  return { handle, reply };
}

/** `/datalabs history 5` → `/history 5`, so one-command platforms reach every workspace command. */
function normaliseCommand(message: ChatMessage): ChatMessage {
  if (message.kind !== 'command' || message.command !== 'datalabs') return message;
  const [first, ...rest] = message.text.trim().split(/\s+/);
  if (!first || !SUBCOMMANDS.has(first.toLowerCase())) return message;
  return { ...message, command: first.toLowerCase(), text: rest.join(' ') };
}
