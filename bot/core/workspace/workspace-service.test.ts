/**
 * The workspace service driven by real ChatMessage objects, on both metadata
 * backends, with the real SQL guard and embedded ClickHouse for the
 * cross-workspace reads. `run` plays the chat core's part: guard → warehouse
 * → recordQuery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlGuard } from '../../../agents/guard/index.ts';
import { createLogger } from '../../infra/create-logger.ts';
import type { MetadataStore } from '../../infra/store/create-metadata-store.ts';
import { openTestStore, TEST_BACKENDS } from '../../infra/store/test-databases.ts';
import type { ChatMessage, ConversationRef, Platform, Reply } from '../../contracts/chat.ts';
import { DatalabsError } from '../../contracts/errors.ts';
import type { Warehouse } from '../../contracts/warehouse.ts';
import { createWarehouse } from '../../infra/warehouse/index.ts';
import { createWorkspaceService, outcomeOf, type RunRequest, type WorkspaceContext, type WorkspaceService } from './create-workspace-service.ts';

let warehouse: Warehouse;
let chDir: string;

beforeAll(async () => {
  chDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datalabs-ws-ch-'));
  warehouse = createWarehouse({ kind: 'embedded', dataDir: chDir });
  for (const sql of [
    'CREATE DATABASE IF NOT EXISTS wsa',
    'CREATE DATABASE IF NOT EXISTS wsb',
    'CREATE TABLE wsa.secret (x UInt32) ENGINE = MergeTree ORDER BY x',
    'CREATE TABLE wsb.t (x UInt32) ENGINE = MergeTree ORDER BY x',
    'INSERT INTO wsa.secret VALUES (1), (2), (3)',
    'INSERT INTO wsb.t VALUES (10)',
  ]) {
    await warehouse.admin.command(sql);
  }
});
afterAll(async () => {
  await warehouse?.close();
  fs.rmSync(chDir, { recursive: true, force: true });
});

let counter = 0;
function msg(conversation: ConversationRef, userId: string, line: string, name?: string): ChatMessage {
  const base = { id: `m${++counter}`, conversation, user: { id: userId, name }, receivedAt: new Date() };
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(line);
  if (!cmd) return { ...base, kind: 'question', text: line };
  if (cmd[1] === 'sql') return { ...base, kind: 'sql', text: cmd[2] };
  return { ...base, kind: 'command', command: cmd[1], text: cmd[2] };
}
const conv = (platform: Platform, workspaceKey: string, channelId = 'general'): ConversationRef => ({ platform, workspaceKey, channelId });

async function failure(p: Promise<unknown>): Promise<DatalabsError> {
  const err = await p.then(
    () => undefined,
    (e) => e,
  );
  expect(err).toBeInstanceOf(DatalabsError);
  expect(err.message).not.toContain('\n');
  return err;
}

describe.each(TEST_BACKENDS)('workspace service on %s', (backend) => {
  let store: MetadataStore;
  let close: () => Promise<void>;
  let ws: WorkspaceService;
  const ran: RunRequest[] = [];

  /** The core's part: guard with the workspace's allow-list, query, record. */
  async function answer(ctx: WorkspaceContext, kind: 'question' | 'sql', text: string, origin: RunRequest['origin'] | 'chat' = 'chat'): Promise<Reply> {
    ws.authorize(ctx, kind === 'sql' && origin === 'chat' ? 'sql' : 'ask');
    if (kind === 'question') {
      await ws.recordQuery(ctx, { kind, origin, question: text, sql: 'SELECT 1', outcome: 'ok', durationMs: 1, rowCount: 1, audit: 'ok' });
      return { text: `answered: ${text}` };
    }
    const guard = createSqlGuard(warehouse.reader, ws.guardPolicy(ctx.workspace));
    try {
      const guarded = await guard.check(text);
      const result = await warehouse.reader.query(guarded.sql, { settings: guarded.settings });
      await ws.recordQuery(ctx, { kind, origin, question: text, sql: guarded.sql, outcome: 'ok', durationMs: result.stats.elapsedMs, rowCount: result.rows.length, audit: 'ok' });
      return { text: `${result.rows.length} rows`, table: { columns: result.columns, rows: result.rows, text: '', moreRows: 0, truncated: false } };
    } catch (err) {
      const outcome = outcomeOf(err);
      await ws.recordQuery(ctx, { kind, origin, question: text, sql: text, outcome, audit: outcome === 'rejected' ? 'rejected' : 'failed', errorCode: (err as DatalabsError).code, errorMessage: (err as Error).message });
      throw err;
    }
  }
  const run = async (ctx: WorkspaceContext, req: RunRequest) => (ran.push(req), answer(ctx, req.kind, req.text, req.origin));

  /** Sends one line as `userId` in `where`: a command, else a question or SQL through the core's path. */
  async function say(where: ConversationRef, userId: string, line: string, name?: string): Promise<Reply> {
    const m = msg(where, userId, line, name);
    const handled = await ws.handleCommand(m, { run });
    if (handled) return handled;
    const ctx = await ws.resolve(m.conversation, m.user);
    if (!ctx) return ws.unboundReply();
    return answer(ctx, m.kind === 'sql' ? 'sql' : 'question', m.text);
  }

  const slackA = conv('slack', 'T-A');
  const slackB = conv('slack', 'T-B');

  beforeAll(async () => {
    ({ store, close } = await openTestStore(backend));
    ws = createWorkspaceService({ store, logger: createLogger('silent'), defaults: { allowedDatabases: ['wsa'] }, ceiling: ['wsa', 'wsb'], setup: { mode: 'open' } });
  });
  afterAll(async () => {
    await close?.();
  });

  it('answers an unbound chat with a one-line how-to', async () => {
    const r = await say(slackA, 'U-ann', 'revenue by month');
    expect(r.text).toMatch(/^This chat is not set up for datalabs yet: run \/datalabs setup/);
    expect(r.text).not.toContain('\n');
    expect((await say(slackA, 'U-ann', '/history')).text).toBe(r.text);
    expect(await ws.handleCommand(msg(slackA, 'U-ann', '/export'))).toBeUndefined();
  });

  it('makes the first person to run setup the admin, once', async () => {
    const r = await say(slackA, 'U-ann', '/datalabs setup Team A', 'Ann');
    expect(r.text).toMatch(/^Workspace "Team A" \(#\d+\) is set up for this chat and you are its admin\. It reads wsa\.\*/);
    const ctx = (await ws.resolve(slackA, { id: 'U-ann' }))!;
    expect(ctx.role).toBe('admin');
    expect((await failure(say(slackA, 'U-zed', '/datalabs setup Mine'))).code).toBe('BAD_INPUT');
    expect((await say(slackB, 'U-dave', '/datalabs setup Team B')).text).toMatch(/you are its admin/);
    await say(slackB, 'U-dave', '/datalabs admin disallow wsa');
    expect((await say(slackB, 'U-dave', '/datalabs admin allow wsb')).text).toMatch(/^wsb: now allowed\. "Team B" reads wsb\.\*/);
  });

  it('refuses role violations with one clear line and audits denied admin commands', async () => {
    // Bob is not a member: he acts with the workspace default (viewer).
    const bobCtx = (await ws.resolve(slackA, { id: 'U-bob' }))!;
    expect(bobCtx).toMatchObject({ role: 'viewer', member: null });
    const grant = await failure(say(slackA, 'U-bob', '/datalabs admin grant U-bob admin'));
    expect(grant.code).toBe('FORBIDDEN');
    expect(grant.message).toMatch(/^only admins can use admin commands here \(you are a viewer/);
    expect((await failure(say(slackA, 'U-bob', '/sql SELECT 1'))).code).toBe('FORBIDDEN');
    expect((await failure(say(slackA, 'U-bob', '/save mine'))).message).toMatch(/^only analysts and above can save queries/);
    const audit = await store.audit.latest(bobCtx.workspace.id, { action: 'admin.denied' });
    expect(audit[0]).toMatchObject({ actor: 'slack:U-bob', detail: { command: 'grant', role: 'viewer' } });
    // Members-only workspace: a stranger may not even ask.
    await say(slackA, 'U-ann', '/datalabs admin default-role none');
    expect((await failure(say(slackA, 'U-stranger', 'revenue by month'))).message).toMatch(/you are not a member/);
    await say(slackA, 'U-ann', '/datalabs admin default-role viewer');
  });

  it('refuses malformed commands with one line that carries the usage', async () => {
    for (const line of [
      '/datalabs admin grant',
      '/datalabs admin grant U-bob superuser',
      '/datalabs admin frobnicate',
      '/datalabs admin allow system.tables',
      '/datalabs admin allow "wsa; DROP"',
      '/datalabs admin link myspace 12',
      '/datalabs admin retention forever',
      '/datalabs nonsense',
      '/rerun abc',
      '/save Bad!Name',
      '/history 999',
      '/run',
    ]) {
      const err = await failure(say(slackA, 'U-ann', line));
      expect(err.code, line).toBe('BAD_INPUT');
      expect(err.message, line).toMatch(/; usage: \//);
    }
  });

  it('grants roles by mention, keeps one admin, and lets analysts run and save SQL', async () => {
    expect((await say(slackA, 'U-ann', '/datalabs admin grant <@U-bob|bob> analyst')).text).toMatch(/^Added #\d+ analyst/);
    expect((await say(slackA, 'U-ann', '/datalabs admin grant U-carol viewer')).text).toMatch(/viewer/);
    const demote = await failure(say(slackA, 'U-ann', '/datalabs admin grant U-ann viewer'));
    expect(demote.message).toMatch(/at least one admin/);
    expect((await failure(say(slackA, 'U-ann', '/datalabs admin revoke U-ann'))).message).toMatch(/at least one admin/);
    const r = await say(slackA, 'U-bob', '/sql SELECT x FROM wsa.secret ORDER BY x');
    expect(r.table?.rows).toEqual([[1], [2], [3]]);
    expect((await say(slackA, 'U-bob', '/save secrets')).text).toBe('Saved as "secrets": run it with /run secrets.');
    expect((await say(slackA, 'U-bob', '/saved')).text).toMatch(/• secrets: SQL SELECT x FROM wsa\.secret ORDER BY x[\s\S]*Templates: revenue-by-month/);
  });

  it('shows history by role, re-runs entries, runs saved queries and templates', async () => {
    const bobHistory = (await say(slackA, 'U-bob', '/history')).text;
    const id = Number(/#(\d+) .*SQL SELECT x FROM wsa\.secret/.exec(bobHistory)?.[1]);
    expect(id).toBeGreaterThan(0);
    ran.length = 0;
    expect((await say(slackA, 'U-bob', `/rerun ${id}`)).text).toBe('3 rows');
    expect(ran[0]).toMatchObject({ kind: 'sql', origin: 'rerun', label: `#${id}` });
    // Carol (viewer) may run the saved SQL, but not re-run Bob's raw SQL, which she cannot even see.
    expect((await say(slackA, 'U-carol', '/run secrets')).text).toBe('3 rows');
    expect((await failure(say(slackA, 'U-carol', `/rerun ${id}`))).code).toBe('NOT_FOUND');
    const carolHistory = (await say(slackA, 'U-carol', '/history')).text;
    expect(carolHistory).toMatch(/^Your latest queries/);
    expect(carolHistory).not.toContain('U-bob');
    const own = Number(/#(\d+) .*\(saved\)/.exec(carolHistory)?.[1]);
    expect((await say(slackA, 'U-carol', `/rerun ${own}`)).text).toBe('3 rows');
    ran.length = 0;
    expect((await say(slackA, 'U-carol', '/run dau')).text).toBe('answered: daily active users over the last 30 days');
    expect(ran).toEqual([{ kind: 'question', text: 'daily active users over the last 30 days', origin: 'template', label: 'template dau' }]);
    expect((await failure(say(slackA, 'U-carol', '/run nosuch'))).code).toBe('NOT_FOUND');
    const help = ws.helpLines((await ws.resolve(slackA, { id: 'U-carol' }))!);
    expect(help.join('\n')).toMatch(/\/run revenue-by-month \(revenue by month\)/);
    expect(help.join('\n')).not.toMatch(/Admin:/);
  });

  it('saves through the Save button value h<history id>', async () => {
    await say(slackA, 'U-bob', 'revenue by month');
    const [last] = await store.history.latest((await ws.resolve(slackA, { id: 'U-bob' }))!.workspace.id, { userId: 'U-bob', limit: 1 });
    const press: ChatMessage = { ...msg(slackA, 'U-bob', 'x'), kind: 'action', action: { id: 'save', value: `h${last.id}` } };
    expect((await ws.handleCommand(press))?.text).toBe('Saved as "revenue-by-month": run it with /run revenue-by-month.');
    expect((await ws.handleCommand(press))?.text).toMatch(/"revenue-by-month-2"/);
    expect(await ws.handleCommand({ ...press, action: { id: 'save', value: 'abc123' } })).toBeUndefined();
  });

  it('never lets one workspace read or reach another workspace', async () => {
    // Team B may read wsb only: the guard built from its allow-list refuses wsa.
    const rejected = await failure(say(slackB, 'U-dave', '/sql SELECT * FROM wsa.secret'));
    expect(rejected.code).toBe('SQL_REJECTED');
    expect((await say(slackB, 'U-dave', '/sql SELECT x FROM wsb.t')).table?.rows).toEqual([[10]]);
    const joined = await failure(say(slackB, 'U-dave', '/sql SELECT * FROM wsb.t WHERE x IN (SELECT x FROM wsa.secret)'));
    expect(joined.code).toBe('SQL_REJECTED');
    // A's history ids, saved queries and members are not B's.
    const aCtx = (await ws.resolve(slackA, { id: 'U-ann' }))!;
    const [aEntry] = await store.history.latest(aCtx.workspace.id, { limit: 1 });
    expect((await failure(say(slackB, 'U-dave', `/rerun ${aEntry.id}`))).code).toBe('NOT_FOUND');
    expect((await failure(say(slackB, 'U-dave', '/run secrets'))).code).toBe('NOT_FOUND');
    expect((await failure(say(slackB, 'U-dave', '/datalabs admin revoke U-bob'))).code).toBe('NOT_FOUND');
    // Ann (admin of A) cannot bind a channel of A's team to B, nor can Dave pull A's chat into B.
    expect((await failure(say(slackA, 'U-ann', '/datalabs admin bind channel Team B'))).code).toBe('FORBIDDEN');
    expect((await failure(say(slackA, 'U-dave', '/datalabs admin bind Team B'))).code).toBe('FORBIDDEN');
    expect((await ws.resolve(slackA, { id: 'U-ann' }))!.workspace.name).toBe('Team A');
    // The refused SQL is in B's audit log, not A's.
    const bId = (await ws.resolve(slackB, { id: 'U-dave' }))!.workspace.id;
    expect((await store.audit.latest(bId, { action: 'sql.rejected' })).length).toBe(2);
    expect((await store.audit.latest(aCtx.workspace.id, { action: 'sql.rejected' })).length).toBe(0);
  });

  it('links the same person on a second platform and binds a Telegram chat', async () => {
    const tg = conv('telegram', '-1001', '-1001');
    expect((await say(slackA, 'U-ann', '/datalabs admin link telegram 777')).text).toMatch(/^Linked telegram:777 to #\d+ admin Ann \(slack:U-ann, telegram:777\)/);
    expect((await say(tg, '777', '/datalabs admin bind Team A')).text).toMatch(/^This chat is now bound to workspace "Team A"/);
    const ctx = (await ws.resolve(tg, { id: '777' }))!;
    expect(ctx).toMatchObject({ role: 'admin', workspace: { name: 'Team A' } });
    expect(ctx.member?.identities.map((i) => i.platform)).toEqual(['slack', 'telegram']);
    expect((await failure(say(slackA, 'U-ann', '/datalabs admin link telegram 777 U-bob'))).code).toBe('BAD_INPUT');
    expect((await say(tg, '777', '/datalabs whoami')).text).toMatch(/^Workspace "Team A" \(#\d+\) · you are admin/);
  });

  it('audits executed SQL and admin actions, and applies history retention', async () => {
    const aId = (await ws.resolve(slackA, { id: 'U-ann' }))!.workspace.id;
    expect((await say(slackA, 'U-ann', '/datalabs admin allow wsb.t')).text).toMatch(/^wsb\.t: now allowed\. "Team A" reads wsa\.\*, wsb\.t\./);
    const text = (await say(slackA, 'U-ann', '/datalabs admin audit 50')).text;
    for (const action of ['workspace.create', 'binding.create', 'member.grant', 'member.link', 'allowlist.add', 'sql.execute', 'saved.create', 'admin.denied']) {
      expect(text, action).toContain(action);
    }
    const members = (await say(slackA, 'U-ann', '/datalabs admin members')).text;
    expect(members.split('\n')).toHaveLength(4);
    expect((await say(slackA, 'U-ann', '/datalabs admin retention 7')).text).toBe('History of "Team A" is kept for 7 days.');
    const before = (await store.history.latest(aId, { limit: 500 })).length;
    expect(before).toBeGreaterThan(3);
    expect(await ws.purgeHistory(new Date(Date.now() + 6 * 86_400_000))).toBe(0);
    expect(await ws.purgeHistory(new Date(Date.now() + 8 * 86_400_000))).toBeGreaterThanOrEqual(before);
    expect(await store.history.latest(aId)).toEqual([]);
    expect((await store.audit.latest(aId, { action: 'sql.execute' })).length).toBeGreaterThan(0);
  });
});
