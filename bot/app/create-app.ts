/**
 * Wiring by hand: config → warehouse, guard, query agent, answerer, chat core.
 * Every entry point (CLI ask, console, serve) builds the app here.
 */
import path from 'node:path';
import type { Config } from './config/load-config.ts';
import type { Logger } from '../contracts/logger.ts';
import { createWarehouse } from '../infra/warehouse/index.ts';
import type { Answerer } from '../core/answer/index.ts';
import { createChatCore, createStoreConversations, type ChatCore } from '../core/conversation/index.ts';
import type { Warehouse } from '../contracts/warehouse.ts';
import { createChartPool, createInlineChartRenderer } from '../../renderers/index.ts';
import type { MetadataStore } from '../infra/store/index.ts';
import type { WorkspaceService } from '../core/workspace/index.ts';
import { createPipeline, createWorkspaceAnswerers } from './pipelines.ts';
import { createClaudeEngine } from '../../agents/claude/index.ts';
import { createClaudeDesigner } from '../../agents/designer/claude-designer.ts';
import { createUsageLedger } from './claude-usage.ts';
import type { AiUsageRepo } from '../infra/store/ai-usage-repo.ts';
import { createToolContexts, type ToolContexts } from './mcp/tool-contexts.ts';
import { createSupportChat } from './support-chat.ts';
import type { Metrics } from '../contracts/metrics.ts';
import type { AnswerPages, WebApp, WebLoginCommand, WebSessions } from '../core/web/index.ts';
import { createWebSessionRepo } from './web/web-session-repo.ts';

export interface App {
  config: Config;
  logger: Logger;
  warehouse: Warehouse;
  answerer: Answerer;
  core: ChatCore;
  /** Workspaces and metadata, when opened with `metadata: true`. */
  store?: MetadataStore;
  workspaces?: WorkspaceService;
  /** "Now" for relative dates: fixed by --now / DATALABS_NOW, else the clock. */
  now: () => Date;
  /** Claude's usage and budgets (with the metadata store). */
  usage?: AiUsageRepo;
  /** Each workspace's context for the data tools (support agent, MCP server). */
  tools: ToolContexts;
  /** The process's metrics (serve, worker), when given. */
  metrics?: Metrics;
  /** Answer pages, sign-in from chat and the workspace console (PUBLIC_URL set, with the metadata store): `serve` mounts their routes (bot/app/web). */
  web?: WebApp;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  now?: Date;
  /** Write chart PNGs to `<dataDir>/charts` (default true: the CLI and console; `serve` passes false). */
  writeCharts?: boolean;
  /** Open the metadata store and answer chats per workspace (chat, serve). */
  metadata?: boolean;
  /** PGlite directory override (`memory://` in tests). */
  pgliteDir?: string;
  /** Render charts on worker threads (servers: keeps webhook acks fast). */
  chartWorkers?: boolean;
  /** Alerts in chat: /alert, /alerts, the Alert me button and the notice buttons (needs `metadata`). */
  alerts?: boolean;
  /** The designer in chat: /design and its Apply / Edit / Cancel buttons (default: on with `metadata`). */
  designer?: boolean;
  /** Where an applied design's Grafana dashboard is written (default: deploy/grafana/dashboards under the working directory). */
  dashboardsDir?: string;
  /** Question, ClickHouse, chart and LLM metrics (serve and worker pass the process's; bot/infra/metrics). */
  metrics?: Metrics;
  /**
   * A warehouse opened before the app's modules loaded (`datalabs ask` starts the engine first, so chDB loads while
   * this process loads the rest); the app owns it from here and closes it. Default: opened here from the config.
   */
  warehouse?: Warehouse;
}

/**
 * How `datalabs serve` builds the app: workspaces and metadata, charts drawn on
 * worker threads and kept in memory (they go out as attachments; a server never
 * writes chart files, which nothing would ever delete).
 */
export const SERVE_APP_OPTIONS: Readonly<CreateAppOptions> = { metadata: true, chartWorkers: true, writeCharts: false, alerts: true };

/**
 * What only an app with the metadata store uses (the store and its drivers, workspaces, alerts and the designer in
 * chat, answer pages): loaded when `metadata` is on, so a one-off `datalabs ask` does not load pg or PGlite.
 */
async function loadMetadataParts() {
  const [store, workspace, alerting, design, designRepo, artifacts, web] = await Promise.all([
    import('../infra/store/index.ts'),
    import('../core/workspace/index.ts'),
    import('../core/alerting/index.ts'),
    import('../core/design/index.ts'),
    import('../infra/store/design-repo.ts'),
    import('../infra/design/artifacts.ts'),
    import('../core/web/index.ts'),
  ]);
  return {
    openMetadataStore: store.openMetadataStore,
    createWorkspaceService: workspace.createWorkspaceService,
    createAlertChat: alerting.createAlertChat,
    createDesignChat: design.createDesignChat,
    createDesignRepo: designRepo.createDesignRepo,
    createDesignArtifacts: artifacts.createDesignArtifacts,
    createAnswerPages: web.createAnswerPages,
    createLinkSigner: web.createLinkSigner,
    createWebSessions: web.createWebSessions,
    createWebLoginCommand: web.createWebLoginCommand,
    createWorkspaceConsole: web.createWorkspaceConsole,
  };
}

export async function createApp(config: Config, logger: Logger, opts: CreateAppOptions = {}): Promise<App> {
  const warehouse = opts.warehouse ?? createWarehouse(config.warehouse);
  const charts = opts.chartWorkers ? createChartPool() : createInlineChartRenderer();
  let store: MetadataStore | undefined;
  let perWorkspace: ReturnType<typeof createWorkspaceAnswerers> | undefined;
  const tools = createToolContexts({ config, logger, defaultWarehouse: warehouse, charts });
  const close = async () => {
    await tools.close();
    await perWorkspace?.close();
    await store?.close();
    await charts.close();
    await warehouse.close();
  };
  try {
    const fixed = opts.now ?? config.fixedNow;
    const now = () => fixed ?? new Date();
    const chartsDir = opts.writeCharts === false ? null : path.join(config.dataDir, 'charts');
    // Claude as the second engine (ANTHROPIC_API_KEY); its usage is recorded once the metadata store is open.
    const ledger = createUsageLedger(config, opts.metrics);
    const claude = config.claude ? { engine: createClaudeEngine({ apiKey: config.claude.apiKey, model: config.claude.model, baseURL: config.claude.baseURL }), ledger } : undefined;
    const answerer = await createPipeline({ config, logger, warehouse, allowedDatabases: config.allowedDatabases, charts, chartsDir, claude, metrics: opts.metrics });
    let workspaces: WorkspaceService | undefined;
    const parts = opts.metadata ? await loadMetadataParts() : undefined;
    if (parts) {
      store = await parts.openMetadataStore({ databaseUrl: config.env.DATABASE_URL, ownerUrl: config.databaseOwnerUrl, secretKey: config.secretKey, dataDir: config.dataDir, pgliteDir: opts.pgliteDir, logger });
      workspaces = parts.createWorkspaceService({
        store,
        logger,
        defaults: { allowedDatabases: config.allowedDatabases },
        ceiling: config.allowedDatabases,
        setup: config.setup,
        historyRetentionDays: config.env.HISTORY_RETENTION_DAYS ?? null,
        now,
      });
      ledger.attach(store);
      perWorkspace = createWorkspaceAnswerers({ config, logger, defaultWarehouse: warehouse, chartsDir, charts, claude, metrics: opts.metrics });
    }
    const pipelines = perWorkspace;
    const alerting =
      parts && opts.alerts && store && workspaces && pipelines
        ? parts.createAlertChat({ store, workspaces, sourceFor: (ws) => pipelines.forWorkspace(ws), now, logger: logger.child({ part: 'alerts-chat' }) })
        : undefined;
    const designer =
      parts && opts.designer !== false && store && workspaces
        ? parts.createDesignChat({
            store: parts.createDesignRepo(store.db),
            workspaces,
            admin: warehouse.admin,
            ceiling: config.allowedDatabases,
            artifacts: parts.createDesignArtifacts({ modelsDir: config.modelsDir, dashboardsDir: opts.dashboardsDir ?? path.resolve('deploy', 'grafana', 'dashboards') }),
            now,
            logger: logger.child({ part: 'designer' }),
            // Claude improves the offline design when ANTHROPIC_API_KEY is set; its tokens count against the workspace's budget.
            claude: config.claude ? { designer: createClaudeDesigner({ apiKey: config.claude.apiKey, model: config.claude.model, baseURL: config.claude.baseURL }), ledger } : undefined,
          })
        : undefined;
    const usageRepo = ledger.repo();
    // Answers behind buttons and thread state: in the metadata store (restarts, replicas), expiring with the history.
    const conversations = store ? createStoreConversations(store.conversations, { defaultRetentionDays: config.env.HISTORY_RETENTION_DAYS ?? null }) : undefined;
    // Answer pages (issue 16): a signed link per answer, opened on serve's HTTP server; their SQL re-runs through the workspace's guard.
    let webPages: AnswerPages | undefined;
    // Sign-in from chat (/datalabs web) and the console at /w/<id> (bot/core/web/sessions.ts, workspace-console.ts).
    let sessions: WebSessions | undefined;
    let webLogin: WebLoginCommand | undefined;
    if (parts && config.web && store && conversations && pipelines && workspaces) {
      const wsStore = store;
      const service = workspaces;
      sessions = parts.createWebSessions({ store: createWebSessionRepo(store.db), secret: config.web.secret, now });
      webLogin = parts.createWebLoginCommand({ service, sessions, publicUrl: config.web.publicUrl, now });
      webPages = parts.createAnswerPages({
        conversations,
        signer: parts.createLinkSigner(config.web.secret, { ttlMs: config.web.linkTtlMs }),
        now,
        answererFor: async (id) => {
          if (id === null) return answerer;
          const found = await wsStore.workspaces.get(id);
          return found ? pipelines.forWorkspace(found) : undefined;
        },
        audit: (id, action, detail) => service.recordAction(id, 'web', action, detail),
        // Times on the page in the workspace's zone (UTC when unset), as in the console.
        timezoneOf: async (id) => (id === null ? null : ((await wsStore.workspaces.get(id))?.timezone ?? null)),
        // The thread's questions up to this answer's, from the query history (kept as long as the answer).
        conversationOf: async (record) => {
          if (record.workspaceId === null || record.historyId === null) return [];
          const entry = await wsStore.history.get(record.workspaceId, record.historyId);
          if (!entry) return [];
          const recent = await wsStore.history.latest(record.workspaceId, { platform: entry.platform, channelId: entry.channelId, limit: 200 });
          return recent
            .filter((h) => h.threadId === entry.threadId && h.id <= entry.id && h.origin === 'chat')
            .slice(0, 10)
            .reverse()
            .map((h) => ({ kind: h.kind === 'sql' ? ('sql' as const) : ('question' as const), text: h.question, userName: h.userName, at: h.createdAt }));
        },
      });
    }
    const publicUrl = config.web?.publicUrl;
    const core = createChatCore({
      answerer,
      logger,
      now,
      naturalLanguage: answerer.naturalLanguage,
      usage: usageRepo ? { source: usageRepo, claude: Boolean(config.claude) } : undefined,
      workspaces: workspaces && pipelines ? { service: workspaces, answererFor: (ws) => pipelines.forWorkspace(ws) } : undefined,
      conversations,
      answerLink: webPages && publicUrl ? (id, workspaceId) => `${publicUrl}${webPages!.linkPath(id, workspaceId)}` : undefined,
      webLogin,
      alerting,
      designer,
      // "How do I set up alerts?", "what does refund rate mean?", "which tables are there?"
      support: createSupportChat({
        contexts: tools,
        logger: logger.child({ part: 'support' }),
        alerts: Boolean(alerting),
        anthropic: config.claude,
      }),
    });
    const web: WebApp | undefined =
      parts && config.web && webPages && sessions && store && workspaces
        ? { pages: webPages, links: config.web.links, publicUrl: config.web.publicUrl, sessions, console: parts.createWorkspaceConsole({ service: workspaces, store, sessions, chat: core, now }) }
        : undefined;
    return { config, logger, warehouse, answerer, core, store, workspaces, now, usage: ledger.repo(), tools, metrics: opts.metrics, web, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}
