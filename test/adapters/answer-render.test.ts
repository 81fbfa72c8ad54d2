/**
 * One answer with a percent, a currency and a month that is not over yet, rendered
 * for every platform: each shows 13.0%, $123,672.86 and "Jun 2025 (to date)", and the
 * footer's freshness is never later than now.
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../bot/core/answer/index.ts';
import { buildAnswerReply } from '../../bot/core/conversation/build-reply.ts';
import { renderSlackMessage, blocksText } from '../../adapters/slack/format.ts';
import { renderReply } from '../../adapters/telegram/format.ts';
import { renderDiscordReply } from '../../adapters/discord/format.ts';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import { parseTelegramHtml } from '../fakes/telegram/parse-html.ts';

const answer: Answer = {
  title: 'Revenue and refund rate by month',
  sql: 'SELECT month, total_revenue, refund_rate FROM …',
  columns: [
    { name: 'month', type: 'Date', displayName: 'Month', format: 'date' },
    { name: 'total_revenue', type: 'Float64', displayName: 'Revenue', format: 'currency', unit: 'USD' },
    { name: 'refund_rate', type: 'Float64', displayName: 'Refund rate', format: 'percent' },
  ],
  rows: [
    ['2025-04-01', 123672.86, 0.1296928327645051],
    ['2025-05-01', 147040.05000000002, 0.11095406360424029],
    ['2025-06-01', 61200.5, 0.078],
  ],
  truncated: false,
  tables: ['demo.orders'],
  stats: { rowsRead: 15000, bytesRead: 1, elapsedMs: 3 },
  elapsedMs: 4,
  freshness: '2025-06-30 23:46:19',
  now: '2025-06-15T12:00:00.000Z',
  chart: null,
};

const TABLE = [
  'Month                   Revenue  Refund rate',
  '──────────────────  ───────────  ───────────',
  'Apr 2025            $123,672.86        13.0%',
  'May 2025            $147,040.05        11.1%',
  'Jun 2025 (to date)   $61,200.50         7.8%',
].join('\n');

describe('an answer with formats and a partial month, on every platform', () => {
  const reply = buildAnswerReply(answer, 'ans1');

  it('builds the platform-neutral reply: formatted table, the partial month said, freshness clamped, rows exact', () => {
    expect(reply.table?.text).toBe(TABLE);
    expect(reply.text).toBe('Revenue and refund rate by month — 3 rows\nJun 2025 is to date (through Jun 15).');
    expect(reply.footer).toContain('data up to 2025-06-15 12:00:00');
    expect(reply.footer).not.toContain('2025-06-30');
    expect(reply.table?.rows[1][1]).toBe(147040.05000000002);
  });

  it('slack Block Kit', () => {
    const msg = renderSlackMessage(reply);
    const text = blocksText(msg.blocks);
    expect(text).toContain('Jun 2025 (to date)   $61,200.50         7.8%');
    expect(text).toContain('$123,672.86        13.0%');
    expect(msg.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '```\n' + TABLE + '\n```' } });
  });

  it('telegram HTML', () => {
    const [m] = renderReply(reply);
    const parsed = parseTelegramHtml(m.html);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(m.html).toContain(`<pre>${TABLE}</pre>`);
    expect(parsed.text).toContain('Jun 2025 is to date (through Jun 15).');
  });

  it('discord embed', () => {
    const out = renderDiscordReply(reply);
    expect(out.embeds[0].description).toContain(TABLE);
    expect(out.embeds[0].footer?.text).toContain('data up to 2025-06-15 12:00:00');
  });

  it('console', () => {
    const text = renderReplyText(reply, { color: false });
    expect(text).toContain(TABLE);
    expect(text.split('\n')[1]).toBe('Jun 2025 is to date (through Jun 15).');
  });

  it('states a single currency value and a one-row pair of figures in their formats', () => {
    const one = buildAnswerReply({ ...answer, title: 'Revenue, May 2025', columns: [answer.columns[1]], rows: [[147040.05]] }, 'a');
    expect(one.text).toBe('Revenue, May 2025: $147,040.05');
    const pair = buildAnswerReply({ ...answer, title: 'Revenue and orders', columns: [answer.columns[1], { name: 'orders', type: 'UInt64', displayName: 'Orders', format: 'integer' }], rows: [[1366379.07, 12747]] }, 'a');
    expect(pair.text).toBe('Revenue and orders: Revenue $1,366,379.07 · Orders 12,747');
    expect(blocksText(renderSlackMessage(pair).blocks)).toContain('Revenue $1,366,379.07 · Orders 12,747');
  });

  it('says in one line when a requested chart kind was not drawn', () => {
    const r = buildAnswerReply({ ...answer, chartNote: 'A pie chart does not fit this result (a pie shows parts of one whole, not a series over time), so it is drawn as a line chart.' }, 'a');
    expect(r.text.split('\n')[2]).toMatch(/^A pie chart does not fit this result/);
  });
});

describe('notes under the headline', () => {
  const reply = buildAnswerReply(answer, 'ans1');
  it('slack: the headline bold, the note plain beneath it', () => {
    expect(renderSlackMessage(reply).blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Revenue and refund rate by month — 3 rows*\nJun 2025 is to date (through Jun 15).' } });
  });
  it('discord: the headline is the title, the note opens the description', () => {
    const embed = renderDiscordReply(reply).embeds[0];
    expect(embed.title).toBe('Revenue and refund rate by month — 3 rows');
    expect(embed.description?.startsWith('Jun 2025 is to date (through Jun 15).\n```')).toBe(true);
  });
});
