/**
 * Workspaces through the chat core (issue 5): unbound chats, setup, roles,
 * history, Save button, /run, and one workspace never reading another's tables.
 * Real chDB, real PGlite (in memory), real guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
let n = 0;
const slackA: ConversationRef = { platform: 'slack', workspaceKey: 'TA', channelId: 'C1' };
const slackB: ConversationRef = { platform: 'slack', workspaceKey: 'TB', channelId: 'C9' };
const say = (conversation: ConversationRef, user: string, text: string, extra: Partial<ChatMessage> = {}): Promise<Reply> => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `w${++n}`, conversation, user: { id: user, name: user }, receivedAt: new Date() };
  let m: ChatMessage;
  if (!cmd) m = { ...base, kind: 'question', text };
  else if (cmd[1] === 'sql') m = { ...base, kind: 'sql', text: cmd[2] };
  else if (cmd[1] === 'help') m = { ...base, kind: 'help', text: '' };
  else m = { ...base, kind: 'command', command: cmd[1], text: cmd[2] };
  return app.core.reply({ ...m, ...extra });
};

beforeAll(async () => {
  // Open setup (demo mode) and a ceiling that includes `other`, which workspace B allows itself.
  app = await createTestApp({ scale: 0.01, metadata: true, env: { DATALABS_SETUP: 'open', DATALABS_ALLOWED_DATABASES: 'demo,other' } });
  await app.warehouse.admin.command('CREATE DATABASE IF NOT EXISTS other');
  await app.warehouse.admin.command('CREATE TABLE IF NOT EXISTS other.secrets (k String) ENGINE = MergeTree ORDER BY k');
  await app.warehouse.admin.command("INSERT INTO other.secrets VALUES ('launch-codes')");
});
afterAll(async () => app?.dispose());

describe('workspaces in chat', () => {
  it('tells an unbound chat how to set up, in one line', async () => {
    const r = await say(slackA, 'U1', 'revenue by month');
    expect(r.text).toMatch(/not set up.*\/datalabs setup/);
    expect(r.text).not.toContain('\n');
  });

  it('makes the first person to run setup its admin, then answers', async () => {
    const setup = await say(slackA, 'U1', '/datalabs setup Shop');
    expect(setup.text).toMatch(/Workspace "Shop".*admin/);
    const answer = await say(slackA, 'U1', 'revenue by month');
    expect(answer.error).toBeUndefined();
    expect(answer.table?.rows.length).toBeGreaterThan(10);
    expect(answer.buttons?.map((b) => b.actionId)).toEqual(['show_sql', 'export_csv', 'save']);
  });

  it('lists the workspace, role and commands in help, the /datalabs way on Slack', async () => {
    const help = await say(slackA, 'U1', '/help');
    expect(help.text).toMatch(/Workspace "Shop" · you are admin/);
    expect(help.text).toMatch(/\/datalabs history/);
  });

  it('records history, saves from the button and runs a saved query', async () => {
    const answer = await say(slackA, 'U1', 'top 3 countries by revenue');
    const save = answer.buttons!.find((b) => b.actionId === 'save')!;
    const saved = await say(slackA, 'U1', '', { kind: 'action', action: { id: 'save', value: save.value } });
    const name = /Saved as "([^"]+)"/.exec(saved.text)?.[1];
    expect(name).toBeTruthy();
    const history = await say(slackA, 'U1', '/history');
    expect(history.text).toMatch(/top 3 countries by revenue/);
    const run = await say(slackA, 'U1', `/run ${name}`);
    expect(run.error).toBeUndefined();
    expect(run.table?.rows).toHaveLength(3);
    const list = await say(slackA, 'U1', '/datalabs saved');
    expect(list.text).toContain(name!);
  });

  it('lets a viewer ask but not send SQL, and refuses admin commands', async () => {
    const ask = await say(slackA, 'U2', 'total revenue');
    expect(ask.error).toBeUndefined();
    const sql = await say(slackA, 'U2', '/sql SELECT 1');
    expect(sql.error?.code).toBe('FORBIDDEN');
    const grant = await say(slackA, 'U2', '/datalabs admin grant U2 admin');
    expect(grant.error?.code).toBe('FORBIDDEN');
    expect(grant.text).not.toContain('\n');
  });

  it('refuses malformed admin commands with the usage in one line', async () => {
    const r = await say(slackA, 'U1', '/datalabs admin grant');
    expect(r.error?.code).toBe('BAD_INPUT');
    const r2 = await say(slackA, 'U1', '/datalabs admin grant U2 emperor');
    expect(r2.error?.code).toBe('BAD_INPUT');
  });

  it('never lets one workspace read tables outside its allow-list', async () => {
    await say(slackB, 'V1', '/datalabs setup Other');
    const allow = await say(slackB, 'V1', '/datalabs admin allow other');
    expect(allow.error).toBeUndefined();
    const disallow = await say(slackB, 'V1', '/datalabs admin disallow demo');
    expect(disallow.error).toBeUndefined();
    const own = await say(slackB, 'V1', '/sql SELECT k FROM other.secrets');
    expect(own.text).toMatch(/launch-codes/);
    const cross = await say(slackB, 'V1', "/sql SELECT sum(revenue) FROM demo.orders");
    expect(cross.error?.code).toBe('SQL_REJECTED');
    // New workspaces start with the whole ceiling (demo, other): Shop gives up `other`.
    expect((await say(slackA, 'U1', '/datalabs admin disallow other')).error).toBeUndefined();
    const sneaky = await say(slackA, 'U1', '/sql SELECT count() FROM demo.orders WHERE user_id IN (SELECT length(k) FROM other.secrets)');
    expect(sneaky.error?.code).toBe('SQL_REJECTED');
    expect(JSON.stringify(sneaky)).not.toContain('launch-codes');
  });
});
