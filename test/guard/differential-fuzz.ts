/**
 * Differential fuzzing of the SQL guard against ClickHouse's own parser.
 * For every generated input, the guard's lexer must split it exactly as
 * ClickHouse's lexer does (`tokenizeQuery`; see lexer-diff.ts). For every
 * input the guard accepts:
 * - the oracle (a separate throwaway chDB process) must read the ORIGINAL
 *   input as exactly one statement (`formatQuerySingleLine` parses without
 *   running; several statements are a parse error there);
 * - its reading of the guard's re-emitted text must be the same statement;
 * - the tables `EXPLAIN QUERY TREE` resolves must all be among the tables
 *   the guard reported, and no table function may appear.
 * Findings are those violations. Tables the guard reports that the analyzer
 * drops (an unused CTE's tables) are counted separately as over-reports.
 */
import { createSqlGuard, type GuardedQuery } from '../../agents/guard/create-sql-guard.ts';
import { isDatalabsError } from '../../bot/contracts/errors.ts';
import { openDemoWarehouse } from './demo-warehouse.ts';
import { functionAllowed } from '../../agents/guard/function-policy.ts';
import { startOracle, type TablesAnswer } from './fuzz-oracle.ts';
import { lexerDifference } from './lexer-diff.ts';
import { fuzzCases } from './sql-fuzzer.ts';

/**
 * Tables the engine reads on its own: `system.one` for a SELECT without FROM,
 * and the temporary table a RECURSIVE CTE is built in. The guard refuses both
 * databases when written in a query.
 */
const IMPLICIT = /^(system\.one|_temporary_and_external_tables\._tmp_[0-9a-f-]+)$/;

/** Functions the analyzer itself introduces while resolving allowed SQL. */
const ANALYZER_FUNCTIONS: ReadonlySet<string> = new Set(['__getScalar', '__scalarSubqueryResult', '__actionName']);

export interface FuzzFinding {
  kind: 'lexer-mismatch' | 'not-one-statement' | 'engine-cannot-read-original' | 'reemit-changed-meaning' | 'table-escape' | 'table-function-escape' | 'function-escape' | 'guard-crashed';
  sql: string;
  detail: string;
}

export interface FuzzReport {
  cases: number;
  accepted: number;
  refused: number;
  /** Refused inputs that ClickHouse reads as one statement (the guard's conservatism, not a finding). */
  refusedButSingle: number;
  /** Accepted queries whose analyzer table set is a strict subset of the guard's. */
  overReports: number;
  /** Accepted queries the oracle's analyzer could not resolve (e.g. type errors); their tables were not compared. */
  notAnalyzed: number;
  findings: FuzzFinding[];
  ms: number;
}

/**
 * Compares what the analyzer resolved with what the guard reported: every
 * table read must be reported, no table function may appear, and every
 * function the analyzer calls must be on the guard's allow-list.
 */
function compare(sql: string, g: GuardedQuery, t: Extract<TablesAnswer, { ok: true }>): FuzzFinding | 'over' | undefined {
  const read = t.tables.filter((x) => !IMPLICIT.test(x));
  const escaped = read.filter((x) => !g.tables.includes(x));
  if (escaped.length) return { kind: 'table-escape', sql, detail: `engine reads ${escaped.join(', ')}; guard reported ${g.tables.join(', ') || 'none'}` };
  if (t.tableFunctions.length) return { kind: 'table-function-escape', sql, detail: t.tableFunctions.join(', ') };
  const denied = t.functions.filter((f) => !functionAllowed(f) && !ANALYZER_FUNCTIONS.has(f));
  if (denied.length) return { kind: 'function-escape', sql, detail: `engine calls ${denied.join(', ')}` };
  return read.length !== g.tables.length ? 'over' : undefined;
}

/** Runs `cases` cases from `seed` (or until `maxMs` passes). */
export async function runFuzz(opts: { seed: number; cases?: number; maxMs?: number; onProgress?: (r: FuzzReport) => void }): Promise<FuzzReport> {
  const started = performance.now();
  const demo = await openDemoWarehouse({ eventsRows: 10 });
  const oracle = startOracle();
  const guard = createSqlGuard(demo.warehouse.reader, { allowedDatabases: ['demo'] });
  const report: FuzzReport = { cases: 0, accepted: 0, refused: 0, refusedButSingle: 0, overReports: 0, notAnalyzed: 0, findings: [], ms: 0 };
  try {
    for (const sql of fuzzCases(opts.seed, opts.cases ?? Infinity)) {
      if (opts.maxMs !== undefined && performance.now() - started > opts.maxMs) break;
      report.cases++;
      if (report.cases % 1000 === 0) opts.onProgress?.({ ...report, ms: performance.now() - started });
      if (!sql.includes('\0')) {
        const theirs = await oracle.lex(sql);
        const diff = theirs.ok ? lexerDifference(sql, theirs.tokens) : `tokenizeQuery failed (code ${theirs.code})`;
        if (diff) report.findings.push({ kind: 'lexer-mismatch', sql, detail: diff });
      }
      let g: GuardedQuery | undefined;
      try {
        g = await guard.check(sql);
      } catch (err) {
        if (!(isDatalabsError(err) && err.code === 'SQL_REJECTED')) {
          report.findings.push({ kind: 'guard-crashed', sql, detail: String((err as Error)?.message ?? err).slice(0, 200) });
          continue;
        }
      }
      if (!g) {
        report.refused++;
        if (report.cases % 4 === 0) {
          const f = await oracle.format(sql);
          if (f.ok) report.refusedButSingle++;
        }
        continue;
      }
      report.accepted++;
      const original = await oracle.format(sql);
      if (!original.ok) {
        report.findings.push({ kind: original.multi ? 'not-one-statement' : 'engine-cannot-read-original', sql, detail: `code ${original.code}` });
        continue;
      }
      const emitted = await oracle.format(g.sql);
      if (!emitted.ok || emitted.text !== original.text) {
        report.findings.push({ kind: 'reemit-changed-meaning', sql, detail: emitted.ok ? emitted.text.slice(0, 200) : `code ${emitted.code}` });
        continue;
      }
      const t = await oracle.tables(g.sql);
      if (!t.ok) {
        report.notAnalyzed++;
        continue;
      }
      const verdict = compare(sql, g, t);
      if (verdict === 'over') report.overReports++;
      else if (verdict) report.findings.push(verdict);
    }
  } finally {
    await oracle.close();
    await demo.close();
  }
  report.ms = performance.now() - started;
  return report;
}

/** Runs fixed queries (no mutation) through the same checks; returns findings and how many the guard accepted. */
export async function checkFixed(queries: readonly string[]): Promise<{ accepted: number; findings: FuzzFinding[] }> {
  const demo = await openDemoWarehouse({ eventsRows: 10 });
  const oracle = startOracle();
  const guard = createSqlGuard(demo.warehouse.reader, { allowedDatabases: ['demo'] });
  const findings: FuzzFinding[] = [];
  let accepted = 0;
  try {
    for (const sql of queries) {
      const g = await guard.check(sql).catch(() => undefined);
      if (!g) continue;
      accepted++;
      const t = await oracle.tables(g.sql);
      if (!t.ok) continue;
      const verdict = compare(sql, g, t);
      if (verdict && verdict !== 'over') findings.push(verdict);
    }
  } finally {
    await oracle.close();
    await demo.close();
  }
  return { accepted, findings };
}
