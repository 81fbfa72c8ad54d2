/**
 * Built-in ClickHouse health rules on chDB: each check reads system.* on the
 * platform's admin path (the user's guard refuses the same tables), what
 * chDB lacks is said plainly, and a health rule switched on in a rule file
 * fires through the engine into Slack like any alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_CHECK_IDS, parseHealthRule, readHealth } from '../../alerts/health/index.ts';
import { CHANNEL, MIN, T0, startRig, type Rig } from './rig.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

describe('health checks on chDB', () => {
  const admin = () => (sql: string) => rig.app.warehouse.admin.query(sql);

  it('parts per partition and disk free have values; replication lag says there are no replicated tables', async () => {
    const parts = await readHealth('parts_per_partition', admin());
    expect(parts.value).toBeGreaterThan(0);
    const disk = await readHealth('disk_free', admin());
    expect(disk.value).toBeGreaterThan(0);
    expect(disk.value).toBeLessThanOrEqual(1);
    const lag = await readHealth('replication_lag', admin());
    expect(lag.value).toBeNull();
    expect(lag.note).toMatch(/no replicated tables/);
  });

  it('slow queries and failed inserts read system.query_log when it is there, else say query logging is off', async () => {
    for (const id of ['slow_queries', 'failed_inserts'] as const) {
      const r = await readHealth(id, admin());
      if (r.value === null) expect(r.note).toBe('system.query_log does not exist: query logging is off (log_queries) on this server');
      else expect(r.value).toBeGreaterThanOrEqual(0);
    }
  });

  it("is never the user's path: the guard refuses system tables the health checks read", async () => {
    await expect(rig.app.answerer.ask({ text: 'SELECT count() FROM system.parts', now: new Date(T0) })).rejects.toMatchObject({ code: 'SQL_REJECTED' });
  });

  it('refuses a bad health rule in one line', () => {
    expect(parseHealthRule({ kind: 'health', name: 'x', check: 'cpu', every: '5m' })).toEqual({ ok: false, error: `check: one of ${HEALTH_CHECK_IDS.join(', ')}` });
    expect(parseHealthRule({ kind: 'health', name: 'x', check: 'disk_free', every: '5m', above: 1, below: 0 })).toEqual({ ok: false, error: 'above/below: one threshold, not both' });
    expect(parseHealthRule({ kind: 'health', name: 'x', check: 'disk_free', every: '0 0 * * *' })).toEqual({ ok: false, error: 'every: a health rule runs on an interval (1m, 5m, 1h)' });
    expect(parseHealthRule({ kind: 'health', name: 'x', check: 'disk_free', every: '5m' })).toMatchObject({ ok: true, rule: { threshold: { op: 'below', value: 0.1 } } });
  });
});

describe('a health rule switched on', () => {
  it('fires into Slack through the engine when parts per partition exceed its threshold; replication lag stays quiet', async () => {
    await rig.addRule({ kind: 'health', name: 'ch-parts', check: 'parts_per_partition', above: 0, every: '1m', receivers: [`slack:T0FAKE/${CHANNEL}`] });
    await rig.addRule({ kind: 'health', name: 'ch-replication-lag', check: 'replication_lag', every: '1m', receivers: [`slack:T0FAKE/${CHANNEL}`] });
    await rig.advance(T0 + 3 * MIN);
    const notices = rig.slack.messages.filter((m) => m.channel === CHANNEL && m.blocks && /FIRING/.test(m.text));
    expect(notices).toHaveLength(1);
    expect(notices[0].text).toMatch(/^FIRING: ch-parts — value \d+ vs threshold 0/);
    expect(JSON.stringify(notices[0].blocks)).toContain('ClickHouse health: most active parts in one partition above 0 (parts)');
    const lag = rig.alerting.catalog.getHealth((await rig.app.store!.alerts.get(null, 'ch-replication-lag'))!.id.toString())!;
    expect((await rig.alerting.stateStore.loadSeries(lag.id)).filter((s) => s.state !== 'normal')).toEqual([]);
  }, 120_000);
});
