/**
 * The chat contract owned by the core. Adapters turn platform events into a
 * `ChatMessage` and render a platform-neutral `Reply`; the core never sees a
 * platform payload. Adapters may import only from bot/contracts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Column } from './warehouse.ts';
import { DatalabsError } from './errors.ts';

export type Platform = 'console' | 'slack' | 'telegram' | 'discord';

/** Where a reply goes: a channel, optionally a thread in it. */
export interface ConversationRef {
  platform: Platform;
  /** Slack team, Telegram chat, Discord guild; `console` for the terminal. */
  workspaceKey: string;
  channelId: string;
  /** Thread (Slack thread_ts, Discord thread id, Telegram replied-to message id). */
  threadId?: string;
  /**
   * What the platform needs to answer this very message, opaque to the core and
   * set by the adapter on inbound messages: a Slack `response_url`, a Discord
   * interaction token, the Telegram message to reply to. It travels with the
   * queued message, so any process (a replica, a worker) can answer without the
   * receiving process's memory; it is never kept with an answer or a thread.
   */
  replyHandle?: string;
}

export type MessageKind =
  /** Free text or `/ask`: a question (or a follow-up refinement in a thread). */
  | 'question'
  /** `/sql …`: raw SQL. */
  | 'sql'
  | 'help'
  /** A button press; `action` holds its id and value. */
  | 'action'
  /** Any other slash command; `command` holds its name. */
  | 'command';

export interface ChatMessage {
  /** Platform-unique id of the event (used to drop duplicates and retries). */
  id: string;
  kind: MessageKind;
  conversation: ConversationRef;
  /**
   * Who sent the message or clicked the button (the actor). `teamId` is the
   * Slack team the user belongs to, which differs from the message's `teamId`
   * for a Slack Connect user from another organisation.
   */
  user: { id: string; name?: string; teamId?: string };
  /** Slack: the team (workspace) the event came from, as Slack reports it. Set by the Slack adapter on every message and action. */
  teamId?: string;
  /** Discord: the guild the interaction or message came from (absent in DMs). Set by the Discord adapter. */
  guildId?: string;
  /** Telegram: the chat the update came from. Set by the Telegram adapter on every message and button press. */
  chatId?: string;
  /** The text without the command or mention prefix. */
  text: string;
  command?: string;
  action?: { id: ActionId; value: string };
  receivedAt: Date;
  /**
   * Where the person acted when it was not in the chat itself: 'web' for a
   * command the workspace console (/w/<id>) runs on their behalf from the chat
   * their session started in. Audit rows record it as their origin; absent: the chat.
   */
  via?: 'web';
}

/** The progress message the chat core posts (then edits into the answer) while a question is answered. */
export const PROGRESS_TEXT = 'Working on it…';

/** Every button's action id, declared once: adapters encode and check them against this list. */
export const ACTION_IDS = [
  'show_sql',
  'export_csv',
  'save',
  'refine',
  'alert',
  // Buttons under an alert notice (value: `<rule id>:<fingerprint>`).
  'alert_ack',
  'alert_snooze_1h',
  'alert_snooze_1d',
  'alert_mute',
  'alert_resolve',
  'alert_show_sql',
  // Buttons under a designer proposal (value: the design id).
  'design_apply',
  'design_apply_sample',
  'design_edit',
  'design_cancel',
  'design_confirm',
] as const;

export type ActionId = (typeof ACTION_IDS)[number];

/** True when `value` is one of ACTION_IDS. */
export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

/**
 * A button that opens a web page (the answer page) instead of sending an
 * action back: Slack's button with `url`, Telegram's inline `url` button,
 * Discord's Link-style button; the URL as text where there are no buttons.
 */
export interface ReplyLinkButton {
  kind: 'url';
  label: string;
  /** An absolute http(s) URL. */
  url: string;
}

/** The link buttons whose URL is an absolute http(s) URL of at most `maxLength` characters (adapters render only these). */
export function safeLinks(links: ReplyLinkButton[] | undefined, maxLength: number): ReplyLinkButton[] {
  return (links ?? []).filter((l) => {
    if (l.kind !== 'url' || l.url.length > maxLength) return false;
    try {
      const u = new URL(l.url);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  });
}

export interface ReplyButton {
  actionId: ActionId;
  label: string;
  /** Opaque value echoed back in the `ChatMessage.action` (an answer id); must match `ACTION_VALUE_PATTERN`. */
  value: string;
}

/**
 * What a button may carry: an opaque id, never SQL or data. Adapters drop
 * buttons whose value does not match, and clicks whose value does not match.
 */
export const ACTION_VALUE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface ReplyTable {
  columns: Column[];
  /** The same rows as a monospace text table (for platforms without tables). */
  text: string;
  rows: unknown[][];
  /** Rows not shown (the reply says "… N more rows"). */
  moreRows: number;
  /** True when the result itself was cut by a limit. */
  truncated: boolean;
}

export interface ReplyImage {
  png: Buffer;
  alt: string;
  width: number;
  height: number;
  /** Where the PNG was written, when it was written to disk. */
  path?: string;
}

export interface ReplyFile {
  name: string;
  mimeType: string;
  data: Buffer;
}

/**
 * A platform-neutral answer. `text` alone must always make sense: every
 * other part is optional and an adapter degrades what its platform lacks.
 */
export interface Reply {
  /** Plain-text fallback and lead line (the headline). */
  text: string;
  table?: ReplyTable;
  image?: ReplyImage;
  code?: { language: 'sql' | 'text'; text: string };
  file?: ReplyFile;
  buttons?: ReplyButton[];
  /** Buttons that open a page ("Open" → the answer page, when PUBLIC_URL is set). */
  links?: ReplyLinkButton[];
  /** One-line provenance footer (tables, period, rows read, ms, freshness). */
  footer?: string;
  /** Set when the reply reports a failure. */
  error?: { code: string; message: string };
  /** Absent: everyone in the conversation sees the reply. Set: only one person does (see ReplyVisibility). */
  visibility?: ReplyVisibility;
}

/**
 * A reply only one person may see (a one-time sign-in link). Who sees it: the
 * person `userId` (the platform's user id of whoever sent the message), and
 * nobody else in the conversation — never posted where others can read it.
 * How, per platform (`AdapterCapabilities.privateReplies`):
 * - `ephemeral`: a message in the conversation only that person sees (Slack:
 *   the slash command's response_url with response_type ephemeral, else
 *   chat.postEphemeral; Discord: an ephemeral interaction response, flags 64).
 * - `direct`: a direct message to the person (Telegram: in a private chat the
 *   reply itself; in a group the bot writes to the user's private chat and
 *   posts `notice` in the group).
 * - `local`: the conversation has one reader (the console): printed.
 * When the platform cannot reach the person privately (Telegram: the user
 * never started a private chat with the bot, 403; Discord: DMs closed), the
 * adapter posts `unreachable` in the conversation instead — text only, none
 * of the reply's text, links, buttons, table or files — and `send` resolves
 * with that message. Private replies are sent, never edited into an earlier
 * public message: `update` with a private reply sends it privately.
 */
export interface ReplyVisibility {
  kind: 'private';
  /** The one person who may see the reply (`ChatMessage.user.id` of the message answered). */
  userId: string;
  /** Posted in the conversation when the reply went elsewhere (a direct message), so the person knows where to look; no secret in it. */
  notice: string;
  /** Posted in the conversation, instead of the reply, when the person cannot be reached privately; no secret in it. */
  unreachable: string;
}

/**
 * Commands whose replies are private (a one-time sign-in link): adapters that
 * must choose an acknowledgement's visibility before the reply exists (Discord
 * defers these interactions ephemerally) look the command up here, by its name
 * or as the first word after `datalabs`.
 */
export const PRIVATE_REPLY_COMMANDS: ReadonlySet<string> = new Set(['web']);

/** True when a command (`command`, with `text` after it) answers privately: `/web`, `/datalabs web`. */
export function isPrivateReplyCommand(command: string | undefined, text: string): boolean {
  if (!command) return false;
  const name = command.toLowerCase() === 'datalabs' ? (text.trim().split(/\s+/)[0] ?? '').toLowerCase() : command.toLowerCase();
  return PRIVATE_REPLY_COMMANDS.has(name);
}

/** Returned by `send` so a progress message can later be edited. */
export interface SentRef {
  conversation: ConversationRef;
  messageId: string;
  /** Opaque adapter data `update` needs (e.g. the interaction the message answered), so any process can edit it. */
  handle?: string;
}

/**
 * A small key–value memory shared by every process of a deployment, for what
 * an adapter must remember between messages (which thread a bot message
 * belongs to). The metadata store backs it in `serve` and `worker`; process
 * memory otherwise. Keys are namespaced by the adapter (`telegram:…`); values
 * expire after `ttlMs`. Failures reject: an adapter treats one as "unknown".
 */
export interface AdapterMemory {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/**
 * A platform event its adapter has verified and checked but not yet normalised: the body as it came, which the
 * adapter's `decode` turns into the `ChatMessage` later, after the ack. Under a burst the ack then costs the
 * verification and one journal write; the core records the decoded message as one handed over normalised.
 */
export interface SealedEvent {
  platform: Platform;
  /** The event's body as its adapter reads it back (a Slack slash command: its form, urlencoded). */
  body: string;
  /** When it arrived, in ms since the epoch. */
  receivedAtMs: number;
}

/** Takes a normalised message; resolves once the core has recorded it (then the adapter acknowledges). */
export interface MessageHandler {
  (message: ChatMessage): Promise<void>;
  /**
   * Takes a sealed event instead, where the core journals events before recording them: it resolves once the event
   * is journaled, and the adapter's `decode` reads it after the ack. Absent: the adapter normalises first.
   */
  sealed?: (event: SealedEvent) => Promise<void>;
}

export interface AdapterCapabilities {
  images: boolean;
  buttons: boolean;
  threads: boolean;
  editMessages: boolean;
  files: boolean;
  /**
   * How a reply with `visibility` (ReplyVisibility) reaches its one reader:
   * `ephemeral` (Slack, Discord), `direct` (Telegram), `local` (console).
   * Absent: the adapter cannot send private replies, and the core must not
   * give it one (it answers "not available on this platform" instead).
   */
  privateReplies?: 'ephemeral' | 'direct' | 'local';
}

/** An HTTP endpoint an adapter needs on the shared server (webhooks). */
export interface HttpRoute {
  /** DELETE: the MCP endpoint's end of session. */
  method: 'POST' | 'GET' | 'DELETE';
  /** Exact path, e.g. `/slack/events`. */
  path: string;
  /** `path` is a prefix (e.g. `/a/`): the route takes every path under it that no exact route takes. */
  prefix?: boolean;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

/**
 * A failed platform call. `retryable` says whether sending again can help;
 * `retryAfterMs` carries a 429's `retry_after` / `Retry-After`.
 */
export class PlatformError extends DatalabsError {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly platform: Platform;

  constructor(platform: Platform, message: string, opts: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super('PLATFORM_ERROR', message, { cause: opts.cause });
    this.platform = platform;
    this.retryable = opts.retryable;
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs;
  }
}

/**
 * Every platform implements this; optional methods are capabilities.
 *
 * Inbound: `start` receives platform events, verifies and normalises them and
 * passes each `ChatMessage` to `onMessage`, which resolves once the core has
 * recorded and queued it (fast: no answering happens inside it). The adapter
 * acknowledges the event to the platform after that where the platform lets
 * it (Slack, Telegram webhooks), and runs no queue or concurrency limit of its
 * own. Outbound: `send` and `update` work in any process, started or not (a
 * worker never starts receiving), from the `ConversationRef` / `SentRef` alone
 * plus the shared `AdapterMemory`: no per-process maps.
 */
export interface ChatAdapter {
  readonly platform: Platform;
  readonly capabilities: AdapterCapabilities;
  /** Starts receiving; every normalised message is passed to `onMessage`. */
  start(onMessage: MessageHandler): Promise<void>;
  stop(): Promise<void>;
  send(to: ConversationRef, reply: Reply): Promise<SentRef>;
  /** Replaces a message sent earlier (progress → final answer). */
  update?(ref: SentRef, reply: Reply): Promise<void>;
  /** Webhook endpoints to mount on the shared HTTP server (`datalabs serve`). */
  httpRoutes?(): HttpRoute[];
  /**
   * The message a sealed event of this adapter's is (pure: any process, started or not). Throws a
   * `DatalabsError` (BAD_INPUT) when the body is no event the adapter takes; the core then drops it with a log line.
   */
  decode?(event: SealedEvent): ChatMessage;
}

/**
 * Outbound delivery through an adapter: paced per channel below the
 * platform's limits, retried on transient failures (the core's
 * `createDelivery`). Alert receivers take one by injection.
 */
export interface Delivery {
  send(adapter: ChatAdapter, to: ConversationRef, reply: Reply): Promise<SentRef>;
  update(adapter: ChatAdapter, ref: SentRef, reply: Reply): Promise<void>;
  /** Resolves when every queued send has settled. */
  idle(): Promise<void>;
}

/**
 * An attachment file name safe to show and to save on any platform: no path,
 * no markup, no mention sigil, no control characters; at most 120 characters.
 */
export function safeFileName(name: string, fallback = 'file'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>&"'`|\\/:*?@]+/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 120);
  return cleaned || fallback;
}
