/**
 * The slash commands `/ask`, `/sql`, `/help`, `/datalabs`, and their registration
 * (PUT /applications/{application.id}/commands — a bulk overwrite, so
 * running it again is harmless). Exposed as `datalabs discord register`.
 */
import { ApplicationCommandOptionType, REST, Routes } from 'discord.js';
import { toPlatformError } from './discord-errors.ts';

/** Slash command definitions, in Discord's REST shape (type 1 = CHAT_INPUT). */
export const DISCORD_COMMANDS = [
  {
    type: 1,
    name: 'ask',
    description: 'Ask a question about the data; answers with a table, a chart and the SQL',
    options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'e.g. revenue by month', required: true, max_length: 1000 }],
  },
  {
    type: 1,
    name: 'sql',
    description: 'Run a read-only SELECT on the allow-listed tables',
    options: [{ type: ApplicationCommandOptionType.String, name: 'query', description: 'SELECT …', required: true, max_length: 4000 }],
  },
  { type: 1, name: 'help', description: 'How to ask questions and send SQL' },
  {
    type: 1,
    name: 'datalabs',
    description: 'Workspace: setup, admin …, whoami, history, rerun, save, saved, run',
    options: [{ type: ApplicationCommandOptionType.String, name: 'command', description: 'e.g. setup Shop · admin grant <user> analyst · history', required: true, max_length: 1000 }],
  },
] as const;

/** Option holding the text of each command. */
export const COMMAND_TEXT_OPTION: Record<string, string> = { ask: 'question', sql: 'query', datalabs: 'command' };

export interface RegisterDiscordCommandsOptions {
  /** Bot token (DISCORD_TOKEN). */
  token: string;
  /** DISCORD_APPLICATION_ID. */
  applicationId: string;
  /** REST base including `/api` (DISCORD_API_URL); default https://discord.com/api. */
  apiUrl?: string;
  /** Register in one guild (instant) instead of globally. */
  guildId?: string;
  /** An existing REST client (the adapter's); otherwise one is made. */
  rest?: REST;
}

export interface RegisteredCommand {
  id: string;
  name: string;
}

/** Registers (overwrites) the bot's slash commands; returns what Discord stored. */
export async function registerDiscordCommands(opts: RegisterDiscordCommandsOptions): Promise<RegisteredCommand[]> {
  const rest = opts.rest ?? new REST({ version: '10', ...(opts.apiUrl ? { api: opts.apiUrl } : {}), retries: 1 }).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.applicationId, opts.guildId) : Routes.applicationCommands(opts.applicationId);
  try {
    const stored = (await rest.put(route, { body: DISCORD_COMMANDS })) as { id: string; name: string }[];
    return stored.map((c) => ({ id: c.id, name: c.name }));
  } catch (err) {
    throw toPlatformError(err, 'command registration', [opts.token]);
  }
}
