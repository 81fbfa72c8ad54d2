/**
 * The answer page's model: a signed link → the answer kept in the
 * ConversationStore → its SQL run again through the answer's workspace
 * pipeline (guard, allow-list, limits) → rows, chart spec, provenance.
 * Nothing is taken from the URL but the answer id and the signature: the SQL
 * is the one kept with the answer, never the link's.
 */
import type { Answer, Answerer } from '../answer/index.ts';
import type { Column } from '../../contracts/warehouse.ts';
import type { AnswerRecord, ConversationStore } from '../conversation/conversation-store.ts';
import { provenanceLine } from '../conversation/build-reply.ts';
import { buildChartSpec, describeChart, describeData, planChart, prepareChartData, specFromData, toCsv } from '../../../renderers/index.ts';
import type { LinkSigner } from './link-signer.ts';

/** Everything the answer page shows. */
export interface AnswerPage {
  answerId: string;
  workspaceId: number | null;
  title: string;
  sql: string;
  columns: Column[];
  rows: unknown[][];
  truncated: boolean;
  /** The vega-lite spec the PNG is drawn from (data inline); null when no chart helps. */
  spec: object | null;
  /** One sentence describing the chart (alt text). */
  chartAlt: string | null;
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

/** The chart spec drawn for these rows, as renderers/render-chart.ts draws the PNG (same plan, data and spec builders). */
export function chartSpecOf(answer: Pick<Answer, 'columns' | 'rows' | 'title' | 'now' | 'period' | 'sql'>, size: { width: number; height: number }): { spec: object; alt: string } | null {
  const { choice } = planChart(answer.columns, answer.rows, undefined);
  if (!choice) return null;
  const opts = { title: answer.title, width: size.width, height: size.height };
  if (choice.kind === 'big-number') return { spec: buildChartSpec(choice, answer.columns, answer.rows, opts), alt: describeChart(choice, answer.columns, answer.rows, answer.title) };
  const data = prepareChartData(choice, answer.columns, answer.rows, { keepOrder: /\border\s+by\b/i.test(answer.sql), partial: { now: answer.now, period: answer.period } });
  return { spec: specFromData(data, opts), alt: describeData(data) };
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
      const chart = chartSpecOf({ ...answer, title: record.title }, size);
      const conversation = deps.conversationOf ? await deps.conversationOf(record).catch(() => []) : [];
      return {
        status: 'ok',
        page: {
          answerId,
          workspaceId: record.workspaceId,
          title: record.title,
          sql: answer.sql,
          columns: answer.columns,
          rows: answer.rows,
          truncated: answer.truncated,
          spec: chart?.spec ?? null,
          chartAlt: chart?.alt ?? null,
          footer: provenanceLine(answer),
          tables: answer.tables,
          freshness: answer.freshness,
          answeredAt: record.createdAt,
          ranAt: now,
          query: query.toString(),
          expiresAt: check.grant.expiresAt,
          platform: record.conversation.platform,
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
