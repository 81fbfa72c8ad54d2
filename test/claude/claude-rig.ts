/**
 * Shared rig of the Claude tests: a seeded chDB app, a tools context scoped
 * to demo.orders and demo.products (demo.users and demo.events exist but are
 * not readable), and the fake Messages API.
 */
import { createSqlGuard } from '../../agents/guard/index.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from '../../agents/query/index.ts';
import type { ToolContext } from '../../agents/tools/index.ts';
import { createInlineChartRenderer } from '../../renderers/index.ts';
import { startFakeMessagesApi, type FakeMessagesApi, type RecordedRequest } from '../fakes/anthropic/fake-messages-api.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

export const SCOPE = { allowedDatabases: [] as string[], allowedTables: ['demo.orders', 'demo.products'] };
/** Tables that exist but the scope may not read: never named in anything sent to the API. */
export const FORBIDDEN = /demo\.(users|events)\b|\b(signup_time|session_id|event_type|event_time|duration_ms)\b|"plan"/;

export interface ClaudeRig {
  app: TestApp;
  api: FakeMessagesApi;
  tools: Omit<ToolContext, 'session'>;
  dispose(): Promise<void>;
}

export async function createClaudeRig(): Promise<ClaudeRig> {
  const app = await createTestApp();
  const api = await startFakeMessagesApi();
  const tools = {
    reader: app.warehouse.reader,
    guard: createSqlGuard(app.warehouse.reader, SCOPE),
    scope: SCOPE,
    models: [loadSemanticModel(DEMO_MODEL_PATH)],
    limits: { timeoutMs: 20_000, maxResultRows: 1000 },
    charts: createInlineChartRenderer(),
    chartSize: { width: 400, height: 300 },
  };
  return {
    app,
    api,
    tools,
    async dispose() {
      await api.close();
      await app.dispose();
    },
  };
}

/** Everything a request carried, as one string (for "never mentioned" checks). */
export function wire(req: RecordedRequest): string {
  return JSON.stringify(req.body);
}
