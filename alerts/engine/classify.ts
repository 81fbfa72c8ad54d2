/**
 * Retry or give up: a failure that may pass (the warehouse timed out or is
 * down, a queue or lock is busy, a connection reset) is retried; one that will
 * fail again the same way (the rule's query is refused or not understood, the
 * rule is bad) is given up at once and reported to the lifecycle as the rule's
 * `error` state.
 */
import { isDatalabsError, oneLine, type ErrorCode } from '../../bot/contracts/errors.ts';

const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['WAREHOUSE_TIMEOUT', 'WAREHOUSE_UNAVAILABLE', 'QUERY_CANCELLED', 'RETRY_LATER', 'QUEUE_UNAVAILABLE', 'DATA_DIR_LOCKED']);
const NETWORK = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|timeout/i;

export interface Classified {
  retry: boolean;
  /** One line for the alert's `error` (never engine text beyond the pipeline's own one line). */
  message: string;
}

export function classifyError(err: unknown): Classified {
  if (isDatalabsError(err)) return { retry: TRANSIENT.has(err.code), message: `${err.code}: ${oneLine(err)}` };
  const msg = oneLine(err);
  return { retry: NETWORK.test(msg), message: NETWORK.test(msg) ? 'the evaluation could not reach a service' : 'internal error while evaluating (see the log)' };
}
