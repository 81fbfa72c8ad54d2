/** Errors: Telegram failures → PlatformError (retryable for 429, 5xx and the network). */
import { TelegramError } from 'telegraf';
import { PlatformError } from '../../bot/contracts/chat.ts';

/** Removes the bot token from a message (node-fetch errors carry the URL). */
export function redactToken(text: string, token: string): string {
  let out = text.replace(/\/bot\d+:[\w-]+/g, '/bot<redacted>');
  if (token) out = out.split(token).join('<redacted>');
  return out;
}

/** Whether `err` is a Bot API error, optionally with this status and a description matching. */
export function isTelegramError(err: unknown, code?: number, description?: RegExp): err is TelegramError {
  if (!(err instanceof TelegramError)) return false;
  if (code !== undefined && err.code !== code) return false;
  if (description && !description.test(err.description ?? '')) return false;
  return true;
}

/** One line, no token: `Telegram sendMessage failed: 400 Bad Request: message is too long`. */
export function toPlatformError(err: unknown, method: string, token: string): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof TelegramError) {
    const code = err.code;
    const retryAfterSec = err.parameters?.retry_after;
    const message = redactToken(`Telegram ${method} failed: ${code} ${err.description ?? ''}`.trim(), token).split('\n')[0];
    if (code === 429) {
      return new PlatformError('telegram', message, { retryable: true, retryAfterMs: (typeof retryAfterSec === 'number' ? retryAfterSec : 1) * 1000, cause: err });
    }
    return new PlatformError('telegram', message, { retryable: code >= 500, cause: err });
  }
  const e = err as { name?: string; code?: string; type?: string; message?: string };
  const network = e?.name === 'FetchError' || e?.type === 'system' || /ECONN|ETIMEDOUT|EAI_AGAIN|socket hang up|network/i.test(String(e?.code ?? e?.message ?? ''));
  const message = redactToken(`Telegram ${method} failed: ${String(e?.message ?? err)}`, token).split('\n')[0];
  return new PlatformError('telegram', message, { retryable: network, cause: err });
}
