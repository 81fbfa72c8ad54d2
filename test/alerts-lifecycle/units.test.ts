/**
 * Unit tests of the pure stages: fingerprints and matchers (Prometheus label
 * semantics), silences (Alertmanager silence validation), dedup (Alertmanager
 * DedupStage.needsUpdate), group timers (aggrGroup) and the series state machine.
 */
import { describe, expect, it } from 'vitest';
import {
  applyEvaluation,
  createRouteTree,
  createSilence,
  expireSilence,
  fingerprint,
  matches,
  mergeIntoGroup,
  needsNotification,
  parseMatcher,
  planGroupUpserts,
  seriesMatchers,
  silenceState,
  silencedBy,
  type Alert,
  type NotificationLogEntry,
} from '../../alerts/lifecycle/index.ts';
import { MIN, SEC, rule } from './harness.ts';

describe('fingerprints', () => {
  it('are stable across label order and differ per rule and per label set', () => {
    expect(fingerprint('r1', { a: '1', b: '2' })).toBe(fingerprint('r1', { b: '2', a: '1' }));
    expect(fingerprint('r1', { a: '1' })).not.toBe(fingerprint('r2', { a: '1' }));
    expect(fingerprint('r1', { a: '1' })).not.toBe(fingerprint('r1', { a: '2' }));
    // No ambiguity from concatenation.
    expect(fingerprint('r1', { a: 'b', c: '' })).not.toBe(fingerprint('r1', { a: 'bc' }));
    expect(fingerprint('r1', {})).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('matchers (Prometheus/Alertmanager semantics)', () => {
  it('parses the four operators, quoted or not', () => {
    expect(parseMatcher('severity="critical"')).toEqual({ name: 'severity', op: '=', value: 'critical' });
    expect(parseMatcher('team != db')).toEqual({ name: 'team', op: '!=', value: 'db' });
    expect(parseMatcher('instance=~"web-\\\\d+"')).toEqual({ name: 'instance', op: '=~', value: 'web-\\d+' });
    expect(parseMatcher('env!~prod|staging')).toEqual({ name: 'env', op: '!~', value: 'prod|staging' });
    expect(() => parseMatcher('no operator')).toThrow(/bad matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/invalid regular expression/);
  });

  it('anchors regular expressions and reads absent labels as empty', () => {
    expect(matches(parseMatcher('instance=~web'), { instance: 'web-1' })).toBe(false);
    expect(matches(parseMatcher('instance=~web.*'), { instance: 'web-1' })).toBe(true);
    expect(matches(parseMatcher('team=""'), {})).toBe(true);
    expect(matches(parseMatcher('team!~".+"'), {})).toBe(true);
    expect(matches(parseMatcher('team!=db'), {})).toBe(true);
  });
});

describe('silences (Alertmanager silence validation and states)', () => {
  const base = { matchers: ['alertname=X'], endsAt: 10 * MIN, createdBy: 'ana', comment: 'why' };
  it('are pending, active, then expired; expiring ends them now', () => {
    const s = createSilence({ ...base, startsAt: MIN }, 0);
    expect([silenceState(s, 0), silenceState(s, MIN), silenceState(s, 10 * MIN)]).toEqual(['pending', 'active', 'expired']);
    expect(silenceState(expireSilence(s, 2 * MIN), 2 * MIN)).toBe('expired');
    expect(silenceState(expireSilence(s, 0), 0)).toBe('expired');
    expect(silencedBy([s], { alertname: 'X' }, 5 * MIN)).toEqual([s.id]);
    expect(silencedBy([s], { alertname: 'Y' }, 5 * MIN)).toEqual([]);
  });

  it('seriesMatchers select one series exactly (Mute this series)', () => {
    const labels = { alertname: 'X', rule_id: 'x', host: 'a' };
    const s = createSilence({ ...base, matchers: seriesMatchers(labels) }, 0);
    expect(silencedBy([s], labels, MIN)).toEqual([s.id]);
    expect(silencedBy([s], { ...labels, host: 'b' }, MIN)).toEqual([]);
  });

  it('refuses silences that would mute everything, end before they start, or lack an author or comment', () => {
    expect(() => createSilence({ ...base, matchers: [] }, 0)).toThrow(/at least one matcher/);
    expect(() => createSilence({ ...base, matchers: ['team=~".*"'] }, 0)).toThrow(/must not match the empty string/);
    expect(() => createSilence({ ...base, startsAt: 20 * MIN }, 0)).toThrow(/after startsAt/);
    expect(() => createSilence({ ...base, endsAt: 0 }, MIN)).toThrow(/endsAt/);
    expect(() => createSilence({ ...base, createdBy: ' ' }, 0)).toThrow(/createdBy/);
    expect(() => createSilence({ ...base, comment: '' }, 0)).toThrow(/comment/);
  });
});

describe('dedup (Alertmanager DedupStage.needsUpdate)', () => {
  const alert = (fp: string, state: Alert['state']): Alert => ({ fingerprint: fp, ruleId: 'r', labels: {}, annotations: {}, state, startsAt: 0, value: 1, flapping: false, updatedAt: 0 });
  const entry = (firing: string[], resolved: string[], notifiedAt = 0): NotificationLogEntry => ({ groupKey: 'g', receiver: 'r', firing, resolved, notifiedAt, notificationId: 'n', threadId: 'n' });
  const o = { now: 10 * MIN, repeatIntervalMs: 60 * MIN, sendResolved: true };

  it.each([
    ['first notification with firing alerts', undefined, [alert('a', 'firing')], 'firing'],
    ['first flush with only resolved alerts', undefined, [alert('a', 'resolved')], undefined],
    ['a new firing alert', entry(['a:firing'], []), [alert('a', 'firing'), alert('b', 'firing')], 'firing'],
    ['a change of state (firing → error)', entry(['a:firing'], []), [alert('a', 'error')], 'firing'],
    ['all resolved after firing', entry(['a:firing'], []), [alert('a', 'resolved')], 'resolved'],
    ['all resolved, already told', entry([], ['a']), [alert('a', 'resolved')], undefined],
    ['one resolved, one firing', entry(['a:firing', 'b:firing'], []), [alert('a', 'firing'), alert('b', 'resolved')], 'firing'],
    ['nothing changed, before repeat_interval', entry(['a:firing'], []), [alert('a', 'firing')], undefined],
    ['a firing alert went away unannounced (subset)', entry(['a:firing', 'b:firing'], []), [alert('a', 'firing')], undefined],
  ] as const)('%s', (_name, e, alerts, want) => {
    expect(needsNotification(e, alerts, o)).toBe(want);
  });

  it('repeats once repeat_interval has passed; without send_resolved a partial resolve is no news', () => {
    expect(needsNotification(entry(['a:firing'], [], 0), [alert('a', 'firing')], { ...o, now: 60 * MIN })).toBe('repeat');
    expect(needsNotification(entry(['a:firing', 'b:firing'], []), [alert('a', 'firing'), alert('b', 'resolved')], { ...o, sendResolved: false })).toBeUndefined();
  });
});

describe('group timers (Alertmanager aggrGroup)', () => {
  const tree = createRouteTree({ receiver: 'chat', groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 60 * MIN });
  const alert = (startsAt: number, state: Alert['state'] = 'firing'): Alert => ({ fingerprint: 'f', ruleId: 'r', labels: { alertname: 'X' }, annotations: {}, state, startsAt, value: 1, flapping: false, updatedAt: startsAt });

  it('a new group waits group_wait, unless its first alert is older than group_wait', () => {
    const [u] = planGroupUpserts(tree, [alert(10 * MIN)]);
    expect(mergeIntoGroup(undefined, u, 10 * MIN)?.nextFlushAt).toBe(10 * MIN + 30 * SEC);
    const [old] = planGroupUpserts(tree, [alert(0)]);
    expect(mergeIntoGroup(undefined, old, 10 * MIN)?.nextFlushAt).toBe(10 * MIN);
  });

  it('a resolved alert never creates a group', () => {
    const [u] = planGroupUpserts(tree, [alert(0, 'resolved')]);
    expect(mergeIntoGroup(undefined, u, MIN)).toBeUndefined();
  });
});

describe('series state machine', () => {
  it('a pending series that changes cause restarts its pending period', () => {
    const r = rule('R', { forMs: 2 * MIN });
    let out = applyEvaluation(r, [], { outcome: 'ok', series: [] }, 0);
    expect(out.states[0]).toMatchObject({ state: 'pending', target: 'nodata', pendingSince: 0 });
    out = applyEvaluation(r, out.states, { outcome: 'error', error: 'boom' }, MIN);
    expect(out.states[0]).toMatchObject({ state: 'pending', target: 'error', pendingSince: MIN });
    out = applyEvaluation(r, out.states, { outcome: 'error', error: 'boom' }, 3 * MIN);
    expect(out.states[0]).toMatchObject({ state: 'error', error: 'boom', activeAt: 3 * MIN });
    expect(out.alerts.map((a) => a.state)).toEqual(['error']);
  });

  it('rule labels and annotations reach the alert; series go away once normal', () => {
    const r = rule('R', { labels: { severity: 'warning' }, annotations: { summary: 'CPU high' } });
    const on = applyEvaluation(r, [], { outcome: 'ok', series: [{ labels: { host: 'a' }, value: 5, breaching: true, threshold: 3, baseline: 1 }] }, 0);
    expect(on.alerts[0]).toMatchObject({ labels: { host: 'a', severity: 'warning', alertname: 'R', rule_id: 'r' }, annotations: { summary: 'CPU high' }, value: 5, threshold: 3, baseline: 1 });
    const off = applyEvaluation(r, on.states, { outcome: 'ok', series: [{ labels: { host: 'a' }, value: 1, breaching: false }] }, MIN);
    expect(off.alerts[0]).toMatchObject({ state: 'resolved', endsAt: MIN });
    expect(off.states).toEqual([]);
    expect(off.removed).toEqual([on.states[0].fingerprint]);
  });
});
