/**
 * Chat sign-in's logins and sessions on both stores (PostgreSQL as the
 * restricted app role, and PGlite): a login link verifies until it is used or
 * expires, is used once even when two redeems race, only hashes are stored,
 * sessions expire and end; a changed link is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetadataStore } from '../../bot/infra/store/create-metadata-store.ts';
import { openTestStore, TEST_BACKENDS } from '../../bot/infra/store/test-databases.ts';
import { createWebSessionRepo } from '../../bot/app/web/web-session-repo.ts';
import { createWebSessions, csrfMatches, type WebSessions } from '../../bot/core/web/index.ts';
import { sessionCookie } from '../../bot/app/web/console-routes.ts';

const SECRET = Buffer.from('web-sessions-secret-0123456789abcdef');
const conversation = { platform: 'slack' as const, workspaceKey: 'T1', channelId: 'D1', replyHandle: 'https://hooks.example/once' };
const user = { platform: 'slack' as const, userId: 'U1', name: 'ann' };

describe.each(TEST_BACKENDS)('web logins and sessions on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  let wsId: number;
  let now = new Date('2026-03-01T10:00:00Z');
  let sessions: WebSessions;

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
    wsId = (await store.workspaces.create({ name: 'Web', allowedDatabases: ['demo'], allowedTables: [] })).id;
    sessions = createWebSessions({ store: createWebSessionRepo(store.db), secret: SECRET, now: () => now });
  });
  afterAll(async () => close?.());

  it('issues a signed 10-minute link, kept by its hash without the reply handle, that starts one session', async () => {
    const { path, expiresAt } = await sessions.issueLogin({ workspaceId: wsId, user, conversation });
    expect(expiresAt.getTime() - now.getTime()).toBe(10 * 60_000);
    const query = new URLSearchParams(path.replace(/^\/login\?/, ''));
    const stored = await store.db.query<{ key_hash: string; conversation: unknown }>('SELECT key_hash, conversation FROM web_logins');
    expect(JSON.stringify(stored.rows)).not.toContain(query.get('id')!);
    expect(JSON.stringify(stored.rows)).not.toContain('hooks.example');
    expect(await sessions.checkLogin(query)).toMatchObject({ ok: true, login: { workspaceId: wsId, user, usedAt: null } });
    // Two redeems at once: one session.
    const [a, b] = await Promise.all([sessions.redeem(query, 'analyst'), sessions.redeem(query, 'analyst')]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    const won = (a.ok ? a : b) as Extract<typeof a, { ok: true }>;
    expect(won.session).toMatchObject({ workspaceId: wsId, role: 'analyst', user });
    expect(await sessions.checkLogin(query)).toEqual({ ok: false, reason: 'used' });
    expect(await sessions.redeem(query, 'analyst')).toEqual({ ok: false, reason: 'used' });
    const live = await sessions.session(won.token);
    expect(live?.user).toEqual(user);
    expect(csrfMatches(live!, live!.csrfToken)).toBe(true);
    expect(csrfMatches(live!, `${live!.csrfToken.slice(0, -1)}x`)).toBe(false);
    expect(csrfMatches(live!, undefined)).toBe(false);
    const raw = await store.db.query<{ token_hash: string }>('SELECT token_hash FROM web_sessions');
    expect(JSON.stringify(raw.rows)).not.toContain(won.token);
    // Logout ends it; a second logout finds nothing.
    expect(await sessions.end(won.token)).toBe(true);
    expect(await sessions.session(won.token)).toBeUndefined();
    expect(await sessions.end(won.token)).toBe(false);
  });

  it('refuses a changed, unknown or expired link, and an expired session', async () => {
    const { path } = await sessions.issueLogin({ workspaceId: wsId, user, conversation });
    const query = new URLSearchParams(path.replace(/^\/login\?/, ''));
    for (const [k, v] of [['w', String(wsId + 1)], ['exp', String(Number(query.get('exp')) + 60)], ['id', 'A'.repeat(22)]]) {
      const t = new URLSearchParams(query);
      t.set(k, v);
      expect((await sessions.checkLogin(t)).ok, k).toBe(false);
    }
    expect(await sessions.checkLogin(new URLSearchParams('id=x'))).toEqual({ ok: false, reason: 'malformed' });
    const started = now;
    now = new Date(started.getTime() + 10 * 60_000);
    expect(await sessions.checkLogin(query)).toEqual({ ok: false, reason: 'expired' });
    expect(await sessions.redeem(query, 'viewer')).toEqual({ ok: false, reason: 'expired' });
    now = started;
    const fresh = await sessions.issueLogin({ workspaceId: wsId, user, conversation });
    const signed = await sessions.redeem(new URLSearchParams(fresh.path.replace(/^\/login\?/, '')), 'viewer');
    expect(signed.ok).toBe(true);
    const token = (signed as Extract<typeof signed, { ok: true }>).token;
    now = new Date(started.getTime() + sessions.sessionTtlMs);
    expect(await sessions.session(token)).toBeUndefined();
    expect(await sessions.session('not-a-token')).toBeUndefined();
    now = started;
  });
});

describe('the session cookie', () => {
  it('is Secure and __Host- prefixed behind https, plain on http (a local serve)', () => {
    expect(sessionCookie('https://datalabs.example.com')).toEqual({ name: '__Host-dl_session', secure: true });
    expect(sessionCookie('http://127.0.0.1:3000')).toEqual({ name: 'dl_session', secure: false });
  });
});
