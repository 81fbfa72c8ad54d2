/**
 * The request a piece of work belongs to: one inbound chat message, from the
 * core's `receive` through the answer job (core, answerer, warehouse, the
 * adapter's replies). Held in AsyncLocalStorage, so no signature in between
 * carries it: the process logger (bot/infra/create-logger.ts) adds
 * `requestId` to every line logged inside, and metrics read the platform.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';

export interface RequestContext {
  /** The message's request id: its ChatMessage id (stable across processes), or a random one. */
  requestId: string;
  /** The platform the message came from. */
  platform: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` as part of the request `ctx`; everything it awaits sees it. */
export function runInRequest<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The request this code runs for, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** A request id for a message: its platform id (prefixed with the platform unless it already is), else a fresh random one. */
export function requestIdOf(message: { id?: string; conversation: { platform: string } }): string {
  const platform = message.conversation.platform;
  if (!message.id) return `${platform}:${crypto.randomUUID()}`;
  return message.id.startsWith(`${platform}:`) ? message.id : `${platform}:${message.id}`;
}
