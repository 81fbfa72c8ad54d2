/**
 * `datalabs mcp`: the MCP server on standard input/output, for a client that
 * starts it (Claude Desktop's `mcpServers`). The token in DATALABS_MCP_TOKEN
 * names the workspace; stdout carries the protocol only (logs go to stderr).
 */
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { App } from '../create-app.ts';
import { createMcpServer } from './create-mcp-server.ts';
import { createMcpAccess } from './mcp-access.ts';

/** Serves one MCP session on stdio until the client closes it; resolves then. */
export async function serveMcpStdio(app: App, opts: { token: string | undefined; version: string; stdin?: Readable; stdout?: Writable }): Promise<void> {
  if (!app.store) throw new Error('the MCP server needs the metadata store (createApp with metadata: true)');
  const store = app.store;
  const access = createMcpAccess({ store, now: () => new Date() });
  const principal = await access.authenticate(opts.token);
  const context = await app.tools.forWorkspace(principal.workspace);
  const server = createMcpServer({
    context,
    actor: principal.actor,
    workspace: { id: principal.workspace.id, name: principal.workspace.name },
    audit: (e) => store.audit.append(e).then(() => undefined),
    logger: app.logger.child({ part: 'mcp', workspace: principal.workspace.id }),
    version: opts.version,
  });
  const transport = new StdioServerTransport(opts.stdin, opts.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    // The client went away: stdin ends, and so does the session.
    (opts.stdin ?? process.stdin).once('end', () => void server.close().finally(resolve));
  });
  await server.connect(transport);
  app.logger.info({ workspace: principal.workspace.id, token: principal.token.id }, 'MCP server on stdio');
  await closed;
}
