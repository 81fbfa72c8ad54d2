/**
 * A loopback Discord: REST API v10 under `/api/v10` and a WebSocket gateway,
 * on one 127.0.0.1 port. It keeps guild, channels, messages, threads,
 * interactions and registered commands; records every REST call; and
 * refuses what Discord refuses (bad token → 401, over-long content → 400
 * with Discord's error JSON, late or repeated interaction callbacks, unknown
 * messages, duplicate threads, interaction tokens past 15 minutes). Interaction
 * webhooks take the original response and follow-ups. Tests act as users with `slashCommand`,
 * `clickButton` and `postMessage` (in a DM channel from `openDm` too).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeGateway, type FakeGateway } from './fake-gateway.ts';
import { DiscordHttpError, formError, validateCommand, validateMessageBody } from './validate-discord.ts';
import { type FakeChannel, type FakeMessage, type FakeUser, channelJson, guildCreatePayload, memberJson, messageJson, threadJson } from './fake-objects.ts';

export type { FakeAttachment, FakeChannel, FakeMessage, FakeUser } from './fake-objects.ts';

export interface FakeInteraction {
  id: string;
  token: string;
  type: 2 | 3;
  channelId: string;
  user: FakeUser;
  dispatchedAt: number;
  /** Callback type the bot answered with (5 = deferred message, 6 = deferred update…). */
  responseType?: number;
  respondedAt?: number;
  originalMessageId?: string;
  /** Follow-up messages sent through the interaction webhook. */
  followUps: string[];
  payload: Record<string, unknown>;
}

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, tokens replaced by `:token`. */
  route: string;
  status: number;
  body?: unknown;
  files?: string[];
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** Callbacks later than this after the dispatch get 404 Unknown interaction (Discord: 3 s). */
  interactionDeadlineMs?: number;
  /** Webhook calls with an interaction token older than this get 401 Invalid Webhook Token (Discord: 15 minutes). */
  interactionTokenTtlMs?: number;
  allowedPrivilegedIntents?: number;
  heartbeatIntervalMs?: number;
}

let sequence = 0n;
/** A Discord snowflake for "now". */
export function snowflake(): string {
  sequence = (sequence + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - 1420070400000n) << 22n) | (1n << 17n) | sequence).toString();
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}) {
  const token = opts.token ?? 'fake-bot-token.discord.test';
  const applicationId = opts.applicationId ?? '100000000000000001';
  const deadlineMs = opts.interactionDeadlineMs ?? 3000;
  const tokenTtlMs = opts.interactionTokenTtlMs ?? 15 * 60_000;
  const guildId = '200000000000000001';
  const bot: FakeUser = { id: applicationId, username: 'datalabs', global_name: null, discriminator: '0', bot: true };
  const defaultUser: FakeUser = { id: '300000000000000001', username: 'ada', global_name: 'Ada', discriminator: '0' };
  const general: FakeChannel = { id: '400000000000000001', type: 0, guild_id: guildId, name: 'general' };

  const channels = new Map<string, FakeChannel>([[general.id, general]]);
  const messages = new Map<string, FakeMessage>();
  const interactions = new Map<string, FakeInteraction>();
  const commands = new Map<string, Record<string, any>>();
  const calls: RecordedCall[] = [];
  const faults: { route: RegExp; status: number; retryAfterSec?: number }[] = [];
  /** Users seen by the fake (they can be DM'd), and those whose DMs are closed to the bot. */
  const users = new Map<string, FakeUser>([[defaultUser.id, defaultUser]]);
  const closedDms = new Set<string>();
  let port = 0;

  const gateway: FakeGateway = createFakeGateway({
    token: () => token,
    botUserId: bot.id,
    allowedPrivilegedIntents: opts.allowedPrivilegedIntents ?? 1 << 15,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    resumeUrl: () => `ws://127.0.0.1:${port}/gateway`,
    onIdentify: () => ({
      ready: { v: 10, user: bot, guilds: [{ id: guildId, unavailable: true }], shard: [0, 1], application: { id: applicationId, flags: 1 << 19 }, private_channels: [], relationships: [], presences: [], user_settings: {}, guild_join_requests: [], geo_ordered_rtc_regions: [] },
      guilds: [guildCreatePayload(guildId, bot, [...channels.values()].filter((c) => c.guild_id))],
    }),
  });

  function createMessage(channelId: string, author: FakeUser, body: Record<string, any>, files: FakeMessage['attachments'], extra: Partial<FakeMessage> = {}): FakeMessage {
    const channel = channels.get(channelId)!;
    const m: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      guild_id: channel.guild_id,
      author,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: files,
      flags: body.flags ?? 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: 0,
      ...extra,
    };
    messages.set(m.id, m);
    gateway.dispatch('MESSAGE_CREATE', { ...messageJson(m), channel_type: channel.type, ...(m.guild_id && !author.bot ? { member: memberJson(author) } : {}) });
    return m;
  }

  function editMessage(m: FakeMessage, body: Record<string, any>, files: FakeMessage['attachments']): FakeMessage {
    if ('content' in body) m.content = body.content ?? '';
    if ('embeds' in body) m.embeds = body.embeds ?? [];
    if ('components' in body) m.components = body.components ?? [];
    if (Array.isArray(body.attachments)) {
      const kept = m.attachments.filter((a) => body.attachments.some((b: { id: string }) => String(b.id) === a.id));
      m.attachments = [...kept, ...files];
    } else m.attachments = [...m.attachments, ...files];
    if ('flags' in body) m.flags = body.flags ?? 0;
    m.flags &= ~128; // an edited deferred response is no longer "thinking"
    m.edited_timestamp = new Date().toISOString();
    if (!m.content && m.embeds.length === 0 && m.attachments.length === 0 && m.components.length === 0) {
      throw new DiscordHttpError(400, { message: 'Cannot send an empty message', code: 50006 });
    }
    gateway.dispatch('MESSAGE_UPDATE', { ...messageJson(m), channel_type: channels.get(m.channel_id)?.type });
    return m;
  }

  async function readBody(req: http.IncomingMessage): Promise<{ json: Record<string, any>; files: FakeMessage['attachments'] }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (raw.length === 0) return { json: {}, files: [] };
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
      const payload = form.get('payload_json');
      const json = typeof payload === 'string' ? JSON.parse(payload) : {};
      const files: FakeMessage['attachments'] = [];
      for (const [key, value] of form.entries()) {
        const m = /^files\[(\d+)\]$/.exec(key);
        if (!m || typeof value === 'string') continue;
        const meta = (json.attachments ?? []).find((a: { id: string | number }) => String(a.id) === m[1]) ?? {};
        const data = Buffer.from(await value.arrayBuffer());
        files.push({ id: snowflake(), filename: meta.filename ?? value.name, size: data.length, content_type: value.type || 'application/octet-stream', description: meta.description, data });
      }
      return { json, files };
    }
    if (!type.startsWith('application/json')) throw new DiscordHttpError(400, { message: '400: Bad Request', code: 0 });
    try {
      return { json: JSON.parse(raw.toString('utf8')), files: [] };
    } catch {
      throw new DiscordHttpError(400, { message: 'The request body contains invalid JSON.', code: 50109 });
    }
  }

  function requireBot(req: http.IncomingMessage): void {
    if (req.headers.authorization !== `Bot ${token}`) throw new DiscordHttpError(401, { message: '401: Unauthorized', code: 0 });
  }

  function interactionByToken(appId: string, itoken: string): FakeInteraction {
    const found = [...interactions.values()].find((i) => i.token === itoken);
    if (appId !== applicationId || !found) throw new DiscordHttpError(404, { message: 'Unknown Webhook', code: 10015 });
    if (Date.now() - found.dispatchedAt > tokenTtlMs) throw new DiscordHttpError(401, { message: 'Invalid Webhook Token', code: 50027 });
    return found;
  }

  function original(i: FakeInteraction): FakeMessage {
    const m = i.originalMessageId ? messages.get(i.originalMessageId) : undefined;
    if (!m) throw new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 });
    return m;
  }

  /** A message written through the interaction's webhook (its original response or a follow-up). */
  function webhookMessage(i: FakeInteraction, messageId: string): FakeMessage {
    const m = messages.get(messageId);
    if (!m || (messageId !== i.originalMessageId && !i.followUps.includes(messageId))) throw new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 });
    return m;
  }

  type Handler = (req: http.IncomingMessage, m: RegExpExecArray, body: { json: Record<string, any>; files: FakeMessage['attachments'] }, query: URLSearchParams) => unknown;
  const routes: [string, RegExp, Handler, boolean][] = [
    ['GET', /^\/gateway\/bot$/, () => ({ url: `ws://127.0.0.1:${port}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }), true],
    ['GET', /^\/gateway$/, () => ({ url: `ws://127.0.0.1:${port}/gateway` }), false],
    ['PUT', /^\/applications\/(\d+)\/(?:guilds\/(\d+)\/)?commands$/, (_req, m, { json }) => {
      if (m[1] !== applicationId) throw new DiscordHttpError(403, { message: 'Missing Access', code: 50001 });
      if (!Array.isArray(json)) throw formError({ _errors: [{ code: 'LIST_TYPE_CONVERT', message: 'Only iterables may be used in a ListType' }] });
      const tree: Record<string, any> = {};
      json.forEach((c, i) => validateCommand(c, i, tree));
      if (Object.keys(tree).length) throw formError(tree);
      commands.clear();
      return json.map((c) => {
        const stored = { id: snowflake(), application_id: applicationId, version: snowflake(), type: 1, default_member_permissions: null, ...(m[2] ? { guild_id: m[2] } : {}), ...c };
        commands.set(c.name, stored);
        return stored;
      });
    }, true],
    ['GET', /^\/applications\/(\d+)\/commands$/, () => [...commands.values()], true],
    ['GET', /^\/channels\/(\d+)$/, (_req, m) => {
      const ch = channels.get(m[1]);
      if (!ch) throw new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 });
      return ch.type === 11 ? threadJson(ch) : channelJson(ch);
    }, true],
    // A DM channel with a user (created on first use), as the bot opens one to write to them.
    ['POST', /^\/users\/@me\/channels$/, (_req, _m, { json }) => {
      const recipient = typeof json.recipient_id === 'string' ? users.get(json.recipient_id) : undefined;
      if (!recipient) throw formError({ recipient_id: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "unknown" is not snowflake.' }] } });
      return channelJson(openDm(recipient));
    }, true],
    ['POST', /^\/channels\/(\d+)\/messages$/, (_req, m, { json, files }) => {
      if (!channels.has(m[1])) throw new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 });
      const dmWith = channels.get(m[1])!.recipients?.[0]?.id;
      if (dmWith && closedDms.has(dmWith)) throw new DiscordHttpError(403, { message: 'Cannot send messages to this user', code: 50007 });
      validateMessageBody(json, { files: files.length });
      return messageJson(createMessage(m[1], bot, json, files));
    }, true],
    ['PATCH', /^\/channels\/(\d+)\/messages\/(\d+)$/, (_req, m, { json, files }) => {
      const msg = messages.get(m[2]);
      if (!msg || msg.channel_id !== m[1]) throw new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 });
      if (msg.author.id !== bot.id) throw new DiscordHttpError(403, { message: 'Cannot edit a message authored by another user', code: 50005 });
      validateMessageBody(json, { files: files.length, edit: true });
      return messageJson(editMessage(msg, json, files));
    }, true],
    ['POST', /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/, (_req, m, { json }) => {
      const parent = channels.get(m[1]);
      const msg = messages.get(m[2]);
      if (!parent) throw new DiscordHttpError(404, { message: 'Unknown Channel', code: 10003 });
      if (!msg || msg.channel_id !== parent.id) throw new DiscordHttpError(404, { message: 'Unknown Message', code: 10008 });
      if (parent.type !== 0 && parent.type !== 5) throw new DiscordHttpError(400, { message: 'Cannot execute action on this channel type', code: 50024 });
      if (typeof json.name !== 'string') throw formError({ name: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] } });
      if (json.name.length < 1 || json.name.length > 100) throw formError({ name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] } });
      if (msg.flags & 64) throw new DiscordHttpError(400, { message: 'Cannot execute action on this message type', code: 50021 });
      if (channels.has(msg.id)) throw new DiscordHttpError(400, { message: 'A thread has already been created for this message', code: 160004 });
      // A thread started from a message has that message's id.
      const thread: FakeChannel = { id: msg.id, type: parent.type === 5 ? 10 : 11, guild_id: parent.guild_id, name: json.name, parent_id: parent.id, owner_id: bot.id, auto_archive_duration: json.auto_archive_duration ?? 4320 };
      channels.set(thread.id, thread);
      msg.thread_id = thread.id;
      gateway.dispatch('THREAD_CREATE', { ...threadJson(thread), newly_created: true });
      return threadJson(thread);
    }, true],
    ['POST', /^\/interactions\/(\d+)\/([^/]+)\/callback$/, (_req, m, { json }, query) => {
      const i = interactions.get(m[1]);
      if (!i || i.token !== m[2]) throw new DiscordHttpError(404, { message: 'Unknown interaction', code: 10062 });
      if (Date.now() - i.dispatchedAt > deadlineMs) throw new DiscordHttpError(404, { message: 'Unknown interaction', code: 10062 });
      if (i.responseType !== undefined) throw new DiscordHttpError(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      const type = json.type;
      if (![4, 5, 6, 7].includes(type)) throw formError({ type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.' }] } });
      if ((type === 6 || type === 7) && i.type !== 3) throw new DiscordHttpError(400, { message: 'Interaction responses of type 6 and 7 are only valid for component interactions', code: 50035 });
      if (type === 4) validateMessageBody(json.data ?? {}, { files: 0 });
      i.responseType = type;
      i.respondedAt = Date.now();
      if (type === 4 || type === 5) {
        const flags = (json.data?.flags ?? 0) | (type === 5 ? 128 : 0);
        const msg = createMessage(i.channelId, bot, { ...(type === 4 ? json.data : {}), flags }, [], { type: i.type === 2 ? 20 : 19, webhook_id: applicationId, application_id: applicationId, interaction_metadata: { id: i.id, type: i.type, user: i.user, authorizing_integration_owners: { '0': channels.get(i.channelId)!.guild_id } } });
        i.originalMessageId = msg.id;
      }
      if (query.get('with_response') !== 'true') return undefined;
      const msg = i.originalMessageId ? messages.get(i.originalMessageId) : undefined;
      return { interaction: { id: i.id, type: i.type, response_message_id: msg?.id, response_message_loading: type === 5, response_message_ephemeral: Boolean((msg?.flags ?? 0) & 64) }, resource: { type, ...(msg ? { message: messageJson(msg) } : {}) } };
    }, false],
    ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (_req, m) => messageJson(original(interactionByToken(m[1], m[2]))), false],
    ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/, (_req, m, { json, files }) => {
      const msg = original(interactionByToken(m[1], m[2]));
      validateMessageBody(json, { files: files.length, edit: true });
      return messageJson(editMessage(msg, json, files));
    }, false],
    // Follow-up messages: only after the interaction was answered; they go to the interaction's channel.
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (_req, m, { json, files }) => {
      const i = interactionByToken(m[1], m[2]);
      if (i.responseType === undefined) throw new DiscordHttpError(404, { message: 'Unknown Webhook', code: 10015 });
      validateMessageBody(json, { files: files.length });
      const msg = createMessage(i.channelId, bot, json, files, { webhook_id: applicationId, application_id: applicationId });
      i.followUps.push(msg.id);
      return messageJson(msg);
    }, false],
    ['GET', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/, (_req, m) => messageJson(webhookMessage(interactionByToken(m[1], m[2]), m[3])), false],
    ['PATCH', /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(\d+)$/, (_req, m, { json, files }) => {
      const msg = webhookMessage(interactionByToken(m[1], m[2]), m[3]);
      validateMessageBody(json, { files: files.length, edit: true });
      return messageJson(editMessage(msg, json, files));
    }, false],
  ];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = decodeURIComponent(url.pathname).replace(/^\/api\/v10(?=\/)/, '');
    const recorded: RecordedCall = { method: req.method ?? 'GET', route: route.replace(/(\/(?:webhooks|interactions)\/\d+\/)[^/]+/, '$1:token'), status: 0 };
    calls.push(recorded);
    const reply = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      recorded.status = status;
      if (body === undefined) res.writeHead(status, headers).end();
      else res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    try {
      if (!url.pathname.startsWith('/api/v10/')) throw new DiscordHttpError(404, { message: '404: Not Found', code: 0 });
      const match = routes.map(([method, re, handler, auth]) => ({ method, m: re.exec(route), handler, auth })).filter((r) => r.m);
      const hit = match.find((r) => r.method === req.method);
      if (!hit) throw match.length ? new DiscordHttpError(405, { message: '405: Method Not Allowed', code: 0 }) : new DiscordHttpError(404, { message: '404: Not Found', code: 0 });
      if (hit.auth) requireBot(req);
      const faultAt = faults.findIndex((f) => f.route.test(`${req.method} ${route}`));
      if (faultAt >= 0) {
        const [fault] = faults.splice(faultAt, 1);
        if (fault.status === 429) {
          const after = String(fault.retryAfterSec ?? 0.05);
          return reply(429, { message: 'You are being rate limited.', retry_after: Number(after), global: false }, { 'retry-after': after, 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': after, 'x-ratelimit-bucket': 'fake-bucket', 'x-ratelimit-scope': 'user' });
        }
        return reply(fault.status, { message: `${fault.status}: Server Error`, code: 0 });
      }
      const body = await readBody(req);
      recorded.body = body.json;
      recorded.files = body.files.map((f) => f.filename);
      const out = await hit.handler(req, hit.m!, body, url.searchParams);
      reply(out === undefined ? 204 : 200, out);
    } catch (err) {
      if (err instanceof DiscordHttpError) reply(err.status, err.body);
      else reply(500, { message: `500: ${(err as Error).message}`, code: 0 });
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/gateway') return socket.destroy();
    gateway.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  /**
   * The DM channel between `user` and the bot (type 1, no guild), created on first use. Discord does not announce
   * it: its first MESSAGE_CREATE (needing the Direct Messages intent) is the first the bot hears of it.
   */
  function openDm(user: FakeUser = defaultUser): FakeChannel {
    users.set(user.id, user);
    const existing = [...channels.values()].find((c) => c.type === 1 && c.recipients?.[0]?.id === user.id);
    if (existing) return existing;
    const dm: FakeChannel = { id: snowflake(), type: 1, name: '', recipients: [user] };
    channels.set(dm.id, dm);
    return dm;
  }

  function dispatchInteraction(type: 2 | 3, channelId: string, user: FakeUser, data: Record<string, unknown>, extra: Record<string, unknown> = {}): FakeInteraction {
    const channel = channels.get(channelId);
    if (!channel) throw new Error(`fake discord: no channel ${channelId}`);
    const id = snowflake();
    const itoken = `aW50ZXJhY3Rpb246${id}${Math.random().toString(36).slice(2)}`;
    // In a guild: guild_id and member. In a DM with the bot (channel type 1): no guild, `user` instead of `member`, context 1 (BOT_DM).
    const where = channel.guild_id
      ? { guild_id: channel.guild_id, member: { ...memberJson(user), permissions: '2248473465835073' }, guild_locale: 'en-US', authorizing_integration_owners: { '0': channel.guild_id }, context: 0 }
      : { user, authorizing_integration_owners: { '0': '0' }, context: 1 };
    const payload = {
      id, application_id: applicationId, type, data, token: itoken, version: 1,
      channel_id: channelId, channel: channel.type === 11 ? threadJson(channel) : channelJson(channel),
      ...where, app_permissions: '2248473465835073',
      locale: 'en-US', entitlements: [], attachment_size_limit: 10_485_760,
      ...extra,
    };
    users.set(user.id, user);
    const i: FakeInteraction = { id, token: itoken, type, channelId, user, dispatchedAt: Date.now(), followUps: [], payload };
    interactions.set(id, i);
    if (gateway.dispatch('INTERACTION_CREATE', payload) === 0) throw new Error('fake discord: no gateway session to receive the interaction');
    return i;
  }

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: `ws://127.0.0.1:${port}/gateway`,
    token,
    applicationId,
    guildId,
    bot,
    defaultUser,
    general,
    calls,
    channels,
    messages,
    interactions,
    commands,
    gateway,
    /** The next request matching `route` ("METHOD /path") fails with `status` (429 carries retry_after). */
    failNext(route: RegExp, status: number, retryAfterSec?: number): void {
      faults.push({ route, status, retryAfterSec });
    },
    /** A user runs a registered slash command; options are string options. In a DM channel (`openDm`) it is a DM interaction. */
    slashCommand(name: string, options: Record<string, string> = {}, at: { channelId?: string; user?: FakeUser } = {}): FakeInteraction {
      const cmd = commands.get(name);
      if (!cmd) throw new Error(`fake discord: /${name} is not registered, Discord would not offer it`);
      for (const o of cmd.options ?? []) if (o.required && !(o.name in options)) throw new Error(`fake discord: /${name} needs ${o.name}`);
      return dispatchInteraction(2, at.channelId ?? general.id, at.user ?? defaultUser, {
        id: cmd.id, name, type: 1, ...(Object.keys(options).length ? { options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v })) } : {}),
      });
    },
    /** Ages an interaction's token past its lifetime: its webhook calls then get 401 Invalid Webhook Token. */
    expireToken(interactionId: string): void {
      const i = interactions.get(interactionId);
      if (!i) throw new Error(`fake discord: no interaction ${interactionId}`);
      i.dispatchedAt = Date.now() - tokenTtlMs - 1;
    },
    /** A user clicks a button of a message (it must exist on that message). */
    clickButton(messageId: string, customId: string, at: { user?: FakeUser } = {}): FakeInteraction {
      const msg = messages.get(messageId);
      if (!msg) throw new Error(`fake discord: no message ${messageId}`);
      const exists = msg.components.some((row) => row.components?.some((c: { custom_id?: string }) => c.custom_id === customId));
      if (!exists) throw new Error(`fake discord: message ${messageId} has no button ${customId}`);
      return dispatchInteraction(3, msg.channel_id, at.user ?? defaultUser, { custom_id: customId, component_type: 2 }, { message: messageJson(msg) });
    },
    /** A user posts a message in a channel or thread. */
    postMessage(channelId: string, content: string, user: FakeUser = defaultUser): FakeMessage {
      if (!channels.has(channelId)) throw new Error(`fake discord: no channel ${channelId}`);
      users.set(user.id, user);
      return createMessage(channelId, user, { content }, []);
    },
    /** The DM channel between `user` and the bot (see `openDm` above). */
    openDm,
    /** The user allows no DMs from the bot (privacy settings): messages to their DM channel get 403, code 50007. */
    closeDms(userId: string): void {
      closedDms.add(userId);
    },
    /** Messages in a channel, oldest first. */
    channelMessages(channelId: string): FakeMessage[] {
      return [...messages.values()].filter((m) => m.channel_id === channelId);
    },
    async close(): Promise<void> {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;
