/**
 * Wiring of alerting (composition root): the active rules of the metadata
 * store, a scheduler (BullMQ job schedulers on Redis when REDIS_URL is set,
 * in-process otherwise), the engine evaluating each tick through the
 * workspace's answer pipeline (guard included), the lifecycle over an
 * injectable state store, and the receivers: chat (through the adapters and
 * `createDelivery`), email (SMTP_URL) and signed webhooks.
 *
 * Environment (read here, all optional):
 *   ALERT_CHANNEL         default chat channel of a rule without receivers (slack:T/C, telegram:<chat>, discord:<channel>)
 *   SMTP_URL              smtp(s)://user:pass@host:port — enables the `email` receiver
 *   ALERT_EMAIL_FROM      sender (default alerts@datalabs.local)
 *   ALERT_EMAIL_TO        comma-separated default recipients
 *   ALERT_WEBHOOK_URL     enables `webhook` (named `default`)
 *   ALERT_WEBHOOK_SECRET  its HMAC secret (required with the URL)
 */
import type { App } from './create-app.ts';
import type { AdapterMemory, ChatAdapter, Reply } from '../contracts/chat.ts';
import { DatalabsError } from '../contracts/errors.ts';
import { createDelivery, type Delivery } from '../core/conversation/create-delivery.ts';
import { buildAnswerReply } from '../core/conversation/build-reply.ts';
import { readHealth, type HealthCheckId } from '../../alerts/health/index.ts';
import type { Answerer } from '../core/answer/create-answerer.ts';
import { rememberingNotices } from '../core/alerting/index.ts';
import { createWorkspaceAnswerers } from './pipelines.ts';
import { createInlineChartRenderer } from '../../renderers/index.ts';
import { backtestRule, type SeriesSource } from '../../alerts/backtest/index.ts';
import { addPeriods, periodStart } from '../../alerts/rules/index.ts';
import { formatInZone } from '../../alerts/reports/index.ts';
import { createAlertLifecycle, createMemoryAlertStore, type AlertLifecycle, type AlertStateStore, type DeliveryOptions, type Notification, type Receiver } from '../../alerts/lifecycle/index.ts';
import { createMemoryScheduler, createRedisScheduler, type RuleScheduler } from '../../alerts/scheduler/index.ts';
import { alertRouteTree, classifyError, coalesceSource, groupingSource, wallNow, zonedSource, type CoalescingSource, type GroupingSource, createAlertEngine, createRuleCatalog, RECEIVER_CHAT, RECEIVER_EMAIL, RECEIVER_WEBHOOK, type AlertEngine, type EvaluationRecord, type ReceiversConfig, type RouteTimings, type RuleCatalog, type RuleRepoLike } from '../../alerts/engine/index.ts';
import { createChatReceiver, createEmailReceiver, createWebhookReceiver, processMemory, type AlertWindow, type WebhookEndpoint } from '../../alerts/receivers/index.ts';
import type { TickReport } from '../../alerts/lifecycle/index.ts';

export interface AlertingOptions {
  adapters: readonly ChatAdapter[];
  /** The lifecycle's state (default: the metadata store's `alertState`, in memory without a store). */
  stateStore?: AlertStateStore;
  /** Default: Redis when REDIS_URL is set, else in-process. */
  scheduler?: RuleScheduler;
  /** Where rules come from (default `app.store.alerts`). */
  rules?: RuleRepoLike;
  receivers?: ReceiversConfig;
  timings?: RouteTimings;
  email?: { smtpUrl: string; from: string; to?: string[] } | null;
  webhooks?: Record<string, WebhookEndpoint>;
  /** Shared memory of receivers (default `app.store.adapterMemory`, else process memory). */
  memory?: AdapterMemory;
  /** Chat delivery (default `createDelivery` with 2 attempts: the outbox retries beyond that). */
  chatDelivery?: Delivery;
  /** Outbox retry policy. */
  outbox?: DeliveryOptions;
  /** Extra receivers by name (tests, bench). */
  extraReceivers?: Record<string, Receiver>;
  env?: Record<string, string | undefined>;
  now?: () => number;
  /** In-process scheduler without timers (scripted clock: call `runUntil`). */
  manual?: boolean;
  /** Evaluations at once in this process. */
  concurrency?: number;
  /** Rules in the chart window (default 24 periods). */
  chartPeriods?: number;
  onEvaluated?(r: EvaluationRecord): void;
  onTick?(r: TickReport, now: number): void;
}

export interface Alerting {
  engine: AlertEngine;
  lifecycle: AlertLifecycle;
  scheduler: RuleScheduler;
  catalog: RuleCatalog;
  stateStore: AlertStateStore;
  start(): Promise<void>;
  runUntil(until: number): Promise<void>;
  /** Rule evaluations' queries so far: sent to the warehouse, answered from a grouped (-If) query, shared identical ones. */
  queryStats(): { queries: number; grouped: number; shared: number };
  close(): Promise<void>;
}

/** The receivers config from the environment (one line on a bad value). */
function fromEnv(env: Record<string, string | undefined>) {
  const webhooks: Record<string, WebhookEndpoint> = {};
  if (env.ALERT_WEBHOOK_URL) {
    if (!env.ALERT_WEBHOOK_SECRET) throw new DatalabsError('CONFIG_INVALID', 'ALERT_WEBHOOK_SECRET: set the secret the webhook receiver signs with (ALERT_WEBHOOK_URL is set)');
    webhooks.default = { url: env.ALERT_WEBHOOK_URL, secret: env.ALERT_WEBHOOK_SECRET };
  }
  const to = env.ALERT_EMAIL_TO?.split(',').map((s) => s.trim()).filter(Boolean);
  return {
    defaults: env.ALERT_CHANNEL ? [env.ALERT_CHANNEL] : undefined,
    email: env.SMTP_URL ? { smtpUrl: env.SMTP_URL, from: env.ALERT_EMAIL_FROM ?? 'alerts@datalabs.local', to } : null,
    webhooks,
  };
}

export async function createAlerting(app: App, o: AlertingOptions): Promise<Alerting> {
  const env = o.env ?? process.env;
  const envCfg = fromEnv(env);
  const clock = o.now ?? Date.now;
  const logger = app.logger.child({ part: 'alerts' });
  const repo = o.rules ?? app.store?.alerts;
  if (!repo) throw new DatalabsError('CONFIG_INVALID', 'alerting needs the metadata store (its alert rules)');
  const memory = o.memory ?? app.store?.adapterMemory ?? processMemory(clock);
  const receiversCfg: ReceiversConfig = { defaults: o.receivers?.defaults ?? envCfg.defaults, named: o.receivers?.named };
  // Reports without their own timezone run in their workspace's (/datalabs admin timezone).
  const catalog = createRuleCatalog({ repo, receivers: receiversCfg, timezoneOf: async (id) => (await app.store?.workspaces.get(id))?.timezone });

  // One answer pipeline per workspace (guard over its allow-list), identical queries of one tick shared.
  const answerers = createWorkspaceAnswerers({ config: app.config, logger, defaultWarehouse: app.warehouse, chartsDir: null, charts: createInlineChartRenderer() });
  const sources = new Map<number | null, SeriesSource>();
  const grouping: GroupingSource[] = [];
  const coalescing: CoalescingSource[] = [];
  async function sourceFor(workspaceId: number | null): Promise<SeriesSource> {
    const hit = sources.get(workspaceId);
    if (hit) return hit;
    let base: SeriesSource = app.answerer;
    if (workspaceId !== null) {
      const ws = await app.store?.workspaces.get(workspaceId);
      if (!ws) throw new DatalabsError('NOT_FOUND', `workspace ${workspaceId} of this rule no longer exists`);
      base = await answerers.forWorkspace(ws);
    }
    // Identical queries of a tick are shared (coalesce); rules over one table and bucket run as one -If query (grouping).
    const g = groupingSource(base, { now: clock });
    const s = coalesceSource(g, { now: clock });
    grouping.push(g);
    coalescing.push(s);
    sources.set(workspaceId, s);
    return s;
  }

  async function answererFor(workspaceId: number | null): Promise<Answerer> {
    if (workspaceId === null) return app.answerer;
    const ws = await app.store?.workspaces.get(workspaceId);
    if (!ws) throw new DatalabsError('NOT_FOUND', `workspace ${workspaceId} of this report no longer exists`);
    return answerers.forWorkspace(ws);
  }

  /**
   * A scheduled report's run → the answer as in chat (table, chart, the SQL), asked "as of" the
   * run's time, with Show SQL as an alert button (the rule id: it works long after the run).
   * A report whose question no longer runs says so in the channel; a transient failure retries.
   */
  async function reportReply(n: Notification): Promise<Reply> {
    const run = n.report;
    if (!run) throw new DatalabsError('BAD_INPUT', 'a report notification without its run');
    const when = formatInZone(run.runAt, run.timezone ?? 'UTC');
    const footerOf = (extra?: string) => `report ${run.name} · ${when}${extra ? ` · ${extra}` : ''}`;
    let answer;
    try {
      // "revenue yesterday" is the workspace zone's yesterday (its midnights), as the schedule runs in that zone.
      answer = await (await answererFor(run.workspaceId)).ask({ text: run.query, now: new Date(run.runAt), chart: true, user: `report:${run.ruleId}`, ...(run.timezone ? { timezone: run.timezone } : {}) });
    } catch (err) {
      const c = classifyError(err);
      if (c.retry) throw err;
      return { text: `Report "${run.name}" could not run: ${c.message}`, footer: footerOf() };
    }
    const reply = buildAnswerReply(answer, `report-${run.ruleId}`);
    return {
      ...reply,
      text: `Report ${run.name}: ${reply.text}`,
      buttons: [{ actionId: 'alert_show_sql', label: 'Show SQL', value: `${run.ruleId}:report` }],
      footer: footerOf(reply.footer),
    };
  }

  async function windowOf(n: Notification): Promise<AlertWindow | undefined> {
    const ruleId = n.alerts[0]?.ruleId;
    const loaded = ruleId ? catalog.get(ruleId) : undefined;
    if (!loaded) return undefined;
    const g = loaded.rule.granularity;
    // A question rule in a zone: its chart on the zone's wall clock, as it was evaluated.
    const zone = loaded.zone;
    const now = zone ? wallNow(n.createdAt, zone) : new Date(n.createdAt);
    const to = periodStart(g, now.getTime());
    const source = await sourceFor(loaded.workspaceId);
    const r = await backtestRule(loaded.rule, zone ? zonedSource(source, zone) : source, { now, from: new Date(addPeriods(g, to, -(o.chartPeriods ?? 24))), to: new Date(to), live: true });
    const c = loaded.rule.condition;
    return {
      title: `${loaded.rule.name}: ${loaded.rule.spec.condition}`,
      points: r.evaluations.map((e) => ({ t: e.start, value: e.value, firing: e.state === 'firing' })),
      ...(c.kind === 'threshold' || c.kind === 'crosses' ? { threshold: c.value } : {}),
      sql: r.sql[0] ?? loaded.rule.query,
    };
  }

  const receivers: Record<string, Receiver> = {
    [RECEIVER_CHAT]: createChatReceiver({
      adapters: o.adapters,
      // Each notice is kept (where it went, its text and buttons) so a button press can edit it.
      delivery: rememberingNotices(o.chatDelivery ?? createDelivery({ logger, attempts: 2 }), memory, (err) => logger.warn({ err }, 'alert notice could not be remembered for its buttons')),
      memory,
      window: windowOf,
      defaultChannel: receiversCfg.defaults?.find((d) => /^(slack|telegram|discord):/.test(d)),
      report: reportReply,
      logger,
    }),
  };
  const email = o.email === undefined ? envCfg.email : o.email;
  const emailReceiver = email ? createEmailReceiver({ ...email, window: windowOf, memory, report: reportReply }) : undefined;
  if (emailReceiver) receivers[RECEIVER_EMAIL] = emailReceiver;
  const webhooks = o.webhooks ?? envCfg.webhooks;
  if (Object.keys(webhooks).length) receivers[RECEIVER_WEBHOOK] = createWebhookReceiver({ endpoints: webhooks, memory, now: clock });
  Object.assign(receivers, o.extraReceivers);

  // The metadata store's (shared by every worker, survives restarts) whenever there is one.
  const stateStore = o.stateStore ?? app.store?.alertState ?? createMemoryAlertStore();
  const lifecycle = createAlertLifecycle({ store: stateStore, route: alertRouteTree(o.timings), receivers, delivery: o.outbox });
  const redisUrl = app.config.queue.redisUrl;
  const scheduler =
    o.scheduler ??
    (redisUrl && !o.manual
      ? createRedisScheduler({ redisUrl, onError: (err, what) => logger.warn({ err: { message: (err as Error).message } }, `${what} error`) })
      : createMemoryScheduler({ now: clock, manual: o.manual, onError: (err, tick) => logger.error({ err, rule: tick.ruleId }, 'alert tick failed') }));
  // Metrics: evaluation lag (started after the tick was due) and notification outcomes, beside the caller's hooks.
  // Read at each call: the app's metrics may be attached after alerting is built.
  const onEvaluated = (r: EvaluationRecord) => {
    app.metrics?.observeAlertEvaluation({ lagMs: r.startedAt - r.tickAt, outcome: r.outcome });
    o.onEvaluated?.(r);
  };
  const onTick = (r: TickReport, now: number) => {
    const metrics = app.metrics;
    metrics?.countNotifications({ outcome: 'sent', count: r.delivery.sent.length });
    metrics?.countNotifications({ outcome: 'retrying', count: r.delivery.retrying.length });
    metrics?.countNotifications({ outcome: 'failed', count: r.delivery.failed.length });
    o.onTick?.(r, now);
  };
  // Health rules read system.* on the platform's admin path, never through a workspace's guard.
  const health = (check: HealthCheckId) => readHealth(check, (sql) => app.warehouse.admin.query(sql, { timeoutMs: 10_000 }));
  const engine = createAlertEngine({ catalog, scheduler, lifecycle, sourceFor, health, logger, now: clock, concurrency: o.concurrency, onEvaluated, onTick });

  return {
    engine,
    lifecycle,
    scheduler,
    catalog,
    stateStore,
    start: () => engine.start(),
    queryStats: () => ({
      queries: grouping.reduce((a, g) => a + g.stats.queries, 0),
      grouped: grouping.reduce((a, g) => a + g.stats.grouped, 0),
      shared: coalescing.reduce((a, c) => a + c.stats.shared, 0),
    }),
    async runUntil(until) {
      if (catalog.all().length === 0 && catalog.reports().length === 0) await engine.reconcile(clock());
      await engine.runUntil(until);
    },
    async close() {
      await engine.close();
      emailReceiver?.close();
      await answerers.close();
    },
  };
}
