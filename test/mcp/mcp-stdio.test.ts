/**
 * `datalabs mcp` as Claude Desktop runs it: a real process (`node
 * bin/datalabs.js mcp`) on a temp data dir seeded with the demo data, driven
 * over stdio by the SDK's client. The token in DATALABS_MCP_TOKEN scopes it to
 * a workspace; forbidden tables are refused; a wrong token ends it in one line.
 * And the same server under `datalabs serve` at /mcp (streamable HTTP).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createMcpAccess } from '../../bot/app/mcp/mcp-access.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/datalabs.js');
let dataDir: string;
let shopToken: string;
let ordersToken: string;
let revokedToken: string;

const env = (token: string | undefined): Record<string, string> => {
  const e: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATALABS_|DATABASE_URL|CLICKHOUSE_URL|REDIS_URL|ANTHROPIC_)/.test(k)) e[k] = v;
  return { ...e, DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', TZ: 'UTC', ...(token ? { DATALABS_MCP_TOKEN: token } : {}) };
};

async function session(token: string): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], env: env(token), cwd: root, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const client = new Client({ name: 'datalabs-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => err };
}

const call = async (client: Client, name: string, args: Record<string, unknown>) => {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = r.content.find((c) => c.type === 'text');
  return { isError: r.isError === true, output: JSON.parse(text && 'text' in text ? text.text : 'null') };
};

beforeAll(async () => {
  // Seed and mint tokens in this process, then close: chDB and PGlite belong to one process at a time.
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-mcp-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { readDotenv: false });
  const app = await createApp(config, createLogger('silent'), { metadata: true, alerts: false, designer: false });
  try {
    await seedDemo(app.warehouse.admin, { seed: 42, endDate: '2025-06-30', scale: 0.01 });
    const store = app.store!;
    const shop = await store.workspaces.create({ name: 'Shop', allowedDatabases: ['demo'], allowedTables: [] });
    await store.workspaces.create({ name: 'Orders team', allowedDatabases: [], allowedTables: ['demo.orders'] });
    const access = createMcpAccess({ store, now: () => new Date() });
    shopToken = (await access.createToken(String(shop.id), { name: 'desktop', createdBy: 'test' })).token;
    ordersToken = (await access.createToken('Orders team', { createdBy: 'test' })).token;
    const revoked = await access.createToken(String(shop.id), { name: 'old', createdBy: 'test' });
    await access.revokeToken(String(shop.id), revoked.record.id, 'test');
    revokedToken = revoked.token;
  } finally {
    await app.close();
  }
}, 300_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('datalabs mcp (stdio)', () => {
  it('lists the tools and runs a guarded query; refuses system.*, file() and a second statement', async () => {
    const { client, stderr } = await session(shopToken);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['list_tables', 'describe_table', 'semantic_model', 'run_sql', 'render_chart']);
      const ok = await call(client, 'run_sql', { sql: "SELECT count() AS orders, round(sum(revenue), 2) AS revenue FROM demo.orders WHERE status = 'completed'" });
      expect(ok.isError).toBe(false);
      expect(ok.output.columns.map((c: { name: string }) => c.name)).toEqual(['orders', 'revenue']);
      expect(ok.output.rows[0][0]).toBeGreaterThan(2000);
      for (const sql of ['SELECT * FROM system.tables', "SELECT * FROM file('/etc/passwd', 'LineAsString')", 'SELECT 1; DROP TABLE demo.orders']) {
        const refused = await call(client, 'run_sql', { sql });
        expect(refused.isError, sql).toBe(true);
        expect(refused.output.code, sql).toBe('SQL_REJECTED');
      }
      const model = await call(client, 'semantic_model', {});
      expect(JSON.stringify(model.output)).toMatch(/refund_rate/);
      const still = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.orders' });
      expect(still.output.rows[0][0]).toBe(3000);
    } finally {
      await client.close();
    }
    expect(stderr()).toBe('');
  }, 180_000);

  it('reads only the allow-list of the token\'s workspace', async () => {
    const { client } = await session(ordersToken);
    try {
      const tables = await call(client, 'list_tables', {});
      expect(tables.output.tables.map((t: { table: string }) => t.table)).toEqual(['demo.orders']);
      const users = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.users' });
      expect(users.isError).toBe(true);
      expect(users.output.code).toBe('SQL_REJECTED');
    } finally {
      await client.close();
    }
  }, 180_000);

  it('refuses a revoked, an unknown and a missing token in one line', () => {
    const run = (token: string | undefined) => spawnSync(process.execPath, [bin, 'mcp'], { cwd: root, env: env(token), input: '', encoding: 'utf8', timeout: 120_000 });
    for (const token of [revokedToken, `dlmcp_${'x'.repeat(43)}`]) {
      const r = run(token);
      expect(r.status).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toMatch(/^datalabs: MCP token missing, unknown or revoked/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = run(undefined);
    expect(missing.status).toBe(78);
    expect(missing.stderr.trim()).toMatch(/DATALABS_MCP_TOKEN/);
    const malformed = run('sk-not-ours');
    expect(malformed.status).toBe(78);
    expect(malformed.stderr.trim()).toMatch(/DATALABS_MCP_TOKEN/);
  }, 300_000);

  it('creates, lists and revokes tokens from the CLI', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, 'mcp', ...args], { cwd: root, env: env(undefined), encoding: 'utf8', timeout: 120_000 });
    const made = cli('token', 'create', '--workspace', 'Shop', '--name', 'laptop');
    expect(made.status).toBe(0);
    const token = /^(dlmcp_\S+)$/m.exec(made.stdout)?.[1];
    expect(token).toMatch(/^dlmcp_[A-Za-z0-9_-]{43}$/);
    const id = /MCP token #(\d+)/.exec(made.stdout)?.[1];
    // A Claude Desktop entry that starts this installation with the token.
    const desktop = JSON.parse(/^\{[\s\S]*?^\}$/m.exec(made.stdout)![0]);
    expect(desktop.mcpServers.datalabs).toEqual({ command: process.execPath, args: [bin, 'mcp'], env: { DATALABS_DATA_DIR: dataDir, DATALABS_MCP_TOKEN: token } });
    const list = cli('token', 'list', '--workspace', 'Shop');
    expect(list.stdout).toMatch(new RegExp(`#${id}\\s+laptop .* live`));
    expect(list.stdout).not.toContain(token!);
    const revoke = cli('token', 'revoke', id!, '--workspace', 'Shop');
    expect(revoke.status).toBe(0);
    expect(cli('token', 'list', '--workspace', 'Shop').stdout).toMatch(new RegExp(`#${id}\\s+laptop .* revoked`));
    const bad = cli('token', 'create');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/--workspace/);
  }, 300_000);

  it('is served at /mcp by datalabs serve, with the token as a bearer', async () => {
    const serve = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: root, env: env(undefined), stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    serve.stderr.on('data', (d) => (err += d));
    try {
      for (let i = 0; i < 1200 && !/http on :\d+/.test(err) && serve.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      const port = Number(/http on :(\d+)/.exec(err)?.[1]);
      expect(port, err).toBeGreaterThan(0);
      expect(err).toMatch(/MCP at \/mcp/);
      const client = new Client({ name: 'datalabs-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${ordersToken}` } } }));
      const tables = await call(client, 'list_tables', {});
      expect(tables.output.tables.map((t: { table: string }) => t.table)).toEqual(['demo.orders']);
      const refused = await call(client, 'run_sql', { sql: 'SELECT count() FROM demo.users' });
      expect(refused.output.code).toBe('SQL_REJECTED');
      await client.close();
      const wrong = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${revokedToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
      expect(wrong.status).toBe(401);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => (serve.exitCode !== null ? r(null) : serve.on('close', r)));
    }
  }, 300_000);
});
