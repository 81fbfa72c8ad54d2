/**
 * Alert notices to Telegram and Discord while the platforms answer 429 and
 * 5xx for a while: a rule per platform fires for twelve minutes (first notice,
 * repeats, resolved), posted by the real adapters (telegraf against the fake
 * Bot API, discord.js against the fake REST API and gateway) through the
 * alert outbox on a scripted clock. Telegram's `retry_after` (30 s here) and
 * Discord's 429 `retry_after` (2 s; discord.js rejects instead of waiting) are
 * honoured — the outbox does not try again before them — and 500 / 502 are
 * retried with backoff. Counted on the fakes: every notice in the outbox
 * arrives exactly once (0 lost, 0 duplicated): the first notice, its repeats
 * and the resolved notice each posted once.
 */
// discord.js before other SDKs: the other order breaks discord.js's inspect at load under vitest.
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createAlerting, type Alerting } from '../../bot/app/create-alerting.ts';
import type { OutboxRecord } from '../../alerts/lifecycle/index.ts';
import { TEST_END_DATE, type TestApp } from '../support/test-app.ts';
import { createTelegramHarness, GROUP_CHAT, type TelegramHarness } from '../adapters/telegram-harness.ts';

const T0 = Date.parse('2025-07-01T00:00:00Z');
const MIN = 60_000;
const TELEGRAM_RETRY_AFTER_SEC = 30;
const DISCORD_RETRY_AFTER_SEC = 2;

let app: App;
let dataDir: string;
let alerting: Alerting;
let telegram: TelegramHarness;
let discord: DiscordHarness;
let clock = T0;
const ruleIds = { telegram: '', discord: '' };
/** Each retry the outbox planned: the record, the platform's advice, and how long it waits (scripted ms). */
const retries: Array<{ key: string; receiverRule: string; waitMs: number; error: string }> = [];

async function advance(t: number): Promise<void> {
  while (clock < t) {
    clock = Math.min(t, clock + 5_000);
    await alerting.runUntil(clock);
  }
}

const sql = (q: number) =>
  `SELECT toStartOfMinute(order_time) AS t, countIf(status = 'refunded') AS v FROM demo.orders WHERE order_time >= {from} AND order_time < {to} AND quantity = ${q} GROUP BY t ORDER BY t`;

async function ruleFor(m: ChatMessage, name: string, receiver: string, quantity: number): Promise<string> {
  const ctx = await app.workspaces!.ensureWorkspace(m.conversation, m.user, `ws-${name}`);
  const spec = { name, query: sql(quantity), condition: 'above 3', every: '1m', receivers: [receiver] };
  const r = await app.store!.alerts.insert({ workspaceId: ctx.workspace.id, name, spec, sourceFile: null, createdBy: `${m.conversation.platform}:${m.user.id}` });
  return String(r.id);
}

let orderId = 920_000_000;
async function orders(minute: number, refunded: number, quantity: number): Promise<void> {
  const at = new Date(T0 + minute * MIN + 7_000).toISOString().slice(0, 19).replace('T', ' ');
  const rows = Array.from({ length: refunded }, () => `(${orderId++}, '${at}', 1, 1, 'books', 'US', 'organic', 'mobile', ${quantity}, 10, 'refunded')`);
  await app.warehouse.admin.command(`INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES ${rows.join(', ')}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-alert-ratelimits-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open' }, { readDotenv: false });
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: new Date(T0), metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  const testApp = app as TestApp;

  telegram = createTelegramHarness('polling', { chat: GROUP_CHAT, memory: app.store!.adapterMemory });
  await telegram.start(testApp);
  discord = createDiscordHarness();
  await discord.start(testApp);

  await telegram.say('/help');
  ruleIds.telegram = await ruleFor(telegram.received[telegram.received.length - 1], 'refunds-telegram', `telegram:${GROUP_CHAT.id}`, 201);
  await discord.help();
  ruleIds.discord = await ruleFor(discord.received[discord.received.length - 1], 'refunds-discord', `discord:${discord.fake.general.id}`, 202);

  // Twelve minutes of 5 refunds a minute (above 3), then none: first notice, repeats, resolved.
  for (let m = 0; m < 12; m++) for (const q of [201, 202]) await orders(m, 5, q);

  alerting = await createAlerting(app, {
    adapters: [telegram.adapter, discord.adapter],
    manual: true,
    now: () => clock,
    env: {},
    email: null,
    webhooks: {},
    timings: { groupWaitMs: 30_000, groupIntervalMs: MIN, repeatIntervalMs: 5 * MIN },
    // One attempt per pass: every wait is the outbox's, on the scripted clock.
    chatDelivery: createDelivery({ logger: app.logger, attempts: 1 }),
    outbox: { baseBackoffMs: 1_000, leaseMs: 60_000 },
    chartPeriods: 12,
    async onTick(r, now) {
      if (!r.delivery.retrying.length) return;
      const records = new Map((await alerting.stateStore.listOutbox()).map((x) => [x.idempotencyKey, x]));
      for (const key of r.delivery.retrying) {
        const rec = records.get(key)!;
        retries.push({ key, receiverRule: rec.notification.alerts[0]?.ruleId ?? '', waitMs: rec.nextAttemptAt - now, error: rec.lastError ?? '' });
      }
    },
  });
  await alerting.engine.reconcile(clock);
}, 180_000);

afterAll(async () => {
  await alerting?.close();
  await telegram?.stop();
  await discord?.stop();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('notices to Telegram and Discord through 429 and 5xx', () => {
  const telegramNotices = () => telegram.fake.chatMessages(GROUP_CHAT.id).filter((m) => m.from === 'bot' && !m.deleted && /FIRING|RESOLVED/.test(m.caption ?? m.text ?? ''));
  const discordNotices = () =>
    discord.fake.channelMessages(discord.fake.general.id).filter((m) => m.author.id === discord.fake.bot.id && m.embeds.some((e) => /FIRING|RESOLVED/.test(`${e.title ?? ''} ${e.description ?? ''}`)));
  const chatRecords = (records: OutboxRecord[], ruleId: string) => records.filter((r) => r.notification.receiver === 'chat' && r.notification.alerts[0]?.ruleId === ruleId);

  it('0 lost, 0 duplicated; retry_after honoured; 5xx retried with backoff', async () => {
    // Telegram: the first notice (a photo with its chart) rate limited, then two server errors; the next notice rate limited too.
    const tooMany = { status: 429, description: `Too Many Requests: retry after ${TELEGRAM_RETRY_AFTER_SEC}`, retryAfterSec: TELEGRAM_RETRY_AFTER_SEC };
    telegram.fake.failNext('sendPhoto', tooMany);
    telegram.fake.failNext('sendPhoto', { status: 500, description: 'Internal Server Error' });
    telegram.fake.failNext('sendPhoto', { status: 502, description: 'Bad Gateway' });
    telegram.fake.failNext('sendPhoto', { ...tooMany, skip: 1 });
    // Discord: the first message rate limited, then server errors (discord.js retries one itself; the rest reach the outbox).
    const post = /^POST \/channels\/\d+\/messages$/;
    discord.fake.failNext(post, 429, DISCORD_RETRY_AFTER_SEC);
    for (let i = 0; i < 4; i++) discord.fake.failNext(post, 500);

    await advance(T0 + 21 * MIN);
    // Discord's bucket is limited in real time too: let the last retries through.
    for (let i = 0; i < 40 && (await alerting.stateStore.listOutbox()).some((r) => r.status !== 'sent'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await advance(clock + 30_000);
    }

    const records = await alerting.stateStore.listOutbox();
    expect(records.filter((r) => r.status !== 'sent')).toEqual([]);

    const texts = {
      telegram: telegramNotices().map((m) => m.caption ?? m.text ?? ''),
      discord: discordNotices().map((m) => m.embeds.map((e) => `${e.title ?? ''} ${e.description ?? ''}`).join(' ')),
    };
    for (const platform of ['telegram', 'discord'] as const) {
      const mine = chatRecords(records, ruleIds[platform]);
      // First notice, at least one repeat, and the resolved notice — each on the platform once.
      expect(mine.length, platform).toBeGreaterThanOrEqual(3);
      expect(texts[platform], platform).toHaveLength(mine.length);
      expect(texts[platform].filter((t) => /FIRING/.test(t) && !/RESOLVED/.test(t)), platform).toHaveLength(mine.length - 1);
      expect(texts[platform].filter((t) => /RESOLVED/.test(t)), platform).toHaveLength(1);
      expect(mine.some((r) => r.attempts > 1), `${platform}: some were retried`).toBe(true);
    }

    // Telegram: one message (the chart with its caption) per notice — a retried photo is not posted twice.
    const tg = telegramNotices();
    expect(tg.every((m) => m.photo)).toBe(true);
    expect(new Set(tg.map((m) => m.messageId)).size).toBe(tg.length);
    // Discord: one message per notice (no half-sent duplicate after a 5xx).
    const dc = discordNotices();
    expect(new Set(dc.map((m) => m.id)).size).toBe(dc.length);

    // retry_after honoured: after a 429 the outbox waits at least that long (more than its own backoff of 1 s).
    const tgLimited = retries.filter((r) => r.receiverRule === ruleIds.telegram && /429|Too Many Requests/i.test(r.error));
    expect(tgLimited.length).toBeGreaterThanOrEqual(2);
    expect(tgLimited.every((r) => r.waitMs >= TELEGRAM_RETRY_AFTER_SEC * 1000)).toBe(true);
    const dcLimited = retries.filter((r) => r.receiverRule === ruleIds.discord && /rate limited/i.test(r.error));
    expect(dcLimited.length).toBeGreaterThanOrEqual(1);
    expect(dcLimited[0].waitMs).toBeGreaterThanOrEqual(DISCORD_RETRY_AFTER_SEC * 1000 - 250);
    // 5xx: retried with the outbox's backoff (1 s, doubling).
    const serverErrors = retries.filter((r) => /\b50[02]\b|Server Error|Bad Gateway/i.test(r.error));
    expect(serverErrors.length).toBeGreaterThanOrEqual(2);
    expect(serverErrors.every((r) => r.waitMs >= 1_000)).toBe(true);
  }, 240_000);
});
