/**
 * `datalabs design` (runDesign, in process) on chDB and PGlite: the JSON
 * proposal names its engine and creates nothing; with ANTHROPIC_API_KEY and
 * the fake Messages API, Claude's design is proposed, its tokens recorded in
 * ai_usage as `cli`, and --apply creates it; a Claude outage leaves the
 * offline design with a one-line note.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../bot/app/config/load-config.ts';
import { createLogger } from '../../bot/infra/create-logger.ts';
import { runDesign } from '../../bot/app/cli/design-command.ts';
import { openMetadataStore } from '../../bot/infra/store/index.ts';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import { designOffline, isRefusal, SUBMIT_DESIGN_TOOL } from '../../agents/designer/index.ts';
import { startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';

let dataDir: string;
let fake: FakeMessagesApi;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-design-cli-'));
  fake = await startFakeMessagesApi();
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await fake?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function ctx(claude: boolean) {
  const env: Record<string, string> = { DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATALABS_ALLOWED_DATABASES: 'demo,fleet' };
  if (claude) Object.assign(env, { ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: fake.url });
  const config = loadConfig(env, { readDotenv: false });
  return { config, logger: createLogger('silent') };
}

/** Runs the command and returns its one JSON line. */
async function design(words: string[], opts: Parameters<typeof runDesign>[2], claude = false): Promise<Record<string, any>> {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  expect(await runDesign(ctx(claude), words, { json: true, dashboardsDir: path.join(dataDir, 'dashboards'), ...opts })).toBe(0);
  vi.restoreAllMocks();
  return JSON.parse(out.join('').trim().split('\n').at(-1)!);
}

async function tables(db: string): Promise<string[]> {
  const w = createWarehouse(ctx(false).config.warehouse);
  try {
    return (await w.admin.query(`SELECT name FROM system.tables WHERE database = '${db}' ORDER BY name`)).rows.map((r) => String(r[0]));
  } finally {
    await w.close();
  }
}

const REQUIREMENT = 'a trips table with trip_id, vehicle, distance_km, started_at in database fleet';

describe('datalabs design', () => {
  it('prints the offline proposal as JSON, names the engine, and creates nothing', async () => {
    const out = await design([REQUIREMENT], {});
    expect(out.engine).toBe('offline');
    expect(out.explanation).toMatch(/^Designed by the offline designer \(deterministic rules\)\./);
    expect(out.ddl[1]).toMatch(/^CREATE TABLE fleet\.trips/);
    expect(out.applied).toBeUndefined();
    expect(await tables('fleet')).toEqual([]);
  }, 60_000);

  it("with a key: Claude's design, its tokens recorded as cli, and --apply creates it", async () => {
    const r = designOffline(REQUIREMENT);
    if (isRefusal(r)) throw new Error(r.refused);
    const d = structuredClone(r.design);
    d.tables[0].columns.push({ name: 'driver_id', type: 'UInt32', role: 'id', why: 'drivers number in the thousands' });
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, { tables: d.tables, views: d.views, explanation: d.explanation, wantsSampleData: false }]]));
    const out = await design([REQUIREMENT], { apply: true }, true);
    expect(out.engine).toBe('claude');
    expect(out.explanation).toMatch(/^Designed by Claude \(claude-sonnet-5-5\)/);
    expect(out.ddl[1]).toContain('driver_id UInt32');
    expect(out.applied.created).toEqual(['fleet.trips']);
    expect(await tables('fleet')).toEqual(['trips']);

    const store = await openMetadataStore({ dataDir });
    try {
      const rows = (await store.db.query<{ user_key: string; workspace_id: number | null; outcome: string }>('SELECT user_key, workspace_id, outcome FROM ai_usage')).rows;
      expect(rows).toEqual([{ user_key: 'cli', workspace_id: null, outcome: 'answer' }]);
      const audit = await store.audit.latest(null, { action: 'design.apply' });
      expect(audit[0].detail.created).toEqual(['fleet.trips']);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('falls back to the offline design with one line when Claude is down', async () => {
    // The SDK retries 5xx (3 times by default): every attempt gets the outage.
    fake.enqueue(...Array.from({ length: 4 }, () => ({ status: 500, retryAfterMs: 1 })));
    const out = await design(['a vehicles table with vehicle_id, model, bought_at in database fleet'], {}, true);
    expect(out.engine).toBe('offline');
    expect(out.explanation).toMatch(/^Designed offline: Claude is unavailable right now; try again in a few minutes\./);
    expect(fake.pending()).toBe(0);
  }, 120_000);
});
