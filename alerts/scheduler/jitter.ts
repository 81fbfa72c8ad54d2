/**
 * Schedules of rules: the deterministic id and the hash jitter that spreads
 * evaluations of rules with the same rhythm over their period (60,000
 * one-minute rules must not all query at :00).
 */
import type { Schedule } from '../rules/schedule.ts';
import type { ScheduleSpec } from './types.ts';

/** FNV-1a, 32 bit: stable across processes and versions. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The most a rule's ticks are shifted: half its period, at most 5 minutes. */
export function maxJitterMs(periodMs: number): number {
  return Math.min(Math.floor(periodMs / 2), 300_000);
}

/** A rule's jitter in whole seconds (cron ticks carry it in their seconds field). */
export function jitterMs(ruleId: string, periodMs: number): number {
  const span = Math.floor(maxJitterMs(periodMs) / 1000);
  return span > 0 ? (hash32(`jitter:${ruleId}`) % span) * 1000 : 0;
}

export const scheduleIdOf = (ruleId: string) => `rule-${ruleId}`;

/** The schedule of a rule: interval + offset, or its cron with the jitter as its seconds field (at most 59 s). */
export function scheduleSpecOf(ruleId: string, schedule: Schedule, timezone = 'UTC'): ScheduleSpec {
  const id = scheduleIdOf(ruleId);
  if (schedule.kind === 'interval') return { id, ruleId, everyMs: schedule.ms, offsetMs: jitterMs(ruleId, schedule.ms) };
  const fields = schedule.expr.trim().split(/\s+/);
  const sec = Math.floor(jitterMs(ruleId, 120_000) / 1000) % 60;
  // 5 fields (or @daily…): prefix the jitter second; 6 fields already say their second.
  const pattern = fields.length === 5 ? `${sec} ${schedule.expr.trim()}` : schedule.expr.trim();
  return { id, ruleId, pattern, timezone };
}

/** The next tick strictly after `after` of an interval schedule (BullMQ's slots: k·every + offset). */
export function nextIntervalTick(everyMs: number, offsetMs: number, after: number): number {
  const k = Math.floor((after - offsetMs) / everyMs) + 1;
  return k * everyMs + offsetMs;
}
