/**
 * The lifecycle's acceptance scenarios of basics.test.ts (pending → firing,
 * grouping, repeat, resolve) run on the metadata-store AlertStateStore
 * (bot/infra/store/alert-state-repo.ts), on PostgreSQL and on PGlite, each
 * next to the same run on the in-memory store: the notifications (full
 * objects, idempotency keys and send times), the outbox, the series and the
 * silences must be identical — and the compact notice list equal to what the
 * memory-store tests pin.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryAlertStore, type AlertStateStore } from '../../alerts/lifecycle/index.ts';
import { TEST_BACKENDS, openTestStore } from '../../bot/infra/store/test-databases.ts';
import type { MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { HOUR, MIN, SEC, always, between, createScenario, never, rule, series, type Scenario, type ScenarioOptions } from './harness.ts';

const route = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 1 * HOUR };

/** One scenario: how to build it, how long to run it, and the notices (at s, kind, alerts) the memory-store tests pin. */
interface Case {
  name: string;
  options: Omit<ScenarioOptions, 'store'>;
  until: number;
  setup?: (sc: Scenario) => void;
  /** [at (s), receiver, kind, alerts joined] of every notification, in order. */
  want: [number, string, string, string][];
}

const CASES: Case[] = [
  {
    name: 'pending → firing after `for`, notified after group_wait',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { forMs: 2 * MIN }), everyMs: MIN, script: series({ a: always }) }] },
    until: 10 * MIN,
    want: [[150, 'chat', 'firing', 'HighCPU[a] firing']],
  },
  {
    name: 'pending cleared before `for` never notifies',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { forMs: 3 * MIN }), everyMs: MIN, script: series({ a: between(0, 2 * MIN) }) }] },
    until: 30 * MIN,
    want: [],
  },
  {
    name: 'grouping: one batch within group_wait, a later alert at group_interval',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: 15 * SEC, script: series({ a: always, b: between(15 * SEC), c: between(MIN) }) }] },
    until: 10 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing,HighCPU[b] firing'],
      [330, 'chat', 'firing', 'HighCPU[a] firing,HighCPU[b] firing,HighCPU[c] firing'],
    ],
  },
  {
    name: 'grouping: different group_by values, each with its own group_wait',
    options: { route: { ...route, groupBy: ['instance'] }, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: 15 * SEC, script: series({ a: always, b: between(15 * SEC) }) }] },
    until: 2 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [45, 'chat', 'firing', 'HighCPU[b] firing'],
    ],
  },
  {
    name: 'repeat at the first group_interval tick after repeat_interval',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always }) }] },
    until: 2 * HOUR + MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [3630, 'chat', 'repeat', 'HighCPU[a] firing'],
      [7230, 'chat', 'repeat', 'HighCPU[a] firing'],
    ],
  },
  {
    name: 'resolve: an update with the resolved alert while another still fires',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 7 * MIN), b: always }) }] },
    until: 20 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing,HighCPU[b] firing'],
      [630, 'chat', 'firing', 'HighCPU[b] firing,HighCPU[a] resolved'],
    ],
  },
  {
    name: 'resolve: kind "resolved" once, then no repeats and nothing to wake for',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 7 * MIN) }) }] },
    until: 3 * HOUR,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [630, 'chat', 'resolved', 'HighCPU[a] resolved'],
    ],
  },
  {
    name: 'episodes and threads: repeat, resolved, a new episode',
    options: { route: { ...route, repeatIntervalMs: 10 * MIN }, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => t < 17 * MIN || t >= 30 * MIN }) }] },
    until: 40 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [630, 'chat', 'repeat', 'HighCPU[a] firing'],
      [1230, 'chat', 'resolved', 'HighCPU[a] resolved'],
      [1830, 'chat', 'firing', 'HighCPU[a] firing'],
    ],
  },
  {
    name: 'a retired rule resolves at the next tick',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { keepFiringForMs: HOUR }), everyMs: HOUR * 24, script: series({ a: always }) }] },
    setup: (sc) => sc.at(7 * MIN, (lc, t) => lc.retire(rule('HighCPU', { keepFiringForMs: HOUR }), t)),
    until: 20 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [630, 'chat', 'resolved', 'HighCPU[a] resolved'],
    ],
  },
  {
    name: 'send_resolved false: no resolved notice, a later firing is news',
    options: { route: { ...route, sendResolved: false }, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => t < 7 * MIN || t >= 20 * MIN }) }] },
    until: 30 * MIN,
    want: [
      [30, 'chat', 'firing', 'HighCPU[a] firing'],
      [1230, 'chat', 'firing', 'HighCPU[a] firing'],
    ],
  },
  {
    name: 'nothing fires, nothing is sent',
    options: { route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: never }) }] },
    until: HOUR,
    want: [],
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

});
