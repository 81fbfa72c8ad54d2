/**
 * Discord gateway events → `ChatMessage`. Slash commands and answer buttons
 * are interactions: each is acknowledged first (a deferred reply within
 * Discord's 3 s, which also gives the response message the answer thread is
 * named after), then handed to `onMessage` with a `replyHandle` holding the
 * interaction token, so whichever process answers can edit the response.
 * Plain messages count in direct messages with the bot and in answer threads
 * the bot opened. Each DM is its own space: workspace key `dm:<user id>`.
 */
import { ChannelType, MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type Message } from 'discord.js';
import { isPrivateReplyCommand, type ChatMessage, type ConversationRef, type MessageHandler, type MessageKind, type Reply } from '../../bot/contracts/chat.ts';
import { WORKSPACE_COMMAND_NAMES } from '../../bot/contracts/commands.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { COMMAND_TEXT_OPTION } from './commands.ts';
import { toPlatformError } from './errors.ts';
import { decodeCustomId } from './format.ts';
import { encodeReplyHandle } from './handles.ts';
import type { DiscordOutbound } from './outbound.ts';

/** Each direct-message conversation is its own space: `dm:<user id>` (never one key shared by every DM). */
export function dmWorkspaceKey(userId: string): string {
  return `dm:${userId}`;
}

/** What the inbound handlers need from the adapter. */
export interface DiscordInboundDeps {
  onMessage: MessageHandler;
  outbound: Pick<DiscordOutbound, 'send' | 'isOurThread' | 'threadParent'>;
  logger: Logger;
  secrets: string[];
  /** The bot's own user id (messages from it are never questions). */
  botUserId: () => string | undefined;
  directMessages: boolean;
  threadRefinements: boolean;
}

/** Told to the user when the message could not be recorded (the store was down). */
const NOT_TAKEN: Reply = { text: 'Your request could not be taken just now; please try again in a moment.', error: { code: 'UNAVAILABLE', message: 'inbound store unavailable' } };

/** The kind of message a slash command is, or undefined for a command the bot does not offer. */
export function commandKind(name: string): MessageKind | undefined {
  if (name === 'ask') return 'question';
  if (name === 'sql') return 'sql';
  if (name === 'help') return 'help';
  return WORKSPACE_COMMAND_NAMES.has(name) ? 'command' : undefined;
}

type Parsed = Pick<ChatMessage, 'kind' | 'text'> & Partial<Pick<ChatMessage, 'command' | 'action'>>;

function parseCommand(interaction: ChatInputCommandInteraction): Parsed | undefined {
  const name = interaction.commandName;
  const kind = commandKind(name);
  if (!kind) return undefined;
  const option = COMMAND_TEXT_OPTION[name];
  const text = (option ? interaction.options.getString(option) : null)?.trim() ?? '';
  return { kind, text, ...(kind === 'command' ? { command: name } : {}) };
}

function parseButton(interaction: ButtonInteraction): Parsed | undefined {
  const action = decodeCustomId(interaction.customId);
  return action ? { kind: 'action', text: '', action } : undefined;
}

/** Acknowledges with a deferred reply and returns the response message's id. */
async function defer(interaction: ChatInputCommandInteraction | ButtonInteraction, ephemeral: boolean): Promise<string> {
  // A command with a private reply (`/datalabs web`) is deferred ephemerally: its response is then the person's alone.
  const response = await interaction.deferReply({ withResponse: true, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  const id = response.interaction.responseMessageId ?? response.resource?.message?.id;
  return id ?? (await interaction.fetchReply()).id;
}

/** Acknowledges an interaction, normalises it and passes it on; resolves once `onMessage` has. */
export async function receiveInteraction(interaction: Interaction, deps: DiscordInboundDeps): Promise<void> {
  if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
  const parsed = interaction.isChatInputCommand() ? parseCommand(interaction) : parseButton(interaction);
  if (!parsed) {
    // Not ours (a stale command, a foreign button): answer so Discord does not show "did not respond".
    if (interaction.isButton()) await interaction.deferUpdate().catch(() => undefined);
    else await interaction.reply({ content: 'Unknown command.', flags: MessageFlags.Ephemeral }).catch(() => undefined);
    return;
  }
  // Acknowledge first: Discord drops interactions not answered within 3 s.
  let messageId: string;
  const ephemeral = parsed.kind === 'command' && isPrivateReplyCommand(parsed.command, parsed.text);
  try {
    messageId = await defer(interaction, ephemeral);
  } catch (err) {
    deps.logger.warn({ err: toPlatformError(err, 'interaction defer', deps.secrets), interactionId: interaction.id }, 'discord: could not acknowledge an interaction');
    return;
  }
  const channelId = interaction.channelId ?? 'unknown';
  const channel = interaction.channel;
  const inThread = Boolean(channel?.isThread());
  const parentId = inThread ? ((channel?.isThread() ? channel.parentId : null) ?? (await deps.outbound.threadParent(channelId)) ?? channelId) : channelId;
  const guildId = interaction.guildId ?? undefined;
  const wantsThread = parsed.kind === 'question' && !inThread && Boolean(guildId);
  const conversation: ConversationRef = {
    platform: 'discord',
    workspaceKey: guildId ?? dmWorkspaceKey(interaction.user.id),
    channelId: parentId,
    // In a thread: that thread. In a guild channel: the response message, which becomes the answer thread's id.
    // In a DM: the DM itself, so commands and plain messages there share one conversation.
    ...(inThread ? { threadId: channelId } : guildId ? { threadId: messageId } : {}),
    replyHandle: encodeReplyHandle({ kind: 'interaction', token: interaction.token, at: Date.now(), channelId, messageId, ...(wantsThread ? { question: parsed.text } : {}), ...(ephemeral ? { ephemeral: true } : {}) }),
  };
  const user = interaction.user;
  const message: ChatMessage = {
    id: interaction.id,
    ...parsed,
    conversation,
    // The actor (the person who typed the command or clicked the button) and the guild it happened in.
    user: { id: user.id, name: user.globalName ?? user.username },
    ...(guildId ? { guildId } : {}),
    receivedAt: interaction.createdAt,
  };
  try {
    await deps.onMessage(message);
  } catch (err) {
    // Not recorded (the store is down) and Discord will not send it again: say so in the deferred response.
    deps.logger.error({ err, messageId: message.id }, 'discord: message could not be taken');
    await deps.outbound.send(conversation, NOT_TAKEN).catch((e: unknown) => deps.logger.warn({ err: e }, 'discord: could not tell the user'));
  }
}

/** Normalises a gateway message (a DM with the bot, or a message in an answer thread) and passes it on. */
export async function receiveMessage(message: Message, deps: DiscordInboundDeps): Promise<void> {
  const botId = deps.botUserId();
  if (message.author.bot || message.system || !botId) return;
  if (typeof message.content !== 'string') return;
  const channel = message.channel;
  let conversation: ConversationRef;
  if (channel.type === ChannelType.DM) {
    if (!deps.directMessages) return;
    // A DM with the bot: the whole channel is one conversation, in the person's own space.
    conversation = { platform: 'discord', workspaceKey: dmWorkspaceKey(message.author.id), channelId: channel.id };
  } else {
    if (!deps.threadRefinements || !channel.isThread()) return;
    const ours = channel.ownerId === botId || (await deps.outbound.isOurThread(channel.id));
    if (!ours) return;
    const parentId = channel.parentId ?? (await deps.outbound.threadParent(channel.id)) ?? channel.id;
    conversation = {
      platform: 'discord',
      workspaceKey: message.guildId ?? dmWorkspaceKey(message.author.id),
      channelId: parentId,
      threadId: channel.id,
      replyHandle: encodeReplyHandle({ kind: 'channel', channelId: channel.id }),
    };
  }
  const text = message.content.trim();
  if (!text) return; // without the Message Content intent Discord sends empty content (outside DMs)
  const cmd = /^\/(sql|help)\b\s*(.*)$/is.exec(text);
  const kind: MessageKind = cmd ? (cmd[1].toLowerCase() === 'sql' ? 'sql' : 'help') : 'question';
  try {
    await deps.onMessage({
      id: message.id,
      kind,
      conversation,
      user: { id: message.author.id, name: message.author.globalName ?? message.author.username },
      ...(message.guildId ? { guildId: message.guildId } : {}),
      text: cmd ? cmd[2].trim() : text,
      receivedAt: message.createdAt,
    });
  } catch (err) {
    // Discord does not redeliver gateway messages: the log is all there is.
    deps.logger.error({ err, messageId: message.id }, 'discord: message could not be taken');
  }
}
