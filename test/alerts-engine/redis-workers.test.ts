import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisScheduler, reconcileSchedules, type RuleScheduler, type ScheduleSpec } from '../../alerts/scheduler/index.ts';

const BASE = process.env.DATALABS_TEST_REDIS_URL ?? '';
/** Our own logical database, so nothing else on the test Redis is touched. */
const URL_DB = BASE ? `${BASE.replace(/\/\d*$/, '')}/14` : '';

describe('two in-process workers on one Redis (BullMQ job schedulers)', () => {
  const schedulers: RuleScheduler[] = [];
  afterAll(async () => {
    await Promise.allSettled(schedulers.map((s) => s.close()));
  });

  it('evaluate each rule once per tick, spread by their offsets', async () => {
    expect(BASE, 'test/global-setup.ts sets DATALABS_TEST_REDIS_URL').toMatch(/^redis:/);
    const flush = new Redis(URL_DB);
    await flush.flushdb();
    flush.disconnect();
    const name = `alerts-test-${process.pid}`;
    const a = createRedisScheduler({ redisUrl: URL_DB, name, stalledIntervalMs: 5_000 });
    const b = createRedisScheduler({ redisUrl: URL_DB, name, stalledIntervalMs: 5_000 });
    schedulers.push(a, b);
    const rules = Array.from({ length: 12 }, (_, i) => String(i + 1));
    const specs: ScheduleSpec[] = rules.map((id, i) => ({ id: `rule-${id}`, ruleId: id, everyMs: 1_000, offsetMs: i * 60 }));
    // Both workers reconcile (idempotent): one scheduler per rule, not two.
    await reconcileSchedules(a, specs);
    const again = await reconcileSchedules(b, specs);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], unchanged: 12 });
    expect(await a.list()).toHaveLength(12);

    const seen: Array<{ worker: string; ruleId: string; tickAt: number; startedAt: number }> = [];
    for (const [worker, s] of [['a', a], ['b', b]] as const) {
      s.start(async (tick, startedAt) => {
        seen.push({ worker, ruleId: tick.ruleId, tickAt: tick.tickAt, startedAt });
        await new Promise((r) => setTimeout(r, 20));
        return { status: 'done' };
      }, { concurrency: 4 });
    }
    await new Promise((r) => setTimeout(r, 4_500));
    await Promise.all([a.remove('rule-1'), b.remove('rule-1')]);

    const perTick = new Map<string, number>();
    for (const s of seen) perTick.set(`${s.ruleId}@${s.tickAt}`, (perTick.get(`${s.ruleId}@${s.tickAt}`) ?? 0) + 1);
    expect([...perTick.values()].every((n) => n === 1)).toBe(true);
    for (const id of rules) expect(seen.filter((s) => s.ruleId === id).length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen.map((s) => s.worker)).size).toBe(2);
    // Ticks sit on their slots: k·1000 + offset.
    for (const s of seen) expect(((s.tickAt % 1000) + 1000) % 1000).toBe((Number(s.ruleId) - 1) * 60);
    const lateness = seen.map((s) => s.startedAt - s.tickAt).sort((x, y) => x - y);
    expect(lateness[Math.floor(lateness.length * 0.99)]).toBeLessThan(1_000);
  }, 30_000);
});
