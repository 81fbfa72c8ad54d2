/**
 * Reply → Telegram HTML: escaping, splitting to the 4096 / 1024 limits, the
 * keyboard, checked with the fake's HTML parser (as strict as Telegram's).
 */
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderReply, TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT, type OutMessage } from '../../adapters/telegram/format.ts';
import { parseCallbackData, parseText } from '../../adapters/telegram/inbound.ts';
import type { Reply } from '../../bot/contracts/chat.ts';
import { parseTelegramHtml } from '../fakes/telegram/parse-html.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function tableReply(rows: number, cell: (i: number) => string, extra: Partial<Reply> = {}): Reply {
  const data = Array.from({ length: rows }, (_, i) => [cell(i), i]);
  return {
    text: `Result — ${rows} rows`,
    table: {
      columns: [{ name: 'name', type: 'String' }, { name: 'n', type: 'UInt32' }],
      rows: data,
      text: ['name | n', ...data.map(([a, b]) => `${a} | ${b}`)].join('\n'),
      moreRows: 0,
      truncated: false,
    },
    code: { language: 'sql', text: 'SELECT name, n FROM t' },
    buttons: [
      { actionId: 'show_sql', label: 'Show SQL', value: 'abc123def456' },
      { actionId: 'export_csv', label: 'Export CSV', value: 'abc123def456' },
    ],
    footer: 'tables: t · 3 rows · read 3 rows in 1 ms',
    ...extra,
  };
}

function visible(m: OutMessage): string {
  const parsed = parseTelegramHtml(m.html);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.text;
}

describe('telegram HTML rendering', () => {
  it('escapes <, > and & so Telegram shows them literally', () => {
    expect(escapeHtml('a < b && c > d <b>')).toBe('a &lt; b &amp;&amp; c &gt; d &lt;b&gt;');
    const [m] = renderReply(tableReply(2, (i) => `<b>x&y</b> ${i}`));
    expect(visible(m)).toContain('<b>x&y</b> 0');
  });

  it('keeps a small answer in one message with the table in <pre> and the keyboard', () => {
    const out = renderReply(tableReply(3, (i) => `row${i}`));
    expect(out).toHaveLength(1);
    expect(out[0].kind).toBe('text');
    expect(out[0].html).toMatch(/^<b>Result — 3 rows<\/b>\n<pre>name \| n/);
    expect(out[0].keyboard?.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(['show_sql:abc123def456', 'export_csv:abc123def456']);
    // The SQL is behind the Show SQL button, not repeated in the answer.
    expect(out[0].html).not.toContain('SELECT');
  });

  it('splits a long table into messages within 4096 characters, each valid HTML, no row lost', () => {
    const reply = tableReply(400, (i) => `customer-${i}-<&>-${'x'.repeat(20)}`);
    const out = renderReply(reply);
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) {
      expect(m.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(visible(m).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    }
    const all = out.map(visible).join('\n');
    for (let i = 0; i < 400; i++) expect(all).toContain(`customer-${i}-<&>-`);
    expect(out.filter((m) => m.keyboard)).toHaveLength(1);
    expect(out[out.length - 1].keyboard).toBeDefined();
  });

  it('cuts a single line longer than a message between characters', () => {
    const long = 'é<'.repeat(5000);
    const out = renderReply({ text: 'Long', code: { language: 'text', text: long } });
    expect(out.length).toBeGreaterThan(1);
    for (const m of out) expect(m.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(out.map(visible).join('').replace(/\n/g, '')).toContain(long.slice(0, 3000));
    expect(out.map(visible).join('\n').split('').filter((c) => c === '<')).toHaveLength(5000);
  });

  it('puts a chart answer that fits into one photo caption', () => {
    const out = renderReply({ ...tableReply(3, (i) => `c${i}`), image: { png: PNG, alt: 'bar chart', width: 800, height: 450 } });
    expect(out).toHaveLength(1);
    expect(out[0].kind).toBe('photo');
    expect(visible(out[0])).toContain('c2 | 2');
    expect(out[0].keyboard).toBeDefined();
  });

  it('keeps the caption within 1024 and sends the rest of a big chart answer as text', () => {
    const out = renderReply({ ...tableReply(20, (i) => `country-${i}-${'y'.repeat(40)}`), image: { png: PNG, alt: 'bar chart', width: 800, height: 450 } });
    expect(out[0].kind).toBe('photo');
    expect(out[0].html.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(visible(out[0])).toContain('Result — 20 rows');
    const rest = out.slice(1).map(visible).join('\n');
    expect(rest).toContain('country-19-');
    expect(out[out.length - 1].keyboard).toBeDefined();
  });

  it('renders the SQL reply as a code block and errors as one warning line', () => {
    const [sql] = renderReply({ text: 'SQL for Orders', code: { language: 'sql', text: 'SELECT 1 < 2' } });
    expect(sql.html).toBe('SQL for Orders\n<pre><code class="language-sql">SELECT 1 &lt; 2</code></pre>');
    const [err] = renderReply({ text: 'only one statement is allowed', error: { code: 'SQL_REJECTED', message: 'only one statement is allowed' } });
    expect(visible(err)).toBe('⚠️ only one statement is allowed');
  });

  it('sends a CSV export as a document with its caption', () => {
    const out = renderReply({ text: 'CSV export: 2 rows', file: { name: 'orders.csv', mimeType: 'text/csv', data: Buffer.from('a,b\n1,2\n') } });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'document', plain: 'CSV export: 2 rows' });
  });

  it('leaves out a button whose callback data would exceed 64 bytes', () => {
    const out = renderReply({ text: 'x', buttons: [{ actionId: 'show_sql', label: 'Show SQL', value: 'v'.repeat(60) }, { actionId: 'export_csv', label: 'CSV', value: 'ok' }] });
    expect(out[0].keyboard?.inline_keyboard.flat().map((b) => b.callback_data)).toEqual(['export_csv:ok']);
  });
});

describe('telegram message parsing', () => {
  const me = { id: 1, username: 'datalabs_bot' };
  const dm = { privateChat: true, replyToBot: false };
  const group = { privateChat: false, replyToBot: false };

  it('treats any private text as a question and reads commands', () => {
    expect(parseText('revenue by month', me, dm)).toEqual({ kind: 'question', text: 'revenue by month' });
    expect(parseText('/sql SELECT 1', me, dm)).toEqual({ kind: 'sql', text: 'SELECT 1' });
    expect(parseText('/sql\nSELECT 1\nFROM t', me, dm)).toEqual({ kind: 'sql', text: 'SELECT 1\nFROM t' });
    expect(parseText('/start', me, dm)).toEqual({ kind: 'help', text: '' });
    expect(parseText('/ask', me, dm)).toEqual({ kind: 'help', text: '' });
    expect(parseText('/alerts', me, dm)).toEqual({ kind: 'command', command: 'alerts', text: '' });
  });

  it('in groups answers only commands, mentions and replies to the bot', () => {
    expect(parseText('revenue by month', me, group)).toBeUndefined();
    expect(parseText('/ask@datalabs_bot revenue', me, group)).toEqual({ kind: 'question', text: 'revenue' });
    expect(parseText('/ask@other_bot revenue', me, group)).toBeUndefined();
    expect(parseText('/weather', me, group)).toBeUndefined();
    expect(parseText('/datalabs setup Shop', me, group)).toEqual({ kind: 'command', command: 'datalabs', text: 'setup Shop' });
    expect(parseText('/history@other_bot', me, group)).toBeUndefined();
    // Every command we offer is ours without @us too: /design, /alert, /report, /usage, /web.
    expect(parseText('/design an events table', me, group)).toEqual({ kind: 'command', command: 'design', text: 'an events table' });
    expect(parseText('/alert refund rate above 10%', me, group)).toEqual({ kind: 'command', command: 'alert', text: 'refund rate above 10%' });
    for (const name of ['report', 'usage', 'web', 'alerts']) expect(parseText(`/${name}`, me, group)).toMatchObject({ kind: 'command', command: name });
    expect(parseText('@DataLabs_Bot top 5 countries', me, group)).toEqual({ kind: 'question', text: 'top 5 countries' });
    expect(parseText('@datalabs_bot /sql SELECT 1', me, group)).toEqual({ kind: 'sql', text: 'SELECT 1' });
    expect(parseText('@datalabs_botty hi', me, group)).toBeUndefined();
    expect(parseText('now by country', me, { privateChat: false, replyToBot: true })).toEqual({ kind: 'question', text: 'now by country' });
  });

  it('reads button data and refuses anything else', () => {
    expect(parseCallbackData('show_sql:abc')).toEqual({ id: 'show_sql', value: 'abc' });
    expect(parseCallbackData('drop_table:abc')).toBeUndefined();
    expect(parseCallbackData(undefined)).toBeUndefined();
  });
});
