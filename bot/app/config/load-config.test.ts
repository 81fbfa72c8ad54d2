import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseNow } from './load-config.ts';

const noDotenv = { readDotenv: false, cwd: '/srv/app' };

describe('loadConfig', () => {
  it('defaults to the embedded warehouse under ./data', () => {
    const c = loadConfig({}, noDotenv);
    expect(c.warehouse).toEqual({ kind: 'embedded', dataDir: '/srv/app/data' });
    expect(c.chartsDir).toBe('/srv/app/data/charts');
    expect(c.allowedDatabases).toEqual(['demo']);
    expect(c.fixedNow).toBeUndefined();
  });

  it('switches to a ClickHouse server when CLICKHOUSE_URL is set', () => {
    const c = loadConfig({ CLICKHOUSE_URL: 'https://ch.example:8443', CLICKHOUSE_USER: 'bot', CLICKHOUSE_PASSWORD: 's3cret' }, noDotenv);
    expect(c.warehouse).toEqual({ kind: 'server', url: 'https://ch.example:8443', user: 'bot', password: 's3cret', database: undefined });
  });

  it.each([
    [{ CLICKHOUSE_URL: 'ch.example:8123' }, /^CLICKHOUSE_URL: must be a URL/],
    [{ DATALABS_NOW: 'yesterday' }, /^DATALABS_NOW: must be an ISO date-time/],
    [{ PORT: 'eighty' }, /^PORT: /],
    [{ QUERY_TIMEOUT_MS: '-5' }, /^QUERY_TIMEOUT_MS: /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: must be a URL starting with postgres:/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
    [{ DATALABS_ALLOWED_DATABASES: 'demo; DROP' }, /^DATALABS_ALLOWED_DATABASES: /],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set/],
    [{ SLACK_SIGNING_SECRET: 's' }, /^SLACK_BOT_TOKEN: required when SLACK_SIGNING_SECRET is set/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, /^SLACK_APP_TOKEN: must be an app-level token/],
    [{ DISCORD_TOKEN: 't' }, /^DISCORD_APPLICATION_ID: required when DISCORD_TOKEN is set/],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'app' }, /^DISCORD_APPLICATION_ID: must be the numeric application id/],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token' }, /^TELEGRAM_BOT_TOKEN: must look like/],
    [{ TELEGRAM_WEBHOOK_URL: 'https://x.example/hook' }, /^TELEGRAM_BOT_TOKEN: required when/],
    [{ TELEGRAM_BOT_TOKEN: '123:AAFakeTokenForTests_0123456789', TELEGRAM_WEBHOOK_URL: 'http://x.example/hook' }, /^TELEGRAM_WEBHOOK_URL: must be https/],
    [{ REDIS_URL: 'http://redis' }, /^REDIS_URL: /],
    [{ ALERT_WEBHOOK_URL: 'https://hooks.example/x' }, /^ALERT_WEBHOOK_SECRET: required when ALERT_WEBHOOK_URL is set/],
    [{ ALERT_CHANNEL: '#general' }, /^ALERT_CHANNEL: must be slack:/],
    [{ SMTP_URL: 'mail.example:25' }, /^SMTP_URL: must be a URL/],
    [{ ALERT_EMAIL_TO: 'ops@example.com, nobody' }, /^ALERT_EMAIL_TO: must be a comma-separated list/],
  ])('rejects %o with a one-line error naming the variable', (env, re) => {
    try {
      loadConfig(env as NodeJS.ProcessEnv, noDotenv);
      expect.unreachable('should have thrown');
    } catch (err: any) {
      expect(err.code).toBe('CONFIG_INVALID');
      expect(err.message).toMatch(re);
      expect(err.message).not.toContain('\n');
    }
  });

  it('reads .env but lets the real environment win', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-cfg-'));
    fs.writeFileSync(path.join(dir, '.env'), 'DATALABS_DATA_DIR=from-dotenv\nQUERY_TIMEOUT_MS=1234\n');
    const c = loadConfig({ QUERY_TIMEOUT_MS: '999' }, { cwd: dir });
    expect(c.dataDir).toBe(path.join(dir, 'from-dotenv'));
    expect(c.limits.timeoutMs).toBe(999);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ CLICKHOUSE_URL: '' }, noDotenv).warehouse.kind).toBe('embedded');
  });
});

describe('parseNow', () => {
  it('parses ISO times and refuses others in one line', () => {
    expect(parseNow('2025-06-30T18:00:00Z').toISOString()).toBe('2025-06-30T18:00:00.000Z');
    expect(() => parseNow('soon')).toThrow(/--now: expected an ISO date-time/);
  });
});
