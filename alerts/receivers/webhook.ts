/**
 * The signed generic webhook: POST a JSON body with
 *   X-Datalabs-Timestamp: <unix seconds>
 *   X-Datalabs-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the receiver's secret>
 *   Idempotency-Key: <the outbox key>
 * A 429 or 5xx (or a network failure) is retried with backoff (Retry-After
 * honoured, capped) a few times within the send; still failing, the outbox
 * retries it later. 4xx other than 429 is given up. A key already delivered
 * is dropped.
 */
import crypto from 'node:crypto';
import type { AdapterMemory } from '../../bot/contracts/chat.ts';
import { DeliveryError, type Notification, type Receiver } from '../lifecycle/index.ts';
import { DELIVERED_TTL_MS, processMemory } from './memory.ts';

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface WebhookReceiverOptions {
  /** By name (a rule's `webhook:<name>`; `default` for plain `webhook`). */
  endpoints: Readonly<Record<string, WebhookEndpoint>>;
  memory?: AdapterMemory;
  /** Attempts within one send (default 3). */
  attempts?: number;
  baseDelayMs?: number;
  /** Longest wait inside a send; a longer Retry-After goes back to the outbox (default 5 s). */
  maxDelayMs?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature (constant time) and that the timestamp is within `toleranceSec` of now. */
export function verifyWebhook(secret: string, headers: { timestamp?: string; signature?: string }, body: string, nowMs: number, toleranceSec = 300): boolean {
  if (!headers.timestamp || !headers.signature) return false;
  if (Math.abs(nowMs / 1000 - Number(headers.timestamp)) > toleranceSec) return false;
  const want = Buffer.from(signWebhook(secret, headers.timestamp, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

export function webhookBody(n: Notification): object {
  return {
    version: 1,
    id: n.id,
    kind: n.kind,
    threadId: n.threadId,
    receiver: n.receiver,
    groupKey: n.groupKey,
    groupLabels: n.groupLabels,
    commonLabels: n.commonLabels,
    createdAt: new Date(n.createdAt).toISOString(),
    // A scheduled report's run (kind `report`): which report, its question and the run's time.
    ...(n.report ? { report: { ruleId: n.report.ruleId, name: n.report.name, query: n.report.query, runAt: new Date(n.report.runAt).toISOString() } } : {}),
    alerts: n.alerts.map((a) => ({
      fingerprint: a.fingerprint,
      ruleId: a.ruleId,
      state: a.state,
      labels: a.labels,
      annotations: a.annotations,
      value: a.value,
      ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
      ...(a.baseline !== undefined ? { baseline: a.baseline } : {}),
      ...(a.error ? { error: a.error } : {}),
      startsAt: new Date(a.startsAt).toISOString(),
      ...(a.endsAt ? { endsAt: new Date(a.endsAt).toISOString() } : {}),
    })),
  };
}

export function createWebhookReceiver(o: WebhookReceiverOptions): Receiver {
  const memory = o.memory ?? processMemory();
  const clock = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts = o.attempts ?? 3;
  const base = o.baseDelayMs ?? 500;
  const maxDelay = o.maxDelayMs ?? 5_000;

  return {
    async send(n, { idempotencyKey }) {
      const key = `alerts:webhook:${idempotencyKey}`;
      if (await memory.get(key)) return;
      const name = n.commonLabels.webhook ?? n.alerts[0]?.labels.webhook ?? 'default';
      const ep = o.endpoints[name];
      if (!ep) throw new DeliveryError(`webhook: no endpoint named "${name}"`, { retryable: false });
      const body = JSON.stringify({ ...webhookBody(n), idempotencyKey });
      let last: DeliveryError | undefined;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const ts = String(Math.floor(clock() / 1000));
        let res: Response;
        try {
          res = await fetch(ep.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-datalabs-timestamp': ts, 'x-datalabs-signature': signWebhook(ep.secret, ts, body), 'idempotency-key': idempotencyKey },
            body,
            signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
          });
        } catch (err) {
          last = new DeliveryError(`webhook: ${(err as Error).message.split('\n')[0]}`, { retryable: true });
          if (attempt + 1 < attempts) await sleep(Math.min(maxDelay, base * 2 ** attempt));
          continue;
        }
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          await memory.set(key, '1', DELIVERED_TTL_MS);
          return;
        }
        if (res.status !== 429 && res.status < 500) throw new DeliveryError(`webhook: HTTP ${res.status}`, { retryable: false });
        const ra = Number(res.headers.get('retry-after'));
        const retryAfterMs = Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined;
        last = new DeliveryError(`webhook: HTTP ${res.status}`, { retryable: true, retryAfterMs });
        const wait = Math.max(retryAfterMs ?? 0, base * 2 ** attempt);
        if (wait > maxDelay || attempt + 1 >= attempts) break;
        await sleep(wait);
      }
      throw last ?? new DeliveryError('webhook: failed', { retryable: true });
    },
  };
}
