/** Builds the chat adapters whose tokens are configured (`datalabs serve`). */
import type { Config } from './config/load-config.ts';
import type { Logger } from '../contracts/logger.ts';
import type { ChatAdapter } from '../contracts/chat.ts';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { createTelegramAdapter } from '../../adapters/telegram/index.ts';
import { createDiscordAdapter } from '../../adapters/discord/index.ts';

export function createConfiguredAdapters(config: Config, logger: Logger): ChatAdapter[] {
  const env = config.env;
  const adapters: ChatAdapter[] = [];
  if (env.SLACK_BOT_TOKEN) {
    adapters.push(
      createSlackAdapter({
        botToken: env.SLACK_BOT_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET,
        appToken: env.SLACK_APP_TOKEN,
        apiUrl: env.SLACK_API_URL,
        logger: logger.child({ adapter: 'slack' }),
      }),
    );
  }
  if (env.TELEGRAM_BOT_TOKEN) {
    adapters.push(
      createTelegramAdapter({
        token: env.TELEGRAM_BOT_TOKEN,
        apiRoot: env.TELEGRAM_API_ROOT,
        webhookUrl: env.TELEGRAM_WEBHOOK_URL,
        webhookSecret: env.TELEGRAM_WEBHOOK_SECRET,
        logger: logger.child({ adapter: 'telegram' }),
      }),
    );
  }
  if (env.DISCORD_TOKEN) {
    adapters.push(
      createDiscordAdapter({
        token: env.DISCORD_TOKEN,
        applicationId: env.DISCORD_APPLICATION_ID!,
        apiUrl: env.DISCORD_API_URL,
        logger: logger.child({ adapter: 'discord' }),
      }),
    );
  }
  return adapters;
}
