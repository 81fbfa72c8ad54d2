/**
 * The conversation core: ChatMessage in, Reply out, whatever the platform.
 * With a workspace service it resolves the chat's workspace and the person's
 * role, answers through that workspace's pipeline (its ClickHouse, allow-list
 * and semantic model) and records history; without one (the `ask` CLI, tests)
 * it answers through a single pipeline. Per-thread conversation state (for
 * refinements) and answers (for the Show SQL / Export CSV buttons) live in a
 * ConversationStore: the metadata store when there is one, so they survive
 * restarts and are shared by replicas; bounded process memory otherwise.
 */
import crypto from 'node:crypto';
import { executionOf, type Answer, type Answerer, type AskInput } from '../answer/index.ts';
import type { Logger } from '../../contracts/logger.ts';
import { PROGRESS_TEXT, type ChatAdapter, type ChatMessage, type ConversationRef, type Reply, type SentRef } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import { auditOutcomeOf, outcomeOf, type QueryRecord, type RunRequest, type WorkspaceContext, type WorkspaceService } from '../workspace/index.ts';
import type { HistoryOutcome } from '../../contracts/workspace.ts';
import { buildAnswerReply, buildCsvReply, buildErrorReply, buildSqlReply } from './build-reply.ts';
import { buildHelpReply } from './help-text.ts';
import { createDelivery, type Delivery } from './create-delivery.ts';
import { createMemoryConversations, type AnswerChartView, type AnswerRecord, type ConversationStore, type ThreadRecord } from './conversation-store.ts';
import type { AlertChat } from '../alerting/index.ts';
import { buildUsageReply, type UsageSource } from './usage-reply.ts';
import type { DesignChat } from '../design/index.ts';

export interface ChatCore {
  /** Handles one message from `adapter` (deduplicated by its claim), sending the reply through it. */
  handle(adapter: ChatAdapter, message: ChatMessage): Promise<void>;
  /**
   * Answers one message already taken on (the inbound pipeline recorded and
   * deduplicated it): progress, reply, delivery through `adapter`. Rejects when
   * the reply could not be delivered (the delivery has retried and logged).
   */
  answer(adapter: ChatAdapter, message: ChatMessage): Promise<void>;
  /** Computes the reply without sending it (console, tests). */
  reply(message: ChatMessage): Promise<Reply>;
}

export interface ChatCoreDeps {
  /** `/usage`: Claude's tokens and cost in the workspace (the metadata store); `claude` says whether a key is set. */
  usage?: { source: UsageSource; claude: boolean };
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
  /**
   * Where answers (for buttons) and thread state (for refinements) are kept;
   * default: process memory holding `answerCacheSize` answers.
   */
  conversations?: ConversationStore;
  /** With the default in-memory store: how many recent answers stay available to buttons. */
  answerCacheSize?: number;
  /** Largest result (JSON bytes) kept with an answer for Export CSV; a larger one is re-run through the guard. Default 4 MB. */
  keptRowsBytes?: number;
  /** Outbound queue with rate limiting and retries (default: one is created). */
  delivery?: Delivery;
  /** `/alert`, `/alerts`, the Alert me button and the alert notice buttons (absent: alerts are not in chat). */
  alerting?: AlertChat;
  /** `/design`, `/datalabs design` and the designer's Apply / Edit / Cancel buttons (absent: no designer in chat). */
  designer?: DesignChat;
  /**
   * Questions about the product ("how do I set up alerts?", "what does refund rate mean?", "which tables are
   * there?"): answered by the support agent, not the query agent.
   */
  support?: SupportChat;
  /** The answer page's absolute URL for an answer (PUBLIC_URL set): an Open button on every answer; absent: none. */
  answerLink?: (answerId: string, workspaceId: number | null) => string;
  /** `/datalabs web` (also `/web`): a one-time sign-in link to the workspace console (PUBLIC_URL set); absent: not available. */
  webLogin?: { reply(message: ChatMessage): Promise<Reply>; consoleUrl?(workspaceId: number): string };
}

/** The support agent as the core sees it: a rule over the text, and a reply within a workspace's scope. */
export interface SupportChat {
  matches(text: string): boolean;
  /**
   * `workspace` is null without workspaces (the process's own scope); `mayRead` is false when the person holds
   * no role that may ask in it (then only the documentation answers, never its tables or measures).
   */
  reply(text: string, where: { workspace: Workspace | null; mayRead: boolean }): Promise<Reply>;
}

/** `/datalabs history` etc. are the same as `/history` (platforms with one command). */
const SUBCOMMANDS = new Set(['usage', 'web', 'history', 'rerun', 'save', 'saved', 'unsave', 'run', 'alert', 'alerts', 'report', 'design']);

/**
 * The dedupe key of an inbound event: `platform:message id` (the adapters' ids —
 * Slack event/trigger, Telegram update, Discord message/interaction). An id too
 * long for the store's key is hashed.
 */
export function dedupeKey(message: ChatMessage): string {
  const key = `${message.conversation.platform}:${message.id}`;
  if (key.length <= 200) return key;
  return `${message.conversation.platform}:sha256:${crypto.createHash('sha256').update(message.id).digest('base64url')}`;
}

export function threadKey(ref: ConversationRef): string {
  return [ref.platform, ref.workspaceKey, ref.channelId, ref.threadId ?? ''].join(':');
}

/** Default bound of a result kept with its answer for Export CSV. */
export const KEPT_ROWS_BYTES = 4_000_000;

/** One line for a button press on an answer that is gone (never kept, purged, or past retention). */
const EXPIRED = 'that answer has expired: ask the question again';

/** A new answer id: 128 random bits, base64url (22 characters). Never derived from anything guessable. */
export function newAnswerId(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** One line for a button press by someone who may not see that answer (never says whether it exists). */
const NOT_YOURS = 'That answer belongs to a workspace you are not a member of: ask there, or ask an admin of that workspace for a role.';

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const { logger } = deps;
  const conversations = deps.conversations ?? createMemoryConversations({ maxAnswers: deps.answerCacheSize ?? 500 });
  const keptRowsBytes = deps.keptRowsBytes ?? KEPT_ROWS_BYTES;
  /** Claims kept in this process: the console's, and any the store could not take (then dropped within this process only). */
  const fallbackClaims = createMemoryConversations({ maxAnswers: 1, maxThreads: 1 });
  const delivery = deps.delivery ?? createDelivery({ logger });
  const ws = deps.workspaces;

  /** Thread state for a key; a store failure reads as a fresh thread (logged). */
  async function getThread(key: string): Promise<ThreadRecord | undefined> {
    return conversations.getThread(key, deps.now()).catch((err) => {
      logger.error({ err }, 'thread state could not be read');
      return undefined;
    });
  }

  async function setThread(key: string, value: Omit<ThreadRecord, 'updatedAt'>): Promise<void> {
    await conversations.saveThread(key, { ...value, updatedAt: deps.now() }).catch((err) => logger.error({ err }, 'thread state could not be written'));
  }

  /** Keeps an answer for its buttons; returns its new id. A store failure is logged (the buttons will say expired). */
  async function remember(answer: Answer, workspaceId: number | null, historyId: number | null, conversation: ConversationRef): Promise<string> {
    const id = newAnswerId();
    let rows: unknown[][] | null = answer.rows;
    try {
      if (JSON.stringify(rows).length > keptRowsBytes) rows = null;
    } catch {
      rows = null;
    }
    // The reply handle (a response URL, an interaction token) answers one message only: never kept.
    const { replyHandle: _once, ...where } = conversation;
    // How the chart was drawn (the answerer orders a category axis by the SQL's ORDER BY only for SQL it did not plan).
    const chart: AnswerChartView = { kind: answer.chart?.kind ?? null, keepOrder: answer.engine !== 'offline' && /\border\s+by\b/i.test(answer.sql), ...(answer.period ? { period: answer.period } : {}) };
    const record: AnswerRecord = { workspaceId, historyId, conversation: where, title: answer.title, sql: answer.sql, columns: answer.columns, rows, truncated: answer.truncated, createdAt: deps.now(), chart };
    await conversations.saveAnswer(id, record).catch((err) => logger.error({ err }, 'answer could not be kept for its buttons'));
    return id;
  }

  async function reply(message: ChatMessage, adapter?: ChatAdapter, onProgress?: (text: string) => void): Promise<Reply> {
    try {
      const alertMessage = normaliseCommand(message);
      if (alertMessage.kind === 'command' && alertMessage.command === 'usage') return await usageReply(alertMessage);
      if (alertMessage.kind === 'command' && alertMessage.command === 'web') {
        if (!deps.webLogin) throw new DatalabsError('NOT_SUPPORTED', 'the web console is not available here (datalabs serve with PUBLIC_URL and DATALABS_WEB_SECRET)');
        return await deps.webLogin.reply(alertMessage);
      }
      if (isAlertMessage(alertMessage)) {
        if (!deps.alerting) throw new DatalabsError('NOT_SUPPORTED', 'alerts are not available in this chat (they need the metadata store: datalabs serve)');
        return await deps.alerting.reply(alertMessage, { answer: (id) => conversations.getAnswer(id, deps.now()), adapter, delivery });
      }
      if (isDesignMessage(alertMessage)) {
        if (!deps.designer) throw new DatalabsError('NOT_SUPPORTED', 'the designer is not available in this chat (it needs the metadata store: datalabs serve)');
        return await deps.designer.reply(alertMessage);
      }
      if (ws) {
        const own = await ws.service.handleCommand(normaliseCommand(message), { run: runForService });
        if (own) return own;
      }
      switch (message.kind) {
        case 'help':
          // "/help alerts", "help how do I invite someone": the support agent answers the topic.
          if (deps.support && message.text.trim()) return await supportReply(message);
          return await helpReply(message);
        case 'action':
          return await actionReply(message);
        case 'command':
          throw new DatalabsError('NOT_SUPPORTED', `unknown command /${message.command ?? ''}: try /ask, /sql or /help`);
        case 'question':
          // A reply to Claude's clarifying question continues that conversation, whatever it looks like.
          if (deps.support?.matches(message.text) && !(await getThread(threadKey(message.conversation)))?.pending) return await supportReply(message);
          return await answerReply(message, onProgress);
        case 'sql':
          return await answerReply(message, onProgress);
      }
    } catch (err) {
      if (!(err instanceof DatalabsError)) logger.error({ err, messageId: message.id }, 'message failed');
      else logger.info({ code: err.code, messageId: message.id }, err.message);
      return buildErrorReply(err);
    }
  }

  async function helpReply(message: ChatMessage): Promise<Reply> {
    const help = { naturalLanguage: deps.naturalLanguage, alerts: Boolean(deps.alerting), designer: Boolean(deps.designer) };
    if (!ws) return buildHelpReply(help);
    const ctx = await ws.service.resolve(message.conversation, message.user);
    const base = buildHelpReply({ ...help, web: deps.webLogin ? { platform: message.conversation.platform, consoleUrl: ctx ? deps.webLogin.consoleUrl?.(ctx.workspace.id) : undefined } : undefined });
    const lines = ws.service.helpLines(ctx);
    // Slack and Discord have one /datalabs command for all of these.
    if (ctx && (message.conversation.platform === 'slack' || message.conversation.platform === 'discord')) {
      lines.push(`Here every workspace command goes through /datalabs: /datalabs history, /datalabs run <name>, /datalabs save <name>, /datalabs admin …${deps.alerting ? ', /datalabs alert …, /datalabs alerts' : ''}${deps.designer ? ', /datalabs design …' : ''}.`);
    }
    return { ...base, text: [base.text, ...lines].join('\n') };
  }

  /** A product question: the workspace's tables and measures only for someone who may ask there. */
  async function supportReply(message: ChatMessage): Promise<Reply> {
    if (!ws) return deps.support!.reply(message.text, { workspace: null, mayRead: true });
    const ctx = await ws.service.resolve(message.conversation, message.user);
    // A chat not set up yet still gets the documentation ("how do I set up …?").
    if (!ctx) return deps.support!.reply(message.text, { workspace: null, mayRead: false });
    let mayRead = true;
    try {
      ws.service.authorize(ctx, 'ask');
    } catch {
      mayRead = false;
    }
    return deps.support!.reply(message.text, { workspace: ctx.workspace, mayRead });
  }

  /** `/usage`: within the chat's workspace, for anyone who may ask there. */
  async function usageReply(message: ChatMessage): Promise<Reply> {
    if (!deps.usage) throw new DatalabsError('NOT_SUPPORTED', 'usage is kept in the metadata store: run datalabs serve (or datalabs usage on the CLI)');
    let workspaceId: number | null = null;
    if (ws) {
      const ctx = await ws.service.resolve(message.conversation, message.user);
      if (!ctx) throw new DatalabsError('FORBIDDEN', ws.service.unboundReply().text);
      ws.service.authorize(ctx, 'ask');
      workspaceId = ctx.workspace.id;
    }
    return buildUsageReply(deps.usage.source, { workspaceId, userKey: `${message.conversation.platform}:${message.user.id}`, now: deps.now(), claude: deps.usage.claude });
  }

  /**
   * The thread state each answer wrote, by its message: what followIntoThread copies into the answer's own thread. It
   * is never read back from the origin key, which a concurrent answer in the same channel (two slash commands at once)
   * may have written since — the new thread then carried the other answer's state.
   */
  const leftBy = new WeakMap<ChatMessage, Omit<ThreadRecord, 'updatedAt'>>();
  async function keepThread(message: ChatMessage, key: string, value: Omit<ThreadRecord, 'updatedAt'>): Promise<void> {
    leftBy.set(message, value);
    await setThread(key, value);
  }

  async function answerReply(message: ChatMessage, onProgress?: (text: string) => void): Promise<Reply> {
    const key = threadKey(message.conversation);
    const thread = await getThread(key);
    const kind = message.kind === 'sql' ? 'sql' : 'question';
    // A clarifying question Claude asked in this thread: this message is the reply and continues that conversation.
    const pending = kind === 'question' ? thread?.pending : undefined;
    const lastId = thread?.lastAnswerId;
    const previous = lastId ? async () => conversations.getAnswer(lastId, deps.now()).then((a) => (a ? { title: a.title, sql: a.sql } : undefined)) : undefined;
    const { answer, saveValue, workspaceId, historyId } = await answerFor(message.conversation, message.user, { kind, text: message.text, origin: 'chat', state: thread?.state, pending, onProgress, previous });
    if (answer.clarify) {
      await keepThread(message, key, { state: thread?.state, lastAnswerId: thread?.lastAnswerId, workspaceId, pending: answer.clarify.pending });
      return { text: answer.clarify.question };
    }
    if (answer.showSql) return buildSqlReply(answer);
    const id = await remember(answer, workspaceId, historyId, message.conversation);
    // A Claude answer's state is its SQL and columns (the offline engine can narrow it); the previous offline state no longer describes the thread.
    await keepThread(message, key, { state: answer.engine === 'claude' ? answer.state : answer.state ?? thread?.state, lastAnswerId: id, workspaceId });
    return buildAnswerReply(answer, id, { saveValue, alertMe: Boolean(deps.alerting), openUrl: deps.answerLink?.(id, workspaceId) });
  }

  /** Runs one question or SQL, in the chat's workspace when there are workspaces, and records it. */
  async function answerFor(
    conversation: ConversationRef,
    user: ChatMessage['user'],
    q: { kind: 'question' | 'sql'; text: string; origin: 'chat' | RunRequest['origin']; state?: Answer['state']; chart?: boolean; pending?: ThreadRecord['pending']; onProgress?: (text: string) => void; previous?: AskInput['previous'] },
    known?: WorkspaceContext,
  ): Promise<{ answer: Answer; saveValue?: string; workspaceId: number | null; historyId: number | null }> {
    const text = q.kind === 'sql' ? `/sql ${q.text}` : q.text;
    // Chat can post Claude's clarifying question and send the reply back (origin chat); reruns cannot.
    const claudeInput = { pending: q.pending, onProgress: q.onProgress, previous: q.previous, clarify: q.origin === 'chat', user: `${conversation.platform}:${user.id}` };
    if (!ws) return { answer: await deps.answerer.ask({ text, now: deps.now(), state: q.state, chart: q.chart, ...claudeInput }), workspaceId: null, historyId: null };
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
      const answer = await answerer.ask({ text, now: deps.now(), state: q.state, chart: q.chart, ...claudeInput });
      // "show the SQL" is guarded but not executed: history records it, the audit log (statements run) does not.
      const entry = answer.showSql || answer.clarify
        ? await record({ sql: answer.sql || null, outcome: 'ok', rowCount: null })
        : await record({ sql: answer.sql, outcome: 'ok', rowCount: answer.rows.length, audit: answer.truncated ? 'truncated' : 'ok', alsoRan: answer.alsoRan });
      return { answer, saveValue: entry ? `h${entry.id}` : undefined, workspaceId: ctx.workspace.id, historyId: entry ? entry.id : null };
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
    const { answer, saveValue, workspaceId, historyId } = await answerFor(ctx.conversation, { id: ctx.user.userId }, { kind: request.kind, text: request.text, origin: request.origin }, ctx);
    const id = await remember(answer, workspaceId, historyId, ctx.conversation);
    await setThread(threadKey(ctx.conversation), { state: answer.state, lastAnswerId: id, workspaceId });
    const reply = buildAnswerReply(answer, id, { saveValue, alertMe: Boolean(deps.alerting), openUrl: deps.answerLink?.(id, workspaceId) });
    return { ...reply, text: `${request.label}: ${reply.text}` };
  }

  /**
   * Show SQL / Export CSV: the presser must hold a role in the ANSWER's workspace
   * (a member there, or the workspace's default role in a chat bound to it) —
   * holding the answer id is not enough, and the chat's current workspace does not count.
   * The answer comes from the ConversationStore, so it may predate this process.
   */
  async function actionReply(message: ChatMessage): Promise<Reply> {
    const action = message.action;
    if (!action) throw new DatalabsError('BAD_INPUT', 'button press without an action');
    if (action.id !== 'show_sql' && action.id !== 'export_csv') throw new DatalabsError('NOT_SUPPORTED', `the ${action.id} button is not available yet`);
    const remembered = await conversations.getAnswer(action.value, deps.now());
    if (!remembered) throw new DatalabsError('NOT_FOUND', EXPIRED);
    let ctx: WorkspaceContext | null = null;
    if (ws) {
      ctx = remembered.workspaceId === null ? null : await ws.service.resolveIn(remembered.workspaceId, message.conversation, message.user);
      const actor = `${message.conversation.platform}:${message.user.id}`;
      if (!ctx?.role) {
        await ws.service.recordAction(remembered.workspaceId, actor, 'action.denied', { button: action.id, platform: message.conversation.platform, workspaceKey: message.conversation.workspaceKey });
        throw new DatalabsError('FORBIDDEN', NOT_YOURS);
      }
      ws.service.authorize(ctx, 'ask');
    }
    if (action.id === 'show_sql') return buildSqlReply(remembered);
    let rows = remembered.rows;
    let { truncated } = remembered;
    if (rows === null) {
      // Too large to keep: the same SQL again, through the guard, in the answer's workspace (history and audit record it).
      if (ws && ctx) ws.service.authorize(ctx, 'rerun');
      const again = await answerFor(message.conversation, message.user, { kind: 'sql', text: remembered.sql, origin: 'rerun', chart: false }, ctx ?? undefined);
      ({ rows, truncated } = again.answer);
    }
    if (ws && ctx) await ws.service.recordAction(ctx.workspace.id, `${message.conversation.platform}:${message.user.id}`, 'answer.export', { rows: rows.length, sql: remembered.sql });
    return buildCsvReply({ title: remembered.title, columns: remembered.columns, rows, truncated });
  }

  /** An answer posted as a new thread (Slack, Discord) keeps its state there too. */
  async function followIntoThread(message: ChatMessage, sent: SentRef | undefined): Promise<void> {
    const from = message.conversation;
    if (!sent || sent.conversation.threadId === undefined || sent.conversation.threadId === from.threadId) return;
    const state = leftBy.get(message) ?? (await getThread(threadKey(from)));
    if (state) await setThread(threadKey(sent.conversation), state);
  }

  /**
   * True when this process is the first to take the message on: the store's claim on
   * its dedupe key (shared by restarts and replicas). A store failure is logged and
   * falls back to this process's memory. Console ids are a per-process counter (no
   * platform retries, and a later run would reuse them): claimed in memory only.
   */
  async function claim(message: ChatMessage): Promise<boolean> {
    const key = dedupeKey(message);
    const now = deps.now();
    if (message.conversation.platform === 'console') return fallbackClaims.claimMessage(key, now);
    return conversations.claimMessage(key, now).catch((err) => {
      logger.error({ err }, 'message claim could not be written; deduplicating in memory');
      return fallbackClaims.claimMessage(key, now);
    });
  }

  async function handle(adapter: ChatAdapter, message: ChatMessage): Promise<void> {
    if (!(await claim(message))) {
      logger.debug({ messageId: message.id }, 'duplicate message dropped');
      return;
    }
    await answer(adapter, message);
  }

  async function answer(adapter: ChatAdapter, message: ChatMessage): Promise<void> {
    const slow = message.kind === 'question' || message.kind === 'sql';
    let progress: SentRef | undefined;
    if (slow && adapter.capabilities.editMessages && adapter.update) {
      // One message that becomes the answer: progress is an edit, never a stream of posts.
      progress = await delivery.send(adapter, message.conversation, { text: PROGRESS_TEXT }).catch(() => undefined);
    }
    // Claude's progress edits the same message ("looking at the tables" → "running SQL" → …), in order, before the answer.
    let edits: Promise<unknown> = Promise.resolve();
    let shown = '';
    const onProgress = progress
      ? (text: string) => {
          if (text === shown) return;
          shown = text;
          edits = edits.then(() => delivery.update(adapter, progress!, { text })).catch((err) => logger.debug({ err }, 'progress edit failed'));
        }
      : undefined;
    let out = await reply(message, adapter, onProgress);
    // A private reply (a sign-in link) never goes to an adapter that cannot keep it private.
    if (out.visibility && !adapter.capabilities.privateReplies) out = { text: `That reply is for your eyes only, and this ${adapter.platform} chat cannot show a message to one person.`, error: { code: 'NOT_SUPPORTED', message: 'no private replies on this platform' } };
    await edits;
    if (progress) {
      // The answer's thread is known before it shows: keep its state there first, so a follow-up sent
      // the moment the answer appears (to any replica) finds it.
      if (slow && !out.error) await followIntoThread(message, progress);
      await delivery.update(adapter, progress, out);
      return;
    }
    const sent = await delivery.send(adapter, message.conversation, out);
    if (slow && !out.error) await followIntoThread(message, sent);
  }

  return { handle, answer, reply: (message) => reply(message) };
}

/** `/alert …`, `/alerts` (also as `/datalabs alert …`) and the alert buttons: the alerting handler's. */
function isAlertMessage(message: ChatMessage): boolean {
  if (message.kind === 'command') return message.command === 'alert' || message.command === 'alerts' || message.command === 'report';
  return message.kind === 'action' && message.action !== undefined && (message.action.id === 'alert' || message.action.id.startsWith('alert_'));
}

/** `/design …` (also as `/datalabs design …`) and the designer's buttons. */
function isDesignMessage(message: ChatMessage): boolean {
  if (message.kind === 'command') return message.command === 'design';
  return message.kind === 'action' && message.action !== undefined && message.action.id.startsWith('design_');
}

/** `/datalabs history 5` → `/history 5`, so one-command platforms reach every workspace command. */
function normaliseCommand(message: ChatMessage): ChatMessage {
  if (message.kind !== 'command' || message.command !== 'datalabs') return message;
  const [first, ...rest] = message.text.trim().split(/\s+/);
  if (!first || !SUBCOMMANDS.has(first.toLowerCase())) return message;
  return { ...message, command: first.toLowerCase(), text: rest.join(' ') };
}
