/**
 * Offline query agent: parse + compile time per question (target p95 ≤ 5 ms).
 * Questions are built from templates (measures × dimensions × periods × filters)
 * so the figure covers a few hundred distinct shapes, not one cached path.
 */
import { createQueryAgent, DEMO_MODEL_PATH, loadSemanticModel } from '../agents/query/index.ts';
import { fmtMs, percentile } from './run.ts';

const MEASURES = ['revenue', 'orders', 'average order value', 'refund rate', 'customers', 'active users', 'sessions', 'page views', 'conversion rate', 'units sold'];
const SPLITS = ['', ' by country', ' by device', ' by month', ' per day', ' by channel and device', ' by category'];
const PERIODS = ['', ' last 7 days', ' this month', ' in March', ' last week', ' yesterday', ' this year'];
const FILTERS = ['', ' from mobile', ' in Germany', ' for the paid channel'];

export function questions(): string[] {
  const out: string[] = [];
  let i = 0;
  for (const m of MEASURES) for (const s of SPLITS) {
    out.push(`${m}${s}${PERIODS[i % PERIODS.length]}${FILTERS[i % FILTERS.length]}`);
    out.push(`top 5 ${s.includes('country') ? 'countries' : 'categories'} by ${m}${PERIODS[(i + 3) % PERIODS.length]}`);
    out.push(`whats the ${m.replace('revenue', 'revenu')}${s.replace('country', 'contry')}`);
    i++;
  }
  return out;
}

export async function run(): Promise<void> {
  const agent = createQueryAgent({ models: [loadSemanticModel(DEMO_MODEL_PATH)] });
  const now = new Date('2025-06-30T18:00:00Z');
  const qs = questions();
  for (const q of qs.slice(0, 20)) { try { agent.plan(q, { now }); } catch { /* warm-up */ } }
  const times: number[] = [];
  let refused = 0;
  for (let round = 0; round < 3; round++) {
    for (const q of qs) {
      const t0 = performance.now();
      try { agent.plan(q, { now }); } catch { if (round === 0) refused++; }
      times.push(performance.now() - t0);
    }
  }
  process.stdout.write(`questions: ${qs.length} (×3 rounds), refused: ${refused}\n`);
  process.stdout.write(`parse+compile p50 ${fmtMs(percentile(times, 50))}, p95 ${fmtMs(percentile(times, 95))}, max ${fmtMs(Math.max(...times))} (target p95 ≤ 5 ms)\n`);
}
