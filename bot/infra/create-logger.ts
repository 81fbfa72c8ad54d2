/** The one logger, created at start and passed down. Logs go to stderr. */
import { pino } from 'pino';
import type { Logger } from '../contracts/logger.ts';
import { currentRequest } from '../core/inbound/request-context.ts';

export type { Logger };

/**
 * A pino logger writing JSON lines to stderr (fd 2). A line logged while a chat
 * message is being handled (bot/core/inbound/request-context.ts) carries its
 * `requestId`, through every child logger: core, warehouse and adapter alike.
 */
export function createLogger(level: string, opts: { name?: string } = {}): Logger {
  return pino({ level, name: opts.name ?? 'datalabs', base: undefined, mixin: requestMixin }, pino.destination(2));
}

/** The `requestId` of the message being handled, for pino's `mixin`. */
export function requestMixin(): Record<string, unknown> {
  const request = currentRequest();
  return request ? { requestId: request.requestId } : {};
}
