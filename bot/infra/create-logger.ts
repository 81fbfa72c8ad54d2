/** The one logger, created at start and passed down. Logs go to stderr. */
import { pino } from 'pino';
import type { Logger } from '../contracts/logger.ts';

export type { Logger };

/** A pino logger writing JSON lines to stderr (fd 2). */
export function createLogger(level: string, opts: { name?: string } = {}): Logger {
  return pino({ level, name: opts.name ?? 'datalabs', base: undefined }, pino.destination(2));
}
