/** `datalabs discord register`: (re)registers the /ask, /sql, /help commands. */
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { registerDiscordCommands } from '../../../adapters/discord/index.ts';

export async function runDiscordRegister(ctx: { config: Config; logger: Logger }, opts: { guild?: string }): Promise<number> {
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = ctx.config.env;
  if (!DISCORD_TOKEN) throw new DatalabsError('CONFIG_INVALID', 'DISCORD_TOKEN: required for discord register');
  if (!DISCORD_APPLICATION_ID) throw new DatalabsError('CONFIG_INVALID', 'DISCORD_APPLICATION_ID: required for discord register');
  const commands = await registerDiscordCommands({ token: DISCORD_TOKEN, applicationId: DISCORD_APPLICATION_ID, apiUrl: DISCORD_API_URL, guildId: opts.guild });
  process.stdout.write(`registered ${commands.map((c) => `/${c.name}`).join(', ')}${opts.guild ? ` in guild ${opts.guild}` : ' globally'}\n`);
  return 0;
}
