/**
 * Web sign-in started from chat: `/datalabs web` issues a one-time login link
 * (signed, short-lived, recorded in the metadata store so it works once); the
 * login page's POST redeems it for a session (a random token in an HttpOnly
 * cookie; only its sha256 is stored) tied to one workspace and one chat user,
 * with a per-session CSRF token for the console's forms. Sessions expire and
 * can be ended (logout).
 */
import crypto from 'node:crypto';
import type { ConversationRef, Platform } from '../../contracts/chat.ts';
import type { Role } from '../../contracts/workspace.ts';

/** Default lifetime of a login link: 10 minutes. */
export const DEFAULT_LOGIN_TTL_MS = 10 * 60_000;
/** Default lifetime of a session: 12 hours. */
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;

/** The chat user a login link or session stands for. */
export interface WebUser {
  platform: Platform;
  userId: string;
  name: string | null;
}

/** A login link as kept in the store (by the sha256 of its id). */
export interface StoredLogin {
  workspaceId: number;
  user: WebUser;
  /** The chat the link was asked for in (its binding decides a non-member's default role). */
  conversation: ConversationRef;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A session: one chat user in one workspace, until `expiresAt` or logout. */
export interface WebSession {
  workspaceId: number;
  user: WebUser;
  conversation: ConversationRef;
  /** The role when the session started (each request checks the current one). */
  role: Role;
  /** Sent back in every form of the console. */
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Where logins and sessions are kept (the metadata store, migration 11: bot/app/web/web-session-repo.ts). */
export interface WebSessionStore {
  addLogin(keyHash: string, login: Omit<StoredLogin, 'usedAt'>): Promise<void>;
  getLogin(keyHash: string): Promise<StoredLogin | undefined>;
  /**
   * Marks the login used and creates the session, atomically: false (nothing
   * written) when the login was used already or has expired at `now`.
   */
  redeemLogin(keyHash: string, now: Date, session: { tokenHash: string } & WebSession): Promise<boolean>;
  /** The live session of a token hash at `now` (not expired, not ended). */
  getSession(tokenHash: string, now: Date): Promise<WebSession | undefined>;
  endSession(tokenHash: string, now: Date): Promise<boolean>;
}

export type LoginRefusal = 'malformed' | 'bad_signature' | 'expired' | 'used' | 'unknown';
export type LoginCheck = { ok: true; login: StoredLogin } | { ok: false; reason: LoginRefusal };

export interface WebSessions {
  /** A new one-time login link (path and query, no origin) for this user in this workspace. */
  issueLogin(login: { workspaceId: number; user: WebUser; conversation: ConversationRef }): Promise<{ path: string; expiresAt: Date }>;
  /** Checks a login link's query (signature, expiry, not used yet) without using it. */
  checkLogin(query: URLSearchParams): Promise<LoginCheck>;
  /** Uses the login link once and starts a session with `role`; the token goes in the cookie. */
  redeem(query: URLSearchParams, role: Role): Promise<{ ok: true; token: string; session: WebSession } | { ok: false; reason: LoginRefusal }>;
  /** The live session of a cookie's token. */
  session(token: string | undefined): Promise<WebSession | undefined>;
  /** Ends a session (logout); false when it was not live. */
  end(token: string): Promise<boolean>;
  readonly sessionTtlMs: number;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const LOGIN_ID = /^[A-Za-z0-9_-]{22}$/;

export interface WebSessionsDeps {
  store: WebSessionStore;
  /** The server secret (DATALABS_WEB_SECRET); a key of its own is derived from it. */
  secret: Buffer;
  now: () => Date;
  loginTtlMs?: number;
  sessionTtlMs?: number;
}

export function createWebSessions(deps: WebSessionsDeps): WebSessions {
  if (deps.secret.length < 16) throw new Error('web secret must be at least 16 bytes');
  const key = crypto.createHmac('sha256', deps.secret).update('datalabs web logins v1').digest();
  const loginTtlMs = deps.loginTtlMs ?? DEFAULT_LOGIN_TTL_MS;
  const sessionTtlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const mac = (id: string, ws: string, exp: string) => crypto.createHmac('sha256', key).update(`l1\n${id}\n${ws}\n${exp}`).digest('base64url');

  /** Signature and expiry of the link itself; the store says whether it is known and unused. */
  function parse(query: URLSearchParams, now: Date): { ok: true; id: string; workspaceId: number } | { ok: false; reason: LoginRefusal } {
    const id = query.get('id');
    const ws = query.get('w');
    const exp = query.get('exp');
    const sig = query.get('sig');
    if (!id || !LOGIN_ID.test(id) || !ws || !/^\d{1,15}$/.test(ws) || !exp || !/^\d{1,12}$/.test(exp) || !sig || !TOKEN.test(sig)) return { ok: false, reason: 'malformed' };
    if (!crypto.timingSafeEqual(Buffer.from(mac(id, ws, exp)), Buffer.from(sig))) return { ok: false, reason: 'bad_signature' };
    if (Number(exp) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, id, workspaceId: Number(ws) };
  }

  async function checkLogin(query: URLSearchParams): Promise<LoginCheck> {
    const now = deps.now();
    const p = parse(query, now);
    if (!p.ok) return p;
    const login = await deps.store.getLogin(sha256(p.id));
    if (!login || login.workspaceId !== p.workspaceId) return { ok: false, reason: 'unknown' };
    if (login.usedAt) return { ok: false, reason: 'used' };
    if (login.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, login };
  }

  return {
    sessionTtlMs,
    async issueLogin({ workspaceId, user, conversation }) {
      const now = deps.now();
      const id = crypto.randomBytes(16).toString('base64url');
      // Whole seconds, so the link's exp and the stored expiry agree.
      const expiresAt = new Date(Math.floor((now.getTime() + loginTtlMs) / 1000) * 1000);
      // The reply handle answers one message only: never kept.
      const { replyHandle: _once, ...where } = conversation;
      await deps.store.addLogin(sha256(id), { workspaceId, user, conversation: where, createdAt: now, expiresAt });
      const exp = String(expiresAt.getTime() / 1000);
      return { path: `/login?id=${id}&w=${workspaceId}&exp=${exp}&sig=${mac(id, String(workspaceId), exp)}`, expiresAt };
    },
    checkLogin,
    async redeem(query, role) {
      const check = await checkLogin(query);
      if (!check.ok) return check;
      const now = deps.now();
      const token = crypto.randomBytes(32).toString('base64url');
      const session: WebSession = {
        workspaceId: check.login.workspaceId,
        user: check.login.user,
        conversation: check.login.conversation,
        role,
        csrfToken: crypto.randomBytes(32).toString('base64url'),
        createdAt: now,
        expiresAt: new Date(now.getTime() + sessionTtlMs),
      };
      // Two redeems racing: the store lets one through.
      if (!(await deps.store.redeemLogin(sha256(query.get('id')!), now, { tokenHash: sha256(token), ...session }))) return { ok: false, reason: 'used' };
      return { ok: true, token, session };
    },
    async session(token) {
      if (!token || !TOKEN.test(token)) return undefined;
      return deps.store.getSession(sha256(token), deps.now());
    },
    async end(token) {
      if (!TOKEN.test(token)) return false;
      return deps.store.endSession(sha256(token), deps.now());
    },
  };
}

/** Constant-time comparison of a form's CSRF token with the session's. */
export function csrfMatches(session: WebSession, sent: string | null | undefined): boolean {
  if (!sent || sent.length !== session.csrfToken.length) return false;
  return crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrfToken));
}
