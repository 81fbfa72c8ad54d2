/**
 * Stage "silence": Alertmanager's silences. A silence mutes every alert whose
 * labels match all of its matchers while it is active (startsAt ≤ now < endsAt).
 * Muted alerts keep their state and stay in their groups; once the silence
 * expires they are announced at the group's next flush like any alert the
 * receiver has not heard of.
 */
import { randomUUID } from 'node:crypto';
import { matches, matchesAll, parseMatcher, type Labels, type Matcher } from './labels.ts';
import type { Silence, SilenceState } from './types.ts';

/** What a person gives to create a silence (matchers as objects or `name=value` strings). */
export interface SilenceInput {
  id?: string;
  matchers: readonly (Matcher | string)[];
  /** Defaults to `now`. */
  startsAt?: number;
  endsAt: number;
  createdBy: string;
  comment: string;
}

/** pending / active / expired at `now`. */
export function silenceState(s: Silence, now: number): SilenceState {
  if (now < s.startsAt) return 'pending';
  if (now < s.endsAt) return 'active';
  return 'expired';
}

/**
 * Validates and builds a silence. Throws a one-line error when there is no
 * matcher, when every matcher would match an absent label (it would silence
 * everything — Alertmanager refuses it too), when it ends before it starts or
 * has already ended, or when createdBy or comment is empty.
 */
export function createSilence(input: SilenceInput, now: number): Silence {
  const matchers = input.matchers.map((m) => (typeof m === 'string' ? parseMatcher(m) : m));
  if (matchers.length === 0) throw new Error('silence: at least one matcher is required');
  if (matchers.every((m) => matches(m, {}))) throw new Error('silence: at least one matcher must not match the empty string');
  const startsAt = input.startsAt ?? now;
  if (input.endsAt <= startsAt) throw new Error('silence: endsAt must be after startsAt');
  if (input.endsAt <= now) throw new Error('silence: endsAt is in the past');
  if (!input.createdBy.trim()) throw new Error('silence: createdBy is required');
  if (!input.comment.trim()) throw new Error('silence: a comment is required');
  return { id: input.id ?? randomUUID(), matchers, startsAt, endsAt: input.endsAt, createdBy: input.createdBy, comment: input.comment, createdAt: now, updatedAt: now };
}

/** The silence ended at `now` (a pending one ends before it began). Expired ones are returned as they are. */
export function expireSilence(s: Silence, now: number): Silence {
  const state = silenceState(s, now);
  if (state === 'expired') return s;
  return state === 'pending' ? { ...s, startsAt: now, endsAt: now, updatedAt: now } : { ...s, endsAt: now, updatedAt: now };
}

/** Ids of the active silences muting `labels` at `now` (empty: not silenced). */
export function silencedBy(silences: readonly Silence[], labels: Labels, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesAll(s.matchers, labels)).map((s) => s.id);
}

/**
 * Matchers that select exactly one alert series (chat's "Mute this series" /
 * "Snooze 1h"): `rule_id` and every label of the alert, by equality.
 */
export function seriesMatchers(labels: Labels): Matcher[] {
  return Object.keys(labels)
    .sort()
    .map((name) => ({ name, op: '=' as const, value: labels[name] }));
}
