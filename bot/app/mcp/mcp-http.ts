/**
 * MCP over streamable HTTP, mounted at `/mcp` on the HTTP server of
 * `datalabs serve`. Every request carries `Authorization: Bearer <token>`; the
 * token is checked on every request (a revoked one stops at once) and a
 * session belongs to the token that opened it. Sessions live in this process
 * (the SDK's `Mcp-Session-Id`); idle ones are closed, and their number is capped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { HttpRoute } from '../../contracts/chat.ts';
import type { Logger } from '../../contracts/logger.ts';
import { isDatalabsError } from '../../contracts/errors.ts';
import type { MetadataStore } from '../../infra/store/index.ts';
import { createMcpServer } from './create-mcp-server.ts';
import type { McpAccess, McpPrincipal } from './mcp-access.ts';
import type { ToolContexts } from './tool-contexts.ts';

/** Where MCP is served under `serve`. */
export const MCP_HTTP_PATH = '/mcp';

export interface McpHttpOptions {
  access: McpAccess;
  contexts: ToolContexts;
  store: MetadataStore;
  logger: Logger;
  version: string;
  /** Sessions open at once at most (default 200); beyond, new sessions get 503. */
  maxSessions?: number;
  /** A session unused this long is closed (default 30 min). */
  idleMs?: number;
}

export interface McpHttp {
  routes: HttpRoute[];
  /** Open sessions (for tests and /healthz). */
  readonly sessions: number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
  tokenId: number;
  lastUsed: number;
}

function jsonRpcError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: status === 401 ? -32001 : -32000, message }, id: null }));
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  const m = typeof h === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m?.[1];
}

export function createMcpHttp(opts: McpHttpOptions): McpHttp {
  const { logger } = opts;
  const maxSessions = opts.maxSessions ?? 200;
  const idleMs = opts.idleMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleMs;
    for (const [id, s] of sessions) {
      if (s.lastUsed < cutoff) {
        sessions.delete(id);
        void s.server.close().catch(() => undefined);
      }
    }
  }, Math.min(idleMs, 60_000));
  sweep.unref();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let principal: McpPrincipal;
    try {
      principal = await opts.access.authenticate(bearer(req));
    } catch (err) {
      req.resume();
      if (isDatalabsError(err) && err.code === 'FORBIDDEN') {
        logger.info({ path: MCP_HTTP_PATH }, 'MCP request with a missing, unknown or revoked token refused');
        jsonRpcError(res, 401, err.message, { 'www-authenticate': 'Bearer realm="datalabs-mcp"' });
        return;
      }
      throw err;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      // Another token's session is as unknown as a closed one.
      if (!session || session.tokenId !== principal.token.id) {
        req.resume();
        jsonRpcError(res, 404, 'MCP session not found: start a new one');
        return;
      }
      session.lastUsed = Date.now();
      await session.transport.handleRequest(req, res);
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      jsonRpcError(res, 400, 'no Mcp-Session-Id: start a session with an initialize request');
      return;
    }
    if (sessions.size >= maxSessions) {
      req.resume();
      jsonRpcError(res, 503, 'too many MCP sessions open: try again later', { 'retry-after': '60' });
      return;
    }
    const context = await opts.contexts.forWorkspace(principal.workspace);
    const server = createMcpServer({
      context,
      actor: principal.actor,
      workspace: { id: principal.workspace.id, name: principal.workspace.name },
      audit: (e) => opts.store.audit.append(e).then(() => undefined),
      logger: logger.child({ part: 'mcp', workspace: principal.workspace.id }),
      version: opts.version,
    });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, tokenId: principal.token.id, lastUsed: Date.now() });
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    // Not an initialize request: the transport refused it and no session was opened.
    if (!transport.sessionId) await server.close().catch(() => undefined);
  }

  const routes: HttpRoute[] = (['POST', 'GET', 'DELETE'] as const).map((method) => ({ method, path: MCP_HTTP_PATH, handler: handle }));

  return {
    routes,
    get sessions() {
      return sessions.size;
    },
    async close() {
      clearInterval(sweep);
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.allSettled(open.map((s) => s.server.close()));
    },
  };
}
