/**
 * The workspace console at /w/<id>: what a signed-in member sees and does in
 * the browser. Reads (history with search, saved queries, alert rules with
 * their state and recent notices; for admins members and the audit log) go
 * through the workspace service's permission checks; changes go through the
 * chat core itself (`/run`, `/unsave`, `/alert pause|resume|delete` as chat
 * commands from the chat the session was started in), so the rules, history and audit rows are chat's.
 * Renaming a saved query has no chat command: it needs the same permission as
 * saving one and is committed with its audit row.
 */
import type { ChatMessage, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { SAVED_NAME, type AuditEntry, type HistoryEntry, type Member, type Role, type SavedQuery } from '../../contracts/workspace.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import { can, type QueryTemplate, type WorkspaceContext, type WorkspaceService } from '../workspace/index.ts';
import type { LoginRefusal, StoredLogin, WebSession, WebSessions } from './sessions.ts';
import { isReportSpec } from '../../../alerts/reports/index.ts';
import { zoneOrUtc } from '../../../agents/query/time-zone.ts';

/** The console's view of one alert rule. */
export interface ConsoleAlertRule {
  name: string;
  kind: 'alert' | 'report';
  /** paused, or the series' state: firing, pending, normal (a report: scheduled). */
  state: 'paused' | 'firing' | 'pending' | 'normal' | 'scheduled';
  value: number | null;
  what: string;
  every: string;
  /** The signed-in person may pause, resume and delete it (an admin, or its creator) — chat's check decides again. */
  canManage: boolean;
}

/** What the console may do to an alert rule: chat's `/alert pause|resume|delete <name>`. */
export type AlertVerb = 'pause' | 'resume' | 'delete';
export const ALERT_VERBS: readonly AlertVerb[] = ['pause', 'resume', 'delete'];

/** One notice the alerts sent (or are sending) for this workspace's rules. */
export interface ConsoleNotice {
  at: Date;
  kind: string;
  status: string;
  rules: string[];
  summary: string;
}

/** Everything the console page shows; sections the role may not see are null. */
export interface ConsoleView {
  workspace: { id: number; name: string };
  user: { label: string; role: Role };
  /**
   * One page of the history, newest first, searched in the store (question or SQL contains `query`):
   * `before` is the page's start (null: the newest), `older` the id to ask for the next page (null: none).
   */
  history: { entries: HistoryEntry[]; all: boolean; query: string; before: number | null; older: number | null };
  /** The IANA time zone times are shown in: the workspace's, UTC when unset. */
  timezone: string;
  saved: { queries: SavedQuery[]; templates: readonly QueryTemplate[]; canSave: boolean } | null;
  alerts: { rules: ConsoleAlertRule[]; notices: ConsoleNotice[] } | null;
  admin: { members: Member[]; audit: AuditEntry[] } | null;
}

export type ConsoleAccess = { ok: true; ctx: WorkspaceContext } | { ok: false; reason: 'other_workspace' | 'no_role' | 'gone' };

export type SignInRefusal = LoginRefusal | 'no_role';
export type SignIn = { ok: true; token: string; session: WebSession } | { ok: false; reason: SignInRefusal };

export interface WorkspaceConsoleDeps {
  service: WorkspaceService;
  store: Pick<MetadataStore, 'history' | 'saved' | 'members' | 'audit' | 'alerts' | 'alertState' | 'transaction'>;
  sessions: WebSessions;
  /** The chat core: console changes are chat commands from the session's chat. */
  chat: { reply(message: ChatMessage): Promise<Reply> };
  now: () => Date;
}

export interface WorkspaceConsole {
  /** What a login link's page shows (who, which workspace), without using the link. */
  describeLogin(query: URLSearchParams): Promise<{ ok: true; login: StoredLogin; workspaceName: string } | { ok: false; reason: SignInRefusal }>;
  /** Uses a login link once: the person must still hold a role in its workspace. Audited. */
  signIn(query: URLSearchParams): Promise<SignIn>;
  /** The session's person in workspace `workspaceId`: refused (and audited) for another workspace or without a role. */
  access(session: WebSession, workspaceId: number): Promise<ConsoleAccess>;
  view(ctx: WorkspaceContext, opts: { query?: string; before?: number }): Promise<ConsoleView>;
  /** `/run <name>` from the session's chat: the reply (its text, and an Open link to the answer page). */
  run(ctx: WorkspaceContext, session: WebSession, name: string): Promise<Reply>;
  /** `/unsave <name>` from the session's chat. */
  remove(ctx: WorkspaceContext, session: WebSession, name: string): Promise<Reply>;
  /** `/alert pause|resume|delete <name>` from the session's chat: chat's role check and audit rows. */
  alert(ctx: WorkspaceContext, session: WebSession, verb: AlertVerb, name: string): Promise<Reply>;
  rename(ctx: WorkspaceContext, from: string, to: string): Promise<SavedQuery>;
  /** Ends the session (audited). */
  signOut(token: string, session: WebSession): Promise<void>;
}

const actorOf = (s: Pick<WebSession, 'user'>) => `${s.user.platform}:${s.user.userId}`;
/** History entries per console page. */
export const HISTORY_PAGE = 50;

export function createWorkspaceConsole(deps: WorkspaceConsoleDeps): WorkspaceConsole {
  const { service, store, sessions } = deps;

  async function audit(workspaceId: number, actor: string, action: string, detail: Record<string, unknown>): Promise<void> {
    await service.recordAction(workspaceId, actor, action, detail);
  }

  /** A chat command from the chat the session started in (a thread of its own, so chat's refinements are not disturbed). */
  async function command(ctx: WorkspaceContext, session: WebSession, name: string, text: string): Promise<Reply> {
    const conversation = { ...session.conversation, threadId: 'web' };
    const user = { id: session.user.userId, ...(session.user.name ? { name: session.user.name } : {}) };
    // The chat's binding decides where a chat command runs: it must still be this workspace.
    const here = await service.resolve(conversation, user);
    if (here?.workspace.id !== ctx.workspace.id) throw new DatalabsError('BAD_INPUT', 'the chat you signed in from is no longer bound to this workspace: send /datalabs web there again');
    const message: ChatMessage = { id: `web-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, kind: 'command', command: name, text, conversation, user, receivedAt: deps.now(), via: 'web' };
    return deps.chat.reply(message);
  }

  async function alertsOf(ctx: WorkspaceContext): Promise<ConsoleView['alerts']> {
    const rules = await store.alerts.list(ctx.workspace.id);
    const out: ConsoleAlertRule[] = [];
    for (const r of rules) {
      const spec = r.spec as Record<string, unknown>;
      const text = (k: string) => (typeof spec[k] === 'string' ? (spec[k] as string) : '');
      const report = isReportSpec(spec);
      let state: ConsoleAlertRule['state'] = r.state === 'paused' ? 'paused' : report ? 'scheduled' : 'normal';
      let value: number | null = null;
      if (r.state === 'active' && !report) {
        const series = await store.alertState.loadSeries(String(r.id));
        const firing = series.find((s) => s.state === 'firing' || s.state === 'recovering');
        if (firing) {
          state = 'firing';
          value = firing.value;
        } else if (series.some((s) => s.state === 'pending')) state = 'pending';
      }
      const canManage = ctx.role === 'admin' || r.createdBy === `${ctx.user.platform}:${ctx.user.userId}`;
      out.push({ name: r.name, kind: report ? 'report' : 'alert', state, value, what: [text('query'), text('condition')].filter(Boolean).join(' ') || text('check'), every: text('every'), canManage });
    }
    const ids = new Map(rules.map((r) => [String(r.id), r.name]));
    const notices = (await store.alertState.listOutbox())
      .map((o) => {
        const ruleIds = new Set([...o.notification.alerts.map((a) => a.ruleId), ...(o.notification.report ? [String(o.notification.report.ruleId)] : [])]);
        const mine = [...ruleIds].filter((id) => ids.has(id)).map((id) => ids.get(id)!);
        const values = o.notification.alerts.map((a) => `${a.state}${a.value === null ? '' : ` ${a.value}`}`);
        return { at: new Date(o.createdAt), kind: o.notification.kind, status: o.status, rules: mine, summary: values.join(', ') };
      })
      .filter((n) => n.rules.length > 0)
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, 20);
    return { rules: out, notices };
  }

  const userOf = (l: Pick<WebSession, 'user'>) => ({ id: l.user.userId, ...(l.user.name ? { name: l.user.name } : {}) });

  return {
    async describeLogin(query) {
      const check = await sessions.checkLogin(query);
      if (!check.ok) return check;
      const ctx = await service.resolveIn(check.login.workspaceId, check.login.conversation, userOf(check.login));
      if (!ctx?.role) return { ok: false, reason: 'no_role' };
      return { ok: true, login: check.login, workspaceName: ctx.workspace.name };
    },
    async signIn(query) {
      const check = await sessions.checkLogin(query);
      if (!check.ok) return check;
      const { login } = check;
      const ctx = await service.resolveIn(login.workspaceId, login.conversation, userOf(login));
      if (!ctx?.role) {
        await audit(login.workspaceId, actorOf(login), 'web.login_denied', { reason: 'no_role' });
        return { ok: false, reason: 'no_role' };
      }
      const redeemed = await sessions.redeem(query, ctx.role);
      if (!redeemed.ok) return redeemed;
      await audit(login.workspaceId, actorOf(login), 'web.login', { role: ctx.role, platform: login.user.platform });
      return redeemed;
    },
    async access(session, workspaceId) {
      if (session.workspaceId !== workspaceId) {
        await audit(workspaceId, actorOf(session), 'web.denied', { reason: 'other_workspace', sessionWorkspace: session.workspaceId }).catch(() => undefined);
        return { ok: false, reason: 'other_workspace' };
      }
      const ctx = await service.resolveIn(workspaceId, session.conversation, userOf(session));
      if (!ctx) return { ok: false, reason: 'gone' };
      if (!ctx.role) return { ok: false, reason: 'no_role' };
      return { ok: true, ctx };
    },
    async view(ctx, opts) {
      service.authorize(ctx, 'history');
      const all = can(ctx.role, 'history.all');
      const query = (opts.query ?? '').trim().slice(0, 200);
      const before = opts.before !== undefined && Number.isSafeInteger(opts.before) && opts.before > 0 ? opts.before : null;
      // The whole history in the store, a page at a time (one more row says whether an older page exists).
      const page = await store.history.latest(ctx.workspace.id, {
        limit: HISTORY_PAGE + 1,
        ...(query ? { contains: query } : {}),
        ...(before !== null ? { beforeId: before } : {}),
        ...(all ? {} : { userId: ctx.user.userId, platform: ctx.user.platform }),
      });
      const entries = page.slice(0, HISTORY_PAGE);
      const older = page.length > HISTORY_PAGE ? entries[entries.length - 1].id : null;
      const saved = can(ctx.role, 'run') ? { queries: await store.saved.list(ctx.workspace.id), templates: service.templates(ctx.workspace), canSave: can(ctx.role, 'save') } : null;
      const admin = can(ctx.role, 'admin') ? { members: await store.members.list(ctx.workspace.id), audit: await store.audit.latest(ctx.workspace.id, { limit: 50 }) } : null;
      return {
        workspace: { id: ctx.workspace.id, name: ctx.workspace.name },
        user: { label: ctx.member?.displayName ?? ctx.user.displayName ?? `${ctx.user.platform}:${ctx.user.userId}`, role: ctx.role! },
        history: { entries, all, query, before, older },
        timezone: zoneOrUtc(ctx.workspace.timezone),
        saved,
        alerts: await alertsOf(ctx),
        admin,
      };
    },
    run: (ctx, session, name) => command(ctx, session, 'run', name),
    remove: (ctx, session, name) => command(ctx, session, 'unsave', name),
    alert: (ctx, session, verb, name) => command(ctx, session, 'alert', `${verb} ${name}`),
    async rename(ctx, from, to) {
      service.authorize(ctx, 'save');
      const target = to.trim().toLowerCase();
      if (!SAVED_NAME.test(target)) throw new DatalabsError('BAD_INPUT', `bad name "${to.slice(0, 40)}": use lower-case letters, digits, _ . - (up to 64)`);
      const source = from.trim().toLowerCase();
      if (source === target) throw new DatalabsError('BAD_INPUT', `"${target}" is already its name`);
      return store.transaction(async (repos) => {
        const old = await repos.saved.get(ctx.workspace.id, source);
        if (!old) throw new DatalabsError('NOT_FOUND', `no saved query named "${source.slice(0, 64)}"`);
        const renamed = await repos.saved.save({ workspaceId: old.workspaceId, name: target, kind: old.kind, question: old.question, sql: old.sql, createdBy: old.createdBy, createdByUser: old.createdByUser });
        await repos.saved.remove(ctx.workspace.id, source);
        await repos.audit.append({ workspaceId: ctx.workspace.id, actor: `${ctx.user.platform}:${ctx.user.userId}`, action: 'saved.rename', detail: { from: source, to: target, via: 'web' } });
        return renamed;
      });
    },
    async signOut(token, session) {
      if (await sessions.end(token)) await audit(session.workspaceId, actorOf(session), 'web.logout', {});
    },
  };
}
