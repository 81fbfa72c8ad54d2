/**
 * Route tree tests (Alertmanager dispatch/route.go: Route.Match, `continue`,
 * inherited options, per-route timing) — unit cases on the tree, then an
 * acceptance run on the scripted clock.
 */
import { describe, expect, it } from 'vitest';
import { createRouteTree, groupKeyOf, groupLabelsOf, matchRoutes, parseMatcher, type RouteConfig } from '../../alerts/lifecycle/index.ts';
import { HOUR, MIN, SEC, createScenario, rule, type Script } from './harness.ts';

const config: RouteConfig = {
  receiver: 'default',
  groupBy: ['alertname'],
  groupWaitMs: 30 * SEC,
  groupIntervalMs: 5 * MIN,
  repeatIntervalMs: 4 * HOUR,
  routes: [
    { id: 'db', matchers: [parseMatcher('team="db"')], receiver: 'db-chat', continue: true, groupBy: ['alertname', 'cluster'] },
    {
      id: 'critical',
      matchers: [parseMatcher('severity="critical"')],
      receiver: 'pager',
      groupWaitMs: 0,
      repeatIntervalMs: 30 * MIN,
      routes: [{ id: 'critical-web', matchers: [parseMatcher('team="web"')], receiver: 'web-pager', sendResolved: false }],
    },
    { id: 'shadowed', matchers: [parseMatcher('severity=~"crit.*"')], receiver: 'never' },
  ],
};

describe('route tree (Alertmanager Route.Match)', () => {
  const tree = createRouteTree(config);
  const ids = (labels: Record<string, string>) => matchRoutes(tree, labels).map((r) => `${r.id}→${r.receiver}`);

  it('falls back to the root when no child matches', () => {
    expect(ids({ alertname: 'X', team: 'web', severity: 'warning' })).toEqual(['0→default']);
  });

  it('stops at the first matching child unless it has continue', () => {
    // team=db matches "db" (continue) and then "critical"; "shadowed" is never reached.
    expect(ids({ alertname: 'X', team: 'db', severity: 'critical' })).toEqual(['db→db-chat', 'critical→pager']);
    expect(ids({ alertname: 'X', team: 'ops', severity: 'critical' })).toEqual(['critical→pager']);
  });

  it('descends to the deepest matching node', () => {
    expect(ids({ alertname: 'X', team: 'web', severity: 'critical' })).toEqual(['critical-web→web-pager']);
  });

  it('children inherit what they do not set', () => {
    const [web] = matchRoutes(tree, { team: 'web', severity: 'critical' });
    expect(web).toMatchObject({ groupBy: ['alertname'], groupWaitMs: 0, groupIntervalMs: 5 * MIN, repeatIntervalMs: 30 * MIN, sendResolved: false });
  });

  it('group keys carry the route and the group_by values; "..." groups by every label', () => {
    const [db] = matchRoutes(tree, { alertname: 'Lag', team: 'db', cluster: 'eu' });
    expect(groupKeyOf(db, groupLabelsOf(db, { alertname: 'Lag', team: 'db', cluster: 'eu' }))).toBe('db:{alertname="Lag",cluster="eu"}');
    const all = createRouteTree({ receiver: 'r', groupBy: '...' });
    expect(groupLabelsOf(all, { a: '1', b: '2' })).toEqual({ a: '1', b: '2' });
  });

  it('refuses a root without receiver, duplicate ids and non-positive intervals', () => {
    expect(() => createRouteTree({})).toThrow(/root route needs a receiver/);
    expect(() => createRouteTree({ receiver: 'r', routes: [{ id: 'x' }, { id: 'x' }] })).toThrow(/duplicate route id "x"/);
    expect(() => createRouteTree({ receiver: 'r', groupIntervalMs: 0 })).toThrow(/positive group_interval/);
  });
});

describe('routing on the scripted clock (per-route receivers and timing, continue)', () => {
  const script: Script = () => ({
    outcome: 'ok',
    series: [
      { labels: { instance: 'pg1', cluster: 'eu' }, value: 90, breaching: true, threshold: 60 },
      { labels: { instance: 'pg2', cluster: 'us' }, value: 95, breaching: true, threshold: 60 },
    ],
  });
  const webScript: Script = (t) => ({ outcome: 'ok', series: [{ labels: { instance: 'web1' }, value: 9, breaching: t < 40 * MIN, threshold: 5 }] });

  it('one alert reaches every matching route, each with its own grouping, timing and receiver', async () => {
    const sc = createScenario({
      route: config,
      receivers: ['default', 'db-chat', 'pager', 'web-pager'],
      rules: [
        { rule: rule('ReplicationLag', { labels: { team: 'db', severity: 'critical' } }), everyMs: MIN, script },
        { rule: rule('WebDown', { labels: { team: 'web', severity: 'critical' } }), everyMs: MIN, script: webScript },
      ],
    });
    await sc.runUntil(HOUR);
    const byReceiver = (n: string) => sc.seen().filter((s) => s.receiver === n).map((s) => [s.at, s.kind, s.alerts.join()]);
    // "db": group_by alertname+cluster → one group per cluster, group_wait 30s inherited.
    expect(byReceiver('db-chat')).toEqual([
      [30, 'firing', 'ReplicationLag[pg1] firing'],
      [30, 'firing', 'ReplicationLag[pg2] firing'],
    ]);
    // "critical": group_wait 0 (at once), repeat every 30m (checked at 5m ticks).
    expect(byReceiver('pager')).toEqual([
      [0, 'firing', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
      [1800, 'repeat', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
      [3600, 'repeat', 'ReplicationLag[pg1] firing,ReplicationLag[pg2] firing'],
    ]);
    // "critical-web": send_resolved false → no resolved notice after 40m.
    expect(byReceiver('web-pager')).toEqual([
      [0, 'firing', 'WebDown[web1] firing'],
      [1800, 'repeat', 'WebDown[web1] firing'],
    ]);
    expect(byReceiver('default')).toEqual([]);
  });
});
