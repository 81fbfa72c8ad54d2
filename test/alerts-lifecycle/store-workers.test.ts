/**
 * Two workers — two metadata stores (two connection pools) on one PostgreSQL
 * database, each with its own lifecycle and receivers — evaluate rules and
 * tick at the same instants. Every notification must be delivered exactly
 * once in all (version-checked flushes, outbox claims FOR UPDATE SKIP LOCKED
 * with a lease), and, when evaluations finish before the ticks, be the very
 * notifications one worker on the memory store sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertLifecycle, createMemoryAlertStore, type AlertLifecycle, type AlertStateStore, type Notification, type Receiver, type RouteConfig } from '../../alerts/lifecycle/index.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { MIN, SEC, rule, series } from './harness.ts';

// Every alert goes to two groups: one shared by all rules ("ops", group_by nothing) and one per rule ("chat").
const route: RouteConfig = {
  receiver: 'chat',
  groupWaitMs: 30 * SEC,
  groupIntervalMs: 2 * MIN,
  repeatIntervalMs: 10 * MIN,
  routes: [
    { id: 'all', receiver: 'ops', groupBy: [], continue: true },
    { id: 'per-rule', receiver: 'chat', groupBy: ['alertname'] },
  ],
};
const RULES = Array.from({ length: 12 }, (_, i) => rule(`Rule${String(i).padStart(2, '0')}`));
/** Rule i's series s is on for 12 of every 20 minutes, phases spread over rules and series. */
const scriptOf = (i: number) => series(Object.fromEntries([0, 1, 2].map((s) => [`s${s}`, (t: number) => (Math.floor(t / MIN) + i * 3 + s * 7) % 20 < 12])));
const END = 40 * MIN;
const STEP = 15 * SEC;

interface Delivery {
  worker: string;
  key: string;
  notification: Notification;
}

function recorder(worker: string, out: Delivery[]): Record<string, Receiver> {
  const r: Receiver = { send: async (notification, { idempotencyKey }) => void out.push({ worker, key: idempotencyKey, notification }) };
  return { chat: r, ops: r };
}

const lifecycleOn = (store: AlertStateStore, worker: string, out: Delivery[]) => createAlertLifecycle({ store, route, receivers: recorder(worker, out), delivery: { leaseMs: 60 * SEC } });

/** One worker on the memory store, everything in order: the reference. */
async function reference(): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const lc = lifecycleOn(createMemoryAlertStore(), 'ref', out);
  for (let t = 0; t <= END; t += STEP) {
    if (t % MIN === 0) for (const [i, r] of RULES.entries()) await lc.evaluate(r, scriptOf(i)(t), t);
    await lc.tick(t);
  }
  return out;
}

const countsByKey = (ds: Delivery[]) => {
  const m = new Map<string, number>();
  for (const d of ds) m.set(d.key, (m.get(d.key) ?? 0) + 1);
  return m;
};

describe('two workers on one PostgreSQL database', () => {
  let database: TestDatabase;
  let a: MetadataStore;
  let b: MetadataStore;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    [a, b] = await Promise.all([openMetadataStore({ databaseUrl: database.databaseUrl }), openMetadataStore({ databaseUrl: database.databaseUrl })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.cleanup();
  });

  const reset = async () => {
    for (const t of ['alert_outbox', 'alert_notification_log', 'alert_group_alerts', 'alert_groups', 'alert_series', 'alert_silences']) await a.db.query(`DELETE FROM ${t}`);
  };

  it('evaluating their share of the rules in parallel, then ticking together: each notification once, the same as one worker on the memory store', async () => {
    await reset();
    const want = await reference();
    const got: Delivery[] = [];
    const workers: AlertLifecycle[] = [lifecycleOn(a.alertState, 'A', got), lifecycleOn(b.alertState, 'B', got)];
    let sharedGroupAtStart = 0;
    for (let t = 0; t <= END; t += STEP) {
      if (t % MIN === 0) {
        // Rule i on worker (i + minute) % 2 — one evaluation per rule at a time, all rules at once.
        await Promise.all(RULES.map((r, i) => workers[(i + t / MIN) % 2].evaluate(r, scriptOf(i)(t), t)));
        if (t === 0) sharedGroupAtStart = Object.keys((await a.alertState.dueGroups(Infinity, 100)).find((g) => g.routeId === 'all')!.alerts).length;
      }
      await Promise.all(workers.map((w) => w.tick(t)));
    }

    // 12 rules created the shared group concurrently: every firing series of t=0 is in it.
    const firingAtStart = RULES.flatMap((_, i) => {
      const r = scriptOf(i)(0);
      return r.outcome === 'ok' ? r.series.filter((s) => s.breaching) : [];
    }).length;
    expect(sharedGroupAtStart).toBe(firingAtStart);

    const counts = countsByKey(got);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]); // exactly once
    expect(want.length).toBeGreaterThan(40);
    const byKey = (ds: Delivery[]) => Object.fromEntries(ds.map((d) => [d.key, d.notification]));
    expect(byKey(got)).toEqual(byKey(want));
    expect(got).toHaveLength(want.length);
    const outbox = await a.alertState.listOutbox();
    expect(outbox.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    expect(outbox).toHaveLength(want.length);
    const perWorker = { A: got.filter((d) => d.worker === 'A').length, B: got.filter((d) => d.worker === 'B').length };
    console.log(`two workers, sequential phases: ${got.length} notifications (${want.length} on the memory store), delivered by A ${perWorker.A}, B ${perWorker.B}`);
  });

  it('evaluations and ticks overlapping on both workers: still exactly once, nothing left behind', async () => {
    await reset();
    const got: Delivery[] = [];
    const workers = [lifecycleOn(a.alertState, 'A', got), lifecycleOn(b.alertState, 'B', got)];
    for (let t = 0; t <= END; t += STEP) {
      const jobs: Promise<unknown>[] = [workers[0].tick(t), workers[1].tick(t)];
      if (t % MIN === 0) jobs.push(...RULES.map((r, i) => workers[(i + t / MIN) % 2].evaluate(r, scriptOf(i)(t), t)));
      jobs.push(workers[(t / STEP) % 2].tick(t)); // a third, late tick at the same instant
      await Promise.all(jobs);
    }
    // Drain: whatever the last instant recorded goes out.
    await Promise.all(workers.map((w) => w.tick(END + STEP)));
    const counts = countsByKey(got);
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
    expect(got.length).toBeGreaterThan(40);
    const outbox = await b.alertState.listOutbox();
    expect(outbox.map((r) => r.status).filter((s) => s !== 'sent')).toEqual([]);
    expect(outbox.every((r) => r.attempts === 1)).toBe(true);
    expect(new Set(outbox.map((r) => r.idempotencyKey))).toEqual(new Set(counts.keys()));
    // Per group, notifications are at distinct instants (a group is never flushed twice at once).
    const seen = new Set<string>();
    for (const d of got) {
      const k = `${d.notification.groupKey}@${d.notification.createdAt}`;
      expect(seen.has(k)).toBe(false);
      seen.add(k);
    }
    console.log(`two workers, overlapping: ${got.length} notifications, delivered by A ${got.filter((d) => d.worker === 'A').length}, B ${got.filter((d) => d.worker === 'B').length}`);
  });
});
