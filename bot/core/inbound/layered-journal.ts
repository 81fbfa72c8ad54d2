/**
 * Two inbound journals as one: a batch is acknowledged once the `local` one
 * (a file in the data directory: one synchronous write) holds it, and is
 * written to the `shared` one (a table of the store) at the same time, off
 * the ack path. So the ack waits for no round trip — under a burst, a reply
 * from PostgreSQL waits its turn behind the burst on this process's one
 * thread — and within a round trip of the ack the batch is also where any
 * process on the store finds it, without this process's disk.
 *
 * A process killed after an ack is replayed from both: its file by the next
 * process on the same data directory, its rows by any process on the store
 * once they are stale; the store records each message once (dedupe keys).
 * Only a process that dies within that round trip and whose data directory
 * is lost with it loses the batch. A shared write that fails is logged; the
 * local journal still holds the batch until the store records it.
 */
import type { Logger } from '../../contracts/logger.ts';
import type { InboundJournal, JournalMark } from './inbound-store.ts';

export interface LayeredJournalOptions {
  /** Acknowledged on: a synchronous local write. */
  local: InboundJournal;
  /** Written in the background: reachable by every process on the store. */
  shared: InboundJournal;
  logger: Logger;
  /** Runs after both are closed (e.g. releases the local directory's lock). */
  onClose?: () => void;
}

export function createLayeredJournal(opts: LayeredJournalOptions): InboundJournal {
  const { local, shared, logger } = opts;
  /**
   * Each batch's mark (as append returned it: a file segment holds many batches, so the mark object is the key) → the
   * shared append's mark (undefined when that write failed).
   */
  const sharedMarks = new Map<JournalMark, Promise<JournalMark | undefined>>();

  return {
    async append(entries) {
      const mark = { ...(await local.append(entries)) };
      sharedMarks.set(
        mark,
        shared.append(entries).catch((err: unknown) => {
          logger.warn({ err, count: entries.length }, 'inbound journal: the shared copy could not be written (the local journal holds the batch)');
          return undefined;
        }),
      );
      return mark;
    },
    async settle(mark) {
      await local.settle(mark);
      const pending = sharedMarks.get(mark);
      sharedMarks.delete(mark);
      const sharedMark = await pending;
      if (sharedMark) await shared.settle(sharedMark);
    },
    async replay() {
      return [...(await local.replay()), ...(await shared.replay())];
    },
    async forgetReplayed() {
      await local.forgetReplayed();
      await shared.forgetReplayed();
    },
    async close() {
      // A shared write still on its way finishes first (its row is then settled by the store's next start, or replayed).
      await Promise.allSettled(sharedMarks.values());
      try {
        await Promise.all([local.close(), shared.close()]);
      } finally {
        opts.onClose?.();
      }
    },
  };
}
