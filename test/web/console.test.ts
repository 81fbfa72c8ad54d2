/**
 * Sign-in from chat and the workspace console, end to end in a real browser
 * (Debian's Chromium via playwright-core), with DATALABS_WEB_LINKS=session
 * (the default): the app as `datalabs serve` wires it, Slack through the real
 * adapter against the fake Slack. `/datalabs web` in Slack posts a Sign in
 * button; its one-time link signs in (the page's POST), a replay gets 403;
 * answer links then need that session (401 without one, 403 for a session of
 * another workspace, made from the console chat); the console searches the
 * history, runs, renames and deletes saved queries (CSRF-checked, audited),
 * and shows members and the audit log to admins only. Screenshots of the
 * answer page and the console at 1280×800 and 390×844 go to test-artifacts/web/.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TEST_END_DATE, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import { startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createWebRoutes } from '../../bot/app/web/web-routes.ts';
import type { FakeMessage } from '../fakes/slack/fake-slack.ts';
import { slashCommandBody } from '../fakes/slack/slack-requests.ts';
import type { ChatMessage } from '../../bot/contracts/chat.ts';

const CHROMIUM = '/usr/bin/chromium';
const SECRET = 'console-web-secret-for-tests-0123456789abcdef';
const ARTIFACTS = path.resolve('test-artifacts', 'web');

let app: TestApp;
let rig: SlackRig;
let web: RunningHttpServer;
let browser: Browser;
let baseUrl: string;
let openUrl: URL;
let shopId: number;
let aliceLogin: string;
const consoleErrors: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A link button's URL (by its label) in a Slack message's blocks. */
function buttonUrl(msg: FakeMessage | undefined, label: string): string | undefined {
  const elements = ((msg?.blocks ?? []) as Array<{ type: string; elements?: Array<{ text?: { text: string }; url?: string }> }>).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  return elements.find((e) => e.text?.text === label && e.url)?.url;
}

/** Sends a slash command as `userId` through the Slack adapter and returns the bot's new messages. */
async function slack(command: string, text: string, userId = 'U0ALICE'): Promise<FakeMessage[]> {
  const from = rig.fake.messages.length;
  const count = rig.received.length + 1;
  const res = await rig.post(slashCommandBody({ command, text, channelId: 'C0DATA', userId, responseUrl: `${rig.fake.url}/commands/T0FAKE/1/abc` }), 'application/x-www-form-urlencoded');
  expect(res.status).toBe(200);
  await rig.settle(count, 120_000);
  return rig.fake.messages.slice(from).filter((m) => m.user === rig.fake.botUserId);
}

/** `/datalabs web` in Slack: the Sign in button's URL, from the ephemeral response (nothing about it in the channel). */
async function signInLink(userId = 'U0ALICE'): Promise<string> {
  const from = rig.fake.responses.length;
  const mine = await slack('/datalabs', 'web', userId);
  expect(JSON.stringify(mine)).not.toContain('/login?');
  const private_ = rig.fake.responses.slice(from);
  expect(private_.map((r) => r.body.response_type)).toEqual(['ephemeral']);
  const url = buttonUrl({ blocks: private_[0].body.blocks } as FakeMessage, 'Sign in');
  if (!url) throw new Error(`no Sign in button: ${JSON.stringify(private_.map((r) => r.body)).slice(0, 600)}`);
  return url;
}

/** A message from the console chat (another workspace, made there). */
async function consoleSays(userId: string, command: string, text: string) {
  const message: ChatMessage = { id: `c-${Math.random()}`, kind: 'command', command, text, conversation: { platform: 'console', workspaceKey: 'console', channelId: 'ops' }, user: { id: userId, name: userId }, receivedAt: TEST_NOW };
  return app.core.reply(message);
}

async function newContext(viewport = { width: 1280, height: 800 }): Promise<BrowserContext> {
  return browser.newContext({ viewport, acceptDownloads: true });
}

function watch(page: Page): Page {
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  return page;
}

/** Signs in with a login link through its page's button; returns the page on the console. */
async function signIn(context: BrowserContext, link: string, screenshot?: string): Promise<Page> {
  const page = watch(await context.newPage());
  const res = await page.goto(link);
  expect(res?.status()).toBe(200);
  if (screenshot) await page.screenshot({ path: path.join(ARTIFACTS, screenshot) });
  await Promise.all([page.waitForURL(/\/w\/\d+$/), page.click('button:has-text("Sign in")')]);
  return page;
}

/** The app as `datalabs serve` builds it (alerts in chat on), over a seeded temp data dir and an in-memory store. */
async function createServeApp(env: Record<string, string>): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-console-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env }, { readDotenv: false });
  const served = await createApp(config, createLogger(config.env.LOG_LEVEL), { now: TEST_NOW, metadata: true, alerts: true, pgliteDir: 'memory://' });
  await seedDemo(served.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  return Object.assign(served, {
    dataDir,
    async dispose() {
      await served.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  app = await createServeApp({ DATALABS_SETUP: 'open', PUBLIC_URL: baseUrl, DATALABS_WEB_SECRET: SECRET });
  expect(app.web?.links).toBe('session');
  rig = await startSlackRig({ app, logger: app.logger });
  web = await startHttpServer({ port, host: '127.0.0.1', routes: createWebRoutes({ web: app.web!, logger: app.logger }), logger: app.logger });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // Workspace "Shop" from Slack, two answers, each saved; Bob is a viewer there.
  await slack('/datalabs', 'setup Shop');
  const answer = await slack('/ask', 'revenue by day last 60 days');
  const url = answer.map((m) => buttonUrl(m, 'Open')).find(Boolean);
  if (!url) throw new Error('no Open button on the answer');
  openUrl = new URL(url);
  shopId = Number(openUrl.searchParams.get('w'));
  await slack('/datalabs', 'save daily-revenue');
  await slack('/ask', 'orders by channel');
  await slack('/datalabs', 'save by-channel');
  await slack('/datalabs', 'admin grant U0BOB viewer');
  // An alert rule and a scheduled report, made in chat; the report paused.
  const alert = await slack('/datalabs', 'alert revenue above 1000000 every 1h');
  expect(alert.map((m) => m.text).join('\n')).toMatch(/Alert ".+" saved/);
  const report = await slack('/datalabs', 'report revenue by week every monday 9:00');
  const reportName = /Report "([^"]+)"/.exec(report.map((m) => m.text).join('\n'))?.[1] ?? /"([^"]+)"/.exec(report.map((m) => m.text).join('\n'))?.[1];
  if (reportName) await slack('/datalabs', `alert pause ${reportName}`);
  aliceLogin = await signInLink();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await rig?.close();
  await app?.dispose();
});

describe('sign-in from chat', () => {
  it('/help names /datalabs web and the workspace console\'s address', async () => {
    const help = await slack('/datalabs', 'help');
    const text = help.map((m) => m.text).join('\n');
    expect(text).toContain('/datalabs web');
    expect(text).toContain(`${baseUrl}/w/${shopId}`);
  }, 60_000);


  it('/datalabs web posts a one-time Sign in link under PUBLIC_URL, valid 10 minutes', () => {
    const u = new URL(aliceLogin);
    expect(u.origin).toBe(baseUrl);
    expect(u.pathname).toBe('/login');
    expect(Number(u.searchParams.get('w'))).toBe(shopId);
    expect(Number(u.searchParams.get('exp')) * 1000).toBe(TEST_NOW.getTime() + 10 * 60_000);
  });

  it('answer links need a session: 401 without one', async () => {
    const res = await fetch(openUrl);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('/datalabs web');
    expect((await fetch(`${baseUrl}/w/${shopId}`)).status).toBe(401);
  });

  it('signs in through the link page, sets an HttpOnly SameSite=Lax cookie, and the link then fails on replay', async () => {
    const context = await newContext();
    // A GET of the link (a link preview) does not use it: the page's button does.
    expect((await fetch(aliceLogin)).status).toBe(200);
    const page = await signIn(context, aliceLogin, 'login-1280x800.png');
    expect(new URL(page.url()).pathname).toBe(`/w/${shopId}`);
    expect(await page.locator('h1').textContent()).toBe('Shop');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'dl_session', httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
    // Replayed: the page says so, and a direct POST starts no session.
    const again = await page.goto(aliceLogin);
    expect(again?.status()).toBe(403);
    expect(await page.locator('main p').textContent()).toMatch(/used already/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-replayed-1280x800.png') });
    const post = await fetch(aliceLogin, { method: 'POST', redirect: 'manual' });
    expect(post.status).toBe(403);
    expect(post.headers.get('set-cookie')).toBeNull();
    await context.close();
  }, 60_000);
});

describe('the console and answer pages with a session', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext();
    page = await signIn(context, await signInLink());
  }, 180_000);
  afterAll(async () => context?.close());

  it('opens an answer of its workspace (chart drawn, no console errors); screenshots of the answer page', async () => {
    const answer = watch(await context.newPage());
    const res = await answer.goto(openUrl.href);
    expect(res?.status()).toBe(200);
    await answer.waitForSelector('body[data-chart="ready"]', { timeout: 30_000 });
    expect(await answer.locator('#chart canvas, #chart svg').count()).toBeGreaterThan(0);
    await answer.screenshot({ path: path.join(ARTIFACTS, 'session-answer-1280x800.png') });
    await answer.setViewportSize({ width: 390, height: 844 });
    await answer.reload();
    await answer.waitForSelector('body[data-chart="ready"]', { timeout: 30_000 });
    await answer.screenshot({ path: path.join(ARTIFACTS, 'session-answer-390x844.png') });
    await answer.close();
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('serves the console under a strict CSP, with no scripts, labelled inputs, and every section for an admin', async () => {
    const res = await page.goto(`${baseUrl}/w/${shopId}`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('label[for="q"]').textContent()).toBe('Search history');
    for (const id of ['history', 'saved', 'alerts', 'members', 'audit']) expect(await page.locator(`h2#${id}`).count(), id).toBe(1);
    expect(await page.locator('#members-table tbody tr').count()).toBe(2);
    expect(await page.locator('#audit-table').textContent()).toContain('web.login');
    expect(await page.locator('#saved-table tbody th').allTextContents()).toEqual(['by-channel', 'daily-revenue']);
    // Alert rules with their state: the threshold rule not firing yet, the report paused in chat.
    const rules = await page.locator('#alerts-table tbody tr').allTextContents();
    expect(rules.length).toBe(2);
    expect(rules.find((r) => r.includes('alert'))).toMatch(/normal/);
    expect(rules.find((r) => r.includes('report'))).toMatch(/paused/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-1280x800.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-1280-full.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-390x844.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-390-full.png'), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('searches the history', async () => {
    await page.goto(`${baseUrl}/w/${shopId}`);
    const all = await page.locator('#history-table tbody tr').count();
    expect(all).toBeGreaterThanOrEqual(2);
    await page.fill('#q', 'channel');
    await Promise.all([page.waitForURL(/q=channel/), page.press('#q', 'Enter')]);
    const rows = await page.locator('#history-table tbody tr').allTextContents();
    expect(rows.length).toBe(1);
    expect(rows[0]).toContain('orders by channel');
    expect(await page.locator('#q').inputValue()).toBe('channel');
    await page.fill('#q', 'no such words anywhere');
    await Promise.all([page.waitForURL(/q=no/), page.press('#q', 'Enter')]);
    expect(await page.locator('#history-table').count()).toBe(0);
    expect(await page.locator('#history ~ p, section p').allTextContents()).toContain('Nothing matches.');
  }, 60_000);

  it('searches the whole history in the store, a page at a time, with times in the workspace time zone', async () => {
    // One old entry that matches, then more newer ones than a page (and than the 500 a scan used to read).
    const base = { workspaceId: shopId, memberId: null, platform: 'slack' as const, workspaceKey: 'T0FAKE', channelId: 'C0DATA', threadId: null, userId: 'U0ALICE', userName: 'alice', kind: 'question' as const, origin: 'chat' as const, sql: null, outcome: 'ok' as const, errorCode: null, errorMessage: null, durationMs: 5, rowCount: 1 };
    await app.store!.history.add({ ...base, question: 'needle in an old haystack', createdAt: new Date('2026-01-15T12:00:00Z') });
    for (let i = 0; i < 520; i++) await app.store!.history.add({ ...base, question: `bulk question ${i}`, createdAt: new Date('2026-01-16T12:00:00Z') });
    await page.goto(`${baseUrl}/w/${shopId}?q=${encodeURIComponent('NEEDLE in')}`);
    const found = await page.locator('#history-table tbody tr').allTextContents();
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('needle in an old haystack');
    expect(found[0]).toContain('2026-01-15 12:00');
    expect(await page.locator('#history-table thead').textContent()).toContain('When (UTC)');
    // LIKE wildcards are taken literally.
    await page.goto(`${baseUrl}/w/${shopId}?q=${encodeURIComponent('needle%old')}`);
    expect(await page.locator('#history-table').count()).toBe(0);
    // Pages of 50, newest first, until the last.
    await page.goto(`${baseUrl}/w/${shopId}?q=bulk`);
    const seen: string[] = [];
    for (let pages = 0; pages < 20; pages++) {
      seen.push(...(await page.locator('#history-table tbody td.wrap').allTextContents()));
      const older = page.locator('a[rel="next"]');
      if ((await older.count()) === 0) break;
      await Promise.all([page.waitForURL(/before=\d+/), older.click()]);
      expect(await page.locator('#q').inputValue()).toBe('bulk');
    }
    expect(seen).toHaveLength(520);
    expect(new Set(seen).size).toBe(520);
    expect(seen[0]).toBe('bulk question 519');
    expect(seen.at(-1)).toBe('bulk question 0');
    await page.locator('#history-table').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-history-last-page-1280x800.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.pager').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-history-last-page-390x844.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    // The workspace's time zone, set in chat: every time on the console is shown and labelled in it.
    await slack('/datalabs', 'admin timezone Europe/Berlin');
    await page.goto(`${baseUrl}/w/${shopId}?q=needle`);
    expect(await page.locator('#history-table thead').textContent()).toContain('When (Europe/Berlin)');
    expect(await page.locator('#history-table tbody tr').first().textContent()).toContain('2026-01-15 13:00');
    expect(await page.locator('header .zone').textContent()).toBe('times in Europe/Berlin');
    expect(await page.locator('#audit-table thead').textContent()).toContain('When (Europe/Berlin)');
  }, 120_000);

  it('pauses, resumes and deletes alert rules with chat\'s checks and audit rows', async () => {
    await page.goto(`${baseUrl}/w/${shopId}`);
    const alertRow = page.locator('#alerts-table tbody tr', { hasText: 'alert' }).filter({ hasNotText: 'report' });
    const name = (await alertRow.getAttribute('data-rule'))!;
    await Promise.all([page.waitForLoadState(), alertRow.locator('button:has-text("Pause")').click()]);
    expect(await page.locator('.flash').textContent()).toBe(`Paused alert "${name}".`);
    expect(await page.locator(`#alerts-table tr[data-rule="${name}"]`).textContent()).toMatch(/paused/);
    expect((await app.store!.alerts.get(shopId, name))?.state).toBe('paused');
    await Promise.all([page.waitForLoadState(), page.locator(`#alerts-table tr[data-rule="${name}"] button:has-text("Resume")`).click()]);
    expect(await page.locator('.flash').textContent()).toBe(`Resumed alert "${name}".`);
    expect((await app.store!.alerts.get(shopId, name))?.state).toBe('active');
    const report = page.locator('#alerts-table tbody tr', { hasText: 'report' });
    const reportName = (await report.getAttribute('data-rule'))!;
    await Promise.all([page.waitForLoadState(), report.locator('button:has-text("Delete")').click()]);
    expect(await page.locator('.flash').textContent()).toMatch(new RegExp(`^Deleted alert "${reportName}"`));
    expect(await app.store!.alerts.get(shopId, reportName)).toBeUndefined();
    expect(await page.locator('#alerts-table tbody tr').count()).toBe(1);
    const audit = (await app.store!.audit.latest(shopId, { limit: 20 })).filter((e) => e.action.startsWith('alert.'));
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['alert.pause', 'alert.resume', 'alert.delete']));
    expect(audit.find((e) => e.action === 'alert.pause')?.actor).toBe('slack:U0ALICE');
    // The audit row says where the person acted: the console's rows 'web', the pause sent in chat at setup 'chat'.
    const fromConsole = audit.filter((e) => ['alert.pause', 'alert.resume', 'alert.delete'].includes(e.action) && !(e.action === 'alert.pause' && e.detail?.name === reportName));
    expect(fromConsole.map((e) => `${e.action} ${String(e.detail?.origin)}`).sort()).toEqual(['alert.delete web', 'alert.pause web', 'alert.resume web']);
    expect(audit.find((e) => e.action === 'alert.pause' && e.detail?.name === reportName)?.detail?.origin).toBe('chat');
    // No CSRF token: refused, nothing changes.
    const cookie = (await context.cookies())[0];
    const res = await fetch(`${baseUrl}/w/${shopId}/alerts/pause`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` }, body: `name=${encodeURIComponent(name)}` });
    expect(res.status).toBe(403);
    expect((await app.store!.alerts.get(shopId, name))?.state).toBe('active');
    await page.goto(`${baseUrl}/w/${shopId}#alerts`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-alerts-1280x800.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#alerts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-alerts-390x844.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 120_000);

  it('renames and deletes saved queries (audited), and runs one with a link to its answer page', async () => {
    await page.goto(`${baseUrl}/w/${shopId}`);
    await page.fill('[data-name="daily-revenue"] input[name="to"]', 'revenue-60d');
    await Promise.all([page.waitForLoadState(), page.click('[data-name="daily-revenue"] button:has-text("Rename")')]);
    expect(await page.locator('.flash').textContent()).toBe('Renamed "daily-revenue" to "revenue-60d".');
    expect(await page.locator('#saved-table tbody th').allTextContents()).toEqual(['by-channel', 'revenue-60d']);
    // A taken name is refused in one line.
    await page.fill('[data-name="revenue-60d"] input[name="to"]', 'by-channel');
    await page.click('[data-name="revenue-60d"] button:has-text("Rename")');
    await page.waitForSelector('.error-flash');
    expect(await page.locator('.error-flash').textContent()).toMatch(/exists: pick another name/);
    await page.goto(`${baseUrl}/w/${shopId}`);
    await page.click('[data-name="by-channel"] button:has-text("Delete")');
    await page.waitForSelector('.flash');
    expect(await page.locator('.flash').textContent()).toBe('Deleted saved query "by-channel".');
    expect(await page.locator('#saved-table tbody th').allTextContents()).toEqual(['revenue-60d']);
    expect(await app.store!.saved.get(shopId, 'by-channel')).toBeUndefined();
    // Run: the chat's /run, with the answer page linked.
    await page.click('[data-name="revenue-60d"] button:has-text("Run")');
    await page.waitForSelector('.flash a');
    expect(await page.locator('.flash').textContent()).toMatch(/^saved revenue-60d: /);
    const href = (await page.locator('.flash a').getAttribute('href'))!;
    expect(href.startsWith(`${baseUrl}/a/`)).toBe(true);
    const answer = await context.newPage();
    expect((await answer.goto(href))?.status()).toBe(200);
    await answer.close();
    const actions = (await app.store!.audit.latest(shopId, { limit: 30 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['saved.rename', 'saved.remove', 'web.login', 'web.login_link']));
    expect((await app.store!.history.latest(shopId, { limit: 1 }))[0].origin).toBe('saved');
  }, 120_000);

  it('refuses a form without the session CSRF token, or from another origin', async () => {
    const cookie = (await context.cookies())[0];
    const headers = { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` };
    const noToken = await fetch(`${baseUrl}/w/${shopId}/saved/delete`, { method: 'POST', headers, body: 'name=revenue-60d' });
    expect(noToken.status).toBe(403);
    const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
    const crossSite = await fetch(`${baseUrl}/w/${shopId}/saved/delete`, { method: 'POST', headers: { ...headers, origin: 'https://evil.example' }, body: `name=revenue-60d&csrf=${csrf}` });
    expect(crossSite.status).toBe(403);
    expect(await app.store!.saved.get(shopId, 'revenue-60d')).toBeDefined();
  });

  it('signs out: the session ends', async () => {
    const other = await signIn(await newContext(), await signInLink());
    await Promise.all([other.waitForLoadState(), other.click('button:has-text("Sign out")')]);
    expect(await other.locator('h1').textContent()).toBe('Signed out');
    expect((await other.goto(`${baseUrl}/w/${shopId}`))?.status()).toBe(401);
    await other.context().close();
  }, 120_000);
});

describe('other workspaces and roles', () => {
  it('a session of another workspace gets 403 for this one\'s answers and console', async () => {
    expect((await consoleSays('ops', 'datalabs', 'setup Ops')).text).toMatch(/Workspace "Ops"/);
    const reply = await consoleSays('ops', 'datalabs', 'web');
    const link = reply.links?.[0]?.url;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?/);
    const context = await newContext({ width: 390, height: 844 });
    const page = await signIn(context, link!);
    const opsId = Number(new URL(page.url()).pathname.split('/')[2]);
    expect(opsId).not.toBe(shopId);
    expect((await page.goto(`${baseUrl}/w/${shopId}`))?.status()).toBe(403);
    expect((await page.goto(openUrl.href))?.status()).toBe(403);
    expect((await page.goto(`${baseUrl}/a/${openUrl.pathname.split('/')[2]}.csv${openUrl.search}`))?.status()).toBe(403);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-forbidden-390x844.png') });
    expect((await page.goto(`${baseUrl}/w/${opsId}`))?.status()).toBe(200);
    await context.close();
    const denied = await app.store!.audit.latest(shopId, { action: 'web.denied' });
    expect(denied.length).toBeGreaterThan(0);
  }, 120_000);

  it('a viewer sees history, saved queries and alerts, but not members or the audit log', async () => {
    const context = await newContext();
    const page = await signIn(context, await signInLink('U0BOB'));
    expect(await page.locator('.role').textContent()).toBe('viewer');
    expect(await page.locator('h2#members, h2#audit, #audit-table').count()).toBe(0);
    expect(await page.content()).not.toContain('web.login_link');
    // Viewers run saved queries but neither rename nor delete them.
    expect(await page.locator('#saved-table button:has-text("Run")').count()).toBe(1);
    expect(await page.locator('#saved-table button:has-text("Rename"), #saved-table button:has-text("Delete")').count()).toBe(0);
    const csrf = await page.locator('input[name="csrf"]').first().getAttribute('value');
    const cookie = (await context.cookies())[0];
    const res = await fetch(`${baseUrl}/w/${shopId}/saved/delete`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` }, body: `name=revenue-60d&csrf=${csrf}` });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/only analysts and above can save queries/);
    expect(await app.store!.saved.get(shopId, 'revenue-60d')).toBeDefined();
    // Alerts: no buttons for a rule they did not make; a POST anyway is chat's refusal (403), audited.
    expect(await page.locator('#alerts-table button').count()).toBe(0);
    const rule = (await page.locator('#alerts-table tbody tr').first().getAttribute('data-rule'))!;
    const pause = await fetch(`${baseUrl}/w/${shopId}/alerts/pause`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${cookie.name}=${cookie.value}` }, body: `name=${encodeURIComponent(rule)}&csrf=${csrf}` });
    expect(pause.status).toBe(403);
    expect(await pause.text()).toMatch(/only admins and the alert&#39;s creator can pause|only admins and the alert's creator can pause/);
    expect((await app.store!.alerts.get(shopId, rule))?.state).toBe('active');
    expect((await app.store!.audit.latest(shopId, { action: 'alert.denied' })).length).toBeGreaterThan(0);
    // Their own history only.
    expect(await page.locator('h2#history').textContent()).toMatch(/^Your history/);
    await context.close();
  }, 120_000);
});
