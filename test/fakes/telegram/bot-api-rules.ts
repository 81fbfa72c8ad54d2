/** The Bot API's validation rules the fake enforces, and its error type. */
import { parseTelegramHtml, type ParsedEntity } from './parse-html.ts';

export type InlineMarkup = { inline_keyboard: { text: string; callback_data?: string }[][] };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly retryAfterSec?: number,
  ) {
    super(description);
  }
}

export const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

/** Entities Telegram adds to a user's text: commands and mentions. */
export function userEntities(text: string): ParsedEntity[] {
  const out: ParsedEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=\s|$)/g)) out.push({ type: 'bot_command', offset: m.index + m[1].length, length: m[2].length });
  for (const m of text.matchAll(/(^|[^\w/])(@[A-Za-z0-9_]{5,32})/g)) out.push({ type: 'mention', offset: m.index + m[1].length, length: m[2].length });
  return out.sort((a, b) => a.offset - b.offset);
}

export function parseJsonField(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** Parses `text` / `caption` per parse_mode; HTML Telegram cannot parse is a 400. */
export function formatted(params: Record<string, unknown>, field: 'text' | 'caption'): { text: string; entities: ParsedEntity[] } {
  const raw = params[field];
  const value = raw === undefined ? '' : String(raw);
  if (params.parse_mode === undefined || params.parse_mode === '') return { text: value, entities: [] };
  if (params.parse_mode !== 'HTML' && params.parse_mode !== 'MarkdownV2' && params.parse_mode !== 'Markdown') throw bad('unsupported parse_mode');
  if (params.parse_mode !== 'HTML') return { text: value, entities: [] };
  const parsed = parseTelegramHtml(value);
  if (!parsed.ok) throw bad(parsed.error);
  return { text: parsed.text, entities: parsed.entities };
}

/** Checks an inline keyboard like Telegram: button text, callback data 1–64 bytes. */
export function checkMarkup(markup: unknown): InlineMarkup | undefined {
  if (markup === undefined) return undefined;
  const kb = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(kb) || !kb.every(Array.isArray)) throw bad("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays");
  for (const row of kb as { text?: string; callback_data?: string }[][]) {
    for (const b of row) {
      if (!b.text) throw bad('BUTTON_TEXT_INVALID');
      if (b.callback_data !== undefined && (b.callback_data.length === 0 || Buffer.byteLength(b.callback_data) > 64)) throw bad('BUTTON_DATA_INVALID');
    }
  }
  return markup as InlineMarkup;
}
