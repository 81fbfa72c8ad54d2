/**
 * Requirement → DDL golden tests: the offline designer's output for each
 * requirement in requirements.ts matches its reviewed golden file and holds the
 * facts listed beside it; refusals are one line. Regenerate the files with
 * UPDATE_GOLDEN=1 (then review the diff).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { designOffline, isRefusal, renderDdl } from '../../agents/designer/index.ts';
import { GOLDEN, REFUSED } from './requirements.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

describe('requirement → DDL (golden)', () => {
  it('has at least 25 requirements', () => expect(GOLDEN.length).toBeGreaterThanOrEqual(25));

  for (const c of GOLDEN) {
    it(c.name, () => {
      const r = designOffline(c.requirement);
      if (isRefusal(r)) throw new Error(`refused: ${r.refused}`);
      const ddl = renderDdl(r.design);
      const text = `-- ${c.requirement}\n${ddl.up.join(';\n\n')};\n\n-- down\n${ddl.down.join(';\n')};\n`;
      const file = path.join(dir, `${c.name}.sql`);
      if (update || !fs.existsSync(file)) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(file, text);
      }
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
      for (const s of c.has) expect(text).toContain(s);
      for (const s of c.lacks ?? []) expect(ddl.up.join('\n')).not.toContain(s);
      // Deterministic: the same requirement, the same design.
      expect(designOffline(c.requirement)).toEqual(r);
      // Every choice is explained.
      expect(r.design.explanation.length).toBeGreaterThan(0);
    });
  }
});

describe('refusals', () => {
  for (const c of REFUSED) {
    it(`refuses "${c.requirement}" in one line`, () => {
      const r = designOffline(c.requirement);
      expect(isRefusal(r)).toBe(true);
      if (!isRefusal(r)) return;
      expect(r.refused).toMatch(c.says);
      expect(r.refused).not.toContain('\n');
    });
  }
});

describe('the semantic model follows a change', () => {
  it('adds, renames and drops a column in the designer model, keeping it valid', async () => {
    const { semanticModelFor, evolveSemanticModel } = await import('../../agents/designer/index.ts');
    const r = designOffline('an orders table with order_id, customer_id, amount, status, created_at');
    if (isRefusal(r)) throw new Error(r.refused);
    const base = semanticModelFor(r.design);
    const alter = (kind: 'add' | 'drop' | 'rename', column: string, extra: Record<string, string> = {}) => ({ table: 'orders', kind, column, statement: '', down: '', ...extra });
    const added = evolveSemanticModel(base, alter('add', 'country', { type: 'LowCardinality(String)' }));
    expect(added.tables[0].columns.map((c) => c.name)).toContain('country');
    expect(added.dimensions.find((d) => d.name === 'country')?.columns).toEqual(['orders.country']);
    const renamed = evolveSemanticModel(added, alter('rename', 'amount', { newName: 'total' }));
    expect(renamed.measures.find((m) => m.name === 'total_amount')?.column).toBe('total');
    const dropped = evolveSemanticModel(renamed, alter('drop', 'total'));
    expect(dropped.measures.some((m) => m.column === 'total')).toBe(false);
    expect(dropped.tables[0].columns.some((c) => c.name === 'total')).toBe(false);
    const noStatus = evolveSemanticModel(dropped, alter('drop', 'status'));
    expect(noStatus.dimensions.some((d) => d.name === 'status')).toBe(false);
  });
});
