/**
 * What the inbound pipeline tests share: a question as the Slack adapter
 * would hand it over, an outbound-only adapter stand-in (the pipeline tests
 * script `core.answer`; the adapter suites use the real adapters), and a
 * poll-until helper.
 */
import type { ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';

let seq = 0;

/** A Slack question with a fresh id (unless given): the same id is a duplicate to the dedupe. */
export function inboundMessage(o: { id?: string; text?: string } = {}): ChatMessage {
  return {
    id: o.id ?? `m-${Date.now()}-${seq++}`,
    kind: 'question',
    conversation: { platform: 'slack', workspaceKey: 'T1', channelId: 'C1', replyHandle: 'https://hooks.example/once' },
    user: { id: 'U1' },
    text: o.text ?? 'revenue by month',
    receivedAt: new Date('2025-06-30T10:00:00.123Z'),
  };
}

/** A Slack adapter that only "sends" (answers are counted by the scripted core, not here). */
export const stubSlackAdapter: ChatAdapter = {
  platform: 'slack',
  capabilities: { images: false, buttons: false, threads: true, editMessages: false, files: false },
  async start() {},
  async stop() {},
  async send(to) {
    return { conversation: to, messageId: '1' };
  },
};

/** Polls `check` every 20 ms until it holds; throws after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
