/**
 * The answer page shows an answer as chat did: the app as `serve` wires it
 * (metadata store, answer pages), questions asked through the chat core, each
 * answer's page opened from its Open link. The page's chart is the chat's
 * chart (its spec draws the very PNG chat posted: titles, axis titles with
 * units, number formats, the chart kind asked for, partial periods), its table
 * is headed by display names and formatted by the semantic model (currency
 * with its unit, percent, integer, dates, incomplete periods marked) while
 * `data-v` and the CSV keep the exact values, and its times are in the
 * workspace's time zone, labelled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_NOW, type TestApp } from '../support/test-app.ts';
import type { ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import type { AnswerPage } from '../../bot/core/web/index.ts';
import { renderAnswerPage } from '../../bot/app/web/answer-html.ts';
import { renderPng } from '../../renderers/index.ts';

const WHERE: ConversationRef = { platform: 'console', workspaceKey: 'console', channelId: 'shop' };
let app: TestApp;
let n = 0;

function say(kind: ChatMessage['kind'], text: string, command?: string): Promise<Reply> {
  const message = { id: `f-${++n}`, kind, text, ...(command ? { command } : {}), conversation: { ...WHERE, threadId: `t${n}` }, user: { id: 'owner', name: 'Owner' }, receivedAt: TEST_NOW } as ChatMessage;
  return app.core.reply(message);
}

/** Asks in chat; returns the reply and its answer page. */
async function ask(question: string): Promise<{ reply: Reply; page: AnswerPage; html: string }> {
  const reply = await say('question', question);
  const link = reply.links?.find((l) => l.label === 'Open');
  if (!link || link.kind !== 'url') throw new Error(`no Open link: ${reply.text}`);
  const url = new URL(link.url);
  const result = await app.web!.pages.open(decodeURIComponent(url.pathname.replace(/^\/a\//, '')), url.searchParams);
  if (result.status !== 'ok') throw new Error(`page not opened: ${JSON.stringify(result)}`);
  return { reply, page: result.page, html: renderAnswerPage(result.page) };
}

/** Every `title` text of a vega-lite spec (chart, axes, legends). */
function titles(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((x) => titles(x, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'title' && typeof v === 'string') out.push(v);
      else if (k === 'title' && v && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string') out.push((v as { text: string }).text);
      titles(v, out);
    }
  }
  return out;
}

const headers = (html: string) => [...html.matchAll(/<th scope="col"[^>]*><button[^>]*>([^<]*)</g)].map((m) => m[1]);
const cells = (html: string, col: number) => [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<td[^>]*data-v="([^"]*)">([^<]*)<\/td>/g)][col]).filter(Boolean).map((m) => ({ raw: m![1], text: m![2] }));

beforeAll(async () => {
  app = await createTestApp({ metadata: true, env: { DATALABS_SETUP: 'open', PUBLIC_URL: 'http://127.0.0.1:9', DATALABS_WEB_SECRET: 'answer-format-secret-0123456789abcdef', DATALABS_WEB_LINKS: 'signed' } });
  expect((await say('command', 'setup Shop', 'datalabs')).text).toMatch(/Shop/);
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

describe('the answer page, formatted as the chat answer', () => {
  it('draws the PNG chat posted (same spec): display names, units and currency ticks, not column names', async () => {
    const { reply, page, html } = await ask('revenue by day last 60 days');
    expect(reply.image?.png).toBeDefined();
    const drawn = titles(page.spec);
    expect(drawn).toEqual(expect.arrayContaining(['Revenue by day, last 60 days', 'Revenue (USD)', 'Day']));
    expect(drawn).not.toContain('total_revenue');
    expect(JSON.stringify(page.spec)).toContain('$');
    expect((await renderPng(page.spec as Parameters<typeof renderPng>[0])).equals(reply.image!.png)).toBe(true);
    expect(page.chartAlt).toBe(reply.image!.alt);
    expect(page.chartAlt).toMatch(/^Line chart of Revenue \(USD\) by Day/);
    // The table: display names, currency cells with the unit's symbol; data-v and the CSV exact.
    expect(headers(html)).toEqual(['Day', 'Revenue']);
    const revenue = cells(html, 1);
    expect(revenue).toHaveLength(60);
    for (const c of revenue) {
      expect(c.text).toMatch(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
      expect(c.raw).toMatch(/^\d+(\.\d+)?(e[+-]?\d+)?$/);
      expect(Number(c.text.replace(/[$,]/g, ''))).toBeCloseTo(Number(c.raw), 2);
    }
    expect(cells(html, 0)[0]).toEqual({ raw: '2025-05-01', text: '2025-05-01' });
    const csv = app.web!.pages.csv(page).data.split('\r\n');
    expect(csv[0]).toBe('day,total_revenue');
    expect(csv[1]).toBe(`2025-05-01,${revenue[0].raw}`);
    expect(csv.join('\n')).not.toContain('$');
    // The provenance names the question's period, as in chat.
    expect(page.footer).toContain(reply.footer!.split(' · ').find((p) => p.startsWith('period: '))!);
  }, 60_000);

  it('marks a partial first week (from the kept period) on the chart and in the table, as in chat', async () => {
    const { reply, page, html } = await ask('revenue by week last 30 days');
    expect((await renderPng(page.spec as Parameters<typeof renderPng>[0])).equals(reply.image!.png)).toBe(true);
    expect(reply.text).toMatch(/Week of .* is partial \(from May 31\)/);
    expect(JSON.stringify(page.spec)).toMatch(/partial/);
    expect(headers(html)).toEqual(['Week', 'Revenue']);
    expect(cells(html, 0)[0]).toEqual({ raw: '2025-05-26', text: '2025-05-26 (partial)' });
    expect(html).toMatch(/<p class="note">Week of .* is partial \(from May 31\)\.<\/p>/);
  }, 60_000);

  it('marks the day still running as to date', async () => {
    const { reply, page, html } = await ask('revenue by day this month');
    expect((await renderPng(page.spec as Parameters<typeof renderPng>[0])).equals(reply.image!.png)).toBe(true);
    expect(cells(html, 0).at(-1)).toEqual({ raw: '2025-06-30', text: '2025-06-30 (to date)' });
  }, 60_000);

  it('keeps the chart kind the question asked for, and formats integers and percentages', async () => {
    const pie = await ask('orders by status as a pie chart');
    expect(JSON.stringify(pie.page.spec)).toMatch(/"arc"/);
    expect((await renderPng(pie.page.spec as Parameters<typeof renderPng>[0])).equals(pie.reply.image!.png)).toBe(true);
    expect(headers(pie.html)).toEqual(['Status', 'Orders']);
    expect(cells(pie.html, 1)[0].text).toMatch(/^\d{1,3}(,\d{3})+$/);
    const rate = await ask('refund rate by month');
    expect((await renderPng(rate.page.spec as Parameters<typeof renderPng>[0])).equals(rate.reply.image!.png)).toBe(true);
    expect(headers(rate.html)).toEqual(['Month', 'Refund rate']);
    for (const c of cells(rate.html, 1)) {
      expect(c.text).toMatch(/^\d+\.\d%$/);
      expect(Number(c.raw)).toBeLessThan(1);
    }
  }, 60_000);

  it("shows its times in the workspace's time zone, labelled (UTC when unset)", async () => {
    const before = await ask('orders by status');
    expect(before.html).toMatch(/Answer asked in console · <time datetime="2025-06-30T18:00:00.000Z">2025-06-30 18:00 UTC<\/time> · link valid until <time [^>]*>2025-07-07 18:00 UTC<\/time>/);
    expect((await say('command', 'admin timezone Europe/Berlin', 'datalabs')).text).toMatch(/Europe\/Berlin/);
    const after = await ask('orders by status');
    expect(after.page.timezone).toBe('Europe/Berlin');
    expect(after.html).toMatch(/Answer asked in console · <time datetime="2025-06-30T18:00:00.000Z">2025-06-30 20:00 Europe\/Berlin<\/time> · link valid until <time [^>]*>2025-07-07 20:00 Europe\/Berlin<\/time>/);
    expect(after.html).toMatch(/Answered 2025-06-30 20:00 Europe\/Berlin · the rows on this page read 2025-06-30 20:00:00 Europe\/Berlin/);
    expect(after.html).not.toMatch(/\bUTC\b/);
  }, 60_000);
});
