/**
 * Slack request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<body>` with
 * the signing secret, and a timestamp within five minutes of now in either
 * direction (bolt only rejects stale ones; a far-future timestamp would let
 * a captured request be replayed later).
 */
import crypto from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGNATURE_WINDOW_SEC = 5 * 60;

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function signSlackRequest(signingSecret: string, timestampSec: number, body: string | Buffer): string {
  const mac = crypto.createHmac('sha256', signingSecret);
  mac.update(`v0:${timestampSec}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

export function verifySlackSignature(headers: IncomingHttpHeaders, rawBody: Buffer, signingSecret: string, nowMs: number): SignatureVerdict {
  const tsText = header(headers, 'x-slack-request-timestamp');
  const signature = header(headers, 'x-slack-signature');
  if (!tsText || !signature) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(tsText)) return { ok: false, reason: 'malformed timestamp' };
  const ts = Number(tsText);
  if (Math.abs(nowMs / 1000 - ts) > SIGNATURE_WINDOW_SEC) return { ok: false, reason: 'timestamp outside the 5-minute window' };
  const expected = Buffer.from(signSlackRequest(signingSecret, ts, rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
