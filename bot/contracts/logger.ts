/**
 * The one logger type every layer takes. pino's `Logger` satisfies it; the
 * composition root creates one (bot/infra/create-logger.ts) and passes it down.
 * Call as `logger.info({ key: value }, 'message')` or `logger.info('message')`.
 */
export interface LogFn {
  (obj: object, msg?: string): void;
  (msg: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  /** A logger whose lines also carry `bindings` (e.g. `{ adapter: 'slack' }`). */
  child(bindings: Record<string, unknown>): Logger;
}
