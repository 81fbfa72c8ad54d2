/** Telegram chat adapter (telegraf): long polling or a verified webhook; outbound works in any process. */
export { createTelegramAdapter, TELEGRAM_COMMANDS, type TelegramAdapter, type TelegramAdapterOptions } from './telegram-adapter.ts';
export { renderReply, escapeHtml, TELEGRAM_TEXT_LIMIT, TELEGRAM_CAPTION_LIMIT, type OutMessage } from './format.ts';
export { threadMemoryKey, THREAD_MEMORY_TTL_MS } from './outbound.ts';
