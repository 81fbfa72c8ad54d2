/**
 * Answer pages end to end in a real browser: the app as `datalabs serve` wires
 * it (metadata store, Slack adapter against the fake Slack, the shared HTTP
 * server with the web routes), a question asked with /ask, the Open button's
 * URL taken from the fake's recorded message and opened in Debian's headless
 * Chromium (playwright-core): the chart draws (canvas) with no console
 * errors, the table sorts and filters, the CSV download equals the rows of the
 * answer's SQL, and expired, tampered and other-workspace links get 403.
 * Screenshots at 1280×800 and 390×844 go to test-artifacts/web/.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import { startSlackRig, type SlackRig } from '../adapters/slack-rig.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { createWebRoutes } from '../../bot/app/web/web-routes.ts';
import { createLinkSigner } from '../../bot/core/web/index.ts';
import { toCsv } from '../../renderers/index.ts';
import type { FakeMessage } from '../fakes/slack/fake-slack.ts';
import { blockActionPayload, interactionBody } from '../fakes/slack/slack-requests.ts';

const CHROMIUM = '/usr/bin/chromium';
const SECRET = 'web-link-secret-for-tests-0123456789abcdef';
const ARTIFACTS = path.resolve('test-artifacts', 'web');

let app: TestApp;
let rig: SlackRig;
let web: RunningHttpServer;
let context: BrowserContext;
let userDataDir: string;
let baseUrl: string;
let openUrl: URL;
let answerId: string;
let answerMessage: FakeMessage;
let workspaceId: number;
const consoleErrors: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The Open button's URL in a Slack message's blocks. */
function openButtonUrl(msg: FakeMessage | undefined): string | undefined {
  const elements = ((msg?.blocks ?? []) as Array<{ type: string; elements?: Array<{ text?: { text: string }; url?: string }> }>).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  return elements.find((e) => e.text?.text === 'Open' && e.url)?.url;
}

async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 403) consoleErrors.push(`${r.status()} ${r.url()}`);
  });
  return page;
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  app = await createTestApp({ metadata: true, env: { DATALABS_SETUP: 'open', PUBLIC_URL: baseUrl, DATALABS_WEB_SECRET: SECRET, DATALABS_WEB_LINKS: 'signed' } });
  expect(app.web).toBeDefined();
  rig = await startSlackRig({ app, logger: app.logger });
  web = await startHttpServer({ port, host: '127.0.0.1', routes: createWebRoutes({ web: app.web!, logger: app.logger }), logger: app.logger });
  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-web-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });

  // The workspace, then a question through the Slack fake.
  let count = rig.received.length + 1;
  expect((await rig.command('/datalabs', 'setup Shop')).status).toBe(200);
  await rig.settle(count, 60_000);
  const from = rig.fake.messages.length;
  count = rig.received.length + 1;
  expect((await rig.command('/ask', 'revenue by day last 60 days')).status).toBe(200);
  await rig.settle(count, 120_000);
  const mine = rig.fake.messages.slice(from).filter((m) => m.user === rig.fake.botUserId);
  answerMessage = mine.find((m) => openButtonUrl(m))!;
  const url = openButtonUrl(answerMessage);
  if (!url) throw new Error(`no Open button on the answer: ${JSON.stringify(mine.map((m) => m.blocks ?? m.text)).slice(0, 800)}`);
  openUrl = new URL(url);
  answerId = decodeURIComponent(openUrl.pathname.replace(/^\/a\//, ''));
  workspaceId = Number(openUrl.searchParams.get('w'));
}, 240_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  await web?.close();
  await rig?.close();
  await app?.dispose();
});

describe('the answer page in a real browser', () => {
  it('is linked from the answer by an Open button under PUBLIC_URL, signed for the answer workspace, valid 7 days', () => {
    expect(openUrl.origin).toBe(baseUrl);
    expect(openUrl.pathname).toMatch(/^\/a\/[A-Za-z0-9_-]{22}$/);
    expect(workspaceId).toBeGreaterThan(0);
    expect(Number(openUrl.searchParams.get('exp')) * 1000).toBe(TEST_NOW.getTime() + 7 * 86_400_000);
  });

  it("Slack's click on the Open button (a block_actions event) is acknowledged and answered with nothing", async () => {
    const before = rig.fake.messages.length;
    const received = rig.received.length;
    const res = await rig.post(interactionBody(blockActionPayload({ channelId: answerMessage.channel, messageTs: answerMessage.ts, threadTs: answerMessage.threadTs, actionId: 'open_link_0', value: '', blocks: answerMessage.blocks })), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(rig.received.length).toBe(received);
    expect(rig.fake.messages.length).toBe(before);
  });

  it('renders the chart with vega-embed (canvas), the full table, the SQL and the provenance, under a strict CSP', async () => {
    const page = await newPage();
    const res = await page.goto(openUrl.href);
    expect(res?.status()).toBe(200);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    await page.waitForSelector('body[data-chart="ready"]', { timeout: 30_000 });
    expect(await page.locator('#chart canvas, #chart svg').count()).toBeGreaterThan(0);
    // The time axis zooms: the wheel over the chart redraws it.
    expect(await page.getAttribute('body', 'data-zoom')).toBe('x');
    const chartBox = page.locator('#chart canvas');
    const before = await chartBox.screenshot();
    const box = (await chartBox.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(300);
    // Away from the chart, so no tooltip is in the picture.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    expect((await chartBox.screenshot()).equals(before)).toBe(false);
    await page.reload();
    await page.waitForSelector('body[data-chart="ready"]', { timeout: 30_000 });
    await page.evaluate('window.scrollTo(0, 0)');
    // Every script is a file of this server (the spec is a JSON data block, never run).
    const scripts = await page.$$eval('script', (els) => els.map((e) => ({ src: e.getAttribute('src'), type: e.getAttribute('type') })));
    expect(scripts.filter((s) => !s.src && s.type !== 'application/json')).toEqual([]);
    expect(scripts.filter((s) => s.src).every((s) => s.src!.startsWith('/web/'))).toBe(true);
    expect(await page.locator('h1').textContent()).toMatch(/revenue/i);
    expect(await page.locator('#sql-text').textContent()).toMatch(/SELECT[\s\S]*FROM/i);
    expect(await page.locator('footer.provenance').textContent()).toMatch(/tables: .*demo\./);
    // The conversation that led to it: the question as asked, from the query history.
    expect(await page.locator('.conversation li q').allTextContents()).toEqual(['revenue by day last 60 days']);
    // 60 days → 60 rows, paged 50 at a time.
    expect(await page.locator('#status').textContent()).toMatch(/^60 rows, showing 1–50/);
    expect(await page.locator('#result tbody tr').count()).toBe(50);
    expect(await page.locator('#result th[scope="col"] button.sort').count()).toBeGreaterThanOrEqual(2);
    // Formatted as the chat answer (the semantic model): display names, currency cells, the PNG's chart titles.
    expect((await page.locator('#result thead th').allTextContents()).map((t) => t.trim())).toEqual(['Day', 'Revenue']);
    expect(await page.locator('#result thead th').nth(1).getAttribute('data-name')).toBe('total_revenue');
    const revenueCells = await page.locator('#result tbody tr td:nth-child(2)').allTextContents();
    expect(revenueCells.every((t) => /^\$\d{1,3}(,\d{3})*\.\d{2}$/.test(t))).toBe(true);
    type Channel = { title?: string; axis?: { title?: string; labelExpr?: string } };
    const spec = JSON.parse((await page.locator('#chart-spec').textContent())!) as { layer?: Array<{ encoding?: Record<string, Channel> }>; encoding?: Record<string, Channel> };
    const enc = spec.layer ? spec.layer[0].encoding! : spec.encoding!;
    expect(enc.y.axis?.title ?? enc.y.title).toBe('Revenue (USD)');
    expect(enc.y.axis?.labelExpr).toContain("'$'");
    expect(enc.x.axis?.title ?? enc.x.title).toBe('Day');
    expect(await page.locator('figcaption').textContent()).toMatch(/^Line chart of Revenue \(USD\) by Day/);
    expect(await page.locator('header .meta').textContent()).toBe('Answer asked in slack · 2025-06-30 18:00 UTC · link valid until 2025-07-07 18:00 UTC');
    expect(await page.locator('label[for="filter"]').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-1280x800.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-1280-full.png'), fullPage: true });
    // A phone opens the page at its own width: the chart is drawn to fit it (labels stay readable).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.waitForSelector('body[data-chart="ready"]', { timeout: 30_000 });
    expect(await page.evaluate("document.querySelector('#chart canvas').getBoundingClientRect().width")).toBeLessThanOrEqual(366);
    await page.screenshot({ path: path.join(ARTIFACTS, 'answer-390x844.png') });
    // On a phone the page does not scroll sideways (the table scrolls in its own box).
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('sorts by a column from its header button (keyboard too), filters, and pages', async () => {
    const page = await newPage();
    await page.goto(openUrl.href);
    const lastCol = (await page.locator('#result thead th').count()) - 1;
    const values = async () => (await page.$$eval(`#result tbody tr td:nth-child(${lastCol + 1})`, (tds) => tds.map((td) => Number(td.getAttribute('data-v')))));
    const header = page.locator('#result thead th').nth(lastCol);
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const asc = await values();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    // Enter on the focused header button sorts the other way.
    await header.locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const desc = await values();
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(desc[0]).toBeGreaterThanOrEqual(asc.at(-1)!);
    // The filter keeps matching rows only.
    const firstDay = (await page.locator('#result tbody tr td').first().textContent())!.trim();
    await page.fill('#filter', firstDay);
    expect(await page.locator('#result tbody tr').count()).toBe(1);
    expect(await page.locator('#status').textContent()).toMatch(/^1 of 60 rows match/);
    await page.fill('#filter', '');
    await page.click('#next');
    expect(await page.locator('#result tbody tr').count()).toBe(10);
    await page.close();
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it('downloads the CSV: the same rows as the answer SQL run again', async () => {
    const page = await newPage();
    await page.goto(openUrl.href);
    const sql = (await page.locator('#sql-text').textContent())!;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const file = await download.path();
    const csv = fs.readFileSync(file!, 'utf8');
    const again = await app.answerer.ask({ text: `/sql ${sql}`, now: TEST_NOW, chart: false });
    expect(again.rows.length).toBe(60);
    expect(csv).toBe(toCsv(again.columns, again.rows));
    // The CSV keeps the column names and exact values (the page shows display names and $).
    expect(csv.split('\r\n')[0]).toBe('day,total_revenue');
    expect(csv).not.toContain('$');
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    // The PNG under the same signature.
    const png = await page.request.get(`${baseUrl}/a/${answerId}.png?${openUrl.searchParams}`);
    expect(png.status()).toBe(200);
    expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');
    // The same spec as the chat's chart: the download is the very PNG posted to Slack.
    const body = await png.body();
    const posted = [...rig.fake.files.values()].filter((f) => f.completed && f.data);
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.some((f) => f.data!.equals(body))).toBe(true);
    await page.close();
  }, 60_000);

  it('answers 403 to an expired, a tampered and an other-workspace link (page and downloads)', async () => {
    const signer = createLinkSigner(Buffer.from(SECRET, 'utf8'));
    const expired = signer.signUntil(answerId, workspaceId, new Date(TEST_NOW.getTime() - 1000));
    const otherWorkspace = signer.sign(answerId, workspaceId + 1, TEST_NOW);
    const sig = openUrl.searchParams.get('sig')!;
    const tampered = new URLSearchParams(openUrl.searchParams);
    tampered.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const longer = new URLSearchParams(openUrl.searchParams);
    longer.set('exp', String(Number(longer.get('exp')) + 86_400));
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    for (const query of [expired, otherWorkspace, tampered.toString(), longer.toString(), '']) {
      for (const suffix of ['', '.csv', '.png']) {
        const res = await page.goto(`${baseUrl}/a/${answerId}${suffix}?${query}`);
        expect(res?.status(), `${suffix} ${query}`).toBe(403);
        expect(await page.locator('h1').textContent()).toBe('403 · Forbidden');
      }
    }
    // A valid signature for another answer id does not open this one.
    const res = await page.goto(`${baseUrl}/a/${answerId.slice(0, -1)}${answerId.endsWith('A') ? 'B' : 'A'}?${openUrl.searchParams}`);
    expect(res?.status()).toBe(403);
    await page.screenshot({ path: path.join(ARTIFACTS, 'forbidden-390x844.png') });
    await page.close();
  }, 60_000);
});
