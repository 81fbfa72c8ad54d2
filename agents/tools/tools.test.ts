/**
 * The data tools over real chDB with the seeded demo data and a real guard:
 * listings cut to the allow-list, forbidden tables refused the same way as
 * missing ones, guarded queries, repairable errors, charts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { createSqlGuard } from '../guard/index.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from '../query/index.ts';
import { createInlineChartRenderer } from '../../renderers/index.ts';
import { DATA_TOOLS, createToolSession, runTool, type ToolContext } from './index.ts';

let app: TestApp;
let ctx: ToolContext;

beforeAll(async () => {
  app = await createTestApp();
  const scope = { allowedDatabases: [], allowedTables: ['demo.orders', 'demo.products'] };
  ctx = {
    reader: app.warehouse.reader,
    guard: createSqlGuard(app.warehouse.reader, scope),
    scope,
    models: [loadSemanticModel(DEMO_MODEL_PATH)],
    limits: { timeoutMs: 20_000, maxResultRows: 1000, maxRowsShown: 5 },
    charts: createInlineChartRenderer(),
    chartSize: { width: 400, height: 300 },
    session: createToolSession(),
  };
}, 120_000);

afterAll(async () => {
  await app?.dispose();
});

const out = (r: { output: unknown }) => r.output as Record<string, any>;

describe('data tools', () => {
  it('describes each tool with a JSON schema for its input', () => {
    expect(DATA_TOOLS.map((t) => t.name)).toEqual(['list_tables', 'describe_table', 'semantic_model', 'run_sql', 'render_chart']);
    const runSql = DATA_TOOLS.find((t) => t.name === 'run_sql')!;
    expect(runSql.inputSchema).toMatchObject({ type: 'object', properties: { sql: { type: 'string' } }, required: ['sql'] });
    expect(JSON.stringify(DATA_TOOLS.map((t) => t.inputSchema))).not.toContain('$schema');
  });

  it('lists only the readable tables', async () => {
    const r = await runTool('list_tables', {}, ctx);
    expect(out(r).tables.map((t: { table: string }) => t.table)).toEqual(['demo.orders', 'demo.products']);
  });

  it('describes a readable table with types and sample rows, and refuses another one like a missing one', async () => {
    const r = await runTool('describe_table', { table: 'demo.orders' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(out(r).columns).toContainEqual({ name: 'revenue', type: expect.stringMatching(/Decimal|Float/) });
    expect(out(r).sample.rows.length).toBe(3);
    const users = await runTool('describe_table', { table: 'demo.users' }, ctx);
    const missing = await runTool('describe_table', { table: 'demo.nothing_here' }, ctx);
    expect(users).toMatchObject({ isError: true, errorCode: 'FORBIDDEN' });
    expect(out(users).error.replace('users', 'X')).toBe(out(missing).error.replace('nothing_here', 'X'));
    expect(await runTool('describe_table', { table: 'system.tables' }, ctx)).toMatchObject({ errorCode: 'FORBIDDEN' });
  });

  it('gives the semantic model cut to readable tables, with definitions', async () => {
    const r = await runTool('semantic_model', {}, ctx);
    const model = out(r).models[0];
    expect(model.tables.map((t: { table: string }) => t.table).sort()).toEqual(['demo.orders', 'demo.products']);
    expect(JSON.stringify(model)).not.toMatch(/demo\.(users|events)/);
    const revenue = model.measures.find((m: { name: string }) => m.name === 'revenue');
    expect(revenue.definition).toMatch(/^sum\(revenue\) FROM demo\.orders WHERE status = "completed"/);
  });

  it('runs a guarded SELECT and keeps the result for a chart', async () => {
    const r = await runTool('run_sql', { sql: 'SELECT category, round(sum(revenue), 2) AS revenue FROM demo.orders GROUP BY category ORDER BY revenue DESC' }, ctx);
    expect(r.isError).toBeFalsy();
    expect(out(r)).toMatchObject({ result_id: 'r1', tables: ['demo.orders'] });
    expect(out(r).rows.length).toBe(5);
    expect(out(r).row_count).toBeGreaterThan(0);
    const chart = await runTool('render_chart', {}, ctx);
    expect(chart.isError).toBeFalsy();
    expect(chart.image?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(ctx.session.charts).toHaveLength(1);
  });

  it('refuses tables outside the allow-list and other statements through the guard', async () => {
    expect(await runTool('run_sql', { sql: 'SELECT count() FROM demo.users' }, ctx)).toMatchObject({ isError: true, errorCode: 'SQL_REJECTED' });
    expect(await runTool('run_sql', { sql: 'SELECT 1; DROP TABLE demo.orders' }, ctx)).toMatchObject({ isError: true, errorCode: 'SQL_REJECTED' });
    expect(await runTool('run_sql', { sql: "SELECT * FROM file('/etc/passwd')" }, ctx)).toMatchObject({ isError: true, errorCode: 'SQL_REJECTED' });
    expect(await runTool('run_sql', { sqlx: 'SELECT 1' }, ctx)).toMatchObject({ isError: true, errorCode: 'BAD_INPUT' });
  });

  it('turns a ClickHouse error into a repairable result without the engine text', async () => {
    const r = await runTool('run_sql', { sql: 'SELECT sum(revenu) FROM demo.orders' }, ctx);
    expect(r).toMatchObject({ isError: true, errorCode: 'WAREHOUSE_ERROR' });
    expect(out(r).clickhouse_code).toBeGreaterThan(0);
    expect(out(r).unknown).toBe('revenu');
  });

  it('says so when a result is empty', async () => {
    const r = await runTool('run_sql', { sql: "SELECT count() AS n FROM demo.orders WHERE country = 'Atlantis' GROUP BY country" }, ctx);
    expect(out(r).row_count).toBe(0);
    expect(out(r).note).toMatch(/no rows/);
  });
});
