/**
 * The outbox contract (alerts/lifecycle/outbox.ts): recorded before sending,
 * marked after; a crash in between re-sends once with the same idempotency
 * key; retryable failures back off; permanent ones are kept as `failed`.
 * Alertmanager has no outbox (its nflog is written after sending, so a crash
 * in between re-notifies without a key); these tests pin our stronger contract.
 */
import { describe, expect, it } from 'vitest';
import {
  DeliveryError,
  createAlertLifecycle,
  createInhibitor,
  createMemoryAlertStore,
  planFlush,
  type AlertStateStore,
  type Notification,
  type Receiver,
  type SendOptions,
} from '../../alerts/lifecycle/index.ts';
import { MIN, SEC, always, rule, series } from './harness.ts';

const route = { receiver: 'chat', groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 60 * MIN };
const LEASE = 60 * SEC;

/** A chat that posts once per idempotency key (what a receiver should do with the key). */
class IdempotentChat implements Receiver {
  readonly calls: { key: string; notification: Notification }[] = [];
  readonly posted = new Map<string, Notification>();
  failures: (DeliveryError | Error)[] = [];
  async send(notification: Notification, { idempotencyKey }: SendOptions) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.calls.push({ key: idempotencyKey, notification });
    if (!this.posted.has(idempotencyKey)) this.posted.set(idempotencyKey, notification);
  }
}

/** A store whose next `markSent` "crashes the process" (throws) after the send happened. */
function crashingOnMark(inner: AlertStateStore): AlertStateStore & { armed: boolean } {
  const s = Object.create(inner) as AlertStateStore & { armed: boolean };
  s.armed = true;
  s.markSent = async (key, now) => {
    if (s.armed) {
      s.armed = false;
      throw new Error('process killed');
    }
    return inner.markSent(key, now);
  };
  return s;
}

async function fireOnce(store: AlertStateStore, chat: Receiver) {
  const lc = createAlertLifecycle({ store, route, receivers: { chat }, delivery: { leaseMs: LEASE } });
  await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
  return lc;
}

describe('outbox', () => {
  it('records before sending: a crash after the flush commit still delivers, exactly once, after restart', async () => {
    const store = createMemoryAlertStore();
    const chat = new IdempotentChat();
    const lc = await fireOnce(store, chat);
    const [plan] = await lc.flush(30 * SEC); // recorded …
    expect(plan.notification).toBeDefined();
    // … and the process dies before delivering. The log already says "announced":
    expect(await store.getLogEntry(plan.groupKey, 'chat')).toMatchObject({ notificationId: plan.notification!.id });
    expect(await store.listOutbox('pending')).toHaveLength(1);

    const restarted = createAlertLifecycle({ store, route, receivers: { chat }, delivery: { leaseMs: LEASE } });
    const report = await restarted.tick(31 * SEC);
    expect(report.flushed).toEqual([]); // not flushed again: no second record
    expect(report.delivery.sent).toEqual([plan.notification!.id]);
    expect(chat.calls.map((c) => c.key)).toEqual([plan.notification!.id]);
    expect(await store.listOutbox('sent')).toHaveLength(1);
  });

  it('a crash between send and mark re-sends once, with the same idempotency key, after the lease', async () => {
    const inner = createMemoryAlertStore();
    const store = crashingOnMark(inner);
    const chat = new IdempotentChat();
    const lc = await fireOnce(store, chat);
    await expect(lc.tick(30 * SEC)).rejects.toThrow('process killed');
    expect(chat.calls).toHaveLength(1);

    const restarted = createAlertLifecycle({ store: inner, route, receivers: { chat }, delivery: { leaseMs: LEASE } });
    // Within the lease nobody takes it (another worker may still be on it).
    expect((await restarted.deliver(30 * SEC + LEASE - 1)).sent).toEqual([]);
    const report = await restarted.deliver(30 * SEC + LEASE);
    expect(report.sent).toHaveLength(1);
    expect(chat.calls.map((c) => c.key)).toEqual([chat.calls[0].key, chat.calls[0].key]);
    expect(chat.posted.size).toBe(1); // the receiver dropped the duplicate by key
    // And never again.
    expect((await restarted.deliver(10 * MIN)).sent).toEqual([]);
    const [rec] = await inner.listOutbox();
    expect(rec).toMatchObject({ status: 'sent', attempts: 2, sentAt: 30 * SEC + LEASE });
  });

  it('retryable failures (429 / 5xx) back off — honouring retry-after — and deliver later; nothing lost', async () => {
    const store = createMemoryAlertStore();
    const chat = new IdempotentChat();
    chat.failures = [new DeliveryError('429 Too Many Requests', { retryable: true, retryAfterMs: 20 * SEC }), new Error('503 Service Unavailable')];
    const lc = createAlertLifecycle({ store, route, receivers: { chat }, delivery: { leaseMs: LEASE, baseBackoffMs: 5 * SEC } });
    await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    expect((await lc.tick(30 * SEC)).delivery.retrying).toHaveLength(1);
    expect(await lc.nextWakeAt()).toBe(50 * SEC); // retry-after 20s beats backoff 5s
    expect((await lc.deliver(50 * SEC)).retrying).toHaveLength(1);
    expect(await lc.nextWakeAt()).toBe(60 * SEC); // second attempt failed: 5s · 2
    expect((await lc.deliver(60 * SEC)).sent).toHaveLength(1);
    expect(chat.posted.size).toBe(1);
    expect((await store.listOutbox())[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: '503 Service Unavailable' });
  });

  it('a permanent failure is kept as failed, not retried, and does not block the next notification', async () => {
    const store = createMemoryAlertStore();
    const chat = new IdempotentChat();
    chat.failures = [new DeliveryError('400 channel_not_found', { retryable: false })];
    const lc = createAlertLifecycle({ store, route, receivers: { chat }, delivery: { leaseMs: LEASE } });
    await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    expect((await lc.tick(30 * SEC)).delivery.failed).toHaveLength(1);
    expect(await store.listOutbox('failed')).toHaveLength(1);
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always })(5 * MIN), 5 * MIN);
    expect((await lc.tick(5 * MIN + 30 * SEC)).delivery.sent).toHaveLength(1);
    expect(chat.calls[0].notification.alerts).toHaveLength(2);
  });

  it('a notification for an unknown receiver waits (retryable) instead of vanishing', async () => {
    const store = createMemoryAlertStore();
    const lc = createAlertLifecycle({ store, route: { ...route, receiver: 'missing' }, receivers: {} });
    await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    const { delivery } = await lc.tick(30 * SEC);
    expect(delivery.retrying).toHaveLength(1);
    expect((await store.listOutbox('pending'))[0].lastError).toMatch(/no receiver named "missing"/);
  });

  it('a flush planned on a stale group version writes nothing (a concurrent evaluation or worker won)', async () => {
    const store = createMemoryAlertStore();
    const lc = createAlertLifecycle({ store, route, receivers: {} });
    await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    const [g] = await store.dueGroups(30 * SEC, 10);
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always })(15 * SEC), 15 * SEC); // bumps the version
    const stale = planFlush(g, { now: 30 * SEC, inhibitor: createInhibitor([], []), silences: [], logEntry: undefined });
    expect(await store.commitFlush(stale, 30 * SEC)).toBe(false);
    expect(await store.listOutbox()).toEqual([]);
    const fresh = await lc.flush(30 * SEC);
    expect(fresh[0].notification!.alerts).toHaveLength(2);
  });
});
