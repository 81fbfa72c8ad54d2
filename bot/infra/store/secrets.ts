/**
 * Secrets at rest: a workspace's ClickHouse password is stored encrypted with
 * AES-256-GCM under DATALABS_SECRET_KEY (32 bytes). Format:
 * `v1.<iv>.<tag>.<ciphertext>`, each part base64url. Nothing here logs.
 */
import crypto from 'node:crypto';
import { DatalabsError } from '../../contracts/errors.ts';

export const SECRET_KEY_MISSING =
  'DATALABS_SECRET_KEY is not set: a workspace ClickHouse password is never stored in clear text (set it to 32 random bytes, e.g. `openssl rand -base64 32`)';

export function encryptSecret(plain: string, key: Buffer | undefined): string {
  if (!key) throw new DatalabsError('CONFIG_INVALID', SECRET_KEY_MISSING);
  if (key.length !== 32) throw new DatalabsError('CONFIG_INVALID', 'DATALABS_SECRET_KEY: must be 32 bytes');
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Throws CONFIG_INVALID (one line) without the key, with a wrong key or on a damaged value. */
export function decryptSecret(sealed: string, key: Buffer | undefined): string {
  if (!key) throw new DatalabsError('CONFIG_INVALID', 'DATALABS_SECRET_KEY is not set: cannot read the encrypted ClickHouse password');
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new DatalabsError('CONFIG_INVALID', 'stored ClickHouse password is not in a known encrypted format');
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DatalabsError('CONFIG_INVALID', 'DATALABS_SECRET_KEY does not decrypt the stored ClickHouse password (was the key changed?)');
  }
}
