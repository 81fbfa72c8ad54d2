/**
 * Acceptance tests on a scripted clock: flapping, keep_firing_for, no data and
 * errors (Prometheus `for` / `keep_firing_for`, Grafana's NoData and Error
 * states, Alertmanager's handling of a clear and re-fire between flushes).
 */
import { describe, expect, it } from 'vitest';
import { HOUR, MIN, SEC, always, createScenario, rule, series, type Script } from './harness.ts';

const route = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 4 * HOUR };
/** On for 2 minutes, off for 2, until 40 minutes. */
const flappy = (t: number) => t < 40 * MIN && Math.floor(t / (2 * MIN)) % 2 === 0;

describe('flapping', () => {
  it('rapid fire/clear within `for` never notifies (Prometheus: the pending period restarts)', async () => {
    const alternating = (t: number) => Math.floor(t / (30 * SEC)) % 2 === 0;
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { forMs: 2 * MIN }), everyMs: 30 * SEC, script: series({ a: alternating }) }] });
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([]);
  });

  it('after firing, a clear and re-fire between two flushes is invisible to the receiver (Alertmanager dedup: firing set unchanged)', async () => {
    // Documented behaviour: the resolved snapshot sits in the group until the next tick; the re-fire
    // replaces it, so at the tick the firing set equals what was announced — no resolved notice, no
    // new firing notice. The alert carries its new startsAt from then on (seen in the next repeat).
    const sc = createScenario({
      route: { ...route, repeatIntervalMs: HOUR },
      receivers: ['chat'],
      rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => !(t >= 2 * MIN && t < 3 * MIN) }) }],
    });
    await sc.runUntil(HOUR + MIN);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      [3630, 'repeat'],
    ]);
    expect(sc.receivers.get('chat')!.sent[1].notification.alerts[0].startsAt).toBe(3 * MIN);
  });

  it('a clear spanning a flush is announced as resolved, and the re-fire as firing after group_wait of the new group', async () => {
    // Alertmanager: the all-resolved flush deletes the group; the next alert creates a new group,
    // which waits group_wait again.
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: (t) => !(t >= 4 * MIN && t < 6 * MIN) }) }] });
    await sc.runUntil(20 * MIN);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      [330, 'resolved'],
      [390, 'firing'],
    ]);
  });

  it('without damping, a series bouncing for 40 minutes produces a stream of fire/resolve pairs', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script: series({ a: flappy }) }] });
    await sc.runUntil(2 * HOUR);
    expect(sc.seen().map((s) => s.kind)).toEqual(['firing', 'resolved', 'firing', 'resolved', 'firing', 'resolved', 'firing', 'resolved']);
  });

  it('with flap damping, it is one firing alert marked flapping, resolved once it stayed clear for the window', async () => {
    // Flap detection (Nagios/Icinga style, absent in Alertmanager): the third start within 15 minutes
    // marks the series flapping; while flapping, a clear must last 15 minutes to resolve.
    const flap = { windowMs: 15 * MIN, maxStarts: 3 };
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { flap }), everyMs: MIN, script: series({ a: flappy }) }] });
    await sc.runUntil(2 * HOUR);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      // last "on" evaluation at 37m, clear from 38m, + 15m = 53m resolved; next tick 55m30s.
      [3330, 'resolved'],
    ]);
    const resolved = sc.receivers.get('chat')!.sent[1].notification.alerts[0];
    expect(resolved).toMatchObject({ flapping: true, endsAt: 53 * MIN });
  });

  it('keep_firing_for holds an alert through a short clear; a long clear resolves it after the hold', async () => {
    // Prometheus keep_firing_for (Grafana's Recovering state).
    const on = (t: number) => t < 5 * MIN || (t >= 12 * MIN && t < 20 * MIN);
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { keepFiringForMs: 10 * MIN }), everyMs: MIN, script: series({ a: on }) }] });
    const states: string[] = [];
    sc.at(8 * MIN, async () => states.push(...(await sc.store.loadSeries('highcpu')).map((s) => s.state)));
    await sc.runUntil(HOUR);
    expect(states).toEqual(['recovering']);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([
      [30, 'firing'],
      // clear from 20m, held 10m → resolved at 30m; tick at 30m30s.
      [1830, 'resolved'],
    ]);
  });
});

describe('no data and errors (Grafana no_data_state / exec_err_state)', () => {
  const rows = (from: number, to: number): Script => (t) => (t >= from && t < to ? { outcome: 'ok', series: [] } : series({ a: () => false })(t));

  it('no rows for longer than `for` → a nodata alert; rows back → resolved', async () => {
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('Orders', { forMs: 2 * MIN }), everyMs: MIN, script: rows(10 * MIN, 30 * MIN) }] });
    await sc.runUntil(HOUR);
    expect(sc.seen()).toEqual([
      { at: 750, receiver: 'chat', kind: 'firing', alerts: ['Orders nodata'] },
      { at: 1950, receiver: 'chat', kind: 'resolved', alerts: ['Orders resolved'] },
    ]);
  });

  it('noDataState "normal" ignores no data; "firing" treats it as the condition', async () => {
    const quiet = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('Orders', { noDataState: 'normal' }), everyMs: MIN, script: rows(10 * MIN, 30 * MIN) }] });
    await quiet.runUntil(HOUR);
    expect(quiet.seen()).toEqual([]);
    const loud = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('Orders', { noDataState: 'firing' }), everyMs: MIN, script: rows(10 * MIN, 30 * MIN) }] });
    await loud.runUntil(HOUR);
    expect(loud.seen().map((s) => [s.at, s.kind, s.alerts.join()])).toEqual([
      [630, 'firing', 'Orders firing'],
      [1830, 'resolved', 'Orders resolved'],
    ]);
  });

  it('a failing query → an error alert carrying the error; existing series keep their state', async () => {
    const script: Script = (t) => (t >= 10 * MIN && t < 20 * MIN ? { outcome: 'error', error: 'warehouse unavailable' } : series({ a: always })(t));
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script }] });
    await sc.runUntil(40 * MIN);
    expect(sc.seen().map((s) => [s.at, s.kind, s.alerts.join()])).toEqual([
      [30, 'firing', 'HighCPU[a] firing'],
      [630, 'firing', 'HighCPU[a] firing,HighCPU error'],
      [1230, 'firing', 'HighCPU[a] firing,HighCPU resolved'],
    ]);
    const err = sc.receivers.get('chat')!.sent[1].notification.alerts[1];
    expect(err).toMatchObject({ state: 'error', error: 'warehouse unavailable' });
  });

  it('errorState "keep_last" leaves every series as it was', async () => {
    const script: Script = (t) => (t >= 10 * MIN && t < 20 * MIN ? { outcome: 'error', error: 'timeout' } : series({ a: always })(t));
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU', { errorState: 'keep_last' }), everyMs: MIN, script }] });
    await sc.runUntil(40 * MIN);
    expect(sc.seen().map((s) => [s.at, s.kind])).toEqual([[30, 'firing']]);
  });

  it('a series that stops appearing resolves after two evaluations without it (Grafana stale series)', async () => {
    const script: Script = (t) => (t < 10 * MIN ? series({ a: always, b: always })(t) : series({ b: always })(t));
    const sc = createScenario({ route, receivers: ['chat'], rules: [{ rule: rule('HighCPU'), everyMs: MIN, script }] });
    await sc.runUntil(20 * MIN);
    expect(sc.seen().map((s) => [s.at, s.alerts.join()])).toEqual([
      [30, 'HighCPU[a] firing,HighCPU[b] firing'],
      // a missing at 10m and 11m → resolved at 11m; tick at 15m30s.
      [930, 'HighCPU[b] firing,HighCPU[a] resolved'],
    ]);
  });
});
