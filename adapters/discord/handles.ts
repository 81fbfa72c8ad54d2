/**
 * The data that lets any process answer a Discord message without the
 * receiving process's memory: the inbound message's `replyHandle` (the
 * interaction's token and deferred response, or the channel to post in) and
 * a sent message's `SentRef.handle` (where it lives and how to edit it). Both
 * are JSON strings, opaque to the core; decoding checks every field, so a
 * malformed handle is "none" (answers fall back to channel messages).
 */

/** Interaction tokens live 15 minutes; the adapter stops using one a little before. */
export const INTERACTION_TOKEN_TTL_MS = 14 * 60_000;

/** Answer through the interaction's webhook: edit the deferred response, then follow-ups. */
export interface InteractionReplyHandle {
  kind: 'interaction';
  /** The interaction token (a credential for 15 minutes: never logged). */
  token: string;
  /** When the interaction was acknowledged (ms since the epoch). */
  at: number;
  /** The channel the interaction came from (the thread, when used in one). */
  channelId: string;
  /** The deferred response message (the "original"); a thread opened on it has this id. */
  messageId: string;
  /** `/ask` in a guild channel: open a thread named after this question on the answer. */
  question?: string;
  /** The deferred response is ephemeral (a command with a private reply): only the person who used it sees it. */
  ephemeral?: boolean;
}

/** Post in this channel or thread (a refinement in an answer thread, a direct message). */
export interface ChannelReplyHandle {
  kind: 'channel';
  channelId: string;
}

/** `ConversationRef.replyHandle` of a Discord message, decoded. */
export type DiscordReplyHandle = InteractionReplyHandle | ChannelReplyHandle;

/** What `update` needs to edit a message the adapter sent. */
export interface DiscordSentHandle {
  /** The channel (or thread) the message is in. */
  channelId: string;
  /** Written through an interaction's webhook: its token, when it was acknowledged, and whether it is the original response. */
  interaction?: { token: string; at: number; original: boolean; question?: string };
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isId = (v: unknown): v is string => typeof v === 'string' && /^\d{1,25}$/.test(v);

function parse(raw: string | undefined): Record<string, unknown> | undefined {
  if (!raw) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** True while an interaction token acknowledged at `at` may still be used. */
export function interactionAlive(at: number, now = Date.now()): boolean {
  return now - at < INTERACTION_TOKEN_TTL_MS;
}

/** `ConversationRef.replyHandle` for an inbound message. */
export function encodeReplyHandle(handle: DiscordReplyHandle): string {
  return JSON.stringify(handle);
}

/** Reads a reply handle made by `encodeReplyHandle`; undefined for anything else. */
export function decodeReplyHandle(raw: string | undefined): DiscordReplyHandle | undefined {
  const v = parse(raw);
  if (!v || !isId(v.channelId)) return undefined;
  if (v.kind === 'channel') return { kind: 'channel', channelId: v.channelId };
  if (v.kind !== 'interaction' || !isString(v.token) || typeof v.at !== 'number' || !isId(v.messageId)) return undefined;
  return { kind: 'interaction', token: v.token, at: v.at, channelId: v.channelId, messageId: v.messageId, ...(isString(v.question) ? { question: v.question } : {}), ...(v.ephemeral === true ? { ephemeral: true } : {}) };
}

/** `SentRef.handle` for a message the adapter sent. */
export function encodeSentHandle(handle: DiscordSentHandle): string {
  return JSON.stringify(handle);
}

/** Reads a sent handle made by `encodeSentHandle`; undefined for anything else. */
export function decodeSentHandle(raw: string | undefined): DiscordSentHandle | undefined {
  const v = parse(raw);
  if (!v || !isId(v.channelId)) return undefined;
  const i = v.interaction as Record<string, unknown> | undefined;
  if (!i || typeof i !== 'object') return { channelId: v.channelId };
  if (!isString(i.token) || typeof i.at !== 'number') return { channelId: v.channelId };
  return { channelId: v.channelId, interaction: { token: i.token, at: i.at, original: i.original === true, ...(isString(i.question) ? { question: i.question } : {}) } };
}
