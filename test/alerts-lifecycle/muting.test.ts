/**
 * Acceptance tests on a scripted clock: silences and inhibition
 * (Alertmanager's SilenceStage and InhibitStage).
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, SEC, always, between, createScenario, rule, series, type Script } from './harness.ts';

const route = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 4 * HOUR };

describe('silences (Alertmanager silence/silence.go, acceptance TestSilencing)', () => {
  it('mutes matching alerts only; muted alerts are still tracked; expiry un-silences at the next tick', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always, b: always }) }] });
    let silenceId = '';
    sc.at(0, async (lc, t) => {
      silenceId = (await lc.addSilence({ matchers: ['instance="a"'], endsAt: t + 20 * MIN, createdBy: 'ana', comment: 'maintenance' }, t)).id;
      // A silence that matches nothing here changes nothing.
      await lc.addSilence({ matchers: ['instance=~"c|d"'], endsAt: t + HOUR, createdBy: 'ana', comment: 'other hosts' }, t);
    });
    let mutedAt30: unknown;
    sc.at(30 * SEC + 1, async () => {
      mutedAt30 = (await sc.store.loadSeries('highcpu')).map((s) => [s.seriesLabels.instance, s.state]);
    });
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[b] firing'] },
      // The silence ends at 20m; the group's tick at 20m30s announces a (new to the receiver).
      { at: 1230, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing', 'HighCPU[b] firing'] },
    ]);
    expect(mutedAt30).toEqual([['a', 'firing'], ['b', 'firing']]);
    expect((await sc.store.listSilences()).find((s) => s.id === silenceId)).toMatchObject({ createdBy: 'ana', comment: 'maintenance', endsAt: 20 * MIN });
  });

  it('reports why an alert was left out of a flush', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [] });
    const s = await sc.lifecycle.addSilence({ matchers: [{ name: 'instance', op: '=', value: 'a' }], endsAt: HOUR, createdBy: 'ana', comment: 'x' }, 0);
    await sc.lifecycle.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    const [plan] = await sc.lifecycle.flush(30 * SEC);
    expect(plan.muted).toEqual([{ fingerprint: expect.any(String), silencedBy: [s.id], inhibitedBy: undefined }]);
    expect(plan.notification).toBeUndefined();
    expect(plan.logEntry).toBeUndefined();
  });

  it('a silence that starts later mutes from its start; expiring it early un-mutes at the next tick', async () => {
    // Alertmanager: silences are pending until startsAt; expiring sets endsAt = now.
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: always, b: between(10 * MIN) }) }] });
    let id = '';
    sc.at(0, async (lc, t) => {
      id = (await lc.addSilence({ matchers: ['alertname=HighCPU'], startsAt: 5 * MIN, endsAt: 2 * HOUR, createdBy: 'bo', comment: 'deploy' }, t)).id;
    });
    sc.at(25 * MIN, (lc, t) => lc.expireSilence(id, t));
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing'] },
      // b fired at 10m under the silence; the silence was expired at 25m; next tick 25m30s.
      { at: 1530, receiver: 'chat', kind: 'firing', alerts: ['HighCPU[a] firing', 'HighCPU[b] firing'] },
    ]);
  });

  it('a muted alert that resolves while muted is never announced at all', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: between(0, 10 * MIN) }) }] });
    sc.at(0, (lc, t) => lc.addSilence({ matchers: ['instance=a'], endsAt: 30 * MIN, createdBy: 'c', comment: 'x' }, t));
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([]);
  });
});

describe('inhibition (Alertmanager inhibit/inhibit.go, acceptance TestInhibiting)', () => {
  const down: Script = (t) => ({ outcome: 'ok', series: [{ labels: { cluster: 'x' }, value: t < 15 * MIN ? 0 : 3, breaching: t < 15 * MIN, threshold: 1 }] });
  const latency: Script = (t) => ({
    outcome: 'ok',
    series: ['x', 'y'].map((cluster) => ({ labels: { cluster, instance: cluster }, value: 900, breaching: t >= 0, threshold: 500 })),
  });
  const rules = [
    { rule: rule('ClusterDown', { labels: { severity: 'critical' } }), everyMs: MIN, script: down },
    { rule: rule('HighLatency', { labels: { severity: 'warning' } }), everyMs: MIN, script: latency },
  ];
  const inhibitRules = [{ name: 'down-mutes-warnings', sourceMatchers: [{ name: 'severity', op: '=' as const, value: 'critical' }], targetMatchers: [{ name: 'severity', op: '=' as const, value: 'warning' }], equal: ['cluster'] }];

  it('a firing source mutes targets with equal labels only, and they are announced once it resolves', async () => {
    const sc = createScenario({ route, inhibitRules, receivers: ['chat'], rules });
    await sc.runUntil(40 * MIN);
    expect(sc.seen()).toEqual([
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['ClusterDown firing'] },
      { at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighLatency[y] firing'] },
      // ClusterDown resolves at 15m: its group says so at 15m30s, and from then HighLatency[x] is no longer muted.
      { at: 930, receiver: 'chat', kind: 'resolved', alerts: ['ClusterDown resolved'] },
      { at: 930, receiver: 'chat', kind: 'firing', alerts: ['HighLatency[x] firing', 'HighLatency[y] firing'] },
    ]);
  });

  it('an alert matching both sides does not mute itself or its kind (Alertmanager two-sided match)', async () => {
    const both = [{ sourceMatchers: [{ name: 'alertname', op: '=' as const, value: 'HighLatency' }], targetMatchers: [{ name: 'alertname', op: '=' as const, value: 'HighLatency' }], equal: ['alertname'] }];
    const sc = createScenario({ route, inhibitRules: both, receivers: ['chat'], rules: [rules[1]] });
    await sc.runUntil(2 * MIN);
    expect(sc.seen()).toEqual([{ at: 30, receiver: 'chat', kind: 'firing', alerts: ['HighLatency[x] firing', 'HighLatency[y] firing'] }]);
  });
});
