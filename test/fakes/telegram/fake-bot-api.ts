/**
 * A loopback fake of the Telegram Bot API (https://core.telegram.org/bots/api)
 * for tests: `POST /bot<token>/<method>` with JSON, form or multipart bodies,
 * long polling (getUpdates) and webhook delivery (with the secret header).
 * It keeps each chat's messages and rejects what Telegram rejects: a bad
 * token (401 Unauthorized), missing fields, over-long text or captions,
 * HTML it cannot parse, oversized callback data. Tests drive users with
 * `userSends` / `userPresses` and read what a user would see.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParsedEntity } from './parse-html.ts';
import { ApiError, bad, checkMarkup, formatted, parseJsonField, userEntities, type InlineMarkup } from './bot-api-rules.ts';
import { parseMultipart, type UploadedFile } from './parse-multipart.ts';

export interface FakeChat {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
}

export interface FakeUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
}

export interface FakeMessage {
  chatId: number;
  messageId: number;
  from: 'bot' | 'user';
  user: FakeUser;
  /** Visible text (entities parsed) of a text message. */
  text?: string;
  caption?: string;
  entities: ParsedEntity[];
  photo?: { filename: string; bytes: number };
  document?: { filename: string; bytes: number; data: Buffer };
  replyMarkup?: InlineMarkup;
  replyTo?: number;
  deleted: boolean;
  edited: number;
  date: number;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  status: number;
  description?: string;
}

export interface InjectedError {
  status: number;
  description: string;
  retryAfterSec?: number;
  /** Let this many calls of the method succeed first. */
  skip?: number;
}

export interface FakeBotApi {
  /** The apiRoot to give telegraf. */
  readonly url: string;
  readonly token: string;
  readonly bot: FakeUser;
  readonly calls: ApiCall[];
  readonly messages: FakeMessage[];
  readonly webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | undefined;
  readonly commands: { command: string; description: string }[];
  /** Webhook deliveries: update id and the HTTP status our server answered. */
  readonly deliveries: { updateId: number; status: number }[];
  /** True while a getUpdates long poll is being held open. */
  readonly polling: boolean;
  /** Where webhooks are really delivered (an http origin standing in for the https URL). */
  setWebhookTarget(origin: string): void;
  /** A user writes in a chat; resolves with the queued update id and message. */
  userSends(chat: FakeChat, text: string, opts?: { replyTo?: number; user?: FakeUser }): { updateId: number; message: FakeMessage };
  /** A user presses an inline button of a bot message. */
  userPresses(chat: FakeChat, messageId: number, callbackData: string, opts?: { user?: FakeUser }): { updateId: number; queryId: string };
  /** Delivers an update again (a webhook retry, a replayed poll). */
  redeliver(updateId: number): void;
  /** Queues a raw update of any shape (malformed-input tests); only `update_id` is assigned. */
  injectUpdate(fields: Record<string, unknown>): { updateId: number };
  /** Resolves when the bot has consumed the update (poll offset moved past it, or the webhook answered). */
  processed(updateId: number): Promise<{ status?: number }>;
  /** The next call of `method` fails like this (429 with retry_after, 5xx, …). */
  failNext(method: string, error: InjectedError): void;
  chatMessages(chatId: number): FakeMessage[];
  close(): Promise<void>;
}

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;




export async function createFakeBotApi(opts: { token?: string; botId?: number; username?: string } = {}): Promise<FakeBotApi> {
  const botId = opts.botId ?? 7000001;
  const token = opts.token ?? `${botId}:AAFakeTokenForTests_0123456789`;
  const bot: FakeUser = { id: botId, is_bot: true, first_name: 'Datalabs', username: opts.username ?? 'datalabs_test_bot' };
  const calls: ApiCall[] = [];
  const messages: FakeMessage[] = [];
  const chats = new Map<number, FakeChat & { nextId: number }>();
  const updates: { update_id: number; [k: string]: unknown }[] = [];
  const confirmed = new Set<number>();
  /** Redelivered updates waiting for a poll, whatever its offset (a bot that crashed before confirming). */
  const replays = new Set<number>();
  const waiters = new Map<number, ((r: { status?: number }) => void)[]>();
  const queries = new Map<string, { answered: boolean }>();
  const injected = new Map<string, InjectedError[]>();
  const deliveries: { updateId: number; status: number }[] = [];
  let webhook: FakeBotApi['webhook'];
  let webhookTarget: string | undefined;
  let commands: { command: string; description: string }[] = [];
  let nextUpdateId = 100;
  let nextQueryId = 1;
  let heldPoll: { res: http.ServerResponse; timer: NodeJS.Timeout; offset: number; limit: number } | undefined;
  let deliveryChain = Promise.resolve();
  const defaultUser: FakeUser = { id: 4242, is_bot: false, first_name: 'Ada', username: 'ada' };
  /** Users who wrote somewhere; their private chat with the bot exists only once they wrote there (chat id = user id). */
  const knownUsers = new Set<number>();

  function chatOf(chat: FakeChat) {
    let c = chats.get(chat.id);
    if (!c) chats.set(chat.id, (c = { ...chat, nextId: 1 }));
    return c;
  }

  function settle(updateId: number, status?: number) {
    confirmed.add(updateId);
    for (const w of waiters.get(updateId) ?? []) w({ status });
    waiters.delete(updateId);
  }

  function pending(offset: number, limit: number) {
    const batch = updates.filter((u) => (u.update_id >= offset || replays.has(u.update_id)) && !confirmed.has(u.update_id)).slice(0, limit);
    for (const u of batch) replays.delete(u.update_id);
    return batch;
  }

  function wirePoll() {
    if (!heldPoll) return;
    const batch = pending(heldPoll.offset, heldPoll.limit);
    if (!batch.length) return;
    const { res, timer } = heldPoll;
    heldPoll = undefined;
    clearTimeout(timer);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: batch }));
  }

  function deliverWebhook(update: { update_id: number }) {
    deliveryChain = deliveryChain.then(async () => {
      if (!webhook) return;
      const registered = new URL(webhook.url);
      const target = webhookTarget ? new URL(registered.pathname + registered.search, webhookTarget) : registered;
      let status: number;
      try {
        const res = await fetch(target, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(webhook.secretToken ? { 'x-telegram-bot-api-secret-token': webhook.secretToken } : {}) },
          body: JSON.stringify(update),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0;
      }
      deliveries.push({ updateId: update.update_id, status });
      settle(update.update_id, status);
    });
  }

  function enqueue(update: { update_id: number; [k: string]: unknown }) {
    updates.push(update);
    if (webhook) deliverWebhook(update);
    else wirePoll();
  }

  function toWire(m: FakeMessage, depth = 0): Record<string, unknown> {
    const chat = chats.get(m.chatId)!;
    const wire: Record<string, unknown> = {
      message_id: m.messageId,
      date: m.date,
      chat: { id: chat.id, type: chat.type, ...(chat.title ? { title: chat.title } : {}) },
      from: m.user,
    };
    if (m.text !== undefined) wire.text = m.text;
    if (m.caption !== undefined) wire.caption = m.caption;
    if (m.entities.length) wire[m.text !== undefined ? 'entities' : 'caption_entities'] = m.entities;
    if (m.photo) wire.photo = [{ file_id: `photo-${m.messageId}`, file_unique_id: `p${m.messageId}`, width: 800, height: 450, file_size: m.photo.bytes }];
    if (m.document) wire.document = { file_id: `doc-${m.messageId}`, file_unique_id: `d${m.messageId}`, file_name: m.document.filename, file_size: m.document.bytes };
    if (m.replyMarkup) wire.reply_markup = m.replyMarkup;
    if (m.replyTo !== undefined && depth === 0) {
      const parent = messages.find((x) => x.chatId === m.chatId && x.messageId === m.replyTo);
      if (parent) wire.reply_to_message = toWire(parent, 1);
    }
    return wire;
  }

  function findMessage(chatId: unknown, messageId: unknown): FakeMessage | undefined {
    return messages.find((m) => m.chatId === Number(chatId) && m.messageId === Number(messageId) && !m.deleted);
  }

  function requireChat(params: Record<string, unknown>) {
    if (params.chat_id === undefined || params.chat_id === '') throw bad('chat_id is empty');
    const chat = chats.get(Number(params.chat_id));
    // A user the bot has seen (in a group) but who never started a private chat with it: Telegram refuses.
    if (!chat && knownUsers.has(Number(params.chat_id))) throw new ApiError(403, "Forbidden: bot can't initiate conversation with a user");
    if (!chat) throw bad('chat not found');
    return chat;
  }



  function replyTarget(chatId: number, params: Record<string, unknown>): number | undefined {
    const rp = params.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    const id = rp?.message_id ?? (params.reply_to_message_id as number | undefined);
    if (id === undefined) return undefined;
    if (!findMessage(chatId, id)) {
      if (rp?.allow_sending_without_reply || params.allow_sending_without_reply) return undefined;
      throw bad('message to be replied not found');
    }
    return Number(id);
  }

  function addBotMessage(chat: { id: number; nextId: number }, fields: Partial<FakeMessage>): FakeMessage {
    const m: FakeMessage = { chatId: chat.id, messageId: chat.nextId++, from: 'bot', user: bot, entities: [], deleted: false, edited: 0, date: Math.floor(Date.now() / 1000), ...fields };
    messages.push(m);
    return m;
  }

  function handle(method: string, params: Record<string, unknown>, files: Record<string, UploadedFile>, res: http.ServerResponse): unknown {
    switch (method) {
      case 'getMe':
        return { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'getUpdates': {
        if (webhook) throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
        const offset = Number(params.offset ?? 0);
        const limit = Math.min(100, Number(params.limit ?? 100)) || 100;
        for (const u of updates) if (u.update_id < offset && !confirmed.has(u.update_id) && !replays.has(u.update_id)) settle(u.update_id);
        if (heldPoll) {
          const old = heldPoll;
          heldPoll = undefined;
          clearTimeout(old.timer);
          old.res.writeHead(409, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }));
        }
        const batch = pending(offset, limit);
        const timeoutSec = Number(params.timeout ?? 0);
        if (batch.length || timeoutSec <= 0) return batch;
        const timer = setTimeout(() => {
          if (heldPoll?.res === res) heldPoll = undefined;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: [] }));
        }, timeoutSec * 1000);
        heldPoll = { res, timer, offset, limit };
        res.on('close', () => {
          if (heldPoll?.res === res) {
            clearTimeout(timer);
            heldPoll = undefined;
          }
        });
        return undefined; // answered later
      }
      case 'setWebhook': {
        const url = String(params.url ?? '');
        if (!url) {
          webhook = undefined;
          return true;
        }
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw bad('bad webhook: invalid URL');
        }
        if (parsed.protocol !== 'https:') throw bad('bad webhook: An HTTPS URL must be provided for webhook');
        if (parsed.port && !['80', '88', '443', '8443'].includes(parsed.port)) throw bad('bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443');
        const secret = params.secret_token === undefined ? undefined : String(params.secret_token);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw bad('bad webhook: secret token contains unallowed characters');
        webhook = { url, secretToken: secret, allowedUpdates: params.allowed_updates as string[] | undefined };
        for (const u of updates) if (!confirmed.has(u.update_id)) deliverWebhook(u);
        return true;
      }
      case 'deleteWebhook':
        webhook = undefined;
        if (params.drop_pending_updates) for (const u of updates) settle(u.update_id);
        return true;
      case 'getWebhookInfo':
        return { url: webhook?.url ?? '', has_custom_certificate: false, pending_update_count: updates.filter((u) => !confirmed.has(u.update_id)).length };
      case 'setMyCommands': {
        const list = params.commands;
        if (!Array.isArray(list)) throw bad('parameter "commands" is required');
        if (list.length > 100) throw bad('too many commands');
        for (const c of list as { command?: string; description?: string }[]) {
          if (!c.command || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad('BOT_COMMAND_INVALID');
          if (!c.description || c.description.length > 256) throw bad('command description is empty');
        }
        commands = list as typeof commands;
        return true;
      }
      case 'sendMessage': {
        const chat = requireChat(params);
        if (params.text === undefined || String(params.text).trim() === '') throw bad('message text is empty');
        const { text, entities } = formatted(params, 'text');
        if (text.length > TEXT_LIMIT) throw bad('message is too long');
        if (!text.trim()) throw bad('message text is empty');
        const replyMarkup = checkMarkup(params.reply_markup);
        const replyTo = replyTarget(chat.id, params);
        return toWire(addBotMessage(chat, { text, entities, replyMarkup, replyTo }));
      }
      case 'sendPhoto':
      case 'sendDocument': {
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        const chat = requireChat(params);
        const file = files[field];
        if (!file && typeof params[field] !== 'string') throw bad(`there is no ${field} in the request`);
        if (file && file.data.length === 0) throw bad('file must be non-empty');
        if (field === 'photo' && file) {
          const png = file.data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
          const jpeg = file.data[0] === 0xff && file.data[1] === 0xd8;
          if (!png && !jpeg) throw bad('IMAGE_PROCESS_FAILED');
          if (file.data.length > 10 * 1024 * 1024) throw bad('PHOTO_INVALID_DIMENSIONS');
        }
        const { text, entities } = formatted(params, 'caption');
        if (text.length > CAPTION_LIMIT) throw bad('message caption is too long');
        const replyMarkup = checkMarkup(params.reply_markup);
        const replyTo = replyTarget(chat.id, params);
        const filename = file?.filename ?? String(params[field]);
        const m = addBotMessage(chat, {
          caption: text || undefined,
          entities,
          replyMarkup,
          replyTo,
          ...(field === 'photo' ? { photo: { filename, bytes: file?.data.length ?? 0 } } : { document: { filename, bytes: file?.data.length ?? 0, data: file?.data ?? Buffer.alloc(0) } }),
        });
        return toWire(m);
      }
      case 'editMessageText': {
        requireChat(params);
        const m = findMessage(params.chat_id, params.message_id);
        if (!m || m.from !== 'bot') throw bad('message to edit not found');
        if (m.text === undefined) throw bad('there is no text in the message to edit');
        if (params.text === undefined || String(params.text).trim() === '') throw bad('message text is empty');
        const { text, entities } = formatted(params, 'text');
        if (text.length > TEXT_LIMIT) throw bad('message is too long');
        const replyMarkup = checkMarkup(params.reply_markup);
        if (text === m.text && JSON.stringify(replyMarkup) === JSON.stringify(m.replyMarkup)) {
          throw bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        Object.assign(m, { text, entities, replyMarkup, edited: m.edited + 1 });
        return toWire(m);
      }
      case 'editMessageCaption': {
        requireChat(params);
        const m = findMessage(params.chat_id, params.message_id);
        if (!m || m.from !== 'bot') throw bad('message to edit not found');
        if (!m.photo && !m.document) throw bad('there is no caption in the message to edit');
        const { text, entities } = formatted(params, 'caption');
        if (text.length > CAPTION_LIMIT) throw bad('message caption is too long');
        const replyMarkup = checkMarkup(params.reply_markup);
        if (text === (m.caption ?? '') && JSON.stringify(replyMarkup) === JSON.stringify(m.replyMarkup)) {
          throw bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
        }
        Object.assign(m, { caption: text || undefined, entities, replyMarkup, edited: m.edited + 1 });
        return toWire(m);
      }
      case 'deleteMessage': {
        requireChat(params);
        const m = findMessage(params.chat_id, params.message_id);
        if (!m) throw bad('message to delete not found');
        m.deleted = true;
        return true;
      }
      case 'answerCallbackQuery': {
        const q = queries.get(String(params.callback_query_id ?? ''));
        if (!q || q.answered) throw bad('query is too old and response timeout expired or query ID is invalid');
        if (params.text !== undefined && String(params.text).length > 200) throw bad('MESSAGE_TOO_LONG');
        q.answered = true;
        return true;
      }
      case 'sendChatAction':
        requireChat(params);
        return true;
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  async function readParams(req: http.IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: Record<string, UploadedFile> }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let files: Record<string, UploadedFile> = {};
    const type = String(req.headers['content-type'] ?? '');
    if (body.length && type.startsWith('application/json')) Object.assign(params, JSON.parse(body.toString('utf8')));
    else if (body.length && type.startsWith('multipart/form-data')) {
      const parsed = parseMultipart(body, type);
      Object.assign(params, parsed.fields);
      files = parsed.files;
    } else if (body.length && type.startsWith('application/x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
    for (const k of ['reply_markup', 'reply_parameters', 'commands', 'allowed_updates', 'link_preview_options']) {
      if (k in params) params[k] = parseJsonField(params[k]);
    }
    for (const k of ['chat_id', 'message_id', 'offset', 'limit', 'timeout']) {
      if (typeof params[k] === 'string' && /^-?\d+$/.test(params[k] as string)) params[k] = Number(params[k]);
    }
    return { params, files };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: unknown) => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, gotToken, method] = m;
    let read: Awaited<ReturnType<typeof readParams>>;
    try {
      read = await readParams(req, url);
    } catch {
      return reply(400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
    }
    const { params, files } = read;
    const call: ApiCall = { method, params, files, status: 200 };
    calls.push(call);
    const fail = (e: ApiError) => {
      call.status = e.status;
      call.description = e.description;
      reply(e.status, { ok: false, error_code: e.status, description: e.description, ...(e.retryAfterSec !== undefined ? { parameters: { retry_after: e.retryAfterSec } } : {}) });
    };
    if (gotToken !== token) return fail(new ApiError(401, 'Unauthorized'));
    const queue = injected.get(method);
    if (queue?.length && (queue[0].skip ?? 0) > 0) queue[0] = { ...queue[0], skip: queue[0].skip! - 1 };
    else if (queue?.length) {
      const inject = queue.shift()!;
      return fail(new ApiError(inject.status, inject.description, inject.retryAfterSec));
    }
    try {
      const result = handle(method, params, files, res);
      if (result !== undefined) reply(200, { ok: true, result });
    } catch (e) {
      if (e instanceof ApiError) fail(e);
      else fail(new ApiError(500, `Internal Server Error: ${(e as Error).message}`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    bot,
    calls,
    messages,
    get webhook() {
      return webhook;
    },
    get commands() {
      return commands;
    },
    get polling() {
      return heldPoll !== undefined;
    },
    deliveries,
    setWebhookTarget(origin) {
      webhookTarget = origin;
    },
    userSends(chat, text, o = {}) {
      const c = chatOf(chat);
      const user = o.user ?? defaultUser;
      knownUsers.add(user.id);
      const message: FakeMessage = { chatId: c.id, messageId: c.nextId++, from: 'user', user, text, entities: userEntities(text), deleted: false, edited: 0, date: Math.floor(Date.now() / 1000), replyTo: o.replyTo };
      messages.push(message);
      const updateId = nextUpdateId++;
      enqueue({ update_id: updateId, message: toWire(message) });
      return { updateId, message };
    },
    userPresses(chat, messageId, data, o = {}) {
      const c = chatOf(chat);
      const m = findMessage(c.id, messageId);
      if (!m) throw new Error(`no message ${messageId} in chat ${c.id}`);
      const offered = m.replyMarkup?.inline_keyboard.flat().some((b) => b.callback_data === data);
      if (!offered) throw new Error(`message ${messageId} has no button with callback data ${data}`);
      const queryId = String(nextQueryId++);
      queries.set(queryId, { answered: false });
      const updateId = nextUpdateId++;
      enqueue({ update_id: updateId, callback_query: { id: queryId, from: o.user ?? defaultUser, chat_instance: `ci-${c.id}`, data, message: toWire(m) } });
      return { updateId, queryId };
    },
    injectUpdate(fields) {
      const updateId = nextUpdateId++;
      enqueue({ ...fields, update_id: updateId });
      return { updateId };
    },
    redeliver(updateId) {
      const u = updates.find((x) => x.update_id === updateId);
      if (!u) throw new Error(`no update ${updateId}`);
      confirmed.delete(updateId);
      if (webhook) deliverWebhook(u);
      else {
        replays.add(updateId);
        wirePoll();
      }
    },
    processed(updateId) {
      if (confirmed.has(updateId)) return Promise.resolve({ status: deliveries.find((d) => d.updateId === updateId)?.status });
      return new Promise((resolve) => waiters.set(updateId, [...(waiters.get(updateId) ?? []), resolve]));
    },
    failNext(method, error) {
      injected.set(method, [...(injected.get(method) ?? []), error]);
    },
    chatMessages(chatId) {
      return messages.filter((m) => m.chatId === chatId);
    },
    async close() {
      if (heldPoll) {
        clearTimeout(heldPoll.timer);
        heldPoll.res.destroy();
        heldPoll = undefined;
      }
      await deliveryChain;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
