/**
 * Stage "route": Alertmanager's routing tree.
 *
 * An alert enters at the root (which matches everything) and descends: among a
 * node's children, the first whose matchers accept the alert takes it, and
 * matching stops there unless that child has `continue: true`, in which case
 * later siblings are tried too. A node none of whose children match is itself
 * the match. Children inherit `receiver`, `groupBy`, the three timings and
 * `sendResolved` from their parent unless they set their own.
 *
 * Because timing and `group_by` are per route, routing happens when an alert
 * is grouped (as Alertmanager's dispatcher does), not after dedup.
 */
import { formatLabels, matchesAll, type Labels, type Matcher } from './labels.ts';
import type { GroupTiming } from './types.ts';

/** `'...'` groups by all labels (one group per alert), as in Alertmanager. */
export type GroupBy = readonly string[] | '...';

/** One node of the routing tree, as configured. */
export interface RouteConfig {
  /** Stable id used in group keys; defaults to the node's path (`0`, `0.1`, …). */
  id?: string;
  receiver?: string;
  matchers?: readonly Matcher[];
  groupBy?: GroupBy;
  groupWaitMs?: number;
  groupIntervalMs?: number;
  repeatIntervalMs?: number;
  /** Send a notice when alerts resolve (default true). */
  sendResolved?: boolean;
  /** Keep matching later siblings after this node matched. */
  continue?: boolean;
  routes?: readonly RouteConfig[];
}

/** A route with everything inherited filled in. */
export interface ResolvedRoute extends GroupTiming {
  id: string;
  receiver: string;
  groupBy: GroupBy;
  sendResolved: boolean;
  matchers: readonly Matcher[];
  continue: boolean;
  routes: readonly ResolvedRoute[];
}

/** Alertmanager's defaults: group_wait 30s, group_interval 5m, repeat_interval 4h, group by nothing. */
export const ROUTE_DEFAULTS = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * 3_600_000, groupBy: [] as readonly string[], sendResolved: true };

/**
 * Resolves a configured tree (the root needs a receiver) into one with
 * inherited settings. Throws a one-line error on a missing root receiver,
 * duplicate ids or a non-positive interval.
 */
export function createRouteTree(root: RouteConfig): ResolvedRoute {
  if (!root.receiver) throw new Error('route tree: the root route needs a receiver');
  const ids = new Set<string>();
  const resolve = (cfg: RouteConfig, parent: Omit<ResolvedRoute, 'id' | 'matchers' | 'continue' | 'routes'>, path: string): ResolvedRoute => {
    const id = cfg.id ?? path;
    if (ids.has(id)) throw new Error(`route tree: duplicate route id ${JSON.stringify(id)}`);
    ids.add(id);
    const own = {
      receiver: cfg.receiver ?? parent.receiver,
      groupBy: cfg.groupBy ?? parent.groupBy,
      groupWaitMs: cfg.groupWaitMs ?? parent.groupWaitMs,
      groupIntervalMs: cfg.groupIntervalMs ?? parent.groupIntervalMs,
      repeatIntervalMs: cfg.repeatIntervalMs ?? parent.repeatIntervalMs,
      sendResolved: cfg.sendResolved ?? parent.sendResolved,
    };
    if (own.groupWaitMs < 0 || own.groupIntervalMs <= 0 || own.repeatIntervalMs <= 0) {
      throw new Error(`route tree: route ${JSON.stringify(id)} needs group_wait >= 0 and positive group_interval and repeat_interval`);
    }
    return {
      ...own,
      id,
      matchers: cfg.matchers ?? [],
      continue: cfg.continue ?? false,
      routes: (cfg.routes ?? []).map((c, i) => resolve(c, own, `${path}.${i}`)),
    };
  };
  return resolve({ ...root, matchers: [] }, { ...ROUTE_DEFAULTS, receiver: root.receiver }, '0');
}

/** The routes an alert with `labels` goes to, in tree order (Alertmanager's Route.Match). */
export function matchRoutes(route: ResolvedRoute, labels: Labels): ResolvedRoute[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const all: ResolvedRoute[] = [];
  for (const child of route.routes) {
    const found = matchRoutes(child, labels);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  return all.length > 0 ? all : [route];
}

/** The group_by labels of `labels` under `route` (all labels for `'...'`; absent labels are left out). */
export function groupLabelsOf(route: ResolvedRoute, labels: Labels): Labels {
  if (route.groupBy === '...') return { ...labels };
  const out: Record<string, string> = {};
  for (const n of route.groupBy) if (labels[n] !== undefined) out[n] = labels[n];
  return out;
}

/** The aggregation group key: `<route id>:<group labels>` (Alertmanager's `route.Key():groupLabels`). */
export function groupKeyOf(route: ResolvedRoute, groupLabels: Labels): string {
  return `${route.id}:${formatLabels(groupLabels)}`;
}
