/**
 * Every golden design on real ClickHouse (chDB): validated (EXPLAIN AST of each
 * statement, dry run in a scratch database that is gone afterwards), applied
 * in a database of its own through the admin connection with sample rows, the
 * created columns' types as designed, rollups filled by their views, each
 * Grafana panel's SQL run against the created tables, the semantic model valid
 * and answering a question; then the down-migration leaves nothing behind.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWarehouse } from '../../bot/infra/warehouse/index.ts';
import type { Warehouse } from '../../bot/contracts/warehouse.ts';
import { applyDesign, designOffline, expandMacros, grafanaDashboard, isRefusal, proposalOf, semanticModelFor, validateDesign, type Design } from '../../agents/designer/index.ts';
import { createQueryAgent } from '../../agents/query/index.ts';
import { GOLDEN } from './requirements.ts';

const NOW = new Date('2025-06-30T18:00:00Z');
let warehouse: Warehouse;
let dataDir: string;

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-designer-'));
  warehouse = createWarehouse({ kind: 'embedded', dataDir });
});
afterAll(async () => {
  await warehouse?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const designOf = (requirement: string, database: string): Design => {
  const r = designOffline(requirement, { defaultDatabase: database });
  if (isRefusal(r)) throw new Error(r.refused);
  // Each case in a database of its own (cases that name one keep it, renamed to stay apart).
  return { ...r.design, database: `${r.design.database}_${database}` };
};

const scratchLeft = async () => (await warehouse.admin.query("SELECT count() FROM system.databases WHERE name LIKE 'datalabs_scratch_%'")).rows[0][0];

describe('every golden design on chDB', () => {
  for (const [i, c] of GOLDEN.entries()) {
    it(c.name, async () => {
      const design = designOf(c.requirement, `g${i}`);
      const report = await validateDesign(design, warehouse.admin);
      expect(report.explained).toBe(report.ddl.up.length);
      expect(report.conflicts).toEqual([]);
      expect(await scratchLeft()).toBe(0);
      if (design.connector) {
        expect(report.dryRun).toBe(false);
        if (!design.connector.runnable) await expect(applyDesign(design, warehouse.admin)).rejects.toThrow(/validated but not run here/);
        return;
      }
      expect(report.dryRun).toBe(true);

      const applied = await applyDesign(design, warehouse.admin, { sampleRows: 500 });
      expect(applied.createdDatabase).toBe(true);
      const cols = await warehouse.admin.query(`SELECT table, name, type FROM system.columns WHERE database = '${design.database}' ORDER BY table, position`);
      for (const t of design.tables) {
        const got = cols.rows.filter((r) => r[0] === t.name).map((r) => [r[1], r[2]]);
        expect(got).toEqual(t.columns.map((col) => [col.name, col.type.replace(/, /g, ', ')]));
      }
      for (const t of design.tables.filter((x) => !x.rollupOf)) {
        const n = await warehouse.admin.query(`SELECT count() FROM ${design.database}.${t.name}`);
        expect(n.rows[0][0]).toBe(500);
      }
      for (const v of design.views) {
        const n = await warehouse.admin.query(`SELECT sum(${v.measures[0].name}) FROM ${design.database}.${v.target}`);
        expect(Number(n.rows[0][0])).toBe(500);
      }

      // The dashboard: every panel's SQL runs against the created tables and returns rows.
      const dash = grafanaDashboard(design);
      if (design.tables.some((t) => t.timeColumn && !t.rollupOf)) {
        expect(dash).toBeDefined();
        for (const p of dash!.panels) {
          const sql = expandMacros(p.targets[0].rawSql, { from: new Date(Date.now() - 31 * 86_400_000), to: new Date(Date.now() + 60_000) });
          const r = await warehouse.reader.query(sql);
          expect(r.rows.length, `${p.title}: ${sql}`).toBeGreaterThan(0);
        }
      }

      // The semantic model is valid and a question about the new table compiles and runs.
      const model = semanticModelFor(design);
      const base = design.tables.find((t) => !t.rollupOf)!;
      const agent = createQueryAgent({ models: [model], maxRows: 100 });
      const plan = agent.plan(`number of ${base.name.replace(/_/g, ' ')}`, { now: NOW });
      expect(plan.tables).toContain(`${design.database}.${base.name}`);
      const answer = await warehouse.reader.query(plan.sql);
      expect(Number(answer.rows[0]?.[0])).toBe(500);

      for (const sql of applied.down) await warehouse.admin.command(sql);
      const left = await warehouse.admin.query(`SELECT count() FROM system.databases WHERE name = '${design.database}'`);
      expect(left.rows[0][0]).toBe(0);
    }, 60_000);
  }
});

describe('ClickHouse has the last word', () => {
  it('a type ClickHouse lacks, smuggled past the offline check, is refused by EXPLAIN AST in one line', async () => {
    const design = designOf('an events table with timestamp, user_id, event_type', 'bad');
    design.tables[0].columns[1] = { ...design.tables[0].columns[1], type: 'Money' };
    const err = await validateDesign(design, warehouse.admin).catch((e) => e);
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/^ClickHouse refused CREATE TABLE .*events.*: a column type ClickHouse does not know \(error 50\)\.$/);
    expect(await scratchLeft()).toBe(0);
  });

  it('a design whose table exists already is flagged before apply, and apply changes nothing', async () => {
    const design = designOf('an events table with timestamp, user_id, event_type', 'dup');
    await applyDesign(design, warehouse.admin);
    const again = await proposalOf(design, { admin: warehouse.admin });
    expect(again.validation.conflicts).toEqual([`${design.database}.events`]);
    expect(again.explanation).toMatch(/Already there: .*events/);
    await expect(applyDesign(design, warehouse.admin)).rejects.toThrow(/already exists; nothing was changed/);
  });
});

describe('connectors', () => {
  it('a PostgreSQL design whose named collection is missing is not applied, in one line, and leaves nothing behind', async () => {
    const design = designOf('pull orders from our PostgreSQL with order_id, amount, status using secret pg_missing', 'pg');
    const err = await applyDesign(design, warehouse.admin).catch((e) => e);
    expect(err.message).toBe(`not applied (rolled back): ClickHouse refused CREATE TABLE ${design.database}.orders: a named collection that does not exist yet (the operator creates it with CREATE NAMED COLLECTION) (error 669).`);
    const left = await warehouse.admin.query(`SELECT count() FROM system.databases WHERE name = '${design.database}'`);
    expect(left.rows[0][0]).toBe(0);
  });
});
