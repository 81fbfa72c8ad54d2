/** Builds the chat adapters whose tokens are configured (`datalabs serve`, `datalabs worker`). */
import type { Config } from './config/load-config.ts';
import type { Logger } from '../contracts/logger.ts';
import type { AdapterMemory, ChatAdapter } from '../contracts/chat.ts';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { createTelegramAdapter } from '../../adapters/telegram/index.ts';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';

/**
 * One adapter per configured platform, from the config validated at start.
 * `memory` is what adapters remember between messages (the metadata store's
 * in serve and worker, so every process shares it).
 */
export function createConfiguredAdapters(config: Config, logger: Logger, memory: AdapterMemory): ChatAdapter[] {
  const adapters: ChatAdapter[] = [];
  if (config.slack) adapters.push(createSlackAdapter({ ...config.slack, memory, logger: logger.child({ adapter: 'slack' }) }));
  if (config.telegram) adapters.push(createTelegramAdapter({ ...config.telegram, memory, logger: logger.child({ adapter: 'telegram' }) }));
  if (config.discord) adapters.push(createDiscordAdapter({ ...config.discord, memory, logger: logger.child({ adapter: 'discord' }) }));
  return adapters;
}
