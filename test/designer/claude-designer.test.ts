/**
 * Claude improving the offline design: the real @anthropic-ai/sdk against the
 * fake Messages API (test/fakes/anthropic), real chDB validating what comes
 * back, and the real ai_usage ledger on PGlite. Claude's design goes through
 * the same parsing, generator, EXPLAIN and dry run; a bad type, DDL ClickHouse
 * refuses, no design, an outage or a spent budget all give the offline design
 * with one line saying why; tokens are recorded against the workspace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { createAiUsageRepo, monthStart, type AiUsageRepo } from '../../bot/infra/store/ai-usage-repo.ts';
import { openTestStore } from '../../bot/infra/store/test-databases.ts';
import type { MetadataStore } from '../../bot/infra/store/index.ts';
import { createClaudeDesigner, designBodyJsonSchema, designOffline, isRefusal, parseDesignBody, proposeDesign, renderDdl, SUBMIT_DESIGN_TOOL, type Design, type DesignClaude } from '../../agents/designer/index.ts';
import { say, startFakeMessagesApi, toolUse, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.ts';
import { GOLDEN } from './requirements.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
const REQUIREMENT = 'an events table with timestamp, user_id, event_type, session_id; keep 90 days';
let warehouse: Warehouse;
let dataDir: string;
let fake: FakeMessagesApi;
let store: { store: MetadataStore; close(): Promise<void> };
let ledger: AiUsageRepo;
let wsId: number;
let db = 0;

const offlineOf = (requirement: string): Design => {
  const r = designOffline(requirement);
  if (isRefusal(r)) throw new Error(r.refused);
  return r.design;
};

/** The offline design of REQUIREMENT as Claude would send it back (a body), changed by `edit`. */
function body(edit: (d: Design) => void = () => undefined) {
  const d = structuredClone(offlineOf(REQUIREMENT));
  edit(d);
  return { tables: d.tables, views: d.views, explanation: d.explanation, wantsSampleData: d.wantsSampleData };
}

/** Claude wired as the chat does: the designer, the ledger, the workspace and who asked. */
function claude(opts: { maxRetries?: number } = {}): DesignClaude {
  return { designer: createClaudeDesigner({ apiKey: 'sk-ant-test-key', baseURL: fake.url, maxRetries: opts.maxRetries ?? 0 }), ledger, workspaceId: wsId, userKey: 'slack:U0ALICE', now: NOW };
}

/** Each proposal in a database of its own, so names never clash between cases. */
const propose = (requirement = REQUIREMENT, c: DesignClaude = claude()) => proposeDesign(`${requirement} in database cl${++db}`, { admin: warehouse.admin, claude: c });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-designer-claude-'));
  warehouse = createWarehouse({ kind: 'embedded', dataDir });
  fake = await startFakeMessagesApi();
  store = await openTestStore('pglite');
  wsId = (await store.store.workspaces.create({ name: 'Shop', allowedDatabases: ['demo'] })).id;
  ledger = createAiUsageRepo(store.store.db);
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await store?.close();
  await warehouse?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => fake.clear());

const usageRows = async () => (await store.store.db.query<{ outcome: string; user_key: string; input_tokens: number; output_tokens: number; workspace_id: number }>('SELECT outcome, user_key, input_tokens, output_tokens, workspace_id FROM ai_usage ORDER BY id')).rows;

describe('the design schema Claude fills in', () => {
  it('is a JSON schema of the design body', () => {
    const schema = designBodyJsonSchema() as { type: string; properties: Record<string, unknown>; required: string[] };
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['tables', 'views', 'explanation', 'wantsSampleData']));
    expect(JSON.stringify(schema.properties.tables)).toContain('ClickHouse type, e.g. LowCardinality(String)');
  });

  it('accepts every golden offline design as it is', () => {
    for (const c of GOLDEN) {
      const d = offlineOf(c.requirement);
      if (d.connector) continue;
      const r = parseDesignBody(JSON.parse(JSON.stringify({ tables: d.tables, views: d.views, explanation: d.explanation, wantsSampleData: d.wantsSampleData })));
      expect(r, c.name).toHaveProperty('body');
    }
  });

  it('refuses type text and expressions that are more than types and columns', () => {
    const bad = (edit: (d: Design) => void) => {
      const r = parseDesignBody(body(edit));
      return 'problem' in r ? r.problem : 'accepted';
    };
    expect(bad((d) => (d.tables[0].columns[0].type = "String) ENGINE = Memory AS SELECT * FROM file('/etc/passwd'"))).toMatch(/has "\)" in it|not a ClickHouse type/);
    expect(bad((d) => (d.tables[0].columns[1].type = 'Strng'))).toMatch(/type "Strng" names Strng, not a ClickHouse type/);
    expect(bad((d) => (d.tables[0].ttl = "timestamp + INTERVAL 1 DAY DELETE WHERE (SELECT count() FROM url('http://x'))"))).toMatch(/TTL/);
    expect(bad((d) => (d.tables[0].partitionBy = 'toYYYYMM(created)'))).toMatch(/created, which is neither a column of the table nor an allowed function/);
    expect(bad((d) => (d.tables[0].orderBy = ['nope']))).toMatch(/ORDER BY nope is not a column of it/);
    expect(bad((d) => (d.tables[0].name = 'system.tables'))).toMatch(/lower-case identifier/);
  });
});

describe('Claude improves the offline design', () => {
  it("proposes Claude's design after the same generator and ClickHouse validation, says so, and records the tokens", async () => {
    fake.enqueue(
      toolUse([
        [
          SUBMIT_DESIGN_TOOL,
          body((d) => {
            const t = d.tables[0];
            t.columns.push({ name: 'country', type: 'LowCardinality(String)', role: 'enum', why: 'few distinct values' });
            t.orderBy = ['event_type', 'country', 'timestamp'];
            d.explanation.push('country joins the sorting key because dashboards filter by it.');
          }),
        ],
      ]),
    );
    const p = await propose();
    expect(p.engine).toBe('claude');
    expect(p.explanation).toMatch(/^Designed by Claude \(claude-sonnet-5-5\), improving the offline draft; checked like any design\./);
    expect(p.explanation).toContain('country joins the sorting key');
    expect(p.explanation).toMatch(/created, filled and dropped them in a scratch database/);
    expect(p.ddl.join('\n')).toContain('country LowCardinality(String)');
    expect(p.ddl.join('\n')).toContain('ORDER BY (event_type, country, timestamp)');
    expect(p.validation.dryRun).toBe(true);
    expect(p.usage?.calls).toBe(1);

    // What the SDK sent: the forced tool with the design's JSON schema, the requirement and the offline draft.
    const sent = fake.requests.at(-1)!.body as unknown as { tools: Array<{ name: string; input_schema: { properties: object } }>; tool_choice: unknown; messages: Array<{ content: string }> };
    expect(sent.tool_choice).toEqual({ type: 'tool', name: SUBMIT_DESIGN_TOOL });
    expect(sent.tools[0].name).toBe(SUBMIT_DESIGN_TOOL);
    expect(Object.keys(sent.tools[0].input_schema.properties)).toEqual(['tables', 'views', 'explanation', 'wantsSampleData']);
    expect(sent.messages[0].content).toContain(`<requirement>${REQUIREMENT} in database cl${db}</requirement>`);
    expect(sent.messages[0].content).toContain('"name":"session_id"');

    const rows = await usageRows();
    expect(rows.at(-1)).toMatchObject({ outcome: 'answer', user_key: 'slack:U0ALICE', workspace_id: wsId });
    expect(Number(rows.at(-1)!.input_tokens)).toBeGreaterThan(100);
    expect(await ledger.spentUsd(wsId, monthStart(NOW))).toBeGreaterThan(0);
  }, 60_000);

  it('falls back to the offline design when Claude sends a bad type (one line, tokens recorded)', async () => {
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, body((d) => (d.tables[0].columns[1].type = 'Strng'))]]));
    const before = (await usageRows()).length;
    const p = await propose();
    expect(p.engine).toBe('offline');
    const note = p.explanation.split('. ')[0];
    expect(note).toMatch(/^Designed offline: Claude's design is invalid \(events\.\w+: type "Strng" names Strng, not a ClickHouse type\)/);
    expect(p.explanation).not.toContain('\n');
    expect(p.ddl.join('\n')).not.toContain('Strng');
    expect(p.ddl).toEqual(renderDdl(offlineOf(p.design.requirement)).up);
    const rows = await usageRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)!.outcome).toBe('failed');
  }, 60_000);

  it('falls back when ClickHouse refuses the DDL of Claude\'s design in the dry run', async () => {
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, body((d) => d.tables[0].columns.push({ name: 'amount', type: 'Decimal(100, 2)', role: 'money', why: 'money' }))]]));
    const p = await propose();
    expect(p.engine).toBe('offline');
    expect(p.explanation).toMatch(/^Designed offline: Claude's design did not pass ClickHouse \(ClickHouse refused CREATE TABLE cl\d+\.events: .*\(error \d+\)\)\./);
    expect(p.ddl.join('\n')).not.toContain('Decimal(100, 2)');
    expect((await usageRows()).at(-1)!.outcome).toBe('failed');
    const scratch = await warehouse.admin.query("SELECT count() FROM system.databases WHERE name LIKE 'datalabs_scratch_%'");
    expect(Number(scratch.rows[0][0])).toBe(0);
  }, 60_000);

  it('falls back when EXPLAIN AST refuses it (a syntax error), and when the dry run does (a partition key of the wrong type)', async () => {
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, body((d) => (d.tables[0].partitionBy = 'toYYYYMM(timestamp,,)'))]]));
    const syntax = await propose();
    expect(syntax.engine).toBe('offline');
    expect(syntax.explanation).toMatch(/^Designed offline: Claude's design did not pass ClickHouse \(ClickHouse refused CREATE TABLE cl\d+\.events: a syntax error \(error 62\)\)\./);
    fake.enqueue(toolUse([[SUBMIT_DESIGN_TOOL, body((d) => (d.tables[0].partitionBy = 'toYYYYMM(event_type)'))]]));
    const typed = await propose();
    expect(typed.engine).toBe('offline');
    expect(typed.explanation).toMatch(/^Designed offline: Claude's design did not pass ClickHouse \(ClickHouse refused CREATE TABLE cl\d+\.events: /);
  }, 60_000);

  it('falls back when Claude answers without a design', async () => {
    fake.enqueue(say('I would rather not.'));
    const p = await propose();
    expect(p.engine).toBe('offline');
    expect(p.explanation).toMatch(/^Designed offline: Claude sent no design\./);
  }, 60_000);

  it('falls back when Claude is down, with the reason in one line and nothing recorded', async () => {
    fake.enqueue({ status: 529 });
    const before = (await usageRows()).length;
    const p = await propose();
    expect(p.engine).toBe('offline');
    expect(p.explanation).toMatch(/^Designed offline: Claude is overloaded right now; try again in a few minutes\./);
    expect((await usageRows()).length).toBe(before);
  }, 60_000);

  it("does not ask Claude once the workspace's budget is spent", async () => {
    await ledger.setBudget(wsId, 0.000001);
    try {
      const sent = fake.requests.length;
      const p = await propose();
      expect(fake.requests.length).toBe(sent);
      expect(p.engine).toBe('offline');
      expect(p.explanation).toMatch(/^Designed offline: this workspace's Claude budget for the month \(\$0\.00\) is spent/);
    } finally {
      await ledger.setBudget(wsId, null);
    }
  }, 60_000);

  it('still refuses an unsafe requirement offline, without asking Claude', async () => {
    const sent = fake.requests.length;
    await expect(proposeDesign('drop the orders table', { admin: warehouse.admin, claude: claude() })).rejects.toThrow(/never drops or empties/);
    expect(fake.requests.length).toBe(sent);
  });

  it('says the offline designer designed it when Claude is not configured', async () => {
    const p = await proposeDesign(`${REQUIREMENT} in database cl${++db}`, { admin: warehouse.admin });
    expect(p.engine).toBe('offline');
    expect(p.explanation).toMatch(/^Designed by the offline designer \(deterministic rules\)\./);
  }, 60_000);
});
