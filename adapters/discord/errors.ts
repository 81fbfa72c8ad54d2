/**
 * discord.js / @discordjs/rest failures → PlatformError: one line, no token
 * (interaction tokens sit in webhook URLs, so URLs are never quoted),
 * retryable for 429, 5xx and network failures, with 429's retry_after.
 */
import { DiscordAPIError, DiscordjsError, HTTPError, RateLimitError } from 'discord.js';
import { PlatformError } from '../../bot/contracts/chat.ts';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Removes anything that could be a credential from a message. */
export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out.replace(/(\/(?:webhooks|interactions)\/\d+\/)[\w.-]+/g, '$1[redacted]').replace(/Bot\s+[\w.-]{20,}/g, 'Bot [redacted]');
}

function oneLine(text: string): string {
  return text.split('\n').map((s) => s.trim()).filter(Boolean).join('; ');
}

function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps any error thrown by a Discord call made for `what` (e.g. "send") to a PlatformError. */
export function toPlatformError(err: unknown, what: string, secrets: string[] = []): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof RateLimitError) {
    return new PlatformError('discord', `discord ${what} rate limited: retry in ${Math.ceil(err.retryAfter)} ms${err.global ? ' (global)' : ''}`, { retryable: true, retryAfterMs: Math.max(0, Math.ceil(err.retryAfter)) });
  }
  if (err instanceof DiscordAPIError) {
    const status = err.status;
    const retryable = status === 429 || status >= 500;
    // No `cause`: the raw error carries the request URL (an interaction token) and body.
    return new PlatformError('discord', redact(`discord ${what} failed: ${status} ${oneLine(err.message)} (code ${err.code})`, secrets), { retryable });
  }
  if (err instanceof HTTPError) {
    return new PlatformError('discord', `discord ${what} failed: HTTP ${err.status} ${oneLine(err.message)}`, { retryable: err.status >= 500 || err.status === 429 });
  }
  if (err instanceof DiscordjsError) {
    return new PlatformError('discord', redact(`discord ${what} failed: ${oneLine(err.message)}`, secrets), { retryable: false });
  }
  const code = networkCode(err);
  if (code) return new PlatformError('discord', `discord ${what} failed: network error ${code}`, { retryable: true });
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new PlatformError('discord', `discord ${what} failed: request timed out`, { retryable: true });
  }
  return new PlatformError('discord', redact(`discord ${what} failed: ${oneLine(message)}`, secrets), { retryable: false });
}
