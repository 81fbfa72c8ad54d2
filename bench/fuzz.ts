/**
 * `npm run bench fuzz`: differential fuzzing of the SQL guard against
 * ClickHouse's own parser in a throwaway chDB process (test/guard/differential-fuzz.ts)
 * for DATALABS_FUZZ_SECONDS (default 300 when named, `npm run bench fuzz`;
 * 30 inside a plain `npm run bench`) from DATALABS_FUZZ_SEED (default: time).
 * Prints the case count, time, accept/refuse split and every finding.
 */
import { runFuzz, type FuzzReport } from '../test/guard/differential-fuzz.ts';

function line(r: FuzzReport): string {
  const rate = r.cases / (r.ms / 1000);
  return `${r.cases} cases in ${(r.ms / 1000).toFixed(1)} s (${rate.toFixed(0)}/s): ${r.accepted} accepted, ${r.refused} refused, ${r.findings.length} findings`;
}

export async function run(): Promise<void> {
  const named = process.argv.slice(2).includes('fuzz');
  const seconds = Number(process.env.DATALABS_FUZZ_SECONDS ?? (named ? 300 : 30));
  const seed = Number(process.env.DATALABS_FUZZ_SEED ?? Date.now() % 2 ** 31);
  console.log(`guard fuzz: seed ${seed}, ${seconds} s`);
  const report = await runFuzz({ seed, maxMs: seconds * 1000, onProgress: (r) => r.cases % 5000 === 0 && console.log(`  ${line(r)}`) });
  console.log(line(report));
  console.log(`refused but one statement to ClickHouse (sampled 1 in 4): ${report.refusedButSingle}; guard over-reports (unused CTE tables): ${report.overReports}; not analyzable by the oracle: ${report.notAnalyzed}`);
  for (const f of report.findings.slice(0, 50)) console.log(`FINDING ${f.kind}: ${JSON.stringify(f.sql).slice(0, 400)} :: ${f.detail}`);
  console.log(report.findings.length === 0 ? 'target 0 findings: met' : `target 0 findings: MISSED (${report.findings.length})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
