/**
 * The metadata-store AlertStateStore (bot/infra/store/alert-state-repo.ts) on
 * PostgreSQL and PGlite: state survives a restart (close, reopen the same
 * database), a stale flush writes nothing (also against a group deleted and
 * created again under the same key), outbox leases / retries / failures,
 * silences with their matchers as JSON, nextWakeAt, prune, and joining a
 * caller's transaction.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertLifecycle, createInhibitor, planFlush, type Silence } from '../../alerts/lifecycle/index.ts';
import { openMetadataStore, type MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { TEST_BACKENDS, createTestDatabase, type TestDatabase } from '../../bot/infra/store/test-databases.ts';
import { MIN, SEC, always, between, rule, series } from './harness.ts';

const route = { receiver: 'chat', groupBy: ['alertname'], groupWaitMs: 30 * SEC, groupIntervalMs: 5 * MIN, repeatIntervalMs: 60 * MIN };
const TABLES = ['alert_outbox', 'alert_notification_log', 'alert_group_alerts', 'alert_groups', 'alert_series', 'alert_silences'];
const noReceivers = {};

describe.each(TEST_BACKENDS)('alert state store on %s', (backend) => {
  let database: TestDatabase;
  let meta: MetadataStore;
  const open = () => openMetadataStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    meta = await open();
  });
  afterAll(async () => {
    await meta?.close();
    await database?.cleanup();
  });
  beforeEach(async () => {
    for (const t of TABLES) await meta.db.query(`DELETE FROM ${t}`);
  });

  it('survives a restart: series, group, log entry and the recorded notification are there; it is delivered once', async () => {
    const lc = createAlertLifecycle({ store: meta.alertState, route, receivers: noReceivers });
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always })(0), 0);
    const [plan] = await lc.flush(30 * SEC); // recorded, then the process "dies"
    await meta.close();
    meta = await open();
    const store = meta.alertState;
    expect((await store.loadSeries('highcpu')).map((s) => [s.seriesLabels.instance, s.state])).toEqual([
      ['a', 'firing'],
      ['b', 'firing'],
    ]);
    expect(await store.getGroup(plan.groupKey)).toMatchObject({ hasFlushed: true, nextFlushAt: 30 * SEC + 5 * MIN, version: plan.groupVersion + 1 });
    expect(await store.getLogEntry(plan.groupKey, 'chat')).toMatchObject({ notificationId: plan.notification!.id, threadId: plan.notification!.id });
    const sent: string[] = [];
    const again = createAlertLifecycle({ store, route, receivers: { chat: { send: async (_n, o) => void sent.push(o.idempotencyKey) } } });
    expect((await again.tick(31 * SEC)).flushed).toEqual([]);
    expect(await again.tick(32 * SEC)).toMatchObject({ flushed: [], delivery: { sent: [] } });
    expect(sent).toEqual([plan.notification!.id]);
    expect(await store.listOutbox()).toMatchObject([{ status: 'sent', attempts: 1, sentAt: 31 * SEC, notification: plan.notification }]);
  });

  it('commitFlush on a stale version returns false and writes nothing; a group deleted and re-created never reuses a version', async () => {
    const store = meta.alertState;
    const lc = createAlertLifecycle({ store, route, receivers: noReceivers });
    await lc.evaluate(rule('HighCPU'), series({ a: between(0, MIN) })(0), 0);
    const [g1] = await store.dueGroups(30 * SEC, 10);
    const ctx = (now: number) => ({ now, inhibitor: createInhibitor([], []), silences: [], logEntry: undefined });
    const stale = planFlush(g1, ctx(30 * SEC));
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always })(15 * SEC), 15 * SEC); // bumps the version
    expect(await store.commitFlush(stale, 30 * SEC)).toBe(false);
    expect(await store.listOutbox()).toEqual([]);
    expect(await store.getLogEntry(g1.key, 'chat')).toBeUndefined();
    expect((await store.getGroup(g1.key))!.version).toBe(g1.version + 2); // two alerts merged

    // The group resolves and is deleted by a flush; a new alert creates it again.
    await lc.flush(30 * SEC);
    await lc.evaluate(rule('HighCPU'), series({ a: () => false, b: () => false })(MIN), MIN);
    const [resolving] = await store.dueGroups(6 * MIN, 10);
    expect(await lc.flush(6 * MIN)).toHaveLength(1);
    expect(await store.getGroup(g1.key)).toBeUndefined();
    await lc.evaluate(rule('HighCPU'), series({ a: always })(7 * MIN), 7 * MIN);
    const reborn = (await store.getGroup(g1.key))!;
    expect(reborn.alerts).toHaveProperty([Object.keys(reborn.alerts)[0]], expect.objectContaining({ state: 'firing' }));
    // A plan made on the deleted group (same key) cannot commit against the new one.
    expect(reborn.version).not.toBe(resolving.version);
    expect(reborn.version).not.toBe(g1.version);
    const ghost = planFlush(resolving, ctx(7 * MIN + 30 * SEC));
    expect(await store.commitFlush({ ...ghost, groupVersion: resolving.version }, 7 * MIN + 30 * SEC)).toBe(false);
    expect(await store.getGroup(g1.key)).toEqual(reborn);
  });

  it('outbox: claims lease records, markFailed retries at retryAt or gives up, markSent keeps the first time', async () => {
    const store = meta.alertState;
    const lc = createAlertLifecycle({ store, route: { ...route, groupBy: ['instance'] }, receivers: noReceivers });
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always, c: always })(0), 0);
    expect(await lc.flush(30 * SEC)).toHaveLength(3);
    const pending = await store.listOutbox('pending');
    expect(pending.map((r) => r.attempts)).toEqual([0, 0, 0]);

    const claimed = await store.claimOutbox(30 * SEC, 60 * SEC, 2);
    expect(claimed.map((r) => r.idempotencyKey)).toEqual(pending.slice(0, 2).map((r) => r.idempotencyKey)); // oldest first
    expect(claimed.map((r) => [r.attempts, r.nextAttemptAt])).toEqual([
      [1, 90 * SEC],
      [1, 90 * SEC],
    ]);
    // Leased: a second worker gets only the third one, then nothing until the lease runs out.
    expect((await store.claimOutbox(31 * SEC, 60 * SEC, 10)).map((r) => r.idempotencyKey)).toEqual([pending[2].idempotencyKey]);
    expect(await store.claimOutbox(89 * SEC, 60 * SEC, 10)).toEqual([]);
    expect(await store.nextWakeAt()).toBe(90 * SEC);

    const [r0, r1, r2] = pending.map((r) => r.idempotencyKey);
    await store.markFailed(r0, { now: 32 * SEC, error: '429 Too Many Requests', retryAt: 50 * SEC });
    await store.markFailed(r1, { now: 32 * SEC, error: '400 channel_not_found' });
    await store.markSent(r2, 33 * SEC);
    await store.markSent(r2, 40 * SEC); // a re-send after a lost lease: the first delivery time stays
    await store.markFailed(r2, { now: 41 * SEC, error: 'late failure of a duplicate' }); // a delivered record stays delivered
    expect(await store.nextWakeAt()).toBe(50 * SEC);
    expect(await store.claimOutbox(49 * SEC, 60 * SEC, 10)).toEqual([]);
    expect(await store.claimOutbox(50 * SEC, 60 * SEC, 10)).toMatchObject([{ idempotencyKey: r0, attempts: 2, nextAttemptAt: 110 * SEC, lastError: '429 Too Many Requests' }]);
    expect(await store.listOutbox('failed')).toMatchObject([{ idempotencyKey: r1, attempts: 1, lastError: '400 channel_not_found' }]);
    expect(await store.listOutbox('sent')).toMatchObject([{ idempotencyKey: r2, sentAt: 33 * SEC }]);
    expect((await store.listOutbox('sent'))[0].lastError).toBeUndefined();
    await expect(store.markSent('no-such-key', 0)).rejects.toThrow(/outbox: no record no-such-key/);
    await expect(store.markFailed('no-such-key', { now: 0, error: 'x' })).rejects.toThrow(/outbox: no record/);
  });

  it('silences keep their matchers (every operator, as JSON) and are replaced by id', async () => {
    const store = meta.alertState;
    const s: Silence = {
      id: 'mute-1',
      matchers: [
        { name: 'alertname', op: '=', value: 'HighCPU' },
        { name: 'instance', op: '!=', value: 'a "quoted" \\ value' },
        { name: 'cluster', op: '=~', value: 'eu-.*|us' },
        { name: 'team', op: '!~', value: '' },
      ],
      startsAt: 1_000,
      endsAt: 2_000_000_000_000,
      createdBy: 'ana',
      comment: 'maintenance ✓',
      createdAt: 1_000,
      updatedAt: 1_000,
    };
    await store.putSilence(s);
    await store.putSilence({ ...s, id: 'mute-2', comment: 'second' });
    expect(await store.listSilences()).toEqual([s, { ...s, id: 'mute-2', comment: 'second' }]);
    await store.putSilence({ ...s, endsAt: 5_000, updatedAt: 5_000 });
    expect((await store.listSilences()).map((x) => [x.id, x.endsAt])).toEqual([
      ['mute-1', 5_000],
      ['mute-2', 2_000_000_000_000],
    ]);
    const r = await meta.db.query<{ m: unknown }>("SELECT matchers->2->>'value' AS m FROM alert_silences WHERE id = 'mute-1'");
    expect(r.rows[0].m).toBe('eu-.*|us');
  });

  it('nextWakeAt is the earliest group flush or pending attempt; undefined when idle', async () => {
    const store = meta.alertState;
    expect(await store.nextWakeAt()).toBeUndefined();
    const lc = createAlertLifecycle({ store, route, receivers: noReceivers });
    await lc.evaluate(rule('HighCPU'), series({ a: always })(0), 0);
    expect(await store.nextWakeAt()).toBe(30 * SEC);
    await lc.flush(30 * SEC);
    expect(await store.nextWakeAt()).toBe(30 * SEC); // the pending record
    await lc.deliver(30 * SEC); // no receiver: retry after backoff (5 s)
    expect(await store.nextWakeAt()).toBe(35 * SEC);
    const [rec] = await store.listOutbox();
    await store.markFailed(rec.idempotencyKey, { now: 36 * SEC, error: 'gone' });
    expect(await store.nextWakeAt()).toBe(30 * SEC + 5 * MIN); // the group's next flush
  });

  it('prune removes sent records, expired silences and log entries of gone groups — older than the cut — and keeps the rest', async () => {
    const store = meta.alertState;
    const sent: string[] = [];
    const lc = createAlertLifecycle({ store, route: { ...route, groupBy: ['instance'] }, receivers: { chat: { send: async (_n, o) => void sent.push(o.idempotencyKey) } } });
    // a: fires and resolves (its group is deleted); b: keeps firing (group alive).
    await lc.evaluate(rule('HighCPU'), series({ a: always, b: always })(0), 0);
    await lc.tick(30 * SEC);
    await lc.evaluate(rule('HighCPU'), series({ a: () => false, b: always })(MIN), MIN);
    await lc.tick(5 * MIN + 30 * SEC);
    expect(sent).toHaveLength(3);
    await lc.addSilence({ id: 'old', matchers: ['instance=z'], endsAt: 2 * MIN, createdBy: 'x', comment: 'x' }, 0);
    await lc.addSilence({ id: 'live', matchers: ['instance=z'], endsAt: 60 * MIN, createdBy: 'x', comment: 'x' }, 0);

    expect(await store.prune(30 * SEC)).toEqual({ outbox: 0, silences: 0, log: 0 }); // nothing older than the cut
    const report = await store.prune(10 * MIN);
    expect(report).toEqual({ outbox: 3, silences: 1, log: 1 });
    expect(await store.listOutbox()).toEqual([]);
    expect((await store.listSilences()).map((s) => s.id)).toEqual(['live']);
    const log = await meta.db.query<{ group_key: string }>('SELECT group_key FROM alert_notification_log');
    expect(log.rows.map((r) => r.group_key)).toEqual([expect.stringContaining('instance="b"')]);
  });

  it('built on a caller transaction, it joins it: a rollback undoes its writes', async () => {
    const lc = (store: MetadataStore['alertState']) => createAlertLifecycle({ store, route, receivers: noReceivers });
    await expect(
      meta.transaction(async (repos) => {
        await lc(repos.alertState).evaluate(rule('HighCPU'), series({ a: always })(0), 0);
        expect(await repos.alertState.loadSeries('highcpu')).toHaveLength(1);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await meta.alertState.loadSeries('highcpu')).toEqual([]);
    expect(await meta.alertState.nextWakeAt()).toBeUndefined();
  });
});
