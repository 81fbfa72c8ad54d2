/** Builds the chat adapters whose tokens are configured. */
import type { Config } from './config/load-config.ts';
import type { Logger } from './logger.ts';
import type { ChatAdapter } from './types/chat.ts';

export function createConfiguredAdapters(_config: Config, _logger: Logger): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  return adapters;
}
