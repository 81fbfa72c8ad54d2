/**
 * One query must not stall the bot: while a query that the engine cannot
 * cancel runs past its deadline in one workspace, another workspace's
 * question is answered and `/healthz` keeps answering; the heavy query is
 * abandoned with a timeout the user is told about. A 60-million-row result
 * is cut at the row cap without the process parsing it all.
 * Real chDB, real PGlite, the real HTTP server.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createApp, type App } from '../../bot/app/create-app.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { startHttpServer, type RunningHttpServer } from '../../bot/infra/http/create-http-server.ts';
import { seedDemo } from '../../bot/infra/seed/seed-demo.ts';
import type { ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { TEST_END_DATE, TEST_NOW } from '../support/test-app.ts';

let app: App;
let http: RunningHttpServer;
let dataDir: string;
let n = 0;
const teamA: ConversationRef = { platform: 'slack', workspaceKey: 'TSTALLA', channelId: 'C1' };
const teamB: ConversationRef = { platform: 'slack', workspaceKey: 'TSTALLB', channelId: 'C2' };

function say(conversation: ConversationRef, user: string, text: string): Promise<Reply> {
  const base = { id: `stall${++n}`, conversation, user: { id: user, name: user }, receivedAt: new Date() };
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  let m: ChatMessage;
  if (!cmd) m = { ...base, kind: 'question', text };
  else if (cmd[1] === 'sql') m = { ...base, kind: 'sql', text: cmd[2] };
  else m = { ...base, kind: 'command', command: cmd[1], text: cmd[2] };
  return app.core.reply(m);
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-stall-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATALABS_SETUP: 'open', QUERY_TIMEOUT_MS: '3000' }, { readDotenv: false });
  app = await createApp(config, createLogger('silent'), { now: TEST_NOW, metadata: true, pgliteDir: 'memory://', writeCharts: false });
  await seedDemo(app.warehouse.admin, { seed: 42, endDate: TEST_END_DATE, scale: 0.01 });
  http = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    routes: [],
    logger: createLogger('silent'),
    // As in `datalabs serve`: /healthz pings the warehouse.
    health: async () => {
      await app.warehouse.ping();
      return { warehouse: app.warehouse.kind };
    },
  });
  expect((await say(teamA, 'UA', '/datalabs setup A')).error).toBeUndefined();
  expect((await say(teamB, 'UB', '/datalabs setup B')).error).toBeUndefined();
}, 120_000);

afterAll(async () => {
  await http?.close();
  await app?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('no query stalls the bot', () => {
  it('abandons an uncancellable query at its deadline while another workspace is answered and /healthz answers', async () => {
    const heavy = say(teamA, 'UA', "/sql SELECT editDistance(repeat('a', 60000), repeat(toString(product_id), 30000)) FROM (SELECT * FROM demo.products LIMIT 30)");
    const polls: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const res = await fetch(`${http.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
        polls.push(res.status);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await new Promise((r) => setTimeout(r, 500));
    const other = await say(teamB, 'UB', 'total revenue');
    expect(other.error).toBeUndefined();
    expect(other.table?.rows.length ?? other.text.length).toBeGreaterThan(0);
    const stalled = await heavy;
    polling = false;
    await poller;
    expect(stalled.error?.code).toBe('WAREHOUSE_TIMEOUT');
    expect(stalled.text).not.toContain('\n');
    expect(polls.length).toBeGreaterThan(3);
    expect(polls.every((s) => s === 200)).toBe(true);
    // The engine is usable again afterwards.
    const after = await say(teamA, 'UA', '/sql SELECT count() FROM demo.orders');
    expect(after.error).toBeUndefined();
  }, 90_000);

  it('cuts a 60-million-row result at the row cap', async () => {
    const before = process.memoryUsage().rss;
    const reply = await say(teamA, 'UA', '/sql SELECT 0 AS z FROM (SELECT arrayJoin(range(60000000)))');
    if (reply.error) expect(['WAREHOUSE_TIMEOUT', 'WAREHOUSE_ERROR']).toContain(reply.error.code);
    else expect(reply.table!.rows.length).toBeLessThanOrEqual(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(1_000_000_000);
  }, 90_000);
});
