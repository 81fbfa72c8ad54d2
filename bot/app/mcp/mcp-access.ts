/**
 * Who an MCP client is: a token (`datalabs mcp token create --workspace <id>`)
 * names one workspace, and the client reads what that workspace may read.
 * Tokens are checked against their sha256 in the metadata store on every
 * session start (stdio) and every request (HTTP); a revoked token stops working
 * at once. Creation and revocation are audited.
 */
import { DatalabsError } from '../../contracts/errors.ts';
import type { Workspace } from '../../contracts/workspace.ts';
import type { MetadataStore } from '../../infra/store/index.ts';
import { createMcpTokenRepo, type McpToken, type McpTokenRepo } from '../../infra/store/mcp-token-repo.ts';

export interface McpPrincipal {
  workspace: Workspace;
  token: McpToken;
  /** For the audit log: `mcp:token#<id>`. */
  actor: string;
}

export interface McpAccess {
  readonly tokens: McpTokenRepo;
  /** The workspace a token opens; FORBIDDEN (one line, same for unknown and revoked) otherwise. */
  authenticate(token: string | undefined): Promise<McpPrincipal>;
  /** A new token for a workspace (shown once), audited. */
  createToken(workspaceRef: string, opts: { name?: string; createdBy: string }): Promise<{ token: string; record: McpToken; workspace: Workspace }>;
  /** Revokes a token of a workspace, audited; NOT_FOUND when it has no live token of that id. */
  revokeToken(workspaceRef: string, id: number, revokedBy: string): Promise<{ workspace: Workspace; record: McpToken }>;
  listTokens(workspaceRef: string): Promise<{ workspace: Workspace; tokens: McpToken[] }>;
}

/** The one line a client without a valid token gets. */
export const MCP_TOKEN_REFUSED = 'MCP token missing, unknown or revoked: create one with `datalabs mcp token create --workspace <id>`';

export function createMcpAccess(deps: { store: MetadataStore; now: () => Date }): McpAccess {
  const { store, now } = deps;
  const tokens = createMcpTokenRepo(store.db);

  async function workspaceOf(ref: string): Promise<Workspace> {
    const ws = await store.workspaces.find(ref);
    if (!ws) throw new DatalabsError('NOT_FOUND', `no workspace "${ref}": see datalabs workspace list`);
    return ws;
  }

  return {
    tokens,
    async authenticate(token) {
      const record = token ? await tokens.verify(token, now()) : undefined;
      if (!record) throw new DatalabsError('FORBIDDEN', MCP_TOKEN_REFUSED);
      const workspace = await store.workspaces.get(record.workspaceId);
      if (!workspace) throw new DatalabsError('FORBIDDEN', MCP_TOKEN_REFUSED);
      return { workspace, token: record, actor: `mcp:token#${record.id}` };
    },
    async createToken(ref, opts) {
      const workspace = await workspaceOf(ref);
      const name = (opts.name ?? 'mcp').trim();
      if (!/^[\w .:@-]{1,100}$/.test(name)) throw new DatalabsError('BAD_INPUT', '--name: 1 to 100 letters, digits, spaces and _ . : @ -');
      const made = await tokens.create(workspace.id, name, opts.createdBy, now());
      await store.audit.append({ workspaceId: workspace.id, actor: opts.createdBy, action: 'mcp.token.create', detail: { token: made.record.id, name } });
      return { ...made, workspace };
    },
    async revokeToken(ref, id, revokedBy) {
      const workspace = await workspaceOf(ref);
      if (!(await tokens.revoke(workspace.id, id, now()))) throw new DatalabsError('NOT_FOUND', `workspace "${workspace.name}" has no live MCP token #${id}: see datalabs mcp token list --workspace ${workspace.id}`);
      await store.audit.append({ workspaceId: workspace.id, actor: revokedBy, action: 'mcp.token.revoke', detail: { token: id } });
      const record = (await tokens.list(workspace.id)).find((t) => t.id === id)!;
      return { workspace, record };
    },
    async listTokens(ref) {
      const workspace = await workspaceOf(ref);
      return { workspace, tokens: await tokens.list(workspace.id) };
    },
  };
}
