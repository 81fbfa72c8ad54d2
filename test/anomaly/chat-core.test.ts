/**
 * Anomalies through the real chat core (the path Slack, Telegram, Discord and
 * the console take): a question gets the insight lines and the band chart; an
 * `/alert … anomaly up by device` is backtested over 30 days and saved.
 * Real chDB (demo data, scale 1), real PGlite in memory, real guard.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationRef } from '../../bot/contracts/chat.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { TEST_END_DATE, TEST_NOW } from '../support/test-app.ts';

let app: App;
let dataDir: string;
let n = 0;
const chan: ConversationRef = { platform: 'slack', workspaceKey: 'TZ', channelId: 'C9' };
const message = (user: string, text: string): ChatMessage => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `z${++n}`, conversation: chan, user: { id: user, name: user }, receivedAt: new Date() };
  return cmd ? { ...base, kind: 'command', command: cmd[1], text: cmd[2] } : { ...base, kind: 'question', text };
};
const say = (user: string, text: string) => app.core.reply(message(user, text));

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-anomaly-chat-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open' }, { readDotenv: false });
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: TEST_NOW, metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 1 });
  await say('U1', '/datalabs setup Shop');
}, 120_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('anomalies in the chat core', () => {
  it('"why did refunds jump on mobile?" replies with the finding, the driver, the table and the band chart', async () => {
    const r = await say('U1', 'why did refunds jump on mobile?');
    expect(r.error).toBeUndefined();
    const lines = r.text.split('\n');
    expect(lines[0]).toMatch(/^Why refunds rose \(mobile\), last 30 days/);
    expect(lines).toContain('1 unusual day in refunds (mobile), last 30 days:');
    expect(r.text).toMatch(/• 2025-06-20: 100 vs \d+ expected \(\+\d+ %\), a level shift up, from then on/);
    expect(r.text).toMatch(/What drove it: device = mobile — mobile refunds \+\d+ %, \d+ % of the rise/);
    expect(r.table?.rows[0]?.[0]).toBe('2025-06-20');
    expect(r.image?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(r.image?.alt).toMatch(/anomalies marked on 2025-06-20/);
  });

  it('/alert refund rate anomaly up by device: backtested (fires on incident C) and saved', async () => {
    const r = await say('U1', '/alert refund rate anomaly up by device every 1d');
    expect(r.error).toBeUndefined();
    expect(r.text).toMatch(/Alert "([^"]+)" saved/);
    expect(r.text).toMatch(/2025-06-20/);
    const ws = (await app.workspaces!.resolve(chan, { id: 'U1' }))!.workspace;
    const stored = await app.store!.alerts.get(ws.id, /Alert "([^"]+)" saved/.exec(r.text)![1]);
    expect(stored?.spec).toMatchObject({ query: 'refund rate', condition: 'anomaly up by device', every: '1d' });
  });
});
