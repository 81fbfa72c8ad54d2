/**
 * A filter or period carried over from earlier in a thread is said in the
 * reply, never applied silently; a new question with its own measure starts
 * fresh. Through the chat core on a real app (chDB, guard, query agent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../bot/contracts/chat.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let n = 0;
const ask = (text: string, threadId: string) =>
  app.core.reply({
    id: `k${++n}`,
    kind: 'question',
    conversation: { platform: 'console', workspaceKey: 'w', channelId: 'c', threadId },
    user: { id: 'u1' },
    text,
    receivedAt: new Date(),
  } satisfies ChatMessage);

beforeAll(async () => {
  app = await createTestApp({ scale: 0.01 });
});
afterAll(async () => app?.dispose());

describe('kept filters in chat replies', () => {
  it('says which filter a refinement kept, in one line under the headline', async () => {
    await ask('revenue by country', 't1');
    await ask('only mobile', 't1');
    const r = await ask('now by category', 't1');
    expect(r.error).toBeUndefined();
    expect(r.code?.text).toMatch(/device = 'mobile'/);
    const lines = r.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^kept: .*mobile/);
  });

  it('starts a new question with its own measure fresh, and says nothing was kept', async () => {
    await ask('revenue by country', 't2');
    await ask('only mobile', 't2');
    const r = await ask('top 5 products by revenue', 't2');
    expect(r.error).toBeUndefined();
    expect(r.code?.text).not.toMatch(/mobile/);
    expect(r.text).not.toContain('\n');
  });
});
