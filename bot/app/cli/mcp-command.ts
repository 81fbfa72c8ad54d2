/**
 * `datalabs mcp`: the MCP server on stdio, scoped by DATALABS_MCP_TOKEN to one
 * workspace; and its tokens: `datalabs mcp token create --workspace <id|name>
 * [--name <label>]` (printed once), `token list --workspace …`, `token revoke
 * <token id> --workspace …`. Over HTTP the same server runs under `serve` at /mcp.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import { openCliStore } from './open-store.ts';
import { createMcpAccess } from '../mcp/mcp-access.ts';
import type { McpToken } from '../../infra/store/mcp-token-repo.ts';

export const MCP_USAGE = [
  'datalabs mcp                                         MCP server on stdio for the workspace of DATALABS_MCP_TOKEN',
  'datalabs mcp token create --workspace <id|name> [--name <label>]   a new token (shown once)',
  'datalabs mcp token list --workspace <id|name>',
  'datalabs mcp token revoke <token id> --workspace <id|name>',
].join('\n');

/** The directory of the datalabs package (the nearest package.json above this file), or undefined. */
function packageDir(): string | undefined {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The datalabs package version. */
export function datalabsVersion(): string {
  const dir = packageDir();
  return dir ? ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0') : '0.0.0';
}

/** A Claude Desktop `mcpServers` entry that starts this installation's `datalabs mcp` with a token. */
export function claudeDesktopConfig(opts: { token: string; dataDir: string }): string {
  const bin = path.join(packageDir() ?? process.cwd(), 'bin', 'datalabs.js');
  return JSON.stringify({ mcpServers: { datalabs: { command: process.execPath, args: [bin, 'mcp'], env: { DATALABS_DATA_DIR: opts.dataDir, DATALABS_MCP_TOKEN: opts.token } } } }, null, 2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new DatalabsError('BAD_INPUT', `${name} needs a value; usage:\n${MCP_USAGE}`);
  return v;
}

function formatToken(t: McpToken): string {
  const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `live · last used ${t.lastUsedAt ? t.lastUsedAt.toISOString() : 'never'}`;
  return `#${t.id}  ${t.name}  created ${t.createdAt.toISOString()} by ${t.createdBy}  ${state}`;
}

export async function runMcp(ctx: { config: Config; logger: Logger }, args: string[]): Promise<number> {
  const [first, action, ...rest] = args;
  if (first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(`${MCP_USAGE}\n`);
    return 0;
  }
  if (first === undefined) return runMcpStdio(ctx);
  if (first !== 'token') throw new DatalabsError('BAD_INPUT', `unknown mcp command "${first}"; usage:\n${MCP_USAGE}`);
  const workspace = option(rest, '--workspace');
  if (!workspace) throw new DatalabsError('BAD_INPUT', `--workspace <id|name> is required; usage:\n${MCP_USAGE}`);
  const store = await openCliStore(ctx);
  try {
    const access = createMcpAccess({ store, now: () => new Date() });
    const by = `cli:${process.env.USER ?? 'operator'}`;
    switch (action) {
      case 'create': {
        const made = await access.createToken(workspace, { name: option(rest, '--name'), createdBy: by });
        process.stdout.write(
          [
            `MCP token #${made.record.id} "${made.record.name}" for workspace "${made.workspace.name}" (#${made.workspace.id}). It is shown this once:`,
            '',
            made.token,
            '',
            'stdio: DATALABS_MCP_TOKEN=<token> datalabs mcp. Claude Desktop (claude_desktop_config.json; add DATABASE_URL and',
            'CLICKHOUSE_URL to env when this installation uses them):',
            claudeDesktopConfig({ token: made.token, dataDir: ctx.config.dataDir }),
            'HTTP: `datalabs serve` answers at /mcp with the header Authorization: Bearer <token>.',
            `Revoke it with: datalabs mcp token revoke ${made.record.id} --workspace ${made.workspace.id}`,
          ].join('\n') + '\n',
        );
        return 0;
      }
      case 'list': {
        const { workspace: ws, tokens } = await access.listTokens(workspace);
        process.stdout.write(`MCP tokens of workspace "${ws.name}" (#${ws.id}):\n${tokens.length ? tokens.map(formatToken).join('\n') : '(none)'}\n`);
        return 0;
      }
      case 'revoke': {
        const id = rest.find((a, i) => /^#?\d{1,9}$/.test(a) && rest[i - 1] !== '--workspace');
        if (!id) throw new DatalabsError('BAD_INPUT', `which token? usage:\n${MCP_USAGE}`);
        const { workspace: ws, record } = await access.revokeToken(workspace, Number(id.replace('#', '')), by);
        process.stdout.write(`Revoked MCP token #${record.id} "${record.name}" of workspace "${ws.name}": clients using it are refused from now on.\n`);
        return 0;
      }
      default:
        throw new DatalabsError('BAD_INPUT', `unknown mcp token action "${action ?? ''}"; usage:\n${MCP_USAGE}`);
    }
  } finally {
    await store.close();
  }
}

/** The MCP server on stdio until the client closes it. */
async function runMcpStdio(ctx: { config: Config; logger: Logger }): Promise<number> {
  const token = ctx.config.env.DATALABS_MCP_TOKEN;
  if (!token) throw new DatalabsError('CONFIG_INVALID', 'DATALABS_MCP_TOKEN: datalabs mcp needs a workspace token; create one with `datalabs mcp token create --workspace <id>`');
  const { createApp } = await import('../create-app.ts');
  const { serveMcpStdio } = await import('../mcp/mcp-stdio.ts');
  // The metadata store (tokens, audit) and the warehouse; no chat adapters, no chart files.
  const app = await createApp(ctx.config, ctx.logger, { metadata: true, writeCharts: false, alerts: false, designer: false });
  try {
    await serveMcpStdio(app, { token, version: datalabsVersion() });
  } finally {
    await app.close();
  }
  return 0;
}
