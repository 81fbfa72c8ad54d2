/** The inbound message log (message_claims) on PostgreSQL and PGlite: a batch recorded in one statement, read back as written. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../contracts/chat.ts';
import type { MetadataStore } from './create-metadata-store.ts';
import { openTestStore, TEST_BACKENDS } from './test-databases.ts';

const T0 = new Date('2026-11-01T12:00:00Z');

const message = (id: string, text: string): ChatMessage => ({
  id,
  kind: 'question',
  conversation: { platform: 'slack', workspaceKey: 'T1', channelId: 'C1', replyHandle: JSON.stringify({ responseUrl: 'https://hooks.slack.com/x', at: 1 }) },
  user: { id: 'U1', name: 'ann "the analyst" \\ o\'brien' },
  teamId: 'T1',
  text,
  receivedAt: T0,
});

describe.each(TEST_BACKENDS)('inbound log on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
  });
  afterAll(async () => close?.());

  it('records a batch in one call, drops keys seen before and a key twice in the batch, and gives each message back as written', async () => {
    const texts = ['revenue "by" country', 'back\\slash and \u00e9t\u00e9 \u{1F4C8}', "it's , [x] {y}", 'line\nbreak\ttab'];
    const items = texts.map((t, i) => ({ key: `slack:cmd:k${i}`, message: message(`m${i}`, t) }));
    const first = await store.inbound.recordMany([...items, items[0]], T0);
    expect([...first].sort()).toEqual(items.map((i) => i.key).sort());
    // The same keys again (a platform retry, another replica): none is new.
    expect((await store.inbound.recordMany(items.slice(0, 2), new Date(T0.getTime() + 1000))).size).toBe(0);
    for (const [i, item] of items.entries()) {
      const taken = await store.inbound.take(item.key, T0, new Date(T0.getTime() + 60_000));
      expect(taken.status).toBe('taken');
      if (taken.status !== 'taken') continue;
      expect(taken.message).toEqual(item.message);
      expect(taken.message.text).toBe(texts[i]);
      expect(taken.message.receivedAt).toBeInstanceOf(Date);
    }
  });
});
