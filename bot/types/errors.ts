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

/** Turns anything thrown into `{ code, message }` for JSON output and replies. */
export function toErrorInfo(err: unknown): { code: ErrorCode; message: string } {
  if (isDatalabsError(err)) return { code: err.code, message: oneLine(err) };
  return { code: 'INTERNAL', message: oneLine(err) };
}
