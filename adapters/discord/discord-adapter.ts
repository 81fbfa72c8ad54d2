/**
 * Discord adapter: the thin composition of the transport (discord.js over the
 * gateway, for receiving), `inbound.ts` (events → `ChatMessage`) and
 * `outbound.ts` (`Reply` → REST calls). `/ask`, `/sql`, `/help`, `/datalabs`
 * and the answer buttons arrive as interactions, are deferred at once and
 * answered by editing the deferred response through the interaction webhook;
 * each `/ask` answer opens a thread on itself, and plain messages in that
 * thread are refinements. Plain messages in a DM with the bot are questions.
 *
 * It keeps no conversation state of its own: what an answer needs travels in
 * the message's `replyHandle` and the `SentRef.handle`, and the threads the bot
 * opened are in the shared `AdapterMemory`. So `send` / `update` work in a
 * process that never called `start()` (`datalabs worker`, another replica).
 */
import { Client, Events, GatewayIntentBits, Partials, REST, type RateLimitData, type RESTOptions } from 'discord.js';
import type { AdapterMemory, ChatAdapter, MessageHandler } from '../../bot/contracts/chat.ts';
import { PlatformError } from '../../bot/contracts/chat.ts';
import type { Logger } from '../../bot/contracts/logger.ts';
import { registerDiscordCommands } from './commands.ts';
import { toPlatformError } from './errors.ts';
import { receiveInteraction, receiveMessage, type DiscordInboundDeps } from './inbound.ts';
import { createDiscordOutbound } from './outbound.ts';

/** `{ ...config.discord, memory, logger }` from the composition root, plus test and deployment switches. */
export interface DiscordAdapterOptions {
  /** Bot token (DISCORD_TOKEN). Never logged. */
  token: string;
  /** DISCORD_APPLICATION_ID. */
  applicationId: string;
  /** REST base including `/api` (DISCORD_API_URL); default https://discord.com/api. The gateway URL comes from GET /gateway/bot. */
  apiUrl?: string;
  /** What the adapter remembers between messages (threads it opened), shared by every process. */
  memory: AdapterMemory;
  logger?: Logger;
  /** Register the slash commands at start (default true). */
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
}

const NOOP_LOGGER: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => NOOP_LOGGER };

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

/** REST settings shared by the gateway client and the outbound client. */
function restOptions(apiUrl: string | undefined): Partial<RESTOptions> {
  return {
    ...(apiUrl ? { api: apiUrl } : {}),
    version: '10',
    retries: 1,
    // Rate limits go back to the delivery queue (PlatformError.retryAfterMs), except
    // for interaction callbacks, which must not wait.
    rejectOnRateLimit: (data: RateLimitData) => !data.route.startsWith('/interactions'),
  };
}

/** The Discord adapter; `send` / `update` work without `start()`. */
export function createDiscordAdapter(opts: DiscordAdapterOptions): ChatAdapter {
  const logger = opts.logger ?? NOOP_LOGGER;
  const secrets = [opts.token];
  const threadRefinements = opts.threadRefinements ?? true;
  const directMessages = opts.directMessages ?? true;
  // Transport only: REST for every outbound call, the gateway client once started.
  const rest = new REST(restOptions(opts.apiUrl)).setToken(opts.token);
  const outbound = createDiscordOutbound({ rest, applicationId: opts.applicationId, memory: opts.memory, logger, secrets });
  let client: Client | undefined;

  async function start(handler: MessageHandler): Promise<void> {
    if (client) throw new PlatformError('discord', 'the Discord adapter is already started', { retryable: false });
    if (opts.registerCommands ?? true) {
      const stored = await registerDiscordCommands({ token: opts.token, applicationId: opts.applicationId, rest, guildId: opts.guildId });
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
      rest: restOptions(opts.apiUrl),
    });
    client = c;
    const deps: DiscordInboundDeps = { onMessage: handler, outbound, logger, secrets, botUserId: () => c.user?.id, directMessages, threadRefinements };
    c.on(Events.InteractionCreate, (interaction) => {
      receiveInteraction(interaction, deps).catch((err: unknown) => logger.error({ err: toPlatformError(err, 'interaction', secrets) }, 'discord: interaction failed'));
    });
    if (threadRefinements || directMessages) {
      c.on(Events.MessageCreate, (message) => {
        receiveMessage(message, deps).catch((err: unknown) => logger.error({ err: toPlatformError(err, 'message', secrets) }, 'discord: message event failed'));
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
    if (c) await c.destroy();
  }

  return {
    platform: 'discord',
    capabilities: { images: true, buttons: true, threads: true, editMessages: true, files: true, privateReplies: 'ephemeral' },
    start,
    stop,
    send: outbound.send,
    update: outbound.update,
  };
}
