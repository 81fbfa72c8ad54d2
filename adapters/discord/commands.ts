/**
 * The slash commands (the contracts' `COMMANDS` marked `slash`), and their registration
 * (PUT /applications/{application.id}/commands — a bulk overwrite, so
 * running it again is harmless). Exposed as `datalabs discord register`.
 */
import { REST, Routes } from 'discord.js';
import { COMMANDS } from '../../bot/contracts/commands.ts';
import { toPlatformError } from './errors.ts';

/** One application command in Discord's REST shape (type 1 = CHAT_INPUT, option type 3 = STRING). */
export interface DiscordCommandDefinition {
  type: 1;
  name: string;
  description: string;
  options?: { type: 3; name: string; description: string; required: boolean; max_length: number }[];
}

/** The slash commands, built from the contracts' `COMMANDS` (the `slash: true` ones, each with its text option). */
export const DISCORD_COMMANDS: readonly DiscordCommandDefinition[] = COMMANDS.filter((c) => c.slash).map((c) => ({
  type: 1,
  name: c.name,
  description: c.description,
  ...(c.text
    ? { options: [{ type: 3, name: c.text.option, description: `e.g. ${c.text.example}`.slice(0, 100), required: c.text.required, max_length: c.text.maxLength }] }
    : {}),
}));

/** Option holding the text of each command, by command name. */
export const COMMAND_TEXT_OPTION: Readonly<Record<string, string>> = Object.fromEntries(COMMANDS.filter((c) => c.slash && c.text).map((c) => [c.name, c.text!.option]));

/** Where to register the commands, and with which client. */
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

/** A command as Discord stored it. */
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
