/**
 * Invite-only setup and button authorisation driven through the real
 * Telegram adapter (telegraf) against the fake Bot API, with the real app
 * (chDB, guard, PGlite): what a stranger in a new group sees, a code used
 * once, and a non-member's button press in a members-only workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeChat, FakeUser } from '../fakes/telegram/fake-bot-api.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createTelegramHarness, type TelegramHarness } from '../adapters/telegram-harness.ts';

const GROUP_A: FakeChat = { id: -100777, type: 'supergroup', title: 'Shop analytics' };
const GROUP_B: FakeChat = { id: -100888, type: 'supergroup', title: 'Strangers' };
const ANN: FakeUser = { id: 501, is_bot: false, first_name: 'Ann', username: 'ann' };
const MALLORY: FakeUser = { id: 666, is_bot: false, first_name: 'Mallory', username: 'mallory' };

describe('telegram: who may set up a workspace, and who may press its buttons', () => {
  let app: TestApp;
  let h: TelegramHarness;
  const says = (chat: FakeChat, user: FakeUser, text: string) => h.interact(chat, () => h.fake.userSends(chat, text, { user }));

  beforeAll(async () => {
    app = await createTestApp({ scale: 0.01, metadata: true, env: { DATALABS_ALLOWED_DATABASES: 'demo' } });
    h = createTelegramHarness('polling', { chat: GROUP_A });
    await h.start(app);
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await app?.dispose();
  });

  it('tells a stranger in a new group, in one line, how to get a code — and sets nothing up', async () => {
    const seen = await says(GROUP_B, MALLORY, '/datalabs setup Mine');
    expect(seen.messages).toBe(1);
    expect(seen.text).toMatch(/needs a one-time code: ask the operator to run `?datalabs workspace invite`?/);
    expect(seen.text).not.toContain('\n');
    const allow = await says(GROUP_B, MALLORY, '/datalabs admin allow secret');
    expect(allow.text).toMatch(/not set up/);
    expect(await app.store!.workspaces.list()).toEqual([]);
  });

  it('sets up with a code, once', async () => {
    const { code } = await app.store!.invites.create('cli:operator', new Date(Date.now() + 3_600_000));
    const ok = await says(GROUP_A, ANN, `/datalabs setup ${code} Shop`);
    expect(ok.text).toMatch(/Workspace "Shop" .* you are its admin/);
    const replay = await says(GROUP_B, MALLORY, `/datalabs setup ${code} Stolen`);
    expect(replay.text).toMatch(/already used/);
    expect((await app.store!.workspaces.list()).map((w) => w.name)).toEqual(['Shop']);
    const beyond = await says(GROUP_A, ANN, '/datalabs admin allow secret');
    expect(beyond.text).toMatch(/beyond what this server allows/);
  });

  it("refuses a non-member's button press once the workspace is members-only", async () => {
    const answer = await says(GROUP_A, ANN, '/sql SELECT count() AS orders FROM demo.orders');
    expect(answer.buttons).toContain('show_sql');
    expect((await says(GROUP_A, ANN, '/datalabs admin default-role none')).text).toMatch(/Only members/);
    const h2 = answer.handle as { chatId: number; messageId: number; keyboard: { inline_keyboard: { callback_data?: string }[][] } };
    const data = h2.keyboard.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('show_sql:'))!.callback_data!;
    const denied = await h.interact(GROUP_A, () => h.fake.userPresses(GROUP_A, h2.messageId, data, { user: MALLORY }));
    expect(denied.text).toMatch(/not a member/);
    expect(denied.text).not.toMatch(/SELECT/);
    const allowed = await h.interact(GROUP_A, () => h.fake.userPresses(GROUP_A, h2.messageId, data, { user: ANN }));
    expect(allowed.text).toMatch(/SELECT count\(\)/);
  });
});
