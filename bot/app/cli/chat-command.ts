/** `datalabs chat` / `npm start`: the console chat on the configured warehouse. */
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/load-config.ts';
import type { Logger } from '../../contracts/logger.ts';
import { createApp } from '../create-app.ts';
import { createConsoleAdapter } from '../../../adapters/console/console-adapter.ts';
import { demoIsSeeded, seedWithProgress } from './seed-command.ts';

export async function runChat(ctx: { config: Config; logger: Logger }, opts: { now?: Date }): Promise<number> {
  // Alerts and reports in the console too: /alert, /alerts, /report (the rules run in serve and worker).
  const app = await createApp(ctx.config, ctx.logger, { now: opts.now, metadata: true, alerts: true });
  try {
    if (app.warehouse.kind === 'embedded' && ctx.config.allowedDatabases.includes('demo') && !(await demoIsSeeded(app.warehouse.admin))) {
      process.stderr.write('First run: seeding the demo dataset (datalabs seed)…\n');
      await seedWithProgress(app.warehouse.admin, { seed: 42, scale: 1 }, process.stderr);
    }
    // The terminal's user runs the console workspace (created on first run, admin).
    await app.workspaces?.ensureWorkspace(CONSOLE, { id: 'console', name: safeUserName() }, 'console');
    const adapter = createConsoleAdapter({
      historyFile: path.join(ctx.config.dataDir, '.chat_history'),
      exportDir: path.join(ctx.config.dataDir, 'exports'),
    });
    await adapter.start((message) => app.core.handle(adapter, message));
    await adapter.finished;
    return 0;
  } finally {
    await app.close();
  }
}

const CONSOLE = { platform: 'console' as const, workspaceKey: 'console', channelId: 'console' };

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'console';
  }
}
