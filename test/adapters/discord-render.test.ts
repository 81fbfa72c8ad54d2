import { describe, expect, it } from 'vitest';
import type { Reply } from '../../bot/contracts/chat.ts';
import { decodeCustomId, embedLength, encodeCustomId, escapeMarkdown, renderDiscordReply, threadName, DISCORD_LIMITS } from '../../adapters/discord/format.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

function answer(rows: number, width = 10): Reply {
  const lines = Array.from({ length: rows + 2 }, (_, i) => `${String(i).padStart(4)} | ${'x'.repeat(width)}`);
  return {
    text: 'Revenue by country — 20 rows',
    table: { columns: [{ name: 'country', type: 'String' }, { name: 'revenue', type: 'Float64' }], rows: Array.from({ length: Math.min(rows, 20) }, (_, i) => [`C${i}`, i]), text: lines.join('\n'), moreRows: Math.max(0, rows - 20), truncated: false },
    image: { png, alt: 'bar chart of revenue by country', width: 1200, height: 675 },
    code: { language: 'sql', text: 'SELECT country, sum(revenue) FROM demo.orders GROUP BY country' },
    buttons: [
      { actionId: 'show_sql', label: 'Show SQL', value: 'abc123' },
      { actionId: 'export_csv', label: 'Export CSV', value: 'abc123' },
    ],
    footer: 'tables: demo.orders · 20 rows · read 1,000 rows in 12 ms',
  };
}

function withinLimits(p: ReturnType<typeof renderDiscordReply>): void {
  expect(p.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  for (const e of p.embeds) {
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
    expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  }
  for (const row of p.components) {
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  }
}

describe('discord rendering', () => {
  it('renders an answer as one embed with the chart attached and the buttons', () => {
    const p = renderDiscordReply(answer(5));
    withinLimits(p);
    expect(p.embeds).toHaveLength(1);
    expect(p.embeds[0].title).toBe('Revenue by country — 20 rows');
    expect(p.embeds[0].description).toMatch(/^```\n/);
    expect(p.embeds[0].image?.url).toBe('attachment://chart.png');
    expect(p.files.map((f) => f.name)).toEqual(['chart.png']);
    expect(p.embeds[0].fields?.[0].value).toContain('GROUP BY country');
    expect(p.components[0].components.map((b) => b.custom_id)).toEqual(['show_sql:abc123', 'export_csv:abc123']);
  });

  it('keeps a very wide table inside 4096 characters and says how much was cut', () => {
    const p = renderDiscordReply(answer(20, 400));
    withinLimits(p);
    expect(p.embeds[0].description).toMatch(/… \d+ more lines?/);
  });

  it('says how many rows the table does not show', () => {
    const p = renderDiscordReply(answer(45));
    expect(p.embeds[0].description).toContain('25 more rows');
  });

  it('puts text over 2000 characters in an embed, and text over 4096 in a file as well', () => {
    const mid = renderDiscordReply({ text: 'a'.repeat(3000) });
    withinLimits(mid);
    expect(mid.content).toBe('');
    expect(mid.embeds[0].description).toHaveLength(3000);
    const long = renderDiscordReply({ text: 'b'.repeat(9000) });
    withinLimits(long);
    expect(long.files[0].name).toBe('reply.txt');
    expect(long.files[0].attachment.toString()).toHaveLength(9000);
  });

  it('attaches SQL too long for the embed', () => {
    const sql = `SELECT ${Array.from({ length: 800 }, (_, i) => `c${i}`).join(', ')} FROM demo.orders`;
    const p = renderDiscordReply({ text: 'SQL for SQL result', code: { language: 'sql', text: sql } });
    withinLimits(p);
    expect(p.files.map((f) => f.name)).toEqual(['query.sql']);
    expect(p.files[0].attachment.toString()).toBe(sql);
  });

  it('cannot be broken out of its code block by the data', () => {
    const r = answer(2);
    r.table!.text = 'a ``` b\n@everyone';
    const d = renderDiscordReply(r).embeds[0].description!;
    expect(d.match(/```/g)).toHaveLength(2);
  });

  it('shows errors in red with the message, without buttons', () => {
    const p = renderDiscordReply({ text: 'only one statement is allowed', error: { code: 'GUARD_REJECTED', message: 'only one statement is allowed' } });
    expect(p.embeds[0].color).toBe(0xed4245);
    expect(p.embeds[0].description).toContain('only one statement is allowed');
    expect(p.components).toEqual([]);
  });

  it('escapes markdown and defuses mass mentions in headlines', () => {
    expect(escapeMarkdown('a*b_c @everyone')).toBe('a\\*b\\_c @\u200beveryone');
  });

  it('round-trips button ids and refuses unknown ones', () => {
    expect(decodeCustomId(encodeCustomId({ actionId: 'export_csv', value: 'id:with:colons' }))).toEqual({ id: 'export_csv', value: 'id:with:colons' });
    expect(decodeCustomId('drop_table:1')).toBeUndefined();
    expect(decodeCustomId('nocolon')).toBeUndefined();
  });

  it('names threads within 100 characters', () => {
    expect(threadName('x'.repeat(300))).toHaveLength(100);
    expect(threadName('  ')).toBe('Answer');
  });
});
