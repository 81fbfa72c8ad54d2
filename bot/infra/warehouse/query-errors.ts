/**
 * ClickHouse errors → DatalabsError with a FIXED sentence per error class.
 * The engine's own message can carry table data ("Cannot parse string
 * 'SECRET…'") or host details, so it never reaches `message`: it stays on
 * `cause` (an Error whose message is the raw text) for a caller's debug log.
 */
import { DatalabsError, isDatalabsError } from '../../contracts/errors.ts';

const SYNTAX = new Set([62]);
const UNKNOWN_OBJECT = new Set([60, 47, 16, 81, 46, 10]);
const CONVERSION = new Set([6, 26, 27, 38, 41, 53, 69, 70, 72, 117, 131, 321, 691]);
const MEMORY = new Set([241, 173]);
const TOO_MANY_ROWS_TO_READ = new Set([158]);
const TOO_MANY_RESULT = new Set([396, 307, 57]);
const READONLY = new Set([164, 497, 452]);

/** The raw engine text, kept off `message`. */
class EngineMessage extends Error {
  constructor(text: string) {
    super(text);
    this.name = 'ClickHouseMessage';
  }
}

export interface RawEngineError {
  message?: string;
  clickhouseCode?: number;
  code?: string | number;
  type?: string;
}

/** Numeric ClickHouse code from an error object or its text. */
export function clickhouseCodeOf(err: unknown): number {
  const e = err as RawEngineError | undefined;
  const direct = Number(e?.clickhouseCode ?? (typeof e?.code === 'string' && /^\d+$/.test(e.code) ? e.code : typeof e?.code === 'number' ? e.code : NaN));
  if (Number.isFinite(direct) && direct > 0) return direct;
  const m = /Code: (\d+)\./.exec(String(e?.message ?? err ?? ''));
  return m ? Number(m[1]) : 0;
}

/**
 * ClickHouse error → DatalabsError (code + fixed sentence + clickhouseCode).
 * `reason` wins when it already is a DatalabsError (deadline, cancellation).
 */
export function translateQueryError(reason: unknown, original: unknown = reason): DatalabsError {
  if (isDatalabsError(reason)) return reason;
  const raw = String((original as RawEngineError)?.message ?? original ?? '');
  const cause = new EngineMessage(raw);
  const chCode = clickhouseCodeOf(original) || undefined;
  const opts = { cause, clickhouseCode: chCode };
  const name = /\(([A-Z_]+)\)\s*$/m.exec(raw)?.[1] ?? '';
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/i.test(raw) && !chCode) {
    return new DatalabsError('WAREHOUSE_UNAVAILABLE', 'ClickHouse is unreachable', { cause });
  }
  if (chCode === 159 || chCode === 160 || name === 'TIMEOUT_EXCEEDED') {
    return new DatalabsError('WAREHOUSE_TIMEOUT', 'ClickHouse stopped the query: it ran past the time limit', opts);
  }
  if (chCode !== undefined && SYNTAX.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse could not parse the query (syntax error)', opts);
  }
  if (chCode !== undefined && UNKNOWN_OBJECT.has(chCode)) {
    const demo = /\bdemo\b/.test(raw);
    return new DatalabsError(
      'WAREHOUSE_ERROR',
      demo ? 'ClickHouse error: unknown table or column (run `datalabs seed` if the demo data is missing)' : 'ClickHouse error: unknown table, column or function',
      opts,
    );
  }
  if (chCode !== undefined && CONVERSION.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: a value could not be converted', opts);
  }
  if (chCode !== undefined && MEMORY.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: the query needed more memory than allowed', opts);
  }
  if (chCode !== undefined && TOO_MANY_ROWS_TO_READ.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: the query would read more rows than allowed', opts);
  }
  if (chCode !== undefined && TOO_MANY_RESULT.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: the result has more rows or bytes than allowed', opts);
  }
  if (chCode !== undefined && READONLY.has(chCode)) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: the query is not allowed on a read-only connection', opts);
  }
  if (chCode === 395) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: the query raised an error (throwIf)', opts);
  }
  if (chCode === 43 || chCode === 386) {
    return new DatalabsError('WAREHOUSE_ERROR', 'ClickHouse error: a function got arguments of the wrong type', opts);
  }
  const known = chCode !== undefined ? KNOWN_SENTENCES[chCode] : undefined;
  if (known) return new DatalabsError('WAREHOUSE_ERROR', `ClickHouse error: ${known}`, opts);
  return new DatalabsError('WAREHOUSE_ERROR', chCode ? `ClickHouse could not run this query (error ${chCode})` : 'ClickHouse could not run this query', opts);
}

/** Fixed sentences for common mistakes in hand-written SQL, by ClickHouse error code. */
const KNOWN_SENTENCES: Readonly<Record<number, string>> = {
  141: 'this table has no sampling key, so SAMPLE cannot be used on it',
  184: 'an aggregate function is used inside another aggregate or in WHERE',
  215: 'a selected column is neither in GROUP BY nor inside an aggregate function',
  42: 'a function got the wrong number of arguments',
  44: 'a column of this type cannot be used here',
  153: 'division by zero in an integer division',
  179: 'two columns of the result have the same name',
  352: 'a column name is ambiguous: qualify it with its table',
  403: 'the JOIN condition is not supported (use equalities between the two tables)',
};
