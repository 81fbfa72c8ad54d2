/**
 * The answer page's model: a signed link → the answer kept in the
 * ConversationStore → its SQL run again through the answer's workspace
 * pipeline (guard, allow-list, limits) → rows, chart spec, provenance.
 * Nothing is taken from the URL but the answer id and the signature: the SQL
 * is the one kept with the answer, never the link's.
 */
import type { Answer, Answerer } from '../answer/index.ts';
import type { Column } from '../../contracts/warehouse.ts';
import { withDisplay } from '../answer/create-answerer.ts';
import type { AnswerChartView, AnswerRecord, ConversationStore } from '../conversation/conversation-store.ts';
import { provenanceLine } from '../conversation/build-reply.ts';
import { buildChartSpec, CHART_KINDS, describeChart, describeData, planChart, prepareChartData, specFromData, toCsv, type ChartKind, type PartialOptions } from '../../../renderers/index.ts';
import type { LinkSigner } from './link-signer.ts';
import { zoneOrUtc } from '../../../agents/query/time-zone.ts';

/** Everything the answer page shows. */
export interface AnswerPage {
  answerId: string;
  workspaceId: number | null;
  title: string;
  sql: string;
  /** The columns with the display name, format and unit the answer had in chat (the semantic model's); the CSV keeps `name`. */
  columns: Column[];
  rows: unknown[][];
  truncated: boolean;
  /** The vega-lite spec the PNG is drawn from (data inline); null when no chart helps. */
  spec: object | null;
  /** One sentence describing the chart (alt text). */
  chartAlt: string | null;
  /** "Now" (the rows' read time) and the question's period: incomplete periods are marked in the table as on the chart. */
  partial: PartialOptions;
  /** The provenance footer, as in chat. */
  footer: string;
  tables: string[];
  freshness?: string;
  /** When the answer was given in chat. */
  answeredAt: Date;
  /** When the rows on this page were read. */
  ranAt: Date;
  /** The link's query string (`w=…&exp=…&sig=…`): the downloads carry the same signature. */
  query: string;
  expiresAt: Date;
  /** Where it was asked (platform). */
  platform: string;
  /** The IANA zone the page's times are shown in: the workspace's, UTC when unset or unknown to the runtime. */
  timezone: string;
  /** The questions that led to it, oldest first, this answer's last (empty when the history is gone or not kept). */
  conversation: ConversationTurn[];
}

/** One question of the thread an answer came from. */
export interface ConversationTurn {
  kind: 'question' | 'sql';
  text: string;
  userName: string | null;
  at: Date;
}

export type PageResult = { status: 'ok'; page: AnswerPage } | { status: 'forbidden'; reason: string } | { status: 'gone' };

export interface AnswerPagesDeps {
  conversations: ConversationStore;
  signer: LinkSigner;
  now: () => Date;
  /** The pipeline of the answer's workspace (null: the app's own, without workspaces); undefined when the workspace is gone. */
  answererFor(workspaceId: number | null): Promise<Answerer | undefined>;
  /** The questions that led to an answer (its history entry and the thread's earlier ones); absent: none shown. */
  conversationOf?(record: AnswerRecord): Promise<ConversationTurn[]>;
  /** Appends to the workspace's audit log (who opened what). */
  audit?(workspaceId: number | null, action: string, detail: Record<string, unknown>): Promise<void>;
  /** The workspace's IANA time zone (null: UTC); absent: times in UTC. */
  timezoneOf?(workspaceId: number | null): Promise<string | null>;
  /** Chart size (default 1200×675, the PNG's). */
  chartSize?: { width: number; height: number };
}

export interface AnswerPages {
  /**
   * Opens an answer from its id and the link's query; forbidden for a tampered, expired or other-workspace link,
   * and (`sessionWorkspaceId`, DATALABS_WEB_LINKS=session) for an answer outside the signed-in workspace.
   */
  open(answerId: string, query: URLSearchParams, opts?: { sessionWorkspaceId?: number; viewer?: string }): Promise<PageResult>;
  /** The page's rows as CSV (the same as Export CSV). */
  csv(page: AnswerPage): { name: string; data: string };
  /** The link (path and query, no origin) of an answer: `/a/<id>?…`. */
  linkPath(answerId: string, workspaceId: number | null): string;
}

/** How the chart of an answer is drawn beyond its rows: the kind drawn in chat, the category order, the partial-period marking. */
export interface ChartViewOptions {
  /** The kind drawn in chat (the plan honours it when the rows still fit it); absent: the renderer's choice. */
  kind?: ChartKind;
  /** A category axis keeps the rows' order. */
  keepOrder: boolean;
  partial: PartialOptions;
}

/**
 * The chart spec drawn for these rows exactly as renderers/render-chart.ts draws the chat's PNG
 * (same plan, data and spec builders, and the same options), so titles, axis titles with units,
 * number formats and partial-period marks are the PNG's.
 */
export function chartSpecOf(answer: Pick<Answer, 'columns' | 'rows' | 'title'>, size: { width: number; height: number }, view: ChartViewOptions): { spec: object; alt: string } | null {
  const { choice } = planChart(answer.columns, answer.rows, view.kind ? { kind: view.kind } : undefined);
  if (!choice) return null;
  const opts = { title: answer.title, width: size.width, height: size.height };
  if (choice.kind === 'big-number') return { spec: buildChartSpec(choice, answer.columns, answer.rows, opts), alt: describeChart(choice, answer.columns, answer.rows, answer.title) };
  const data = prepareChartData(choice, answer.columns, answer.rows, { keepOrder: view.keepOrder, partial: view.partial });
  return { spec: specFromData(data, opts), alt: describeData(data) };
}

/** The chart options kept with an answer; an older record without them: the SQL's ORDER BY and no period. */
function viewOf(record: AnswerRecord, sql: string, now: string): ChartViewOptions {
  const kept: AnswerChartView | undefined = record.chart;
  const kind = kept?.kind && (CHART_KINDS as readonly string[]).includes(kept.kind) ? (kept.kind as ChartKind) : undefined;
  return {
    ...(kind ? { kind } : {}),
    keepOrder: kept ? kept.keepOrder : /\border\s+by\b/i.test(sql),
    partial: { now, ...(kept?.period ? { period: kept.period } : {}) },
  };
}

export function createAnswerPages(deps: AnswerPagesDeps): AnswerPages {
  const size = deps.chartSize ?? { width: 1200, height: 675 };
  return {
    linkPath: (answerId, workspaceId) => `/a/${encodeURIComponent(answerId)}?${deps.signer.sign(answerId, workspaceId, deps.now())}`,
    async open(answerId, query, opts = {}) {
      const now = deps.now();
      const check = deps.signer.verify(answerId, query, now);
      if (!check.ok) return { status: 'forbidden', reason: check.reason };
      const record = await deps.conversations.getAnswer(answerId, now);
      if (!record) return { status: 'gone' };
      // A valid signature for another workspace never opens this one's answer.
      if (record.workspaceId !== check.grant.workspaceId) return { status: 'forbidden', reason: 'other_workspace' };
      // A session opens only its own workspace's answers.
      if (opts.sessionWorkspaceId !== undefined && record.workspaceId !== opts.sessionWorkspaceId) return { status: 'forbidden', reason: 'session_other_workspace' };
      const answerer = await deps.answererFor(record.workspaceId);
      if (!answerer) return { status: 'gone' };
      // The kept SQL again, through the workspace's guard (as Export CSV does for a large result); no chart PNG here.
      const answer = await answerer.ask({ text: `/sql ${record.sql}`, now, chart: false });
      await deps.audit?.(record.workspaceId, 'answer.web_open', { answerId, rows: answer.rows.length, sql: record.sql, ...(opts.viewer ? { viewer: opts.viewer } : {}) });
      // The rows are read again; how they are headed, formatted and charted is the answer's own (kept with it).
      const columns = withDisplay(answer.columns, record.columns);
      const view = viewOf(record, answer.sql, answer.now ?? now.toISOString());
      const period = record.chart?.period;
      const chart = chartSpecOf({ columns, rows: answer.rows, title: record.title }, size, view);
      const conversation = deps.conversationOf ? await deps.conversationOf(record).catch(() => []) : [];
      const timezone = zoneOrUtc(deps.timezoneOf ? await deps.timezoneOf(record.workspaceId).catch(() => null) : null);
      return {
        status: 'ok',
        page: {
          answerId,
          workspaceId: record.workspaceId,
          title: record.title,
          sql: answer.sql,
          columns,
          rows: answer.rows,
          truncated: answer.truncated,
          spec: chart?.spec ?? null,
          chartAlt: chart?.alt ?? null,
          partial: view.partial,
          footer: provenanceLine({ ...answer, ...(period ? { period } : {}) }),
          tables: answer.tables,
          freshness: answer.freshness,
          answeredAt: record.createdAt,
          ranAt: now,
          query: query.toString(),
          expiresAt: check.grant.expiresAt,
          platform: record.conversation.platform,
          timezone,
          conversation,
        },
      };
    },
    csv(page) {
      const name = `${page.title.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'result'}.csv`;
      return { name, data: toCsv(page.columns, page.rows) };
    },
  };
}
