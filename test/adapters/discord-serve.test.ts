/**
 * The app built as `datalabs serve` builds it (SERVE_APP_OPTIONS: workspaces, chart workers, charts in memory),
 * answering through the Discord adapter against the fake Discord: the answer carries its chart PNG, and no chart
 * file is written under the data dir (a server would never delete them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// discord.js first: loaded after the app's modules, its inspect dependency fails at import (a pre-existing load-order issue).
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import type { FakeMessage } from '../fakes/discord/fake-discord.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, SERVE_APP_OPTIONS } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { TEST_END_DATE, TEST_NOW, type TestApp } from '../support/test-app.ts';

describe('discord answers under serve', () => {
  let app: TestApp;
  let h: DiscordHarness;

  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-serve-'));
    const config = loadConfig({ DATALABS_DATA_DIR: dataDir, DATALABS_SETUP: 'open', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }, { readDotenv: false });
    const built = await createApp(config, createLogger(config.env.LOG_LEVEL), { ...SERVE_APP_OPTIONS, now: TEST_NOW, pgliteDir: 'memory://' });
    await seedDemo(built.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
    app = Object.assign(built, {
      dataDir,
      async dispose() {
        await built.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    });
    h = createDiscordHarness();
    await h.start(app);
  });
  afterAll(async () => {
    await h?.stop();
    await app?.dispose();
  });

  it('builds the app with chart files off', () => {
    expect(SERVE_APP_OPTIONS.writeCharts).toBe(false);
  });

  it('attaches the chart PNG to the answer and writes no file under <dataDir>/charts', async () => {
    const setup = h.fake.slashCommand('datalabs', { command: 'setup Shop' });
    await h.handled(setup.id);
    const answer = await h.ask('revenue by month');
    expect(answer.images).toBe(1);
    const png = (answer.handle as FakeMessage).attachments.find((a) => a.content_type === 'image/png')!;
    expect(png.data.subarray(1, 4).toString()).toBe('PNG');
    expect(png.data.length).toBeGreaterThan(1000);
    expect(fs.existsSync(path.join(app.dataDir, 'charts'))).toBe(false);
  });
});
