/**
 * Where a rule's notices go, as labels the route tree matches. A rule's
 * `receivers:` entries are channels (`slack:T123/C456`, `telegram:<chat id>`,
 * `discord:<channel id>`), `email` / `email:<address>`, `webhook` /
 * `webhook:<name>`, or a name the receivers config maps to such entries.
 * No entry: the config's default receivers.
 *
 * Route tree: one group per rule (`group_by: [rule_id]`), then one child per
 * receiver kind with `continue`, so one alert reaches every kind it names.
 */
import { parseMatcher, type RouteConfig } from '../lifecycle/index.ts';

export const RECEIVER_CHAT = 'chat';
export const RECEIVER_EMAIL = 'email';
export const RECEIVER_WEBHOOK = 'webhook';

export interface ReceiversConfig {
  /** What a rule without `receivers:` gets (e.g. ['slack:T1/C2']). */
  defaults?: readonly string[];
  /** Names a rule may use, each standing for entries (e.g. ops: ['slack:T1/C2', 'email:ops@x']). */
  named?: Readonly<Record<string, readonly string[]>>;
}

export interface RouteTimings {
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  sendResolved?: boolean;
}

const CHANNEL = /^(slack|telegram|discord):(.+)$/;

/** The routing labels of a rule's receivers; throws one line on an unknown entry. */
export function targetLabels(receivers: readonly string[], cfg: ReceiversConfig = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  const add = (entry: string, depth: number) => {
    const e = entry.trim();
    if (seen.has(e)) return;
    seen.add(e);
    if (CHANNEL.test(e)) {
      if (out.channel && out.channel !== e) throw new Error(`receivers: one chat channel per rule (${out.channel} and ${e})`);
      out.channel = e;
      out.notify_chat = 'true';
    } else if (e === 'email' || e.startsWith('email:')) {
      out.notify_email = 'true';
      if (e.startsWith('email:')) out.email_to = [out.email_to, e.slice(6)].filter(Boolean).join(',');
    } else if (e === 'webhook' || e.startsWith('webhook:')) {
      out.notify_webhook = 'true';
      out.webhook = e.startsWith('webhook:') ? e.slice(8) : 'default';
    } else if (cfg.named?.[e] && depth < 3) {
      for (const x of cfg.named[e]) add(x, depth + 1);
    } else {
      throw new Error(`receivers: unknown receiver "${e}" (use slack:T/C, telegram:<chat>, discord:<channel>, email[:address], webhook[:name] or a configured name)`);
    }
  };
  for (const r of receivers.length ? receivers : (cfg.defaults ?? [])) add(r, 0);
  return out;
}

/** The route tree every rule goes through. */
export function alertRouteTree(t: RouteTimings = {}): RouteConfig {
  const child = (id: string) => ({ id, receiver: id, matchers: [parseMatcher(`notify_${id}="true"`)], continue: true });
  return {
    id: 'root',
    receiver: RECEIVER_CHAT,
    groupBy: ['rule_id'],
    ...(t.groupWaitMs !== undefined ? { groupWaitMs: t.groupWaitMs } : {}),
    ...(t.groupIntervalMs !== undefined ? { groupIntervalMs: t.groupIntervalMs } : {}),
    ...(t.repeatIntervalMs !== undefined ? { repeatIntervalMs: t.repeatIntervalMs } : {}),
    ...(t.sendResolved !== undefined ? { sendResolved: t.sendResolved } : {}),
    routes: [child(RECEIVER_CHAT), child(RECEIVER_EMAIL), child(RECEIVER_WEBHOOK)],
  };
}
