/**
 * Discord adapter (discord.js v14 over the gateway). `/ask`, `/sql`, `/help`
 * and the answer buttons arrive as interactions: each is deferred at once
 * (the 3 s rule), then the core's progress message and final answer are
 * edits of the interaction's original response — one message per answer.
 * Each `/ask` answer opens a thread on itself; plain messages in that thread
 * are refinements of the question (the thread id equals the answer's message
 * id, so `/ask` and its thread share one conversation). Plain messages in a
 * direct message with the bot are questions too; each DM is its own space
 * (workspace key `dm:<user id>`), one conversation per DM channel.
 */
import {
  ChannelType,
  Client,
  Events,
  GatewayIntentBits,
  Partials,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type InteractionEditReplyOptions,
  type Interaction,
  type Message,
  type MessageCreateOptions,
  type MessageEditOptions,
  type RateLimitData,
} from 'discord.js';
import type { ChatAdapter, ChatMessage, ConversationRef, MessageHandler, MessageKind, Reply, SentRef } from '../../bot/contracts/chat.ts';
import { PlatformError } from '../../bot/contracts/chat.ts';
import { COMMAND_TEXT_OPTION, registerDiscordCommands } from './discord-commands.ts';
import { toPlatformError } from './discord-errors.ts';
import { decodeCustomId, renderDiscordReply, threadName, type DiscordPayload } from './render-discord.ts';

/** The subset of a pino logger the adapter uses. */
export interface DiscordLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DiscordAdapterOptions {
  /** Bot token (DISCORD_TOKEN). Never logged. */
  token: string;
  /** DISCORD_APPLICATION_ID. */
  applicationId: string;
  /** REST base including `/api` (DISCORD_API_URL); default https://discord.com/api. The gateway URL comes from GET /gateway/bot. */
  apiUrl?: string;
  /** Register `/ask`, `/sql`, `/help` at start (default true). */
  registerCommands?: boolean;
  /** Register the commands in this guild only (instant) instead of globally. */
  guildId?: string;
  /**
   * Read messages in answer threads as refinements (default true). Needs the
   * privileged Message Content intent enabled for the bot in the developer portal.
   */
  threadRefinements?: boolean;
  /**
   * Answer plain messages in direct messages with the bot (default true). Needs
   * the Direct Messages intent (not privileged; DM content arrives without Message Content).
   */
  directMessages?: boolean;
  /** How long start() waits for the gateway's READY (default 30 s). */
  readyTimeoutMs?: number;
  logger?: DiscordLogger;
}

type RepliableInteraction = ChatInputCommandInteraction | ButtonInteraction;

/** A deferred interaction whose original response the core has not written yet (or is editing). */
interface PendingResponse {
  interaction: RepliableInteraction;
  /** The original response message (its id is also the id of the thread opened on it). */
  messageId: string;
  channelId: string;
  deferredAt: number;
  /** `/ask` in a guild channel: open a thread on the answer. */
  wantsThread: boolean;
  question: string;
  threadOpened?: boolean;
}

const NOOP_LOGGER: DiscordLogger = { debug() {}, info() {}, warn() {}, error() {} };
/** Interaction tokens live 15 minutes; stop using one a little before. */
const INTERACTION_TOKEN_TTL_MS = 14 * 60_000;
const MAX_TRACKED = 2000;

function conversationKey(ref: ConversationRef): string {
  return `${ref.workspaceKey}:${ref.channelId}:${ref.threadId ?? ''}`;
}

/** Each direct-message conversation is its own space: `dm:<user id>` (never one key shared by every DM). */
function dmKey(userId: string): string {
  return `dm:${userId}`;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.set(key, value);
  while (map.size > MAX_TRACKED) map.delete(map.keys().next().value as K);
}

/** One line for a gateway close code that ends the connection for good. */
export function gatewayCloseMessage(code: number): string {
  switch (code) {
    case 4004:
      return 'discord gateway refused the bot token (4004): check DISCORD_TOKEN';
    case 4013:
      return 'discord gateway refused the intents (4013 invalid intents)';
    case 4014:
      return 'discord gateway refused a privileged intent (4014): enable "Message Content Intent" for the bot in the developer portal, or start the adapter with threadRefinements: false';
    case 4012:
      return 'discord gateway refused API version 10 (4012)';
    default:
      return `discord gateway closed the connection (${code})`;
  }
}

function isAnswer(reply: Reply): boolean {
  return !reply.error && Boolean(reply.table || reply.image || reply.buttons?.length);
}

export function createDiscordAdapter(opts: DiscordAdapterOptions): ChatAdapter {
  if (!opts.token) throw new PlatformError('discord', 'DISCORD_TOKEN is empty', { retryable: false });
  if (!/^\d{5,25}$/.test(opts.applicationId ?? '')) throw new PlatformError('discord', 'DISCORD_APPLICATION_ID must be the numeric application id', { retryable: false });
  const logger = opts.logger ?? NOOP_LOGGER;
  const secrets = [opts.token];
  const threadRefinements = opts.threadRefinements ?? true;
  const directMessages = opts.directMessages ?? true;
  let client: Client | undefined;
  let onMessage: MessageHandler | undefined;
  /** Deferred interactions by conversation, oldest first. */
  const pending = new Map<string, PendingResponse[]>();
  /** Interaction original responses by message id (for update()). */
  const originals = new Map<string, PendingResponse>();
  /** Channel (or thread) of each message we posted. */
  const messageChannels = new Map<string, string>();
  /** Threads we opened: thread id → parent channel id. */
  const threads = new Map<string, string>();

  function requireClient(): Client<true> {
    if (!client?.isReady()) throw new PlatformError('discord', 'the Discord adapter is not started', { retryable: false });
    return client;
  }

  /** One payload for every call that writes a message (edit, reply, create). */
  function toOptions(payload: DiscordPayload): InteractionEditReplyOptions & MessageEditOptions & MessageCreateOptions {
    return {
      content: payload.content,
      embeds: payload.embeds,
      files: payload.files,
      components: payload.components as MessageCreateOptions['components'] & InteractionEditReplyOptions['components'],
      allowedMentions: { parse: [] },
    };
  }

  function addPending(ref: ConversationRef, entry: PendingResponse): void {
    const now = Date.now();
    for (const [key, list] of pending) {
      const alive = list.filter((p) => now - p.deferredAt < INTERACTION_TOKEN_TTL_MS);
      if (alive.length) pending.set(key, alive);
      else pending.delete(key);
    }
    const key = conversationKey(ref);
    pending.set(key, [...(pending.get(key) ?? []), entry]);
  }

  function dropPending(ref: ConversationRef, entry: PendingResponse): void {
    const key = conversationKey(ref);
    const list = (pending.get(key) ?? []).filter((p) => p !== entry);
    if (list.length) pending.set(key, list);
    else pending.delete(key);
  }

  async function openThread(entry: PendingResponse): Promise<void> {
    if (!entry.wantsThread || entry.threadOpened) return;
    entry.threadOpened = true;
    try {
      const parent = await requireClient().channels.fetch(entry.channelId);
      if (!parent || (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement)) return;
      const thread = await parent.threads.create({ startMessage: entry.messageId, name: threadName(entry.question), autoArchiveDuration: 1440 });
      remember(threads, thread.id, entry.channelId);
    } catch (err) {
      // The answer stands without its thread (e.g. missing Create Public Threads permission).
      logger.warn({ err: toPlatformError(err, 'thread creation', secrets) }, 'discord: could not open a thread on the answer');
    }
  }

  /** Where plain messages for a conversation go: its thread when we know one, else the channel. */
  function targetChannelId(ref: ConversationRef): string {
    if (ref.threadId) {
      if (threads.has(ref.threadId)) return ref.threadId;
      if (client?.channels.cache.get(ref.threadId)?.isThread()) return ref.threadId;
    }
    return ref.channelId;
  }

  async function sendableChannel(id: string) {
    const channel = await requireClient().channels.fetch(id);
    if (!channel?.isSendable()) throw new PlatformError('discord', `discord channel ${id} is not a text channel the bot can post in`, { retryable: false });
    return channel;
  }

  async function send(to: ConversationRef, reply: Reply): Promise<SentRef> {
    const payload = toOptions(renderDiscordReply(reply));
    const entry = pending.get(conversationKey(to))?.[0];
    if (entry && Date.now() - entry.deferredAt < INTERACTION_TOKEN_TTL_MS) {
      try {
        await entry.interaction.editReply(payload);
      } catch (err) {
        throw toPlatformError(err, 'interaction reply', secrets);
      }
      dropPending(to, entry);
      remember(originals, entry.messageId, entry);
      remember(messageChannels, entry.messageId, entry.channelId);
      if (isAnswer(reply)) await openThread(entry);
      return { conversation: to, messageId: entry.messageId };
    }
    try {
      const channelId = targetChannelId(to);
      const message = await (await sendableChannel(channelId)).send(payload);
      remember(messageChannels, message.id, channelId);
      return { conversation: to, messageId: message.id };
    } catch (err) {
      throw toPlatformError(err, 'send', secrets);
    }
  }

  async function update(ref: SentRef, reply: Reply): Promise<void> {
    const payload = toOptions(renderDiscordReply(reply));
    const entry = originals.get(ref.messageId);
    if (entry && Date.now() - entry.deferredAt < INTERACTION_TOKEN_TTL_MS) {
      try {
        await entry.interaction.editReply(payload);
      } catch (err) {
        throw toPlatformError(err, 'interaction edit', secrets);
      }
      if (isAnswer(reply)) await openThread(entry);
      return;
    }
    try {
      const channel = await sendableChannel(messageChannels.get(ref.messageId) ?? targetChannelId(ref.conversation));
      await channel.messages.edit(ref.messageId, payload);
    } catch (err) {
      throw toPlatformError(err, 'edit', secrets);
    }
  }

  function deliver(message: ChatMessage): void {
    const handler = onMessage;
    if (!handler) return;
    // A handler that throws synchronously is caught here too.
    void Promise.resolve()
      .then(() => handler(message))
      .catch((err: unknown) => logger.error({ err, messageId: message.id }, 'discord: message handling failed'));
  }

  async function handleInteraction(interaction: Interaction): Promise<void> {
    let kind: MessageKind;
    let text = '';
    let command: string | undefined;
    let action: ChatMessage['action'];
    if (interaction.isChatInputCommand()) {
      const name = interaction.commandName;
      kind = name === 'ask' ? 'question' : name === 'sql' ? 'sql' : name === 'help' ? 'help' : 'command';
      if (kind === 'command') command = name;
      const option = COMMAND_TEXT_OPTION[name];
      text = (option ? interaction.options.getString(option) : null)?.trim() ?? '';
    } else if (interaction.isButton()) {
      action = decodeCustomId(interaction.customId);
      if (!action) {
        await interaction.deferUpdate().catch(() => undefined);
        return;
      }
      kind = 'action';
    } else {
      return;
    }
    // Acknowledge first: Discord drops interactions not answered within 3 s.
    let messageId: string;
    try {
      await interaction.deferReply();
      messageId = (await interaction.fetchReply()).id;
    } catch (err) {
      logger.warn({ err: toPlatformError(err, 'interaction defer', secrets), interactionId: interaction.id }, 'discord: could not acknowledge an interaction');
      return;
    }
    const channel = interaction.channel;
    const inThread = Boolean(channel?.isThread());
    const parentId = (inThread ? (channel?.isThread() ? channel.parentId : null) ?? threads.get(interaction.channelId ?? '') : interaction.channelId) ?? interaction.channelId ?? 'unknown';
    const conversation: ConversationRef = {
      platform: 'discord',
      workspaceKey: interaction.guildId ?? dmKey(interaction.user.id),
      channelId: parentId,
      // In a thread: that thread. Elsewhere: the response message, which becomes the thread's id.
      threadId: inThread ? interaction.channelId! : messageId,
    };
    const entry: PendingResponse = {
      interaction,
      messageId,
      channelId: interaction.channelId ?? parentId,
      deferredAt: Date.now(),
      wantsThread: kind === 'question' && !inThread && Boolean(interaction.guildId),
      question: text,
    };
    addPending(conversation, entry);
    const user = interaction.user;
    deliver({
      id: interaction.id,
      kind,
      conversation,
      // The actor (the person who typed the command or clicked the button) and the guild it happened in.
      user: { id: user.id, name: user.globalName ?? user.username },
      ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
      text,
      ...(command ? { command } : {}),
      ...(action ? { action } : {}),
      receivedAt: interaction.createdAt,
    });
  }

  function handleMessage(message: Message): void {
    if (message.author.bot || message.system || !client?.user) return;
    const channel = message.channel;
    let conversation: ConversationRef;
    if (channel.type === ChannelType.DM) {
      if (!directMessages) return;
      // A DM with the bot: the whole channel is one conversation, in the person's own space.
      conversation = { platform: 'discord', workspaceKey: dmKey(message.author.id), channelId: channel.id };
    } else {
      if (!threadRefinements || !channel.isThread()) return;
      const ours = threads.has(channel.id) || channel.ownerId === client.user.id;
      if (!ours) return;
      const parentId = channel.parentId ?? threads.get(channel.id) ?? channel.id;
      conversation = { platform: 'discord', workspaceKey: message.guildId ?? dmKey(message.author.id), channelId: parentId, threadId: channel.id };
    }
    const text = message.content.trim();
    if (!text) return; // without the Message Content intent Discord sends empty content (outside DMs)
    const cmd = /^\/(sql|help)\b\s*(.*)$/is.exec(text);
    const kind: MessageKind = cmd ? (cmd[1].toLowerCase() === 'sql' ? 'sql' : 'help') : 'question';
    deliver({
      id: message.id,
      kind,
      conversation,
      user: { id: message.author.id, name: message.author.globalName ?? message.author.username },
      ...(message.guildId ? { guildId: message.guildId } : {}),
      text: cmd ? cmd[2].trim() : text,
      receivedAt: message.createdAt,
    });
  }

  async function start(handler: MessageHandler): Promise<void> {
    if (client) throw new PlatformError('discord', 'the Discord adapter is already started', { retryable: false });
    onMessage = handler;
    if (opts.registerCommands ?? true) {
      const stored = await registerDiscordCommands({ token: opts.token, applicationId: opts.applicationId, apiUrl: opts.apiUrl, guildId: opts.guildId });
      logger.info({ commands: stored.map((c) => c.name) }, 'discord: slash commands registered');
    }
    const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];
    if (threadRefinements) intents.push(GatewayIntentBits.MessageContent);
    if (directMessages) intents.push(GatewayIntentBits.DirectMessages);
    const c = new Client({
      intents,
      // DM channels are not in the cache when their first message arrives; without this discord.js drops it.
      ...(directMessages ? { partials: [Partials.Channel] } : {}),
      allowedMentions: { parse: [] },
      rest: {
        ...(opts.apiUrl ? { api: opts.apiUrl } : {}),
        version: '10',
        retries: 1,
        // Rate limits go back to the delivery queue (PlatformError.retryAfterMs), except
        // for interaction callbacks, which must not wait.
        rejectOnRateLimit: (data: RateLimitData) => !data.route.startsWith('/interactions'),
      },
    });
    client = c;
    c.on(Events.InteractionCreate, (interaction) => {
      handleInteraction(interaction).catch((err: unknown) => logger.error({ err: toPlatformError(err, 'interaction', secrets) }, 'discord: interaction failed'));
    });
    if (threadRefinements || directMessages) {
      c.on(Events.MessageCreate, (message) => {
        try {
          handleMessage(message);
        } catch (err) {
          logger.error({ err: toPlatformError(err, 'message', secrets) }, 'discord: message event failed');
        }
      });
    }
    c.on(Events.Error, (err) => logger.error({ err: toPlatformError(err, 'gateway', secrets) }, 'discord: client error'));
    c.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'discord: gateway closed and will not reconnect'));
    const readyTimeoutMs = opts.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          const ready = new Promise<void>((resolve) => c.once(Events.ClientReady, () => resolve()));
          await c.login(opts.token);
          await ready;
        })(),
        new Promise<never>((_, reject) => {
          // The gateway closed for good before READY (bad token, refused intents…).
          c.once(Events.ShardDisconnect, (event) => reject(new PlatformError('discord', gatewayCloseMessage(event.code), { retryable: false })));
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new PlatformError('discord', `discord gateway not ready after ${readyTimeoutMs} ms`, { retryable: true })), readyTimeoutMs);
        }),
      ]);
      logger.info({ user: c.user?.tag, guilds: c.guilds.cache.size }, 'discord: connected');
    } catch (err) {
      client = undefined;
      await c.destroy().catch(() => undefined);
      throw toPlatformError(err, 'login', secrets);
    } finally {
      clearTimeout(timer);
    }
  }

  async function stop(): Promise<void> {
    const c = client;
    client = undefined;
    onMessage = undefined;
    pending.clear();
    originals.clear();
    if (c) await c.destroy();
  }

  return {
    platform: 'discord',
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true },
    start,
    stop,
    send,
    update,
  };
}
