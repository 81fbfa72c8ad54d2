/**
 * The embedded store's inbound journal (`<dataDir>/inbound/*.ndjson`): the
 * core's InboundJournal. With PGlite the metadata store is one WebAssembly
 * PostgreSQL in this process, and recording a burst in it competes with the
 * burst itself for the CPU. So an arriving batch is appended here in one
 * write — as durable against a crash of the process as PGlite's own files,
 * which are written the same way — and acknowledged; the store takes the batch
 * once the burst is over, and `settle` drops it from the journal. A process
 * killed in between leaves the batch here: `replay` on the next start hands it
 * to the store, which drops what it had already recorded (the dedupe keys).
 *
 * An append is one synchronous write to the current segment (into the page
 * cache: tens of microseconds for a batch of hundreds), so under a loaded CPU
 * an ack does not wait for a thread-pool thread to be scheduled; the write is
 * no less durable than an asynchronous one (neither syncs to disk).
 *
 * Appends go to the current segment file; a segment whose every batch is
 * settled is deleted (the current one as soon as it has nothing pending), so
 * the directory is empty between bursts. A line that does not parse (a write
 * cut short: its batch was never acknowledged) is skipped on replay.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../contracts/logger.ts';
import { journalEntryFrom, journalEntryJson, type InboundJournal, type JournalEntry } from '../../core/inbound/inbound-store.ts';

const SEGMENT = /^inbound-(\d{6,})\.ndjson$/;

export interface InboundJournalOptions {
  /** The journal's directory (created when missing). */
  dir: string;
  logger: Logger;
  /** A segment this large takes no more appends (default 8 MiB). */
  maxSegmentBytes?: number;
}

interface Segment {
  seq: number;
  file: string;
  fd?: number;
  bytes: number;
  pending: number;
  closed: boolean;
}

export function createInboundJournal(opts: InboundJournalOptions): InboundJournal {
  const maxBytes = opts.maxSegmentBytes ?? 8 * 1024 * 1024;
  fs.mkdirSync(opts.dir, { recursive: true });
  const found = fs
    .readdirSync(opts.dir)
    .map((name) => SEGMENT.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ seq: Number(m[1]), file: path.join(opts.dir, m[0]) }))
    .sort((a, b) => a.seq - b.seq);
  let nextSeq = (found.at(-1)?.seq ?? 0) + 1;
  const segments = new Map<number, Segment>();
  let current: Segment | undefined;

  function open(): Segment {
    const seq = nextSeq++;
    const segment: Segment = { seq, file: path.join(opts.dir, `inbound-${String(seq).padStart(6, '0')}.ndjson`), bytes: 0, pending: 0, closed: false };
    segments.set(seq, segment);
    return segment;
  }

  async function retire(segment: Segment): Promise<void> {
    segment.closed = true;
    if (current === segment) current = undefined;
    segments.delete(segment.seq);
    closeFd(segment);
    await fs.promises.rm(segment.file, { force: true });
  }

  function closeFd(segment: Segment): void {
    if (segment.fd === undefined) return;
    try {
      fs.closeSync(segment.fd);
    } catch {
      // already closed
    }
    segment.fd = undefined;
  }

  return {
    append(entries) {
      // A ChatMessage as JSON (messageToJson's form: receivedAt an ISO string) under its dedupe key, or a sealed event.
      const text = entries.map((e) => `${journalEntryJson(e)}\n`).join('');
      try {
        if (!current || current.bytes >= maxBytes) current = open();
        const segment = current;
        segment.fd ??= fs.openSync(segment.file, 'a');
        const bytes = Buffer.from(text);
        // One write; a short write (a full disk) finishes or throws, and the batch is then not acknowledged.
        for (let at = 0; at < bytes.length; ) at += fs.writeSync(segment.fd, bytes, at);
        segment.bytes += bytes.length;
        segment.pending += entries.length;
        return Promise.resolve({ segment: segment.seq, count: entries.length });
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    async settle(mark) {
      const segment = segments.get(mark.segment);
      if (!segment || segment.closed) return;
      segment.pending -= mark.count;
      // Nothing pending: the segment (the current one too) holds nothing a restart would need.
      if (segment.pending <= 0) await retire(segment);
    },
    async replay() {
      const out: JournalEntry[] = [];
      for (const { file } of found) {
        let text: string;
        try {
          text = await fs.promises.readFile(file, 'utf8');
        } catch {
          continue;
        }
        let skipped = 0;
        for (const line of text.split('\n')) {
          if (!line) continue;
          try {
            out.push(journalEntryFrom(JSON.parse(line)));
          } catch {
            skipped += 1;
          }
        }
        if (skipped) opts.logger.warn({ file, skipped }, 'inbound journal: lines that do not parse skipped (a write cut short; never acknowledged)');
      }
      return out;
    },
    async forgetReplayed() {
      for (const { file } of found.splice(0)) await fs.promises.rm(file, { force: true });
    },
    async close() {
      for (const segment of segments.values()) closeFd(segment);
    },
  };
}
