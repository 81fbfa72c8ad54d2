/**
 * The per-workspace semantic model setting is wired through: a workspace set
 * to a model set (`<models dir>/<set>/<database>.yaml`) answers with that
 * set's vocabulary, another workspace on the same server keeps the default,
 * and the CLI refuses a set that does not exist, in one line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_PATH } from '../../agents/query/index.ts';
import type { ChatMessage, ConversationRef, Reply } from '../../bot/contracts/chat.ts';
import { createAdminOps } from '../../bot/core/workspace/admin-ops.ts';
import { createTestDatabase } from '../../bot/infra/store/test-databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const root = path.resolve(import.meta.dirname, '../..');
let app: TestApp;
let modelsDir: string;
let n = 0;
const shop: ConversationRef = { platform: 'slack', workspaceKey: 'T-SET', channelId: 'C1' };
const other: ConversationRef = { platform: 'slack', workspaceKey: 'T-DEFAULT', channelId: 'C2' };
const say = (conversation: ConversationRef, text: string): Promise<Reply> => {
  const cmd = /^\/(\w+)\s*(.*)$/s.exec(text);
  const base = { id: `wm${++n}`, conversation, user: { id: 'U1', name: 'U1' }, receivedAt: new Date() };
  const m: ChatMessage = cmd ? { ...base, kind: 'command', command: cmd[1], text: cmd[2] } : { ...base, kind: 'question', text };
  return app.core.reply(m);
};

beforeAll(async () => {
  modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-models-'));
  // A model set "shop-terms": the shipped demo model plus one word of this team's own for revenue.
  const shipped = fs.readFileSync(DEMO_MODEL_PATH, 'utf8');
  const ours = shipped.replace('turnover,', 'turnover, bananas,');
  expect(ours).not.toBe(shipped);
  fs.mkdirSync(path.join(modelsDir, 'shop-terms'));
  fs.writeFileSync(path.join(modelsDir, 'shop-terms', 'demo.yaml'), ours);
  app = await createTestApp({ scale: 0.01, metadata: true, env: { DATALABS_SETUP: 'open', DATALABS_MODELS_DIR: modelsDir } });
});
afterAll(async () => {
  await app?.dispose();
  fs.rmSync(modelsDir, { recursive: true, force: true });
});

describe('per-workspace semantic model', () => {
  it('answers with the workspace model set, and only in that workspace', async () => {
    expect((await say(shop, '/datalabs setup Shop')).text).toMatch(/Workspace "Shop"/);
    expect((await say(other, '/datalabs setup Other')).text).toMatch(/Workspace "Other"/);
    const before = await say(shop, 'bananas by country');
    expect(before.error?.code).toBe('NOT_UNDERSTOOD');
    const ws = (await app.store!.workspaces.find('Shop'))!;
    await createAdminOps(app.store!, { ceiling: ['demo'] }).setSemanticModel(ws, 'shop-terms', 'test');
    const after = await say(shop, 'bananas by country');
    expect(after.error).toBeUndefined();
    expect(after.table?.columns.map((c) => c.name)).toContain('country');
    expect(after.table?.rows.length).toBeGreaterThan(3);
    const elsewhere = await say(other, 'bananas by country');
    expect(elsewhere.error?.code).toBe('NOT_UNDERSTOOD');
  });

  it('refuses to set a model set that does not exist, in one line', async () => {
    const db = await createTestDatabase('postgres');
    try {
      const env = { ...process.env, DATALABS_DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl, DATALABS_MODELS_DIR: modelsDir, LOG_LEVEL: 'silent' };
      const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/datalabs.js', 'workspace', ...args], { cwd: root, env, encoding: 'utf8' });
      expect(cli('create', 'Lab').status).toBe(0);
      const missing = cli('model', 'Lab', 'no-such-set');
      expect(missing.status).not.toBe(0);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toMatch(/no model set "no-such-set"/);
      const ok = cli('model', 'Lab', 'shop-terms');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/shop-terms \(demo from /);
    } finally {
      await db.cleanup();
    }
  }, 120_000);
});
