/**
 * Where an alert notice went, so a button press can edit it: the chat
 * receiver's delivery is wrapped (composition root) and every notice that
 * carries alert buttons is kept in the shared AdapterMemory under its button
 * value (`<rule id>:<fingerprint>`): the SentRef plus the text, footer and
 * buttons to rebuild it with a status line ("Acknowledged by X at …").
 */
import type { AdapterMemory, ChatAdapter, ConversationRef, Reply, ReplyButton, SentRef } from '../../contracts/chat.ts';
import type { Delivery } from '../conversation/create-delivery.ts';

export const NOTICE_TTL_MS = 30 * 86_400_000;

export interface KeptNotice {
  ref: SentRef;
  text: string;
  footer?: string;
  buttons: ReplyButton[];
  /** Status lines added by button presses, oldest first. */
  status: string[];
}

export const noticeKey = (value: string) => `alerts:notice:${value}`;
export const ackKey = (value: string) => `alerts:ack:${value}`;

/** The button value of a notice (`<rule id>:<fingerprint>`), when it has alert buttons. */
export function noticeValue(reply: Reply): string | undefined {
  return reply.buttons?.find((b) => b.actionId.startsWith('alert_'))?.value;
}

export async function readNotice(memory: AdapterMemory, value: string): Promise<KeptNotice | undefined> {
  const raw = await memory.get(noticeKey(value)).catch(() => undefined);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as KeptNotice;
  } catch {
    return undefined;
  }
}

export async function writeNotice(memory: AdapterMemory, value: string, notice: KeptNotice): Promise<void> {
  await memory.set(noticeKey(value), JSON.stringify(notice), NOTICE_TTL_MS);
}

/**
 * A delivery that remembers each alert notice it posts (not the ones it skips).
 * The first notice of an episode is kept; a repeat (a reply in its thread) replaces it only
 * when there is none, so presses edit the message people saw first.
 */
export function rememberingNotices(inner: Delivery, memory: AdapterMemory, onError?: (err: unknown) => void): Delivery {
  return {
    async send(adapter: ChatAdapter, to: ConversationRef, reply: Reply): Promise<SentRef> {
      const sent = await inner.send(adapter, to, reply);
      const value = noticeValue(reply);
      if (value && sent.messageId !== 'skipped') {
        try {
          const old = await readNotice(memory, value);
          const firstOfEpisode = to.threadId === undefined;
          if (!old || firstOfEpisode) {
            const { replyHandle: _once, ...where } = sent.conversation;
            await writeNotice(memory, value, { ref: { ...sent, conversation: where }, text: reply.text, footer: reply.footer, buttons: reply.buttons ?? [], status: [] });
          }
        } catch (err) {
          onError?.(err);
        }
      }
      return sent;
    },
    update: (adapter, ref, reply) => inner.update(adapter, ref, reply),
    idle: () => inner.idle(),
  };
}
