/** The one logger, created at start and passed down. Logs go to stderr. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, opts: { name?: string } = {}): Logger {
  return pino({ level, name: opts.name ?? 'datalabs', base: undefined }, pino.destination(2));
}
