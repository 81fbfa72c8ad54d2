/**
 * SQL guard speed: milliseconds per `check()` over the valid and hostile
 * corpora, against a real embedded chDB holding empty-ish demo tables in a
 * temp directory. Target: ≤ 5 ms per query. Also splits the cost into the
 * tokenizer stage (in-process) and the `EXPLAIN AST` round trip.
 */
import { createSqlGuard } from '../agents/guard/index.ts';
import { tokenize, findCteNames } from '../agents/guard/tokenize.ts';
import { openDemoWarehouse } from '../test/guard/demo-warehouse.ts';
import { VALID_SQL } from '../test/guard/valid-sql.ts';
import { HOSTILE_SQL } from '../test/guard/hostile-sql.ts';

function stats(samples: number[]): { mean: number; p50: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

const fmt = (x: number) => x.toFixed(3).padStart(8);

export async function run(): Promise<void> {
  const demo = await openDemoWarehouse({ eventsRows: 10 });
  try {
    const guard = createSqlGuard(demo.warehouse.reader, { allowedDatabases: ['demo'] });
    const rounds = 5;
    // Warm up the engine and the JIT.
    for (const sql of VALID_SQL) await guard.check(sql);

    const valid: number[] = [];
    const hostile: number[] = [];
    const explainOnly: number[] = [];
    const tokenizeOnly: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const sql of VALID_SQL) {
        let t = performance.now();
        const g = await guard.check(sql);
        valid.push(performance.now() - t);
        t = performance.now();
        await demo.warehouse.reader.explainAst(g.sql);
        explainOnly.push(performance.now() - t);
        t = performance.now();
        findCteNames(tokenize(sql));
        tokenizeOnly.push(performance.now() - t);
      }
      for (const sql of HOSTILE_SQL) {
        const t = performance.now();
        await guard.check(sql).catch(() => undefined);
        hostile.push(performance.now() - t);
      }
    }
    const rows: [string, number[]][] = [
      [`check(), valid corpus (${VALID_SQL.length} queries x ${rounds})`, valid],
      [`check(), hostile corpus (${HOSTILE_SQL.length} inputs x ${rounds})`, hostile],
      ['  of which EXPLAIN AST round trip', explainOnly],
      ['  of which tokenizer + WITH names', tokenizeOnly],
    ];
    console.log('SQL guard (ms per query)                                mean      p50      p95      max');
    for (const [label, samples] of rows) {
      const s = stats(samples);
      console.log(`${label.padEnd(52)}${fmt(s.mean)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}`);
    }
    const mean = stats(valid).mean;
    console.log(`target ≤ 5 ms per valid query: ${mean <= 5 ? 'met' : 'MISSED'} (${mean.toFixed(2)} ms)`);
  } finally {
    await demo.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
