/** Discord adapter: slash commands, embeds with chart attachments and buttons, answer threads, direct messages. */
export { createDiscordAdapter, gatewayCloseMessage, type DiscordAdapterOptions } from './discord-adapter.ts';
export { registerDiscordCommands, DISCORD_COMMANDS, type DiscordCommandDefinition, type RegisterDiscordCommandsOptions, type RegisteredCommand } from './commands.ts';
export { renderDiscordReply, DISCORD_LIMITS, type DiscordPayload } from './format.ts';
