/** The conversation core on a real app: refinements per thread, buttons, duplicates, delivery. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDelivery } from '../../bot/core/conversation/index.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { PlatformError, type ChatAdapter, type ChatMessage, type ConversationRef, type Reply } from '../../bot/contracts/chat.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

/** A recording in-memory platform: the adapter interface, no SDK. */
function recordingAdapter(opts: { failures?: PlatformError[]; edits?: boolean } = {}) {
  const sent: Reply[] = [];
  const updates: Reply[] = [];
  const failures = [...(opts.failures ?? [])];
  const adapter: ChatAdapter = {
    platform: 'console',
    capabilities: { images: true, buttons: true, threads: true, editMessages: Boolean(opts.edits), files: true },
    async start() {},
    async stop() {},
    async send(to, reply) {
      const f = failures.shift();
      if (f) throw f;
      sent.push(reply);
      return { conversation: to, messageId: String(sent.length) };
    },
    ...(opts.edits ? { update: async (_ref: unknown, reply: Reply) => void updates.push(reply) } : {}),
  };
  return { adapter, sent, updates };
}

let n = 0;
const conv = (threadId?: string): ConversationRef => ({ platform: 'console', workspaceKey: 'w', channelId: 'c', threadId });
const msg = (text: string, threadId?: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  id: `m${++n}`,
  kind: 'question',
  conversation: conv(threadId),
  user: { id: 'u1' },
  text,
  receivedAt: new Date(),
  ...extra,
});

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ scale: 0.01 });
});
afterAll(async () => app?.dispose());

describe('chat core', () => {
  it('refines the previous question in the same thread only', async () => {
    const first = await app.core.reply(msg('sessions by month', 't1'));
    expect(first.error).toBeUndefined();
    expect(first.code?.text).toMatch(/toStartOfMonth/);
    expect(first.code?.text).toMatch(/session_id/);
    const refined = await app.core.reply(msg('now by country', 't1'));
    expect(refined.code?.text).toMatch(/country/);
    expect(refined.code?.text).toMatch(/session_id/);
    const other = await app.core.reply(msg('now by country', 't2'));
    expect(other.code?.text ?? '').not.toMatch(/session_id/);
  });

  it('an answer posted as a new thread keeps its own state there, whatever another answer in the channel wrote meanwhile', async () => {
    // Two top-level messages in one channel answered at once: the first one's post is held until the second one's
    // answer is done, so the second wrote the channel's state last. The first one's new thread must still refine it.
    let release!: () => void, posting!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (posting = resolve));
    let threads = 0;
    const adapter: ChatAdapter = {
      platform: 'console',
      capabilities: { images: true, buttons: true, threads: true, editMessages: false, files: true },
      async start() {},
      async stop() {},
      async send(to, reply) {
        if (/session/i.test(reply.text)) {
          posting();
          await held;
        }
        const threadId = to.threadId ?? `new${++threads}`;
        return { conversation: { ...to, channelId: 'race', threadId }, messageId: threadId };
      },
    };
    const top = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({ ...msg(text, undefined, extra), conversation: { platform: 'console', workspaceKey: 'w', channelId: 'race' } });
    const question = app.core.answer(adapter, top('sessions by month'));
    // The first question's state is written and its answer is being posted; the second is answered (and writes) meanwhile.
    await reached;
    // (Its reply only: its post would queue behind the held one, as sends to one channel go in order.)
    expect((await app.core.reply(top('orders by device'))).error).toBeUndefined();
    release();
    await question;
    expect(threads).toBe(1);
    const refined = await app.core.reply({ ...msg('now by country'), conversation: { platform: 'console', workspaceKey: 'w', channelId: 'race', threadId: 'new1' } });
    expect(refined.error).toBeUndefined();
    expect(refined.code?.text).toMatch(/session_id/);
    expect(refined.code?.text).toMatch(/country/);
  });

  it('answers Show SQL and Export CSV for an earlier answer, and says when it expired', async () => {
    const answer = await app.core.reply(msg("SELECT device, count() AS orders FROM demo.orders GROUP BY device ORDER BY device", undefined, { kind: 'sql' }));
    const id = answer.buttons?.find((b) => b.actionId === 'export_csv')?.value;
    expect(id).toBeTruthy();
    const sql = await app.core.reply(msg('', undefined, { kind: 'action', action: { id: 'show_sql', value: id! } }));
    expect(sql.code?.text).toMatch(/GROUP BY device/);
    const csv = await app.core.reply(msg('', undefined, { kind: 'action', action: { id: 'export_csv', value: id! } }));
    expect(csv.file?.mimeType).toBe('text/csv');
    expect(csv.file?.data.toString().split('\r\n')[0]).toBe('device,orders');
    expect(csv.file?.data.toString()).toMatch(/\r\nmobile,\d+/);
    const gone = await app.core.reply(msg('', undefined, { kind: 'action', action: { id: 'show_sql', value: 'nope' } }));
    expect(gone.error?.code).toBe('NOT_FOUND');
  });

  it('answers a repeated message id once', async () => {
    const { adapter, sent } = recordingAdapter();
    const m = msg('SELECT 1 AS one', undefined, { kind: 'sql' });
    await app.core.handle(adapter, m);
    await app.core.handle(adapter, { ...m });
    expect(sent).toHaveLength(1);
  });

  it('edits one progress message into the answer where the platform can edit', async () => {
    const { adapter, sent, updates } = recordingAdapter({ edits: true });
    await app.core.handle(adapter, msg('SELECT 2 AS two', undefined, { kind: 'sql' }));
    expect(sent.map((r) => r.text)).toEqual(['Working on it…']);
    expect(updates).toHaveLength(1);
    expect(updates[0].text).toMatch(/2/);
  });

  it('turns an internal failure into one line without details', async () => {
    const reply = await app.core.reply(msg('', undefined, { kind: 'command', command: 'frobnicate' }));
    expect(reply.error?.code).toBe('NOT_SUPPORTED');
    expect(reply.text).toMatch(/\/frobnicate/);
  });
});

describe('delivery', () => {
  const logger = createLogger('silent');

  it('retries retryable platform failures, honouring retry-after, and delivers once', async () => {
    const { adapter, sent } = recordingAdapter({
      failures: [new PlatformError('console', 'rate limited', { retryable: true, retryAfterMs: 30 }), new PlatformError('console', '502', { retryable: true })],
    });
    const delivery = createDelivery({ logger, baseDelayMs: 5 });
    const started = Date.now();
    await delivery.send(adapter, conv(), { text: 'hello' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    expect(sent.map((r) => r.text)).toEqual(['hello']);
  });

  it('does not retry a permanent failure and tells the user in one line', async () => {
    const { adapter, sent } = recordingAdapter({ failures: [new PlatformError('console', 'channel_not_found', { retryable: false })] });
    const delivery = createDelivery({ logger, baseDelayMs: 5 });
    await expect(delivery.send(adapter, conv(), { text: 'the answer' })).rejects.toThrow(/channel_not_found/);
    expect(sent).toHaveLength(1);
    expect(sent[0].error?.code).toBe('PLATFORM_ERROR');
  });

  it('paces sends to one channel at the platform rate, in order', async () => {
    const { adapter, sent } = recordingAdapter();
    const delivery = createDelivery({ logger, rates: { console: { cap: 2, intervalMs: 60 } } });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4, 5].map((i) => delivery.send(adapter, conv(), { text: `m${i}` })));
    expect(sent.map((r) => r.text)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    // 5 sends at 2 per 60 ms need at least two full intervals.
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
