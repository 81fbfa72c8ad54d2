/** Discord adapter: slash commands, embeds with chart attachments and buttons, answer threads. */
export { createDiscordAdapter, type DiscordAdapterOptions, type DiscordLogger } from './discord-adapter.ts';
export { registerDiscordCommands, DISCORD_COMMANDS, type RegisterDiscordCommandsOptions, type RegisteredCommand } from './discord-commands.ts';
export { renderDiscordReply, DISCORD_LIMITS, type DiscordPayload } from './render-discord.ts';
