import { describe, expect, it } from 'vitest';
import type { DatalabsError } from '../../bot/contracts/errors.ts';
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from './index.ts';
import { fromWallClock, wallClock, wallClockToUtc, zoneOrUtc } from './time-zone.ts';

const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
const flat = (s: string): string => s.replace(/\s+/g, ' ');
const sql = (question: string, now: string, timezone?: string): string => flat(agent.plan(question, { now: new Date(now), timezone }).sql);

describe('time words read in a time zone', () => {
  it('"yesterday" is the zone\'s yesterday: from its midnight to the next, as UTC literals', () => {
    // 2025-12-02 00:30 in Berlin is still 2025-12-01 in UTC.
    expect(sql('revenue yesterday', '2025-12-01T23:30:00Z', 'Europe/Berlin')).toContain("order_time >= toDateTime('2025-11-30 23:00:00', 'UTC') AND order_time < toDateTime('2025-12-01 23:00:00', 'UTC')");
    expect(sql('revenue yesterday', '2025-12-01T23:30:00Z')).toContain("order_time >= toDateTime('2025-11-30 00:00:00', 'UTC') AND order_time < toDateTime('2025-12-01 00:00:00', 'UTC')");
    expect(sql('orders today', '2025-12-01T16:00:00Z', 'Asia/Tokyo')).toContain("order_time >= toDateTime('2025-12-01 15:00:00', 'UTC') AND order_time <= toDateTime('2025-12-01 16:00:00', 'UTC')");
  });
  it('weeks and months start at the zone\'s midnight; a day across a DST change is 25 hours', () => {
    expect(sql('orders last week', '2025-12-01T23:30:00Z', 'Europe/Berlin')).toContain("toDateTime('2025-11-23 23:00:00', 'UTC') AND order_time < toDateTime('2025-11-30 23:00:00', 'UTC')");
    expect(sql('orders last month', '2025-12-01T06:00:00Z', 'America/New_York')).toContain("toDateTime('2025-11-01 04:00:00', 'UTC') AND order_time < toDateTime('2025-12-01 05:00:00', 'UTC')");
    expect(sql('orders yesterday', '2025-11-03T12:00:00Z', 'America/New_York')).toContain("toDateTime('2025-11-02 04:00:00', 'UTC') AND order_time < toDateTime('2025-11-03 05:00:00', 'UTC')");
  });
  it('rows are bucketed on the zone\'s calendar; without a zone nothing changes', () => {
    const zoned = sql('revenue by day last week', '2025-12-03T10:00:00Z', 'Europe/Berlin');
    expect(zoned).toContain("toDate(order_time, 'Europe/Berlin') AS day");
    expect(sql('orders by week this month', '2025-12-20T10:00:00Z', 'Asia/Tokyo')).toContain("toStartOfWeek(order_time, 1, 'Asia/Tokyo') AS week");
    expect(sql('orders by month this year', '2025-12-20T10:00:00Z', 'Asia/Tokyo')).toContain("toStartOfMonth(order_time, 'Asia/Tokyo') AS month");
    expect(sql('revenue by day last week', '2025-12-03T10:00:00Z')).toBe(sql('revenue by day last week', '2025-12-03T10:00:00Z', 'UTC'));
    expect(sql('revenue by day last week', '2025-12-03T10:00:00Z')).toContain('toDate(order_time) AS day');
  });
  it('the zone is kept in the thread\'s state: a follow-up reads the same calendar', () => {
    const first = agent.plan('revenue yesterday', { now: new Date('2025-12-01T23:30:00Z'), timezone: 'Europe/Berlin' });
    expect(first.state.query.timezone).toBe('Europe/Berlin');
    expect(first.period).toMatchObject({ from: '2025-12-01', to: '2025-12-01', label: 'yesterday' });
    const next = agent.plan('by device', { now: new Date('2025-12-01T23:30:00Z'), timezone: 'Europe/Berlin', state: first.state });
    expect(flat(next.sql)).toContain("toDateTime('2025-11-30 23:00:00', 'UTC')");
  });
  it('a zone Intl does not know is refused in one line', () => {
    try {
      agent.plan('revenue yesterday', { now: new Date('2025-12-01T23:30:00Z'), timezone: 'Mars/Olympus' });
      expect.unreachable();
    } catch (e) {
      expect((e as DatalabsError).code).toBe('BAD_INPUT');
      expect((e as Error).message).toBe('"Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin');
    }
  });
  it('wall clock ↔ instant, across DST changes', () => {
    const tz = 'Europe/Berlin';
    expect(wallClock(new Date('2025-07-01T22:00:00Z'), tz).toISOString()).toBe('2025-07-02T00:00:00.000Z');
    expect(wallClockToUtc('2025-07-02 00:00:00', tz)).toBe('2025-07-01 22:00:00');
    // 02:30 on 2025-03-30 does not exist in Berlin: moved forward to 03:30 CEST; 02:30 on 2025-10-26 occurs twice: the first.
    expect(fromWallClock(new Date('2025-03-30T02:30:00Z'), tz).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(fromWallClock(new Date('2025-10-26T02:30:00Z'), tz).toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });
});

describe('zoneOrUtc (times shown on the web pages)', () => {
  it('keeps a zone the runtime knows and falls back to UTC for anything else, without throwing', () => {
    expect(zoneOrUtc('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(zoneOrUtc('America/Los_Angeles')).toBe('America/Los_Angeles');
    for (const bad of [null, undefined, '', 'Mars/Olympus', 'not a zone', 'Etc/UTC']) expect(zoneOrUtc(bad)).toBe('UTC');
  });
});
