/**
 * The load bench's data directory: the demo data seeded, one workspace bound
 * to the fake Slack team and to every simulated Telegram user's private chat
 * (the CLI's `workspace create` and `bind`, the chats bound in one store
 * session — thousands of one-off CLI runs would take minutes).
 */
import { Writable } from 'node:stream';
import { runWorkspaceAdmin } from '../../bot/app/cli/workspace-command.ts';
import { openCliStore } from '../../bot/app/cli/open-store.ts';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createAdminOps } from '../../bot/core/workspace/admin-ops.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';

export async function createLoadWorkspace(env: Record<string, string>, o: { slackTeamId: string; telegramChats: string[] }): Promise<void> {
  const config = loadConfig(env, { readDotenv: false });
  const ctx = { config, logger: createLogger('silent') };
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  for (const args of [['create', 'load', '--admin', 'slack:U0ADMIN'], ['bind', 'load', 'slack', o.slackTeamId]]) {
    if ((await runWorkspaceAdmin(ctx, args, sink)) !== 0) throw new Error(`datalabs workspace ${args.join(' ')} failed`);
  }
  if (!o.telegramChats.length) return;
  const store = await openCliStore(ctx);
  try {
    const ws = await store.workspaces.find('load');
    if (!ws) throw new Error('workspace "load" not found after creating it');
    const ops = createAdminOps(store, { ceiling: config.allowedDatabases });
    for (const chat of o.telegramChats) await ops.bind(ws, { platform: 'telegram', workspaceKey: chat, channelId: '' }, 'cli:bench-load');
  } finally {
    await store.close();
  }
}
