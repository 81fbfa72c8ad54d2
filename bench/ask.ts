/**
 * End-to-end `ask` on demo data at scale 1: guard + ClickHouse + chart PNG,
 * in one process, as the chat and `ask --json -` run it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../bot/app/config/load-config.ts';
import { createApp } from '../bot/app/create-app.ts';
import { createLogger } from '../bot/infra/create-logger.ts';
import { seedDemo } from '../bot/infra/seed/seed-demo.ts';
import { fmtMs, percentile } from './run.ts';

const SQL = [
  "SELECT toStartOfMonth(order_time) AS m, sum(revenue) FROM demo.orders WHERE status = 'completed' GROUP BY m ORDER BY m",
  "SELECT country, sum(revenue) AS r FROM demo.orders WHERE status = 'completed' GROUP BY country ORDER BY r DESC LIMIT 5",
  "SELECT count() FROM demo.orders WHERE status = 'completed' AND toDate(order_time) >= toDate('2025-06-23')",
  "SELECT toDate(event_time) AS d, uniqExact(user_id) FROM demo.events WHERE event_time >= toDateTime('2025-06-01 00:00:00') GROUP BY d ORDER BY d",
  "SELECT channel, device, sum(revenue) FROM demo.orders WHERE status = 'completed' GROUP BY channel, device",
];

export const NL_QUESTIONS = ['total revenue', 'revenue by month', 'top 5 countries by revenue', 'daily active users over the last 30 days', 'refund rate by device'];

export async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-ask-'));
  const config = loadConfig({ DATALABS_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, { readDotenv: false });
  const app = await createApp(config, createLogger('silent'), { now: new Date('2025-06-30T18:00:00Z') });
  try {
    const seeded = performance.now();
    await seedDemo(app.warehouse.admin, { seed: 42, endDate: '2025-06-30', scale: 1 });
    console.log(`seeded scale 1 in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const measure = async (label: string, texts: string[], rounds: number) => {
      const times: number[] = [];
      const perText = new Map<string, number[]>();
      for (let i = 0; i < rounds; i++) {
        for (const text of texts) {
          const t0 = performance.now();
          await app.answerer.ask({ text, now: app.now() });
          const ms = performance.now() - t0;
          times.push(ms);
          perText.set(text, [...(perText.get(text) ?? []), ms]);
        }
      }
      console.log(`${label}: n=${times.length} p50 ${fmtMs(percentile(times, 50))} p95 ${fmtMs(percentile(times, 95))} (target p95 ≤ 150 ms)`);
      for (const [text, t] of perText) console.log(`  p50 ${fmtMs(percentile(t, 50)).padStart(9)}  ${text.slice(0, 90)}`);
    };
    await measure('ask SQL with chart (scale 1)', SQL, 12);
    const hasAgent = await app.answerer.ask({ text: NL_QUESTIONS[0], now: app.now() }).then(() => true, () => false);
    if (hasAgent) await measure('ask natural language with chart (scale 1)', NL_QUESTIONS, 12);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
