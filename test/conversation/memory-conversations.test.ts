/** The in-process ConversationStore (CLI `ask`, tests without a metadata store): bounded, retention on read, purge by age. */
import { describe, expect, it } from 'vitest';
import { createMemoryConversations, type AnswerRecord } from '../../bot/core/conversation/index.ts';

const T0 = new Date('2026-11-01T00:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const rec = (createdAt = T0): AnswerRecord => ({
  workspaceId: null,
  historyId: null,
  conversation: { platform: 'console', workspaceKey: 'console', channelId: 'console' },
  title: 't',
  sql: 'SELECT 1',
  columns: [{ name: 'x', type: 'UInt8' }],
  rows: [[1]],
  truncated: false,
  createdAt,
});

describe('memory conversation store', () => {
  it('keeps at most maxAnswers, dropping the least recently used', async () => {
    const s = createMemoryConversations({ maxAnswers: 2 });
    await s.saveAnswer('a', rec());
    await s.saveAnswer('b', rec());
    expect(await s.getAnswer('a', T0)).toBeDefined(); // a is now the most recent
    await s.saveAnswer('c', rec());
    expect(await s.getAnswer('b', T0)).toBeUndefined();
    expect(await s.getAnswer('a', T0)).toBeDefined();
    expect(await s.getAnswer('c', T0)).toBeDefined();
  });

  it('bounds threads the same way', async () => {
    const s = createMemoryConversations({ maxThreads: 1 });
    await s.saveThread('k1', { workspaceId: null, updatedAt: T0 });
    await s.saveThread('k2', { workspaceId: null, updatedAt: T0 });
    expect(await s.getThread('k1', T0)).toBeUndefined();
    expect(await s.getThread('k2', T0)).toBeDefined();
  });

  it('reads nothing past its retention, and purges by age', async () => {
    const s = createMemoryConversations({ retentionDays: 7 });
    await s.saveAnswer('a', rec());
    await s.saveThread('k', { lastAnswerId: 'a', workspaceId: null, updatedAt: T0 });
    expect(await s.getAnswer('a', day(3))).toBeDefined();
    expect(await s.getAnswer('a', day(8))).toBeUndefined();
    expect(await s.getThread('k', day(8))).toBeUndefined();
    expect(await s.purgeOlderThan(day(1))).toBe(2);
    expect(await s.getAnswer('a', T0)).toBeUndefined();
  });
});
