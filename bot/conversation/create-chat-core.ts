/**
 * The conversation core: ChatMessage in, Reply out, whatever the platform.
 * Keeps per-thread conversation state (for refinements) and recent answers
 * (for the Show SQL / Export CSV buttons).
 */
import crypto from 'node:crypto';
import type { Answer, Answerer } from '../answer/index.ts';
import type { Logger } from '../logger.ts';
import type { ChatAdapter, ChatMessage, ConversationRef, Reply, SentRef } from '../types/chat.ts';
import { DatalabsError } from '../types/errors.ts';
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
  answerer: Answerer;
  logger: Logger;
  now: () => Date;
  naturalLanguage: boolean;
  /** How many recent answers stay available to buttons. */
  answerCacheSize?: number;
  /** Outbound queue with rate limiting and retries (default: one is created). */
  delivery?: Delivery;
}

/** Conversations whose refinement state is kept (least recently used go first). */
const THREAD_LIMIT = 10_000;

export function threadKey(ref: ConversationRef): string {
  return [ref.platform, ref.workspaceKey, ref.channelId, ref.threadId ?? ''].join(':');
}

export function createChatCore(deps: ChatCoreDeps): ChatCore {
  const { answerer, logger } = deps;
  const cacheSize = deps.answerCacheSize ?? 500;
  const answers = new Map<string, Answer>();
  const threads = new Map<string, { state?: Answer['state']; lastAnswerId?: string }>();
  const seen = new Set<string>();
  const delivery = deps.delivery ?? createDelivery({ logger });

  function setThread(key: string, value: { state?: Answer['state']; lastAnswerId?: string }): void {
    threads.delete(key);
    threads.set(key, value);
    while (threads.size > THREAD_LIMIT) threads.delete(threads.keys().next().value!);
  }

  function remember(answer: Answer): string {
    const id = crypto.randomUUID().slice(0, 12);
    answers.set(id, answer);
    while (answers.size > cacheSize) answers.delete(answers.keys().next().value!);
    return id;
  }

  async function reply(message: ChatMessage): Promise<Reply> {
    try {
      switch (message.kind) {
        case 'help':
          return buildHelpReply({ naturalLanguage: deps.naturalLanguage });
        case 'action':
          return actionReply(message);
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

  async function answerReply(message: ChatMessage): Promise<Reply> {
    const key = threadKey(message.conversation);
    const thread = threads.get(key) ?? {};
    const text = message.kind === 'sql' ? `/sql ${message.text}` : message.text;
    const answer = await answerer.ask({ text, now: deps.now(), state: thread.state });
    if (answer.showSql) return buildSqlReply(answer);
    const id = remember(answer);
    setThread(key, { state: answer.state ?? thread.state, lastAnswerId: id });
    return buildAnswerReply(answer, id);
  }

  /** An answer posted as a new thread (Slack, Discord) keeps its state there too. */
  function followIntoThread(from: ConversationRef, sent: SentRef | undefined): void {
    if (!sent || sent.conversation.threadId === undefined || sent.conversation.threadId === from.threadId) return;
    const state = threads.get(threadKey(from));
    if (state) setThread(threadKey(sent.conversation), state);
  }

  function actionReply(message: ChatMessage): Reply {
    const action = message.action;
    if (!action) throw new DatalabsError('BAD_INPUT', 'button press without an action');
    const answer = answers.get(action.value);
    if (!answer) throw new DatalabsError('NOT_FOUND', 'that answer has expired: ask the question again');
    if (action.id === 'show_sql') return buildSqlReply(answer);
    if (action.id === 'export_csv') return buildCsvReply(answer);
    throw new DatalabsError('NOT_SUPPORTED', `the ${action.id} button is not available yet`);
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
