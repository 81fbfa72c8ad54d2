/** Slack Web API failures → PlatformError (retryable or not, with Retry-After). */
import { webApi } from '@slack/bolt';
import { PlatformError } from '../../bot/contracts/chat.ts';

/** Platform error codes worth another try (Slack's own transient failures). */
const { ErrorCode } = webApi;
const RETRYABLE_API_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

/** One line, never a token: what failed and why. */
export function toPlatformError(what: string, err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  const e = err as {
    code?: string; message?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new PlatformError('slack', `${what}: rate limited by Slack (retry after ${e.retryAfter ?? '?'} s)`, {
        retryable: true,
        retryAfterMs: typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined,
        cause: err,
      });
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return new PlatformError('slack', `${what}: Slack answered HTTP ${status}`, { retryable: status >= 500 || status === 408, cause: err });
    }
    case ErrorCode.RequestError:
      return new PlatformError('slack', `${what}: Slack could not be reached (${oneLine(e.message)})`, { retryable: true, cause: err });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new PlatformError('slack', `${what}: Slack refused it (${code})`, { retryable: RETRYABLE_API_ERRORS.has(code), cause: err });
    }
    default:
      return new PlatformError('slack', `${what}: ${oneLine(e?.message ?? String(err))}`, { retryable: false, cause: err });
  }
}

function oneLine(text: string | undefined): string {
  // Strip anything that looks like a Slack token, and keep one line.
  return String(text ?? '').split('\n')[0].replace(/xox[a-z]-[\w-]+|xapp-[\w-]+/gi, '[token]').slice(0, 300);
}
