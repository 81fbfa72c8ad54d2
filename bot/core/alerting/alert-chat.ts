/**
 * Alerts in chat (issue 9, point 1's chat parts and point 4):
 *
 *   /alert <question or SQL> <condition> [every <interval>]   backtest (30 days, chart) then save,
 *                                                             this channel as the receiver
 *   /alert pause|resume|delete <name>                         admins and the rule's creator
 *   /alerts                                                   rules with active/paused and firing/normal
 *   /alerts health, /alert health on|off <check>              built-in ClickHouse health checks (health-chat.ts)
 *   Alert me (under an answer)                                the ready /alert command + its backtest
 *   notice buttons                                            ack, snooze 1h / 1d, mute, resolve, show SQL
 *
 * Rules live in the metadata store (`alerts`), silences in the lifecycle's
 * state (`alertState`); every change is audited. Roles: viewers list and see
 * SQL; analysts and admins create and act on notices.
 */
import type { ChatAdapter, ChatMessage, ConversationRef, Reply } from '../../contracts/chat.ts';
import { DatalabsError, toErrorInfo } from '../../contracts/errors.ts';
import type { Logger } from '../../contracts/logger.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import type { StoredAlertRule } from '../../infra/store/alert-rule-repo.ts';
import type { AnswerRecord } from '../conversation/conversation-store.ts';
import type { Delivery } from '../conversation/create-delivery.ts';
import { can, type WorkspaceContext, type WorkspaceService } from '../workspace/index.ts';
import { ALERT_COMMAND_NAMES } from '../../contracts/commands.ts';
import { parseRule, describeGranularity, addPeriods, periodStart, type AlertRule } from '../../../alerts/rules/index.ts';
import { backtestRule, DEFAULT_BACKTEST_DAYS, type BacktestResult, type SeriesSource } from '../../../alerts/backtest/index.ts';
import { createSilence, expireSilence, seriesMatchers, silencedBy, silenceState, type AlertStateStore, type Labels, type Matcher } from '../../../alerts/lifecycle/index.ts';
import { renderAlertChart } from '../../../alerts/receivers/render.ts';
import { channelAddress } from '../../../alerts/receivers/chat.ts';
import { parseAlertRequest, ruleNameOf } from './parse-alert.ts';
import { parseHealthRule } from '../../../alerts/health/index.ts';
import { formatInZone, isReportSpec, nextRunOf, parseReport, parseReportRequest, reportNameOf, REPORT_KIND } from '../../../alerts/reports/index.ts';
import { ackKey, NOTICE_TTL_MS, readNotice, writeNotice } from './notices.ts';
import { healthCommand } from './health-chat.ts';
import { ruleZone, wallNow, zonedSource } from '../../../alerts/engine/zoned-source.ts';

export interface AlertChatDeps {
  store: Pick<MetadataStore, 'alerts' | 'history' | 'adapterMemory' | 'transaction'> & { alertState: AlertStateStore };
  workspaces: WorkspaceService;
  /** The workspace's answer pipeline (guard over its allow-list). */
  sourceFor(workspace: Workspace): Promise<SeriesSource>;
  now: () => Date;
  logger: Logger;
  /** Days a new rule is backtested over (default 30). */
  backtestDays?: number;
}

/** What the chat core hands over with a message. */
export interface AlertChatIo {
  /** The answer behind an Alert me button. */
  answer(id: string): Promise<AnswerRecord | undefined>;
  /** The adapter the press came through, and the core's delivery: for editing the notice. */
  adapter?: ChatAdapter;
  delivery?: Delivery;
}

export interface AlertChat {
  /** True for `/alert`, `/alerts` and alert buttons (`alert`, `alert_*`). */
  handles(message: ChatMessage): boolean;
  reply(message: ChatMessage, io: AlertChatIo): Promise<Reply>;
}

const DAY = 86_400_000;
const ACTIVE_STATES = new Set(['firing', 'nodata', 'error', 'recovering']);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

function fmtNumber(v: number | null): string {
  if (v === null) return 'no data';
  return Math.abs(v) >= 100 ? (Math.round(v * 100) / 100).toLocaleString('en-US') : String(Number(v.toPrecision(4)));
}

/** The channel a rule's notices go to (receivers entry), when the platform has one. */
export const channelOf = channelAddress;

/** `/alert` on Telegram and the console; `/datalabs alert` where one command holds them all. */
const alertPrefix = (c: ConversationRef) => (c.platform === 'slack' || c.platform === 'discord' ? '/datalabs alert' : '/alert');

/** Rounds to two significant digits: 1234.5 → 1200, 0.0837 → 0.084. */
export function roundNice(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return 0;
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Number((Math.round(v / mag) * mag).toPrecision(2));
}

/** A question without its own period or grouping by time, so a rule can add its periods. */
export function measureOf(question: string): string {
  return question
    .replace(/\b(by|per|each)\s+(hour|day|week|month|quarter|year)\b/gi, ' ')
    .replace(/\b(hourly|daily|weekly|monthly)\b/gi, ' ')
    .replace(/\b(over|in|during|for)?\s*(the\s+)?(last|past|previous)\s+(\d+\s+)?(hours?|days?|weeks?|months?|quarters?|years?)\b/gi, ' ')
    .replace(/\b(this|last)\s+(week|month|quarter|year)\b/gi, ' ')
    .replace(/\b(today|yesterday)\b/gi, ' ')
    .replace(/\b(since|from|between|in)\s+\d{4}(-\d{2}(-\d{2})?)?(\s+(and|to)\s+\d{4}(-\d{2}(-\d{2})?)?)?/gi, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s+(over|in|during|for|the)$/i, '')
    .trim();
}

export function createAlertChat(deps: AlertChatDeps): AlertChat {
  const { store, workspaces: service, logger } = deps;
  const days = deps.backtestDays ?? DEFAULT_BACKTEST_DAYS;
  const actorOf = (m: ChatMessage) => `${m.conversation.platform}:${m.user.id}`;
  const nameOf = (m: ChatMessage) => m.user.name ?? m.user.id;

  async function context(m: ChatMessage): Promise<WorkspaceContext> {
    const ctx = await service.resolve(m.conversation, m.user);
    if (!ctx) throw new DatalabsError('FORBIDDEN', service.unboundReply().text);
    if (!ctx.role) throw new DatalabsError('FORBIDDEN', `you are not a member of workspace "${ctx.workspace.name}": ask an admin for a role`);
    return ctx;
  }

  function requireCreator(ctx: WorkspaceContext, what: string): void {
    if (can(ctx.role, 'save')) return;
    throw new DatalabsError('FORBIDDEN', `only analysts and admins can ${what} here (you are ${ctx.role ? `a ${ctx.role}` : 'not a member'}; ask an admin for an analyst role)`);
  }

  async function audit(workspaceId: number | null, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await store.transaction(async (repos) => {
      await repos.audit.append({ workspaceId, actor, action, detail });
    });
  }

  /**
   * Backtest over the last `days` days; the result or the one-line reason it could not run. A question rule in a
   * zone (`ruleZone`) is read on its wall clock, as the engine evaluates it.
   */
  async function backtest(rule: AlertRule, source: SeriesSource, zone?: string): Promise<BacktestResult> {
    const now = zone ? wallNow(deps.now().getTime(), zone) : deps.now();
    return backtestRule(rule, zone ? zonedSource(source, zone) : source, { now, from: new Date(now.getTime() - days * DAY) });
  }

  async function backtestReply(rule: AlertRule, r: BacktestResult, lead: string[]): Promise<Reply> {
    const dateOf = (ts: string) => (['day', 'week', 'month'].includes(r.granularity) ? ts.slice(0, 10) : ts.slice(0, 16).replace('T', ' '));
    const n = r.firings.length;
    const shown = r.firings.slice(0, 12).map((f) => `${dateOf(f.ts)} (${fmtNumber(f.value)})`);
    const more = n > shown.length ? `, … ${n - shown.length} more` : '';
    const line = n
      ? `Would have fired ${plural(n, 'time')} in the last ${days} days (${plural(r.episodes, 'episode')}, ${r.periods} ${r.granularity} periods): ${shown.join(', ')}${more}.`
      : `Would have fired 0 times in the last ${days} days (${r.periods} ${r.granularity} periods evaluated).`;
    const c = rule.condition;
    const image = await renderAlertChart({
      title: `${rule.name}: ${rule.spec.condition}`,
      points: r.evaluations.map((e) => ({ t: e.start, value: e.value, firing: e.state === 'firing' })),
      ...(c.kind === 'threshold' || c.kind === 'crosses' ? { threshold: c.value } : {}),
    }).catch((err) => {
      logger.warn({ err }, 'backtest chart could not be drawn');
      return undefined;
    });
    return { text: [...lead, line].join('\n'), ...(image ? { image } : {}), ...(r.sql[0] ? { code: { language: 'sql' as const, text: r.sql[0] } } : {}) };
  }

  // ── /alert <question or SQL> <condition> [every <interval>] ─────────────────────────────
  async function create(m: ChatMessage, text: string): Promise<Reply> {
    const ctx = await context(m);
    requireCreator(ctx, 'create alerts');
    const parsed = parseAlertRequest(text);
    if (!parsed.ok) throw new DatalabsError('BAD_INPUT', parsed.error);
    const req = parsed.request;
    const wsId = ctx.workspace.id;
    const existing = new Set((await store.alerts.list(wsId)).map((r) => r.name.toLowerCase()));
    const base = ruleNameOf(req);
    let name = base;
    for (let i = 2; existing.has(name.toLowerCase()); i++) name = `${base.slice(0, 56)}-${i}`;
    const channel = channelOf(m.conversation);
    const spec: Record<string, unknown> = { name, query: req.query, condition: req.condition, every: req.every, ...(channel ? { receivers: [channel] } : {}) };
    const rule = parseRule(spec);
    if (!rule.ok) throw new DatalabsError('BAD_INPUT', rule.error);
    let result: BacktestResult;
    try {
      result = await backtest(rule.rule, await deps.sourceFor(ctx.workspace), ruleZone(rule.rule, undefined, ctx.workspace.timezone));
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'INTERNAL') throw err;
      throw new DatalabsError(info.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'BAD_INPUT', `not saved: ${info.message.split('\n')[0]}`);
    }
    const actor = actorOf(m);
    const saved = await store.transaction(async (repos) => {
      const r = await repos.alerts.insert({ workspaceId: wsId, name, spec, sourceFile: null, createdBy: actor });
      await repos.audit.append({ workspaceId: wsId, actor, action: 'alert.create', detail: { rule: r.id, name, origin: m.via ?? 'chat', query: req.query, condition: req.condition, every: req.every, channel: channel ?? null } });
      return r;
    });
    const where = channel ? 'notices come to this channel' : 'notices go to the default alert channel';
    return backtestReply(rule.rule, result, [
      `Alert "${saved.name}" saved: ${req.query} — ${req.condition}, every ${req.every} (${describeGranularity(rule.rule.granularity)} periods); ${where}. ${alertPrefix(m.conversation)} pause|resume|delete ${saved.name}`,
    ]);
  }

  // ── /report <question or SQL> every <when> ──────────────────────────────────────────────
  async function createReport(m: ChatMessage, text: string): Promise<Reply> {
    const ctx = await context(m);
    requireCreator(ctx, 'schedule reports');
    const req = parseReportRequest(text);
    if (!req.ok) throw new DatalabsError('BAD_INPUT', req.error);
    const wsId = ctx.workspace.id;
    const existing = new Set((await store.alerts.list(wsId)).map((r) => r.name.toLowerCase()));
    const base = reportNameOf(req.query);
    let name = base;
    for (let i = 2; existing.has(name.toLowerCase()); i++) name = `${base.slice(0, 56)}-${i}`;
    const channel = channelOf(m.conversation);
    const spec: Record<string, unknown> = { kind: REPORT_KIND, name, query: req.query, every: req.every, ...(channel ? { receivers: [channel] } : {}) };
    // Its cron runs in the workspace's time zone (/datalabs admin timezone), UTC when none is set.
    const parsed = parseReport(spec, { timezone: ctx.workspace.timezone });
    if (!parsed.ok) throw new DatalabsError('BAD_INPUT', parsed.error);
    // The question must answer now (agent, guard, warehouse) before it is scheduled.
    try {
      await (await deps.sourceFor(ctx.workspace)).ask({ text: req.query, now: deps.now(), chart: false });
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'INTERNAL') throw err;
      throw new DatalabsError(info.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'BAD_INPUT', `not saved: ${info.message.split('\n')[0]}`);
    }
    const actor = actorOf(m);
    const saved = await store.transaction(async (repos) => {
      const r = await repos.alerts.insert({ workspaceId: wsId, name, spec, sourceFile: null, createdBy: actor });
      await repos.audit.append({ workspaceId: wsId, actor, action: 'report.create', detail: { rule: r.id, name, origin: m.via ?? 'chat', query: req.query, every: req.every, channel: channel ?? null } });
      return r;
    });
    const next = nextRunOf(parsed.report, deps.now().getTime());
    const where = channel ? 'posts to this channel' : 'posts to the default alert channel';
    const zone = parsed.report.timezone;
    return {
      text: `Report "${saved.name}" scheduled: ${req.query}, every ${req.every}${parsed.report.schedule.kind === 'cron' ? ` (${zone})` : ''}; ${where}${next ? `, next on ${formatInZone(next, zone)}` : ''}. ${alertPrefix(m.conversation)} pause|resume|delete ${saved.name}`,
    };
  }

  // ── /alerts ─────────────────────────────────────────────────────────────────────────────
  async function list(m: ChatMessage): Promise<Reply> {
    const ctx = await context(m);
    const rules = await store.alerts.list(ctx.workspace.id);
    if (!rules.length) return { text: `No alert rules in workspace "${ctx.workspace.name}" yet: ${alertPrefix(m.conversation)} <question> above <number> [every 1h], or the Alert me button under an answer.` };
    const now = deps.now().getTime();
    const silences = await store.alertState.listSilences();
    const lines = [`Alert rules in workspace "${ctx.workspace.name}" (${rules.length}):`];
    for (const r of rules) {
      const spec = r.spec as Record<string, string>;
      if (isReportSpec(r.spec)) {
        const parsed = parseReport(r.spec, { timezone: ctx.workspace.timezone });
        const next = parsed.ok && r.state === 'active' ? nextRunOf(parsed.report, now) : undefined;
        lines.push(`• ${r.name} — report · ${r.state === 'paused' ? 'paused' : 'active'}${next && parsed.ok ? ` · next ${formatInZone(next, parsed.report.timezone)}` : ''} — ${spec.query ?? ''}, every ${spec.every ?? ''}`);
        continue;
      }
      let state = 'normal';
      let extra = '';
      if (r.state === 'active') {
        const series = await store.alertState.loadSeries(String(r.id));
        const active = series.filter((s) => ACTIVE_STATES.has(s.state));
        if (active.length) {
          const s = active[0];
          state = `${s.state === 'recovering' ? 'firing' : s.state.toUpperCase()}${s.value !== null ? ` (value ${fmtNumber(s.value)})` : ''}`;
        } else if (series.some((s) => s.state === 'pending')) state = 'pending';
        const muted = series.flatMap((s) => silencedBy(silences, s.labels, now).map((id) => silences.find((x) => x.id === id)!));
        if (muted.length) extra = ` · silenced until ${iso(Math.max(...muted.map((x) => x.endsAt)))}`;
      }
      const health = parseHealthRule(r.spec);
      const what = health.ok ? `ClickHouse health ${health.rule.check} ${health.rule.threshold.op} ${health.rule.threshold.value}` : `${spec.query ?? ''} ${spec.condition ?? ''}`;
      lines.push(`• ${r.name} — ${r.state === 'paused' ? 'paused' : `active · ${state}`}${extra} — ${what}, every ${spec.every ?? ''}`);
    }
    return { text: lines.join('\n') };
  }

  // ── /alert pause|resume|delete <name> ───────────────────────────────────────────────────
  async function manage(m: ChatMessage, verb: 'pause' | 'resume' | 'delete', name: string): Promise<Reply> {
    const ctx = await context(m);
    if (!name) throw new DatalabsError('BAD_INPUT', `which alert? ${alertPrefix(m.conversation)} ${verb} <name> (see /alerts)`);
    const rule = await store.alerts.get(ctx.workspace.id, name);
    if (!rule) throw new DatalabsError('NOT_FOUND', `no alert "${name}" in workspace "${ctx.workspace.name}" (see /alerts)`);
    const actor = actorOf(m);
    if (ctx.role !== 'admin' && rule.createdBy !== actor) {
      await audit(ctx.workspace.id, actor, 'alert.denied', { rule: rule.id, name: rule.name, verb });
      throw new DatalabsError('FORBIDDEN', `only admins and the alert's creator can ${verb} "${rule.name}"`);
    }
    if (verb === 'delete') {
      await store.transaction(async (repos) => {
        await repos.alerts.delete(rule.id);
        await repos.audit.append({ workspaceId: ctx.workspace.id, actor, action: 'alert.delete', detail: { rule: rule.id, name: rule.name, origin: m.via ?? 'chat' } });
      });
      return { text: `Deleted alert "${rule.name}".${rule.sourceFile ? ` (It is still in ${rule.sourceFile}: the next alerts apply adds it back.)` : ''}` };
    }
    const state = verb === 'pause' ? 'paused' : 'active';
    if (rule.state === state) return { text: `Alert "${rule.name}" is already ${state}.` };
    await store.transaction(async (repos) => {
      await repos.alerts.setState(rule.id, state);
      await repos.audit.append({ workspaceId: ctx.workspace.id, actor, action: `alert.${verb}`, detail: { rule: rule.id, name: rule.name, origin: m.via ?? 'chat' } });
    });
    return { text: `${verb === 'pause' ? 'Paused' : 'Resumed'} alert "${rule.name}".` };
  }

  // ── Alert me ────────────────────────────────────────────────────────────────────────────
  async function alertMe(m: ChatMessage, answerId: string, io: AlertChatIo): Promise<Reply> {
    const answer = await io.answer(answerId);
    if (!answer) throw new DatalabsError('NOT_FOUND', 'that answer has expired: ask the question again');
    const ctx = answer.workspaceId === null ? null : await service.resolveIn(answer.workspaceId, m.conversation, m.user);
    if (!ctx?.role) throw new DatalabsError('FORBIDDEN', 'That answer belongs to a workspace you are not a member of: ask there, or ask an admin of that workspace for a role.');
    let question: string | undefined;
    let sql = false;
    if (answer.historyId !== null) {
      const entry = await store.history.get(ctx.workspace.id, answer.historyId).catch(() => undefined);
      if (entry) {
        question = entry.question;
        sql = entry.kind === 'sql';
      }
    }
    const query = sql && question ? question : measureOf(question ?? answer.title.toLowerCase());
    const hourly = !sql && /\b(by hour|hourly|per hour)\b/i.test(question ?? '');
    const every = hourly ? '1h' : '1d';
    const source = await deps.sourceFor(ctx.workspace);
    const name = ruleNameOf({ query, condition: 'alert me' }).replace(/-alert-me$/, '');
    // The rule's own series first (its periods, not the answer's), then a threshold from its latest value.
    const probe = parseRule({ name, query, condition: 'above 0', every });
    if (!probe.ok) throw new DatalabsError('BAD_INPUT', probe.error);
    let latest: number | null;
    try {
      const r = await backtest(probe.rule, source, ruleZone(probe.rule, undefined, ctx.workspace.timezone));
      latest = [...r.evaluations].reverse().find((e) => e.value !== null)?.value ?? null;
    } catch (err) {
      const info = toErrorInfo(err);
      if (info.code === 'INTERNAL') throw err;
      throw new DatalabsError('BAD_INPUT', `this answer cannot become an alert as it is (${info.message.split('\n')[0]}): write one with ${alertPrefix(m.conversation)} <question> above <number>`);
    }
    if (latest === null) throw new DatalabsError('NOT_FOUND', `"${query}" had no data in the last ${days} days: nothing to suggest a threshold from`);
    const threshold = roundNice(latest);
    const condition = `above ${threshold}`;
    const rule = parseRule({ name, query, condition, every });
    if (!rule.ok) throw new DatalabsError('BAD_INPUT', rule.error);
    const result = await backtest(rule.rule, source, ruleZone(rule.rule, undefined, ctx.workspace.timezone));
    const command = `${alertPrefix(m.conversation)} ${query} ${condition} every ${every}`;
    const reply = await backtestReply(rule.rule, result, [`To be alerted, send (edit the threshold to taste; the latest ${describeGranularity(rule.rule.granularity)} value is ${fmtNumber(latest)}):`, command]);
    return { ...reply, code: { language: 'text', text: command } };
  }

  // ── notice buttons ──────────────────────────────────────────────────────────────────────
  async function ruleById(wsId: number, id: number): Promise<StoredAlertRule | undefined> {
    return (await store.alerts.list(wsId)).find((r) => r.id === id);
  }

  async function seriesLabels(rule: StoredAlertRule, fingerprint: string): Promise<{ labels: Labels; matchers: Matcher[] }> {
    const s = (await store.alertState.loadSeries(String(rule.id))).find((x) => x.fingerprint === fingerprint);
    if (s) return { labels: s.labels, matchers: seriesMatchers(s.labels) };
    // The series is gone from the state (resolved and forgotten): the rule's one series.
    const labels = { rule_id: String(rule.id), alertname: rule.name };
    return { labels, matchers: [{ name: 'rule_id', op: '=', value: String(rule.id) }] };
  }

  /** Edits the notice with a status line (or posts it in its thread when it cannot be edited). */
  async function markNotice(value: string, status: string, io: AlertChatIo): Promise<void> {
    const notice = await readNotice(store.adapterMemory, value);
    if (!notice || !io.adapter || !io.delivery || notice.ref.conversation.platform !== io.adapter.platform) return;
    notice.status = [...notice.status, status].slice(-5);
    await writeNotice(store.adapterMemory, value, notice).catch((err) => logger.warn({ err }, 'notice status could not be kept'));
    const edited: Reply = { text: [notice.text, ...notice.status].join('\n'), buttons: notice.buttons, ...(notice.footer ? { footer: notice.footer } : {}) };
    if (io.adapter.capabilities.editMessages && io.adapter.update) {
      try {
        await io.delivery.update(io.adapter, notice.ref, edited);
        return;
      } catch (err) {
        logger.warn({ err }, 'alert notice could not be edited; posting in its thread');
      }
    }
    const thread = { ...notice.ref.conversation, threadId: notice.ref.conversation.threadId ?? notice.ref.messageId };
    await io.delivery.send(io.adapter, thread, { text: status }).catch((err) => logger.warn({ err }, 'alert status could not be posted'));
  }

  async function noticeAction(m: ChatMessage, io: AlertChatIo): Promise<Reply> {
    const action = m.action!;
    const match = /^(\d+):(.+)$/.exec(action.value);
    if (!match) throw new DatalabsError('BAD_INPUT', 'this alert button is malformed');
    const ruleId = Number(match[1]);
    const fingerprint = match[2];
    const ctx = await context(m);
    const wsId = ctx.workspace.id;
    const actor = actorOf(m);
    const rule = await ruleById(wsId, ruleId);
    if (!rule) return { text: 'That alert rule has been deleted: nothing to do (see /alerts).' };
    if (action.id === 'alert_show_sql') {
      const parsed = isReportSpec(rule.spec) ? undefined : parseRule(rule.spec);
      let sql = String(rule.spec.query ?? '');
      if (isReportSpec(rule.spec)) {
        // Read in the report's zone, as its runs are.
        const report = parseReport(rule.spec, { timezone: ctx.workspace.timezone });
        const timezone = report.ok && report.report.timezone !== 'UTC' ? report.report.timezone : undefined;
        const r = await (await deps.sourceFor(ctx.workspace)).ask({ text: sql, now: deps.now(), chart: false, ...(timezone ? { timezone } : {}) }).catch(() => undefined);
        sql = r?.sql ?? sql;
      } else if (parsed?.ok && parsed.rule.source === 'question') {
        const g = parsed.rule.granularity;
        const zone = ruleZone(parsed.rule, rule.spec.timezone, ctx.workspace.timezone);
        const now = zone ? wallNow(deps.now().getTime(), zone) : deps.now();
        const to = periodStart(g, now.getTime());
        const src = await deps.sourceFor(ctx.workspace);
        const r = await backtestRule(parsed.rule, zone ? zonedSource(src, zone) : src, { now, from: new Date(addPeriods(g, to, -2)), to: new Date(to), live: true }).catch(() => undefined);
        sql = r?.sql[0] ?? sql;
      }
      await audit(wsId, actor, 'alert.show_sql', { rule: rule.id, name: rule.name });
      return { text: `SQL of ${isReportSpec(rule.spec) ? 'report' : 'alert'} "${rule.name}" (${String(rule.spec.query ?? '')})`, code: { language: 'sql', text: sql } };
    }
    if (!can(ctx.role, 'save')) {
      await audit(wsId, actor, 'alert.denied', { rule: rule.id, name: rule.name, button: action.id });
      throw new DatalabsError('FORBIDDEN', `only analysts and admins can act on alerts here (you are a ${ctx.role}); Show SQL works for everyone`);
    }
    const now = deps.now().getTime();
    const who = nameOf(m);
    const { labels, matchers } = await seriesLabels(rule, fingerprint);
    let status: string;
    if (action.id === 'alert_ack') {
      await store.adapterMemory.set(ackKey(action.value), JSON.stringify({ by: actor, name: who, at: now }), NOTICE_TTL_MS);
      await audit(wsId, actor, 'alert.ack', { rule: rule.id, name: rule.name, fingerprint });
      status = `Acknowledged by ${who} at ${iso(now)}`;
    } else if (action.id === 'alert_snooze_1h' || action.id === 'alert_snooze_1d' || action.id === 'alert_mute') {
      const span = action.id === 'alert_snooze_1h' ? 3600_000 : action.id === 'alert_snooze_1d' ? DAY : 30 * DAY;
      const what = action.id === 'alert_mute' ? 'Muted (this series, 30 days)' : `Snoozed ${action.id === 'alert_snooze_1h' ? '1h' : '1d'}`;
      const silence = createSilence({ matchers, endsAt: now + span, createdBy: actor, comment: `${what} from chat by ${who} (alert ${rule.name})` }, now);
      await store.alertState.putSilence(silence);
      await audit(wsId, actor, action.id === 'alert_mute' ? 'alert.mute' : 'alert.snooze', { rule: rule.id, name: rule.name, fingerprint, silence: silence.id, until: new Date(silence.endsAt).toISOString() });
      status = `${what} by ${who} until ${iso(silence.endsAt)}`;
    } else if (action.id === 'alert_resolve') {
      const silences = await store.alertState.listSilences();
      const ids = silencedBy(silences, labels, now);
      const pending = silences.filter((s) => silenceState(s, now) === 'pending' && matchers.every((mt) => s.matchers.some((x) => x.name === mt.name && x.value === mt.value)));
      for (const s of [...silences.filter((x) => ids.includes(x.id)), ...pending]) await store.alertState.putSilence(expireSilence(s, now));
      await audit(wsId, actor, 'alert.resolve', { rule: rule.id, name: rule.name, fingerprint, silencesEnded: ids.length + pending.length });
      status = `Resolved by ${who} at ${iso(now)}${ids.length ? ` (${plural(ids.length, 'silence')} ended)` : ''}; the next evaluation decides the state`;
    } else {
      throw new DatalabsError('NOT_SUPPORTED', `the ${action.id} button is not available`);
    }
    await markNotice(action.value, status, io);
    return { text: `${status}.` };
  }

  return {
    handles(m) {
      if (m.kind === 'command') return ALERT_COMMAND_NAMES.has(m.command ?? '');
      if (m.kind === 'action') return m.action?.id === 'alert' || (m.action?.id.startsWith('alert_') ?? false);
      return false;
    },
    async reply(m, io) {
      if (m.kind === 'action') return m.action!.id === 'alert' ? alertMe(m, m.action!.value, io) : noticeAction(m, io);
      if (m.command === 'alerts') {
        const [sub, ...words] = m.text.trim().split(/\s+/).filter(Boolean);
        if (sub?.toLowerCase() === 'health') return healthCommand({ store }, m, await context(m), words);
        return list(m);
      }
      if (m.command === 'report') {
        const t = m.text.trim();
        if (!t) throw new DatalabsError('BAD_INPUT', `usage: ${alertPrefix(m.conversation).replace(/alert$/, 'report')} <question or SQL> every <interval or cron>, e.g. revenue by week every monday 9:00`);
        return createReport(m, t);
      }
      const text = m.text.trim();
      const [first = '', ...rest] = text.split(/\s+/);
      const verb = first.toLowerCase();
      if (verb === 'pause' || verb === 'resume' || verb === 'delete') return manage(m, verb, rest.join(' ').trim());
      if (verb === 'list' && !rest.length) return list(m);
      if (verb === 'health') return healthCommand({ store }, m, await context(m), rest);
      if (!text) throw new DatalabsError('BAD_INPUT', `usage: ${alertPrefix(m.conversation)} <question or SQL> <condition> [every <interval>], e.g. refund rate on mobile above 10% every 1h`);
      return create(m, text);
    },
  };
}
