import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { renderReplyText } from '../../adapters/console/render-text.ts';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { runAdapterContract, type AdapterHarness, type Observed } from './contract.ts';
import type { TestApp } from '../support/test-app.ts';

function consoleHarness(): AdapterHarness {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d) => (text += d));
  const adapter = createConsoleAdapter({ input, output, interactive: false });
  let waiter: (() => void) | undefined;
  let app: TestApp;
  const say = async (line: string): Promise<Observed> => {
    const start = text.length;
    const done = new Promise<void>((r) => (waiter = r));
    input.write(line + '\n');
    await done;
    const seen = text.slice(start);
    return { text: seen, images: (seen.match(/^chart: /gm) ?? []).length, buttons: [], files: [], messages: 1 };
  };
  return {
    adapter,
    async start(a) {
      app = a;
      await adapter.start(async (m) => {
        await app.core.handle(adapter, m);
        waiter?.();
      });
    },
    ask: (q) => say(q),
    sql: (q) => say(`/sql ${q}`),
    help: () => say('/help'),
    async stop() {
      input.end();
      await adapter.finished;
    },
  };
}

runAdapterContract('console', consoleHarness);

describe('console adapter', () => {
  it('answers each stdin line in order and finishes at EOF (scriptable)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d) => (out += d));
    const adapter = createConsoleAdapter({ input, output, interactive: false });
    const got: ChatMessage[] = [];
    await adapter.start(async (m) => {
      got.push(m);
      await new Promise((r) => setTimeout(r, 5));
      await adapter.send(m.conversation, { text: `echo ${m.text}` });
    });
    input.end('first\n\n/sql SELECT 1\n/help\n/unknown x\nlast\n');
    await adapter.finished;
    expect(got.map((m) => [m.kind, m.text])).toEqual([
      ['question', 'first'],
      ['sql', 'SELECT 1'],
      ['help', ''],
      ['command', 'x'],
      ['question', 'last'],
    ]);
    expect(got[3].command).toBe('unknown');
    expect(out.split('\n').filter(Boolean)).toEqual(['echo first', 'echo SELECT 1', 'echo ', 'echo x', 'echo last']);
    expect(new Set(got.map((m) => m.id)).size).toBe(got.length);
  });

  it('stops at "exit" without reading further lines', async () => {
    const input = new PassThrough();
    const adapter = createConsoleAdapter({ input, output: new PassThrough(), interactive: false });
    const got: string[] = [];
    await adapter.start(async (m) => void got.push(m.text));
    input.write('one\nexit\ntwo\n');
    await adapter.finished;
    expect(got).toEqual(['one']);
  });

  it('renders a reply as headline, table, chart path, SQL and footer', () => {
    const text = renderReplyText(
      {
        text: 'Revenue by month — 2 rows',
        table: { columns: [{ name: 'm', type: 'Date' }], rows: [['2025-01-01'], ['2025-02-01']], text: 'TABLE', moreRows: 0, truncated: false },
        image: { png: Buffer.from('x'), alt: 'Line chart', width: 10, height: 10, path: '/tmp/c.png' },
        code: { language: 'sql', text: 'SELECT 1' },
        footer: 'tables: demo.orders',
      },
      { color: false },
    );
    expect(text.split('\n')).toEqual(['Revenue by month — 2 rows', 'TABLE', 'chart: /tmp/c.png', 'SQL: SELECT 1', 'tables: demo.orders']);
  });

  it('marks errors and omits the SQL line for them', () => {
    const text = renderReplyText({ text: 'only one statement is allowed', error: { code: 'SQL_REJECTED', message: 'x' }, code: { language: 'sql', text: 'DROP' } }, { color: false });
    expect(text).toBe('error: only one statement is allowed');
  });
});
