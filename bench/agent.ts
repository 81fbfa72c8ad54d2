/**
 * The Claude tool loop against a scripted fake Messages API on 127.0.0.1 (no
 * model latency): for every question of the public eval set the fake calls
 * run_sql with the reference SQL, then answer. Figures:
 * - the loop's own overhead per answer: wall time minus the warehouse's query
 *   time (what remains is prompt building, the SDK's serialisation and the
 *   loopback HTTP round trips, the guard's checks and the tool plumbing);
 * - tokens per answer with prompt caching on and off (the fake counts like the
 *   API: ~4 characters a token, the cached prefix written once, then read),
 *   and the estimated cost per answer at Sonnet list prices.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../bot/app/config/load-config.ts';
import { createApp } from '../bot/app/create-app.ts';
import { createLogger } from '../bot/infra/create-logger.ts';
import { seedDemo } from '../bot/infra/seed/seed-demo.ts';
import type { WarehouseReader } from '../bot/contracts/warehouse.ts';
import { createSqlGuard } from '../agents/guard/index.ts';
import { DEMO_MODEL_PATH, loadSemanticModel } from '../agents/query/index.ts';
import { createClaudeEngine, type ClaudeUsage } from '../agents/claude/index.ts';
import { createInlineChartRenderer } from '../renderers/index.ts';
import { say, startFakeMessagesApi, toolUse } from '../test/fakes/anthropic/fake-messages-api.ts';
import { fmtMs, percentile } from './run.ts';

const QUESTIONS = '/work/shared/eval/questions.public.jsonl';
const END = '2025-06-30';
const NOW = new Date(`${END}T18:00:00Z`);

export async function run(): Promise<void> {
  const file = process.env.BENCH_QUESTIONS ?? QUESTIONS;
  if (!fs.existsSync(file)) {
    process.stdout.write(`no question set at ${file} (set BENCH_QUESTIONS)\n`);
    return;
  }
  const qs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; question: string; sql?: string; expect?: string });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-agent-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { readDotenv: false });
  const app = await createApp(config, createLogger('silent'), { now: NOW });
  const api = await startFakeMessagesApi();
  try {
    await seedDemo(app.warehouse.admin, { seed: 42, endDate: END, scale: 0.05 });
    let queryMs = 0;
    const base = app.warehouse.reader;
    // The warehouse's share of each answer, so the loop's own time can be told apart.
    const reader: WarehouseReader = {
      query: async (sql, opts) => {
        const t0 = performance.now();
        try {
          return await base.query(sql, opts);
        } finally {
          queryMs += performance.now() - t0;
        }
      },
      stream: (sql, opts) => base.stream(sql, opts),
      explainAst: (sql) => base.explainAst(sql),
    };
    const scope = { allowedDatabases: ['demo'], allowedTables: [] };
    const tools = {
      reader,
      guard: createSqlGuard(reader, scope),
      scope,
      models: [loadSemanticModel(DEMO_MODEL_PATH)],
      limits: { timeoutMs: 30_000, maxResultRows: 10_000 },
      charts: createInlineChartRenderer(),
    };
    const sqlOf = (sql: string) => sql.replaceAll('{T}', `toDate('${END}')`).replaceAll('{N}', `toDateTime('${END} 18:00:00', 'UTC')`);

    for (const caching of [true, false]) {
      api.resetCache();
      const engine = createClaudeEngine({ apiKey: 'sk-ant-bench', baseURL: api.url, model: 'claude-sonnet-5-5', promptCaching: caching, maxRetries: 0 });
      const overhead: number[] = [];
      const usages: ClaudeUsage[] = [];
      let answered = 0;
      for (const q of qs) {
        // A question the data cannot answer ("the weather in Paris") is declined in one sentence.
        if (q.sql === undefined) api.enqueue(say('I can only answer questions about the shop data; the weather is not in it.'));
        else api.enqueue(toolUse([['run_sql', { sql: sqlOf(q.sql), purpose: q.question.slice(0, 200) }]]), toolUse([['answer', { result_id: 'r1', title: q.question.slice(0, 100) }]]));
        queryMs = 0;
        const t0 = performance.now();
        const out = await engine.answer({ question: q.question, now: NOW, tools });
        const total = performance.now() - t0;
        // A step left over means the loop ended early (counted as not answered).
        api.clear();
        if (out.kind === 'answer' || (q.sql === undefined && out.kind === 'decline')) answered++;
        overhead.push(total - queryMs);
        usages.push(out.usage);
      }
      const avg = (f: (u: ClaudeUsage) => number) => Math.round(usages.reduce((s, u) => s + f(u), 0) / usages.length);
      process.stdout.write(`caching ${caching ? 'on ' : 'off'}: ${answered}/${qs.length} answered; per answer: ${avg((u) => u.calls)} calls, input ${avg((u) => u.inputTokens)} + cache write ${avg((u) => u.cacheCreationTokens)} + cache read ${avg((u) => u.cacheReadTokens)} tokens, output ${avg((u) => u.outputTokens)}, ~$${(usages.reduce((s, u) => s + u.costUsd, 0) / usages.length).toFixed(4)}\n`);
      process.stdout.write(`  loop overhead (wall time minus warehouse time, no model latency): p50 ${fmtMs(percentile(overhead, 50))}, p95 ${fmtMs(percentile(overhead, 95))}\n`);
    }
  } finally {
    await api.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
