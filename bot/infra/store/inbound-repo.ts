/**
 * The inbound message log in the metadata store (`message_claims`, migrations
 * 4 and 5): the core's InboundStore. Every transition is one statement, so
 * PostgreSQL's row locks make it atomic across processes: of two recorders one
 * gets its row back; of two takers one sees `taken`, the other `busy`.
 */
import type { ChatMessage } from '../../contracts/chat.ts';
import { messageFromJson, messageToJson, type InboundStore, type TakeResult } from '../../core/inbound/inbound-store.ts';
import type { Queryable } from './db.ts';

/** A batch as one JSON array of `{ k, p }` (p: the message in messageToJson's form). */
function batchJson(items: ReadonlyArray<{ key: string; message: ChatMessage; json?: string }>): string {
  // `json`: the message already serialised on the ack path (the journal's write), reused as it is.
  return `[${items.map((i) => `{"k":${JSON.stringify(i.key)},"p":${i.json ?? messageToJson(i.message)}}`).join(',')}]`;
}

export function createInboundRepo(db: Queryable, opts: { claimTtlMs: number; urgent?: Queryable }): InboundStore {
  // Recording is what the platform's ack waits for: it goes ahead of answers' statements.
  const recorder = opts.urgent ?? db;
  const repo: InboundStore = {
    async recordMany(items: ReadonlyArray<{ key: string; message: ChatMessage; json?: string }>, now: Date) {
      // One statement for the batch; a key twice in it would make ON CONFLICT touch a row twice, so the first wins.
      const seen = new Set<string>();
      const unique = items.filter(({ key }) => !seen.has(key) && seen.add(key));
      if (!unique.length) return new Set<string>();
      const expiredBefore = new Date(now.getTime() - opts.claimTtlMs);
      const r = await recorder.query<{ message_key: string }>(
        `INSERT INTO message_claims (message_key, created_at, payload, state, lease_until, attempts)
         SELECT t.k, $2::timestamptz, t.p, 'queued', NULL, 0 FROM jsonb_to_recordset($1::jsonb) AS t(k text, p jsonb)
         ON CONFLICT (message_key) DO UPDATE SET created_at = EXCLUDED.created_at, payload = EXCLUDED.payload, state = 'queued', lease_until = NULL, attempts = 0
           WHERE message_claims.created_at < $3::timestamptz
         RETURNING message_key`,
        // One JSON parameter for the batch: one stringify here and one jsonb parse in PostgreSQL (text arrays of
        // JSON were escaped element by element on both sides, on the path every ack waits for).
        [batchJson(unique), now, expiredBefore],
      );
      return new Set(r.rows.map((row) => row.message_key));
    },
    async record(key: string, message: ChatMessage, now: Date) {
      return (await repo.recordMany([{ key, message }], now)).has(key);
    },
    async take(key: string, now: Date, leaseUntil: Date): Promise<TakeResult> {
      const r = await db.query<{ payload: unknown; attempts: number }>(
        `UPDATE message_claims SET state = 'answering', lease_until = $3::timestamptz, attempts = attempts + 1
         WHERE message_key = $1 AND payload IS NOT NULL
           AND (state = 'queued' OR (state = 'answering' AND lease_until <= $2::timestamptz))
         RETURNING payload, attempts`,
        [key, now, leaseUntil],
      );
      const row = r.rows[0];
      if (row) return { status: 'taken', message: messageFromJson(row.payload), attempts: Number(row.attempts) };
      const held = await db.query<{ lease_until: Date }>(`SELECT lease_until FROM message_claims WHERE message_key = $1 AND state = 'answering' AND lease_until > $2::timestamptz`, [key, now]);
      return held.rows[0] ? { status: 'busy', leaseUntil: new Date(held.rows[0].lease_until) } : { status: 'done' };
    },
    async renew(key: string, leaseUntil: Date) {
      const r = await db.query(`UPDATE message_claims SET lease_until = $2::timestamptz WHERE message_key = $1 AND state = 'answering' RETURNING 1`, [key, leaseUntil]);
      return r.rows.length === 1;
    },
    async release(key: string) {
      await db.query(`UPDATE message_claims SET state = 'queued', lease_until = NULL WHERE message_key = $1 AND state = 'answering'`, [key]);
    },
    async finish(key: string, state: 'answered' | 'failed') {
      // The payload goes: the question is in the history, and a reply handle must not outlive its message.
      await db.query(`UPDATE message_claims SET state = $2, lease_until = NULL, payload = NULL WHERE message_key = $1`, [key, state]);
    },
    async pending(now: Date, since: Date, limit: number) {
      const r = await db.query<{ message_key: string }>(
        `SELECT message_key FROM message_claims
         WHERE state IN ('queued', 'answering') AND created_at >= $2::timestamptz AND payload IS NOT NULL
           AND (state = 'queued' OR lease_until <= $1::timestamptz)
         ORDER BY created_at LIMIT $3`,
        [now, since, limit],
      );
      return r.rows.map((row) => row.message_key);
    },
  };
  return repo;
}
