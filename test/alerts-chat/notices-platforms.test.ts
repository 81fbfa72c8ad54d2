/**
 * Engine-fired notices on every platform, end to end: one rule per platform
 * fires through the real engine (scripted clock, chDB, PGlite), its notice is
 * posted by the real Slack / Telegram / Discord adapter to the platform's fake
 * with its chart and buttons, and a person presses Acknowledge and Snooze 1h
 * on that notice in the fake: the press goes back through the same adapter and
 * the inbound pipeline to the chat core, the notice is edited in place (chart
 * kept) and the silence lands in the lifecycle's state, so the repeat that
 * was due is not sent.
 */
// discord.js before @slack/bolt: the other order breaks discord.js's inspect at load under vitest.
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionId, ChatMessage } from '../../bot/contracts/chat.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { createDelivery } from '../../bot/core/conversation/create-delivery.ts';
import { createAlerting, type Alerting } from '../../bot/app/create-alerting.ts';
import { silencedBy } from '../../alerts/lifecycle/index.ts';
import { TEST_END_DATE } from '../support/test-app.ts';
import type { TestApp } from '../support/test-app.ts';
import { observe as slackObserve, press as slackPress, startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import { createTelegramHarness, GROUP_CHAT, type TelegramHarness } from '../adapters/telegram-harness.ts';
import type { Observed } from '../adapters/contract.ts';

const T0 = Date.parse('2025-07-01T00:00:00Z');
const MIN = 60_000;
const SLACK_CHANNEL = 'C0ALERTS';

let app: App;
let dataDir: string;
let alerting: Alerting;
let slack: SlackRig;
let telegram: TelegramHarness;
let discord: DiscordHarness;
let clock = T0;
const ruleIds: Record<'slack' | 'telegram' | 'discord', string> = { slack: '', telegram: '', discord: '' };

async function advance(t: number): Promise<void> {
  while (clock < t) {
    clock = Math.min(t, clock + 5_000);
    await alerting.runUntil(clock);
  }
}

const sql = (n: number) =>
  `SELECT toStartOfMinute(order_time) AS t, countIf(status = 'refunded') AS v FROM demo.orders WHERE order_time >= {from} AND order_time < {to} AND quantity = ${n} GROUP BY t ORDER BY t`;

/** A workspace bound to the conversation `m` came from, its sender as admin, and a rule there sending to `receiver`. */
async function ruleFor(m: ChatMessage, name: string, receiver: string, quantity: number): Promise<string> {
  const ctx = await app.workspaces!.ensureWorkspace(m.conversation, m.user, `ws-${name}`);
  const spec = { name, query: sql(quantity), condition: 'above 3', every: '1m', receivers: [receiver] };
  const r = await app.store!.alerts.insert({ workspaceId: ctx.workspace.id, name, spec, sourceFile: null, createdBy: `${m.conversation.platform}:${m.user.id}` });
  return String(r.id);
}

let orderId = 910_000_000;
async function orders(minute: number, refunded: number, quantity: number): Promise<void> {
  const at = new Date(T0 + minute * MIN + 7_000).toISOString().slice(0, 19).replace('T', ' ');
  const rows = Array.from({ length: refunded }, () => `(${orderId++}, '${at}', 1, 1, 'books', 'US', 'organic', 'mobile', ${quantity}, 10, 'refunded')`);
  await app.warehouse.admin.command(`INSERT INTO demo.orders (order_id, order_time, user_id, product_id, category, country, channel, device, quantity, revenue, status) VALUES ${rows.join(', ')}`);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-alert-notices-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', DATALABS_SETUP: 'open' }, { readDotenv: false });
  // The chat core's "now" (silences start and end from it) is when people press, 3 minutes into the episode.
  app = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: new Date(T0 + 3 * MIN), metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  const testApp = app as TestApp;

  slack = await startSlackRig({ app, logger: app.logger });
  telegram = createTelegramHarness('polling', { chat: GROUP_CHAT, memory: app.store!.adapterMemory });
  await telegram.start(testApp);
  discord = createDiscordHarness();
  await discord.start(testApp);

  // Each platform's conversation, as its adapter reports it, becomes a workspace with a rule notifying it.
  await slack.command('/datalabs', 'help', { channelId: SLACK_CHANNEL });
  await slack.settle();
  ruleIds.slack = await ruleFor(slack.received[slack.received.length - 1], 'refunds-slack', `slack:${slack.fake.teamId}/${SLACK_CHANNEL}`, 101);
  await telegram.say('/help');
  ruleIds.telegram = await ruleFor(telegram.received[telegram.received.length - 1], 'refunds-telegram', `telegram:${GROUP_CHAT.id}`, 102);
  await discord.help();
  ruleIds.discord = await ruleFor(discord.received[discord.received.length - 1], 'refunds-discord', `discord:${discord.fake.general.id}`, 103);

  for (let m = 0; m < 20; m++) for (const q of [101, 102, 103]) await orders(m, 5, q);

  alerting = await createAlerting(app, {
    adapters: [slack.adapter, telegram.adapter, discord.adapter],
    manual: true,
    now: () => clock,
    env: {},
    email: null,
    webhooks: {},
    timings: { groupWaitMs: 30_000, groupIntervalMs: MIN, repeatIntervalMs: 5 * MIN },
    chatDelivery: createDelivery({ logger: app.logger, attempts: 1 }),
    outbox: { baseBackoffMs: 5_000, leaseMs: 60_000 },
    chartPeriods: 12,
  });
  await alerting.engine.reconcile(clock);
}, 180_000);

afterAll(async () => {
  await alerting?.close();
  await slack?.close();
  await telegram?.stop();
  await discord?.stop();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('an engine-fired notice on Slack, Telegram and Discord, acted on from there', () => {
  let slackNotice: Observed;
  let telegramNotice: Observed;
  let discordNotice: Observed;

  const telegramNotices = () => telegram.fake.chatMessages(GROUP_CHAT.id).filter((m) => m.from === 'bot' && !m.deleted && /FIRING|RESOLVED/.test(m.caption ?? m.text ?? ''));
  const discordNotices = () => discord.fake.channelMessages(discord.fake.general.id).filter((m) => m.author.id === discord.fake.bot.id && m.embeds.some((e) => /FIRING|RESOLVED/.test(`${e.title ?? ''} ${e.description ?? ''}`)));
  const slackNotices = () => slack.fake.messages.filter((m) => m.channel === SLACK_CHANNEL && m.user === slack.fake.botUserId && /FIRING|RESOLVED/.test(m.text));

  it('posts each notice with its chart and the six buttons', async () => {
    await advance(T0 + 3 * MIN);

    expect(slackNotices()).toHaveLength(1);
    slackNotice = slackObserve(slack.fake, slack.fake.messages.indexOf(slackNotices()[0]));
    expect(slackNotice.text).toMatch(/^\*?FIRING: refunds-slack — value 5 vs threshold 3/);
    expect(slackNotice.images).toBe(1);
    expect(slackNotice.buttons).toEqual(['alert_ack', 'alert_snooze_1h', 'alert_snooze_1d', 'alert_mute', 'alert_resolve', 'alert_show_sql']);

    const tg = telegramNotices();
    expect(tg).toHaveLength(1);
    expect(tg[0].photo).toBeDefined();
    expect(tg[0].caption).toMatch(/^FIRING: refunds-telegram — value 5 vs threshold 3/);
    const tgButtons = (tg[0].replyMarkup?.inline_keyboard.flat() ?? []).map((b) => String(b.callback_data).split(':')[0]);
    expect(tgButtons).toEqual(['alert_ack', 'alert_snooze_1h', 'alert_snooze_1d', 'alert_mute', 'alert_resolve', 'alert_show_sql']);
    telegramNotice = { text: tg[0].caption ?? '', images: 1, buttons: tgButtons as ActionId[], files: [], messages: 1, handle: { chatId: tg[0].chatId, messageId: tg[0].messageId, keyboard: tg[0].replyMarkup } };

    const dc = discordNotices();
    expect(dc).toHaveLength(1);
    discordNotice = discord.observe(discord.fake.general.id, [...discord.fake.messages.values()].indexOf(dc[0]));
    expect(discordNotice.text).toMatch(/FIRING: refunds-discord — value 5 vs threshold 3/);
    expect(discordNotice.images).toBe(1);
    expect(dc[0].embeds.some((e) => e.image?.url === 'attachment://chart.png')).toBe(true);
    expect(discordNotice.buttons).toEqual(['alert_ack', 'alert_snooze_1h', 'alert_snooze_1d', 'alert_mute', 'alert_resolve', 'alert_show_sql']);
  }, 120_000);

  it('Acknowledge, pressed on each platform, edits that notice in place and keeps its chart', async () => {
    const slackSeen = await slackPress(slack, slackNotice, 'alert_ack');
    expect(slackSeen.text).toMatch(/Acknowledged by .* at 2025-07-01 00:03 UTC/);
    const slackEdited = slack.fake.messages.find((m) => m.ts === (slackNotice.handle as { ts: string }).ts)!;
    expect(slackEdited.text).toMatch(/^FIRING: refunds-slack[\s\S]*Acknowledged by /);
    expect(slack.fake.messages.filter((m) => m.files.length && m.threadTs === slackEdited.ts)).toHaveLength(1); // the chart, not uploaded again

    const tgSeen = await telegram.press(telegramNotice, 'alert_ack');
    expect(tgSeen.text).toMatch(/^Acknowledged by ada at 2025-07-01 00:03 UTC/);
    const tg = telegramNotices();
    expect(tg).toHaveLength(1);
    expect(tg[0].photo).toBeDefined();
    expect(tg[0].edited).toBe(1);
    expect(tg[0].caption).toMatch(/^FIRING: refunds-telegram[\s\S]*Acknowledged by .* at 2025-07-01 00:03 UTC/);
    expect(tg[0].replyMarkup?.inline_keyboard.flat()).toHaveLength(6);

    const dcSeen = await discord.press!(discordNotice, 'alert_ack');
    expect(dcSeen.text).toMatch(/^Acknowledged by Ada at 2025-07-01 00:03 UTC/);
    const dc = discord.fake.messages.get((discordNotice.handle as { id: string }).id)!;
    const dcText = dc.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`).join('\n');
    expect(dcText).toMatch(/Acknowledged by .* at 2025-07-01 00:03 UTC/);
    // The edit carries no file: the chart attached to the notice stays.
    expect(dc.attachments.filter((a) => a.content_type.startsWith('image/'))).toHaveLength(1);

    for (const [platform, id] of Object.entries(ruleIds)) {
      const kept = await app.store!.adapterMemory.get(`alerts:ack:${id}:${(await alerting.stateStore.loadSeries(id))[0].fingerprint}`);
      expect(kept, platform).toMatch(/"name"/);
    }
  }, 60_000);

  it('Snooze 1h, pressed on each platform, silences that series in the lifecycle: the repeat due at 5 minutes is not sent', async () => {
    const seen = [await slackPress(slack, slackNotice, 'alert_snooze_1h'), await telegram.press(telegramNotice, 'alert_snooze_1h'), await discord.press!(discordNotice, 'alert_snooze_1h')];
    for (const s of seen) expect(s.text).toMatch(/Snoozed 1h by .* until 2025-07-01 01:03 UTC/);

    const silences = await alerting.stateStore.listSilences();
    expect(silences).toHaveLength(3);
    for (const id of Object.values(ruleIds)) {
      const [series] = await alerting.stateStore.loadSeries(id);
      expect(series.state).toBe('firing');
      expect(silencedBy(silences, series.labels, clock)).toHaveLength(1);
    }
    expect(silences.every((s) => s.endsAt === T0 + 63 * MIN)).toBe(true);

    const before = { slack: slackNotices().length, telegram: telegramNotices().length, discord: discordNotices().length };
    await advance(T0 + 12 * MIN);
    // Still firing (5 refunds a minute), past repeat_interval: nothing reaches any platform while snoozed.
    expect({ slack: slackNotices().length, telegram: telegramNotices().length, discord: discordNotices().length }).toEqual(before);
    expect((await alerting.stateStore.listOutbox()).filter((r) => r.notification.kind === 'repeat')).toEqual([]);
  }, 120_000);
});
