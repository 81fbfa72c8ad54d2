/**
 * The inbound pipeline as `serve` wires it (record → queue → answer), for
 * adapter tests: the adapter's `onMessage` is `receive` (fast: records and
 * queues), answers run on the in-process queue through the real chat core.
 * `answered(id)` resolves when the message with that platform id has been
 * answered (or given up), so a test can wait for the reply.
 */
import type { ChatAdapter, ChatMessage } from '../../bot/contracts/chat.ts';
import type { App } from '../../bot/app/create-app.ts';
import { CLAIM_TTL_MS } from '../../bot/core/conversation/conversation-store.ts';
import { createInbound, createMemoryInbound, createMemoryQueue, type Inbound, type InboundStore } from '../../bot/core/inbound/index.ts';

export interface InboundRig {
  /** Pass this to `adapter.start`. */
  receive(message: ChatMessage): Promise<void>;
  /** Every message received, in order (duplicates included). */
  received: ChatMessage[];
  /** Resolves once the message with this id has been answered or given up. */
  answered(messageId: string): Promise<void>;
  inbound: Inbound;
  close(): Promise<void>;
}

export function createInboundRig(app: App, adapters: readonly ChatAdapter[], opts: { store?: InboundStore } = {}): InboundRig {
  const received: ChatMessage[] = [];
  const waiters = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const waiter = (id: string) => {
    let w = waiters.get(id);
    if (!w) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      w = { promise, resolve };
      waiters.set(id, w);
    }
    return w;
  };
  const inbound = createInbound({
    core: {
      async answer(adapter, message) {
        try {
          await app.core.answer(adapter, message);
        } finally {
          waiter(message.id).resolve();
        }
      },
    },
    store: opts.store ?? app.store?.inbound ?? createMemoryInbound({ claimTtlMs: CLAIM_TTL_MS }),
    queue: createMemoryQueue({ logger: app.logger }),
    adapters,
    logger: app.logger,
    sweepEveryMs: 3_600_000,
  });
  inbound.startAnswering();
  return {
    received,
    inbound,
    async receive(message) {
      received.push(message);
      await inbound.receive(message);
    },
    answered: (id) => waiter(id).promise,
    close: () => inbound.close(),
  };
}
