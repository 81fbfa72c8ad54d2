/**
 * The ClickHouse health checks in chat:
 *
 *   /alerts health, /alert health [list]                  the checks with their state (any member)
 *   /alert health on <check> [above|below N] [every 5m]  admins: switched on, notices to this channel
 *   /alert health off <check>                            admins: switched off (its rules paused)
 *
 * A non-admin's try is audited (`health.denied`) and refused in one line.
 */
import type { ChatMessage, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { WorkspaceContext } from '../workspace/index.ts';
import { channelAddress } from '../../../alerts/receivers/chat.ts';
import { HEALTH_CHECKS } from '../../../alerts/health/index.ts';
import { disableHealthCheck, enableHealthCheck, formatHealthChecks, listHealthChecks, parseHealthArgs, parseHealthCheck, type HealthStore } from './health-switch.ts';

export interface HealthChatDeps {
  store: HealthStore;
}

const prefixOf = (m: ChatMessage) => (m.conversation.platform === 'slack' || m.conversation.platform === 'discord' ? '/datalabs alert' : '/alert');

/** `/alert health …` (words after `health`) in the workspace of `ctx`. */
export async function healthCommand(deps: HealthChatDeps, m: ChatMessage, ctx: WorkspaceContext, words: readonly string[]): Promise<Reply> {
  const { store } = deps;
  const ws = ctx.workspace;
  const [verbWord = 'list', ...rest] = words;
  const verb = verbWord.toLowerCase();
  const usage = `${prefixOf(m)} health on|off <check> [above|below <number>] [every <interval>]`;
  if (verb === 'list' || verb === 'status') {
    if (rest.length) throw new DatalabsError('BAD_INPUT', `unexpected "${rest.join(' ').slice(0, 40)}"; usage: ${prefixOf(m)} health`);
    const list = await listHealthChecks(store, ws.id);
    return {
      text: [`ClickHouse health checks in workspace "${ws.name}" (read by the platform from system.*, not by your queries)${ctx.role === 'admin' ? `; ${usage}` : ''}:`, ...formatHealthChecks(list)].join('\n'),
    };
  }
  const on = verb === 'on' || verb === 'enable';
  const off = verb === 'off' || verb === 'disable';
  if (!on && !off) throw new DatalabsError('BAD_INPUT', `unknown health command "${verbWord.slice(0, 20)}"; usage: ${usage}`);
  const actor = `${m.conversation.platform}:${m.user.id}`;
  if (ctx.role !== 'admin') {
    await store.transaction((repos) => repos.audit.append({ workspaceId: ws.id, actor, action: 'health.denied', detail: { verb, args: rest.join(' ').slice(0, 100), role: ctx.role } }));
    throw new DatalabsError('FORBIDDEN', `only admins can switch ClickHouse health checks ${on ? 'on' : 'off'} (you are ${ctx.role ? `${/^[aeiou]/.test(ctx.role) ? 'an' : 'a'} ${ctx.role}` : 'not a member'})`);
  }
  if (off) {
    const check = parseHealthCheck(rest.join(' '));
    const r = await disableHealthCheck(store, { workspaceId: ws.id, check, actor, origin: 'chat' });
    if (r.status === 'none') return { text: `${check} is not on in workspace "${ws.name}": nothing to switch off.` };
    if (r.status === 'already') return { text: `${check} is already off (${r.rules.map((x) => x.name).join(', ')} paused).` };
    return { text: `Switched ${check} off: ${r.rules.map((x) => x.name).join(', ')} paused (${prefixOf(m)} health on ${check} brings ${r.rules.length === 1 ? 'it' : 'them'} back).` };
  }
  const { check, options } = parseHealthArgs(rest);
  const channel = channelAddress(m.conversation);
  const r = await enableHealthCheck(store, { workspaceId: ws.id, check, actor, origin: 'chat', receivers: channel ? [channel] : [], options });
  if (r.status === 'already') return { text: `${check} is already on (${r.rules.map((x) => x.name).join(', ')}).` };
  if (r.status === 'resumed') return { text: `Switched ${check} on again: ${r.rules.map((x) => x.name).join(', ')} resumed with ${r.rules.length === 1 ? 'its' : 'their'} threshold and receivers.` };
  const [rule] = r.rules;
  const spec = rule.spec as { above?: number; below?: number; every?: string };
  const dflt = HEALTH_CHECKS[check].threshold;
  const threshold = spec.above !== undefined ? `above ${spec.above}` : spec.below !== undefined ? `below ${spec.below}` : `${dflt.op} ${dflt.value} (its default)`;
  return { text: `Switched ${check} on as "${rule.name}": ${threshold}, every ${spec.every}; ${channel ? 'notices come to this channel' : 'notices go to the default alert channel'}. ${prefixOf(m)} health off ${check} switches it off.` };
}
