/**
 * The lifecycle's acceptance scenarios of muting.test.ts, flapping-nodata.test.ts,
 * routing.test.ts and outbox.test.ts (silences, inhibition, flapping, no data,
 * errors, routes, a crash between send and mark) run on the metadata-store AlertStateStore
 * (bot/infra/store/alert-state-repo.ts), on PostgreSQL and on PGlite, each
 * next to the same run on the in-memory store: the notifications (full
 * objects, idempotency keys and send times), the outbox, the series and the
 * silences must be identical — and the compact notice list equal to what the
 * memory-store tests pin.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertLifecycle, createMemoryAlertStore, type AlertStateStore, type Notification, type Receiver, type SendOptions } from '../../alerts/lifecycle/index.ts';
import { TEST_BACKENDS, openTestStore } from '../../bot/infra/store/test-databases.ts';
import type { MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { HOUR, MIN, SEC, always, between, createScenario, rule, series, type Scenario, type ScenarioOptions, type Script } from './harness.ts';

const quietRoute = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 4 * HOUR };

/** One scenario: how to build it, how long to run it, and the notices (at s, kind, alerts) the memory-store tests pin. */
interface Case {
  name: string;
  options: Omit<ScenarioOptions, 'store'>;
  until: number;
  setup?: (sc: Scenario) => void;
  /** [at (s), receiver, kind, alerts joined] of every notification, in order. */
  want: [number, string, string, string][];
}

const flappy = (t: number) => t < 40 * MIN && Math.floor(t / (2 * MIN)) % 2 === 0;
const noRows = (from: number, to: number): Script => (t) => (t >= from && t < to ? { outcome: 'ok', series: [] } : series({ a: () => false })(t));
const failing: Script = (t) => (t >= 10 * MIN && t < 20 * MIN ? { outcome: 'error', error: 'warehouse unavailable' } : series({ a: always })(t));
const clusterDown: Script = (t) => ({ outcome: 'ok', series: [{ labels: { cluster: 'x' }, value: t < 15 * MIN ? 0 : 3, breaching: t < 15 * MIN, threshold: 1 }] });
const latency: Script = (t) => ({ outcome: 'ok', series: ['x', 'y'].map((cluster) => ({ labels: { cluster, instance: cluster }, value: 900, breaching: t >= 0, threshold: 500 })) });
const inhibitRules = [{ name: 'down-mutes-warnings', sourceMatchers: [{ name: 'severity', op: '=' as const, value: 'critical' }], targetMatchers: [{ name: 'severity', op: '=' as const, value: 'warning' }], equal: ['cluster'] }];
const dbScript: Script = () => ({
  outcome: 'ok',
  series: [
    { labels: { instance: 'pg1', cluster: 'eu' }, value: 90, breaching: true, threshold: 60 },
    { labels: { instance: 'pg2', cluster: 'us' }, value: 95, breaching: true, threshold: 60 },
  ],
});
const webScript: Script = (t) => ({ outcome: 'ok', series: [{ labels: { instance: 'web1' }, value: 9, breaching: t < 40 * MIN, threshold: 5 }] });
const routeTree = {
  receiver: 'default',
  groupBy: ['alertname'],
  groupWaitMs: 30 * SEC,
  groupIntervalMs: 5 * MIN,
  repeatIntervalMs: 4 * HOUR,
  routes: [
    { id: 'db', matchers: [{ name: 'team', op: '=' as const, value: 'db' }], receiver: 'db-chat', continue: true, groupBy: ['alertname', 'cluster'] },
    {
      id: 'critical',
      matchers: [{ name: 'severity', op: '=' as const, value: 'critical' }],
      receiver: 'pager',
      groupWaitMs: 0,
      repeatIntervalMs: 30 * MIN,
      routes: [{ id: 'critical-web', matchers: [{ name: 'team', op: '=' as const, value: 'web' }], receiver: 'web-pager', sendResolved: false }],
    },
  ],
};

const CASES: Case[] = [
  {
    name: 'silence: mutes matching alerts only; expiry announces them at the next tick',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always, b: always }) }] },
    setup: (sc) =>
      sc.at(0, async (lc, t) => {
        await lc.addSilence({ id: 'maint', matchers: ['instance="a"'], endsAt: t + 20 * MIN, createdBy: 'ana', comment: 'maintenance' }, t);
        await lc.addSilence({ id: 'other', matchers: ['instance=~"c|d"'], endsAt: t + HOUR, createdBy: 'ana', comment: 'other hosts' }, t);
      }),
    until: HOUR,
    want: [
      [30, 'chat', 'firing', 'HighCPU[b] firing'],
      [1230, 'chat', 'firing', 'HighCPU[a] firing,HighCPU[b] firing'],
    ],
  },
  {
    name: 'silence: starts later, expired early',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always, b: between(10 * MIN) }) }] },
    setup: (sc) => {
      sc.at(0, (lc, t) => lc.addSilence({ id: 'deploy', matchers: ['alertname=HighCPU'], startsAt: 5 * MIN, endsAt: 2 * HOUR, createdBy: 'bo', comment: 'deploy' }, t));
      sc.at(25 * MIN, (lc, t) => lc.expireSilence('deploy', t));
    },
    until: HOUR,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [1530, 'chat', 'firing', 'HighCPU[a] firing,HighCPU[b] firing'],
    ],
  },
  {
    name: 'silence: an alert resolving while muted is never announced',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 10 * MIN) }) }] },
    setup: (sc) => sc.at(0, (lc, t) => lc.addSilence({ id: 's', matchers: ['instance=a'], endsAt: 30 * MIN, createdBy: 'c', comment: 'x' }, t)),
    until: HOUR,
    want: [],
  },
  {
    name: 'inhibition: a firing source mutes equal-labelled targets until it resolves',
    options: {
      route: quietRoute,
      inhibitRules,
      receivers: ['chat'],
      rules: [
        { rule: rule('ClusterDown', { labels: { severity: 'critical' } }), everyMs: MIN, script: clusterDown },
        { rule: rule('HighLatency', { labels: { severity: 'warning' } }), everyMs: MIN, script: latency },
      ],
    },
    until: 40 * MIN,
    want: [
      [30, 'chat', 'firing', 'ClusterDown firing'],
      [30, 'chat', 'firing', 'HighLatency[y] firing'],
      [930, 'chat', 'resolved', 'ClusterDown resolved'],
      [930, 'chat', 'firing', 'HighLatency[x] firing,HighLatency[y] firing'],
    ],
  },
  {
    name: 'a clear spanning a flush: resolved, then a new group waits group_wait',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => !(t >= 4 * MIN && t < 6 * MIN) }) }] },
    until: 20 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [330, 'chat', 'resolved', 'HighCPU[a] resolved'],
      [390, 'chat', 'firing', 'HighCPU[a] firing'],
    ],
  },
  {
    name: 'flap damping: one flapping alert, resolved once clear for the window',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { flap: { windowMs: 15 * MIN, maxStarts: 3 } }), everyMs: MIN, script: series({ a: flappy }) }] },
    until: 2 * HOUR,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [3330, 'chat', 'resolved', 'HighCPU[a] resolved'],
    ],
  },
  {
    name: 'no data → nodata alert; rows back → resolved',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('Orders', { forMs: 2 * MIN }), everyMs: MIN, script: noRows(10 * MIN, 30 * MIN) }] },
    until: HOUR,
    want: [
      [750, 'chat', 'firing', 'Orders nodata'],
      [1950, 'chat', 'resolved', 'Orders resolved'],
    ],
  },
  {
    name: 'a failing query → an error alert; the other series keep their state',
    options: { route: quietRoute, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: failing }] },
    until: 40 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [630, 'chat', 'firing', 'HighCPU[a] firing,HighCPU error'],
      [1230, 'chat', 'firing', 'HighCPU[a] firing,HighCPU resolved'],
    ],
  },
  {
    name: 'routing: one alert on every matching route, each with its own grouping, timing and receiver',
    options: {
      route: routeTree,
      receivers: ['default', 'db-chat', 'pager', 'web-pager'],
      rules: [
        { rule: rule('ReplicationLag', { labels: { team: 'db', severity: 'critical' } }), everyMs: MIN, script: dbScript },
        { rule: rule('WebDown', { labels: { team: 'web', severity: 'critical' } }), everyMs: MIN, script: webScript },
      ],
    },
    until: HOUR,
    want: [
      [0, 'pager', 'firing', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
      [0, 'web-pager', 'firing', 'WebDown[web1] firing'],
      [30, 'db-chat', 'firing', 'ReplicationLag[pg1] firing'],
      [30, 'db-chat', 'firing', 'ReplicationLag[pg2] firing'],
      [1800, 'pager', 'repeat', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
      [1800, 'web-pager', 'repeat', 'WebDown[web1] firing'],
      [3600, 'pager', 'repeat', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
    ],
  },
];

/** Everything observable after a run: what each receiver got (with keys and times) and what the store holds. */
async function runCase(c: Case, store: AlertStateStore) {
  const sc = createScenario({ ...c.options, store });
  c.setup?.(sc);
  await sc.runUntil(c.until);
  const ruleIds = c.options.rules.map((r) => r.rule.id);
  return {
    seen: sc.seen().map((s) => [s.at, s.receiver, s.kind, s.alerts.join(',')]),
    sent: Object.fromEntries([...sc.receivers].map(([n, r]) => [n, r.sent])),
    outbox: await store.listOutbox(),
    series: await Promise.all(ruleIds.map((id) => store.loadSeries(id))),
    silences: await store.listSilences(),
    active: (await store.activeAlerts()).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)),
    wake: await store.nextWakeAt(),
  };
}

/** As a sorted set: receivers notified at one instant may come in either route order (the exact order is compared memory vs store). */
const asSet = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();

const TABLES = ['alert_outbox', 'alert_notification_log', 'alert_group_alerts', 'alert_groups', 'alert_series', 'alert_silences'];

/** A chat that posts once per idempotency key. */
class IdempotentChat implements Receiver {
  readonly calls: string[] = [];
  readonly posted = new Map<string, Notification>();
  async send(n: Notification, { idempotencyKey }: SendOptions) {
    this.calls.push(idempotencyKey);
    if (!this.posted.has(idempotencyKey)) this.posted.set(idempotencyKey, n);
  }
}

/** The outbox crash scenario (send, then the process dies before markSent), on any store. */
async function crashBetweenSendAndMark(inner: AlertStateStore) {
  const LEASE = 60 * SEC;
  const store = Object.create(inner) as AlertStateStore;
  let armed = true;
  store.markSent = async (key, now) => {
    if (armed) {
      armed = false;
      throw new Error('process killed');
    }
    return inner.markSent(key, now);
  };
  const chat = new IdempotentChat();
  const r = { receiver: 'chat', groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 60 * MIN };
  const lc = createAlertLifecycle({ store, route: r, receivers: { chat }, delivery: { leaseMs: LEASE } });
  await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
  const crash = await lc.tick(30 * SEC).catch((e: Error) => e.message);
  const restarted = createAlertLifecycle({ store: inner, route: r, receivers: { chat }, delivery: { leaseMs: LEASE } });
  const withinLease = (await restarted.deliver(30 * SEC + LEASE - 1)).sent.length;
  const afterLease = (await restarted.deliver(30 * SEC + LEASE)).sent.length;
  const later = (await restarted.deliver(10 * MIN)).sent.length;
  return { crash, calls: chat.calls, posted: chat.posted.size, withinLease, afterLease, later, outbox: await inner.listOutbox() };
}

describe.each(TEST_BACKENDS)('acceptance scenarios on the %s alert state store, against the memory store', (backend) => {
  let opened: Awaited<ReturnType<typeof openTestStore>>;
  let meta: MetadataStore;

  beforeAll(async () => {
    opened = await openTestStore(backend);
    meta = opened.store;
  });
  afterAll(async () => {
    await opened?.close();
  });
  beforeEach(async () => {
    for (const t of TABLES) await meta.db.query(`DELETE FROM ${t}`);
  });

  it.each(CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const memory = await runCase(c as Case, createMemoryAlertStore());
    const stored = await runCase(c as Case, meta.alertState);
    expect(asSet(memory.seen)).toEqual(asSet((c as Case).want));
    expect(stored).toEqual(memory);
  });

  it('outbox: a crash between send and mark re-sends once, with the same key, after the lease', async () => {
    const memory = await crashBetweenSendAndMark(createMemoryAlertStore());
    const stored = await crashBetweenSendAndMark(meta.alertState);
    expect(memory).toMatchObject({ crash: 'process killed', posted: 1, withinLease: 0, afterLease: 1, later: 0 });
    expect(memory.calls).toHaveLength(2);
    expect(memory.calls[1]).toBe(memory.calls[0]);
    expect(memory.outbox[0]).toMatchObject({ status: 'sent', attempts: 2, sentAt: 90 * SEC });
    expect(stored).toEqual(memory);
  });
});
