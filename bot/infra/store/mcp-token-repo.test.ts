import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from './create-metadata-store.ts';
import { createMcpTokenRepo, hashMcpToken, type McpTokenRepo } from './mcp-token-repo.ts';
import { openTestStore, TEST_BACKENDS } from './test-databases.ts';

describe.each(TEST_BACKENDS)('MCP tokens on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  let tokens: McpTokenRepo;
  let wsId: number;
  const now = new Date('2026-01-02T03:04:05Z');

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
    tokens = createMcpTokenRepo(store.db);
    wsId = (await store.workspaces.create({ name: 'Tokens', allowedDatabases: ['demo'], allowedTables: [] })).id;
  });
  afterAll(async () => close?.());

  it('stores only the hash, verifies the token and marks its use', async () => {
    const { token, record } = await tokens.create(wsId, 'desktop', 'cli', now);
    expect(token).toMatch(/^dlmcp_[A-Za-z0-9_-]{43}$/);
    const raw = await store.db.query<{ token_hash: string }>('SELECT token_hash FROM mcp_tokens WHERE id = $1', [record.id]);
    expect(raw.rows[0].token_hash).toBe(hashMcpToken(token));
    expect(JSON.stringify(raw.rows)).not.toContain(token.slice(6));
    const seen = await tokens.verify(token, new Date(now.getTime() + 1000));
    expect(seen).toMatchObject({ id: record.id, workspaceId: wsId, name: 'desktop', revokedAt: null });
    expect(seen?.lastUsedAt?.toISOString()).toBe('2026-01-02T03:04:06.000Z');
  });

  it('refuses unknown, malformed and revoked tokens', async () => {
    const { token, record } = await tokens.create(wsId, 'second', 'cli', now);
    expect(await tokens.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, now)).toBeUndefined();
    expect(await tokens.verify('not a token', now)).toBeUndefined();
    expect(await tokens.verify('', now)).toBeUndefined();
    expect(await tokens.revoke(wsId + 1000, record.id, now)).toBe(false);
    expect(await tokens.revoke(wsId, record.id, now)).toBe(true);
    expect(await tokens.revoke(wsId, record.id, now)).toBe(false);
    expect(await tokens.verify(token, now)).toBeUndefined();
    const list = await tokens.list(wsId);
    expect(list.map((t) => [t.name, t.revokedAt !== null])).toEqual([['second', true], ['desktop', false]]);
  });
});
