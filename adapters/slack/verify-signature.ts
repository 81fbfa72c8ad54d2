/**
 * Slack request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<body>` with
 * the signing secret, and a timestamp within five minutes of now in either
 * direction (bolt only rejects stale ones; a far-future timestamp would let
 * a captured request be replayed later).
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** How far a request timestamp may be from now, either way. */
export const SIGNATURE_WINDOW_SEC = 5 * 60;

/** The outcome of a signature check, with the reason for a refusal. */
export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const HEX64 = /^v0=[0-9a-f]{64}$/;
const OK: SignatureVerdict = { ok: true };
const MISMATCH: SignatureVerdict = { ok: false, reason: 'signature mismatch' };

/** Signs a body as Slack does (v0 HMAC-SHA256). */
export function signSlackRequest(signingSecret: string, timestampSec: number, body: string | Buffer): string {
  const mac = crypto.createHmac('sha256', signingSecret);
  mac.update(`v0:${timestampSec}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

/** Verifies the v0 signature and the timestamp window of a request. */
export function verifySlackSignature(headers: IncomingHttpHeaders, rawBody: Buffer, signingSecret: string, nowMs: number): SignatureVerdict {
  const tsText = header(headers, 'x-slack-request-timestamp');
  const signature = header(headers, 'x-slack-signature');
  if (!tsText || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(tsText)) return { ok: false, reason: 'malformed timestamp' };
  const ts = Number(tsText);
  if (Math.abs(nowMs / 1000 - ts) > SIGNATURE_WINDOW_SEC) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  // `v0=` and 64 hex digits, compared as the 32 bytes they spell (no hex string of our own per request).
  if (signature.length !== 67 || !signature.startsWith('v0=') || !HEX64.test(signature)) return MISMATCH;
  const mac = crypto.createHmac('sha256', signingSecret);
  mac.update(`v0:${ts}:`);
  mac.update(rawBody);
  if (!crypto.timingSafeEqual(Buffer.from(signature.slice(3), 'hex'), mac.digest())) return MISMATCH;
  return OK;
}
