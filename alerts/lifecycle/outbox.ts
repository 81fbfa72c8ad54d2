/**
 * Stage "notify" and the outbox contract.
 *
 * Contract (what every store and receiver can rely on):
 * 1. A notification is RECORDED (outbox record, status `pending`) in the same
 *    atomic write as the notification-log entry and the group's new timer —
 *    before anything is sent. A crash before that write sends nothing and
 *    logs nothing; the group is still due and is flushed again at the next tick.
 * 2. A worker CLAIMS due records (a lease: `nextAttemptAt = now + leaseMs`),
 *    calls `receiver.send(notification, { idempotencyKey })`, then MARKS the
 *    record `sent`. The key is the record's id, fixed when it was recorded.
 * 3. A crash after sending but before marking leaves the record pending; when
 *    the lease runs out it is claimed and sent again — once more, with the SAME
 *    idempotency key. Delivery is therefore at-least-once; a receiver that
 *    remembers keys it delivered (e.g. Slack message already posted for this
 *    key → edit or skip) makes it exactly-once for the reader.
 * 4. A failed send is retried with exponential backoff (or after the
 *    receiver's `retryAfterMs`, e.g. HTTP 429 Retry-After); a receiver error
 *    with `retryable: false` (e.g. HTTP 400, channel gone) marks the record
 *    `failed` and is not retried. Nothing is ever dropped silently.
 */
import type { AlertStateStore } from './store.ts';
import type { Notification, OutboxRecord } from './types.ts';

/** What a receiver is told besides the notification. */
export interface SendOptions {
  /** Stable per notification across re-sends: drop a second delivery with a key already delivered. */
  idempotencyKey: string;
}

/** A notification sink: a chat channel, email, a webhook. Throws on failure (see DeliveryError). */
export interface Receiver {
  send(notification: Notification, options: SendOptions): Promise<void>;
}

/** A receiver failure with retry advice (429/5xx: retryable; 4xx: not). Any other error is retryable. */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number }) {
    super(message);
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Delivery settings. */
export interface DeliveryOptions {
  /** How long a claimed record is reserved for the claiming worker (default 60 s). */
  leaseMs?: number;
  /** Records per call (default 100). */
  batch?: number;
  /** First retry delay (default 5 s), doubled per attempt up to `maxBackoffMs` (default 10 min). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

/** What one delivery pass did. */
export interface DeliveryReport {
  sent: string[];
  retrying: string[];
  failed: string[];
}

/** Backoff before attempt `attempts + 1`: base · 2^(attempts−1), capped. */
export function backoffMs(attempts: number, o: DeliveryOptions = {}): number {
  const base = o.baseBackoffMs ?? 5_000;
  return Math.min(o.maxBackoffMs ?? 600_000, base * 2 ** Math.max(0, attempts - 1));
}

async function deliverOne(store: AlertStateStore, receivers: ReadonlyMap<string, Receiver>, r: OutboxRecord, now: number, o: DeliveryOptions, report: DeliveryReport) {
  const receiver = receivers.get(r.notification.receiver);
  try {
    if (!receiver) throw new DeliveryError(`no receiver named ${JSON.stringify(r.notification.receiver)}`, { retryable: true });
    await receiver.send(r.notification, { idempotencyKey: r.idempotencyKey });
  } catch (err) {
    const e = err instanceof DeliveryError ? err : new DeliveryError(err instanceof Error ? err.message : String(err), { retryable: true });
    if (e.retryable) {
      await store.markFailed(r.idempotencyKey, { now, error: e.message, retryAt: now + Math.max(e.retryAfterMs ?? 0, backoffMs(r.attempts, o)) });
      report.retrying.push(r.idempotencyKey);
    } else {
      await store.markFailed(r.idempotencyKey, { now, error: e.message });
      report.failed.push(r.idempotencyKey);
    }
    return;
  }
  // A crash here (after send, before mark) is the case the idempotency key is for.
  await store.markSent(r.idempotencyKey, now);
  report.sent.push(r.idempotencyKey);
}

/**
 * One delivery pass at `now`: claims due records and sends each to its
 * receiver, one after another. Store errors propagate (the process is then
 * in an unknown state; the lease makes the next pass pick the record up).
 */
export async function deliverOutbox(store: AlertStateStore, receivers: ReadonlyMap<string, Receiver>, now: number, o: DeliveryOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: [], retrying: [], failed: [] };
  const claimed = await store.claimOutbox(now, o.leaseMs ?? 60_000, o.batch ?? 100);
  for (const r of claimed) await deliverOne(store, receivers, r, now, o, report);
  return report;
}
