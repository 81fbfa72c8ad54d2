/**
 * The inbound journal in PostgreSQL (`inbound_journal`, migration 14): the
 * core's InboundJournal for `serve` on a PostgreSQL store without REDIS_URL,
 * written behind the data directory's file journal (core/inbound/layered-journal.ts)
 * or alone when another process owns that directory.
 * An arriving batch is one INSERT of one row — the batch as it came (a Slack
 * slash command's checked form is not even decoded) in a text column — and is
 * acknowledged; the store records it in `message_claims` once the burst is
 * over (`recordMany`, which dedupes), and `settle` deletes the row. So the
 * ack waits for one small write instead of building every message and
 * inserting and indexing a row per message (JSON parsed by the server): as
 * durable as the store itself, at a fraction of its cost on the ack path.
 *
 * A row per batch, keyed `(process, seq)`. A batch is replayed — by any
 * process on the same database, at its start and at each sweep — once it is
 * older than `staleMs` and was appended by another process (its process died
 * between the ack and the store; a live process records its batches within a
 * second or two). Should that process be alive after all (a store outage
 * longer than `staleMs`), both record the batch and the store keeps one.
 */
import crypto from 'node:crypto';
import type { Logger } from '../../contracts/logger.ts';
import { journalEntryFrom, journalEntryJson, type InboundJournal, type JournalEntry } from '../../core/inbound/inbound-store.ts';
import type { Queryable } from './db.ts';

export interface PgInboundJournalOptions {
  /** Where appends go (the store's urgent lane: connections of their own, kept open). */
  db: Queryable;
  logger: Logger;
  /** Another process's batch this old is taken as left by a dead process and replayed. Default 60 s. */
  staleMs?: number;
  /** Wall-clock time (tests). */
  now?: () => number;
}

export function createPgInboundJournal(opts: PgInboundJournalOptions): InboundJournal {
  const { db } = opts;
  const staleMs = opts.staleMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const processTag = crypto.randomUUID();
  let seq = 0;
  let replayed: Array<{ process: string; seq: number }> = [];

  return {
    async append(entries) {
      const segment = ++seq;
      // One line per entry (journalEntryJson's form), the way the file journal writes them.
      const text = entries.map(journalEntryJson).join('\n');
      await db.query('INSERT INTO inbound_journal (process, seq, appended_at, entries) VALUES ($1, $2, $3, $4)', [processTag, segment, new Date(now()), text]);
      return { segment, count: entries.length };
    },
    async settle(mark) {
      await db.query('DELETE FROM inbound_journal WHERE process = $1 AND seq = $2', [processTag, mark.segment]);
    },
    async replay() {
      const r = await db.query<{ process: string; seq: number; entries: string }>(
        `SELECT process, seq, entries FROM inbound_journal WHERE process <> $1 AND appended_at <= $2 ORDER BY appended_at, seq`,
        [processTag, new Date(now() - staleMs)],
      );
      replayed = r.rows.map((row) => ({ process: row.process, seq: Number(row.seq) }));
      const out: JournalEntry[] = [];
      for (const row of r.rows) {
        let skipped = 0;
        for (const line of row.entries.split('\n')) {
          if (!line) continue;
          try {
            out.push(journalEntryFrom(JSON.parse(line)));
          } catch {
            skipped += 1;
          }
        }
        // An entry that does not read back is one no process could record: dropped with its batch.
        if (skipped) opts.logger.warn({ process: row.process, seq: row.seq, skipped }, 'inbound journal: entries that do not read back dropped');
      }
      return out;
    },
    async forgetReplayed() {
      const rows = replayed.splice(0);
      if (!rows.length) return;
      await db.query(
        'DELETE FROM inbound_journal AS j USING unnest($1::text[], $2::int[]) AS t(process, seq) WHERE j.process = t.process AND j.seq = t.seq',
        [rows.map((r) => r.process), rows.map((r) => r.seq)],
      );
    },
    async close() {
      // The store's connections are the store's to close.
    },
  };
}
