/**
 * Telegram end to end: the real app (seeded chDB, guard, answerer, chat
 * core) behind the real telegraf adapter, against the fake Bot API — the
 * adapter contract in long-polling and webhook mode, plus what only
 * Telegram has (limits, HTML escaping, redelivered updates, groups).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../adapters/telegram/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { runAdapterContract } from './contract.ts';
import { createTelegramHarness, GROUP_CHAT, PRIVATE_CHAT, type TelegramHarness } from './telegram-harness.ts';

runAdapterContract('telegram (long polling)', () => createTelegramHarness('polling'));
runAdapterContract('telegram (webhook)', () => createTelegramHarness('webhook'));

describe('telegram with the app', () => {
  let app: TestApp;
  let h: TelegramHarness;

  beforeAll(async () => {
    app = await createTestApp({ scale: 0.01 });
    h = createTelegramHarness('polling');
    await h.start(app);
  });
  afterAll(async () => {
    await h?.stop();
    await app?.dispose();
  });

  it('shows progress, then exactly one answer: the chart with the table in its caption, and buttons', async () => {
    const seen = await h.sql("SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device");
    expect(seen.messages).toBe(1);
    expect(seen.images).toBe(1);
    expect(seen.text).toMatch(/desktop/);
    expect(seen.buttons).toEqual(['show_sql', 'export_csv']);
    // "Working on it…" was posted first and is gone now.
    const progress = h.fake.messages.find((m) => m.text === 'Working on it…');
    expect(progress?.deleted).toBe(true);
  });

  it('escapes data that looks like HTML', async () => {
    const seen = await h.sql("SELECT '<b>Tom & Jerry</b>' AS title, 1 AS n UNION ALL SELECT 'a<c', 2 AS n ORDER BY n");
    expect(seen.text).toContain('<b>Tom & Jerry</b>');
    expect(seen.text).toContain('a<c');
  });

  it('keeps a long result within Telegram\'s limits (the fake rejects anything longer)', async () => {
    const seen = await h.sql("SELECT order_id, country, device, status, repeat('x', 60) AS note FROM demo.orders ORDER BY order_id LIMIT 200");
    expect(seen.messages).toBeGreaterThanOrEqual(1);
    for (const m of seen.mine) {
      if (m.photo) expect((m.caption ?? '').length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
      else expect((m.text ?? '').length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    }
    const rejected = h.fake.calls.filter((c) => c.status !== 200 && c.method !== 'getUpdates');
    expect(rejected.map((c) => `${c.method} ${c.description}`)).toEqual([]);
  });

  it('answers a redelivered update once', async () => {
    const before = h.fake.messages.filter((m) => m.from === 'bot' && !m.deleted).length;
    const first = await h.interact(PRIVATE_CHAT, () => h.fake.userSends(PRIVATE_CHAT, '/sql SELECT 42 AS answer'));
    expect(first.text).toMatch(/\b42\b/);
    const lastUpdate = Math.max(...h.received.map((m) => Number(m.id.split(':')[2])));
    const again = await h.interact(PRIVATE_CHAT, () => {
      h.fake.redeliver(lastUpdate);
      return { updateId: lastUpdate };
    });
    expect(again.messages).toBe(0);
    expect(h.fake.messages.filter((m) => m.from === 'bot' && !m.deleted).length).toBe(before + first.messages);
  });

  it('stays quiet in a group unless addressed, and answers /sql@bot there', async () => {
    const quiet = await h.say('SELECT 1', { chat: GROUP_CHAT });
    expect(quiet.messages).toBe(0);
    const seen = await h.say(`/sql@${h.fake.bot.username} SELECT 7 AS seven`, { chat: GROUP_CHAT });
    expect(seen.text).toMatch(/\b7\b/);
    expect(seen.mine[0].replyTo).toBeDefined();
  });
});
