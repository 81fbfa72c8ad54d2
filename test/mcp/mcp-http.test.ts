/**
 * The MCP server over streamable HTTP as `serve` mounts it (/mcp on the
 * shared HTTP server): a client from @modelcontextprotocol/sdk lists the tools
 * and runs guarded queries with a workspace token; forbidden tables, a wrong
 * or revoked token and another token's session are refused; every statement
 * is in the audit log. Real chDB with the demo data, PGlite, the real guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createMcpHttp, type McpHttp } from '../../bot/app/mcp/mcp-http.ts';
import { createMcpAccess, type McpAccess } from '../../bot/app/mcp/mcp-access.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let http: RunningHttpServer;
let mcp: McpHttp;
let access: McpAccess;
let shopToken: string;
let ordersToken: string;
let shopId: number;
const clients: Client[] = [];

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'datalabs-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${http.url}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown>) => {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = r.content.find((c) => c.type === 'text');
  return { isError: r.isError === true, output: JSON.parse(text && 'text' in text ? text.text : 'null'), content: r.content };
};

beforeAll(async () => {
  app = await createTestApp({ scale: 0.01, metadata: true });
  const store = app.store!;
  const shop = await store.workspaces.create({ name: 'Shop', allowedDatabases: ['demo'], allowedTables: [] });
  await store.workspaces.create({ name: 'Orders team', allowedDatabases: [], allowedTables: ['demo.orders'] });
  shopId = shop.id;
  access = createMcpAccess({ store, now: () => new Date() });
  shopToken = (await access.createToken(String(shop.id), { name: 'desktop', createdBy: 'test' })).token;
  ordersToken = (await access.createToken('Orders team', { createdBy: 'test' })).token;
  mcp = createMcpHttp({ access, contexts: app.tools, store, logger: app.logger, version: '0.0.0-test' });
  http = await startHttpServer({ port: 0, host: '127.0.0.1', routes: mcp.routes, logger: app.logger });
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await mcp?.close();
  await http?.close();
  await app?.dispose();
});

describe('MCP over streamable HTTP', () => {
  it('lists the data tools with their JSON schemas', async () => {
    const client = await connect(shopToken);
    expect(client.getServerVersion()?.name).toBe('datalabs');
    expect(client.getInstructions()).toMatch(/workspace "Shop"/);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['list_tables', 'describe_table', 'semantic_model', 'run_sql', 'render_chart']);
    const runSql = tools.find((t) => t.name === 'run_sql')!;
    expect(runSql.inputSchema).toMatchObject({ type: 'object', required: ['sql'] });
  });

  it('runs a guarded query and draws its chart in the same session', async () => {
    const client = await connect(shopToken);
    const r = await call(client, 'run_sql', { sql: "SELECT device, count() AS orders FROM demo.orders WHERE status = 'completed' GROUP BY device ORDER BY device" });
    expect(r.isError).toBe(false);
    expect(r.output.columns.map((c: { name: string }) => c.name)).toEqual(['device', 'orders']);
    expect(r.output.rows.map((row: unknown[]) => row[0])).toEqual(['desktop', 'mobile', 'tablet']);
    const chart = await call(client, 'render_chart', { result_id: r.output.result_id });
    expect(chart.isError).toBe(false);
    const image = chart.content.find((c) => c.type === 'image');
    expect(image && 'mimeType' in image ? image.mimeType : '').toBe('image/png');
    expect(Buffer.from(image && 'data' in image ? String(image.data) : '', 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses system tables, table functions and a second statement, and never runs them', async () => {
    const client = await connect(shopToken);
    for (const sql of ['SELECT name FROM system.tables', "SELECT * FROM file('/etc/passwd', 'LineAsString')", 'SELECT 1; DROP TABLE demo.orders', 'SELECT * FROM url(\'http://127.0.0.1:1/\', CSV)']) {
      const r = await call(client, 'run_sql', { sql });
      expect(r.isError, sql).toBe(true);
      expect(r.output.code, sql).toBe('SQL_REJECTED');
    }
    const still = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.orders' });
    expect(still.output.rows[0][0]).toBe(3000);
  });

  it('scopes a token to its workspace\'s allow-list', async () => {
    const client = await connect(ordersToken);
    const tables = await call(client, 'list_tables', {});
    expect(tables.output.tables.map((t: { table: string }) => t.table)).toEqual(['demo.orders']);
    const users = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.users' });
    expect(users.isError).toBe(true);
    expect(users.output.code).toBe('SQL_REJECTED');
    const describe = await call(client, 'describe_table', { table: 'demo.users' });
    expect(describe.isError).toBe(true);
    const model = await call(client, 'semantic_model', {});
    expect(JSON.stringify(model.output)).not.toMatch(/demo\.(users|events|products)/);
    const ok = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.orders' });
    expect(ok.isError).toBe(false);
  });

  it('refuses a wrong token with 401, and another token\'s session with 404', async () => {
    await expect(connect(`dlmcp_${'A'.repeat(43)}`)).rejects.toThrow(/401|token/i);
    await expect(connect('not-a-token')).rejects.toThrow(/401|token/i);
    const raw = await fetch(`${http.url}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toMatch(/^Bearer/);
    // A session opened with the Shop token is not found for the Orders token.
    const shop = await connect(shopToken);
    const sessionId = (shop.transport as StreamableHTTPClientTransport).sessionId!;
    expect(sessionId).toBeTruthy();
    const stolen = await fetch(`${http.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${ordersToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'run_sql', arguments: { sql: 'SELECT count() FROM demo.users' } } }),
    });
    expect(stolen.status).toBe(404);
  });

  it('stops a revoked token at its next request', async () => {
    const made = await access.createToken(String(shopId), { name: 'short-lived', createdBy: 'test' });
    const client = await connect(made.token);
    expect((await call(client, 'run_sql', { sql: 'SELECT 1 AS one' })).isError).toBe(false);
    await access.revokeToken(String(shopId), made.record.id, 'test');
    await expect(client.callTool({ name: 'run_sql', arguments: { sql: 'SELECT 1 AS one' } })).rejects.toThrow(/401|token/i);
  });

  it('records every statement run and refused in the audit log', async () => {
    const entries = await app.store!.audit.latest(shopId, { limit: 50 });
    const mcpEntries = entries.filter((e) => e.detail.origin === 'mcp');
    expect(mcpEntries.some((e) => e.action === 'sql.rejected' && String(e.detail.sql).includes('system.tables'))).toBe(true);
    expect(mcpEntries.some((e) => e.action === 'sql.execute' && e.detail.outcome === 'ok' && /FROM demo\.orders/.test(String(e.detail.sql)))).toBe(true);
    expect(mcpEntries.every((e) => /^mcp:token#\d+$/.test(e.actor))).toBe(true);
    expect(entries.some((e) => e.action === 'mcp.token.create')).toBe(true);
    expect(entries.some((e) => e.action === 'mcp.token.revoke')).toBe(true);
    expect((await app.store!.audit.verify()).ok).toBe(true);
  });
});
