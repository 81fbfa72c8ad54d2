import { describe, expect, it } from 'vitest';
import { checkFixed, runFuzz } from '../../test/guard/differential-fuzz.ts';
import { CTE_MATRIX } from '../../test/guard/cte-matrix.ts';

describe('differential fuzzing against ClickHouse’s parser (fixed seed)', () => {
  it('every accepted input is one statement to ClickHouse, re-emitted unchanged, reading only the tables the guard reported', async () => {
    const report = await runFuzz({ seed: 20261201, cases: 600 });
    expect(report.cases).toBe(600);
    expect(report.accepted).toBeGreaterThan(100);
    expect(report.refused).toBeGreaterThan(100);
    expect(report.findings).toEqual([]);
  }, 60_000);

  it('CTE names the guard accepts are CTEs to ClickHouse too (definition × use matrix)', async () => {
    const { accepted, findings } = await checkFixed(CTE_MATRIX);
    expect(accepted).toBeGreaterThan(90);
    expect(findings).toEqual([]);
  }, 60_000);
});
