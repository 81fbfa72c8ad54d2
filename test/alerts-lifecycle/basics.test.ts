/**
 * Acceptance tests on a scripted clock: pending → firing, grouping, repeat,
 * resolve. Each names the Alertmanager (or Prometheus/Grafana) behaviour it mirrors.
 */
import { describe, expect, it } from 'vitest';
import { MIN, SEC, HOUR, always, between, createScenario, never, rule, series } from './harness.ts';

const route = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 1 * HOUR };

describe('pending → firing (Prometheus `for`, Grafana pending period)', () => {
  it('fires only after the condition held for `for`, then notifies after group_wait', async () => {
    // Prometheus: an alert is pending until `for` has elapsed at an evaluation; Alertmanager
    // then waits group_wait before the group's first notification (TestSendAlertsToPagerduty-style timing).
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { forMs: 2 * MIN }), everyMs: MIN, script: series({ a: always }) }] });
    await sc.runUntil(10 * MIN);
    expect(sc.seen()).toEqual([{ at: 150, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing'] }]);
    const [state] = await sc.store.loadSeries('highcpu');
    expect(state).toMatchObject({ state: 'firing', activeAt: 2 * MIN, value: 100, threshold: 10 });
  });

  it('never notifies when the condition clears before `for` (pending → normal)', async () => {
    // Prometheus drops a pending alert whose expression stops returning it before `for`:
    // nothing is sent to Alertmanager, so no group is ever created.
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { forMs: 3 * MIN }), everyMs: MIN, script: series({ a: between(0, 2 * MIN) }) }] });
    await sc.runUntil(30 * MIN);
    expect(sc.seen()).toEqual([]);
    expect(await sc.store.loadSeries('highcpu')).toEqual([]);
    expect(await sc.lifecycle.nextWakeAt()).toBeUndefined();
  });

  it('reports transitions normal → pending → firing', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [] });
    const r = rule('HighCPU', { forMs: MIN });
    const script = series({ a: always });
    const steps = [];
    for (const t of [0, 30 * SEC, MIN]) steps.push(...(await sc.lifecycle.evaluate(r, script(t), t)).transitions.map((x) => `${x.from}→${x.to}@${x.at / SEC}`));
    expect(steps).toEqual(['normal→pending@0', 'pending→firing@60']);
  });
});

describe('grouping (Alertmanager group_by, group_wait, group_interval)', () => {
  it('batches series that fire within group_wait into one notification; a later one waits for group_interval', async () => {
    // Alertmanager TestGrouping: alerts of one group arriving within group_wait go out together;
    // an alert added after the first flush is sent at the next group_interval tick, with the others.
    const sc = createScenario({
      route,
      receivers: ['chat'],
      rules: [{ rule: rule('HighCPU'), everyMs: 15 * SEC, script: series({ a: always, b: between(15 * SEC), c: between(MIN) }) }],
    });
    await sc.runUntil(10 * MIN);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing', 'HighCPU[b] firing'] },
      { at: 330, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing', 'HighCPU[b] firing', 'HighCPU[c] firing'] },
    ]);
  });

  it('keeps different group_by values in different groups, each with its own group_wait', async () => {
    // Alertmanager: one aggregation group per distinct value of the group_by labels.
    const sc = createScenario({
      route: { ...route, groupBy: ['instance'] },
      receivers: ['chat'],
      rules: [{ rule: rule('HighCPU'), everyMs: 15 * SEC, script: series({ a: always, b: between(15 * SEC) }) }],
    });
    await sc.runUntil(2 * MIN);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing'] },
      { at: 45, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[b] firing'] },
    ]);
  });
});

describe('repeat (Alertmanager repeat_interval)', () => {
  it('re-sends an unchanged group at the first group_interval tick at or after repeat_interval', async () => {
    // Alertmanager DedupStage: nothing changed → notify again only once repeat_interval has passed
    // since the last notification; checked at flushes, i.e. every group_interval.
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always }) }] });
    await sc.runUntil(2 * HOUR + MIN);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      [3630, 'repeat'],
      [7230, 'repeat'],
    ]);
  });

  it('stops repeating once the group has resolved', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 10 * MIN) }) }] });
    await sc.runUntil(3 * HOUR);
    expect(sc.seen().map((s) => s.kind)).toEqual(['firing', 'resolved']);
  });
});

describe('resolve (Alertmanager send_resolved)', () => {
  it('sends a resolved notice at the next group_interval tick and then forgets the group', async () => {
    // Alertmanager TestResolved: a resolved alert is sent at the next flush with its endsAt,
    // then removed from the aggregation group; the empty group is deleted.
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 7 * MIN), b: always }) }] });
    await sc.runUntil(20 * MIN);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing', 'HighCPU[b] firing'] },
      // a resolved at 7m; the tick at 10m30s announces it (b still firing: an update, kind firing).
      { at: 630, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[b] firing', 'HighCPU[a] resolved'] },
    ]);
    const sent = sc.receivers.get('chat')!.sent[1].notification.alerts.find((a) => a.state === 'resolved')!;
    expect(sent).toMatchObject({ startsAt: 0, endsAt: 7 * MIN, value: 1 });
  });

  it('sends kind "resolved" when the last alert of the group resolves, once', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 7 * MIN) }) }] });
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing'] },
      { at: 630, receiver: 'chat', kind: 'resolved', alerts: ['HighCPU[a] resolved'] },
    ]);
    expect(await sc.lifecycle.nextWakeAt()).toBeUndefined();
  });

  it('threads an episode: repeats and the resolved notice carry the first notice as threadId; a new episode starts a new thread', async () => {
    // Not in Alertmanager (chat threads): the thread of a group's episode, from its first firing
    // notice to the notice that all resolved.
    const sc = createScenario({
      route: { ...route, repeatIntervalMs: 10 * MIN },
      receivers: ['chat'],
      rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => t < 17 * MIN || t >= 30 * MIN }) }],
    });
    await sc.runUntil(40 * MIN);
    const sent = sc.receivers.get('chat')!.sent.map((s) => s.notification);
    expect(sent.map((n) => [n.createdAt / SEC, n.kind])).toEqual([
      [30, 'firing'],
      [630, 'repeat'],
      [1230, 'resolved'],
      [1830, 'firing'],
    ]);
    expect(sent.map((n) => n.threadId)).toEqual([sent[0].id, sent[0].id, sent[0].id, sent[3].id]);
    expect(sent[3].id).not.toBe(sent[0].id);
  });

  it('a retired (deleted or paused) rule resolves its alerts at the next tick and forgets its series', async () => {
    const r = rule('HighCPU', { keepFiringForMs: HOUR });
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: r, everyMs: HOUR * 24, script: series({ a: always }) }] });
    sc.at(7 * MIN, (lc, t) => lc.retire(r, t));
    await sc.runUntil(20 * MIN);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      [630, 'resolved'],
    ]);
    expect(await sc.store.loadSeries('highcpu')).toEqual([]);
  });

  it('with send_resolved false, sends no resolved notice, yet a later firing is new news', async () => {
    // Alertmanager: the notification log records the all-resolved state even when the
    // integration does not send resolved notices, so the next firing notifies.
    const sc = createScenario({
      route: { ...route, sendResolved: false },
      receivers: ['chat'],
      rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => t < 7 * MIN || t >= 20 * MIN }) }],
    });
    await sc.runUntil(30 * MIN);
    expect(sc.seen().map((s) => [s.at, s.kind, s.alerts.join()])).toEqual([
      [30, 'firing', 'HighCPU[a] firing'],
      [20 * 60 + 30, 'firing', 'HighCPU[a] firing'],
    ]);
  });

  it('never notifies when nothing fires', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: never }) }] });
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([]);
  });
});
