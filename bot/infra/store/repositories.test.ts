import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatalabsError } from '../../contracts/errors.ts';
import type { MetadataStore } from './create-metadata-store.ts';
import type { NewHistoryEntry } from './history-repo.ts';
import { openTestStore, TEST_BACKENDS } from './test-databases.ts';

const entry = (workspaceId: number, over: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
  workspaceId,
  memberId: null,
  platform: 'slack',
  workspaceKey: 'T1',
  channelId: 'C1',
  threadId: null,
  userId: 'U1',
  userName: 'ann',
  kind: 'question',
  origin: 'chat',
  question: 'revenue by month',
  sql: 'SELECT 1',
  outcome: 'ok',
  errorCode: null,
  errorMessage: null,
  durationMs: 12.4,
  rowCount: 3,
  ...over,
});

describe.each(TEST_BACKENDS)('metadata repositories on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
  });
  afterAll(async () => {
    await close?.();
  });

  it('creates, finds and updates workspaces; names are unique regardless of case', async () => {
    const ws = await store.workspaces.create({ name: 'Sales', allowedDatabases: ['demo'], allowedTables: ['other.t'] });
    expect(ws).toMatchObject({ name: 'Sales', allowedDatabases: ['demo'], allowedTables: ['other.t'], clickhouse: null, defaultRole: 'viewer' });
    expect(ws.createdAt).toBeInstanceOf(Date);
    expect((await store.workspaces.find('sales'))?.id).toBe(ws.id);
    expect((await store.workspaces.find(`#${ws.id}`))?.name).toBe('Sales');
    const err = await store.workspaces.create({ name: 'SALES' }).catch((e) => e);
    expect(err).toBeInstanceOf(DatalabsError);
    expect(err.code).toBe('BAD_INPUT');
    const up = await store.workspaces.update(ws.id, { clickhouse: { url: 'http://ch:8123' }, historyRetentionDays: 7, allowedDatabases: [] });
    expect(up).toMatchObject({ clickhouse: { url: 'http://ch:8123' }, historyRetentionDays: 7, allowedDatabases: [], allowedTables: ['other.t'] });
    await expect(store.workspaces.update(999_999, { name: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('resolves a channel binding before its team binding, and unbinds', async () => {
    const a = await store.workspaces.create({ name: 'bind-a' });
    const b = await store.workspaces.create({ name: 'bind-b' });
    await store.workspaces.bind({ platform: 'slack', workspaceKey: 'TB', channelId: '', workspaceId: a.id });
    await store.workspaces.bind({ platform: 'slack', workspaceKey: 'TB', channelId: 'C-fin', workspaceId: b.id });
    expect((await store.workspaces.lookupBinding('slack', 'TB', 'C-any'))?.workspaceId).toBe(a.id);
    expect((await store.workspaces.lookupBinding('slack', 'TB', 'C-fin'))?.workspaceId).toBe(b.id);
    expect(await store.workspaces.lookupBinding('discord', 'TB', 'C-any')).toBeUndefined();
    expect(await store.workspaces.unbind('slack', 'TB', 'C-fin')).toBe(true);
    expect(await store.workspaces.unbind('slack', 'TB', 'C-fin')).toBe(false);
    expect((await store.workspaces.lookupBinding('slack', 'TB', 'C-fin'))?.workspaceId).toBe(a.id);
  });

  it('keeps members and identities per workspace and links a second platform', async () => {
    const a = await store.workspaces.create({ name: 'mem-a' });
    const b = await store.workspaces.create({ name: 'mem-b' });
    const ann = await store.transaction((r) => r.members.create(a.id, { platform: 'slack', userId: 'U-ann', displayName: 'Ann' }, 'admin'));
    expect(ann).toMatchObject({ role: 'admin', displayName: 'Ann', identities: [{ platform: 'slack', userId: 'U-ann' }] });
    // The same chat user is nobody in another workspace.
    expect(await store.members.byIdentity(b.id, 'slack', 'U-ann')).toBeUndefined();
    expect(await store.members.get(b.id, ann.id)).toBeUndefined();
    await store.members.link(a.id, ann.id, { platform: 'telegram', userId: '4242' });
    expect((await store.members.byIdentity(a.id, 'telegram', '4242'))?.id).toBe(ann.id);
    expect((await store.members.get(a.id, ann.id))?.identities.map((i) => `${i.platform}:${i.userId}`)).toEqual(['slack:U-ann', 'telegram:4242']);
    const bob = await store.members.create(a.id, { platform: 'slack', userId: 'U-bob' }, 'viewer');
    await expect(store.members.link(a.id, bob.id, { platform: 'telegram', userId: '4242' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(store.members.link(b.id, ann.id, { platform: 'discord', userId: '1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.members.create(a.id, { platform: 'slack', userId: 'U-bob' }, 'viewer')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await store.members.byName(a.id, 'ann')).map((m) => m.id)).toEqual([ann.id]);
    expect(await store.members.countAdmins(a.id)).toBe(1);
    expect((await store.members.setRole(a.id, bob.id, 'analyst')).role).toBe('analyst');
    await expect(store.members.setRole(b.id, bob.id, 'admin')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.members.remove(a.id, bob.id)).toBe(true);
    expect(await store.members.byIdentity(a.id, 'slack', 'U-bob')).toBeUndefined();
  });

  it('records history per workspace and purges by retention', async () => {
    const a = await store.workspaces.create({ name: 'hist-a', historyRetentionDays: 30 });
    const b = await store.workspaces.create({ name: 'hist-b' });
    const now = new Date('2025-06-30T12:00:00Z');
    const old = await store.history.add(entry(a.id, { createdAt: new Date('2025-05-01T00:00:00Z') }));
    const fresh = await store.history.add(entry(a.id, { createdAt: new Date('2025-06-29T00:00:00Z'), kind: 'sql', question: 'SELECT 2' }));
    const other = await store.history.add(entry(b.id, { createdAt: new Date('2025-01-01T00:00:00Z'), userId: 'U2', outcome: 'rejected', sql: null, errorCode: 'SQL_REJECTED' }));
    expect(fresh).toMatchObject({ kind: 'sql', origin: 'chat', durationMs: 12, rowCount: 3, outcome: 'ok' });
    expect(typeof fresh.id).toBe('number');
    expect(await store.history.get(b.id, fresh.id)).toBeUndefined();
    expect((await store.history.get(a.id, fresh.id))?.question).toBe('SELECT 2');
    expect((await store.history.latest(a.id)).map((e) => e.id)).toEqual([fresh.id, old.id]);
    expect((await store.history.latest(b.id, { outcome: 'ok' })).length).toBe(0);
    expect(await store.history.purge({ now })).toBe(1);
    expect(await store.history.get(a.id, old.id)).toBeUndefined();
    // b has no retention of its own: only the default removes its entry.
    expect(await store.history.get(b.id, other.id)).toBeDefined();
    expect(await store.history.purge({ now, defaultRetentionDays: 90 })).toBe(1);
    expect(await store.history.get(b.id, other.id)).toBeUndefined();
  });

  it('saves, replaces, lists and removes saved queries per workspace', async () => {
    const a = await store.workspaces.create({ name: 'saved-a' });
    const b = await store.workspaces.create({ name: 'saved-b' });
    const q = { workspaceId: a.id, name: 'rev', kind: 'question' as const, question: 'revenue by month', sql: 'SELECT 1', createdBy: null, createdByUser: 'slack:U1' };
    await store.saved.save(q);
    await expect(store.saved.save(q)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await store.saved.save({ ...q, question: 'revenue by week' }, { replace: true });
    await expect(store.saved.save({ ...q, name: 'Bad Name!' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await store.saved.get(a.id, 'REV'))?.question).toBe('revenue by week');
    expect(await store.saved.get(b.id, 'rev')).toBeUndefined();
    expect(await store.saved.remove(b.id, 'rev')).toBe(false);
    expect((await store.saved.list(a.id)).map((s) => s.name)).toEqual(['rev']);
    expect(await store.saved.remove(a.id, 'rev')).toBe(true);
  });

  it('appends to the audit log and lists it newest first', async () => {
    const a = await store.workspaces.create({ name: 'audit-a' });
    await store.audit.append({ workspaceId: a.id, actor: 'slack:U1', action: 'member.grant', detail: { role: 'analyst' } });
    await store.audit.append({ workspaceId: a.id, actor: 'cli:root', action: 'allowlist.add', detail: { target: 'demo' } });
    const list = await store.audit.latest(a.id);
    expect(list.map((e) => e.action)).toEqual(['allowlist.add', 'member.grant']);
    expect(list[1].detail).toEqual({ role: 'analyst' });
    expect((await store.audit.latest(a.id, { action: 'member.grant' })).length).toBe(1);
    expect(Object.keys(store.audit)).toEqual(['append', 'latest', 'verify']);
  });

  it('rolls back a transaction that throws', async () => {
    await expect(
      store.transaction(async (r) => {
        await r.workspaces.create({ name: 'rolled-back' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.workspaces.find('rolled-back')).toBeUndefined();
  });
});
