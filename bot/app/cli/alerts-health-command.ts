/**
 * `datalabs alerts health …`: the built-in ClickHouse health checks of a workspace.
 *
 *   alerts health list [--workspace W] [--json]
 *   alerts health enable <check> [above|below <number>] [every <interval>] [--workspace W]
 *   alerts health disable <check> [--workspace W]
 *
 * The same switch as `/alert health on|off` in chat (bot/core/alerting/health-switch.ts):
 * a check on is a stored `kind: health` rule, run on the platform's admin path; every
 * change is audited with the CLI user as the actor. A check switched on here notifies
 * the default alert channel (ALERT_CHANNEL), unless a rule file says otherwise.
 */
import type { Workspace } from '../../contracts/workspace.ts';
import { disableHealthCheck, enableHealthCheck, listHealthChecks, parseHealthArgs, parseHealthCheck, type HealthStore } from '../../core/alerting/health-switch.ts';
import { HEALTH_CHECKS } from '../../../alerts/health/index.ts';

export const HEALTH_USAGE = 'datalabs alerts health list|enable|disable [<check> [above|below <number>] [every <interval>]] [--workspace W] [--json]';

export interface HealthCliInput {
  /** The words after `health`. */
  words: readonly string[];
  json: boolean;
  store: HealthStore;
  workspace: Workspace | null;
  actor: string;
}

const wsLabel = (ws: Workspace | null) => (ws ? `workspace ${ws.name}` : 'the default workspace');

/** Runs one `alerts health` action; `usage(message)` makes the error for bad usage (exit 2). Returns the exit code. */
export async function runHealthCli(input: HealthCliInput, out: (s: string) => void, usage: (message: string) => Error): Promise<number> {
  const [verb, ...rest] = input.words;
  const wsId = input.workspace?.id ?? null;
  const where = wsLabel(input.workspace);
  switch (verb) {
    case 'list': {
      if (rest.length) throw usage(`unexpected "${rest.join(' ')}"`);
      const list = await listHealthChecks(input.store, wsId);
      if (input.json) {
        out(JSON.stringify({ checks: list.map((c) => ({ check: c.check, state: c.state, title: c.title, unit: c.unit, defaultThreshold: c.defaultThreshold, rules: c.rules })) }));
        return 0;
      }
      const rows = list.map((c) => {
        const shown = c.rules.filter((r) => (c.state === 'on' ? r.state === 'active' : true));
        const threshold = shown.length ? shown.map((r) => `${r.threshold.op} ${r.threshold.value}`).join(', ') : `${c.defaultThreshold.op} ${c.defaultThreshold.value} (default)`;
        return [c.check, c.state, shown.map((r) => r.name).join(', ') || '-', threshold, shown.map((r) => r.every).join(', ') || '-', c.title];
      });
      const head = ['check', 'state', 'rules', 'threshold', 'every', 'what'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      out([`ClickHouse health checks in ${where} (read by the platform from system.*):`, ...[head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd())].join('\n'));
      return 0;
    }
    case 'enable': {
      if (!rest.length) throw usage('missing check');
      const { check, options } = parseHealthArgs(rest);
      const r = await enableHealthCheck(input.store, { workspaceId: wsId, check, actor: input.actor, origin: 'cli', options });
      if (r.status === 'already') out(`${check} is already on in ${where} (${r.rules.map((x) => x.name).join(', ')}).`);
      else if (r.status === 'resumed') out(`Switched ${check} on again in ${where}: ${r.rules.map((x) => x.name).join(', ')} resumed.`);
      else {
        const spec = r.rules[0].spec as { above?: number; below?: number; every?: string; receivers?: string[] };
        const d = HEALTH_CHECKS[check].threshold;
        const threshold = spec.above !== undefined ? `above ${spec.above}` : spec.below !== undefined ? `below ${spec.below}` : `${d.op} ${d.value} (its default)`;
        out(`Switched ${check} on in ${where} as ${r.rules[0].name}: ${threshold}, every ${spec.every}; notices go to the default alert channel (ALERT_CHANNEL).`);
      }
      return 0;
    }
    case 'disable': {
      if (!rest.length) throw usage('missing check');
      const check = parseHealthCheck(rest.join(' '));
      const r = await disableHealthCheck(input.store, { workspaceId: wsId, check, actor: input.actor, origin: 'cli' });
      if (r.status === 'none') out(`${check} is not on in ${where}: nothing to switch off.`);
      else if (r.status === 'already') out(`${check} is already off in ${where} (${r.rules.map((x) => x.name).join(', ')} paused).`);
      else out(`Switched ${check} off in ${where}: ${r.rules.map((x) => x.name).join(', ')} paused.`);
      return 0;
    }
    default:
      throw usage(verb ? `unknown health action "${verb}"` : 'missing health action (list, enable, disable)');
  }
}
