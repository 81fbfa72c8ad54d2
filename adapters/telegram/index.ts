/** Telegram chat adapter (telegraf): long polling or a verified webhook. */
export { createTelegramAdapter, TELEGRAM_COMMANDS, type TelegramAdapter, type TelegramAdapterOptions, type TelegramLogger } from './telegram-adapter.ts';
export { renderReply, escapeHtml, TELEGRAM_TEXT_LIMIT, TELEGRAM_CAPTION_LIMIT, type OutMessage } from './render-html.ts';
