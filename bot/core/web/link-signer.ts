/**
 * Signed answer links: an HMAC-SHA256 over (answer id, workspace id, expiry)
 * with a server secret. Holding a valid link is what opens the answer page
 * (`DATALABS_WEB_LINKS=signed`); a changed id, workspace or expiry, or a link
 * past its expiry, does not verify.
 */
import crypto from 'node:crypto';

/** Default lifetime of a link: 7 days. */
export const DEFAULT_LINK_TTL_MS = 7 * 86_400_000;

/** What a link grants: one answer, in one workspace (null: an app without workspaces), until `expiresAt`. */
export interface LinkGrant {
  answerId: string;
  workspaceId: number | null;
  expiresAt: Date;
}

export type LinkCheck = { ok: true; grant: LinkGrant } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export interface LinkSigner {
  /** The query string (`w=…&exp=…&sig=…`, no `?`) that opens `answerId` until now + ttl. */
  sign(answerId: string, workspaceId: number | null, now: Date, ttlMs?: number): string;
  /** Same, for an explicit expiry (tests make expired links with it). */
  signUntil(answerId: string, workspaceId: number | null, expiresAt: Date): string;
  /** Checks a link's query against `answerId` at `now`. */
  verify(answerId: string, query: URLSearchParams, now: Date): LinkCheck;
}

const ANSWER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function createLinkSigner(secret: Buffer, opts: { ttlMs?: number } = {}): LinkSigner {
  if (secret.length < 16) throw new Error('link secret must be at least 16 bytes');
  // A key of its own, derived from the server secret (never the secret itself on the wire's HMAC).
  const key = crypto.createHmac('sha256', secret).update('datalabs web links v1').digest();
  const defaultTtl = opts.ttlMs ?? DEFAULT_LINK_TTL_MS;
  const mac = (answerId: string, ws: string, exp: string) => crypto.createHmac('sha256', key).update(`a1\n${answerId}\n${ws}\n${exp}`).digest('base64url');
  const signUntil = (answerId: string, workspaceId: number | null, expiresAt: Date) => {
    const ws = workspaceId === null ? '-' : String(workspaceId);
    const exp = String(Math.floor(expiresAt.getTime() / 1000));
    return `w=${ws}&exp=${exp}&sig=${mac(answerId, ws, exp)}`;
  };
  return {
    sign: (answerId, workspaceId, now, ttlMs = defaultTtl) => signUntil(answerId, workspaceId, new Date(now.getTime() + ttlMs)),
    signUntil,
    verify(answerId, query, now) {
      const ws = query.get('w');
      const exp = query.get('exp');
      const sig = query.get('sig');
      if (!ANSWER_ID.test(answerId) || !ws || !/^(-|\d{1,15})$/.test(ws) || !exp || !/^\d{1,12}$/.test(exp) || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'malformed' };
      const expected = Buffer.from(mac(answerId, ws, exp));
      if (!crypto.timingSafeEqual(expected, Buffer.from(sig))) return { ok: false, reason: 'bad_signature' };
      const expiresAt = new Date(Number(exp) * 1000);
      if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
      return { ok: true, grant: { answerId, workspaceId: ws === '-' ? null : Number(ws), expiresAt } };
    },
  };
}
