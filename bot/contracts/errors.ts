/**
 * Coded errors shared by every layer. A `code` is a stable string a caller can
 * branch on (and `ask --json` prints); the message is one line for a person.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'DATA_DIR_LOCKED'
  | 'WAREHOUSE_ERROR'
  | 'WAREHOUSE_TIMEOUT'
  | 'WAREHOUSE_UNAVAILABLE'
  | 'QUERY_CANCELLED'
  | 'SQL_REJECTED'
  | 'NOT_UNDERSTOOD'
  | 'NOT_SUPPORTED'
  | 'BAD_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'PLATFORM_ERROR'
  | 'RETRY_LATER'
  | 'QUEUE_UNAVAILABLE'
  /** The Claude API cannot be reached (outage, overload, rate limit) after retries. */
  | 'AI_UNAVAILABLE'
  /** The workspace's Claude budget for the month is spent. */
  | 'BUDGET_EXCEEDED'
  | 'INTERNAL';

export class DatalabsError extends Error {
  readonly code: ErrorCode;
  /** ClickHouse's numeric error code, when the error came from ClickHouse. */
  readonly clickhouseCode?: number;

  constructor(code: ErrorCode, message: string, opts: { cause?: unknown; clickhouseCode?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DatalabsError';
    this.code = code;
    if (opts.clickhouseCode !== undefined) this.clickhouseCode = opts.clickhouseCode;
  }
}

export function isDatalabsError(err: unknown): err is DatalabsError {
  return err instanceof DatalabsError;
}

/** One line for a person: the message up to its first newline. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0].trim();
}

/** The one sentence a person sees for an unexpected (non-Datalabs) error; the details go to the log. */
export const INTERNAL_ERROR_TEXT = 'Something went wrong on our side; the details are in the log.';

/**
 * Turns anything thrown into `{ code, message }` for JSON output and replies.
 * An unexpected error becomes INTERNAL with a fixed sentence: its own message
 * (a stack frame, a value from the data) never reaches a user. Pass
 * `{ detail: true }` only where the reader is the operator (CLI stderr).
 */
export function toErrorInfo(err: unknown, opts: { detail?: boolean } = {}): { code: ErrorCode; message: string } {
  if (isDatalabsError(err)) return { code: err.code, message: oneLine(err) };
  return { code: 'INTERNAL', message: opts.detail ? oneLine(err) : INTERNAL_ERROR_TEXT };
}
