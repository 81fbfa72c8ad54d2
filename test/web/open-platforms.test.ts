/**
 * The Open button through Telegram and Discord: the real adapters (telegraf,
 * discord.js REST) against the fake platforms, a workspace set up from the
 * chat, a question asked there; the answer carries an Open url button
 * (accepted by the fakes' API checks: an inline url button, a Link-style
 * button) whose signed link serves the answer page — and the same link with
 * another answer id gets 403.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTelegramHarness, GROUP_CHAT, type TelegramHarness } from '../adapters/telegram-harness.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createWebRoutes } from '../../bot/app/web/web-routes.ts';
import { createDiscordHarness, type DiscordHarness } from '../fakes/discord/discord-harness.ts';
import type { FakeMessage as DiscordMessage } from '../fakes/discord/fake-discord.ts';

let app: TestApp;
let h: TelegramHarness;
let d: DiscordHarness;
let web: RunningHttpServer;
let baseUrl: string;

beforeAll(async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  baseUrl = `http://127.0.0.1:${port}`;
  app = await createTestApp({ metadata: true, env: { DATALABS_SETUP: 'open', PUBLIC_URL: baseUrl, DATALABS_WEB_SECRET: 'telegram-web-secret-0123456789abcdefghij', DATALABS_WEB_LINKS: 'signed' } });
  web = await startHttpServer({ port, host: '127.0.0.1', routes: createWebRoutes({ web: app.web!, logger: app.logger }), logger: app.logger });
  h = createTelegramHarness('polling', { chat: GROUP_CHAT });
  await h.start(app);
  d = createDiscordHarness();
  await d.start(app);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await d?.stop();
  await web?.close();
  await app?.dispose();
});

describe('the Open button on Telegram', () => {
  it('is an inline url button under the answer, and its link opens the answer page', async () => {
    expect((await h.say('/datalabs setup Shop')).text).toMatch(/Shop/);
    const answer = await h.say('/ask orders by status');
    const buttons = answer.mine.flatMap((m) => m.replyMarkup?.inline_keyboard.flat() ?? []) as Array<{ text: string; url?: string; callback_data?: string }>;
    const open = buttons.find((b) => b.text === 'Open');
    expect(open?.url).toMatch(new RegExp(`^${baseUrl}/a/[A-Za-z0-9_-]{22}\\?w=\\d+&exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    expect(buttons.some((b) => b.callback_data?.startsWith('show_sql:'))).toBe(true);
    const res = await fetch(open!.url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/<h1>[^<]*[Oo]rders[^<]*<\/h1>/);
    expect(html).toContain('<th scope="col"');
    const url = new URL(open!.url!);
    const other = `${baseUrl}/a/${url.pathname.slice(3, -1)}${url.pathname.endsWith('A') ? 'B' : 'A'}${url.search}`;
    expect((await fetch(other)).status).toBe(403);
    // The page runs the SQL again through today's guard: once the workspace no longer allows the database, it says so.
    expect((await h.say('/datalabs admin disallow demo')).text).toMatch(/demo/);
    const refused = await fetch(open!.url!);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toMatch(/demo/);
  }, 120_000);
});

describe('the Open button on Discord', () => {
  it('is a Link-style button above the action buttons, and its link opens the answer page', async () => {
    const setup = d.fake.slashCommand('datalabs', { command: 'setup Guild' });
    await d.handled(setup.id);
    const answer = await d.ask('orders by status');
    const rows = (answer.handle as DiscordMessage).components as unknown as Array<{ components: Array<{ style: number; label: string; url?: string; custom_id?: string }> }>;
    const open = rows[0].components[0];
    expect(open).toMatchObject({ style: 5, label: 'Open' });
    expect(open.custom_id).toBeUndefined();
    expect(answer.buttons).toContain('show_sql');
    const res = await fetch(open.url!);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/<h1>[^<]*[Oo]rders[^<]*<\/h1>/);
  }, 120_000);
});
