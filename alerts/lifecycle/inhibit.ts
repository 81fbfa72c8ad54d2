/**
 * Stage "inhibit": Alertmanager's inhibition rules. While an alert matching
 * `sourceMatchers` is active (firing, nodata or error — not resolved), every
 * alert matching `targetMatchers` that has the same values for the `equal`
 * labels is muted. Mirrors Alertmanager's details:
 * - an absent label equals an absent label (both read as "");
 * - an alert never inhibits itself, and when the target also matches the
 *   source side, sources that also match the target side do not count (so a
 *   rule matching both sides cannot mute its own kind).
 */
import { matchesAll, type Matcher } from './labels.ts';
import type { Alert } from './types.ts';

/** One inhibition rule. */
export interface InhibitRule {
  /** Optional name, reported as the reason of a mute. */
  name?: string;
  sourceMatchers: readonly Matcher[];
  targetMatchers: readonly Matcher[];
  /** Labels that must be equal on source and target. */
  equal?: readonly string[];
}

/** Why an alert is inhibited: the rule and the source alert's fingerprint. */
export interface Inhibition {
  rule: string;
  sourceFingerprint: string;
}

/** An inhibitor over the currently active alerts (across all rules and groups). */
export interface Inhibitor {
  /** The first inhibition muting `target`, or undefined. */
  mutedBy(target: Alert): Inhibition | undefined;
}

/** Builds an inhibitor from the rules and every alert currently known. Resolved alerts never inhibit. */
export function createInhibitor(rules: readonly InhibitRule[], alerts: readonly Alert[]): Inhibitor {
  const active = alerts.filter((a) => a.state !== 'resolved');
  const sourcesOf = rules.map((r) => active.filter((a) => matchesAll(r.sourceMatchers, a.labels)));
  return {
    mutedBy(target) {
      for (let i = 0; i < rules.length; i++) {
        const r = rules[i];
        if (!matchesAll(r.targetMatchers, target.labels)) continue;
        const twoSided = matchesAll(r.sourceMatchers, target.labels);
        for (const src of sourcesOf[i]) {
          if (src.fingerprint === target.fingerprint) continue;
          if (twoSided && matchesAll(r.targetMatchers, src.labels)) continue;
          if ((r.equal ?? []).every((n) => (src.labels[n] ?? '') === (target.labels[n] ?? ''))) {
            return { rule: r.name ?? `inhibit#${i}`, sourceFingerprint: src.fingerprint };
          }
        }
      }
      return undefined;
    },
  };
}
