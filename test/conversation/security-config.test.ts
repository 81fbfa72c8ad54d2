/** The security settings are validated at start: one line naming the variable, never echoing a secret. */
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';

const load = (env: Record<string, string>) => loadConfig({ DATALABS_DATA_DIR: '/tmp/dl-config-test', ...env }, { readDotenv: false });
const fails = (env: Record<string, string>) => {
  try {
    load(env);
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected a CONFIG_INVALID error');
};

describe('security settings', () => {
  it('defaults to invite-only setup with no allow-lists', () => {
    const c = load({});
    expect(c.setup).toEqual({ mode: 'invite', slackTeams: undefined, discordGuilds: undefined, telegramChats: undefined });
    expect(c.secretKey).toBeUndefined();
  });

  it('reads the setup mode and the team / guild / chat allow-lists', () => {
    const c = load({ DATALABS_SETUP: 'open', DATALABS_SETUP_SLACK_TEAMS: 'T1, T2', DATALABS_SETUP_DISCORD_GUILDS: '123', DATALABS_SETUP_TELEGRAM_CHATS: '-100777,-100888' });
    expect(c.setup).toEqual({ mode: 'open', slackTeams: ['T1', 'T2'], discordGuilds: ['123'], telegramChats: ['-100777', '-100888'] });
  });

  it('refuses malformed values in one line naming the variable', () => {
    expect(fails({ DATALABS_SETUP: 'everyone' }).message).toMatch(/^DATALABS_SETUP: /);
    expect(fails({ DATALABS_SETUP_TELEGRAM_CHATS: '-100777;drop' }).message).toMatch(/^DATALABS_SETUP_TELEGRAM_CHATS: must be a comma-separated list/);
    expect(fails({ DATABASE_OWNER_URL: 'mysql://x' }).message).toMatch(/^DATABASE_OWNER_URL: /);
    for (const e of [fails({ DATALABS_SETUP: 'x' }), fails({ DATALABS_SECRET_KEY: 'short' })]) {
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.message).not.toContain('\n');
    }
  });

  it('takes a 32-byte secret key as base64 or hex, and never echoes a bad one', () => {
    const key = crypto.randomBytes(32);
    expect(load({ DATALABS_SECRET_KEY: key.toString('base64') }).secretKey).toEqual(key);
    expect(load({ DATALABS_SECRET_KEY: key.toString('hex') }).secretKey).toEqual(key);
    expect(load({ DATALABS_SECRET_KEY: key.toString('base64url') }).secretKey).toEqual(key);
    const bad = 'c2VjcmV0LWJ1dC10b28tc2hvcnQ=';
    const err = fails({ DATALABS_SECRET_KEY: bad });
    expect(err.message).toMatch(/^DATALABS_SECRET_KEY: must be 32 bytes/);
    expect(err.message).not.toContain(bad);
    expect(fails({ DATALABS_SECRET_KEY: crypto.randomBytes(16).toString('hex') }).message).toMatch(/^DATALABS_SECRET_KEY/);
  });
});
