/**
 * The security pass, through the chat core with platform-shaped messages
 * (real chDB, real PGlite in memory, real guard): invite-only setup with
 * single-use codes, the operator's ceiling on allow-lists, buttons authorised
 * in the answer's workspace, and an audit log that records every statement
 * with its outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionId, ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { createWorkspaceService } from '../../bot/core/workspace/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let n = 0;
// Telegram: the workspace key is the chat id; Slack: the team id.
const tgStranger: ConversationRef = { platform: 'telegram', workspaceKey: '-100555', channelId: '-100555' };
const tgShop: ConversationRef = { platform: 'telegram', workspaceKey: '-100777', channelId: '-100777' };
const tgSecond: ConversationRef = { platform: 'telegram', workspaceKey: '-100888', channelId: '-100888' };
const slackOther: ConversationRef = { platform: 'slack', workspaceKey: 'T-OTHER', channelId: 'C-OTHER' };

function message(conversation: ConversationRef, user: string, text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `s${++n}`, conversation, user: { id: user, name: user }, receivedAt: new Date() };
  if (!cmd) return { ...base, kind: 'question', text, ...extra };
  if (cmd[1] === 'sql') return { ...base, kind: 'sql', text: cmd[2], ...extra };
  return { ...base, kind: 'command', command: cmd[1], text: cmd[2], ...extra };
}
const say = (conversation: ConversationRef, user: string, text: string): Promise<Reply> => app.core.reply(message(conversation, user, text));
const press = (conversation: ConversationRef, user: string, id: ActionId, value: string): Promise<Reply> =>
  app.core.reply({ ...message(conversation, user, ''), kind: 'action', action: { id, value } });
const oneLine = (r: Reply) => expect(r.text).not.toContain('\n');

beforeAll(async () => {
  app = await createTestApp({
    scale: 0.01,
    metadata: true,
    // DATALABS_SETUP defaults to invite; a small row limit and timeout to see truncated and timed-out queries.
    env: { DATALABS_ALLOWED_DATABASES: 'demo', QUERY_MAX_RESULT_ROWS: '5', QUERY_TIMEOUT_MS: '1000' },
  });
  await app.warehouse.admin.command('CREATE DATABASE IF NOT EXISTS secret');
  await app.warehouse.admin.command('CREATE TABLE IF NOT EXISTS secret.keys (k String) ENGINE = MergeTree ORDER BY k');
  await app.warehouse.admin.command("INSERT INTO secret.keys VALUES ('launch-codes')");
}, 120_000);
afterAll(async () => app?.dispose());

describe('who may create a workspace', () => {
  it('refuses a stranger without a code, in one line that says how to get one, and audits it', async () => {
    const r = await say(tgStranger, '999', '/datalabs setup Mine');
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.text).toMatch(/one-time code.*datalabs workspace invite/);
    oneLine(r);
    expect(await app.store!.workspaces.lookupBinding('telegram', '-100555', '-100555')).toBeUndefined();
    const denied = await app.store!.audit.latest(null, { action: 'setup.denied' });
    expect(denied[0]).toMatchObject({ actor: 'telegram:999', detail: { reason: 'no-code' } });
    // A made-up code fares no better.
    const forged = await say(tgStranger, '999', '/datalabs setup dl-aaaaaa-bbbbb-ccccc-ddddd-eeeee Mine');
    expect(forged.error?.code).toBe('FORBIDDEN');
    expect(forged.text).toMatch(/not valid/);
    // Unbound chats are told about codes too.
    expect((await say(tgStranger, '999', 'revenue')).text).toMatch(/one-time code/);
  });

  it('accepts a code once: the second chat using it is refused', async () => {
    const { code } = await app.store!.invites.create('cli:operator', new Date(Date.now() + 86_400_000));
    const ok = await say(tgShop, '100', `/datalabs setup ${code} Shop`);
    expect(ok.error).toBeUndefined();
    expect(ok.text).toMatch(/Workspace "Shop" .* you are its admin/);
    const again = await say(tgSecond, '200', `/datalabs setup ${code} Copycat`);
    expect(again.error?.code).toBe('FORBIDDEN');
    expect(again.text).toMatch(/already used/);
    oneLine(again);
    const used = await app.store!.audit.latest(null, { action: 'invite.use' });
    expect(used).toHaveLength(1);
    expect(used[0].actor).toBe('telegram:100');
    // Only the hash is stored.
    const raw = await app.store!.db.query<{ code_hash: string }>('SELECT code_hash FROM setup_invites');
    expect(JSON.stringify(raw.rows)).not.toContain(code);
  });

  it('refuses an expired code', async () => {
    const { code } = await app.store!.invites.create('cli:operator', new Date(Date.now() - 1000));
    const r = await say(tgSecond, '200', `/datalabs setup ${code}`);
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.text).toMatch(/expired/);
  });

  it('lets the console (the local operator) set up without a code', async () => {
    const r = await say({ platform: 'console', workspaceKey: 'console', channelId: 'console' }, 'console', '/datalabs setup Local');
    expect(r.error).toBeUndefined();
  });

  it('refuses setup outside the allow-listed teams and chats whatever the mode, and in Discord DMs', async () => {
    const service = createWorkspaceService({ store: app.store!, logger: createLogger('silent'), ceiling: ['demo'], setup: { mode: 'open', telegramChats: ['-100999'], slackTeams: ['T-OK'] } });
    const r = await service.handleCommand(message(slackOther, 'U5', '/datalabs setup Elsewhere')).catch((e) => e);
    expect(r.code).toBe('FORBIDDEN');
    expect(r.message).toMatch(/DATALABS_SETUP_SLACK_TEAMS/);
    const tg = await service.handleCommand(message({ platform: 'telegram', workspaceKey: '-100444', channelId: '-100444' }, '5', '/datalabs setup X')).catch((e) => e);
    expect(tg.code).toBe('FORBIDDEN');
    expect((await service.handleCommand(message({ platform: 'telegram', workspaceKey: '-100999', channelId: '-100999' }, '5', '/datalabs setup Listed')))?.text).toMatch(/you are its admin/);
    const open = createWorkspaceService({ store: app.store!, logger: createLogger('silent'), ceiling: ['demo'], setup: { mode: 'open' } });
    const dm = await open.handleCommand(message({ platform: 'discord', workspaceKey: 'dm', channelId: 'D1' }, '5', '/datalabs setup Dm')).catch((e) => e);
    expect(dm.code).toBe('FORBIDDEN');
    // Nor can an admin bind every Discord DM at once (they share the key 'dm'); one DM channel is fine.
    const local = (await app.store!.workspaces.find('Local'))!;
    await app.workspaces!.admin.grant(local, { platform: 'discord', userId: 'D-ADMIN' }, 'admin', 'test');
    const dmConv = { platform: 'discord' as const, workspaceKey: 'dm', channelId: 'D-CHAN' };
    const all = await open.handleCommand(message(dmConv, 'D-ADMIN', '/datalabs admin bind Local')).catch((e) => e);
    expect(all.code).toBe('BAD_INPUT');
    expect((await open.handleCommand(message(dmConv, 'D-ADMIN', '/datalabs admin bind channel Local')))?.text).toMatch(/This channel is now bound/);
  });
});

describe("the operator's ceiling", () => {
  it('refuses admin allow beyond DATALABS_ALLOWED_DATABASES in one line, and system databases', async () => {
    const r = await say(tgShop, '100', '/datalabs admin allow secret');
    expect(r.error?.code).toBe('FORBIDDEN');
    expect(r.text).toMatch(/beyond what this server allows \(demo\).*DATALABS_ALLOWED_DATABASES/);
    oneLine(r);
    expect((await say(tgShop, '100', '/datalabs admin allow secret.keys')).error?.code).toBe('FORBIDDEN');
    expect((await say(tgShop, '100', '/datalabs admin allow system')).error?.code).toBe('BAD_INPUT');
    expect((await say(tgShop, '100', '/datalabs admin allow information_schema.tables')).error?.code).toBe('BAD_INPUT');
    expect((await say(tgShop, '100', '/datalabs admin allow demo.orders')).error).toBeUndefined();
    const read = await say(tgShop, '100', '/sql SELECT k FROM secret.keys');
    expect(read.error?.code).toBe('SQL_REJECTED');
    expect(JSON.stringify(read)).not.toContain('launch-codes');
    expect((await app.store!.audit.latest(null, { action: 'allowlist.denied' })).length).toBe(2);
  });

  it('cuts an old row that lists more than the ceiling down to it when the pipeline is built', async () => {
    const ctx = (await app.workspaces!.resolve(tgShop, { id: '100' }))!;
    // As if written before the ceiling existed:
    await app.store!.workspaces.update(ctx.workspace.id, { allowedDatabases: ['demo', 'secret', 'system'], allowedTables: ['secret.keys'] });
    const r = await say(tgShop, '100', '/sql SELECT k FROM secret.keys');
    expect(r.error?.code).toBe('SQL_REJECTED');
    expect(JSON.stringify(r)).not.toContain('launch-codes');
    expect((await say(tgShop, '100', '/sql SELECT count() FROM system.tables')).error?.code).toBe('SQL_REJECTED');
    expect(app.workspaces!.guardPolicy((await app.store!.workspaces.get(ctx.workspace.id))!)).toEqual({ allowedDatabases: ['demo'], allowedTables: [] });
    await app.store!.workspaces.update(ctx.workspace.id, { allowedDatabases: ['demo'], allowedTables: [] });
  });
});

describe('buttons', () => {
  let answerId: string;

  it('mints 128-bit random answer ids', async () => {
    const r = await say(tgShop, '100', 'revenue by month');
    expect(r.error).toBeUndefined();
    const ids = r.buttons!.filter((b) => b.actionId === 'show_sql' || b.actionId === 'export_csv').map((b) => b.value);
    answerId = ids[0];
    expect(answerId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(answerId, 'base64url')).toHaveLength(16);
    expect(ids[1]).toBe(answerId);
  });

  it("refuses Show SQL and Export CSV to another team's user holding the answer id", async () => {
    // Someone in another Slack team, admin of their own workspace, got hold of the id.
    const service = createWorkspaceService({ store: app.store!, logger: createLogger('silent'), ceiling: ['demo'], setup: { mode: 'open' } });
    await service.handleCommand(message(slackOther, 'U-EVE', '/datalabs setup Eve'));
    for (const id of ['show_sql', 'export_csv'] as const) {
      const r = await press(slackOther, 'U-EVE', id, answerId);
      expect(r.error?.code, id).toBe('FORBIDDEN');
      expect(r.text).toMatch(/not a member/);
      oneLine(r);
      expect(r.code).toBeUndefined();
      expect(r.file).toBeUndefined();
    }
    // Same user id on Telegram but not a member of Shop, in a chat bound elsewhere: refused too.
    expect((await press(tgSecond, '999', 'show_sql', answerId)).error?.code).toBe('FORBIDDEN');
    expect((await app.store!.audit.latest(null, { action: 'action.denied' })).length).toBeGreaterThanOrEqual(3);
  });

  it('lets members of the answer’s workspace press them, from any chat, and refuses non-members once the workspace is members-only', async () => {
    const sql = await press(tgShop, '100', 'show_sql', answerId);
    expect(sql.error).toBeUndefined();
    expect(sql.code?.text).toMatch(/SELECT/);
    // The admin of Shop, pressing from a chat bound to another workspace: the answer's workspace decides.
    const ctx = (await app.workspaces!.resolve(tgShop, { id: '100' }))!;
    await app.workspaces!.admin.link(ctx.workspace, ctx.member!.id, { platform: 'slack', userId: 'U-ADA' }, 'test');
    const csv = await press(slackOther, 'U-ADA', 'export_csv', answerId);
    expect(csv.error).toBeUndefined();
    expect(csv.file?.name).toMatch(/\.csv$/);
    // A non-member in Shop's own chat acts with the default role (viewer) …
    expect((await press(tgShop, '300', 'show_sql', answerId)).error).toBeUndefined();
    // … until the admin makes it members-only.
    expect((await say(tgShop, '100', '/datalabs admin default-role none')).error).toBeUndefined();
    const r = await press(tgShop, '300', 'export_csv', answerId);
    expect(r.error?.code).toBe('FORBIDDEN');
    await say(tgShop, '100', '/datalabs admin default-role viewer');
    expect((await app.store!.audit.latest(ctx.workspace.id, { action: 'answer.export' })).length).toBeGreaterThanOrEqual(1);
  });

  it('answers an unknown id as expired (never a hint of another workspace)', async () => {
    const r = await press(tgShop, '100', 'show_sql', 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(r.error?.code).toBe('NOT_FOUND');
  });
});

describe('the audit log', () => {
  const outcomes = async (wsId: number) =>
    (await app.store!.audit.latest(wsId, { limit: 50 })).filter((e) => e.action.startsWith('sql.')).map((e) => e.detail as { outcome: string; sql: string; user: string; origin: string });

  it('records every statement that reached the engine, and guard refusals, with SQL, user and outcome', async () => {
    const wsId = (await app.workspaces!.resolve(tgShop, { id: '100' }))!.workspace.id;
    const before = (await outcomes(wsId)).length;
    const runs: [string, string][] = [
      ['/sql SELECT count() FROM demo.orders', 'ok'],
      ['/sql SELECT * FROM demo.orders', 'truncated'],
      ['/sql SELECT intDiv(1, 0) FROM demo.orders LIMIT 1', 'failed'],
      ["/sql SELECT toDate('not a date') FROM demo.orders LIMIT 1", 'failed'],
      ['/sql SELECT count() FROM demo.orders a CROSS JOIN demo.orders b CROSS JOIN demo.orders c', 'timeout'],
      ['/sql SELECT * FROM secret.keys', 'rejected'],
      ["/sql SELECT * FROM file('/etc/passwd')", 'rejected'],
    ];
    for (const [text] of runs) await say(tgShop, '100', text);
    const got = (await outcomes(wsId)).slice(0, (await outcomes(wsId)).length - before).reverse();
    expect(got.map((d) => d.outcome)).toEqual(runs.map(([, o]) => o));
    for (const [i, d] of got.entries()) {
      expect(d.sql).toContain(runs[i][0].replace('/sql ', '').split(' FROM')[0].replace('SELECT ', ''));
      expect(d.user).toBe('telegram:100');
    }
    const rejected = await app.store!.audit.latest(wsId, { action: 'sql.rejected' });
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    // A refusal says whether the guard had sent the text to the engine's parser (EXPLAIN AST) first.
    expect(rejected.find((e) => String(e.detail.sql).includes('secret.keys'))?.detail.explained).toBe(true);
    expect((await app.store!.audit.latest(wsId, { action: 'sql.execute' })).every((e) => e.detail.outcome !== 'rejected')).toBe(true);
  }, 60_000);

  it('records questions, reruns and saved-query runs too, and the chain verifies', async () => {
    const wsId = (await app.workspaces!.resolve(tgShop, { id: '100' }))!.workspace.id;
    await say(tgShop, '100', 'revenue by month');
    // The freshness query the answer ran is audited with it.
    const [q] = await app.store!.audit.latest(wsId, { action: 'sql.execute', limit: 1 });
    expect(q.detail.alsoRan).toEqual([expect.stringMatching(/^SELECT max\(/)]);
    await say(tgShop, '100', 'total revenue');
    await say(tgShop, '100', '/save total');
    await say(tgShop, '100', '/run total');
    const [last] = await app.store!.history.latest(wsId, { limit: 1 });
    await say(tgShop, '100', `/rerun ${last.id}`);
    const origins = (await outcomes(wsId)).slice(0, 3).map((d) => `${d.origin}:${d.outcome}`);
    expect(origins).toEqual(['rerun:ok', 'saved:ok', 'chat:ok']);
    expect(await app.store!.audit.verify()).toMatchObject({ ok: true });
  });
});
